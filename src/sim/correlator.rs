//! What an event recorder does with an event before the API server sees it: client-go's
//! `EventCorrelator` (`tools/record/events_cache.go`), one per recorder, as each kubelet and
//! each controller has its own broadcaster.
//!
//! - **Aggregation** (`EventAggregator`): when the tenth different message with the same
//!   source, object, type and reason comes within ten minutes of the one before, the event
//!   becomes one whose message is `(combined from similar events): ` and the latest message,
//!   counted up from then on. A ReplicaSet creating twenty pods records nine `Created pod:`
//!   events and one combined event seen eleven times.
//! - **Counting** (`eventLogger`): an event equal to one seen before (same source, object,
//!   type, reason and message) bumps that one's count and last timestamp.
//! - **Spam filter** (`EventSourceObjectSpamFilter`): a source may send 25 events about an
//!   object at once, then one every five minutes (a token bucket per source and object).
//!   An event over the budget is dropped, but its count was taken first, so the next one let
//!   through carries every occurrence: a pod in a long crash loop shows `(x40 over 30m)` with
//!   a last-seen time that lags.
//!
//! Each of the three remembers the 4,096 keys it used last (an LRU cache), as upstream's do.
//! Keys are 128-bit hashes of the parts upstream joins into its string keys; a recorder's own
//! source is implied by which correlator is asked.

use super::time::{Duration, Time};

/// `maxLruCacheEntries`.
pub const LRU_ENTRIES: usize = 4096;
/// `defaultAggregateMaxEvents`.
const AGGREGATE_MAX_EVENTS: usize = 10;
/// `defaultAggregateIntervalInSeconds`.
const AGGREGATE_INTERVAL: Duration = Duration::seconds(600);
/// `defaultSpamBurst`.
const SPAM_BURST: i64 = 25;
/// `defaultSpamQPS` is one event every 300 s: the bucket holds time, a token per 300 s.
const SPAM_TOKEN: Duration = Duration::seconds(300);
/// `EventAggregatorByReasonMessageFunc`'s prefix.
pub const COMBINED: &str = "(combined from similar events): ";

/// A cache key: a 64-bit hash of the parts of upstream's key. A correlator's caches hold at
/// most 4,096 keys each, so two events taken for one would need a 1 in 10^12 chance.
pub type Key = u64;

/// Makes keys: two multiplicative hashes over eight bytes at a step (FxHash's, and one with
/// another constant and rotation) folded into one, each part closed by its length (so
/// `ab`,`c` and `a`,`bc` differ).
#[derive(Clone, Copy)]
pub struct Hasher(u64, u64);

impl Hasher {
    pub fn new() -> Hasher {
        Hasher(0, 0x9e37_79b9_7f4a_7c15)
    }

    /// Goes on from a key made before: the key of its parts followed by more.
    pub fn after(key: Key) -> Hasher {
        let mut h = Hasher::new();
        h.word(key);
        h
    }

    fn word(&mut self, w: u64) {
        self.0 = (self.0.rotate_left(5) ^ w).wrapping_mul(0x517c_c1b7_2722_0a95);
        self.1 = (self.1 ^ w)
            .wrapping_mul(0x9fb2_1c65_1e98_df25)
            .rotate_left(29);
    }

    pub fn part(mut self, bytes: &[u8]) -> Hasher {
        words(bytes, |w| self.word(w));
        self
    }

    pub fn key(self) -> Key {
        self.0 ^ self.1.rotate_left(32)
    }
}

impl Default for Hasher {
    fn default() -> Self {
        Hasher::new()
    }
}

/// Gives `bytes` eight at a time as little-endian words, the last padded with zeros, then
/// their length (so that `ab`,`c` and `a`,`bc` hash apart).
pub fn words(bytes: &[u8], mut word: impl FnMut(u64)) {
    let mut chunks = bytes.chunks_exact(8);
    for c in &mut chunks {
        // A slice pattern: one length test, where `try_into` costs a call in wasm.
        if let &[b0, b1, b2, b3, b4, b5, b6, b7] = c {
            word(u64::from_le_bytes([b0, b1, b2, b3, b4, b5, b6, b7]));
        }
    }
    let mut last = [0u8; 8];
    last[..chunks.remainder().len()].copy_from_slice(chunks.remainder());
    word(u64::from_le_bytes(last));
    word(bytes.len() as u64);
}

const NIL: u32 = u32::MAX;

/// A cache of at most `LRU_ENTRIES` values by key, as groupcache's `lru.Cache`: reading or
/// writing an entry makes it the most recently used, and adding to a full cache drops the
/// least recently used. The values sit in a vector by entry; the keys, their recency and the
/// open-addressed slots that find them are kept apart (`Recency`), one copy of that code for
/// every kind of value.
#[derive(Clone, Debug, PartialEq)]
pub struct Lru<V> {
    recency: Recency,
    values: Vec<V>,
}

impl<V> Default for Lru<V> {
    fn default() -> Self {
        Lru {
            recency: Recency::default(),
            values: Vec::new(),
        }
    }
}

impl<V> Lru<V> {
    pub fn len(&self) -> usize {
        self.values.len()
    }

    pub fn is_empty(&self) -> bool {
        self.values.is_empty()
    }

    /// `Get`: the value under `key`, now the most recently used.
    pub fn get(&mut self, key: Key) -> Option<&mut V> {
        let i = self.recency.find(key)?;
        self.recency.touch(i);
        Some(&mut self.values[i as usize])
    }

    /// `Add` of a key not in the cache (`get` said so): `value` under `key`, the most
    /// recently used; a full cache drops its least recently used entry to make room. Gives
    /// the entry's place, for `at`.
    pub fn insert(&mut self, key: Key, value: V) -> u32 {
        let i = self.recency.insert(key);
        match self.values.get_mut(i as usize) {
            Some(reused) => *reused = value,
            None => self.values.push(value),
        }
        i
    }

    /// The value of `get` or `insert` at place `i`, before any other change to the cache.
    pub fn at(&mut self, i: u32) -> &mut V {
        &mut self.values[i as usize]
    }

    /// The place of the entry under `key` (made the most recently used), or of `value` put
    /// under it.
    fn get_or_insert(&mut self, key: Key, value: impl FnOnce() -> V) -> u32 {
        match self.recency.find(key) {
            Some(i) => {
                self.recency.touch(i);
                i
            }
            None => self.insert(key, value()),
        }
    }
}

/// An `Lru`'s keys by entry, in order of use (a list linked through `links`: towards the
/// most recently used, and towards the least), found through slots that hold an entry's
/// place plus one (0: empty) at the slot the key's low bits say or after it.
#[derive(Clone, Debug, Default, PartialEq)]
struct Recency {
    slots: Vec<u32>,
    keys: Vec<Key>,
    links: Vec<(u32, u32)>,
    newest: u32,
    oldest: u32,
}

impl Recency {
    fn home(&self, key: Key) -> usize {
        key as usize & (self.slots.len() - 1)
    }

    /// The slot holding `key`, if any.
    fn slot(&self, key: Key) -> Option<usize> {
        if self.keys.is_empty() {
            return None;
        }
        let mask = self.slots.len() - 1;
        let mut at = self.home(key);
        loop {
            match self.slots[at] {
                0 => return None,
                i if self.keys[i as usize - 1] == key => return Some(at),
                _ => at = (at + 1) & mask,
            }
        }
    }

    /// The entry of `key`, if any.
    fn find(&self, key: Key) -> Option<u32> {
        self.slot(key).map(|at| self.slots[at] - 1)
    }

    fn place(&mut self, key: Key, entry: u32) {
        let mask = self.slots.len() - 1;
        let mut at = self.home(key);
        while self.slots[at] != 0 {
            at = (at + 1) & mask;
        }
        self.slots[at] = entry + 1;
    }

    /// Empties slot `at`, moving later entries of its run back so none is cut off from
    /// where its probe starts.
    fn unplace(&mut self, mut hole: usize) {
        let mask = self.slots.len() - 1;
        let mut at = hole;
        loop {
            at = (at + 1) & mask;
            let i = self.slots[at];
            if i == 0 {
                break;
            }
            let home = self.home(self.keys[i as usize - 1]);
            if at.wrapping_sub(home) & mask >= at.wrapping_sub(hole) & mask {
                self.slots[hole] = i;
                hole = at;
            }
        }
        self.slots[hole] = 0;
    }

    fn unlink(&mut self, i: u32) {
        let (newer, older) = self.links[i as usize];
        match newer {
            NIL => self.newest = older,
            n => self.links[n as usize].1 = older,
        }
        match older {
            NIL => self.oldest = newer,
            o => self.links[o as usize].0 = newer,
        }
    }

    fn link_newest(&mut self, i: u32) {
        self.links[i as usize] = (NIL, self.newest);
        match self.newest {
            NIL => self.oldest = i,
            n => self.links[n as usize].0 = i,
        }
        self.newest = i;
    }

    /// Makes entry `i` the most recently used.
    fn touch(&mut self, i: u32) {
        if self.newest != i {
            self.unlink(i);
            self.link_newest(i);
        }
    }

    /// Takes `key` (not present) as the most recently used: a new entry, or, when full, the
    /// least recently used one's. Gives its place.
    fn insert(&mut self, key: Key) -> u32 {
        debug_assert!(self.find(key).is_none(), "inserted twice");
        if self.keys.is_empty() {
            (self.newest, self.oldest) = (NIL, NIL);
        }
        if self.keys.len() == LRU_ENTRIES {
            let i = self.oldest;
            let at = self
                .slot(self.keys[i as usize])
                .expect("entries have slots");
            self.unplace(at);
            self.unlink(i);
            self.keys[i as usize] = key;
            self.place(key, i);
            self.link_newest(i);
            return i;
        }
        if (self.keys.len() + 1) * 2 > self.slots.len() {
            let size = (self.slots.len() * 2).max(16);
            self.slots = vec![0; size];
            for i in 0..self.keys.len() {
                self.place(self.keys[i], i as u32);
            }
        }
        let i = self.keys.len() as u32;
        self.keys.push(key);
        self.links.push((NIL, NIL));
        self.place(key, i);
        self.link_newest(i);
        i
    }
}

/// What the aggregator remembers of similar events: the messages seen (by the low half of
/// their keys: a mistake costs at most a count; at most nine once the tenth has been
/// combined) and when the last came.
#[derive(Clone, Copy, Debug, PartialEq)]
struct Similar {
    messages: [u32; AGGREGATE_MAX_EVENTS - 1],
    len: u8,
    last: Time,
}

/// What the logger remembers of an event: its count and first time, and where the store
/// holds it once written (an event the spam filter dropped has not been).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Observation {
    pub count: i32,
    /// The event's place in the store's log plus one; 0 while it has not been written.
    written: u32,
    pub first: Time,
}

impl Observation {
    /// Where the store's log holds the event, if it has been written.
    pub fn written(&self) -> Option<u32> {
        self.written.checked_sub(1)
    }
}

/// A token bucket (`rate.Limiter`) kept as time: `credit` is how much refill time it holds,
/// at most 25 tokens' worth, as of `at`.
#[derive(Clone, Copy, Debug, PartialEq)]
struct Bucket {
    credit: Duration,
    at: Time,
}

impl Bucket {
    const FULL: Duration = Duration::millis(SPAM_TOKEN.as_millis() * SPAM_BURST);

    /// `TryAccept`: refills for the time gone by, then takes a token if there is one.
    fn try_accept(&mut self, now: Time) -> bool {
        let refilled = (self.credit + (now - self.at)).as_millis();
        self.credit = Duration::millis(refilled.min(Self::FULL.as_millis()));
        self.at = now;
        let take = self.credit >= SPAM_TOKEN;
        if take {
            self.credit = self.credit - SPAM_TOKEN;
        }
        take
    }
}

/// The keys of one event, made by the store from its parts.
#[derive(Clone, Copy, Debug)]
pub struct EventKeys {
    /// `getSpamKey`: the object.
    pub object: Key,
    /// `EventAggregatorByReasonFunc`'s aggregate key: the object, type and reason.
    pub similar: Key,
    /// Its local key: the message.
    pub message: Key,
    /// `getEventKey`: all of the above.
    pub event: Key,
}

/// What the recorder does with an event.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Correlated {
    /// The spam filter dropped it.
    Skip,
    /// Write it: `combined` says it is the aggregate of similar events (its message takes
    /// the prefix); `observation` carries the count, the first time and, if the event was
    /// written before, where; `entry` is for `written`, when it is written anew.
    Write {
        combined: bool,
        observation: Observation,
        entry: u32,
    },
}

/// One recorder's correlator.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Correlator {
    /// Counting only, no aggregation or spam filter: the scheduler's. It records through
    /// `events.k8s.io/v1` (`tools/events`), whose event series this does not model.
    counts_only: bool,
    similar: Lru<Similar>,
    observed: Lru<Observation>,
    spam: Lru<Bucket>,
}

impl Correlator {
    /// The correlator of a core/v1 recorder (`record.NewBroadcaster`).
    pub fn new() -> Correlator {
        Correlator::default()
    }

    /// The scheduler's (see `counts_only`).
    pub fn counting() -> Correlator {
        Correlator {
            counts_only: true,
            ..Correlator::default()
        }
    }

    /// `EventCorrelate`: aggregate, observe (count), then filter.
    pub fn correlate(&mut self, keys: EventKeys, now: Time) -> Correlated {
        let combined = !self.counts_only && self.aggregate(keys, now);
        // The aggregate event is counted under the aggregate key, apart from any event's.
        let key = if combined { keys.similar } else { keys.event };
        let fresh = Observation {
            count: 1,
            first: now,
            written: 0,
        };
        let entry = self
            .observed
            .get_or_insert(key, || Observation { count: 0, ..fresh });
        let last = self.observed.at(entry);
        *last = match *last {
            seen if seen.count > 0 => Observation {
                count: seen.count + 1,
                ..seen
            },
            _ => fresh,
        };
        let observation = *last;
        if !self.counts_only && !self.accept(keys.object, now) {
            return Correlated::Skip;
        }
        Correlated::Write {
            combined,
            observation,
            entry,
        }
    }

    /// Notes where the event `correlate` just said to write (at `entry`) was written.
    pub fn written(&mut self, entry: u32, position: u32) {
        self.observed.at(entry).written = position + 1;
    }

    /// `EventAggregate`: whether this event is now one of ten or more similar ones.
    fn aggregate(&mut self, keys: EventKeys, now: Time) -> bool {
        let message = keys.message as u32;
        let Some(record) = self.similar.get(keys.similar) else {
            let mut messages = [0; AGGREGATE_MAX_EVENTS - 1];
            messages[0] = message;
            let first = Similar {
                messages,
                len: 1,
                last: now,
            };
            self.similar.insert(keys.similar, first);
            return false;
        };
        if now - record.last > AGGREGATE_INTERVAL {
            record.len = 0;
        }
        record.last = now;
        let len = usize::from(record.len);
        if record.messages[..len].contains(&message) {
            return false;
        }
        if len + 1 < AGGREGATE_MAX_EVENTS {
            record.messages[len] = message;
            record.len += 1;
            return false;
        }
        // The tenth: upstream adds it, combines, and pops an arbitrary message (`PopAny`)
        // to stay at nine; the oldest, here, so that a run repeats.
        record.messages.rotate_left(1);
        record.messages[len - 1] = message;
        true
    }

    /// The spam filter: whether the source may send another event about the object now.
    fn accept(&mut self, object: Key, now: Time) -> bool {
        let entry = self.spam.get_or_insert(object, || Bucket {
            credit: Bucket::FULL,
            at: now,
        });
        self.spam.at(entry).try_accept(now)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn keys(object: &str, reason: &str, message: &str) -> EventKeys {
        let object = Hasher::new().part(object.as_bytes()).key();
        let similar = Hasher::after(object)
            .part(b"Normal")
            .part(reason.as_bytes())
            .key();
        let message = Hasher::new().part(message.as_bytes()).key();
        EventKeys {
            object,
            similar,
            message,
            event: Hasher::after(similar).part(&message.to_le_bytes()).key(),
        }
    }

    fn at(s: i64) -> Time {
        Time(s * 1000)
    }

    #[test]
    fn the_cache_drops_the_least_recently_used() {
        let mut lru = Lru::default();
        for k in 0..LRU_ENTRIES as u64 {
            lru.insert(k, k);
        }
        // Reading 0 makes it the newest: adding one more drops 1, the oldest now.
        assert_eq!(lru.get(0), Some(&mut 0));
        lru.insert(99_999, 7);
        assert_eq!(lru.len(), LRU_ENTRIES);
        assert!(lru.get(1).is_none());
        assert_eq!(lru.get(0), Some(&mut 0));
        assert_eq!(lru.get(2), Some(&mut 2));
        assert_eq!(lru.get(99_999), Some(&mut 7));
        // Every key still there is found after the slots were shuffled by removals.
        for k in 3..LRU_ENTRIES as u64 {
            assert_eq!(lru.get(k).copied(), Some(k), "{k}");
        }
        // Many more: the cache holds exactly the last 4,096 added.
        for k in 10_000..30_000u64 {
            lru.insert(k, k);
        }
        assert!(lru.get(29_999 - LRU_ENTRIES as u64).is_none());
        assert!((30_000 - LRU_ENTRIES as u64..30_000).all(|k| lru.get(k).copied() == Some(k)));
    }

    /// Random reads and adds over more keys than fit agree with a plain model of an LRU
    /// cache (a map from key to last use, and from use to key) at every step.
    #[test]
    fn the_cache_agrees_with_a_model() {
        use std::collections::BTreeMap;
        let mut rng = crate::sim::rng::Pcg32::new(11);
        let mut lru: Lru<u64> = Lru::default();
        let mut last_use: BTreeMap<Key, u64> = BTreeMap::new();
        let mut by_use: BTreeMap<u64, Key> = BTreeMap::new();
        for step in 0..60_000u64 {
            // Mostly a working set that fits, now and then a burst of new keys.
            let key = if rng.below(8) == 0 {
                u64::from(rng.below(20_000))
            } else {
                u64::from(rng.below(5_000))
            };
            let modelled = last_use.get(&key).copied();
            if let Some(used) = modelled {
                by_use.remove(&used);
            } else if last_use.len() == LRU_ENTRIES {
                let (_, oldest) = by_use.pop_first().expect("full");
                last_use.remove(&oldest);
            }
            last_use.insert(key, step);
            by_use.insert(step, key);
            match lru.get(key) {
                Some(v) => {
                    assert!(modelled.is_some(), "step {step}: {key} should be gone");
                    assert_eq!(*v, key);
                }
                None => {
                    assert!(modelled.is_none(), "step {step}: {key} was dropped early");
                    lru.insert(key, key);
                }
            }
            assert_eq!(lru.len(), last_use.len(), "step {step}");
        }
    }

    #[test]
    fn the_tenth_different_message_is_combined() {
        let mut c = Correlator::default();
        let mut out = Vec::new();
        for i in 0..20 {
            out.push(c.correlate(keys("rs", "SuccessfulCreate", &format!("pod {i}")), at(1)));
        }
        let combined: Vec<_> = out
            .iter()
            .filter_map(|o| match o {
                Correlated::Write {
                    combined: true,
                    observation,
                    ..
                } => Some(observation.count),
                _ => None,
            })
            .collect();
        // Nine on their own, then one aggregate counted 1 … 11.
        assert_eq!(combined, (1..=11).collect::<Vec<_>>());
        // Ten minutes and a second later the group starts again.
        let later = c.correlate(keys("rs", "SuccessfulCreate", "pod 21"), at(601 + 1));
        assert!(matches!(
            later,
            Correlated::Write {
                combined: false,
                ..
            }
        ));
    }

    #[test]
    fn repeats_count_and_the_spam_filter_lets_25_through_then_one_each_5_minutes() {
        let mut c = Correlator::default();
        let k = keys("pod", "BackOff", "Back-off restarting failed container");
        let mut written = Vec::new();
        for s in 0..30 {
            if let Correlated::Write {
                observation, entry, ..
            } = c.correlate(k, at(s))
            {
                c.written(entry, 0);
                written.push((s, observation.count));
            }
        }
        assert_eq!(written.len(), 25);
        assert_eq!(written[24], (24, 25));
        // The bucket refills from the first take on: by 299 s it holds 299/300 of a token.
        let next = c.correlate(k, at(299));
        assert_eq!(next, Correlated::Skip);
        match c.correlate(k, at(300)) {
            Correlated::Write { observation, .. } => {
                // Every occurrence was counted, the dropped ones too.
                assert_eq!(observation.count, 32);
                assert_eq!(observation.first, at(0));
                assert_eq!(observation.written(), Some(0));
            }
            other => panic!("{other:?}"),
        }
    }
}

//! A table from object names to values that finds a name in a probe or two: open addressing
//! over a dense array of entries. With 10,000 pods, a lookup in an ordered tree of names walks
//! four levels and compares some twenty names, a cache miss a level; here it reads one slot of
//! a small array and one entry. The store and the kubelet look pods up by name all the time.
//!
//! Nothing can depend on where an entry landed in the slots: the only walk over the entries
//! (`iter`) goes in the order they came in, a function of the inserts and removals made and
//! never of the hashes, the same on every target. It is not name order: that stays the
//! business of ordered maps.

use super::store::Name;

/// Names to values. Slots hold the top 32 bits of the name's hash (which also say where its
/// probe starts) and the entry's position plus one (0: empty); at most half of them are used.
#[derive(Clone, Debug)]
pub struct NameMap<V> {
    slots: Vec<[u32; 2]>,
    entries: Vec<(Name, V)>,
}

impl<V> Default for NameMap<V> {
    fn default() -> Self {
        NameMap {
            slots: Vec::new(),
            entries: Vec::new(),
        }
    }
}

/// What a probe for a name found: the slot that holds it, or the empty slot that ends its run.
enum Probe {
    Found(usize),
    Vacant(usize),
}

impl<V> NameMap<V> {
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    fn mask(&self) -> usize {
        self.slots.len() - 1
    }

    fn probe(&self, name: &Name, tag: u32) -> Probe {
        debug_assert!(!self.slots.is_empty(), "probed an unallocated table");
        let mask = self.mask();
        let mut at = tag as usize & mask;
        loop {
            let [t, i] = self.slots[at];
            if i == 0 {
                return Probe::Vacant(at);
            }
            if t == tag && self.entries[i as usize - 1].0 == *name {
                return Probe::Found(at);
            }
            at = (at + 1) & mask;
        }
    }

    /// The slot holding `name`, if it is in the table.
    fn slot_of(&self, name: &Name) -> Option<usize> {
        if self.entries.is_empty() {
            return None;
        }
        match self.probe(name, name.tag()) {
            Probe::Found(at) => Some(at),
            Probe::Vacant(_) => None,
        }
    }

    pub fn get(&self, name: &Name) -> Option<&V> {
        let at = self.slot_of(name)?;
        Some(&self.entries[self.slots[at][1] as usize - 1].1)
    }

    pub fn get_mut(&mut self, name: &Name) -> Option<&mut V> {
        let at = self.slot_of(name)?;
        let i = self.slots[at][1] as usize - 1;
        Some(&mut self.entries[i].1)
    }

    /// Every entry, in the order the entries came in, except that a removal moves the last
    /// entry into the freed place. A dense array read front to back: with 10,000 pods,
    /// far quicker than a walk over the nodes of a tree.
    pub fn iter(&self) -> impl Iterator<Item = (&Name, &V)> {
        self.entries.iter().map(|(name, v)| (name, v))
    }

    pub fn contains_key(&self, name: &Name) -> bool {
        self.slot_of(name).is_some()
    }

    /// Inserts or replaces; gives back the value it replaced.
    pub fn insert(&mut self, name: Name, value: V) -> Option<V> {
        if (self.entries.len() + 1) * 2 > self.slots.len() {
            self.grow();
        }
        let tag = name.tag();
        match self.probe(&name, tag) {
            Probe::Found(at) => {
                let i = self.slots[at][1] as usize - 1;
                Some(std::mem::replace(&mut self.entries[i].1, value))
            }
            Probe::Vacant(at) => {
                self.entries.push((name, value));
                self.slots[at] = [tag, self.entries.len() as u32];
                None
            }
        }
    }

    /// Doubles the slots and puts every entry back by its tag (the entries are not read).
    fn grow(&mut self) {
        let size = (self.slots.len() * 2).max(64);
        let old = std::mem::replace(&mut self.slots, vec![[0, 0]; size]);
        let mask = self.mask();
        for [tag, i] in old.into_iter().filter(|s| s[1] != 0) {
            let mut at = tag as usize & mask;
            while self.slots[at][1] != 0 {
                at = (at + 1) & mask;
            }
            self.slots[at] = [tag, i];
        }
    }

    pub fn remove(&mut self, name: &Name) -> Option<V> {
        let at = self.slot_of(name)?;
        let i = self.slots[at][1] as usize - 1;
        self.close_gap(at);
        // The last entry moves into the freed position: its slot follows it.
        let last = self.entries.len() - 1;
        if i != last {
            let tag = self.entries[last].0.tag();
            let mask = self.mask();
            let mut at = tag as usize & mask;
            while self.slots[at][1] as usize != last + 1 {
                at = (at + 1) & mask;
            }
            self.slots[at][1] = i as u32 + 1;
        }
        Some(self.entries.swap_remove(i).1)
    }

    /// Empties slot `hole`, moving back the slots after it that probing would no longer reach
    /// (backward-shift deletion: no tombstones, runs stay as short as if never filled).
    fn close_gap(&mut self, mut hole: usize) {
        let mask = self.mask();
        let mut j = hole;
        loop {
            j = (j + 1) & mask;
            let [tag, i] = self.slots[j];
            if i == 0 {
                break;
            }
            let home = tag as usize & mask;
            // The entry at j may fill the hole if its probe passes the hole on the way to j.
            if (j.wrapping_sub(home) & mask) >= (j.wrapping_sub(hole) & mask) {
                self.slots[hole] = self.slots[j];
                hole = j;
            }
        }
        self.slots[hole] = [0, 0];
    }
}

/// Two tables are equal when they hold the same names with equal values, wherever they sit.
impl<V: PartialEq> PartialEq for NameMap<V> {
    fn eq(&self, other: &Self) -> bool {
        self.len() == other.len()
            && self
                .entries
                .iter()
                .all(|(name, v)| other.get(name) == Some(v))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeMap;

    /// Random inserts, replacements and removals agree with an ordered map at every step.
    #[test]
    fn agrees_with_an_ordered_map() {
        let mut rng = crate::sim::rng::Pcg32::new(3);
        let mut map: NameMap<u32> = NameMap::default();
        let mut model: BTreeMap<String, u32> = BTreeMap::new();
        for step in 0..20_000u32 {
            // Few distinct names, some longer than an inline name holds.
            let n = rng.below(700);
            let name = if n % 7 == 0 {
                format!("a-very-long-deployment-name-over-thirty-bytes-{n}")
            } else {
                format!("web-{n}")
            };
            let key = Name::new(&name);
            if rng.below(3) == 0 {
                assert_eq!(map.remove(&key), model.remove(&name), "step {step}");
            } else {
                assert_eq!(
                    map.insert(key, step),
                    model.insert(name, step),
                    "step {step}"
                );
            }
            assert_eq!(map.len(), model.len());
        }
        for n in 0..700 {
            for name in [
                format!("web-{n}"),
                format!("a-very-long-deployment-name-over-thirty-bytes-{n}"),
            ] {
                assert_eq!(map.get(&Name::new(&name)), model.get(&name), "{name}");
            }
        }
    }

    #[test]
    fn equality_ignores_where_entries_sit() {
        let (mut a, mut b) = (NameMap::default(), NameMap::default());
        for i in 0..100 {
            a.insert(Name::new(&format!("p-{i}")), i);
            b.insert(Name::new(&format!("p-{}", 99 - i)), 99 - i);
        }
        assert_eq!(a, b);
        b.insert(Name::new("p-5"), 6);
        assert_ne!(a, b);
    }
}

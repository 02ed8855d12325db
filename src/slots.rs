//! Stable element keys for a window over a fast-moving list: the 25 newest events, the 16 pod
//! cards of a busy lane.
//!
//! Keyed by their own identity, rows that scroll out of such a window are destroyed and the
//! ones that scroll in are built from nothing: at 16× with 200 replicas, nearly every event
//! row and a third of the pod cards every tick. Keyed by position instead, every row is
//! rewritten whenever one new row arrives on top. [`Slots`] sits between the two: an item that
//! stays in the window keeps its key (its element stays, untouched), and when asked to, an item
//! that comes in takes the key of one that went out (that element is moved and rewritten, not
//! rebuilt). Otherwise a newcomer is keyed by its own identity, so its element is new.

/// Which key each shown item holds, from one frame to the next.
#[derive(Debug, Default)]
pub struct Slots {
    /// (item, its key), as last shown.
    held: Vec<(String, String)>,
}

impl Slots {
    /// The key of each of `ids`, in their order. An item shown last time keeps its key. A
    /// newcomer takes, if `recycle`, the key of an item that is gone (the first gone first);
    /// otherwise, or when none is left, its own id. Keys are distinct whenever the ids are.
    pub fn assign(&mut self, ids: &[&str], recycle: bool) -> Vec<String> {
        let mut keys: Vec<Option<String>> = ids
            .iter()
            .map(|id| self.held.iter().find(|h| h.0 == *id).map(|h| h.1.clone()))
            .collect();
        let mut gone: Vec<String> = if recycle {
            self.held
                .iter()
                .filter(|h| !ids.contains(&h.0.as_str()))
                .map(|h| h.1.clone())
                .rev()
                .collect()
        } else {
            Vec::new()
        };
        for i in 0..keys.len() {
            if keys[i].is_some() {
                continue;
            }
            let key = match gone.pop() {
                Some(key) => key,
                None => own_key(ids[i], |k| keys.iter().flatten().any(|h| h == k)),
            };
            keys[i] = Some(key);
        }
        let keys: Vec<String> = keys.into_iter().flatten().collect();
        self.held = ids
            .iter()
            .map(|id| id.to_string())
            .zip(keys.iter().cloned())
            .collect();
        keys
    }

    /// Like [`Slots::assign`], but where order does not matter (a busy lane's cards): with
    /// `recycle`, items keep their places too, and a newcomer takes the place and the key of
    /// an item that is gone, so no element moves; gaps left close up. Returns, in the order to
    /// show them, each item's index in `ids` and its key. Without `recycle`, `ids`' own order.
    pub fn place(&mut self, ids: &[&str], recycle: bool) -> Vec<(usize, String)> {
        if !recycle {
            return self.assign(ids, false).into_iter().enumerate().collect();
        }
        let mut board: Vec<(Option<usize>, String)> = self
            .held
            .iter()
            .map(|(id, key)| (ids.iter().position(|i| i == id), key.clone()))
            .collect();
        for (i, id) in ids.iter().enumerate() {
            if board.iter().any(|b| b.0.is_some_and(|at| ids[at] == *id)) {
                continue;
            }
            match board.iter_mut().find(|b| b.0.is_none()) {
                Some(gap) => gap.0 = Some(i),
                None => {
                    let key = own_key(id, |k| board.iter().any(|b| b.1 == k));
                    board.push((Some(i), key));
                }
            }
        }
        let placed: Vec<(usize, String)> = board
            .into_iter()
            .filter_map(|(at, key)| at.map(|at| (at, key)))
            .collect();
        self.held = placed
            .iter()
            .map(|(at, key)| (ids[*at].to_string(), key.clone()))
            .collect();
        placed
    }
}

/// A newcomer's own id as its key, unless another item holds that as a handed-on key (after a
/// seek back to before it left, say): then the id with a `~n` suffix.
fn own_key(id: &str, taken: impl Fn(&str) -> bool) -> String {
    let mut key = id.to_string();
    let mut n = 1;
    while taken(&key) {
        key = format!("{id}~{n}");
        n += 1;
    }
    key
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn items_that_stay_keep_their_key_and_newcomers_take_the_freed_ones() {
        let mut s = Slots::default();
        assert_eq!(s.assign(&["e", "d", "c", "b"], true), ["e", "d", "c", "b"]);
        // g and f arrive on top, c and b fall off the bottom.
        assert_eq!(s.assign(&["g", "f", "e", "d"], true), ["c", "b", "e", "d"]);
        // The window grows: the newcomer's own id.
        assert_eq!(
            s.assign(&["h", "g", "f", "e", "d"], true),
            ["h", "c", "b", "e", "d"]
        );
        // And shrinks.
        assert_eq!(s.assign(&["f"], true), ["b"]);
        assert_eq!(s.assign(&[], true), Vec::<String>::new());
        assert_eq!(s.assign(&["i", "j"], true), ["i", "j"]);
    }

    #[test]
    fn without_recycling_a_newcomer_has_its_own_key() {
        let mut s = Slots::default();
        s.assign(&["a", "b"], true);
        assert_eq!(s.assign(&["b", "c"], false), ["b", "c"]);
        // A key handed on earlier stays with its item.
        assert_eq!(s.assign(&["b", "d"], true), ["b", "c"]);
        // Its first holder comes back (a seek back): it cannot have "c" too.
        assert_eq!(s.assign(&["b", "d", "c"], false), ["b", "c", "c~1"]);
    }

    #[test]
    fn placed_items_stay_put_and_newcomers_fill_the_gaps() {
        let mut s = Slots::default();
        let show = |placed: Vec<(usize, String)>, ids: &[&str]| -> Vec<String> {
            placed
                .into_iter()
                .map(|(at, key)| format!("{}={key}", ids[at]))
                .collect()
        };
        let ids = ["a", "b", "c", "d"];
        assert_eq!(
            show(s.place(&ids, true), &ids),
            ["a=a", "b=b", "c=c", "d=d"]
        );
        // b and d leave, x and y come (in that order), z too: x and y fill the gaps, z is added.
        let ids = ["x", "a", "y", "c", "z"];
        assert_eq!(
            show(s.place(&ids, true), &ids),
            ["a=a", "x=b", "c=c", "y=d", "z=z"]
        );
        // Two leave, none come: the gaps close up.
        let ids = ["z", "y", "x"];
        assert_eq!(show(s.place(&ids, true), &ids), ["x=b", "y=d", "z=z"]);
        // Calm again: the given order, keys kept.
        let ids = ["x", "y", "z", "w"];
        assert_eq!(
            show(s.place(&ids, false), &ids),
            ["x=b", "y=d", "z=z", "w=w"]
        );
    }

    #[test]
    fn keys_are_distinct_through_any_churn() {
        let mut s = Slots::default();
        let mut state = 1u64;
        for round in 0..2_000 {
            state = state
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            let (start, len) = ((state >> 40) % 50, (state >> 20) % 30);
            let ids: Vec<String> = (start..start + len).map(|i| i.to_string()).collect();
            let ids: Vec<&str> = ids.iter().map(String::as_str).collect();
            let keys = if round % 2 == 0 {
                s.assign(&ids, round % 3 != 0)
            } else {
                let placed = s.place(&ids, round % 3 != 0);
                let mut at: Vec<usize> = placed.iter().map(|p| p.0).collect();
                at.sort_unstable();
                assert_eq!(
                    at,
                    (0..ids.len()).collect::<Vec<_>>(),
                    "every item is placed once"
                );
                placed.into_iter().map(|p| p.1).collect()
            };
            let mut seen = keys.clone();
            seen.sort_unstable();
            seen.dedup();
            assert_eq!(seen.len(), ids.len(), "{ids:?} → {keys:?}");
        }
    }
}

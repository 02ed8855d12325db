//! One stable sort for the whole crate.
//!
//! `slice::sort_by` is compiled anew for every element type and every comparator closure:
//! about 4 KB of wasm each, and the crate sorted in some twenty places (100 KB of the
//! bundle). Here the sorting itself is one function, a merge sort over positions that asks a
//! `dyn` comparator; what is generic is only the small step that puts the elements in the
//! order found. The result is the one a stable sort gives, so replacing `sort_by` with
//! [`sort_by`] changes no output.

use std::cmp::Ordering;
use std::collections::BTreeMap;

/// Sorts `v` stably by `compare`, as `slice::sort_by` does.
pub fn sort_by<T>(v: &mut Vec<T>, compare: impl Fn(&T, &T) -> Ordering) {
    if v.len() < 2 {
        return;
    }
    let order = stable_order(v.len(), &|i, j| compare(&v[i], &v[j]) == Ordering::Greater);
    let mut slots: Vec<Option<T>> = v.drain(..).map(Some).collect();
    v.extend(
        order
            .into_iter()
            .filter_map(|i| slots.get_mut(i).and_then(Option::take)),
    );
}

/// Sorts a slice of copyable items (references, numbers) stably by `compare`.
pub fn sort_copies_by<T: Copy>(v: &mut [T], compare: impl Fn(&T, &T) -> Ordering) {
    if v.len() < 2 {
        return;
    }
    let order = stable_order(v.len(), &|i, j| compare(&v[i], &v[j]) == Ordering::Greater);
    let sorted: Vec<T> = order.into_iter().map(|i| v[i]).collect();
    v.copy_from_slice(&sorted);
}

/// The first `k` items of `v` as a stable sort by `compare` would order it, without ordering
/// the rest: a ReplicaSet of 10,000 pods scaled down by 500 ranks all of them, but sorts 500.
pub fn least_copies_by<T: Copy>(v: &[T], k: usize, compare: impl Fn(&T, &T) -> Ordering) -> Vec<T> {
    least_order(v.len(), k, &|i, j| {
        compare(&v[i], &v[j]) == Ordering::Greater
    })
    .into_iter()
    .map(|i| v[i])
    .collect()
}

/// Sorts `v` stably by `key`, as `slice::sort_by_key` does.
pub fn sort_by_key<T, K: Ord>(v: &mut Vec<T>, key: impl Fn(&T) -> K) {
    sort_by(v, |a, b| key(a).cmp(&key(b)));
}

/// Sorts `v` stably in its natural order, as `slice::sort` does.
pub fn sort<T: Ord>(v: &mut Vec<T>) {
    sort_by(v, T::cmp);
}

/// A map of `pairs`, as `collect` makes it (a repeated key keeps its last value), but by
/// inserting one by one: `collect` sorts first, a std sort compiled for every pair type.
pub fn map_of<K: Ord, V>(pairs: impl IntoIterator<Item = (K, V)>) -> BTreeMap<K, V> {
    let mut map = BTreeMap::new();
    map.extend(pairs);
    map
}

/// The positions `0..n` in stable sorted order, where `greater(i, j)` says whether the
/// element at `i` sorts after the one at `j`: a bottom-up merge sort, O(n log n). For
/// callers that keep keys of their own beside the items: nothing here is generic.
pub fn stable_order(n: usize, greater: &dyn Fn(usize, usize) -> bool) -> Vec<usize> {
    let mut order: Vec<usize> = (0..n).collect();
    let mut buffer = vec![0; n];
    let mut width = 1;
    while width < n {
        let mut start = 0;
        while start < n {
            let mid = (start + width).min(n);
            let end = (start + 2 * width).min(n);
            let (mut left, mut right, mut out) = (start, mid, start);
            while left < mid && right < end {
                // Equal elements keep their order: the left run wins ties.
                if greater(order[left], order[right]) {
                    buffer[out] = order[right];
                    right += 1;
                } else {
                    buffer[out] = order[left];
                    left += 1;
                }
                out += 1;
            }
            buffer[out..out + (mid - left)].copy_from_slice(&order[left..mid]);
            out += mid - left;
            buffer[out..out + (end - right)].copy_from_slice(&order[right..end]);
            start = end;
        }
        std::mem::swap(&mut order, &mut buffer);
        width *= 2;
    }
    order
}

/// The first `k` positions of `stable_order(n, greater)`, found by quickselect (expected
/// O(n) comparisons, not O(n log n)) and then ordered. Ties go by position, as the stable sort
/// keeps them, so the order is total and the answer is the stable sort's, whatever the pivots.
fn least_order(n: usize, k: usize, greater: &dyn Fn(usize, usize) -> bool) -> Vec<usize> {
    // Unlucky pivots could make the selection quadratic: past twice the rounds a good run
    // needs, it sorts instead (the same answer).
    least_order_within(n, k, greater, 2 * (usize::BITS - n.leading_zeros()))
}

fn least_order_within(
    n: usize,
    k: usize,
    greater: &dyn Fn(usize, usize) -> bool,
    mut rounds: u32,
) -> Vec<usize> {
    let k = k.min(n);
    let after = |i: usize, j: usize| greater(i, j) || (i > j && !greater(j, i));
    let mut order: Vec<usize> = (0..n).collect();
    // Invariant: every position in order[..lo] comes before every one in order[lo..hi],
    // and those before every one in order[hi..]. Done when k falls on a boundary.
    let (mut lo, mut hi) = (0, n);
    while lo < k && k < hi {
        if rounds == 0 {
            let mut rest = stable_order(hi - lo, &|a, b| after(order[lo + a], order[lo + b]));
            for r in &mut rest {
                *r = order[lo + *r];
            }
            order[lo..hi].copy_from_slice(&rest);
            break;
        }
        rounds -= 1;
        // The median of the first, middle and last as the pivot, moved to the end.
        let mid = lo + (hi - lo) / 2;
        let (a, b, c) = (order[lo], order[mid], order[hi - 1]);
        let pivot_at = if after(a, b) == after(b, c) {
            mid
        } else if after(a, b) == after(c, a) {
            lo
        } else {
            hi - 1
        };
        order.swap(pivot_at, hi - 1);
        let pivot = order[hi - 1];
        let mut split = lo;
        for i in lo..hi - 1 {
            if after(pivot, order[i]) {
                order.swap(i, split);
                split += 1;
            }
        }
        order.swap(split, hi - 1);
        // order[lo..split] come before the pivot, now at split, and order[split + 1..hi] after.
        if k <= split {
            hi = split;
        } else {
            lo = split + 1;
        }
    }
    let chosen = &order[..k];
    stable_order(k, &|a, b| after(chosen[a], chosen[b]))
        .into_iter()
        .map(|i| chosen[i])
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A small PCG-style generator, so the test needs no crate.
    fn numbers(seed: u64, n: usize, range: u64) -> Vec<u64> {
        let mut state = seed.wrapping_mul(6364136223846793005).wrapping_add(1);
        (0..n)
            .map(|_| {
                state = state
                    .wrapping_mul(6364136223846793005)
                    .wrapping_add(1442695040888963407);
                (state >> 33) % range
            })
            .collect()
    }

    #[test]
    fn gives_what_the_standard_stable_sort_gives() {
        for seed in 0..200 {
            let n = (seed as usize * 7) % 97;
            let keys = numbers(seed, n, 1 + seed % 9);
            // Pairs of (key, original position): ties must keep their order.
            let mut ours: Vec<(u64, usize)> = keys.iter().copied().zip(0..).collect();
            let mut std_sorted = ours.clone();
            sort_by_key(&mut ours, |p| p.0);
            std_sorted.sort_by_key(|p| p.0);
            assert_eq!(ours, std_sorted, "seed {seed}");
        }
        let mut words = vec!["pear", "apple", "fig", "apple"];
        sort(&mut words);
        assert_eq!(words, ["apple", "apple", "fig", "pear"]);
        let mut desc = vec![1, 3, 2];
        sort_by(&mut desc, |a, b| b.cmp(a));
        assert_eq!(desc, [3, 2, 1]);
        let mut pairs = [(2, 'a'), (1, 'b'), (2, 'c'), (1, 'd')];
        sort_copies_by(&mut pairs, |a, b| a.0.cmp(&b.0));
        assert_eq!(pairs, [(1, 'b'), (1, 'd'), (2, 'a'), (2, 'c')]);
    }

    #[test]
    fn the_least_are_the_stable_sorts_first() {
        for seed in 0..300 {
            let n = (seed as usize * 13) % 211;
            // Few distinct keys (many ties), many, and runs already in order or reversed.
            let mut keys = numbers(seed, n, 1 + seed % 23);
            match seed % 4 {
                0 => keys.sort(),
                1 => keys.sort_by(|a, b| b.cmp(a)),
                _ => {}
            }
            let items: Vec<(u64, usize)> = keys.iter().copied().zip(0..).collect();
            let mut sorted = items.clone();
            sorted.sort_by_key(|p| p.0);
            let greater = |i: usize, j: usize| items[i].0 > items[j].0;
            for k in [0, 1, 2, n / 3, n / 2, n.saturating_sub(1), n, n + 5] {
                let least = least_copies_by(&items, k, |a, b| a.0.cmp(&b.0));
                assert_eq!(least, sorted[..k.min(n)], "seed {seed}, k {k}");
                // Giving up on the pivots at once, or after a round, gives the same.
                for rounds in [0, 1] {
                    let least: Vec<_> = least_order_within(n, k, &greater, rounds)
                        .into_iter()
                        .map(|i| items[i])
                        .collect();
                    assert_eq!(least, sorted[..k.min(n)], "seed {seed}, k {k}, {rounds}");
                }
            }
        }
        // Every key equal: the first k by position.
        let same = [(0u8, 'a'), (0, 'b'), (0, 'c'), (0, 'd')];
        assert_eq!(
            least_copies_by(&same, 2, |a, b| a.0.cmp(&b.0)),
            [(0, 'a'), (0, 'b')]
        );
    }
}

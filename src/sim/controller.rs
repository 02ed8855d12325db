//! What a controller pass gets: the store, the virtual now, and the seeded RNG. Controllers are
//! plain functions `fn(&mut Ctx, name) -> Requeue`; the engine decides when they run.

use super::rng::Pcg32;
use super::store::Store;
use super::time::{Duration, Time};

pub struct Ctx<'a> {
    pub store: &'a mut Store,
    pub now: Time,
    pub rng: &'a mut Pcg32,
    /// Set by a pass that wants to look again after a while (`queue.AddAfter`).
    pub requeue: Requeue,
}

impl Ctx<'_> {
    /// Asks to be run again after `after` (the earliest request of a pass wins).
    pub fn requeue_after(&mut self, after: Duration) {
        self.requeue = Some(self.requeue.map_or(after, |r| r.min(after)));
    }
}

/// When a controller wants to look at an object again even if nothing changes
/// (`queue.AddAfter`). `None`: only on change.
pub type Requeue = Option<Duration>;

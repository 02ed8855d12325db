//! The session driver both shells use: a cluster at a playhead, the learner's timed commands,
//! snapshots every `SNAPSHOT_EVERY` of virtual time so seeking anywhere stays fast, and the
//! terminal transcript. Running a command while scrubbed back into the past starts a new
//! branch from there (the later commands are dropped, as in an editor's undo history).

use crate::kubectl::write::{Api, Output};
use crate::session::{Entry, Session};
use crate::sim::time::{Duration, Time};

/// Virtual time between snapshots.
pub const SNAPSHOT_EVERY: Duration = Duration::seconds(20);

/// One terminal line and what it printed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LogLine {
    pub at: Duration,
    pub line: String,
    pub output: Output,
}

/// Runs one command line against a cluster (`kubectl ...` or `sim ...`).
pub type Runner<C> = fn(&mut C, &str) -> Output;

struct Snapshot<C> {
    at: Duration,
    /// Session entries applied in `cluster`.
    applied: usize,
    cluster: C,
}

pub struct Lab<C: Api + Clone> {
    pub session: Session,
    run_line: Runner<C>,
    /// The cluster at the session's start (after the scenario's setup).
    start: C,
    /// The cluster at the playhead.
    live: C,
    /// Clusters at increasing times, at least `SNAPSHOT_EVERY` apart; the first is the start.
    snapshots: Vec<Snapshot<C>>,
    /// How many session entries `live` has applied.
    applied: usize,
    /// The furthest time reached in this branch.
    reached: Duration,
    /// Every command run, with its output (reads too), in session time order.
    pub log: Vec<LogLine>,
}

impl<C: Api + Clone> Lab<C> {
    /// A lab over a cluster that is at the session's start, replaying `session`'s entries up to
    /// the last one's time.
    pub fn new(start: C, session: Session, run_line: Runner<C>) -> Self {
        let end = session
            .entries
            .last()
            .map(|e| e.at)
            .unwrap_or(Duration::ZERO);
        let mut lab = Lab {
            session,
            run_line,
            snapshots: vec![Snapshot {
                at: Duration::ZERO,
                applied: 0,
                cluster: start.clone(),
            }],
            live: start.clone(),
            start,
            applied: 0,
            reached: Duration::ZERO,
            log: Vec::new(),
        };
        lab.play_to(end);
        lab
    }

    pub fn cluster(&self) -> &C {
        &self.live
    }

    /// Playhead, as time since the session's start.
    pub fn now(&self) -> Duration {
        self.live.now() - self.start.now()
    }

    /// The furthest time reached.
    pub fn reached(&self) -> Duration {
        self.reached.max(self.now())
    }

    pub fn in_past(&self) -> bool {
        self.now() < self.reached
    }

    fn start_time(&self) -> Time {
        self.start.now()
    }

    /// Runs a line at the playhead. Reads are only logged; a change is recorded in the
    /// session (dropping any later entries first when the playhead is in the past).
    pub fn run(&mut self, line: &str) -> Output {
        let at = self.now();
        let output = (self.run_line)(&mut self.live, line);
        if output.changed {
            if self.applied < self.session.entries.len() || self.reached > at {
                self.session.entries.truncate(self.applied);
                self.log.retain(|l| l.at <= at);
                self.reached = at;
            }
            // Snapshots from this instant on no longer hold (the first, the start, always does).
            let keep = self
                .snapshots
                .iter()
                .take_while(|s| s.at < at || s.at == Duration::ZERO)
                .count();
            self.snapshots.truncate(keep.max(1));
            self.session.entries.push(Entry {
                at,
                line: line.to_string(),
            });
            self.applied = self.session.entries.len();
        }
        self.log.push(LogLine {
            at,
            line: line.to_string(),
            output: output.clone(),
        });
        output
    }

    /// Plays forward to `target`, applying due entries and taking snapshots on the way.
    pub fn play_to(&mut self, target: Duration) {
        loop {
            let now = self.now();
            let last = self
                .snapshots
                .last()
                .map(|s| s.at)
                .unwrap_or(Duration::ZERO);
            let next_snapshot = (last + SNAPSHOT_EVERY).max(now);
            let mut stop = target.min(next_snapshot);
            if let Some(at) = self.session.entries.get(self.applied).map(|e| e.at) {
                stop = stop.min(at.max(now));
            }
            if stop > now {
                self.live.advance(stop - now);
            }
            let now = self.now();
            while let Some(e) = self
                .session
                .entries
                .get(self.applied)
                .filter(|e| e.at <= now)
            {
                let (at, line) = (e.at, e.line.clone());
                let output = (self.run_line)(&mut self.live, &line);
                self.log.push(LogLine { at, line, output });
                self.applied += 1;
            }
            if now >= last + SNAPSHOT_EVERY {
                let snapshot = Snapshot {
                    at: now,
                    applied: self.applied,
                    cluster: self.live.clone(),
                };
                self.snapshots.push(snapshot);
            }
            self.reached = self.reached.max(now);
            if now >= target {
                return;
            }
        }
    }

    pub fn advance(&mut self, by: Duration) {
        let target = self.now() + by;
        self.play_to(target);
    }

    /// Jumps to the next moment something happens: the engine's next event or the next
    /// recorded command, whichever comes first. Returns false when nothing is scheduled.
    pub fn step(&mut self) -> bool {
        let engine = self.live.next_event_time().map(|t| t - self.start_time());
        let entry = self.session.entries.get(self.applied).map(|e| e.at);
        let next = match (engine, entry) {
            (Some(a), Some(b)) => a.min(b),
            (Some(a), None) | (None, Some(a)) => a,
            (None, None) => return false,
        };
        self.play_to(next.max(self.now()));
        true
    }

    /// Shows the cluster as it was at `t` (clamped to what has been reached).
    pub fn seek(&mut self, t: Duration) {
        let reached = self.reached();
        let t = Duration(t.0.clamp(0, reached.0));
        // The latest snapshot at or before t (the start's entries at 0 replay from it).
        let k = self
            .snapshots
            .iter()
            .rposition(|s| s.at <= t && (s.at < t || t == Duration::ZERO))
            .unwrap_or(0);
        let snap = &self.snapshots[k];
        self.live = snap.cluster.clone();
        self.applied = snap.applied;
        let log_before = self.log.len();
        self.play_to(t);
        // Replaying re-ran commands already in the log; keep the log as it was.
        self.log.truncate(log_before);
        self.reached = reached;
    }

    /// The start state, for tests and the "reset" button.
    pub fn start(&self) -> &C {
        &self.start
    }
}

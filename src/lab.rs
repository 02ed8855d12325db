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
    /// How many session entries `log` already shows (replays after a seek do not repeat them).
    logged: usize,
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
            logged: 0,
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
                self.logged = self.logged.min(self.applied);
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
            self.logged = self.applied;
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
                if self.applied >= self.logged {
                    self.log.push(LogLine { at, line, output });
                    self.logged = self.applied + 1;
                }
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
        self.play_to(t);
        self.reached = reached;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::kubectl::shell::{run_line, scenario_cluster, scenario_file};
    use crate::sim::api::{Deployment, ReplicaSet};
    use crate::sim::cluster::Cluster;

    fn run(c: &mut Cluster, line: &str) -> Output {
        run_line(c, line, &scenario_file, false)
    }

    fn lab() -> Lab<Cluster> {
        let script = crate::scenarios::find("default").unwrap().script;
        Lab::new(
            scenario_cluster(3, script),
            Session {
                seed: 3,
                ..Session::default()
            },
            run,
        )
    }

    fn images(l: &Lab<Cluster>) -> Vec<(String, i32)> {
        let mut v: Vec<(String, i32)> = l
            .cluster()
            .store()
            .list::<ReplicaSet>()
            .map(|r| {
                (
                    r.spec.template.spec.containers[0].image.clone(),
                    r.spec.replicas,
                )
            })
            .collect();
        v.sort();
        v
    }

    #[test]
    fn seeking_back_shows_the_past_and_playing_on_replays_the_same_future() {
        let mut l = lab();
        l.advance(Duration::seconds(10));
        assert!(
            l.run("kubectl set image deployment/web nginx=nginx:1.26")
                .changed
        );
        l.advance(Duration::seconds(95));
        let end_state = l.cluster().store().clone();
        assert_eq!(
            images(&l),
            [("nginx:1.25".to_string(), 0), ("nginx:1.26".to_string(), 3)]
        );
        l.seek(Duration::seconds(5));
        assert_eq!(l.now(), Duration::seconds(5));
        assert_eq!(
            images(&l),
            [("nginx:1.25".to_string(), 3)],
            "before the set image"
        );
        assert_eq!(
            l.reached(),
            Duration::seconds(105),
            "seeking keeps the reached end"
        );
        l.play_to(Duration::seconds(105));
        assert_eq!(
            l.cluster().store(),
            &end_state,
            "replaying gives the same cluster"
        );
        assert_eq!(l.log.len(), 1, "replay does not duplicate the transcript");
    }

    #[test]
    fn a_command_in_the_past_starts_a_new_branch() {
        let mut l = lab();
        l.advance(Duration::seconds(10));
        l.run("kubectl set image deployment/web nginx=nginx:1.26");
        l.advance(Duration::seconds(60));
        l.seek(Duration::seconds(5));
        l.run("kubectl scale deployment/web --replicas=5");
        assert_eq!(l.session.entries.len(), 1, "the later set image is dropped");
        assert_eq!(
            l.session.entries[0].line,
            "kubectl scale deployment/web --replicas=5"
        );
        l.advance(Duration::seconds(60));
        assert_eq!(images(&l), [("nginx:1.25".to_string(), 5)]);
        let d = l.cluster().store().get::<Deployment>("web").unwrap();
        assert_eq!(d.status.available_replicas, 5);
    }

    #[test]
    fn a_session_rebuilds_from_its_script() {
        let mut l = lab();
        l.advance(Duration::seconds(7));
        l.run("kubectl set image deployment/web nginx=nginx:1.2x");
        l.advance(Duration::seconds(30));
        let script = l.session.to_script();
        let again = Lab::new(
            scenario_cluster(3, crate::scenarios::find("default").unwrap().script),
            Session::from_script(&script).unwrap(),
            run,
        );
        let mut again = again;
        again.play_to(l.now());
        assert_eq!(again.cluster().store(), l.cluster().store());
    }
}

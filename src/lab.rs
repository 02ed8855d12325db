//! The session driver both shells use: a cluster at a playhead, the learner's timed commands,
//! snapshots every `SNAPSHOT_EVERY` of virtual time so seeking anywhere stays fast, and the
//! terminal transcript. Running a command while scrubbed back into the past starts a new
//! branch from there (the later commands are dropped, as in an editor's undo history).
//! It also records ready pods per ReplicaSet at every instant it passes, for the chart.

use crate::kubectl::write::{Api, Output};
use crate::session::{Command, Entry, Session, MAX_SESSION};
use crate::sim::api::{
    Deployment, DeploymentSpec, DeploymentStrategy, DeploymentStrategyType, HttpGetAction,
    IntOrString, ObjectMeta, Probe, RollingUpdateDeployment, LAST_APPLIED_ANNOTATION,
    REVISION_ANNOTATION,
};
use crate::sim::time::{Duration, Time};
use crate::sim::view::ReadyHistory;
use serde_json::Value;

/// Virtual time between snapshots, at first.
pub const SNAPSHOT_EVERY: Duration = Duration::seconds(20);

/// The most snapshots a lab keeps: past this, every other one goes and the spacing doubles, so
/// a long session costs memory in proportion to its length's logarithm, not to its length
/// (an hour keeps 20 s spacing; a day ends at 640 s, the most a seek then replays).
pub const MAX_SNAPSHOTS: usize = 256;

/// One terminal line and what it printed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LogLine {
    pub at: Duration,
    pub line: String,
    /// The command's here-document, if it had one.
    pub stdin: Option<String>,
    pub output: Output,
}

/// Runs one command line against a cluster (`kubectl ...` or `sim ...`), with what `-f -`
/// reads.
pub type Runner<C> = fn(&mut C, &str, Option<&str>) -> Output;

/// The browser's runner: `-f -` reads the command's here-document, other paths the
/// scenarios' manifests; `rollout status` answers at once (time plays by itself).
pub fn run_in_browser(
    c: &mut crate::sim::cluster::Cluster,
    line: &str,
    stdin: Option<&str>,
) -> Output {
    let files = |path: &str| match (path, stdin) {
        ("-", Some(text)) => Ok(text.to_string()),
        ("-", None) => Err("error: no objects passed to apply".to_string()),
        _ => crate::kubectl::shell::scenario_file(path),
    };
    crate::kubectl::shell::run_line(c, line, &files, false)
}

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
    /// Clusters at increasing times, at least `spacing` apart; the first is the start.
    snapshots: Vec<Snapshot<C>>,
    spacing: Duration,
    /// How many session entries `live` has applied.
    applied: usize,
    /// The furthest time reached in this branch.
    reached: Duration,
    /// Every command run, with its output (reads too), in session time order.
    log: Vec<LogLine>,
    /// Counts the changes to `log`, so a view can tell it is the one it drew.
    log_edits: u64,
    /// How many session entries `log` already shows (replays after a seek do not repeat them).
    logged: usize,
    /// Ready pods per ReplicaSet at every instant up to `sampled`.
    pub ready: ReadyHistory,
    sampled: Duration,
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
            spacing: SNAPSHOT_EVERY,
            live: start.clone(),
            start,
            applied: 0,
            reached: Duration::ZERO,
            log: Vec::new(),
            log_edits: 0,
            logged: 0,
            ready: ReadyHistory::default(),
            sampled: Duration::ZERO,
        };
        lab.sample();
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

    /// The terminal transcript: every command run, with its output.
    pub fn log(&self) -> &[LogLine] {
        &self.log
    }

    /// A number that changes whenever the transcript does.
    pub fn log_edits(&self) -> u64 {
        self.log_edits
    }

    fn push_log(&mut self, line: LogLine) {
        self.log.push(line);
        self.log_edits += 1;
    }

    fn start_time(&self) -> Time {
        self.start.now()
    }

    /// Records ready counts at the playhead, unless this instant's are already known.
    fn sample(&mut self) {
        let now = self.now();
        if now >= self.sampled {
            self.ready.record(now, self.live.store());
            self.sampled = now;
        }
    }

    /// Runs a command at the playhead: one line, or a line with its here-document
    /// (`kubectl apply -f - <<EOF` … `EOF`). Reads are only logged; a change is recorded in
    /// the session (dropping any later entries first when the playhead is in the past).
    pub fn run(&mut self, text: &str) -> Output {
        let at = self.now();
        let Command { line, stdin } = match Command::parse(text) {
            Ok(c) => c,
            Err(e) => {
                let output = Output::error(format!("error: {e}"));
                self.push_log(LogLine {
                    at,
                    line: text.lines().next().unwrap_or("").trim().to_string(),
                    stdin: None,
                    output: output.clone(),
                });
                return output;
            }
        };
        let words: Vec<&str> = line.split_whitespace().collect();
        if let (["sim", "wait", d], None) = (words.as_slice(), &stdin) {
            return self.wait(at, &line, d);
        }
        let output = (self.run_line)(&mut self.live, &line, stdin.as_deref());
        if output.changed {
            if self.applied < self.session.entries.len() || self.reached > at {
                self.session.entries.truncate(self.applied);
                self.log.retain(|l| l.at <= at);
                self.log_edits += 1;
                self.logged = self.logged.min(self.applied);
                self.reached = at;
            }
            self.ready.forget_after(at);
            self.sampled = at;
            self.sample();
            // Snapshots from this instant on no longer hold (the first, the start, always does).
            let keep = self
                .snapshots
                .iter()
                .take_while(|s| s.at < at || s.at == Duration::ZERO)
                .count();
            self.snapshots.truncate(keep.max(1));
            self.session.entries.push(Entry {
                at,
                line: line.clone(),
                stdin: stdin.clone(),
            });
            self.applied = self.session.entries.len();
            self.logged = self.applied;
        }
        self.push_log(LogLine {
            at,
            line,
            stdin,
            output: output.clone(),
        });
        output
    }

    /// `sim wait D` typed at the playhead: time plays on for D, as between a script's commands
    /// (re-running later commands of the session on the way, as playing does). It is logged,
    /// not recorded: the next command's time holds the wait.
    fn wait(&mut self, at: Duration, line: &str, d: &str) -> Output {
        let (output, until) = match Duration::parse(d) {
            Ok(d) if d < Duration::ZERO => {
                (Output::error("sim: wait needs a positive duration"), None)
            }
            Ok(d) if at + d > MAX_SESSION => (
                Output::error(format!(
                    "sim: a session lasts at most {MAX_SESSION}; this one is at {at}"
                )),
                None,
            ),
            Ok(d) => (Output::ok(""), Some(at + d)),
            Err(e) => (Output::error(format!("sim: {e}")), None),
        };
        // Logged at the instant it was typed, before the replay logs anything later.
        self.push_log(LogLine {
            at,
            line: line.to_string(),
            stdin: None,
            output: output.clone(),
        });
        if let Some(until) = until {
            self.play_to(until);
        }
        output
    }

    /// Moves the live cluster to `stop`, sampling at each instant something happens when
    /// those instants are not recorded yet (replays after a seek take one leap).
    fn advance_live(&mut self, stop: Duration) {
        let start = self.start_time();
        let sampling = stop > self.sampled;
        // The first leg is empty: what the last command changed settles at its own instant.
        let mut leg = self.now();
        loop {
            let now = self.now();
            self.live.advance(leg - now);
            if sampling {
                self.sample();
            }
            if leg >= stop {
                return;
            }
            leg = match self.live.next_event_time().map(|t| t - start) {
                Some(t) if sampling && t < stop => t.max(leg),
                _ => stop,
            };
        }
    }

    /// Plays forward to `target`, applying due entries and taking snapshots on the way.
    pub fn play_to(&mut self, target: Duration) {
        let target = target.min(MAX_SESSION);
        loop {
            let now = self.now();
            let last = self
                .snapshots
                .last()
                .map(|s| s.at)
                .unwrap_or(Duration::ZERO);
            let next_snapshot = (last + self.spacing).max(now);
            let mut stop = target.min(next_snapshot);
            if let Some(at) = self.session.entries.get(self.applied).map(|e| e.at) {
                stop = stop.min(at.max(now));
            }
            if stop > now {
                self.advance_live(stop);
            }
            let now = self.now();
            let mut ran = false;
            while let Some(e) = self
                .session
                .entries
                .get(self.applied)
                .filter(|e| e.at <= now)
            {
                let (at, line, stdin) = (e.at, e.line.clone(), e.stdin.clone());
                let output = (self.run_line)(&mut self.live, &line, stdin.as_deref());
                if self.applied >= self.logged {
                    self.push_log(LogLine {
                        at,
                        line,
                        stdin,
                        output,
                    });
                    self.logged = self.applied + 1;
                }
                self.applied += 1;
                ran = true;
            }
            if ran {
                self.sample();
            }
            if now >= last + self.spacing {
                let snapshot = Snapshot {
                    at: now,
                    applied: self.applied,
                    cluster: self.live.clone(),
                };
                self.snapshots.push(snapshot);
                if self.snapshots.len() > MAX_SNAPSHOTS {
                    // Every other one stays, the start first.
                    let mut kept = 0;
                    self.snapshots.retain(|_| {
                        kept += 1;
                        kept % 2 == 1
                    });
                    self.spacing = self.spacing + self.spacing;
                }
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

// ---- Editing the Deployment --------------------------------------------------------------

/// The line every editor runs: `kubectl apply -f -` with the manifest as its here-document.
pub fn apply_command(yaml: &str) -> String {
    Command {
        line: "kubectl apply -f -".into(),
        stdin: Some(crate::session::heredoc_body(yaml)),
    }
    .to_text()
}

/// `d`'s manifest with `spec`: `kubectl get -o yaml` without the status and the fields the
/// server owns.
fn manifest_with(d: &Deployment, spec: &DeploymentSpec) -> Value {
    let mut metadata = ObjectMeta::named(d.metadata.name.clone());
    metadata.labels = d.metadata.labels.clone();
    for (k, v) in &d.metadata.annotations {
        if k != REVISION_ANNOTATION && k != LAST_APPLIED_ANNOTATION {
            metadata.annotations.insert(k.clone(), v.clone());
        }
    }
    crate::json::object(&mut [
        ("apiVersion", d.api_version.as_str().into()),
        ("kind", "Deployment".into()),
        (
            "metadata",
            serde_json::to_value(&metadata).unwrap_or_default(),
        ),
        ("spec", serde_json::to_value(spec).unwrap_or_default()),
    ])
}

/// The Deployment as a manifest to edit.
pub fn manifest(d: &Deployment) -> Value {
    manifest_with(d, &d.spec)
}

pub fn manifest_yaml(d: &Deployment) -> String {
    crate::kubectl::emit::yaml(&manifest(d))
}

/// The spec editor's fields, as the learner typed them. Numbers that do not parse go to the
/// API server as written, so its error is the one shown.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SpecForm {
    pub recreate: bool,
    pub max_surge: String,
    pub max_unavailable: String,
    pub min_ready_seconds: String,
    pub progress_deadline_seconds: String,
    pub revision_history_limit: String,
    pub readiness_probe: bool,
}

/// `1` is a number, anything else (`25%`, or a typo) a string for the API server to judge.
fn int_or_percent(text: &str) -> IntOrString {
    let text = text.trim();
    text.parse()
        .map(IntOrString::Int)
        .unwrap_or_else(|_| IntOrString::String(text.to_string()))
}

impl SpecForm {
    pub fn of(d: &Deployment) -> SpecForm {
        let ru = d.spec.strategy.rolling_update.as_ref();
        let text = |v: Option<&IntOrString>| v.map(ToString::to_string).unwrap_or_default();
        let number = |n: Option<i32>| n.map(|n| n.to_string()).unwrap_or_default();
        SpecForm {
            recreate: d.spec.strategy.type_ == DeploymentStrategyType::Recreate,
            max_surge: text(ru.and_then(|r| r.max_surge.as_ref())),
            max_unavailable: text(ru.and_then(|r| r.max_unavailable.as_ref())),
            min_ready_seconds: d.spec.min_ready_seconds.to_string(),
            progress_deadline_seconds: number(d.spec.progress_deadline_seconds),
            revision_history_limit: number(d.spec.revision_history_limit),
            readiness_probe: d
                .spec
                .template
                .spec
                .containers
                .iter()
                .any(|c| c.readiness_probe.is_some()),
        }
    }

    /// `d`'s manifest with these fields. An empty number leaves the field to its default.
    pub fn manifest(&self, d: &Deployment) -> Value {
        let mut spec = d.spec.clone();
        spec.strategy = DeploymentStrategy {
            type_: if self.recreate {
                DeploymentStrategyType::Recreate
            } else {
                DeploymentStrategyType::RollingUpdate
            },
            rolling_update: (!self.recreate).then(|| RollingUpdateDeployment {
                max_surge: Some(int_or_percent(&self.max_surge)),
                max_unavailable: Some(int_or_percent(&self.max_unavailable)),
            }),
        };
        let mut unparsed = Vec::new();
        let mut number = |key: &'static str, text: &str| match text.trim() {
            "" => None,
            t => t.parse::<i32>().ok().or_else(|| {
                unparsed.push((key, t.to_string()));
                None
            }),
        };
        spec.min_ready_seconds = number("minReadySeconds", &self.min_ready_seconds).unwrap_or(0);
        spec.progress_deadline_seconds =
            number("progressDeadlineSeconds", &self.progress_deadline_seconds);
        spec.revision_history_limit = number("revisionHistoryLimit", &self.revision_history_limit);
        for (i, c) in spec.template.spec.containers.iter_mut().enumerate() {
            if !self.readiness_probe {
                c.readiness_probe = None;
            } else if i == 0 && c.readiness_probe.is_none() {
                c.readiness_probe = Some(Probe {
                    http_get: Some(HttpGetAction {
                        path: "/healthz".into(),
                        port: IntOrString::Int(80),
                        ..HttpGetAction::default()
                    }),
                    period_seconds: 5,
                    ..Probe::default()
                });
            }
        }
        let mut v = manifest_with(d, &spec);
        if let Some(Value::Object(spec)) = v.get_mut("spec") {
            for (key, text) in unparsed {
                spec.insert(key.into(), text.into());
            }
        }
        v
    }

    /// The command the editor's button runs.
    pub fn command(&self, d: &Deployment) -> String {
        apply_command(&crate::kubectl::emit::yaml(&self.manifest(d)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::kubectl::shell::scenario_cluster;
    use crate::sim::api::{Deployment, ReplicaSet};
    use crate::sim::cluster::Cluster;

    fn lab() -> Lab<Cluster> {
        let script = crate::scenarios::find("default").unwrap().script;
        Lab::new(
            scenario_cluster(3, script),
            Session {
                seed: 3,
                ..Session::default()
            },
            run_in_browser,
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
        assert_eq!(l.log().len(), 1, "replay does not duplicate the transcript");
    }

    #[test]
    fn stepping_an_idle_cluster_passes_over_node_heartbeats() {
        use crate::sim::api::Node;
        let mut l = lab();
        // Once the rollout's last resyncs have run, nothing a learner steps to is scheduled:
        // stepping ends, though the kubelets keep reporting every five minutes.
        let mut steps = 0;
        while l.step() {
            steps += 1;
            assert!(steps < 100, "still stepping at {:?}", l.now());
        }
        // Time played over them still runs the kubelets' five-minute status reports.
        let heartbeat = |l: &Lab<Cluster>| {
            let node = l.cluster().store().get::<Node>("node-1").cloned().unwrap();
            node.status.conditions[0].last_heartbeat_time.unwrap()
        };
        l.advance(Duration::minutes(11));
        // The nodes came up at the session's start: their last report is at the last whole
        // five minutes of the session.
        let five = Duration::minutes(5).as_millis();
        let last_report = Duration::millis(l.now().as_millis() / five * five);
        assert!(last_report >= Duration::minutes(10));
        assert_eq!(heartbeat(&l) - crate::sim::time::SESSION_START, last_report);
    }

    #[test]
    fn sim_wait_plays_on_and_is_logged_not_recorded() {
        let mut l = lab();
        let entries = l.session.entries.len();
        let out = l.run("sim wait 30s");
        assert!(!out.failed && out.text.is_empty(), "{out:?}");
        assert_eq!(l.now(), Duration::seconds(30));
        assert_eq!(l.session.entries.len(), entries, "the wait is not an entry");
        assert_eq!(
            l.log().last().map(|e| e.line.as_str()),
            Some("sim wait 30s")
        );
        assert!(l.run("kubectl scale deployment/web --replicas=4").changed);
        assert_eq!(
            l.session.entries.last().map(|e| e.at),
            Some(Duration::seconds(30)),
            "the next command's time holds the wait"
        );
        for (line, error) in [
            ("sim wait -5", "sim: wait needs a positive duration"),
            ("sim wait soon", "sim: time: invalid duration \"soon\""),
            (
                "sim wait 24h",
                "sim: a session lasts at most 24h0m0s; this one is at 30s",
            ),
        ] {
            let out = l.run(line);
            assert!(out.failed, "{line}");
            assert_eq!(out.text, error);
            assert_eq!(l.now(), Duration::seconds(30), "{line} moved no time");
        }
    }

    #[test]
    fn a_long_session_keeps_few_snapshots_and_seeks_to_the_same_states() {
        let mut l = lab();
        assert!(
            l.run("kubectl set image deployment/web nginx=demo/web:crash")
                .changed
        );
        let end = Duration::minutes(6 * 60);
        l.play_to(end);
        assert!(l.snapshots.len() <= MAX_SNAPSHOTS, "{}", l.snapshots.len());
        assert!(l.spacing > SNAPSHOT_EVERY, "the spacing grew");
        for t in [Duration::minutes(5), Duration::minutes(200), end] {
            let mut straight = lab();
            straight.run("kubectl set image deployment/web nginx=demo/web:crash");
            straight.play_to(t);
            l.seek(t);
            assert_eq!(l.now(), t);
            assert_eq!(l.cluster().store(), straight.cluster().store(), "at {t}");
        }
        l.play_to(Duration::minutes(30 * 60));
        assert_eq!(l.now(), MAX_SESSION, "play stops at the session's end");
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
            run_in_browser,
        );
        let mut again = again;
        again.play_to(l.now());
        assert_eq!(again.cluster().store(), l.cluster().store());
    }

    #[test]
    fn the_ready_history_survives_seeking_and_branching() {
        let mut l = lab();
        l.advance(Duration::seconds(10));
        l.run("kubectl set image deployment/web nginx=nginx:1.26");
        l.advance(Duration::seconds(90));
        let whole = l.ready.chart("web", l.now());
        assert_eq!(whole.lines.len(), 2, "{whole:?}");
        assert_eq!((whole.lines[0].ready, whole.lines[1].ready), (0, 3));
        l.seek(Duration::seconds(40));
        l.seek(Duration::seconds(100));
        assert_eq!(
            l.ready.chart("web", l.now()),
            whole,
            "seeking records nothing twice"
        );
        l.seek(Duration::seconds(5));
        l.run("kubectl scale deployment/web --replicas=1");
        l.advance(Duration::seconds(60));
        let branch = l.ready.chart("web", l.now());
        assert_eq!(
            branch.lines.len(),
            1,
            "the dropped future is gone: {branch:?}"
        );
        assert_eq!(branch.lines[0].ready, 1);
        // A lab rebuilt from the script draws the same chart.
        let again = Lab::new(
            scenario_cluster(3, crate::scenarios::find("default").unwrap().script),
            Session::from_script(&l.session.to_script()).unwrap(),
            run_in_browser,
        );
        let mut again = again;
        again.play_to(l.now());
        assert_eq!(again.ready.chart("web", l.now()), branch);
    }

    fn web(l: &Lab<Cluster>) -> Deployment {
        l.cluster()
            .store()
            .get::<Deployment>("web")
            .unwrap()
            .clone()
    }

    #[test]
    fn applied_yaml_is_part_of_the_session() {
        let mut l = lab();
        l.advance(Duration::seconds(4));
        let yaml = manifest_yaml(&web(&l)).replace("nginx:1.25", "nginx:1.27");
        assert!(
            !yaml.contains("status:") && !yaml.contains("uid:"),
            "{yaml}"
        );
        let out = l.run(&apply_command(&yaml));
        assert_eq!(out.text, "deployment.apps/web configured");
        assert!(out.changed);
        assert_eq!(l.session.entries[0].line, "kubectl apply -f -");
        assert_eq!(l.log()[0].stdin.as_deref(), Some(yaml.as_str()));
        l.advance(Duration::seconds(60));
        let script = l.session.to_script();
        assert!(
            script.contains("kubectl apply -f - <<EOF\napiVersion: apps/v1\n"),
            "{script}"
        );
        let mut again = Lab::new(
            scenario_cluster(3, crate::scenarios::find("default").unwrap().script),
            Session::from_fragment(&l.session.to_fragment()).unwrap(),
            run_in_browser,
        );
        again.play_to(l.now());
        assert_eq!(again.cluster().store(), l.cluster().store());
        assert_eq!(
            images(&again),
            [("nginx:1.25".to_string(), 0), ("nginx:1.27".to_string(), 3)]
        );
    }

    #[test]
    fn malformed_yaml_is_refused_with_its_line_and_not_recorded() {
        let mut l = lab();
        let out = l.run(&apply_command(
            "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: [web\n",
        ));
        assert!(out.failed && !out.changed, "{out:?}");
        assert!(out.text.contains("yaml: line 4"), "{}", out.text);
        assert!(l.session.entries.is_empty());
        let out = l.run("kubectl apply -f - <<EOF\nkind: Deployment\n");
        assert!(
            out.text
                .contains("here-document at line 1 delimited by end-of-file"),
            "{}",
            out.text
        );
        let out = l.run("kubectl apply -f -");
        assert_eq!(out.text, "error: no objects passed to apply");
    }

    #[test]
    fn the_spec_form_goes_through_the_api_server() {
        let mut l = lab();
        let d = web(&l);
        let form = SpecForm::of(&d);
        assert_eq!(
            form,
            SpecForm {
                recreate: false,
                max_surge: "25%".into(),
                max_unavailable: "25%".into(),
                min_ready_seconds: "0".into(),
                progress_deadline_seconds: "600".into(),
                revision_history_limit: "10".into(),
                readiness_probe: false,
            }
        );
        let zero = SpecForm {
            max_surge: "0".into(),
            max_unavailable: "0".into(),
            ..form.clone()
        };
        let out = l.run(&zero.command(&d));
        assert!(out.failed && !out.changed, "{out:?}");
        assert!(
            out.text.contains("The Deployment \"web\" is invalid")
                && out.text.contains("may not be 0 when `maxSurge` is 0"),
            "{}",
            out.text
        );
        let bad = SpecForm {
            min_ready_seconds: "-1".into(),
            ..form.clone()
        };
        let out = l.run(&bad.command(&d));
        assert!(
            out.failed && out.text.contains("minReadySeconds"),
            "{}",
            out.text
        );
        let recreate = SpecForm {
            recreate: true,
            readiness_probe: true,
            min_ready_seconds: "5".into(),
            revision_history_limit: "".into(),
            ..form
        };
        let out = l.run(&recreate.command(&d));
        assert!(out.changed, "{out:?}");
        let now = web(&l);
        assert_eq!(now.spec.strategy.type_, DeploymentStrategyType::Recreate);
        assert_eq!(now.spec.min_ready_seconds, 5);
        assert_eq!(
            now.spec.revision_history_limit,
            Some(10),
            "left to its default"
        );
        assert!(now.spec.template.spec.containers[0]
            .readiness_probe
            .is_some());
        assert_eq!(SpecForm::of(&now), recreate_form_as_read(&recreate));
    }

    fn recreate_form_as_read(f: &SpecForm) -> SpecForm {
        SpecForm {
            max_surge: String::new(),
            max_unavailable: String::new(),
            revision_history_limit: "10".into(),
            ..f.clone()
        }
    }
}

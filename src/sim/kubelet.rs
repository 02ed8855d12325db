//! The simulated kubelet: image pulls, container start, readiness probes, crash loops and
//! graceful termination, with the kubelet's event words (`pkg/kubelet` in spirit). Timings
//! draw seeded jitter, so the same seed gives the same run.

use super::api::*;
use super::namemap::NameMap;
use super::registry::{self, Behaviour};
use super::rng::Pcg32;
use super::store::{set, set_str, EventDraft, Kind, Name, Store};
use super::time::{Duration, Time};
use std::sync::Arc;

/// Backoff of image pulls and crashed containers: 10 s doubling to 5 min.
pub const BACKOFF_START: Duration = Duration::seconds(10);
pub const BACKOFF_MAX: Duration = Duration::seconds(300);

/// How long after starting a `demo/web:crash` container exits.
pub const CRASH_AFTER: Duration = Duration::seconds(3);

fn backoff(n: u32) -> Duration {
    let secs = 10_i64.saturating_mul(1 << n.saturating_sub(1).min(5));
    Duration::seconds(secs).min(BACKOFF_MAX)
}

/// What the kubelet does next for a pod.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Step {
    /// The image pull finishes (well or badly).
    PullDone,
    /// `ErrImagePull` turns into `ImagePullBackOff`.
    PullBackOff,
    /// Try the pull again.
    PullRetry,
    /// The container starts (after a crash backoff).
    Start,
    /// A readiness probe runs.
    Probe,
    /// The container exits with an error.
    Crash,
    /// The terminating pod's containers have stopped: remove it.
    Stopped,
    /// The pod worker retries a sync that failed because the pod is in back-off (10–15 s
    /// after the last): each retry records the back-off again. Last, so that at the
    /// instant a back-off ends the restart or pull comes first.
    Resync,
}

/// Which back-off a pod is in, if any: the syncs the pod worker retries meanwhile fail with
/// it (`ErrCrashLoopBackOff`, `ErrImagePullBackOff`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum BackingOff {
    #[default]
    No,
    Crash,
    Pull,
}

/// `backOffPeriod` with `workerBackOffPeriodJitterFactor`: a failed sync is retried after
/// `wait.Jitter(10s, 0.5)`, 10 to 15 s.
fn resync_after(rng: &mut Pcg32) -> Duration {
    Duration::millis(rng.between(10_000, 15_000))
}

/// The kubelet's private bookkeeping for one pod.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PodRuntime {
    /// What it read of the pod when admitting it.
    facts: PodFacts,
    /// Bumped whenever earlier timers stop applying (restart, deletion).
    pub epoch: u64,
    pub pull_failures: u32,
    pub crashes: u32,
    pub started_at: Option<Time>,
    pub successes: i32,
    pub failures: i32,
    /// Fault injection: readiness probes fail while set.
    pub readiness_broken: bool,
    pub terminating: bool,
    pub backing_off: BackingOff,
    /// When the pod worker's next retried sync is due: a back-off that starts while an
    /// earlier one's retry is still queued takes that one's place, so there is one retry at
    /// a time.
    pub resync_at: Option<Time>,
}

/// A timer the kubelet wants: run `step` for `pod` at `at`, if its epoch still matches.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Timer {
    pub at: Time,
    /// Inline: firing the timer reads no heap block for the name.
    pub pod: Name,
    pub epoch: u64,
    pub step: Step,
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct Kubelet {
    /// Found by name in a probe or two (never listed: nothing depends on their order).
    pub pods: NameMap<PodRuntime>,
    /// The spec facts of the pod admitted last, for the next one to share.
    last_spec: Option<Arc<SpecFacts>>,
}

/// `doBackOff`'s event for a crashing container: after the crash, and at each sync retried
/// while it backs off.
fn crash_back_off(store: &mut Store, name: &str, pod: &PodFacts, now: Time) {
    let container = pod.container();
    let msg = format!(
        "Back-off restarting failed container {container} in pod {name}_default({})",
        pod.uid
    );
    event(store, name, pod, "Warning", "BackOff", msg, now);
}

/// Records an event about a pod the kubelet has just read (`facts`).
fn event(
    store: &mut Store,
    pod: &str,
    facts: &PodFacts,
    type_: &'static str,
    reason: &'static str,
    message: String,
    now: Time,
) {
    let draft = EventDraft {
        type_,
        reason,
        message,
        component: "kubelet",
        host: Some(facts.node.clone()),
    };
    store.record_event_shared(Kind::Pod, pod, &facts.uid, draft, now);
}

/// The conditions the kubelet owns, in the order it writes them: `generateAPIPodStatus`
/// (pkg/kubelet/kubelet_pods.go) keeps the other conditions first, then appends
/// PodReadyToStartContainers, Initialized, Ready, ContainersReady and PodScheduled, and the
/// status manager's patch (`mergePodStatus`) keeps that order on the server.
const KUBELET_CONDITIONS: [&str; 5] = [
    POD_READY_TO_START_CONTAINERS,
    POD_INITIALIZED,
    POD_READY,
    POD_CONTAINERS_READY,
    POD_SCHEDULED,
];

/// `status.ContainersNotReady` (pkg/kubelet/status/generate.go).
const CONTAINERS_NOT_READY: &str = "ContainersNotReady";

/// The edits below say whether they changed anything (`Store::modify_status`).
/// Sets one condition; its transition time moves only when its status does, as the status
/// manager's `updateLastTransitionTime` keeps the old one otherwise.
fn set_condition(
    c: &mut Condition,
    status: bool,
    reason: &'static str,
    message: &str,
    now: Time,
) -> bool {
    let s = if status { "True" } else { "False" };
    let mut changed = set_text(&mut c.reason, reason) | set_str(&mut c.message, message);
    if c.status != s {
        set_text(&mut c.status, s);
        c.last_transition_time = Some(now);
        changed = true;
    }
    changed
}

/// Puts the kubelet's conditions after the others, in `KUBELET_CONDITIONS` order (the
/// scheduler wrote PodScheduled first); a condition not there yet gets an empty status, for
/// `set_condition` to fill in with its transition time. Once in order (every write after the
/// first), it only looks.
fn order_conditions(pod: &mut PodStatus) -> bool {
    let n = pod.conditions.len();
    let ordered = n >= KUBELET_CONDITIONS.len()
        && pod.conditions[n - KUBELET_CONDITIONS.len()..]
            .iter()
            .map(|c| &*c.type_)
            .eq(KUBELET_CONDITIONS);
    if ordered {
        return false;
    }
    let old = std::mem::take(&mut pod.conditions);
    let mut owned: [Option<Condition>; KUBELET_CONDITIONS.len()] = Default::default();
    pod.conditions
        .reserve_exact(old.len() + KUBELET_CONDITIONS.len());
    for c in old {
        match KUBELET_CONDITIONS.iter().position(|t| *t == c.type_) {
            Some(i) => owned[i] = owned[i].take().or(Some(c)),
            None => pod.conditions.push(c),
        }
    }
    for (type_, c) in KUBELET_CONDITIONS.iter().zip(owned) {
        pod.conditions.push(c.unwrap_or_else(|| Condition {
            type_: Text::Borrowed(type_),
            ..Default::default()
        }));
    }
    true
}

/// The conditions the kubelet writes with every status (`generateAPIPodStatus`): the pod's
/// sandbox exists as long as the kubelet runs the pod, so PodReadyToStartContainers is True
/// (`GeneratePodReadyToStartContainersCondition`); with no init containers the pod is
/// Initialized; Ready and ContainersReady follow the containers, and when False say which
/// (`GenerateContainersReadyCondition`, whose reason and message Ready copies); PodScheduled
/// is True, with no reason. They are the last five, in that order, once `order_conditions`
/// has put them there.
fn kubelet_conditions(pod: &mut PodStatus, facts: &SpecFacts, ready: bool, now: Time) -> bool {
    let (reason, message) = if ready {
        ("", "")
    } else {
        (CONTAINERS_NOT_READY, facts.unready_message.as_str())
    };
    let mut changed = order_conditions(pod);
    let from = pod.conditions.len() - KUBELET_CONDITIONS.len();
    let wanted = [
        (true, "", ""),
        (true, "", ""),
        (ready, reason, message),
        (ready, reason, message),
        (true, "", ""),
    ];
    for (c, (status, reason, message)) in pod.conditions[from..].iter_mut().zip(wanted) {
        changed |= set_condition(c, status, reason, message, now);
    }
    changed
}

fn set_ready(pod: &mut PodStatus, facts: &SpecFacts, ready: bool, now: Time) -> bool {
    let mut changed = false;
    for cs in &mut pod.container_statuses {
        changed |= set(&mut cs.ready, ready);
    }
    changed | kubelet_conditions(pod, facts, ready, now)
}

fn waiting_state(reason: &str, message: String) -> ContainerState {
    ContainerState {
        waiting: Some(ContainerStateWaiting {
            reason: reason.into(),
            message,
        }),
        ..Default::default()
    }
}

fn waiting(pod: &mut PodStatus, reason: &str, message: String) -> bool {
    let mut changed = false;
    for cs in &mut pod.container_statuses {
        changed |= set(&mut cs.state, waiting_state(reason, message.clone()))
            | set(&mut cs.started, Some(false));
    }
    changed
}

fn has_readiness_probe(pod: &Pod) -> Option<Probe> {
    pod.spec
        .containers
        .first()
        .and_then(|c| c.readiness_probe.clone())
}

/// What the kubelet reads of a pod when it admits it, and keeps: a bound pod's node, spec and
/// uid do not change, so its timers need not read them again (with 10,000 pods, each read of a
/// pod's fields is a trip to memory).
#[derive(Clone, Debug, PartialEq, Eq)]
struct PodFacts {
    /// `spec.nodeName`, as the events the kubelet sends name their source.
    node: Arc<str>,
    /// Shared with the events about the pod.
    uid: Arc<str>,
    spec: Arc<SpecFacts>,
}

/// The part of `PodFacts` every pod of a template shares.
#[derive(Debug, PartialEq, Eq)]
struct SpecFacts {
    image: String,
    /// Each container image as the pod names it, as the runtime resolves it and its id
    /// (`image`, `imageID` in a running container's status), made once for all the pods of
    /// the template.
    images: Vec<(String, String, String)>,
    /// Every container's name; the first is the one whose image the kubelet runs.
    containers: Vec<String>,
    readiness_probe: Option<Probe>,
    grace: i64,
    /// The Ready and ContainersReady conditions' message while the containers are not ready:
    /// `containers with unready status: [web]` (every container: they are ready together).
    unready_message: String,
}

impl PodFacts {
    /// Reads a pod's facts; `last` is the spec facts to share if they are the same.
    fn read(store: &Store, name: &str, last: Option<&Arc<SpecFacts>>) -> Option<PodFacts> {
        let pod = store.get::<Pod>(name)?;
        let node = &pod.spec.node_name;
        let grace = pod.spec.termination_grace_period_seconds.unwrap_or(30);
        // Compared in place, so a pod like the last one copies nothing.
        let same = |last: &SpecFacts| {
            last.image == pod.spec.image()
                && last.grace == grace
                && last.readiness_probe.as_ref()
                    == pod
                        .spec
                        .containers
                        .first()
                        .and_then(|c| c.readiness_probe.as_ref())
                && last
                    .containers
                    .iter()
                    .eq(pod.spec.containers.iter().map(|c| &c.name))
        };
        let spec = match last {
            Some(last) if same(last) => last.clone(),
            _ => Arc::new(SpecFacts {
                image: pod.spec.image().to_string(),
                images: pod
                    .spec
                    .containers
                    .iter()
                    .map(|c| {
                        (
                            c.image.clone(),
                            qualified_image(&c.image),
                            image_id(&c.image),
                        )
                    })
                    .collect(),
                containers: pod.spec.containers.iter().map(|c| c.name.clone()).collect(),
                readiness_probe: has_readiness_probe(pod),
                grace,
                unready_message: unready_message(&pod.spec.containers),
            }),
        };
        Some(PodFacts {
            node: store
                .known_event_host(node)
                .unwrap_or_else(|| node.as_str().into()),
            uid: pod.metadata.uid.as_str().into(),
            spec,
        })
    }

    fn container(&self) -> &str {
        self.spec.containers.first().map_or("", String::as_str)
    }
}

/// `containers with unready status: %s` of the container names, as Go prints a `[]string`.
fn unready_message(containers: &[Container]) -> String {
    let mut m = String::from("containers with unready status: [");
    for (i, c) in containers.iter().enumerate() {
        if i > 0 {
            m.push(' ');
        }
        m.push_str(&c.name);
    }
    m.push(']');
    m
}

/// When the pod's (first) container started running, as its status says.
fn running_since(pod: &Pod) -> Option<Time> {
    pod.status
        .container_statuses
        .first()
        .and_then(|c| c.state.running.as_ref())
        .and_then(|r| r.started_at)
}

impl Kubelet {
    /// Notes whether the pod is in back-off.
    fn back_off(&mut self, pod: &str, state: BackingOff) {
        if let Some(rt) = self.pods.get_mut(&Name::new(pod)) {
            rt.backing_off = state;
        }
    }

    /// The pod worker's next retried sync, 10–15 s from now: the one retry queued.
    fn resync(&mut self, pod: &str, now: Time, rng: &mut Pcg32) -> Timer {
        let at = now + resync_after(rng);
        if let Some(rt) = self.pods.get_mut(&Name::new(pod)) {
            rt.resync_at = Some(at);
        }
        self.timer(pod, at, Step::Resync)
    }

    fn timer(&self, pod: &str, at: Time, step: Step) -> Timer {
        let pod = Name::new(pod);
        let epoch = self.pods.get(&pod).map(|r| r.epoch).unwrap_or(0);
        Timer {
            at,
            pod,
            epoch,
            step,
        }
    }

    /// A pod was bound to this node: set up its containers and start pulling.
    pub fn admit(
        &mut self,
        store: &mut Store,
        pod_name: &str,
        now: Time,
        rng: &mut Pcg32,
    ) -> Vec<Timer> {
        if self.pods.contains_key(&Name::new(pod_name)) {
            return Vec::new();
        }
        let Some(facts) = PodFacts::read(store, pod_name, self.last_spec.as_ref()) else {
            return Vec::new();
        };
        self.last_spec = Some(facts.spec.clone());
        let node = &facts.node;
        self.pods.insert(
            Name::new(pod_name),
            PodRuntime {
                facts: facts.clone(),
                epoch: 0,
                pull_failures: 0,
                crashes: 0,
                started_at: None,
                successes: 0,
                failures: 0,
                readiness_broken: false,
                terminating: false,
                backing_off: BackingOff::No,
                resync_at: None,
            },
        );
        let container_statuses: Vec<ContainerStatus> = store
            .get::<Pod>(pod_name)
            .expect("read above")
            .spec
            .containers
            .iter()
            .map(|c| ContainerStatus {
                name: c.name.clone(),
                image: c.image.clone(),
                state: waiting_state("ContainerCreating", String::new()),
                started: Some(false),
                ..Default::default()
            })
            .collect();
        let _ = store.modify_status::<Pod>(pod_name, |p| {
            set_str(&mut p.phase, POD_PENDING)
                | set(&mut p.start_time, Some(now))
                | set(&mut p.host_ip, super::cluster::node_ip(node))
                | set(&mut p.container_statuses, container_statuses)
                | kubelet_conditions(p, &facts.spec, false, now)
        });
        self.pull(store, pod_name, &facts, now, rng)
    }

    fn pull(
        &mut self,
        store: &mut Store,
        pod: &str,
        facts: &PodFacts,
        now: Time,
        rng: &mut Pcg32,
    ) -> Vec<Timer> {
        let image = &facts.spec.image;
        event(
            store,
            pod,
            facts,
            "Normal",
            "Pulling",
            ["Pulling image \"", image, "\""].concat(),
            now,
        );
        let base = registry::lookup(image).map(|i| i.pull_seconds).unwrap_or(1);
        // Whole seconds: pods started together share instants, which keeps big rollouts cheap.
        let secs = base + rng.between(0, 1);
        vec![self.timer(pod, now + Duration::seconds(secs), Step::PullDone)]
    }

    /// Runs a timer. Stale timers (older epoch, pod gone) do nothing.
    pub fn fire(&mut self, store: &mut Store, t: &Timer, now: Time, rng: &mut Pcg32) -> Vec<Timer> {
        let Some(rt) = self.pods.get(&t.pod) else {
            return Vec::new();
        };
        if rt.epoch != t.epoch {
            return Vec::new();
        }
        if store.get_named::<Pod>(&t.pod).is_none() {
            self.pods.remove(&t.pod);
            return Vec::new();
        }
        if rt.terminating && t.step != Step::Stopped {
            return Vec::new();
        }
        let pod = rt.facts.clone();
        let image = &pod.spec.image;
        let name = t.pod.as_str();
        match t.step {
            Step::PullDone => match registry::lookup(image) {
                None => {
                    let rt = self.pods.get_mut(&Name::new(name)).expect("checked above");
                    rt.pull_failures += 1;
                    let msg = registry::pull_error(image);
                    event(
                        store,
                        name,
                        &pod,
                        "Warning",
                        "Failed",
                        format!("Failed to pull image \"{image}\": {msg}"),
                        now,
                    );
                    event(
                        store,
                        name,
                        &pod,
                        "Warning",
                        "Failed",
                        "Error: ErrImagePull".into(),
                        now,
                    );
                    let _ = store.modify_status::<Pod>(name, |p| waiting(p, "ErrImagePull", msg));
                    vec![self.timer(
                        name,
                        now + Duration::seconds(rng.between(1, 2)),
                        Step::PullBackOff,
                    )]
                }
                Some(img) => {
                    let took = go_seconds(Duration::millis(
                        img.pull_seconds * 1000 - 1000 + rng.between(400, 1900),
                    ));
                    event(
                        store,
                        name,
                        &pod,
                        "Normal",
                        "Pulled",
                        format!(
                            "Successfully pulled image \"{image}\" in {took} ({took} including waiting). Image size: {} bytes.",
                            img.size_bytes
                        ),
                        now,
                    );
                    self.start(store, name, &pod, now, rng)
                }
            },
            Step::PullBackOff => {
                let failures = self
                    .pods
                    .get(&Name::new(name))
                    .map(|r| r.pull_failures)
                    .unwrap_or(1);
                let wait = backoff(failures);
                event(
                    store,
                    name,
                    &pod,
                    "Normal",
                    "BackOff",
                    format!("Back-off pulling image \"{image}\""),
                    now,
                );
                event(
                    store,
                    name,
                    &pod,
                    "Warning",
                    "Failed",
                    "Error: ImagePullBackOff".into(),
                    now,
                );
                let msg = format!("Back-off pulling image \"{image}\"");
                let _ = store.modify_status::<Pod>(name, |p| waiting(p, "ImagePullBackOff", msg));
                self.back_off(name, BackingOff::Pull);
                vec![
                    self.timer(name, now + wait, Step::PullRetry),
                    self.resync(name, now, rng),
                ]
            }
            Step::PullRetry => {
                self.back_off(name, BackingOff::No);
                self.pull(store, name, &pod, now, rng)
            }
            Step::Resync => {
                let rt = self.pods.get(&Name::new(name)).expect("checked above");
                if rt.resync_at != Some(now) {
                    // A later back-off queued its own retry in this one's place.
                    return Vec::new();
                }
                match rt.backing_off {
                    BackingOff::No => return Vec::new(),
                    BackingOff::Pull => {
                        // `EnsureImageExists` in back-off, then `startContainer`'s failure.
                        let msg = format!("Back-off pulling image \"{image}\"");
                        event(store, name, &pod, "Normal", "BackOff", msg, now);
                        let msg = "Error: ImagePullBackOff".into();
                        event(store, name, &pod, "Warning", "Failed", msg, now);
                    }
                    BackingOff::Crash => crash_back_off(store, name, &pod, now),
                }
                vec![self.resync(name, now, rng)]
            }
            Step::Start => self.start(store, name, &pod, now, rng),
            Step::Probe => self.probe(store, name, now),
            Step::Crash => {
                let rt = self.pods.get_mut(&Name::new(name)).expect("checked above");
                rt.crashes += 1;
                rt.epoch += 1;
                rt.started_at = None;
                let crashes = rt.crashes;
                let started = store.get::<Pod>(name).and_then(running_since);
                let container = pod.container();
                let _ = store.modify_status::<Pod>(name, |p| {
                    let mut changed = false;
                    for cs in &mut p.container_statuses {
                        cs.restart_count += 1;
                        changed = true;
                        cs.last_state = ContainerState {
                            terminated: Some(ContainerStateTerminated {
                                exit_code: 1,
                                reason: "Error".into(),
                                started_at: started,
                                finished_at: Some(now),
                                ..Default::default()
                            }),
                            ..Default::default()
                        };
                    }
                    changed
                        | set_ready(p, &pod.spec, false, now)
                        | waiting(
                            p,
                            "CrashLoopBackOff",
                            format!(
                                "back-off {} restarting failed container={container} pod={name}",
                                backoff(crashes)
                            ),
                        )
                });
                crash_back_off(store, name, &pod, now);
                self.back_off(name, BackingOff::Crash);
                vec![
                    self.timer(name, now + backoff(crashes), Step::Start),
                    self.resync(name, now, rng),
                ]
            }
            Step::Stopped => {
                self.pods.remove(&Name::new(name));
                let _ = store.delete::<Pod>(name);
                Vec::new()
            }
        }
    }

    fn start(
        &mut self,
        store: &mut Store,
        name: &str,
        pod: &PodFacts,
        now: Time,
        rng: &mut Pcg32,
    ) -> Vec<Timer> {
        self.back_off(name, BackingOff::No);
        let node = &pod.node;
        let container = pod.container();
        event(
            store,
            name,
            pod,
            "Normal",
            "Created",
            ["Created container ", container].concat(),
            now,
        );
        event(
            store,
            name,
            pod,
            "Normal",
            "Started",
            ["Started container ", container].concat(),
            now,
        );
        let rt = self.pods.get_mut(&Name::new(name)).expect("admitted");
        rt.started_at = Some(now);
        rt.successes = 0;
        rt.failures = 0;
        let probe = &pod.spec.readiness_probe;
        let ip = pod_ip(node, rng);
        let _ =
            store.modify_status::<Pod>(name, |p| {
                let mut changed = set_str(&mut p.phase, POD_RUNNING);
                if p.pod_ip.is_empty() {
                    changed |= set(&mut p.pod_ip, ip);
                }
                for cs in &mut p.container_statuses {
                    let running = ContainerState {
                        running: Some(ContainerStateRunning {
                            started_at: Some(now),
                        }),
                        ..Default::default()
                    };
                    // Once running, the status names the image as the runtime resolved it (a
                    // restart finds it resolved already).
                    let (image, id) =
                        match pod.spec.images.iter().find(|(named, resolved, _)| {
                            *named == cs.image || *resolved == cs.image
                        }) {
                            Some((_, resolved, id)) => (resolved.clone(), id.clone()),
                            None => (qualified_image(&cs.image), image_id(&cs.image)),
                        };
                    changed |= set(&mut cs.state, running)
                        | set(&mut cs.started, Some(true))
                        | set(&mut cs.image_id, id)
                        | set(&mut cs.image, image);
                }
                // Without a readiness probe a running container is Ready at once.
                changed | set_ready(p, &pod.spec, probe.is_none(), now)
            });
        let mut timers = Vec::new();
        if let Some(p) = probe {
            let first = now
                + Duration::seconds(i64::from(p.initial_delay_seconds.max(0)) + rng.between(0, 1));
            timers.push(self.timer(name, first, Step::Probe));
        }
        if registry::lookup(&pod.spec.image).is_some_and(|i| i.behaviour == Behaviour::Crashes) {
            timers.push(self.timer(name, now + CRASH_AFTER, Step::Crash));
        }
        timers
    }

    fn probe(&mut self, store: &mut Store, name: &str, now: Time) -> Vec<Timer> {
        let Some(was_ready) = store.get::<Pod>(name).map(Pod::is_ready) else {
            return Vec::new();
        };
        let rt = self.pods.get_mut(&Name::new(name)).expect("admitted");
        let pod = rt.facts.clone();
        let Some(probe) = &pod.spec.readiness_probe else {
            return Vec::new();
        };
        let Some(started) = rt.started_at else {
            return Vec::new();
        };
        let behaviour = registry::lookup(&pod.spec.image)
            .map(|i| i.behaviour)
            .unwrap_or(Behaviour::Healthy);
        let passes = !rt.readiness_broken
            && match behaviour {
                Behaviour::Healthy => true,
                // It exits moments after starting, before it could answer a probe.
                Behaviour::Crashes => false,
                Behaviour::NeverReady => false,
                Behaviour::SlowStart(secs) => now - started >= Duration::seconds(secs),
            };
        let mut becomes = was_ready;
        if passes {
            rt.successes += 1;
            rt.failures = 0;
            if !was_ready && rt.successes >= probe.success_threshold.max(1) {
                becomes = true;
            }
        } else {
            rt.failures += 1;
            rt.successes = 0;
            if was_ready && rt.failures >= probe.failure_threshold.max(1) {
                becomes = false;
            }
        }
        if !passes {
            let what = match &probe.http_get {
                Some(_) => "HTTP probe failed with statuscode: 503".to_string(),
                None if probe.tcp_socket.is_some() => {
                    "dial tcp: connect: connection refused".into()
                }
                None => "command failed: exit status 1".into(),
            };
            event(
                store,
                name,
                &pod,
                "Warning",
                "Unhealthy",
                format!("Readiness probe failed: {what}"),
                now,
            );
        }
        if becomes != was_ready {
            let _ = store.modify_status::<Pod>(name, |p| set_ready(p, &pod.spec, becomes, now));
        }
        let period = Duration::seconds(i64::from(probe.period_seconds.max(1)));
        vec![self.timer(name, now + period, Step::Probe)]
    }

    /// Graceful deletion: the pod shows `Terminating` until its containers stop.
    /// Graceful deletion (`grace`: the delete's own period, else the pod's
    /// `terminationGracePeriodSeconds`). A grace period of 0 is a forced deletion: the API
    /// server removes the pod at once, and the kubelet kills what it ran.
    pub fn terminate(
        &mut self,
        store: &mut Store,
        name: &str,
        grace: Option<i64>,
        now: Time,
        rng: &mut Pcg32,
    ) -> Vec<Timer> {
        let admitted = self.pods.get(&Name::new(name)).map(|rt| rt.facts.clone());
        let pod = match admitted {
            Some(facts) if store.contains::<Pod>(name) => facts,
            _ => match PodFacts::read(store, name, None) {
                Some(facts) => facts,
                None => return Vec::new(),
            },
        };
        let grace = grace.unwrap_or(pod.spec.grace);
        let node = pod.node.clone();
        let _ = store.modify_metadata::<Pod>(name, &mut |m| {
            let fresh = m.deletion_timestamp.is_none();
            if fresh {
                m.deletion_timestamp = Some(now + Duration::seconds(grace));
                m.deletion_grace_period_seconds = Some(grace);
            }
            fresh
        });
        let key = Name::new(name);
        // The kubelet running the pod stops its containers, once (forced or not).
        let stopping = !node.is_empty() && self.pods.get(&key).is_some_and(|rt| !rt.terminating);
        if stopping {
            for c in &pod.spec.containers {
                let msg = ["Stopping container ", c].concat();
                event(store, name, &pod, "Normal", "Killing", msg, now);
            }
        }
        if node.is_empty() || !self.pods.contains_key(&key) || grace == 0 {
            // Never reached a kubelet, or forced: gone at once.
            self.pods.remove(&key);
            let _ = store.delete::<Pod>(name);
            return Vec::new();
        }
        if !stopping {
            // Already terminating.
            return Vec::new();
        }
        let rt = self.pods.get_mut(&key).expect("checked");
        rt.terminating = true;
        rt.epoch += 1;
        let running = rt.started_at.is_some();
        // A running server stops within a few seconds of SIGTERM; one that never started at once.
        let stop = if running {
            Duration::seconds(rng.between(1, 3))
        } else {
            Duration::seconds(1)
        };
        let stop = stop.min(Duration::seconds(grace.max(0)));
        vec![self.timer(name, now + stop, Step::Stopped)]
    }

    /// Fault injection: readiness probes of this pod start failing (or pass again).
    pub fn break_readiness(&mut self, name: &str, broken: bool) -> bool {
        match self.pods.get_mut(&Name::new(name)) {
            Some(rt) => {
                rt.readiness_broken = broken;
                true
            }
            None => false,
        }
    }

    /// Fault injection: the container exits now (restarted after the crash backoff).
    pub fn crash_now(&mut self, name: &str, now: Time) -> Option<Timer> {
        let rt = self.pods.get(&Name::new(name))?;
        rt.started_at?;
        Some(Timer {
            at: now,
            pod: Name::new(name),
            epoch: rt.epoch,
            step: Step::Crash,
        })
    }
}

/// `1.532s` as Go prints a duration.
fn go_seconds(d: Duration) -> String {
    let ms = d.as_millis();
    let text = format!("{}.{:03}", ms / 1000, ms % 1000);
    format!("{}s", text.trim_end_matches('0').trim_end_matches('.'))
}

/// An image reference as containerd resolves it: a name without a registry is Docker Hub's,
/// and a one-part name one of its `library/` images (`nginx:1.25` is
/// `docker.io/library/nginx:1.25`). A qualified reference is left as it is.
pub fn qualified_image(image: &str) -> String {
    let first = image.split('/').next().unwrap_or("");
    if image.contains('/') && (first.contains(['.', ':']) || first == "localhost") {
        image.to_string()
    } else if image.contains('/') {
        ["docker.io/", image].concat()
    } else {
        ["docker.io/library/", image].concat()
    }
}

/// The id a container runtime reports for an image it pulled: the repository and the
/// image's digest (`docker.io/library/nginx@sha256:…`), made up from the reference.
fn image_id(image: &str) -> String {
    let image = qualified_image(image);
    let name_end = image.rfind('/').map_or(0, |i| i + 1);
    let repository = match image[name_end..].find([':', '@']) {
        Some(i) => &image[..name_end + i],
        None => &image,
    };
    format!(
        "{repository}@sha256:{}",
        super::rng::hex_digest(image.as_bytes())
    )
}

fn pod_ip(node: &str, rng: &mut Pcg32) -> String {
    let n = super::cluster::node_number(node);
    format!("10.244.{}.{}", n, rng.between(2, 254))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn images_are_named_as_containerd_resolves_them() {
        for (image, qualified) in [
            ("nginx:1.25", "docker.io/library/nginx:1.25"),
            ("demo/web:v1", "docker.io/demo/web:v1"),
            ("ghcr.io/acme/web:2", "ghcr.io/acme/web:2"),
            ("localhost/web", "localhost/web"),
            ("registry:5000/web:1", "registry:5000/web:1"),
            (
                "docker.io/library/nginx:1.25",
                "docker.io/library/nginx:1.25",
            ),
        ] {
            assert_eq!(qualified_image(image), qualified, "{image}");
        }
        let id = image_id("nginx:1.25");
        assert!(id.starts_with("docker.io/library/nginx@sha256:"), "{id}");
        assert_eq!(id.len(), "docker.io/library/nginx@sha256:".len() + 64);
        assert_eq!(id, image_id("docker.io/library/nginx:1.25"));
        assert_ne!(id, image_id("nginx:1.26"));
        assert!(image_id("registry:5000/web:1").starts_with("registry:5000/web@sha256:"));
    }
}

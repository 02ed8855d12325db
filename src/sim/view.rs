//! View models: the cluster projected into what the stage shows, display-ready, so most of
//! what the UI renders is tested natively. Pod status text is kubectl's (`printPod`).

use super::api::*;
use super::deployment::util::{max_surge, max_unavailable};
use super::replicaset::{is_pod_active, is_pod_available, pods_of};
use super::scheduler::{allocatable, used_per_node};
use super::store::{EventRecord, Store};
use super::time::{human_duration, Duration, Time};

/// How a pod card is drawn (and what the colour-blind-safe label says).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Stage {
    Pending,
    Starting,
    Running,
    Ready,
    Available,
    Failing,
    Terminating,
}

/// Every stage, in the order above (`Stage as usize` indexes it).
const STAGES: [Stage; 7] = [
    Stage::Pending,
    Stage::Starting,
    Stage::Running,
    Stage::Ready,
    Stage::Available,
    Stage::Failing,
    Stage::Terminating,
];

impl Stage {
    pub fn as_str(self) -> &'static str {
        match self {
            Stage::Pending => "pending",
            Stage::Starting => "starting",
            Stage::Running => "running",
            Stage::Ready => "ready",
            Stage::Available => "available",
            Stage::Failing => "failing",
            Stage::Terminating => "terminating",
        }
    }
}

/// kubectl's READY, STATUS and RESTARTS columns for a pod.
pub fn pod_columns(pod: &Pod, now: Time) -> (String, String, String) {
    let total = pod.spec.containers.len();
    let mut ready = 0;
    let mut restarts = 0;
    let mut last_restart: Option<Time> = None;
    let mut reason = if pod.status.reason.is_empty() {
        pod.status.phase.clone()
    } else {
        pod.status.reason.clone()
    };
    let mut has_running = false;
    for c in pod.status.container_statuses.iter().rev() {
        restarts += c.restart_count;
        if let Some(t) = c.last_state.terminated.as_ref().and_then(|t| t.finished_at) {
            if last_restart.is_none_or(|l| l < t) {
                last_restart = Some(t);
            }
        }
        if let Some(w) = c.state.waiting.as_ref().filter(|w| !w.reason.is_empty()) {
            reason = w.reason.clone();
        } else if let Some(t) = &c.state.terminated {
            reason = if !t.reason.is_empty() {
                t.reason.clone()
            } else if t.signal != 0 {
                format!("Signal:{}", t.signal)
            } else {
                format!("ExitCode:{}", t.exit_code)
            };
        } else if c.ready && c.state.running.is_some() {
            has_running = true;
            ready += 1;
        }
    }
    if reason == "Completed" && has_running {
        reason = if pod.is_ready() {
            "Running".into()
        } else {
            "NotReady".into()
        };
    }
    if pod.metadata.deletion_timestamp.is_some() {
        reason = "Terminating".into();
    }
    if reason.is_empty() {
        reason = POD_PENDING.into();
    }
    let restarts_text = match last_restart {
        Some(t) if restarts != 0 => format!("{restarts} ({} ago)", human_duration(now - t)),
        _ => restarts.to_string(),
    };
    (format!("{ready}/{total}"), reason, restarts_text)
}

/// `now − creationTimestamp` as kubectl's AGE.
pub fn age(meta: &ObjectMeta, now: Time) -> String {
    meta.creation_timestamp
        .map(|t| human_duration(now - t))
        .unwrap_or_else(|| "<unknown>".into())
}

/// A pod's card. Nothing on it changes while the pod does not (no age, no "5s ago"), so an
/// unchanged pod is not drawn again; `kubectl get pods` has the AGE.
#[derive(Clone, Debug, PartialEq)]
pub struct PodView {
    pub name: String,
    pub ready: String,
    pub status: String,
    /// Container restarts (kubectl's RESTARTS without its "(5s ago)").
    pub restarts: i32,
    pub node: String,
    pub stage: Stage,
    pub image: String,
    /// Index of the image in the session's colour key.
    pub version: usize,
    pub has_readiness_probe: bool,
    /// Why the scheduler has not placed it (its PodScheduled condition's message).
    pub unschedulable: String,
    /// Take the pod out of its ReplicaSet (a selector label changed), or, for a pod no
    /// ReplicaSet controls, put it back into the one that made it.
    pub relabel: Relabel,
}

#[derive(Clone, Debug, PartialEq)]
pub struct ReplicaSetView {
    pub name: String,
    pub hash: String,
    pub revision: i64,
    pub image: String,
    pub version: usize,
    pub desired: i32,
    pub current: i32,
    pub ready: i32,
    pub available: i32,
    pub is_new: bool,
    pub change_cause: Option<String>,
    pub pods: Vec<PodView>,
}

/// What a card's relabel button does: a short label and the kubectl line it runs.
pub type Relabel = Option<(&'static str, String)>;

/// How many pod cards a lane draws; the rest are counted by stage. A learner watching 200
/// replicas wants the shape of the rollout, not 200 cards (nor a page that cannot keep up).
pub const LANE_CARDS: usize = 16;

impl ReplicaSetView {
    /// The pods drawn as cards, in creation order, and the others counted by stage. A lane of
    /// more than `limit` pods shows the pods on the move (pending, starting, ready but not yet
    /// available, failing, terminating) before the available ones: 200 pods of which 6 are
    /// starting give those 6 and the 18 oldest available ones, and `[(Available, 176)]`.
    pub fn cards(&self, limit: usize) -> (Vec<&PodView>, Vec<(Stage, usize)>) {
        if self.pods.len() <= limit {
            return (self.pods.iter().collect(), Vec::new());
        }
        let moving = self
            .pods
            .iter()
            .filter(|p| p.stage != Stage::Available)
            .count();
        // Oldest first among each kind: every moving pod up to the limit, then available ones.
        let (mut moving_left, mut available_left) = (limit, limit.saturating_sub(moving));
        let mut shown = Vec::with_capacity(limit);
        let mut hidden = [0usize; 7];
        for p in &self.pods {
            let left = if p.stage == Stage::Available {
                &mut available_left
            } else {
                &mut moving_left
            };
            if *left > 0 {
                *left -= 1;
                shown.push(p);
            } else {
                hidden[p.stage as usize] += 1;
            }
        }
        let hidden = STAGES.into_iter().zip(hidden).filter(|h| h.1 > 0).collect();
        (shown, hidden)
    }
}

/// The rolling-update budget, live.
#[derive(Clone, Debug, PartialEq)]
pub struct Budget {
    /// `maxSurge 25% of 10 → 3`.
    pub surge_text: String,
    /// `maxUnavailable 25% of 10 → 2`.
    pub unavailable_text: String,
    pub max_pods: i32,
    pub min_available: i32,
    /// Pods the ReplicaSets ask for (Σ spec.replicas), what maxSurge bounds.
    pub pods: i32,
    pub available: i32,
}

#[derive(Clone, Debug, PartialEq)]
pub struct ConditionView {
    pub type_: String,
    pub status: String,
    pub reason: String,
    pub message: String,
}

#[derive(Clone, Debug, PartialEq)]
pub struct DeploymentView {
    pub name: String,
    pub replicas: i32,
    pub strategy: String,
    pub paused: bool,
    pub updated: i32,
    pub ready: i32,
    pub available: i32,
    pub revision: i64,
    pub replica_sets: Vec<ReplicaSetView>,
    pub budget: Option<Budget>,
    pub conditions: Vec<ConditionView>,
    /// What the controller is waiting for, in a plain sentence, when the rollout is not done.
    pub why: Option<String>,
    /// Time left before the progress deadline, while a rollout is under way.
    pub deadline_left: Option<Duration>,
}

/// A row of the rollout history, as the Controls show it.
#[derive(Clone, Debug, PartialEq)]
pub struct RevisionView {
    pub revision: i64,
    pub image: String,
    pub version: usize,
    pub change_cause: Option<String>,
    pub current: bool,
}

/// What the Controls show of a Deployment: it changes when the spec or a revision does, not
/// on every step of a rollout.
#[derive(Clone, Debug, PartialEq)]
pub struct ControlsView {
    pub name: String,
    pub paused: bool,
    pub replicas: i32,
    /// The image of the newest ReplicaSet's pods (empty before there is one).
    pub image: String,
    pub history: Vec<RevisionView>,
}

impl DeploymentView {
    pub fn controls(&self) -> ControlsView {
        ControlsView {
            name: self.name.clone(),
            paused: self.paused,
            replicas: self.replicas,
            image: self
                .replica_sets
                .iter()
                .find(|r| r.is_new)
                .map(|r| r.image.clone())
                .unwrap_or_default(),
            history: self
                .replica_sets
                .iter()
                .map(|rs| RevisionView {
                    revision: rs.revision,
                    image: rs.image.clone(),
                    version: rs.version,
                    change_cause: rs.change_cause.clone(),
                    current: rs.is_new,
                })
                .collect(),
        }
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct NodeView {
    pub name: String,
    pub cordoned: bool,
    /// Requested / allocatable CPU in millicores, memory in MiB.
    pub cpu: (i64, i64),
    pub memory: (i64, i64),
    pub pods: Vec<(String, usize)>,
    /// The labels a learner gave it (`zone=a`), for pods' node selectors: all but the
    /// `kubernetes.io/` ones every node has.
    pub labels: String,
    /// Its taints as `kubectl describe node` writes them, but the cordon's (the card says
    /// "cordoned"): `maintenance:NoExecute`.
    pub taints: String,
}

/// An event. Its time is when it was last seen, not how long ago (which would change every
/// instant): the UI shows it on the session clock.
#[derive(Clone, Debug, PartialEq)]
pub struct EventView {
    /// The event's own number, unique in the cluster: what tells a row from the others from
    /// one frame to the next (`crate::slots`).
    pub id: u64,
    pub last_seen: Time,
    pub type_: String,
    pub reason: String,
    pub object: String,
    pub message: String,
    pub count: i32,
}

/// The newest events the view holds: the panel shows a dozen at a time, and every row is
/// laid out again when a new one pushes them down (`kubectl get events` lists them all).
pub const EVENT_ROWS: usize = 25;

#[derive(Clone, Debug, PartialEq)]
pub struct ClusterView {
    pub now: Time,
    pub deployments: Vec<DeploymentView>,
    /// What no Deployment controls, as lanes: ReplicaSets relabelled out of their Deployment
    /// (with their pods), then the pods no ReplicaSet controls (`name` empty).
    pub unowned: Vec<ReplicaSetView>,
    pub nodes: Vec<NodeView>,
    /// Newest first.
    pub events: Vec<EventView>,
    /// Every image seen, in order of first appearance: the colour key.
    pub images: Vec<String>,
}

fn scaled_text(name: &str, v: Option<&IntOrString>, replicas: i32, resolved: i32) -> String {
    match v {
        Some(IntOrString::String(p)) => format!("{name} {p} of {replicas} → {resolved}"),
        Some(IntOrString::Int(n)) => format!("{name} {n}"),
        None => format!("{name} 0"),
    }
}

fn stage(pod: &Pod, min_ready: i32, now: Time, status: &str) -> Stage {
    if pod.metadata.deletion_timestamp.is_some() {
        return Stage::Terminating;
    }
    if matches!(
        status,
        "ErrImagePull" | "ImagePullBackOff" | "CrashLoopBackOff" | "Error" | "InvalidImageName"
    ) {
        return Stage::Failing;
    }
    if pod.spec.node_name.is_empty() {
        return Stage::Pending;
    }
    if is_pod_available(pod, min_ready, now) {
        return Stage::Available;
    }
    if pod.is_ready() {
        return Stage::Ready;
    }
    if pod.status.phase == POD_RUNNING {
        return Stage::Running;
    }
    Stage::Starting
}

/// Oldest first, then by name.
fn by_age(pods: &mut [&Pod]) {
    crate::sort::sort_copies_by(pods, |a, b| {
        (a.metadata.creation_timestamp, &a.metadata.name)
            .cmp(&(b.metadata.creation_timestamp, &b.metadata.name))
    });
}

/// A ReplicaSet's lane: its counts and its pods' cards, oldest first.
fn lane(
    store: &Store,
    rs: &ReplicaSet,
    is_new: bool,
    now: Time,
    version_of: &dyn Fn(&str) -> usize,
) -> ReplicaSetView {
    let image = rs.spec.template.spec.image().to_string();
    let mut pods: Vec<&Pod> = pods_of(store, rs);
    by_age(&mut pods);
    // Taking a pod out changes the first label the selector asks for (not the hash).
    let take_out = rs
        .spec
        .selector
        .match_labels
        .iter()
        .find(|(k, _)| *k != POD_TEMPLATE_HASH_LABEL);
    ReplicaSetView {
        name: rs.metadata.name.clone(),
        hash: rs
            .metadata
            .labels
            .get(POD_TEMPLATE_HASH_LABEL)
            .cloned()
            .unwrap_or_default(),
        revision: rs.revision(),
        version: version_of(&image),
        image,
        desired: rs.spec.replicas,
        current: rs.status.replicas,
        ready: rs.status.ready_replicas,
        available: rs.status.available_replicas,
        is_new,
        change_cause: rs
            .metadata
            .annotations
            .get(CHANGE_CAUSE_ANNOTATION)
            .cloned(),
        pods: pods
            .iter()
            .map(|p| {
                let relabel = take_out.map(|(k, v)| {
                    let line = format!(
                        "kubectl label pod {} {k}={v}-debug --overwrite",
                        p.metadata.name
                    );
                    ("take out", line)
                });
                pod_view(p, rs.spec.min_ready_seconds, relabel, now, version_of)
            })
            .collect(),
    }
}

fn pod_view(
    p: &Pod,
    min_ready: i32,
    relabel: Relabel,
    now: Time,
    version_of: &dyn Fn(&str) -> usize,
) -> PodView {
    let (ready, status, _) = pod_columns(p, now);
    let image = p.spec.image().to_string();
    PodView {
        name: p.metadata.name.clone(),
        stage: stage(p, min_ready, now, &status),
        ready,
        status,
        restarts: p
            .status
            .container_statuses
            .iter()
            .map(|c| c.restart_count)
            .sum(),
        node: p.spec.node_name.clone(),
        version: version_of(&image),
        image,
        has_readiness_probe: p
            .spec
            .containers
            .iter()
            .any(|c| c.readiness_probe.is_some()),
        unschedulable: p
            .condition(POD_SCHEDULED)
            .filter(|c| c.status == "False")
            .map(|c| c.message.clone())
            .unwrap_or_default(),
        relabel,
    }
}

/// For a pod no ReplicaSet controls: the line that gives it back the labels the ReplicaSet
/// that made it (by its generated name) selects, if that ReplicaSet is still there.
fn put_back(store: &Store, p: &Pod) -> Relabel {
    let maker = p.metadata.generate_name.strip_suffix('-')?;
    let rs = store.get::<ReplicaSet>(maker)?;
    let changes: Vec<String> = rs
        .spec
        .selector
        .match_labels
        .iter()
        .filter(|(k, v)| p.metadata.labels.get(*k) != Some(*v))
        .map(|(k, v)| format!("{k}={v}"))
        .collect();
    if changes.is_empty() {
        return None;
    }
    let line = format!(
        "kubectl label pod {} {} --overwrite",
        p.metadata.name,
        changes.join(" ")
    );
    Some(("put back", line))
}

/// Pods the scheduler cannot place, with its words for the first (`0/3 nodes are available:
/// 3 Insufficient cpu.`): what holds a Deployment back before anything the controller does.
fn waiting_for_a_node(d: &Deployment, lanes: &[ReplicaSetView]) -> Option<String> {
    if d.spec.paused {
        return None;
    }
    let mut waiting = lanes
        .iter()
        .flat_map(|l| &l.pods)
        .filter(|p| !p.unschedulable.is_empty());
    let first = waiting.next()?;
    let n = 1 + waiting.count();
    let pods = if n == 1 { "pod waits" } else { "pods wait" };
    // The filters' verdict; what preemption adds (all pods here have the same priority, so
    // it never helps) is left to `kubectl describe pod`.
    let words = &first.unschedulable;
    let filters = words
        .find(" preemption: ")
        .map_or(&words[..], |i| &words[..i]);
    Some(format!("{n} {pods} for a node: {filters}"))
}

/// Why the rollout is not moving, in words a learner can act on.
fn why(
    d: &Deployment,
    rss: &[&ReplicaSet],
    new_rs: Option<&ReplicaSet>,
    pods: i32,
    max_pods: i32,
    available: i32,
    min_available: i32,
) -> Option<String> {
    if d.spec.paused {
        return Some("The Deployment is paused: it scales, but makes no rollout progress until `kubectl rollout resume`.".into());
    }
    let new_rs = new_rs?;
    let done = d.status.updated_replicas == d.replicas()
        && d.status.available_replicas == d.replicas()
        && d.status.replicas == d.replicas();
    if done {
        return None;
    }
    if d.condition(CONDITION_PROGRESSING)
        .is_some_and(|c| c.reason == "ProgressDeadlineExceeded")
    {
        return Some(
            "The progress deadline passed without progress: Progressing=False (ProgressDeadlineExceeded). The controller keeps trying; `kubectl rollout undo` goes back."
                .to_string(),
        );
    }
    let old_spec: i32 = rss
        .iter()
        .filter(|r| r.metadata.uid != new_rs.metadata.uid)
        .map(|r| r.spec.replicas)
        .sum();
    if !d.is_rolling_update() {
        return if old_spec > 0
            || rss
                .iter()
                .any(|r| r.metadata.uid != new_rs.metadata.uid && r.status.replicas > 0)
        {
            Some(
                "Recreate: waiting for every old pod to terminate before starting new ones.".into(),
            )
        } else {
            Some(format!(
                "Recreate: {} of {} new pods available.",
                new_rs.status.available_replicas,
                d.replicas()
            ))
        };
    }
    let new_unavailable = new_rs.spec.replicas - new_rs.status.available_replicas;
    if old_spec > 0
        && new_rs.spec.replicas < d.replicas()
        && pods >= max_pods
        && available <= min_available
    {
        return Some(format!(
            "Stuck between the two limits: can't add new pods ({pods} of at most {max_pods}) and can't scale down the old ReplicaSet: only {available} available, minimum is {min_available}. New pods must become available first."
        ));
    }
    if new_rs.spec.replicas < d.replicas() && pods >= max_pods {
        return Some(format!(
            "Can't add new pods: {pods} pods of at most {max_pods} (maxSurge). Waiting for old pods to be scaled down."
        ));
    }
    if old_spec > 0 && available <= min_available {
        return Some(format!(
            "Can't scale down the old ReplicaSet: only {available} available, minimum is {min_available}. Waiting for {new_unavailable} new pod(s) to become available."
        ));
    }
    if new_unavailable > 0 {
        return Some(format!(
            "Waiting for {new_unavailable} new pod(s) to become available."
        ));
    }
    None
}

impl ClusterView {
    pub fn build(store: &Store, now: Time) -> ClusterView {
        let mut images: Vec<String> = Vec::new();
        let mut rs_list: Vec<&ReplicaSet> = store.list::<ReplicaSet>().collect();
        crate::sort::sort_copies_by(&mut rs_list, |a, b| {
            (a.metadata.creation_timestamp, &a.metadata.name)
                .cmp(&(b.metadata.creation_timestamp, &b.metadata.name))
        });
        for rs in &rs_list {
            for c in &rs.spec.template.spec.containers {
                if !images.contains(&c.image) {
                    images.push(c.image.clone());
                }
            }
        }
        let version_of = |image: &str| images.iter().position(|i| i == image).unwrap_or(0);
        let mut deployments = Vec::new();
        for d in store.list::<Deployment>() {
            let owned: Vec<&ReplicaSet> = rs_list
                .iter()
                .copied()
                .filter(|r| {
                    r.metadata
                        .controller_of()
                        .is_some_and(|o| o.uid == d.metadata.uid)
                })
                .collect();
            let new_rs = super::deployment::util::find_new_replica_set(d, &owned);
            let mut lanes: Vec<ReplicaSetView> = owned
                .iter()
                .map(|rs| {
                    let is_new = new_rs.is_some_and(|n| n.metadata.uid == rs.metadata.uid);
                    lane(store, rs, is_new, now, &version_of)
                })
                .collect();
            crate::sort::sort_by(&mut lanes, |a, b| {
                b.revision.cmp(&a.revision).then(b.name.cmp(&a.name))
            });
            let pods: i32 = owned.iter().map(|r| r.spec.replicas).sum();
            let available: i32 = owned.iter().map(|r| r.status.available_replicas).sum();
            let surge = max_surge(d);
            let unavailable = max_unavailable(d);
            let (max_pods, min_available) = (d.replicas() + surge, d.replicas() - unavailable);
            let budget = d.is_rolling_update().then(|| {
                let ru = d.spec.strategy.rolling_update.as_ref();
                Budget {
                    surge_text: scaled_text(
                        "maxSurge",
                        ru.and_then(|r| r.max_surge.as_ref()),
                        d.replicas(),
                        surge,
                    ),
                    unavailable_text: scaled_text(
                        "maxUnavailable",
                        ru.and_then(|r| r.max_unavailable.as_ref()),
                        d.replicas(),
                        unavailable,
                    ),
                    max_pods,
                    min_available,
                    pods,
                    available,
                }
            });
            let rolling = d.condition(CONDITION_PROGRESSING).filter(|c| {
                c.reason == "ReplicaSetUpdated"
                    || c.reason == "NewReplicaSetCreated"
                    || c.reason == "FoundNewReplicaSet"
            });
            let deadline_left = match (rolling, d.spec.progress_deadline_seconds) {
                (Some(c), Some(pds)) if !d.spec.paused => c
                    .last_update_time
                    .map(|t| (t + Duration::seconds(i64::from(pds))) - now),
                _ => None,
            };
            deployments.push(DeploymentView {
                name: d.metadata.name.clone(),
                replicas: d.replicas(),
                strategy: format!("{:?}", d.spec.strategy.type_),
                paused: d.spec.paused,
                updated: d.status.updated_replicas,
                ready: d.status.ready_replicas,
                available: d.status.available_replicas,
                revision: d
                    .metadata
                    .annotation(REVISION_ANNOTATION)
                    .and_then(|r| r.parse().ok())
                    .unwrap_or(0),
                why: waiting_for_a_node(d, &lanes)
                    .or_else(|| why(d, &owned, new_rs, pods, max_pods, available, min_available)),
                replica_sets: lanes,
                budget,
                conditions: d
                    .status
                    .conditions
                    .iter()
                    .map(|c| ConditionView {
                        type_: c.type_.to_string(),
                        status: c.status.to_string(),
                        reason: c.reason.to_string(),
                        message: c.message.clone(),
                    })
                    .collect(),
                deadline_left,
            });
        }
        let used = used_per_node(store);
        let nodes = store
            .list::<Node>()
            .map(|n| {
                let (acpu, amem) = allocatable(n);
                let (ucpu, umem, _) = used.get(&n.metadata.name).copied().unwrap_or_default();
                let mut pods: Vec<(String, usize)> = store
                    .list::<Pod>()
                    .filter(|p| p.spec.node_name == n.metadata.name && is_pod_active(p))
                    .map(|p| (p.metadata.name.clone(), version_of(p.spec.image())))
                    .collect();
                crate::sort::sort(&mut pods);
                NodeView {
                    name: n.metadata.name.clone(),
                    cordoned: n.spec.unschedulable,
                    cpu: (ucpu as i64, acpu as i64),
                    memory: (
                        (umem / 1000 / 1_048_576) as i64,
                        (amem / 1000 / 1_048_576) as i64,
                    ),
                    pods,
                    labels: n
                        .metadata
                        .labels
                        .iter()
                        .filter(|(k, _)| !k.starts_with("kubernetes.io/"))
                        .map(|(k, v)| [k.as_str(), "=", v].concat())
                        .collect::<Vec<_>>()
                        .join(" "),
                    taints: n
                        .spec
                        .taints
                        .iter()
                        .filter(|t| t.key != TAINT_UNSCHEDULABLE)
                        .map(Taint::describe)
                        .collect::<Vec<_>>()
                        .join(" "),
                }
            })
            .collect();
        let events = last_seen(store.events.iter())
            .into_iter()
            .map(|e| EventView {
                id: e.id,
                last_seen: e.last_timestamp,
                type_: e.type_.to_string(),
                reason: e.reason.to_string(),
                object: e.object(),
                message: e.message.clone(),
                count: e.count,
            })
            .collect();
        let mut unowned: Vec<ReplicaSetView> = rs_list
            .iter()
            .filter(|r| r.metadata.controller_of().is_none())
            .map(|rs| lane(store, rs, false, now, &version_of))
            .collect();
        let mut orphans: Vec<&Pod> = store.orphan_pods().collect();
        if !orphans.is_empty() {
            by_age(&mut orphans);
            unowned.push(ReplicaSetView {
                name: String::new(),
                hash: String::new(),
                revision: 0,
                image: String::new(),
                version: 0,
                desired: 0,
                current: orphans.len() as i32,
                ready: orphans.iter().filter(|p| p.is_ready()).count() as i32,
                available: 0,
                is_new: false,
                change_cause: None,
                pods: orphans
                    .iter()
                    .map(|p| pod_view(p, 0, put_back(store, p), now, &version_of))
                    .collect(),
            });
        }
        ClusterView {
            now,
            deployments,
            unowned,
            nodes,
            events,
            images,
        }
    }
}

/// Ready pods of one ReplicaSet over the session: a point wherever the count or the revision
/// changed, as (time since the session start, ready, revision).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ReadySeries {
    pub name: String,
    /// The Deployment that owns the ReplicaSet.
    pub owner: String,
    pub image: String,
    pub points: Vec<(Duration, i32, i64)>,
}

/// What the rollout chart draws, recorded as the session passes each instant.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ReadyHistory {
    /// In order of first sighting.
    pub series: Vec<ReadySeries>,
}

/// One line of the chart, up to the playhead.
#[derive(Clone, Debug, PartialEq)]
pub struct ReadyLine {
    pub name: String,
    /// At the playhead (an undo gives an old ReplicaSet a new one).
    pub revision: i64,
    pub image: String,
    pub ready: i32,
    pub peak: i32,
    pub points: Vec<(Duration, i32)>,
}

/// Ready pods per ReplicaSet of one Deployment from the session's start to `end`.
#[derive(Clone, Debug, PartialEq)]
pub struct ReadyChart {
    pub end: Duration,
    /// The highest count drawn (at least 1).
    pub top: i32,
    pub lines: Vec<ReadyLine>,
    /// The chart in one sentence, for screen readers.
    pub summary: String,
}

impl ReadyHistory {
    /// Notes every ReplicaSet's ready count at `at`; one that is gone counts 0.
    pub fn record(&mut self, at: Duration, store: &Store) {
        let mut seen = vec![false; self.series.len()];
        for rs in store.list::<ReplicaSet>() {
            let (ready, revision) = (rs.status.ready_replicas, rs.revision());
            match self.series.iter().position(|s| s.name == rs.metadata.name) {
                Some(i) => {
                    seen[i] = true;
                    let s = &mut self.series[i];
                    if s.points
                        .last()
                        .is_none_or(|p| (p.1, p.2) != (ready, revision))
                    {
                        s.points.push((at, ready, revision));
                    }
                }
                None => {
                    seen.push(true);
                    self.series.push(ReadySeries {
                        name: rs.metadata.name.clone(),
                        owner: rs
                            .metadata
                            .controller_of()
                            .map(|o| o.name.clone())
                            .unwrap_or_default(),
                        image: rs.spec.template.spec.image().to_string(),
                        points: vec![(at, ready, revision)],
                    });
                }
            }
        }
        for (s, seen) in self.series.iter_mut().zip(seen) {
            match s.points.last() {
                Some(&(_, ready, revision)) if !seen && ready != 0 => {
                    s.points.push((at, 0, revision))
                }
                _ => {}
            }
        }
    }

    /// Drops what was recorded after `at` (a command in the past starts another future).
    pub fn forget_after(&mut self, at: Duration) {
        for s in &mut self.series {
            let keep = s.points.partition_point(|p| p.0 <= at);
            s.points.truncate(keep);
        }
        self.series.retain(|s| !s.points.is_empty());
    }

    /// The chart of `deployment`'s ReplicaSets up to `end`.
    pub fn chart(&self, deployment: &str, end: Duration) -> ReadyChart {
        let lines: Vec<ReadyLine> = self
            .series
            .iter()
            .filter(|s| s.owner == deployment)
            .filter_map(|s| {
                let upto = &s.points[..s.points.partition_point(|p| p.0 <= end)];
                let &(_, ready, revision) = upto.last()?;
                Some(ReadyLine {
                    name: s.name.clone(),
                    revision,
                    image: s.image.clone(),
                    ready,
                    peak: upto.iter().map(|p| p.1).max().unwrap_or(0),
                    points: upto.iter().map(|p| (p.0, p.1)).collect(),
                })
            })
            .collect();
        let top = lines.iter().map(|l| l.peak).max().unwrap_or(0).max(1);
        let parts: Vec<String> = lines
            .iter()
            .map(|l| {
                format!(
                    "rev {} {} now {} ready (peak {})",
                    l.revision, l.image, l.ready, l.peak
                )
            })
            .collect();
        let summary = if parts.is_empty() {
            format!("Ready pods of Deployment {deployment}: no ReplicaSets yet")
        } else {
            format!(
                "Ready pods per ReplicaSet revision of Deployment {deployment} over {end}: {}",
                parts.join("; ")
            )
        };
        ReadyChart {
            end,
            top,
            lines,
            summary,
        }
    }
}

/// The `EVENT_ROWS` events seen last, the latest first (ties: the one recorded later first).
/// An event counted again long after it was first recorded (a back-off, seen every few
/// minutes) comes back to the top, as `kubectl get events --sort-by=.lastTimestamp` puts it
/// at the bottom.
fn last_seen<'a>(events: impl Iterator<Item = &'a EventRecord>) -> Vec<&'a EventRecord> {
    let key = |e: &EventRecord| (e.last_timestamp, e.id);
    let mut top: Vec<&EventRecord> = Vec::with_capacity(EVENT_ROWS + 1);
    for e in events {
        if top.len() == EVENT_ROWS && top.last().is_some_and(|l| key(e) <= key(l)) {
            continue;
        }
        let at = top.partition_point(|t| key(t) > key(e));
        top.insert(at, e);
        top.truncate(EVENT_ROWS);
    }
    top
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sim::cluster::Cluster;

    fn container(name: &str, image: &str) -> Container {
        Container {
            name: name.into(),
            image: image.into(),
            ..Default::default()
        }
    }

    #[test]
    fn the_events_panel_shows_the_events_seen_last() {
        let mut c = Cluster::new(5);
        let crash = container("web", "demo/web:crash");
        c.create_deployment(Deployment::simple("crash", vec![crash], 1))
            .unwrap();
        c.advance(Duration::minutes(2));
        let nginx = container("nginx", "nginx:1.25");
        c.create_deployment(Deployment::simple("web", vec![nginx], 8))
            .unwrap();
        c.advance(Duration::minutes(1));
        let view = ClusterView::build(c.store(), c.now());
        let seen: Vec<Time> = view.events.iter().map(|e| e.last_seen).collect();
        assert_eq!(seen.len(), EVENT_ROWS);
        assert!(seen.windows(2).all(|w| w[0] >= w[1]), "latest first");
        // The crash loop's back-off, recorded first two minutes before the Deployment of
        // eight made some fifty events, is seen again since and so is still on the panel.
        assert!(
            view.events
                .iter()
                .any(|e| e.reason == "BackOff" && e.count > 1),
            "{:?}",
            view.events
                .iter()
                .map(|e| (&e.reason, e.count))
                .collect::<Vec<_>>()
        );
        let newest = c.store().events.iter().map(|e| e.last_timestamp).max();
        assert_eq!(seen.first().copied(), newest);
    }

    /// A rollout of three nginx pods from 1.25 to 1.26, recorded at every instant.
    fn rollout() -> (ReadyHistory, Duration) {
        let mut c = Cluster::new(5);
        let nginx = container("nginx", "nginx:1.25");
        c.create_deployment(Deployment::simple("web", vec![nginx], 3))
            .unwrap();
        let start = c.now();
        let mut h = ReadyHistory::default();
        let record = |c: &Cluster, h: &mut ReadyHistory| h.record(c.now() - start, c.store());
        c.advance(Duration::seconds(30));
        record(&c, &mut h);
        let mut d = c.store().get::<Deployment>("web").unwrap().clone();
        d.spec.template.spec.containers[0].image = "nginx:1.26".into();
        c.update_deployment(d).unwrap();
        let changed_at = c.now() - start;
        while c.now() - start < Duration::seconds(120) && c.step().is_some() {
            record(&c, &mut h);
        }
        (h, changed_at)
    }

    #[test]
    fn the_ready_history_shows_two_revisions_crossing() {
        let (h, changed_at) = rollout();
        let chart = h.chart("web", Duration::seconds(120));
        let [old, new] = &chart.lines[..] else {
            panic!("two lines: {chart:?}");
        };
        assert_eq!((old.revision, old.image.as_str()), (1, "nginx:1.25"));
        assert_eq!((new.revision, new.image.as_str()), (2, "nginx:1.26"));
        assert_eq!(
            (old.ready, old.peak, new.ready, new.peak, chart.top),
            (0, 3, 3, 3, 3)
        );
        assert_eq!(old.points.first(), Some(&(Duration::seconds(30), 3)));
        for line in [old, new] {
            assert!(
                line.points
                    .windows(2)
                    .all(|w| w[0].1 != w[1].1 && w[0].0 <= w[1].0),
                "a point only where the count changed, in time order: {line:?}"
            );
        }
        assert!(
            chart.summary.contains(
                "rev 1 nginx:1.25 now 0 ready (peak 3); rev 2 nginx:1.26 now 3 ready (peak 3)"
            ),
            "{}",
            chart.summary
        );
        let early = h.chart("web", changed_at);
        assert_eq!(early.lines.len(), 1, "up to the playhead only: {early:?}");
        assert_eq!(early.lines[0].ready, 3);
        assert!(h.chart("other", Duration::seconds(120)).lines.is_empty());
    }

    fn lane(stages: &[Stage]) -> ReplicaSetView {
        let pods = stages
            .iter()
            .enumerate()
            .map(|(i, &stage)| PodView {
                name: format!("web-1-{i:03}"),
                ready: "0/1".into(),
                status: "Running".into(),
                restarts: 0,
                node: "node-1".into(),
                stage,
                image: "nginx:1.25".into(),
                version: 0,
                has_readiness_probe: false,
                unschedulable: String::new(),
                relabel: None,
            })
            .collect();
        ReplicaSetView {
            name: "web-1".into(),
            hash: "1".into(),
            revision: 1,
            image: "nginx:1.25".into(),
            version: 0,
            desired: stages.len() as i32,
            current: stages.len() as i32,
            ready: 0,
            available: 0,
            is_new: true,
            change_cause: None,
            pods,
        }
    }

    #[test]
    fn a_large_lane_draws_the_pods_on_the_move_and_counts_the_rest() {
        let small = lane(&[Stage::Available; 3]);
        assert_eq!(
            small.cards(LANE_CARDS),
            (small.pods.iter().collect(), vec![])
        );

        // 200 pods: the 180 oldest available, 3 terminating among them, then 17 starting.
        let mut stages = vec![Stage::Available; 200];
        for i in [5, 50, 100] {
            stages[i] = Stage::Terminating;
        }
        for s in &mut stages[183..] {
            *s = Stage::Starting;
        }
        let big = lane(&stages);
        let (shown, hidden) = big.cards(24);
        let names: Vec<&str> = shown.iter().map(|p| &p.name[6..]).collect();
        assert_eq!(
            names,
            [
                "000", "001", "002", "003", "005", "050", "100", "183", "184", "185", "186", "187",
                "188", "189", "190", "191", "192", "193", "194", "195", "196", "197", "198", "199"
            ],
            "the moving pods, then the oldest available, in creation order"
        );
        assert_eq!(hidden, [(Stage::Available, 176)]);

        let moving = lane(&[[Stage::Starting; 30], [Stage::Failing; 30]].concat());
        let (shown, hidden) = moving.cards(24);
        assert_eq!(shown.len(), 24);
        assert!(shown.iter().all(|p| p.stage == Stage::Starting));
        assert_eq!(hidden, [(Stage::Starting, 6), (Stage::Failing, 30)]);
    }

    #[test]
    fn forgetting_a_future_keeps_the_past() {
        let (mut h, changed_at) = rollout();
        let whole = h.chart("web", changed_at);
        h.forget_after(changed_at);
        assert_eq!(h.chart("web", Duration::seconds(120)).lines, whole.lines);
        h.forget_after(Duration::millis(-1));
        assert!(h.series.is_empty());
    }
}

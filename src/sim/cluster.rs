//! The simulated cluster: the store (API server), the controllers, the scheduler and the
//! kubelets, driven by a discrete-event queue on the virtual clock. At each instant the
//! controllers run until nothing changes (as informers would wake them); then time jumps to
//! the next timer. Cost follows state changes, not the length of virtual time.

use super::api::*;
use super::controller::{Ctx, Requeue};
use super::deployment::{self, rollback::RollbackOutcome};
use super::kubelet::{Kubelet, Timer};
use super::rng::Pcg32;
use super::store::{set, ApiError, EventDraft, Kind, Name, ObjRef, Object, Seen, Store};
use super::time::{Duration, Time, SESSION_START};
use super::{defaults, replicaset, scheduler, validation};
use std::cmp::Reverse;
use std::collections::{BTreeMap, BTreeSet, BinaryHeap};

/// Something due at a time.
#[derive(Clone, Debug, PartialEq, Eq)]
enum Wakeup {
    Kubelet(Timer),
    Sync(ObjRef),
    /// A scheduled taint eviction of the pod falls due (`Cluster::evictions`).
    Evict(Name),
}

/// `nodeStatusReportFrequency`: a kubelet whose node status has not changed reports it (and
/// so its conditions' heartbeat times) every five minutes.
pub const NODE_STATUS_REPORT: Duration = Duration::minutes(5);

/// The timers, due first out first: the heap orders (time, sequence number) pairs, and each
/// pair names the slot of `wakeups` that holds what is due. The sequence number is unique, so
/// what is due never takes part in the order. A rollout of 10,000 replicas keeps over 8,000
/// timers queued: kept in the heap, each 72-byte wakeup was moved at every level of every
/// push and pop, and the heap was three times the size in the cache beside the pods.
#[derive(Clone, Debug, Default)]
struct TimerQueue {
    heap: BinaryHeap<Reverse<(Time, u64, u32)>>,
    wakeups: Vec<Option<Wakeup>>,
    /// Slots of `wakeups` emptied by a pop, for the next pushes to reuse.
    free: Vec<u32>,
}

impl TimerQueue {
    fn push(&mut self, at: Time, seq: u64, wakeup: Wakeup) {
        let slot = match self.free.pop() {
            Some(slot) => {
                self.wakeups[slot as usize] = Some(wakeup);
                slot
            }
            None => {
                self.wakeups.push(Some(wakeup));
                // Fewer than 2^32 timers: each is at least 24 bytes. (Not `try_from` and
                // `expect`: that brings an error's Debug into the bundle.)
                (self.wakeups.len() - 1) as u32
            }
        };
        self.heap.push(Reverse((at, seq, slot)));
    }

    /// When the next timer is due.
    fn next_at(&self) -> Option<Time> {
        self.heap.peek().map(|Reverse((at, _, _))| *at)
    }

    /// The next timer, if it is due no later than `at`.
    fn pop_due(&mut self, at: Time) -> Option<(Time, Wakeup)> {
        if self.next_at()? > at {
            return None;
        }
        let Reverse((due, _, slot)) = self.heap.pop().expect("peeked");
        self.free.push(slot);
        let wakeup = self.wakeups[slot as usize].take().expect("a queued slot");
        Some((due, wakeup))
    }
}

/// Counters for benchmarks and the UI.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Stats {
    /// Timers fired.
    pub wakeups: u64,
    /// Controller passes run.
    pub syncs: u64,
    /// Distinct instants at which timers fired.
    pub instants: u64,
}

/// The number a node's name ends with (`node-2`: 2; 0 for a name without one). As in a kind
/// cluster, the node's address is `172.18.0.<n+1>` and its pods' are in `10.244.<n>.0/24`.
pub fn node_number(name: &str) -> u32 {
    name.rsplit('-')
        .next()
        .and_then(|x| x.parse().ok())
        .unwrap_or(0)
}

/// The node's `InternalIP`.
pub fn node_ip(name: &str) -> String {
    format!("172.18.0.{}", node_number(name) + 1)
}

/// The conditions a healthy node's kubelet reports, in its order: type, status, reason and
/// message.
const KUBELET_NODE_CONDITIONS: [(&str, &str, &str, &str); 4] = [
    (
        "MemoryPressure",
        "False",
        "KubeletHasSufficientMemory",
        "kubelet has sufficient memory available",
    ),
    (
        "DiskPressure",
        "False",
        "KubeletHasNoDiskPressure",
        "kubelet has no disk pressure",
    ),
    (
        "PIDPressure",
        "False",
        "KubeletHasSufficientPID",
        "kubelet has sufficient PID available",
    ),
    (
        "Ready",
        "True",
        "KubeletReady",
        "kubelet is posting ready status",
    ),
];

/// A node as its kubelet registers it at `now`: `cpu` and `memory` (the default cluster's
/// are 4 CPUs and 8 GiB), room for 110 pods, the kubelet's four conditions, its addresses,
/// system info and pod range.
pub fn new_node(name: &str, cpu: &str, memory: &str, now: Time) -> Node {
    let resources: BTreeMap<String, String> = crate::sort::map_of(
        [("cpu", cpu), ("memory", memory), ("pods", "110")]
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string())),
    );
    // Made up, but the same for the same name on every run.
    let mut ids = Pcg32::new(name.bytes().fold(0xcbf2_9ce4_8422_2325, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    }));
    let mut hex = |digits: usize| -> String {
        (0..digits)
            .map(|_| char::from(b"0123456789abcdef"[ids.below(16) as usize]))
            .collect()
    };
    let mut uuid = || format!("{}-{}-{}-{}-{}", hex(8), hex(4), hex(4), hex(4), hex(12));
    let (system_uuid, boot_id) = (uuid(), uuid());
    let cidr = format!("10.244.{}.0/24", node_number(name));
    Node {
        metadata: ObjectMeta {
            name: name.to_string(),
            labels: crate::sort::map_of([
                ("kubernetes.io/hostname".to_string(), name.to_string()),
                ("kubernetes.io/os".to_string(), "linux".to_string()),
            ])
            .into(),
            ..Default::default()
        },
        spec: NodeSpec {
            pod_cidr: cidr.clone(),
            pod_cidrs: vec![cidr],
            ..Default::default()
        },
        status: NodeStatus {
            capacity: resources.clone(),
            allocatable: resources,
            conditions: KUBELET_NODE_CONDITIONS
                .iter()
                .map(|&(type_, status, reason, message)| NodeCondition {
                    type_: Text::Borrowed(type_),
                    status: Text::Borrowed(status),
                    last_heartbeat_time: Some(now),
                    last_transition_time: Some(now),
                    reason: Text::Borrowed(reason),
                    message: Text::Borrowed(message),
                })
                .collect(),
            addresses: vec![
                NodeAddress {
                    type_: Text::Borrowed("InternalIP"),
                    address: node_ip(name),
                },
                NodeAddress {
                    type_: Text::Borrowed("Hostname"),
                    address: name.to_string(),
                },
            ],
            node_info: NodeSystemInfo {
                machine_id: hex(32),
                system_uuid,
                boot_id,
                kernel_version: Text::Borrowed("6.1.0-rollout-lab"),
                os_image: Text::Borrowed("Debian GNU/Linux 12 (bookworm)"),
                container_runtime_version: Text::Borrowed("containerd://1.7.24"),
                kubelet_version: Text::Borrowed(KUBELET_VERSION),
                operating_system: Text::Borrowed("linux"),
                architecture: Text::Borrowed("amd64"),
            },
        },
        ..Default::default()
    }
}

#[derive(Clone)]
pub struct Cluster {
    store: Store,
    now: Time,
    rng: Pcg32,
    seed: u64,
    kubelet: Kubelet,
    queue: TimerQueue,
    seq: u64,
    /// The earliest resync queued for each object (later duplicates are dropped). An entry no
    /// later than now has fired: resyncs are queued only after every wakeup due by now has
    /// been taken off the queue. Entries are overwritten, never removed: removal would bring a
    /// B-tree's rebalancing code for this key type into the bundle (1.3 KB gzipped).
    scheduled: BTreeMap<ObjRef, Time>,
    /// The taint-eviction controller's queue: a pod that tolerates its node's NoExecute
    /// taints only for a while goes when the shortest `tolerationSeconds` run out. Few at a
    /// time, so a vector.
    evictions: Vec<Eviction>,
    /// When each node's kubelet next reports its status. Kept apart from the timers: a
    /// heartbeat changes nothing a learner steps to (`next_event_time` leaves them out), but
    /// time passing over one runs it.
    node_reports: Vec<(String, Time)>,
    pub stats: Stats,
}

/// A scheduled taint eviction: of `pod`, first scheduled at `since`, due `at`.
#[derive(Clone, Debug)]
struct Eviction {
    pod: String,
    since: Time,
    at: Time,
}

impl Cluster {
    /// An empty cluster of three nodes (4 CPUs and 8 GiB each) at the session start.
    pub fn new(seed: u64) -> Cluster {
        let mut c = Cluster {
            store: Store::default(),
            now: SESSION_START,
            rng: Pcg32::new(seed),
            seed,
            kubelet: Kubelet::default(),
            queue: TimerQueue::default(),
            seq: 0,
            scheduled: BTreeMap::new(),
            evictions: Vec::new(),
            node_reports: Vec::new(),
            stats: Stats::default(),
        };
        for i in 1..=3 {
            let name = format!("node-{i}");
            let node = new_node(&name, "4", "8Gi", c.now);
            // Three new names in a fresh store: nothing to refuse. (Not `expect`: that would
            // bring `ApiError`'s Debug into the bundle for a message never printed.)
            let created = c.store.create(node, c.now).is_ok();
            debug_assert!(created, "a fresh store takes the default nodes");
            c.node_reported(&name);
        }
        c.reconcile();
        c
    }

    pub fn store(&self) -> &Store {
        &self.store
    }

    pub fn now(&self) -> Time {
        self.now
    }

    pub fn seed(&self) -> u64 {
        self.seed
    }

    fn push(&mut self, at: Time, wakeup: Wakeup) {
        if let Wakeup::Sync(r) = &wakeup {
            debug_assert!(
                self.queue.next_at().is_none_or(|t| t > self.now),
                "resyncs are queued once every wakeup due by now has fired"
            );
            if self
                .scheduled
                .get(r)
                .is_some_and(|t| *t > self.now && *t <= at)
            {
                return;
            }
            self.scheduled.insert(r.clone(), at);
        }
        self.seq += 1;
        self.queue.push(at, self.seq, wakeup);
    }

    fn push_timers(&mut self, timers: Vec<Timer>) {
        for t in timers {
            let at = t.at;
            self.push(at, Wakeup::Kubelet(t));
        }
    }

    fn requeue(&mut self, r: ObjRef, requeue: Requeue) {
        if let Some(after) = requeue {
            // Upstream's rate limiter never requeues sooner than a few milliseconds.
            let at = self.now + after.max(Duration::millis(5));
            self.push(at, Wakeup::Sync(r));
        }
    }

    /// Runs the controllers at the current instant until nothing changes.
    fn reconcile(&mut self) {
        for _round in 0..1000 {
            let mut dirty = self.store.take_dirty();
            if dirty.is_empty() {
                self.store.recycle_dirty(dirty);
                return;
            }
            let mut rs_sync: BTreeSet<Name> = BTreeSet::new();
            let mut deploy_sync: BTreeSet<Name> = BTreeSet::new();
            let mut schedule = false;
            let mut admit = Vec::new();
            let mut orphans: Vec<Name> = Vec::new();
            for r in dirty.drain(..) {
                match r.kind {
                    Kind::Pod => {
                        // What the pod's last write left, as the store noted it; looked up
                        // only when it noted nothing.
                        let look_up = || {
                            self.store.get_named::<Pod>(&r.name).map(|p| {
                                (
                                    p.metadata.controller_of().map(|o| Name::new(&o.name)),
                                    !p.spec.node_name.is_empty(),
                                    p.metadata.deletion_timestamp.is_some(),
                                )
                            })
                        };
                        let pod = match r.seen() {
                            Seen::Gone => None,
                            Seen::Stored {
                                controller,
                                bound,
                                deleting,
                            } => Some((
                                controller.map(|c| Name::new(self.store.controller_name(c))),
                                bound,
                                deleting,
                            )),
                            Seen::Unknown => look_up(),
                        };
                        debug_assert_eq!(pod, look_up(), "the store's note on {:?}", r.name);
                        match pod {
                            Some((controller, bound, deleting)) => {
                                match controller {
                                    Some(controller) => {
                                        rs_sync.insert(controller);
                                    }
                                    // An orphan: the ReplicaSets that select it may adopt
                                    // it (`getPodReplicaSets`).
                                    None => orphans.push(r.name.clone()),
                                }
                                if !bound {
                                    schedule = true;
                                } else if !self.kubelet.pods.contains_key(&r.name) && !deleting {
                                    admit.push(r.name.as_str().to_string());
                                }
                            }
                            None => schedule = true,
                        }
                    }
                    Kind::ReplicaSet => {
                        if let Some(rs) = self.store.get_named::<ReplicaSet>(&r.name) {
                            match rs.metadata.controller_of() {
                                Some(owner) => {
                                    deploy_sync.insert(Name::new(&owner.name));
                                }
                                // An orphan: the Deployments that select it may adopt it
                                // (`getDeploymentsForReplicaSet`).
                                None => {
                                    for d in self.store.list::<Deployment>() {
                                        if d.spec.selector.matches(&rs.metadata.labels) {
                                            deploy_sync.insert(Name::new(&d.metadata.name));
                                        }
                                    }
                                }
                            }
                        }
                        rs_sync.insert(r.name);
                    }
                    Kind::Deployment => {
                        deploy_sync.insert(r.name);
                    }
                    Kind::Node => schedule = true,
                }
            }
            self.store.recycle_dirty(dirty);
            for pod in orphans {
                let Some(pod) = self.store.get_named::<Pod>(&pod) else {
                    continue;
                };
                for rs in self.store.list::<ReplicaSet>() {
                    if rs.spec.selector.matches(&pod.metadata.labels) {
                        rs_sync.insert(Name::new(&rs.metadata.name));
                    }
                }
            }
            for name in rs_sync {
                let mut ctx = Ctx {
                    store: &mut self.store,
                    now: self.now,
                    rng: &mut self.rng,
                    requeue: None,
                };
                let out = replicaset::sync_replica_set(&mut ctx, name.as_str());
                let requeue = ctx.requeue;
                self.stats.syncs += 1;
                for pod in out.delete {
                    let timers = self.kubelet.terminate(
                        &mut self.store,
                        &pod,
                        None,
                        self.now,
                        &mut self.rng,
                    );
                    self.push_timers(timers);
                }
                self.requeue(
                    ObjRef {
                        kind: Kind::ReplicaSet,
                        name,
                    },
                    requeue,
                );
            }
            for name in deploy_sync {
                let mut ctx = Ctx {
                    store: &mut self.store,
                    now: self.now,
                    rng: &mut self.rng,
                    requeue: None,
                };
                let requeue = deployment::sync_deployment(&mut ctx, name.as_str());
                self.stats.syncs += 1;
                self.requeue(
                    ObjRef {
                        kind: Kind::Deployment,
                        name,
                    },
                    requeue,
                );
            }
            if schedule {
                let bound = scheduler::schedule(&mut self.store, self.now);
                // A pod placed on a node with NoExecute taints (it tolerates them) may have
                // only so long there.
                let no_execute = |n: &Node| n.spec.taints.iter().any(|t| t.effect == "NoExecute");
                if !bound.is_empty() && self.store.list::<Node>().any(no_execute) {
                    for pod in &bound {
                        self.taint_eviction(pod);
                    }
                }
                admit.extend(bound);
            }
            for pod in admit {
                let timers = self
                    .kubelet
                    .admit(&mut self.store, &pod, self.now, &mut self.rng);
                self.push_timers(timers);
            }
        }
        debug_assert!(false, "controllers did not settle at {}", self.now);
    }

    /// When the next timer is due, if any.
    pub fn next_event_time(&self) -> Option<Time> {
        self.queue.next_at()
    }

    /// Processes every timer due at the next instant (no later than `limit`); returns it.
    fn fire_next(&mut self, limit: Time) -> Option<Time> {
        let report = self.node_reports.iter().map(|(_, at)| *at).min();
        let at = match (self.next_event_time(), report) {
            (Some(a), Some(b)) => a.min(b),
            (a, b) => a.or(b)?,
        };
        if at > limit {
            return None;
        }
        self.now = self.now.max(at);
        self.stats.instants += 1;
        if report == Some(at) {
            self.report_node_statuses();
        }
        while let Some((_, wakeup)) = self.queue.pop_due(at) {
            self.stats.wakeups += 1;
            match wakeup {
                Wakeup::Kubelet(timer) => {
                    if timer.step == super::kubelet::Step::Stopped {
                        if let Some(owner) = self.owner_of(timer.pod.as_str()) {
                            self.store.touch(Kind::ReplicaSet, &owner);
                        }
                    }
                    let timers =
                        self.kubelet
                            .fire(&mut self.store, &timer, self.now, &mut self.rng);
                    self.push_timers(timers);
                }
                Wakeup::Sync(r) => {
                    self.store.touch(r.kind, r.name.as_str());
                }
                Wakeup::Evict(pod) => {
                    let due = self
                        .evictions
                        .iter()
                        .position(|e| e.pod == pod.as_str() && e.at == self.now);
                    if let Some(i) = due {
                        self.evictions.remove(i);
                        self.evict(pod.as_str());
                    }
                }
            }
        }
        // Everything due at this instant has happened; the controllers react once.
        self.reconcile();
        Some(at)
    }

    fn owner_of(&self, pod: &str) -> Option<String> {
        self.store
            .get::<Pod>(pod)
            .and_then(|p| p.metadata.controller_of())
            .map(|o| o.name.clone())
    }

    /// Moves the clock forward by `by`, running everything due on the way.
    pub fn advance(&mut self, by: Duration) {
        let target = self.now + by;
        self.run_until(target);
    }

    pub fn run_until(&mut self, target: Time) {
        self.reconcile();
        while self.fire_next(target).is_some() {}
        self.now = self.now.max(target);
        self.reconcile();
    }

    /// Runs the next instant at which anything is due; returns it.
    pub fn step(&mut self) -> Option<Time> {
        self.reconcile();
        self.fire_next(Time(i64::MAX))
    }

    // ---- The API server's side of commands --------------------------------------------------

    /// `POST deployments`: defaulting, validation, then the store.
    pub fn create_deployment(&mut self, mut d: Deployment) -> Result<(), ApiError> {
        defaults::set_defaults_deployment(&mut d);
        validation::validate_deployment(&d)?;
        if self.store.contains::<Deployment>(&d.metadata.name) {
            return Err(ApiError::AlreadyExists {
                resource: Kind::Deployment.resource(),
                name: d.metadata.name,
            });
        }
        d.status = DeploymentStatus::default();
        self.store.create(d, self.now)?;
        self.reconcile();
        Ok(())
    }

    /// `PUT deployments/NAME`: labels, annotations and spec from `d`; status kept. As the API
    /// server's `PrepareForUpdate`, a change of the spec *or of the annotations* bumps
    /// `metadata.generation` (the controller's own annotation writes go through `/status`,
    /// which does not).
    pub fn update_deployment(&mut self, d: Deployment) -> Result<(), ApiError> {
        let name = d.metadata.name.clone();
        let current = self
            .store
            .get::<Deployment>(&name)
            .cloned()
            .ok_or_else(|| Store::not_found::<Deployment>(&name))?;
        let mut next = current.clone();
        next.metadata.labels = d.metadata.labels;
        next.metadata.annotations = d.metadata.annotations;
        next.spec = d.spec;
        defaults::set_defaults_deployment(&mut next);
        validation::validate_deployment_update(&current, &next)?;
        let annotated = next.metadata.annotations != current.metadata.annotations;
        self.store.update_generation(next, annotated)?;
        self.reconcile();
        Ok(())
    }

    /// `PATCH` of an object's labels and annotations (`kubectl label`, `kubectl annotate`):
    /// the API server validates them and keeps `next`'s labels and annotations, nothing else
    /// of it. A Deployment's go through `update_deployment`.
    pub fn write_labels_and_annotations(
        &mut self,
        kind: Kind,
        name: &str,
        next: ObjectMeta,
    ) -> Result<(), ApiError> {
        match kind {
            Kind::Deployment => {
                let mut d = self
                    .store
                    .get::<Deployment>(name)
                    .cloned()
                    .ok_or_else(|| Store::not_found::<Deployment>(name))?;
                d.metadata.labels = next.labels;
                d.metadata.annotations = next.annotations;
                self.update_deployment(d)
            }
            Kind::ReplicaSet => self.write_labels_and_annotations_of::<ReplicaSet>(name, next),
            Kind::Pod => self.write_labels_and_annotations_of::<Pod>(name, next),
            Kind::Node => self.write_labels_and_annotations_of::<Node>(name, next),
        }
    }

    fn write_labels_and_annotations_of<T: Object>(
        &mut self,
        name: &str,
        mut next: ObjectMeta,
    ) -> Result<(), ApiError> {
        let causes = validation::metadata_errors(&next, "metadata");
        if !causes.is_empty() {
            return Err(ApiError::Invalid {
                kind: T::KIND.name(),
                name: name.to_string(),
                causes,
            });
        }
        self.store.modify_metadata::<T>(name, &mut |m| {
            let labels = set(&mut m.labels, std::mem::take(&mut next.labels));
            set(&mut m.annotations, std::mem::take(&mut next.annotations)) | labels
        })?;
        self.reconcile();
        Ok(())
    }

    /// Deletes a Deployment and, as the garbage collector would, its ReplicaSets and pods.
    pub fn delete_deployment(&mut self, name: &str) -> Result<(), ApiError> {
        let d = self.store.delete::<Deployment>(name)?;
        let owned: Vec<ReplicaSet> = self
            .store
            .list::<ReplicaSet>()
            .filter(|rs| {
                rs.metadata
                    .controller_of()
                    .is_some_and(|o| o.uid == d.metadata.uid)
            })
            .cloned()
            .collect();
        for rs in owned {
            self.remove_replica_set(&rs);
        }
        self.reconcile();
        Ok(())
    }

    /// Deletes a ReplicaSet and, as the garbage collector would, its pods.
    fn remove_replica_set(&mut self, rs: &ReplicaSet) {
        let pods: Vec<String> = replicaset::pods_of(&self.store, rs)
            .iter()
            .map(|p| p.metadata.name.clone())
            .collect();
        let _ = self.store.delete::<ReplicaSet>(&rs.metadata.name);
        for p in pods {
            let timers = self
                .kubelet
                .terminate(&mut self.store, &p, None, self.now, &mut self.rng);
            self.push_timers(timers);
        }
    }

    /// `kubectl delete rs`: the ReplicaSet and its pods go; a Deployment that owned it makes
    /// it again (its template still asks for it), with new pods.
    pub fn delete_replica_set(&mut self, name: &str) -> Result<(), ApiError> {
        let rs = self
            .store
            .get::<ReplicaSet>(name)
            .cloned()
            .ok_or_else(|| Store::not_found::<ReplicaSet>(name))?;
        let owner = rs.metadata.controller_of().map(|o| o.name.clone());
        self.remove_replica_set(&rs);
        if let Some(d) = owner {
            self.store.touch(Kind::Deployment, &d);
        }
        self.reconcile();
        Ok(())
    }

    /// `kubectl scale rs`: the scale subresource sets `spec.replicas`. A Deployment that owns
    /// the ReplicaSet scales it back at once, as its controller does.
    pub fn scale_replica_set(&mut self, name: &str, replicas: i32) -> Result<(), ApiError> {
        self.store
            .modify::<ReplicaSet>(name, |rs| rs.spec.replicas = replicas)?;
        self.reconcile();
        Ok(())
    }

    /// `kubectl delete pod`: graceful termination, for `grace` seconds if given (0: forced,
    /// gone at once); the ReplicaSet replaces it.
    pub fn delete_pod(&mut self, name: &str, grace: Option<i64>) -> Result<(), ApiError> {
        self.terminate_pod(name, grace)?;
        self.reconcile();
        Ok(())
    }

    /// `delete_pod` without the controllers' reaction (the caller reconciles).
    fn terminate_pod(&mut self, name: &str, grace: Option<i64>) -> Result<(), ApiError> {
        let pod = self
            .store
            .get::<Pod>(name)
            .ok_or_else(|| Store::not_found::<Pod>(name))?;
        // A pod already terminating can still be deleted by force.
        if pod.metadata.deletion_timestamp.is_none() || grace == Some(0) {
            let owner = pod.metadata.controller_of().map(|o| o.name.clone());
            let timers =
                self.kubelet
                    .terminate(&mut self.store, name, grace, self.now, &mut self.rng);
            self.push_timers(timers);
            if let Some(o) = owner {
                self.store.touch(Kind::ReplicaSet, &o);
            }
        }
        Ok(())
    }

    pub fn set_unschedulable(&mut self, node: &str, unschedulable: bool) -> Result<(), ApiError> {
        self.cordon(node, unschedulable)?;
        self.reconcile();
        Ok(())
    }

    /// `kubectl cordon` / `uncordon`, and what follows in a real cluster within seconds: the
    /// node lifecycle controller adds or removes the `node.kubernetes.io/unschedulable`
    /// taint, and the node's kubelet records `NodeNotSchedulable` / `NodeSchedulable`
    /// (about the node by its name, as kubelets do, with the name for a uid).
    fn cordon(&mut self, node: &str, unschedulable: bool) -> Result<(), ApiError> {
        let was = self
            .store
            .get::<Node>(node)
            .ok_or_else(|| Store::not_found::<Node>(node))?
            .spec
            .unschedulable;
        let now = self.now;
        self.store.modify::<Node>(node, |n| {
            n.spec.unschedulable = unschedulable;
            n.spec.taints.retain(|t| t.key != TAINT_UNSCHEDULABLE);
            if unschedulable {
                n.spec.taints.push(Taint {
                    key: TAINT_UNSCHEDULABLE.into(),
                    effect: "NoSchedule".into(),
                    time_added: Some(now),
                    ..Default::default()
                });
            }
        })?;
        if was != unschedulable {
            let reason = if unschedulable {
                "NodeNotSchedulable"
            } else {
                "NodeSchedulable"
            };
            let mut event = EventDraft::normal(
                reason,
                format!("Node {node} status is now: {reason}"),
                "kubelet",
            );
            event.host = Some(self.store.event_host(node));
            self.store
                .record_event_for(Kind::Node, node, node, event, now);
        }
        Ok(())
    }

    /// Replaces a node's taints (`kubectl taint`); then the taint-eviction controller looks
    /// again at every pod on the node (`taint_eviction`).
    pub fn set_taints(&mut self, node: &str, taints: Vec<Taint>) -> Result<(), ApiError> {
        self.store
            .modify::<Node>(node, |n| n.spec.taints = taints)?;
        for pod in self.live_pods_on(node) {
            self.taint_eviction(&pod);
        }
        self.reconcile();
        Ok(())
    }

    /// `processPodOnNode`: what its node's NoExecute taints mean for a pod now. One it does
    /// not tolerate evicts it at once. Tolerated for a while (`tolerationSeconds`, the
    /// shortest of the tolerations used), it is evicted when that runs out, counted from the
    /// first time it was scheduled; tolerated for good, or with no such taint left, a
    /// scheduled eviction is cancelled (`Cancelling deletion of Pod …`).
    fn taint_eviction(&mut self, name: &str) {
        let Some(pod) = self.store.get::<Pod>(name) else {
            return;
        };
        if pod.metadata.deletion_timestamp.is_some() {
            return;
        }
        let taints: Vec<&Taint> = self
            .store
            .get::<Node>(&pod.spec.node_name)
            .map(|n| {
                n.spec
                    .taints
                    .iter()
                    .filter(|t| t.effect == "NoExecute")
                    .collect()
            })
            .unwrap_or_default();
        // `GetMatchingTolerations`: for each taint, the first toleration of it.
        let used: Option<Vec<&Toleration>> = taints
            .iter()
            .map(|t| pod.spec.tolerations.iter().find(|tol| tol.tolerates(t)))
            .collect();
        // `getMinTolerationTime`: None for "forever".
        let wait = |used: &[&Toleration]| {
            used.iter()
                .filter_map(|t| t.toleration_seconds)
                .map(|s| s.max(0))
                .min()
        };
        let now = self.now;
        let scheduled = self.evictions.iter().position(|e| e.pod == name);
        match used {
            _ if taints.is_empty() => self.cancel_eviction(scheduled),
            None => {
                self.cancel_eviction(scheduled);
                self.evict(name);
            }
            Some(used) => match wait(&used) {
                None => self.cancel_eviction(scheduled),
                Some(seconds) => {
                    let mut since = now;
                    if let Some(i) = scheduled {
                        since = self.evictions[i].since;
                        // Upstream keeps an eviction scheduled earlier as it was.
                        if since < now {
                            return;
                        }
                        self.cancel_eviction(Some(i));
                    }
                    let at = now + Duration::seconds(seconds);
                    self.evictions.push(Eviction {
                        pod: name.to_string(),
                        since,
                        at,
                    });
                    self.push(at, Wakeup::Evict(Name::new(name)));
                }
            },
        }
    }

    /// `cancelWorkWithEvent`: drops the scheduled eviction, if any, and says so.
    fn cancel_eviction(&mut self, scheduled: Option<usize>) {
        let Some(i) = scheduled else {
            return;
        };
        let e = self.evictions.remove(i);
        self.store.record_event(
            &ObjRef::new(Kind::Pod, &e.pod),
            EventDraft::normal(
                "TaintManagerEviction",
                format!("Cancelling deletion of Pod default/{}", e.pod),
                "taint-eviction-controller",
            ),
            self.now,
        );
    }

    /// The taint-eviction controller's deletion: marked (`TaintManagerEviction`), then
    /// terminated gracefully, for its ReplicaSet to replace. The caller reconciles.
    fn evict(&mut self, pod: &str) {
        if self
            .store
            .get::<Pod>(pod)
            .is_none_or(|p| p.metadata.deletion_timestamp.is_some())
        {
            return;
        }
        self.store.record_event(
            &ObjRef::new(Kind::Pod, pod),
            EventDraft::normal(
                "TaintManagerEviction",
                format!("Marking for deletion Pod default/{pod}"),
                "taint-eviction-controller",
            ),
            self.now,
        );
        let _ = self.terminate_pod(pod, None);
    }

    /// The pods bound to `node` and not terminating, in name order.
    fn live_pods_on(&self, node: &str) -> Vec<String> {
        self.store
            .list::<Pod>()
            .filter(|p| p.spec.node_name == node && p.metadata.deletion_timestamp.is_none())
            .map(|p| p.metadata.name.clone())
            .collect()
    }

    /// `kubectl drain`: cordon, then evict every pod on the node, each for `grace` seconds if
    /// given, else its own grace period. Returns the evicted pods.
    pub fn drain(&mut self, node: &str, grace: Option<i64>) -> Result<Vec<String>, ApiError> {
        self.cordon(node, true)?;
        let pods = self.live_pods_on(node);
        for p in &pods {
            self.delete_pod(p, grace)?;
        }
        self.reconcile();
        Ok(pods)
    }

    /// The node disappears (a machine lost): its pods are gone at once and get replaced.
    pub fn remove_node(&mut self, node: &str) -> Result<(), ApiError> {
        self.store.delete::<Node>(node)?;
        let pods: Vec<(String, Option<String>)> = self
            .store
            .list::<Pod>()
            .filter(|p| p.spec.node_name == node)
            .map(|p| {
                (
                    p.metadata.name.clone(),
                    p.metadata.controller_of().map(|o| o.name.clone()),
                )
            })
            .collect();
        for (p, owner) in pods {
            self.kubelet.pods.remove(&Name::new(&p));
            let _ = self.store.delete::<Pod>(&p);
            if let Some(o) = owner {
                self.store.touch(Kind::ReplicaSet, &o);
            }
        }
        self.reconcile();
        Ok(())
    }

    /// Adds a node, or resizes an existing one.
    pub fn put_node(&mut self, name: &str, cpu: &str, memory: &str) -> Result<(), ApiError> {
        for (what, q) in [("cpu", cpu), ("memory", memory)] {
            if super::quantity::parse(q).is_none_or(|v| v <= 0) {
                return Err(ApiError::Invalid {
                    kind: "Node",
                    name: name.to_string(),
                    causes: vec![format!("status.capacity[{what}]: Invalid value: {q:?}: must be a positive quantity")],
                });
            }
        }
        let fresh = new_node(name, cpu, memory, self.now);
        if self.store.contains::<Node>(name) {
            // A resize: the same kubelet, reporting other room at once (a changed status is
            // reported at the next 10 s tick, and this one is it), with new heartbeat times.
            let now = self.now;
            self.store.modify::<Node>(name, |n| {
                n.status.capacity = fresh.status.capacity.clone();
                n.status.allocatable = fresh.status.allocatable.clone();
                for c in &mut n.status.conditions {
                    c.last_heartbeat_time = Some(now);
                }
            })?;
        } else {
            self.store.create(fresh, self.now)?;
        }
        self.node_reported(name);
        self.reconcile();
        Ok(())
    }

    /// Notes that the node's kubelet reported its status now: the next report is due in
    /// `NODE_STATUS_REPORT`.
    fn node_reported(&mut self, node: &str) {
        let next = self.now + NODE_STATUS_REPORT;
        match self.node_reports.iter_mut().find(|(n, _)| n == node) {
            Some(entry) => entry.1 = next,
            None => self.node_reports.push((node.to_string(), next)),
        }
    }

    /// `tryUpdateNodeStatus` for each kubelet whose report is due now and whose node status
    /// has not changed: its conditions' heartbeat times move to now. A removed node's
    /// kubelet reports no more.
    fn report_node_statuses(&mut self) {
        let now = self.now;
        let store = &mut self.store;
        self.node_reports.retain_mut(|(node, at)| {
            if *at != now {
                return true;
            }
            let reported = store.modify_status::<Node>(node, |status| {
                let mut changed = false;
                for c in &mut status.conditions {
                    changed |= set(&mut c.last_heartbeat_time, Some(now));
                }
                changed
            });
            *at = now + NODE_STATUS_REPORT;
            reported.is_ok()
        });
    }

    /// Fault: the pod's readiness probe fails from now on (or passes again).
    pub fn break_readiness(&mut self, pod: &str, broken: bool) -> Result<(), ApiError> {
        if !self.store.contains::<Pod>(pod) {
            return Err(Store::not_found::<Pod>(pod));
        }
        self.kubelet.break_readiness(pod, broken);
        Ok(())
    }

    /// Fault: the pod's container exits now.
    pub fn crash(&mut self, pod: &str) -> Result<(), ApiError> {
        if !self.store.contains::<Pod>(pod) {
            return Err(Store::not_found::<Pod>(pod));
        }
        if let Some(t) = self.kubelet.crash_now(pod, self.now) {
            self.push_timers(vec![t]);
            self.fire_next(self.now);
        }
        Ok(())
    }

    /// `kubectl rollout undo`: Ok(None) rolled back, Ok(Some(rev)) skipped, Err(kubectl words).
    pub fn rollback(&mut self, name: &str, to_revision: i64) -> Result<Option<i64>, String> {
        match deployment::rollback::rollback_deployment(&self.store, name, to_revision)? {
            RollbackOutcome::Skipped(rev) => Ok(Some(rev)),
            RollbackOutcome::RolledBack(d) => {
                self.update_deployment(*d)
                    .map_err(|e| format!("failed restoring revision {to_revision}: {e}"))?;
                Ok(None)
            }
        }
    }

    /// FNV-64 over the event log and every object, for determinism checks across targets.
    pub fn state_hash(&self) -> u64 {
        let mut h: u64 = 0xcbf2_9ce4_8422_2325;
        let text = serde_json::to_string(&(&self.store, self.now)).expect("the store serialises");
        for b in text.bytes() {
            h ^= u64::from(b);
            h = h.wrapping_mul(0x0000_0100_0000_01b3);
        }
        h
    }
}

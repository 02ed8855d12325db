//! The scheduler: binds pending pods to nodes that take them (NodeUnschedulable, NodeAffinity
//! for `nodeSelector`, NodeResourcesFit, in the default profile's order), preferring the least
//! allocated node. A pod that fits nowhere stays Pending with the scheduler's
//! `FailedScheduling` words.

use super::api::*;
use super::quantity;
use super::store::{set_str, EventDraft, Kind, ObjRef, Store};
use super::time::Time;
use std::cmp::Reverse;
use std::collections::{BTreeMap, BinaryHeap};

/// The scheduler's name as its events give their source.
pub const SCHEDULER: &str = "default-scheduler";

/// Requested (cpu millicores, memory milli-bytes) of a pod.
pub fn requests(pod: &Pod) -> (i128, i128) {
    let get = |key: &str| -> i128 {
        pod.spec
            .containers
            .iter()
            .filter_map(|c| c.resources.requests.get(key))
            .filter_map(|q| quantity::parse(q))
            .sum()
    };
    (get("cpu"), get("memory"))
}

/// Allocatable (cpu, memory) of a node, in the same units.
pub fn allocatable(node: &Node) -> (i128, i128) {
    let get = |key: &str| {
        node.status
            .allocatable
            .get(key)
            .or(node.status.capacity.get(key))
            .and_then(|q| quantity::parse(q))
            .unwrap_or(0)
    };
    (get("cpu"), get("memory"))
}

/// What is requested on each node by the pods bound there (terminating ones still hold room).
/// The store keeps the sums as pods are bound and deleted; debug builds check them against a
/// pass over every pod.
pub fn used_per_node(store: &Store) -> BTreeMap<String, (i128, i128, usize)> {
    let used = store.node_usage();
    #[cfg(debug_assertions)]
    {
        let mut counted: BTreeMap<String, (i128, i128, usize)> = BTreeMap::new();
        for p in store.list::<Pod>().filter(|p| !p.spec.node_name.is_empty()) {
            let (c, m) = requests(p);
            let e = counted.entry(p.spec.node_name.clone()).or_default();
            e.0 += c;
            e.1 += m;
            e.2 += 1;
        }
        assert_eq!(used, counted, "the store's node usage");
    }
    used
}

/// A node as one scheduling round sees it: parsed once, updated as pods land on it.
struct NodeRoom {
    name: String,
    unschedulable: bool,
    taints: Vec<Taint>,
    labels: Shared<Labels>,
    allocatable: (i128, i128),
    /// Requested by bound pods: (cpu, memory, pod count).
    used: (i128, i128, usize),
}

/// What the filters ask of a pod: its requests and its node selector. Pods of one
/// ReplicaSet ask the same.
#[derive(Clone, Debug, PartialEq)]
struct Ask {
    requests: (i128, i128),
    node_selector: Labels,
    tolerations: Shared<Vec<Toleration>>,
}

impl Ask {
    /// Whether this is what `pod` asks, without copying its selector: a round over a
    /// ReplicaSet's pods asks this once a pod (their tolerations are one shared list).
    fn is_of(&self, pod: &Pod, requests: (i128, i128)) -> bool {
        self.requests == requests
            && self.node_selector == pod.spec.node_selector
            && self.tolerations == pod.spec.tolerations
    }

    fn tolerates(&self, taint: &Taint) -> bool {
        self.tolerations.iter().any(|t| t.tolerates(taint))
    }
}

impl NodeRoom {
    /// Why the node cannot take the pod (the scheduler's words), if it can't. As the
    /// framework runs the filters, the first that fails gives the node's reasons.
    fn misfits(&self, ask: &Ask) -> Vec<Text> {
        // NodeUnschedulable lets through a pod that tolerates the cordon's taint.
        let cordon = Taint {
            key: TAINT_UNSCHEDULABLE.into(),
            effect: "NoSchedule".into(),
            ..Default::default()
        };
        if self.unschedulable && !ask.tolerates(&cordon) {
            return vec!["node(s) were unschedulable".into()];
        }
        // TaintToleration: the first NoSchedule or NoExecute taint the pod does not tolerate.
        let repels = |t: &&Taint| matches!(t.effect.as_str(), "NoSchedule" | "NoExecute");
        if let Some(t) = self
            .taints
            .iter()
            .filter(repels)
            .find(|t| !ask.tolerates(t))
        {
            return vec![
                format!("node(s) had untolerated taint {{{}: {}}}", t.key, t.value).into(),
            ];
        }
        let selected = ask
            .node_selector
            .iter()
            .all(|(k, v)| self.labels.get(k) == Some(v));
        if !selected {
            return vec!["node(s) didn't match Pod's node affinity/selector".into()];
        }
        let (cpu, mem) = ask.requests;
        let mut why = Vec::new();
        if self.used.0 + cpu > self.allocatable.0 {
            why.push("Insufficient cpu".into());
        }
        if self.used.1 + mem > self.allocatable.1 {
            why.push("Insufficient memory".into());
        }
        why
    }

    /// NodeResourcesLeastAllocated after placing the pod, in parts per million of each
    /// resource (lower is better), then fewer pods, then the name.
    fn score(&self, (cpu, mem): (i128, i128)) -> (i128, usize) {
        let frac = |u: i128, a: i128| if a > 0 { u * 1_000_000 / a } else { 0 };
        (
            frac(self.used.0 + cpu, self.allocatable.0)
                + frac(self.used.1 + mem, self.allocatable.1),
            self.used.2,
        )
    }
}

/// The feasible nodes for one ask, best first. Placing a pod changes one node's score, so a
/// round over many pods that ask the same (a ReplicaSet's) costs O(log nodes) per pod instead
/// of a pass over every node.
struct Ranking {
    ask: Ask,
    /// Least first. A heap, not an ordered set: the set's removal code for this key type
    /// alone cost 1 KB of the bundle.
    order: BinaryHeap<Reverse<((i128, usize), usize)>>,
}

impl Ranking {
    fn new(rooms: &[NodeRoom], ask: Ask) -> Ranking {
        let order = rooms
            .iter()
            .enumerate()
            .filter(|(_, r)| r.misfits(&ask).is_empty())
            .map(|(i, r)| Reverse((r.score(ask.requests), i)))
            .collect();
        Ranking { ask, order }
    }
}

/// One scheduling round over every unbound pod, oldest first. Returns the pods it bound.
pub fn schedule(store: &mut Store, now: Time) -> Vec<String> {
    let mut pending: Vec<(Option<Time>, String)> = store
        .unbound_pods()
        .map(|p| (p.metadata.creation_timestamp, p.metadata.name.clone()))
        .collect();
    if pending.is_empty() {
        return Vec::new();
    }
    // Listed in name order, so ordering by time alone, stably, orders by (time, name); pods
    // created together (a ReplicaSet's) usually come in order already.
    if pending.windows(2).any(|w| w[0].0 > w[1].0) {
        crate::sort::sort_by_key(&mut pending, |p| p.0);
    }
    let used = used_per_node(store);
    // Node names are unique and listed in name order, so the index breaks ties by name.
    let mut rooms: Vec<NodeRoom> = store
        .list::<Node>()
        .map(|n| NodeRoom {
            name: n.metadata.name.clone(),
            unschedulable: n.spec.unschedulable,
            taints: n.spec.taints.clone(),
            labels: n.metadata.labels.clone(),
            allocatable: allocatable(n),
            used: used.get(&n.metadata.name).copied().unwrap_or_default(),
        })
        .collect();
    let mut ranking: Option<Ranking> = None;
    let mut bound = Vec::new();
    for (_, name) in pending {
        let Some(pod) = store.get::<Pod>(&name) else {
            continue;
        };
        let requests = requests(pod);
        let rank = match ranking.take() {
            Some(r) if r.ask.is_of(pod, requests) => ranking.insert(r),
            _ => {
                let ask = Ask {
                    requests,
                    node_selector: pod.spec.node_selector.clone(),
                    tolerations: pod.spec.tolerations.clone(),
                };
                ranking.insert(Ranking::new(&rooms, ask))
            }
        };
        let (ask, req) = (&rank.ask, rank.ask.requests);
        let involved = ObjRef::new(Kind::Pod, &name);
        match rank.order.pop() {
            Some(Reverse((_, i))) => {
                let room = &mut rooms[i];
                room.used.0 += req.0;
                room.used.1 += req.1;
                room.used.2 += 1;
                if room.misfits(ask).is_empty() {
                    rank.order.push(Reverse((room.score(req), i)));
                }
                let node = room.name.clone();
                let _ = store.modify_spec_and_status::<Pod>(&name, |spec, status| {
                    (
                        set_str(&mut spec.node_name, &node),
                        set_scheduled(status, true, "", String::new(), now),
                    )
                });
                let msg = ["Successfully assigned default/", &name, " to ", &node].concat();
                store.record_event(
                    &involved,
                    EventDraft::normal("Scheduled", msg, SCHEDULER),
                    now,
                );
                bound.push(name);
            }
            None => {
                let msg = fit_error(&rooms, ask);
                let changed = store
                    .get::<Pod>(&name)
                    .and_then(|p| p.condition(POD_SCHEDULED))
                    .is_none_or(|c| c.message != msg);
                if changed {
                    let m = msg.clone();
                    let _ = store.modify_status::<Pod>(&name, |p| {
                        set_scheduled(p, false, "Unschedulable", m, now)
                    });
                    store.record_event(
                        &involved,
                        EventDraft::warning("FailedScheduling", msg, SCHEDULER),
                        now,
                    );
                }
            }
        }
    }
    bound
}

/// Why no node takes the pod, as `FitError.Error()` says it: how many nodes failed for each
/// reason, then what DefaultPreemption (PostFilter) found. Every pod here has priority 0, so
/// preemption finds no lower-priority victims on a node short of room, and does not help on
/// a node that a filter turned down for good (`UnschedulableAndUnresolvable`: cordoned,
/// tainted, not selected). Without nodes the scheduler stops before filtering
/// (`ErrNoNodesAvailable`).
fn fit_error(rooms: &[NodeRoom], ask: &Ask) -> String {
    if rooms.is_empty() {
        return "no nodes available to schedule pods".to_string();
    }
    let mut reasons: BTreeMap<Text, usize> = BTreeMap::new();
    let (mut unresolvable, mut short) = (0, 0);
    for room in rooms {
        let why = room.misfits(ask);
        if why.iter().all(|w| w.starts_with("Insufficient ")) {
            short += 1;
        } else {
            unresolvable += 1;
        }
        for w in why {
            *reasons.entry(w).or_default() += 1;
        }
    }
    let histogram = |mut parts: Vec<String>| {
        crate::sort::sort(&mut parts);
        parts.join(", ")
    };
    let filters = histogram(reasons.iter().map(|(r, n)| format!("{n} {r}")).collect());
    let preemption = histogram(
        [
            (unresolvable, "Preemption is not helpful for scheduling"),
            (short, "No preemption victims found for incoming pod"),
        ]
        .iter()
        .filter(|(n, _)| *n > 0)
        .map(|(n, r)| format!("{n} {r}"))
        .collect(),
    );
    let n = rooms.len();
    format!("0/{n} nodes are available: {filters}. preemption: 0/{n} nodes are available: {preemption}.")
}

/// Puts the PodScheduled condition last, as given; says whether that changed the conditions.
fn set_scheduled(
    p: &mut PodStatus,
    ok: bool,
    reason: &'static str,
    message: String,
    now: Time,
) -> bool {
    let status = if ok { "True" } else { "False" };
    let condition = Condition {
        type_: POD_SCHEDULED.into(),
        status: status.into(),
        last_transition_time: Some(now),
        reason: reason.into(),
        message,
        ..Default::default()
    };
    let scheduled = p.conditions.iter().filter(|c| c.type_ == POD_SCHEDULED);
    if scheduled.count() == 1 && p.conditions.last() == Some(&condition) {
        return false;
    }
    p.conditions.retain(|c| c.type_ != POD_SCHEDULED);
    p.conditions.push(condition);
    true
}

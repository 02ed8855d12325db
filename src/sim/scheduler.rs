//! The scheduler: binds pending pods to nodes that have room for their requests
//! (NodeResourcesFit, NodeUnschedulable), preferring the least allocated node. A pod that fits
//! nowhere stays Pending with the scheduler's `FailedScheduling` words.

use super::api::*;
use super::quantity;
use super::store::{EventDraft, Kind, ObjRef, Store};
use super::time::Time;
use std::collections::BTreeMap;

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
pub fn used_per_node(store: &Store) -> BTreeMap<String, (i128, i128, usize)> {
    let mut used: BTreeMap<String, (i128, i128, usize)> = BTreeMap::new();
    for p in store.list::<Pod>().filter(|p| !p.spec.node_name.is_empty()) {
        let (c, m) = requests(p);
        let e = used.entry(p.spec.node_name.clone()).or_default();
        e.0 += c;
        e.1 += m;
        e.2 += 1;
    }
    used
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
    pending.sort();
    let mut used = used_per_node(store);
    // Each node's name, cordon state and allocatable room, parsed once per round.
    let nodes: Vec<(String, bool, (i128, i128))> = store
        .list::<Node>()
        .map(|n| {
            (
                n.metadata.name.clone(),
                n.spec.unschedulable,
                allocatable(n),
            )
        })
        .collect();
    let mut bound = Vec::new();
    for (_, name) in pending {
        let Some(pod) = store.get::<Pod>(&name) else {
            continue;
        };
        let (cpu, mem) = requests(pod);
        let mut reasons: BTreeMap<String, usize> = BTreeMap::new();
        let mut best: Option<(i128, usize, &str)> = None;
        for (node_name, unschedulable, (acpu, amem)) in &nodes {
            let (acpu, amem) = (*acpu, *amem);
            let (ucpu, umem, count) = used.get(node_name).copied().unwrap_or_default();
            if *unschedulable {
                *reasons
                    .entry("node(s) were unschedulable".into())
                    .or_default() += 1;
                continue;
            }
            let mut fits = true;
            if ucpu + cpu > acpu {
                *reasons.entry("Insufficient cpu".into()).or_default() += 1;
                fits = false;
            }
            if umem + mem > amem {
                *reasons.entry("Insufficient memory".into()).or_default() += 1;
                fits = false;
            }
            if !fits {
                continue;
            }
            // Least allocated after placing the pod, in parts per million of each resource.
            let frac = |u: i128, a: i128| if a > 0 { u * 1_000_000 / a } else { 0 };
            let score = frac(ucpu + cpu, acpu) + frac(umem + mem, amem);
            let key = (score, count, node_name.as_str());
            if best.is_none_or(|b| key < b) {
                best = Some(key);
            }
        }
        let involved = ObjRef {
            kind: Kind::Pod,
            name: name.clone(),
        };
        match best {
            Some((_, _, node)) => {
                let node = node.to_string();
                let _ = store.modify::<Pod>(&name, |p| {
                    p.spec.node_name = node.clone();
                    set_scheduled(p, true, "", String::new(), now);
                });
                let e = used.entry(node.clone()).or_default();
                e.0 += cpu;
                e.1 += mem;
                e.2 += 1;
                let msg = format!("Successfully assigned default/{name} to {node}");
                store.record_event(
                    &involved,
                    EventDraft::normal("Scheduled", msg, "default-scheduler"),
                    now,
                );
                bound.push(name);
            }
            None => {
                let mut parts: Vec<String> =
                    reasons.iter().map(|(r, n)| format!("{n} {r}")).collect();
                parts.sort();
                let msg = format!(
                    "0/{} nodes are available: {}.",
                    nodes.len(),
                    parts.join(", ")
                );
                let changed = store
                    .get::<Pod>(&name)
                    .and_then(|p| p.condition(POD_SCHEDULED))
                    .is_none_or(|c| c.message != msg);
                if changed {
                    let m = msg.clone();
                    let _ = store
                        .modify::<Pod>(&name, |p| set_scheduled(p, false, "Unschedulable", m, now));
                    store.record_event(
                        &involved,
                        EventDraft::warning("FailedScheduling", msg, "default-scheduler"),
                        now,
                    );
                }
            }
        }
    }
    bound
}

fn set_scheduled(p: &mut Pod, ok: bool, reason: &str, message: String, now: Time) {
    let status = if ok { "True" } else { "False" };
    p.status.conditions.retain(|c| c.type_ != POD_SCHEDULED);
    p.status.conditions.push(Condition {
        type_: POD_SCHEDULED.into(),
        status: status.into(),
        last_transition_time: Some(now),
        reason: reason.into(),
        message,
        ..Default::default()
    });
}

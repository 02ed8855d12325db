//! The ReplicaSet controller, mirroring `pkg/controller/replicaset/replica_set.go`: create or
//! delete pods toward `spec.replicas`, and report replicas / ready / available.

use super::api::*;
use super::controller::Ctx;
use super::store::{set, Digest, EventDraft, Kind, Name, ObjRef, Phase, Store};
use super::time::{Duration, Time};

const POD_NAME_ALPHABET: &[u8] = b"bcdfghjklmnpqrstvwxz2456789";

/// `BurstReplicas`: the most pods one pass creates or deletes. The pass that follows, as
/// soon as the controller sees those writes, does the next ones.
pub const BURST_REPLICAS: i64 = 500;

/// `podutil.IsPodAvailable`: Ready for longer than minReadySeconds (upstream compares with
/// `Before`: at exactly minReadySeconds the pod is not available yet).
pub fn is_pod_available(pod: &Pod, min_ready_seconds: i32, now: Time) -> bool {
    let Some(c) = pod.condition(POD_READY).filter(|c| c.status == "True") else {
        return false;
    };
    min_ready_seconds == 0
        || c.last_transition_time
            .is_some_and(|t| t + Duration::seconds(i64::from(min_ready_seconds)) < now)
}

/// `controller.FilterActivePods`: not terminating, not finished.
pub fn is_pod_active(pod: &Pod) -> bool {
    pod.metadata.deletion_timestamp.is_none()
        && !matches!(pod.status.phase.as_str(), POD_SUCCEEDED | POD_FAILED)
}

/// The pods a ReplicaSet controls, by owner uid, in name order.
pub fn pods_of<'a>(store: &'a super::store::Store, rs: &ReplicaSet) -> Vec<&'a Pod> {
    store.owned_by::<Pod>(&rs.metadata.uid).collect()
}

/// One question about pods' labels (by their digests' label-set ids), answered once per
/// label set: a ReplicaSet's pods share a handful.
#[derive(Default)]
struct PerLabelSet(Vec<(u32, bool)>);

impl PerLabelSet {
    fn answer(
        &mut self,
        store: &super::store::Store,
        id: u32,
        question: impl Fn(&Labels) -> bool,
    ) -> bool {
        match self.0.iter().find(|(l, _)| *l == id) {
            Some(&(_, yes)) => yes,
            None => {
                let yes = question(store.label_set(id));
                self.0.push((id, yes));
                yes
            }
        }
    }
}

/// `claimPods` (`PodControllerRefManager.ClaimPods` over the active pods): releases the pods
/// this ReplicaSet controls that its selector no longer matches (a learner relabelled one to
/// take it out of service), and adopts the orphans it matches. A ReplicaSet being deleted
/// does neither. Upstream records no event for either.
fn claim_pods(ctx: &mut Ctx<'_>, name: &str) {
    let store = &*ctx.store;
    let Some(rs) = store.get::<ReplicaSet>(name) else {
        return;
    };
    if rs.metadata.deletion_timestamp.is_some() {
        return;
    }
    let selector = &rs.spec.selector;
    let mut selected = PerLabelSet::default();
    let mut matches = |id: u32| selected.answer(store, id, |l| selector.matches(l));
    // The tally's label sets are those of the active pods: when the selector matches them
    // all (nearly always), no pod is read.
    let all_match = store
        .pod_tally_of(&rs.metadata.uid)
        .labels
        .iter()
        .all(|&(id, _)| matches(id));
    let release: Vec<String> = if all_match {
        Vec::new()
    } else {
        store
            .pod_digests_of(&rs.metadata.uid)
            .filter(|(_, p)| p.active() && !matches(p.labels))
            .map(|(name, _)| name.as_str().to_string())
            .collect()
    };
    let adopt: Vec<String> = store
        .orphan_pods()
        .filter(|p| is_pod_active(p) && selector.matches(&p.metadata.labels))
        .map(|p| p.metadata.name.clone())
        .collect();
    if release.is_empty() && adopt.is_empty() {
        return;
    }
    let owner = owned_by(rs)[0].clone();
    let uid = &owner.uid;
    for name in release {
        let _ = ctx.store.modify_metadata::<Pod>(&name, &mut |m| {
            m.owner_references.retain(|o| o.uid != *uid);
            true
        });
    }
    for name in adopt {
        let _ = ctx.store.modify_metadata::<Pod>(&name, &mut |m| {
            m.owner_references.push(owner.clone());
            true
        });
    }
}

/// The scale-down victim order (`controller.ActivePodsWithRanks`): first the pods it costs
/// least to lose. Unscheduled before scheduled; Pending before Unknown before Running;
/// not ready before ready; more pods of this RS on the same node first; ready more recently
/// first; more restarts first; newer first. Gives the first `count` of `pods` in that order
/// (the rest are not sorted: a pass scaling 10,000 pods down by 500 sorts 500).
///
/// The digests are read once, into small ranks: at 10,000 pods they no longer stay in the
/// cache between passes over them.
pub fn first_to_delete<'a>(
    pods: impl Iterator<Item = (&'a Name, &'a Digest)>,
    count: usize,
) -> Vec<&'a Name> {
    // Node ids are small (interned in first-seen order): count in a vector, not a map.
    let mut per_node: Vec<u32> = Vec::new();
    let ranked: Vec<Rank<'a>> = pods
        .map(|(name, p)| {
            let node = p.node as usize;
            if node >= per_node.len() {
                per_node.resize(node + 1, 0);
            }
            per_node[node] += 1;
            Rank::of(name, p)
        })
        .collect();
    crate::sort::least_copies_by(&ranked, count, |a, b| {
        a.head
            .cmp(&b.head)
            .then_with(|| per_node[b.node as usize].cmp(&per_node[a.node as usize]))
            .then(a.since.cmp(&b.since))
            .then(a.restarts.cmp(&b.restarts))
            .then(a.created.cmp(&b.created))
            .then_with(|| a.name.cmp(b.name))
    })
    .into_iter()
    .map(|r| r.name)
    .collect()
}

/// A pod's place in `first_to_delete`'s order, each part made to sort ascending.
#[derive(Clone, Copy)]
struct Rank<'a> {
    /// Bound, then the phase (Succeeded and later as one), then ready.
    head: u8,
    node: u32,
    /// Ready since, later first; not ready last.
    since: i64,
    /// More restarts first.
    restarts: i64,
    /// Created later first.
    created: i64,
    name: &'a Name,
}

impl<'a> Rank<'a> {
    fn of(name: &'a Name, p: &Digest) -> Rank<'a> {
        // `Reverse(Option<Time>)`: later times first, None after them all.
        let later_first = |t: Option<Time>| t.map_or(i64::MAX, |t| -t.0);
        Rank {
            head: u8::from(p.bound) << 4
                | (p.phase.min(Phase::Succeeded) as u8) << 1
                | u8::from(p.ready),
            node: p.node,
            since: later_first(p.ready_since.filter(|_| p.ready)),
            restarts: -i64::from(p.restarts),
            created: later_first(p.created),
            name,
        }
    }
}

/// What the engine must do after a ReplicaSet pass: pods to terminate gracefully.
#[derive(Default)]
pub struct Sync {
    pub delete: Vec<String>,
}

/// `syncReplicaSet`: manage replicas, then update status. Pods it deletes are handed back to
/// the engine (the kubelet terminates them gracefully).
pub fn sync_replica_set(ctx: &mut Ctx<'_>, name: &str) -> Sync {
    let mut out = Sync::default();
    // What a pass needs of the ReplicaSet, read in place: the whole of it (its template for
    // new pods) is copied only by a pass that creates pods.
    let Some((uid, replicas, deleting)) = ctx.store.get::<ReplicaSet>(name).map(|rs| {
        (
            rs.metadata.uid.clone(),
            rs.spec.replicas,
            rs.metadata.deletion_timestamp.is_some(),
        )
    }) else {
        return out;
    };
    claim_pods(ctx, name);
    let diff = i64::from(ctx.store.pod_tally_of(&uid).active) - i64::from(replicas);
    // Victims are chosen while the digests borrow the store; they are deleted below.
    let victims: Vec<String> = if diff > 0 {
        let active = ctx.store.pod_digests_of(&uid).filter(|(_, p)| p.active());
        first_to_delete(active, diff.min(BURST_REPLICAS) as usize)
            .iter()
            .map(|name| name.as_str().to_string())
            .collect()
    } else {
        Vec::new()
    };
    let involved = ObjRef::new(Kind::ReplicaSet, name);
    if !deleting {
        if diff < 0 {
            let rs = ctx
                .store
                .get::<ReplicaSet>(name)
                .cloned()
                .expect("read above");
            let owners = owned_by(&rs);
            let tolerations: Shared<Vec<Toleration>> =
                admitted_tolerations(&rs.spec.template.spec.tolerations).into();
            let base = pod_name_base(name);
            for _ in 0..(-diff).min(BURST_REPLICAS) {
                let pod_name = loop {
                    let suffix: String = (0..5)
                        .map(|_| {
                            POD_NAME_ALPHABET
                                [ctx.rng.below(POD_NAME_ALPHABET.len() as u32) as usize]
                                as char
                        })
                        .collect();
                    let candidate = [base.as_str(), &suffix].concat();
                    if !ctx.store.contains::<Pod>(&candidate) {
                        break candidate;
                    }
                };
                let pod = new_pod(&rs, &pod_name, &owners, &tolerations);
                if ctx.store.create(pod, ctx.now).is_ok() {
                    let msg = ["Created pod: ", &pod_name].concat();
                    ctx.store.record_event(
                        &involved,
                        EventDraft::normal("SuccessfulCreate", msg, "replicaset-controller"),
                        ctx.now,
                    );
                }
            }
        } else {
            for victim in victims {
                let msg = ["Deleted pod: ", &victim].concat();
                ctx.store.record_event(
                    &involved,
                    EventDraft::normal("SuccessfulDelete", msg, "replicaset-controller"),
                    ctx.now,
                );
                out.delete.push(victim);
            }
        }
    }
    update_status(ctx, name);
    out
}

/// The owner reference a ReplicaSet's pods carry, made once for the pods of one pass.
fn owned_by(rs: &ReplicaSet) -> Shared<Vec<OwnerReference>> {
    vec![OwnerReference {
        api_version: "apps/v1".into(),
        kind: "ReplicaSet".into(),
        name: rs.metadata.name.clone(),
        uid: rs.metadata.uid.clone(),
        controller: Some(true),
        block_owner_deletion: Some(true),
    }]
    .into()
}

/// A pod from the ReplicaSet's template (`controller.GetPodFromTemplate`) as the API server
/// admits it; `owners` is `owned_by(rs)`, `tolerations` the template's as admitted
/// (`admitted_tolerations`), both made once for the pods of one pass.
fn new_pod(
    rs: &ReplicaSet,
    name: &str,
    owners: &Shared<Vec<OwnerReference>>,
    tolerations: &Shared<Vec<Toleration>>,
) -> Pod {
    let t = &rs.spec.template;
    let mut spec = t.spec.clone();
    spec.tolerations = tolerations.clone();
    Pod {
        metadata: ObjectMeta {
            name: name.to_string(),
            generate_name: format!("{}-", rs.metadata.name),
            labels: t.metadata.labels.clone(),
            annotations: t.metadata.annotations.clone(),
            owner_references: owners.clone(),
            ..Default::default()
        },
        spec,
        status: PodStatus {
            phase: POD_PENDING.into(),
            ..Default::default()
        },
        ..Default::default()
    }
}

/// `calculateStatus` + `updateReplicaSetStatus`; asks to be run again when a ready pod will
/// become available (minReadySeconds).
pub fn update_status(ctx: &mut Ctx<'_>, name: &str) {
    // Read in place and written through the status subresource: copying the ReplicaSet, its
    // template and all, for every pass was a tenth of a small rollout's allocations.
    let store: &Store = ctx.store;
    let Some(rs) = store.get::<ReplicaSet>(name) else {
        return;
    };
    let tally = store.pod_tally_of(&rs.metadata.uid);
    let selector_labels = &rs.spec.template.metadata.labels;
    let mut labeled = PerLabelSet::default();
    let mut fully = 0;
    for &(id, count) in &tally.labels {
        let yes = labeled.answer(store, id, |labels| {
            selector_labels
                .iter()
                .all(|(k, v)| labels.get(k) == Some(v))
        });
        if yes {
            fully += count as i32;
        }
    }
    let (replicas, ready) = (tally.active as i32, tally.ready as i32);
    let min_ready_seconds = rs.spec.min_ready_seconds;
    // When to look again for the next ready pod to become available: a second after its
    // minReadySeconds are up, as upstream's `updatePod` requeues ("to avoid milliseconds
    // skew").
    let mut next: Option<Time> = None;
    // Without minReadySeconds a ready pod is available. With them, which ready pods are
    // available depends on the time, so the pods are read.
    let avail = if min_ready_seconds == 0 {
        ready
    } else {
        let min_ready = Duration::seconds(i64::from(min_ready_seconds));
        let mut avail = 0;
        let ready_since = store
            .pod_digests_of(&rs.metadata.uid)
            .map(|(_, p)| p)
            .filter(|p| p.active() && p.ready)
            .filter_map(|p| p.ready_since);
        for since in ready_since {
            if since + min_ready < ctx.now {
                avail += 1;
            } else {
                let t = since + min_ready + Duration::seconds(1);
                next = Some(next.map_or(t, |n| n.min(t)));
            }
        }
        avail
    };
    let generation = rs.metadata.generation;
    if let Some(at) = next {
        ctx.requeue_after(at - ctx.now);
    }
    let _ = ctx.store.modify_status::<ReplicaSet>(name, |status| {
        set(&mut status.replicas, replicas)
            | set(&mut status.fully_labeled_replicas, fully)
            | set(&mut status.ready_replicas, ready)
            | set(&mut status.available_replicas, avail)
            | set(&mut status.observed_generation, generation)
    });
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sim::rng::Pcg32;
    use std::cmp::Reverse;

    /// `first_to_delete` gives what a stable sort of every pod by `ActivePodsWithRanks`'
    /// rank (as a tuple, then by name) gives first.
    #[test]
    fn victims_are_the_first_of_the_ranked_order() {
        let mut rng = Pcg32::new(3);
        for round in 0..200 {
            let n = 1 + rng.below(60) as usize;
            let mut pick = |k: u32| rng.below(k);
            let pods: Vec<(Name, Digest)> = (0..n)
                .map(|i| {
                    let time = |t: u32| (t > 0).then_some(Time(i64::from(t) * 1000));
                    let digest = Digest {
                        bound: pick(4) > 0,
                        phase: [Phase::Pending, Phase::Unknown, Phase::Running, Phase::Other]
                            [pick(4) as usize],
                        ready: pick(2) == 1,
                        node: pick(4),
                        ready_since: time(pick(5)),
                        restarts: pick(3) as i32,
                        created: time(pick(6)),
                        ..Default::default()
                    };
                    (Name::new(&format!("web-{:03}", (i * 37) % 101)), digest)
                })
                .collect();
            let mut per_node = [0usize; 4];
            for (_, p) in &pods {
                per_node[p.node as usize] += 1;
            }
            let rank = |p: &Digest| {
                (
                    p.bound,
                    p.phase.min(Phase::Succeeded),
                    p.ready,
                    Reverse(per_node[p.node as usize]),
                    Reverse(p.ready_since.filter(|_| p.ready)),
                    Reverse(p.restarts),
                    Reverse(p.created),
                )
            };
            let mut sorted: Vec<&(Name, Digest)> = pods.iter().collect();
            sorted.sort_by(|(a, p), (b, q)| rank(p).cmp(&rank(q)).then(a.cmp(b)));
            let k = pick(n as u32 + 1) as usize;
            let want: Vec<&Name> = sorted.iter().take(k).map(|(n, _)| n).collect();
            let got = first_to_delete(pods.iter().map(|(n, p)| (n, p)), k);
            assert_eq!(got, want, "round {round}");
        }
    }
}

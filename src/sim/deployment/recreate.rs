//! The Recreate strategy, mirroring `pkg/controller/deployment/recreate.go`: every old pod is
//! gone before the new ReplicaSet is scaled up, so there is downtime by design.

use super::progress::sync_rollout_status;
use super::sync::{
    cleanup_deployment, get_all_replica_sets_and_sync_revision, get_new_replica_set,
    scale_replica_set_and_record_event,
};
use super::util::deployment_complete;
use crate::sim::api::*;
use crate::sim::controller::Ctx;
use std::collections::BTreeMap;

/// `rolloutRecreate`.
pub fn rollout_recreate(
    ctx: &mut Ctx<'_>,
    d: &mut Deployment,
    owned: &[String],
) -> Result<(), String> {
    let (mut new_rs, old) = get_all_replica_sets_and_sync_revision(ctx, d, owned, false)?;
    let mut all = old.clone();
    all.extend(new_rs.clone());
    let active_old: Vec<String> = old
        .iter()
        .filter(|n| {
            ctx.store
                .get::<ReplicaSet>(n)
                .is_some_and(|r| r.spec.replicas > 0)
        })
        .cloned()
        .collect();
    if scale_down_old_replica_sets_for_recreate(ctx, &active_old, d)? {
        return sync_rollout_status(ctx, &all, new_rs.as_deref(), d);
    }
    let running = {
        let new = new_rs
            .as_deref()
            .and_then(|n| ctx.store.get::<ReplicaSet>(n));
        let olds: Vec<&ReplicaSet> = old
            .iter()
            .filter_map(|n| ctx.store.get::<ReplicaSet>(n))
            .collect();
        let mut all = olds.clone();
        all.extend(new);
        old_pods_running(new, &olds, &get_pod_map(ctx.store, &all))
    };
    if running {
        return sync_rollout_status(ctx, &all, new_rs.as_deref(), d);
    }
    if new_rs.is_none() {
        new_rs = get_new_replica_set(ctx, d, owned, &old, true)?;
        all.extend(new_rs.clone());
    }
    if let Some(name) = &new_rs {
        scale_up_new_replica_set_for_recreate(ctx, name, d)?;
    }
    if deployment_complete(d, &d.status) {
        cleanup_deployment(ctx, &old, d)?;
    }
    sync_rollout_status(ctx, &all, new_rs.as_deref(), d)
}

/// `scaleDownOldReplicaSetsForRecreate`.
pub fn scale_down_old_replica_sets_for_recreate(
    ctx: &mut Ctx<'_>,
    old: &[String],
    d: &Deployment,
) -> Result<bool, String> {
    let mut scaled = false;
    for name in old {
        if ctx
            .store
            .get::<ReplicaSet>(name)
            .is_some_and(|r| r.spec.replicas != 0)
        {
            let (did, _) = scale_replica_set_and_record_event(ctx, name, 0, d)?;
            scaled |= did;
        }
    }
    Ok(scaled)
}

/// `oldPodsRunning`: any old ReplicaSet still counts pods, or any pod in `pod_map` (pods by
/// owning ReplicaSet uid) outside the new ReplicaSet is not yet Failed or Succeeded.
pub fn old_pods_running(
    new_rs: Option<&ReplicaSet>,
    old: &[&ReplicaSet],
    pod_map: &BTreeMap<String, Vec<&Pod>>,
) -> bool {
    if old.iter().any(|r| r.status.replicas > 0) {
        return true;
    }
    pod_map.iter().any(|(uid, pods)| {
        Some(uid.as_str()) != new_rs.map(|r| r.metadata.uid.as_str())
            && pods
                .iter()
                .any(|p| !matches!(p.status.phase.as_str(), POD_FAILED | POD_SUCCEEDED))
    })
}

/// `getPodMapForDeployment`: the pods of these ReplicaSets, by owner uid.
pub fn get_pod_map<'a>(
    store: &'a crate::sim::store::Store,
    rss: &[&ReplicaSet],
) -> BTreeMap<String, Vec<&'a Pod>> {
    let mut map: BTreeMap<String, Vec<&Pod>> =
        crate::sort::map_of(rss.iter().map(|r| (r.metadata.uid.clone(), Vec::new())));
    for p in store.list::<Pod>() {
        if let Some(list) = p.metadata.controller_of().and_then(|o| map.get_mut(&o.uid)) {
            list.push(p);
        }
    }
    map
}

/// `scaleUpNewReplicaSetForRecreate`.
pub fn scale_up_new_replica_set_for_recreate(
    ctx: &mut Ctx<'_>,
    new_rs: &str,
    d: &Deployment,
) -> Result<bool, String> {
    let (scaled, _) = scale_replica_set_and_record_event(ctx, new_rs, d.replicas(), d)?;
    Ok(scaled)
}

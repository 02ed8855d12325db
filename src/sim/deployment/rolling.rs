//! The RollingUpdate strategy, mirroring `pkg/controller/deployment/rolling.go`.
//!
//! One kind of move per pass: scale the new ReplicaSet up, else scale old ones down, else
//! clean up. Each pass is one visible step.

use super::progress::sync_rollout_status;
use super::sync::{
    cleanup_deployment, get_all_replica_sets_and_sync_revision, scale_replica_set_and_record_event,
};
use super::util::*;
use super::Rss;
use crate::sim::api::{Deployment, ReplicaSet};
use crate::sim::controller::Ctx;

/// `rolloutRolling`.
pub fn rollout_rolling(ctx: &mut Ctx<'_>, d: &mut Deployment, rss: &Rss) -> Result<(), String> {
    let (new_rs, old_rss) = get_all_replica_sets_and_sync_revision(ctx, d, rss, true)?;
    let mut all: Vec<String> = old_rss.clone();
    all.extend(new_rs.iter().cloned());

    if let Some(new_name) = &new_rs {
        if reconcile_new_replica_set(ctx, &all, new_name, d)? {
            return sync_rollout_status(ctx, &all, new_rs.as_deref(), d);
        }
    }
    let active_old: Vec<String> = old_rss
        .iter()
        .filter(|n| {
            ctx.store
                .get::<ReplicaSet>(n)
                .is_some_and(|rs| rs.spec.replicas > 0)
        })
        .cloned()
        .collect();
    if reconcile_old_replica_sets(ctx, &all, &active_old, new_rs.as_deref(), d)? {
        return sync_rollout_status(ctx, &all, new_rs.as_deref(), d);
    }
    if deployment_complete(d, &d.status) {
        cleanup_deployment(ctx, &old_rss, d)?;
    }
    sync_rollout_status(ctx, &all, new_rs.as_deref(), d)
}

fn get<'a>(ctx: &'a Ctx<'_>, name: &str) -> Result<&'a ReplicaSet, String> {
    ctx.store
        .get::<ReplicaSet>(name)
        .ok_or_else(|| format!("replicaset {name:?} not found"))
}

/// `reconcileNewReplicaSet`: grows the new ReplicaSet as far as maxSurge allows (or shrinks it
/// to `replicas` if it is bigger). Returns whether it scaled.
pub fn reconcile_new_replica_set(
    ctx: &mut Ctx<'_>,
    all: &[String],
    new_rs: &str,
    d: &Deployment,
) -> Result<bool, String> {
    let replicas = get(ctx, new_rs)?.spec.replicas;
    if replicas == d.replicas() {
        return Ok(false);
    }
    if replicas > d.replicas() {
        let (scaled, _) = scale_replica_set_and_record_event(ctx, new_rs, d.replicas(), d)?;
        return Ok(scaled);
    }
    let all_rss: Vec<&ReplicaSet> = all
        .iter()
        .filter_map(|n| ctx.store.get::<ReplicaSet>(n))
        .collect();
    let new_replicas = new_rs_new_replicas(d, &all_rss, get(ctx, new_rs)?)?;
    let (scaled, _) = scale_replica_set_and_record_event(ctx, new_rs, new_replicas, d)?;
    Ok(scaled)
}

/// `reconcileOldReplicaSets`: scales old ReplicaSets down as far as maxUnavailable allows,
/// unhealthy pods first.
///
/// Worked example (upstream's): 10 replicas, maxUnavailable 2, maxSurge 3, so at most 13 pods
/// and at least 8 available. Old RS at 10, new RS just scaled to 3 with none available yet:
/// allPods 13, minAvailable 8, newRSUnavailable 3 ⇒ maxScaledDown = 13 − 8 − 3 = 2: the old RS
/// may lose two pods now, and more only as new pods become available.
pub fn reconcile_old_replica_sets(
    ctx: &mut Ctx<'_>,
    all: &[String],
    old: &[String],
    new_rs: Option<&str>,
    d: &Deployment,
) -> Result<bool, String> {
    let old_pods = get_replica_count_for_replica_sets(
        old.iter().filter_map(|n| ctx.store.get::<ReplicaSet>(n)),
    );
    if old_pods == 0 {
        return Ok(false);
    }
    let all_pods = get_replica_count_for_replica_sets(
        all.iter().filter_map(|n| ctx.store.get::<ReplicaSet>(n)),
    );
    let min_available = d.replicas() - max_unavailable(d);
    let new_unavailable = match new_rs.and_then(|n| ctx.store.get::<ReplicaSet>(n)) {
        Some(rs) => rs.spec.replicas - rs.status.available_replicas,
        None => 0,
    };
    let max_scaled_down = all_pods - min_available - new_unavailable;
    if max_scaled_down <= 0 {
        return Ok(false);
    }
    let cleaned = cleanup_unhealthy_replicas(ctx, old, d, max_scaled_down)?;
    let mut all_after: Vec<String> = old.to_vec();
    all_after.extend(new_rs.map(str::to_string));
    let scaled_down = scale_down_old_replica_sets_for_rolling_update(ctx, &all_after, old, d)?;
    Ok(cleaned + scaled_down > 0)
}

fn sorted_by_creation(ctx: &Ctx<'_>, names: &[String]) -> Vec<String> {
    let mut rss: Vec<&ReplicaSet> = names
        .iter()
        .filter_map(|n| ctx.store.get::<ReplicaSet>(n))
        .collect();
    sort_by_creation(&mut rss);
    rss.iter().map(|rs| rs.metadata.name.clone()).collect()
}

/// `cleanupUnhealthyReplicas`: scales old ReplicaSets down by their unavailable pods, oldest
/// first, up to `max_cleanup`. Returns how many it removed.
pub fn cleanup_unhealthy_replicas(
    ctx: &mut Ctx<'_>,
    old: &[String],
    d: &Deployment,
    max_cleanup: i32,
) -> Result<i32, String> {
    let mut total = 0;
    for name in sorted_by_creation(ctx, old) {
        if total >= max_cleanup {
            break;
        }
        let rs = get(ctx, &name)?;
        if rs.spec.replicas == 0 || rs.spec.replicas == rs.status.available_replicas {
            continue;
        }
        let count = (max_cleanup - total).min(rs.spec.replicas - rs.status.available_replicas);
        let new_size = rs.spec.replicas - count;
        if new_size < 0 {
            return Err(format!("when cleaning up unhealthy replicas, got invalid request to scale down {name} to {new_size}"));
        }
        scale_replica_set_and_record_event(ctx, &name, new_size, d)?;
        total += count;
    }
    Ok(total)
}

/// `scaleDownOldReplicaSetsForRollingUpdate`: with every pod counted that is available, scale
/// old ReplicaSets down (oldest first) by what exceeds minAvailable.
pub fn scale_down_old_replica_sets_for_rolling_update(
    ctx: &mut Ctx<'_>,
    all: &[String],
    old: &[String],
    d: &Deployment,
) -> Result<i32, String> {
    let min_available = d.replicas() - max_unavailable(d);
    let available = get_available_replica_count_for_replica_sets(
        all.iter().filter_map(|n| ctx.store.get::<ReplicaSet>(n)),
    );
    if available <= min_available {
        return Ok(0);
    }
    let budget = available - min_available;
    let mut total = 0;
    for name in sorted_by_creation(ctx, old) {
        if total >= budget {
            break;
        }
        let rs = get(ctx, &name)?;
        if rs.spec.replicas == 0 {
            continue;
        }
        let count = rs.spec.replicas.min(budget - total);
        let new_size = rs.spec.replicas - count;
        scale_replica_set_and_record_event(ctx, &name, new_size, d)?;
        total += count;
    }
    Ok(total)
}

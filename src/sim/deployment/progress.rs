//! Rollout progress: the Progressing and ReplicaFailure conditions and the progress deadline,
//! mirroring `pkg/controller/deployment/progress.go`.

use super::sync::{calculate_status, update_deployment_status};
use super::util::*;
use crate::sim::api::*;
use crate::sim::controller::Ctx;
use crate::sim::time::{Duration, Time};

/// `syncRolloutStatus`: the status after a rollout pass, with the Progressing condition:
/// complete, progressing (which refreshes lastUpdateTime), or past its deadline. The deadline
/// only marks the condition; it does not stop the rollout.
pub fn sync_rollout_status(
    ctx: &mut Ctx<'_>,
    all: &[String],
    new_rs: Option<&str>,
    d: &Deployment,
) -> Result<(), String> {
    let all_rss: Vec<&ReplicaSet> = all
        .iter()
        .filter_map(|n| ctx.store.get::<ReplicaSet>(n))
        .collect();
    let new = new_rs.and_then(|n| ctx.store.get::<ReplicaSet>(n));
    let mut status = calculate_status(&all_rss, new, d, ctx.now);
    let new_name = new.map(|r| r.metadata.name.clone());
    let replica_failure = new
        .and_then(|r| {
            r.status
                .conditions
                .iter()
                .find(|c| c.type_ == CONDITION_REPLICA_FAILURE)
        })
        .or_else(|| {
            all_rss.iter().find_map(|r| {
                r.status
                    .conditions
                    .iter()
                    .find(|c| c.type_ == CONDITION_REPLICA_FAILURE)
            })
        })
        .cloned();
    progressing_condition(d, &mut status, new_name.as_deref(), ctx.now);
    match replica_failure {
        Some(c) => {
            let cond = new_deployment_condition(
                CONDITION_REPLICA_FAILURE,
                c.status,
                c.reason,
                c.message,
                ctx.now,
            );
            set_deployment_condition(&mut status, cond);
        }
        None => remove_deployment_condition(&mut status, CONDITION_REPLICA_FAILURE),
    }
    if d.status == status {
        // Upstream requeues a rollout that is neither complete nor timed out, rate-limited,
        // until it is one or the other. One that completed and then lost available pods keeps
        // the reason NewReplicaSetAvailable, which `DeploymentTimedOut` never times out: its
        // requeues change nothing (upstream's workqueue spins at its rate limit; ours, which
        // has no token bucket, would every 5 ms of virtual time). Whatever can change such a
        // Deployment arrives as a change to one of its objects, which syncs it anyway.
        let completed_once = d
            .condition(CONDITION_PROGRESSING)
            .is_some_and(|c| c.reason == NEW_RS_AVAILABLE_REASON);
        if let Some(after) = requeue_stuck_deployment(d, &status, ctx.now) {
            if !completed_once {
                // Upstream enqueues a second later than it says, "to avoid milliseconds skew
                // in AddAfter"; under a second, at once (rate-limited).
                let skew = if after > Duration::ZERO {
                    Duration::seconds(1)
                } else {
                    Duration::ZERO
                };
                ctx.requeue_after(after + skew);
            }
        }
        return Ok(());
    }
    update_deployment_status(ctx, d, status)
}

/// The Progressing part of `syncRolloutStatus`, on `status` (computed from `d`'s spec and
/// previous status).
pub fn progressing_condition(
    d: &Deployment,
    status: &mut DeploymentStatus,
    new_rs: Option<&str>,
    now: Time,
) {
    if !has_progress_deadline(d) {
        remove_deployment_condition(status, CONDITION_PROGRESSING);
        return;
    }
    let current = d.condition(CONDITION_PROGRESSING).cloned();
    let is_complete = status.replicas == status.updated_replicas
        && current
            .as_ref()
            .is_some_and(|c| c.reason == NEW_RS_AVAILABLE_REASON);
    if is_complete {
        return;
    }
    let subject = |what: &str| match new_rs {
        Some(rs) => format!("ReplicaSet \"{rs}\" {what}"),
        None => format!("Deployment \"{}\" {what}", d.metadata.name),
    };
    if deployment_complete(d, status) {
        let msg = subject("has successfully progressed.");
        let cond = new_deployment_condition(
            CONDITION_PROGRESSING,
            "True",
            NEW_RS_AVAILABLE_REASON,
            msg,
            now,
        );
        set_deployment_condition(status, cond);
    } else if deployment_progressing(d, status) {
        let msg = subject("is progressing.");
        let mut cond =
            new_deployment_condition(CONDITION_PROGRESSING, "True", RS_UPDATED_REASON, msg, now);
        if let Some(c) = &current {
            if c.status == "True" {
                cond.last_transition_time = c.last_transition_time;
            }
            remove_deployment_condition(status, CONDITION_PROGRESSING);
        }
        set_deployment_condition(status, cond);
    } else if deployment_timed_out(d, status, now) {
        let msg = subject("has timed out progressing.");
        let cond =
            new_deployment_condition(CONDITION_PROGRESSING, "False", TIMED_OUT_REASON, msg, now);
        set_deployment_condition(status, cond);
    }
}

/// `requeueStuckDeployment`: when nothing moved, when to look again so the deadline is noticed
/// on time: lastUpdateTime + progressDeadlineSeconds − now (+1 s), or at once if that is under a
/// second. `None` when there is no deadline, no condition, or the rollout is complete or timed
/// out already.
pub fn requeue_stuck_deployment(
    d: &Deployment,
    status: &DeploymentStatus,
    now: Time,
) -> Option<Duration> {
    let cond = d.condition(CONDITION_PROGRESSING)?;
    if !has_progress_deadline(d)
        || deployment_complete(d, status)
        || cond.reason == TIMED_OUT_REASON
    {
        return None;
    }
    let deadline = Duration::seconds(i64::from(d.spec.progress_deadline_seconds.unwrap_or(0)));
    let after = (cond.last_update_time.unwrap_or_default() + deadline) - now;
    if after < Duration::seconds(1) {
        return Some(Duration::ZERO);
    }
    Some(after)
}

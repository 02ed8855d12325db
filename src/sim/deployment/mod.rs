//! The Deployment controller, mirroring `pkg/controller/deployment` file by file:
//! `sync.rs`, `rolling.rs`, `recreate.rs`, `progress.rs`, `rollback.rs`, `util.rs`.

pub mod progress;
pub mod recreate;
pub mod rollback;
pub mod rolling;
pub mod sync;
pub mod util;

use crate::sim::api::*;
use crate::sim::controller::{Ctx, Requeue};
use crate::sim::store::{EventDraft, Kind, ObjRef};

/// Names of the ReplicaSets a Deployment owns.
pub type Rss = Vec<String>;

/// The ReplicaSets this Deployment controls, as `ControllerRefManager.ClaimReplicaSets`:
/// those it owns that its selector still matches, and the orphans it matches, which it
/// adopts. It releases those it owns that no longer match (a learner relabelled one), unless
/// it is being deleted.
fn claim_replica_sets(ctx: &mut Ctx<'_>, d: &Deployment) -> Rss {
    let mut owned = Vec::new();
    let mut orphans = Vec::new();
    let mut released = Vec::new();
    let deleting = d.metadata.deletion_timestamp.is_some();
    for rs in ctx.store.list::<ReplicaSet>() {
        let matched = d.spec.selector.matches(&rs.metadata.labels);
        match rs.metadata.controller_of() {
            Some(o) if o.uid == d.metadata.uid => {
                if matched {
                    owned.push(rs.metadata.name.clone());
                } else if !deleting {
                    released.push(rs.metadata.name.clone());
                }
            }
            None if matched && !deleting && rs.metadata.deletion_timestamp.is_none() => {
                orphans.push(rs.metadata.name.clone())
            }
            _ => {}
        }
    }
    for name in released {
        let _ = ctx.store.modify_metadata::<ReplicaSet>(&name, &mut |m| {
            m.owner_references.retain(|o| o.uid != d.metadata.uid);
            true
        });
    }
    for name in orphans {
        let owner = OwnerReference {
            api_version: "apps/v1".into(),
            kind: "Deployment".into(),
            name: d.metadata.name.clone(),
            uid: d.metadata.uid.clone(),
            controller: Some(true),
            block_owner_deletion: Some(true),
        };
        if ctx
            .store
            .modify::<ReplicaSet>(&name, |rs| rs.metadata.owner_references.push(owner))
            .is_ok()
        {
            owned.push(name);
        }
    }
    crate::sort::sort(&mut owned);
    owned
}

/// `syncDeployment` (deployment_controller.go), in upstream order: not found; empty selector;
/// being deleted (status only); paused conditions; paused or scaling event (`sync`); then the
/// strategy.
pub fn sync_deployment(ctx: &mut Ctx<'_>, name: &str) -> Requeue {
    ctx.requeue = None;
    let mut d = ctx.store.get::<Deployment>(name).cloned()?;
    if d.spec.selector.is_empty() {
        let involved = ObjRef::new(Kind::Deployment, name);
        let msg =
            "This deployment is selecting all pods. A non-empty selector is required.".to_string();
        ctx.store.record_event(
            &involved,
            EventDraft::warning("SelectingAll", msg, "deployment-controller"),
            ctx.now,
        );
        if d.status.observed_generation < d.metadata.generation {
            d.status.observed_generation = d.metadata.generation;
            let _ = sync::update_deployment(ctx, &d);
        }
        return None;
    }
    let owned = claim_replica_sets(ctx, &d);
    let result = (|| -> Result<(), String> {
        if d.metadata.deletion_timestamp.is_some() {
            let (new_rs, old) =
                sync::get_all_replica_sets_and_sync_revision(ctx, &mut d, &owned, false)?;
            let mut all = old;
            all.extend(new_rs.clone());
            return sync::sync_deployment_status(ctx, &all, new_rs.as_deref(), &mut d);
        }
        sync::check_paused_conditions(ctx, &mut d)?;
        if d.spec.paused {
            return sync::sync(ctx, &mut d, &owned);
        }
        if rollback::rollback_to(&d).is_some() {
            return rollback::rollback(ctx, &mut d, &owned);
        }
        if sync::is_scaling_event(ctx, &mut d, &owned)? {
            return sync::sync(ctx, &mut d, &owned);
        }
        match d.spec.strategy.type_ {
            DeploymentStrategyType::Recreate => recreate::rollout_recreate(ctx, &mut d, &owned),
            DeploymentStrategyType::RollingUpdate => rolling::rollout_rolling(ctx, &mut d, &owned),
        }
    })();
    match result {
        Ok(()) => ctx.requeue,
        // Upstream requeues with rate limiting; a second later is the simulator's version.
        Err(_) => Some(crate::sim::time::Duration::seconds(1)),
    }
}

//! `kubectl rollout undo` as kubectl does it, client-side (kubectl
//! `pkg/polymorphichelpers/rollback.go`): find the revision's ReplicaSet, copy its template
//! (without the hash label) and its annotations back into the Deployment. The controller then
//! finds that old ReplicaSet as the new one and gives it the next revision number. Also the
//! controller's legacy path (`rollback`), for the `deprecated.deployment.rollback.to`
//! annotation.

use super::sync;
use super::util::{equal_ignore_hash, last_revision, skip_copy_annotation};
use crate::sim::api::*;
use crate::sim::controller::Ctx;
use crate::sim::store::Store;

/// What `rollback` did.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum RollbackOutcome {
    /// The Deployment now has the revision's template.
    RolledBack(Box<Deployment>),
    /// The template already matches that revision (N as given, 0 when omitted).
    Skipped(i64),
}

/// Owned ReplicaSets of a Deployment (controller reference by uid).
pub fn owned_replica_sets<'a>(store: &'a Store, d: &Deployment) -> Vec<&'a ReplicaSet> {
    store
        .list::<ReplicaSet>()
        .filter(|rs| {
            rs.metadata
                .controller_of()
                .is_some_and(|o| o.uid == d.metadata.uid)
        })
        .collect()
}

/// Computes the rolled-back Deployment; the caller writes it. Errors are kubectl's words, in
/// the order its `DeploymentRollbacker` finds them: a negative revision, then the revision
/// looked up (so a paused Deployment without it is told so), then paused, then a revision
/// that is already the template.
pub fn rollback_deployment(
    store: &Store,
    name: &str,
    to_revision: i64,
) -> Result<RollbackOutcome, String> {
    let not_found = || format!("unable to find specified revision {to_revision} in history");
    if to_revision < 0 {
        return Err(not_found());
    }
    let d = store
        .get::<Deployment>(name)
        .ok_or_else(|| format!("deployments.apps \"{name}\" not found"))?;
    let rss = owned_replica_sets(store, d);
    let target = if to_revision == 0 {
        // The previous revision: the second-highest one.
        let mut revs: Vec<(i64, &ReplicaSet)> = rss.iter().map(|rs| (rs.revision(), *rs)).collect();
        crate::sort::sort_by_key(&mut revs, |(r, _)| std::cmp::Reverse(*r));
        match revs.get(1) {
            Some((_, rs)) => *rs,
            None => return Err(format!("no rollout history found for deployment {name:?}")),
        }
    } else {
        rss.iter()
            .copied()
            .find(|rs| rs.revision() == to_revision)
            .ok_or_else(not_found)?
    };
    if d.spec.paused {
        return Err("you cannot rollback a paused deployment; resume it first with 'kubectl rollout resume' and try again".into());
    }
    if equal_ignore_hash(&target.spec.template, &d.spec.template) {
        return Ok(RollbackOutcome::Skipped(to_revision));
    }
    let mut next = d.clone();
    roll_back_to(&mut next, target);
    Ok(RollbackOutcome::RolledBack(Box::new(next)))
}

/// `SetFromReplicaSetTemplate` and `SetDeploymentAnnotationsTo`: the ReplicaSet's template
/// without its hash label, and the Deployment's own annotations (those never copied) with
/// the ReplicaSet's others, so the revision's change-cause comes back with it.
fn roll_back_to(d: &mut Deployment, rs: &ReplicaSet) {
    d.spec.template = rs.spec.template.clone();
    d.spec
        .template
        .metadata
        .labels
        .remove(POD_TEMPLATE_HASH_LABEL);
    let mut annotations = crate::sort::map_of(
        d.metadata
            .annotations
            .iter()
            .filter(|(k, _)| skip_copy_annotation(k))
            .map(|(k, v)| (k.clone(), v.clone())),
    );
    for (k, v) in &rs.metadata.annotations {
        if !skip_copy_annotation(k) {
            annotations.insert(k.clone(), v.clone());
        }
    }
    d.metadata.annotations = annotations;
}

/// The revision the legacy `deprecated.deployment.rollback.to` annotation asks for
/// (`getRollbackTo`); `None` when it is absent or not a number.
pub fn rollback_to(d: &Deployment) -> Option<i64> {
    d.metadata.annotation(ROLLBACK_TO_ANNOTATION)?.parse().ok()
}

/// The deployment controller's `rollback` (rollback.go): the legacy path, for clients that
/// still set `deprecated.deployment.rollback.to`. Copies the revision's template and
/// annotations into the Deployment when it differs, records why when it cannot, and clears
/// the annotation in every case. The next pass rolls out as for any template change.
pub fn rollback(ctx: &mut Ctx<'_>, d: &mut Deployment, owned: &[String]) -> Result<(), String> {
    let (new_rs, old) = sync::get_all_replica_sets_and_sync_revision(ctx, d, owned, true)?;
    let mut all = old;
    all.extend(new_rs);
    let mut revision = rollback_to(d).unwrap_or(0);
    if revision == 0 {
        revision = last_revision(&sync::rss(ctx, &all));
        if revision == 0 {
            let msg = "Unable to find last revision.".to_string();
            sync::record(ctx, d, "Warning", ROLLBACK_REVISION_NOT_FOUND, msg);
            return clear_rollback_to(ctx, d);
        }
    }
    let target = sync::rss(ctx, &all)
        .into_iter()
        .find(|rs| rs.revision() == revision)
        .cloned();
    let Some(target) = target else {
        let msg = "Unable to find the revision to rollback to.".to_string();
        sync::record(ctx, d, "Warning", ROLLBACK_REVISION_NOT_FOUND, msg);
        return clear_rollback_to(ctx, d);
    };
    if equal_ignore_hash(&d.spec.template, &target.spec.template) {
        let msg = format!(
            "The rollback revision contains the same template as current deployment {:?}",
            d.metadata.name
        );
        sync::record(ctx, d, "Warning", ROLLBACK_TEMPLATE_UNCHANGED, msg);
        return clear_rollback_to(ctx, d);
    }
    roll_back_to(d, &target);
    clear_rollback_to(ctx, d)?;
    let msg = format!(
        "Rolled back deployment {:?} to revision {revision}",
        d.metadata.name
    );
    sync::record(ctx, d, "Normal", ROLLBACK_DONE, msg);
    Ok(())
}

const ROLLBACK_REVISION_NOT_FOUND: &str = "DeploymentRollbackRevisionNotFound";
const ROLLBACK_TEMPLATE_UNCHANGED: &str = "DeploymentRollbackTemplateUnchanged";
const ROLLBACK_DONE: &str = "DeploymentRollback";

/// `updateDeploymentAndClearRollbackTo`: a write of the whole Deployment (not its status),
/// so its generation moves, as the annotations change.
fn clear_rollback_to(ctx: &mut Ctx<'_>, d: &mut Deployment) -> Result<(), String> {
    d.metadata.annotations.remove(ROLLBACK_TO_ANNOTATION);
    ctx.store
        .update_generation(d.clone(), true)
        .map_err(|e| e.to_string())
}

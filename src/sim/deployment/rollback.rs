//! `kubectl rollout undo` as kubectl does it, client-side (kubectl
//! `pkg/polymorphichelpers/rollback.go`): find the revision's ReplicaSet, copy its template
//! (without the hash label) and its annotations back into the Deployment. The controller then
//! finds that old ReplicaSet as the new one and gives it the next revision number.

use super::util::{equal_ignore_hash, skip_copy_annotation};
use crate::sim::api::*;
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

/// Computes the rolled-back Deployment; the caller writes it. Errors are kubectl's words.
pub fn rollback_deployment(
    store: &Store,
    name: &str,
    to_revision: i64,
) -> Result<RollbackOutcome, String> {
    let d = store
        .get::<Deployment>(name)
        .ok_or_else(|| format!("deployments.apps \"{name}\" not found"))?;
    if d.spec.paused {
        return Err("you cannot rollback a paused deployment; resume it first with 'kubectl rollout resume' and try again".into());
    }
    let rss = owned_replica_sets(store, d);
    let target = if to_revision == 0 {
        // The previous revision: the second-highest one.
        let mut revs: Vec<(i64, &ReplicaSet)> = rss.iter().map(|rs| (rs.revision(), *rs)).collect();
        crate::sort::sort_by_key(&mut revs, |(r, _)| std::cmp::Reverse(*r));
        if revs.len() < 2 {
            return Err(format!("no rollout history found for deployment {name:?}"));
        }
        revs[1].1
    } else {
        rss.iter()
            .copied()
            .find(|rs| rs.revision() == to_revision)
            .ok_or_else(|| format!("unable to find specified revision {to_revision} in history"))?
    };
    if equal_ignore_hash(&target.spec.template, &d.spec.template) {
        return Ok(RollbackOutcome::Skipped(to_revision));
    }
    let mut next = d.clone();
    next.spec.template = target.spec.template.clone();
    next.spec
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
    for (k, v) in &target.metadata.annotations {
        if !skip_copy_annotation(k) {
            annotations.insert(k.clone(), v.clone());
        }
    }
    next.metadata.annotations = annotations;
    Ok(RollbackOutcome::RolledBack(Box::new(next)))
}

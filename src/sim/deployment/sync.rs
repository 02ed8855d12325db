//! Finding and creating the new ReplicaSet, revisions, proportional scaling, status and
//! history cleanup, mirroring `pkg/controller/deployment/sync.go`.

use super::util::*;
use crate::sim::api::*;
use crate::sim::controller::Ctx;
use crate::sim::store::{EventDraft, Kind, ObjRef};

/// How long `deployment.kubernetes.io/revision-history` may grow (upstream's default).
pub const MAX_REV_HISTORY_LENGTH_IN_CHARS: usize = 2000;

fn rs<'a>(ctx: &'a Ctx<'_>, name: &str) -> Option<&'a ReplicaSet> {
    ctx.store.get::<ReplicaSet>(name)
}

pub fn rss<'a>(ctx: &'a Ctx<'_>, names: &[String]) -> Vec<&'a ReplicaSet> {
    names.iter().filter_map(|n| rs(ctx, n)).collect()
}

/// Records an event about the Deployment, from the deployment controller.
pub fn record(
    ctx: &mut Ctx<'_>,
    d: &Deployment,
    type_: &'static str,
    reason: &'static str,
    message: String,
) {
    let involved = ObjRef::new(Kind::Deployment, &d.metadata.name);
    let draft = EventDraft {
        type_,
        reason,
        message,
        component: "deployment-controller",
        host: None,
    };
    ctx.store.record_event(&involved, draft, ctx.now);
}

/// Writes the Deployment (metadata and status; the controller never edits the spec).
pub fn update_deployment(ctx: &mut Ctx<'_>, d: &Deployment) -> Result<(), String> {
    update_deployment_status(ctx, d, d.status.clone())
}

/// `update_deployment` with `status` for the Deployment's status.
pub fn update_deployment_status(
    ctx: &mut Ctx<'_>,
    d: &Deployment,
    status: DeploymentStatus,
) -> Result<(), String> {
    let Some(current) = ctx.store.get::<Deployment>(&d.metadata.name) else {
        return Err(format!("deployment {:?} not found", d.metadata.name));
    };
    let mut next = current.clone();
    next.metadata.annotations = d.metadata.annotations.clone();
    next.status = status;
    ctx.store.update(next).map_err(|e| e.to_string())
}

/// `getAllReplicaSetsAndSyncRevision`: (new RS if any, old RSs), creating the new one when
/// asked to and bringing revisions up to date.
pub fn get_all_replica_sets_and_sync_revision(
    ctx: &mut Ctx<'_>,
    d: &mut Deployment,
    owned: &[String],
    create_if_not_existed: bool,
) -> Result<(Option<String>, Vec<String>), String> {
    let list = rss(ctx, owned);
    let (_, all_old) = find_old_replica_sets(d, &list);
    let old: Vec<String> = all_old.iter().map(|rs| rs.metadata.name.clone()).collect();
    let new_rs = get_new_replica_set(ctx, d, owned, &old, create_if_not_existed)?;
    Ok((new_rs, old))
}

/// `getNewReplicaSet`.
pub fn get_new_replica_set(
    ctx: &mut Ctx<'_>,
    d: &mut Deployment,
    owned: &[String],
    old: &[String],
    create_if_not_existed: bool,
) -> Result<Option<String>, String> {
    let existing = {
        let list = rss(ctx, owned);
        find_new_replica_set(d, &list).map(|rs| rs.metadata.name.clone())
    };
    let max_old_revision = max_revision(&rss(ctx, old));
    let new_revision = (max_old_revision + 1).to_string();

    if let Some(name) = existing {
        let min_ready_changed =
            rs(ctx, &name).is_some_and(|r| r.spec.min_ready_seconds != d.spec.min_ready_seconds);
        if min_ready_changed {
            let mut updated = rs(ctx, &name).cloned().expect("found just now");
            set_new_replica_set_annotations(
                d,
                &mut updated,
                &new_revision,
                true,
                MAX_REV_HISTORY_LENGTH_IN_CHARS,
            );
            updated.spec.min_ready_seconds = d.spec.min_ready_seconds;
            ctx.store.update(updated).map_err(|e| e.to_string())?;
            return Ok(Some(name));
        }
        // Nearly every pass finds nothing to change: the annotations are edited in place
        // rather than on a copy of the ReplicaSet, template and all.
        let mut annotations_updated = false;
        ctx.store
            .modify_metadata::<ReplicaSet>(&name, &mut |m| {
                annotations_updated = annotate_existing_replica_set(
                    d,
                    m,
                    &new_revision,
                    MAX_REV_HISTORY_LENGTH_IN_CHARS,
                );
                annotations_updated
            })
            .map_err(|e| e.to_string())?;
        if annotations_updated {
            return Ok(Some(name));
        }
        // The Deployment's revision follows its new ReplicaSet's.
        let revision = rs(ctx, &name)
            .and_then(|r| r.metadata.annotations.get(REVISION_ANNOTATION))
            .cloned();
        let mut needs_update = false;
        if let Some(rev) = revision {
            if d.metadata.annotations.get(REVISION_ANNOTATION) != Some(&rev) {
                d.metadata
                    .annotations
                    .insert(REVISION_ANNOTATION.to_string(), rev);
                needs_update = true;
            }
        }
        if has_progress_deadline(d) && d.condition(CONDITION_PROGRESSING).is_none() {
            let msg = format!("Found new replica set \"{name}\"");
            let cond = new_deployment_condition(
                CONDITION_PROGRESSING,
                "True",
                FOUND_NEW_RS_REASON,
                msg,
                ctx.now,
            );
            set_deployment_condition(&mut d.status, cond);
            needs_update = true;
        }
        if needs_update {
            update_deployment(ctx, d)?;
        }
        return Ok(Some(name));
    }
    if !create_if_not_existed {
        return Ok(None);
    }

    // A new ReplicaSet for the current template.
    let mut template = d.spec.template.clone();
    let hash = compute_hash(&template, d.status.collision_count);
    template
        .metadata
        .labels
        .insert(POD_TEMPLATE_HASH_LABEL.to_string(), hash.clone());
    let mut selector = d.spec.selector.clone();
    selector
        .match_labels
        .insert(POD_TEMPLATE_HASH_LABEL.to_string(), hash.clone());
    let mut labels = d.spec.template.metadata.labels.clone();
    labels.insert(POD_TEMPLATE_HASH_LABEL.to_string(), hash.clone());
    let name = generate_replica_set_name(&d.metadata.name, &hash);
    let mut new_rs = ReplicaSet {
        metadata: ObjectMeta {
            name: name.clone(),
            labels,
            owner_references: vec![OwnerReference {
                api_version: "apps/v1".into(),
                kind: "Deployment".into(),
                name: d.metadata.name.clone(),
                uid: d.metadata.uid.clone(),
                controller: Some(true),
                block_owner_deletion: Some(true),
            }]
            .into(),
            ..Default::default()
        },
        spec: ReplicaSetSpec {
            replicas: 0,
            min_ready_seconds: d.spec.min_ready_seconds,
            selector,
            template,
        },
        ..Default::default()
    };
    let all_rss = rss(ctx, old);
    let new_replicas = new_rs_new_replicas(d, &all_rss, &new_rs)?;
    new_rs.spec.replicas = new_replicas;
    set_new_replica_set_annotations(
        d,
        &mut new_rs,
        &new_revision,
        false,
        MAX_REV_HISTORY_LENGTH_IN_CHARS,
    );

    if let Some(clash) = rs(ctx, &name) {
        // A ReplicaSet of that name exists: ours if we control it and the template matches,
        // else a hash collision, which bumps collisionCount and tries again.
        let ours = clash
            .metadata
            .controller_of()
            .is_some_and(|o| o.uid == d.metadata.uid);
        if ours && equal_ignore_hash(&clash.spec.template, &new_rs.spec.template) {
            return Ok(Some(name));
        }
        d.status.collision_count = Some(d.status.collision_count.unwrap_or(0) + 1);
        update_deployment(ctx, d)?;
        return Err(format!("hash collision for replica set {name:?}"));
    }
    ctx.store
        .create(new_rs, ctx.now)
        .map_err(|e| e.to_string())?;
    if new_replicas > 0 {
        record(
            ctx,
            d,
            "Normal",
            "ScalingReplicaSet",
            format!("Scaled up replica set {name} to {new_replicas}"),
        );
    }
    d.metadata
        .annotations
        .insert(REVISION_ANNOTATION.to_string(), new_revision);
    if has_progress_deadline(d) {
        let msg = format!("Created new replica set \"{name}\"");
        let cond =
            new_deployment_condition(CONDITION_PROGRESSING, "True", NEW_RS_REASON, msg, ctx.now);
        set_deployment_condition(&mut d.status, cond);
    }
    update_deployment(ctx, d)?;
    Ok(Some(name))
}

/// `scaleReplicaSetAndRecordEvent`: (scaled, name). No-op when already at `new_scale`.
pub fn scale_replica_set_and_record_event(
    ctx: &mut Ctx<'_>,
    name: &str,
    new_scale: i32,
    d: &Deployment,
) -> Result<(bool, String), String> {
    let Some(current) = rs(ctx, name) else {
        return Err(format!("replicaset {name:?} not found"));
    };
    if current.spec.replicas == new_scale {
        return Ok((false, name.to_string()));
    }
    let direction = if current.spec.replicas < new_scale {
        "up"
    } else {
        "down"
    };
    scale_replica_set(ctx, name, new_scale, d, direction)
}

/// `scaleReplicaSet`: writes the size and the desired/max annotations; records
/// `Scaled up|down replica set X to N from M` when the size changed.
pub fn scale_replica_set(
    ctx: &mut Ctx<'_>,
    name: &str,
    new_scale: i32,
    d: &Deployment,
    direction: &str,
) -> Result<(bool, String), String> {
    let Some(current) = rs(ctx, name) else {
        return Err(format!("replicaset {name:?} not found"));
    };
    let old_scale = current.spec.replicas;
    let size_needs_update = old_scale != new_scale;
    let max = d.replicas() + max_surge(d);
    let annotations_need_update = replicas_annotations_need_update(current, d.replicas(), max);
    if !size_needs_update && !annotations_need_update {
        return Ok((false, name.to_string()));
    }
    let mut updated = current.clone();
    updated.spec.replicas = new_scale;
    set_replicas_annotations(&mut updated, d.replicas(), max);
    ctx.store.update(updated).map_err(|e| e.to_string())?;
    if size_needs_update {
        record(
            ctx,
            d,
            "Normal",
            "ScalingReplicaSet",
            format!("Scaled {direction} replica set {name} to {new_scale} from {old_scale}"),
        );
    }
    Ok((size_needs_update, name.to_string()))
}

/// `isScalingEvent`: some active ReplicaSet was sized for a different `replicas`.
pub fn is_scaling_event(
    ctx: &mut Ctx<'_>,
    d: &mut Deployment,
    owned: &[String],
) -> Result<bool, String> {
    let (new_rs, old) = get_all_replica_sets_and_sync_revision(ctx, d, owned, false)?;
    let mut all = old;
    all.extend(new_rs);
    Ok(filter_active(&rss(ctx, &all)).iter().any(|rs| {
        let (desired, valid, _) =
            get_non_negative_int32_from_annotation(rs, DESIRED_REPLICAS_ANNOTATION);
        valid && desired != d.replicas()
    }))
}

/// `sync`: the paused / scaling path: proportional scaling, no rollout.
pub fn sync(ctx: &mut Ctx<'_>, d: &mut Deployment, owned: &[String]) -> Result<(), String> {
    let (new_rs, old) = get_all_replica_sets_and_sync_revision(ctx, d, owned, false)?;
    scale(ctx, d, new_rs.as_deref(), &old)?;
    if d.spec.paused && super::rollback::rollback_to(d).is_none() {
        cleanup_deployment(ctx, &old, d)?;
    }
    let mut all = old;
    all.extend(new_rs.clone());
    sync_deployment_status(ctx, &all, new_rs.as_deref(), d)
}

/// `getReplicaSetFraction`: this ReplicaSet's share of a resize, by its share of the size the
/// Deployment had when it was last scaled (the max-replicas annotation).
pub fn get_replica_set_fraction(rs: &ReplicaSet, d: &Deployment) -> i32 {
    if d.replicas() == 0 {
        return -rs.spec.replicas;
    }
    let deployment_max = i64::from(d.replicas() + max_surge(d));
    let (annotated, valid, _) = get_non_negative_int32_from_annotation(rs, MAX_REPLICAS_ANNOTATION);
    let annotated = if valid && annotated > 0 {
        annotated
    } else {
        d.status.replicas
    };
    if annotated == 0 {
        return 0;
    }
    // Round half away from zero, in integers: rs.spec * deploymentMax / annotated.
    let num = i64::from(rs.spec.replicas) * deployment_max;
    let den = i64::from(annotated);
    let rounded = (2 * num + den.signum() * den) / (2 * den);
    (rounded - i64::from(rs.spec.replicas)) as i32
}

/// `GetProportion`: how many replicas this ReplicaSet gains or loses in a resize.
pub fn get_proportion(rs: &ReplicaSet, d: &Deployment, to_add: i32, added: i32) -> i32 {
    if rs.spec.replicas == 0 || to_add == 0 || to_add == added {
        return 0;
    }
    let fraction = get_replica_set_fraction(rs, d);
    let allowed = to_add - added;
    if to_add > 0 {
        fraction.min(allowed)
    } else {
        fraction.max(allowed)
    }
}

/// `scale`: resize to `replicas` without starting a rollout. A single active ReplicaSet takes
/// the whole change; a saturated new one means the old go to 0; otherwise (RollingUpdate
/// mid-rollout) the change is shared in proportion to each ReplicaSet's size, so a rollout
/// scaled from 10 to 15 keeps its old/new ratio.
pub fn scale(
    ctx: &mut Ctx<'_>,
    d: &Deployment,
    new_rs: Option<&str>,
    old: &[String],
) -> Result<(), String> {
    // FindActiveOrLatest.
    let mut all = old.to_vec();
    all.extend(new_rs.map(str::to_string));
    let active: Vec<String> = all
        .iter()
        .filter(|n| rs(ctx, n).is_some_and(|r| r.spec.replicas > 0))
        .cloned()
        .collect();
    let target = match active.len() {
        0 => new_rs.map(str::to_string).or_else(|| {
            let mut list = rss(ctx, old);
            sort_by_creation(&mut list);
            list.last().map(|r| r.metadata.name.clone())
        }),
        1 => Some(active[0].clone()),
        _ => None,
    };
    if let Some(name) = target {
        let size = rs(ctx, &name).map(|r| r.spec.replicas).unwrap_or(0);
        if size != d.replicas() {
            scale_replica_set_and_record_event(ctx, &name, d.replicas(), d)?;
        }
        return Ok(());
    }
    if is_saturated(d, new_rs.and_then(|n| rs(ctx, n))) {
        for name in filter_active(&rss(ctx, old))
            .iter()
            .map(|r| r.metadata.name.clone())
            .collect::<Vec<_>>()
        {
            scale_replica_set_and_record_event(ctx, &name, 0, d)?;
        }
        return Ok(());
    }
    if !d.is_rolling_update() {
        return Ok(());
    }
    let active_rss: Vec<ReplicaSet> = active.iter().filter_map(|n| rs(ctx, n).cloned()).collect();
    let allowed = if d.replicas() > 0 {
        d.replicas() + max_surge(d)
    } else {
        0
    };
    let current: i32 = active_rss.iter().map(|r| r.spec.replicas).sum();
    let to_add = allowed - current;
    let mut sorted = active_rss;
    // Largest first; ties newer first when growing, older first when shrinking.
    crate::sort::sort_by(&mut sorted, |a, b| {
        let ta = a.metadata.creation_timestamp.unwrap_or_default();
        let tb = b.metadata.creation_timestamp.unwrap_or_default();
        b.spec.replicas.cmp(&a.spec.replicas).then_with(|| {
            let by_age = ta
                .cmp(&tb)
                .then_with(|| a.metadata.name.cmp(&b.metadata.name));
            if to_add > 0 {
                by_age.reverse()
            } else {
                by_age
            }
        })
    });
    let mut added = 0;
    let mut sizes: Vec<(String, i32)> = Vec::new();
    for r in &sorted {
        let proportion = get_proportion(r, d, to_add, added);
        sizes.push((r.metadata.name.clone(), r.spec.replicas + proportion));
        added += proportion;
    }
    if let Some(first) = sizes.first_mut() {
        first.1 = (first.1 + to_add - added).max(0);
    }
    for (name, size) in sizes {
        let old_size = rs(ctx, &name).map(|r| r.spec.replicas).unwrap_or(0);
        let direction = if old_size < size { "up" } else { "down" };
        scale_replica_set(ctx, &name, size, d, direction)?;
    }
    Ok(())
}

/// `cleanupDeployment`: deletes the oldest fully scaled-down ReplicaSets beyond
/// `revisionHistoryLimit`.
pub fn cleanup_deployment(ctx: &mut Ctx<'_>, old: &[String], d: &Deployment) -> Result<(), String> {
    let Some(limit) = d.spec.revision_history_limit.filter(|l| *l != MAX_INT32) else {
        return Ok(());
    };
    let mut alive: Vec<&ReplicaSet> = rss(ctx, old)
        .into_iter()
        .filter(|r| r.metadata.deletion_timestamp.is_none())
        .collect();
    let diff = alive.len() as i64 - i64::from(limit);
    if diff <= 0 {
        return Ok(());
    }
    crate::sort::sort_by(&mut alive, |a, b| {
        let ta = a
            .metadata
            .creation_timestamp
            .unwrap_or(crate::sim::time::Time(i64::MIN));
        let tb = b
            .metadata
            .creation_timestamp
            .unwrap_or(crate::sim::time::Time(i64::MIN));
        a.revision()
            .cmp(&b.revision())
            .then(ta.cmp(&tb))
            .then_with(|| a.metadata.name.cmp(&b.metadata.name))
    });
    let doomed: Vec<String> = alive
        .iter()
        .take(diff as usize)
        .filter(|r| {
            r.status.replicas == 0
                && r.spec.replicas == 0
                && r.metadata.generation <= r.status.observed_generation
                && r.metadata.deletion_timestamp.is_none()
        })
        .map(|r| r.metadata.name.clone())
        .collect();
    for name in doomed {
        ctx.store
            .delete::<ReplicaSet>(&name)
            .map_err(|e| e.to_string())?;
    }
    Ok(())
}

/// `calculateStatus`.
pub fn calculate_status(
    all: &[&ReplicaSet],
    new_rs: Option<&ReplicaSet>,
    d: &Deployment,
    now: crate::sim::time::Time,
) -> DeploymentStatus {
    let available = get_available_replica_count_for_replica_sets(all.iter().copied());
    let total = get_replica_count_for_replica_sets(all.iter().copied());
    let mut status = DeploymentStatus {
        observed_generation: d.metadata.generation,
        replicas: get_actual_replica_count_for_replica_sets(all.iter().copied()),
        updated_replicas: new_rs.map(|r| r.status.replicas).unwrap_or(0),
        ready_replicas: get_ready_replica_count_for_replica_sets(all.iter().copied()),
        available_replicas: available,
        unavailable_replicas: (total - available).max(0),
        conditions: d.status.conditions.clone(),
        collision_count: d.status.collision_count,
    };
    let cond = if available >= d.replicas() - max_unavailable(d) {
        new_deployment_condition(
            CONDITION_AVAILABLE,
            "True",
            MIN_REPLICAS_AVAILABLE,
            "Deployment has minimum availability.".into(),
            now,
        )
    } else {
        new_deployment_condition(
            CONDITION_AVAILABLE,
            "False",
            MIN_REPLICAS_UNAVAILABLE,
            "Deployment does not have minimum availability.".into(),
            now,
        )
    };
    set_deployment_condition(&mut status, cond);
    status
}

/// `syncDeploymentStatus`: writes the calculated status if it changed.
pub fn sync_deployment_status(
    ctx: &mut Ctx<'_>,
    all: &[String],
    new_rs: Option<&str>,
    d: &mut Deployment,
) -> Result<(), String> {
    let status = calculate_status(&rss(ctx, all), new_rs.and_then(|n| rs(ctx, n)), d, ctx.now);
    if d.status == status {
        return Ok(());
    }
    d.status = status;
    update_deployment(ctx, d)
}

/// `checkPausedConditions`: Progressing=Unknown DeploymentPaused / DeploymentResumed.
pub fn check_paused_conditions(ctx: &mut Ctx<'_>, d: &mut Deployment) -> Result<(), String> {
    if !has_progress_deadline(d) {
        return Ok(());
    }
    let cond = d.condition(CONDITION_PROGRESSING);
    if cond.is_some_and(|c| c.reason == TIMED_OUT_REASON) {
        return Ok(());
    }
    let paused_cond = cond.is_some_and(|c| c.reason == PAUSED_DEPLOY_REASON);
    let new = if d.spec.paused && !paused_cond {
        new_deployment_condition(
            CONDITION_PROGRESSING,
            "Unknown",
            PAUSED_DEPLOY_REASON,
            "Deployment is paused".into(),
            ctx.now,
        )
    } else if !d.spec.paused && paused_cond {
        new_deployment_condition(
            CONDITION_PROGRESSING,
            "Unknown",
            RESUMED_DEPLOY_REASON,
            "Deployment is resumed".into(),
            ctx.now,
        )
    } else {
        return Ok(());
    };
    set_deployment_condition(&mut d.status, new);
    update_deployment(ctx, d)
}

//! Deployment arithmetic and bookkeeping, mirroring
//! `pkg/controller/deployment/util/deployment_util.go`.

use crate::sim::api::*;
use crate::sim::time::Time;

/// `intstr.GetScaledValueFromIntOrPercent`: an int as is; `"p%"` as p% of `total`, rounded
/// up or down. Any other string is an error.
pub fn get_scaled_value_from_int_or_percent(
    v: &IntOrString,
    total: i32,
    round_up: bool,
) -> Result<i32, String> {
    match v {
        IntOrString::Int(n) => Ok(*n),
        IntOrString::String(s) => {
            let Some(p) = s.strip_suffix('%').and_then(|p| p.parse::<i64>().ok()) else {
                return Err(format!("invalid value for IntOrString: invalid type: string is not a percentage: {s:?}"));
            };
            let scaled = p * i64::from(total);
            let value = if round_up {
                (scaled + 99).div_euclid(100)
            } else {
                scaled.div_euclid(100)
            };
            Ok(value.clamp(i64::from(i32::MIN), i64::from(i32::MAX)) as i32)
        }
    }
}

/// `ResolveFenceposts`: maxSurge rounds up, maxUnavailable rounds down; if both come to 0,
/// maxUnavailable becomes 1 so the rollout can move. On error both are 0.
///
/// 10 replicas at 25%/25%: surge = ceil(2.5) = 3, unavailable = floor(2.5) = 2.
pub fn resolve_fenceposts(
    max_surge: Option<&IntOrString>,
    max_unavailable: Option<&IntOrString>,
    desired: i32,
) -> Result<(i32, i32), String> {
    let zero = IntOrString::Int(0);
    let surge = get_scaled_value_from_int_or_percent(max_surge.unwrap_or(&zero), desired, true)?;
    let unavailable =
        get_scaled_value_from_int_or_percent(max_unavailable.unwrap_or(&zero), desired, false)?;
    if surge == 0 && unavailable == 0 {
        return Ok((0, 1));
    }
    Ok((surge, unavailable))
}

fn rolling_params(d: &Deployment) -> (Option<&IntOrString>, Option<&IntOrString>) {
    match &d.spec.strategy.rolling_update {
        Some(ru) => (ru.max_surge.as_ref(), ru.max_unavailable.as_ref()),
        None => (None, None),
    }
}

/// `MaxUnavailable`: 0 unless RollingUpdate with replicas > 0; never more than replicas.
pub fn max_unavailable(d: &Deployment) -> i32 {
    if !d.is_rolling_update() || d.replicas() == 0 {
        return 0;
    }
    let (surge, unavailable) = rolling_params(d);
    let (_, u) = resolve_fenceposts(surge, unavailable, d.replicas()).unwrap_or((0, 0));
    u.min(d.replicas())
}

/// `MinAvailable`: replicas − MaxUnavailable for RollingUpdate, else 0.
pub fn min_available(d: &Deployment) -> i32 {
    if !d.is_rolling_update() {
        return 0;
    }
    d.replicas() - max_unavailable(d)
}

/// `MaxSurge`: 0 unless RollingUpdate.
pub fn max_surge(d: &Deployment) -> i32 {
    if !d.is_rolling_update() {
        return 0;
    }
    let (surge, unavailable) = rolling_params(d);
    resolve_fenceposts(surge, unavailable, d.replicas())
        .map(|(s, _)| s)
        .unwrap_or(0)
}

/// `GetReplicaCountForReplicaSets`: Σ spec.replicas.
pub fn get_replica_count_for_replica_sets<'a>(
    rss: impl IntoIterator<Item = &'a ReplicaSet>,
) -> i32 {
    rss.into_iter().map(|rs| rs.spec.replicas).sum()
}

/// `GetActualReplicaCountForReplicaSets`: Σ status.replicas.
pub fn get_actual_replica_count_for_replica_sets<'a>(
    rss: impl IntoIterator<Item = &'a ReplicaSet>,
) -> i32 {
    rss.into_iter().map(|rs| rs.status.replicas).sum()
}

/// `GetTerminatingReplicaCountForReplicaSets`: Σ status.terminatingReplicas, unknown (`None`)
/// when a ReplicaSet the controller has seen does not report it.
pub fn get_terminating_replica_count_for_replica_sets<'a>(
    rss: impl IntoIterator<Item = &'a ReplicaSet>,
) -> Option<i32> {
    let mut total = 0;
    for rs in rss {
        match rs.status.terminating_replicas {
            Some(n) => total += n,
            None if rs.status.observed_generation > 0 => return None,
            None => {}
        }
    }
    Some(total)
}

/// `GetReadyReplicaCountForReplicaSets`.
pub fn get_ready_replica_count_for_replica_sets<'a>(
    rss: impl IntoIterator<Item = &'a ReplicaSet>,
) -> i32 {
    rss.into_iter().map(|rs| rs.status.ready_replicas).sum()
}

/// `GetAvailableReplicaCountForReplicaSets`.
pub fn get_available_replica_count_for_replica_sets<'a>(
    rss: impl IntoIterator<Item = &'a ReplicaSet>,
) -> i32 {
    rss.into_iter().map(|rs| rs.status.available_replicas).sum()
}

/// `NewRSNewReplicas`: how big the new ReplicaSet may be now.
///
/// RollingUpdate, 10 replicas, maxSurge 3: with old 10 + new 0 = 10 pods, at most 13 may
/// exist, so the new ReplicaSet grows to min(13 − 10, 10 − 0) = 3.
pub fn new_rs_new_replicas(
    d: &Deployment,
    all_rss: &[&ReplicaSet],
    new_rs: &ReplicaSet,
) -> Result<i32, String> {
    match d.spec.strategy.type_ {
        DeploymentStrategyType::RollingUpdate => {
            let (surge, _) = rolling_params(d);
            let zero = IntOrString::Int(0);
            let max_surge =
                get_scaled_value_from_int_or_percent(surge.unwrap_or(&zero), d.replicas(), true)?;
            let current = get_replica_count_for_replica_sets(all_rss.iter().copied());
            let max_total = d.replicas() + max_surge;
            if current >= max_total {
                return Ok(new_rs.spec.replicas);
            }
            let scale_up = (max_total - current).min(d.replicas() - new_rs.spec.replicas);
            Ok(new_rs.spec.replicas + scale_up)
        }
        DeploymentStrategyType::Recreate => Ok(d.replicas()),
    }
}

/// `DeploymentComplete`.
pub fn deployment_complete(d: &Deployment, s: &DeploymentStatus) -> bool {
    s.updated_replicas == d.replicas()
        && s.replicas == d.replicas()
        && s.available_replicas == d.replicas()
        && s.observed_generation >= d.metadata.generation
}

/// `DeploymentProgressing`: did anything move toward the goal since `d.status`?
pub fn deployment_progressing(d: &Deployment, s: &DeploymentStatus) -> bool {
    let old = &d.status;
    let old_old = old.replicas - old.updated_replicas;
    let new_old = s.replicas - s.updated_replicas;
    s.updated_replicas > old.updated_replicas
        || new_old < old_old
        || s.ready_replicas > old.ready_replicas
        || s.available_replicas > old.available_replicas
}

/// `HasProgressDeadline`.
pub fn has_progress_deadline(d: &Deployment) -> bool {
    d.spec
        .progress_deadline_seconds
        .is_some_and(|p| p != MAX_INT32)
}

/// `DeploymentTimedOut`.
pub fn deployment_timed_out(d: &Deployment, _s: &DeploymentStatus, now: Time) -> bool {
    if !has_progress_deadline(d) {
        return false;
    }
    let Some(cond) = d.condition(CONDITION_PROGRESSING) else {
        return false;
    };
    if cond.reason == NEW_RS_AVAILABLE_REASON {
        return false;
    }
    if cond.reason == TIMED_OUT_REASON {
        return true;
    }
    let deadline = crate::sim::time::Duration::seconds(i64::from(
        d.spec.progress_deadline_seconds.unwrap_or(0),
    ));
    cond.last_update_time.is_some_and(|t| t + deadline < now)
}

pub const NEW_RS_AVAILABLE_REASON: &str = "NewReplicaSetAvailable";
pub const TIMED_OUT_REASON: &str = "ProgressDeadlineExceeded";
pub const RS_UPDATED_REASON: &str = "ReplicaSetUpdated";
pub const NEW_RS_REASON: &str = "NewReplicaSetCreated";
pub const FOUND_NEW_RS_REASON: &str = "FoundNewReplicaSet";
pub const PAUSED_DEPLOY_REASON: &str = "DeploymentPaused";
pub const RESUMED_DEPLOY_REASON: &str = "DeploymentResumed";
pub const MIN_REPLICAS_AVAILABLE: &str = "MinimumReplicasAvailable";
pub const MIN_REPLICAS_UNAVAILABLE: &str = "MinimumReplicasUnavailable";
pub const FAILED_RS_CREATE_REASON: &str = "ReplicaSetCreateError";

/// `NewDeploymentCondition`.
pub fn new_deployment_condition(
    type_: &'static str,
    status: impl Into<Text>,
    reason: impl Into<Text>,
    message: String,
    now: Time,
) -> Condition {
    Condition {
        type_: type_.into(),
        status: status.into(),
        last_update_time: Some(now),
        last_transition_time: Some(now),
        reason: reason.into(),
        message,
    }
}

/// `SetDeploymentCondition`: no-op when status and reason are unchanged; keeps
/// lastTransitionTime when only the reason or message changes.
pub fn set_deployment_condition(status: &mut DeploymentStatus, mut cond: Condition) {
    if let Some(current) = status.conditions.iter().find(|c| c.type_ == cond.type_) {
        if current.status == cond.status && current.reason == cond.reason {
            return;
        }
        if current.status == cond.status {
            cond.last_transition_time = current.last_transition_time;
        }
    }
    remove_deployment_condition(status, &cond.type_.clone());
    status.conditions.push(cond);
}

pub fn remove_deployment_condition(status: &mut DeploymentStatus, type_: &str) {
    status.conditions.retain(|c| c.type_ != type_);
}

/// `getNonNegativeInt32FromAnnotation`: (value, valid, error).
pub fn get_non_negative_int32_from_annotation(
    rs: &ReplicaSet,
    key: &str,
) -> (i32, bool, Option<String>) {
    let Some(v) = rs.metadata.annotations.get(key) else {
        return (0, false, None);
    };
    // strconv.ParseUint(v, 10, 32), then a check against MaxInt32.
    if v.is_empty() || !v.bytes().all(|b| b.is_ascii_digit()) {
        return (
            0,
            false,
            Some(format!("strconv.ParseUint: parsing {v:?}: invalid syntax")),
        );
    }
    match v.parse::<u64>() {
        Ok(n) if n <= i32::MAX as u64 => (n as i32, true, None),
        Ok(n) if n <= u64::from(u32::MAX) => (
            0,
            false,
            Some(format!("value {v} is out of range of int32")),
        ),
        _ => (
            0,
            false,
            Some(format!(
                "strconv.ParseUint: parsing {v:?}: value out of range"
            )),
        ),
    }
}

/// `ReplicasAnnotationsNeedUpdate`.
pub fn replicas_annotations_need_update(rs: &ReplicaSet, desired: i32, max: i32) -> bool {
    rs.metadata.annotations.get(DESIRED_REPLICAS_ANNOTATION) != Some(&desired.to_string())
        || rs.metadata.annotations.get(MAX_REPLICAS_ANNOTATION) != Some(&max.to_string())
}

/// `SetReplicasAnnotations`: returns whether anything changed.
pub fn set_replicas_annotations(rs: &mut ReplicaSet, desired: i32, max: i32) -> bool {
    let mut changed = false;
    for (key, value) in [
        (DESIRED_REPLICAS_ANNOTATION, desired),
        (MAX_REPLICAS_ANNOTATION, max),
    ] {
        let v = value.to_string();
        if rs.metadata.annotations.get(key) != Some(&v) {
            rs.metadata.annotations.insert(key.to_string(), v);
            changed = true;
        }
    }
    changed
}

/// Annotations a Deployment does not pass on to its ReplicaSets (`annotationsToSkip`).
pub fn skip_copy_annotation(key: &str) -> bool {
    matches!(
        key,
        LAST_APPLIED_ANNOTATION
            | REVISION_ANNOTATION
            | REVISION_HISTORY_ANNOTATION
            | DESIRED_REPLICAS_ANNOTATION
            | MAX_REPLICAS_ANNOTATION
            | ROLLBACK_TO_ANNOTATION
    )
}

/// `copyDeploymentAnnotationsToReplicaSet`: returns whether the RS changed.
fn copy_deployment_annotations_to_replica_set(d: &Deployment, rs: &mut ObjectMeta) -> bool {
    let mut changed = false;
    for (k, v) in &d.metadata.annotations {
        if skip_copy_annotation(k) || rs.annotations.get(k) == Some(v) {
            continue;
        }
        rs.annotations.insert(k.clone(), v.clone());
        changed = true;
    }
    changed
}

/// `SetNewReplicaSetAnnotations`: copies the Deployment's annotations, raises the revision
/// (never lowers it) and, when an old RS becomes new again, appends its old revision to the
/// revision history (oldest entries dropped past `rev_history_limit_in_chars`).
pub fn set_new_replica_set_annotations(
    d: &Deployment,
    rs: &mut ReplicaSet,
    new_revision: &str,
    exists: bool,
    rev_history_limit_in_chars: usize,
) -> bool {
    let copied = copy_deployment_annotations_to_replica_set(d, &mut rs.metadata);
    // Upstream gives up (false) on a revision that is not a number, after the copy.
    let Some(raised) = raise_revision(&mut rs.metadata, new_revision, rev_history_limit_in_chars)
    else {
        return false;
    };
    let mut changed = copied | raised;
    if !exists && set_replicas_annotations(rs, d.replicas(), d.replicas() + max_surge(d)) {
        changed = true;
    }
    changed
}

/// `set_new_replica_set_annotations` for a ReplicaSet that exists, as an edit of its metadata
/// in place (`Store::modify_metadata`), so that finding nothing to change copies nothing. A
/// revision that is not a number changes nothing here: upstream's copy is then not written
/// either (unless minReadySeconds changed too, which the caller handles on a copy).
pub fn annotate_existing_replica_set(
    d: &Deployment,
    rs: &mut ObjectMeta,
    new_revision: &str,
    rev_history_limit_in_chars: usize,
) -> bool {
    if revisions(rs, new_revision).is_none() {
        return false;
    }
    let copied = copy_deployment_annotations_to_replica_set(d, rs);
    copied | raise_revision(rs, new_revision, rev_history_limit_in_chars).unwrap_or(false)
}

/// The ReplicaSet's revision (0 without one) and the new one, when both are numbers.
fn revisions(rs: &ObjectMeta, new_revision: &str) -> Option<(i64, i64)> {
    let new = new_revision.parse::<i64>().ok()?;
    let old = match rs.annotations.get(REVISION_ANNOTATION) {
        Some(r) => r.parse::<i64>().ok()?,
        None => 0,
    };
    Some((old, new))
}

/// Raises the revision to `new_revision` and records the old one in the history; None when
/// either is not a number (nothing is changed then).
fn raise_revision(
    rs: &mut ObjectMeta,
    new_revision: &str,
    rev_history_limit_in_chars: usize,
) -> Option<bool> {
    let (old_value, new_num) = revisions(rs, new_revision)?;
    if old_value >= new_num {
        return Some(false);
    }
    let old = rs
        .annotations
        .insert(REVISION_ANNOTATION.to_string(), new_revision.to_string());
    if let Some(old) = old.filter(|old| !old.is_empty()) {
        let history = rs
            .annotations
            .get(REVISION_HISTORY_ANNOTATION)
            .cloned()
            .unwrap_or_default();
        let mut entries: Vec<String> = if history.is_empty() {
            Vec::new()
        } else {
            history.split(',').map(str::to_string).collect()
        };
        entries.push(old);
        while entries.join(",").len() > rev_history_limit_in_chars && entries.len() > 1 {
            entries.remove(0);
        }
        rs.annotations
            .insert(REVISION_HISTORY_ANNOTATION.to_string(), entries.join(","));
    }
    Some(true)
}

/// `EqualIgnoreHash`: the whole pod template, ignoring the `pod-template-hash` label.
/// Compared in place: upstream compares copies with the label taken out, and copying two
/// templates for each of the several times a Deployment's sync looks for its new
/// ReplicaSet was most of a small rollout's time. Every field of the metadata is named, so a
/// field added to `ObjectMeta` cannot be left out of the comparison unnoticed.
pub fn equal_ignore_hash(a: &PodTemplateSpec, b: &PodTemplateSpec) -> bool {
    let ObjectMeta {
        name,
        generate_name,
        namespace,
        uid,
        resource_version,
        generation,
        creation_timestamp,
        deletion_timestamp,
        deletion_grace_period_seconds,
        labels,
        annotations,
        owner_references,
    } = &a.metadata;
    let other = &b.metadata;
    *name == other.name
        && *generate_name == other.generate_name
        && *namespace == other.namespace
        && *uid == other.uid
        && *resource_version == other.resource_version
        && *generation == other.generation
        && *creation_timestamp == other.creation_timestamp
        && *deletion_timestamp == other.deletion_timestamp
        && *deletion_grace_period_seconds == other.deletion_grace_period_seconds
        && *annotations == other.annotations
        && *owner_references == other.owner_references
        && unhashed(labels).eq(unhashed(&other.labels))
        && a.spec == b.spec
}

/// A template's labels but `pod-template-hash`, in order.
fn unhashed(labels: &Labels) -> impl Iterator<Item = (&String, &String)> {
    labels
        .iter()
        .filter(|(key, _)| *key != POD_TEMPLATE_HASH_LABEL)
}

/// ReplicaSets oldest first (`controller.ReplicaSetsByCreationTimestamp`): creation time,
/// then name. A missing timestamp counts as the zero time.
pub fn sort_by_creation(rss: &mut [&ReplicaSet]) {
    crate::sort::sort_copies_by(rss, |a, b| {
        let ta = a.metadata.creation_timestamp.unwrap_or(Time(i64::MIN));
        let tb = b.metadata.creation_timestamp.unwrap_or(Time(i64::MIN));
        ta.cmp(&tb)
            .then_with(|| a.metadata.name.cmp(&b.metadata.name))
    });
}

/// `FindNewReplicaSet`: the oldest ReplicaSet whose template matches the Deployment's.
pub fn find_new_replica_set<'a>(d: &Deployment, rss: &[&'a ReplicaSet]) -> Option<&'a ReplicaSet> {
    let mut sorted = rss.to_vec();
    sort_by_creation(&mut sorted);
    sorted
        .into_iter()
        .find(|rs| equal_ignore_hash(&rs.spec.template, &d.spec.template))
}

/// `FindOldReplicaSets`: (those with replicas ≠ 0, all of them), the new one excluded.
pub fn find_old_replica_sets<'a>(
    d: &Deployment,
    rss: &[&'a ReplicaSet],
) -> (Vec<&'a ReplicaSet>, Vec<&'a ReplicaSet>) {
    let new_uid = find_new_replica_set(d, rss).map(|rs| rs.metadata.uid.clone());
    let all_old: Vec<&ReplicaSet> = rss
        .iter()
        .copied()
        .filter(|rs| Some(&rs.metadata.uid) != new_uid.as_ref())
        .collect();
    let required = all_old
        .iter()
        .copied()
        .filter(|rs| rs.spec.replicas != 0)
        .collect();
    (required, all_old)
}

/// `MaxRevision`.
pub fn max_revision(rss: &[&ReplicaSet]) -> i64 {
    rss.iter().map(|rs| rs.revision()).max().unwrap_or(0)
}

/// `LastRevision`: the second-highest revision (what `rollout undo` goes back to).
pub fn last_revision(rss: &[&ReplicaSet]) -> i64 {
    let (mut max, mut second) = (0, 0);
    for rs in rss {
        let v = rs.revision();
        if v >= max {
            second = max;
            max = v;
        } else if v > second {
            second = v;
        }
    }
    second
}

/// `FilterActiveReplicaSets`: spec.replicas > 0.
pub fn filter_active<'a>(rss: &[&'a ReplicaSet]) -> Vec<&'a ReplicaSet> {
    rss.iter()
        .copied()
        .filter(|rs| rs.spec.replicas > 0)
        .collect()
}

/// `IsSaturated`: the new RS has exactly the Deployment's replicas, all available.
pub fn is_saturated(d: &Deployment, rs: Option<&ReplicaSet>) -> bool {
    let Some(rs) = rs else { return false };
    let desired = rs
        .metadata
        .annotations
        .get(DESIRED_REPLICAS_ANNOTATION)
        .and_then(|v| v.parse::<i32>().ok());
    rs.spec.replicas == d.replicas()
        && desired == Some(d.replicas())
        && rs.status.available_replicas == d.replicas()
}

const SAFE_ALPHABET: &[u8] = b"bcdfghjklmnpqrstvwxz2456789";

/// `rand.SafeEncodeString`: each byte mapped into an alphabet without vowels or look-alikes.
pub fn safe_encode_string(s: &str) -> String {
    s.bytes()
        .map(|b| SAFE_ALPHABET[b as usize % SAFE_ALPHABET.len()] as char)
        .collect()
}

/// `ComputeHash`: FNV-32a over the template (our canonical JSON of it) and the collision
/// count, then safe-encoded. Not byte-identical to upstream's (which hashes Go's printed
/// struct), but the same shape and the same properties.
pub fn compute_hash(template: &PodTemplateSpec, collision_count: Option<i32>) -> String {
    let mut h: u32 = 0x811c_9dc5;
    let mut feed = |bytes: &[u8]| {
        for &b in bytes {
            h ^= u32::from(b);
            h = h.wrapping_mul(0x0100_0193);
        }
    };
    feed(template_text(template).as_bytes());
    if let Some(c) = collision_count {
        feed(&(i64::from(c)).to_le_bytes());
    }
    safe_encode_string(&h.to_string())
}

/// The template as `serde_json::to_string` writes it (compact; fields in the order the types
/// declare them, maps in key order), written from its JSON value (`crate::json`). The
/// pod-template-hash, and so every pod's name, depends on these bytes, in saved sessions too:
/// a test holds them to `to_string`'s.
pub fn template_text(template: &PodTemplateSpec) -> String {
    // Our types always serialise; `expect` would bring `serde_json::Error`'s Debug along.
    let value = serde_json::to_value(template).unwrap_or_default();
    crate::json::text_ordered(&value, FIELD_ORDERS)
}

/// The order of a template's structs' fields, as they are declared (and serde writes them),
/// by the key the object stands under ("": the template). Objects under any other key
/// (labels, annotations, nodeSelector, limits, requests) are maps, written in key order.
const FIELD_ORDERS: crate::json::Orders<'static> = &[
    ("", &["metadata", "spec"]),
    (
        "metadata",
        &[
            "name",
            "generateName",
            "namespace",
            "uid",
            "resourceVersion",
            "generation",
            "creationTimestamp",
            "deletionTimestamp",
            "deletionGracePeriodSeconds",
            "labels",
            "annotations",
            "ownerReferences",
        ],
    ),
    (
        "ownerReferences",
        &[
            "apiVersion",
            "kind",
            "name",
            "uid",
            "controller",
            "blockOwnerDeletion",
        ],
    ),
    (
        "spec",
        &[
            "containers",
            "restartPolicy",
            "terminationGracePeriodSeconds",
            "dnsPolicy",
            "nodeSelector",
            "nodeName",
            "schedulerName",
            "tolerations",
        ],
    ),
    (
        "containers",
        &[
            "name",
            "image",
            "command",
            "args",
            "ports",
            "env",
            "resources",
            "livenessProbe",
            "readinessProbe",
            "terminationMessagePath",
            "terminationMessagePolicy",
            "imagePullPolicy",
        ],
    ),
    ("env", &["name", "value"]),
    ("ports", &["name", "containerPort", "protocol"]),
    ("resources", &["limits", "requests"]),
    ("livenessProbe", PROBE),
    ("readinessProbe", PROBE),
    ("httpGet", &["path", "port", "scheme"]),
    (
        "tolerations",
        &["key", "operator", "value", "effect", "tolerationSeconds"],
    ),
];

const PROBE: &[&str] = &[
    "httpGet",
    "tcpSocket",
    "exec",
    "initialDelaySeconds",
    "timeoutSeconds",
    "periodSeconds",
    "successThreshold",
    "failureThreshold",
];

/// `generateReplicaSetName`: `<deployment>-<hash>`, the name cut so the whole fits 253.
pub fn generate_replica_set_name(deployment: &str, hash: &str) -> String {
    let max = 253usize.saturating_sub(1 + hash.len());
    let mut name = deployment;
    if name.len() > max && max > 0 {
        let mut cut = max;
        while !name.is_char_boundary(cut) {
            cut -= 1;
        }
        name = &name[..cut];
    }
    format!("{name}-{hash}")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sim::rng::Pcg32;

    /// The in-place edit of an existing ReplicaSet's annotations writes what upstream's
    /// `SetNewReplicaSetAnnotations` on a copy would write, and says so alike; where upstream
    /// gives up (a revision that is not a number), it changes nothing, as the copy is then
    /// not written.
    #[test]
    fn annotating_in_place_writes_what_the_copy_would() {
        let mut rng = Pcg32::new(5);
        let pick = |rng: &mut Pcg32, values: &[&str]| {
            values[rng.below(values.len() as u32) as usize].to_string()
        };
        for case in 0..2_000 {
            let mut d = Deployment::simple("web", Vec::new(), 3);
            let mut rs = ReplicaSet::default();
            for (key, values) in [
                ("team", &["a", "b"][..]),
                ("kubernetes.io/change-cause", &["x", "y"][..]),
                (REVISION_ANNOTATION, &["1", "4"][..]),
            ] {
                if rng.below(2) == 0 {
                    d.metadata
                        .annotations
                        .insert(key.into(), pick(&mut rng, values));
                }
            }
            for (key, values) in [
                ("team", &["a", "c"][..]),
                (REVISION_ANNOTATION, &["", "1", "2", "7", "x"][..]),
                (REVISION_HISTORY_ANNOTATION, &["", "1", "1,3"][..]),
            ] {
                if rng.below(2) == 0 {
                    rs.metadata
                        .annotations
                        .insert(key.into(), pick(&mut rng, values));
                }
            }
            let new_revision = pick(&mut rng, &["3", "5", "z"]);
            let limit = pick(&mut rng, &["3", "2000"]).parse().expect("a number");

            let mut copy = rs.clone();
            let upstream =
                set_new_replica_set_annotations(&d, &mut copy, &new_revision, true, limit);
            let mut meta = rs.metadata.clone();
            let here = annotate_existing_replica_set(&d, &mut meta, &new_revision, limit);
            assert_eq!(here, upstream, "case {case}: {rs:?} {new_revision}");
            let written = if upstream {
                &copy.metadata
            } else {
                &rs.metadata
            };
            assert_eq!(meta.annotations, written.annotations, "case {case}");
        }
    }
}

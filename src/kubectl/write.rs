//! The kubectl commands that change the cluster, done the way kubectl does them: read the
//! object, change it client-side, send it back, print what kubectl prints. Mirrors
//! `kubectl/pkg/cmd/{create,set,scale,annotate,rollout,delete,drain}`.

use super::parse::{ResourceKind, Target};
use crate::sim::api::{
    Container, ContainerPort, Deployment, EnvVar, Node, ObjectMeta, Pod, ReplicaSet, Taint,
    CHANGE_CAUSE_ANNOTATION, RESTARTED_AT_ANNOTATION,
};
use crate::sim::store::{ApiError, Kind, Object, Store};
use crate::sim::time::{Duration, Time};

/// What the executor needs from the cluster. `sim::cluster::Cluster` implements it; tests can
/// use anything else.
pub trait Api {
    fn store(&self) -> &Store;
    fn now(&self) -> Time;
    fn create_deployment(&mut self, d: Deployment) -> Result<(), ApiError>;
    fn update_deployment(&mut self, d: Deployment) -> Result<(), ApiError>;
    fn delete_deployment(&mut self, name: &str) -> Result<(), ApiError>;
    fn delete_replica_set(&mut self, name: &str) -> Result<(), ApiError>;
    fn scale_replica_set(&mut self, name: &str, replicas: i32) -> Result<(), ApiError>;
    /// `grace`: the delete's grace period, if it gives one (0: forced).
    fn delete_pod(&mut self, name: &str, grace: Option<i64>) -> Result<(), ApiError>;
    fn set_unschedulable(&mut self, node: &str, unschedulable: bool) -> Result<(), ApiError>;
    /// Replaces a node's taints (the taint-eviction controller then acts on NoExecute ones).
    fn set_taints(&mut self, node: &str, taints: Vec<Taint>) -> Result<(), ApiError>;
    /// Writes the labels and annotations of `next` (`Cluster::write_labels_and_annotations`).
    fn write_labels_and_annotations(
        &mut self,
        kind: Kind,
        name: &str,
        next: ObjectMeta,
    ) -> Result<(), ApiError>;
    /// Evicts every pod on the node (after cordoning it); returns the evicted pods' names.
    fn drain(&mut self, node: &str, grace: Option<i64>) -> Result<Vec<String>, ApiError>;
    /// `kubectl rollout undo`: Ok(None) when rolled back, Ok(Some(rev)) when skipped because
    /// the template already matches, Err(kubectl's error text).
    fn rollback(&mut self, name: &str, to_revision: i64) -> Result<Option<i64>, String>;
    /// Moves virtual time forward (for `rollout status` waiting).
    fn advance(&mut self, by: Duration);
    /// When the next thing is scheduled to happen, if anything is.
    fn next_event_time(&self) -> Option<Time>;
}

/// A kubectl answer: what it printed (stdout and stderr, in order) and whether it failed.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Output {
    pub text: String,
    pub failed: bool,
    /// Whether the command changed the cluster (the session log keeps only those).
    pub changed: bool,
}

impl Output {
    pub fn ok(text: impl Into<String>) -> Self {
        Output {
            text: text.into(),
            failed: false,
            changed: false,
        }
    }
    pub fn changed(text: impl Into<String>) -> Self {
        Output {
            text: text.into(),
            failed: false,
            changed: true,
        }
    }
    pub fn error(text: impl Into<String>) -> Self {
        Output {
            text: text.into(),
            failed: true,
            changed: false,
        }
    }
}

impl From<ApiError> for Output {
    fn from(e: ApiError) -> Self {
        Output::error(e.to_string())
    }
}

fn deployment<'a>(api: &'a dyn Api, name: &str) -> Result<&'a Deployment, Output> {
    api.store()
        .get::<Deployment>(name)
        .ok_or_else(|| Store::not_found::<Deployment>(name).into())
}

fn only_deployments(target: &Target) -> Result<(), Output> {
    if target.kind == ResourceKind::Deployment {
        Ok(())
    } else {
        Err(Output::error(format!(
            "error: {} \"{}\" is not supported here: Rollout Lab changes Deployments (their ReplicaSets and pods follow)",
            target.kind.resource(),
            target.name
        )))
    }
}

/// `kubectl create deployment`: containers named after their images (`nginx:1.25` → `nginx`,
/// `demo/web:v2` → `web`), labels `app=<name>` on the Deployment, selector and template.
pub fn create_deployment(
    api: &mut dyn Api,
    name: &str,
    images: &[String],
    replicas: i32,
    port: Option<i32>,
) -> Output {
    let mut containers: Vec<Container> = Vec::new();
    for image in images {
        let base = image.rsplit('/').next().unwrap_or(image);
        let base = base
            .split(['@', ':'])
            .next()
            .unwrap_or(base)
            .replace('_', "-");
        let mut container_name = base.clone();
        let mut n = 1;
        while containers.iter().any(|c| c.name == container_name) {
            n += 1;
            container_name = format!("{base}-{n}");
        }
        let ports = port
            .map(|p| {
                vec![ContainerPort {
                    container_port: p,
                    ..Default::default()
                }]
            })
            .unwrap_or_default();
        containers.push(Container {
            name: container_name,
            image: image.clone(),
            ports,
            ..Default::default()
        });
    }
    let d = Deployment::simple(name, containers, replicas);
    match api.create_deployment(d) {
        Ok(()) => Output::changed(format!("deployment.apps/{name} created")),
        Err(e) => e.into(),
    }
}

/// Sends a client-side edit of a Deployment; prints `deployment.apps/<name> <verb>` when it
/// changed something, nothing when it did not (as `kubectl set` skips empty patches).
fn edit(
    api: &mut dyn Api,
    name: &str,
    verb: &str,
    change: impl FnOnce(&mut Deployment) -> Result<(), Output>,
) -> Output {
    let current = match deployment(api, name) {
        Ok(d) => d.clone(),
        Err(e) => return e,
    };
    let mut next = current.clone();
    if let Err(e) = change(&mut next) {
        return e;
    }
    if next == current {
        return Output::ok("");
    }
    match api.update_deployment(next) {
        Ok(()) => Output::changed(format!("deployment.apps/{name} {verb}")),
        Err(e) => e.into(),
    }
}

/// `kubectl set image`; `*=IMAGE` sets every container.
pub fn set_image(api: &mut dyn Api, target: &Target, images: &[(String, String)]) -> Output {
    if let Err(e) = only_deployments(target) {
        return e;
    }
    edit(api, &target.name, "image updated", |d| {
        let containers = &mut d.spec.template.spec.containers;
        let mut missing = Vec::new();
        for (name, image) in images {
            let mut found = false;
            for c in containers
                .iter_mut()
                .filter(|c| name == "*" || &c.name == name)
            {
                c.image = image.clone();
                found = true;
            }
            if !found {
                missing.push(format!("error: unable to find container named {name:?}"));
            }
        }
        if missing.is_empty() {
            Ok(())
        } else {
            Err(Output::error(missing.join("\n")))
        }
    })
}

/// `kubectl scale`.
pub fn scale(api: &mut dyn Api, target: &Target, replicas: i32) -> Output {
    if target.kind == ResourceKind::ReplicaSet {
        let name = &target.name;
        return match api.scale_replica_set(name, replicas) {
            Ok(()) => Output::changed(format!("replicaset.apps/{name} scaled")),
            Err(e) => e.into(),
        };
    }
    if let Err(e) = only_deployments(target) {
        return e;
    }
    let name = &target.name;
    let mut d = match deployment(api, name) {
        Ok(d) => d.clone(),
        Err(e) => return e,
    };
    d.spec.replicas = Some(replicas);
    // kubectl scale always sends the scale subresource, so it prints even when unchanged.
    match api.update_deployment(d) {
        Ok(()) => Output::changed(format!("deployment.apps/{name} scaled")),
        Err(e) => e.into(),
    }
}

/// Applies `change` to every container `container` selects (all when `None`); false when it
/// selected none.
fn edit_containers(
    d: &mut Deployment,
    container: Option<&str>,
    mut change: impl FnMut(&mut Container),
) -> bool {
    let mut matched = false;
    for c in d
        .spec
        .template
        .spec
        .containers
        .iter_mut()
        .filter(|c| container.is_none_or(|n| n == c.name))
    {
        matched = true;
        change(c);
    }
    matched
}

/// `kubectl set env`: `KEY=VALUE` sets, `KEY-` removes, in every container (or `-c NAME`).
pub fn set_env(
    api: &mut dyn Api,
    target: &Target,
    set: &[(String, String)],
    unset: &[String],
    container: Option<&str>,
) -> Output {
    if let Err(e) = only_deployments(target) {
        return e;
    }
    edit(api, &target.name, "env updated", |d| {
        let matched = edit_containers(d, container, |c| {
            for (k, v) in set {
                match c.env.iter_mut().find(|e| &e.name == k) {
                    Some(e) => e.value = v.clone(),
                    None => c.env.push(EnvVar {
                        name: k.clone(),
                        value: v.clone(),
                    }),
                }
            }
            c.env.retain(|e| !unset.contains(&e.name));
        });
        if matched {
            Ok(())
        } else {
            Err(Output::error(format!(
                "error: unable to find container named {:?}",
                container.unwrap_or_default()
            )))
        }
    })
}

/// `kubectl set resources --requests=cpu=100m,memory=64Mi --limits=...`.
pub fn set_resources(
    api: &mut dyn Api,
    target: &Target,
    container: Option<&str>,
    requests: &[(String, String)],
    limits: &[(String, String)],
) -> Output {
    if let Err(e) = only_deployments(target) {
        return e;
    }
    for (k, v) in requests.iter().chain(limits) {
        if crate::sim::quantity::parse(v).is_none() {
            return Output::error(format!("error: quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$' ({k}={v})"));
        }
    }
    edit(api, &target.name, "resource requirements updated", |d| {
        let matched = edit_containers(d, container, |c| {
            c.resources.requests.extend(requests.iter().cloned());
            c.resources.limits.extend(limits.iter().cloned());
        });
        if matched {
            Ok(())
        } else {
            Err(Output::error(format!(
                "error: unable to find container named {}",
                container.unwrap_or_default()
            )))
        }
    })
}

/// The metadata of the object a target names, or the API server's NotFound.
fn metadata_of(store: &Store, t: &Target) -> Result<ObjectMeta, Output> {
    fn of<T: Object>(store: &Store, name: &str) -> Result<ObjectMeta, Output> {
        store
            .get::<T>(name)
            .map(|o| o.meta().clone())
            .ok_or_else(|| Store::not_found::<T>(name).into())
    }
    match t.kind {
        ResourceKind::Deployment => of::<Deployment>(store, &t.name),
        ResourceKind::ReplicaSet => of::<ReplicaSet>(store, &t.name),
        ResourceKind::Pod => of::<Pod>(store, &t.name),
        ResourceKind::Node => of::<Node>(store, &t.name),
        ResourceKind::Event => Err(Output::error(format!(
            "error: {} \"{}\" is not supported here: events keep the labels they were recorded with",
            t.kind.resource(),
            t.name
        ))),
    }
}

/// Runs `each` on every target in turn as kubectl's visitor does (`ContinueOnError`): what
/// each printed, in order; failed if any failed.
fn for_each_target(
    api: &mut dyn Api,
    targets: &[Target],
    mut each: impl FnMut(&mut dyn Api, &Target) -> Output,
) -> Output {
    let mut out = Output::ok("");
    let mut lines = Vec::new();
    for t in targets {
        let o = each(&mut *api, t);
        out.failed |= o.failed;
        out.changed |= o.changed;
        if !o.text.is_empty() {
            lines.push(o.text);
        }
    }
    out.text = lines.join("\n");
    out
}

/// Writes labels and annotations through the API server, as kubectl's merge patch does.
fn patch_metadata(api: &mut dyn Api, t: &Target, next: ObjectMeta) -> Result<(), Output> {
    let kind = t.kind.store_kind().expect("metadata_of let it through");
    api.write_labels_and_annotations(kind, &t.name, next)
        .map_err(Output::from)
}

/// `kubectl annotate` (`AnnotateOptions.RunAnnotate`): without `--overwrite` it refuses to
/// change an annotation that has another value, except the change-cause.
pub fn annotate(
    api: &mut dyn Api,
    targets: &[Target],
    set: &[(String, String)],
    unset: &[String],
    overwrite: bool,
) -> Output {
    for_each_target(api, targets, |api, t| {
        let current = match metadata_of(api.store(), t) {
            Ok(m) => m,
            Err(e) => return e,
        };
        if !overwrite {
            let clashes: Vec<String> = set
                .iter()
                .filter(|(k, _)| k != CHANGE_CAUSE_ANNOTATION)
                .filter_map(|(k, v)| {
                    let have = current.annotations.get(k).filter(|have| *have != v)?;
                    Some(format!("'{k}' already has a value ({have})"))
                })
                .collect();
            if !clashes.is_empty() {
                return Output::error(format!(
                    "error: --overwrite is false but found the following declared annotation(s): {}",
                    clashes.join("; ")
                ));
            }
        }
        let mut next = current;
        for (k, v) in set {
            next.annotations.insert(k.clone(), v.clone());
        }
        for k in unset {
            next.annotations.remove(k);
        }
        match patch_metadata(api, t, next) {
            Ok(()) => Output::changed(format!("{}/{} annotated", t.kind.qualified(), t.name)),
            Err(e) => e,
        }
    })
}

/// `kubectl label` (`LabelOptions.RunLabel`): says which labels to remove were not there,
/// refuses to change a label that has another value without `--overwrite`, then prints
/// what happened (`labeled`, `unlabeled`, `modified`, `not labeled`); with `--list` it
/// writes nothing and prints the labels the changes would leave.
pub fn label(
    api: &mut dyn Api,
    targets: &[Target],
    set: &[(String, String)],
    unset: &[String],
    overwrite: bool,
    list: bool,
) -> Output {
    let one = targets.len() == 1;
    for_each_target(api, targets, |api, t| {
        let current = match metadata_of(api.store(), t) {
            Ok(m) => m,
            Err(e) => return e,
        };
        // `--list` changes nothing on the server: it lists the labels as the changes would
        // leave them.
        let mut lines: Vec<String> = unset
            .iter()
            .filter(|k| !list && !current.labels.contains_key(*k))
            .map(|k| format!("label {k:?} not found."))
            .collect();
        if !overwrite {
            let clashes: Vec<String> = set
                .iter()
                .filter_map(|(k, v)| {
                    let have = current.labels.get(k).filter(|have| *have != v)?;
                    Some(format!(
                        "'{k}' already has a value ({have}), and --overwrite is false"
                    ))
                })
                .collect();
            if !clashes.is_empty() {
                let text = if clashes.len() == 1 {
                    clashes[0].clone()
                } else {
                    format!("[{}]", clashes.join(", "))
                };
                lines.push(format!("error: {text}"));
                return Output::error(lines.join("\n"));
            }
        }
        let mut next = current;
        let added = set
            .iter()
            .filter(|(k, v)| next.labels.insert(k.clone(), v.clone()).as_ref() != Some(v))
            .count();
        let removed = unset
            .iter()
            .filter(|k| next.labels.remove(*k).is_some())
            .count();
        let mut out = Output::ok("");
        if added + removed > 0 && !list {
            if let Err(e) = patch_metadata(api, t, next.clone()) {
                lines.push(e.text);
                return Output::error(lines.join("\n"));
            }
            out.changed = true;
        }
        if list {
            let indent = if one {
                ""
            } else {
                lines.push(format!(
                    "Listing labels for {}.{}/{}:",
                    t.kind.kind_name(),
                    t.kind.group(),
                    t.name
                ));
                " "
            };
            lines.extend(next.labels.iter().map(|(k, v)| format!("{indent}{k}={v}")));
        } else {
            let what = match (added > 0, removed > 0) {
                (true, true) => "modified",
                (true, false) => "labeled",
                (false, true) => "unlabeled",
                (false, false) => "not labeled",
            };
            lines.push(format!("{}/{} {what}", t.kind.qualified(), t.name));
        }
        out.text = lines.join("\n");
        out
    })
}

/// `kubectl rollout pause|resume`.
pub fn pause(api: &mut dyn Api, name: &str, paused: bool) -> Output {
    let d = match deployment(api, name) {
        Ok(d) => d.clone(),
        Err(e) => return e,
    };
    if d.spec.paused == paused {
        let state = if paused {
            "already paused"
        } else {
            "not paused"
        };
        return Output::error(format!("error: deployments.apps \"{name}\" is {state}"));
    }
    let mut next = d;
    next.spec.paused = paused;
    match api.update_deployment(next) {
        Ok(()) => Output::changed(format!(
            "deployment.apps/{name} {}",
            if paused { "paused" } else { "resumed" }
        )),
        Err(e) => e.into(),
    }
}

/// `kubectl rollout restart`: stamps `kubectl.kubernetes.io/restartedAt` on the pod template.
pub fn restart(api: &mut dyn Api, name: &str) -> Output {
    let now = api.now().rfc3339();
    let d = match deployment(api, name) {
        Ok(d) => d.clone(),
        Err(e) => return e,
    };
    if d.spec.paused {
        return Output::error(format!(
            "error: deployments.apps \"{name}\" can't restart paused deployment (run rollout resume first)"
        ));
    }
    if d.spec
        .template
        .metadata
        .annotations
        .get(RESTARTED_AT_ANNOTATION)
        == Some(&now)
    {
        return Output::error(format!(
            "error: failed to create patch for {name}: if restart has already been triggered within the past second, please wait before attempting to trigger another"
        ));
    }
    let mut next = d;
    next.spec
        .template
        .metadata
        .annotations
        .insert(RESTARTED_AT_ANNOTATION.to_string(), now);
    match api.update_deployment(next) {
        Ok(()) => Output::changed(format!("deployment.apps/{name} restarted")),
        Err(e) => e.into(),
    }
}

/// `kubectl rollout undo [--to-revision=N]`.
pub fn undo(api: &mut dyn Api, name: &str, to_revision: i64) -> Output {
    if let Err(e) = deployment(api, name) {
        return e;
    }
    match api.rollback(name, to_revision) {
        Ok(None) => Output::changed(format!("deployment.apps/{name} rolled back")),
        Ok(Some(rev)) => Output::ok(format!(
            "deployment.apps/{name} skipped rollback (current template already matches revision {rev})"
        )),
        Err(e) => Output::error(format!("error: {e}")),
    }
}

/// `kubectl delete KIND NAME...`.
pub fn delete(api: &mut dyn Api, targets: &[Target], grace: Option<i64>) -> Output {
    let forced = grace == Some(0);
    let mut out = for_each_target(api, targets, |api, t| {
        let result = match t.kind {
            ResourceKind::Deployment => api.delete_deployment(&t.name),
            ResourceKind::Pod => api.delete_pod(&t.name, grace),
            ResourceKind::ReplicaSet => api.delete_replica_set(&t.name),
            _ => {
                return Output::error(format!(
                    "error: Rollout Lab does not delete {} directly; delete the Deployment that owns them",
                    t.kind.resource()
                ))
            }
        };
        match result {
            Ok(()) => {
                let how = if forced { "force deleted" } else { "deleted" };
                Output::changed(format!("{} \"{}\" {how}", t.kind.qualified(), t.name))
            }
            Err(e) => e.into(),
        }
    });
    if forced {
        out.text = ["Warning: Immediate deletion does not wait for confirmation that the running resource has been terminated. The resource may continue to run on the cluster indefinitely.", &out.text].join("\n");
    }
    out
}

/// `kubectl cordon|uncordon NODE`.
pub fn cordon(api: &mut dyn Api, node: &str, unschedulable: bool) -> Output {
    let Some(n) = api.store().get::<crate::sim::api::Node>(node) else {
        return Store::not_found::<crate::sim::api::Node>(node).into();
    };
    let verb = if unschedulable {
        "cordoned"
    } else {
        "uncordoned"
    };
    if n.spec.unschedulable == unschedulable {
        return Output::ok(format!("node/{node} already {verb}"));
    }
    match api.set_unschedulable(node, unschedulable) {
        Ok(()) => Output::changed(format!("node/{node} {verb}")),
        Err(e) => e.into(),
    }
}

/// `kubectl taint nodes ...` (`RunTaint`, `updateTaints`, `reorganizeTaints`): for each
/// node, in name order, the new taints first, then the old ones they do not replace, less
/// the removed; `tainted`, `untainted` or `modified` (with `--overwrite`, or when it both
/// added and removed). A node whose update fails is left as it was.
pub fn taint(
    api: &mut dyn Api,
    nodes: &[String],
    selector: Option<&str>,
    add: &[Taint],
    remove: &[Taint],
    overwrite: bool,
) -> Output {
    let names: Vec<String> = if nodes.is_empty() {
        let mut names = Vec::new();
        for n in api.store().list::<Node>() {
            match selector.map(|s| super::printers::selector_matches(s, &n.metadata.labels)) {
                Some(Err(e)) => return Output::error(e),
                Some(Ok(false)) => continue,
                _ => names.push(n.metadata.name.clone()),
            }
        }
        names
    } else {
        nodes.to_vec()
    };
    let mut out = Output::ok(String::new());
    let mut lines = Vec::new();
    for name in names {
        let Some(node) = api.store().get::<Node>(&name) else {
            lines.push(Output::from(Store::not_found::<Node>(&name)).text);
            out.failed = true;
            continue;
        };
        let old = &node.spec.taints;
        if !overwrite {
            let clash: Vec<&str> = add
                .iter()
                .filter(|t| old.iter().any(|o| o.key == t.key && o.effect == t.effect))
                .map(|t| t.key.as_str())
                .collect();
            if !clash.is_empty() {
                lines.push(format!(
                    "error: node {name} already has {} taint(s) with same effect(s) and --overwrite is false",
                    clash.join(",")
                ));
                out.failed = true;
                continue;
            }
        }
        let same = |a: &Taint, b: &Taint| a.key == b.key && a.effect == b.effect;
        let mut next: Vec<Taint> = add.to_vec();
        next.extend(
            old.iter()
                .filter(|o| !add.iter().any(|t| same(t, o)))
                .cloned(),
        );
        let added = old.len() != next.len();
        let (mut missing, mut deleted) = (Vec::new(), false);
        for r in remove {
            let before = next.len();
            next.retain(|t| !(t.key == r.key && (r.effect.is_empty() || t.effect == r.effect)));
            deleted = next.len() != before;
            if !deleted {
                missing.push(format!("taint {:?} not found", taint_string(r)));
            }
        }
        if !missing.is_empty() {
            lines.push(match &missing[..] {
                [one] => format!("error: {one}"),
                many => format!("error: [{}]", many.join(", ")),
            });
            out.failed = true;
            continue;
        }
        let verb = if (added && deleted) || overwrite {
            "modified"
        } else if added {
            "tainted"
        } else {
            "untainted"
        };
        match api.set_taints(&name, next) {
            Ok(()) => {
                out.changed = true;
                lines.push(format!("node/{name} {verb}"));
            }
            Err(e) => {
                lines.push(Output::from(e).text);
                out.failed = true;
            }
        }
    }
    out.text = lines.join("\n");
    out
}

/// `Taint.ToString`, which leaves out what is empty: `key`, `key:effect`, `key=value:`.
fn taint_string(t: &Taint) -> String {
    match (t.value.is_empty(), t.effect.is_empty()) {
        (true, true) => t.key.clone(),
        (false, true) => format!("{}={}:", t.key, t.value),
        _ => t.describe(),
    }
}

/// `kubectl drain NODE`: cordon, evict every pod, report.
pub fn drain(api: &mut dyn Api, node: &str, grace: Option<i64>) -> Output {
    let Some(n) = api.store().get::<crate::sim::api::Node>(node) else {
        return Store::not_found::<crate::sim::api::Node>(node).into();
    };
    let mut text = if n.spec.unschedulable {
        format!("node/{node} already cordoned\n")
    } else {
        format!("node/{node} cordoned\n")
    };
    match api.drain(node, grace) {
        Ok(pods) => {
            for p in &pods {
                text += &format!("evicting pod default/{p}\n");
            }
            for p in &pods {
                text += &format!("pod/{p} evicted\n");
            }
            text += &format!("node/{node} drained");
            Output::changed(text)
        }
        Err(e) => e.into(),
    }
}

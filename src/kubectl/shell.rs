//! Running a command line against the cluster: kubectl commands, and `sim` commands for time,
//! seeds, scenarios and faults. `Shell` is what the headless runner and the REPL drive.

use super::parse::{
    self, Command, GetOptions, OutputFormat, ResourceKind, RolloutCommand, Select, Target, Watch,
};
use super::printers;
use super::tabwriter::{align, Remembering, GET, HISTORY};
use super::write::{self, Api, Output};
use super::yaml;
use crate::sim::api::*;
use crate::sim::cluster::Cluster;
use crate::sim::store::{ApiError, EventRecord, Store, NAMESPACE};
use crate::sim::time::{human_duration, Duration, Time};
use std::collections::BTreeMap;
use std::path::PathBuf;

impl Api for Cluster {
    fn store(&self) -> &Store {
        Cluster::store(self)
    }
    fn now(&self) -> Time {
        Cluster::now(self)
    }
    fn create_deployment(&mut self, d: Deployment) -> Result<(), ApiError> {
        Cluster::create_deployment(self, d)
    }
    fn update_deployment(&mut self, d: Deployment) -> Result<(), ApiError> {
        Cluster::update_deployment(self, d)
    }
    fn delete_deployment(&mut self, name: &str) -> Result<(), ApiError> {
        Cluster::delete_deployment(self, name)
    }
    fn delete_replica_set(&mut self, name: &str) -> Result<(), ApiError> {
        Cluster::delete_replica_set(self, name)
    }
    fn scale_replica_set(&mut self, name: &str, replicas: i32) -> Result<(), ApiError> {
        Cluster::scale_replica_set(self, name, replicas)
    }
    fn delete_pod(&mut self, name: &str, grace: Option<i64>) -> Result<(), ApiError> {
        Cluster::delete_pod(self, name, grace)
    }
    fn set_unschedulable(&mut self, node: &str, unschedulable: bool) -> Result<(), ApiError> {
        Cluster::set_unschedulable(self, node, unschedulable)
    }
    fn set_taints(&mut self, node: &str, taints: Vec<Taint>) -> Result<(), ApiError> {
        Cluster::set_taints(self, node, taints)
    }
    fn drain(&mut self, node: &str, grace: Option<i64>) -> Result<Vec<String>, ApiError> {
        Cluster::drain(self, node, grace)
    }
    fn write_labels_and_annotations(
        &mut self,
        kind: crate::sim::store::Kind,
        name: &str,
        next: ObjectMeta,
    ) -> Result<(), ApiError> {
        Cluster::write_labels_and_annotations(self, kind, name, next)
    }
    fn rollback(&mut self, name: &str, to_revision: i64) -> Result<Option<i64>, String> {
        Cluster::rollback(self, name, to_revision)
    }
    fn advance(&mut self, by: Duration) {
        Cluster::advance(self, by)
    }
    fn next_event_time(&self) -> Option<Time> {
        Cluster::next_event_time(self)
    }
}

/// Where `-f` files come from: a folder (the runner), or a fixed set (the browser).
pub type Files<'a> = dyn Fn(&str) -> Result<String, String> + 'a;

/// How long `rollout status` waits at most when no `--timeout` is given (a stalled rollout
/// without a progress deadline would otherwise wait forever).
pub const STATUS_WAIT_LIMIT: Duration = Duration::minutes(60);

/// Runs one line. `can_wait`: whether `rollout status`, `get -w` and `delete` may move
/// virtual time forward (the runner), or must answer at once (the browser, where time plays
/// by itself). The runner is native: built for wasm, nothing waits, and the waiting code
/// stays out of the bundle.
pub fn run_line(c: &mut Cluster, line: &str, files: &Files<'_>, can_wait: bool) -> Output {
    let can_wait = can_wait && cfg!(not(target_arch = "wasm32"));
    let line = line.trim();
    if line == "sim" || line.starts_with("sim ") {
        return sim_command(c, line);
    }
    let cmd = match parse::parse_line(line) {
        Ok(cmd) => cmd,
        Err(e) => return Output::error(e.0),
    };
    run_command(c, cmd, files, can_wait)
}

fn join(out: String, err: String) -> Output {
    let failed = !err.is_empty() && err != "No resources found in default namespace.";
    let text = match (out.is_empty(), err.is_empty()) {
        (_, true) => out,
        (true, false) => err,
        (false, false) => format!("{}\n{err}", out.trim_end_matches('\n')),
    };
    Output {
        text,
        failed,
        changed: false,
    }
}

fn run_command(c: &mut Cluster, cmd: Command, files: &Files<'_>, can_wait: bool) -> Output {
    let now = c.now();
    match cmd {
        Command::Help { topic } => Output::ok(super::help::help(&topic)),
        Command::Get {
            kinds,
            names,
            options,
            watch,
        } => match (watch, kinds.as_slice()) {
            (Some(w), &[kind]) if can_wait => get_watch(c, kind, &names, &options, &w),
            (watch, _) => {
                let (out, err) = printers::get(c.store(), &kinds, &names, &options, now);
                let mut o = join(out, err);
                if watch.is_some() && !o.failed {
                    o.text += "\n(Rollout Lab: here -w shows the table once; press play or step, then look again.)";
                }
                o
            }
        },
        Command::Describe {
            kind,
            names,
            selector,
            prefix,
        } => {
            // `DescribeMatchingResources`: a name nothing has, given as `TYPE NAME`, is a
            // prefix (`kubectl describe pod web-5d9c`).
            let names = match &names[..] {
                [one] if prefix => {
                    let all = selected(
                        c.store(),
                        Vec::new(),
                        Some(Select {
                            kind,
                            selector: None,
                        }),
                    )
                    .unwrap_or_default();
                    let starting: Vec<String> = all
                        .into_iter()
                        .map(|t| t.name)
                        .filter(|n| n.starts_with(one.as_str()))
                        .collect();
                    if starting.is_empty() || starting.iter().any(|n| n == one) {
                        names
                    } else {
                        starting
                    }
                }
                _ => names,
            };
            describe(c.store(), kind, &names, selector.as_deref(), now)
        }
        Command::CreateDeployment {
            name,
            images,
            replicas,
            port,
        } => write::create_deployment(c, &name, &images, replicas, port),
        Command::Apply { files: paths } => apply(c, &paths, files),
        Command::Patch {
            target,
            patch: text,
            file,
            kind,
        } => patch(c, &target.name, text, file, kind, files),
        Command::Delete {
            targets,
            files: paths,
            grace,
            wait,
            timeout,
        } => {
            let timeout = match parse_timeout(timeout.as_deref(), "kubectl delete") {
                Ok(t) => t,
                Err(e) => return e,
            };
            let mut targets = targets;
            for path in &paths {
                match read_manifests(path, files) {
                    Ok(docs) => targets.extend(docs.into_iter().map(|(d, _)| parse::Target {
                        kind: ResourceKind::Deployment,
                        name: d.metadata.name,
                    })),
                    Err(e) => return Output::error(e),
                }
            }
            // What is there before the delete, by uid: a deleted ReplicaSet comes back under
            // its name at once, made again by its Deployment. Only the kinds `delete` takes.
            let deletable = |k: ResourceKind| {
                matches!(
                    k,
                    ResourceKind::Deployment | ResourceKind::ReplicaSet | ResourceKind::Pod
                )
            };
            let before: Vec<(ResourceKind, String, String)> = targets
                .iter()
                .filter(|t| deletable(t.kind))
                .filter_map(|t| Some((t.kind, t.name.clone(), uid_of(c, t.kind, &t.name)?)))
                .collect();
            let mut out = write::delete(c, &targets, grace);
            if wait && can_wait {
                if let Some(e) = wait_until_gone(c, &before, timeout) {
                    out.text = [out.text.trim_end_matches('\n'), &e].join("\n");
                    out.failed = true;
                }
            }
            out
        }
        Command::SetImage { target, images } => write::set_image(c, &target, &images),
        Command::SetEnv {
            target,
            set,
            unset,
            container,
        } => write::set_env(c, &target, &set, &unset, container.as_deref()),
        Command::SetResources {
            target,
            container,
            requests,
            limits,
        } => write::set_resources(c, &target, container.as_deref(), &requests, &limits),
        Command::Scale { target, replicas } => write::scale(c, &target, replicas),
        Command::Annotate {
            targets,
            select,
            set,
            unset,
            overwrite,
        } => match selected(c.store(), targets, select) {
            Ok(targets) => write::annotate(c, &targets, &set, &unset, overwrite),
            Err(e) => e,
        },
        Command::Label {
            targets,
            select,
            set,
            unset,
            overwrite,
            list,
        } => match selected(c.store(), targets, select) {
            Ok(targets) => write::label(c, &targets, &set, &unset, overwrite, list),
            Err(e) => e,
        },
        Command::Taint {
            nodes,
            all: _,
            selector,
            add,
            remove,
            overwrite,
        } => write::taint(c, &nodes, selector.as_deref(), &add, &remove, overwrite),
        Command::Rollout(r) => match r {
            RolloutCommand::Status {
                target,
                revision,
                watch,
                timeout,
            } => {
                let timeout = match parse_timeout(timeout.as_deref(), "kubectl rollout status") {
                    Ok(t) => t,
                    Err(e) => return e,
                };
                rollout_status(c, &target.name, revision, watch && can_wait, timeout)
            }
            RolloutCommand::History { target, revision } => {
                match c.store().get::<Deployment>(&target.name) {
                    None => Store::not_found::<Deployment>(&target.name).into(),
                    Some(d) => match printers::rollout_history(c.store(), d, revision) {
                        Ok(text) => Output::ok(text),
                        Err(e) => Output::error(format!("error: {e}")),
                    },
                }
            }
            RolloutCommand::Undo {
                target,
                to_revision,
            } => write::undo(c, &target.name, to_revision),
            RolloutCommand::Pause { target } => write::pause(c, &target.name, true),
            RolloutCommand::Resume { target } => write::pause(c, &target.name, false),
            RolloutCommand::Restart { target } => write::restart(c, &target.name),
        },
        // `RunTopPod` / `RunTopNode` without the metrics.k8s.io API.
        Command::Top => Output::error("error: Metrics API not available"),
        Command::Cordon { node } => write::cordon(c, &node, true),
        Command::Uncordon { node } => write::cordon(c, &node, false),
        Command::Drain { node, grace } => write::drain(c, &node, grace),
    }
}

/// A `--timeout` flag's value, or pflag's error for it.
fn parse_timeout(timeout: Option<&str>, command: &str) -> Result<Option<Duration>, Output> {
    match timeout.map(|t| (t, Duration::parse(t))) {
        None => Ok(None),
        Some((_, Ok(d))) => Ok(Some(d)),
        Some((t, Err(e))) => Err(Output::error(format!(
            "error: invalid argument \"{t}\" for \"--timeout\" flag: {e}\nSee '{command} --help' for usage."
        ))),
    }
}

/// The uid of the object, if there is one.
fn uid_of(c: &Cluster, kind: ResourceKind, name: &str) -> Option<String> {
    printers::meta_of(kind, c.store(), name).map(|m| m.uid.clone())
}

/// `kubectl delete`'s wait (`cmdwait.IsDeleted`): moves virtual time to each next event
/// until every object deleted is gone, or the timeout (a week upstream when none is given;
/// here `STATUS_WAIT_LIMIT`) runs out; then the error that names the first still there.
fn wait_until_gone(
    c: &mut Cluster,
    deleted: &[(ResourceKind, String, String)],
    timeout: Option<Duration>,
) -> Option<String> {
    let limit = c.now()
        + timeout
            .filter(|t| *t > Duration::ZERO)
            .unwrap_or(STATUS_WAIT_LIMIT);
    loop {
        let left = deleted
            .iter()
            .find(|(kind, name, uid)| uid_of(c, *kind, name).as_ref() == Some(uid));
        let (kind, name, _) = left?;
        match c.next_event_time().filter(|t| *t <= limit) {
            Some(next) => c.run_until(next),
            None => {
                c.run_until(limit);
                let resource = kind.resource().trim_end_matches(".apps");
                return Some(format!(
                    "error: timed out waiting for the condition on {resource}/{name}"
                ));
            }
        }
    }
}

/// `kubectl rollout status`: prints the viewer's line each time the Deployment changes,
/// moving virtual time to the next event while waiting, until done, the deadline error, or
/// the timeout.
fn rollout_status(
    c: &mut Cluster,
    name: &str,
    revision: i64,
    watch: bool,
    timeout: Option<Duration>,
) -> Output {
    let start = c.now();
    let limit = start
        + timeout
            .filter(|t| *t > Duration::ZERO)
            .unwrap_or(STATUS_WAIT_LIMIT);
    let mut text = String::new();
    loop {
        let Some(d) = c.store().get::<Deployment>(name) else {
            return Store::not_found::<Deployment>(name).into();
        };
        match printers::deployment_status(d, revision) {
            Err(e) => {
                text += &format!("error: {e}");
                return Output {
                    text,
                    failed: true,
                    changed: false,
                };
            }
            Ok((msg, done)) => {
                text += &msg;
                if done || !watch {
                    return Output::ok(text.trim_end_matches('\n').to_string());
                }
            }
        }
        let version = d.metadata.resource_version.clone();
        loop {
            let next = c.next_event_time().filter(|t| *t <= limit);
            let Some(next) = next else {
                c.run_until(limit);
                text += "error: timed out waiting for the condition";
                return Output {
                    text,
                    failed: true,
                    changed: false,
                };
            };
            c.run_until(next);
            match c.store().get::<Deployment>(name) {
                Some(d) if d.metadata.resource_version == version => continue,
                _ => break,
            }
        }
    }
}

/// How long `get -w` watches when nothing it lists changes (a real watch runs until Ctrl-C).
pub const WATCH_QUIET: Duration = Duration::minutes(1);
/// How long `get -w` watches at most without `--request-timeout`.
pub const WATCH_LIMIT: Duration = Duration::minutes(10);

/// `kubectl get -w`: the table, then a row each time a listed object changes (in the order
/// the changes happened; a deleted object's last row), aligned as kubectl's remembering
/// tabwriter aligns them. Virtual time moves forward while watching, until `--request-timeout`,
/// a quiet minute, or ten minutes.
fn get_watch(
    c: &mut Cluster,
    kind: ResourceKind,
    names: &[String],
    options: &GetOptions,
    watch: &Watch,
) -> Output {
    let timeout = match watch.request_timeout.as_deref().map(Duration::parse) {
        None => None,
        Some(Ok(d)) if d > Duration::ZERO => Some(d),
        Some(Ok(_)) => None,
        Some(Err(_)) => return Output::error("error: Invalid timeout value. Timeout must be a single integer in seconds, or an integer followed by a corresponding time unit (e.g. 1s | 2m | 3h)"),
    };
    let (header, first) = match printers::watch_rows(kind, c.store(), names, options, c.now()) {
        Ok(r) => r,
        Err(e) => return Output::error(e),
    };
    let missing: Vec<String> = names
        .iter()
        .filter(|n| !first.iter().any(|r| r.name == **n))
        .map(|n| printers::not_found(kind, n))
        .collect();
    if !missing.is_empty() {
        return Output::error(missing.join("\n"));
    }
    let mut printer = WatchPrinter {
        options,
        events: watch.events,
        table: Remembering::new(GET),
        header: (!options.no_headers).then(|| header.clone()),
        printed: 0,
        text: String::new(),
    };
    printer.print(
        &first.iter().map(|r| ("ADDED", r)).collect::<Vec<_>>(),
        &header,
        c.now(),
    );
    let start = c.now();
    let limit = start + timeout.unwrap_or(WATCH_LIMIT);
    let mut seen: std::collections::BTreeMap<String, printers::WatchRow> =
        crate::sort::map_of(first.into_iter().map(|r| (r.name.clone(), r)));
    let mut last_change = start;
    loop {
        let quiet_end = if timeout.is_some() {
            limit
        } else {
            (last_change + WATCH_QUIET).min(limit)
        };
        let Some(next) = c.next_event_time().filter(|t| *t <= quiet_end) else {
            c.run_until(quiet_end);
            break;
        };
        c.run_until(next);
        let Ok((_, now_rows)) = printers::watch_rows(kind, c.store(), names, options, c.now())
        else {
            break;
        };
        let mut current: std::collections::BTreeMap<String, printers::WatchRow> =
            crate::sort::map_of(now_rows.into_iter().map(|r| (r.name.clone(), r)));
        let mut changed: Vec<(&str, &printers::WatchRow)> = current
            .values()
            .filter_map(|r| match seen.get(&r.name) {
                None => Some(("ADDED", r)),
                Some(old) if old.version != r.version => Some(("MODIFIED", r)),
                Some(_) => None,
            })
            .collect();
        crate::sort::sort_by_key(&mut changed, |(_, r)| r.version);
        let deleted: Vec<(&str, &printers::WatchRow)> = seen
            .values()
            .filter(|r| !current.contains_key(&r.name))
            .map(|r| ("DELETED", r))
            .collect();
        changed.extend(deleted);
        if !changed.is_empty() {
            printer.print(&changed, &header, c.now());
            last_change = c.now();
        }
        std::mem::swap(&mut seen, &mut current);
    }
    Output::ok(printer.text.trim_end_matches('\n').to_string())
}

/// Prints watch events the way kubectl's printers do: table rows through one remembering
/// tabwriter (the header once, before the first row), `kind/name` lines, or objects (YAML
/// documents separated by `---`, JSON one after another); with `--output-watch-events`, an
/// EVENT column or a `{type, object}` wrapper.
struct WatchPrinter<'a> {
    options: &'a GetOptions,
    events: bool,
    table: Remembering,
    header: Option<String>,
    printed: usize,
    text: String,
}

impl WatchPrinter<'_> {
    /// Prints one batch of watch events; a deleted object's row is aged to `now`.
    fn print(&mut self, rows: &[(&str, &printers::WatchRow)], header: &str, now: Time) {
        if rows.is_empty() {
            return;
        }
        match self.options.output {
            OutputFormat::Table | OutputFormat::Wide => {
                let mut lines = String::new();
                if let Some(h) = self.header.take() {
                    if self.events {
                        lines += "EVENT\t";
                    }
                    lines += &h;
                    lines.push('\n');
                }
                for (event, r) in rows {
                    if self.events {
                        lines += event;
                        lines.push('\t');
                    }
                    if *event == "DELETED" {
                        lines += &r.row_at(header, now);
                    } else {
                        lines += &r.row;
                    }
                    lines.push('\n');
                }
                self.text += &self.table.flush(&lines);
            }
            OutputFormat::Name => {
                for (event, r) in rows {
                    if self.events {
                        self.text += &format!("{event} ");
                    }
                    self.text += &r.row;
                    self.text.push('\n');
                }
            }
            output => {
                for (event, r) in rows {
                    let Some(object) = r.object.clone() else {
                        continue;
                    };
                    let value = if self.events {
                        crate::json::object(&mut [("object", object), ("type", (*event).into())])
                    } else {
                        object
                    };
                    match output {
                        OutputFormat::Json => {
                            self.text += &crate::json::pretty(&value);
                            self.text.push('\n');
                        }
                        OutputFormat::Yaml => {
                            if self.printed > 0 {
                                self.text += "---\n";
                            }
                            self.text += &super::emit::yaml(&value);
                        }
                        _ => {
                            let headers = self.printed == 0 && !self.options.no_headers;
                            let objects = std::slice::from_ref(&value);
                            match printers::print_template(self.options, &value, objects, headers) {
                                Ok(text) if output == OutputFormat::CustomColumns => {
                                    self.text += &self.table.flush(&text)
                                }
                                Ok(text) => self.text += &text,
                                Err(e) => self.text += &(e + "\n"),
                            }
                        }
                    }
                    self.printed += 1;
                }
            }
        }
    }
}

/// Reads the Deployments in a manifest file, with kubectl's errors.
fn read_manifests(
    path: &str,
    files: &Files<'_>,
) -> Result<Vec<(Deployment, serde_json::Value)>, String> {
    let text = files(path)?;
    // kubectl names standard input STDIN in its errors.
    let path = if path == "-" { "STDIN" } else { path };
    let docs = yaml::parse_documents(&text)
        .map_err(|e| format!("error: error parsing {path}: error converting YAML to JSON: {e}"))?;
    let mut out = Vec::new();
    for doc in docs {
        let kind = doc.get("kind").and_then(|k| k.as_str()).unwrap_or("");
        let api_version = doc.get("apiVersion").and_then(|k| k.as_str()).unwrap_or("");
        let name = doc
            .pointer("/metadata/name")
            .and_then(|n| n.as_str())
            .unwrap_or("");
        let unset: Vec<&str> = [("apiVersion", api_version), ("kind", kind)]
            .iter()
            .filter(|(_, v)| v.is_empty())
            .map(|(field, _)| *field)
            .collect();
        if !unset.is_empty() {
            let what: Vec<String> = unset.iter().map(|f| format!("{f} not set")).collect();
            let what = if what.len() == 1 {
                what[0].clone()
            } else {
                format!("[{}]", what.join(", "))
            };
            return Err(format!(
                "error: error validating \"{path}\": error validating data: {what}; if you choose to ignore these errors, turn validation off with --validate=false"
            ));
        }
        if kind != "Deployment" || api_version != "apps/v1" {
            return Err(format!(
                "error: resource mapping not found for name: \"{name}\" namespace: \"\" from \"{path}\": no matches for kind \"{kind}\" in version \"{api_version}\"\nensure CRDs are installed first"
            ));
        }
        let d: Deployment = super::decode::deployment(&doc).map_err(|e| {
            format!("Error from server (BadRequest): error when creating \"{path}\": Deployment in version \"v1\" cannot be handled as a Deployment: {e}")
        })?;
        out.push((d, doc));
    }
    Ok(out)
}

/// `kubectl apply -f`: created / configured / unchanged, keeping what the manifest leaves out
/// (notably `replicas` after a `kubectl scale`).
/// The `last-applied-configuration` kubectl records (`GetModifiedConfiguration`): the manifest
/// as the builder left it (in the default namespace), with an annotations map from which the
/// annotation itself is left out, as JSON with sorted keys and a final line break.
fn last_applied(mut doc: serde_json::Value) -> String {
    if let Some(meta) = doc
        .get_mut("metadata")
        .and_then(serde_json::Value::as_object_mut)
    {
        meta.entry("namespace").or_insert_with(|| NAMESPACE.into());
        let annotations = meta
            .entry("annotations")
            .or_insert_with(|| serde_json::Value::Object(Default::default()));
        if let Some(a) = annotations.as_object_mut() {
            a.remove(LAST_APPLIED_ANNOTATION);
        }
    }
    crate::json::text(&doc) + "\n"
}

fn apply(c: &mut Cluster, paths: &[String], files: &Files<'_>) -> Output {
    let mut lines = Vec::new();
    let (mut failed, mut changed) = (false, false);
    for path in paths {
        let docs = match read_manifests(path, files) {
            Ok(d) => d,
            Err(e) => {
                lines.push(e);
                failed = true;
                continue;
            }
        };
        for (mut d, doc) in docs {
            let name = d.metadata.name.clone();
            d.metadata
                .annotations
                .insert(LAST_APPLIED_ANNOTATION.into(), last_applied(doc));
            let result = match c.store().get::<Deployment>(&name).cloned() {
                None => c.create_deployment(d).map(|()| "created"),
                Some(live) => {
                    let mut annotations = d.metadata.annotations;
                    for key in [REVISION_ANNOTATION, CHANGE_CAUSE_ANNOTATION] {
                        if let Some(v) = live.metadata.annotations.get(key) {
                            annotations
                                .entry(key.to_string())
                                .or_insert_with(|| v.clone());
                        }
                    }
                    let replicas = d.spec.replicas.or(live.spec.replicas);
                    let spec = DeploymentSpec { replicas, ..d.spec };
                    match update_from(c, &live, d.metadata.labels, annotations, spec) {
                        Ok(false) => Ok("unchanged"),
                        other => other.map(|_| "configured"),
                    }
                }
            };
            match result {
                Ok(verb) => {
                    changed |= verb != "unchanged";
                    lines.push(format!("deployment.apps/{name} {verb}"));
                }
                Err(e) => {
                    failed = true;
                    lines.push(e.to_string());
                }
            }
        }
    }
    Output {
        text: lines.join("\n"),
        failed,
        changed,
    }
}

/// `kubectl patch deployment NAME`: the patch applied to the Deployment's JSON as the API
/// server applies it (`patch.rs`), then read back as an update: its labels, annotations and
/// spec (the status is a subresource a patch of the object does not reach), defaulted.
fn patch(
    c: &mut Cluster,
    name: &str,
    text: Option<String>,
    file: Option<String>,
    kind: super::patch::PatchType,
    files: &Files<'_>,
) -> Output {
    let text = match (text, file) {
        (Some(text), _) => text,
        (None, path) => {
            let path = path.unwrap_or_default();
            match files(&path) {
                Ok(text) => text,
                Err(_) => {
                    return Output::error(format!(
                        "error: unable to read patch file: open {path}: no such file or directory"
                    ))
                }
            }
        }
    };
    // kubectl reads the patch as YAML (JSON is YAML) and sends it as JSON.
    let patch = match yaml::parse_documents(&text) {
        Ok(docs) => docs.into_iter().next().unwrap_or_default(),
        Err(e) => return Output::error(format!("error: unable to parse {text:?}: {e}")),
    };
    let Some(live) = c.store().get::<Deployment>(name).cloned() else {
        return Store::not_found::<Deployment>(name).into();
    };
    let mut doc = serde_json::to_value(&live).unwrap_or_default();
    if let Err(e) = super::patch::apply(&mut doc, &patch, kind) {
        return Output::error(e);
    }
    let d = match super::decode::deployment(&doc) {
        Ok(d) => d,
        Err(e) => {
            let mut text = String::new();
            let value = super::patch::go_value(&patch);
            super::go::quote(&value, super::go::Go::Syntax, &mut text);
            return Output::error(format!(
                "The request is invalid: patch: Invalid value: {text}: {e}"
            ));
        }
    };
    match update_from(c, &live, d.metadata.labels, d.metadata.annotations, d.spec) {
        Ok(false) => Output::ok(format!("deployment.apps/{name} patched (no change)")),
        Ok(true) => Output::changed(format!("deployment.apps/{name} patched")),
        Err(e) => e.into(),
    }
}

/// An update of `live` to these labels, annotations and spec, defaulted as the API server
/// defaults them (`apply` and `patch` both end in one); `Ok(false)` when that changes
/// nothing, and nothing is written.
fn update_from(
    c: &mut Cluster,
    live: &Deployment,
    labels: Shared<Labels>,
    annotations: BTreeMap<String, String>,
    spec: DeploymentSpec,
) -> Result<bool, ApiError> {
    let mut next = live.clone();
    next.metadata.labels = labels;
    next.metadata.annotations = annotations;
    next.spec = spec;
    crate::sim::defaults::set_defaults_deployment(&mut next);
    if next.metadata == live.metadata && next.spec == live.spec {
        return Ok(false);
    }
    c.update_deployment(next).map(|()| true)
}

/// `Mon, 02 Jan 2006 15:04:05 +0000`.
fn rfc1123z(t: Time) -> String {
    let days = t.0.div_euclid(86_400_000);
    let weekday = ["Thu", "Fri", "Sat", "Sun", "Mon", "Tue", "Wed"][days.rem_euclid(7) as usize];
    let iso = t.rfc3339();
    let months = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    let month = months[iso[5..7].parse::<usize>().unwrap_or(1).saturating_sub(1)];
    format!(
        "{weekday}, {} {month} {} {} +0000",
        &iso[8..10],
        &iso[0..4],
        &iso[11..19]
    )
}

/// `DescribeEvents`: the events of this very object (kind, name and uid, so a re-created
/// object does not inherit its namesake's), ordered by when they last happened.
fn events_section(store: &Store, kind: &str, meta: &ObjectMeta, now: Time) -> String {
    events_about(store, kind, meta, &meta.uid, now)
}

/// `events_section` for events whose uid is `meta.uid` or `other_uid`: a kubelet names its
/// node by name where the node's uid would be, and `describe node` asks for both.
fn events_about(
    store: &Store,
    kind: &str,
    meta: &ObjectMeta,
    other_uid: &str,
    now: Time,
) -> String {
    let mut events: Vec<&EventRecord> = store
        .events
        .iter()
        .filter(|e| {
            e.involved_kind.name() == kind
                && e.involved_name.as_str() == meta.name
                && (*e.involved_uid == *meta.uid || *e.involved_uid == *other_uid)
        })
        .collect();
    crate::sort::sort_by_key(&mut events, |e| e.last_timestamp);
    if events.is_empty() {
        return "Events:\t<none>\n".into();
    }
    let mut t = String::from(
        "Events:\n  Type\tReason\tAge\tFrom\tMessage\n  ----\t------\t----\t----\t-------\n",
    );
    for e in events {
        let age = if e.count > 1 {
            format!(
                "{} (x{} over {})",
                human_duration(now - e.last_timestamp),
                e.count,
                human_duration(now - e.first_timestamp)
            )
        } else {
            human_duration(now - e.first_timestamp)
        };
        t += &format!(
            "  {}\t{}\t{age}\t{}\t{}\n",
            e.type_, e.reason, e.component, e.message
        );
    }
    t
}

fn describe_deployment(store: &Store, d: &Deployment, now: Time) -> String {
    let s = &d.status;
    let mut t = format!(
        "Name:\t{}\nNamespace:\tdefault\nCreationTimestamp:\t{}\n{}{}Selector:\t{}\nReplicas:\t{} desired | {} updated | {} total | {} available | {} unavailable\nStrategyType:\t{:?}\nMinReadySeconds:\t{}\n",
        d.metadata.name,
        d.metadata.creation_timestamp.map(rfc1123z).unwrap_or_default(),
        printers::labels_multiline("Labels", &d.metadata.labels),
        printers::annotations_multiline("Annotations", &d.metadata.annotations),
        printers::format_selector(&d.spec.selector),
        d.replicas(),
        s.updated_replicas,
        s.replicas,
        s.available_replicas,
        s.unavailable_replicas,
        d.spec.strategy.type_,
        d.spec.min_ready_seconds,
    );
    if let Some(ru) = &d.spec.strategy.rolling_update {
        let show = |v: &Option<IntOrString>| {
            v.as_ref()
                .map(|v| v.to_string())
                .unwrap_or_else(|| "0".into())
        };
        t += &format!(
            "RollingUpdateStrategy:\t{} max unavailable, {} max surge\n",
            show(&ru.max_unavailable),
            show(&ru.max_surge)
        );
    }
    t += "Pod Template:\n";
    t += &printers::describe_pod_template(&d.spec.template, "  ");
    if !s.conditions.is_empty() {
        t += "Conditions:\n  Type\tStatus\tReason\n  ----\t------\t------\n";
        for c in &s.conditions {
            // Upstream's row format has a space after the type (`"%v \t%v\t%v\n"`).
            t += &format!("  {} \t{}\t{}\n", c.type_, c.status, c.reason);
        }
    }
    let mut owned: Vec<&ReplicaSet> =
        crate::sim::deployment::rollback::owned_replica_sets(store, d);
    // Oldest first, as `listReplicaSets` sorts them (by creation time, then name).
    crate::sort::sort_by_key(&mut owned, |rs| rs.metadata.creation_timestamp);
    let new_rs = crate::sim::deployment::util::find_new_replica_set(d, &owned);
    let show = |rs: &ReplicaSet| {
        format!(
            "{} ({}/{} replicas created)",
            rs.metadata.name, rs.status.replicas, rs.spec.replicas
        )
    };
    // Every old ReplicaSet, scaled to zero or not, as kubectl lists them since 1.27 (the
    // describer takes `GetAllReplicaSetsInChunks`'s second list, all old ReplicaSets).
    let old: Vec<String> = owned
        .iter()
        .filter(|rs| Some(rs.metadata.uid.as_str()) != new_rs.map(|n| n.metadata.uid.as_str()))
        .map(|rs| show(rs))
        .collect();
    // Only when the Deployment has any ReplicaSet at all (one created paused has none).
    if !owned.is_empty() {
        t += &format!(
            "OldReplicaSets:\t{}\n",
            if old.is_empty() {
                "<none>".into()
            } else {
                old.join(", ")
            }
        );
        t += &format!(
            "NewReplicaSet:\t{}\n",
            new_rs.map(show).unwrap_or_else(|| "<none>".into())
        );
    }
    t += &events_section(store, "Deployment", &d.metadata, now);
    align(&t, HISTORY)
}

fn describe_replica_set(store: &Store, rs: &ReplicaSet, now: Time) -> String {
    let pods = crate::sim::replicaset::pods_of(store, rs);
    let count = |phase: &str| pods.iter().filter(|p| p.status.phase == phase).count();
    let mut t = format!(
        "Name:\t{}\nNamespace:\tdefault\nSelector:\t{}\n{}{}{}Replicas:\t{} current / {} desired\nPods Status:\t{} Running / {} Waiting / {} Succeeded / {} Failed\nPod Template:\n",
        rs.metadata.name,
        printers::format_selector(&rs.spec.selector),
        printers::labels_multiline("Labels", &rs.metadata.labels),
        printers::annotations_multiline("Annotations", &rs.metadata.annotations),
        controlled_by(&rs.metadata),
        rs.status.replicas,
        rs.spec.replicas,
        count(POD_RUNNING),
        count(POD_PENDING),
        count(POD_SUCCEEDED),
        count(POD_FAILED),
    );
    t += &printers::describe_pod_template(&rs.spec.template, "  ");
    t += &events_section(store, "ReplicaSet", &rs.metadata, now);
    align(&t, HISTORY)
}

/// The `Controlled By:` line (`printController`), left out for an object without a
/// controller (a pod a learner took out of its ReplicaSet by relabelling it).
fn controlled_by(meta: &ObjectMeta) -> String {
    meta.controller_of()
        .map(|o| format!("Controlled By:\t{}/{}\n", o.kind, o.name))
        .unwrap_or_default()
}

fn describe_pod(store: &Store, p: &Pod, now: Time) -> String {
    let phase = p.status.phase.as_str();
    let status = match p.metadata.deletion_timestamp {
        // Upstream measures the time since the deletion timestamp (`translateTimestampSince`),
        // which the API server set in the future (now + the grace period): `<invalid>` until
        // the grace period is nearly over.
        Some(at) if phase != POD_FAILED && phase != POD_SUCCEEDED => format!(
            "Terminating (lasts {})\nTermination Grace Period:\t{}s",
            human_duration(now - at),
            p.metadata.deletion_grace_period_seconds.unwrap_or_default()
        ),
        _ => phase.to_string(),
    };
    let mut t = format!(
        "Name:\t{}\nNamespace:\tdefault\nPriority:\t0\nService Account:\tdefault\nNode:\t{}\n{}{}{}Status:\t{}\nIP:\t{}\n{}{}Containers:\n",
        p.metadata.name,
        if p.spec.node_name.is_empty() { "<none>".to_string() } else { format!("{}/{}", p.spec.node_name, p.status.host_ip) },
        // Left out until the kubelet has started the pod.
        p.status
            .start_time
            .map(|t| format!("Start Time:\t{}\n", rfc1123z(t)))
            .unwrap_or_default(),
        printers::labels_multiline("Labels", &p.metadata.labels),
        printers::annotations_multiline("Annotations", &p.metadata.annotations),
        status,
        // Printed as is, empty before the kubelet gives the pod an address.
        p.status.pod_ip,
        // `describePodIPs`: the kubelet sets `podIPs` with `podIP` (one address here, single
        // stack). `IPs:` with no tab ends the tabwriter's column block, so the lines after it
        // align among themselves.
        if p.status.pod_ip.is_empty() { "IPs:\t<none>\n".to_string() } else { format!("IPs:\n  IP:\t{}\n", p.status.pod_ip) },
        controlled_by(&p.metadata),
    );
    for (i, c) in p.spec.containers.iter().enumerate() {
        let cs = p.status.container_statuses.get(i);
        t += &format!("  {}:\n", c.name);
        // `describeContainerBasicInfo`: Container ID and Image ID whenever the container has a
        // status, empty until the runtime has created it (while its image is pulled).
        if let Some(cs) = cs {
            // The runtime reports the image's id when it creates the container; ours is
            // made from the pod's name (kept across restarts, as the status keeps the last).
            let id = if cs.image_id.is_empty() {
                String::new()
            } else {
                printers::container_id(&p.metadata.name, i)
            };
            t += &format!(
                "    Container ID:\t{id}\n    Image:\t{}\n    Image ID:\t{}\n",
                c.image, cs.image_id
            );
        } else {
            t += &format!("    Image:\t{}\n", c.image);
        }
        t += &printers::describe_ports_and_command(c, "  ");
        if let Some(cs) = cs {
            if let Some(w) = &cs.state.waiting {
                t += &format!("    State:\tWaiting\n      Reason:\t{}\n", w.reason);
            } else if let Some(r) = &cs.state.running {
                t += &format!(
                    "    State:\tRunning\n      Started:\t{}\n",
                    r.started_at.map(rfc1123z).unwrap_or_default()
                );
            }
            if let Some(term) = &cs.last_state.terminated {
                t += &format!(
                    "    Last State:\tTerminated\n      Reason:\t{}\n      Exit Code:\t{}\n      Started:\t{}\n      Finished:\t{}\n",
                    term.reason,
                    term.exit_code,
                    term.started_at.map(rfc1123z).unwrap_or_default(),
                    term.finished_at.map(rfc1123z).unwrap_or_default()
                );
            }
            t += &format!(
                "    Ready:\t{}\n    Restart Count:\t{}\n",
                if cs.ready { "True" } else { "False" },
                cs.restart_count
            );
        }
        t += &printers::describe_resources_to_mounts(c, "  ");
    }
    if !p.status.conditions.is_empty() {
        t += "Conditions:\n  Type\tStatus\n";
        for c in &p.status.conditions {
            // Upstream's row format: `"%v \t%v \n"`.
            t += &format!("  {} \t{} \n", c.type_, c.status);
        }
    }
    t += &format!(
        "Volumes:\t<none>\nQoS Class:\t{}\n{}{}",
        qos_class(&p.spec),
        printers::labels_multiline("Node-Selectors", &p.spec.node_selector),
        printers::tolerations_multiline("", &p.spec.tolerations)
    );
    t += &events_section(store, "Pod", &p.metadata, now);
    align(&t, HISTORY)
}

/// The pod's QoS class: Guaranteed when every container's limits equal its requests for cpu
/// and memory, BestEffort with no requests or limits at all, Burstable otherwise.
fn qos_class(spec: &PodSpec) -> &'static str {
    let resources = || spec.containers.iter().map(|c| &c.resources);
    if resources().all(|r| r.requests.is_empty() && r.limits.is_empty()) {
        return "BestEffort";
    }
    let guaranteed = resources().all(|r| {
        ["cpu", "memory"].iter().all(|k| {
            r.limits.contains_key(*k)
                && r.requests
                    .get(*k)
                    .is_none_or(|v| Some(v) == r.limits.get(*k))
        })
    });
    if guaranteed {
        "Guaranteed"
    } else {
        "Burstable"
    }
}

/// `describeNode`: the node, its lease, conditions, addresses, room, system info, the pods
/// on it (`Non-terminated Pods`: bound there, neither Succeeded nor Failed) with what they
/// request of its allocatable room, their totals, and its events.
fn describe_node(store: &Store, n: &Node, now: Time) -> String {
    let name = &n.metadata.name;
    let created = n.metadata.creation_timestamp.unwrap_or(now);
    // The kubelet renews its lease every 10 s from its start.
    let renewed = Time(created.0 + (now.0 - created.0).max(0) / 10_000 * 10_000);
    let mut taints: Vec<&Taint> = n.spec.taints.iter().collect();
    crate::sort::sort_by_key(&mut taints, |t| format!("{},{}", t.effect, t.key));
    let taints = if taints.is_empty() {
        "<none>\n".to_string()
    } else {
        taints
            .iter()
            .map(|t| t.describe() + "\n")
            .collect::<Vec<_>>()
            .join("\t")
    };
    let mut t = format!(
        "Name:\t{name}\nRoles:\t{}\n{}{}CreationTimestamp:\t{}\nTaints:\t{taints}Unschedulable:\t{}\nLease:\n  HolderIdentity:\t{name}\n  AcquireTime:\t<unset>\n  RenewTime:\t{}\n",
        printers::node_roles(&n.metadata.labels),
        printers::labels_multiline("Labels", &n.metadata.labels),
        printers::annotations_multiline("Annotations", &n.metadata.annotations),
        rfc1123z(created),
        n.spec.unschedulable,
        rfc1123z(renewed),
    );
    if !n.status.conditions.is_empty() {
        t += "Conditions:\n  Type\tStatus\tLastHeartbeatTime\tLastTransitionTime\tReason\tMessage\n  ----\t------\t-----------------\t------------------\t------\t-------\n";
        let at = |time: Option<Time>| rfc1123z(time.unwrap_or(Time(GO_ZERO_TIME)));
        for c in &n.status.conditions {
            t += &format!(
                "  {} \t{} \t{} \t{} \t{} \t{}\n",
                c.type_,
                c.status,
                at(c.last_heartbeat_time),
                at(c.last_transition_time),
                c.reason,
                c.message
            );
        }
    }
    t += "Addresses:\n";
    for a in &n.status.addresses {
        t += &format!("  {}:\t{}\n", a.type_, a.address);
    }
    let resources = |title: &str, list: &Labels| {
        let mut out = String::new();
        if !list.is_empty() {
            out += &format!("{title}:\n");
            for (k, q) in list {
                let canonical: String = match crate::sim::quantity::parse(q) {
                    Some(v) => crate::sim::quantity::format(v, crate::sim::quantity::is_binary(q)),
                    None => q.to_string(),
                };
                out += &format!("  {k}:\t{canonical}\n");
            }
        }
        out
    };
    t += &resources("Capacity", &n.status.capacity);
    t += &resources("Allocatable", &n.status.allocatable);
    let info = &n.status.node_info;
    t += &format!(
        "System Info:\n  Machine ID:\t{}\n  System UUID:\t{}\n  Boot ID:\t{}\n  Kernel Version:\t{}\n  OS Image:\t{}\n  Operating System:\t{}\n  Architecture:\t{}\n  Container Runtime Version:\t{}\n  Kubelet Version:\t{}\n",
        info.machine_id,
        info.system_uuid,
        info.boot_id,
        info.kernel_version,
        info.os_image,
        info.operating_system,
        info.architecture,
        info.container_runtime_version,
        info.kubelet_version
    );
    if !n.spec.pod_cidr.is_empty() {
        t += &format!("PodCIDR:\t{}\n", n.spec.pod_cidr);
    }
    if !n.spec.pod_cidrs.is_empty() {
        t += &format!("PodCIDRs:\t{}\n", n.spec.pod_cidrs.join(","));
    }
    t += &node_pods(store, n, now);
    t += &events_about(store, "Node", &n.metadata, name, now);
    align(&t, HISTORY)
}

/// Go's zero `time.Time` (0001-01-01), which `describe` prints for a time never set.
const GO_ZERO_TIME: i64 = -62_135_596_800_000;

/// `describeNodeResource`: the node's pods with their requests and limits as parts of its
/// allocatable room, then the totals (`getPodsTotalRequestsAndLimits`).
fn node_pods(store: &Store, n: &Node, now: Time) -> String {
    let pods: Vec<&Pod> = store
        .list::<Pod>()
        .filter(|p| {
            p.spec.node_name == n.metadata.name
                && !matches!(p.status.phase.as_str(), POD_SUCCEEDED | POD_FAILED)
        })
        .collect();
    let room = if n.status.allocatable.is_empty() {
        &n.status.capacity
    } else {
        &n.status.allocatable
    };
    let of_room = |key: &str| room.get(key).and_then(|q| crate::sim::quantity::parse(q));
    let (cpu_room, memory_room) = (of_room("cpu").unwrap_or(0), of_room("memory").unwrap_or(0));
    // Upstream divides float64s and truncates: CPU in millicores, memory in whole bytes.
    let percent = |value: i128, room: i128, bytes: bool| -> i64 {
        let whole = |v: i128| if bytes { (v + 999).div_euclid(1000) } else { v };
        if room == 0 {
            0
        } else {
            (whole(value) as f64 / whole(room) as f64 * 100.0) as i64
        }
    };
    // A pod's (or the node's) sum of one resource, in the format of the first quantity.
    let sum = |pods: &[&Pod], limits: bool, key: &str| -> (i128, bool) {
        let mut total = 0;
        let mut binary = None;
        for c in pods.iter().flat_map(|p| p.spec.containers.iter()) {
            let list = if limits {
                &c.resources.limits
            } else {
                &c.resources.requests
            };
            if let Some(q) = list.get(key) {
                total += crate::sim::quantity::parse(q).unwrap_or(0);
                binary.get_or_insert(crate::sim::quantity::is_binary(q));
            }
        }
        (total, binary.unwrap_or(false))
    };
    let cell = |pods: &[&Pod], limits: bool, key: &str| {
        let (value, binary) = sum(pods, limits, key);
        let (room, bytes) = if key == "cpu" {
            (cpu_room, false)
        } else {
            (memory_room, true)
        };
        format!(
            "{} ({}%)",
            crate::sim::quantity::format(value, binary),
            percent(value, room, bytes)
        )
    };
    let mut t = format!(
        "Non-terminated Pods:\t({} in total)\n  Namespace\tName\t\tCPU Requests\tCPU Limits\tMemory Requests\tMemory Limits\tAge\n  ---------\t----\t\t------------\t----------\t---------------\t-------------\t---\n",
        pods.len()
    );
    for p in &pods {
        let one = [*p];
        t += &format!(
            "  default\t{}\t\t{}\t{}\t{}\t{}\t{}\n",
            p.metadata.name,
            cell(&one, false, "cpu"),
            cell(&one, true, "cpu"),
            cell(&one, false, "memory"),
            cell(&one, true, "memory"),
            crate::sim::view::age(&p.metadata, now)
        );
    }
    t += "Allocated resources:\n  (Total limits may be over 100 percent, i.e., overcommitted.)\n  Resource\tRequests\tLimits\n  --------\t--------\t------\n";
    for key in ["cpu", "memory"] {
        t += &format!(
            "  {key}\t{}\t{}\n",
            cell(&pods, false, key),
            cell(&pods, true, key)
        );
    }
    // No pod here asks for ephemeral storage, and the node reports none.
    t += "  ephemeral-storage\t0 (0%)\t0 (0%)\n";
    t
}

fn describe(
    store: &Store,
    kind: ResourceKind,
    names: &[String],
    selector: Option<&str>,
    now: Time,
) -> Output {
    let matches = |name: &str, labels: &Labels| {
        (names.is_empty() || names.iter().any(|n| n == name))
            && selector.is_none_or(|s| printers::selector_matches(s, labels).unwrap_or(false))
    };
    let mut parts: Vec<(String, String)> = Vec::new();
    match kind {
        ResourceKind::Deployment => parts.extend(
            store
                .list::<Deployment>()
                .filter(|d| matches(&d.metadata.name, &d.metadata.labels))
                .map(|d| (d.metadata.name.clone(), describe_deployment(store, d, now))),
        ),
        ResourceKind::ReplicaSet => parts.extend(
            store
                .list::<ReplicaSet>()
                .filter(|r| matches(&r.metadata.name, &r.metadata.labels))
                .map(|r| (r.metadata.name.clone(), describe_replica_set(store, r, now))),
        ),
        ResourceKind::Pod => parts.extend(
            store
                .list::<Pod>()
                .filter(|p| matches(&p.metadata.name, &p.metadata.labels))
                .map(|p| (p.metadata.name.clone(), describe_pod(store, p, now))),
        ),
        ResourceKind::Node => parts.extend(
            store
                .list::<Node>()
                .filter(|n| matches(&n.metadata.name, &n.metadata.labels))
                .map(|n| (n.metadata.name.clone(), describe_node(store, n, now))),
        ),
        other => {
            return Output::error(format!(
            "error: Rollout Lab describes deployments, replicasets, pods and nodes; try `kubectl get {}`",
            other.resource()
        ))
        }
    }
    let missing: Vec<String> = names
        .iter()
        .filter(|n| !parts.iter().any(|(found, _)| found == *n))
        .map(|n| printers::not_found(kind, n))
        .collect();
    let parts: Vec<String> = parts.into_iter().map(|(_, text)| text).collect();
    if parts.is_empty() && missing.is_empty() {
        return Output::ok("No resources found in default namespace.");
    }
    let mut text = parts.join("\n\n");
    if !missing.is_empty() {
        if !text.is_empty() {
            text.push('\n');
        }
        text += &missing.join("\n");
    }
    Output {
        text: text.trim_end().to_string(),
        failed: !missing.is_empty(),
        changed: false,
    }
}

const SIM_HELP: &str = "sim commands (Rollout Lab's own, for what kubectl cannot do):
  sim wait DURATION                     let virtual time pass (30s, 5m, 1m30s)
  sim seed N                            the random seed (only before other commands)
  sim scenario NAME                     start from a named scenario (default, ten-replicas, recreate, tight-nodes)
  sim fault readiness POD fail|recover  make a pod's readiness probe fail or pass again
  sim fault crash POD                   the pod's container exits now
  sim node add NAME cpu=4 memory=8Gi    add a node
  sim node resize NAME cpu=1 memory=2Gi change a node's capacity
  sim node remove NAME                  the node disappears with its pods";

/// The objects a label or annotate command acts on: those it named, or those of its kind
/// that `--all` or `-l` select now, in name order.
fn selected(
    store: &Store,
    targets: Vec<Target>,
    select: Option<Select>,
) -> Result<Vec<Target>, Output> {
    let Some(Select { kind, selector }) = select else {
        return Ok(targets);
    };
    fn names<T: crate::sim::store::Object>(
        store: &Store,
        selector: Option<&str>,
    ) -> Result<Vec<String>, String> {
        let mut out = Vec::new();
        for o in store.list::<T>() {
            let m = o.meta();
            if selector.map_or(Ok(true), |s| printers::selector_matches(s, &m.labels))? {
                out.push(m.name.clone());
            }
        }
        Ok(out)
    }
    let selector = selector.as_deref();
    let found = match kind {
        ResourceKind::Deployment => names::<Deployment>(store, selector),
        ResourceKind::ReplicaSet => names::<ReplicaSet>(store, selector),
        ResourceKind::Pod => names::<Pod>(store, selector),
        ResourceKind::Node => names::<Node>(store, selector),
        ResourceKind::Event => Ok(Vec::new()),
    };
    found
        .map(|names| {
            names
                .into_iter()
                .map(|name| Target { kind, name })
                .collect()
        })
        .map_err(Output::error)
}

/// `sim fault ...` and `sim node ...` (time, seed and scenario are the shell's).
pub fn sim_command(c: &mut Cluster, line: &str) -> Output {
    let words: Vec<&str> = line.split_whitespace().collect();
    let resources = |args: &[&str]| -> Result<(String, String), String> {
        let mut cpu = None;
        let mut memory = None;
        for a in args {
            match a.split_once('=') {
                Some(("cpu", v)) => cpu = Some(v.to_string()),
                Some(("memory", v)) => memory = Some(v.to_string()),
                _ => return Err(format!("sim: expected cpu=N memory=N, got {a:?}")),
            }
        }
        Ok((
            cpu.unwrap_or_else(|| "4".into()),
            memory.unwrap_or_else(|| "8Gi".into()),
        ))
    };
    let result: Result<String, String> = match words.as_slice() {
        ["sim"] | ["sim", "help"] => return Output::ok(SIM_HELP),
        ["sim", "fault", "readiness", pod, mode @ ("fail" | "recover")] => c
            .break_readiness(pod, *mode == "fail")
            .map(|()| {
                let probe = c.store().get::<Pod>(pod).is_some_and(|p| p.spec.containers.iter().any(|c| c.readiness_probe.is_some()));
                if probe {
                    format!("pod/{pod} readiness probe will {}", if *mode == "fail" { "fail" } else { "pass" })
                } else {
                    format!("pod/{pod} readiness {} (it has no readiness probe, so Kubernetes cannot notice)", if *mode == "fail" { "broken" } else { "restored" })
                }
            })
            .map_err(|e| e.to_string()),
        ["sim", "fault", "crash", pod] => c.crash(pod).map(|()| format!("pod/{pod} container crashed")).map_err(|e| e.to_string()),
        ["sim", "node", "add" | "resize", name, rest @ ..] => resources(rest).and_then(|(cpu, mem)| {
            c.put_node(name, &cpu, &mem).map(|()| format!("node/{name} cpu={cpu} memory={mem}")).map_err(|e| e.to_string())
        }),
        ["sim", "node", "remove", name] => c.remove_node(name).map(|()| format!("node/{name} removed")).map_err(|e| e.to_string()),
        _ => Err(format!("sim: unknown command {line:?}\n{SIM_HELP}")),
    };
    match result {
        Ok(text) => Output::changed(text),
        Err(e) => Output::error(e),
    }
}

/// A cluster plus the folder `-f` paths resolve in: what the runner and the REPL drive.
pub struct Shell {
    cluster: Cluster,
    dir: Option<PathBuf>,
    started: bool,
}

/// Reads `-f` files from `dir`, falling back to the scenarios' manifests.
fn read_file(dir: &Option<PathBuf>, path: &str) -> Result<String, String> {
    if path == "-" {
        return Err("error: no objects passed to apply".into());
    }
    if let Some(d) = dir {
        if let Ok(text) = std::fs::read_to_string(d.join(path)) {
            return Ok(text);
        }
    }
    scenario_file(path)
}

/// The scenarios' manifests, by name (what the browser can `apply -f`).
pub fn scenario_file(path: &str) -> Result<String, String> {
    crate::scenarios::file(path)
        .map(str::to_string)
        .ok_or_else(|| format!("error: the path \"{path}\" does not exist"))
}

impl Shell {
    /// An empty three-node cluster; `-f` paths resolve in `dir`.
    pub fn native(dir: PathBuf) -> Shell {
        Shell {
            cluster: Cluster::new(crate::session::DEFAULT_SEED),
            dir: Some(dir),
            started: false,
        }
    }

    pub fn cluster(&self) -> &Cluster {
        &self.cluster
    }

    pub fn advance(&mut self, by: Duration) {
        self.cluster.advance(by);
    }

    /// Runs a line: `sim wait|seed|scenario` here, everything else against the cluster.
    pub fn run(&mut self, line: &str) -> Output {
        let words: Vec<&str> = line.split_whitespace().collect();
        match words.as_slice() {
            ["sim", "wait", d] => {
                return match Duration::parse(d) {
                    Ok(d) if d.0 >= 0 => {
                        self.cluster.advance(d);
                        Output::ok("")
                    }
                    Ok(_) => Output::error("sim: wait needs a positive duration"),
                    Err(e) => Output::error(format!("sim: {e}")),
                };
            }
            ["sim", "seed", n] => {
                if self.started {
                    return Output::error("sim: the seed can only be set before other commands");
                }
                return match n.parse::<u64>() {
                    Ok(seed) => {
                        self.cluster = Cluster::new(seed);
                        Output::ok("")
                    }
                    Err(_) => Output::error(format!("sim: seed wants a whole number, got {n:?}")),
                };
            }
            ["sim", "scenario", name] => {
                if self.started {
                    return Output::error(
                        "sim: a scenario can only be chosen before other commands",
                    );
                }
                let Some(scenario) = crate::scenarios::find(name) else {
                    let names: Vec<&str> =
                        crate::scenarios::SCENARIOS.iter().map(|s| s.name).collect();
                    return Output::error(format!(
                        "sim: no scenario {name:?} (there are: {})",
                        names.join(", ")
                    ));
                };
                self.cluster = scenario_cluster(self.cluster.seed(), scenario.script);
                self.started = true;
                return Output::ok("");
            }
            _ => {}
        }
        self.started = true;
        let dir = self.dir.clone();
        run_line(&mut self.cluster, line, &|p| read_file(&dir, p), true)
    }

    /// `run`, with what `-f -` reads (a script's here-document).
    pub fn run_with_stdin(&mut self, line: &str, stdin: Option<&str>) -> Output {
        let Some(text) = stdin else {
            return self.run(line);
        };
        self.started = true;
        let dir = self.dir.clone();
        let files = |p: &str| {
            if p == "-" {
                Ok(text.to_string())
            } else {
                read_file(&dir, p)
            }
        };
        run_line(&mut self.cluster, line, &files, true)
    }
}

/// A cluster set up by a scenario script, settled.
pub fn scenario_cluster(seed: u64, script: &str) -> Cluster {
    let mut c = Cluster::new(seed);
    for line in script
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
    {
        let out = run_line(&mut c, line, &scenario_file, false);
        debug_assert!(!out.failed, "scenario line {line:?} failed: {}", out.text);
    }
    c.advance(Duration::seconds(30));
    c
}

//! What kubectl prints: `get` tables (kubernetes `pkg/printers/internalversion/printers.go`),
//! `-o yaml|json|name`, and the rollout status and history viewers
//! (kubectl `pkg/polymorphichelpers/{rollout_status,history}.go`).

use super::jsonpath::{self, Template};
use super::parse::{GetOptions, OutputFormat, ResourceKind};
use super::tabwriter::{align, GET, HISTORY};
use crate::json;
use crate::sim::api::*;
use crate::sim::store::{EventRecord, Store};
use crate::sim::time::{human_duration, Time};
use crate::sim::view::{age, pod_columns};
use serde_json::Value;

/// `metav1.FormatLabelSelector`: the selector as `LabelSelectorAsSelector` makes it and
/// `labels.Selector`'s `String` prints it. Every matchLabels pair and then every expression
/// becomes a requirement; `Add` sorts them by key (`sort.Sort`, an insertion sort for up to
/// twelve, so requirements of one key keep that order); a set's values print sorted
/// (`safeSort`): `app=web,env in (dev,prod),!legacy,tier`. `<none>` when empty, `<error>`
/// for an expression `NewRequirement` refuses (an unknown operator, a set without values,
/// values on Exists or DoesNotExist).
pub fn format_selector(s: &LabelSelector) -> String {
    let mut parts: Vec<(&str, String)> = s
        .match_labels
        .iter()
        .map(|(k, v)| (k.as_str(), [k.as_str(), "=", v].concat()))
        .collect();
    for e in &s.match_expressions {
        let mut values: Vec<&str> = e.values.iter().map(String::as_str).collect();
        crate::sort::sort(&mut values);
        let set = |op: &str| [e.key.as_str(), op, "(", &values.join(","), ")"].concat();
        let text = match (e.operator.as_str(), values.is_empty()) {
            ("In", false) => set(" in "),
            ("NotIn", false) => set(" notin "),
            ("Exists", true) => e.key.clone(),
            ("DoesNotExist", true) => ["!", &e.key].concat(),
            _ => return "<error>".into(),
        };
        parts.push((&e.key, text));
    }
    crate::sort::sort_by_key(&mut parts, |(key, _)| *key);
    if parts.is_empty() {
        "<none>".into()
    } else {
        let texts: Vec<String> = parts.into_iter().map(|(_, t)| t).collect();
        texts.join(",")
    }
}

/// A `-l` selector: `k=v`, `k==v`, `k!=v`, `k`, `!k`, `k in (a,b)`, `k notin (a,b)`,
/// comma-separated (commas inside parentheses belong to their set).
pub fn selector_matches(selector: &str, labels: &Labels) -> Result<bool, String> {
    let mut terms = Vec::new();
    let (mut depth, mut start) = (0usize, 0usize);
    for (i, c) in selector.char_indices() {
        match c {
            '(' => depth += 1,
            ')' => depth = depth.saturating_sub(1),
            ',' if depth == 0 => {
                terms.push(&selector[start..i]);
                start = i + 1;
            }
            _ => {}
        }
    }
    terms.push(&selector[start..]);
    let identifier = |k: &str| {
        !k.is_empty()
            && k.chars()
                .all(|c| c.is_ascii_alphanumeric() || "-_./".contains(c))
    };
    let unparsable = |term: &str| {
        format!("error: unable to parse requirement: found '{term}', expected: identifier")
    };
    for term in terms.into_iter().map(str::trim).filter(|t| !t.is_empty()) {
        let set = |op: &str| -> Option<(&str, Vec<&str>)> {
            let (k, rest) = term.split_once(op)?;
            let rest = rest.trim();
            let values = rest.strip_prefix('(')?.strip_suffix(')')?;
            Some((k.trim(), values.split(',').map(str::trim).collect()))
        };
        let ok = if let Some((k, values)) = set(" notin ") {
            !labels.get(k).is_some_and(|v| values.contains(&v.as_str()))
        } else if let Some((k, values)) = set(" in ") {
            labels.get(k).is_some_and(|v| values.contains(&v.as_str()))
        } else if let Some((k, v)) = term.split_once("!=") {
            labels.get(k.trim()).map(String::as_str) != Some(v.trim())
        } else if let Some((k, v)) = term.split_once("==").or_else(|| term.split_once('=')) {
            labels.get(k.trim()).map(String::as_str) == Some(v.trim())
        } else if let Some(k) = term.strip_prefix('!') {
            if !identifier(k.trim()) {
                return Err(unparsable(term));
            }
            !labels.contains_key(k.trim())
        } else if identifier(term) {
            labels.contains_key(term)
        } else {
            return Err(unparsable(term));
        };
        if !ok {
            return Ok(false);
        }
    }
    Ok(true)
}

/// A `--field-selector` (`fields.ParseSelector`): terms `field=value`, `field==value` or
/// `field!=value`, joined by commas, all of which must hold. `field` gives an object's value
/// of a field its kind can be selected by, or None for one it cannot (the API server's
/// `field label not supported`, which the error names with the list it was asking for).
pub fn fields_match(
    selector: &str,
    field: &dyn Fn(&str) -> Option<String>,
    list: &str,
    labels: &str,
) -> Result<bool, String> {
    let mut all = true;
    for term in selector.split(',').filter(|t| !t.is_empty()) {
        let (key, value, equal) = if let Some((k, v)) = term.split_once("!=") {
            (k, v, false)
        } else if let Some((k, v)) = term.split_once("==").or_else(|| term.split_once('=')) {
            (k, v, true)
        } else {
            return Err(format!(
                "error: invalid selector: '{selector}'; can't understand '{term}'"
            ));
        };
        let Some(actual) = field(key.trim()) else {
            return Err(format!(
                "Error from server (BadRequest): Unable to find \"{list}\" that match label selector \"{labels}\", field selector \"{selector}\": field label not supported: {}",
                key.trim()
            ));
        };
        all &= (actual == value.trim()) == equal;
    }
    Ok(all)
}

/// The fields every object can be selected by.
fn meta_field(m: &ObjectMeta, namespaced: bool, key: &str) -> Option<String> {
    match key {
        "metadata.name" => Some(m.name.clone()),
        "metadata.namespace" => Some(if namespaced {
            "default".into()
        } else {
            String::new()
        }),
        _ => None,
    }
}

/// A pod's selectable fields (`PodToSelectableFields`).
fn pod_field(p: &Pod, key: &str) -> Option<String> {
    Some(match key {
        "spec.nodeName" => p.spec.node_name.clone(),
        "spec.restartPolicy" => p.spec.restart_policy.clone(),
        "spec.schedulerName" => p.spec.scheduler_name.clone(),
        "spec.serviceAccountName" => "default".into(),
        "spec.hostNetwork" => "false".into(),
        "status.phase" => p.status.phase.clone(),
        "status.podIP" => p.status.pod_ip.clone(),
        "status.nominatedNodeName" => String::new(),
        _ => return meta_field(&p.metadata, true, key),
    })
}

/// A ReplicaSet's selectable fields (`ReplicaSetToSelectableFields`).
fn replica_set_field(rs: &ReplicaSet, key: &str) -> Option<String> {
    match key {
        "status.replicas" => Some(rs.status.replicas.to_string()),
        _ => meta_field(&rs.metadata, true, key),
    }
}

/// A node's selectable fields.
fn node_field(n: &Node, key: &str) -> Option<String> {
    match key {
        "spec.unschedulable" => Some(n.spec.unschedulable.to_string()),
        _ => meta_field(&n.metadata, false, key),
    }
}

/// Whether objects of `kind` can be selected by `key` (asked of an empty object, so that a
/// bad selector is refused even when nothing would be listed).
fn selectable(kind: ResourceKind, key: &str) -> Option<String> {
    match kind {
        ResourceKind::Deployment => meta_field(&ObjectMeta::default(), true, key),
        ResourceKind::ReplicaSet => replica_set_field(&ReplicaSet::default(), key),
        ResourceKind::Pod => pod_field(&Pod::default(), key),
        ResourceKind::Node => node_field(&Node::default(), key),
        ResourceKind::Event => event_field(None, key),
    }
}

/// An event's selectable fields (`EventToSelectableFields`); of no event, "" for each.
fn event_field(e: Option<&EventRecord>, key: &str) -> Option<String> {
    let value: fn(&EventRecord) -> String = match key {
        "involvedObject.kind" => |e| e.involved_kind.name().into(),
        "involvedObject.namespace" => |e| {
            if e.involved_kind == crate::sim::store::Kind::Node {
                String::new()
            } else {
                "default".into()
            }
        },
        "involvedObject.name" => |e| e.involved_name.as_str().into(),
        "involvedObject.uid" => |e| e.involved_uid.to_string(),
        "involvedObject.apiVersion" => |e| e.involved_kind.api_version().into(),
        "involvedObject.resourceVersion" | "involvedObject.fieldPath" => |_| String::new(),
        "reason" => |e| e.reason.into(),
        "reportingComponent" | "source" => |e| e.component.into(),
        "type" => |e| e.type_.into(),
        "metadata.name" => EventRecord::name,
        "metadata.namespace" => |_| "default".into(),
        _ => return None,
    };
    Some(e.map_or_else(String::new, value))
}

#[cfg(test)]
mod selector_tests {
    use super::*;

    #[test]
    fn equality_and_set_based_selectors() {
        let labels: Labels = [("app", "web"), ("tier", "front")]
            .into_iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        let m = |s: &str| selector_matches(s, &labels);
        assert_eq!(m("app=web,tier==front"), Ok(true));
        assert_eq!(m("app!=web"), Ok(false));
        assert_eq!(m("app in (api, web),tier"), Ok(true));
        assert_eq!(m("app notin (web)"), Ok(false));
        assert_eq!(m("!team,app"), Ok(true));
        assert_eq!(m("app in (api)"), Ok(false));
        assert!(m("app in web").is_err());
    }
}

fn containers_and_images(spec: &PodSpec) -> (String, String) {
    let names: Vec<&str> = spec.containers.iter().map(|c| c.name.as_str()).collect();
    let images: Vec<&str> = spec.containers.iter().map(|c| c.image.as_str()).collect();
    (names.join(","), images.join(","))
}

/// The LABELS column of `--show-labels` (`labels.FormatLabels`: sorted `k=v`, or `<none>`).
fn format_labels(labels: &Labels) -> String {
    if labels.is_empty() {
        return "<none>".into();
    }
    let parts: Vec<String> = labels.iter().map(|(k, v)| format!("{k}={v}")).collect();
    parts.join(",")
}

fn or_none(s: &str) -> &str {
    if s.is_empty() {
        "<none>"
    } else {
        s
    }
}

/// Header and rows (without the trailing newline) of one kind's table, and the names of the
/// objects on those rows, in the same order.
fn rows(
    kind: ResourceKind,
    store: &Store,
    names: &[String],
    options: &GetOptions,
    now: Time,
    prefix: bool,
) -> Result<(String, Vec<String>, Vec<String>), String> {
    let selector = options.selector.as_deref();
    let wide = options.output == OutputFormat::Wide;
    // `-L` columns (a label's value, empty without it), then `--show-labels`'s.
    let labelled = |mut row: String, labels: &Labels| {
        for key in &options.label_columns {
            row.push('\t');
            row.push_str(labels.get(key).map_or("", String::as_str));
        }
        if options.show_labels {
            row.push('\t');
            row.push_str(&format_labels(labels));
        }
        row
    };
    let want = |name: &str, labels: &Labels| -> Result<bool, String> {
        Ok((names.is_empty() || names.iter().any(|n| n == name))
            && selector.map_or(Ok(true), |s| selector_matches(s, labels))?)
    };
    // `--field-selector`, asked of each object by its fields.
    let list = match kind {
        ResourceKind::Deployment | ResourceKind::ReplicaSet => {
            format!(
                "apps/v1, Resource={}",
                kind.resource().trim_end_matches(".apps")
            )
        }
        _ => format!("/v1, Resource={}", kind.resource()),
    };
    let fields = |field: &dyn Fn(&str) -> Option<String>| -> Result<bool, String> {
        options.field_selector.as_deref().map_or(Ok(true), |s| {
            fields_match(s, field, &list, selector.unwrap_or(""))
        })
    };
    fields(&|f| selectable(kind, f))?;
    let named = |n: &str| {
        if prefix {
            format!("{}/{n}", kind.qualified())
        } else {
            n.to_string()
        }
    };
    let mut out = Vec::new();
    let mut found = Vec::new();
    let header = match kind {
        ResourceKind::Deployment => {
            for d in store.list::<Deployment>() {
                if !want(&d.metadata.name, &d.metadata.labels)?
                    || !fields(&|f| meta_field(&d.metadata, true, f))?
                {
                    continue;
                }
                found.push(d.metadata.name.clone());
                let mut row = format!(
                    "{}\t{}/{}\t{}\t{}\t{}",
                    named(&d.metadata.name),
                    d.status.ready_replicas,
                    d.replicas(),
                    d.status.updated_replicas,
                    d.status.available_replicas,
                    age(&d.metadata, now)
                );
                if wide {
                    let (c, i) = containers_and_images(&d.spec.template.spec);
                    row += &format!("\t{c}\t{i}\t{}", format_selector(&d.spec.selector));
                }
                out.push(labelled(row, &d.metadata.labels));
            }
            if wide {
                "NAME\tREADY\tUP-TO-DATE\tAVAILABLE\tAGE\tCONTAINERS\tIMAGES\tSELECTOR"
            } else {
                "NAME\tREADY\tUP-TO-DATE\tAVAILABLE\tAGE"
            }
        }
        ResourceKind::ReplicaSet => {
            for rs in store.list::<ReplicaSet>() {
                if !want(&rs.metadata.name, &rs.metadata.labels)?
                    || !fields(&|f| replica_set_field(rs, f))?
                {
                    continue;
                }
                found.push(rs.metadata.name.clone());
                let mut row = format!(
                    "{}\t{}\t{}\t{}\t{}",
                    named(&rs.metadata.name),
                    rs.spec.replicas,
                    rs.status.replicas,
                    rs.status.ready_replicas,
                    age(&rs.metadata, now)
                );
                if wide {
                    let (c, i) = containers_and_images(&rs.spec.template.spec);
                    row += &format!("\t{c}\t{i}\t{}", format_selector(&rs.spec.selector));
                }
                out.push(labelled(row, &rs.metadata.labels));
            }
            if wide {
                "NAME\tDESIRED\tCURRENT\tREADY\tAGE\tCONTAINERS\tIMAGES\tSELECTOR"
            } else {
                "NAME\tDESIRED\tCURRENT\tREADY\tAGE"
            }
        }
        ResourceKind::Pod => {
            for p in store.list::<Pod>() {
                if !want(&p.metadata.name, &p.metadata.labels)? || !fields(&|f| pod_field(p, f))? {
                    continue;
                }
                found.push(p.metadata.name.clone());
                let (ready, status, restarts) = pod_columns(p, now);
                let mut row = format!(
                    "{}\t{ready}\t{status}\t{restarts}\t{}",
                    named(&p.metadata.name),
                    age(&p.metadata, now)
                );
                if wide {
                    row += &format!(
                        "\t{}\t{}\t<none>\t<none>",
                        or_none(&p.status.pod_ip),
                        or_none(&p.spec.node_name)
                    );
                }
                out.push(labelled(row, &p.metadata.labels));
            }
            if wide {
                "NAME\tREADY\tSTATUS\tRESTARTS\tAGE\tIP\tNODE\tNOMINATED NODE\tREADINESS GATES"
            } else {
                "NAME\tREADY\tSTATUS\tRESTARTS\tAGE"
            }
        }
        ResourceKind::Node => {
            for n in store.list::<Node>() {
                if !want(&n.metadata.name, &n.metadata.labels)? || !fields(&|f| node_field(n, f))? {
                    continue;
                }
                found.push(n.metadata.name.clone());
                let status = if n.spec.unschedulable {
                    "Ready,SchedulingDisabled"
                } else {
                    "Ready"
                };
                let info = &n.status.node_info;
                let mut row = format!(
                    "{}\t{status}\t{}\t{}\t{}",
                    named(&n.metadata.name),
                    node_roles(&n.metadata.labels),
                    age(&n.metadata, now),
                    info.kubelet_version
                );
                if wide {
                    let ip = n
                        .status
                        .addresses
                        .iter()
                        .find(|a| a.type_ == "InternalIP")
                        .map_or("<none>", |a| a.address.as_str());
                    row += &format!(
                        "\t{ip}\t<none>\t{}\t{}\t{}",
                        info.os_image, info.kernel_version, info.container_runtime_version
                    );
                }
                out.push(labelled(row, &n.metadata.labels));
            }
            if wide {
                "NAME\tSTATUS\tROLES\tAGE\tVERSION\tINTERNAL-IP\tEXTERNAL-IP\tOS-IMAGE\tKERNEL-VERSION\tCONTAINER-RUNTIME"
            } else {
                "NAME\tSTATUS\tROLES\tAGE\tVERSION"
            }
        }
        ResourceKind::Event => {
            // The API server lists events by name (`<object>.<time in hex>`): each object's
            // together, in time order. `--sort-by=.lastTimestamp` gives a timeline.
            let names_of: Vec<String> = store.events.iter().map(EventRecord::name).collect();
            let order =
                crate::sort::stable_order(names_of.len(), &|i, j| names_of[i] > names_of[j]);
            for i in order {
                let e = &store.events[i];
                let name = names_of[i].clone();
                // Events carry no labels: `-l` keeps only those a selector of absent
                // labels matches (`!k`, `k!=v`).
                if !want(&name, &Labels::new())? || !fields(&|f| event_field(Some(e), f))? {
                    continue;
                }
                found.push(name);
                let seen = human_duration(now - e.last_timestamp);
                let seen = if e.count > 1 {
                    format!(
                        "{seen} (x{} over {})",
                        e.count,
                        human_duration(now - e.first_timestamp)
                    )
                } else {
                    seen
                };
                out.push(labelled(
                    format!(
                        "{seen}\t{}\t{}\t{}\t{}",
                        e.type_,
                        e.reason,
                        e.object(),
                        e.message
                    ),
                    &Labels::new(),
                ));
            }
            "LAST SEEN\tTYPE\tREASON\tOBJECT\tMESSAGE"
        }
    };
    // A label column is headed by the key's last part, in capitals (`formatLabelHeaders`);
    // label keys are ASCII, and Unicode case tables would cost 8 KB of the bundle.
    let mut header = header.to_string();
    for key in &options.label_columns {
        header.push('\t');
        header.push_str(&key.rsplit('/').next().unwrap_or(key).to_ascii_uppercase());
    }
    if options.show_labels {
        header.push_str("\tLABELS");
    }
    let (out, found) = match &options.sort_by {
        Some(path) => sort_rows(kind, store, path, out, found)?,
        None => (out, found),
    };
    Ok((header, out, found))
}

/// `--sort-by` (kubectl's `RuntimeSort`): rows in the order of the value at `path` in each
/// object, stably; objects without it first, values in natural order (`web-9` before
/// `web-10`, `9` before `10`). A path that no object has is an error.
fn sort_rows(
    kind: ResourceKind,
    store: &Store,
    path: &str,
    rows: Vec<String>,
    names: Vec<String>,
) -> Result<(Vec<String>, Vec<String>), String> {
    // `RelaxedJSONPathExpression`: `.a.b`, `{.a.b}` and `a.b` alike.
    let inner = path.trim_start_matches('{').trim_end_matches('}');
    let fields: Vec<&str> = inner.trim_start_matches('.').split('.').collect();
    let value = |name: &String| {
        let mut v = object_json(kind, store, name)?;
        for f in &fields {
            v = v.get_mut(*f)?.take();
        }
        (!v.is_null()).then_some(v)
    };
    let keys: Vec<Option<String>> = names.iter().map(|n| value(n).map(|v| scalar(&v))).collect();
    if !keys.is_empty() && keys.iter().all(Option::is_none) {
        return Err(format!(
            "error: couldn't find any field with path \"{{.{}}}\" in the list of objects",
            fields.join(".")
        ));
    }
    let order = crate::sort::stable_order(keys.len(), &|i, j| match (&keys[i], &keys[j]) {
        (Some(a), Some(b)) => natural(a, b) == std::cmp::Ordering::Greater,
        (a, b) => a.is_some() && b.is_none(),
    });
    Ok(order
        .into_iter()
        .map(|i| (rows[i].clone(), names[i].clone()))
        .unzip())
}

/// A JSON value as text to compare (counts are whole numbers, which natural order sorts by
/// value); maps and lists, which kubectl cannot sort by, as nothing.
fn scalar(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        Value::Number(n) => n.as_i64().map_or_else(String::new, |n| n.to_string()),
        Value::Bool(b) => String::from(if *b { "true" } else { "false" }),
        _ => String::new(),
    }
}

/// `sortorder.NaturalLess`: runs of digits compare by their value, the rest byte by byte.
fn natural(a: &str, b: &str) -> std::cmp::Ordering {
    let (a, b) = (a.as_bytes(), b.as_bytes());
    let (mut i, mut j) = (0, 0);
    while i < a.len() && j < b.len() {
        if a[i].is_ascii_digit() && b[j].is_ascii_digit() {
            let run = |s: &[u8], k: usize| s[k..].iter().take_while(|c| c.is_ascii_digit()).count();
            let (n, m) = (run(a, i), run(b, j));
            // Leading zeros aside, a longer run is a bigger number.
            let (x, y) = (&a[i..i + n], &b[j..j + m]);
            let (x, y) = (trim_zeros(x), trim_zeros(y));
            let order = x.len().cmp(&y.len()).then_with(|| x.cmp(y));
            if order != std::cmp::Ordering::Equal {
                return order;
            }
            (i, j) = (i + n, j + m);
        } else {
            if a[i] != b[j] {
                return a[i].cmp(&b[j]);
            }
            (i, j) = (i + 1, j + 1);
        }
    }
    (a.len() - i).cmp(&(b.len() - j))
}

fn trim_zeros(digits: &[u8]) -> &[u8] {
    let zeros = digits.iter().take_while(|&&c| c == b'0').count();
    &digits[zeros..]
}

/// The metadata of the object of that kind and name, if there is one (events: none).
pub fn meta_of<'a>(kind: ResourceKind, store: &'a Store, name: &str) -> Option<&'a ObjectMeta> {
    match kind {
        ResourceKind::Deployment => store.get::<Deployment>(name).map(|o| &o.metadata),
        ResourceKind::ReplicaSet => store.get::<ReplicaSet>(name).map(|o| &o.metadata),
        ResourceKind::Pod => store.get::<Pod>(name).map(|o| &o.metadata),
        ResourceKind::Node => store.get::<Node>(name).map(|o| &o.metadata),
        ResourceKind::Event => None,
    }
}

/// One watched object: its name, a version that changes whenever it does (ordered as the
/// changes happened), and how it prints: a table row, `kind/name`, or (for `-o yaml|json`)
/// the object.
pub struct WatchRow {
    pub name: String,
    pub version: (u64, u64),
    pub row: String,
    pub object: Option<Value>,
    /// When the object was created, to age its row again when it is deleted.
    pub created: Option<Time>,
}

impl WatchRow {
    /// The row as it prints at `now`: its AGE cell (found by `header`) counted again.
    pub fn row_at(&self, header: &str, now: Time) -> String {
        let (Some(created), Some(col)) =
            (self.created, header.split('\t').position(|h| h == "AGE"))
        else {
            return self.row.clone();
        };
        let mut cells: Vec<String> = self.row.split('\t').map(str::to_string).collect();
        if let Some(cell) = cells.get_mut(col) {
            *cell = human_duration(now - created);
        }
        cells.join("\t")
    }
}

/// What `kubectl get -w` sees of one kind at this moment: the table header and every listed
/// object's row with its version.
pub fn watch_rows(
    kind: ResourceKind,
    store: &Store,
    names: &[String],
    options: &GetOptions,
    now: Time,
) -> Result<(String, Vec<WatchRow>), String> {
    let (header, out, found) = rows(kind, store, names, options, now, false)?;
    let rows = found
        .into_iter()
        .zip(out)
        .map(|(name, row)| {
            let m = meta_of(kind, store, &name);
            let version = match kind {
                ResourceKind::Event => event_named(store, &name).map_or((0, 0), |e| {
                    (e.last_timestamp.0.max(0) as u64, e.count.max(0) as u64)
                }),
                _ => (
                    m.and_then(|m| m.resource_version.parse().ok()).unwrap_or(0),
                    0,
                ),
            };
            let created = m.and_then(|m| m.creation_timestamp);
            let object = options
                .output
                .generic()
                .then(|| object_json(kind, store, &name))
                .flatten();
            let row = if options.output == OutputFormat::Name {
                format!("{}/{name}", kind.qualified())
            } else {
                row
            };
            WatchRow {
                name,
                version,
                row,
                object,
                created,
            }
        })
        .collect();
    Ok((header, rows))
}

/// A stable container ID for a pod's container, as the runtime reports it
/// (`containerd://` and 64 hex digits, made from the pod name and container index).
pub fn container_id(pod: &str, index: usize) -> String {
    let mut bytes = pod.as_bytes().to_vec();
    bytes.push(index as u8);
    ["containerd://", &crate::sim::rng::hex_digest(&bytes)].concat()
}

/// A pod as the API server returns it: with the `podIPs` and `hostIPs` lists the kubelet
/// fills from its one address, and each started container's `containerID`.
fn pod_json(pod: &Pod) -> Option<Value> {
    let mut v = serde_json::to_value(pod).ok()?;
    let status = v.get_mut("status")?.as_object_mut()?;
    for (one, list) in [("hostIP", "hostIPs"), ("podIP", "podIPs")] {
        if let Some(ip) = status.get(one).cloned() {
            status.insert(
                list.to_string(),
                Value::Array(vec![json::object(&mut [("ip", ip)])]),
            );
        }
    }
    if let Some(Value::Array(statuses)) = status.get_mut("containerStatuses") {
        for (i, cs) in statuses.iter_mut().enumerate() {
            if let Some(cs) = cs.as_object_mut().filter(|cs| cs.contains_key("imageID")) {
                let id = container_id(&pod.metadata.name, i);
                cs.insert("containerID".to_string(), Value::String(id));
            }
        }
    }
    Some(v)
}

fn object_json(kind: ResourceKind, store: &Store, name: &str) -> Option<Value> {
    match kind {
        ResourceKind::Deployment => store
            .get::<Deployment>(name)
            .and_then(|o| serde_json::to_value(o).ok()),
        ResourceKind::ReplicaSet => store
            .get::<ReplicaSet>(name)
            .and_then(|o| serde_json::to_value(o).ok()),
        ResourceKind::Pod => store.get::<Pod>(name).and_then(pod_json),
        ResourceKind::Node => store
            .get::<Node>(name)
            .and_then(|o| serde_json::to_value(o).ok()),
        ResourceKind::Event => {
            event_named(store, name).and_then(|o| serde_json::to_value(o.to_event()).ok())
        }
    }
}

/// The event of that name (`<object>.<id in hex>`), found by its id: ids grow along the log,
/// so a binary search, where a scan formatting every event's name made `get events -o yaml`
/// and `--sort-by` quadratic.
fn event_named<'a>(store: &'a Store, name: &str) -> Option<&'a EventRecord> {
    let id = u64::from_str_radix(name.rsplit_once('.')?.1, 16).ok()?;
    let events = &store.events;
    let (mut lo, mut hi) = (0, events.len());
    while lo < hi {
        let mid = (lo + hi) / 2;
        if events[mid].id < id {
            lo = mid + 1;
        } else {
            hi = mid;
        }
    }
    let e = (lo < events.len()).then(|| &events[lo])?;
    (e.id == id && e.name() == name).then_some(e)
}

/// The API server's answer for a named object that is not there.
pub fn not_found(kind: ResourceKind, name: &str) -> String {
    format!(
        "Error from server (NotFound): {} \"{name}\" not found",
        kind.resource()
    )
}

/// `kubectl get` for one or more kinds. Returns (stdout, stderr).
pub fn get(
    store: &Store,
    kinds: &[ResourceKind],
    names: &[String],
    options: &GetOptions,
    now: Time,
) -> (String, String) {
    let output = options.output;
    let several = kinds.len() > 1;
    let mut tables = Vec::new();
    let mut objects = Vec::new();
    let mut missing = Vec::new();
    for &kind in kinds {
        let (header, body, found) = match rows(
            kind,
            store,
            if several { &[] } else { names },
            options,
            now,
            several,
        ) {
            Ok(r) => r,
            Err(e) => return (String::new(), e),
        };
        if !several {
            for n in names {
                if !found.contains(n) {
                    missing.push(not_found(kind, n));
                }
            }
        }
        match output {
            OutputFormat::Table | OutputFormat::Wide => {
                if !body.is_empty() {
                    let header = if options.no_headers {
                        String::new()
                    } else {
                        format!("{header}\n")
                    };
                    tables.push(align(&format!("{header}{}\n", body.join("\n")), GET));
                }
            }
            OutputFormat::Name => {
                for n in &found {
                    tables.push(format!("{}/{n}\n", kind.qualified()));
                }
            }
            _ => objects.extend(found.iter().filter_map(|n| object_json(kind, store, n))),
        }
    }
    // A lone name that is not there gives its error alone (`IntoSingleItemImplied`).
    let lone_missing = names.len() == 1 && !several && objects.is_empty();
    let printed = match output {
        OutputFormat::Name => Ok(tables.concat()),
        OutputFormat::Table | OutputFormat::Wide => Ok(tables.join("\n")),
        _ if lone_missing => Ok(String::new()),
        // Custom columns print the objects one by one, not as a List.
        OutputFormat::CustomColumns => {
            print_template(options, &Value::Null, &objects, !options.no_headers)
                .map(|text| align(&text, GET))
        }
        _ => {
            // One object asked for by name prints as itself, anything else as a List.
            let value = if objects.len() == 1 && !several && !names.is_empty() {
                objects.swap_remove(0)
            } else {
                json::object(&mut [
                    ("apiVersion", "v1".into()),
                    ("items", Value::Array(objects)),
                    ("kind", "List".into()),
                    (
                        "metadata",
                        json::object(&mut [("resourceVersion", "".into())]),
                    ),
                ])
            };
            match output {
                OutputFormat::Json => Ok(json::pretty(&value) + "\n"),
                OutputFormat::Yaml => Ok(super::emit::yaml(&value)),
                _ => print_template(options, &value, &[], false),
            }
        }
    };
    let mut err = missing;
    let out = printed.unwrap_or_else(|e| {
        err.push(e);
        String::new()
    });
    let mut err = err.join("\n");
    // Only the tables say so: kubectl's other printers print an empty List, or nothing.
    let table = matches!(output, OutputFormat::Table | OutputFormat::Wide);
    if out.is_empty() && err.is_empty() && table {
        err = "No resources found in default namespace.".into();
    }
    (out, err)
}

/// What kubectl's template printers print for `value`: `-o jsonpath` and `jsonpath-as-json`,
/// or `-o custom-columns` with a row for each of `objects` (the header first if `headers`),
/// its cells not yet aligned. Or kubectl's error.
pub fn print_template(
    options: &GetOptions,
    value: &Value,
    objects: &[Value],
    headers: bool,
) -> Result<String, String> {
    let template = &options.template;
    if options.output == OutputFormat::CustomColumns {
        return jsonpath::custom_columns(template, headers, objects)
            .map_err(|e| ["error: ", &e].concat());
    }
    let as_json = options.output == OutputFormat::JsonPathAsJson;
    Template::parse(template)
        .and_then(|t| t.print(value, as_json))
        .map_err(|e| jsonpath::execution_error(template, &e, value))
}

/// `DeploymentStatusViewer.Status`: (message, done) or the error text.
pub fn deployment_status(d: &Deployment, revision: i64) -> Result<(String, bool), String> {
    if revision > 0 {
        let current: i64 = d
            .metadata
            .annotation(REVISION_ANNOTATION)
            .and_then(|r| r.parse().ok())
            .unwrap_or(0);
        if revision != current {
            return Err(format!(
                "desired revision ({revision}) is different from the running revision ({current})"
            ));
        }
    }
    let name = &d.metadata.name;
    if d.metadata.generation <= d.status.observed_generation {
        if d.condition(CONDITION_PROGRESSING)
            .is_some_and(|c| c.reason == "ProgressDeadlineExceeded")
        {
            return Err(format!(
                "deployment {name:?} exceeded its progress deadline"
            ));
        }
        let s = &d.status;
        if s.updated_replicas < d.replicas() {
            return Ok((format!("Waiting for deployment {name:?} rollout to finish: {} out of {} new replicas have been updated...\n", s.updated_replicas, d.replicas()), false));
        }
        if s.replicas > s.updated_replicas {
            return Ok((format!("Waiting for deployment {name:?} rollout to finish: {} old replicas are pending termination...\n", s.replicas - s.updated_replicas), false));
        }
        if s.available_replicas < s.updated_replicas {
            return Ok((format!("Waiting for deployment {name:?} rollout to finish: {} of {} updated replicas are available...\n", s.available_replicas, s.updated_replicas), false));
        }
        return Ok((
            format!("deployment {name:?} successfully rolled out\n"),
            true,
        ));
    }
    Ok((
        "Waiting for deployment spec update to be observed...\n".into(),
        false,
    ))
}

/// A probe as describe prints it (`DescribeProbe`): `http-get http://:80/healthz delay=0s
/// timeout=1s period=5s #success=1 #failure=3`, `exec [cat /tmp/ready] ...`.
pub fn probe_summary(p: &Probe) -> String {
    let how = match (&p.http_get, &p.tcp_socket, &p.exec) {
        (Some(h), _, _) => {
            let scheme = if h.scheme.is_empty() {
                "http".to_string()
            } else {
                h.scheme.to_ascii_lowercase()
            };
            format!("http-get {scheme}://:{}{}", h.port, h.path)
        }
        (None, Some(t), _) => format!("tcp-socket :{}", t.port),
        // Go's `%v` of a string slice.
        (None, None, Some(e)) => format!("exec [{}]", e.command.join(" ")),
        (None, None, None) => "unknown".into(),
    };
    format!(
        "{how} delay={}s timeout={}s period={}s #success={} #failure={}",
        p.initial_delay_seconds,
        p.timeout_seconds,
        p.period_seconds,
        p.success_threshold,
        p.failure_threshold
    )
}

/// `findNodeRoles`: the roles a node's labels give it (`node-role.kubernetes.io/<role>`, or
/// the value of `kubernetes.io/role`), sorted and joined with commas; `<none>` without any.
pub fn node_roles(labels: &Labels) -> String {
    let mut roles: Vec<&str> = labels
        .iter()
        .filter_map(|(k, v)| match k.strip_prefix("node-role.kubernetes.io/") {
            Some(role) => Some(role),
            None if k == "kubernetes.io/role" => Some(v.as_str()),
            None => None,
        })
        .filter(|r| !r.is_empty())
        .collect();
    crate::sort::sort(&mut roles);
    roles.dedup();
    if roles.is_empty() {
        "<none>".into()
    } else {
        roles.join(",")
    }
}

/// `printLabelsMultiline`: `title:` and a tab, the labels in key order, each after the first
/// on a line of its own that starts with a tab; `<none>` when there are none.
pub fn labels_multiline(title: &str, labels: &Labels) -> String {
    if labels.is_empty() {
        return format!("{title}:\t<none>\n");
    }
    let mut out = format!("{title}:");
    for (k, v) in labels {
        out += &format!("\t{k}={v}\n");
    }
    out
}

/// `printAnnotationsMultiline`: as `labels_multiline`, as `key: value`, without the
/// last-applied configuration. A value longer than fits in 140 characters (key and `: `
/// included), or of several lines, goes on lines of its own, each cut to 138 characters and
/// `...`.
pub fn annotations_multiline(title: &str, annotations: &Labels) -> String {
    const MAX: usize = 140;
    let mut out = format!("{title}:\t");
    let shown = annotations
        .iter()
        .filter(|(k, _)| k.as_str() != LAST_APPLIED_ANNOTATION);
    let mut any = false;
    for (i, (k, v)) in shown.enumerate() {
        any = true;
        if i != 0 {
            out.push('\t');
        }
        let v = v.strip_suffix('\n').unwrap_or(v);
        if v.len() + k.len() + 2 > MAX || v.contains('\n') {
            out += &format!("{k}:\n");
            for line in v.split('\n') {
                out += &format!("\t  {}\n", shorten(line, MAX - 2));
            }
        } else {
            out += &format!("{k}: {v}\n");
        }
    }
    if !any {
        out += "<none>\n";
    }
    out
}

/// The first `max` bytes of `s` and `...` when it is longer (upstream's `shorten`), cut at a
/// character boundary.
fn shorten(s: &str, max: usize) -> String {
    if s.len() <= max {
        return s.to_string();
    }
    let mut end = max;
    while !s.is_char_boundary(end) {
        end -= 1;
    }
    format!("{}...", &s[..end])
}

/// A container's ports as describe lists them: `80/TCP (http), 443/TCP`; host ports the same
/// with the host port (0 when unset, as here).
fn ports(c: &Container, host: bool) -> String {
    c.ports
        .iter()
        .map(|p| {
            let port = if host { 0 } else { p.container_port };
            let protocol = if p.protocol.is_empty() {
                "TCP"
            } else {
                p.protocol.as_str()
            };
            if p.name.is_empty() {
                format!("{port}/{protocol}")
            } else {
                format!("{port}/{protocol} ({})", p.name)
            }
        })
        .collect::<Vec<_>>()
        .join(", ")
}

/// A container's `Port(s):` and `Host Port(s):` lines, then `Command:` and `Args:`
/// (`describeContainerBasicInfo`, `describeContainerCommand`); `indent` is the pod's.
pub fn describe_ports_and_command(c: &Container, indent: &str) -> String {
    let mut out = String::new();
    for (host, one, many) in [(false, "Port", "Ports"), (true, "Host Port", "Host Ports")] {
        let ports = ports(c, host);
        let title = if ports.contains(',') { many } else { one };
        out += &format!("{indent}  {title}:\t{}\n", or_none(&ports));
    }
    for (title, words) in [("Command", &c.command), ("Args", &c.args)] {
        if !words.is_empty() {
            out += &format!("{indent}  {title}:\n");
            for line in words.iter().flat_map(|w| w.split('\n')) {
                out += &format!("{indent}    {line}\n");
            }
        }
    }
    out
}

/// What describe prints of a container after its state: `Limits:` and `Requests:`
/// (`describeResources`), `Liveness:` and `Readiness:` (`describeContainerProbe`),
/// `Environment` and `Mounts`; `indent` is the pod's.
pub fn describe_resources_to_mounts(c: &Container, indent: &str) -> String {
    let mut out = String::new();
    for (title, amounts) in [
        ("Limits", &c.resources.limits),
        ("Requests", &c.resources.requests),
    ] {
        if !amounts.is_empty() {
            out += &format!("{indent}  {title}:\n");
            for (k, v) in amounts {
                out += &format!("{indent}    {k}:\t{v}\n");
            }
        }
    }
    for (title, probe) in [
        ("Liveness", &c.liveness_probe),
        ("Readiness", &c.readiness_probe),
    ] {
        if let Some(p) = probe {
            out += &format!("{indent}  {title}:\t{}\n", probe_summary(p));
        }
    }
    if c.env.is_empty() {
        out += &format!("{indent}  Environment:\t<none>\n");
    } else {
        out += &format!("{indent}  Environment:\n");
        for e in &c.env {
            out += &format!("{indent}    {}:\t{}\n", e.name, e.value);
        }
    }
    out += &format!("{indent}  Mounts:\t<none>\n");
    out
}

/// The pod template as `kubectl rollout history --revision=N` and `describe` show it
/// (`DescribePodTemplate`, without its `Pod Template:` line); `indent` is the template's own.
pub fn describe_pod_template(t: &PodTemplateSpec, indent: &str) -> String {
    let mut out = labels_multiline(&format!("{indent}Labels"), &t.metadata.labels);
    if !t.metadata.annotations.is_empty() {
        out += &annotations_multiline(&format!("{indent}Annotations"), &t.metadata.annotations);
    }
    out += &format!("{indent}Containers:\n");
    for c in t.spec.containers.iter() {
        out += &format!("{indent} {}:\n", c.name);
        out += &format!("{indent}  Image:\t{}\n", c.image);
        out += &describe_ports_and_command(c, indent);
        out += &describe_resources_to_mounts(c, indent);
    }
    out += &format!("{indent}Volumes:\t<none>\n");
    out += &labels_multiline(&format!("{indent}Node-Selectors"), &t.spec.node_selector);
    out += &tolerations_multiline(indent, &t.spec.tolerations);
    out
}

/// `printTolerationsMultilineWithIndent`: by key, each as `key=value:effect`, with ` op=Exists`
/// for an Exists toleration without a value (alone when it has neither key nor effect: it
/// tolerates everything) and ` for Ns`; `<none>` when there are none.
pub fn tolerations_multiline(indent: &str, tolerations: &[Toleration]) -> String {
    let mut out = format!("{indent}Tolerations:\t");
    if tolerations.is_empty() {
        return out + "<none>\n";
    }
    let mut sorted: Vec<&Toleration> = tolerations.iter().collect();
    crate::sort::sort_copies_by(&mut sorted, |a, b| a.key.cmp(&b.key));
    for (i, t) in sorted.iter().enumerate() {
        if i != 0 {
            out += indent;
            out.push('\t');
        }
        out += &t.key;
        if !t.value.is_empty() {
            out.push('=');
            out += &t.value;
        }
        if !t.effect.is_empty() {
            out.push(':');
            out += &t.effect;
        }
        if t.operator == "Exists" && t.value.is_empty() {
            out += if t.key.is_empty() && t.effect.is_empty() {
                "op=Exists"
            } else {
                " op=Exists"
            };
        }
        if let Some(seconds) = t.toleration_seconds {
            out += &format!(" for {seconds}s");
        }
        out.push('\n');
    }
    out
}

/// `DeploymentHistoryViewer.ViewHistory`: the history table, or one revision's pod template
/// (raw, tab-separated, as upstream returns it). Each revision's template carries its
/// ReplicaSet's change-cause when the ReplicaSet has one (else its own, if any).
pub fn view_history(store: &Store, d: &Deployment, revision: i64) -> Result<String, String> {
    let mut rss: Vec<&ReplicaSet> = crate::sim::deployment::rollback::owned_replica_sets(store, d);
    crate::sort::sort_by_key(&mut rss, |rs| rs.revision());
    let template = |rs: &ReplicaSet| {
        let mut template = rs.spec.template.clone();
        if let Some(cause) = rs
            .metadata
            .annotations
            .get(CHANGE_CAUSE_ANNOTATION)
            .filter(|c| !c.is_empty())
        {
            template
                .metadata
                .annotations
                .insert(CHANGE_CAUSE_ANNOTATION.into(), cause.clone());
        }
        template
    };
    if rss.is_empty() {
        return Ok("No rollout history found.".into());
    }
    if revision > 0 {
        let rs = rss
            .iter()
            .find(|rs| rs.revision() == revision)
            .ok_or("unable to find the specified revision")?;
        return Ok(format!(
            "Pod Template:\n{}",
            describe_pod_template(&template(rs), "  ")
        ));
    }
    let mut table = String::from("REVISION\tCHANGE-CAUSE\n");
    for rs in rss {
        let cause = [
            &rs.metadata.annotations,
            &rs.spec.template.metadata.annotations,
        ]
        .into_iter()
        .find_map(|a| a.get(CHANGE_CAUSE_ANNOTATION).filter(|c| !c.is_empty()))
        .map_or("<none>", String::as_str);
        table += &format!("{}\t{cause}\n", rs.revision());
    }
    Ok(align(&table, HISTORY))
}

/// How `kubectl rollout history` wraps the viewer's output: the name printer's line, with
/// `with revision #N` as its operation when a revision was asked for, then the output.
pub fn history_cli_output(name: &str, revision: i64, view: &str) -> String {
    let with_revision = if revision > 0 {
        format!("with revision #{revision}")
    } else {
        String::new()
    };
    format!("deployment.apps/{name} {with_revision}\n{view}\n")
}

/// `kubectl rollout history deployment/NAME [--revision=N]`.
pub fn rollout_history(store: &Store, d: &Deployment, revision: i64) -> Result<String, String> {
    let view = view_history(store, d, revision)?;
    Ok(history_cli_output(&d.metadata.name, revision, &view))
}

/// The parts of a DaemonSet the status viewer reads.
#[derive(Clone, Debug, Default)]
pub struct DaemonSetRollout {
    pub name: String,
    pub generation: i64,
    pub rolling_update: bool,
    pub observed_generation: i64,
    pub updated_number_scheduled: i32,
    pub desired_number_scheduled: i32,
    pub number_available: i32,
}

/// `DaemonSetStatusViewer.Status`.
pub fn daemon_set_status(ds: &DaemonSetRollout) -> Result<(String, bool), String> {
    if !ds.rolling_update {
        return Err("rollout status is only available for RollingUpdate strategy type".into());
    }
    if ds.generation > ds.observed_generation {
        return Ok((
            "Waiting for daemon set spec update to be observed...\n".into(),
            false,
        ));
    }
    let n = &ds.name;
    if ds.updated_number_scheduled < ds.desired_number_scheduled {
        return Ok((format!("Waiting for daemon set {n:?} rollout to finish: {} out of {} new pods have been updated...\n", ds.updated_number_scheduled, ds.desired_number_scheduled), false));
    }
    if ds.number_available < ds.desired_number_scheduled {
        return Ok((format!("Waiting for daemon set {n:?} rollout to finish: {} of {} updated pods are available...\n", ds.number_available, ds.desired_number_scheduled), false));
    }
    Ok((format!("daemon set {n:?} successfully rolled out\n"), true))
}

/// The parts of a StatefulSet the status viewer reads.
#[derive(Clone, Debug, Default)]
pub struct StatefulSetRollout {
    pub replicas: i32,
    pub generation: i64,
    pub rolling_update: bool,
    /// `Some(partition)` when `spec.updateStrategy.rollingUpdate` is set.
    pub partition: Option<i32>,
    pub observed_generation: i64,
    pub ready_replicas: i32,
    pub updated_replicas: i32,
    pub current_replicas: i32,
    pub current_revision: String,
    pub update_revision: String,
}

/// `StatefulSetStatusViewer.Status`.
pub fn stateful_set_status(s: &StatefulSetRollout) -> Result<(String, bool), String> {
    if !s.rolling_update {
        return Err("rollout status is only available for RollingUpdate strategy type".into());
    }
    if s.observed_generation == 0 || s.generation > s.observed_generation {
        return Ok((
            "Waiting for statefulset spec update to be observed...\n".into(),
            false,
        ));
    }
    if s.ready_replicas < s.replicas {
        return Ok((
            format!(
                "Waiting for {} pods to be ready...\n",
                s.replicas - s.ready_replicas
            ),
            false,
        ));
    }
    if let Some(partition) = s.partition {
        if s.updated_replicas < s.replicas - partition {
            return Ok((format!("Waiting for partitioned roll out to finish: {} out of {} new pods have been updated...\n", s.updated_replicas, s.replicas - partition), false));
        }
        return Ok((
            format!(
                "partitioned roll out complete: {} new pods have been updated...\n",
                s.updated_replicas
            ),
            true,
        ));
    }
    if s.update_revision != s.current_revision {
        return Ok((
            format!(
                "waiting for statefulset rolling update to complete {} pods at revision {}...\n",
                s.updated_replicas, s.update_revision
            ),
            false,
        ));
    }
    Ok((
        format!(
            "statefulset rolling update complete {} pods at revision {}...\n",
            s.current_replicas, s.current_revision
        ),
        true,
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn expr(key: &str, operator: &str, values: &[&str]) -> LabelSelectorRequirement {
        LabelSelectorRequirement {
            key: key.into(),
            operator: operator.into(),
            values: values.iter().map(|v| v.to_string()).collect(),
        }
    }

    #[test]
    fn selectors_print_as_format_label_selector_does() {
        let mut s = LabelSelector::default();
        assert_eq!(format_selector(&s), "<none>");
        s.match_labels.insert("tier".into(), "web".into());
        s.match_labels.insert("app".into(), "sel".into());
        s.match_expressions = vec![
            expr("track", "NotIn", &["canary", "beta"]),
            expr("env", "In", &["prod", "dev"]),
            expr("legacy", "DoesNotExist", &[]),
            expr("app", "Exists", &[]),
        ];
        // By key; the matchLabels requirement of a key before its expressions.
        assert_eq!(
            format_selector(&s),
            "app=sel,app,env in (dev,prod),!legacy,tier=web,track notin (beta,canary)"
        );
        for bad in [
            expr("a", "Equals", &["x"]),
            expr("a", "In", &[]),
            expr("a", "Exists", &["x"]),
        ] {
            let s = LabelSelector {
                match_expressions: vec![bad],
                ..Default::default()
            };
            assert_eq!(format_selector(&s), "<error>");
        }
    }
}

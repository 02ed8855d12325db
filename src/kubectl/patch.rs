//! `kubectl patch`'s three kinds of patch, applied to an object's JSON as the API server
//! applies them (`apiserver/pkg/endpoints/handlers/patch.go`):
//!
//! - **strategic** (the default, `strategicpatch.StrategicMergeMapPatch`): maps merge key by
//!   key, `null` removes a key, and a list the API types give a merge key (`containers` by
//!   `name`, `env` by `name`, `ports` by `containerPort`, ...) merges item by item, an item
//!   with `$patch: delete` removing its namesake; every other list is replaced;
//! - **merge** (RFC 7386 JSON merge patch): the same, but every list is replaced;
//! - **json** (RFC 6902 JSON patch): a list of `add`, `remove`, `replace`, `move`, `copy` and
//!   `test` operations at JSON pointers.
//!
//! Errors are the API server's words, as kubectl prints them.

use serde_json::{Map, Value};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PatchType {
    Strategic,
    Merge,
    Json,
}

/// The merge key of the lists of a Deployment's JSON that have one (`patchMergeKey` in the
/// API types), by field name: each name is one field wherever it appears in a Deployment.
fn merge_key(field: &str) -> Option<&'static str> {
    Some(match field {
        "containers" | "initContainers" | "env" | "volumes" | "imagePullSecrets" => "name",
        "ports" => "containerPort",
        "volumeMounts" => "mountPath",
        "conditions" => "type",
        "ownerReferences" => "uid",
        _ => return None,
    })
}

/// Applies `patch` to `doc` (the object's JSON); the error is kubectl's whole message.
pub fn apply(doc: &mut Value, patch: &Value, kind: PatchType) -> Result<(), String> {
    if kind == PatchType::Json {
        let Value::Array(ops) = patch else {
            return Err(format!(
                "Error from server (BadRequest): json: cannot unmarshal {} into Go value of type jsonpatch.Patch",
                json_kind(patch)
            ));
        };
        // The server keeps only its own words for a patch that does not apply (a 422 with
        // no details): kubectl prints those.
        return ops.iter().try_for_each(|op| operation(doc, op)).map_err(|()| {
            "The request is invalid: the server rejected our request due to an error in our request".into()
        });
    }
    match patch {
        Value::Object(p) => merge(doc, p, kind == PatchType::Strategic),
        Value::Null => Ok(()),
        _ => Err(format!(
            "Error from server (BadRequest): json: cannot unmarshal {} into Go value of type map[string]interface {{}}",
            json_kind(patch)
        )),
    }
}

/// How Go's `encoding/json` names a value's kind in its errors.
fn json_kind(v: &Value) -> &'static str {
    match v {
        Value::Array(_) => "array",
        Value::String(_) => "string",
        Value::Number(_) => "number",
        Value::Bool(_) => "bool",
        _ => "object",
    }
}

/// Merges the map `patch` into `doc` (made a map if it is not one).
fn merge(doc: &mut Value, patch: &Map<String, Value>, strategic: bool) -> Result<(), String> {
    if !doc.is_object() {
        *doc = Value::Object(Map::new());
    }
    let Value::Object(target) = doc else {
        return Ok(());
    };
    for (key, value) in patch {
        if strategic && key.starts_with('$') {
            return Err(format!(
                "error: Rollout Lab does not apply the patch directive {key}, which the API server does"
            ));
        }
        match value {
            Value::Null => {
                target.remove(key);
            }
            Value::Object(p) => merge(
                target.entry(key.clone()).or_insert(Value::Null),
                p,
                strategic,
            )?,
            Value::Array(items) => {
                let merged = match (merge_key(key).filter(|_| strategic), target.get_mut(key)) {
                    (Some(k), Some(Value::Array(list))) => merge_list(list, items, k)?,
                    (Some(k), _) => merge_list(&mut Vec::new(), items, k)?,
                    _ => value.clone(),
                };
                target.insert(key.clone(), merged);
            }
            _ => {
                target.insert(key.clone(), value.clone());
            }
        }
    }
    Ok(())
}

/// A strategic merge of a list with a merge key (`mergeSlice`): each item of `patch` merges
/// into the item of `list` with the same key (or is added), or with `$patch: delete` removes
/// it. Then the order (`normalizeElementOrder`): the items the patch names, in the patch's
/// order, interleaved with the others, in theirs, by where the list had them; an item new to
/// the list goes before the others it meets.
fn merge_list(list: &mut Vec<Value>, patch: &[Value], key: &str) -> Result<Value, String> {
    let original: Vec<Value> = list.iter().filter_map(|v| v.get(key).cloned()).collect();
    let mut named = Vec::new();
    for item in patch {
        let Some(id) = item.as_object().and_then(|f| f.get(key)) else {
            return Err(format!(
                "Error from server: map: {} does not contain declared merge key: {key}",
                go_value(item)
            ));
        };
        let mut fields = item.as_object().cloned().unwrap_or_default();
        match fields.remove("$patch") {
            Some(Value::String(d)) if d == "delete" => {
                list.retain(|v| v.get(key) != Some(id));
                continue;
            }
            Some(d) => {
                return Err(format!(
                    "error: Rollout Lab does not apply the patch directive $patch: {}, which the API server does",
                    go_value(&d)
                ))
            }
            None => {}
        }
        named.push(id.clone());
        match list.iter().position(|v| v.get(key) == Some(id)) {
            Some(i) => merge(&mut list[i], &fields, true)?,
            None => {
                let mut added = Value::Null;
                merge(&mut added, &fields, true)?;
                list.push(added);
            }
        }
    }
    // Places in `list`: the items the patch names, in its order, and the others, in theirs.
    let place = |id: &Value| list.iter().position(|v| v.get(key) == Some(id));
    let patched: Vec<usize> = named.iter().filter_map(place).collect();
    let server: Vec<usize> = (0..list.len()).filter(|i| !patched.contains(i)).collect();
    let was = |i: usize| {
        list[i]
            .get(key)
            .and_then(|id| original.iter().position(|k| k == id))
    };
    let (mut l, mut r) = (0, 0);
    let mut order = Vec::with_capacity(list.len());
    while l + r < server.len() + patched.len() {
        let server_first = match (server.get(l), patched.get(r)) {
            (Some(&a), Some(&b)) => matches!((was(a), was(b)), (Some(i), Some(j)) if i < j),
            (a, _) => a.is_some(),
        };
        if server_first {
            order.push(server[l]);
            l += 1;
        } else {
            order.push(patched[r]);
            r += 1;
        }
    }
    let merged = order
        .iter()
        .map(|&i| std::mem::take(&mut list[i]))
        .collect();
    Ok(Value::Array(merged))
}

/// Go's `%v` of a decoded JSON value (`map[image:nginx name:web]`).
pub fn go_value(v: &Value) -> String {
    let mut out = String::new();
    super::go::write_go(v, super::go::Go::Value, &mut out);
    out
}

/// One RFC 6902 operation on `doc`; `Err` when it does not apply.
fn operation(doc: &mut Value, op: &Value) -> Result<(), ()> {
    let text = |field: &str| op.get(field).and_then(Value::as_str).ok_or(());
    let path = text("path")?;
    let value = || op.get("value").cloned().ok_or(());
    match text("op")? {
        "add" => add(doc, path, value()?),
        "remove" => remove(doc, path).map(drop),
        "replace" => {
            let value = value()?;
            *pointer(doc, path)? = value;
            Ok(())
        }
        "move" => {
            let value = remove(doc, text("from")?)?;
            add(doc, path, value)
        }
        "copy" => {
            let value = pointer(doc, text("from")?)?.clone();
            add(doc, path, value)
        }
        "test" if *pointer(doc, path)? == value()? => Ok(()),
        _ => Err(()),
    }
}

/// Splits a JSON pointer into its parent's pointer and its last token, unescaped.
fn split(path: &str) -> Result<(&str, String), ()> {
    let at = path.rfind('/').ok_or(())?;
    Ok((
        &path[..at],
        path[at + 1..].replace("~1", "/").replace("~0", "~"),
    ))
}

/// The value at a JSON pointer (`/spec/template/spec/containers/0`).
fn pointer<'a>(doc: &'a mut Value, path: &str) -> Result<&'a mut Value, ()> {
    doc.pointer_mut(path).ok_or(())
}

/// RFC 6902 `add`: into a map under a key, or into a list before an index or at its end (`-`).
fn add(doc: &mut Value, path: &str, value: Value) -> Result<(), ()> {
    if path.is_empty() {
        *doc = value;
        return Ok(());
    }
    let (parent, last) = split(path)?;
    match pointer(doc, parent)? {
        Value::Object(m) => {
            m.insert(last, value);
        }
        Value::Array(a) => {
            let at = if last == "-" {
                a.len()
            } else {
                index(&last).filter(|&i| i <= a.len()).ok_or(())?
            };
            a.insert(at, value);
        }
        _ => return Err(()),
    }
    Ok(())
}

/// RFC 6902 `remove`, giving the value removed.
fn remove(doc: &mut Value, path: &str) -> Result<Value, ()> {
    let (parent, last) = split(path)?;
    match pointer(doc, parent)? {
        Value::Object(m) => m.remove(&last).ok_or(()),
        Value::Array(a) => {
            let at = index(&last).filter(|&i| i < a.len()).ok_or(())?;
            Ok(a.remove(at))
        }
        _ => Err(()),
    }
}

/// A list index as RFC 6901 writes one: digits, no leading zero.
fn index(token: &str) -> Option<usize> {
    if token.is_empty() || (token.len() > 1 && token.starts_with('0')) {
        return None;
    }
    token.bytes().try_fold(0usize, |n, b| {
        let digit = b.checked_sub(b'0').filter(|d| *d < 10)?;
        n.checked_mul(10)?.checked_add(usize::from(digit))
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn deployment() -> Value {
        json!({
            "apiVersion": "apps/v1",
            "kind": "Deployment",
            "metadata": {"name": "web", "labels": {"app": "web"}},
            "spec": {
                "replicas": 3,
                "strategy": {"type": "RollingUpdate", "rollingUpdate": {"maxSurge": "25%", "maxUnavailable": "25%"}},
                "template": {"spec": {"containers": [
                    {"name": "nginx", "image": "nginx:1.25", "ports": [{"containerPort": 80}],
                     "env": [{"name": "A", "value": "1"}, {"name": "B", "value": "2"}]},
                    {"name": "side", "image": "busybox", "args": ["sleep", "1d"]}
                ]}}
            }
        })
    }

    #[test]
    fn list_indexes_are_digits_without_a_leading_zero() {
        assert_eq!(index("0"), Some(0));
        assert_eq!(index("120"), Some(120));
        for bad in ["", "01", "1x", ":", "-1", "99999999999999999999999"] {
            assert_eq!(index(bad), None, "{bad:?}");
        }
    }

    fn patched(patch: Value, kind: PatchType) -> Result<Value, String> {
        let mut doc = deployment();
        apply(&mut doc, &patch, kind).map(|()| doc)
    }

    #[test]
    fn strategic_merges_maps_and_keyed_lists_and_replaces_the_rest() {
        let d = patched(
            json!({"spec": {
                "replicas": 5,
                "strategy": {"rollingUpdate": {"maxSurge": 0, "maxUnavailable": null}},
                "template": {"spec": {"containers": [
                    {"name": "nginx", "image": "nginx:1.26", "env": [{"name": "B", "value": "3"}, {"name": "C", "value": "4"}]},
                    {"name": "side", "args": ["sleep", "2d"]},
                    {"name": "new", "image": "httpd:2.4", "resources": null}
                ]}}
            }}),
            PatchType::Strategic,
        )
        .unwrap();
        assert_eq!(d["spec"]["replicas"], 5);
        assert_eq!(
            d["spec"]["strategy"],
            json!({"type": "RollingUpdate", "rollingUpdate": {"maxSurge": 0}})
        );
        let c = &d["spec"]["template"]["spec"]["containers"];
        assert_eq!(c[0]["image"], "nginx:1.26");
        assert_eq!(c[0]["ports"], json!([{"containerPort": 80}]), "kept");
        assert_eq!(
            c[0]["env"],
            json!([{"name": "A", "value": "1"}, {"name": "B", "value": "3"}, {"name": "C", "value": "4"}])
        );
        assert_eq!(
            c[1],
            json!({"name": "side", "image": "busybox", "args": ["sleep", "2d"]})
        );
        assert_eq!(
            c[2],
            json!({"name": "new", "image": "httpd:2.4"}),
            "nulls dropped"
        );
        assert_eq!(c.as_array().unwrap().len(), 3);
    }

    #[test]
    fn strategic_deletes_by_key_and_wants_the_key() {
        let d = patched(
            json!({"spec": {"template": {"spec": {"containers": [{"name": "side", "$patch": "delete"}]}}}}),
            PatchType::Strategic,
        )
        .unwrap();
        let c = d["spec"]["template"]["spec"]["containers"]
            .as_array()
            .unwrap();
        assert_eq!(c.len(), 1);
        assert_eq!(c[0]["name"], "nginx");
        assert_eq!(
            patched(
                json!({"spec": {"template": {"spec": {"containers": [{"image": "x"}]}}}}),
                PatchType::Strategic
            )
            .unwrap_err(),
            "Error from server: map: map[image:x] does not contain declared merge key: name"
        );
        assert!(
            patched(json!({"$retainKeys": ["spec"]}), PatchType::Strategic)
                .unwrap_err()
                .contains("does not apply the patch directive $retainKeys")
        );
        assert_eq!(
            patched(json!([1]), PatchType::Strategic).unwrap_err(),
            "Error from server (BadRequest): json: cannot unmarshal array into Go value of type map[string]interface {}"
        );
    }

    #[test]
    fn strategic_lists_take_the_patch_order_as_the_api_server_does() {
        let ports = |patch: Value| {
            let d = patched(
                json!({"spec": {"template": {"spec": {"containers": [{"name": "nginx", "ports": patch}]}}}}),
                PatchType::Strategic,
            )
            .unwrap();
            let ports = d["spec"]["template"]["spec"]["containers"][0]["ports"].clone();
            let ports = ports.as_array().unwrap().iter();
            ports
                .map(|p| p["containerPort"].as_i64().unwrap())
                .collect::<Vec<_>>()
        };
        // Checked against kubectl 1.32's `patch --local`: a new item goes before the list's.
        assert_eq!(ports(json!([{"containerPort": 8080}])), [8080, 80]);
        let d = patched(
            json!({"spec": {"template": {"spec": {"containers": [{"name": "side"}, {"name": "nginx"}]}}}}),
            PatchType::Strategic,
        )
        .unwrap();
        let names: Vec<&str> = d["spec"]["template"]["spec"]["containers"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| c["name"].as_str().unwrap())
            .collect();
        assert_eq!(names, ["side", "nginx"], "the patch's order");
        let env = |patch: Value| {
            let d = patched(
                json!({"spec": {"template": {"spec": {"containers": [{"name": "nginx", "env": patch}]}}}}),
                PatchType::Strategic,
            )
            .unwrap();
            let env = d["spec"]["template"]["spec"]["containers"][0]["env"].clone();
            let env = env.as_array().unwrap().iter();
            env.map(|e| e["name"].as_str().unwrap().to_string())
                .collect::<Vec<_>>()
        };
        assert_eq!(env(json!([{"name": "X"}, {"name": "B"}])), ["X", "A", "B"]);
        assert_eq!(env(json!([{"name": "B"}, {"name": "X"}])), ["A", "B", "X"]);
        assert_eq!(env(json!([{"name": "B"}, {"name": "A"}])), ["B", "A"]);
    }

    #[test]
    fn merge_patch_replaces_lists() {
        let d = patched(
            json!({"spec": {"template": {"spec": {"containers": [{"name": "x", "image": "y"}]}}}}),
            PatchType::Merge,
        )
        .unwrap();
        assert_eq!(
            d["spec"]["template"]["spec"]["containers"],
            json!([{"name": "x", "image": "y"}])
        );
    }

    #[test]
    fn json_patch_operations() {
        let d = patched(
            json!([
                {"op": "replace", "path": "/spec/template/spec/containers/0/image", "value": "nginx:1.27"},
                {"op": "add", "path": "/spec/template/spec/containers/0/env/-", "value": {"name": "Z"}},
                {"op": "add", "path": "/spec/template/spec/containers/1/args/0", "value": "exec"},
                {"op": "remove", "path": "/spec/strategy/rollingUpdate"},
                {"op": "copy", "from": "/metadata/labels", "path": "/metadata/annotations"},
                {"op": "move", "from": "/spec/replicas", "path": "/spec/minReadySeconds"},
                {"op": "add", "path": "/metadata/labels/a~1b", "value": "c"},
                {"op": "test", "path": "/spec/minReadySeconds", "value": 3}
            ]),
            PatchType::Json,
        )
        .unwrap();
        let c = &d["spec"]["template"]["spec"]["containers"];
        assert_eq!(c[0]["image"], "nginx:1.27");
        assert_eq!(c[0]["env"][2], json!({"name": "Z"}));
        assert_eq!(c[1]["args"], json!(["exec", "sleep", "1d"]));
        assert_eq!(d["spec"]["strategy"], json!({"type": "RollingUpdate"}));
        assert_eq!(d["metadata"]["annotations"], json!({"app": "web"}));
        assert_eq!(d["spec"]["minReadySeconds"], 3);
        assert!(d["spec"].get("replicas").is_none());
        assert_eq!(d["metadata"]["labels"]["a/b"], "c");
        let rejected =
            "The request is invalid: the server rejected our request due to an error in our request";
        for bad in [
            json!([{"op": "replace", "path": "/spec/nope/x", "value": 1}]),
            json!([{"op": "remove", "path": "/spec/template/spec/containers/2"}]),
            json!([{"op": "add", "path": "/spec/template/spec/containers/01", "value": 1}]),
            json!([{"op": "add", "path": "/spec/template/spec/containers/1x", "value": 1}]),
            json!([{"op": "remove", "path": "/spec/template/spec/containers/99999999999999999999999"}]),
            json!([{"op": "test", "path": "/spec/replicas", "value": 4}]),
            json!([{"op": "frob", "path": "/spec"}]),
            json!([{"op": "replace", "path": "/spec/replicas"}]),
        ] {
            assert_eq!(patched(bad, PatchType::Json).unwrap_err(), rejected);
        }
        assert_eq!(
            patched(json!({"op": "add"}), PatchType::Json).unwrap_err(),
            "Error from server (BadRequest): json: cannot unmarshal object into Go value of type jsonpatch.Patch"
        );
    }
}

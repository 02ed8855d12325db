//! Fuzzing the front doors for learner input, the kubectl line parser, the YAML reader and
//! `kubectl patch`: random strings, soups of the tokens they know, and patches made of a
//! Deployment's fields. None may panic; each answers Ok or an error text.
#![cfg(not(target_arch = "wasm32"))]

use proptest::prelude::*;
use rollout_lab::kubectl::{parse, yaml};

const WORDS: &[&str] = &[
    "kubectl",
    "taint",
    "--field-selector",
    "spec.nodeName=node-1,status.phase!=Running",
    "nodes",
    "node-1",
    "a=b:NoSchedule",
    "maintenance:NoExecute",
    "a:NoSchedule-",
    "a-",
    "--all",
    "get",
    "set",
    "image",
    "rollout",
    "undo",
    "status",
    "history",
    "pause",
    "resume",
    "restart",
    "scale",
    "create",
    "deployment",
    "deploy/web",
    "web",
    "nginx=nginx:1.26",
    "--replicas=3",
    "--replicas",
    "-1",
    "-o",
    "wide",
    "yaml",
    "-l",
    "app=web",
    "--to-revision=2",
    "--watch=false",
    "--wait=false",
    "--sort-by=.metadata.name",
    "--sort-by={.x}",
    "--grace-period=0",
    "--timeout",
    "30s",
    "-w",
    "pods,rs",
    "deploy,rs,pods",
    "annotate",
    "label",
    "zone=a",
    "app-",
    "--list",
    "kubernetes.io/change-cause=x",
    "--overwrite",
    "env",
    "A=1",
    "B-",
    "resources",
    "--requests=cpu=1",
    "cordon",
    "drain",
    "node-1",
    "'",
    "\"",
    "\\",
    "--",
    "-",
    "=",
    "/",
    "help",
    "--help",
    "-h",
    "-n",
    "kube-system",
    "delete",
    "-f",
    "x.yaml",
    "apply",
    "describe",
    "rs/",
    "/x",
    "--show-labels",
    "--no-headers",
    "--output-watch-events",
    "--request-timeout=1s",
    "options",
    "app in (web)",
    "-l=app notin (x)",
    "nginx:1.2x",
    "web=demo/web:crash",
    "--revision=1",
    "uncordon",
];

const YAML_BITS: &[&str] = &[
    "a:",
    " b: 1",
    "- x",
    "-",
    "  - y",
    "key: [1, 2",
    "{a: 1}",
    "]",
    "'q",
    "\"q\\",
    "|",
    ">-",
    "---",
    "...",
    "# c",
    "\t",
    "  ",
    "c: |",
    "   text",
    "x: 'it''s'",
    ": v",
    "k: v: w",
    "- k: v",
    "  n: 2",
    "\"\\u12\"",
    "[",
    "{",
    "spec:",
    "  replicas: 3",
    "0x",
    "~",
    "&a",
    "*a",
    "!!str x",
];

fn soup(parts: &'static [&'static str]) -> impl Strategy<Value = String> {
    prop::collection::vec(prop::sample::select(parts), 0..14).prop_map(|w| w.join(" "))
}

/// A kubectl line made of known words, always starting with `kubectl`.
fn kubectl_line() -> impl Strategy<Value = String> {
    soup(WORDS).prop_map(|w| format!("kubectl {w}"))
}

/// A Deployment manifest with random lines of YAML spliced into it.
fn spliced_manifest() -> impl Strategy<Value = String> {
    const BASE: &str = "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  replicas: 3\n  selector:\n    matchLabels:\n      app: web\n  template:\n    metadata:\n      labels:\n        app: web\n    spec:\n      containers:\n      - name: web\n        image: nginx:1.25";
    (0..18usize, yaml_soup()).prop_map(|(at, bits)| {
        let mut lines: Vec<&str> = BASE.lines().collect();
        let at = at.min(lines.len());
        lines.splice(at..at, bits.lines());
        lines.join("\n")
    })
}

fn yaml_soup() -> impl Strategy<Value = String> {
    prop::collection::vec(prop::sample::select(YAML_BITS), 0..16).prop_map(|w| w.join("\n"))
}

/// Words a patch is made of: a Deployment's fields, JSON patch's, and values for both.
const PATCH_KEYS: &[&str] = &[
    "spec",
    "metadata",
    "labels",
    "app",
    "template",
    "containers",
    "name",
    "image",
    "replicas",
    "strategy",
    "type",
    "rollingUpdate",
    "maxSurge",
    "paused",
    "env",
    "value",
    "ports",
    "containerPort",
    "selector",
    "matchLabels",
    "minReadySeconds",
    "$patch",
    "op",
    "path",
    "from",
    "status",
    "annotations",
];
const PATCH_TEXTS: &[&str] = &[
    "web",
    "nginx",
    "nginx:1.26",
    "25%",
    "Recreate",
    "delete",
    "replace",
    "add",
    "remove",
    "move",
    "copy",
    "test",
    "/spec/replicas",
    "/spec/template/spec/containers/0",
    "/spec/template/spec/containers/-",
    "/metadata/labels/app",
    "/spec",
    "",
    "/",
    "~1",
];

/// A JSON value made of `PATCH_KEYS` and `PATCH_TEXTS`, nested a few levels.
fn patch_json() -> impl Strategy<Value = serde_json::Value> {
    use serde_json::Value;
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        (-3i64..600).prop_map(Value::from),
        prop::sample::select(PATCH_TEXTS).prop_map(Value::from),
    ];
    leaf.prop_recursive(4, 48, 6, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..4).prop_map(Value::Array),
            prop::collection::vec((prop::sample::select(PATCH_KEYS), inner), 0..5).prop_map(
                |fields| {
                    Value::Object(
                        fields
                            .into_iter()
                            .map(|(k, v)| (k.to_string(), v))
                            .collect(),
                    )
                }
            ),
        ]
    })
}

/// A patch shaped like those a learner writes: a Deployment's fields with values of the right
/// kind or not, a container by name (perhaps with `$patch: delete`), or JSON patch operations
/// at a Deployment's paths.
fn shaped_patch() -> impl Strategy<Value = serde_json::Value> {
    use serde_json::{json, Value};
    let text = || prop::sample::select(PATCH_TEXTS).prop_map(Value::from);
    let small = || prop_oneof![(-2i64..12).prop_map(Value::from), text(), Just(Value::Null)];
    let container = (
        prop::sample::select(&["nginx", "web", "x"][..]),
        prop::option::of(text()),
        any::<bool>(),
    )
        .prop_map(|(name, image, delete)| {
            let mut c = json!({ "name": name });
            if let Some(image) = image {
                c["image"] = image;
            }
            if delete {
                c["$patch"] = json!("delete");
            }
            c
        });
    let spec = (
        prop::option::of(small()),
        prop::option::of(small()),
        prop::option::of(any::<bool>()),
        prop::collection::vec(container, 0..3),
        prop::option::of((
            prop::sample::select(&["Recreate", "RollingUpdate", "x"][..]),
            small(),
        )),
    )
        .prop_map(|(replicas, min_ready, paused, containers, strategy)| {
            let mut spec = json!({});
            if let Some(r) = replicas {
                spec["replicas"] = r;
            }
            if let Some(m) = min_ready {
                spec["minReadySeconds"] = m;
            }
            if let Some(p) = paused {
                spec["paused"] = json!(p);
            }
            if !containers.is_empty() {
                spec["template"] = json!({ "spec": { "containers": containers } });
            }
            if let Some((kind, surge)) = strategy {
                spec["strategy"] = json!({ "type": kind, "rollingUpdate": { "maxSurge": surge } });
            }
            json!({ "spec": spec })
        });
    let path = || prop::sample::select(PATCH_TEXTS).prop_filter("a path", |t| t.starts_with('/'));
    let op = (
        prop::sample::select(&["add", "remove", "replace", "move", "copy", "test"][..]),
        path(),
        small(),
        path(),
    )
        .prop_map(|(op, path, value, from)| json!({ "op": op, "path": path, "value": value, "from": from }));
    prop_oneof![spec, prop::collection::vec(op, 1..4).prop_map(Value::Array)]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(1000))]

    /// Random patches of every type, read from a file so no quoting gets in the way: nothing
    /// panics, a failure says why and changes nothing, and what is accepted leaves a
    /// Deployment that `get -o yaml` can print.
    #[test]
    fn patches_never_panic_and_failures_change_nothing(
        patch in prop_oneof![1 => patch_json(), 3 => shaped_patch()],
        kind in prop::sample::select(&["strategic", "merge", "json"][..]),
    ) {
        use rollout_lab::kubectl::shell::{run_line, scenario_cluster};
        let mut c = scenario_cluster(3, "kubectl create deployment web --image=nginx:1.25 --replicas=2");
        let text = patch.to_string();
        let files = |_: &str| Ok::<String, String>(text.clone());
        let line = format!("kubectl patch deployment web --type {kind} --patch-file p.json");
        let before = c.state_hash();
        let out = run_line(&mut c, &line, &files, false);
        if out.failed {
            prop_assert!(!out.text.trim().is_empty(), "{text} failed silently");
            prop_assert_eq!(before, c.state_hash(), "{} failed ({}) but changed the cluster", text, out.text);
        }
        c.advance(rollout_lab::sim::time::Duration::seconds(30));
        let shown = run_line(&mut c, "kubectl get deployment web -o yaml", &files, false);
        prop_assert!(!shown.failed, "{}", shown.text);
    }

    #[test]
    fn kubectl_lines_never_panic(line in prop_oneof![soup(WORDS), any::<String>(), "kubectl .{0,60}"]) {
        match parse::parse_line(&line) {
            Ok(_) => {}
            Err(e) => prop_assert!(!e.0.is_empty()),
        }
    }

    /// Random lines run against a live cluster (and `-f` reads a fuzzed manifest): nothing
    /// panics, a failure always says why, and a failed command changes nothing.
    #[test]
    fn commands_and_applies_never_panic_and_failures_change_nothing(
        lines in prop::collection::vec(prop_oneof![
            3 => kubectl_line(),
            1 => Just("kubectl apply -f x.yaml".to_string()),
            1 => Just("kubectl delete -f x.yaml".to_string()),
            1 => any::<String>(),
        ], 1..6),
        manifest in prop_oneof![spliced_manifest(), yaml_soup(), any::<String>()],
    ) {
        use rollout_lab::kubectl::shell::{run_line, scenario_cluster};
        let mut c = scenario_cluster(3, "kubectl create deployment web --image=nginx:1.25 --replicas=2");
        let files = |_: &str| Ok::<String, String>(manifest.clone());
        for line in &lines {
            let before = c.state_hash();
            let out = run_line(&mut c, line, &files, false);
            if out.failed {
                prop_assert!(!out.text.trim().is_empty(), "{line:?} failed silently");
                prop_assert_eq!(before, c.state_hash(), "{:?} failed ({}) but changed the cluster", line, out.text);
            }
        }
    }

    #[test]
    fn yaml_never_panics(text in prop_oneof![yaml_soup(), any::<String>()]) {
        if let Err(e) = yaml::parse_documents(&text) {
            prop_assert!(e.line >= 1);
            prop_assert!(e.line <= text.lines().count() + 1, "{e} for {text:?}");
        }
    }
}

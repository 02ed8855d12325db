//! Fuzzing the two front doors for learner input, the kubectl line parser and the YAML reader:
//! random strings and soups of the tokens they know. Neither may panic; each answers Ok or an
//! error text.
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

proptest! {
    #![proptest_config(ProptestConfig::with_cases(1000))]

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

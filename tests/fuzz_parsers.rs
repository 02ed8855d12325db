//! Fuzzing the two front doors for learner input, the kubectl line parser and the YAML reader:
//! random strings and soups of the tokens they know. Neither may panic; each answers Ok or an
//! error text.
#![cfg(not(target_arch = "wasm32"))]

use proptest::prelude::*;
use rollout_lab::kubectl::{parse, yaml};

const WORDS: &[&str] = &[
    "kubectl",
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
    "--timeout",
    "30s",
    "-w",
    "pods,rs",
    "deploy,rs,pods",
    "annotate",
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

fn yaml_soup() -> impl Strategy<Value = String> {
    prop::collection::vec(prop::sample::select(YAML_BITS), 0..16).prop_map(|w| w.join("\n"))
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    #[test]
    fn kubectl_lines_never_panic(line in prop_oneof![soup(WORDS), any::<String>(), "kubectl .{0,60}"]) {
        match parse::parse_line(&line) {
            Ok(_) => {}
            Err(e) => prop_assert!(!e.0.is_empty()),
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

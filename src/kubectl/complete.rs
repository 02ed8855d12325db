//! Tab completion for the terminal panel: commands, subcommands, kinds and the names of the
//! objects in the cluster. Returns whole candidate lines.

use super::parse::ResourceKind;
use crate::sim::api::{Deployment, Node, Pod, ReplicaSet};
use crate::sim::store::Store;

const VERBS: &[&str] = &[
    "annotate", "apply", "cordon", "create", "delete", "describe", "drain", "get", "help", "label",
    "patch", "rollout", "scale", "set", "uncordon",
];
const ROLLOUT: &[&str] = &["history", "pause", "restart", "resume", "status", "undo"];
const SET: &[&str] = &["env", "image", "resources"];
const KINDS: &[&str] = &["deployments", "events", "nodes", "pods", "replicasets"];
/// What `kubectl get -o` prints here (the template formats then take their template).
const OUTPUTS: &[&str] = &[
    "custom-columns=",
    "json",
    "jsonpath=",
    "jsonpath-as-json=",
    "name",
    "wide",
    "yaml",
];

fn names(store: &Store, kind: ResourceKind) -> Vec<String> {
    match kind {
        ResourceKind::Deployment => store
            .list::<Deployment>()
            .map(|o| o.metadata.name.clone())
            .collect(),
        ResourceKind::ReplicaSet => store
            .list::<ReplicaSet>()
            .map(|o| o.metadata.name.clone())
            .collect(),
        ResourceKind::Pod => store
            .list::<Pod>()
            .filter(|p| p.metadata.deletion_timestamp.is_none())
            .map(|o| o.metadata.name.clone())
            .collect(),
        ResourceKind::Node => store
            .list::<Node>()
            .map(|o| o.metadata.name.clone())
            .collect(),
        ResourceKind::Event => Vec::new(),
    }
}

/// Candidates for the word being typed, given the words before it.
fn candidates(store: &Store, before: &[&str]) -> Vec<String> {
    let owned = |list: &[&str]| list.iter().map(|s| s.to_string()).collect::<Vec<_>>();
    let deployments = || {
        names(store, ResourceKind::Deployment)
            .into_iter()
            .map(|n| format!("deployment/{n}"))
            .collect()
    };
    match before {
        [] => owned(&["kubectl"]),
        ["kubectl"] => owned(VERBS),
        ["kubectl", "rollout"] => owned(ROLLOUT),
        ["kubectl", "set"] => owned(SET),
        ["kubectl", "create"] => owned(&["deployment"]),
        ["kubectl", "rollout", _] | ["kubectl", "set", _] | ["kubectl", "scale" | "patch"] => {
            deployments()
        }
        ["kubectl", "get" | "describe" | "delete" | "label" | "annotate"] => owned(KINDS),
        ["kubectl", "cordon" | "uncordon" | "drain"] => names(store, ResourceKind::Node),
        ["kubectl", "set", "image", target] => {
            let name = target.rsplit('/').next().unwrap_or(target);
            store
                .get::<Deployment>(name)
                .map(|d| {
                    d.spec
                        .template
                        .spec
                        .containers
                        .iter()
                        .map(|c| format!("{}=", c.name))
                        .collect()
                })
                .unwrap_or_default()
        }
        ["kubectl", "get" | "describe" | "delete" | "label" | "annotate", kind, ..] => {
            ResourceKind::parse(kind)
                .or_else(|| kind.split(',').next().and_then(ResourceKind::parse))
                .map(|k| names(store, k))
                .unwrap_or_default()
        }
        _ => Vec::new(),
    }
}

/// Completes `line` at its end: every candidate whole line whose last word extends the word
/// being typed.
pub fn complete(store: &Store, line: &str) -> Vec<String> {
    let ends_in_space = line.is_empty() || line.ends_with(' ');
    let mut words: Vec<&str> = line.split_whitespace().collect();
    let partial = if ends_in_space {
        ""
    } else {
        words.pop().unwrap_or("")
    };
    let head = words.join(" ");
    let flags_free: Vec<&str> = words
        .iter()
        .copied()
        .filter(|w| !w.starts_with('-'))
        .collect();
    // `kubectl get ... -o <Tab>`: the output formats.
    let get = flags_free.get(1) == Some(&"get");
    let candidates = if get && matches!(words.last(), Some(&("-o" | "--output"))) {
        OUTPUTS.iter().map(|s| s.to_string()).collect()
    } else {
        candidates(store, &flags_free)
    };
    candidates
        .into_iter()
        .filter(|c| c.starts_with(partial))
        .map(|c| {
            let sep = if head.is_empty() { "" } else { " " };
            let tail = if c.ends_with('=') || c.ends_with('/') {
                ""
            } else {
                " "
            };
            format!("{head}{sep}{c}{tail}")
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sim::api::{Container, ObjectMeta};
    use crate::sim::time::SESSION_START;

    fn store() -> Store {
        let mut store = Store::default();
        let mut d = Deployment {
            metadata: ObjectMeta::named("web"),
            ..Default::default()
        };
        d.spec.template.spec.containers.push(Container {
            name: "nginx".into(),
            image: "nginx:1.25".into(),
            ..Default::default()
        });
        store.create(d, SESSION_START).unwrap();
        store
            .create(
                Node {
                    metadata: ObjectMeta::named("node-1"),
                    ..Default::default()
                },
                SESSION_START,
            )
            .unwrap();
        store
    }

    #[test]
    fn completes_verbs_subcommands_names_and_containers() {
        let s = store();
        assert_eq!(complete(&s, "kub"), ["kubectl "]);
        assert_eq!(complete(&s, "kubectl ro"), ["kubectl rollout "]);
        assert_eq!(complete(&s, "kubectl rollout u"), ["kubectl rollout undo "]);
        assert_eq!(
            complete(&s, "kubectl rollout undo "),
            ["kubectl rollout undo deployment/web "]
        );
        assert_eq!(
            complete(&s, "kubectl set image deployment/web "),
            ["kubectl set image deployment/web nginx="]
        );
        assert_eq!(
            complete(&s, "kubectl get deploy w"),
            ["kubectl get deploy web "]
        );
        assert_eq!(complete(&s, "kubectl drain n"), ["kubectl drain node-1 "]);
        assert_eq!(complete(&s, "kubectl s").len(), 2, "scale and set");
        assert!(complete(&s, "kubectl frob ").is_empty());
        assert_eq!(
            complete(&s, "kubectl get pods -o c"),
            ["kubectl get pods -o custom-columns="]
        );
        assert_eq!(
            complete(&s, "kubectl get deploy web --output json"),
            [
                "kubectl get deploy web --output json ",
                "kubectl get deploy web --output jsonpath=",
                "kubectl get deploy web --output jsonpath-as-json="
            ]
        );
        assert_eq!(complete(&s, "kubectl get pods -o ").len(), 7);
        assert_eq!(
            complete(&s, "kubectl describe deploy -o "),
            ["kubectl describe deploy -o web "],
            "describe has no -o"
        );
    }
}

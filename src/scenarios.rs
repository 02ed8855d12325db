//! Named starting points (`?scenario=NAME`): each is a runner script that sets the cluster up,
//! plus the manifests it applies. They live as plain files in `scenarios/`, in the format
//! teachers write their own in.

/// A starting point.
pub struct Scenario {
    pub name: &'static str,
    pub title: &'static str,
    pub script: &'static str,
}

pub const SCENARIOS: &[Scenario] = &[
    Scenario {
        name: "default",
        title: "web: 3 × nginx:1.25",
        script: include_str!("../scenarios/default.txt"),
    },
    Scenario {
        name: "ten-replicas",
        title: "web: 10 replicas with a readiness probe (25% / 25%)",
        script: include_str!("../scenarios/ten-replicas.txt"),
    },
    Scenario {
        name: "recreate",
        title: "web: Recreate strategy",
        script: include_str!("../scenarios/recreate.txt"),
    },
    Scenario {
        name: "tight-nodes",
        title: "web: 6 pods on three 1-CPU nodes",
        script: include_str!("../scenarios/tight-nodes.txt"),
    },
];

/// Manifests the scenario scripts apply, by file name.
pub const FILES: &[(&str, &str)] = &[
    ("web-10.yaml", include_str!("../scenarios/web-10.yaml")),
    (
        "web-recreate.yaml",
        include_str!("../scenarios/web-recreate.yaml"),
    ),
    (
        "web-tight.yaml",
        include_str!("../scenarios/web-tight.yaml"),
    ),
];

pub fn find(name: &str) -> Option<&'static Scenario> {
    SCENARIOS.iter().find(|s| s.name == name)
}

pub fn file(name: &str) -> Option<&'static str> {
    let name = name.trim_start_matches("./");
    FILES
        .iter()
        .find(|(n, _)| *n == name)
        .map(|(_, text)| *text)
}

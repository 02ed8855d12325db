//! The simulated image registry: a fixed catalogue, the same one the UI's image picker
//! offers. Anything else fails to pull, as a typo'd tag does.

/// How a container from an image behaves once it runs.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Behaviour {
    /// Starts and serves: a readiness probe passes at its first try.
    Healthy,
    /// Runs, but its readiness probe never passes (without a probe it counts Ready).
    NeverReady,
    /// Exits with an error shortly after starting.
    Crashes,
    /// Needs this many seconds after starting before its readiness probe passes.
    SlowStart(i64),
}

/// An image the registry has.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Image {
    pub reference: &'static str,
    pub behaviour: Behaviour,
    /// Pull time in seconds (the kubelet adds seeded jitter).
    pub pull_seconds: i64,
    pub size_bytes: u64,
    pub summary: &'static str,
}

pub const CATALOG: &[Image] = &[
    Image {
        reference: "nginx:1.24",
        behaviour: Behaviour::Healthy,
        pull_seconds: 2,
        size_bytes: 70_544_635,
        summary: "healthy",
    },
    Image {
        reference: "nginx:1.25",
        behaviour: Behaviour::Healthy,
        pull_seconds: 2,
        size_bytes: 70_998_349,
        summary: "healthy",
    },
    Image {
        reference: "nginx:1.26",
        behaviour: Behaviour::Healthy,
        pull_seconds: 2,
        size_bytes: 71_027_698,
        summary: "healthy",
    },
    Image {
        reference: "nginx:1.27",
        behaviour: Behaviour::Healthy,
        pull_seconds: 2,
        size_bytes: 72_099_410,
        summary: "healthy",
    },
    Image {
        reference: "httpd:2.4",
        behaviour: Behaviour::Healthy,
        pull_seconds: 2,
        size_bytes: 58_180_244,
        summary: "healthy",
    },
    Image {
        reference: "demo/web:v1",
        behaviour: Behaviour::Healthy,
        pull_seconds: 1,
        size_bytes: 12_430_100,
        summary: "healthy",
    },
    Image {
        reference: "demo/web:v2",
        behaviour: Behaviour::Healthy,
        pull_seconds: 1,
        size_bytes: 12_431_220,
        summary: "healthy",
    },
    Image {
        reference: "demo/web:v3",
        behaviour: Behaviour::Healthy,
        pull_seconds: 1,
        size_bytes: 12_433_007,
        summary: "healthy",
    },
    Image {
        reference: "demo/web:unready",
        behaviour: Behaviour::NeverReady,
        pull_seconds: 1,
        size_bytes: 12_430_512,
        summary: "runs, but its readiness probe never passes",
    },
    Image {
        reference: "demo/web:crash",
        behaviour: Behaviour::Crashes,
        pull_seconds: 1,
        size_bytes: 12_429_880,
        summary: "exits right after starting (CrashLoopBackOff)",
    },
    Image {
        reference: "demo/web:slow",
        behaviour: Behaviour::SlowStart(90),
        pull_seconds: 1,
        size_bytes: 12_435_310,
        summary: "needs 90 s before its readiness probe passes",
    },
];

/// Looks an image up the way a container runtime resolves a reference (`docker.io/library/`
/// prefixes are the same image).
pub fn lookup(reference: &str) -> Option<&'static Image> {
    let short = reference
        .strip_prefix("docker.io/")
        .map(|r| r.strip_prefix("library/").unwrap_or(r))
        .unwrap_or(reference);
    CATALOG.iter().find(|i| i.reference == short)
}

/// The registry's answer to a pull of something it does not have, as containerd words it.
pub fn pull_error(reference: &str) -> String {
    let full = if reference.contains('/') {
        format!("docker.io/{reference}")
    } else {
        format!("docker.io/library/{reference}")
    };
    let full = if full
        .rsplit('/')
        .next()
        .is_some_and(|last| last.contains(':'))
    {
        full
    } else {
        format!("{full}:latest")
    };
    format!(
        "rpc error: code = NotFound desc = failed to pull and unpack image \"{full}\": failed to resolve reference \"{full}\": {full}: not found"
    )
}

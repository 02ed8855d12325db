//! The engine's half of the rollout benchmark: a complete rolling update of N replicas
//! (`nginx:1.25` → `nginx:1.26`, 25% / 25%) on nodes big enough to hold it, run to completion.
//! The shells time it (`crate::bench`).

use super::api::*;
use super::cluster::Cluster;
use super::time::Duration;

/// What one run did.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct RolloutStats {
    /// Timers the engine fired.
    pub events: u64,
    /// Pods the ReplicaSet controller created (both revisions): left at 0 by
    /// `rolling_update`, filled in by `count_pods_created` once the caller's clock has stopped.
    pub pods_created: u64,
    /// Virtual seconds the rollout took.
    pub virtual_seconds: i64,
}

fn deployment(replicas: i32) -> Deployment {
    let nginx = Container {
        name: "nginx".into(),
        image: "nginx:1.25".into(),
        ..Default::default()
    };
    Deployment::simple("bench", vec![nginx], replicas)
}

/// Creates N replicas, waits until they are available, then rolls to a new image and runs
/// until the Deployment is complete.
/// Returns the finished cluster too, so the caller can count (`count_pods_created`) and drop it
/// after stopping its clock.
pub fn rolling_update(replicas: i32) -> (RolloutStats, Cluster) {
    let mut c = Cluster::new(7);
    // One node per 100 pods, so the cluster has room for the surge.
    let nodes = (replicas as usize).div_ceil(100).max(3);
    for i in 1..=nodes {
        c.put_node(&format!("node-{i}"), "1000", "4000Gi")
            .expect("valid node");
    }
    c.create_deployment(deployment(replicas))
        .expect("valid deployment");
    let done = |c: &Cluster| {
        let d = c.store().get::<Deployment>("bench").expect("exists");
        d.status.updated_replicas == replicas
            && d.status.available_replicas == replicas
            && d.status.replicas == replicas
    };
    while !done(&c) {
        c.advance(Duration::seconds(5));
    }
    let start = c.now();
    let before = c.stats.wakeups;
    let mut d = c
        .store()
        .get::<Deployment>("bench")
        .expect("exists")
        .clone();
    d.spec.template.spec.containers[0].image = "nginx:1.26".into();
    c.update_deployment(d).expect("valid update");
    while !done(&c) || c.store().count::<Pod>() as i32 != replicas {
        c.advance(Duration::seconds(5));
    }
    let stats = RolloutStats {
        events: c.stats.wakeups - before,
        pods_created: 0,
        virtual_seconds: (c.now() - start).as_secs(),
    };
    (stats, c)
}

/// The pods the ReplicaSet controller created (both revisions).
pub fn count_pods_created(c: &Cluster) -> u64 {
    c.store().pods_created()
}

//! Invariants over random sequences of learner commands and faults.
#![cfg(not(target_arch = "wasm32"))]

use proptest::prelude::*;
use rollout_lab::kubectl::shell::Shell;
use rollout_lab::sim::api::*;
use rollout_lab::sim::deployment::util::{max_surge, max_unavailable};
use rollout_lab::sim::replicaset::is_pod_active;
use rollout_lab::sim::store::Tally;
use rollout_lab::sim::time::Duration;

const IMAGES: &[&str] = &[
    "nginx:1.24",
    "nginx:1.25",
    "nginx:1.26",
    "demo/web:v2",
    "demo/web:unready",
    "demo/web:slow",
    "nginx:1.2x",
];

/// A command, with pod and node faults by index into what exists when it runs.
#[derive(Clone, Debug)]
enum Step {
    Image(usize),
    Scale(i32),
    Pause,
    Resume,
    Undo,
    UndoTo(i64),
    Restart,
    DeletePod(usize),
    BreakReadiness(usize),
    CrashPod(usize),
    Cordon(usize),
    Uncordon(usize),
    /// Taints a node: NoSchedule, or NoExecute (which evicts its pods); `None` removes both.
    Taint(usize, Option<bool>),
    /// Relabels a pod out of its ReplicaSet (`app=debug`) or back in (`app=web`).
    LabelPod(usize, bool),
    /// Relabels a ReplicaSet out of the Deployment or back in.
    LabelReplicaSet(usize, bool),
    Wait(i64),
}

/// `relabel_replica_sets`: whether to take ReplicaSets out of the Deployment and back. A
/// ReplicaSet adopted back keeps its revision, which the Deployment may have given another
/// since (upstream too), so the revisions of the Deployment's ReplicaSets are unique only
/// without it.
fn step(with_crashes: bool, relabel_replica_sets: bool) -> impl Strategy<Value = Step> {
    let faults = if with_crashes { 1 } else { 0 };

    prop_oneof![
        4 => (0..IMAGES.len()).prop_map(Step::Image),
        2 => (0..16i32).prop_map(Step::Scale),
        1 => Just(Step::Pause),
        2 => Just(Step::Resume),
        1 => Just(Step::Undo),
        1 => (1..6i64).prop_map(Step::UndoTo),
        1 => Just(Step::Restart),
        1 => (0..20usize).prop_map(Step::DeletePod),
        1 => (0..20usize).prop_map(Step::BreakReadiness),
        faults => (0..20usize).prop_map(Step::CrashPod),
        1 => (0..3usize).prop_map(Step::Cordon),
        1 => (0..3usize).prop_map(Step::Uncordon),
        1 => (0..3usize, prop::option::of(any::<bool>())).prop_map(|(i, t)| Step::Taint(i, t)),
        1 => (0..20usize, any::<bool>()).prop_map(|(i, out)| Step::LabelPod(i, out)),
        1 => (0..4usize, any::<bool>()).prop_map(move |(i, out)| if relabel_replica_sets {
            Step::LabelReplicaSet(i, out)
        } else {
            Step::LabelPod(i, out)
        }),
        6 => (1..90i64).prop_map(Step::Wait),
    ]
}

fn line(s: &Shell, step: &Step) -> String {
    let pods: Vec<String> = s
        .cluster()
        .store()
        .list::<Pod>()
        .map(|p| p.metadata.name.clone())
        .collect();
    let pod = |i: usize| {
        pods.get(i % pods.len().max(1))
            .cloned()
            .unwrap_or_else(|| "none".into())
    };
    let rss: Vec<String> = s
        .cluster()
        .store()
        .list::<ReplicaSet>()
        .map(|r| r.metadata.name.clone())
        .collect();
    let app = |out: bool| if out { "debug" } else { "web" };
    match step {
        Step::LabelPod(i, out) => format!(
            "kubectl label pod {} app={} --overwrite",
            pod(*i),
            app(*out)
        ),
        Step::LabelReplicaSet(i, out) => format!(
            "kubectl label rs {} app={} --overwrite",
            rss.get(i % rss.len().max(1)).map_or("none", String::as_str),
            app(*out)
        ),
        Step::Image(i) => format!("kubectl set image deployment/web web={}", IMAGES[*i]),
        Step::Scale(n) => format!("kubectl scale deployment/web --replicas={n}"),
        Step::Pause => "kubectl rollout pause deployment/web".into(),
        Step::Resume => "kubectl rollout resume deployment/web".into(),
        Step::Undo => "kubectl rollout undo deployment/web".into(),
        Step::UndoTo(n) => format!("kubectl rollout undo deployment/web --to-revision={n}"),
        Step::Restart => "kubectl rollout restart deployment/web".into(),
        Step::DeletePod(i) => format!("kubectl delete pod {}", pod(*i)),
        Step::BreakReadiness(i) => format!("sim fault readiness {} fail", pod(*i)),
        Step::CrashPod(i) => format!("sim fault crash {}", pod(*i)),
        Step::Cordon(i) => format!("kubectl cordon node-{}", i + 1),
        Step::Uncordon(i) => format!("kubectl uncordon node-{}", i + 1),
        Step::Taint(i, Some(no_execute)) => format!(
            "kubectl taint nodes node-{} lab={}:{} --overwrite",
            i + 1,
            i,
            if *no_execute {
                "NoExecute"
            } else {
                "NoSchedule"
            }
        ),
        Step::Taint(i, None) => format!("kubectl taint nodes node-{} lab-", i + 1),
        Step::Wait(secs) => format!("sim wait {secs}s"),
    }
}

fn setup() -> Shell {
    let mut s = Shell::native(std::env::temp_dir());
    for l in ["sim scenario ten-replicas", "sim wait 10s"] {
        assert!(!s.run(l).failed);
    }
    s
}

/// What the invariants look at, after every second.
struct Observed {
    max_revision: i64,
}

fn check_invariants(
    s: &Shell,
    seen: &mut Observed,
    controller_only: bool,
) -> Result<(), TestCaseError> {
    let store = s.cluster().store();
    let d = store.get::<Deployment>("web").expect("web");
    // What the controllers own: a learner may relabel pods and ReplicaSets out of them.
    let owned = |m: &ObjectMeta| m.controller_of().is_some();
    let rss: Vec<&ReplicaSet> = store
        .list::<ReplicaSet>()
        .filter(|r| owned(&r.metadata))
        .collect();
    let spec_total: i32 = rss.iter().map(|r| r.spec.replicas).sum();
    let limit = d.replicas() + max_surge(d);
    // maxSurge bounds what the ReplicaSets ask for, and so the pods that are not terminating.
    prop_assert!(
        spec_total <= limit,
        "Σ spec {spec_total} > replicas + maxSurge {limit}"
    );
    let live = store
        .list::<Pod>()
        .filter(|p| p.metadata.deletion_timestamp.is_none())
        .filter(|p| {
            p.metadata
                .controller_of()
                .is_some_and(|o| rss.iter().any(|r| r.metadata.uid == o.uid))
        })
        .count() as i32;
    prop_assert!(
        live <= limit,
        "{live} live pods > replicas + maxSurge {limit}"
    );
    // Revisions only go up (a ReplicaSet relabelled out keeps its own), and no two of the
    // Deployment's ReplicaSets share one.
    let mut revs: Vec<i64> = rss.iter().map(|r| r.revision()).collect();
    revs.sort();
    let before = revs.len();
    revs.dedup();
    prop_assert_eq!(before, revs.len(), "duplicate revisions");
    let current = store
        .list::<ReplicaSet>()
        .map(|r| r.revision())
        .max()
        .unwrap_or(0);
    prop_assert!(
        current >= seen.max_revision,
        "revision went down: {} after {}",
        current,
        seen.max_revision
    );
    seen.max_revision = current;
    // The ReplicaSet controller's running counts agree with the pods themselves.
    for rs in store.list::<ReplicaSet>() {
        let uid = &rs.metadata.uid;
        let tally = store.pod_tally_of(uid);
        let afresh = Tally::of(store.pod_digests_of(uid).map(|(_, d)| d));
        prop_assert!(
            tally.same(&afresh),
            "{}: {tally:?} != {afresh:?}",
            rs.metadata.name
        );
        let active: Vec<&Pod> = store
            .list::<Pod>()
            .filter(|p| p.metadata.controller_of().is_some_and(|o| o.uid == *uid))
            .filter(|p| is_pod_active(p))
            .collect();
        prop_assert_eq!(tally.active as usize, active.len());
        let ready = active.iter().filter(|p| p.is_ready()).count();
        prop_assert_eq!(tally.ready as usize, ready);
    }
    if controller_only {
        let available: i32 = rss.iter().map(|r| r.status.available_replicas).sum();
        let min = d.replicas() - max_unavailable(d);
        prop_assert!(
            available >= min,
            "{available} available < replicas − maxUnavailable {min}"
        );
    }
    Ok(())
}

/// Runs each step, then checks the invariants after every virtual second it takes.
fn play(
    s: &mut Shell,
    steps: &[Step],
    seen: &mut Observed,
    controller_only: bool,
) -> Result<(), TestCaseError> {
    for st in steps {
        let l = line(s, st);
        let _ = s.run(&l);
        let secs = if let Step::Wait(n) = st { *n } else { 1 };
        for _ in 0..secs {
            s.advance(Duration::seconds(1));
            check_invariants(s, seen, controller_only)?;
        }
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]

    /// Every kind of command and fault: the surge bound and revisions hold, nothing panics.
    #[test]
    fn surge_and_revisions_hold_under_anything(steps in prop::collection::vec(step(true, false), 1..25)) {
        let mut s = setup();
        let mut seen = Observed { max_revision: 0 };
        play(&mut s, &steps, &mut seen, false)?;
    }

    /// With only rollouts (images, pause, resume, undo, restart) and no pod faults or scaling,
    /// the controller's own scale-downs never take availability below replicas − maxUnavailable.
    #[test]
    fn the_controller_never_takes_availability_below_the_minimum(
        steps in prop::collection::vec(prop_oneof![
            4 => (0..IMAGES.len()).prop_map(Step::Image),
            1 => Just(Step::Pause), 2 => Just(Step::Resume), 1 => Just(Step::Undo), 1 => Just(Step::Restart),
            6 => (1..90i64).prop_map(Step::Wait),
        ], 1..20)
    ) {
        let mut s = setup();
        s.advance(Duration::seconds(30));
        let mut seen = Observed { max_revision: 0 };
        check_invariants(&s, &mut seen, true)?;
        play(&mut s, &steps, &mut seen, true)?;
    }

    /// Same seed, same commands: the same cluster, down to every event.
    #[test]
    fn runs_are_deterministic(steps in prop::collection::vec(step(true, true), 1..15), seed in 0u64..1000) {
        let run = || {
            let mut s = Shell::native(std::env::temp_dir());
            let _ = s.run(&format!("sim seed {seed}"));
            let _ = s.run("sim scenario ten-replicas");
            let mut transcript = String::new();
            for st in &steps {
                let l = line(&s, st);
                transcript += &s.run(&l).text;
            }
            s.advance(Duration::seconds(60));
            (s.cluster().state_hash(), transcript)
        };
        prop_assert_eq!(run(), run());
    }

    /// Whatever a learner types, the shell answers and never panics.
    #[test]
    fn any_line_is_answered(lines in prop::collection::vec(prop_oneof![
        "kubectl [a-z ./=-]{0,40}", "sim [a-z0-9 =-]{0,30}", any::<String>(),
    ], 1..12)) {
        let mut s = setup();
        for l in &lines {
            let _ = s.run(l);
        }
        s.advance(Duration::seconds(30));
    }
}

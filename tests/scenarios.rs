//! Whole-cluster scenarios through the shell (what the runner and the UI drive), asserting on
//! the objects the way `kubectl get` would show them.
#![cfg(not(target_arch = "wasm32"))]

use rollout_lab::kubectl::shell::Shell;
use rollout_lab::sim::api::*;
use rollout_lab::sim::time::Duration;
use rollout_lab::sim::view::ClusterView;

fn shell(lines: &[&str]) -> Shell {
    let mut s = Shell::native(std::env::temp_dir());
    for l in lines {
        let out = s.run(l);
        assert!(!out.failed, "{l}: {}", out.text);
    }
    s
}

fn run(s: &mut Shell, line: &str) -> String {
    let out = s.run(line);
    assert!(!out.failed, "{line}: {}", out.text);
    out.text
}

/// (image, spec.replicas, revision) of every ReplicaSet, newest revision first.
fn replica_sets(s: &Shell) -> Vec<(String, i32, i64)> {
    let mut v: Vec<(String, i32, i64)> = s
        .cluster()
        .store()
        .list::<ReplicaSet>()
        .map(|r| {
            (
                r.spec.template.spec.containers[0].image.clone(),
                r.spec.replicas,
                r.revision(),
            )
        })
        .collect();
    v.sort_by_key(|(_, _, rev)| std::cmp::Reverse(*rev));
    v
}

fn deployment(s: &Shell) -> Deployment {
    s.cluster()
        .store()
        .get::<Deployment>("web")
        .expect("web exists")
        .clone()
}

fn progressing(s: &Shell) -> (String, String) {
    let d = deployment(s);
    let c = d
        .condition(CONDITION_PROGRESSING)
        .expect("a Progressing condition");
    (c.status.to_string(), c.reason.to_string())
}

fn pods(s: &Shell) -> Vec<&Pod> {
    s.cluster().store().list::<Pod>().collect()
}

/// Steps the clock `secs` seconds at a time and checks `each` after every step.
fn watch(s: &mut Shell, steps: usize, secs: i64, mut each: impl FnMut(&Shell)) {
    for _ in 0..steps {
        s.advance(Duration::seconds(secs));
        each(s);
    }
}

/// Deployment `web` of `nginx:1.25`, for the tests that drive the engine without the shell.
fn nginx_web(replicas: i32) -> Deployment {
    let nginx = Container {
        name: "nginx".into(),
        image: "nginx:1.25".into(),
        ..Default::default()
    };
    Deployment::simple("web", vec![nginx], replicas)
}

const TEN: &str = "kubectl create deployment web --image=nginx:1.25 --replicas=10";

#[test]
fn a_clean_rolling_update_stays_within_its_budget() {
    let mut s = shell(&[TEN, "sim wait 30s"]);
    assert_eq!(deployment(&s).status.available_replicas, 10);
    run(&mut s, "kubectl set image deployment/web nginx=nginx:1.26");
    let mut max_total = 0;
    let mut min_available = 10;
    watch(&mut s, 120, 1, |s| {
        let rss: Vec<&ReplicaSet> = s.cluster().store().list::<ReplicaSet>().collect();
        max_total = max_total.max(rss.iter().map(|r| r.spec.replicas).sum::<i32>());
        min_available =
            min_available.min(rss.iter().map(|r| r.status.available_replicas).sum::<i32>());
    });
    assert!(
        max_total <= 13,
        "maxSurge 25% of 10 = 3: at most 13 pods, saw {max_total}"
    );
    assert!(
        min_available >= 8,
        "maxUnavailable 25% of 10 = 2: at least 8 available, saw {min_available}"
    );
    assert_eq!(
        replica_sets(&s),
        vec![("nginx:1.26".into(), 10, 2), ("nginx:1.25".into(), 0, 1)]
    );
    assert_eq!(
        progressing(&s),
        ("True".into(), "NewReplicaSetAvailable".into())
    );
    assert_eq!(
        run(&mut s, "kubectl rollout status deployment/web"),
        "deployment \"web\" successfully rolled out"
    );
}

#[test]
fn a_bad_tag_stalls_at_old_8_new_5_and_then_misses_its_deadline() {
    let mut s = shell(&[
        TEN,
        "sim wait 30s",
        "kubectl set image deployment/web nginx=nginx:1.2x",
        "sim wait 60s",
    ]);
    // maxSurge 3 lets the new RS reach 3, then 2 old pods go (maxUnavailable 2) and the new RS
    // grows by 2 more: old 8, new 5, and nothing else can move.
    assert_eq!(
        replica_sets(&s),
        vec![("nginx:1.2x".into(), 5, 2), ("nginx:1.25".into(), 8, 1)]
    );
    let statuses: Vec<String> = pods(&s)
        .iter()
        .filter(|p| p.spec.containers[0].image == "nginx:1.2x")
        .map(|p| rollout_lab::sim::view::pod_columns(p, s.cluster().now()).1)
        .collect();
    assert_eq!(statuses.len(), 5);
    assert!(
        statuses
            .iter()
            .all(|st| st == "ErrImagePull" || st == "ImagePullBackOff"),
        "{statuses:?}"
    );
    assert_eq!(progressing(&s).1, "ReplicaSetUpdated");
    run(&mut s, "sim wait 10m");
    assert_eq!(
        progressing(&s),
        ("False".into(), "ProgressDeadlineExceeded".into())
    );
    assert_eq!(
        replica_sets(&s),
        vec![("nginx:1.2x".into(), 5, 2), ("nginx:1.25".into(), 8, 1)],
        "the deadline does not stop the rollout"
    );
    let out = s.run("kubectl rollout status deployment/web");
    assert!(out.failed);
    assert_eq!(
        out.text,
        "error: deployment \"web\" exceeded its progress deadline"
    );
}

#[test]
fn a_readiness_probe_stops_a_rollout_of_pods_that_never_get_ready() {
    let s = shell(&[
        "sim scenario ten-replicas",
        "kubectl set image deployment/web web=demo/web:unready",
        "sim wait 2m",
    ]);
    let new: Vec<&Pod> = pods(&s)
        .into_iter()
        .filter(|p| p.spec.containers[0].image == "demo/web:unready")
        .collect();
    assert_eq!(new.len(), 5);
    for p in &new {
        let (ready, status, _) = rollout_lab::sim::view::pod_columns(p, s.cluster().now());
        assert_eq!((ready.as_str(), status.as_str()), ("0/1", "Running"));
    }
    assert_eq!(deployment(&s).status.available_replicas, 8);
}

#[test]
fn without_a_readiness_probe_unready_pods_count_as_ready() {
    let mut s = shell(&[
        TEN,
        "sim wait 30s",
        "kubectl set image deployment/web nginx=demo/web:unready",
        "sim wait 2m",
    ]);
    assert_eq!(
        replica_sets(&s)[0],
        ("demo/web:unready".into(), 10, 2),
        "nothing protects the rollout"
    );
    assert_eq!(
        run(
            &mut s,
            "kubectl rollout status deployment/web --watch=false"
        ),
        "deployment \"web\" successfully rolled out"
    );
}

#[test]
fn a_crashing_image_crash_loops_with_doubling_backoff() {
    let mut s = shell(&[
        "kubectl create deployment web --image=demo/web:crash --replicas=1",
        "sim wait 3m",
    ]);
    let p = pods(&s)[0].clone();
    let (_, status, restarts) = rollout_lab::sim::view::pod_columns(&p, s.cluster().now());
    let count = p.status.container_statuses[0].restart_count;
    // Crash 3 s after each start; waits 10, 20, 40, 80 s: five restarts fit in three minutes.
    assert!((4..=6).contains(&count), "restarts {count}");
    assert!(
        status == "CrashLoopBackOff" || status == "Running",
        "{status}"
    );
    assert!(restarts.contains(" ago)"), "{restarts}");
    let events = run(&mut s, "kubectl get events");
    assert!(
        events.contains("Back-off restarting failed container web"),
        "{events}"
    );
}

#[test]
fn a_readiness_probe_stops_a_crashing_image_at_old_8_new_5() {
    // The image exits moments after starting, before it can answer a probe: with a readiness
    // probe no new pod ever counts, so the rollout holds where a bad tag would.
    let s = shell(&[
        "sim scenario ten-replicas",
        "kubectl set image deployment/web web=demo/web:crash",
        "sim wait 3m",
    ]);
    assert_eq!(
        replica_sets(&s),
        vec![
            ("demo/web:crash".into(), 5, 2),
            ("demo/web:v1".into(), 8, 1)
        ]
    );
    let ready_new = pods(&s)
        .iter()
        .filter(|p| p.spec.containers[0].image == "demo/web:crash")
        .filter(|p| p.status.container_statuses.iter().any(|c| c.ready))
        .count();
    assert_eq!(ready_new, 0);
}

#[test]
fn recreate_has_downtime_then_all_new_pods() {
    let mut s = shell(&[
        "sim scenario recreate",
        "kubectl set image deployment/web web=demo/web:v2",
    ]);
    let mut saw_zero = false;
    let mut saw_mixed = false;
    watch(&mut s, 60, 1, |s| {
        let active: Vec<&Pod> = pods(s)
            .into_iter()
            .filter(|p| p.metadata.deletion_timestamp.is_none())
            .collect();
        let images: std::collections::BTreeSet<&str> = active
            .iter()
            .map(|p| p.spec.containers[0].image.as_str())
            .collect();
        saw_mixed |= images.len() > 1;
        saw_zero |= s
            .cluster()
            .store()
            .get::<Deployment>("web")
            .unwrap()
            .status
            .available_replicas
            == 0;
    });
    assert!(
        saw_zero,
        "Recreate takes every pod down before starting new ones"
    );
    assert!(!saw_mixed, "old and new pods never run side by side");
    assert_eq!(replica_sets(&s)[0], ("demo/web:v2".into(), 4, 2));
    assert_eq!(deployment(&s).status.available_replicas, 4);
}

#[test]
fn pause_holds_the_rollout_but_not_scaling_and_resume_continues() {
    let mut s = shell(&[
        TEN,
        "sim wait 30s",
        "kubectl rollout pause deployment/web",
        "kubectl set image deployment/web nginx=nginx:1.26",
        "sim wait 1m",
    ]);
    assert_eq!(
        replica_sets(&s),
        vec![("nginx:1.25".into(), 10, 1)],
        "paused: no new ReplicaSet"
    );
    assert_eq!(
        progressing(&s),
        ("Unknown".into(), "DeploymentPaused".into())
    );
    run(&mut s, "kubectl scale deployment/web --replicas=12");
    run(&mut s, "sim wait 30s");
    assert_eq!(
        replica_sets(&s),
        vec![("nginx:1.25".into(), 12, 1)],
        "scaling still works"
    );
    assert_eq!(
        s.run("kubectl rollout pause deployment/web").text,
        "error: deployments.apps \"web\" is already paused"
    );
    // Paused before the second revision exists: kubectl looks the revision up before it
    // looks at `paused`, so it finds no history to go back to.
    assert_eq!(
        s.run("kubectl rollout undo deployment/web").text,
        "error: no rollout history found for deployment \"web\""
    );
    run(&mut s, "kubectl rollout resume deployment/web");
    run(&mut s, "sim wait 2m");
    assert_eq!(
        replica_sets(&s),
        vec![("nginx:1.26".into(), 12, 2), ("nginx:1.25".into(), 0, 1)]
    );
}

#[test]
fn undo_finds_the_revision_before_it_refuses_a_paused_deployment() {
    let mut s = shell(&[
        "kubectl create deployment web --image=nginx:1.25 --replicas=2",
        "sim wait 30s",
        "kubectl set image deployment/web nginx=nginx:1.26",
        "sim wait 1m",
        "kubectl rollout pause deployment/web",
    ]);
    let undo = |s: &mut Shell, line: &str| {
        let out = s.run(line);
        assert!(out.failed, "{line}: {}", out.text);
        out.text
    };
    // As kubectl's `DeploymentRollbacker`: a revision it cannot find, negative or not, is
    // said first; only a rollback that could happen is refused for the pause.
    assert_eq!(
        undo(
            &mut s,
            "kubectl rollout undo deployment/web --to-revision=7"
        ),
        "error: unable to find specified revision 7 in history"
    );
    assert_eq!(
        undo(
            &mut s,
            "kubectl rollout undo deployment/web --to-revision=-1"
        ),
        "error: unable to find specified revision -1 in history"
    );
    let paused = "error: you cannot rollback a paused deployment; resume it first with 'kubectl rollout resume' and try again";
    assert_eq!(undo(&mut s, "kubectl rollout undo deployment/web"), paused);
    assert_eq!(
        undo(
            &mut s,
            "kubectl rollout undo deployment/web --to-revision=2"
        ),
        paused,
        "refused even when the revision is the current template"
    );
    // `rollout history --revision` keeps its own check.
    assert_eq!(
        s.run("kubectl rollout history deployment/web --revision=-1")
            .text,
        "error: revision must be a positive integer: -1"
    );
}

#[test]
fn undo_renumbers_the_old_revision_and_undo_to_revision_picks_one() {
    let mut s = shell(&[
        "kubectl create deployment web --image=nginx:1.24 --replicas=3",
        "sim wait 30s",
        "kubectl set image deployment/web nginx=nginx:1.25",
        "sim wait 30s",
        "kubectl set image deployment/web nginx=nginx:1.26",
        "sim wait 30s",
    ]);
    assert_eq!(
        run(&mut s, "kubectl rollout undo deployment/web"),
        "deployment.apps/web rolled back"
    );
    run(&mut s, "sim wait 30s");
    // nginx:1.25 was revision 2; as the new ReplicaSet again it is revision 4.
    assert_eq!(replica_sets(&s)[0], ("nginx:1.25".into(), 3, 4));
    let rs = s
        .cluster()
        .store()
        .list::<ReplicaSet>()
        .find(|r| r.revision() == 4)
        .unwrap();
    assert_eq!(
        rs.metadata.annotation(REVISION_HISTORY_ANNOTATION),
        Some("2")
    );
    assert_eq!(run(&mut s, "kubectl rollout history deployment/web"), "deployment.apps/web \nREVISION  CHANGE-CAUSE\n1         <none>\n3         <none>\n4         <none>\n\n");
    assert_eq!(
        run(
            &mut s,
            "kubectl rollout undo deployment/web --to-revision=1"
        ),
        "deployment.apps/web rolled back"
    );
    run(&mut s, "sim wait 30s");
    assert_eq!(replica_sets(&s)[0], ("nginx:1.24".into(), 3, 5));
    assert_eq!(
        run(
            &mut s,
            "kubectl rollout undo deployment/web --to-revision=5"
        ),
        "deployment.apps/web skipped rollback (current template already matches revision 5)"
    );
    let out = s.run("kubectl rollout undo deployment/web --to-revision=9");
    assert_eq!(
        out.text,
        "error: unable to find specified revision 9 in history"
    );
}

#[test]
fn the_history_limit_deletes_the_oldest_scaled_down_replica_sets() {
    let mut s = shell(&[
        "kubectl create deployment web --image=demo/web:v1 --replicas=2",
        "sim wait 20s",
    ]);
    for image in ["demo/web:v2", "demo/web:v3", "nginx:1.25"] {
        run(
            &mut s,
            &format!("kubectl set image deployment/web web={image}"),
        );
        run(&mut s, "sim wait 30s");
    }
    // The default limit is 10: all four revisions are kept.
    assert_eq!(replica_sets(&s).len(), 4);
    std::fs::write(
        std::env::temp_dir().join("rollout-lab-history-limit.yaml"),
        "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\n  labels: {app: web}\nspec:\n  replicas: 2\n  revisionHistoryLimit: 1\n  selector:\n    matchLabels: {app: web}\n  template:\n    metadata:\n      labels: {app: web}\n    spec:\n      containers:\n      - name: web\n        image: httpd:2.4\n",
    )
    .unwrap();
    assert_eq!(
        run(&mut s, "kubectl apply -f rollout-lab-history-limit.yaml"),
        "deployment.apps/web configured"
    );
    run(&mut s, "sim wait 1m");
    let rss = replica_sets(&s);
    assert_eq!(rss.len(), 2, "the new one and one old one: {rss:?}");
    assert_eq!(rss[0].0, "httpd:2.4");
}

#[test]
fn scaling_mid_rollout_is_proportional_up_and_down() {
    let mut s = shell(&[
        TEN,
        "sim wait 30s",
        "kubectl set image deployment/web nginx=nginx:1.2x",
        "sim wait 30s",
    ]);
    assert_eq!(
        replica_sets(&s),
        vec![("nginx:1.2x".into(), 5, 2), ("nginx:1.25".into(), 8, 1)]
    );
    run(&mut s, "kubectl scale deployment/web --replicas=20");
    // 20 + maxSurge 5 = 25 allowed, 13 present: +12 shared by size (8:5 of 13) —
    // old round(8·25/13) − 8 = 7, new round(5·25/13) − 5 = 5.
    assert_eq!(
        replica_sets(&s),
        vec![("nginx:1.2x".into(), 10, 2), ("nginx:1.25".into(), 15, 1)]
    );
    run(&mut s, "kubectl scale deployment/web --replicas=4");
    // 4 + maxSurge 1 = 5 allowed, 25 present: −20 shared the same way, old keeps the larger part.
    let rss = replica_sets(&s);
    assert_eq!(rss.iter().map(|r| r.1).sum::<i32>(), 5, "{rss:?}");
    assert!(rss[1].1 > rss[0].1, "old stays the larger part: {rss:?}");
}

/// (type, status, reason) of a pod's conditions, in order.
fn conditions(p: &Pod) -> Vec<(String, String, String)> {
    p.status
        .conditions
        .iter()
        .map(|c| {
            (
                c.type_.to_string(),
                c.status.to_string(),
                c.reason.to_string(),
            )
        })
        .collect()
}

fn expected_conditions(ready: bool) -> Vec<(String, String, String)> {
    let (r, reason) = if ready {
        ("True", "")
    } else {
        ("False", "ContainersNotReady")
    };
    [
        ("PodReadyToStartContainers", "True", ""),
        ("Initialized", "True", ""),
        ("Ready", r, reason),
        ("ContainersReady", r, reason),
        ("PodScheduled", "True", ""),
    ]
    .iter()
    .map(|(t, s, r)| (t.to_string(), s.to_string(), r.to_string()))
    .collect()
}

#[test]
fn the_kubelet_writes_its_conditions_in_its_order_with_podscheduled_last() {
    let mut s = shell(&["kubectl create deployment web --image=demo/web:crash --replicas=1"]);
    // Pulling, running and ready, then crash-looping: the same order throughout.
    let (mut pulling, mut ready, mut crashed) = (0, 0, 0);
    for _ in 0..600 {
        s.advance(Duration::millis(100));
        let Some(p) = pods(&s).into_iter().find(|p| !p.spec.node_name.is_empty()) else {
            continue;
        };
        let is_ready = p.is_ready();
        assert_eq!(
            conditions(p),
            expected_conditions(is_ready),
            "{:?}",
            p.status
        );
        let message = &p.condition(POD_READY).unwrap().message;
        if is_ready {
            ready += 1;
            assert_eq!(message, "");
        } else {
            assert_eq!(message, "containers with unready status: [web]");
            if p.status.container_statuses[0].restart_count > 0 {
                crashed += 1;
            } else if p.status.phase == POD_PENDING {
                pulling += 1;
            }
        }
        // The kubelet keeps the scheduler's transition time: the status did not change.
        let scheduled = p.condition(POD_SCHEDULED).unwrap();
        assert_eq!(
            scheduled.last_transition_time,
            p.metadata.creation_timestamp
        );
    }
    assert!(
        pulling > 0 && ready > 0 && crashed > 0,
        "{pulling} {ready} {crashed}"
    );
}

#[test]
fn an_unschedulable_pod_has_only_its_podscheduled_condition() {
    let s = shell(&[
        "sim scenario tight-nodes",
        "kubectl scale deployment/web --replicas=9",
        "sim wait 10s",
    ]);
    let pending = pods(&s)
        .into_iter()
        .find(|p| p.spec.node_name.is_empty())
        .expect("a pod that fits nowhere");
    assert_eq!(
        conditions(pending),
        vec![(
            "PodScheduled".to_string(),
            "False".to_string(),
            "Unschedulable".to_string()
        )]
    );
}

#[test]
fn a_pod_that_fits_nowhere_stays_pending_with_failed_scheduling() {
    let mut s = shell(&[
        "sim scenario tight-nodes",
        "kubectl scale deployment/web --replicas=9",
        "sim wait 10s",
    ]);
    let pending: Vec<Pod> = pods(&s)
        .into_iter()
        .filter(|p| p.spec.node_name.is_empty())
        .cloned()
        .collect();
    assert_eq!(
        pending.len(),
        3,
        "three 1-CPU nodes hold two 400m pods each"
    );
    let (_, status, _) = rollout_lab::sim::view::pod_columns(&pending[0], s.cluster().now());
    assert_eq!(status, "Pending");
    let events = run(&mut s, "kubectl get events");
    assert!(
        events.contains("0/3 nodes are available: 3 Insufficient cpu."),
        "{events}"
    );
}

#[test]
fn validation_errors_use_the_api_servers_words_and_change_nothing() {
    let mut s = shell(&[
        "kubectl create deployment web --image=nginx:1.25 --replicas=3",
        "sim wait 20s",
    ]);
    let before = s.cluster().store().clone();
    std::fs::write(
        std::env::temp_dir().join("rollout-lab-zero.yaml"),
        "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  replicas: 3\n  strategy:\n    rollingUpdate: {maxSurge: 0, maxUnavailable: 0}\n  selector:\n    matchLabels: {app: web}\n  template:\n    metadata:\n      labels: {app: web}\n    spec:\n      containers:\n      - name: nginx\n        image: nginx:1.25\n",
    )
    .unwrap();
    let out = s.run("kubectl apply -f rollout-lab-zero.yaml");
    assert!(out.failed);
    assert_eq!(
        out.text,
        "The Deployment \"web\" is invalid: spec.strategy.rollingUpdate.maxUnavailable: Invalid value: intstr.IntOrString{Type:0, IntVal:0, StrVal:\"\"}: may not be 0 when `maxSurge` is 0"
    );
    assert_eq!(
        s.run("kubectl set image deployment/web nope=nginx:1.26")
            .text,
        "error: unable to find container named \"nope\""
    );
    assert_eq!(
        s.run("kubectl get deployment nope").text,
        "Error from server (NotFound): deployments.apps \"nope\" not found"
    );
    assert_eq!(
        s.run("kubectl apply -f missing.yaml").text,
        "error: the path \"missing.yaml\" does not exist"
    );
    assert_eq!(
        s.cluster().store(),
        &before,
        "failed commands change nothing"
    );
}

/// A rollout that completed and then lost its available pods (no readiness probe, so crashing
/// pods counted Ready between crashes) stays Progressing=NewReplicaSetAvailable: it cannot time
/// out, and the controller waits for its objects to change instead of re-checking every 5 ms.
#[test]
fn a_completed_rollout_that_loses_its_pods_does_not_spin_the_controller() {
    let mut s = shell(&[
        "sim seed 3",
        "kubectl create deployment web --image=nginx:1.25 --replicas=3",
    ]);
    s.advance(Duration::minutes(1));
    run(
        &mut s,
        "kubectl set image deployment/web nginx=demo/web:crash",
    );
    s.advance(Duration::minutes(20));
    assert_eq!(
        progressing(&s),
        ("True".to_string(), "NewReplicaSetAvailable".to_string())
    );
    assert_eq!(deployment(&s).status.available_replicas, 0);
    let before = s.cluster().stats;
    s.advance(Duration::minutes(60));
    let syncs = s.cluster().stats.syncs - before.syncs;
    // Three pods restarting every five minutes at most: a few hundred passes, not 720,000.
    assert!(syncs < 2_000, "{syncs} controller passes in an hour");
}

/// `BurstReplicas`: one ReplicaSet pass creates, or deletes, at most 500 pods; the passes
/// that follow (the engine runs one as soon as it sees the writes) do the rest.
#[test]
fn a_replica_set_pass_creates_or_deletes_at_most_500_pods() {
    use rollout_lab::sim::controller::Ctx;
    use rollout_lab::sim::replicaset::{sync_replica_set, BURST_REPLICAS};
    use rollout_lab::sim::rng::Pcg32;
    use rollout_lab::sim::store::Store;
    use rollout_lab::sim::time::Time;

    let d = nginx_web(1200);
    let rs = ReplicaSet {
        metadata: ObjectMeta::named("web-abc"),
        spec: ReplicaSetSpec {
            replicas: 1200,
            selector: d.spec.selector.clone(),
            template: d.spec.template.clone(),
            ..Default::default()
        },
        ..Default::default()
    };
    let mut store = Store::default();
    let mut rng = Pcg32::new(1);
    let now = Time::from_secs(0);
    store.create(rs, now).expect("a valid ReplicaSet");
    let mut pass = |store: &mut Store| {
        let mut ctx = Ctx {
            store,
            now,
            rng: &mut rng,
            requeue: None,
        };
        sync_replica_set(&mut ctx, "web-abc").delete
    };
    let mut counts = Vec::new();
    for _ in 0..4 {
        pass(&mut store);
        counts.push(store.list::<Pod>().count());
    }
    assert_eq!(counts, [500, 1000, 1200, 1200]);
    assert_eq!(BURST_REPLICAS, 500, "upstream's value");

    store
        .modify::<ReplicaSet>("web-abc", |rs| rs.spec.replicas = 100)
        .expect("stored");
    assert_eq!(pass(&mut store).len(), 500, "the first pass deletes 500");
}

/// minReadySeconds: a pod is available once it has been Ready for *longer* than that
/// (upstream's `IsPodAvailable` compares with `Before`), and the ReplicaSet looks again a
/// second after the time is up, as upstream's `updatePod` requeues it.
#[test]
fn a_pod_counts_available_a_second_after_min_ready_seconds() {
    use rollout_lab::sim::cluster::Cluster;
    use rollout_lab::sim::replicaset::is_pod_available;

    let mut d = nginx_web(1);
    d.spec.min_ready_seconds = 10;
    let mut c = Cluster::new(1);
    c.create_deployment(d).expect("valid");
    let ready_at = |c: &Cluster| {
        c.store()
            .list::<Pod>()
            .next()
            .and_then(|p| p.condition(POD_READY))
            .filter(|r| r.status == "True")
            .and_then(|r| r.last_transition_time)
    };
    while ready_at(&c).is_none() {
        c.advance(Duration::millis(100));
    }
    let ready = ready_at(&c).expect("ready");
    let available = |c: &Cluster| {
        c.store()
            .list::<ReplicaSet>()
            .next()
            .expect("a ReplicaSet")
            .status
            .available_replicas
    };
    let mut seen = Vec::new();
    for at in [9, 10, 11] {
        let until = ready + Duration::seconds(at);
        c.advance(until - c.now());
        seen.push((at, available(&c)));
    }
    assert_eq!(seen, [(9, 0), (10, 0), (11, 1)]);
    assert_eq!(deployment_available(&c), 1);

    let pod = c.store().list::<Pod>().next().expect("the pod");
    let ten = ready + Duration::seconds(10);
    assert!(!is_pod_available(pod, 10, ten), "not at exactly 10 s");
    assert!(is_pod_available(pod, 10, ten + Duration::millis(1)));
    assert!(is_pod_available(pod, 0, ready));
}

fn deployment_available(c: &rollout_lab::sim::cluster::Cluster) -> i32 {
    c.store()
        .get::<Deployment>("web")
        .expect("web")
        .status
        .available_replicas
}

/// A stalled rollout that nothing else wakes (its new pod runs but never gets ready) times out
/// a second after its deadline: upstream's `requeueStuckDeployment` enqueues the Deployment
/// `after + 1s`, "to avoid milliseconds skew in AddAfter".
#[test]
fn a_stalled_rollout_times_out_a_second_after_its_deadline() {
    use rollout_lab::sim::cluster::Cluster;

    let web = |image: &str| Container {
        name: "web".into(),
        image: image.into(),
        readiness_probe: Some(Probe {
            period_seconds: 5,
            ..Default::default()
        }),
        ..Default::default()
    };
    let mut d = Deployment::simple("web", vec![web("demo/web:v1")], 1);
    d.spec.progress_deadline_seconds = Some(30);
    let mut c = Cluster::new(1);
    c.create_deployment(d).expect("valid");
    c.advance(Duration::seconds(60));
    let mut d = c.store().get::<Deployment>("web").expect("web").clone();
    d.spec.template.spec.containers = vec![web("demo/web:unready")].into();
    c.update_deployment(d).expect("valid");
    let progressing = |c: &Cluster| {
        c.store()
            .get::<Deployment>("web")
            .expect("web")
            .condition(CONDITION_PROGRESSING)
            .cloned()
            .expect("a Progressing condition")
    };
    let mut last_progress = None;
    for _ in 0..1200 {
        c.advance(Duration::millis(100));
        let p = progressing(&c);
        if p.reason == "ProgressDeadlineExceeded" {
            let since = last_progress.expect("progress before the deadline");
            assert_eq!(
                p.last_update_time.expect("set") - since,
                Duration::seconds(31),
                "timed out 30 s + 1 s after the last progress"
            );
            return;
        }
        last_progress = p.last_update_time;
    }
    panic!("never timed out: {:?}", progressing(&c));
}

/// `kubectl annotate` on a Deployment bumps `metadata.generation` (the API server counts a
/// change of its annotations as it does a change of its spec), and the controller observes
/// it; the controller's own revision annotation does not.
#[test]
fn annotating_a_deployment_bumps_its_generation() {
    let mut s = shell(&["kubectl create deployment web --image=nginx:1.25 --replicas=2"]);
    s.advance(Duration::seconds(30));
    let before = deployment(&s);
    assert_eq!(
        before.metadata.generation, 1,
        "the revision annotation bumped nothing"
    );
    assert_eq!(before.metadata.annotation(REVISION_ANNOTATION), Some("1"));
    run(
        &mut s,
        "kubectl annotate deployment web kubernetes.io/change-cause=first",
    );
    s.advance(Duration::seconds(1));
    let after = deployment(&s);
    assert_eq!(after.metadata.generation, 2);
    assert_eq!(after.status.observed_generation, 2);
}

/// A long Deployment's pod names are cut as the API server cuts a `generateName`: its first
/// 58 bytes, then the five random characters, 63 in all; the ReplicaSet still finds its pods.
#[test]
fn a_long_deployment_name_makes_63_byte_pod_names() {
    let name = "a-deployment-whose-name-is-long-enough-to-need-cutting";
    let mut s = shell(&[&format!(
        "kubectl create deployment {name} --image=nginx:1.25 --replicas=3"
    )]);
    s.advance(Duration::seconds(30));
    let rs = s
        .cluster()
        .store()
        .list::<ReplicaSet>()
        .next()
        .expect("a ReplicaSet")
        .clone();
    let base = &format!("{}-", rs.metadata.name)[..58];
    let names: Vec<String> = pods(&s).iter().map(|p| p.metadata.name.clone()).collect();
    assert_eq!(names.len(), 3);
    for n in &names {
        assert_eq!(n.len(), 63, "{n}");
        assert!(n.starts_with(base), "{n} starts with {base}");
    }
    assert_eq!(
        rs.status.available_replicas, 3,
        "the ReplicaSet counts its pods"
    );
}

/// The controller's legacy rollback: `deprecated.deployment.rollback.to` (what old clients
/// set) rolls back to that revision, or says why it cannot; the annotation goes either way.
#[test]
fn the_legacy_rollback_annotation_rolls_back_or_says_why_not() {
    let mut s = shell(&["kubectl create deployment web --image=nginx:1.25 --replicas=2"]);
    s.advance(Duration::seconds(30));
    run(&mut s, "kubectl set image deployment/web nginx=nginx:1.26");
    s.advance(Duration::seconds(60));
    let events = |s: &Shell, reason: &str| -> Vec<String> {
        s.cluster()
            .store()
            .events
            .iter()
            .filter(|e| e.reason == reason)
            .map(|e| e.message.clone())
            .collect()
    };
    let annotated = |s: &Shell| {
        deployment(s)
            .metadata
            .annotation(ROLLBACK_TO_ANNOTATION)
            .map(str::to_string)
    };

    run(
        &mut s,
        "kubectl annotate deployment web deprecated.deployment.rollback.to=9",
    );
    s.advance(Duration::seconds(1));
    assert_eq!(
        events(&s, "DeploymentRollbackRevisionNotFound"),
        ["Unable to find the revision to rollback to."]
    );
    assert_eq!(annotated(&s), None);

    run(
        &mut s,
        "kubectl annotate deployment web deprecated.deployment.rollback.to=2",
    );
    s.advance(Duration::seconds(1));
    assert_eq!(
        events(&s, "DeploymentRollbackTemplateUnchanged"),
        ["The rollback revision contains the same template as current deployment \"web\""]
    );

    run(
        &mut s,
        "kubectl annotate deployment web deprecated.deployment.rollback.to=1",
    );
    s.advance(Duration::seconds(60));
    assert_eq!(
        events(&s, "DeploymentRollback"),
        ["Rolled back deployment \"web\" to revision 1"]
    );
    assert_eq!(annotated(&s), None);
    assert_eq!(deployment(&s).spec.template.spec.image(), "nginx:1.25");
    let rss = replica_sets(&s);
    assert_eq!(
        rss[0],
        ("nginx:1.25".to_string(), 2, 3),
        "revision 1 came back as 3"
    );
    assert_eq!(rss[1], ("nginx:1.26".to_string(), 0, 2));
}

/// The scheduler honours `nodeSelector` (NodeAffinity): a pod no node matches waits with the
/// scheduler's words, and labelling a node lets it in, on that node only.
#[test]
fn a_node_selector_holds_pods_until_a_node_is_labelled() {
    let mut s = shell(&[]);
    let manifest = "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  replicas: 4\n  selector:\n    matchLabels:\n      app: web\n  template:\n    metadata:\n      labels:\n        app: web\n    spec:\n      nodeSelector:\n        zone: a\n      containers:\n      - name: web\n        image: nginx:1.25\n";
    let out = s.run_with_stdin("kubectl apply -f -", Some(manifest));
    assert!(!out.failed, "{}", out.text);
    s.advance(Duration::seconds(30));
    let zoned = |s: &Shell| -> Vec<(String, String)> {
        pods(s)
            .into_iter()
            .filter(|p| p.spec.node_selector.contains_key("zone"))
            .map(|p| (p.metadata.name.clone(), p.spec.node_name.clone()))
            .collect()
    };
    let waiting = zoned(&s);
    assert_eq!(waiting.len(), 4);
    assert!(
        waiting.iter().all(|(_, node)| node.is_empty()),
        "{waiting:?}"
    );
    let events = run(&mut s, "kubectl get events");
    assert!(
        events.contains(
            "0/3 nodes are available: 3 node(s) didn't match Pod's node affinity/selector."
        ),
        "{events}"
    );
    // The page says what holds the Deployment back, in the scheduler's words.
    let view = ClusterView::build(s.cluster().store(), s.cluster().now());
    assert_eq!(
        view.deployments[0].why.as_deref(),
        Some("4 pods wait for a node: 0/3 nodes are available: 3 node(s) didn't match Pod's node affinity/selector.")
    );
    run(&mut s, "kubectl cordon node-1");
    run(&mut s, "kubectl label node node-1 zone=a");
    let view = ClusterView::build(s.cluster().store(), s.cluster().now());
    let labels: Vec<&str> = view.nodes.iter().map(|n| n.labels.as_str()).collect();
    assert_eq!(
        labels,
        ["zone=a", "", ""],
        "the node cards show what a learner labelled"
    );
    s.advance(Duration::seconds(10));
    let events = run(&mut s, "kubectl get events");
    assert!(
        events.contains("0/3 nodes are available: 1 node(s) were unschedulable, 2 node(s) didn't match Pod's node affinity/selector."),
        "the first failing filter names each node: {events}"
    );
    assert!(zoned(&s).iter().all(|(_, node)| node.is_empty()));
    run(&mut s, "kubectl label node node-2 zone=a");
    s.advance(Duration::seconds(120));
    let placed = zoned(&s);
    assert_eq!(placed.len(), 4, "the rollout finished: {placed:?}");
    assert!(
        placed.iter().all(|(_, node)| node == "node-2"),
        "{placed:?}"
    );
}

/// Relabelling a pod out of its ReplicaSet's selector releases it (the ReplicaSet makes a
/// replacement, the pod keeps running as an orphan); labelling it back lets the ReplicaSet
/// adopt it and delete the newest.
#[test]
fn relabelling_a_pod_releases_it_and_labelling_it_back_lets_it_be_adopted() {
    let mut s = shell(&[TEN, "sim wait 30s"]);
    let victim = pods(&s)[0].metadata.name.clone();
    let owner = |s: &Shell, name: &str| {
        s.cluster()
            .store()
            .get::<Pod>(name)
            .and_then(|p| p.metadata.controller_of().map(|o| o.name.clone()))
    };
    let rs = owner(&s, &victim).expect("a ReplicaSet's pod");
    run(
        &mut s,
        &format!("kubectl label pod {victim} app=debug --overwrite"),
    );
    assert_eq!(owner(&s, &victim), None, "released at once");
    s.advance(Duration::seconds(30));
    let ready_owned = |s: &Shell| {
        pods(s)
            .into_iter()
            .filter(|p| p.metadata.controller_of().is_some() && p.is_ready())
            .filter(|p| p.metadata.deletion_timestamp.is_none())
            .count()
    };
    assert_eq!(ready_owned(&s), 10, "a replacement is ready");
    assert_eq!(pods(&s).len(), 11, "the released pod still runs");
    assert!(s
        .cluster()
        .store()
        .get::<Pod>(&victim)
        .is_some_and(|p| p.is_ready()));
    // The page shows it in a lane of its own, with the line that puts it back; the owned
    // pods' cards offer the line that takes them out.
    let view = ClusterView::build(s.cluster().store(), s.cluster().now());
    let lane = view
        .unowned
        .first()
        .expect("a lane of pods no ReplicaSet controls");
    assert_eq!(lane.name, "");
    assert_eq!(lane.pods.len(), 1);
    assert_eq!(
        lane.pods[0].relabel,
        Some((
            "put back",
            format!("kubectl label pod {victim} app=web --overwrite")
        ))
    );
    let owned = &view.deployments[0].replica_sets[0].pods[0];
    assert_eq!(
        owned.relabel,
        Some((
            "take out",
            format!("kubectl label pod {} app=web-debug --overwrite", owned.name)
        ))
    );
    run(
        &mut s,
        &format!("kubectl label pod {victim} app=web --overwrite"),
    );
    let view = ClusterView::build(s.cluster().store(), s.cluster().now());
    assert!(view.unowned.is_empty(), "adopted: {:?}", view.unowned);
    assert_eq!(owner(&s, &victim), Some(rs.clone()), "adopted again");
    let terminating: Vec<&Pod> = pods(&s)
        .into_iter()
        .filter(|p| p.metadata.deletion_timestamp.is_some())
        .collect();
    assert_eq!(terminating.len(), 1, "one too many: the newest goes");
    assert_ne!(terminating[0].metadata.name, victim);
    let status = s
        .cluster()
        .store()
        .get::<ReplicaSet>(&rs)
        .expect("exists")
        .status
        .clone();
    assert_eq!(status.replicas, 10);
}

/// Relabelling a ReplicaSet out of its Deployment's selector releases it with its pods; the
/// Deployment makes another under a new hash (collisionCount 1, as the name is taken), and
/// adopts the old one again once its labels match, which then serves as the new one.
#[test]
fn relabelling_a_replica_set_releases_it_and_the_deployment_makes_another() {
    let mut s = shell(&[
        "kubectl create deployment web --image=nginx:1.25 --replicas=3",
        "sim wait 30s",
    ]);
    let first = replica_set_names(&s);
    assert_eq!(first.len(), 1);
    let old = first[0].clone();
    run(
        &mut s,
        &format!("kubectl label rs {old} app=old --overwrite"),
    );
    s.advance(Duration::seconds(30));
    let d = deployment(&s);
    assert_eq!(d.status.collision_count, Some(1));
    let names = replica_set_names(&s);
    assert_eq!(names.len(), 2, "{names:?}");
    let store = s.cluster().store();
    let released = store.get::<ReplicaSet>(&old).expect("kept");
    assert!(released.metadata.controller_of().is_none());
    assert_eq!(released.status.ready_replicas, 3, "its pods keep running");
    assert_eq!(
        d.status.ready_replicas, 3,
        "the Deployment counts only its own"
    );
    assert_eq!(pods(&s).len(), 6);
    let view = ClusterView::build(s.cluster().store(), s.cluster().now());
    let lanes: Vec<(&str, usize)> = view
        .unowned
        .iter()
        .map(|l| (l.name.as_str(), l.pods.len()))
        .collect();
    assert_eq!(
        lanes,
        [(old.as_str(), 3)],
        "the page shows it apart, with its pods"
    );
    run(
        &mut s,
        &format!("kubectl label rs {old} app=web --overwrite"),
    );
    s.advance(Duration::seconds(60));
    let store = s.cluster().store();
    let adopted = store.get::<ReplicaSet>(&old).expect("kept");
    assert_eq!(
        adopted.metadata.controller_of().map(|o| o.name.as_str()),
        Some("web")
    );
    assert_eq!(
        adopted.spec.replicas, 3,
        "the oldest with the template is the new one"
    );
    let other = names.iter().find(|n| **n != old).expect("two");
    assert_eq!(
        store.get::<ReplicaSet>(other).expect("kept").spec.replicas,
        0
    );
    assert_eq!(pods(&s).len(), 3);
}

fn replica_set_names(s: &Shell) -> Vec<String> {
    s.cluster()
        .store()
        .list::<ReplicaSet>()
        .map(|r| r.metadata.name.clone())
        .collect()
}

/// `kubectl delete --grace-period=N` sets the pod's deletion period and time from N; `--now`
/// is 1 second (both seen with `--wait=false`, as a learner would); `--grace-period=0 --force` removes the pod from the API at once (the
/// ReplicaSet replaces it in the same instant), and also takes a pod that is already
/// terminating.
#[test]
fn delete_honours_grace_period_now_and_force() {
    let mut s = shell(&[TEN, "sim wait 30s"]);
    let names: Vec<String> = pods(&s).iter().map(|p| p.metadata.name.clone()).collect();
    let now = s.cluster().now();
    let pod = |s: &Shell, n: &str| s.cluster().store().get::<Pod>(n).cloned();
    run(
        &mut s,
        &format!(
            "kubectl delete pod {} --grace-period=10 --wait=false",
            names[0]
        ),
    );
    let p = pod(&s, &names[0]).expect("terminating");
    assert_eq!(p.metadata.deletion_grace_period_seconds, Some(10));
    assert_eq!(
        p.metadata.deletion_timestamp,
        Some(now + Duration::seconds(10))
    );
    run(
        &mut s,
        &format!("kubectl delete pod {} --now --wait=false", names[1]),
    );
    let p = pod(&s, &names[1]).expect("terminating");
    assert_eq!(p.metadata.deletion_grace_period_seconds, Some(1));
    let out = run(
        &mut s,
        &format!("kubectl delete pod {} --grace-period=0 --force", names[2]),
    );
    assert!(
        out.ends_with(&format!("pod \"{}\" force deleted", names[2])),
        "{out}"
    );
    assert!(pod(&s, &names[2]).is_none(), "gone from the API at once");
    let live = |s: &Shell| {
        pods(s)
            .iter()
            .filter(|p| p.metadata.deletion_timestamp.is_none())
            .count()
    };
    assert_eq!(live(&s), 10, "replaced in the same instant");
    run(&mut s, &format!("kubectl delete pod {} --force", names[0]));
    assert!(pod(&s, &names[0]).is_none(), "a terminating pod, forced");
    assert_eq!(
        pods(&s).len(),
        11,
        "only the --now pod is still terminating"
    );
}

/// A Deployment's ReplicaSet is not the learner's to change: `kubectl scale rs` is undone by
/// the Deployment controller at once (with its ScalingReplicaSet event), and `kubectl delete
/// rs` takes the pods with it, after which the Deployment makes the ReplicaSet again.
#[test]
fn the_deployment_undoes_scaling_and_deleting_its_replica_set() {
    let mut s = shell(&[TEN, "sim wait 30s"]);
    let rs = replica_set_names(&s).remove(0);
    run(&mut s, &format!("kubectl scale rs {rs} --replicas=15"));
    let spec = |s: &Shell| {
        s.cluster()
            .store()
            .get::<ReplicaSet>(&rs)
            .map(|r| r.spec.replicas)
    };
    assert_eq!(spec(&s), Some(10), "scaled back in the same instant");
    let events = run(&mut s, "kubectl get events");
    assert!(
        events.contains(&format!("Scaled down replica set {rs} to 10 from 15")),
        "{events}"
    );
    let before: Vec<String> = pods(&s).iter().map(|p| p.metadata.name.clone()).collect();
    run(&mut s, &format!("kubectl delete rs {rs}"));
    assert_eq!(spec(&s), Some(10), "made again under the same name");
    s.advance(Duration::seconds(60));
    let after: Vec<String> = pods(&s).iter().map(|p| p.metadata.name.clone()).collect();
    assert_eq!(after.len(), 10);
    assert!(after.iter().all(|p| !before.contains(p)), "all new pods");
}

#[test]
fn a_no_execute_taint_evicts_what_does_not_tolerate_it_and_tolerations_let_pods_in() {
    let mut s = shell(&["kubectl create deployment web --image=nginx:1.25 --replicas=6"]);
    s.advance(Duration::seconds(30));
    let on = |s: &Shell, node: &str| {
        pods(s)
            .into_iter()
            .filter(|p| p.spec.node_name == node && p.metadata.deletion_timestamp.is_none())
            .count()
    };
    assert_eq!(
        on(&s, "node-3"),
        2,
        "the scheduler spreads six pods over three nodes"
    );
    assert_eq!(
        run(&mut s, "kubectl taint nodes node-3 maintenance:NoExecute"),
        "node/node-3 tainted"
    );
    // At once: both pods are marked for deletion, and their replacements go elsewhere.
    assert_eq!(on(&s, "node-3"), 0);
    let events = run(&mut s, "kubectl get events");
    assert_eq!(
        events.matches("TaintManagerEviction").count(),
        2,
        "{events}"
    );
    s.advance(Duration::seconds(60));
    assert_eq!(pods(&s).len(), 6, "terminated and replaced");
    assert!(pods(&s).iter().all(|p| p.spec.node_name != "node-3"));
    // A NoSchedule taint keeps new pods off but leaves running ones.
    run(
        &mut s,
        "kubectl taint nodes node-1 dedicated=batch:NoSchedule",
    );
    let on_node_1 = on(&s, "node-1");
    assert!(on_node_1 > 0);
    run(&mut s, "kubectl scale deployment web --replicas=12");
    s.advance(Duration::seconds(30));
    assert_eq!(on(&s, "node-1"), on_node_1, "no new pod on node-1");
    assert_eq!(on(&s, "node-2"), 12 - on_node_1);
    // A pod that tolerates both taints may go anywhere; every pod is admitted with the two
    // default NoExecute tolerations.
    let manifest = "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: tolerant\nspec:\n  replicas: 6\n  selector:\n    matchLabels:\n      app: tolerant\n  template:\n    metadata:\n      labels:\n        app: tolerant\n    spec:\n      tolerations:\n      - key: dedicated\n        value: batch\n        effect: NoSchedule\n      - operator: Exists\n        key: maintenance\n      containers:\n      - name: web\n        image: nginx:1.25\n";
    let out = s.run_with_stdin("kubectl apply -f -", Some(manifest));
    assert!(!out.failed, "{}", out.text);
    s.advance(Duration::seconds(30));
    let tolerant: Vec<&Pod> = pods(&s)
        .into_iter()
        .filter(|p| p.metadata.name.starts_with("tolerant-"))
        .collect();
    assert_eq!(tolerant.len(), 6);
    assert!(tolerant.iter().all(|p| p.status.phase == "Running"));
    assert!(tolerant.iter().any(|p| p.spec.node_name == "node-3"));
    assert!(tolerant.iter().any(|p| p.spec.node_name == "node-1"));
    let keys: Vec<&str> = tolerant[0]
        .spec
        .tolerations
        .iter()
        .map(|t| &*t.key)
        .collect();
    assert_eq!(
        keys,
        [
            "dedicated",
            "maintenance",
            "node.kubernetes.io/not-ready",
            "node.kubernetes.io/unreachable"
        ]
    );
}

#[test]
fn tolerations_are_validated_in_the_api_servers_words() {
    let mut s = shell(&[]);
    let manifest = "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  selector:\n    matchLabels:\n      app: web\n  template:\n    metadata:\n      labels:\n        app: web\n    spec:\n      tolerations:\n      - operator: Equal\n        value: x\n      - key: a\n        operator: Exists\n        value: b\n        tolerationSeconds: 5\n      - key: a\n        operator: Near\n        effect: Sometimes\n      containers:\n      - name: web\n        image: nginx:1.25\n";
    let out = s.run_with_stdin("kubectl apply -f -", Some(manifest));
    assert!(out.failed);
    assert_eq!(
        out.text,
        "The Deployment \"web\" is invalid: \n\
         * spec.template.spec.tolerations[0].operator: Invalid value: \"Equal\": operator must be Exists when `key` is empty, which means \"match all values and all keys\"\n\
         * spec.template.spec.tolerations[1].effect: Invalid value: \"\": effect must be 'NoExecute' when `tolerationSeconds` is set\n\
         * spec.template.spec.tolerations[1].operator: Invalid value: core.Toleration{Key:\"a\", Operator:\"Exists\", Value:\"b\", Effect:\"\", TolerationSeconds:(*int64)(5)}: value must be empty when `operator` is 'Exists'\n\
         * spec.template.spec.tolerations[2].operator: Unsupported value: \"Near\": supported values: \"Equal\", \"Exists\"\n\
         * spec.template.spec.tolerations[2].effect: Unsupported value: \"Sometimes\": supported values: \"NoSchedule\", \"PreferNoSchedule\", \"NoExecute\""
    );
}

#[test]
fn toleration_seconds_delay_a_taint_eviction_and_untainting_cancels_it() {
    let mut s = shell(&[]);
    let manifest = "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: patient\nspec:\n  replicas: 6\n  selector:\n    matchLabels:\n      app: patient\n  template:\n    metadata:\n      labels:\n        app: patient\n    spec:\n      tolerations:\n      - key: maintenance\n        operator: Exists\n        effect: NoExecute\n        tolerationSeconds: 60\n      containers:\n      - name: web\n        image: nginx:1.25\n";
    let out = s.run_with_stdin("kubectl apply -f -", Some(manifest));
    assert!(!out.failed, "{}", out.text);
    s.advance(Duration::seconds(30));
    let on = |s: &Shell, node: &str| -> Vec<String> {
        pods(s)
            .into_iter()
            .filter(|p| p.spec.node_name == node && p.metadata.deletion_timestamp.is_none())
            .map(|p| p.metadata.name.clone())
            .collect()
    };
    let first = on(&s, "node-3");
    assert_eq!(first.len(), 2);
    run(&mut s, "kubectl taint nodes node-3 maintenance:NoExecute");
    s.advance(Duration::seconds(59));
    assert_eq!(on(&s, "node-3"), first, "tolerated for 60 s");
    s.advance(Duration::seconds(2));
    assert!(
        on(&s, "node-3").iter().all(|p| !first.contains(p)),
        "evicted when the 60 s ran out"
    );
    let events = run(&mut s, "kubectl get events");
    for p in &first {
        assert!(
            events.contains(&format!("Marking for deletion Pod default/{p}")),
            "{events}"
        );
    }
    // Untainting before the time is up cancels the eviction, with an event.
    let second = on(&s, "node-2");
    assert!(!second.is_empty());
    run(&mut s, "kubectl taint nodes node-2 maintenance:NoExecute");
    s.advance(Duration::seconds(10));
    run(&mut s, "kubectl taint nodes node-2 maintenance-");
    s.advance(Duration::seconds(120));
    assert_eq!(on(&s, "node-2"), second, "still running on node-2");
    let events = run(&mut s, "kubectl get events");
    for p in &second {
        assert!(
            events.contains(&format!("Cancelling deletion of Pod default/{p}")),
            "{events}"
        );
    }
}

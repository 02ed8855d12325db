//! Upstream's unit-test tables, as data (`../shared/conformance/k8s-controller-cases.json`),
//! run through our functions of the same names. Every non-gated case of every family runs;
//! feature-gated cases (alpha/beta DeploymentPodReplacementPolicy and
//! DeploymentReplicaSetTerminatingReplicas behaviour) are skipped and counted.
#![cfg(not(target_arch = "wasm32"))]

use rollout_lab::kubectl::printers::{self, DaemonSetRollout, StatefulSetRollout};
use rollout_lab::sim::api::*;
use rollout_lab::sim::controller::Ctx;
use rollout_lab::sim::deployment::{progress, recreate, rolling, sync, util};
use rollout_lab::sim::rng::Pcg32;
use rollout_lab::sim::store::{Store, Table};
use rollout_lab::sim::time::Time;
use serde_json::Value;
use std::collections::BTreeMap;

fn cases() -> Value {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../shared/conformance/k8s-controller-cases.json"
    );
    let text = std::fs::read_to_string(path)
        .unwrap_or_else(|e| panic!("{path}: {e} (the shared/ folder sits beside the repo)"));
    serde_json::from_str(&text).expect("valid JSON")
}

/// Upstream timestamps can carry nanoseconds; our clock has milliseconds, so a fraction
/// beyond them rounds up (18:49:59.000000001 is after 18:49:59).
fn time(v: &Value) -> Option<Time> {
    let s = v.as_str()?;
    let t = Time::parse_rfc3339(s).ok()?;
    let frac = s
        .split_once('.')
        .map(|(_, f)| f.trim_end_matches('Z'))
        .unwrap_or("");
    Some(if frac.len() > 3 && frac[3..].bytes().any(|b| b != b'0') {
        Time(t.0 + 1)
    } else {
        t
    })
}

/// "now" in the tables: a timestamp, or the real wall clock (long after every case's times).
fn now(v: &Value) -> Time {
    time(v).unwrap_or_else(|| Time::parse_rfc3339("2026-01-01T00:00:00Z").unwrap())
}

fn int_or_string(v: &Value) -> Option<IntOrString> {
    match v {
        Value::Number(n) => Some(IntOrString::Int(n.as_i64().unwrap() as i32)),
        Value::String(s) => Some(IntOrString::String(s.clone())),
        _ => None,
    }
}

fn i(v: &Value) -> i32 {
    v.as_i64().unwrap_or(0) as i32
}

fn annotations(v: &Value) -> BTreeMap<String, String> {
    v.as_object()
        .map(|m| {
            m.iter()
                .map(|(k, v)| (k.clone(), v.as_str().unwrap_or_default().to_string()))
                .collect()
        })
        .unwrap_or_default()
}

fn template(v: &Value) -> PodTemplateSpec {
    let containers = v["containers"]
        .as_array()
        .map(|cs| {
            cs.iter()
                .map(|c| Container {
                    name: c["name"].as_str().unwrap().into(),
                    image: c["image"].as_str().unwrap().into(),
                    ..Default::default()
                })
                .collect()
        })
        .unwrap_or_default();
    PodTemplateSpec {
        metadata: ObjectMeta {
            labels: annotations(&v["labels"]).into(),
            ..Default::default()
        },
        spec: PodSpec {
            containers,
            ..Default::default()
        },
    }
}

fn rs(v: &Value) -> ReplicaSet {
    let s = &v["status"];
    ReplicaSet {
        metadata: ObjectMeta {
            name: v["name"].as_str().unwrap_or("rs").into(),
            uid: v["uid"]
                .as_str()
                .map(str::to_string)
                .unwrap_or_else(|| format!("uid-{}", v["name"].as_str().unwrap_or("rs"))),
            creation_timestamp: time(&v["created"]),
            deletion_timestamp: v["deletion_timestamp_set"]
                .as_bool()
                .filter(|b| *b)
                .map(|_| Time(0)),
            annotations: annotations(&v["annotations"]),
            ..Default::default()
        },
        spec: ReplicaSetSpec {
            replicas: i(&v["spec_replicas"]),
            template: template(&v["template"]),
            ..Default::default()
        },
        status: ReplicaSetStatus {
            replicas: i(&s["replicas"]),
            ready_replicas: i(&s["ready_replicas"]),
            available_replicas: i(&s["available_replicas"]),
            observed_generation: s["observed_generation"].as_i64().unwrap_or(0),
            terminating_replicas: s["terminating_replicas"].as_i64().map(|n| n as i32),
            ..Default::default()
        },
        ..Default::default()
    }
}

fn status(v: &Value) -> DeploymentStatus {
    DeploymentStatus {
        replicas: i(&v["replicas"]),
        updated_replicas: i(&v["updatedReplicas"]),
        ready_replicas: i(&v["readyReplicas"]),
        available_replicas: i(&v["availableReplicas"]),
        observed_generation: v["observedGeneration"].as_i64().unwrap_or(0),
        ..Default::default()
    }
}

fn condition(v: &Value) -> Condition {
    Condition {
        type_: v["type"].as_str().unwrap_or_default().to_string().into(),
        status: v["status"].as_str().unwrap_or_default().to_string().into(),
        reason: v["reason"].as_str().unwrap_or_default().to_string().into(),
        last_update_time: time(&v["lastUpdateTime"]),
        last_transition_time: time(&v["lastTransitionTime"]),
        ..Default::default()
    }
}

fn deployment(v: &Value) -> Deployment {
    let strategy = &v["strategy"];
    let type_ = if strategy["type"] == "Recreate" {
        DeploymentStrategyType::Recreate
    } else {
        DeploymentStrategyType::RollingUpdate
    };
    let rolling_update =
        (type_ == DeploymentStrategyType::RollingUpdate).then(|| RollingUpdateDeployment {
            max_surge: int_or_string(&strategy["maxSurge"]),
            max_unavailable: int_or_string(&strategy["maxUnavailable"]),
        });
    let mut status = status(&v["status"]);
    status.conditions = v["conditions"]
        .as_array()
        .map(|cs| cs.iter().map(condition).collect())
        .unwrap_or_default();
    Deployment {
        metadata: ObjectMeta {
            name: v["name"].as_str().unwrap_or("foo").into(),
            uid: "deployment-uid".into(),
            generation: v["generation"].as_i64().unwrap_or(0),
            ..Default::default()
        },
        spec: DeploymentSpec {
            replicas: v["replicas"].as_i64().map(|n| n as i32),
            strategy: DeploymentStrategy {
                type_,
                rolling_update,
            },
            progress_deadline_seconds: v["progressDeadlineSeconds"].as_i64().map(|n| n as i32),
            revision_history_limit: v["revisionHistoryLimit"].as_i64().map(|n| n as i32),
            ..Default::default()
        },
        status,
        ..Default::default()
    }
}

/// A store holding these ReplicaSets (as given: timestamps and generations untouched).
fn store_with(d: Option<&Deployment>, rss: &[ReplicaSet]) -> Store {
    let mut store = Store::default();
    if let Some(d) = d {
        store.deployments.insert(d.metadata.name.clone(), d.clone());
    }
    for r in rss {
        store
            .replica_sets
            .insert(r.metadata.name.clone(), r.clone());
    }
    store
}

fn with_ctx<T>(store: &mut Store, now: Time, f: impl FnOnce(&mut Ctx<'_>) -> T) -> T {
    let mut rng = Pcg32::new(1);
    let mut ctx = Ctx {
        store,
        now,
        rng: &mut rng,
        requeue: None,
    };
    f(&mut ctx)
}

fn names(rss: &[ReplicaSet]) -> Vec<String> {
    rss.iter().map(|r| r.metadata.name.clone()).collect()
}

/// Runs one case; Err says what differed.
fn run(family: &str, input: &Value, expected: &Value) -> Result<(), String> {
    let check = |what: &str, got: Value, want: &Value| {
        if &got == want {
            Ok(())
        } else {
            Err(format!("{what}: got {got}, want {want}"))
        }
    };
    match family {
        "resolve_fenceposts" => {
            let (surge, unavailable, error) = match util::resolve_fenceposts(
                int_or_string(&input["maxSurge"]).as_ref(),
                int_or_string(&input["maxUnavailable"]).as_ref(),
                i(&input["desired"]),
            ) {
                Ok((s, u)) => (s, u, false),
                Err(_) => (0, 0, true),
            };
            check("surge", surge.into(), &expected["surge"])?;
            check("unavailable", unavailable.into(), &expected["unavailable"])?;
            check("error", error.into(), &expected["error"])
        }
        "new_rs_new_replicas" => {
            let d = deployment(&input["deployment"]);
            let all: Vec<ReplicaSet> = input["all_rss"]
                .as_array()
                .unwrap()
                .iter()
                .map(rs)
                .collect();
            let refs: Vec<&ReplicaSet> = all.iter().collect();
            let got = util::new_rs_new_replicas(&d, &refs, &rs(&input["new_rs"]))
                .map_err(|e| e.to_string())?;
            check("new_rs_replicas", got.into(), &expected["new_rs_replicas"])
        }
        "replica_counts" => {
            let all: Vec<ReplicaSet> = input["replica_sets"]
                .as_array()
                .unwrap()
                .iter()
                .map(rs)
                .collect();
            check(
                "sum_spec_replicas",
                util::get_replica_count_for_replica_sets(&all).into(),
                &expected["sum_spec_replicas"],
            )?;
            check(
                "sum_status_replicas",
                util::get_actual_replica_count_for_replica_sets(&all).into(),
                &expected["sum_status_replicas"],
            )?;
            let terminating = util::get_terminating_replica_count_for_replica_sets(&all);
            check(
                "sum_terminating_replicas",
                serde_json::to_value(terminating).unwrap(),
                &expected["sum_terminating_replicas"],
            )
        }
        "deployment_complete" => {
            let d = deployment(&input["deployment"]);
            check(
                "complete",
                util::deployment_complete(&d, &status(&input["new_status"])).into(),
                &expected["complete"],
            )
        }
        "deployment_progressing" => {
            let d = Deployment {
                status: status(&input["old_status"]),
                ..Default::default()
            };
            check(
                "progressing",
                util::deployment_progressing(&d, &status(&input["new_status"])).into(),
                &expected["progressing"],
            )
        }
        "deployment_timed_out" => {
            let mut d = Deployment::default();
            d.spec.progress_deadline_seconds =
                input["progressDeadlineSeconds"].as_i64().map(|n| n as i32);
            d.status
                .conditions
                .push(condition(&input["progressing_condition"]));
            let got = util::deployment_timed_out(&d, &d.status.clone(), now(&input["now"]));
            check("timed_out", got.into(), &expected["timed_out"])
        }
        "max_unavailable" => check(
            "max_unavailable",
            util::max_unavailable(&deployment(&input["deployment"])).into(),
            &expected["max_unavailable"],
        ),
        "min_available" => check(
            "min_available",
            util::min_available(&deployment(&input["deployment"])).into(),
            &expected["min_available"],
        ),
        "get_replica_set_fraction" => {
            let d = deployment(&input["deployment"]);
            check(
                "fraction",
                sync::get_replica_set_fraction(&rs(&input["rs"]), &d).into(),
                &expected["fraction"],
            )
        }
        "replicas_annotations_need_update" => {
            let r = ReplicaSet {
                metadata: ObjectMeta {
                    annotations: annotations(&input["rs_annotations"]),
                    ..Default::default()
                },
                ..Default::default()
            };
            let got = util::replicas_annotations_need_update(
                &r,
                i(&input["desired_replicas"]),
                i(&input["max_replicas"]),
            );
            check("needs_update", got.into(), &expected["needs_update"])
        }
        "get_nonnegative_int32_from_annotation" => {
            let r = ReplicaSet {
                metadata: ObjectMeta {
                    annotations: annotations(&input["annotations"]),
                    ..Default::default()
                },
                ..Default::default()
            };
            let (value, valid, err) =
                util::get_non_negative_int32_from_annotation(&r, input["key"].as_str().unwrap());
            check("value", value.into(), &expected["value"])?;
            check("valid", valid.into(), &expected["valid"])?;
            match (expected["error_contains"].as_str(), err) {
                (None, None) => Ok(()),
                (Some(want), Some(got)) if got.contains(want) => Ok(()),
                (want, got) => Err(format!("error: got {got:?}, want one containing {want:?}")),
            }
        }
        "annotation_utils" => {
            if let Some(steps) = input["steps"].as_array() {
                let d = Deployment {
                    metadata: ObjectMeta {
                        annotations: annotations(&input["deployment_annotations"]),
                        ..Default::default()
                    },
                    ..Default::default()
                };
                let mut r = ReplicaSet {
                    metadata: ObjectMeta {
                        annotations: annotations(&input["rs_annotations_initial"]),
                        ..Default::default()
                    },
                    ..Default::default()
                };
                for step in steps {
                    let call = step["call"].as_str().unwrap();
                    let rev = call
                        .split("newRevision=")
                        .nth(1)
                        .and_then(|s| s.split(',').next())
                        .unwrap();
                    let limit: usize = call
                        .split("revHistoryLimitInChars=")
                        .nth(1)
                        .and_then(|s| s.trim_end_matches(')').parse().ok())
                        .unwrap();
                    util::set_new_replica_set_annotations(&d, &mut r, rev, true, limit);
                    check(
                        call,
                        r.metadata
                            .annotations
                            .get(REVISION_ANNOTATION)
                            .cloned()
                            .into(),
                        &step["expected_revision"],
                    )?;
                    if let Some(h) = step.get("expected_revision_history") {
                        check(
                            call,
                            r.metadata
                                .annotations
                                .get(REVISION_HISTORY_ANNOTATION)
                                .cloned()
                                .into(),
                            h,
                        )?;
                    }
                }
                Ok(())
            } else if input.get("desired").is_some() {
                let mut r = ReplicaSet::default();
                let updated =
                    util::set_replicas_annotations(&mut r, i(&input["desired"]), i(&input["max"]));
                check("updated", updated.into(), &expected["updated"])?;
                check(
                    "annotations",
                    serde_json::to_value(&r.metadata.annotations).unwrap(),
                    &expected["annotations"],
                )
            } else {
                let d = deployment(&input["deployment"]);
                check(
                    "saturated",
                    util::is_saturated(&d, Some(&rs(&input["rs"]))).into(),
                    &expected["saturated"],
                )
            }
        }
        "equal_ignore_hash" => {
            let t = |v: &Value| PodTemplateSpec {
                metadata: ObjectMeta {
                    name: v["metadata"]["name"].as_str().unwrap_or_default().into(),
                    labels: annotations(&v["metadata"]["labels"]).into(),
                    annotations: annotations(&v["metadata"]["annotations"]),
                    ..Default::default()
                },
                spec: PodSpec {
                    node_name: v["spec"]["nodeName"].as_str().unwrap_or_default().into(),
                    ..Default::default()
                },
            };
            let (a, b) = (t(&input["template1"]), t(&input["template2"]));
            check(
                "equal",
                util::equal_ignore_hash(&a, &b).into(),
                &expected["equal"],
            )?;
            check(
                "equal (swapped)",
                util::equal_ignore_hash(&b, &a).into(),
                &expected["equal"],
            )
        }
        "find_new_replica_set" | "find_old_replica_sets" => {
            let d = Deployment {
                spec: DeploymentSpec {
                    template: template(&input["deployment_template"]),
                    ..Default::default()
                },
                ..Default::default()
            };
            let all: Vec<ReplicaSet> = input["rs_list"]
                .as_array()
                .unwrap()
                .iter()
                .map(rs)
                .collect();
            let refs: Vec<&ReplicaSet> = all.iter().collect();
            if family == "find_new_replica_set" {
                let got = util::find_new_replica_set(&d, &refs).map(|r| r.metadata.name.clone());
                check("new_rs", got.into(), &expected["new_rs"])
            } else {
                let (required, all_old) = util::find_old_replica_sets(&d, &refs);
                let sorted = |v: Vec<&ReplicaSet>| {
                    let mut n: Vec<String> = v.iter().map(|r| r.metadata.name.clone()).collect();
                    n.sort();
                    Value::from(n)
                };
                let want = |k: &str| {
                    let mut n: Vec<String> = serde_json::from_value(expected[k].clone()).unwrap();
                    n.sort();
                    Value::from(n)
                };
                check("all_old", sorted(all_old), &want("all_old"))?;
                check(
                    "required",
                    sorted(required),
                    &want("required_old_with_nonzero_spec"),
                )
            }
        }
        "reconcile_new_replica_set" => {
            let d = deployment(&input["deployment"]);
            let (new, old) = (rs(&input["new_rs"]), rs(&input["old_rs"]));
            let mut store = store_with(Some(&d), &[new.clone(), old.clone()]);
            let all = names(&[new.clone(), old]);
            let scaled = with_ctx(&mut store, now(&Value::Null), |ctx| {
                rolling::reconcile_new_replica_set(ctx, &all, &new.metadata.name, &d)
            });
            check("error", scaled.is_err().into(), &expected["error"])?;
            check(
                "scaled",
                scaled.unwrap_or(false).into(),
                &expected["scaled"],
            )?;
            check(
                "new_rs_replicas",
                store.replica_sets[&new.metadata.name].spec.replicas.into(),
                &expected["new_rs_replicas"],
            )
        }
        "reconcile_old_replica_sets" => {
            let d = deployment(&input["deployment"]);
            let (new, old) = (rs(&input["new_rs"]), rs(&input["old_rs"]));
            let mut store = store_with(Some(&d), &[new.clone(), old.clone()]);
            let all = names(&[old.clone(), new.clone()]);
            let scaled = with_ctx(&mut store, now(&Value::Null), |ctx| {
                rolling::reconcile_old_replica_sets(
                    ctx,
                    &all,
                    &names(&[old]),
                    Some(&new.metadata.name),
                    &d,
                )
            })?;
            check("scaled", scaled.into(), &expected["scaled"])
        }
        "cleanup_unhealthy_replicas" => {
            let d = deployment(&input["deployment"]);
            let old = rs(&input["old_rs"]);
            let mut store = store_with(Some(&d), std::slice::from_ref(&old));
            let count = with_ctx(&mut store, now(&Value::Null), |ctx| {
                rolling::cleanup_unhealthy_replicas(
                    ctx,
                    &names(&[old]),
                    &d,
                    i(&input["max_cleanup_count"]),
                )
            })?;
            check("cleanup_count", count.into(), &expected["cleanup_count"])
        }
        "scale_down_old_replica_sets_for_rolling_update" => {
            let d = deployment(&input["deployment"]);
            let old = rs(&input["old_rs"]);
            let mut store = store_with(Some(&d), std::slice::from_ref(&old));
            let n = names(std::slice::from_ref(&old));
            let count = with_ctx(&mut store, now(&Value::Null), |ctx| {
                rolling::scale_down_old_replica_sets_for_rolling_update(ctx, &n, &n, &d)
            })?;
            check(
                "scaled_down_count",
                count.into(),
                &expected["scaled_down_count"],
            )?;
            check("scaled", (count > 0).into(), &expected["scaled"])?;
            if expected["scaled"] == true {
                check(
                    "old_rs_replicas",
                    store.replica_sets[&old.metadata.name].spec.replicas.into(),
                    &expected["old_rs_replicas"],
                )?;
            }
            Ok(())
        }
        "scale" => {
            let d = deployment(&input["deployment"]);
            let old_replicas = i(&input["old_deployment_replicas_used_for_annotations"]);
            let old_d = Deployment {
                spec: DeploymentSpec {
                    replicas: Some(old_replicas),
                    ..d.spec.clone()
                },
                ..d.clone()
            };
            let with_annotations = |v: &Value| {
                let mut r = rs(v);
                if v.get("annotations").is_none() {
                    util::set_replicas_annotations(
                        &mut r,
                        old_replicas,
                        old_replicas + util::max_surge(&old_d),
                    );
                }
                r
            };
            let new = input["new_rs"]
                .is_object()
                .then(|| with_annotations(&input["new_rs"]));
            let old: Vec<ReplicaSet> = input["old_rss"]
                .as_array()
                .unwrap()
                .iter()
                .map(with_annotations)
                .collect();
            let mut all = old.clone();
            all.extend(new.clone());
            let mut store = store_with(Some(&d), &all);
            let old_names = names(&old);
            let new_name = new.as_ref().map(|r| r.metadata.name.clone());
            with_ctx(&mut store, now(&Value::Null), |ctx| {
                sync::scale(ctx, &d, new_name.as_deref(), &old_names)
            })?;
            let got_new = new_name.map(|n| store.replica_sets[&n].spec.replicas);
            check(
                "new_rs_replicas",
                got_new.into(),
                &expected["new_rs_replicas"],
            )?;
            let got_old: Vec<i32> = old_names
                .iter()
                .map(|n| store.replica_sets[n].spec.replicas)
                .collect();
            check(
                "old_rss_replicas",
                got_old.into(),
                &expected["old_rss_replicas"],
            )
        }
        "cleanup_deployment" | "cleanup_deployment_order" => {
            let mut d = Deployment::default();
            d.spec.revision_history_limit =
                input["revisionHistoryLimit"].as_i64().map(|n| n as i32);
            let old: Vec<ReplicaSet> = input["old_rss"]
                .as_array()
                .unwrap()
                .iter()
                .map(rs)
                .collect();
            let mut store = store_with(None, &old);
            let old_names = names(&old);
            with_ctx(&mut store, now(&Value::Null), |ctx| {
                sync::cleanup_deployment(ctx, &old_names, &d)
            })?;
            let deleted: Vec<String> = old_names
                .iter()
                .filter(|n| !store.contains::<ReplicaSet>(n))
                .cloned()
                .collect();
            if family == "cleanup_deployment" {
                check("deletions", deleted.len().into(), &expected["deletions"])
            } else {
                check("deleted", deleted.into(), &expected["deleted"])
            }
        }
        "generate_replica_set_name" => {
            // The table writes long names as `a*242 + '-abcde12345'`: x*N repeats, quotes are literal.
            let expand_all = |s: &str| -> String {
                s.split(" + ")
                    .map(|term| {
                        let term = term.trim();
                        if let Some(lit) =
                            term.strip_prefix('\'').and_then(|t| t.strip_suffix('\''))
                        {
                            lit.to_string()
                        } else if let Some((c, n)) = term
                            .split_once('*')
                            .filter(|(_, n)| n.parse::<usize>().is_ok())
                        {
                            c.repeat(n.parse().unwrap())
                        } else {
                            term.to_string()
                        }
                    })
                    .collect()
            };
            let got = util::generate_replica_set_name(
                &expand_all(input["deployment_name"].as_str().unwrap()),
                &expand_all(input["hash"].as_str().unwrap()),
            );
            check(
                "name",
                Value::from(got),
                &Value::from(expand_all(expected["name"].as_str().unwrap())),
            )
        }
        "requeue_stuck_deployment" => {
            let d = deployment(&input["deployment"]);
            let got = progress::requeue_stuck_deployment(
                &d,
                &status(&input["new_status"]),
                now(&input["now"]),
            );
            let secs = match got {
                None => -1,
                Some(after) => after.as_secs(),
            };
            check(
                "requeue_after_seconds",
                secs.into(),
                &expected["requeue_after_seconds"],
            )
        }
        "sync_rollout_status" => {
            let d = deployment(&input["deployment"]);
            let mut all: Vec<ReplicaSet> = input["all_rss_excluding_new"]
                .as_array()
                .unwrap()
                .iter()
                .map(rs)
                .collect();
            let new = input["new_rs"].is_object().then(|| rs(&input["new_rs"]));
            all.extend(new.clone());
            let mut store = store_with(Some(&d), &all);
            let all_names = names(&all);
            let new_name = new.map(|r| r.metadata.name);
            with_ctx(&mut store, now(&input["now"]), |ctx| {
                progress::sync_rollout_status(ctx, &all_names, new_name.as_deref(), &d)
            })?;
            let cond = store.deployments[&d.metadata.name]
                .condition(CONDITION_PROGRESSING)
                .map(|c| serde_json::json!({"status": c.status, "reason": c.reason}));
            check(
                "progressing_condition",
                cond.into(),
                &expected["progressing_condition"],
            )
        }
        "old_pods_running" => {
            let new = input["new_rs"].is_object().then(|| rs(&input["new_rs"]));
            let old: Vec<ReplicaSet> = input["old_rss"]
                .as_array()
                .unwrap()
                .iter()
                .map(rs)
                .collect();
            let pods: Vec<(String, Pod)> = input["pod_map_phases_by_rs_uid"]
                .as_object()
                .unwrap()
                .iter()
                .flat_map(|(uid, phases)| {
                    phases.as_array().unwrap().iter().map(move |p| {
                        (
                            uid.clone(),
                            Pod {
                                status: PodStatus {
                                    phase: p.as_str().unwrap().into(),
                                    ..Default::default()
                                },
                                ..Default::default()
                            },
                        )
                    })
                })
                .collect();
            let mut map: BTreeMap<String, Vec<&Pod>> = input["pod_map_phases_by_rs_uid"]
                .as_object()
                .unwrap()
                .keys()
                .map(|uid| (uid.clone(), Vec::new()))
                .collect();
            for (uid, pod) in &pods {
                map.get_mut(uid).unwrap().push(pod);
            }
            let old_refs: Vec<&ReplicaSet> = old.iter().collect();
            let got = recreate::old_pods_running(new.as_ref(), &old_refs, &map);
            check(
                "old_pods_running",
                got.into(),
                &expected["old_pods_running"],
            )
        }
        "kubectl_rollout_status_deployment" => {
            let mut d = deployment(&input["deployment"]);
            d.metadata.name = input["deployment"]["name"].as_str().unwrap().into();
            status_result(printers::deployment_status(&d, 0), expected)
        }
        "kubectl_rollout_status_daemonset" => {
            let v = &input["daemonset"];
            let s = &v["status"];
            let ds = DaemonSetRollout {
                name: v["name"].as_str().unwrap().into(),
                generation: v["generation"].as_i64().unwrap_or(0),
                rolling_update: v["updateStrategy"]["type"] == "RollingUpdate",
                observed_generation: s["observedGeneration"].as_i64().unwrap_or(0),
                updated_number_scheduled: i(&s["updatedNumberScheduled"]),
                desired_number_scheduled: i(&s["desiredNumberScheduled"]),
                number_available: i(&s["numberAvailable"]),
            };
            status_result(printers::daemon_set_status(&ds), expected)
        }
        "kubectl_rollout_status_statefulset" => {
            let v = &input["statefulset"];
            let s = &v["status"];
            let sts = StatefulSetRollout {
                replicas: i(&v["replicas"]),
                generation: v["generation"].as_i64().unwrap_or(0),
                rolling_update: v["updateStrategy"]["type"] == "RollingUpdate",
                partition: v["updateStrategy"]["rollingUpdate"]["partition"]
                    .as_i64()
                    .map(|p| p as i32),
                observed_generation: s["observedGeneration"].as_i64().unwrap_or(0),
                ready_replicas: i(&s["readyReplicas"]),
                updated_replicas: i(&s["updatedReplicas"]),
                current_replicas: i(&s["currentReplicas"]),
                current_revision: s["currentRevision"].as_str().unwrap_or_default().into(),
                update_revision: s["updateRevision"].as_str().unwrap_or_default().into(),
            };
            status_result(printers::stateful_set_status(&sts), expected)
        }
        "kubectl_rollout_history" => {
            if let Some(view) = input["view_history_output"].as_str() {
                let revision = input["revision_flag"].as_i64().unwrap_or(0);
                return check(
                    "stdout",
                    Value::from(printers::history_cli_output("foo", revision, view)),
                    &expected["stdout"],
                );
            }
            let name = input["deployment"].as_str().unwrap();
            let d = Deployment {
                metadata: ObjectMeta {
                    name: name.into(),
                    uid: "deployment-uid".into(),
                    ..Default::default()
                },
                ..Default::default()
            };
            let mut rss: Vec<ReplicaSet> = input["replica_sets"]
                .as_array()
                .unwrap()
                .iter()
                .map(rs)
                .collect();
            for r in &mut rss {
                r.metadata.owner_references.push(OwnerReference {
                    uid: "deployment-uid".into(),
                    controller: Some(true),
                    ..Default::default()
                });
            }
            let store = store_with(Some(&d), &rss);
            let got = printers::view_history(&store, &d, input["revision"].as_i64().unwrap_or(0))?;
            check("output", Value::from(got), &expected["output"])
        }
        other => Err(format!("no adapter for family {other}")),
    }
}

fn status_result(got: Result<(String, bool), String>, expected: &Value) -> Result<(), String> {
    match (got, expected["error"].as_str()) {
        (Err(e), Some(want)) if e == want => Ok(()),
        (Ok((msg, done)), None)
            if expected["message"].as_str() == Some(msg.as_str())
                && expected["done"].as_bool() == Some(done) =>
        {
            Ok(())
        }
        (got, _) => Err(format!("got {got:?}, want {expected}")),
    }
}

#[test]
fn upstream_tables() {
    let data = cases();
    let mut passed: BTreeMap<String, usize> = BTreeMap::new();
    let mut skipped_gated = 0;
    let mut failures = Vec::new();
    let all = data["cases"].as_array().unwrap();
    for case in all {
        if !case["requires_feature_gates"].is_null() {
            skipped_gated += 1;
            continue;
        }
        let family = case["family"].as_str().unwrap();
        match run(family, &case["input"], &case["expected"]) {
            Ok(()) => *passed.entry(family.to_string()).or_default() += 1,
            Err(e) => failures.push(format!(
                "{} ({}): {e}",
                case["id"].as_str().unwrap(),
                case["case_name"].as_str().unwrap_or("")
            )),
        }
    }
    let total: usize = passed.values().sum();
    println!("conformance: {total} non-gated cases passed, {skipped_gated} feature-gated cases skipped (alpha/beta behaviour)");
    for (family, n) in &passed {
        println!("  {family:<48}{n:>4}");
    }
    assert!(
        failures.is_empty(),
        "{} of {} cases failed:\n{}",
        failures.len(),
        all.len() - skipped_gated,
        failures.join("\n")
    );
    assert_eq!(
        total + skipped_gated,
        all.len(),
        "every case ran or was skipped as gated"
    );
    assert_eq!(
        all.len() as u64,
        data["meta"]["case_count"].as_u64().unwrap()
    );
}

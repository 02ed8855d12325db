//! A Deployment read out of a manifest's JSON value: what `serde_json::from_value` did with the
//! derived `Deserialize` impls, and in its words (`invalid type: string "3", expected i32`,
//! `missing field `name``, `unknown variant `Blue`, expected `RollingUpdate` or `Recreate``),
//! written out by hand because serde's visitors cost ~30 KB of the gzipped wasm.
//! Unknown fields are ignored, as there. One difference, on purpose: a list where an object is
//! expected is refused (`invalid type: sequence, expected struct Container`), as the API server
//! refuses it; serde read such a list field by field, in declaration order.

use crate::sim::api::*;
use crate::sim::time::Time;
use serde_json::Value;
use std::collections::BTreeMap;

type R<T> = Result<T, String>;

/// Every reader fills a field in place from a value: a field is one call, and nothing large
/// is moved or dropped on the way.
type Fill<T> = fn(&mut T, &Value) -> R<()>;

/// The value as serde_json names it in an error (`serde_json::value::Value::unexpected`).
fn unexpected(v: &Value) -> String {
    match v {
        Value::Null => "null".into(),
        Value::Bool(b) => format!("boolean `{b}`"),
        Value::Number(n) if n.is_f64() => format!("floating point `{n}`"),
        Value::Number(n) => format!("integer `{n}`"),
        Value::String(s) => format!("string {s:?}"),
        Value::Array(_) => "sequence".into(),
        Value::Object(_) => "map".into(),
    }
}

fn invalid_type(v: &Value, expected: &str) -> String {
    format!("invalid type: {}, expected {expected}", unexpected(v))
}

/// Calls `field` with each key and value of an object, in the map's (sorted) order.
fn each_field(v: &Value, name: &str, field: &mut dyn FnMut(&str, &Value) -> R<()>) -> R<()> {
    match v {
        Value::Object(m) => {
            for (k, v) in m {
                field(k, v)?;
            }
            Ok(())
        }
        _ => Err(invalid_type(v, &format!("struct {name}"))),
    }
}

/// The first required field not seen, in declaration order, as serde reports it.
fn required(seen: &[bool], names: &[&str]) -> R<()> {
    match seen.iter().position(|s| !s) {
        Some(i) => Err(format!("missing field `{}`", names[i])),
        None => Ok(()),
    }
}

fn string(out: &mut String, v: &Value) -> R<()> {
    match v {
        Value::String(s) => {
            out.clone_from(s);
            Ok(())
        }
        _ => Err(invalid_type(v, "a string")),
    }
}

fn text(out: &mut Text, v: &Value) -> R<()> {
    match v {
        Value::String(s) => {
            *out = Text::Owned(s.clone());
            Ok(())
        }
        _ => Err(invalid_type(v, "a string")),
    }
}

fn boolean(out: &mut bool, v: &Value) -> R<()> {
    *out = v.as_bool().ok_or_else(|| invalid_type(v, "a boolean"))?;
    Ok(())
}

/// An integer in `min..=max`, named `name` (`i32`, `i64`) in errors.
fn integer(v: &Value, name: &str, min: i64, max: i64) -> R<i64> {
    let Value::Number(n) = v else {
        return Err(invalid_type(v, name));
    };
    if let Some(u) = n.as_u64() {
        if u <= max as u64 {
            return Ok(u as i64);
        }
    } else if let Some(i) = n.as_i64() {
        if i >= min {
            return Ok(i);
        }
    } else {
        return Err(invalid_type(v, name));
    }
    Err(format!("invalid value: integer `{n}`, expected {name}"))
}

fn int32(out: &mut i32, v: &Value) -> R<()> {
    *out = integer(v, "i32", i32::MIN.into(), i32::MAX.into())? as i32;
    Ok(())
}

fn int64(out: &mut i64, v: &Value) -> R<()> {
    *out = integer(v, "i64", i64::MIN, i64::MAX)?;
    Ok(())
}

fn time(out: &mut Time, v: &Value) -> R<()> {
    let mut s = String::new();
    string(&mut s, v)?;
    *out = Time::parse_rfc3339(&s)?;
    Ok(())
}

/// `null` is `None`.
fn opt<T: Default>(out: &mut Option<T>, v: &Value, fill: Fill<T>) -> R<()> {
    if !v.is_null() {
        fill(out.insert(T::default()), v)?;
    }
    Ok(())
}

fn list<T: Default>(out: &mut Vec<T>, v: &Value, fill: Fill<T>) -> R<()> {
    let Value::Array(items) = v else {
        return Err(invalid_type(v, "a sequence"));
    };
    for item in items {
        let mut t = T::default();
        fill(&mut t, item)?;
        out.push(t);
    }
    Ok(())
}

fn strings(out: &mut Vec<String>, v: &Value) -> R<()> {
    list(out, v, string)
}

fn string_map(out: &mut BTreeMap<String, String>, v: &Value) -> R<()> {
    let Value::Object(m) = v else {
        return Err(invalid_type(v, "a map"));
    };
    for (k, v) in m {
        let mut s = String::new();
        string(&mut s, v)?;
        out.insert(k.clone(), s);
    }
    Ok(())
}

/// `#[serde(untagged)]`: an `i32`, else a string.
fn int_or_string(out: &mut IntOrString, v: &Value) -> R<()> {
    let mut n = 0;
    *out = match v {
        _ if int32(&mut n, v).is_ok() => IntOrString::Int(n),
        Value::String(s) => IntOrString::String(s.clone()),
        _ => return Err("data did not match any variant of untagged enum IntOrString".into()),
    };
    Ok(())
}

/// The Deployment in a manifest, as `serde_json::from_value::<Deployment>` read it.
pub fn deployment(v: &Value) -> R<Deployment> {
    let mut d = Deployment::default();
    each_field(v, "Deployment", &mut |k, v| match k {
        "apiVersion" => string(&mut d.api_version, v),
        "kind" => string(&mut d.kind, v),
        "metadata" => object_meta(&mut d.metadata, v),
        "spec" => deployment_spec(&mut d.spec, v),
        "status" => deployment_status(&mut d.status, v),
        _ => Ok(()),
    })?;
    Ok(d)
}

fn object_meta(m: &mut ObjectMeta, v: &Value) -> R<()> {
    each_field(v, "ObjectMeta", &mut |k, v| match k {
        "name" => string(&mut m.name, v),
        "generateName" => string(&mut m.generate_name, v),
        "namespace" => string(&mut m.namespace, v),
        "uid" => string(&mut m.uid, v),
        "resourceVersion" => string(&mut m.resource_version, v),
        "generation" => int64(&mut m.generation, v),
        "creationTimestamp" => opt(&mut m.creation_timestamp, v, time),
        "deletionTimestamp" => opt(&mut m.deletion_timestamp, v, time),
        "deletionGracePeriodSeconds" => opt(&mut m.deletion_grace_period_seconds, v, int64),
        "labels" => string_map(&mut m.labels, v),
        "annotations" => string_map(&mut m.annotations, v),
        "ownerReferences" => list(&mut m.owner_references, v, owner_reference),
        _ => Ok(()),
    })
}

fn owner_reference(r: &mut OwnerReference, v: &Value) -> R<()> {
    let mut seen = [false; 4];
    each_field(v, "OwnerReference", &mut |k, v| match k {
        "apiVersion" => {
            seen[0] = true;
            string(&mut r.api_version, v)
        }
        "kind" => {
            seen[1] = true;
            string(&mut r.kind, v)
        }
        "name" => {
            seen[2] = true;
            string(&mut r.name, v)
        }
        "uid" => {
            seen[3] = true;
            string(&mut r.uid, v)
        }
        "controller" => opt(&mut r.controller, v, boolean),
        "blockOwnerDeletion" => opt(&mut r.block_owner_deletion, v, boolean),
        _ => Ok(()),
    })?;
    required(&seen, &["apiVersion", "kind", "name", "uid"])
}

fn deployment_spec(s: &mut DeploymentSpec, v: &Value) -> R<()> {
    each_field(v, "DeploymentSpec", &mut |k, v| match k {
        "replicas" => opt(&mut s.replicas, v, int32),
        "selector" => label_selector(&mut s.selector, v),
        "template" => pod_template_spec(&mut s.template, v),
        "strategy" => deployment_strategy(&mut s.strategy, v),
        "minReadySeconds" => int32(&mut s.min_ready_seconds, v),
        "revisionHistoryLimit" => opt(&mut s.revision_history_limit, v, int32),
        "paused" => boolean(&mut s.paused, v),
        "progressDeadlineSeconds" => opt(&mut s.progress_deadline_seconds, v, int32),
        _ => Ok(()),
    })
}

fn label_selector(s: &mut LabelSelector, v: &Value) -> R<()> {
    each_field(v, "LabelSelector", &mut |k, v| match k {
        "matchLabels" => string_map(&mut s.match_labels, v),
        "matchExpressions" => list(&mut s.match_expressions, v, label_selector_requirement),
        _ => Ok(()),
    })
}

fn label_selector_requirement(r: &mut LabelSelectorRequirement, v: &Value) -> R<()> {
    let mut seen = [false; 2];
    each_field(v, "LabelSelectorRequirement", &mut |k, v| match k {
        "key" => {
            seen[0] = true;
            string(&mut r.key, v)
        }
        "operator" => {
            seen[1] = true;
            string(&mut r.operator, v)
        }
        "values" => strings(&mut r.values, v),
        _ => Ok(()),
    })?;
    required(&seen, &["key", "operator"])
}

fn pod_template_spec(t: &mut PodTemplateSpec, v: &Value) -> R<()> {
    each_field(v, "PodTemplateSpec", &mut |k, v| match k {
        "metadata" => object_meta(&mut t.metadata, v),
        "spec" => pod_spec(&mut t.spec, v),
        _ => Ok(()),
    })
}

fn pod_spec(s: &mut PodSpec, v: &Value) -> R<()> {
    each_field(v, "PodSpec", &mut |k, v| match k {
        "containers" => list(&mut s.containers, v, container),
        "restartPolicy" => string(&mut s.restart_policy, v),
        "terminationGracePeriodSeconds" => opt(&mut s.termination_grace_period_seconds, v, int64),
        "dnsPolicy" => string(&mut s.dns_policy, v),
        "nodeSelector" => string_map(&mut s.node_selector, v),
        "nodeName" => string(&mut s.node_name, v),
        "schedulerName" => string(&mut s.scheduler_name, v),
        "tolerations" => list(&mut s.tolerations, v, toleration),
        _ => Ok(()),
    })
}

fn toleration(t: &mut Toleration, v: &Value) -> R<()> {
    each_field(v, "Toleration", &mut |k, v| match k {
        "key" => text(&mut t.key, v),
        "operator" => text(&mut t.operator, v),
        "value" => text(&mut t.value, v),
        "effect" => text(&mut t.effect, v),
        "tolerationSeconds" => opt(&mut t.toleration_seconds, v, int64),
        _ => Ok(()),
    })
}

fn container(c: &mut Container, v: &Value) -> R<()> {
    let mut seen = [false];
    each_field(v, "Container", &mut |k, v| match k {
        "name" => {
            seen[0] = true;
            string(&mut c.name, v)
        }
        "image" => string(&mut c.image, v),
        "command" => strings(&mut c.command, v),
        "args" => strings(&mut c.args, v),
        "ports" => list(&mut c.ports, v, container_port),
        "env" => list(&mut c.env, v, env_var),
        "resources" => resource_requirements(&mut c.resources, v),
        "livenessProbe" => opt(&mut c.liveness_probe, v, probe),
        "readinessProbe" => opt(&mut c.readiness_probe, v, probe),
        "terminationMessagePath" => string(&mut c.termination_message_path, v),
        "terminationMessagePolicy" => string(&mut c.termination_message_policy, v),
        "imagePullPolicy" => string(&mut c.image_pull_policy, v),
        _ => Ok(()),
    })?;
    required(&seen, &["name"])
}

fn container_port(p: &mut ContainerPort, v: &Value) -> R<()> {
    let mut seen = [false];
    each_field(v, "ContainerPort", &mut |k, v| match k {
        "name" => string(&mut p.name, v),
        "containerPort" => {
            seen[0] = true;
            int32(&mut p.container_port, v)
        }
        "protocol" => string(&mut p.protocol, v),
        _ => Ok(()),
    })?;
    required(&seen, &["containerPort"])
}

fn env_var(e: &mut EnvVar, v: &Value) -> R<()> {
    let mut seen = [false];
    each_field(v, "EnvVar", &mut |k, v| match k {
        "name" => {
            seen[0] = true;
            string(&mut e.name, v)
        }
        "value" => string(&mut e.value, v),
        _ => Ok(()),
    })?;
    required(&seen, &["name"])
}

fn resource_requirements(r: &mut ResourceRequirements, v: &Value) -> R<()> {
    each_field(v, "ResourceRequirements", &mut |k, v| match k {
        "limits" => string_map(&mut r.limits, v),
        "requests" => string_map(&mut r.requests, v),
        _ => Ok(()),
    })
}

fn probe(p: &mut Probe, v: &Value) -> R<()> {
    each_field(v, "Probe", &mut |k, v| match k {
        "httpGet" => opt(&mut p.http_get, v, http_get_action),
        "tcpSocket" => opt(&mut p.tcp_socket, v, tcp_socket_action),
        "exec" => opt(&mut p.exec, v, exec_action),
        "initialDelaySeconds" => int32(&mut p.initial_delay_seconds, v),
        "timeoutSeconds" => int32(&mut p.timeout_seconds, v),
        "periodSeconds" => int32(&mut p.period_seconds, v),
        "successThreshold" => int32(&mut p.success_threshold, v),
        "failureThreshold" => int32(&mut p.failure_threshold, v),
        _ => Ok(()),
    })
}

fn http_get_action(a: &mut HttpGetAction, v: &Value) -> R<()> {
    let mut seen = [false];
    each_field(v, "HttpGetAction", &mut |k, v| match k {
        "path" => string(&mut a.path, v),
        "port" => {
            seen[0] = true;
            int_or_string(&mut a.port, v)
        }
        "scheme" => string(&mut a.scheme, v),
        _ => Ok(()),
    })?;
    required(&seen, &["port"])
}

fn tcp_socket_action(a: &mut TcpSocketAction, v: &Value) -> R<()> {
    let mut seen = [false];
    each_field(v, "TcpSocketAction", &mut |k, v| match k {
        "port" => {
            seen[0] = true;
            int_or_string(&mut a.port, v)
        }
        _ => Ok(()),
    })?;
    required(&seen, &["port"])
}

fn exec_action(a: &mut ExecAction, v: &Value) -> R<()> {
    each_field(v, "ExecAction", &mut |k, v| match k {
        "command" => strings(&mut a.command, v),
        _ => Ok(()),
    })
}

fn deployment_strategy(s: &mut DeploymentStrategy, v: &Value) -> R<()> {
    each_field(v, "DeploymentStrategy", &mut |k, v| match k {
        "type" => deployment_strategy_type(&mut s.type_, v),
        "rollingUpdate" => opt(&mut s.rolling_update, v, rolling_update_deployment),
        _ => Ok(()),
    })
}

/// A unit-variant enum: `"Recreate"`, or `{Recreate: null}` as serde_json also reads it.
fn deployment_strategy_type(out: &mut DeploymentStrategyType, v: &Value) -> R<()> {
    let (variant, value) = match v {
        Value::String(s) => (s, None),
        Value::Object(m) => match (m.iter().next(), m.len()) {
            (Some((k, v)), 1) => (k, Some(v)),
            _ => return Err("invalid value: map, expected map with a single key".into()),
        },
        _ => return Err(invalid_type(v, "string or map")),
    };
    *out = match variant.as_str() {
        "RollingUpdate" => DeploymentStrategyType::RollingUpdate,
        "Recreate" => DeploymentStrategyType::Recreate,
        _ => {
            return Err(format!(
                "unknown variant `{variant}`, expected `RollingUpdate` or `Recreate`"
            ))
        }
    };
    match value {
        Some(v) if !v.is_null() => Err(invalid_type(v, "unit")),
        _ => Ok(()),
    }
}

fn rolling_update_deployment(r: &mut RollingUpdateDeployment, v: &Value) -> R<()> {
    each_field(v, "RollingUpdateDeployment", &mut |k, v| match k {
        "maxUnavailable" => opt(&mut r.max_unavailable, v, int_or_string),
        "maxSurge" => opt(&mut r.max_surge, v, int_or_string),
        _ => Ok(()),
    })
}

fn deployment_status(s: &mut DeploymentStatus, v: &Value) -> R<()> {
    each_field(v, "DeploymentStatus", &mut |k, v| match k {
        "observedGeneration" => int64(&mut s.observed_generation, v),
        "replicas" => int32(&mut s.replicas, v),
        "updatedReplicas" => int32(&mut s.updated_replicas, v),
        "readyReplicas" => int32(&mut s.ready_replicas, v),
        "availableReplicas" => int32(&mut s.available_replicas, v),
        "unavailableReplicas" => int32(&mut s.unavailable_replicas, v),
        "conditions" => list(&mut s.conditions, v, condition),
        "collisionCount" => opt(&mut s.collision_count, v, int32),
        _ => Ok(()),
    })
}

fn condition(c: &mut Condition, v: &Value) -> R<()> {
    let mut seen = [false; 2];
    each_field(v, "Condition", &mut |k, v| match k {
        "type" => {
            seen[0] = true;
            text(&mut c.type_, v)
        }
        "status" => {
            seen[1] = true;
            text(&mut c.status, v)
        }
        "lastUpdateTime" => opt(&mut c.last_update_time, v, time),
        "lastTransitionTime" => opt(&mut c.last_transition_time, v, time),
        "reason" => text(&mut c.reason, v),
        "message" => string(&mut c.message, v),
        _ => Ok(()),
    })?;
    required(&seen, &["type", "status"])
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::kubectl::yaml;
    use crate::sim::rng::Pcg32;

    /// What serde's derived impls answered, the reference this reader is checked against.
    fn serde(v: &Value) -> R<Deployment> {
        serde_json::from_value(v.clone()).map_err(|e| e.to_string())
    }

    /// A Deployment with every field this reader knows set, as a manifest value.
    fn everything() -> Value {
        let t = Time::parse_rfc3339("2025-01-01T00:00:07Z").expect("a valid time");
        let meta = ObjectMeta {
            name: "web".into(),
            generate_name: "web-".into(),
            namespace: "default".into(),
            uid: "u1".into(),
            resource_version: "7".into(),
            generation: 3,
            creation_timestamp: Some(t),
            deletion_timestamp: Some(t),
            deletion_grace_period_seconds: Some(30),
            labels: Labels::from([("app".to_string(), "web".to_string())]).into(),
            annotations: [("a".to_string(), "b".to_string())].into(),
            owner_references: vec![OwnerReference {
                api_version: "v1".into(),
                kind: "Thing".into(),
                name: "t".into(),
                uid: "u0".into(),
                controller: Some(true),
                block_owner_deletion: Some(false),
            }]
            .into(),
        };
        let probe = Probe {
            http_get: Some(HttpGetAction {
                path: "/healthz".into(),
                port: IntOrString::Int(8080),
                scheme: "HTTP".into(),
            }),
            tcp_socket: Some(TcpSocketAction {
                port: IntOrString::String("http".into()),
            }),
            exec: Some(ExecAction {
                command: vec!["true".into()],
            }),
            initial_delay_seconds: 1,
            timeout_seconds: 2,
            period_seconds: 3,
            success_threshold: 4,
            failure_threshold: 5,
        };
        let container = Container {
            name: "web".into(),
            image: "nginx:1.25".into(),
            command: vec!["nginx".into()],
            args: vec!["-g".into()],
            ports: vec![ContainerPort {
                name: "http".into(),
                container_port: 80,
                protocol: "TCP".into(),
            }],
            env: vec![EnvVar {
                name: "A".into(),
                value: "1".into(),
            }],
            resources: ResourceRequirements {
                limits: [("cpu".to_string(), "1".to_string())].into(),
                requests: [("memory".to_string(), "64Mi".to_string())].into(),
            },
            liveness_probe: Some(probe.clone()),
            readiness_probe: Some(probe),
            termination_message_path: "/dev/termination-log".into(),
            termination_message_policy: "File".into(),
            image_pull_policy: "IfNotPresent".into(),
        };
        let condition = Condition {
            type_: "Available".into(),
            status: "True".into(),
            last_update_time: Some(t),
            last_transition_time: Some(t),
            reason: "MinimumReplicasAvailable".into(),
            message: "ok".into(),
        };
        let d = Deployment {
            api_version: "apps/v1".into(),
            kind: "Deployment".into(),
            metadata: meta.clone(),
            spec: DeploymentSpec {
                replicas: Some(3),
                selector: LabelSelector {
                    match_labels: (*meta.labels).clone(),
                    match_expressions: vec![LabelSelectorRequirement {
                        key: "tier".into(),
                        operator: "In".into(),
                        values: vec!["web".into()],
                    }],
                },
                template: PodTemplateSpec {
                    metadata: meta,
                    spec: PodSpec {
                        containers: vec![container].into(),
                        restart_policy: "Always".into(),
                        termination_grace_period_seconds: Some(30),
                        dns_policy: "ClusterFirst".into(),
                        node_selector: [("zone".to_string(), "a".to_string())].into(),
                        node_name: "node-1".into(),
                        scheduler_name: "default-scheduler".into(),
                        tolerations: vec![Toleration {
                            key: "dedicated".into(),
                            operator: "Equal".into(),
                            value: "batch".into(),
                            effect: "NoExecute".into(),
                            toleration_seconds: Some(60),
                        }]
                        .into(),
                    },
                },
                strategy: DeploymentStrategy {
                    type_: DeploymentStrategyType::Recreate,
                    rolling_update: Some(RollingUpdateDeployment {
                        max_unavailable: Some(IntOrString::String("25%".into())),
                        max_surge: Some(IntOrString::Int(1)),
                    }),
                },
                min_ready_seconds: 5,
                revision_history_limit: Some(10),
                paused: true,
                progress_deadline_seconds: Some(600),
            },
            status: DeploymentStatus {
                observed_generation: 3,
                replicas: 3,
                updated_replicas: 3,
                ready_replicas: 3,
                available_replicas: 3,
                unavailable_replicas: 1,
                conditions: vec![condition],
                collision_count: Some(1),
            },
        };
        serde_json::to_value(&d).expect("a Deployment serialises")
    }

    #[test]
    fn reads_every_field_as_serde_did() {
        let v = everything();
        let d = deployment(&v).expect("the full manifest reads");
        assert_eq!(Ok(d.clone()), serde(&v));
        assert_eq!(serde_json::to_value(&d).expect("serialises"), v);
    }

    /// `crate::json` writes a value as `serde_json` does: compact (kubectl apply's
    /// last-applied) and indented (`-o json`).
    fn same_text(v: &Value) {
        assert_eq!(
            crate::json::text(v),
            serde_json::to_string(v).expect("serialises")
        );
        let mut pretty = Vec::new();
        let fmt = serde_json::ser::PrettyFormatter::with_indent(b"    ");
        let mut ser = serde_json::Serializer::with_formatter(&mut pretty, fmt);
        serde::Serialize::serialize(v, &mut ser).expect("serialises");
        assert_eq!(crate::json::pretty(v).into_bytes(), pretty);
    }

    #[test]
    fn json_text_is_what_serde_writes() {
        same_text(&everything());
        same_text(&serde_json::json!({
            "a": {}, "b": [], "c": [{}, [], [[]]], "d": null, "e": 1.5, "f": -3,
            "g": u64::MAX, "h": true, "i": "\u{1}\"\\", "": {"x": [1, {"y": {}}]}
        }));
        same_text(&serde_json::json!([]));
        same_text(&serde_json::json!("just a string"));
    }

    /// The pod-template-hash hashes `template_text`: it must write what `serde_json::to_string`
    /// writes, byte for byte, or every pod's name changes (and the names in saved sessions
    /// no longer match). Every field set, then strings that need escaping.
    #[test]
    fn template_text_is_what_serde_writes() {
        use crate::sim::deployment::util::template_text;
        let mut d = deployment(&everything()).expect("the full manifest reads");
        let t = &mut d.spec.template;
        let check = |t: &PodTemplateSpec| {
            assert_eq!(
                template_text(t),
                serde_json::to_string(t).expect("serialises")
            );
            same_text(&serde_json::to_value(t).expect("serialises"));
        };
        check(t);
        check(&PodTemplateSpec::default());
        let odd = "q\"b\\s/<&>\n\r\t\x08\x0c\x01\x1f\x7f é \u{2028} 😀";
        t.metadata.labels = Labels::from([
            (odd.to_string(), odd.to_string()),
            ("name".into(), "x".into()),
        ])
        .into();
        t.metadata.annotations.insert("image".into(), odd.into());
        t.spec.node_selector.insert("spec".into(), odd.into());
        let c = &mut t.spec.containers[0];
        c.env.push(EnvVar {
            name: odd.into(),
            value: odd.into(),
        });
        c.command = vec![odd.into(), String::new()];
        check(t);
    }

    #[test]
    fn answers_bad_manifests_in_serde_json_words() {
        let cases = [
            "spec: {replicas: three}",
            "spec: {replicas: 1.5}",
            "spec: {replicas: 2.0}",
            "spec: {replicas: 3000000000}",
            "spec: {replicas: -3000000000}",
            "spec: {replicas: -3}",
            "spec: {replicas: null}",
            "spec: {replicas: true}",
            "spec: {replicas: [1]}",
            "spec: {replicas: {a: 1}}",
            "spec: {minReadySeconds: null}",
            "spec: {paused: \"yes\"}",
            "spec: {paused: 1}",
            "spec: 3",
            "spec: null",
            "spec: \"x\\ty\"",
            "metadata: {name: 5}",
            "metadata: {labels: [a]}",
            "metadata: {labels: {app: 2}}",
            "metadata: {labels: null}",
            "metadata: {generation: 18446744073709551615}",
            "metadata: {generation: -9223372036854775808}",
            "metadata: {creationTimestamp: yesterday}",
            "metadata: {creationTimestamp: 2025-01-01T00:00:00Z}",
            "metadata: {creationTimestamp: null}",
            "metadata: {ownerReferences: [{kind: X}]}",
            "metadata: {ownerReferences: [{apiVersion: v1, kind: X, name: n, uid: u, controller: 1}]}",
            "metadata: {ownerReferences: {}}",
            "spec: {strategy: {type: Blue}}",
            "spec: {strategy: {type: Recreate}}",
            "spec: {strategy: {type: {Recreate: null}}}",
            "spec: {strategy: {type: {Recreate: 1}}}",
            "spec: {strategy: {type: {Blue: 1}}}",
            "spec: {strategy: {type: {}}}",
            "spec: {strategy: {type: {Recreate: null, RollingUpdate: null}}}",
            "spec: {strategy: {type: 3}}",
            "spec: {strategy: {type: null}}",
            "spec: {strategy: {rollingUpdate: {maxSurge: 1.5}}}",
            "spec: {strategy: {rollingUpdate: {maxSurge: 3000000000}}}",
            "spec: {strategy: {rollingUpdate: {maxSurge: null, maxUnavailable: \"30%\"}}}",
            "spec: {strategy: {rollingUpdate: {maxSurge: [1]}}}",
            "spec: {selector: {matchExpressions: [{key: a}]}}",
            "spec: {selector: {matchExpressions: [{operator: In}]}}",
            "spec: {selector: {matchExpressions: [{key: a, operator: In, values: a}]}}",
            "spec: {template: {spec: {containers: [{image: nginx}]}}}",
            "spec: {template: {spec: {containers: [{name: web, ports: [{name: http}]}]}}}",
            "spec: {template: {spec: {containers: [{name: web, env: [{value: x}]}]}}}",
            "spec: {template: {spec: {containers: [{name: web, env: [{name: A, value: 1}]}]}}}",
            "spec: {template: {spec: {containers: [{name: web, readinessProbe: {httpGet: {path: /}}}]}}}",
            "spec: {template: {spec: {containers: [{name: web, readinessProbe: {httpGet: {port: null}}}]}}}",
            "spec: {template: {spec: {containers: [{name: web, readinessProbe: {tcpSocket: {}}}]}}}",
            "spec: {template: {spec: {containers: [{name: web, readinessProbe: {exec: {command: ls}}}]}}}",
            "spec: {template: {spec: {containers: [{name: web, resources: {limits: {cpu: 1}}}]}}}",
            "spec: {template: {spec: {containers: web}}}",
            "spec: {template: {spec: {containers: null}}}",
            "spec: {template: {spec: {containers: [{name: web, image: 1.25}]}}}",
            "spec: {template: {spec: {containers: [{name: web, image: 1e300}]}}}",
            "spec: {template: {spec: {containers: [{name: web, image: 0.000001}]}}}",
            "spec: {template: {spec: {containers: [{name: web, image: 100000000000000000000000.0}]}}}",
            "spec: {template: {spec: {terminationGracePeriodSeconds: x}}}",
            "spec: {template: {metadata: {labels: {a: [b]}}}}",
            "status: {conditions: [{type: Available}]}",
            "status: {conditions: [{status: \"True\"}]}",
            "status: {conditions: [{type: A, status: B, lastUpdateTime: 5}]}",
            "status: {collisionCount: x, replicas: y}",
            "metadata: {name: 1}\nspec: {replicas: x}\nstatus: {replicas: y}",
            "spec: {z: 1, replicas: 2, unknown: [1, 2]}",
        ];
        for case in cases {
            let text = format!("apiVersion: apps/v1\nkind: Deployment\n{case}\n");
            let docs = yaml::parse_documents(&text).expect("test YAML parses");
            assert_eq!(deployment(&docs[0]), serde(&docs[0]), "{case}");
        }
    }

    #[test]
    fn refuses_a_list_for_an_object() {
        let v =
            serde_json::json!({"spec": {"template": {"spec": {"containers": [["web", "nginx"]]}}}});
        assert_eq!(
            deployment(&v),
            Err("invalid type: sequence, expected struct Container".to_string())
        );
    }

    /// Every value kind in each place of the full manifest, several at a time.
    #[test]
    fn agrees_with_serde_on_random_damage() {
        let palette = [
            Value::Null,
            Value::Bool(true),
            serde_json::json!(7),
            serde_json::json!(-7),
            serde_json::json!(4_000_000_000u64),
            serde_json::json!(-4_000_000_000i64),
            serde_json::json!(u64::MAX),
            serde_json::json!(2.5),
            serde_json::json!(3.0),
            serde_json::json!("25%"),
            serde_json::json!("Recreate"),
            serde_json::json!("2025-01-01T00:00:00Z"),
            serde_json::json!([]),
            serde_json::json!(["a"]),
            serde_json::json!({}),
            serde_json::json!({"name": "x"}),
            serde_json::json!({"Recreate": null}),
        ];
        let mut rng = Pcg32::new(5);
        let base = everything();
        for _ in 0..20_000 {
            let mut v = base.clone();
            for _ in 0..=rng.below(3) {
                let mut at = &mut v;
                loop {
                    let n = match &*at {
                        Value::Object(m) => m.len(),
                        Value::Array(a) => a.len(),
                        _ => 0,
                    };
                    if n == 0 || rng.below(4) == 0 {
                        break;
                    }
                    let i = rng.below(n as u32) as usize;
                    at = match at {
                        Value::Object(m) => m.values_mut().nth(i).expect("in range"),
                        Value::Array(a) => &mut a[i],
                        _ => unreachable!("a leaf has no children"),
                    };
                }
                *at = palette[rng.below(palette.len() as u32) as usize].clone();
            }
            let ours = deployment(&v);
            if matches!(&ours, Err(e) if e.starts_with("invalid type: sequence, expected struct")) {
                continue;
            }
            assert_eq!(ours, serde(&v), "{v}");
        }
    }
}

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

fn required<T>(field: Option<T>, name: &str) -> R<T> {
    field.ok_or_else(|| format!("missing field `{name}`"))
}

fn string(v: &Value) -> R<String> {
    match v {
        Value::String(s) => Ok(s.clone()),
        _ => Err(invalid_type(v, "a string")),
    }
}

fn boolean(v: &Value) -> R<bool> {
    v.as_bool().ok_or_else(|| invalid_type(v, "a boolean"))
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

fn int32(v: &Value) -> R<i32> {
    integer(v, "i32", i32::MIN.into(), i32::MAX.into()).map(|n| n as i32)
}

fn int64(v: &Value) -> R<i64> {
    integer(v, "i64", i64::MIN, i64::MAX)
}

fn time(v: &Value) -> R<Time> {
    Time::parse_rfc3339(&string(v)?)
}

fn opt<T>(v: &Value, read: fn(&Value) -> R<T>) -> R<Option<T>> {
    if v.is_null() {
        Ok(None)
    } else {
        read(v).map(Some)
    }
}

fn list<T>(v: &Value, read: fn(&Value) -> R<T>) -> R<Vec<T>> {
    match v {
        Value::Array(items) => {
            let mut out = Vec::with_capacity(items.len());
            for item in items {
                out.push(read(item)?);
            }
            Ok(out)
        }
        _ => Err(invalid_type(v, "a sequence")),
    }
}

fn strings(v: &Value) -> R<Vec<String>> {
    list(v, string)
}

fn string_map(v: &Value) -> R<BTreeMap<String, String>> {
    match v {
        Value::Object(m) => {
            // Inserted one by one: collecting into a map would sort (already sorted here).
            let mut out = BTreeMap::new();
            for (k, v) in m {
                out.insert(k.clone(), string(v)?);
            }
            Ok(out)
        }
        _ => Err(invalid_type(v, "a map")),
    }
}

/// `#[serde(untagged)]`: an `i32`, else a string.
fn int_or_string(v: &Value) -> R<IntOrString> {
    match (v, int32(v)) {
        (_, Ok(n)) => Ok(IntOrString::Int(n)),
        (Value::String(s), _) => Ok(IntOrString::String(s.clone())),
        _ => Err("data did not match any variant of untagged enum IntOrString".into()),
    }
}

/// The Deployment in a manifest, as `serde_json::from_value::<Deployment>` read it.
pub fn deployment(v: &Value) -> R<Deployment> {
    let mut d = Deployment::default();
    each_field(v, "Deployment", &mut |k, v| {
        match k {
            "apiVersion" => d.api_version = string(v)?,
            "kind" => d.kind = string(v)?,
            "metadata" => d.metadata = object_meta(v)?,
            "spec" => d.spec = deployment_spec(v)?,
            "status" => d.status = deployment_status(v)?,
            _ => {}
        }
        Ok(())
    })?;
    Ok(d)
}

fn object_meta(v: &Value) -> R<ObjectMeta> {
    let mut m = ObjectMeta::default();
    each_field(v, "ObjectMeta", &mut |k, v| {
        match k {
            "name" => m.name = string(v)?,
            "generateName" => m.generate_name = string(v)?,
            "namespace" => m.namespace = string(v)?,
            "uid" => m.uid = string(v)?,
            "resourceVersion" => m.resource_version = string(v)?,
            "generation" => m.generation = int64(v)?,
            "creationTimestamp" => m.creation_timestamp = opt(v, time)?,
            "deletionTimestamp" => m.deletion_timestamp = opt(v, time)?,
            "deletionGracePeriodSeconds" => m.deletion_grace_period_seconds = opt(v, int64)?,
            "labels" => m.labels = string_map(v)?,
            "annotations" => m.annotations = string_map(v)?,
            "ownerReferences" => m.owner_references = list(v, owner_reference)?,
            _ => {}
        }
        Ok(())
    })?;
    Ok(m)
}

fn owner_reference(v: &Value) -> R<OwnerReference> {
    let (mut api_version, mut kind, mut name, mut uid) = (None, None, None, None);
    let (mut controller, mut block_owner_deletion) = (None, None);
    each_field(v, "OwnerReference", &mut |k, v| {
        match k {
            "apiVersion" => api_version = Some(string(v)?),
            "kind" => kind = Some(string(v)?),
            "name" => name = Some(string(v)?),
            "uid" => uid = Some(string(v)?),
            "controller" => controller = opt(v, boolean)?,
            "blockOwnerDeletion" => block_owner_deletion = opt(v, boolean)?,
            _ => {}
        }
        Ok(())
    })?;
    Ok(OwnerReference {
        api_version: required(api_version, "apiVersion")?,
        kind: required(kind, "kind")?,
        name: required(name, "name")?,
        uid: required(uid, "uid")?,
        controller,
        block_owner_deletion,
    })
}

fn deployment_spec(v: &Value) -> R<DeploymentSpec> {
    let mut s = DeploymentSpec::default();
    each_field(v, "DeploymentSpec", &mut |k, v| {
        match k {
            "replicas" => s.replicas = opt(v, int32)?,
            "selector" => s.selector = label_selector(v)?,
            "template" => s.template = pod_template_spec(v)?,
            "strategy" => s.strategy = deployment_strategy(v)?,
            "minReadySeconds" => s.min_ready_seconds = int32(v)?,
            "revisionHistoryLimit" => s.revision_history_limit = opt(v, int32)?,
            "paused" => s.paused = boolean(v)?,
            "progressDeadlineSeconds" => s.progress_deadline_seconds = opt(v, int32)?,
            _ => {}
        }
        Ok(())
    })?;
    Ok(s)
}

fn label_selector(v: &Value) -> R<LabelSelector> {
    let mut s = LabelSelector::default();
    each_field(v, "LabelSelector", &mut |k, v| {
        match k {
            "matchLabels" => s.match_labels = string_map(v)?,
            "matchExpressions" => s.match_expressions = list(v, label_selector_requirement)?,
            _ => {}
        }
        Ok(())
    })?;
    Ok(s)
}

fn label_selector_requirement(v: &Value) -> R<LabelSelectorRequirement> {
    let (mut key, mut operator, mut values) = (None, None, Vec::new());
    each_field(v, "LabelSelectorRequirement", &mut |k, v| {
        match k {
            "key" => key = Some(string(v)?),
            "operator" => operator = Some(string(v)?),
            "values" => values = strings(v)?,
            _ => {}
        }
        Ok(())
    })?;
    Ok(LabelSelectorRequirement {
        key: required(key, "key")?,
        operator: required(operator, "operator")?,
        values,
    })
}

fn pod_template_spec(v: &Value) -> R<PodTemplateSpec> {
    let mut t = PodTemplateSpec::default();
    each_field(v, "PodTemplateSpec", &mut |k, v| {
        match k {
            "metadata" => t.metadata = object_meta(v)?,
            "spec" => t.spec = pod_spec(v)?,
            _ => {}
        }
        Ok(())
    })?;
    Ok(t)
}

fn pod_spec(v: &Value) -> R<PodSpec> {
    let mut s = PodSpec::default();
    each_field(v, "PodSpec", &mut |k, v| {
        match k {
            "containers" => s.containers = list(v, container)?,
            "restartPolicy" => s.restart_policy = string(v)?,
            "terminationGracePeriodSeconds" => s.termination_grace_period_seconds = opt(v, int64)?,
            "dnsPolicy" => s.dns_policy = string(v)?,
            "nodeSelector" => s.node_selector = string_map(v)?,
            "nodeName" => s.node_name = string(v)?,
            "schedulerName" => s.scheduler_name = string(v)?,
            _ => {}
        }
        Ok(())
    })?;
    Ok(s)
}

fn container(v: &Value) -> R<Container> {
    let mut c = Container::default();
    let mut name = None;
    each_field(v, "Container", &mut |k, v| {
        match k {
            "name" => name = Some(string(v)?),
            "image" => c.image = string(v)?,
            "command" => c.command = strings(v)?,
            "args" => c.args = strings(v)?,
            "ports" => c.ports = list(v, container_port)?,
            "env" => c.env = list(v, env_var)?,
            "resources" => c.resources = resource_requirements(v)?,
            "livenessProbe" => c.liveness_probe = opt(v, probe)?,
            "readinessProbe" => c.readiness_probe = opt(v, probe)?,
            "terminationMessagePath" => c.termination_message_path = string(v)?,
            "terminationMessagePolicy" => c.termination_message_policy = string(v)?,
            "imagePullPolicy" => c.image_pull_policy = string(v)?,
            _ => {}
        }
        Ok(())
    })?;
    c.name = required(name, "name")?;
    Ok(c)
}

fn container_port(v: &Value) -> R<ContainerPort> {
    let (mut p, mut container_port) = (ContainerPort::default(), None);
    each_field(v, "ContainerPort", &mut |k, v| {
        match k {
            "name" => p.name = string(v)?,
            "containerPort" => container_port = Some(int32(v)?),
            "protocol" => p.protocol = string(v)?,
            _ => {}
        }
        Ok(())
    })?;
    p.container_port = required(container_port, "containerPort")?;
    Ok(p)
}

fn env_var(v: &Value) -> R<EnvVar> {
    let (mut name, mut value) = (None, String::new());
    each_field(v, "EnvVar", &mut |k, v| {
        match k {
            "name" => name = Some(string(v)?),
            "value" => value = string(v)?,
            _ => {}
        }
        Ok(())
    })?;
    Ok(EnvVar {
        name: required(name, "name")?,
        value,
    })
}

fn resource_requirements(v: &Value) -> R<ResourceRequirements> {
    let mut r = ResourceRequirements::default();
    each_field(v, "ResourceRequirements", &mut |k, v| {
        match k {
            "limits" => r.limits = string_map(v)?,
            "requests" => r.requests = string_map(v)?,
            _ => {}
        }
        Ok(())
    })?;
    Ok(r)
}

fn probe(v: &Value) -> R<Probe> {
    let mut p = Probe::default();
    each_field(v, "Probe", &mut |k, v| {
        match k {
            "httpGet" => p.http_get = opt(v, http_get_action)?,
            "tcpSocket" => p.tcp_socket = opt(v, tcp_socket_action)?,
            "exec" => p.exec = opt(v, exec_action)?,
            "initialDelaySeconds" => p.initial_delay_seconds = int32(v)?,
            "timeoutSeconds" => p.timeout_seconds = int32(v)?,
            "periodSeconds" => p.period_seconds = int32(v)?,
            "successThreshold" => p.success_threshold = int32(v)?,
            "failureThreshold" => p.failure_threshold = int32(v)?,
            _ => {}
        }
        Ok(())
    })?;
    Ok(p)
}

fn http_get_action(v: &Value) -> R<HttpGetAction> {
    let (mut a, mut port) = (HttpGetAction::default(), None);
    each_field(v, "HttpGetAction", &mut |k, v| {
        match k {
            "path" => a.path = string(v)?,
            "port" => port = Some(int_or_string(v)?),
            "scheme" => a.scheme = string(v)?,
            _ => {}
        }
        Ok(())
    })?;
    a.port = required(port, "port")?;
    Ok(a)
}

fn tcp_socket_action(v: &Value) -> R<TcpSocketAction> {
    let mut port = None;
    each_field(v, "TcpSocketAction", &mut |k, v| {
        if k == "port" {
            port = Some(int_or_string(v)?);
        }
        Ok(())
    })?;
    Ok(TcpSocketAction {
        port: required(port, "port")?,
    })
}

fn exec_action(v: &Value) -> R<ExecAction> {
    let mut a = ExecAction::default();
    each_field(v, "ExecAction", &mut |k, v| {
        if k == "command" {
            a.command = strings(v)?;
        }
        Ok(())
    })?;
    Ok(a)
}

fn deployment_strategy(v: &Value) -> R<DeploymentStrategy> {
    let mut s = DeploymentStrategy::default();
    each_field(v, "DeploymentStrategy", &mut |k, v| {
        match k {
            "type" => s.type_ = deployment_strategy_type(v)?,
            "rollingUpdate" => s.rolling_update = opt(v, rolling_update_deployment)?,
            _ => {}
        }
        Ok(())
    })?;
    Ok(s)
}

/// A unit-variant enum: `"Recreate"`, or `{Recreate: null}` as serde_json also reads it.
fn deployment_strategy_type(v: &Value) -> R<DeploymentStrategyType> {
    let (variant, value) = match v {
        Value::String(s) => (s, None),
        Value::Object(m) => match (m.iter().next(), m.len()) {
            (Some((k, v)), 1) => (k, Some(v)),
            _ => return Err("invalid value: map, expected map with a single key".into()),
        },
        _ => return Err(invalid_type(v, "string or map")),
    };
    let t = match variant.as_str() {
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
        _ => Ok(t),
    }
}

fn rolling_update_deployment(v: &Value) -> R<RollingUpdateDeployment> {
    let mut r = RollingUpdateDeployment::default();
    each_field(v, "RollingUpdateDeployment", &mut |k, v| {
        match k {
            "maxUnavailable" => r.max_unavailable = opt(v, int_or_string)?,
            "maxSurge" => r.max_surge = opt(v, int_or_string)?,
            _ => {}
        }
        Ok(())
    })?;
    Ok(r)
}

fn deployment_status(v: &Value) -> R<DeploymentStatus> {
    let mut s = DeploymentStatus::default();
    each_field(v, "DeploymentStatus", &mut |k, v| {
        match k {
            "observedGeneration" => s.observed_generation = int64(v)?,
            "replicas" => s.replicas = int32(v)?,
            "updatedReplicas" => s.updated_replicas = int32(v)?,
            "readyReplicas" => s.ready_replicas = int32(v)?,
            "availableReplicas" => s.available_replicas = int32(v)?,
            "unavailableReplicas" => s.unavailable_replicas = int32(v)?,
            "conditions" => s.conditions = list(v, condition)?,
            "collisionCount" => s.collision_count = opt(v, int32)?,
            _ => {}
        }
        Ok(())
    })?;
    Ok(s)
}

fn condition(v: &Value) -> R<Condition> {
    let (mut c, mut type_, mut status) = (Condition::default(), None, None);
    each_field(v, "Condition", &mut |k, v| {
        match k {
            "type" => type_ = Some(string(v)?),
            "status" => status = Some(string(v)?),
            "lastUpdateTime" => c.last_update_time = opt(v, time)?,
            "lastTransitionTime" => c.last_transition_time = opt(v, time)?,
            "reason" => c.reason = string(v)?,
            "message" => c.message = string(v)?,
            _ => {}
        }
        Ok(())
    })?;
    c.type_ = required(type_, "type")?;
    c.status = required(status, "status")?;
    Ok(c)
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
            labels: [("app".to_string(), "web".to_string())].into(),
            annotations: [("a".to_string(), "b".to_string())].into(),
            owner_references: vec![OwnerReference {
                api_version: "v1".into(),
                kind: "Thing".into(),
                name: "t".into(),
                uid: "u0".into(),
                controller: Some(true),
                block_owner_deletion: Some(false),
            }],
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
                    match_labels: meta.labels.clone(),
                    match_expressions: vec![LabelSelectorRequirement {
                        key: "tier".into(),
                        operator: "In".into(),
                        values: vec!["web".into()],
                    }],
                },
                template: PodTemplateSpec {
                    metadata: meta,
                    spec: PodSpec {
                        containers: vec![container],
                        restart_policy: "Always".into(),
                        termination_grace_period_seconds: Some(30),
                        dns_policy: "ClusterFirst".into(),
                        node_selector: [("zone".to_string(), "a".to_string())].into(),
                        node_name: "node-1".into(),
                        scheduler_name: "default-scheduler".into(),
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

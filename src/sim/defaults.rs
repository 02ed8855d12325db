//! Defaulting as the API server does it on create and update
//! (`pkg/apis/apps/v1/defaults.go`, `pkg/apis/core/v1/defaults.go`).

use super::api::*;

/// `SetObjectDefaults_Deployment`.
pub fn set_defaults_deployment(d: &mut Deployment) {
    let spec = &mut d.spec;
    spec.replicas.get_or_insert(1);
    if spec.strategy.type_ == DeploymentStrategyType::RollingUpdate {
        let ru = spec
            .strategy
            .rolling_update
            .get_or_insert_with(Default::default);
        ru.max_unavailable
            .get_or_insert_with(|| IntOrString::percent(25));
        ru.max_surge.get_or_insert_with(|| IntOrString::percent(25));
    }
    spec.revision_history_limit.get_or_insert(10);
    spec.progress_deadline_seconds.get_or_insert(600);
    set_defaults_pod_spec(&mut spec.template.spec);
}

/// Pod spec defaults (restart policy, grace period, DNS, scheduler, container fields, probes).
pub fn set_defaults_pod_spec(spec: &mut PodSpec) {
    if spec.restart_policy.is_empty() {
        spec.restart_policy = "Always".into();
    }
    spec.termination_grace_period_seconds.get_or_insert(30);
    if spec.dns_policy.is_empty() {
        spec.dns_policy = "ClusterFirst".into();
    }
    if spec.scheduler_name.is_empty() {
        spec.scheduler_name = "default-scheduler".into();
    }
    for c in &mut spec.containers {
        if c.termination_message_path.is_empty() {
            c.termination_message_path = "/dev/termination-log".into();
        }
        if c.termination_message_policy.is_empty() {
            c.termination_message_policy = "File".into();
        }
        if c.image_pull_policy.is_empty() {
            let tag = c
                .image
                .rsplit('/')
                .next()
                .and_then(|last| last.split_once(':'))
                .map(|(_, t)| t);
            c.image_pull_policy = if matches!(tag, None | Some("latest")) {
                "Always"
            } else {
                "IfNotPresent"
            }
            .into();
        }
        for p in &mut c.ports {
            if p.protocol.is_empty() {
                p.protocol = "TCP".into();
            }
        }
        for probe in [c.readiness_probe.as_mut(), c.liveness_probe.as_mut()]
            .into_iter()
            .flatten()
        {
            set_defaults_probe(probe);
        }
    }
}

pub fn set_defaults_probe(p: &mut Probe) {
    if p.timeout_seconds == 0 {
        p.timeout_seconds = 1;
    }
    if p.period_seconds == 0 {
        p.period_seconds = 10;
    }
    if p.success_threshold == 0 {
        p.success_threshold = 1;
    }
    if p.failure_threshold == 0 {
        p.failure_threshold = 3;
    }
    if let Some(h) = p.http_get.as_mut() {
        if h.path.is_empty() {
            h.path = "/".into();
        }
        if h.scheme.is_empty() {
            h.scheme = "HTTP".into();
        }
    }
}

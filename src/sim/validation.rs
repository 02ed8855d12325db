//! API validation of Deployments with the API server's words
//! (`pkg/apis/apps/validation/validation.go`, apimachinery field errors).

use super::api::*;
use super::store::ApiError;

/// Go's `%#v` of an `intstr.IntOrString`, as field errors print it.
fn go_int_or_string(v: &IntOrString) -> String {
    match v {
        IntOrString::Int(n) => format!("intstr.IntOrString{{Type:0, IntVal:{n}, StrVal:\"\"}}"),
        IntOrString::String(s) => format!("intstr.IntOrString{{Type:1, IntVal:0, StrVal:{s:?}}}"),
    }
}

/// Go's `%#v` of a `map[string]string`.
fn go_map(m: &Labels) -> String {
    let items: Vec<String> = m.iter().map(|(k, v)| format!("{k:?}:{v:?}")).collect();
    format!("map[string]string{{{}}}", items.join(", "))
}

fn go_selector(s: &LabelSelector) -> String {
    let labels = if s.match_labels.is_empty() {
        "map[string]string(nil)".to_string()
    } else {
        go_map(&s.match_labels)
    };
    format!("v1.LabelSelector{{MatchLabels:{labels}, MatchExpressions:[]v1.LabelSelectorRequirement(nil)}}")
}

const DNS1123_SUBDOMAIN: &str = "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')";
const DNS1123_LABEL: &str = "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')";

const QUALIFIED_NAME: &str = "must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')";
const LABEL_VALUE: &str = "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')";

/// `([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]`: the name part of a qualified name.
fn is_qualified_name_part(s: &str) -> bool {
    let b = s.as_bytes();
    match (b.first(), b.last()) {
        (Some(first), Some(last)) => {
            first.is_ascii_alphanumeric()
                && last.is_ascii_alphanumeric()
                && b.iter()
                    .all(|c| c.is_ascii_alphanumeric() || matches!(c, b'-' | b'_' | b'.'))
        }
        _ => false,
    }
}

/// `validation.IsQualifiedName`: an optional DNS subdomain prefix and `/`, then a name of at
/// most 63 characters. The messages, without the field.
pub fn qualified_name_errors(value: &str) -> Vec<String> {
    let mut errs = Vec::new();
    let parts: Vec<&str> = value.split('/').collect();
    let name = match parts[..] {
        [name] => name,
        [prefix, name] => {
            if prefix.is_empty() {
                errs.push("prefix part must be non-empty".to_string());
            } else {
                if prefix.len() > 253 {
                    errs.push("prefix part must be no more than 253 characters".to_string());
                }
                if !prefix.split('.').all(dns1123_label_shape) {
                    errs.push(format!("prefix part {DNS1123_SUBDOMAIN}"));
                }
            }
            name
        }
        _ => {
            return vec![format!(
                "a qualified name {QUALIFIED_NAME} with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')"
            )]
        }
    };
    if name.is_empty() {
        errs.push("name part must be non-empty".to_string());
    } else if name.len() > 63 {
        errs.push("name part must be no more than 63 characters".to_string());
    }
    if !is_qualified_name_part(name) {
        errs.push(format!("name part {QUALIFIED_NAME}"));
    }
    errs
}

/// `validation.IsValidLabelValue`: empty, or a qualified name part of at most 63 characters.
pub fn label_value_errors(value: &str) -> Vec<String> {
    let mut errs = Vec::new();
    if value.len() > 63 {
        errs.push("must be no more than 63 characters".to_string());
    }
    if !value.is_empty() && !is_qualified_name_part(value) {
        errs.push(LABEL_VALUE.to_string());
    }
    errs
}

/// `ValidateLabels` and `ValidateAnnotations` (keys only; lowercased, as upstream checks
/// them) of an object's metadata at `path` (`metadata`, `spec.template.metadata`), as field
/// errors, in key order.
pub fn metadata_errors(meta: &ObjectMeta, path: &str) -> Vec<String> {
    let mut e = Vec::new();
    for (k, v) in meta.labels.iter() {
        for m in qualified_name_errors(k) {
            e.push(format!("{path}.labels: Invalid value: {k:?}: {m}"));
        }
        for m in label_value_errors(v) {
            e.push(format!("{path}.labels: Invalid value: {v:?}: {m}"));
        }
    }
    for k in meta.annotations.keys() {
        // Upstream lowers the key with Unicode's rules; a qualified name is ASCII, so only
        // the length of a key that is invalid anyway could differ (and `str::to_lowercase`
        // would bring 3 KB of case tables into the bundle).
        for m in qualified_name_errors(&k.to_ascii_lowercase()) {
            e.push(format!("{path}.annotations: Invalid value: {k:?}: {m}"));
        }
    }
    e
}

/// `[a-z0-9]([-a-z0-9]*[a-z0-9])?`, of any length (the subdomain regex's parts).
fn dns1123_label_shape(s: &str) -> bool {
    !s.is_empty()
        && s.bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
        && !s.starts_with('-')
        && !s.ends_with('-')
}

fn is_dns1123_label(s: &str) -> bool {
    s.len() <= 63 && dns1123_label_shape(s)
}

fn is_dns1123_subdomain(s: &str) -> bool {
    s.len() <= 253 && s.split('.').all(dns1123_label_shape)
}

fn int_or_percent(v: &IntOrString, path: &str, errors: &mut Vec<String>) {
    match v {
        IntOrString::Int(n) if *n < 0 => {
            errors.push(format!("{path}: Invalid value: {}: must be greater than or equal to 0", go_int_or_string(v)))
        }
        IntOrString::String(s) => match s.strip_suffix('%').and_then(|p| p.parse::<u64>().ok()) {
            None => errors.push(format!(
                "{path}: Invalid value: {}: a valid percent string must be a numeric string followed by an ending '%' (e.g. '1%',  or '93%', regex used for validation is '[0-9]+%')",
                go_int_or_string(v)
            )),
            Some(p) if p > 100 && path.ends_with("maxUnavailable") => {
                errors.push(format!("{path}: Invalid value: {}: must not be greater than 100%", go_int_or_string(v)))
            }
            _ => {}
        },
        _ => {}
    }
}

fn is_zero(v: Option<&IntOrString>) -> bool {
    match v {
        None => true,
        Some(IntOrString::Int(n)) => *n == 0,
        Some(IntOrString::String(s)) => {
            s.strip_suffix('%').and_then(|p| p.parse::<u64>().ok()) == Some(0)
        }
    }
}

/// `ValidateDeployment` (after defaulting).
pub fn validate_deployment(d: &Deployment) -> Result<(), ApiError> {
    let mut e = Vec::new();
    let name = &d.metadata.name;
    if name.is_empty() {
        e.push("metadata.name: Required value: name or generateName is required".to_string());
    } else if !is_dns1123_subdomain(name) {
        e.push(format!(
            "metadata.name: Invalid value: {name:?}: {DNS1123_SUBDOMAIN}"
        ));
    }
    e.extend(metadata_errors(&d.metadata, "metadata"));
    let spec = &d.spec;
    let nonneg = |v: i64, path: &str, e: &mut Vec<String>| {
        if v < 0 {
            e.push(format!(
                "{path}: Invalid value: {v}: must be greater than or equal to 0"
            ));
        }
    };
    nonneg(i64::from(d.replicas()), "spec.replicas", &mut e);
    nonneg(
        i64::from(spec.min_ready_seconds),
        "spec.minReadySeconds",
        &mut e,
    );
    if let Some(limit) = spec.revision_history_limit {
        nonneg(i64::from(limit), "spec.revisionHistoryLimit", &mut e);
    }
    if let Some(pds) = spec.progress_deadline_seconds {
        nonneg(i64::from(pds), "spec.progressDeadlineSeconds", &mut e);
        if pds <= spec.min_ready_seconds {
            e.push(format!("spec.progressDeadlineSeconds: Invalid value: {pds}: must be greater than minReadySeconds"));
        }
    }
    if spec.selector.is_empty() {
        e.push("spec.selector: Required value".to_string());
    } else if !spec.selector.matches(&spec.template.metadata.labels) {
        e.push(format!(
            "spec.template.metadata.labels: Invalid value: {}: `selector` does not match template `labels`",
            go_map(&spec.template.metadata.labels)
        ));
    }
    e.extend(metadata_errors(
        &spec.template.metadata,
        "spec.template.metadata",
    ));
    match spec.strategy.type_ {
        DeploymentStrategyType::Recreate => {
            if spec.strategy.rolling_update.is_some() {
                e.push("spec.strategy.rollingUpdate: Forbidden: may not be specified when strategy `type` is 'Recreate'".into());
            }
        }
        DeploymentStrategyType::RollingUpdate => {
            if let Some(ru) = &spec.strategy.rolling_update {
                let path = "spec.strategy.rollingUpdate";
                if let Some(v) = &ru.max_unavailable {
                    int_or_percent(v, &format!("{path}.maxUnavailable"), &mut e);
                }
                if let Some(v) = &ru.max_surge {
                    int_or_percent(v, &format!("{path}.maxSurge"), &mut e);
                }
                if is_zero(ru.max_unavailable.as_ref()) && is_zero(ru.max_surge.as_ref()) {
                    let shown = ru.max_unavailable.clone().unwrap_or(IntOrString::Int(0));
                    e.push(format!(
                        "{path}.maxUnavailable: Invalid value: {}: may not be 0 when `maxSurge` is 0",
                        go_int_or_string(&shown)
                    ));
                }
            }
        }
    }
    let containers = &spec.template.spec.containers;
    if containers.is_empty() {
        e.push("spec.template.spec.containers: Required value".to_string());
    }
    for (i, c) in containers.iter().enumerate() {
        let path = format!("spec.template.spec.containers[{i}]");
        if c.name.is_empty() {
            e.push(format!("{path}.name: Required value"));
        } else if !is_dns1123_label(&c.name) {
            e.push(format!(
                "{path}.name: Invalid value: {:?}: {DNS1123_LABEL}",
                c.name
            ));
        } else if containers[..i].iter().any(|o| o.name == c.name) {
            e.push(format!("{path}.name: Duplicate value: {:?}", c.name));
        }
        if c.image.trim().is_empty() {
            e.push(format!("{path}.image: Required value"));
        }
        for (kind, map) in [
            ("requests", &c.resources.requests),
            ("limits", &c.resources.limits),
        ] {
            for (k, v) in map {
                if super::quantity::parse(v).is_none() {
                    e.push(format!("{path}.resources.{kind}[{k}]: Invalid value: {v:?}: must be a valid quantity"));
                }
            }
        }
    }
    e.extend(toleration_errors(
        &spec.template.spec.tolerations,
        "spec.template.spec.tolerations",
    ));
    if e.is_empty() {
        Ok(())
    } else {
        Err(ApiError::Invalid {
            kind: "Deployment",
            name: name.clone(),
            causes: e,
        })
    }
}

/// `ValidateTolerations`: a key is a qualified name; no key needs `Exists`; seconds only for
/// `NoExecute`; `Equal` wants a label value and `Exists` none; known operators and effects.
fn toleration_errors(tolerations: &[Toleration], path: &str) -> Vec<String> {
    let mut e = Vec::new();
    for (i, t) in tolerations.iter().enumerate() {
        let path = format!("{path}[{i}]");
        if !t.key.is_empty() {
            for m in qualified_name_errors(&t.key) {
                e.push(format!("{path}.key: Invalid value: {:?}: {m}", t.key));
            }
        }
        if t.key.is_empty() && t.operator != "Exists" {
            e.push(format!("{path}.operator: Invalid value: {:?}: operator must be Exists when `key` is empty, which means \"match all values and all keys\"", t.operator));
        }
        if t.toleration_seconds.is_some() && t.effect != "NoExecute" {
            e.push(format!(
                "{path}.effect: Invalid value: {:?}: effect must be 'NoExecute' when `tolerationSeconds` is set",
                t.effect
            ));
        }
        match &*t.operator {
            "" | "Equal" => {
                let errs = label_value_errors(&t.value);
                if !errs.is_empty() {
                    e.push(format!(
                        "{path}.operator: Invalid value: {:?}: {}",
                        t.value,
                        errs.join(";")
                    ));
                }
            }
            "Exists" => {
                if !t.value.is_empty() {
                    let seconds = t
                        .toleration_seconds
                        .map_or("(*int64)(nil)".to_string(), |s| format!("(*int64)({s})"));
                    e.push(format!(
                        "{path}.operator: Invalid value: core.Toleration{{Key:{:?}, Operator:{:?}, Value:{:?}, Effect:{:?}, TolerationSeconds:{seconds}}}: value must be empty when `operator` is 'Exists'",
                        t.key, t.operator, t.value, t.effect
                    ));
                }
            }
            other => e.push(format!(
                "{path}.operator: Unsupported value: {other:?}: supported values: \"Equal\", \"Exists\""
            )),
        }
        if !t.effect.is_empty()
            && !matches!(&*t.effect, "NoSchedule" | "PreferNoSchedule" | "NoExecute")
        {
            e.push(format!(
                "{path}.effect: Unsupported value: {:?}: supported values: \"NoSchedule\", \"PreferNoSchedule\", \"NoExecute\"",
                t.effect
            ));
        }
    }
    e
}

/// `ValidateDeploymentUpdate`: the selector is immutable in apps/v1.
pub fn validate_deployment_update(old: &Deployment, new: &Deployment) -> Result<(), ApiError> {
    let mut causes = match validate_deployment(new) {
        Ok(()) => Vec::new(),
        Err(ApiError::Invalid { causes, .. }) => causes,
        Err(other) => return Err(other),
    };
    if old.spec.selector != new.spec.selector {
        causes.push(format!(
            "spec.selector: Invalid value: {}: field is immutable",
            go_selector(&new.spec.selector)
        ));
    }
    if causes.is_empty() {
        Ok(())
    } else {
        Err(ApiError::Invalid {
            kind: "Deployment",
            name: new.metadata.name.clone(),
            causes,
        })
    }
}

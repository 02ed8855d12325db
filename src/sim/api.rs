//! API objects in their apps/v1 and v1 shapes (field names as the API server spells them, so
//! `kubectl get -o yaml` and `kubectl apply -f` round-trip), plus the annotation and label keys
//! the controllers use. Mirrors `k8s.io/api/{apps,core}/v1/types.go`, trimmed to what a rollout
//! touches.

use super::time::Time;
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::collections::BTreeMap;
use std::ops::{Deref, DerefMut};
use std::sync::Arc;

pub type Labels = BTreeMap<String, String>;

pub const REVISION_ANNOTATION: &str = "deployment.kubernetes.io/revision";
pub const REVISION_HISTORY_ANNOTATION: &str = "deployment.kubernetes.io/revision-history";
pub const DESIRED_REPLICAS_ANNOTATION: &str = "deployment.kubernetes.io/desired-replicas";
pub const MAX_REPLICAS_ANNOTATION: &str = "deployment.kubernetes.io/max-replicas";
pub const ROLLBACK_TO_ANNOTATION: &str = "deprecated.deployment.rollback.to";
pub const LAST_APPLIED_ANNOTATION: &str = "kubectl.kubernetes.io/last-applied-configuration";
pub const CHANGE_CAUSE_ANNOTATION: &str = "kubernetes.io/change-cause";
pub const RESTARTED_AT_ANNOTATION: &str = "kubectl.kubernetes.io/restartedAt";
pub const POD_TEMPLATE_HASH_LABEL: &str = "pod-template-hash";

/// How a ReplicaSet's pod names start (five random characters follow): its `generateName`,
/// `<rs>-`, cut to 58 bytes as the API server's name generator cuts it
/// (`MaxGeneratedNameLength`, 63 less those five), so a long ReplicaSet's pod names stay 63
/// bytes long.
pub fn pod_name_base(rs_name: &str) -> String {
    let mut base = format!("{rs_name}-");
    let mut end = base.len().min(58);
    while !base.is_char_boundary(end) {
        end -= 1;
    }
    base.truncate(end);
    base
}

/// `math.MaxInt32`: a progress deadline or history limit of this size means "none".
pub const MAX_INT32: i32 = i32::MAX;

fn no_labels(labels: &Shared<Labels>) -> bool {
    labels.is_empty()
}
fn no_owners(owners: &Shared<Vec<OwnerReference>>) -> bool {
    owners.is_empty()
}
fn is_false(b: &bool) -> bool {
    !*b
}
fn is_zero_i32(n: &i32) -> bool {
    *n == 0
}
fn is_zero_i64(n: &i64) -> bool {
    *n == 0
}

/// A part of an object that its copies share until one of them changes it (copy on write):
/// a ReplicaSet's pods all point at the containers of its template instead of each holding
/// a copy (with 10,000 pods, some 700 bytes and ten heap blocks a pod). It reads, compares,
/// prints and serialises as the value itself. Empty until written, it holds nothing: a
/// default object allocates no `Arc`.
#[derive(Clone)]
pub struct Shared<T: Empty>(Option<Arc<T>>);

/// A value `Shared` can stand for while it holds nothing: an empty one, made at compile time.
pub trait Empty: Default + 'static {
    const EMPTY: &'static Self;
}

impl<T: 'static> Empty for Vec<T> {
    const EMPTY: &'static Self = &Vec::new();
}

impl<K: Ord + 'static, V: 'static> Empty for BTreeMap<K, V> {
    const EMPTY: &'static Self = &BTreeMap::new();
}

impl<T: Empty> Default for Shared<T> {
    fn default() -> Self {
        Shared(None)
    }
}

impl<T: Empty> Deref for Shared<T> {
    type Target = T;
    fn deref(&self) -> &T {
        self.0.as_deref().unwrap_or(T::EMPTY)
    }
}

/// A write goes to this object's own copy (made on the first write while shared).
impl<T: Empty + Clone> DerefMut for Shared<T> {
    fn deref_mut(&mut self) -> &mut T {
        Arc::make_mut(self.0.get_or_insert_with(Default::default))
    }
}

impl<T: Empty> From<T> for Shared<T> {
    fn from(value: T) -> Self {
        Shared(Some(Arc::new(value)))
    }
}

/// Equal when the values are (copies of one template compare by pointer first).
impl<T: Empty + PartialEq> PartialEq for Shared<T> {
    fn eq(&self, other: &Self) -> bool {
        match (&self.0, &other.0) {
            (Some(a), Some(b)) if Arc::ptr_eq(a, b) => true,
            _ => **self == **other,
        }
    }
}

impl<T: Empty + Eq> Eq for Shared<T> {}

impl<T: Empty + std::fmt::Debug> std::fmt::Debug for Shared<T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        (**self).fmt(f)
    }
}

impl<T: Empty + Serialize> Serialize for Shared<T> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        (**self).serialize(s)
    }
}

impl<'de, T: Empty + Deserialize<'de>> Deserialize<'de> for Shared<T> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        T::deserialize(d).map(Shared::from)
    }
}

impl<'a, K: Ord + 'static, V: 'static> IntoIterator for &'a Shared<BTreeMap<K, V>> {
    type Item = (&'a K, &'a V);
    type IntoIter = std::collections::btree_map::Iter<'a, K, V>;
    fn into_iter(self) -> Self::IntoIter {
        (**self).iter()
    }
}

impl<K: Ord + 'static, V: 'static> FromIterator<(K, V)> for Shared<BTreeMap<K, V>> {
    fn from_iter<I: IntoIterator<Item = (K, V)>>(items: I) -> Self {
        Shared::from(items.into_iter().collect::<BTreeMap<K, V>>())
    }
}

impl<T: 'static> FromIterator<T> for Shared<Vec<T>> {
    fn from_iter<I: IntoIterator<Item = T>>(items: I) -> Self {
        Shared::from(items.into_iter().collect::<Vec<T>>())
    }
}

impl<'a, T: 'static> IntoIterator for &'a Shared<Vec<T>> {
    type Item = &'a T;
    type IntoIter = std::slice::Iter<'a, T>;
    fn into_iter(self) -> Self::IntoIter {
        (**self).iter()
    }
}

impl<'a, T: Clone + 'static> IntoIterator for &'a mut Shared<Vec<T>> {
    type Item = &'a mut T;
    type IntoIter = std::slice::IterMut<'a, T>;
    fn into_iter(self) -> Self::IntoIter {
        (**self).iter_mut()
    }
}

/// `intstr.IntOrString`: `3` or `"25%"`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum IntOrString {
    Int(i32),
    String(String),
}

impl IntOrString {
    pub fn percent(p: i32) -> Self {
        IntOrString::String(format!("{p}%"))
    }
}

impl std::fmt::Display for IntOrString {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            IntOrString::Int(n) => write!(f, "{n}"),
            IntOrString::String(s) => f.write_str(s),
        }
    }
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct OwnerReference {
    pub api_version: String,
    pub kind: String,
    pub name: String,
    pub uid: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub controller: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub block_owner_deletion: Option<bool>,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ObjectMeta {
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub name: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub generate_name: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub namespace: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub uid: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub resource_version: String,
    #[serde(default, skip_serializing_if = "is_zero_i64")]
    pub generation: i64,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub creation_timestamp: Option<Time>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub deletion_timestamp: Option<Time>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub deletion_grace_period_seconds: Option<i64>,
    /// Shared by a template's copies (a ReplicaSet's pods) until one changes them.
    #[serde(default, skip_serializing_if = "no_labels")]
    pub labels: Shared<Labels>,
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub annotations: BTreeMap<String, String>,
    /// Shared by the pods a ReplicaSet creates in one pass until one changes them.
    #[serde(default, skip_serializing_if = "no_owners")]
    pub owner_references: Shared<Vec<OwnerReference>>,
}

impl ObjectMeta {
    pub fn named(name: impl Into<String>) -> Self {
        ObjectMeta {
            name: name.into(),
            ..Default::default()
        }
    }

    /// The owner reference with `controller: true`, as `metav1.GetControllerOf`.
    pub fn controller_of(&self) -> Option<&OwnerReference> {
        self.owner_references
            .iter()
            .find(|r| r.controller == Some(true))
    }

    pub fn annotation(&self, key: &str) -> Option<&str> {
        self.annotations.get(key).map(String::as_str)
    }
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct LabelSelector {
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub match_labels: Labels,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub match_expressions: Vec<LabelSelectorRequirement>,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct LabelSelectorRequirement {
    pub key: String,
    pub operator: String,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub values: Vec<String>,
}

impl LabelSelector {
    pub fn is_empty(&self) -> bool {
        self.match_labels.is_empty() && self.match_expressions.is_empty()
    }

    /// Whether `labels` satisfy the selector (`metav1.LabelSelectorAsSelector(...).Matches`).
    /// An empty selector matches everything.
    pub fn matches(&self, labels: &Labels) -> bool {
        self.match_labels
            .iter()
            .all(|(k, v)| labels.get(k) == Some(v))
            && self.match_expressions.iter().all(|req| {
                let value = labels.get(&req.key);
                match req.operator.as_str() {
                    "In" => value.is_some_and(|v| req.values.contains(v)),
                    "NotIn" => value.is_none_or(|v| !req.values.contains(v)),
                    "Exists" => value.is_some(),
                    "DoesNotExist" => value.is_none(),
                    _ => false,
                }
            })
    }
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct EnvVar {
    pub name: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub value: String,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ContainerPort {
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub name: String,
    pub container_port: i32,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub protocol: String,
}

/// Quantities are kept as the strings the user wrote (`100m`, `128Mi`); `quantity::parse`
/// reads them.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ResourceRequirements {
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub limits: BTreeMap<String, String>,
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub requests: BTreeMap<String, String>,
}

impl ResourceRequirements {
    pub fn is_empty(&self) -> bool {
        self.limits.is_empty() && self.requests.is_empty()
    }
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct HttpGetAction {
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub path: String,
    pub port: IntOrString,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub scheme: String,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct TcpSocketAction {
    pub port: IntOrString,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ExecAction {
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub command: Vec<String>,
}

impl Default for IntOrString {
    fn default() -> Self {
        IntOrString::Int(0)
    }
}

/// `v1.Probe`. Zero values are filled with the API server's defaults by `defaults`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Probe {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub http_get: Option<HttpGetAction>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tcp_socket: Option<TcpSocketAction>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub exec: Option<ExecAction>,
    #[serde(default, skip_serializing_if = "is_zero_i32")]
    pub initial_delay_seconds: i32,
    #[serde(default, skip_serializing_if = "is_zero_i32")]
    pub timeout_seconds: i32,
    #[serde(default, skip_serializing_if = "is_zero_i32")]
    pub period_seconds: i32,
    #[serde(default, skip_serializing_if = "is_zero_i32")]
    pub success_threshold: i32,
    #[serde(default, skip_serializing_if = "is_zero_i32")]
    pub failure_threshold: i32,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Container {
    pub name: String,
    #[serde(default)]
    pub image: String,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub command: Vec<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub args: Vec<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub ports: Vec<ContainerPort>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub env: Vec<EnvVar>,
    #[serde(default, skip_serializing_if = "ResourceRequirements::is_empty")]
    pub resources: ResourceRequirements,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub liveness_probe: Option<Probe>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub readiness_probe: Option<Probe>,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub termination_message_path: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub termination_message_policy: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub image_pull_policy: String,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PodSpec {
    /// Shared by the pods of a template (and the template's copies) until one changes them.
    #[serde(default)]
    pub containers: Shared<Vec<Container>>,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub restart_policy: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub termination_grace_period_seconds: Option<i64>,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub dns_policy: String,
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub node_selector: Labels,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub node_name: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub scheduler_name: String,
    /// Shared like the containers: a ReplicaSet's pods carry the same.
    #[serde(default, skip_serializing_if = "no_tolerations")]
    pub tolerations: Shared<Vec<Toleration>>,
}

fn no_tolerations(t: &Shared<Vec<Toleration>>) -> bool {
    t.is_empty()
}

/// `v1.Toleration`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Toleration {
    #[serde(default, skip_serializing_if = "str::is_empty")]
    pub key: Text,
    #[serde(default, skip_serializing_if = "str::is_empty")]
    pub operator: Text,
    #[serde(default, skip_serializing_if = "str::is_empty")]
    pub value: Text,
    #[serde(default, skip_serializing_if = "str::is_empty")]
    pub effect: Text,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub toleration_seconds: Option<i64>,
}

impl Toleration {
    /// `ToleratesTaint`: the effect and key match (an empty one matches any), and the value
    /// is equal, or the operator is `Exists`.
    pub fn tolerates(&self, taint: &Taint) -> bool {
        (self.effect.is_empty() || self.effect == taint.effect)
            && (self.key.is_empty() || self.key == taint.key)
            && match &*self.operator {
                "" | "Equal" => self.value == taint.value,
                "Exists" => true,
                _ => false,
            }
    }

    /// A `NoExecute` toleration of `key` for 300 s, as the DefaultTolerationSeconds
    /// admission plugin adds them.
    fn for_300s(key: &'static str) -> Toleration {
        Toleration {
            key: Text::Borrowed(key),
            operator: Text::Borrowed("Exists"),
            effect: Text::Borrowed("NoExecute"),
            toleration_seconds: Some(300),
            ..Default::default()
        }
    }
}

/// The tolerations the API server admits a pod with (DefaultTolerationSeconds): `given`,
/// and five minutes on a not-ready or unreachable node unless `given` already tolerates
/// that (a toleration with that key or none, and that effect or none).
pub fn admitted_tolerations(given: &[Toleration]) -> Vec<Toleration> {
    let mut all = given.to_vec();
    for key in [
        "node.kubernetes.io/not-ready",
        "node.kubernetes.io/unreachable",
    ] {
        let tolerated = given.iter().any(|t| {
            (t.key.is_empty() || t.key == key) && (t.effect.is_empty() || t.effect == "NoExecute")
        });
        if !tolerated {
            all.push(Toleration::for_300s(key));
        }
    }
    all
}

impl PodSpec {
    /// The first container's image ("" without containers): the version a pod runs.
    pub fn image(&self) -> &str {
        self.containers.first().map_or("", |c| c.image.as_str())
    }
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PodTemplateSpec {
    #[serde(default)]
    pub metadata: ObjectMeta,
    #[serde(default)]
    pub spec: PodSpec,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum DeploymentStrategyType {
    /// The API server's default when `type` is left out.
    #[default]
    RollingUpdate,
    Recreate,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct RollingUpdateDeployment {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_unavailable: Option<IntOrString>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_surge: Option<IntOrString>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct DeploymentStrategy {
    #[serde(rename = "type", default)]
    pub type_: DeploymentStrategyType,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rolling_update: Option<RollingUpdateDeployment>,
}

impl Default for DeploymentStrategy {
    fn default() -> Self {
        DeploymentStrategy {
            type_: DeploymentStrategyType::RollingUpdate,
            rolling_update: None,
        }
    }
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct DeploymentSpec {
    /// `nil` only before defaulting (the API server sets 1).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub replicas: Option<i32>,
    #[serde(default)]
    pub selector: LabelSelector,
    #[serde(default)]
    pub template: PodTemplateSpec,
    #[serde(default)]
    pub strategy: DeploymentStrategy,
    #[serde(default, skip_serializing_if = "is_zero_i32")]
    pub min_ready_seconds: i32,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub revision_history_limit: Option<i32>,
    #[serde(default, skip_serializing_if = "is_false")]
    pub paused: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub progress_deadline_seconds: Option<i32>,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Condition {
    /// The type, status and reason are nearly always one of upstream's constants: held as
    /// such, a pod's five conditions cost no heap blocks for them.
    #[serde(rename = "type")]
    pub type_: Text,
    /// "True", "False" or "Unknown".
    pub status: Text,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_update_time: Option<Time>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_transition_time: Option<Time>,
    #[serde(default, skip_serializing_if = "str::is_empty")]
    pub reason: Text,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub message: String,
}

/// A string that is a constant when it can be (`Cow`): a condition's type, status or reason.
pub type Text = std::borrow::Cow<'static, str>;

/// Writes a constant into a `Text` if it differs; says whether it did (`store::set_str`).
pub fn set_text(slot: &mut Text, value: &'static str) -> bool {
    // Nearly always the very constant written last time: no bytes to compare.
    if matches!(slot, Text::Borrowed(s) if std::ptr::eq(*s, value)) {
        return false;
    }
    let changed = *slot != value;
    if changed {
        *slot = Text::Borrowed(value);
    }
    changed
}

pub const CONDITION_AVAILABLE: &str = "Available";
pub const CONDITION_PROGRESSING: &str = "Progressing";
pub const CONDITION_REPLICA_FAILURE: &str = "ReplicaFailure";

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct DeploymentStatus {
    #[serde(default, skip_serializing_if = "is_zero_i64")]
    pub observed_generation: i64,
    #[serde(default, skip_serializing_if = "is_zero_i32")]
    pub replicas: i32,
    #[serde(default, skip_serializing_if = "is_zero_i32")]
    pub updated_replicas: i32,
    #[serde(default, skip_serializing_if = "is_zero_i32")]
    pub ready_replicas: i32,
    #[serde(default, skip_serializing_if = "is_zero_i32")]
    pub available_replicas: i32,
    #[serde(default, skip_serializing_if = "is_zero_i32")]
    pub unavailable_replicas: i32,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub conditions: Vec<Condition>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub collision_count: Option<i32>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Deployment {
    #[serde(default = "apps_v1")]
    pub api_version: String,
    #[serde(default = "kind_deployment")]
    pub kind: String,
    #[serde(default)]
    pub metadata: ObjectMeta,
    #[serde(default)]
    pub spec: DeploymentSpec,
    #[serde(default)]
    pub status: DeploymentStatus,
}

fn apps_v1() -> String {
    "apps/v1".into()
}
fn v1() -> String {
    "v1".into()
}
fn kind_deployment() -> String {
    "Deployment".into()
}
fn kind_replica_set() -> String {
    "ReplicaSet".into()
}
fn kind_pod() -> String {
    "Pod".into()
}
fn kind_node() -> String {
    "Node".into()
}
fn kind_event() -> String {
    "Event".into()
}

impl Default for Deployment {
    fn default() -> Self {
        Deployment {
            api_version: apps_v1(),
            kind: kind_deployment(),
            metadata: ObjectMeta::default(),
            spec: DeploymentSpec::default(),
            status: DeploymentStatus::default(),
        }
    }
}

impl Deployment {
    /// What `kubectl create deployment NAME --image=IMAGE --replicas=N` sends: label
    /// `app=NAME` on the Deployment, its selector and its pod template; one container per image.
    pub fn simple(name: &str, containers: Vec<Container>, replicas: i32) -> Deployment {
        let labels: Labels = crate::sort::map_of([("app".to_string(), name.to_string())]);
        Deployment {
            metadata: ObjectMeta {
                name: name.to_string(),
                labels: labels.clone().into(),
                ..Default::default()
            },
            spec: DeploymentSpec {
                replicas: Some(replicas),
                selector: LabelSelector {
                    match_labels: labels.clone(),
                    ..Default::default()
                },
                template: PodTemplateSpec {
                    metadata: ObjectMeta {
                        labels: labels.into(),
                        ..Default::default()
                    },
                    spec: PodSpec {
                        containers: containers.into(),
                        ..Default::default()
                    },
                },
                ..Default::default()
            },
            ..Default::default()
        }
    }

    /// `*d.Spec.Replicas` (1 before defaulting, as the API server would set it).
    pub fn replicas(&self) -> i32 {
        self.spec.replicas.unwrap_or(1)
    }

    pub fn is_rolling_update(&self) -> bool {
        self.spec.strategy.type_ == DeploymentStrategyType::RollingUpdate
    }

    pub fn condition(&self, type_: &str) -> Option<&Condition> {
        self.status.conditions.iter().find(|c| c.type_ == type_)
    }
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ReplicaSetSpec {
    #[serde(default)]
    pub replicas: i32,
    #[serde(default, skip_serializing_if = "is_zero_i32")]
    pub min_ready_seconds: i32,
    #[serde(default)]
    pub selector: LabelSelector,
    #[serde(default)]
    pub template: PodTemplateSpec,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ReplicaSetStatus {
    #[serde(default)]
    pub replicas: i32,
    #[serde(default, skip_serializing_if = "is_zero_i32")]
    pub fully_labeled_replicas: i32,
    #[serde(default, skip_serializing_if = "is_zero_i32")]
    pub ready_replicas: i32,
    #[serde(default, skip_serializing_if = "is_zero_i32")]
    pub available_replicas: i32,
    #[serde(default, skip_serializing_if = "is_zero_i64")]
    pub observed_generation: i64,
    /// Pods being deleted (newer API; `None` when the controller does not report it).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub terminating_replicas: Option<i32>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub conditions: Vec<Condition>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ReplicaSet {
    #[serde(default = "apps_v1")]
    pub api_version: String,
    #[serde(default = "kind_replica_set")]
    pub kind: String,
    #[serde(default)]
    pub metadata: ObjectMeta,
    #[serde(default)]
    pub spec: ReplicaSetSpec,
    #[serde(default)]
    pub status: ReplicaSetStatus,
}

impl Default for ReplicaSet {
    fn default() -> Self {
        ReplicaSet {
            api_version: apps_v1(),
            kind: kind_replica_set(),
            metadata: ObjectMeta::default(),
            spec: ReplicaSetSpec::default(),
            status: ReplicaSetStatus::default(),
        }
    }
}

impl ReplicaSet {
    /// The `deployment.kubernetes.io/revision` annotation, 0 when missing or unparseable.
    pub fn revision(&self) -> i64 {
        self.metadata
            .annotation(REVISION_ANNOTATION)
            .and_then(|r| r.parse().ok())
            .unwrap_or(0)
    }
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ContainerStateWaiting {
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub reason: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub message: String,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ContainerStateRunning {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub started_at: Option<Time>,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ContainerStateTerminated {
    pub exit_code: i32,
    #[serde(default, skip_serializing_if = "is_zero_i32")]
    pub signal: i32,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub reason: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub message: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub started_at: Option<Time>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub finished_at: Option<Time>,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ContainerState {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub waiting: Option<ContainerStateWaiting>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub running: Option<ContainerStateRunning>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub terminated: Option<ContainerStateTerminated>,
}

impl ContainerState {
    pub fn is_empty(&self) -> bool {
        self.waiting.is_none() && self.running.is_none() && self.terminated.is_none()
    }
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ContainerStatus {
    pub name: String,
    #[serde(default)]
    pub state: ContainerState,
    #[serde(default, skip_serializing_if = "ContainerState::is_empty")]
    pub last_state: ContainerState,
    pub ready: bool,
    pub restart_count: i32,
    pub image: String,
    #[serde(default, rename = "imageID", skip_serializing_if = "String::is_empty")]
    pub image_id: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub started: Option<bool>,
}

pub const POD_PENDING: &str = "Pending";
pub const POD_RUNNING: &str = "Running";
pub const POD_SUCCEEDED: &str = "Succeeded";
pub const POD_FAILED: &str = "Failed";
pub const POD_UNKNOWN: &str = "Unknown";

pub const POD_SCHEDULED: &str = "PodScheduled";
pub const POD_READY_TO_START_CONTAINERS: &str = "PodReadyToStartContainers";
pub const POD_INITIALIZED: &str = "Initialized";
pub const POD_CONTAINERS_READY: &str = "ContainersReady";
pub const POD_READY: &str = "Ready";

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PodStatus {
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub phase: String,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub conditions: Vec<Condition>,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub message: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub reason: String,
    #[serde(default, rename = "hostIP", skip_serializing_if = "String::is_empty")]
    pub host_ip: String,
    #[serde(default, rename = "podIP", skip_serializing_if = "String::is_empty")]
    pub pod_ip: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub start_time: Option<Time>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub container_statuses: Vec<ContainerStatus>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Pod {
    #[serde(default = "v1")]
    pub api_version: String,
    #[serde(default = "kind_pod")]
    pub kind: String,
    #[serde(default)]
    pub metadata: ObjectMeta,
    #[serde(default)]
    pub spec: PodSpec,
    #[serde(default)]
    pub status: PodStatus,
}

impl Default for Pod {
    fn default() -> Self {
        Pod {
            api_version: v1(),
            kind: kind_pod(),
            metadata: ObjectMeta::default(),
            spec: PodSpec::default(),
            status: PodStatus::default(),
        }
    }
}

impl Pod {
    pub fn condition(&self, type_: &str) -> Option<&Condition> {
        self.status.conditions.iter().find(|c| c.type_ == type_)
    }

    /// `podutil.IsPodReady`.
    pub fn is_ready(&self) -> bool {
        self.condition(POD_READY)
            .is_some_and(|c| c.status == "True")
    }
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Taint {
    pub key: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub value: String,
    pub effect: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub time_added: Option<Time>,
}

impl Taint {
    /// `Taint.ToString`: `key=value:effect`, or `key:effect` without a value.
    pub fn describe(&self) -> String {
        if self.value.is_empty() {
            format!("{}:{}", self.key, self.effect)
        } else {
            format!("{}={}:{}", self.key, self.value, self.effect)
        }
    }
}

/// The version every simulated kubelet reports.
pub const KUBELET_VERSION: &str = "v1.31.0";

/// The taint the node lifecycle controller puts on a cordoned node.
pub const TAINT_UNSCHEDULABLE: &str = "node.kubernetes.io/unschedulable";

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct NodeSpec {
    #[serde(default, skip_serializing_if = "is_false")]
    pub unschedulable: bool,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub taints: Vec<Taint>,
    #[serde(rename = "podCIDR", default, skip_serializing_if = "String::is_empty")]
    pub pod_cidr: String,
    #[serde(rename = "podCIDRs", default, skip_serializing_if = "Vec::is_empty")]
    pub pod_cidrs: Vec<String>,
}

/// `v1.NodeCondition`: a heartbeat time where other conditions have an update time.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct NodeCondition {
    #[serde(rename = "type")]
    pub type_: Text,
    pub status: Text,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_heartbeat_time: Option<Time>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_transition_time: Option<Time>,
    #[serde(default, skip_serializing_if = "str::is_empty")]
    pub reason: Text,
    #[serde(default, skip_serializing_if = "str::is_empty")]
    pub message: Text,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct NodeAddress {
    #[serde(rename = "type")]
    pub type_: Text,
    pub address: String,
}

/// `v1.NodeSystemInfo`, as the kubelet reports it.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct NodeSystemInfo {
    #[serde(rename = "machineID")]
    pub machine_id: String,
    #[serde(rename = "systemUUID")]
    pub system_uuid: String,
    #[serde(rename = "bootID")]
    pub boot_id: String,
    pub kernel_version: Text,
    pub os_image: Text,
    pub container_runtime_version: Text,
    pub kubelet_version: Text,
    pub operating_system: Text,
    pub architecture: Text,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct NodeStatus {
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub capacity: BTreeMap<String, String>,
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub allocatable: BTreeMap<String, String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub conditions: Vec<NodeCondition>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub addresses: Vec<NodeAddress>,
    #[serde(default)]
    pub node_info: NodeSystemInfo,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Node {
    #[serde(default = "v1")]
    pub api_version: String,
    #[serde(default = "kind_node")]
    pub kind: String,
    #[serde(default)]
    pub metadata: ObjectMeta,
    #[serde(default)]
    pub spec: NodeSpec,
    #[serde(default)]
    pub status: NodeStatus,
}

impl Default for Node {
    fn default() -> Self {
        Node {
            api_version: v1(),
            kind: kind_node(),
            metadata: ObjectMeta::default(),
            spec: NodeSpec::default(),
            status: NodeStatus::default(),
        }
    }
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ObjectReference {
    pub kind: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub namespace: String,
    pub name: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub uid: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub api_version: String,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct EventSource {
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub component: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub host: String,
}

/// `v1.Event` (core events, what `kubectl get events` and `describe` show).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Event {
    #[serde(default = "v1")]
    pub api_version: String,
    #[serde(default = "kind_event")]
    pub kind: String,
    #[serde(default)]
    pub metadata: ObjectMeta,
    pub involved_object: ObjectReference,
    pub reason: String,
    pub message: String,
    #[serde(default)]
    pub source: EventSource,
    pub first_timestamp: Time,
    pub last_timestamp: Time,
    pub count: i32,
    /// "Normal" or "Warning".
    #[serde(rename = "type")]
    pub type_: String,
}

//! The object store: the simulated API server's storage, generic over kinds.
//!
//! Every write goes through `create` / `update` / `delete`, which do what the API server does
//! on the way (uid, creationTimestamp, resourceVersion, generation bump on spec changes) and
//! remember which object changed, so the engine can wake the controllers that watch it (the
//! informers' job upstream). One namespace, `default`, as a learner's cluster has.

use super::api::{
    Deployment, DeploymentSpec, DeploymentStatus, Event, EventSource, Labels, Node, NodeSpec,
    NodeStatus, ObjectMeta, ObjectReference, Pod, PodSpec, PodStatus, ReplicaSet, ReplicaSetSpec,
    ReplicaSetStatus, POD_FAILED, POD_PENDING, POD_READY, POD_RUNNING, POD_SUCCEEDED, POD_UNKNOWN,
};
use super::correlator::{Correlated, Correlator, EventKeys, Hasher, COMBINED};
use super::namemap::NameMap;
use super::scheduler::SCHEDULER;
use super::time::Time;
use serde::{Deserialize, Serialize, Serializer};
use std::borrow::{Borrow, BorrowMut};
use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;
use std::sync::Arc;

pub const NAMESPACE: &str = "default";

/// The kinds the store holds. Adding a kind (Service, DaemonSet, ...) is a variant here, a
/// table in `Store` and an `Object` impl.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum Kind {
    Deployment,
    ReplicaSet,
    Pod,
    Node,
}

impl Kind {
    pub fn name(self) -> &'static str {
        match self {
            Kind::Deployment => "Deployment",
            Kind::ReplicaSet => "ReplicaSet",
            Kind::Pod => "Pod",
            Kind::Node => "Node",
        }
    }

    pub fn api_version(self) -> &'static str {
        match self {
            Kind::Deployment | Kind::ReplicaSet => "apps/v1",
            Kind::Pod | Kind::Node => "v1",
        }
    }

    /// Whether the API server keeps `metadata.generation` for the kind: in v1.31 the
    /// workload controllers' objects have one, pods and nodes do not.
    pub fn has_generation(self) -> bool {
        matches!(self, Kind::Deployment | Kind::ReplicaSet)
    }

    /// The group-qualified plural the API server uses in errors: `deployments.apps`.
    pub fn resource(self) -> &'static str {
        match self {
            Kind::Deployment => "deployments.apps",
            Kind::ReplicaSet => "replicasets.apps",
            Kind::Pod => "pods",
            Kind::Node => "nodes",
        }
    }
}

/// Names one object: what changed, what a controller should look at.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct ObjRef {
    pub kind: Kind,
    pub name: Name,
}

impl ObjRef {
    pub fn new(kind: Kind, name: &str) -> ObjRef {
        ObjRef {
            kind,
            name: Name::new(name),
        }
    }
}

/// An object written since the last `Store::take_dirty`. For a pod the store wrote, it also
/// says what the engine dispatches on, as the last write left it (`seen`): the engine then
/// need not look the pod up again, a cache miss or two a pod once 10,000 of them no longer
/// fit in the cache. Kept to 40 bytes, as long as an `ObjRef`: the list is sorted.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Dirty {
    pub kind: Kind,
    pub name: Name,
    /// `SEEN_*` bits.
    seen: u8,
    /// The pod's controller's name, interned (`Interned::controllers`); `u32::MAX`: none.
    controller: u32,
}

const SEEN_STORED: u8 = 1;
const SEEN_GONE: u8 = 2;
const SEEN_BOUND: u8 = 4;
const SEEN_DELETING: u8 = 8;

/// What a `Dirty` says of a pod.
pub enum Seen {
    /// Not said (not a pod, or marked without a write): look it up.
    Unknown,
    Gone,
    Stored {
        /// The controller's name (`Store::controller_name`).
        controller: Option<u32>,
        /// `spec.nodeName` is set.
        bound: bool,
        /// `metadata.deletionTimestamp` is set.
        deleting: bool,
    },
}

impl Dirty {
    pub fn seen(&self) -> Seen {
        if self.seen & SEEN_GONE != 0 {
            Seen::Gone
        } else if self.seen & SEEN_STORED != 0 {
            Seen::Stored {
                controller: (self.controller != u32::MAX).then_some(self.controller),
                bound: self.seen & SEEN_BOUND != 0,
                deleting: self.seen & SEEN_DELETING != 0,
            }
        } else {
            Seen::Unknown
        }
    }
}

/// What the engine dispatches on of a pod just written (`Dirty`): nothing for other kinds.
fn seen<T: Object>(obj: &T, interned: &mut Interned) -> (u8, u32) {
    if T::KIND != Kind::Pod {
        return (0, u32::MAX);
    }
    let meta = obj.meta();
    let controller = meta
        .controller_of()
        .map_or(u32::MAX, |o| interned.controllers.id(&o.name));
    let mut seen = SEEN_STORED;
    if obj.bound() {
        seen |= SEEN_BOUND;
    }
    if meta.deletion_timestamp.is_some() {
        seen |= SEEN_DELETING;
    }
    (seen, controller)
}

/// An object's name as the store's tables key it. Names of up to 30 bytes (a Deployment's
/// generated pod names, unless the Deployment's own name is long) are kept inline, so the
/// comparisons of a lookup read the tree's nodes and nothing else: with 10,000 pods, following
/// each key to its own heap block cost a cache miss a comparison. Orders as `str` does.
#[derive(Clone, Eq)]
pub enum Name {
    /// The bytes, zero-padded, then the length: compared as arrays, they order as the names
    /// do (zero is the smallest byte; the length breaks the tie of a name and its prefix).
    Inline([u8; 31]),
    Long(Box<str>),
}

impl Name {
    pub fn new(name: &str) -> Name {
        if name.len() <= 30 {
            let mut b = [0u8; 31];
            b[..name.len()].copy_from_slice(name.as_bytes());
            b[30] = name.len() as u8;
            Name::Inline(b)
        } else {
            Name::Long(name.into())
        }
    }

    fn bytes(&self) -> &[u8] {
        match self {
            Name::Inline(b) => &b[..usize::from(b[30])],
            Name::Long(s) => s.as_bytes(),
        }
    }

    pub fn as_str(&self) -> &str {
        // Made from a `str`, so always UTF-8. (Not `expect`: that brings `Utf8Error`'s Debug
        // into the bundle for a message never printed.)
        std::str::from_utf8(self.bytes()).unwrap_or_default()
    }

    /// The top 32 bits of an [`Fx`] hash of the name, for `NameMap`.
    pub fn tag(&self) -> u32 {
        let mut h = Fx::default();
        match self {
            Name::Inline(b) => {
                for w in words(b) {
                    h.word(w);
                }
            }
            Name::Long(s) => h.bytes(s.as_bytes()),
        }
        (h.0 >> 32) as u32
    }
}

/// An inline name's 31 bytes as four words, the last overlapping the third by a byte, each
/// loaded in memory order: equal names have equal words, and the first word that differs
/// holds the first byte that does. Written out and always inlined, so that even the wasm
/// build (optimised for size, which otherwise inlines little) compiles it to four loads:
/// its comparisons of names were a sixth of a 1,000-replica rollout in V8's profile, spent
/// in closures, bounds checks and byte-at-a-time copies.
#[inline(always)]
fn words(b: &[u8; 31]) -> [u64; 4] {
    #[inline(always)]
    fn at(b: &[u8; 31], i: usize) -> u64 {
        u64::from_le_bytes([
            b[i],
            b[i + 1],
            b[i + 2],
            b[i + 3],
            b[i + 4],
            b[i + 5],
            b[i + 6],
            b[i + 7],
        ])
    }
    [at(b, 0), at(b, 8), at(b, 16), at(b, 23)]
}

impl PartialEq for Name {
    fn eq(&self, other: &Self) -> bool {
        match (self, other) {
            (Name::Inline(a), Name::Inline(b)) => {
                // Word by word: comparing the arrays whole is a call to memcmp in wasm.
                let (a, b) = (words(a), words(b));
                a[0] == b[0] && a[1] == b[1] && a[2] == b[2] && a[3] == b[3]
            }
            (Name::Long(a), Name::Long(b)) => a == b,
            _ => false,
        }
    }
}

/// An FxHash-style hash, eight bytes at a step. Only ever compared with other hashes of the
/// same run, so any deterministic mix will do.
#[derive(Default)]
struct Fx(u64);

impl Fx {
    fn word(&mut self, word: u64) {
        self.0 = (self.0.rotate_left(5) ^ word).wrapping_mul(0x517c_c1b7_2722_0a95);
    }

    /// `bytes`, closed by their length (so `ab`,`c` and `a`,`bc` differ).
    fn bytes(&mut self, bytes: &[u8]) {
        super::correlator::words(bytes, |w| self.word(w));
    }
}

impl PartialOrd for Name {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Name {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        // Inline names compare word by word, not through a call to memcmp: the first word
        // that differs, read big-endian (most significant byte first), orders them.
        match (self, other) {
            (Name::Inline(a), Name::Inline(b)) => {
                let (a, b) = (words(a), words(b));
                for i in 0..4 {
                    if a[i] != b[i] {
                        return a[i].swap_bytes().cmp(&b[i].swap_bytes());
                    }
                }
                std::cmp::Ordering::Equal
            }
            _ => self.bytes().cmp(other.bytes()),
        }
    }
}

impl std::fmt::Debug for Name {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.as_str().fmt(f)
    }
}

impl Serialize for Name {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

/// An API error in the words of the API server.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ApiError {
    NotFound {
        resource: &'static str,
        name: String,
    },
    AlreadyExists {
        resource: &'static str,
        name: String,
    },
    Invalid {
        kind: &'static str,
        name: String,
        causes: Vec<String>,
    },
}

impl std::fmt::Display for ApiError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ApiError::NotFound { resource, name } => {
                write!(
                    f,
                    "Error from server (NotFound): {resource} \"{name}\" not found"
                )
            }
            ApiError::AlreadyExists { resource, name } => {
                write!(
                    f,
                    "Error from server (AlreadyExists): {resource} \"{name}\" already exists"
                )
            }
            ApiError::Invalid { kind, name, causes } => {
                // kubectl's MultilineError: one cause on the line, several as a list.
                write!(f, "The {kind} \"{name}\" is invalid: ")?;
                if causes.len() == 1 {
                    f.write_str(&causes[0])
                } else {
                    for cause in causes {
                        write!(f, "\n* {cause}")?;
                    }
                    Ok(())
                }
            }
        }
    }
}

/// Where an object stands in the store's indexes: its controller's uid (interned), and
/// whether it waits for the scheduler.
type Placement = (Option<u32>, bool);

/// Where an object goes in the indexes, with its digest when it has an owner.
type IndexFacts = (Option<u32>, bool, Option<Digest>);

/// Which digest fields a write cannot have changed, so the owner index keeps them instead of
/// reading them again from the object (with 10,000 pods, a trip to memory for each string):
/// the labels when the metadata was not written, the node when the spec was not either.
#[derive(Clone, Copy, Default)]
pub struct Keep {
    labels: bool,
    node: bool,
    /// Not a digest field: the write cannot change the spec, so the pod's node and requests
    /// (`Store::node_usage`) stay too.
    spec: bool,
}

fn index_facts<T: Object>(obj: &T, interned: &mut Interned) -> IndexFacts {
    let (owner, unbound) = placement(obj, interned);
    let digest = owner
        .is_some()
        .then(|| obj.digest(interned, Keep::default()));
    (owner, unbound, digest)
}

/// A bound pod's node (interned) and requests, for `Store::node_usage`.
type Usage = Option<(u32, (i128, i128))>;

fn usage<T: Object>(obj: &T, interned: &mut Interned) -> Usage {
    obj.node_request()
        .map(|(node, requests)| (interned.node(node), requests))
}

fn placement<T: Object>(obj: &T, interned: &mut Interned) -> Placement {
    (
        obj.meta()
            .controller_of()
            .map(|o| interned.owners.id(&o.uid)),
        obj.unbound(),
    )
}

/// What every stored kind offers the store.
pub trait Object: Clone + PartialEq + 'static {
    const KIND: Kind;
    type Spec: Clone + PartialEq;
    /// What the `/status` subresource writes.
    type Status: Clone + PartialEq;
    fn meta(&self) -> &ObjectMeta;
    fn meta_mut(&mut self) -> &mut ObjectMeta;
    fn status_mut(&mut self) -> &mut Self::Status;
    fn spec_and_status_mut(&mut self) -> (&mut Self::Spec, &mut Self::Status);
    /// What its table is keyed by: `Name` for pods (thousands, looked up by name all the
    /// time), `String` for the few objects of the other kinds.
    type Key: Ord + Clone + std::fmt::Debug + Serialize + 'static;
    /// How its table holds it: pods boxed (their table's entries then move pointers, not
    /// 640-byte pods, and stay small), the others in place.
    type Stored: Borrow<Self> + BorrowMut<Self> + From<Self> + Clone + PartialEq + Serialize;
    /// The table: a `PodTable` for pods, an ordered map for the others.
    type Table: Table<Self::Key, Self::Stored>;
    fn key(name: &str) -> Self::Key;
    fn unstore(stored: Self::Stored) -> Self;
    fn table(store: &Store) -> &Self::Table;
    fn table_mut(store: &mut Store) -> &mut Self::Table;
    /// Whether two versions have the same spec (a spec change bumps `metadata.generation`).
    fn same_spec(&self, _other: &Self) -> bool {
        true
    }
    /// Whether the object waits for the scheduler (pods only).
    fn unbound(&self) -> bool {
        false
    }
    /// Whether it is bound to a node (pods only).
    fn bound(&self) -> bool {
        false
    }
    /// What its owner's controller reads of it, kept in the owner index (pods only).
    fn digest(&self, _interned: &mut Interned, _keep: Keep) -> Digest {
        Digest::default()
    }
    /// The node it is bound to and what it requests there (bound pods only).
    fn node_request(&self) -> Option<(&str, (i128, i128))> {
        None
    }
}

/// What the store asks of a kind's table.
pub trait Table<K, S: 'static> {
    /// The object of that name, found without making a key (a `String` for most kinds).
    fn find(&self, name: &str) -> Option<&S>;
    fn find_mut(&mut self, name: &str) -> Option<&mut S>;
    fn find_named(&self, name: &Name) -> Option<&S> {
        self.find(name.as_str())
    }
    fn insert(&mut self, key: K, value: S);
    fn remove(&mut self, key: &K) -> Option<S>;
    /// Every object, in name order.
    fn values(&self) -> impl Iterator<Item = &S>;
    fn len(&self) -> usize;
    fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

/// The table of a kind with few objects (Deployments, ReplicaSets, nodes): a vector in name
/// order, searched by halves. Every `BTreeMap` of another key and value type brings its own
/// copy of the B-tree's insertion, removal and rebalancing code into the wasm bundle (over a
/// kilobyte gzipped each); a handful of objects are found as fast this way.
#[derive(Clone, Debug, PartialEq)]
pub struct SortedTable<S> {
    entries: Vec<(String, S)>,
}

impl<S> Default for SortedTable<S> {
    fn default() -> Self {
        SortedTable {
            entries: Vec::new(),
        }
    }
}

impl<S> SortedTable<S> {
    fn position(&self, key: &str) -> Result<usize, usize> {
        self.entries.binary_search_by(|(k, _)| k.as_str().cmp(key))
    }
}

impl<S: 'static> Table<String, S> for SortedTable<S> {
    fn find(&self, name: &str) -> Option<&S> {
        self.position(name).ok().map(|i| &self.entries[i].1)
    }
    fn find_mut(&mut self, name: &str) -> Option<&mut S> {
        self.position(name).ok().map(|i| &mut self.entries[i].1)
    }
    fn insert(&mut self, key: String, value: S) {
        match self.position(&key) {
            Ok(i) => self.entries[i].1 = value,
            Err(i) => self.entries.insert(i, (key, value)),
        }
    }
    fn remove(&mut self, key: &String) -> Option<S> {
        self.position(key).ok().map(|i| self.entries.remove(i).1)
    }
    fn values(&self) -> impl Iterator<Item = &S> {
        self.entries.iter().map(|(_, v)| v)
    }
    fn len(&self) -> usize {
        self.entries.len()
    }
}

/// `table[&name]`, as a map reads: the object, or a panic when there is none.
impl<S: 'static> std::ops::Index<&String> for SortedTable<S> {
    type Output = S;
    fn index(&self, key: &String) -> &S {
        self.find(key).expect("no object of that name")
    }
}

impl<S: Serialize> Serialize for SortedTable<S> {
    fn serialize<Z: Serializer>(&self, s: Z) -> Result<Z::Ok, Z::Error> {
        s.collect_map(self.entries.iter().map(|(k, v)| (k, v)))
    }
}

/// The pods: found by name through a `NameMap` (a probe or two, with 10,000 of them), listed
/// in name order through an ordered set of their names. It serialises as the ordered map of
/// names to pods it stands for.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct PodTable {
    order: BTreeSet<Name>,
    by_name: NameMap<Box<Pod>>,
}

impl PodTable {
    pub fn len(&self) -> usize {
        self.by_name.len()
    }

    pub fn is_empty(&self) -> bool {
        self.by_name.is_empty()
    }
}

impl Table<Name, Box<Pod>> for PodTable {
    fn find(&self, name: &str) -> Option<&Box<Pod>> {
        self.by_name.get(&Name::new(name))
    }
    fn find_mut(&mut self, name: &str) -> Option<&mut Box<Pod>> {
        self.by_name.get_mut(&Name::new(name))
    }
    fn find_named(&self, name: &Name) -> Option<&Box<Pod>> {
        self.by_name.get(name)
    }
    fn insert(&mut self, key: Name, value: Box<Pod>) {
        if self.by_name.insert(key.clone(), value).is_none() {
            self.order.insert(key);
        }
    }
    fn remove(&mut self, key: &Name) -> Option<Box<Pod>> {
        let pod = self.by_name.remove(key)?;
        self.order.remove(key);
        Some(pod)
    }
    fn values(&self) -> impl Iterator<Item = &Box<Pod>> {
        self.order
            .iter()
            .map(|n| self.by_name.get(n).expect("listed pods are stored"))
    }
    fn len(&self) -> usize {
        self.by_name.len()
    }
}

impl Serialize for PodTable {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_map(self.order.iter().zip(self.values()))
    }
}

/// Values the owner index refers to by a small id instead of holding a copy: node names and
/// label sets. Ids are handed out in first-seen order and never reused.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Interned {
    nodes: Ids<String>,
    labels: Ids<Labels>,
    /// Controllers' uids.
    owners: Ids<String>,
    /// Controllers' names, for `Dirty`.
    controllers: Ids<String>,
}

impl Interned {
    fn node(&mut self, name: &str) -> u32 {
        self.nodes.id(name)
    }

    fn labels(&mut self, labels: &Labels) -> u32 {
        self.labels.id(labels)
    }
}

/// One kind of interned value: its ids, the values by id, and the id handed out last
/// (consecutive writes are mostly about the same ReplicaSet's pods, or the same node's).
#[derive(Clone, Debug, PartialEq)]
struct Ids<T> {
    ids: BTreeMap<T, u32>,
    values: Vec<T>,
    last: Option<u32>,
}

impl<T> Default for Ids<T> {
    fn default() -> Self {
        Ids {
            ids: BTreeMap::new(),
            values: Vec::new(),
            last: None,
        }
    }
}

impl<T: Ord> Ids<T> {
    fn id<Q>(&mut self, value: &Q) -> u32
    where
        Q: Ord + ToOwned<Owned = T> + ?Sized,
        T: std::borrow::Borrow<Q>,
    {
        if let Some(id) = self
            .last
            .filter(|&id| self.values[id as usize].borrow() == value)
        {
            return id;
        }
        let id = match self.ids.get(value) {
            Some(&id) => id,
            None => {
                let id = self.values.len() as u32;
                self.ids.insert(value.to_owned(), id);
                self.values.push(value.to_owned());
                id
            }
        };
        self.last = Some(id);
        id
    }
}

/// A pod's phase as a number: the order `controller.ActivePodsWithRanks` ranks them in
/// (Pending, Unknown, Running, anything else), with Succeeded and Failed told apart.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord)]
pub enum Phase {
    #[default]
    Pending,
    Unknown,
    Running,
    Succeeded,
    Failed,
    Other,
}

impl Phase {
    fn of(phase: &str) -> Phase {
        match phase {
            POD_PENDING => Phase::Pending,
            POD_UNKNOWN => Phase::Unknown,
            POD_RUNNING => Phase::Running,
            POD_SUCCEEDED => Phase::Succeeded,
            POD_FAILED => Phase::Failed,
            _ => Phase::Other,
        }
    }
}

/// What the ReplicaSet controller reads of a pod it owns (`FilterActivePods`,
/// `ActivePodsWithRanks`, `calculateStatus`), copied into the owner index on every write.
/// A pass over a ReplicaSet of 10,000 pods then reads 10,000 small records stored side by
/// side, not 10,000 pods scattered over the heap: upstream's informer indexer, in spirit.
/// Other kinds leave it at its default.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Digest {
    /// `metadata.deletionTimestamp` is set.
    pub deleting: bool,
    pub phase: Phase,
    /// `spec.nodeName`, interned (the empty name too); `bound` says whether it is empty.
    pub node: u32,
    pub bound: bool,
    /// The Ready condition is True ...
    pub ready: bool,
    /// ... since this time (its lastTransitionTime), when it is.
    pub ready_since: Option<Time>,
    /// The most restarts of any container.
    pub restarts: i32,
    pub created: Option<Time>,
    /// `metadata.labels`, interned: `Store::label_set` gives them back.
    pub labels: u32,
}

impl Digest {
    /// `controller.FilterActivePods`: not terminating, not finished.
    pub fn active(&self) -> bool {
        !self.deleting && !matches!(self.phase, Phase::Succeeded | Phase::Failed)
    }

    /// The fields `keep` names are left at zero, for `Store::place` to fill in.
    fn of_pod(pod: &Pod, interned: &mut Interned, keep: Keep) -> Digest {
        let ready = pod.condition(POD_READY).filter(|c| c.status == "True");
        Digest {
            deleting: pod.metadata.deletion_timestamp.is_some(),
            phase: Phase::of(&pod.status.phase),
            node: if keep.node {
                0
            } else {
                interned.node(&pod.spec.node_name)
            },
            bound: !pod.spec.node_name.is_empty(),
            ready: ready.is_some(),
            ready_since: ready.and_then(|c| c.last_transition_time),
            restarts: pod
                .status
                .container_statuses
                .iter()
                .map(|c| c.restart_count)
                .max()
                .unwrap_or(0),
            created: pod.metadata.creation_timestamp,
            labels: if keep.labels {
                0
            } else {
                interned.labels(&pod.metadata.labels)
            },
        }
    }
}

/// A controller's objects with their digests, and the counts over them that the ReplicaSet
/// controller asks for on every pass, kept up to date as each digest is written.
#[derive(Clone, Debug, Default, PartialEq)]
struct Owned {
    digests: NameMap<Digest>,
    tally: Tally,
}

/// Counts over a controller's digests. A pass of the ReplicaSet controller reads these
/// instead of every pod's digest: at 10,000 pods a pass over the digests no longer fits in
/// the cache with the rest of the rollout, and a sync made three of them.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Tally {
    /// Active pods (`Digest::active`).
    pub active: u32,
    /// Active pods whose Ready condition is True.
    pub ready: u32,
    /// Active pods by their label set's id, as (id, count) with no count 0: a ReplicaSet's
    /// pods share a handful.
    pub labels: Vec<(u32, u32)>,
}

impl Tally {
    /// Counts `digest` in (`add`) or out.
    fn count(&mut self, digest: &Digest, add: bool) {
        if !digest.active() {
            return;
        }
        let step = |n: &mut u32| {
            *n = if add { *n + 1 } else { *n - 1 };
        };
        step(&mut self.active);
        if digest.ready {
            step(&mut self.ready);
        }
        match self.labels.iter().position(|(id, _)| *id == digest.labels) {
            Some(i) => {
                step(&mut self.labels[i].1);
                if self.labels[i].1 == 0 {
                    self.labels.swap_remove(i);
                }
            }
            None => {
                debug_assert!(add, "an active digest was counted in before");
                self.labels.push((digest.labels, 1));
            }
        }
    }

    /// The counts made afresh from digests: what the running counts must equal.
    pub fn of<'a>(digests: impl Iterator<Item = &'a Digest>) -> Tally {
        let mut tally = Tally::default();
        for d in digests {
            tally.count(d, true);
        }
        tally
    }

    /// Equal counts, whatever the order of the label sets.
    pub fn same(&self, other: &Tally) -> bool {
        let mut a = self.labels.clone();
        let mut b = other.labels.clone();
        a.sort_unstable();
        b.sort_unstable();
        self.active == other.active && self.ready == other.ready && a == b
    }
}

macro_rules! object {
    ($ty:ty, $spec:ty, $status:ty, $kind:expr, $field:ident, unbound) => {
        object!(@impl $ty, $spec, $status, $kind, $field, Name, Box<$ty>, PodTable,
            fn key(name: &str) -> Name {
                Name::new(name)
            }
            fn unstore(stored: Box<$ty>) -> $ty {
                *stored
            }
            fn unbound(&self) -> bool {
                self.spec.node_name.is_empty() && self.metadata.deletion_timestamp.is_none()
            }
            fn bound(&self) -> bool {
                !self.spec.node_name.is_empty()
            }
            fn digest(&self, interned: &mut Interned, keep: Keep) -> Digest {
                Digest::of_pod(self, interned, keep)
            }
            fn node_request(&self) -> Option<(&str, (i128, i128))> {
                self.bound()
                    .then(|| (self.spec.node_name.as_str(), super::scheduler::requests(self)))
            }
        );
    };
    ($ty:ty, $spec:ty, $status:ty, $kind:expr, $field:ident) => {
        object!(@impl $ty, $spec, $status, $kind, $field, String, $ty, SortedTable<$ty>,
            fn key(name: &str) -> String {
                name.to_string()
            }
            fn unstore(stored: $ty) -> $ty {
                stored
            }
        );
    };
    (@impl $ty:ty, $spec:ty, $status:ty, $kind:expr, $field:ident, $key:ty, $stored:ty, $table:ty, $($extra:item)*) => {
        impl Object for $ty {
            const KIND: Kind = $kind;
            type Key = $key;
            type Stored = $stored;
            type Table = $table;
            type Spec = $spec;
            type Status = $status;
            fn meta(&self) -> &ObjectMeta {
                &self.metadata
            }
            fn meta_mut(&mut self) -> &mut ObjectMeta {
                &mut self.metadata
            }
            fn status_mut(&mut self) -> &mut $status {
                &mut self.status
            }
            fn spec_and_status_mut(&mut self) -> (&mut $spec, &mut $status) {
                (&mut self.spec, &mut self.status)
            }
            fn table(store: &Store) -> &$table {
                &store.$field
            }
            fn table_mut(store: &mut Store) -> &mut $table {
                &mut store.$field
            }
            fn same_spec(&self, other: &Self) -> bool {
                self.spec == other.spec
            }
            $($extra)*
        }
    };
}

object!(
    Deployment,
    DeploymentSpec,
    DeploymentStatus,
    Kind::Deployment,
    deployments
);
object!(
    ReplicaSet,
    ReplicaSetSpec,
    ReplicaSetStatus,
    Kind::ReplicaSet,
    replica_sets
);
object!(Pod, PodSpec, PodStatus, Kind::Pod, pods, unbound);
object!(Node, NodeSpec, NodeStatus, Kind::Node, nodes);

/// The cluster's objects. Tables are keyed by name, so iteration order is the name order on
/// every target.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct Store {
    pub deployments: SortedTable<Deployment>,
    pub replica_sets: SortedTable<ReplicaSet>,
    pub pods: PodTable,
    pub nodes: SortedTable<Node>,
    /// Events in the order they were first recorded (repeats bump `count` in place), kept
    /// compact: a rollout of 10,000 replicas records 160,000 of them. They serialise as the
    /// `v1.Event`s the API server would return.
    #[serde(serialize_with = "serialize_events")]
    pub events: EventLog,
    next_uid: u64,
    resource_version: u64,
    /// Pods ever created (the benchmark's count; events no longer tell it once the
    /// ReplicaSet controller's are combined and spam-filtered).
    #[serde(skip)]
    pods_created: u64,
    #[serde(skip)]
    /// Objects written since `take_dirty`, with repeats (sorted and deduplicated there: far
    /// cheaper than keeping a set of 10,000 names ordered on every write).
    dirty: Vec<Dirty>,
    /// Each event recorder's correlator (`record.EventCorrelator`), by (component, host):
    /// a kubelet's per node, each controller's, the scheduler's. Sorted by that pair.
    #[serde(skip)]
    recorders: Vec<(Recorder, Correlator)>,
    /// The recorder of the last event, where the next is looked for first.
    #[serde(skip)]
    last_recorder: usize,
    /// The uid of the object the last event was about, and the hosts events came from, shared
    /// by the events that name them.
    #[serde(skip)]
    last_event_uid: Option<Arc<str>>,
    #[serde(skip)]
    event_hosts: BTreeMap<String, Arc<str>>,
    /// The empty host of the scheduler's and the controllers' events, kept apart from
    /// `event_hosts`: a rollout of 10,000 replicas records some 30,000 of them (each pod's
    /// Scheduled, SuccessfulCreate and SuccessfulDelete), and searching a tree of 100 node
    /// names for each took a cache miss a level once the pods no longer fit in the cache.
    #[serde(skip)]
    no_host: Arc<str>,
    /// Objects by kind and controller uid, with their digests: a ReplicaSet's pods without
    /// scanning every pod, or reading any. A write finds its entry in a probe or two; a pass
    /// reads a dense array (in the order of `NameMap::iter`, not name order).
    #[serde(skip)]
    owned: BTreeMap<Kind, BTreeMap<u32, Owned>>,
    #[serde(skip)]
    interned: Interned,
    /// Pods waiting for the scheduler.
    #[serde(skip)]
    unbound: BTreeSet<Name>,
    /// Pods without a controller (released by a ReplicaSet whose selector they no longer
    /// match), for the ReplicaSets to adopt: nearly always none.
    #[serde(skip)]
    orphans: BTreeSet<Name>,
    /// What the pods bound to each node request: (cpu, memory, pods), by the node's interned
    /// name. Kept up to date by the writes that bind, replace or delete a pod, so the
    /// scheduler need not read every pod of the cluster each round (at 10,000 pods, a cache
    /// miss or two a pod).
    #[serde(skip)]
    node_usage: Vec<(i128, i128, usize)>,
}

/// Writes `value` into `slot` if it differs; says whether it did. The edits given to
/// `Store::modify_status` and its siblings report their changes with it.
pub fn set<T: PartialEq>(slot: &mut T, value: T) -> bool {
    let changed = *slot != value;
    if changed {
        *slot = value;
    }
    changed
}

/// `set` for a string, reusing its buffer.
pub fn set_str(slot: &mut String, value: &str) -> bool {
    let changed = *slot != value;
    if changed {
        slot.clear();
        slot.push_str(value);
    }
    changed
}

/// An object as its table holds it, seen as the object.
fn stored<T: Object>(s: &T::Stored) -> &T {
    s.borrow()
}

impl Store {
    /// Takes an object out of the indexes, given where it stood (see `placement`).
    fn unindex(&mut self, kind: Kind, name: &Name, (owner, unbound): Placement) {
        if let Some(uid) = owner {
            if let Some(set) = self.owned.get_mut(&kind).and_then(|m| m.get_mut(&uid)) {
                if let Some(gone) = set.digests.remove(name) {
                    set.tally.count(&gone, false);
                }
            }
        } else if kind == Kind::Pod {
            self.orphans.remove(name);
        }
        if unbound {
            self.unbound.remove(name);
        }
    }

    /// Brings the indexes up to date with the stored object `name` after it was created
    /// (`was` is None) or written (`was` is where it stood before).
    fn reindex<T: Object>(&mut self, name: &Name, was: Option<Placement>) {
        let mut interned = std::mem::take(&mut self.interned);
        let obj = stored::<T>(T::table(self).find_named(name).expect("just written"));
        let now = index_facts(obj, &mut interned);
        self.interned = interned;
        self.place(T::KIND, name, was, now, Keep::default());
    }

    /// Moves `name` in the indexes from where it stood (`was`; None when it is new) to `now`.
    fn place(
        &mut self,
        kind: Kind,
        name: &Name,
        was: Option<Placement>,
        now: IndexFacts,
        keep: Keep,
    ) {
        let (owner, unbound, digest) = now;
        let (was_owner, was_unbound) = was.unwrap_or((None, false));
        if was_unbound != unbound {
            if unbound {
                self.unbound.insert(name.clone());
            } else {
                self.unbound.remove(name);
            }
        }
        if was_owner != owner {
            self.unindex(kind, name, (was_owner, false));
        }
        if kind == Kind::Pod && owner.is_none() {
            self.orphans.insert(name.clone());
        }
        if let (Some(uid), Some(digest)) = (owner, digest) {
            let set = self.owned.entry(kind).or_default().entry(uid).or_default();
            match set.digests.get_mut(name) {
                Some(slot) => {
                    let mut digest = digest;
                    if keep.labels {
                        digest.labels = slot.labels;
                    }
                    if keep.node {
                        digest.node = slot.node;
                    }
                    set.tally.count(slot, false);
                    set.tally.count(&digest, true);
                    *slot = digest;
                }
                None => {
                    debug_assert!(!keep.labels && !keep.node, "{name:?} was indexed");
                    set.tally.count(&digest, true);
                    set.digests.insert(name.clone(), digest);
                }
            }
        }
    }

    /// Adds a pod's usage to its node's (`add`), or takes it away.
    fn charge(&mut self, usage: Usage, add: bool) {
        let Some((node, (cpu, memory))) = usage else {
            return;
        };
        let node = node as usize;
        if node >= self.node_usage.len() {
            self.node_usage.resize(node + 1, (0, 0, 0));
        }
        let e = &mut self.node_usage[node];
        if add {
            e.0 += cpu;
            e.1 += memory;
            e.2 += 1;
        } else {
            e.0 -= cpu;
            e.1 -= memory;
            e.2 -= 1;
        }
    }

    /// What is requested on each node by the pods bound there (terminating ones included):
    /// (cpu, memory, pods), by node name; nodes without pods are left out.
    pub fn node_usage(&self) -> BTreeMap<String, (i128, i128, usize)> {
        crate::sort::map_of(
            self.node_usage
                .iter()
                .enumerate()
                .filter(|(_, used)| used.2 > 0)
                .map(|(node, &used)| (self.interned.nodes.values[node].clone(), used)),
        )
    }

    /// Objects of a kind whose controller has this uid, in name order.
    pub fn owned_by<'a, T: Object>(&'a self, owner_uid: &str) -> impl Iterator<Item = &'a T> + 'a {
        let owner = self.interned.owners.ids.get(owner_uid);
        let mut names: Vec<&Name> = self
            .owned
            .get(&T::KIND)
            .zip(owner)
            .and_then(|(m, owner)| m.get(owner))
            .into_iter()
            .flat_map(|m| m.digests.iter().map(|(name, _)| name))
            .collect();
        crate::sort::sort_copies_by(&mut names, |a, b| a.cmp(b));
        names.into_iter().filter_map(|n| self.get_named::<T>(n))
    }

    /// The names and digests of the pods a ReplicaSet controls (those the owner index lists
    /// under its uid), in no particular order (that of `NameMap::iter`): what the ReplicaSet
    /// controller works out from them does not depend on it.
    pub fn pod_digests_of<'a>(
        &'a self,
        rs_uid: &str,
    ) -> impl Iterator<Item = (&'a Name, &'a Digest)> + 'a {
        let owner = self.interned.owners.ids.get(rs_uid);
        self.owned
            .get(&Kind::Pod)
            .zip(owner)
            .and_then(|(m, owner)| m.get(owner))
            .into_iter()
            .flat_map(|m| m.digests.iter())
    }

    /// The running counts over the digests `pod_digests_of` gives (all zero for a
    /// ReplicaSet without pods).
    pub fn pod_tally_of(&self, rs_uid: &str) -> &Tally {
        static NONE: Tally = Tally {
            active: 0,
            ready: 0,
            labels: Vec::new(),
        };
        let owner = self.interned.owners.ids.get(rs_uid);
        self.owned
            .get(&Kind::Pod)
            .zip(owner)
            .and_then(|(m, owner)| m.get(owner))
            .map_or(&NONE, |m| &m.tally)
    }

    /// How many pods have been created since the store was.
    pub fn pods_created(&self) -> u64 {
        self.pods_created
    }

    /// The labels a digest's `labels` id stands for.
    pub fn label_set(&self, id: u32) -> &Labels {
        &self.interned.labels.values[id as usize]
    }

    /// Pods without a controller, in name order.
    pub fn orphan_pods(&self) -> impl Iterator<Item = &Pod> {
        self.orphans
            .iter()
            .filter_map(|n| self.pods.find_named(n).map(|p| &**p))
    }

    /// Pods waiting for the scheduler, in name order.
    pub fn unbound_pods(&self) -> impl Iterator<Item = &Pod> {
        self.unbound
            .iter()
            .filter_map(|n| self.pods.find_named(n).map(|p| &**p))
    }

    pub fn get<T: Object>(&self, name: &str) -> Option<&T> {
        T::table(self).find(name).map(stored::<T>)
    }

    /// `get` for a name already made a key.
    pub fn get_named<T: Object>(&self, name: &Name) -> Option<&T> {
        T::table(self).find_named(name).map(stored::<T>)
    }

    pub fn contains<T: Object>(&self, name: &str) -> bool {
        T::table(self).find(name).is_some()
    }

    /// How many objects of a kind there are (without reading them).
    pub fn count<T: Object>(&self) -> usize {
        T::table(self).len()
    }

    /// Every object of a kind, in name order.
    pub fn list<T: Object>(&self) -> impl Iterator<Item = &T> {
        T::table(self).values().map(stored::<T>)
    }

    pub fn not_found<T: Object>(name: &str) -> ApiError {
        ApiError::NotFound {
            resource: T::KIND.resource(),
            name: name.to_string(),
        }
    }

    /// Stores a new object as the API server would: uid, creationTimestamp, resourceVersion,
    /// generation 1. The name must be set (generateName is the caller's business, since it
    /// needs the seeded RNG).
    pub fn create<T: Object>(&mut self, mut obj: T, now: Time) -> Result<&T, ApiError> {
        let name = obj.meta().name.clone();
        if T::table(self).find(&name).is_some() {
            return Err(ApiError::AlreadyExists {
                resource: T::KIND.resource(),
                name,
            });
        }
        self.next_uid += 1;
        self.resource_version += 1;
        let uid = format!(
            "{:08x}-0000-4000-8000-{:012x}",
            self.next_uid, self.next_uid
        );
        let meta = obj.meta_mut();
        meta.uid = uid;
        if T::KIND != Kind::Node {
            meta.namespace = NAMESPACE.to_string();
        }
        meta.creation_timestamp = Some(now);
        meta.resource_version = self.resource_version.to_string();
        meta.generation = i64::from(T::KIND.has_generation());
        let name = Name::new(&name);
        let note = seen(&obj, &mut self.interned);
        self.mark_dirty(T::KIND, &name, note);
        if T::KIND == Kind::Node {
            self.event_host(name.as_str());
        }
        if T::KIND == Kind::Pod {
            self.pods_created += 1;
        }
        let used = usage(&obj, &mut self.interned);
        self.charge(used, true);
        T::table_mut(self).insert(T::key(name.as_str()), obj.into());
        self.reindex::<T>(&name, None);
        Ok(stored::<T>(
            T::table(self).find_named(&name).expect("just stored"),
        ))
    }

    /// Replaces a stored object. Bumps resourceVersion, and generation when the spec changed.
    pub fn update<T: Object>(&mut self, obj: T) -> Result<(), ApiError> {
        self.update_generation(obj, false)
    }

    /// `update`, bumping generation also when `bump` says so (a Deployment's annotations
    /// changed through the main resource: upstream's `PrepareForUpdate` counts them).
    pub fn update_generation<T: Object>(&mut self, mut obj: T, bump: bool) -> Result<(), ApiError> {
        let name = obj.meta().name.clone();
        let Some(old) = T::table(self).find(&name).map(stored::<T>) else {
            return Err(Self::not_found::<T>(&name));
        };
        if *old == obj {
            return Ok(());
        }
        let generation = old.meta().generation
            + i64::from(T::KIND.has_generation() && (bump || !old.same_spec(&obj)));
        let mut interned = std::mem::take(&mut self.interned);
        let old = stored::<T>(T::table(self).find(&name).expect("found above"));
        let was = placement(old, &mut interned);
        let (used_before, used_after) = (usage(old, &mut interned), usage(&obj, &mut interned));
        self.interned = interned;
        self.charge(used_before, false);
        self.charge(used_after, true);
        self.resource_version += 1;
        let meta = obj.meta_mut();
        meta.generation = generation;
        meta.resource_version = self.resource_version.to_string();
        let note = seen(&obj, &mut self.interned);
        if let Some(slot) = T::table_mut(self).find_mut(&name) {
            *slot.borrow_mut() = obj;
        }
        let name = Name::new(&name);
        self.reindex::<T>(&name, Some(was));
        self.mark_dirty(T::KIND, &name, note);
        Ok(())
    }

    /// Edits a stored object in place through `update` (so generation and dirtiness follow).
    pub fn modify<T: Object>(
        &mut self,
        name: &str,
        edit: impl FnOnce(&mut T),
    ) -> Result<(), ApiError> {
        let mut obj = self
            .get::<T>(name)
            .cloned()
            .ok_or_else(|| Self::not_found::<T>(name))?;
        edit(&mut obj);
        self.update(obj)
    }

    /// Edits a stored object's status in place, as a write to its `/status` subresource: what
    /// `modify` does when only the status changes, without copying the object. The edit says
    /// whether it changed anything (`set` helps): with thousands of pods, copying a status to
    /// compare it afterwards cost a trip to memory for each of its strings.
    pub fn modify_status<T: Object>(
        &mut self,
        name: &str,
        edit: impl FnOnce(&mut T::Status) -> bool,
    ) -> Result<(), ApiError> {
        let keep = Keep {
            labels: true,
            node: true,
            spec: true,
        };
        let mut edit = Some(edit);
        self.modify_in_place::<T>(name, keep, &mut |o| {
            (edit.take().is_some_and(|e| e(o.status_mut())), false)
        })
    }

    /// Edits a stored object's metadata in place: what `modify` does when only the metadata
    /// changes (name, generation and resourceVersion stay the store's business). The edit
    /// says whether it changed anything.
    pub fn modify_metadata<T: Object>(
        &mut self,
        name: &str,
        // Behind a pointer: one copy of the write per kind, whatever the edit.
        edit: &mut dyn FnMut(&mut ObjectMeta) -> bool,
    ) -> Result<(), ApiError> {
        let keep = Keep {
            spec: true,
            ..Keep::default()
        };
        self.modify_in_place::<T>(name, keep, &mut |o| {
            let m = o.meta_mut();
            let generation = m.generation;
            let changed = edit(m);
            debug_assert_eq!(m.name, name, "modify_metadata renames nothing");
            m.generation = generation;
            (changed, false)
        })
    }

    /// Edits a stored object's spec and status in place (a pod's `/binding` subresource sets
    /// `spec.nodeName` and the PodScheduled condition): what `modify` does when the metadata
    /// stays. The edit says whether it changed the spec, and whether it changed anything.
    pub fn modify_spec_and_status<T: Object>(
        &mut self,
        name: &str,
        edit: impl FnOnce(&mut T::Spec, &mut T::Status) -> (bool, bool),
    ) -> Result<(), ApiError> {
        let keep = Keep {
            labels: true,
            node: false,
            spec: false,
        };
        let mut edit = Some(edit);
        self.modify_in_place::<T>(name, keep, &mut |o| {
            let (spec, status) = o.spec_and_status_mut();
            let (spec_changed, changed) = edit.take().map_or((false, false), |e| e(spec, status));
            (changed || spec_changed, spec_changed)
        })
    }

    /// `modify` for an edit that says whether it changed the object, and whether it changed
    /// its spec (the generation moves then). Debug builds check what it says. `keep` says
    /// what the edit cannot touch: the labels (and the owner) unless it edits the metadata,
    /// the node unless it edits the spec.
    ///
    /// The edit comes behind a pointer, and this is never inlined: one copy of it per kind,
    /// not one per edit (a dozen of them for pods), in the wasm bundle.
    #[inline(never)]
    fn modify_in_place<T: Object>(
        &mut self,
        name: &str,
        keep: Keep,
        edit: &mut dyn FnMut(&mut T) -> (bool, bool),
    ) -> Result<(), ApiError> {
        let resource_version = self.resource_version + 1;
        let mut interned = std::mem::take(&mut self.interned);
        let written = T::table_mut(self).find_mut(name).map(|obj| {
            let obj: &mut T = obj.borrow_mut();
            let was = placement(obj, &mut interned);
            // Only a write that may touch the spec can move the pod's usage.
            let used_before = (!keep.spec).then(|| usage(obj, &mut interned)).flatten();
            #[cfg(debug_assertions)]
            let before = obj.clone();
            let (changed, spec_changed) = edit(obj);
            #[cfg(debug_assertions)]
            {
                assert_eq!(
                    changed,
                    *obj != before,
                    "an edit of {name} misreports a change"
                );
                assert_eq!(spec_changed, !obj.same_spec(&before), "{name}: spec change");
            }
            if !changed {
                return None;
            }
            let meta = obj.meta_mut();
            meta.generation += i64::from(spec_changed && T::KIND.has_generation());
            // In the string's own buffer: a status write allocates nothing for it.
            meta.resource_version.clear();
            let _ = write!(meta.resource_version, "{resource_version}");
            let now = if keep.labels {
                let digest = was.0.map(|_| obj.digest(&mut interned, keep));
                (was.0, obj.unbound(), digest)
            } else {
                index_facts(obj, &mut interned)
            };
            debug_assert_eq!(now.0, placement(obj, &mut interned).0, "the owner stays");
            let used = (!keep.spec).then(|| (used_before, usage(obj, &mut interned)));
            let note = seen(obj, &mut interned);
            Some((was, now, keep, used, note))
        });
        self.interned = interned;
        let Some((was, now, keep, used, note)) =
            written.ok_or_else(|| Self::not_found::<T>(name))?
        else {
            return Ok(());
        };
        if let Some((before, after)) = used.filter(|(before, after)| before != after) {
            self.charge(before, false);
            self.charge(after, true);
        }
        self.resource_version = resource_version;
        let name = Name::new(name);
        self.place(T::KIND, &name, Some(was), now, keep);
        self.mark_dirty(T::KIND, &name, note);
        Ok(())
    }

    /// Removes an object at once (graceful pod termination is the kubelet's job, before this).
    pub fn delete<T: Object>(&mut self, name: &str) -> Result<T, ApiError> {
        let obj = T::table_mut(self)
            .remove(&T::key(name))
            .map(T::unstore)
            .ok_or_else(|| Self::not_found::<T>(name))?;
        let name = Name::new(name);
        let was = placement(&obj, &mut self.interned);
        let used = usage(&obj, &mut self.interned);
        self.charge(used, false);
        self.unindex(T::KIND, &name, was);
        self.resource_version += 1;
        let note = if T::KIND == Kind::Pod { SEEN_GONE } else { 0 };
        self.mark_dirty(T::KIND, &name, (note, u32::MAX));
        Ok(obj)
    }

    /// Marks an object changed without writing it (a timer fired for it).
    pub fn touch(&mut self, kind: Kind, name: &str) {
        self.mark_dirty(kind, &Name::new(name), (0, u32::MAX));
    }

    /// The name of a pod's controller as a `Dirty` gives it.
    pub fn controller_name(&self, id: u32) -> &str {
        &self.interned.controllers.values[id as usize]
    }

    /// Notes that an object changed, with what the write left (`seen`). A repeat of the last
    /// note only updates it (an object is often written several times in a row): `take_dirty`
    /// then sorts a shorter list.
    fn mark_dirty(&mut self, kind: Kind, name: &Name, (seen, controller): (u8, u32)) {
        if let Some(last) = self
            .dirty
            .last_mut()
            .filter(|r| r.kind == kind && r.name == *name)
        {
            (last.seen, last.controller) = (seen, controller);
            return;
        }
        self.dirty.push(Dirty {
            kind,
            name: name.clone(),
            seen,
            controller,
        });
    }

    /// What changed since the last call, each object once, in (kind, name) order, with what
    /// its last write left.
    pub fn take_dirty(&mut self) -> Vec<Dirty> {
        let mut dirty = std::mem::take(&mut self.dirty);
        // Stable, so the notes of an object stay in the order written and the last one wins.
        dirty.sort_by(|a, b| (a.kind, &a.name).cmp(&(b.kind, &b.name)));
        dirty.dedup_by(|later, earlier| {
            let same = later.kind == earlier.kind && later.name == earlier.name;
            if same {
                (earlier.seen, earlier.controller) = (later.seen, later.controller);
            }
            same
        });
        dirty
    }

    /// Takes back the list `take_dirty` gave, emptied, so that the next notes reuse its room
    /// instead of growing a new list by doubling (copying) all over again.
    pub fn recycle_dirty(&mut self, mut spent: Vec<Dirty>) {
        spent.clear();
        if self.dirty.is_empty() && spent.capacity() > self.dirty.capacity() {
            self.dirty = spent;
        }
    }

    pub fn has_dirty(&self) -> bool {
        !self.dirty.is_empty()
    }

    /// Records an event as `record.EventRecorder` does, folding a repeat of the same
    /// (object, type, reason, message) into the existing event's count.
    pub fn record_event(&mut self, involved: &ObjRef, event: EventDraft, now: Time) {
        let name = &involved.name;
        let uid = match involved.kind {
            Kind::Deployment => self.get_named::<Deployment>(name).map(|o| &o.metadata),
            Kind::ReplicaSet => self.get_named::<ReplicaSet>(name).map(|o| &o.metadata),
            Kind::Pod => self.get_named::<Pod>(name).map(|o| &o.metadata),
            Kind::Node => self.get_named::<Node>(name).map(|o| &o.metadata),
        }
        .map_or("", |m| m.uid.as_str());
        // Shared with the last event's when it is the same object's (a ReplicaSet's creates
        // come in runs), without a copy to compare first.
        let uid = match &self.last_event_uid {
            Some(last) if **last == *uid => last.clone(),
            _ => Arc::<str>::from(uid),
        };
        self.last_event_uid = Some(uid.clone());
        self.record(involved.kind, name.as_str(), &uid, Some(&uid), event, now);
    }

    /// `record_event` for a caller that knows the involved object's uid.
    pub fn record_event_for(
        &mut self,
        kind: Kind,
        name: &str,
        uid: &str,
        event: EventDraft,
        now: Time,
    ) {
        self.record(kind, name, uid, None, event, now);
    }

    /// `record_event_for` with the uid as the events about the object share it (the kubelet
    /// keeps it so for each pod it runs).
    pub fn record_event_shared(
        &mut self,
        kind: Kind,
        name: &str,
        uid: &Arc<str>,
        event: EventDraft,
        now: Time,
    ) {
        self.record(kind, name, uid, Some(uid), event, now);
    }

    fn record(
        &mut self,
        kind: Kind,
        name: &str,
        uid: &str,
        shared_uid: Option<&Arc<str>>,
        event: EventDraft,
        now: Time,
    ) {
        debug_assert_eq!(
            Some(uid),
            match kind {
                Kind::Pod => self.get::<Pod>(name).map(|p| p.metadata.uid.as_str()),
                _ => Some(uid),
            },
            "the uid of the involved pod"
        );
        let host = match &event.host {
            Some(h) => h.clone(),
            None => self.no_host.clone(),
        };
        let object = Hasher::new()
            .part(kind.name().as_bytes())
            .part(name.as_bytes())
            .part(uid.as_bytes())
            .key();
        let similar = Hasher::after(object)
            .part(event.type_.as_bytes())
            .part(event.reason.as_bytes())
            .key();
        let message = Hasher::new().part(event.message.as_bytes()).key();
        let keys = EventKeys {
            object,
            similar,
            message,
            event: Hasher::after(similar).part(&message.to_le_bytes()).key(),
        };
        let recorder = self.recorder(event.component, &host);
        let Correlated::Write {
            combined,
            observation,
            entry,
        } = self.recorders[recorder].1.correlate(keys, now)
        else {
            return;
        };
        let message = if combined {
            [COMBINED, &event.message].concat()
        } else {
            event.message
        };
        if let Some(i) = observation.written() {
            // A patch of the event written before: its count, last time and message.
            let e = &mut self.events[i as usize];
            e.count = observation.count;
            e.last_timestamp = now;
            if e.message != message {
                e.message = message;
            }
            return;
        }
        let position = self.events.len() as u32;
        self.recorders[recorder].1.written(entry, position);
        self.next_uid += 1;
        let involved_uid = match (shared_uid, &self.last_event_uid) {
            (Some(shared), _) => shared.clone(),
            (None, Some(last)) if **last == *uid => last.clone(),
            _ => {
                let shared: Arc<str> = uid.into();
                self.last_event_uid = Some(shared.clone());
                shared
            }
        };
        self.events.push(EventRecord {
            id: self.next_uid,
            involved_kind: kind,
            involved_name: Name::new(name),
            involved_uid,
            type_: event.type_,
            reason: event.reason,
            message,
            component: event.component,
            host,
            first_timestamp: observation.first,
            last_timestamp: now,
            count: observation.count,
        });
    }

    /// The position in `recorders` of the correlator of (component, host), made if new.
    fn recorder(&mut self, component: &'static str, host: &Arc<str>) -> usize {
        // Events come in runs from one recorder: try the last one first.
        let last = self.last_recorder;
        if let Some(((c, h), _)) = self.recorders.get(last) {
            if std::ptr::eq(*c, component) && Arc::ptr_eq(h, host) {
                return last;
            }
        }
        let i = self.find_recorder(component, host);
        self.last_recorder = i;
        i
    }

    fn find_recorder(&mut self, component: &'static str, host: &Arc<str>) -> usize {
        let found = self
            .recorders
            .binary_search_by(|((c, h), _)| (*c, &**h).cmp(&(component, &**host)));
        match found {
            Ok(i) => i,
            Err(i) => {
                let correlator = if component == SCHEDULER {
                    Correlator::counting()
                } else {
                    Correlator::new()
                };
                self.recorders
                    .insert(i, ((component, host.clone()), correlator));
                i
            }
        }
    }
}

/// An event recorder: its component and host (empty for the control plane's).
type Recorder = (&'static str, Arc<str>);

impl Store {
    /// A node's name as the events it sends name their source, shared by all of them.
    pub fn event_host(&mut self, node: &str) -> Arc<str> {
        if node.is_empty() {
            return self.no_host.clone();
        }
        if let Some(h) = self.known_event_host(node) {
            return h;
        }
        let shared: Arc<str> = node.into();
        self.event_hosts.insert(node.to_string(), shared.clone());
        shared
    }

    /// `event_host` for a node the store has seen (every node it has stored).
    pub fn known_event_host(&self, node: &str) -> Option<Arc<str>> {
        if node.is_empty() {
            return Some(self.no_host.clone());
        }
        self.event_hosts.get(node).cloned()
    }
}

/// One recorded event, as the store keeps it: what `v1.Event` says, without the parts every
/// event shares. `to_event` gives the API object.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EventRecord {
    /// Makes the name unique: `<object>.<id as 16 hex digits>`.
    pub id: u64,
    pub involved_kind: Kind,
    /// Inline (no heap block of its own) for the names a ReplicaSet gives its pods.
    pub involved_name: Name,
    /// Shared with the other events of the same object (a pod's kubelet events come in runs).
    pub involved_uid: Arc<str>,
    /// "Normal" or "Warning".
    pub type_: &'static str,
    pub reason: &'static str,
    pub message: String,
    pub component: &'static str,
    /// Shared with the other events from the same node.
    pub host: Arc<str>,
    pub first_timestamp: Time,
    pub last_timestamp: Time,
    pub count: i32,
}

impl EventRecord {
    pub fn name(&self) -> String {
        format!("{}.{:016x}", self.involved_name.as_str(), self.id)
    }

    /// The involved object as `kubectl get events` prints it: `pod/web-5d9c-x2x7k`.
    pub fn object(&self) -> String {
        format!(
            "{}/{}",
            self.involved_kind.name().to_ascii_lowercase(),
            self.involved_name.as_str()
        )
    }

    /// The `v1.Event` the API server would return.
    pub fn to_event(&self) -> Event {
        let namespace = if self.involved_kind == Kind::Node {
            String::new()
        } else {
            NAMESPACE.to_string()
        };
        Event {
            api_version: "v1".into(),
            kind: "Event".into(),
            metadata: ObjectMeta {
                name: self.name(),
                namespace: namespace.clone(),
                creation_timestamp: Some(self.first_timestamp),
                ..Default::default()
            },
            involved_object: ObjectReference {
                kind: self.involved_kind.name().into(),
                namespace,
                name: self.involved_name.as_str().to_string(),
                uid: self.involved_uid.to_string(),
                api_version: self.involved_kind.api_version().into(),
            },
            reason: self.reason.to_string(),
            message: self.message.clone(),
            source: EventSource {
                component: self.component.to_string(),
                host: self.host.to_string(),
            },
            first_timestamp: self.first_timestamp,
            last_timestamp: self.last_timestamp,
            count: self.count,
            type_: self.type_.to_string(),
        }
    }
}

/// Events in the order they were first recorded, kept in chunks of a fixed size: the log of a
/// big rollout grows without ever copying its records to a buffer twice the size.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct EventLog {
    chunks: Vec<Vec<EventRecord>>,
    len: usize,
}

const EVENT_CHUNK: usize = 4096;

impl EventLog {
    pub fn len(&self) -> usize {
        self.len
    }

    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// Oldest first.
    pub fn iter(&self) -> impl DoubleEndedIterator<Item = &EventRecord> + '_ {
        self.chunks.iter().flatten()
    }

    fn push(&mut self, event: EventRecord) {
        if self.len % EVENT_CHUNK == 0 {
            self.chunks.push(Vec::with_capacity(EVENT_CHUNK));
        }
        self.chunks.last_mut().expect("made above").push(event);
        self.len += 1;
    }
}

impl std::ops::Index<usize> for EventLog {
    type Output = EventRecord;
    fn index(&self, i: usize) -> &EventRecord {
        &self.chunks[i / EVENT_CHUNK][i % EVENT_CHUNK]
    }
}

impl std::ops::IndexMut<usize> for EventLog {
    fn index_mut(&mut self, i: usize) -> &mut EventRecord {
        &mut self.chunks[i / EVENT_CHUNK][i % EVENT_CHUNK]
    }
}

fn serialize_events<S: Serializer>(events: &EventLog, s: S) -> Result<S::Ok, S::Error> {
    s.collect_seq(events.iter().map(EventRecord::to_event))
}

/// An event about to be recorded.
#[derive(Clone, Debug)]
pub struct EventDraft {
    pub type_: &'static str,
    pub reason: &'static str,
    pub message: String,
    pub component: &'static str,
    /// The node that sends it (`Store::event_host`); None for the controllers.
    pub host: Option<Arc<str>>,
}

impl EventDraft {
    pub fn normal(reason: &'static str, message: String, component: &'static str) -> Self {
        EventDraft {
            type_: "Normal",
            reason,
            message,
            component,
            host: None,
        }
    }
    pub fn warning(reason: &'static str, message: String, component: &'static str) -> Self {
        EventDraft {
            type_: "Warning",
            reason,
            message,
            component,
            host: None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::Name;

    /// Names compare and order exactly as their strings: inline against inline (sharing
    /// prefixes of every length, differing in every byte position, one a prefix of the
    /// other), inline against long, and long against long.
    #[test]
    fn names_order_as_their_strings() {
        let mut rng = crate::sim::rng::Pcg32::new(11);
        let alphabet = b"\x01az09-.Z\x7f";
        let mut names: Vec<String> = Vec::new();
        for _ in 0..3000 {
            let len = rng.below(40) as usize;
            let prefix = rng.below(3) as usize * 10;
            let s: String = (0..len)
                .map(|i| {
                    if i < prefix {
                        'b'
                    } else {
                        alphabet[rng.below(alphabet.len() as u32) as usize] as char
                    }
                })
                .collect();
            names.push(s);
        }
        let mut sorted = names.clone();
        sorted.sort();
        for pair in names.chunks(2).chain(sorted.windows(2)) {
            let (a, b) = (&pair[0], &pair[1]);
            let (x, y) = (Name::new(a), Name::new(b));
            assert_eq!(x.cmp(&y), a.cmp(b), "{a:?} vs {b:?}");
            assert_eq!(x == y, a == b, "{a:?} == {b:?}");
            assert_eq!(x.cmp(&x), std::cmp::Ordering::Equal);
            assert_eq!(x.as_str(), a);
        }
    }
}

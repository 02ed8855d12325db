//! The engine: a simulated Kubernetes cluster. Pure Rust (std + serde), no browser, no host
//! clock, no unseeded randomness: the UI and the headless runner are two shells over it.

pub mod api;
pub mod bench;
pub mod cluster;
pub mod controller;
pub mod correlator;
pub mod defaults;
pub mod deployment;
pub mod kubelet;
pub mod namemap;
pub mod quantity;
pub mod registry;
pub mod replicaset;
pub mod rng;
pub mod scheduler;
pub mod store;
pub mod time;
pub mod validation;
pub mod view;

//! The engine: a simulated Kubernetes cluster. Pure Rust (std + serde), no browser, no host
//! clock, no unseeded randomness: the UI and the headless runner are two shells over it.

pub mod api;
pub mod controller;
pub mod deployment;
pub mod rng;
pub mod store;
pub mod time;

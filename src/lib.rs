//! Rollout Lab: a Kubernetes rollout simulator. `sim` is the engine, `kubectl` the command
//! language over it, `ui` the Yew front end (wasm32 only).

pub mod bench;
#[cfg(not(target_arch = "wasm32"))]
pub mod cli;
pub mod kubectl;
pub mod lab;
pub mod scenarios;
pub mod session;
pub mod sim;
pub mod slots;
pub mod sort;
#[cfg(target_arch = "wasm32")]
pub mod ui;

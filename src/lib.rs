//! Rollout Lab: a Kubernetes rollout simulator. `sim` is the engine, `kubectl` the command
//! language over it, `ui` the Yew front end (wasm32 only).

pub mod kubectl;
pub mod sim;
#[cfg(target_arch = "wasm32")]
pub mod ui;

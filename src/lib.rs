//! Rollout Lab: a Kubernetes rollout simulator. `sim` is the engine, `kubectl` the command
//! language over it, `ui` the Yew front end (wasm32 only).

pub mod bench;
#[cfg(not(target_arch = "wasm32"))]
pub mod cli;
pub mod decimal;
pub mod json;
pub mod kubectl;
pub mod lab;
pub mod scenarios;
pub mod session;
pub mod sim;
pub mod slots;
pub mod sort;
#[cfg(target_arch = "wasm32")]
pub mod ui;

/// In the browser, Talc instead of dlmalloc: the bundle is 3 KB (gzip) smaller and a
/// 1,000-replica rollout about a fifth faster.
#[cfg(all(target_arch = "wasm32", not(target_feature = "atomics")))]
#[global_allocator]
static ALLOCATOR: talc::wasm::WasmDynamicTalc = talc::wasm::new_wasm_dynamic_allocator();

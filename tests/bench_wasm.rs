//! The rollout benchmark in wasm, in headless Chromium: `cargo xtask bench` runs it with
//! `cargo test --release --target wasm32-unknown-unknown --test bench_wasm`. Peak memory is the
//! size of linear memory after each run (wasm memory only grows, so it is the high-water mark).
#![cfg(target_arch = "wasm32")]

use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

fn now_ms() -> f64 {
    web_sys::window()
        .and_then(|w| w.performance())
        .map(|p| p.now())
        .unwrap_or(0.0)
}

fn linear_memory_bytes() -> u64 {
    core::arch::wasm32::memory_size(0) as u64 * 65_536
}

#[wasm_bindgen_test]
fn rolling_update_benchmark() {
    // Warm-up, not measured: V8 first runs wasm from its baseline compiler and moves hot
    // functions to its optimising one as they run, so the first runs measure the compilers.
    // Ten small rollouts (100 replicas, so linear memory stays at the first row's size) are
    // enough for the measured runs to be steady.
    let cold = now_ms();
    for _ in 0..10 {
        drop(rollout_lab::sim::bench::rolling_update(100));
    }
    web_sys::console::log_1(
        &format!(
            "warm-up: 10 rollouts of 100 replicas in {:.0} ms",
            now_ms() - cold
        )
        .into(),
    );
    let rows = rollout_lab::bench::measure(
        &rollout_lab::bench::SIZES,
        3,
        &now_ms,
        &|| {},
        &linear_memory_bytes,
    );
    web_sys::console::log_1(&rollout_lab::bench::table("wasm32 (Chromium)", &rows).into());
    assert!(rows
        .iter()
        .all(|r| r.stats.pods_created >= r.replicas as u64));
}

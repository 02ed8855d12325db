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

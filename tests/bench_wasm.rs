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
    // Before each size, unmeasured runs of that size: thirty of 100 replicas, three of 1,000.
    // Code that only gets hot at 1,000 (growing tables, longer queues) was still being
    // optimised during the measured 1,000-replica runs when only 100-replica runs came first
    // (five in a row: 134 ms, then 74–100). Ten of 100 were too few: in sixty runs of 100 in a
    // row, the 11th to 20th took 8.5–17 ms and the fastest later ones 7.4. Runs of the same
    // size keep each row's linear memory, the high-water mark, at its own size.
    let mut rows = Vec::new();
    for (replicas, warm_ups) in rollout_lab::bench::SIZES.into_iter().zip([30, 3, 0]) {
        let cold = now_ms();
        for _ in 0..warm_ups {
            drop(rollout_lab::sim::bench::rolling_update(replicas));
        }
        if warm_ups > 0 {
            web_sys::console::log_1(
                &format!(
                    "warm-up: {warm_ups} rollouts of {replicas} replicas in {:.0} ms",
                    now_ms() - cold
                )
                .into(),
            );
        }
        rows.extend(rollout_lab::bench::measure(
            &[replicas],
            &now_ms,
            &|| {},
            &linear_memory_bytes,
        ));
    }
    web_sys::console::log_1(&rollout_lab::bench::table("wasm32 (Chromium)", &rows).into());
    assert!(rows
        .iter()
        .all(|r| r.stats.pods_created >= r.replicas as u64));
}

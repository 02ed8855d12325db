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
    // Before each size, unmeasured runs of that size: sixty of 100 replicas, ten of 1,000.
    // In four pages of sixty 100-replica runs in a row, the runs kept getting faster until
    // about the fortieth (the first 30–85 ms, the 31st to 40th still 4–13 ms, from then on
    // 3.7–4.5 ms). Code that only gets hot at 1,000 (growing tables, longer queues) was
    // still being optimised during the measured 1,000-replica runs when only 100-replica
    // runs came first (five in a row: 134 ms, then 74–100); after three warm-ups of 1,000,
    // two pages of three measured 47 ms and one 27, after ten, three of three 29.5–32.7 ms.
    // Runs of the same size keep each row's linear memory, the high-water mark, at its own
    // size.
    let mut rows = Vec::new();
    for (replicas, warm_ups) in rollout_lab::bench::SIZES.into_iter().zip([60, 10, 0]) {
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
    web_sys::console::log_1(&rollout_lab::bench::latency_curve(&now_ms).into());
    assert!(rows
        .iter()
        .all(|r| r.stats.pods_created >= r.replicas as u64));
}

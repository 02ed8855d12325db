//! Same seed + same commands ⇒ the same cluster, on every target: the probe's state hash must
//! equal the value in `determinism.hash`, which `tests/web.rs` checks in Chromium (wasm32) too.
//! A change to the engine that changes runs changes this file, deliberately.
#![cfg(not(target_arch = "wasm32"))]

#[test]
fn the_probe_matches_the_recorded_hash() {
    let recorded = include_str!("determinism.hash").trim();
    let got = format!("{:016x}", rollout_lab::bench::determinism_probe());
    assert_eq!(
        got, recorded,
        "native run differs from tests/determinism.hash"
    );
    assert_eq!(
        rollout_lab::bench::determinism_probe(),
        rollout_lab::bench::determinism_probe()
    );
}

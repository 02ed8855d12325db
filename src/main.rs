//! `rollout-lab`: in the browser it mounts the app; natively it is the headless runner.

#[cfg(target_arch = "wasm32")]
fn main() {
    rollout_lab::ui::start();
}

#[cfg(not(target_arch = "wasm32"))]
fn main() -> std::process::ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    rollout_lab::cli::main(&args)
}

//! Project tasks: `cargo xtask serve | test | dist | bench | tools`.
//!
//! Each task first installs what it needs and is missing (the wasm32 target, the pinned Trunk,
//! wasm-bindgen-cli equal to Cargo.lock's wasm-bindgen, npm's binaryen, playwright-core and terser,
//! Debian's chromium and chromium-driver), so a new machine with only Rust needs nothing by
//! hand, and a machine that has everything starts at once.

use std::env;
use std::ffi::OsString;
use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};
use std::time::Instant;

const TRUNK_VERSION: &str = "0.21.14";
const WASM_TARGET: &str = "wasm32-unknown-unknown";
const CHROMIUM: &str = "/usr/bin/chromium";
const CHROMEDRIVER: &str = "/usr/bin/chromedriver";

type Result<T = ()> = std::result::Result<T, String>;

fn main() -> ExitCode {
    let args: Vec<String> = env::args().skip(1).collect();
    let task = args.first().map(String::as_str).unwrap_or("help");
    let rest = &args[args.len().min(1)..];
    let started = Instant::now();
    let outcome = match task {
        "serve" => serve(rest),
        "test" => test(rest),
        "dist" => ensure_web_tools().and_then(|_| dist()),
        "bench" => bench(rest),
        "tools" => ensure_web_tools().and_then(|_| ensure_browser()),
        _ => {
            eprintln!(
                "usage: cargo xtask <task>\n\n\
                 serve [--open]  serve the app on http://127.0.0.1:8080 (trunk serve)\n\
                 test            every test: fmt, clippy (native + wasm32), native, headless Chromium, end to end\n\
                 dist            build the static site into dist/ (release, wasm-opt -Oz)\n\
                 bench           rollout benchmarks, natively and in wasm; the page's budgets in Chromium\n\
                 tools           only install what the other tasks need"
            );
            return if task == "help" {
                ExitCode::SUCCESS
            } else {
                ExitCode::from(2)
            };
        }
    };
    match outcome {
        Ok(()) => {
            eprintln!(
                "xtask {task}: done in {:.1}s",
                started.elapsed().as_secs_f64()
            );
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("xtask {task}: {e}");
            ExitCode::FAILURE
        }
    }
}

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("xtask lives in the workspace")
        .to_path_buf()
}

/// PATH with cargo's bin folder and the npm tools first, so freshly installed tools are found.
fn tool_path() -> OsString {
    let mut dirs = vec![root().join("tools/node_modules/.bin")];
    if let Some(home) = env::var_os("CARGO_HOME")
        .map(PathBuf::from)
        .or_else(|| env::var_os("HOME").map(|h| PathBuf::from(h).join(".cargo")))
    {
        dirs.push(home.join("bin"));
    }
    dirs.extend(env::split_paths(&env::var_os("PATH").unwrap_or_default()));
    env::join_paths(dirs).expect("PATH entries are valid")
}

fn cmd(program: &str) -> Command {
    let mut c = Command::new(program);
    c.current_dir(root()).env("PATH", tool_path());
    c
}

fn run(c: &mut Command) -> Result {
    let shown = std::iter::once(c.get_program())
        .chain(c.get_args())
        .map(|a| a.to_string_lossy())
        .collect::<Vec<_>>()
        .join(" ");
    eprintln!("$ {shown}");
    let t = Instant::now();
    let status = c
        .status()
        .map_err(|e| format!("could not start {shown}: {e}"))?;
    eprintln!("  ({:.1}s)", t.elapsed().as_secs_f64());
    if status.success() {
        Ok(())
    } else {
        Err(format!("{shown} failed ({status})"))
    }
}

/// The first line a tool prints for `--version`, if it runs at all.
fn version_of(program: &str) -> Option<String> {
    let out = cmd(program).arg("--version").output().ok()?;
    out.status.success().then(|| {
        String::from_utf8_lossy(&out.stdout)
            .lines()
            .next()
            .unwrap_or("")
            .to_string()
    })
}

/// The `wasm-bindgen` version Cargo.lock resolved; the CLI must equal it.
fn locked_wasm_bindgen() -> Result<String> {
    let lock = std::fs::read_to_string(root().join("Cargo.lock"))
        .map_err(|e| format!("Cargo.lock: {e}"))?;
    let mut lines = lock.lines();
    while let Some(line) = lines.next() {
        if line == "name = \"wasm-bindgen\"" {
            if let Some(v) = lines.next().and_then(|l| l.strip_prefix("version = \"")) {
                return Ok(v.trim_end_matches('"').to_string());
            }
        }
    }
    Err("Cargo.lock has no wasm-bindgen".into())
}

fn ensure_web_tools() -> Result {
    let targets = cmd("rustup")
        .args(["target", "list", "--installed"])
        .output();
    if !targets.is_ok_and(|o| {
        String::from_utf8_lossy(&o.stdout)
            .lines()
            .any(|l| l == WASM_TARGET)
    }) {
        run(cmd("rustup").args(["target", "add", WASM_TARGET]))?;
    }
    if version_of("trunk").as_deref() != Some(&format!("trunk {TRUNK_VERSION}")) {
        eprintln!("installing trunk {TRUNK_VERSION} (about 7 minutes, once)");
        run(cmd("cargo").args(["install", "--locked", "trunk", "--version", TRUNK_VERSION]))?;
    }
    let wb = locked_wasm_bindgen()?;
    if version_of("wasm-bindgen").as_deref() != Some(&format!("wasm-bindgen {wb}")) {
        // Not --locked: the CLI's own lockfile names a crate version this registry lacks.
        run(cmd("cargo").args(["install", "wasm-bindgen-cli", "--version", &wb]))?;
    }
    let trunk_toml = std::fs::read_to_string(root().join("Trunk.toml"))
        .map_err(|e| format!("Trunk.toml: {e}"))?;
    if !trunk_toml.contains(&format!("wasm_bindgen = \"{wb}\"")) {
        return Err(format!(
            "Trunk.toml [tools] wasm_bindgen must equal Cargo.lock's wasm-bindgen {wb}"
        ));
    }
    let npm_tools = ["binaryen", "playwright-core", "terser"];
    if npm_tools
        .iter()
        .any(|t| !root().join("tools/node_modules").join(t).exists())
    {
        run(cmd("npm").args(["ci", "--no-audit", "--no-fund", "--prefix", "tools"]))?;
    }
    Ok(())
}

fn is_root() -> bool {
    Command::new("id")
        .arg("-u")
        .output()
        .is_ok_and(|o| String::from_utf8_lossy(&o.stdout).trim() == "0")
}

fn ensure_browser() -> Result {
    if Path::new(CHROMIUM).exists() && Path::new(CHROMEDRIVER).exists() {
        return Ok(());
    }
    let install = "apt-get update && apt-get install -y chromium chromium-driver";
    if !is_root() {
        return Err(format!(
            "headless Chromium is missing; run as root: {install}"
        ));
    }
    run(cmd("sh")
        .args(["-c", install])
        .env("DEBIAN_FRONTEND", "noninteractive"))
}

fn serve(rest: &[String]) -> Result {
    ensure_web_tools()?;
    eprintln!("Rollout Lab on http://127.0.0.1:8080/");
    run(cmd("trunk")
        .args([
            "serve",
            "--offline",
            "--address",
            "127.0.0.1",
            "--port",
            "8080",
        ])
        .args(rest))
}

fn dist() -> Result {
    run(cmd("trunk").args(["build", "--release", "--offline"]))?;
    // Trunk minifies the CSS and the HTML (Trunk.toml); the wasm-bindgen glue, terser.
    run(cmd("node").args(["tools/minify.mjs", "dist"]))?;
    for entry in std::fs::read_dir(root().join("dist")).map_err(|e| e.to_string())? {
        let path = entry.map_err(|e| e.to_string())?.path();
        if let Some(ext) = path.extension().and_then(|e| e.to_str()) {
            if matches!(ext, "wasm" | "js" | "css" | "html") {
                let bytes = std::fs::read(&path).map_err(|e| e.to_string())?;
                eprintln!(
                    "  {:>9} B  {}",
                    bytes.len(),
                    path.file_name().unwrap_or_default().to_string_lossy()
                );
            }
        }
    }
    Ok(())
}

fn test(rest: &[String]) -> Result {
    let started = Instant::now();
    let mut laps = Vec::new();
    let mut lap = |name: &str, t: &mut Instant| {
        laps.push(format!("{name:<28}{:>7.1}s", t.elapsed().as_secs_f64()));
        *t = Instant::now();
    };
    let mut t = Instant::now();
    ensure_web_tools()?;
    ensure_browser()?;
    lap("install what is missing", &mut t);
    run(cmd("cargo").args(["fmt", "--all", "--", "--check"]))?;
    run(cmd("cargo").args([
        "clippy",
        "--workspace",
        "--all-targets",
        "--",
        "-D",
        "warnings",
    ]))?;
    run(cmd("cargo").args([
        "clippy",
        "--target",
        WASM_TARGET,
        "--lib",
        "--bins",
        "--tests",
        "--",
        "-D",
        "warnings",
    ]))?;
    lap("fmt + clippy", &mut t);
    run(cmd("cargo").args(["test", "--workspace"]).args(rest))?;
    lap("native tests", &mut t);
    run(cmd("cargo")
        .args(["test", "--target", WASM_TARGET, "--test", "web"])
        .env("CHROMEDRIVER", CHROMEDRIVER))?;
    lap("wasm tests in Chromium", &mut t);
    dist()?;
    lap("dist (trunk --release)", &mut t);
    run(cmd("node").args(["--test", "--test-reporter=spec", "tests/e2e/"]))?;
    lap("end to end in Chromium", &mut t);
    eprintln!(
        "\ntimings:\n  {}\n  {:<28}{:>7.1}s",
        laps.join("\n  "),
        "total",
        started.elapsed().as_secs_f64()
    );
    Ok(())
}

fn bench(rest: &[String]) -> Result {
    // The engine natively twice: built for speed, and built the way the wasm bundle is (sized,
    // opt-level "z"), so that wasm can be compared with the same code natively as well.
    for (profile, what) in [
        ("fast", "built for speed (--profile fast, opt-level 3)"),
        (
            "release",
            "built as the wasm bundle is (--release, opt-level \"z\")",
        ),
    ] {
        println!("\n# native, {what}");
        run(cmd("cargo")
            .args([
                "run",
                "--profile",
                profile,
                "--bin",
                "rollout-lab",
                "--",
                "bench",
            ])
            .args(rest))?;
    }
    ensure_web_tools()?;
    ensure_browser()?;
    run(cmd("cargo")
        .args([
            "test",
            "--release",
            "--target",
            WASM_TARGET,
            "--test",
            "bench_wasm",
            "--",
            "--nocapture",
        ])
        .env("CHROMEDRIVER", CHROMEDRIVER))?;
    // The page itself: transfer size, first paint, frame time at 200 replicas, seek.
    dist()?;
    run(cmd("node").arg("tests/e2e/bench-ui.mjs"))
}

//! The native shell: `rollout-lab run SCRIPT`, `rollout-lab repl`, `rollout-lab bench`.
//!
//! A script has one command a line (`kubectl ...` or `sim ...`); blank lines and `#` comments
//! are skipped. Each command is echoed as `$ <line>` and followed by what it printed. A failing
//! command prints its error and the script goes on; the exit status is 0 unless the script
//! itself cannot be read.

use crate::kubectl::shell::Shell;
use std::io::{BufRead, Write};
use std::path::Path;
use std::process::ExitCode;

const USAGE: &str = "usage:
  rollout-lab run SCRIPT   run a script of kubectl and sim commands, print the transcript
  rollout-lab repl         type commands; virtual time follows the wall clock (sim wait jumps)
  rollout-lab bench [N...] time complete rolling updates of 100, 1,000 and 10,000 replicas (or N)

Script lines: kubectl ... | sim wait 30s | sim seed N | sim scenario NAME | sim fault ... | sim help";

/// Runs a script's text; `dir` is where `-f` paths resolve. Returns the transcript.
pub fn run_script(text: &str, dir: &Path) -> String {
    let mut shell = Shell::native(dir.to_path_buf());
    let mut out = String::new();
    for (typed, command) in crate::session::script_commands(text) {
        // Echoed as a terminal shows it: `$ ` first, `> ` before here-document lines.
        for (i, l) in typed.lines().enumerate() {
            out += if i == 0 { "$ " } else { "> " };
            out += l;
            out.push('\n');
        }
        let output = match command {
            Ok(c) => shell.run_with_stdin(&c.line, c.stdin.as_deref()),
            Err(e) => crate::kubectl::write::Output::error(format!("rollout-lab: {e}")),
        };
        if !output.text.is_empty() {
            out += &output.text;
            if !output.text.ends_with('\n') {
                out.push('\n');
            }
        }
    }
    out
}

/// `reset_peak` / `peak` read the binary's counting allocator (for `bench`).
pub fn main(args: &[String], reset_peak: fn(), peak: fn() -> u64) -> ExitCode {
    match args.first().map(String::as_str) {
        Some("run") => {
            let Some(path) = args.get(1) else {
                eprintln!("{USAGE}");
                return ExitCode::from(2);
            };
            let text = match std::fs::read_to_string(path) {
                Ok(t) => t,
                Err(e) => {
                    eprintln!("rollout-lab: cannot read {path}: {e}");
                    return ExitCode::from(1);
                }
            };
            let dir = Path::new(path)
                .parent()
                .unwrap_or(Path::new("."))
                .to_path_buf();
            print!("{}", run_script(&text, &dir));
            ExitCode::SUCCESS
        }
        Some("repl") | None => repl(),
        Some("bench") => {
            let started = std::time::Instant::now();
            let clock = || started.elapsed().as_secs_f64() * 1000.0;
            let sizes: Option<Vec<i32>> = args[1..]
                .iter()
                .map(|a| a.parse().ok().filter(|n| *n > 0))
                .collect();
            let Some(sizes) = sizes else {
                eprintln!("rollout-lab bench: sizes are positive replica counts\n{USAGE}");
                return ExitCode::from(2);
            };
            let sizes = if sizes.is_empty() {
                crate::bench::SIZES.to_vec()
            } else {
                sizes
            };
            let rows = crate::bench::measure(&sizes, &clock, &reset_peak, &peak);
            print!("{}", crate::bench::table("native", &rows));
            print!("{}", crate::bench::latency_curve(&clock));
            ExitCode::SUCCESS
        }
        Some("-h" | "--help" | "help") => {
            println!("{USAGE}");
            ExitCode::SUCCESS
        }
        Some(other) => {
            eprintln!("rollout-lab: unknown command {other:?}\n{USAGE}");
            ExitCode::from(2)
        }
    }
}

/// Interactive: virtual time advances by the wall-clock time between commands.
fn repl() -> ExitCode {
    let mut shell = Shell::native(std::env::current_dir().unwrap_or_default());
    let stdin = std::io::stdin();
    let mut last = std::time::Instant::now();
    println!("Rollout Lab: an empty simulated cluster of three nodes. Try `kubectl create deployment web --image=nginx:1.25 --replicas=3`,\nor start from a scenario first (`sim scenario ten-replicas`); `sim help` for more, Ctrl-D to leave.");
    loop {
        print!("$ ");
        let _ = std::io::stdout().flush();
        let mut line = String::new();
        match stdin.lock().read_line(&mut line) {
            Ok(0) | Err(_) => return ExitCode::SUCCESS,
            Ok(_) => {}
        }
        let elapsed = last.elapsed();
        last = std::time::Instant::now();
        shell.advance(crate::sim::time::Duration::millis(
            elapsed.as_millis() as i64
        ));
        let line = line.trim();
        if line.is_empty() {
            continue;
        }
        if matches!(line, "exit" | "quit") {
            return ExitCode::SUCCESS;
        }
        let output = shell.run(line);
        if !output.text.is_empty() {
            println!("{}", output.text.trim_end_matches('\n'));
        }
    }
}

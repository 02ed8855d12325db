//! The native shell: `rollout-lab run SCRIPT`, `rollout-lab repl`, `rollout-lab bench`.

use std::process::ExitCode;

const USAGE: &str = "usage:
  rollout-lab run SCRIPT   run a script of kubectl and sim commands, print the transcript
  rollout-lab bench        time complete rolling updates of 100, 1,000 and 10,000 replicas";

pub fn main(args: &[String]) -> ExitCode {
    match args.first().map(String::as_str) {
        Some("bench") => {
            crate::bench::print_table(&mut std::io::stdout());
            ExitCode::SUCCESS
        }
        Some("-h" | "--help" | "help") => {
            println!("{USAGE}");
            ExitCode::SUCCESS
        }
        _ => {
            eprintln!("{USAGE}");
            ExitCode::from(2)
        }
    }
}

//! Golden transcripts: each `tests/golden/NAME.txt` script through the headless runner must
//! print exactly `tests/golden/NAME.out`. Changing a golden file is a reviewed act: set
//! `ROLLOUT_LAB_BLESS=1` to rewrite them, then read the diff before committing.
#![cfg(not(target_arch = "wasm32"))]

use std::path::Path;

#[test]
fn transcripts_match_their_golden_files() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/golden");
    let bless = std::env::var_os("ROLLOUT_LAB_BLESS").is_some();
    let mut scripts: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .collect();
    scripts.sort();
    assert!(scripts.len() >= 3, "the golden scripts are there");
    let mut mismatches = Vec::new();
    for script in scripts {
        let text = std::fs::read_to_string(&script).unwrap();
        let got = rollout_lab::cli::run_script(&text, &dir);
        assert_eq!(
            got,
            rollout_lab::cli::run_script(&text, &dir),
            "{}: not deterministic",
            script.display()
        );
        let golden = script.with_extension("out");
        if bless {
            std::fs::write(&golden, &got).unwrap();
            continue;
        }
        let want = std::fs::read_to_string(&golden).unwrap_or_default();
        if got != want {
            let line = got
                .lines()
                .zip(want.lines())
                .position(|(a, b)| a != b)
                .unwrap_or(0);
            mismatches.push(format!(
                "{}: differs from {} at line {}:\n  got:  {:?}\n  want: {:?}",
                script.display(),
                golden.display(),
                line + 1,
                got.lines().nth(line),
                want.lines().nth(line)
            ));
        }
    }
    assert!(mismatches.is_empty(), "{}", mismatches.join("\n"));
}

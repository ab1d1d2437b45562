//! Helpers for the tests that run the program: `waveplan ARGS` in a folder, and what it gave.

#![allow(dead_code)]

use std::path::Path;

use assert_cmd::Command;

/// What one run of the binary gave.
pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

impl Run {
    /// What `command` gives when run to its end.
    pub fn of(command: &mut Command) -> Run {
        let out = command.output().unwrap();
        Run {
            code: out.status.code().unwrap_or(-1),
            stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
        }
    }
}

/// Run `waveplan ARGS` in `dir`.
pub fn run_in(dir: &Path, args: &[&str]) -> Run {
    Run::of(
        Command::cargo_bin("waveplan")
            .unwrap()
            .current_dir(dir)
            .args(args),
    )
}

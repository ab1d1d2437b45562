//! `waveplan [PORTFOLIO]`: every input is checked before the board touches the terminal, and
//! problems print as located diagnostics with the documented exit status.

use assert_cmd::Command;
use predicates::prelude::*;

fn waveplan(dir: &std::path::Path) -> Command {
    let mut cmd = Command::cargo_bin("waveplan").unwrap();
    cmd.current_dir(dir)
        .env("XDG_CONFIG_HOME", dir)
        .env_remove("WAVEPLAN_CONFIG");
    cmd
}

#[test]
fn help_names_the_board_options() {
    let dir = tempfile::tempdir().unwrap();
    waveplan(dir.path())
        .arg("--help")
        .assert()
        .success()
        .stdout(predicate::str::contains("--plan"))
        .stdout(predicate::str::contains("--weights"))
        .stdout(predicate::str::contains("--keys"));
}

#[test]
fn a_missing_portfolio_is_an_error_before_the_board() {
    let dir = tempfile::tempdir().unwrap();
    waveplan(dir.path())
        .arg("no-such.ron")
        .assert()
        .code(2)
        .stdout(predicate::str::is_empty())
        .stderr(predicate::str::contains(
            "error: no-such.ron: cannot read the file",
        ));
}

#[test]
fn a_plan_file_that_is_not_a_plan_is_an_error_with_its_place() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("broken.plan.ron"), "Plan(\n  waves: [\n").unwrap();
    waveplan(dir.path())
        .args(["--plan", "broken.plan.ron"])
        .assert()
        .code(2)
        .stdout(predicate::str::is_empty())
        .stderr(predicate::str::contains("error: broken.plan.ron:"));
}

#[test]
fn a_bad_weights_file_is_an_error_with_its_place() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("w.ron"), "Weights(\n  couplings: 1,\n)\n").unwrap();
    waveplan(dir.path())
        .args(["--weights", "w.ron"])
        .assert()
        .failure()
        .stdout(predicate::str::is_empty())
        .stderr(predicate::str::contains("error: w.ron:2:"));
}

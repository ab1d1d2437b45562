//! Every command that writes a file with `-o` writes it atomically: the file is the earlier one
//! or the complete new one, never half of it, even when the process is killed mid-write. A
//! killed write may leave its hidden temporary file (`.NAME.XXXXXX.tmp`) behind; the next write
//! of the same file removes it once it is stale.

use std::path::{Path, PathBuf};
use std::process::Command as Process;
use std::time::{Duration, Instant, SystemTime};

use assert_cmd::Command;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn names_in(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

/// Whether `name` is a temporary file of a write of `target`.
fn is_temp_of(name: &str, target: &str) -> bool {
    name.starts_with(&format!(".{target}.")) && name.ends_with(".tmp")
}

const EARLIER: &[u8] = b"// the earlier file, which must survive\nPortfolio(apps: [])\n";

/// An earlier file that is neither a portfolio nor a plan, which any command may replace.
const EARLIER_TEXT: &[u8] = b"the earlier file, of no kind -o protects\n";

#[test]
fn every_output_option_replaces_the_file_atomically() {
    let retail = root().join("portfolios/retail.ron");
    let retail = retail.to_str().unwrap();
    let data = root().join("tests/data/import");
    let apps = data.join("insurer-apps.csv");
    let deps = data.join("insurer-deps.csv");
    let catalog = data.join("insurer-catalog.yaml");
    let commands: Vec<(&str, Vec<&str>)> = vec![
        ("report.md", vec!["export", retail, "--format", "md"]),
        ("plan.ron", vec!["export", retail, "--format", "ron"]),
        ("auto.plan.ron", vec!["plan", retail]),
        (
            "insurer.ron",
            vec![
                "import",
                "csv",
                apps.to_str().unwrap(),
                deps.to_str().unwrap(),
            ],
        ),
        (
            "catalog.ron",
            vec!["import", "backstage", catalog.to_str().unwrap()],
        ),
        ("generated.ron", vec!["generate", "--apps", "50"]),
    ];
    for (out, args) in commands {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join(out);
        std::fs::write(&target, EARLIER_TEXT).unwrap();
        // What the command prints without -o is what it writes with it.
        let expected = Command::cargo_bin("waveplan")
            .unwrap()
            .args(&args)
            .output()
            .unwrap();
        assert!(expected.status.success(), "{args:?}");
        let run = Command::cargo_bin("waveplan")
            .unwrap()
            .current_dir(dir.path())
            .args(&args)
            .args(["-o", out])
            .output()
            .unwrap();
        assert!(
            run.status.success(),
            "{args:?}: {}",
            String::from_utf8_lossy(&run.stderr)
        );
        assert_eq!(std::fs::read(&target).unwrap(), expected.stdout, "{args:?}");
        assert_eq!(names_in(dir.path()), [out], "{args:?}");
    }
}

/// A failed command (here: an input with errors) leaves the earlier file as it was.
#[test]
fn a_failed_command_leaves_the_earlier_file() {
    let dir = tempfile::tempdir().unwrap();
    let target = dir.path().join("out.ron");
    std::fs::write(&target, EARLIER).unwrap();
    let broken = root().join("tests/bad_input/duplicate_id.ron");
    for args in [
        vec!["plan", broken.to_str().unwrap(), "-o", "out.ron"],
        vec![
            "export",
            broken.to_str().unwrap(),
            "--format",
            "ron",
            "-o",
            "out.ron",
        ],
    ] {
        let run = Command::cargo_bin("waveplan")
            .unwrap()
            .current_dir(dir.path())
            .args(&args)
            .output()
            .unwrap();
        assert_eq!(run.status.code(), Some(1), "{args:?}");
        assert_eq!(std::fs::read(&target).unwrap(), EARLIER);
        assert_eq!(names_in(dir.path()), ["out.ron"]);
    }
}

/// Kill `waveplan generate -o existing.ron` (SIGKILL) at several moments of its write: before
/// it starts, as soon as its temporary file appears, and at delays after that. Each time the
/// target is byte for byte the earlier file or the complete new one, and anything else in the
/// folder is a hidden temporary file that no one would take for the output.
#[cfg(unix)]
#[test]
fn a_killed_write_leaves_the_earlier_file_or_the_new_one() {
    // Large enough that writing and syncing the file takes a while (about 20 MB).
    const APPS: &str = "40000";
    let dir = tempfile::tempdir().unwrap();
    let target = dir.path().join("existing.ron");
    let complete = {
        let out = Process::new(env!("CARGO_BIN_EXE_waveplan"))
            .args(["generate", "--apps", APPS, "--seed", "5"])
            .output()
            .unwrap();
        assert!(out.status.success());
        out.stdout
    };
    // None: kill at a fixed time, perhaps before the write starts; Some(d): `d` after the
    // temporary file appears.
    let moments: [(Option<Duration>, Duration); 5] = [
        (None, Duration::from_millis(50)),
        (Some(Duration::ZERO), Duration::ZERO),
        (Some(Duration::from_millis(5)), Duration::ZERO),
        (Some(Duration::from_millis(40)), Duration::ZERO),
        // Most likely after the rename: the new file, complete.
        (Some(Duration::from_millis(1500)), Duration::ZERO),
    ];
    let mut killed_while_writing = 0;
    let mut outcomes = Vec::new();
    for (after_temp, fixed) in moments {
        std::fs::write(&target, EARLIER).unwrap();
        let mut child = Process::new(env!("CARGO_BIN_EXE_waveplan"))
            .current_dir(dir.path())
            .args([
                "generate",
                "--apps",
                APPS,
                "--seed",
                "5",
                "-o",
                "existing.ron",
            ])
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap();
        let started = Instant::now();
        match after_temp {
            None => std::thread::sleep(fixed),
            Some(delay) => {
                // Wait for the temporary file, then a little more.
                while !names_in(dir.path())
                    .iter()
                    .any(|n| is_temp_of(n, "existing.ron"))
                {
                    if started.elapsed() > Duration::from_secs(120)
                        || child.try_wait().unwrap().is_some()
                    {
                        break;
                    }
                    std::thread::sleep(Duration::from_micros(200));
                }
                std::thread::sleep(delay);
            }
        }
        let temp_seen = names_in(dir.path())
            .iter()
            .any(|n| is_temp_of(n, "existing.ron"));
        let _ = child.kill();
        let status = child.wait().unwrap();
        let now = std::fs::read(&target).unwrap();
        let outcome = if now == EARLIER {
            "earlier"
        } else if now == complete {
            "new"
        } else {
            panic!(
                "killed at {:?}: the file is neither the earlier one nor the new one ({} bytes)",
                after_temp,
                now.len()
            );
        };
        if temp_seen && status.code().is_none() {
            killed_while_writing += 1;
        }
        outcomes.push(format!(
            "{after_temp:?}: {outcome}, temporary file seen: {temp_seen}"
        ));
        for name in names_in(dir.path()) {
            assert!(
                name == "existing.ron" || is_temp_of(&name, "existing.ron"),
                "unexpected file {name}"
            );
        }
    }
    assert!(
        killed_while_writing > 0,
        "no kill landed during the write: {outcomes:?}"
    );
    eprintln!("{outcomes:#?}");

    // What killed writes left behind: hidden temporary files. Once stale, the next write of
    // the same file removes them.
    let left: Vec<String> = names_in(dir.path())
        .into_iter()
        .filter(|n| n != "existing.ron")
        .collect();
    let old = SystemTime::now() - waveplan::atomic::STALE_AFTER - Duration::from_secs(1);
    for name in &left {
        std::fs::File::options()
            .append(true)
            .open(dir.path().join(name))
            .unwrap()
            .set_modified(old)
            .unwrap();
    }
    let run = Process::new(env!("CARGO_BIN_EXE_waveplan"))
        .current_dir(dir.path())
        .args(["generate", "--apps", "10", "-o", "existing.ron"])
        .output()
        .unwrap();
    assert!(run.status.success());
    assert_eq!(
        names_in(dir.path()),
        ["existing.ron"],
        "left before: {left:?}"
    );
}

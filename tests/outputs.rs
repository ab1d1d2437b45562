//! Nothing lost, nothing clobbered: what `-o` refuses (a file the command reads, under any
//! name; a portfolio or a plan replaced by something else; a file the user may not write,
//! unless `--force`), what it keeps (a link stays a link, a file keeps its mode), and how
//! output that cannot be written ends (a closed stdout is an error, a closed pipe is not).
//! Every case with its exit status and its message.

#![cfg(unix)]

use std::io::Read as _;
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::process::{Command as Process, Output, Stdio};

use assert_cmd::Command;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// A folder with the retail portfolio as `r.ron`, its plan as `r.plan.ron` (picked up by
/// every command without `--plan`), another portfolio `other.ron`, a weights file and the
/// insurer's CSV tables and catalog.
fn workspace() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    std::fs::copy(root().join("portfolios/retail.ron"), d.join("r.ron")).unwrap();
    std::fs::copy(root().join("portfolios/bank.ron"), d.join("other.ron")).unwrap();
    std::fs::copy(root().join("assets/scoring.ron"), d.join("w.ron")).unwrap();
    let import = root().join("tests/data/import");
    for f in [
        "insurer-apps.csv",
        "insurer-deps.csv",
        "insurer-catalog.yaml",
    ] {
        std::fs::copy(import.join(f), d.join(f)).unwrap();
    }
    std::fs::write(
        d.join("r.plan.ron"),
        "Plan(\n    waves: [\n        (name: \"Pilot\", apps: [\"cms-preview\"]),\n    ],\n)\n",
    )
    .unwrap();
    dir
}

fn run(dir: &Path, args: &[&str]) -> Output {
    Command::cargo_bin("waveplan")
        .unwrap()
        .current_dir(dir)
        .args(args)
        .output()
        .unwrap()
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// Every file in `dir` with its contents.
fn snapshot(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut files: Vec<(String, Vec<u8>)> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| {
            let e = e.unwrap();
            let name = e.file_name().to_string_lossy().into_owned();
            let bytes = std::fs::read(e.path()).unwrap_or_default();
            (name, bytes)
        })
        .collect();
    files.sort();
    files
}

/// `args` ends with exit 2, an error with every one of `wanted`, and every file as it was.
fn refused(dir: &Path, args: &[&str], wanted: &[&str]) {
    let before = snapshot(dir);
    let out = run(dir, args);
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(2), "{args:?}: {err}");
    assert!(out.stdout.is_empty(), "{args:?}");
    for w in wanted {
        assert!(err.contains(w), "{args:?}: {w:?} not in {err}");
    }
    assert!(err.lines().any(|l| l.starts_with("error: -o ")), "{err}");
    assert_eq!(snapshot(dir), before, "{args:?} changed a file");
}

fn mode(path: &Path) -> u32 {
    std::fs::metadata(path).unwrap().permissions().mode() & 0o7777
}

fn set_mode(path: &Path, mode: u32) {
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(mode)).unwrap();
}

#[test]
fn an_output_that_the_command_reads_is_refused_for_every_command() {
    let dir = workspace();
    let d = dir.path();
    const READS: &str = "-o never writes over a file the command reads";
    let cases: &[(&[&str], &[&str])] = &[
        (
            &["export", "r.ron", "--format", "md", "-o", "r.ron"],
            &["-o r.ron: that is the portfolio it exports (r.ron)", READS],
        ),
        (
            // The plan it picked up by itself, without --plan.
            &["export", "r.ron", "--format", "csv", "-o", "r.plan.ron"],
            &["-o r.plan.ron: that is the plan it exports (r.plan.ron)"],
        ),
        (
            &["export", "r.ron", "--format", "ron", "-o", "r.plan.ron"],
            &["that is the plan it exports (r.plan.ron)"],
        ),
        (
            &[
                "export",
                "r.ron",
                "--weights",
                "w.ron",
                "--format",
                "json",
                "-o",
                "w.ron",
            ],
            &["-o w.ron: that is the weights file it reads (w.ron)"],
        ),
        (
            &["plan", "r.ron", "-o", "r.ron"],
            &["-o r.ron: that is the portfolio it plans (r.ron)"],
        ),
        (
            &["plan", "r.ron", "-o", "r.plan.ron"],
            &[
                "-o r.plan.ron: that is the plan it re-plans (r.plan.ron)",
                "waveplan diff",
            ],
        ),
        (
            &[
                "plan",
                "r.ron",
                "--plan",
                "r.plan.ron",
                "-o",
                "./r.plan.ron",
            ],
            &["-o ./r.plan.ron: that is the plan it re-plans (r.plan.ron)"],
        ),
        (
            &["plan", "r.ron", "--weights", "w.ron", "-o", "w.ron"],
            &["that is the weights file it reads (w.ron)"],
        ),
        (
            &[
                "import",
                "csv",
                "insurer-apps.csv",
                "insurer-deps.csv",
                "-o",
                "insurer-apps.csv",
            ],
            &["-o insurer-apps.csv: that is the apps table it imports (insurer-apps.csv)"],
        ),
        (
            &[
                "import",
                "csv",
                "insurer-apps.csv",
                "insurer-deps.csv",
                "-o",
                "insurer-deps.csv",
            ],
            &["that is the dependencies table it imports (insurer-deps.csv)"],
        ),
        (
            &[
                "import",
                "backstage",
                "insurer-catalog.yaml",
                "-o",
                "insurer-catalog.yaml",
            ],
            &["that is the catalog it imports (insurer-catalog.yaml)"],
        ),
    ];
    for (args, wanted) in cases {
        refused(d, args, wanted);
    }
    // --force is for files the user may not write, never for the command's own input.
    refused(
        d,
        &[
            "export", "r.ron", "--format", "md", "-o", "r.ron", "--force",
        ],
        &["that is the portfolio it exports"],
    );
}

#[test]
fn a_folder_is_no_output_file() {
    let dir = workspace();
    let d = dir.path();
    std::fs::create_dir(d.join("out")).unwrap();
    for o in ["out", "out/", ".", "missing/"] {
        refused(
            d,
            &["generate", "--apps", "3", "-o", o],
            &["that is a folder, not a file"],
        );
        refused(
            d,
            &["export", "r.ron", "--format", "md", "-o", o],
            &["that is a folder, not a file"],
        );
    }
}

#[test]
fn standard_input_redirected_from_the_output_is_caught() {
    let dir = workspace();
    let d = dir.path();
    let before = snapshot(d);
    let out = std::process::Command::new(assert_cmd::cargo::cargo_bin!("waveplan"))
        .current_dir(d)
        .args(["import", "csv", "-", "-o", "insurer-apps.csv", "--force"])
        .stdin(std::fs::File::open(d.join("insurer-apps.csv")).unwrap())
        .output()
        .unwrap();
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(
        err.contains("-o insurer-apps.csv: standard input is read from that file"),
        "{err}"
    );
    assert_eq!(snapshot(d), before);
    // From a pipe, standard input is no file: the import goes ahead.
    let out = Command::cargo_bin("waveplan")
        .unwrap()
        .current_dir(d)
        .args(["import", "csv", "-", "-o", "piped.ron"])
        .write_stdin(std::fs::read(d.join("insurer-apps.csv")).unwrap())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
}

#[test]
fn an_input_under_another_name_is_caught_too() {
    let dir = workspace();
    let d = dir.path();
    std::fs::hard_link(d.join("r.ron"), d.join("hard.ron")).unwrap();
    std::os::unix::fs::symlink("r.plan.ron", d.join("soft.ron")).unwrap();
    std::fs::hard_link(d.join("insurer-deps.csv"), d.join("deps-too.csv")).unwrap();
    refused(
        d,
        &["export", "r.ron", "--format", "md", "-o", "hard.ron"],
        &[
            "-o hard.ron: that is the portfolio it exports (r.ron), under another name (a hard link)",
        ],
    );
    refused(
        d,
        &["plan", "r.ron", "-o", "soft.ron"],
        &["-o soft.ron: that is the plan it re-plans (r.plan.ron), through a symbolic link"],
    );
    // The input given through the link, the output by its own name.
    refused(
        d,
        &[
            "export",
            "r.ron",
            "--plan",
            "soft.ron",
            "--format",
            "csv",
            "-o",
            "r.plan.ron",
        ],
        &["that is the plan it exports (soft.ron), through a symbolic link"],
    );
    refused(
        d,
        &[
            "import",
            "csv",
            "insurer-apps.csv",
            "insurer-deps.csv",
            "-o",
            "deps-too.csv",
        ],
        &["that is the dependencies table it imports (insurer-deps.csv), under another name"],
    );
    let absolute = d.join("r.ron");
    refused(
        d,
        &[
            "export",
            "r.ron",
            "--format",
            "md",
            "-o",
            absolute.to_str().unwrap(),
        ],
        &["that is the portfolio it exports (r.ron)"],
    );
}

#[test]
fn a_portfolio_or_a_plan_is_not_replaced_by_something_else() {
    let dir = workspace();
    let d = dir.path();
    let holds_portfolio = "-o r.ron: that file holds a portfolio, and this would replace it with";
    for (format, noun) in [
        ("md", "a Markdown report"),
        ("csv", "a CSV table"),
        ("json", "a JSON report"),
        ("dot", "a Graphviz graph"),
        ("mermaid", "a Mermaid chart"),
        ("ron", "a plan"),
    ] {
        refused(
            d,
            &["export", "other.ron", "--format", format, "-o", "r.ron"],
            &[holds_portfolio, noun, "move r.ron away first"],
        );
    }
    refused(
        d,
        &["plan", "other.ron", "-o", "r.ron", "--time-limit", "1"],
        &[holds_portfolio, "a plan"],
    );
    // A portfolio with comments and attributes before it is still a portfolio.
    std::fs::write(
        d.join("commented.ron"),
        "// our estate\n/* kept /* in git */ */\n#![enable(implicit_some)]\nPortfolio (apps: [])\n",
    )
    .unwrap();
    refused(
        d,
        &[
            "export",
            "other.ron",
            "--format",
            "md",
            "-o",
            "commented.ron",
        ],
        &["-o commented.ron: that file holds a portfolio"],
    );
    // So is one whose root is written without its name, as the format allows.
    std::fs::write(d.join("unnamed.ron"), "(name: \"x\", apps: [(id: \"a\")])").unwrap();
    std::fs::write(d.join("unnamed.plan.ron"), "(waves: [(apps: [\"a\"])])").unwrap();
    refused(
        d,
        &["generate", "--apps", "5", "-o", "unnamed.plan.ron"],
        &["-o unnamed.plan.ron: that file holds a plan"],
    );
    refused(
        d,
        &[
            "export",
            "other.ron",
            "--format",
            "csv",
            "-o",
            "unnamed.ron",
        ],
        &["-o unnamed.ron: that file holds a portfolio"],
    );
    let holds_plan = "-o r.plan.ron: that file holds a plan, and this would replace it with";
    refused(
        d,
        &["export", "other.ron", "--format", "md", "-o", "r.plan.ron"],
        &[holds_plan, "a Markdown report"],
    );
    refused(
        d,
        &["generate", "--apps", "5", "-o", "r.plan.ron"],
        &[holds_plan, "a portfolio"],
    );
    refused(
        d,
        &[
            "import",
            "backstage",
            "insurer-catalog.yaml",
            "-o",
            "r.plan.ron",
        ],
        &[holds_plan, "a portfolio"],
    );
}

#[test]
fn the_same_kind_of_file_may_be_replaced() {
    let dir = workspace();
    let d = dir.path();
    // A portfolio over a portfolio the command does not read, a plan over a plan.
    let out = run(d, &["generate", "--apps", "5", "-o", "other.ron"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(stderr(&out).contains("wrote 5 apps to other.ron"));
    std::fs::write(d.join("old.plan.ron"), "Plan(waves: [])\n").unwrap();
    let out = run(
        d,
        &["export", "r.ron", "--format", "ron", "-o", "old.plan.ron"],
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let text = std::fs::read_to_string(d.join("old.plan.ron")).unwrap();
    assert!(text.contains("cms-preview"), "{text}");
    // Anything over a file of another kind (here Markdown over Markdown).
    std::fs::write(d.join("report.md"), "# an older report\n").unwrap();
    let out = run(d, &["export", "r.ron", "--format", "md", "-o", "report.md"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
}

#[test]
fn a_file_the_user_may_not_write_needs_force_for_every_command() {
    let dir = workspace();
    let d = dir.path();
    let commands: &[&[&str]] = &[
        &["export", "r.ron", "--format", "md"],
        &["plan", "r.ron", "--time-limit", "1"],
        &["import", "csv", "insurer-apps.csv", "insurer-deps.csv"],
        &["import", "backstage", "insurer-catalog.yaml"],
        &["generate", "--apps", "5"],
    ];
    for args in commands {
        let target = d.join("locked.out");
        std::fs::write(&target, "the earlier file\n").unwrap();
        set_mode(&target, 0o444);
        let with_o: Vec<&str> = args.iter().copied().chain(["-o", "locked.out"]).collect();
        refused(
            d,
            &with_o,
            &[
                "-o locked.out: ",
                "locked.out is not writable (mode 0444); give --force to replace it",
            ],
        );
        let forced: Vec<&str> = with_o.iter().copied().chain(["--force"]).collect();
        let out = run(d, &forced);
        assert_eq!(out.status.code(), Some(0), "{forced:?}: {}", stderr(&out));
        assert_ne!(std::fs::read(&target).unwrap(), b"the earlier file\n");
        assert_eq!(mode(&target), 0o444, "{forced:?}: still read-only");
        std::fs::remove_file(&target).unwrap();
    }
    // Behind a symbolic link: the link's target is named, and stays as it was.
    std::fs::write(d.join("real.md"), "earlier\n").unwrap();
    set_mode(&d.join("real.md"), 0o400);
    std::os::unix::fs::symlink("real.md", d.join("link.md")).unwrap();
    refused(
        d,
        &["export", "r.ron", "--format", "md", "-o", "link.md"],
        &[
            "-o link.md: ",
            "real.md is not writable (mode 0400)",
            "--force",
        ],
    );
}

#[test]
fn a_write_keeps_the_mode_and_the_link() {
    let dir = workspace();
    let d = dir.path();
    let shared = d.join("shared");
    std::fs::create_dir(&shared).unwrap();
    std::fs::write(shared.join("report.md"), "earlier\n").unwrap();
    set_mode(&shared.join("report.md"), 0o640);
    std::os::unix::fs::symlink("shared/report.md", d.join("report.md")).unwrap();
    let out = run(d, &["export", "r.ron", "--format", "md", "-o", "report.md"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(
        std::fs::symlink_metadata(d.join("report.md"))
            .unwrap()
            .file_type()
            .is_symlink(),
        "the link stays a link"
    );
    let written = std::fs::read_to_string(shared.join("report.md")).unwrap();
    assert!(written.starts_with("# Migration plan"), "{written}");
    assert_eq!(mode(&shared.join("report.md")), 0o640);
    // The temporary file was written beside the real file, and is gone.
    let names: Vec<_> = std::fs::read_dir(&shared).unwrap().collect();
    assert_eq!(names.len(), 1);
    // A link to a file not there yet creates the file, and the link stays.
    std::os::unix::fs::symlink("shared/new.plan.ron", d.join("new.plan.ron")).unwrap();
    let out = run(
        d,
        &["plan", "r.ron", "--time-limit", "1", "-o", "new.plan.ron"],
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(shared.join("new.plan.ron").is_file());
    assert!(d.join("new.plan.ron").is_symlink());
}

#[test]
fn paths_in_messages_cannot_drive_the_terminal() {
    let dir = workspace();
    let d = dir.path();
    // A file name that would set the window title.
    let evil = "\u{1b}]0;owned\u{7}report.md";
    let out = run(d, &["export", "r.ron", "--format", "md", "-o", evil]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let err = stderr(&out);
    assert!(err.contains("wrote ]0;ownedreport.md"), "{err:?}");
    assert!(!err.contains('\u{1b}') && !err.contains('\u{7}'), "{err:?}");
    for args in [
        vec!["import", "backstage", "insurer-catalog.yaml", "-o", evil],
        vec!["generate", "--apps", "3", "-o", evil],
    ] {
        std::fs::remove_file(d.join(evil)).unwrap();
        let out = run(d, &args);
        assert_eq!(out.status.code(), Some(0), "{args:?}: {}", stderr(&out));
        let err = stderr(&out);
        assert!(err.contains("]0;ownedreport.md"), "{err:?}");
        assert!(!err.contains('\u{1b}') && !err.contains('\u{7}'), "{err:?}");
    }
    // In refusals and failures too.
    let link = "\u{1b}[31mlink.ron";
    std::os::unix::fs::symlink("r.ron", d.join(link)).unwrap();
    let out = run(d, &["export", "r.ron", "--format", "md", "-o", link]);
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert!(
        err.contains("-o [31mlink.ron: that is the portfolio"),
        "{err:?}"
    );
    assert!(!err.contains('\u{1b}'), "{err:?}");
    let out = run(d, &["export", "r.ron", "-o", "\u{1b}[2Jreport.xlsx"]);
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert!(
        err.contains("[2Jreport.xlsx: cannot tell the format"),
        "{err:?}"
    );
    assert!(!err.contains('\u{1b}'), "{err:?}");
}

/// Run waveplan with `args` and its stdout closed (`>&-`).
fn with_stdout_closed(dir: &Path, args: &[&str]) -> Output {
    Process::new("sh")
        .current_dir(dir)
        .arg("-c")
        .arg("exec \"$0\" \"$@\" >&-")
        .arg(env!("CARGO_BIN_EXE_waveplan"))
        .args(args)
        .output()
        .unwrap()
}

#[test]
fn a_closed_stdout_is_an_error_for_every_command_that_prints() {
    let dir = workspace();
    let d = dir.path();
    for args in [
        vec!["export", "r.ron", "--format", "md"],
        vec!["check", "r.ron"],
        vec!["score", "r.ron"],
        vec!["recommend", "r.ron"],
        vec!["diff", "r.ron", "r.plan.ron", "r.plan.ron"],
        vec!["plan", "r.ron", "--time-limit", "1"],
        vec!["import", "backstage", "insurer-catalog.yaml"],
        vec!["generate", "--apps", "3"],
    ] {
        let out = with_stdout_closed(d, &args);
        let err = stderr(&out);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {err}");
        assert!(
            err.contains("error: cannot write to stdout: it was closed when waveplan started"),
            "{args:?}: {err}"
        );
    }
    // With -o, stdout is not needed.
    let out = with_stdout_closed(d, &["export", "r.ron", "--format", "md", "-o", "x.md"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    // Output discarded on purpose is no error.
    let out = Process::new(env!("CARGO_BIN_EXE_waveplan"))
        .current_dir(d)
        .args(["export", "r.ron", "--format", "md"])
        .stdout(Stdio::null())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
}

#[test]
fn a_full_disk_on_stdout_is_an_error() {
    let dir = workspace();
    let full = std::fs::OpenOptions::new()
        .write(true)
        .open("/dev/full")
        .unwrap();
    let out = Process::new(env!("CARGO_BIN_EXE_waveplan"))
        .current_dir(dir.path())
        .args(["export", "r.ron", "--format", "md"])
        .stdout(full)
        .output()
        .unwrap();
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(
        err.contains("error: cannot write to stdout: No space left on device"),
        "{err}"
    );
}

#[test]
fn a_closed_pipe_ends_quietly() {
    let dir = workspace();
    // Far more than a pipe holds, so the writes after the reader leaves surely fail.
    let mut child = Process::new(env!("CARGO_BIN_EXE_waveplan"))
        .current_dir(dir.path())
        .args(["generate", "--apps", "5000"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut head = [0u8; 64];
    child.stdout.take().unwrap().read_exact(&mut head).unwrap();
    // (The read end is closed here, as `| head -c 64` would.)
    let out = child.wait_with_output().unwrap();
    assert!(head.starts_with(b"Portfolio("));
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(stderr(&out), "");
}

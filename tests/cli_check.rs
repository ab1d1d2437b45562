//! Whole-program tests of `waveplan check` and `waveplan generate`: the summaries of the sample
//! portfolios, generated portfolios, atomic output, usage errors and unreadable files.

use std::path::{Path, PathBuf};

use assert_cmd::Command;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// What one run of the binary gave.
struct Run {
    code: i32,
    stdout: Vec<u8>,
    stderr: String,
}

impl Run {
    fn out(&self) -> String {
        String::from_utf8(self.stdout.clone()).unwrap()
    }
}

/// Run `waveplan ARGS` from the crate root.
fn waveplan(args: &[&str]) -> Run {
    waveplan_in(&root(), args)
}

fn waveplan_in(dir: &Path, args: &[&str]) -> Run {
    let out = Command::cargo_bin("waveplan")
        .unwrap()
        .current_dir(dir)
        .args(args)
        .output()
        .unwrap();
    let run = Run {
        code: out.status.code().unwrap_or(-1),
        stdout: out.stdout,
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    };
    assert!(!run.stderr.contains("panicked"), "{}", run.stderr);
    run
}

fn file_names(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

const RETAIL_SUMMARY: &str = "\
Northwind Retail (portfolios/retail.ron)
  apps          36 (33 movable, 3 never move)
  edges         91 (Http 38, Grpc 8, Rpc 3, Queue 14, Database 14, File 14)
  cycle groups  4
    move together: cart, pricing, promotions
    move together: customer-profile, loyalty
    cycle that stays hybrid: erp, inventory; inventory (strategy Retain) never moves, so erp keeps a link to the legacy estate
    move together: inventory-sync, orders
  never move    payment-gateway (strategy Retain), inventory (strategy Retain), edi-gateway (strategy Retire)
  stateful      16: cms (Files, 150 GB), catalog-db (Database, 250 GB), search-index (Files, 300 GB), cart (Session), orders-db (Database, 800 GB), inventory (Database, 1.2 TB), warehouse-integration (Files, 40 GB), customer-db (Database, 350 GB), and 8 more
  no owner      4: promotions, warehouse-integration, notification, edi-gateway
  file warnings none
";

#[test]
fn check_prints_the_summary_of_the_retail_sample() {
    let run = waveplan(&["check", "portfolios/retail.ron"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(run.stderr, "");
    assert_eq!(run.out(), RETAIL_SUMMARY);
}

#[test]
fn check_prints_the_summary_of_the_bank_sample() {
    let run = waveplan(&["check", "portfolios/bank.ron"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(run.stderr, "");
    let out = run.out();
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines[0], "Harbour Bank (portfolios/bank.ron)");
    assert_eq!(lines[1], "  apps          81 (70 movable, 11 never move)");
    assert_eq!(
        lines[2],
        "  edges         252 (Http 103, Grpc 13, Rpc 38, Queue 39, Database 27, File 32)"
    );
    assert_eq!(lines[3], "  cycle groups  5");
    let groups: Vec<&str> = lines
        .iter()
        .filter_map(|l| l.strip_prefix("    move together: "))
        .collect();
    assert_eq!(
        groups,
        [
            "aml-screening, case-management, fraud-detection",
            "credit-scoring, loan-origination",
            "crm, customer-360",
            "general-ledger, treasury",
            "payments-hub, sepa-gateway",
        ]
    );
    let never = lines
        .iter()
        .find(|l| l.starts_with("  never move    "))
        .unwrap();
    assert!(never.contains("core-banking (strategy Retain)"), "{never}");
    assert!(never.ends_with(", and 3 more"), "{never}");
    let stateful = lines
        .iter()
        .find(|l| l.starts_with("  stateful      "))
        .unwrap();
    assert!(
        stateful.starts_with("  stateful      42: channel-api (Session), "),
        "{stateful}"
    );
    assert!(stateful.contains("core-banking (Database, 8 TB)"));
    assert!(stateful.ends_with(", and 34 more"), "{stateful}");
    assert!(lines.contains(&"  no owner      6: old-internet-banking, complaints, collections, print-mail-gateway, email-relay, branch-server"));
    assert_eq!(lines.last(), Some(&"  file warnings none"));
}

#[test]
fn check_with_a_plan_prints_the_plan_line() {
    let dir = root().join("tests/bad_input");
    let run = waveplan_in(
        &dir,
        &[
            "check",
            "plan_portfolio.ron",
            "--plan",
            "plan_valid.plan.ron",
        ],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.out().contains(
            "  plan          plan_valid.plan.ron: 2 waves, 3 of 3 movable apps planned\n"
        ),
        "{}",
        run.out()
    );
}

#[test]
fn check_counts_and_prints_warnings() {
    let dir = root().join("tests/bad_input");
    let run = waveplan_in(&dir, &["check", "duplicate_edge.ron"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.out().contains("  edges         1 (Http 1)\n"),
        "{}",
        run.out()
    );
    assert!(
        run.out()
            .ends_with("  file warnings 1 (printed below, on stderr)\n"),
        "{}",
        run.out()
    );
    assert_eq!(run.stderr.lines().count(), 1, "{}", run.stderr);
}

#[test]
fn a_generated_portfolio_of_10000_apps_checks_clean() {
    let dir = tempfile::tempdir().unwrap();
    let run = waveplan_in(
        dir.path(),
        &[
            "generate", "--apps", "10000", "--seed", "1", "-o", "big.ron",
        ],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stdout.is_empty());
    assert_eq!(run.stderr, "wrote 10,000 apps to big.ron\n");
    assert_eq!(file_names(dir.path()), ["big.ron"]);
    let run = waveplan_in(dir.path(), &["check", "big.ron"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(run.stderr, "", "a generated portfolio has no warnings");
    assert!(
        run.out().contains("\n  apps          10,000 ("),
        "{}",
        run.out()
    );
}

#[test]
fn generate_is_deterministic_for_a_seed() {
    let a = waveplan(&["generate", "--apps", "300", "--seed", "7"]);
    let b = waveplan(&["generate", "--apps", "300", "--seed", "7"]);
    let c = waveplan(&["generate", "--apps", "300", "--seed", "8"]);
    for run in [&a, &b, &c] {
        assert_eq!(run.code, 0, "{}", run.stderr);
        assert!(run.out().starts_with("Portfolio("));
    }
    assert_eq!(a.stdout, b.stdout);
    assert_ne!(a.stdout, c.stdout);

    // The file written with -o holds the same bytes as stdout.
    let dir = tempfile::tempdir().unwrap();
    let run = waveplan_in(
        dir.path(),
        &["generate", "--apps", "300", "--seed", "7", "-o", "p.ron"],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(std::fs::read(dir.path().join("p.ron")).unwrap(), a.stdout);
}

#[test]
fn generate_without_a_seed_uses_seed_1() {
    let a = waveplan(&["generate", "--apps", "50"]);
    let b = waveplan(&["generate", "--apps", "50", "--seed", "1"]);
    assert_eq!(a.code, 0, "{}", a.stderr);
    assert_eq!(a.stdout, b.stdout);
}

#[test]
fn output_replaces_a_file_atomically_and_leaves_no_temporary_file() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("p.ron");
    std::fs::write(&path, "old contents").unwrap();
    let run = waveplan_in(
        dir.path(),
        &["generate", "--apps", "20", "--seed", "3", "-o", "p.ron"],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        std::fs::read_to_string(&path)
            .unwrap()
            .starts_with("Portfolio(")
    );
    assert_eq!(file_names(dir.path()), ["p.ron"]);
    // An absolute path in another folder.
    let other = tempfile::tempdir().unwrap();
    let target = other.path().join("q.ron");
    let run = waveplan_in(
        dir.path(),
        &["generate", "--apps", "5", "-o", target.to_str().unwrap()],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(file_names(other.path()), ["q.ron"]);
}

#[test]
fn output_into_a_missing_folder_fails_cleanly() {
    let dir = tempfile::tempdir().unwrap();
    let run = waveplan_in(
        dir.path(),
        &["generate", "--apps", "5", "-o", "no/such/folder/p.ron"],
    );
    assert_eq!(run.code, 2);
    assert!(
        run.stderr
            .starts_with("error: no/such/folder/p.ron: cannot write the file"),
        "{}",
        run.stderr
    );
    assert!(file_names(dir.path()).is_empty());
}

#[test]
fn usage_errors_exit_2() {
    for args in [
        &["check"][..],
        &["check", "portfolios/retail.ron", "--bogus"],
        &["check", "portfolios/retail.ron", "--plan"],
        &["check", "a.ron", "b.ron"],
        &["generate"],
        &["generate", "--apps"],
        &["generate", "--apps", "many"],
        &["generate", "--apps", "-5"],
        &["generate", "--apps", "1000001"],
        &["generate", "--apps", "18446744073709551615"],
        &["generate", "--apps", "99999999999999999999999"],
        &["generate", "--apps", "5", "--seed", "x"],
        &["generate", "--apps", "5", "--frobnicate"],
        &["--bogus"],
        &["frobnicate", "now"],
    ] {
        let run = waveplan(args);
        assert_eq!(run.code, 2, "{args:?}: {}", run.stderr);
        assert!(
            run.stderr.starts_with("error: "),
            "{args:?}: {}",
            run.stderr
        );
        assert!(run.stdout.is_empty(), "{args:?}");
    }
}

#[test]
fn help_and_version_exit_0() {
    for args in [
        &["--help"][..],
        &["check", "--help"],
        &["generate", "--help"],
    ] {
        let run = waveplan(args);
        assert_eq!(run.code, 0, "{args:?}: {}", run.stderr);
        assert!(run.out().contains("Usage: waveplan"), "{args:?}");
    }
    let run = waveplan(&["--version"]);
    assert_eq!(run.code, 0);
    assert_eq!(
        run.out(),
        format!("waveplan {}\n", env!("CARGO_PKG_VERSION"))
    );
}

#[test]
fn a_missing_file_exits_2() {
    let run = waveplan(&["check", "no-such-portfolio.ron"]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr
            .starts_with("error: no-such-portfolio.ron: cannot read"),
        "{}",
        run.stderr
    );
    assert_eq!(run.stderr.lines().count(), 1);
    assert!(run.stdout.is_empty());

    let run = waveplan(&[
        "check",
        "portfolios/retail.ron",
        "--plan",
        "no-such.plan.ron",
    ]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr
            .starts_with("error: no-such.plan.ron: cannot read"),
        "{}",
        run.stderr
    );
    assert!(run.stdout.is_empty());
}

#[test]
fn a_folder_is_not_a_portfolio() {
    let run = waveplan(&["check", "portfolios"]);
    assert_eq!(run.code, 2);
    assert_eq!(run.stderr, "error: portfolios: is a folder, not a file\n");
}

#[test]
fn recommend_shows_the_ease_each_reason_costs_and_they_add_up() {
    // A second wave: the pilot rule no longer keeps apps without an owner out.
    let dir = tempfile::tempdir().unwrap();
    let plan = dir.path().join("p.plan.ron");
    std::fs::write(
        &plan,
        "Plan(waves: [(name: \"Pilot\", apps: [\"store-locator\"])])",
    )
    .unwrap();
    let plan = plan.to_str().unwrap();
    let args = [
        "recommend",
        "portfolios/retail.ron",
        "--plan",
        plan,
        "--wave",
        "2",
        "--top",
        "9",
    ];
    let run = waveplan(&args);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let text = String::from_utf8(run.stdout).unwrap();
    assert!(text.contains("-4   risk: no owning team"), "{text}");
    let run = waveplan(&[&args[..], &["--format", "json"]].concat());
    let doc: serde_json::Value = serde_json::from_slice(&run.stdout).unwrap();
    for rec in doc["recommendations"].as_array().unwrap() {
        let shown: u64 = rec["main_reasons"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| r["ease_cost"].as_u64().unwrap())
            .sum();
        assert!(shown <= 100 - rec["ease"].as_u64().unwrap(), "{rec}");
    }
    // No candidates asked for is a mistake, not an empty answer.
    let run = waveplan(&["recommend", "portfolios/retail.ron", "--top", "0"]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(run.stderr.contains("1 or more"), "{}", run.stderr);
}

//! Inputs that once crashed waveplan, kept in `tests/fuzz_regressions/TARGET/` and run through
//! the same checks as the fuzz target TARGET (`fuzz/src/lib.rs`, compiled in here): no panic,
//! and the outcome recorded below. The seed corpora of the fuzz targets (samples, the bad-input
//! corpus, the import test data) pass the same checks.
//!
//! A new crasher from `fuzz/artifacts/TARGET/` goes into the target's folder here, under a name
//! that says what it breaks, with its case below.

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::{Path, PathBuf};

use waveplan::load::LoadError;

#[path = "../fuzz/src/lib.rs"]
#[allow(dead_code)]
mod harness;

/// What an input must give: accepted, or refused with this exit status and message fragment.
#[derive(Debug, Clone, Copy)]
enum Outcome {
    Accepted,
    Refused(i32, &'static str),
}
use Outcome::{Accepted, Refused};

/// Every kept crasher: target, file, outcome, and what it broke.
const CASES: &[(&str, &str, Outcome)] = &[
    // The ease weights' sum overflowed u32 (a panic in debug builds); in release builds it
    // wrapped round to 1%, passed the check and made every ease product overflow.
    (
        "weights",
        "ease_sum_wraps_to_1.ron",
        Refused(1, "the ease weights add up to 4294967297%"),
    ),
    // Points near u32::MAX overflowed the coupling, statefulness and risk sums.
    (
        "weights",
        "outgoing_points_at_u32_max.ron",
        Refused(
            1,
            "coupling.outgoing.Database is 4294967295; points are whole numbers from 0 to 1000",
        ),
    ),
    (
        "weights",
        "compliance_tag_at_u32_max.ron",
        Refused(1, "risk.compliance_tag is 4294967295"),
    ),
    (
        "weights",
        "state_points_at_u32_max.ron",
        Refused(1, "statefulness.state.Database is 4294967295"),
    ),
    (
        "weights",
        "split_group_at_u32_max.ron",
        Refused(1, "coupling.split_group is 4294967295"),
    ),
    // Not a crasher: the limit itself. The largest weights a file may give score, plan and
    // export the sample.
    ("weights", "every_point_at_the_limit.ron", Accepted),
];

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The check of fuzz target `target`.
fn check_of(target: &str) -> fn(&[u8]) -> Result<(), LoadError> {
    match target {
        "portfolio" => harness::portfolio,
        "plan" => harness::plan,
        "weights" => harness::weights,
        "import_csv" => harness::import_csv,
        "import_backstage" => harness::import_backstage,
        "import_servicenow" => harness::import_servicenow,
        "import_connections" => harness::import_connections,
        other => panic!("no fuzz target {other}"),
    }
}

/// Run `check` on `data`; a panic or a failed check is described.
fn run(
    check: fn(&[u8]) -> Result<(), LoadError>,
    data: &[u8],
) -> Result<Result<(), LoadError>, String> {
    catch_unwind(AssertUnwindSafe(|| check(data))).map_err(|panic| {
        panic
            .downcast_ref::<String>()
            .cloned()
            .or_else(|| panic.downcast_ref::<&str>().map(|s| s.to_string()))
            .unwrap_or_else(|| "a panic".to_string())
    })
}

#[test]
fn every_kept_crasher_gives_its_outcome() {
    let mut failures = Vec::new();
    for &(target, file, outcome) in CASES {
        let path = root()
            .join("tests/fuzz_regressions")
            .join(target)
            .join(file);
        let data = std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        let name = format!("{target}/{file}");
        match (run(check_of(target), &data), outcome) {
            (Err(panic), _) => failures.push(format!("{name}: panicked: {panic}")),
            (Ok(Ok(())), Accepted) => {}
            (Ok(Err(e)), Refused(code, fragment)) => {
                if e.exit_code() != code || !e.to_string().contains(fragment) {
                    failures.push(format!(
                        "{name}: want exit {code} and {fragment:?}, got exit {}: {e}",
                        e.exit_code()
                    ));
                }
            }
            (Ok(got), want) => failures.push(format!("{name}: want {want:?}, got {got:?}")),
        }
    }
    assert!(failures.is_empty(), "\n{}", failures.join("\n"));
}

#[test]
fn every_kept_crasher_has_a_case() {
    let dir = root().join("tests/fuzz_regressions");
    let mut on_disk = Vec::new();
    for target in std::fs::read_dir(&dir).unwrap() {
        let target = target.unwrap().path();
        for file in std::fs::read_dir(&target).unwrap() {
            let name = file.unwrap().file_name().to_string_lossy().into_owned();
            let target = target.file_name().unwrap().to_string_lossy().into_owned();
            on_disk.push(format!("{target}/{name}"));
        }
    }
    on_disk.sort();
    let mut listed: Vec<String> = CASES.iter().map(|(t, f, _)| format!("{t}/{f}")).collect();
    listed.sort();
    assert_eq!(on_disk, listed);
}

fn files(dir: &Path, keep: impl Fn(&str) -> bool) -> Vec<PathBuf> {
    let mut paths: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_file() && keep(&p.file_name().unwrap().to_string_lossy()))
        .collect();
    paths.sort();
    paths
}

/// The fuzz targets' seeds (what `fuzz/seed.sh` copies) pass their checks: the checks hold on
/// every sample and every bad input, not only on what a fuzzer made.
#[test]
fn the_seed_corpora_pass_the_checks() {
    let bad = root().join("tests/bad_input");
    let import = root().join("tests/data/import");
    let mut seeds: Vec<(&str, Vec<u8>, String)> = Vec::new();
    let mut add = |target: &'static str, paths: Vec<PathBuf>| {
        for p in paths {
            seeds.push((target, std::fs::read(&p).unwrap(), p.display().to_string()));
        }
    };
    add("portfolio", files(&root().join("portfolios"), |_| true));
    add("portfolio", files(&bad, |n| !n.ends_with(".plan.ron")));
    add("plan", files(&bad, |n| n.ends_with(".plan.ron")));
    add("weights", vec![root().join("assets/scoring.ron")]);
    add("weights", files(&bad.join("weights"), |_| true));
    add("import_backstage", files(&import, |n| n.ends_with(".yaml")));
    add(
        "import_backstage",
        files(&bad.join("import"), |n| n.ends_with(".yaml")),
    );
    add(
        "import_connections",
        files(&import.join("connections"), |n| n.ends_with(".csv")),
    );
    for apps in files(&import, |n| n.contains("apps")) {
        for deps in files(&import, |n| n.contains("deps")) {
            let mut data = std::fs::read(&apps).unwrap();
            data.push(0);
            data.extend(std::fs::read(&deps).unwrap());
            seeds.push((
                "import_csv",
                data,
                format!("{} + {}", apps.display(), deps.display()),
            ));
        }
    }
    let sn = import.join("servicenow");
    let mut sn_data = std::fs::read(sn.join("cmdb_ci_business_app.csv")).unwrap();
    sn_data.push(0);
    sn_data.extend(std::fs::read(sn.join("cmdb_rel_ci.csv")).unwrap());
    seeds.push(("import_servicenow", sn_data, sn.display().to_string()));
    let mut failures = Vec::new();
    for (target, data, name) in &seeds {
        if let Err(panic) = run(check_of(target), data) {
            failures.push(format!("{target} {name}: panicked: {panic}"));
        }
    }
    assert!(seeds.len() > 100, "{} seeds", seeds.len());
    assert!(failures.is_empty(), "\n{}", failures.join("\n"));
}

//! `waveplan import csv|backstage` run as a program: sample inputs, broken variants, exit
//! statuses, located messages, and portfolios that `waveplan check` accepts.

mod cli_support;

use std::path::{Path, PathBuf};

use assert_cmd::Command;
use cli_support::Run;

fn data() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/import")
}

/// `waveplan ARGS` run in the sample folder, so messages name the files as given.
fn waveplan(args: &[&str]) -> Command {
    let mut cmd = Command::cargo_bin("waveplan").unwrap();
    cmd.current_dir(data()).args(args);
    cmd
}

fn run(args: &[&str]) -> Run {
    Run::of(&mut waveplan(args))
}

/// The lines of stderr, for exact comparison.
fn lines(text: &str) -> Vec<&str> {
    text.lines().collect()
}

/// Import into a file, then run `waveplan check` on it; give the check's output.
fn import_and_check(args: &[&str]) -> (Run, String) {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("portfolio.ron");
    let mut all: Vec<&str> = args.to_vec();
    let out_str = out.to_str().unwrap();
    all.extend(["-o", out_str]);
    let imported = run(&all);
    assert_eq!(imported.code, 0, "{}", imported.stderr);
    assert!(imported.stdout.is_empty(), "-o writes nothing to stdout");
    let check = run(&["check", out_str]);
    assert_eq!(check.code, 0, "{}", check.stderr);
    (imported, check.stdout)
}

#[test]
fn csv_sample_imports_and_passes_check() {
    let (imported, check) = import_and_check(&[
        "import",
        "csv",
        "insurer-apps.csv",
        "insurer-deps.csv",
        "--name",
        "Lakeside Insurance",
    ]);
    assert!(
        imported.stderr.starts_with(
            "summary of insurer-apps.csv, insurer-deps.csv:\n  read     17 app rows; 26 \
             dependency rows\n  kept     17 apps (7 Service, 3 Frontend, 2 Batch, 2 Gateway, 1 \
             Database, 1 Queue, 1 Storage); 26 dependencies (10 Http, 5 Rpc, 3 Database, 3 \
             File, 3 Queue, 2 Grpc); 3 apps that never move (2 strategy Retain, 1 strategy Retire)\n  \
             folded   nothing\n  dropped  nothing\nwrote 17 apps and 26 dependencies to "
        ),
        "{}",
        imported.stderr
    );
    assert!(check.starts_with("Lakeside Insurance ("), "{check}");
    assert!(
        check.contains("apps          17 (14 movable, 3 never move)"),
        "{check}"
    );
    assert!(
        check.contains("move together: claims, fraud-scoring"),
        "{check}"
    );
    assert!(check.contains("file warnings none"), "{check}");
}

#[test]
fn csv_to_stdout_names_the_portfolio_after_the_file() {
    let r = run(&["import", "csv", "insurer-apps.csv", "insurer-deps.csv"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        r.stdout.starts_with("Portfolio(\n    name: \"insurer\",\n"),
        "{}",
        r.stdout
    );
    // Standard error holds the summary alone.
    assert!(
        r.stderr
            .starts_with("summary of insurer-apps.csv, insurer-deps.csv:\n"),
        "{}",
        r.stderr
    );
    assert_eq!(r.stderr.lines().count(), 5, "{}", r.stderr);
    let back = waveplan::load::portfolio_from_str(&r.stdout, "stdout").unwrap();
    assert_eq!(back.value.apps.len(), 17);
}

#[test]
fn csv_bad_enum_values() {
    let r = run(&["import", "csv", "apps-bad-enum.csv", "deps-none.csv"]);
    assert_eq!(r.code, 1);
    assert!(r.stdout.is_empty());
    assert_eq!(
        lines(&r.stderr),
        vec![
            "error: apps-bad-enum.csv:2:3: unknown kind `Servce`; did you mean `Service`? the \
             values are: Service, Frontend, Gateway, Batch, Database, Cache, Queue, Storage; or \
             map the value in a --map file (kind: {\"Servce\": Service})",
            "error: apps-bad-enum.csv:3:4: unknown hosting `Cloud`; the values are: Vm, \
             BareMetal, Mainframe, Container, Paas, Saas; or map the value in a --map file \
             (hosting: {\"Cloud\": Vm})",
            "error: apps-bad-enum.csv:4:5: unknown criticality `hgh`; did you mean `High`? the \
             values are: Low, Medium, High, Critical; or map the value in a --map file \
             (criticality: {\"hgh\": High})",
        ]
    );
}

#[test]
fn csv_missing_and_duplicate_ids() {
    let r = run(&["import", "csv", "apps-missing-id.csv", "deps-none.csv"]);
    assert_eq!(r.code, 1);
    assert_eq!(
        lines(&r.stderr),
        vec!["error: apps-missing-id.csv:3:1: the id is missing: every app needs one"]
    );
    let r = run(&["import", "csv", "apps-duplicate-id.csv", "deps-none.csv"]);
    assert_eq!(r.code, 1);
    assert_eq!(
        lines(&r.stderr),
        vec![
            "error: apps-duplicate-id.csv:4:1: duplicate id `claims`: the row on line 2 has it \
             already; ids must be unique"
        ]
    );
}

#[test]
fn csv_bad_numbers_and_booleans() {
    let r = run(&["import", "csv", "apps-bad-number.csv", "deps-none.csv"]);
    assert_eq!(r.code, 1);
    assert_eq!(
        lines(&r.stderr),
        vec![
            "error: apps-bad-number.csv:3:3: data_gb `lots` is not a number; write gigabytes as \
             digits with a `.` for decimals, like 250 or 0.5",
            "error: apps-bad-number.csv:4:3: data_gb `-5` must be a number of gigabytes, 0 or \
             more",
            "error: apps-bad-number.csv:4:4: legacy: `perhaps` is not a yes/no value; write true \
             or false (yes/no and 1/0 work too), or name the word in the mapping file's \
             `booleans` table (booleans: {\"perhaps\": true})",
        ]
    );
}

#[test]
fn csv_wrong_column_count() {
    let r = run(&["import", "csv", "apps-wrong-columns.csv", "deps-none.csv"]);
    assert_eq!(r.code, 1);
    assert_eq!(
        lines(&r.stderr),
        vec![
            "error: apps-wrong-columns.csv:3:5: this row has 5 cells but the header has 4 \
             columns; is a separator missing or extra, or a cell with a separator not in double \
             quotes?",
            "error: apps-wrong-columns.csv:4:3: this row has 2 cells but the header has 4 \
             columns; is a separator missing or extra, or a cell with a separator not in double \
             quotes?",
        ]
    );
}

#[test]
fn csv_unknown_references_in_dependencies() {
    let r = run(&["import", "csv", "insurer-apps.csv", "deps-unknown-ref.csv"]);
    assert_eq!(r.code, 1);
    assert_eq!(
        lines(&r.stderr),
        vec![
            "error: deps-unknown-ref.csv:3:1: unknown app `claim` in `from`: the apps file has \
             no such id; did you mean `claims`?",
            "error: deps-unknown-ref.csv:4:2: unknown app `biling` in `to`: the apps file has no \
             such id; did you mean `billing`?",
            "error: deps-unknown-ref.csv:5:3: unknown via `Carrier pigeon`; the values are: \
             Http, Grpc, Rpc, Queue, Database, File; or map the value in a --map file (via: \
             {\"Carrier pigeon\": Http})",
            "error: deps-unknown-ref.csv:6:2: `claims` depends on itself; remove this row",
            "warning: deps-unknown-ref.csv:7:1: the row on line 2 gives this dependency of \
             `claims` on `fraud-scoring` via Grpc already; it is counted once",
        ]
    );
}

#[test]
fn csv_columns_a_cmdb_adds_or_misspells() {
    let r = run(&["import", "csv", "apps-extra-columns.csv", "deps-none.csv"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(r.stdout.contains("criticality: Critical,"), "{}", r.stdout);
    assert!(r.stderr.starts_with(
        "warning: apps-extra-columns.csv:1:4: column `Cost Center` is not a portfolio field and \
         is ignored;"
    ));
    let r = run(&["import", "csv", "apps-column-typo.csv", "deps-none.csv"]);
    assert_eq!(r.code, 1);
    assert!(
        r.stderr.starts_with(
            "error: apps-column-typo.csv:1:3: the header row cannot be read: column 3 \
             `critically` is not a field (did you mean `criticality`?). The columns found and \
             what each was taken as: 1 `id` → id, 2 `name` → name, 3 `critically` → ?"
        ),
        "{}",
        r.stderr
    );
    assert_eq!(r.stderr.lines().count(), 1, "one message for the header");
    let r = run(&["import", "csv", "apps-semicolon.csv", "deps-none.csv"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(r.stdout.contains("data_gb: 12.5,"), "{}", r.stdout);
}

#[test]
fn a_failed_import_writes_no_file() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out.ron");
    std::fs::write(&out, "old").unwrap();
    let r = run(&[
        "import",
        "csv",
        "apps-bad-enum.csv",
        "deps-none.csv",
        "-o",
        out.to_str().unwrap(),
    ]);
    assert_eq!(r.code, 1);
    assert_eq!(std::fs::read_to_string(&out).unwrap(), "old");
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
}

#[test]
fn unreadable_files_exit_2() {
    let r = run(&["import", "csv", "no-such-apps.csv", "no-such-deps.csv"]);
    assert_eq!(r.code, 2);
    let got = lines(&r.stderr);
    assert_eq!(got.len(), 2, "both files are reported: {got:?}");
    assert!(got[0].starts_with("error: no-such-apps.csv: cannot read the file: "));
    assert!(got[1].starts_with("error: no-such-deps.csv: cannot read the file: "));

    let dir = tempfile::tempdir().unwrap();
    let latin1 = dir.path().join("apps.csv");
    std::fs::write(&latin1, b"id,name\nclaims,R\xe9clamations\n").unwrap();
    let empty = dir.path().join("empty.csv");
    std::fs::write(&empty, b"").unwrap();
    let r = run(&[
        "import",
        "csv",
        latin1.to_str().unwrap(),
        empty.to_str().unwrap(),
    ]);
    assert_eq!(r.code, 2);
    assert!(
        r.stderr
            .contains("apps.csv:2:9: the file is not UTF-8 text (byte 0xe9); save it as UTF-8"),
        "{}",
        r.stderr
    );
    let r = run(&["import", "csv", empty.to_str().unwrap(), "deps-none.csv"]);
    assert_eq!(r.code, 2);
    assert!(
        r.stderr.contains("empty.csv:1:1: the file is empty"),
        "{}",
        r.stderr
    );
    let r = run(&["import", "backstage", empty.to_str().unwrap()]);
    assert_eq!(r.code, 2);
    let r = run(&["import", "backstage", dir.path().to_str().unwrap()]);
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("is a folder, not a file"), "{}", r.stderr);
}

#[test]
fn bad_usage_exits_2() {
    for args in [
        &["import"][..],
        &[
            "import",
            "csv",
            "insurer-apps.csv",
            "--plan-out",
            "x.plan.ron",
        ],
        &[
            "import",
            "csv",
            "insurer-apps.csv",
            "--waves-from",
            "wave_id",
        ],
        &["import", "excel", "x.xlsx"],
        &["import", "backstage"],
        &["import", "backstage", "a.yaml", "b.yaml"],
    ] {
        let r = run(args);
        assert_eq!(r.code, 2, "{args:?}: {}", r.stderr);
    }
}

#[test]
fn backstage_sample_imports_and_passes_check() {
    let (imported, check) = import_and_check(&["import", "backstage", "insurer-catalog.yaml"]);
    assert_eq!(
        lines(&imported.stderr)[..6],
        [
            "warning: insurer-catalog.yaml:239:13: Location target `./more-components.yaml` \
             names no file (looked for more-components.yaml); its entities are left out",
            "note: insurer-catalog.yaml: skipped 7 entities that are not Components or \
             Resources: 3 API, 1 Group, 1 Location, 1 System, 1 User",
            "note: insurer-catalog.yaml: skipped 1 library component (built into their users, a \
             library does not move by itself): shared-logging",
            "note: insurer-catalog.yaml: 1 entity gets strategy Retire from the lifecycle \
             (deprecated, decommissioned, retired or end-of-life: it never moves; the mapping \
             file's `status` table or annotation `waveplan.io/strategy` overrides it): \
             claims-fax-gateway (deprecated)",
            "note: insurer-catalog.yaml: 1 entity gets hosting Container (it has Kubernetes \
             annotations): fraud-scoring",
            "note: insurer-catalog.yaml: left out 1 dependency on entities that are not apps \
             (libraries, APIs, systems): claims-service → component:shared-logging",
        ]
    );
    assert!(
        imported
            .stderr
            .contains("wrote 13 apps and 13 dependencies to ")
    );
    assert!(check.starts_with("insurer ("), "{check}");
    assert!(
        check.contains("apps          13 (11 movable, 2 never move)"),
        "{check}"
    );
    assert!(check.contains("file warnings none"), "{check}");
}

#[test]
fn backstage_unknown_references_warn() {
    let r = run(&["import", "backstage", "catalog-unknown-ref.yaml"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(
        lines(&r.stderr)[..2],
        vec![
            "warning: catalog-unknown-ref.yaml:9:7: `claims-service` names \
             `resource:default/claims-dbb` in `dependsOn`, which is not in the catalog; the \
             dependency is left out (did you mean `claims-db`?)",
            "warning: catalog-unknown-ref.yaml:11:18: `claims-service` consumes API \
             `billing-api`, but it is not in the catalog and no component lists it in \
             `providesApis`; the dependency is left out",
        ]
    );
    assert_eq!(lines(&r.stderr)[2], "summary of catalog-unknown-ref.yaml:");
    let back = waveplan::load::portfolio_from_str(&r.stdout, "stdout").unwrap();
    assert_eq!(back.value.apps.len(), 3);
}

#[test]
fn backstage_broken_yaml_exits_2_with_every_place() {
    let r = run(&["import", "backstage", "catalog-bad-yaml.yaml"]);
    assert_eq!(r.code, 2);
    assert!(r.stdout.is_empty());
    assert_eq!(
        lines(&r.stderr),
        vec![
            "error: catalog-bad-yaml.yaml:6:5: this is not valid YAML: did not find expected \
             ',' or ']'",
            "error: catalog-bad-yaml.yaml:20:1: this is not valid YAML: found a tab character \
             that violates indentation",
        ]
    );
}

#[test]
fn backstage_invalid_entities_exit_1() {
    let r = run(&["import", "backstage", "catalog-invalid.yaml"]);
    assert_eq!(r.code, 1);
    assert_eq!(
        lines(&r.stderr),
        vec![
            "error: catalog-invalid.yaml:3:1: the entity has no `metadata.name`",
            "error: catalog-invalid.yaml:13:5: waveplan.io/strategy: unknown strategy `Rehsot`; \
             did you mean `Rehost`? the values are: Rehost, Replatform, Refactor, Repurchase, \
             Relocate, Retain, Retire",
            "error: catalog-invalid.yaml:14:5: waveplan.io/data-gb: data_gb `a lot` is not a \
             number; write gigabytes as digits with a `.` for decimals, like 250 or 0.5",
            "error: catalog-invalid.yaml:23:9: `component:claims-service` is defined twice (the \
             first is on line 8); an entity's kind, namespace and name must be unique",
            "error: catalog-invalid.yaml:27:1: a catalog entity is a mapping with `apiVersion`, \
             `kind`, `metadata` and `spec`; this document is not",
            "warning: catalog-invalid.yaml:15:5: unknown annotation `waveplan.io/criticallity` \
             is ignored; did you mean `waveplan.io/criticality`? the fields an annotation may \
             set are: kind, hosting, strategy, state, criticality, data-gb, legacy",
        ]
    );
}

/// Text meant to attack a terminal, a spreadsheet or a file format.
const HOSTILE: [&str; 6] = [
    "\u{1b}[31mred\u{1b}[0m",
    "=cmd|' /C calc'!A0",
    "a|b",
    "say \"hi\" 'there'",
    "two\nlines\r\n",
    "back\\slash \u{7}\u{0}",
];

fn csv_cell(text: &str) -> String {
    format!("\"{}\"", text.replace('"', "\"\""))
}

#[test]
fn hostile_text_imports_and_round_trips() {
    let dir = tempfile::tempdir().unwrap();
    let mut apps = String::from("id,name,owner,tags\n");
    for (i, text) in HOSTILE.iter().enumerate() {
        apps.push_str(&format!(
            "app{i},{},{},{}\n",
            csv_cell(text),
            csv_cell(text),
            csv_cell(&format!("{};{}", text.replace(';', ""), i))
        ));
    }
    let mut catalog = String::new();
    for (i, text) in HOSTILE.iter().enumerate() {
        let quoted = serde_json::to_string(text).unwrap();
        catalog.push_str(&format!(
            "---\nkind: Component\nmetadata:\n  name: {quoted}\n  title: {quoted}\n  tags: [{quoted}]\n\
             spec:\n  owner: {quoted}\n  type: {quoted}\n  dependsOn: [{quoted}, app{i}]\n"
        ));
    }
    let apps_path = dir.path().join("apps.csv");
    let deps_path = dir.path().join("deps.csv");
    let catalog_path = dir.path().join("catalog.yaml");
    std::fs::write(&apps_path, apps).unwrap();
    std::fs::write(&deps_path, "from,to\napp0,app1\napp2,app1\n").unwrap();
    std::fs::write(&catalog_path, catalog).unwrap();

    for args in [
        vec![
            "import",
            "csv",
            apps_path.to_str().unwrap(),
            deps_path.to_str().unwrap(),
        ],
        vec!["import", "backstage", catalog_path.to_str().unwrap()],
    ] {
        let r = run(&args);
        assert_eq!(r.code, 0, "{args:?}: {}", r.stderr);
        assert!(
            !r.stderr.contains('\u{1b}') && !r.stderr.contains('\u{7}'),
            "messages carry no control characters: {:?}",
            r.stderr
        );
        let back = waveplan::load::portfolio_from_str(&r.stdout, "stdout")
            .unwrap_or_else(|e| panic!("{e}\n{}", r.stdout));
        assert_eq!(back.value.apps.len(), HOSTILE.len());
        for (app, text) in back.value.apps.iter().zip(HOSTILE) {
            // Cells and values are trimmed of surrounding spaces and line ends, nothing else.
            assert_eq!(app.name.as_deref(), Some(text.trim()));
            if args[1] == "csv" {
                assert_eq!(app.owner.as_deref(), Some(text.trim()));
            }
        }
        let (_, check) = import_and_check(&args);
        assert!(!check.contains('\u{1b}'), "{check:?}");
    }
}

#[test]
fn a_large_export_imports() {
    let dir = tempfile::tempdir().unwrap();
    let n = 20_000;
    let mut apps = String::from("id,name,kind,data_gb,tags\n");
    let mut deps = String::from("from,to,via\n");
    let mut edges = 0;
    for i in 0..n {
        apps.push_str(&format!("app{i},App number {i},Service,{i},a;b\n"));
        // Shallow on purpose: each app needs apps with smaller numbers, a few steps from app0.
        let mut targets: Vec<usize> = [2, 3, 5]
            .iter()
            .map(|d| i / d)
            .filter(|&t| t != i)
            .collect();
        targets.dedup();
        edges += targets.len();
        for t in targets {
            deps.push_str(&format!("app{i},app{t},Http\n"));
        }
    }
    let apps_path = dir.path().join("apps.csv");
    let deps_path = dir.path().join("deps.csv");
    std::fs::write(&apps_path, apps).unwrap();
    std::fs::write(&deps_path, deps).unwrap();
    let (imported, _) = import_and_check(&[
        "import",
        "csv",
        apps_path.to_str().unwrap(),
        deps_path.to_str().unwrap(),
    ]);
    assert!(
        imported
            .stderr
            .contains(&format!("wrote {n} apps and {edges} dependencies")),
        "{}",
        imported.stderr
    );
}

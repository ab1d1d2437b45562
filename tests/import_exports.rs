//! The imports of real exports, run as a program on files in their tools' shapes: ServiceNow
//! list exports, an Azure Migrate dependency export and a plain connections table, a migration
//! factory's intake form with its waves, and a Backstage estate of several catalogs; mapping
//! files, summaries and `--dry-run`.

mod cli_support;

use std::path::{Path, PathBuf};

use cli_support::Run;

fn data() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/import")
}

/// `waveplan ARGS` run in `dir` (under the sample folder).
fn run_in(dir: &str, args: &[&str]) -> Run {
    cli_support::run_in(&data().join(dir), args)
}

fn lines(text: &str) -> Vec<&str> {
    text.lines().collect()
}

/// The summary's lines of stderr, without the heading.
fn summary(stderr: &str) -> Vec<&str> {
    let from = stderr
        .lines()
        .position(|l| l.starts_with("summary of "))
        .unwrap_or_else(|| panic!("no summary: {stderr}"));
    stderr.lines().skip(from + 1).take(4).collect()
}

/// Import into a temporary folder, check the portfolio, plan it; give the import's run, the
/// portfolio's text, `check`'s output and the folder.
fn import_check_plan(dir: &str, args: &[&str]) -> (Run, String, String, tempfile::TempDir) {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("estate.ron");
    let out_s = out.to_str().unwrap();
    let mut all = args.to_vec();
    all.extend(["-o", out_s]);
    let imported = run_in(dir, &all);
    assert_eq!(imported.code, 0, "{}", imported.stderr);
    assert!(imported.stdout.is_empty());
    let text = std::fs::read_to_string(&out).unwrap();
    let check = run_in(dir, &["check", out_s]);
    assert_eq!(check.code, 0, "{}\n{}", check.stdout, check.stderr);
    let plan = run_in(
        dir,
        &[
            "plan",
            out_s,
            "-o",
            tmp.path().join("auto.plan.ron").to_str().unwrap(),
        ],
    );
    assert_eq!(plan.code, 0, "{}", plan.stderr);
    (imported, text, check.stdout, tmp)
}

#[test]
fn servicenow_business_apps_and_relationships() {
    let (imported, text, check, _tmp) = import_check_plan(
        "servicenow",
        &[
            "import",
            "servicenow",
            "cmdb_ci_business_app.csv",
            "cmdb_rel_ci.csv",
            "--map",
            "map.ron",
        ],
    );
    assert_eq!(
        summary(&imported.stderr),
        vec![
            "  read     7 configuration items (5 Business Application, 1 Application, 1 Oracle \
             Instance); 12 relationships (5 Depends on::Used by, 2 Runs on::Runs, 1 Connects \
             to::Connected by, 1 Contains::Contained by, 1 Hosted on::Hosts, 1 Managed \
             by::Manages, 1 Sends data to::Receives data from)",
            "  kept     6 apps (5 Service, 1 Database); 4 dependencies (3 Http, 1 Database); 1 \
             app that never moves (1 strategy Retire)",
            "  folded   1 configuration item of the export (1 Application (Contains)); 3 CIs \
             named only by relationships (servers, parts) (2 Runs on, 1 Hosted on)",
            "  dropped  3 columns not read (2 `sys_updated_on`, 1 `connection_strength`); 4 \
             relationships (1 given twice, 1 inside one app, 1 type Connects to::Connected by, 1 \
             type Managed by::Manages)",
        ]
    );
    // Names made ids that stay readable (the map's `ü` → `ue`), the name kept.
    assert!(
        text.contains(
            "id: \"Zahlungsverkehr-Zuerich\",\n            name: \"Zahlungsverkehr Zürich\","
        ),
        "{text}"
    );
    // Criticality labels, localized yes/no, owner from the support group, retired status.
    assert!(text.contains("criticality: Critical,"), "{text}");
    assert!(text.contains("owner: \"Payments Ops\","), "{text}");
    assert!(text.contains("id: \"Fax-Gateway\",\n            name: \"Fax Gateway\",\n            owner: \"Legacy Apps\",\n            strategy: Retire,\n            legacy: true,"), "{text}");
    // A row with no name takes its number.
    assert!(text.contains("id: \"APM0001003\","), "{text}");
    // The Tomcat application folds into the portal that contains it, with its dependency.
    assert!(!text.contains("Portal-Web-Tomcat"), "{text}");
    assert!(text.contains("id: \"Customer-Portal\",\n            name: \"Customer Portal\",\n            owner: \"Digital Channels\",\n            criticality: High,\n            tags: [\"env:Production\"],\n            depends_on: [\n                (to: \"Order-Service\", via: Http),"), "{text}");
    // A dependency on an Oracle instance is a database dependency.
    assert!(
        text.contains("(to: \"ORDERS_PRD\", via: Database)"),
        "{text}"
    );
    assert!(
        check.contains("apps          6 (5 movable, 1 never move)"),
        "{check}"
    );
}

#[test]
fn servicenow_yes_no_words_and_their_places() {
    // Without the map, `u_end_of_life` is a column like any other: not read.
    let r = run_in(
        "servicenow",
        &[
            "import",
            "servicenow",
            "cmdb_ci_business_app.csv",
            "cmdb_rel_ci.csv",
        ],
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(r.stderr.contains("`u_end_of_life`"), "{}", r.stderr);
    assert!(!r.stdout.contains("legacy: true"), "{}", r.stdout);
    // Yes and no in another language are read; a word that is neither is an error at its
    // line and column (CRLF line ends and a blank line counted as an editor counts them),
    // and the map's `booleans` table reads it.
    let tmp = tempfile::tempdir().unwrap();
    let cis = tmp.path().join("cis.csv");
    std::fs::write(
        &cis,
        "name,u_eol\r\nBilling,Ja\r\n\r\nLedger,Vielleicht\r\nPayroll,nein\r\n",
    )
    .unwrap();
    let map = tmp.path().join("map.ron");
    std::fs::write(&map, "Map(columns: {\"u_eol\": \"legacy\"})").unwrap();
    let args = [
        "import",
        "servicenow",
        cis.to_str().unwrap(),
        "--map",
        map.to_str().unwrap(),
    ];
    let r = run_in("servicenow", &args);
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert!(
        lines(&r.stderr)[0].ends_with(
            "cis.csv:4:2: legacy: `Vielleicht` is not a yes/no value; write true or false \
             (yes/no and 1/0 work too), or name the word in the mapping file's `booleans` table \
             (booleans: {\"Vielleicht\": true})"
        ),
        "{}",
        r.stderr
    );
    std::fs::write(
        &map,
        "Map(columns: {\"u_eol\": \"legacy\"}, booleans: {\"vielleicht\": true})",
    )
    .unwrap();
    let r = run_in("servicenow", &args);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(r.stdout.matches("legacy: true").count(), 2, "{}", r.stdout);
}

#[test]
fn servicenow_header_without_names_lists_the_columns() {
    let tmp = tempfile::tempdir().unwrap();
    let cis = tmp.path().join("cis.csv");
    std::fs::write(
        &cis,
        "\"u_label\",\"Class\"\r\n\"Billing\",\"Application\"\r\n",
    )
    .unwrap();
    let r = run_in(
        "servicenow",
        &["import", "servicenow", cis.to_str().unwrap()],
    );
    assert_eq!(r.code, 1, "{}", r.stderr);
    let got = lines(&r.stderr);
    assert_eq!(got.len(), 1, "{got:?}");
    assert!(
        got[0].ends_with(
            "cis.csv:1:1: the header row cannot be read: no column gives `name` or `sys_id` or \
             `id` or `number`. The columns found and what each was taken as: 1 `u_label` → \
             ignored, 2 `Class` → sys_class_name. Rename the columns, or say what each holds in \
             a mapping file given with --map (columns: {\"u_label\": \"id\"}); the fields are: \
             id, sys_id, name, number, sys_class_name, criticality, install_status, \
             operational_status, owner, environment, kind, hosting, strategy, state, data_gb, \
             legacy, tags"
        ),
        "{}",
        got[0]
    );
    // The map the message suggests does it.
    let map = tmp.path().join("map.ron");
    std::fs::write(&map, "Map(columns: {\"u_label\": \"name\"})").unwrap();
    let r = run_in(
        "servicenow",
        &[
            "import",
            "servicenow",
            cis.to_str().unwrap(),
            "--map",
            map.to_str().unwrap(),
        ],
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(r.stdout.contains("id: \"Billing\""), "{}", r.stdout);
}

#[test]
fn azure_migrate_connections_group_servers_and_drop_noise() {
    let (imported, text, check, _tmp) = import_check_plan(
        "connections",
        &[
            "import",
            "connections",
            "azure-migrate-dependencies.csv",
            "--map",
            "map.ron",
        ],
    );
    assert_eq!(
        summary(&imported.stderr),
        vec![
            "  read     15 connection rows; 2 time slots; 8 servers",
            "  kept     6 apps (4 Service, 1 Queue, 1 Storage); 5 dependencies (1 Database, 1 \
             File, 1 Http, 1 Queue, 1 Rpc)",
            "  folded   2 connections seen again (other time slots or processes); 6 servers \
             grouped into apps (3 by the mapping file, 3 by their application); 1 connection \
             joined with another between the same apps",
            "  dropped  3 servers seen only in noise connections; 5 connections on noise ports \
             (1 DNS 53, 1 LDAP 389, 1 RDP 3389, 1 SCOM monitoring 5723, 1 SSH 22); 2 \
             connections inside one app",
        ]
    );
    // The web servers make one app by their application column; the SQL server joins the
    // Order API by the map, so the batch's database connection is a dependency on it.
    assert!(
        text.contains(
            "id: \"Storefront\",\n            tags: [\"server:WEBPRD01\", \"server:WEBPRD02\"],"
        ),
        "{text}"
    );
    assert!(text.contains("id: \"Nightly-billing\",\n            name: \"Nightly billing\",\n            tags: [\"server:BATCH01\"],\n            depends_on: [\n                (to: \"Order-API\", via: Database),\n                (to: \"FILESRV01\", via: File),"), "{text}");
    // The map's port 7010 is RPC; the queue manager is a queue.
    assert!(text.contains("(to: \"LEGACY01\", via: Rpc)"), "{text}");
    assert!(
        text.contains("kind: Queue,\n            state: Queue,"),
        "{text}"
    );
    // No jump host, domain controller or monitoring server.
    for noise in ["JUMPHOST01", "DC01", "MON01"] {
        assert!(!text.contains(noise), "{noise}: {text}");
    }
    assert!(
        check.contains("apps          6 (6 movable, 0 never move)"),
        "{check}"
    );
}

#[test]
fn plain_connections_and_dry_run() {
    let r = run_in(
        "connections",
        &[
            "import",
            "connections",
            "plain.csv",
            "--dry-run",
            "-o",
            "would-be.ron",
        ],
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(r.stdout.is_empty());
    assert!(
        !data().join("connections/would-be.ron").exists(),
        "a dry run writes nothing"
    );
    assert_eq!(
        summary(&r.stderr),
        vec![
            "  read     6 connection rows; 5 servers",
            "  kept     5 apps (3 Service, 1 Database, 1 Queue); 4 dependencies (2 Database, 1 \
             Http, 1 Queue)",
            "  folded   1 connection seen again (other time slots or processes)",
            "  dropped  1 connection on a noise port (1 RDP 3389)",
        ]
    );
    assert_eq!(lines(&r.stderr).last(), Some(&"dry run: nothing written"));
    // A bad port is an error at its cell.
    let tmp = tempfile::tempdir().unwrap();
    let bad = tmp.path().join("c.csv");
    std::fs::write(&bad, "source,destination,port\r\n\r\na,b,https\r\n").unwrap();
    let r = run_in(
        "connections",
        &["import", "connections", bad.to_str().unwrap()],
    );
    assert_eq!(r.code, 1);
    assert!(
        r.stderr
            .contains("c.csv:3:3: port `https` is not a port number (1 to 65535)"),
        "{}",
        r.stderr
    );
}

#[test]
fn intake_form_waves_become_the_plan() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("estate.ron");
    let plan = tmp.path().join("estate.plan.ron");
    let args = [
        "import",
        "csv",
        "intake.csv",
        "deps.csv",
        "--waves-from",
        "wave_id",
        "-o",
        out.to_str().unwrap(),
    ];
    let r = run_in("cmf", &args);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let text = std::fs::read_to_string(&plan).unwrap();
    assert!(text.contains("name: \"Wave 1\",\n            apps: [\n                \"Storefront\",\n            ],"), "{text}");
    assert!(
        text.contains(
            "name: \"Wave 2\",\n            apps: [\n                \"Order-API\",\n            ],"
        ),
        "{text}"
    );
    assert!(r.stderr.contains("warning: intake.csv:7:2: `Fax-Gateway` is in wave `2` but never moves (strategy Retire); it is left out of the plan"), "{}", r.stderr);
    assert!(
        r.stderr
            .contains("folded   2 server rows into the apps they name"),
        "{}",
        r.stderr
    );
    assert!(
        r.stderr.ends_with(&format!(
            "wrote the plan (3 waves, 3 apps) to {}\n",
            plan.display()
        )),
        "{}",
        r.stderr
    );
    let portfolio = std::fs::read_to_string(&out).unwrap();
    // Two servers of one app: the database tier makes it stateful; r_type is the strategy.
    assert!(portfolio.contains("id: \"Order-API\",\n            name: \"Order API\",\n            state: Database,\n            tags: [\"tier:app\", \"env:prod\", \"tier:db\"],"), "{portfolio}");
    let check = run_in("cmf", &["check", out.to_str().unwrap()]);
    assert_eq!(check.code, 0, "{}", check.stderr);
    assert!(
        check
            .stdout
            .contains("3 waves, 3 of 4 movable apps planned"),
        "{}",
        check.stdout
    );
    // Again: the plan file is there, and is not replaced unless named.
    let before = std::fs::read_to_string(&plan).unwrap();
    std::fs::write(&plan, "Plan(waves: [])").unwrap();
    let r = run_in("cmf", &args);
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(
        r.stderr.contains(
            "exists already, and --waves-from would write the plan there; give --plan-out"
        ),
        "{}",
        r.stderr
    );
    assert_eq!(std::fs::read_to_string(&plan).unwrap(), "Plan(waves: [])");
    let mut named = args.to_vec();
    named.extend(["--plan-out", plan.to_str().unwrap()]);
    let r = run_in("cmf", &named);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(std::fs::read_to_string(&plan).unwrap(), before);
    // Without -o the plan has nowhere to go.
    let r = run_in(
        "cmf",
        &["import", "csv", "intake.csv", "--waves-from", "wave_id"],
    );
    assert_eq!(r.code, 2);
    assert!(
        r.stderr.contains("--waves-from writes a plan file as well"),
        "{}",
        r.stderr
    );
    // A column that is not there.
    let r = run_in(
        "cmf",
        &[
            "import",
            "csv",
            "intake.csv",
            "--waves-from",
            "wave",
            "--dry-run",
        ],
    );
    assert_eq!(r.code, 1);
    assert!(
        r.stderr.contains(
            "error: intake.csv:1:1: --waves-from wave: the header row has no such column"
        ),
        "{}",
        r.stderr
    );
    // The plan is never written over the portfolio, nor the portfolio over the plan.
    let r = run_in(
        "cmf",
        &[
            "import",
            "csv",
            "intake.csv",
            "--waves-from",
            "wave_id",
            "-o",
            out.to_str().unwrap(),
            "--plan-out",
            out.to_str().unwrap(),
        ],
    );
    assert_eq!(r.code, 2, "{}", r.stderr);
}

#[test]
fn backstage_estate_of_several_catalogs() {
    let (imported, text, check, _tmp) = import_check_plan(".", &["import", "backstage", "estate"]);
    let got = lines(&imported.stderr);
    let expected_notes = [
        "note: estate/catalog-info.yaml:12:7: Location target \
         `https://github.example.com/harbour/hr/blob/main/catalog-info.yaml` is a URL, which \
         waveplan does not fetch; give the file it names (or its folder) on the command line",
        "note: estate/catalog-info.yaml: 1 component folds into its parent (subcomponentOf): \
         claims-worker into claims-service",
        "note: estate/teams/claims/catalog-info.yaml:13:3: `spec.consumesApi` is not a field of \
         a Component and is ignored; did you mean `consumesApis`? the fields are: type, \
         lifecycle, owner, system, subcomponentOf, providesApis, consumesApis, dependsOn, \
         dependencyOf, implementsApis",
        "note: estate/catalog-info.yaml: `implementsApis` (the old name of `providesApis`) is \
         read as `providesApis`: claims-service",
        "note: estate/catalog-info.yaml: skipped 3 entities that are not Components or \
         Resources: 2 API, 1 Location",
        "note: estate/catalog-info.yaml: 2 entities get strategy Retire from the lifecycle \
         (deprecated, decommissioned, retired or end-of-life: it never moves; the mapping \
         file's `status` table or annotation `waveplan.io/strategy` overrides it): \
         policy-mainframe-bridge (decommissioned), policy-print (end-of-life)",
        "note: estate/teams/claims/catalog-info.yaml:41:7: `claims-portal` lists \
         `component:policy-service` in `consumesApis`, but that is a Component, not an API; it \
         is taken as a dependency on it (list it in `dependsOn` to say so)",
    ];
    assert_eq!(got[..expected_notes.len()], expected_notes);
    assert_eq!(
        summary(&imported.stderr),
        vec![
            "  read     4 files; 11 entities (6 Component, 2 API, 2 Resource, 1 Location)",
            "  kept     7 apps (3 Service, 1 Batch, 1 Database, 1 Frontend, 1 Queue); 8 \
             dependencies (6 Http, 1 Database, 1 Queue); 2 apps that never move (2 strategy \
             Retire)",
            "  folded   1 subcomponent (1 into its parent component)",
            "  dropped  3 entities of other kinds (2 API, 1 Location)",
        ]
    );
    // The cross-repository dependsOn is kept, and the worker's dependency is its parent's.
    assert!(text.contains("id: \"claims-service\",\n            name: \"Claims service\",\n            owner: \"claims-team\",\n            depends_on: [\n                (to: \"claims-db\", via: Database),\n                (to: \"policy-service\", via: Http),\n                (to: \"events\", via: Queue),"), "{text}");
    // The API implemented with the old key is found.
    assert!(
        text.contains("(to: \"claims-service\", via: Http)"),
        "{text}"
    );
    // A cycle with a member that never moves is not one to move together.
    assert!(!check.contains("move together"), "{check}");
    assert!(
        check.contains(
            "cycle that stays hybrid: policy-mainframe-bridge, policy-service; \
             policy-mainframe-bridge (strategy Retire) never moves, so policy-service keeps a \
             link to the legacy estate"
        ),
        "{check}"
    );
}

#[test]
fn backstage_lifecycles_follow_the_map_and_files_are_read_once() {
    let tmp = tempfile::tempdir().unwrap();
    let map = tmp.path().join("map.ron");
    std::fs::write(
        &map,
        "Map(status: {\"decommissioned\": Retain, \"sunset\": Retire})",
    )
    .unwrap();
    let r = run_in(
        ".",
        &[
            "import",
            "backstage",
            "estate",
            "estate/teams/policy/catalog-info.yaml",
            "--map",
            map.to_str().unwrap(),
        ],
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(r.stdout.contains("id: \"policy-mainframe-bridge\",\n            owner: \"policy-team\",\n            strategy: Retain,"), "{}", r.stdout);
    assert!(
        r.stderr.contains("read     4 files;"),
        "each file once: {}",
        r.stderr
    );
}

#[test]
fn mapping_file_problems_are_placed() {
    let tmp = tempfile::tempdir().unwrap();
    let map = tmp.path().join("map.ron");
    let m = map.to_str().unwrap();
    // The business apps imported with `text` as the mapping file, and `more` arguments.
    let with_map = |text: &str, more: &[&str]| {
        std::fs::write(&map, text).unwrap();
        let mut args = vec![
            "import",
            "servicenow",
            "cmdb_ci_business_app.csv",
            "--map",
            m,
        ];
        args.extend(more);
        run_in("servicenow", &args)
    };
    let r = with_map(
        "Map(\n    columns: {\"Support grp\": \"owner\", \"sys_class_name\": \"klass\"},\n    criticality: {\"Tier 1\": Critcal},\n)\n",
        &[],
    );
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert!(r.stderr.contains("map.ron:3:"), "{}", r.stderr);
    let r = with_map(
        "Map(\n    columns: {\"Support grp\": \"owner\", \"sys_class_name\": \"klass\"},\n)\n",
        &[],
    );
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert!(r.stderr.contains("map.ron:2:39: columns: `klass` is not a field this import reads; the fields are: id, sys_id, name"), "{}", r.stderr);
    let only_owner = "Map(\n    columns: {\"Support grp\": \"owner\"},\n)\n";
    let r = with_map(only_owner, &["--dry-run"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        r.stderr
            .contains("map.ron:2:15: columns: no file of the import has a column `Support grp`"),
        "{}",
        r.stderr
    );
    // -o never writes over the mapping file.
    let r = with_map(only_owner, &["-o", m]);
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(
        r.stderr.contains("the mapping file it reads"),
        "{}",
        r.stderr
    );
}

#[test]
fn servicenow_services_exported_with_labels() {
    let (imported, text, _check, _tmp) = import_check_plan(
        "servicenow",
        &[
            "import",
            "servicenow",
            "cmdb_ci_service.csv",
            "cmdb_ci_service_rels.csv",
        ],
    );
    // Column labels as the list shows them; the owner from the support group, else from
    // `Owned by`.
    assert!(
        imported.stderr.contains(
            "columns read as fields: 2 `Class` → sys_class_name, 3 `Business criticality` → \
             criticality, 4 `Status` → install_status, 6 `Owned by` → owner where column 7 is \
             empty, 7 `Support group` → owner, 8 `Used for` → environment"
        ),
        "{}",
        imported.stderr
    );
    assert!(text.contains("id: \"Payments-Gateway\",\n            name: \"Payments Gateway\",\n            owner: \"Payments Ops\",\n            criticality: Critical,"), "{text}");
    assert!(text.contains("id: \"Old-Teller\",\n            name: \"Old Teller\",\n            owner: \"Jana Novak\",\n            strategy: Retire,"), "{text}");
    assert_eq!(
        summary(&imported.stderr)[3],
        "  dropped  2 columns not read (1 `Updated`, 1 `Version`)"
    );
}

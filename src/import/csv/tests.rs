use super::*;
use crate::diagnostic::Severity;
use crate::load;
use crate::model::{Criticality, Hosting, Kind, State, Strategy};

const APPS: &str = include_str!("../../../tests/data/import/insurer-apps.csv");
const DEPS: &str = include_str!("../../../tests/data/import/insurer-deps.csv");

fn run(apps: &str, deps: &str) -> Result<Imported, LoadError> {
    import(
        Input {
            file: "apps.csv",
            text: apps,
        },
        Some(Input {
            file: "deps.csv",
            text: deps,
        }),
        "Test",
        Options {
            map: &ImportMap::default(),
            waves_from: None,
        },
    )
}

/// The diagnostics of a failed import as printed.
fn errors(apps: &str, deps: &str) -> Vec<String> {
    match run(apps, deps) {
        Ok(i) => panic!("expected errors, got {:?}", i.portfolio),
        Err(e) => load::sorted(e.diagnostics().to_vec())
            .iter()
            .map(ToString::to_string)
            .collect(),
    }
}

/// Import, check that the loader accepts what the import wrote, and give the result.
fn round_trip(apps: &str, deps: &str) -> Imported {
    let imported = run(apps, deps).unwrap_or_else(|e| panic!("{e}"));
    let text = crate::model::write::portfolio_to_ron(&imported.portfolio);
    let back = load::portfolio_from_str(&text, "out.ron").unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(back.value, imported.portfolio);
    imported
}

#[test]
fn imports_the_insurer() {
    let imported = round_trip(APPS, DEPS);
    let p = &imported.portfolio;
    assert_eq!(p.name, "Test");
    assert_eq!(p.apps.len(), 17);
    assert_eq!(imported.edge_count(), 26);
    assert!(imported.warnings.is_empty(), "{:?}", imported.warnings);
    let app = |id: &str| p.apps.iter().find(|a| a.id == id).unwrap();
    let quote = app("quote-engine");
    assert_eq!(
        quote.name.as_deref(),
        Some("Quote engine (motor, home, travel)")
    );
    assert_eq!(quote.state, State::Cache);
    assert_eq!(quote.data_gb, 2.0);
    assert_eq!(app("customer-portal").hosting, Hosting::Paas);
    assert_eq!(app("api-gateway").hosting, Hosting::Vm);
    assert_eq!(app("api-gateway").data_gb, 0.0);
    assert_eq!(app("claims-docs").hosting, Hosting::BareMetal);
    let policy = app("policy-admin");
    assert_eq!(
        (policy.hosting, policy.strategy, policy.legacy),
        (Hosting::Mainframe, Strategy::Retain, true)
    );
    assert_eq!(policy.tags, vec!["sox", "gdpr"]);
    assert_eq!(app("billing").criticality, Criticality::Critical);
    assert_eq!(app("event-bus").kind, Kind::Queue);
    let extranet = app("agent-extranet");
    assert_eq!(extranet.owner, None);
    assert_eq!(
        extranet.name.as_deref(),
        Some("Agent extranet (the \"old\" one, 2006)")
    );
    // An empty via is Http; lower-case values are read.
    let billing = app("billing");
    assert_eq!(billing.depends_on.last().unwrap().to, "crm");
    assert_eq!(billing.depends_on.last().unwrap().via, Via::Http);
    assert!(
        app("doc-generation")
            .depends_on
            .iter()
            .any(|d| d.to == "event-bus" && d.via == Via::Queue)
    );
}

#[test]
fn reports_every_bad_cell_with_its_place() {
    let apps = "id,name,kind,hosting,data_gb,legacy,criticality\n\
                ok,Fine,,,,,\n\
                a,A,Servce,Vm,1,no,High\n\
                b,B,Service,Cloud,lots,perhaps,hgh\n\
                ,No id,,,,,\n\
                bad id,Bad,,,,,\n\
                ok,Again,,,,,\n";
    assert_eq!(
        errors(apps, ""),
        vec![
            "error: apps.csv:3:3: unknown kind `Servce`; did you mean `Service`? the values \
             are: Service, Frontend, Gateway, Batch, Database, Cache, Queue, Storage; or map \
             the value in a --map file (kind: {\"Servce\": Service})",
            "error: apps.csv:4:4: unknown hosting `Cloud`; the values are: Vm, BareMetal, \
             Mainframe, Container, Paas, Saas; or map the value in a --map file (hosting: \
             {\"Cloud\": Vm})",
            "error: apps.csv:4:5: data_gb `lots` is not a number; write gigabytes as digits \
             with a `.` for decimals, like 250 or 0.5",
            "error: apps.csv:4:6: legacy: `perhaps` is not a yes/no value; write true or \
             false (yes/no and 1/0 work too), or name the word in the mapping file's \
             `booleans` table (booleans: {\"perhaps\": true})",
            "error: apps.csv:4:7: unknown criticality `hgh`; did you mean `High`? the values \
             are: Low, Medium, High, Critical; or map the value in a --map file (criticality: \
             {\"hgh\": High})",
            "error: apps.csv:5:1: the id is missing: every app needs one",
            "error: apps.csv:7:1: duplicate id `ok`: the row on line 2 has it already; ids \
             must be unique",
        ]
    );
}

#[test]
fn columns_in_any_order_and_spelling() {
    let apps = "Tags,Data GB,ID,hosting,Strategy\n\"pci; sox;;pci\",800 GB,db,bare-metal,REHOST\n";
    let imported = round_trip(apps, "from,to\n");
    let db = &imported.portfolio.apps[0];
    assert_eq!(db.id, "db");
    assert_eq!(db.tags, vec!["pci", "sox"]);
    assert_eq!(db.data_gb, 800.0);
    assert_eq!(db.hosting, Hosting::BareMetal);
    assert_eq!(db.strategy, Strategy::Rehost);
}

#[test]
fn unknown_columns_warn_but_typos_fail() {
    let imported = round_trip("id,cost_center\na,CC-1\n", "");
    assert_eq!(imported.warnings.len(), 1);
    assert_eq!(
        imported.warnings[0].to_string(),
        "warning: apps.csv:1:2: column `cost_center` is not a portfolio field and is \
         ignored; the columns waveplan reads are: id, name, owner, kind, hosting, strategy, \
         state, data_gb, criticality, legacy, tags, status, server, tier, env, wave, \
         wave_name (or say what a column holds in a --map file)"
    );
    // Every problem of a header in one message, which lists what each column was taken as.
    let e = errors("id,critically,Name,name\na,High,x,y\n", "");
    assert_eq!(
        e,
        vec![
            "error: apps.csv:1:2: the header row cannot be read: column 2 `critically` is not a \
             field (did you mean `criticality`?); columns 3 and 4 both give `name`; keep one. \
             The columns found and what each was taken as: 1 `id` → id, 2 `critically` → ?, 3 \
             `Name` → name (given twice), 4 `name` → name (given twice). Rename the columns, or \
             say what each holds in a mapping file given with --map (columns: {\"critically\": \
             \"criticality\"}); the fields are: id, name, owner, kind, hosting, strategy, state, \
             data_gb, criticality, legacy, tags, status, server, tier, env, wave, wave_name"
        ]
    );
    let e = errors("id,depends_on\na,b\n", "");
    assert!(e[0].contains("dependencies go in their own file"), "{e:?}");
    let e = errors("app,owner,Cost Center\nA,team,1\n", "");
    assert_eq!(e.len(), 1, "{e:?}");
    assert!(
        e[0].starts_with(
            "error: apps.csv:1:1: the header row cannot be read: no column gives `id` or \
             `name`. The columns found and what each was taken as: 1 `app` → ignored, 2 \
             `owner` → owner, 3 `Cost Center` → ignored. Rename the columns, or say what each \
             holds in a mapping file given with --map (columns: {\"app\": \"id\"})"
        ),
        "{e:?}"
    );
    let e = errors("id\na\n", "from,via\na,Http\n");
    assert!(
        e[0].starts_with(
            "error: deps.csv:1:1: the header row cannot be read: no column gives `to`"
        ),
        "{e:?}"
    );
}

#[test]
fn nameless_columns_with_data_warn() {
    let imported = round_trip("id,,\na,,\nb,,x\n", "");
    assert_eq!(imported.warnings.len(), 1);
    assert_eq!(
        imported.warnings[0].to_string(),
        "warning: apps.csv:3:3: column 3 has no name in the header row and is ignored"
    );
}

#[test]
fn rows_of_the_wrong_width() {
    let apps = "id,name,owner\na,A,t\nb,B, and more,t\nc,C\nd,D,t,,\n";
    assert_eq!(
        errors(apps, "from,to\nb,a\nc,a\nd,a\n"),
        vec![
            "error: apps.csv:3:4: this row has 4 cells but the header has 3 columns; is a \
             separator missing or extra, or a cell with a separator not in double quotes?",
            "error: apps.csv:4:3: this row has 2 cells but the header has 3 columns; is a \
             separator missing or extra, or a cell with a separator not in double quotes?",
        ],
        "dependencies of broken rows are not reported again"
    );
}

#[test]
fn dependency_problems() {
    let apps = "id\nclaims\nbilling\nfraud\n";
    let deps = "via,from,to\n\
                Grpc,claims,fraud\n\
                ,claim,fraud\n\
                Http,fraud,biling\n\
                Carrier pigeon,fraud,claims\n\
                ,claims,claims\n\
                grpc,claims,fraud\n\
                Http,,claims\n";
    assert_eq!(
        errors(apps, deps),
        vec![
            "error: deps.csv:3:2: unknown app `claim` in `from`: the apps file has no such \
             id; did you mean `claims`?",
            "error: deps.csv:4:3: unknown app `biling` in `to`: the apps file has no such \
             id; did you mean `billing`?",
            "error: deps.csv:5:1: unknown via `Carrier pigeon`; the values are: Http, Grpc, \
             Rpc, Queue, Database, File; or map the value in a --map file (via: {\"Carrier \
             pigeon\": Http})",
            "error: deps.csv:6:3: `claims` depends on itself; remove this row",
            "error: deps.csv:8:2: `from` is empty: a dependency names two apps",
            "warning: deps.csv:7:2: the row on line 2 gives this dependency of `claims` on \
             `fraud` via Grpc already; it is counted once",
        ]
    );
    // The same two apps through two channels are two dependencies.
    let imported = round_trip(apps, "from,to,via\nclaims,fraud,Grpc\nclaims,fraud,Queue\n");
    assert_eq!(imported.edge_count(), 2);
    // A duplicate alone is a warning, and counted once.
    let imported = round_trip(apps, "from,to\nclaims,fraud\nclaims,fraud\n");
    assert_eq!(imported.edge_count(), 1);
    assert_eq!(imported.warnings[0].severity, Severity::Warning);
}

#[test]
fn spreadsheet_habits() {
    // Byte order mark, CRLF line ends, blank rows, cells padded with spaces.
    let apps = "\u{feff}id,name\r\na , Alpha \r\n,\r\n\r\nb,Beta\r\n";
    let imported = round_trip(apps, "\u{feff}from,to\r\na,b\r\n");
    let ids = crate::import::ids_of(&imported.portfolio);
    assert_eq!(ids, vec!["a", "b"]);
    assert_eq!(imported.portfolio.apps[0].name.as_deref(), Some("Alpha"));
    // `;` separators with decimal commas, and tabs.
    let imported = round_trip("id;data_gb;tags\na;12,5;\"x;y\"\n", "from;to\n");
    assert_eq!(imported.portfolio.apps[0].data_gb, 12.5);
    assert_eq!(imported.portfolio.apps[0].tags, vec!["x", "y"]);
    assert_eq!(
        imported.notes[0].to_string(),
        "note: apps.csv: read with `;` as the separator"
    );
    let imported = round_trip("id\tname\na\tA, the first\n", "");
    assert_eq!(
        imported.portfolio.apps[0].name.as_deref(),
        Some("A, the first")
    );
    // A decimal comma in a comma-separated file would be two cells.
    assert!(!errors("id,data_gb\na,\"12,5\"\n", "").is_empty());
}

#[test]
fn lines_count_multi_line_cells() {
    let apps = "id,name,kind\na,\"two\nlines\",Service\nb,B,Servce\n";
    assert!(errors(apps, "")[0].starts_with("error: apps.csv:4:3: unknown kind"));
}

#[test]
fn lines_are_counted_as_an_editor_does_whatever_the_line_ends() {
    // `\r\n` line ends, blank lines, and both, before the header and between rows.
    for apps in [
        "id,kind\r\na,Servce\r\n\r\n\r\nb,Nope\r\nc,Batch\r\n",
        "id,kind\na,Servce\n\n\nb,Nope\nc,Batch\n",
        "id,kind\r\na,Servce\n\r\n\nb,Nope\r\nc,Batch",
        // A lone `\r` (an old Mac's line end) too.
        "id,kind\ra,Servce\r\r\rb,Nope\rc,Batch\r",
        "id,kind\ra,Servce\r\n\r\n\rb,Nope\nc,Batch",
    ] {
        let e = errors(apps, "");
        assert!(
            e[0].starts_with("error: apps.csv:2:2: unknown kind `Servce`"),
            "{e:?}"
        );
        assert!(
            e[1].starts_with("error: apps.csv:5:2: unknown kind `Nope`"),
            "{e:?}"
        );
    }
    let e = errors("\r\n\nid,kind\r\na,Nope\r\n", "");
    assert!(
        e[0].starts_with("error: apps.csv:4:2: unknown kind"),
        "{e:?}"
    );
    // In the dependencies file too.
    let e = errors("id\r\na\r\nb\r\n", "from,to\r\n\r\na,b\r\n\r\nb,zz\r\n");
    assert!(
        e[0].starts_with("error: deps.csv:5:2: unknown app `zz` in `to`"),
        "{e:?}"
    );
}

#[test]
fn a_quote_never_closed_is_an_error_where_it_opens() {
    let e = run("id,name\na,\"x\nb,B\n", "").unwrap_err();
    assert_eq!(e.exit_code(), 2);
    let shown: Vec<String> = e.diagnostics().iter().map(ToString::to_string).collect();
    assert_eq!(
        shown,
        [
            "error: apps.csv:2:2: the quoted cell that starts here is never closed: a `\"` is \
          missing, so the rest of the file would be this one cell; close the quote (a `\"` \
          inside a quoted cell is written `\"\"`)"
        ]
    );
    // In the header, after `\r\n` and blank lines, in the third cell, in the dependencies.
    for (apps, deps, want) in [
        ("\"id,name\na,A\n", "", "apps.csv:1:1:"),
        (
            "id,name,owner\r\n\r\na,A,a-team\r\nb,B,\"team\r\nc,C\r\n",
            "",
            "apps.csv:4:3:",
        ),
        ("id\na\nb\n", "from,to\na,b\nb,\"a\n", "deps.csv:3:2:"),
    ] {
        let e = run(apps, deps).unwrap_err();
        assert_eq!(e.exit_code(), 2, "{e}");
        assert!(
            e.diagnostics().iter().any(|d| d
                .to_string()
                .starts_with(&format!("error: {want} the quoted cell"))),
            "{want}: {e}"
        );
    }
    // Quotes that close, doubled quotes, quotes inside unquoted cells: no error.
    let imported = round_trip(
        "id,name,owner\na,\"x \"\"y\"\"\",o\"k\nb,\"two\nlines\",\"\"\n",
        "",
    );
    assert_eq!(imported.portfolio.apps[0].name.as_deref(), Some("x \"y\""));
    assert_eq!(imported.portfolio.apps[0].owner.as_deref(), Some("o\"k"));
    assert_eq!(imported.portfolio.apps.len(), 2);
}

#[test]
fn empty_inputs() {
    let e = run("", "").unwrap_err();
    assert_eq!(e.exit_code(), 2);
    assert!(
        e.diagnostics()[0]
            .to_string()
            .starts_with("error: apps.csv:1:1: the file is empty")
    );
    assert_eq!(run("\u{feff}  \n", "").unwrap_err().exit_code(), 2);
    // A header alone is an empty portfolio: read, with the loader's warning.
    let imported = round_trip("id,name\n", "");
    assert!(imported.portfolio.apps.is_empty());
    assert_eq!(imported.warnings.len(), 1);
    // No dependencies yet: an empty file or a header alone.
    assert_eq!(round_trip("id\na\n", "").edge_count(), 0);
    assert_eq!(round_trip("id\na\n", "from,to,via\n").edge_count(), 0);
}

#[test]
fn hostile_text_round_trips() {
    let apps = "id,name,owner,tags\n\
                evil,\"\u{1b}[31mred\u{1b}[0m\",\"=cmd|' /C calc'!A0\",\"a|b;\"\"quoted\"\";x\ny\"\n\
                plain,\"new\nline\",\"@SUM(1+1)\",\"\\\\back\\\\slash\"\n";
    let imported = round_trip(apps, "from,to\nevil,plain\n");
    let evil = &imported.portfolio.apps[0];
    assert_eq!(evil.name.as_deref(), Some("\u{1b}[31mred\u{1b}[0m"));
    assert_eq!(evil.owner.as_deref(), Some("=cmd|' /C calc'!A0"));
    assert_eq!(evil.tags, vec!["a|b", "\"quoted\"", "x\ny"]);
    // Control characters in messages are escaped, not sent to the terminal.
    let e = errors("id,kind\na,\u{1b}[2J\n", "");
    assert!(e[0].contains("`\\u{1b}[2J`"), "{e:?}");
    assert!(!e[0].contains('\u{1b}'));
    // An id made of control characters is repaired; the note about it shows none.
    let imported = round_trip("id\n\u{1b}]0;title\u{7}\n", "");
    assert_eq!(imported.portfolio.apps[0].id, "0-title");
    let note = imported.notes[0].to_string();
    assert!(
        !note.contains('\u{1b}') && !note.contains('\u{7}'),
        "{note:?}"
    );
}

proptest::proptest! {
    #[test]
    fn any_text_imports_or_fails_cleanly(apps in "(?s).{0,200}", deps in "(?s).{0,120}") {
        if let Ok(imported) = run(&apps, &deps) {
            let text = crate::model::write::portfolio_to_ron(&imported.portfolio);
            proptest::prop_assert!(load::portfolio_from_str(&text, "out.ron").is_ok());
        }
    }

    #[test]
    fn csv_like_text_imports_or_fails_cleanly(
        rows in proptest::collection::vec("[a-c ;\",\t\n\u{1b}|=-]{0,12}", 0..8),
    ) {
        let apps = format!("id,name,kind,tags,data_gb\n{}", rows.join("\n"));
        let deps = format!("from,to,via\n{}", rows.join("\n"));
        if let Ok(imported) = run(&apps, &deps) {
            let text = crate::model::write::portfolio_to_ron(&imported.portfolio);
            proptest::prop_assert!(load::portfolio_from_str(&text, "out.ron").is_ok());
        }
    }
}

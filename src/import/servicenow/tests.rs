use super::*;
use crate::load;

fn run(cis: &str, rels: &str, map: &ImportMap) -> Result<Imported, LoadError> {
    import(
        Input {
            file: "cis.csv",
            text: cis,
        },
        Some(Input {
            file: "rels.csv",
            text: rels,
        }),
        "Test",
        map,
    )
}

/// Import, check that the loader accepts what the import wrote, and give the result.
fn round_trip(cis: &str, rels: &str) -> Imported {
    let imported = run(cis, rels, &ImportMap::default()).unwrap_or_else(|e| panic!("{e}"));
    let text = crate::model::write::portfolio_to_ron(&imported.portfolio);
    load::portfolio_from_str(&text, "out.ron").unwrap_or_else(|e| panic!("{e}\n{text}"));
    imported
}

fn deps(imported: &Imported, id: &str) -> Vec<String> {
    let app = imported.portfolio.apps.iter().find(|a| a.id == id).unwrap();
    app.depends_on
        .iter()
        .map(|d| format!("{} {}", d.to, d.via))
        .collect()
}

const SYS_IDS: &str = "sys_id,name,sys_class_name,install_status,busines_criticality\n\
    aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa1,Billing,cmdb_ci_business_app,1,1\n\
    aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa2,Ledger,cmdb_ci_appl,7,4\n\
    aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa3,LEDGER_DB,cmdb_ci_db_mssql_instance,1,\n\
    aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa4,Billing Web,cmdb_ci_appl,1,\n";

#[test]
fn values_as_codes_and_relationships_by_sys_id() {
    let rels = "parent,type,child\n\
        aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa1,Depends on::Used by,aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa2\n\
        aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa2,Depends on::Used by,aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa3\n\
        aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa1,Contains::Contained by,aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa4\n\
        aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa4,Depends on::Used by,LEDGER_DB\n";
    let imported = round_trip(SYS_IDS, rels);
    let ids = crate::import::ids_of(&imported.portfolio);
    assert_eq!(ids, vec!["Billing", "Ledger", "LEDGER_DB"]);
    let billing = &imported.portfolio.apps[0];
    assert_eq!(billing.criticality, Criticality::Critical);
    // Code 7 of install_status is Retired.
    assert_eq!(
        imported.portfolio.apps[1].strategy,
        crate::model::Strategy::Retire
    );
    assert_eq!(imported.portfolio.apps[1].criticality, Criticality::Low);
    assert_eq!(imported.portfolio.apps[2].kind, Kind::Database);
    // The web part's dependency (named by name) is the business app's.
    assert_eq!(
        deps(&imported, "Billing"),
        vec!["Ledger Http", "LEDGER_DB Database"]
    );
}

#[test]
fn shared_servers_fold_into_no_app() {
    let cis = "name\nA\nB\n";
    let rels = "parent,type,child\n\
        A,Runs on::Runs,shared01\n\
        B,Runs on::Runs,shared01\n\
        A,Runs on::Runs,a01\n\
        B,Depends on::Used by,a01\n\
        B,Depends on::Used by,shared01\n";
    let imported = round_trip(cis, rels);
    assert_eq!(deps(&imported, "B"), vec!["A Http"]);
    let notes: Vec<String> = imported.notes.iter().map(ToString::to_string).collect();
    assert!(
        notes
            .iter()
            .any(|n| n.contains("1 CI belongs to several apps and fold into none")),
        "{notes:?}"
    );
    assert!(
        imported
            .summary
            .to_string()
            .contains("1 on a CI shared by several apps"),
        "{}",
        imported.summary
    );
}

#[test]
fn relationship_types_as_sys_ids_warn_and_the_map_names_them() {
    let rels = "parent,type,child\n\
        Billing,1a9cb166f1571100a92eb60da2bce5c5,Ledger\n";
    let imported = round_trip(SYS_IDS, rels);
    assert!(imported.portfolio.apps[0].depends_on.is_empty());
    assert!(
        imported.warnings[0]
            .to_string()
            .starts_with("warning: rels.csv:2:2: 1 relationships give their type as a sys_id"),
        "{:?}",
        imported.warnings
    );
    let map = ImportMap::parse(
        "Map(relations: {\"1a9cb166f1571100a92eb60da2bce5c5\": Depends})",
        "map.ron",
    )
    .unwrap();
    let imported = run(SYS_IDS, rels, &map).unwrap();
    assert_eq!(deps(&imported, "Billing"), vec!["Ledger Http"]);
}

#[test]
fn a_cycle_of_containment_folds_nowhere() {
    let cis = "name\nA\nB\n";
    let rels = "parent,type,child\nA,Contains::Contained by,B\nB,Contains::Contained by,A\n";
    let imported = round_trip(cis, rels);
    assert!(!imported.portfolio.apps.is_empty());
}

proptest::proptest! {
    #[test]
    fn any_text_imports_or_fails_cleanly(cis in "(?s).{0,200}", rels in "(?s).{0,160}") {
        if let Ok(imported) = run(&cis, &rels, &ImportMap::default()) {
            let text = crate::model::write::portfolio_to_ron(&imported.portfolio);
            proptest::prop_assert!(load::portfolio_from_str(&text, "out.ron").is_ok());
        }
    }

    #[test]
    fn export_like_text_imports_or_fails_cleanly(
        rows in proptest::collection::vec("[ab ,\"\n]{0,10}", 0..8),
        rels in proptest::collection::vec(
            "(a|b|c|x),(Depends on::Used by|Runs on::Runs|Contains::Contained by|Owns),(a|b|c|x)",
            0..12,
        ),
    ) {
        let cis = format!("name,sys_id\n{}", rows.join("\n"));
        let rels = format!("parent,type,child\n{}", rels.join("\n"));
        if let Ok(imported) = run(&cis, &rels, &ImportMap::default()) {
            let text = crate::model::write::portfolio_to_ron(&imported.portfolio);
            proptest::prop_assert!(load::portfolio_from_str(&text, "out.ron").is_ok());
        }
    }
}

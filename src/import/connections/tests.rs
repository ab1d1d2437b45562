use super::*;
use crate::load;

fn run(text: &str, map: &ImportMap) -> Result<Imported, LoadError> {
    import(
        Input {
            file: "c.csv",
            text,
        },
        "Test",
        map,
    )
}

fn round_trip(text: &str, map: &ImportMap) -> Imported {
    let imported = run(text, map).unwrap_or_else(|e| panic!("{e}"));
    let ron = crate::model::write::portfolio_to_ron(&imported.portfolio);
    load::portfolio_from_str(&ron, "out.ron").unwrap_or_else(|e| panic!("{e}\n{ron}"));
    imported
}

#[test]
fn ports_give_the_via_and_the_state() {
    let imported = round_trip(
        "source,destination,port\nweb,api,443/tcp\napi,db,5432\napi,mq,9092\napi,nfs,2049\n\
         api,odd,7777\napi,dns,53\n",
        &ImportMap::default(),
    );
    let app = |id: &str| imported.portfolio.apps.iter().find(|a| a.id == id).unwrap();
    let vias: Vec<String> = app("api")
        .depends_on
        .iter()
        .map(|d| format!("{} {}", d.to, d.via))
        .collect();
    assert_eq!(
        vias,
        vec!["db Database", "mq Queue", "nfs File", "odd Http"]
    );
    assert_eq!(app("db").state, State::Database);
    assert_eq!(app("db").kind, Kind::Database);
    assert!(imported.portfolio.apps.iter().all(|a| a.id != "dns"));
    let notes: Vec<String> = imported.notes.iter().map(ToString::to_string).collect();
    assert!(
        notes[0].starts_with("note: c.csv: 1 port is not in waveplan's table and taken as Http"),
        "{notes:?}"
    );
}

#[test]
fn the_map_groups_servers_and_names_ports() {
    let map = ImportMap::parse(
        "Map(servers: {\"web1\": \"Shop\", \"web2\": \"Shop\"}, ports: {7777: Grpc, 443: Noise})",
        "map.ron",
    )
    .unwrap();
    let imported = round_trip(
        "source,destination,port\nweb1,api,7777\nweb2,api,7777\nweb1,web2,8080\nweb2,api,443\n",
        &map,
    );
    let ids = crate::import::ids_of(&imported.portfolio);
    assert_eq!(ids, vec!["Shop", "api"]);
    assert_eq!(imported.portfolio.apps[0].depends_on[0].via, Via::Grpc);
    assert_eq!(imported.edge_count(), 1);
    let summary = imported.summary.to_string();
    assert!(summary.contains("1 connection inside one app"), "{summary}");
    assert!(
        summary.contains("1 connection on a noise port (1 mapped port 443)"),
        "{summary}"
    );
}

#[test]
fn missing_columns_are_one_message() {
    let e = run("from,to\na,b\n", &ImportMap::default()).unwrap_err();
    let shown: Vec<String> = e.diagnostics().iter().map(ToString::to_string).collect();
    assert_eq!(shown.len(), 1, "{shown:?}");
    assert!(
        shown[0].starts_with(
            "error: c.csv:1:1: the header row cannot be read: no column gives `source` or \
             `source_ip`; no column gives `destination` or `destination_ip`; no column gives \
             `port`. The columns found and what each was taken as: 1 `from` → ignored, 2 `to` \
             → ignored."
        ),
        "{shown:?}"
    );
}

proptest::proptest! {
    #[test]
    fn any_text_imports_or_fails_cleanly(text in "(?s).{0,300}") {
        if let Ok(imported) = run(&text, &ImportMap::default()) {
            let ron = crate::model::write::portfolio_to_ron(&imported.portfolio);
            proptest::prop_assert!(load::portfolio_from_str(&ron, "out.ron").is_ok());
        }
    }

    #[test]
    fn table_like_text_imports_or_fails_cleanly(
        rows in proptest::collection::vec("(a|b|c|\"\"|x y),(a|b|d|\u{e9}),(443|53|1433|0|x|)", 0..12),
    ) {
        let text = format!("source,destination,port\n{}", rows.join("\n"));
        if let Ok(imported) = run(&text, &ImportMap::default()) {
            let ron = crate::model::write::portfolio_to_ron(&imported.portfolio);
            proptest::prop_assert!(load::portfolio_from_str(&ron, "out.ron").is_ok());
        }
    }
}

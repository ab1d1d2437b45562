use super::*;
use crate::load;
use crate::model::{Kind, State, Strategy};

const CATALOG: &str = include_str!("../../../tests/data/import/insurer-catalog.yaml");

fn run(text: &str) -> Result<Imported, LoadError> {
    import(text, "catalog.yaml", "Test")
}

/// Import, check that the loader accepts what the import wrote, and give the result.
fn round_trip(text: &str) -> Imported {
    let imported = run(text).unwrap_or_else(|e| panic!("{e}"));
    let ron = crate::model::write::portfolio_to_ron(&imported.portfolio);
    let back = load::portfolio_from_str(&ron, "out.ron").unwrap_or_else(|e| panic!("{e}\n{ron}"));
    assert_eq!(back.value, imported.portfolio);
    imported
}

fn lines(diags: &[Diagnostic]) -> Vec<String> {
    load::sorted(diags.to_vec())
        .iter()
        .map(ToString::to_string)
        .collect()
}

fn errors(text: &str) -> Vec<String> {
    match run(text) {
        Ok(i) => panic!("expected errors, got {:?}", i.portfolio),
        Err(e) => lines(e.diagnostics()),
    }
}

fn app<'a>(imported: &'a Imported, id: &str) -> &'a App {
    imported
        .portfolio
        .apps
        .iter()
        .find(|a| a.id == id)
        .unwrap_or_else(|| panic!("no app {id}"))
}

fn deps(app: &App) -> Vec<(&str, Via)> {
    app.depends_on
        .iter()
        .map(|d| (d.to.as_str(), d.via))
        .collect()
}

/// A minimal entity document.
fn entity(kind: &str, name: &str, spec: &str) -> String {
    format!(
        "---\napiVersion: backstage.io/v1alpha1\nkind: {kind}\nmetadata:\n  name: {name}\nspec:\n{spec}"
    )
}

#[test]
fn imports_the_insurer_catalog() {
    let imported = round_trip(CATALOG);
    let ids = crate::import::ids_of(&imported.portfolio);
    assert_eq!(
        ids,
        vec![
            "claims-portal",
            "claims-service",
            "fraud-scoring",
            "policy-admin",
            "claims-fax-gateway",
            "fnol-chatbot",
            "claims-nightly",
            "claims-db",
            "claims-documents",
            "reserves-bucket",
            "fraud-features",
            "policy-db",
            "claims-events",
        ]
    );
    assert!(imported.warnings.is_empty(), "{:?}", imported.warnings);

    let portal = app(&imported, "claims-portal");
    assert_eq!(portal.name.as_deref(), Some("Claims self-service portal"));
    assert_eq!(portal.kind, Kind::Frontend);
    assert_eq!(portal.owner.as_deref(), Some("digital-channels"));
    assert_eq!(
        portal.tags,
        vec!["customer-facing", "gdpr", "system:claims"]
    );
    // dependsOn and consumesApis name the same provider once.
    assert_eq!(deps(portal), vec![("claims-service", Via::Http)]);

    let service = app(&imported, "claims-service");
    assert_eq!(service.owner.as_deref(), Some("claims-team"));
    assert_eq!(service.criticality, Criticality::Critical);
    assert_eq!(service.data_gb, 850.0);
    assert_eq!(
        deps(service),
        vec![
            ("claims-db", Via::Database),
            ("claims-documents", Via::File),
            ("policy-admin", Via::Http),
            ("fraud-scoring", Via::Grpc),
            ("policy-admin", Via::Queue),
            ("claims-events", Via::Queue),
        ],
        "dependsOn, consumesApis through the provider (gRPC, AsyncAPI), dependencyOf"
    );

    let db = app(&imported, "claims-db");
    assert_eq!((db.kind, db.state), (Kind::Database, State::Database));
    let docs = app(&imported, "claims-documents");
    assert_eq!(
        (docs.kind, docs.state, docs.data_gb),
        (Kind::Storage, State::Files, 6400.0)
    );
    let cache = app(&imported, "fraud-features");
    assert_eq!((cache.kind, cache.state), (Kind::Cache, State::Cache));
    let topic = app(&imported, "claims-events");
    assert_eq!((topic.kind, topic.state), (Kind::Queue, State::Queue));
    assert_eq!(app(&imported, "reserves-bucket").name, None);

    let policy = app(&imported, "policy-admin");
    assert_eq!(
        (policy.hosting, policy.strategy, policy.legacy),
        (Hosting::Mainframe, Strategy::Retain, true)
    );
    assert_eq!(
        app(&imported, "claims-fax-gateway").strategy,
        Strategy::Retire
    );
    assert_eq!(app(&imported, "fnol-chatbot").criticality, Criticality::Low);
    assert_eq!(app(&imported, "fraud-scoring").hosting, Hosting::Container);
    let nightly = app(&imported, "claims-nightly");
    assert_eq!(nightly.kind, Kind::Batch);
    assert_eq!(
        deps(nightly),
        vec![("claims-db", Via::Database), ("reserves-bucket", Via::File)]
    );

    let notes: Vec<String> = imported.notes.iter().map(ToString::to_string).collect();
    assert_eq!(
        notes,
        vec![
            "note: catalog.yaml: skipped 7 entities that are not Components or Resources: 3 \
             API, 1 Group, 1 Location, 1 System, 1 User",
            "note: catalog.yaml: skipped 1 library component (built into their users, a library \
             does not move by itself): shared-logging",
            "note: catalog.yaml: 1 entity gets strategy Retire from the lifecycle \
             (deprecated, decommissioned, retired or end-of-life: it never moves; the mapping \
             file's `status` table or annotation `waveplan.io/strategy` overrides it): \
             claims-fax-gateway (deprecated)",
            "note: catalog.yaml: 1 entity gets hosting Container (it has Kubernetes \
             annotations): fraud-scoring",
            "note: catalog.yaml: left out 1 dependency on entities that are not apps \
             (libraries, APIs, systems): claims-service → component:shared-logging",
        ]
    );
}

#[test]
fn references_resolve_like_backstage() {
    let text = [
        entity("Component", "web", "  dependsOn: [api, Resource:Default/DB, finance/ledger]\n"),
        entity("Component", "api", "  type: service\n"),
        entity("Resource", "db", "  type: postgres\n"),
        "---\nkind: Component\nmetadata:\n  name: ledger\n  namespace: finance\nspec:\n  dependsOn: [audit]\n"
            .to_string(),
        "---\nkind: Resource\nmetadata:\n  name: audit\n  namespace: finance\nspec:\n  type: kafka-topic\n"
            .to_string(),
    ]
    .concat();
    let imported = round_trip(&text);
    assert_eq!(
        deps(app(&imported, "web")),
        vec![
            ("api", Via::Http),
            ("db", Via::Database),
            ("ledger", Via::Http)
        ]
    );
    // A reference without a namespace is in the referring entity's namespace.
    assert_eq!(deps(app(&imported, "ledger")), vec![("audit", Via::Queue)]);
    assert_eq!(app(&imported, "ledger").owner, None);
}

#[test]
fn an_api_provided_by_a_library_is_no_dependency() {
    let text = [
        entity("Component", "web", "  consumesApis: [sdk-api]\n"),
        entity(
            "Component",
            "sdk",
            "  type: library\n  providesApis: [sdk-api]\n",
        ),
    ]
    .concat();
    let imported = round_trip(&text);
    assert_eq!(imported.edge_count(), 0);
    assert!(imported.warnings.is_empty(), "{:?}", imported.warnings);
    assert!(
        imported.notes[1]
            .message
            .ends_with("web → component:sdk (API sdk-api)"),
        "{:?}",
        imported.notes
    );
}

#[test]
fn unknown_references_warn_with_their_place() {
    let text = [
        entity(
            "Component",
            "claims",
            "  dependsOn:\n    - resource:default/claims-dbb\n  consumesApis: [billing-api, party-api]\n",
        ),
        entity("Resource", "claims-db", "  type: database\n"),
        entity("API", "party-api", "  type: openapi\n"),
    ]
    .concat();
    // When a document cannot be read, the reference may name what it holds: no warning.
    let broken = format!("{text}---\nkind: Component\nmetadata: {{name: claims-dbb\n");
    let e = run(&broken).unwrap_err();
    assert_eq!(e.diagnostics().len(), 1, "{e}");
    let imported = round_trip(&text);
    assert_eq!(imported.edge_count(), 0);
    assert_eq!(
        lines(&imported.warnings),
        vec![
            "warning: catalog.yaml:8:7: `claims` names `resource:default/claims-dbb` in \
             `dependsOn`, which is not in the catalog; the dependency is left out (did you mean \
             `claims-db`?)",
            "warning: catalog.yaml:9:18: `claims` consumes API `billing-api`, but it is not in \
             the catalog and no component lists it in `providesApis`; the dependency is left out",
            "warning: catalog.yaml:9:31: `claims` consumes API `party-api`, but no component in \
             the catalog lists it in `providesApis`; the dependency is left out",
        ]
    );
}

#[test]
fn names_that_are_not_ids_are_repaired_and_collisions_qualified() {
    let text = [
        entity(
            "Component",
            "\"Orders API (v2)\"",
            "  dependsOn: [resource:orders]\n",
        ),
        entity("Component", "orders", "  dependsOn: [resource:orders]\n"),
        entity("Resource", "orders", "  type: database\n"),
        "---\nkind: Component\nmetadata:\n  name: orders\n  namespace: eu\n".to_string(),
        entity("Component", "component.orders", ""),
    ]
    .concat();
    let imported = round_trip(&text);
    let ids: Vec<(&str, Option<&str>)> = imported
        .portfolio
        .apps
        .iter()
        .map(|a| (a.id.as_str(), a.name.as_deref()))
        .collect();
    assert_eq!(
        ids,
        vec![
            ("Orders-API-v2", Some("Orders API (v2)")),
            ("component.orders", Some("orders")),
            ("resource.orders", Some("orders")),
            ("component.eu.orders", Some("orders")),
            ("component.orders-2", Some("component.orders")),
        ]
    );
    assert_eq!(
        deps(&imported.portfolio.apps[1]),
        vec![("resource.orders", Via::Database)]
    );
    let notes: Vec<String> = imported.notes.iter().map(ToString::to_string).collect();
    assert_eq!(
        notes[0],
        "note: catalog.yaml:5:10: `component:Orders API (v2)` is imported with id \
         `Orders-API-v2`: the name is not a valid id"
    );
    assert!(notes[1].ends_with(
        "`component:orders` is imported with id `component.orders`: another imported entity \
         has the same name"
    ));
    assert_eq!(notes.len(), 5, "{notes:?}");
    // The same input gives the same ids.
    let again = round_trip(&text);
    assert_eq!(again.portfolio, imported.portfolio);
}

#[test]
fn every_problem_at_once() {
    let text = "apiVersion: backstage.io/v1alpha1\nkind: Component\nmetadata:\n  title: No name\n\
                ---\nkind: Component\nmetadata:\n  name: a\n  tags: {x: y}\n  annotations:\n    \
                waveplan.io/strategy: Rehsot\n    waveplan.io/data-gb: \"-3\"\n    \
                waveplan.io/legacy: sometimes\n    waveplan.io/owner: me\n\
                ---\nkind: Component\nmetadata:\n  name: b\n---\nkind: Component\nmetadata:\n  name: B\n\
                ---\n[a list]\n";
    assert_eq!(
        errors(text),
        vec![
            "error: catalog.yaml:3:1: the entity has no `metadata.name`",
            "error: catalog.yaml:9:3: `metadata.tags` should be a list of texts",
            "error: catalog.yaml:22:9: `component:B` is defined twice (the first is on line 16); \
             an entity's kind, namespace and name must be unique",
            "error: catalog.yaml:24:1: a catalog entity is a mapping with `apiVersion`, `kind`, \
             `metadata` and `spec`; this document is not",
        ]
    );
    let text = "kind: Component\nmetadata:\n  name: a\n  annotations:\n    \
                waveplan.io/strategy: Rehsot\n    waveplan.io/data-gb: \"-3\"\n    \
                waveplan.io/legacy: sometimes\n    waveplan.io/owner: me\n";
    assert_eq!(
        errors(text),
        vec![
            "error: catalog.yaml:5:5: waveplan.io/strategy: unknown strategy `Rehsot`; did you \
             mean `Rehost`? the values are: Rehost, Replatform, Refactor, Repurchase, Relocate, \
             Retain, Retire",
            "error: catalog.yaml:6:5: waveplan.io/data-gb: data_gb `-3` must be a number of \
             gigabytes, 0 or more",
            "error: catalog.yaml:7:5: waveplan.io/legacy: `sometimes` is not a yes/no value; \
             write true or false (yes/no and 1/0 work too)",
            "warning: catalog.yaml:8:5: unknown annotation `waveplan.io/owner` is ignored; the \
             fields an annotation may set are: kind, hosting, strategy, state, criticality, \
             data-gb, legacy",
        ]
    );
}

#[test]
fn broken_yaml_is_unreadable_but_every_document_is_read() {
    let text = "kind: Component\nmetadata:\n  name: a\n  tags: [x\n---\n\
                kind: Component\nmetadata:\n  title: no name\n---\nkind: Resource\n\tmetadata: {}\n";
    let e = run(text).unwrap_err();
    assert_eq!(e.exit_code(), 2);
    let got = lines(e.diagnostics());
    assert_eq!(got.len(), 3, "{got:?}");
    assert!(
        got[0].starts_with("error: catalog.yaml:5:1: this is not valid YAML: "),
        "{got:?}"
    );
    assert_eq!(
        got[1],
        "error: catalog.yaml:7:1: the entity has no `metadata.name`"
    );
    assert!(
        got[2].starts_with("error: catalog.yaml:11:1: this is not valid YAML: "),
        "{got:?}"
    );
}

#[test]
fn empty_and_appless_catalogs() {
    let e = run("").unwrap_err();
    assert_eq!(e.exit_code(), 2);
    assert_eq!(run("\n# nothing\n").unwrap_err().exit_code(), 2);
    assert_eq!(run("---\n# a comment\n---\n").unwrap_err().exit_code(), 2);
    let imported = round_trip(&entity("Group", "team", "  type: team\n"));
    assert!(imported.portfolio.apps.is_empty());
    assert_eq!(
        lines(&imported.warnings),
        vec!["warning: catalog.yaml: the portfolio has no apps"]
    );
}

#[test]
fn yaml_features_catalogs_use() {
    let text = "---\nkind: Component\nmetadata: &m\n  name: a\n  tags: [x]\nspec:\n  type: service\n  \
                owner: \"group:default/t\"\n  dependsOn: [\"resource:db\"]\n...\n\
                --- !entity\nkind: Resource\nmetadata:\n  <<: *m\n  name: db\nspec: {type: Database}\n";
    // The anchor belongs to another document, so the merge fails there and is reported.
    assert!(run(text).is_err());
    let text = "kind: Component\nmetadata:\n  name: a\n  labels: &l {x: y}\n  annotations:\n    \
                <<: *l\n    backstage.io/kubernetes-label-selector: app=a\nspec:\n  lifecycle: \
                Deprecated\n  type: Service\n  dependsOn: single-ref\n";
    let imported = round_trip(text);
    let a = &imported.portfolio.apps[0];
    assert_eq!(
        (a.hosting, a.strategy),
        (Hosting::Container, Strategy::Retire)
    );
    assert_eq!(imported.warnings.len(), 1, "{:?}", imported.warnings);
}

#[test]
fn hostile_text_round_trips() {
    let text = "kind: Component\nmetadata:\n  name: \"evil\\e[31m|name\"\n  title: \"\\e[31mred\\e[0m \
                =cmd|' /C calc'!A0\\nsecond line\"\n  tags: [\"a|b\", \"\\\"quoted\\\"\", \"\\u0007\"]\n\
                spec:\n  type: \"\\e]0;x\\u0007\"\n  owner: \"group:default/=HYPERLINK(\\\"x\\\")\"\n  \
                dependsOn: [\"\\e[2J\"]\n";
    let imported = round_trip(text);
    let a = &imported.portfolio.apps[0];
    assert_eq!(a.id, "evil-31m-name");
    assert_eq!(
        a.name.as_deref(),
        Some("\u{1b}[31mred\u{1b}[0m =cmd|' /C calc'!A0\nsecond line")
    );
    assert_eq!(a.tags, vec!["a|b", "\"quoted\"", "\u{7}"]);
    assert_eq!(a.owner.as_deref(), Some("=HYPERLINK(\"x\")"));
    let printed: Vec<String> = imported
        .warnings
        .iter()
        .map(ToString::to_string)
        .chain(imported.notes.iter().map(ToString::to_string))
        .collect();
    assert!(!printed.is_empty());
    for line in printed {
        assert!(!line.chars().any(char::is_control), "{line:?}");
    }
}

proptest::proptest! {
    #[test]
    fn any_text_imports_or_fails_cleanly(text in "(?s).{0,300}") {
        if let Ok(imported) = run(&text) {
            let ron = crate::model::write::portfolio_to_ron(&imported.portfolio);
            proptest::prop_assert!(load::portfolio_from_str(&ron, "out.ron").is_ok());
        }
    }

    #[test]
    fn catalog_like_text_imports_or_fails_cleanly(
        parts in proptest::collection::vec(
            proptest::sample::select(vec![
                "---\n", "kind: Component\n", "kind: Resource\n", "kind: API\n", "metadata:\n",
                "  name: a\n", "  name: \"b c\"\n", "  name: A\n", "  namespace: x\n", "spec:\n",
                "  type: database\n", "  type: library\n", "  dependsOn: [a, resource:a]\n",
                "  dependencyOf: [component:a]\n", "  providesApis: [p]\n",
                "  consumesApis: [p]\n", "  lifecycle: deprecated\n", "  owner: group:t\n",
                "  annotations: {waveplan.io/data-gb: x}\n", "  tags: [x, y]\n", "- x\n",
                "  <<: *a\n", "&a\n", "...\n", "\t\n", "\"\n",
            ]),
            0..24,
        ),
    ) {
        let text = parts.concat();
        if let Ok(imported) = run(&text) {
            let ron = crate::model::write::portfolio_to_ron(&imported.portfolio);
            proptest::prop_assert!(load::portfolio_from_str(&ron, "out.ron").is_ok(), "{}", ron);
        }
    }
}

#[test]
fn parts_old_keys_misspellings_and_lifecycles() {
    let text = [
        entity(
            "Component",
            "orders",
            "  type: service\n  implementsApis: [orders-api]\n  dependsOn: [resource:db]\n",
        ),
        entity(
            "Component",
            "orders-worker",
            "  type: service\n  subcomponentOf: orders\n  dependsOn: [component:billing]\n",
        ),
        entity(
            "Component",
            "billing",
            "  type: service\n  lifecycle: Decommissioned\n  consumesApi: [orders-api]\n",
        ),
        entity(
            "Component",
            "shop",
            "  type: website\n  lifecycle: end-of-life\n  consumesApis: [orders-api, billing]\n",
        ),
        entity("Resource", "db", "  type: database\n"),
        entity("API", "orders-api", "  type: openapi\n"),
    ]
    .concat();
    let imported = round_trip(&text);
    let ids = crate::import::ids_of(&imported.portfolio);
    assert_eq!(ids, vec!["orders", "billing", "shop", "db"]);
    assert_eq!(
        deps(app(&imported, "orders")),
        vec![("db", Via::Database), ("billing", Via::Http)]
    );
    assert_eq!(app(&imported, "billing").strategy, Strategy::Retire);
    assert_eq!(app(&imported, "shop").strategy, Strategy::Retire);
    // The API implemented with the old key, and a component named where an API belongs.
    assert_eq!(
        deps(app(&imported, "shop")),
        vec![("orders", Via::Http), ("billing", Via::Http)]
    );
    let notes: Vec<String> = imported.notes.iter().map(ToString::to_string).collect();
    for wanted in [
        "1 component folds into its parent (subcomponentOf): orders-worker into orders",
        "`spec.consumesApi` is not a field of a Component and is ignored; did you mean \
         `consumesApis`?",
        "`implementsApis` (the old name of `providesApis`) is read as `providesApis`: orders",
        "`shop` lists `billing` in `consumesApis`, but that is a Component, not an API",
    ] {
        assert!(
            notes.iter().any(|n| n.contains(wanted)),
            "{wanted}: {notes:?}"
        );
    }
    assert_eq!(
        imported.summary.folded[0].to_string(),
        "1 subcomponent (1 into its parent component)"
    );
}

#[test]
fn a_key_given_twice_is_an_error_not_a_lost_value() {
    let text = "apiVersion: backstage.io/v1alpha1\nkind: Component\nmetadata:\n  name: a\n\
                spec:\n  type: service\n  owner: x\n  dependsOn: [component:c]\n  \
                dependsOn: [component:d]\n";
    let got = errors(text);
    assert!(
        got[0].contains("the key `dependsOn` is given twice in one mapping"),
        "{got:?}"
    );
    assert!(got[0].starts_with("error: catalog.yaml:6:"), "{got:?}");
}

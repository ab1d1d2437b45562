//! The checks behind the fuzz targets: each takes arbitrary bytes through the same entry point
//! the command line uses, and panics when something that must hold does not. The same file is
//! compiled into `tests/fuzz_regressions.rs`, so every crasher kept there runs these checks.
//!
//! What must hold for any input:
//! - nothing panics (no overflow, no out-of-bounds index, no stack overflow);
//! - a refused input has at least one error, every place it names lies inside the text, and its
//!   printed form holds no control character;
//! - an accepted portfolio or plan writes back to a file that loads as the same value, and an
//!   import writes a portfolio the loader accepts as it is;
//! - an accepted input (when it is small) goes through the analysis, the recommendations for
//!   every wave, the automatic planner and every export without a panic, and the exports are
//!   UTF-8 with no control characters but line breaks.

use std::sync::OnceLock;

use waveplan::analysis::planner::auto_plan;
use waveplan::analysis::{Capacity, WavePlan, analyze, recommend};
use waveplan::diagnostic::Diagnostic;
use waveplan::export::{ExportFormat, Report, render};
use waveplan::graph::DependencyGraph;
use waveplan::import;
use waveplan::load::{self, LoadError};
use waveplan::model::write::{plan_to_ron, portfolio_to_ron};
use waveplan::model::{Plan, Portfolio};
use waveplan::score::{Scorer, Weights};

/// The portfolio plans are checked against: the built-in retail sample.
pub fn retail() -> &'static Portfolio {
    static RETAIL: OnceLock<Portfolio> = OnceLock::new();
    RETAIL.get_or_init(|| {
        load::portfolio_from_str(waveplan::SAMPLE_PORTFOLIO, waveplan::SAMPLE_FILE)
            .expect("the sample portfolio loads")
            .value
    })
}

fn default_weights() -> &'static Weights {
    static WEIGHTS: OnceLock<Weights> = OnceLock::new();
    WEIGHTS.get_or_init(Weights::default)
}

/// Portfolios up to this many apps go through the whole analysis; larger ones (rare in fuzzing,
/// slow to analyse) are only loaded.
const ANALYSE_UP_TO: usize = 200;

/// The portfolio loader: bytes as a file would give them.
pub fn portfolio(data: &[u8]) -> Result<(), LoadError> {
    let file = "fuzz.ron";
    let text = load::text_from_bytes(data.to_vec(), file).inspect_err(check_unreadable)?;
    let loaded = load::portfolio_from_str(&text, file).inspect_err(|e| check_refusal(&text, e))?;
    let portfolio = loaded.value;
    let written = portfolio_to_ron(&portfolio);
    match load::portfolio_from_str(&written, "written.ron") {
        Ok(back) => assert_eq!(
            back.value, portfolio,
            "a written portfolio reads back the same"
        ),
        Err(e) => panic!("a written portfolio does not load: {e}\n{written}"),
    }
    if portfolio.apps.len() <= ANALYSE_UP_TO {
        let graph = DependencyGraph::build(&portfolio);
        let scorer = Scorer::new(&portfolio, &graph, default_weights());
        let planned = auto_plan(&scorer, &Capacity::default()).plan;
        exercise(&scorer, &planned);
        exercise(&scorer, &WavePlan::empty(graph.app_count()));
    }
    Ok(())
}

/// The plan loader, against the retail sample. A plan that parses but breaks the rules (an
/// unknown app, an app that never moves in a wave) is analysed too: the board shows such plans.
pub fn plan(data: &[u8]) -> Result<(), LoadError> {
    let file = "fuzz.plan.ron";
    let portfolio = retail();
    let text = load::text_from_bytes(data.to_vec(), file).inspect_err(check_unreadable)?;
    let result = load::plan_from_str(&text, file, portfolio);
    let graph = DependencyGraph::build(portfolio);
    let scorer = Scorer::new(portfolio, &graph, default_weights());
    match &result {
        Ok(loaded) => {
            let written = plan_to_ron(&loaded.value);
            match load::plan_from_str(&written, "written.plan.ron", portfolio) {
                Ok(back) => assert_eq!(back.value, loaded.value, "a written plan reads back"),
                Err(e) => panic!("a written plan does not load: {e}\n{written}"),
            }
            let plan = WavePlan::from_plan(&loaded.value, &graph);
            exercise(&scorer, &plan);
            // The ron export is the plan file: it loads back as the same plan.
            let analysis = analyze(&scorer, &plan);
            let report = Report::new(&scorer, &plan, &analysis, "retail.ron", Some(file));
            let exported = String::from_utf8(render(ExportFormat::Ron, &report)).unwrap();
            let back = load::plan_from_str(&exported, "exported.plan.ron", portfolio)
                .unwrap_or_else(|e| panic!("the ron export does not load: {e}\n{exported}"));
            assert_eq!(back.value, loaded.value, "the ron export is the same plan");
        }
        Err(e) => {
            check_refusal(&text, e);
            if let Ok(parsed) = load::parse_ron::<Plan>(&text, file) {
                exercise(&scorer, &WavePlan::from_plan(&parsed, &graph));
            }
        }
    }
    result.map(drop)
}

/// The weights loader; accepted weights score the retail sample, plan it and export it.
pub fn weights(data: &[u8]) -> Result<(), LoadError> {
    let file = "fuzz-weights.ron";
    let text = load::text_from_bytes(data.to_vec(), file).inspect_err(check_unreadable)?;
    let weights = Weights::from_str(&text, file).inspect_err(|e| check_refusal(&text, e))?;
    let portfolio = retail();
    let graph = DependencyGraph::build(portfolio);
    let scorer = Scorer::new(portfolio, &graph, &weights);
    let planned = auto_plan(&scorer, &Capacity::default()).plan;
    exercise(&scorer, &planned);
    Ok(())
}

/// The CSV import: the apps table, then a NUL byte, then the dependencies table (no NUL: no
/// dependencies file content).
pub fn import_csv(data: &[u8]) -> Result<(), LoadError> {
    let (apps, deps) = match data.iter().position(|&b| b == 0) {
        Some(cut) => (&data[..cut], &data[cut + 1..]),
        None => (data, &[][..]),
    };
    let apps = load::text_from_bytes(apps.to_vec(), "apps.csv").inspect_err(check_unreadable)?;
    let deps = load::text_from_bytes(deps.to_vec(), "deps.csv").inspect_err(check_unreadable)?;
    let imported = import::csv::import(
        import::csv::Input {
            file: "apps.csv",
            text: &apps,
        },
        Some(import::csv::Input {
            file: "deps.csv",
            text: &deps,
        }),
        "fuzz",
        import::csv::Options {
            map: &import::ImportMap::default(),
            waves_from: Some("wave"),
        },
    )
    .inspect_err(check_import_refusal)?;
    check_imported(&imported);
    Ok(())
}

/// The Backstage import: a catalog as a file would give it.
pub fn import_backstage(data: &[u8]) -> Result<(), LoadError> {
    let file = "catalog.yaml";
    let text = load::text_from_bytes(data.to_vec(), file).inspect_err(check_unreadable)?;
    let imported =
        import::backstage::import(&text, file, "fuzz").inspect_err(check_import_refusal)?;
    check_imported(&imported);
    Ok(())
}

/// The ServiceNow import: the configuration items, then a NUL byte, then the relationships.
pub fn import_servicenow(data: &[u8]) -> Result<(), LoadError> {
    let (cis, rels) = match data.iter().position(|&b| b == 0) {
        Some(cut) => (&data[..cut], &data[cut + 1..]),
        None => (data, &[][..]),
    };
    let cis = load::text_from_bytes(cis.to_vec(), "cis.csv").inspect_err(check_unreadable)?;
    let rels = load::text_from_bytes(rels.to_vec(), "rels.csv").inspect_err(check_unreadable)?;
    let imported = import::servicenow::import(
        import::csv::Input {
            file: "cis.csv",
            text: &cis,
        },
        Some(import::csv::Input {
            file: "rels.csv",
            text: &rels,
        }),
        "fuzz",
        &import::ImportMap::default(),
    )
    .inspect_err(check_import_refusal)?;
    check_imported(&imported);
    Ok(())
}

/// The connections import: one table.
pub fn import_connections(data: &[u8]) -> Result<(), LoadError> {
    let text = load::text_from_bytes(data.to_vec(), "c.csv").inspect_err(check_unreadable)?;
    let imported = import::connections::import(
        import::csv::Input {
            file: "c.csv",
            text: &text,
        },
        "fuzz",
        &import::ImportMap::default(),
    )
    .inspect_err(check_import_refusal)?;
    check_imported(&imported);
    Ok(())
}

/// An import's portfolio is one the loader accepts as it is, and it can be analysed.
fn check_imported(imported: &import::Imported) {
    let portfolio = &imported.portfolio;
    let written = portfolio_to_ron(portfolio);
    match load::portfolio_from_str(&written, "imported.ron") {
        Ok(back) => assert_eq!(&back.value, portfolio, "an import reads back the same"),
        Err(e) => panic!("an import wrote a portfolio the loader refuses: {e}\n{written}"),
    }
    for d in imported.warnings.iter() {
        check_printable(d);
    }
    for n in &imported.notes {
        let shown = n.to_string();
        assert!(!shown.chars().any(char::is_control), "{shown:?}");
    }
    if portfolio.apps.len() <= ANALYSE_UP_TO {
        let graph = DependencyGraph::build(portfolio);
        let scorer = Scorer::new(portfolio, &graph, default_weights());
        let planned = auto_plan(&scorer, &Capacity::default()).plan;
        exercise(&scorer, &planned);
    }
}

/// Analyse `plan`, recommend for every wave and one past the end, and render every export.
pub fn exercise(scorer: &Scorer<'_>, plan: &WavePlan) {
    let analysis = analyze(scorer, plan);
    for wave in 0..=plan.wave_count() + 1 {
        let _ = recommend(scorer, plan, wave, 3);
    }
    let report = Report::new(scorer, plan, &analysis, "fuzz.ron", Some("fuzz.plan.ron"));
    for app in 0..scorer.graph.app_count() {
        let card = report.card(app);
        assert!(card.ease <= 100 && card.coupling.value <= 100);
    }
    for format in ExportFormat::ALL {
        let bytes = render(format, &report);
        let text = String::from_utf8(bytes).expect("exports are UTF-8");
        if let Some(c) = text.chars().find(|&c| c != '\n' && c.is_control()) {
            panic!("{format}: control character {c:?} in the output");
        }
    }
}

/// A file that is not UTF-8: one error, at a place, exit status 2.
fn check_unreadable(e: &LoadError) {
    assert_eq!(e.exit_code(), 2, "{e}");
    assert!(e.diagnostics()[0].pos.is_some(), "{e}");
    e.diagnostics().iter().for_each(check_printable);
}

/// A refused RON file: at least one error; every place lies inside the text.
fn check_refusal(text: &str, e: &LoadError) {
    let diags = e.diagnostics();
    assert!(diags.iter().any(Diagnostic::is_error), "{diags:?}");
    let lines: Vec<&str> = text.split('\n').collect();
    for d in diags {
        check_printable(d);
        if let Some(p) = d.pos {
            assert!(p.line >= 1 && p.line <= lines.len(), "{d} in {text:?}");
            let len = lines[p.line - 1].chars().count();
            assert!(p.col >= 1 && p.col <= len + 1, "{d} in {text:?}");
        }
    }
}

/// A refused import: at least one error, all printable.
fn check_import_refusal(e: &LoadError) {
    let diags = e.diagnostics();
    assert!(diags.iter().any(Diagnostic::is_error), "{diags:?}");
    diags.iter().for_each(check_printable);
}

/// A diagnostic as printed holds no control character.
fn check_printable(d: &Diagnostic) {
    let shown = d.to_string();
    assert!(!shown.contains('\n'), "{shown:?}");
    assert!(!shown.chars().any(char::is_control), "{shown:?}");
}

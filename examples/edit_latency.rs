//! Edit latency, measured the way the board works: apply 1,000 random edits (move an app to
//! another wave) and after each bring scores, findings, recommendations and figures up to date.
//!
//!     cargo run --release --example edit_latency -- PORTFOLIO [--plan PLAN]
//!
//! Without a plan it starts from the automatic plan. The last line is
//! `edits=1000 p50_us=... p99_us=... max_us=... cpu_p50_us=... cpu_p99_us=... cpu_max_us=...`
//! (wall clock, then the thread's own CPU time).

#[path = "support/latency.rs"]
mod latency;

use std::path::PathBuf;

use rand::{RngExt, SeedableRng};
use rand_chacha::ChaCha8Rng;
use waveplan::analysis::planner::auto_plan;
use waveplan::analysis::{Capacity, LiveAnalysis, WavePlan};
use waveplan::graph::DependencyGraph;
use waveplan::score::{Scorer, Weights};

fn main() {
    let mut args = std::env::args().skip(1);
    let Some(path) = args.next().map(PathBuf::from) else {
        eprintln!("usage: edit_latency PORTFOLIO [--plan PLAN]");
        std::process::exit(2);
    };
    let plan_path = match (args.next().as_deref(), args.next()) {
        (Some("--plan"), Some(p)) => Some(PathBuf::from(p)),
        _ => None,
    };
    let portfolio = match waveplan::load::load_portfolio(&path) {
        Ok(l) => l.value,
        Err(e) => {
            eprintln!("{e}");
            std::process::exit(e.exit_code());
        }
    };
    let graph = DependencyGraph::build(&portfolio);
    let weights = Weights::default();
    let scorer = Scorer::new(&portfolio, &graph, &weights);
    let capacity = Capacity::default();
    let mut plan = match plan_path {
        Some(p) => match waveplan::load::load_plan(&p, &portfolio) {
            Ok(l) => WavePlan::from_plan(&l.value, &graph),
            Err(e) => {
                eprintln!("{e}");
                std::process::exit(e.exit_code());
            }
        },
        None => auto_plan(&scorer, &capacity).plan,
    };
    let movable: Vec<usize> = (0..graph.app_count())
        .filter(|&a| graph.is_movable(a))
        .collect();
    if movable.is_empty() || plan.wave_count() == 0 {
        eprintln!("the portfolio has no movable app or the plan no wave");
        std::process::exit(1);
    }
    println!(
        "{} apps, {} edges, {} waves",
        graph.app_count(),
        graph.edge_count(),
        plan.wave_count()
    );
    let mut rng = ChaCha8Rng::seed_from_u64(42);
    let mut times = latency::Samples::default();
    let mut checksum = 0u64;
    // The board keeps a live analysis with the recommendations of the focused wave.
    let mut live = LiveAnalysis::new(&scorer, &plan, 0, 3);
    for _ in 0..1000 {
        let app = movable[rng.random_range(0..movable.len())];
        let to = rng.random_range(0..=plan.wave_count());
        checksum += times.time(|| {
            plan.move_app(app, (to < plan.wave_count()).then_some(to));
            live.app_moved(&scorer, &plan, app);
            // What the screen shows after an edit: the figures of the waves in view (the one
            // the app went to and its neighbours), the header's counts, the moved app's
            // findings (its detail), the recommendations. (The whole list of findings is
            // written only when the findings overlay is open.)
            let shown = to.saturating_sub(2)..(to + 3).min(plan.wave_count());
            let figures: u64 = shown.map(|w| live.wave_figure(w).hybrid_cost).sum();
            let findings = live.findings_for(&scorer, &plan, app);
            live.hybrid_total()
                + live.recommendations().len() as u64
                + findings.len() as u64
                + figures
                + (live.errors() + live.warnings() + live.planned()) as u64
        });
    }
    println!("checksum {checksum}");
    println!("{}", times.report("edits"));
}

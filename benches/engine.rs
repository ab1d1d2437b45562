//! Benchmarks of the engine on generated portfolios of both shapes (see `support/portfolios.rs`):
//! what `check` does (load and validate, the graph) beside its floor (a plain serde parse, the
//! petgraph graph and its components: `support/floor.rs`), full analysis, one edit (full and
//! live), recommendations, the automatic planner.
//!
//!     cargo bench --bench engine                        # 10k and 100k apps
//!     WAVEPLAN_BENCH_1M=1 cargo bench --bench engine    # also 1M apps
//!     WAVEPLAN_BENCH_SMALL=1 cargo bench --bench engine # 1k apps only
//!
//! The ratio of `check/load_validate_graph` to `check/floor` is the one the README reports.

#[path = "support/floor.rs"]
mod floor;
#[path = "support/portfolios.rs"]
mod portfolios;

use std::hint::black_box;
use std::time::Duration;

use criterion::{BenchmarkId, Criterion, criterion_group, criterion_main};
use waveplan::analysis::planner::auto_plan;
use waveplan::analysis::{Capacity, LiveAnalysis, analyze, recommend};
use waveplan::graph::DependencyGraph;
use waveplan::load::portfolio_from_str;
use waveplan::model::write::portfolio_to_ron_compact;
use waveplan::score::{Scorer, Weights};

/// Steps that look at the whole portfolio on every edit run below this size only.
const WHOLE_PASS_MAX: usize = 100_000;

fn engine(c: &mut Criterion) {
    let mut check = c.benchmark_group("check");
    check
        .sample_size(10)
        .measurement_time(Duration::from_secs(3))
        .warm_up_time(Duration::from_millis(500));
    portfolios::each(|label, portfolio| {
        let text = portfolio_to_ron_compact(portfolio);
        check.bench_with_input(BenchmarkId::new("floor", label), &text, |b, text| {
            b.iter(|| floor::floor(black_box(text), false).map(|c| (c.apps, c.edges, c.components)))
        });
        check.bench_with_input(
            BenchmarkId::new("load_validate_graph", label),
            &text,
            |b, text| {
                b.iter(|| {
                    portfolio_from_str(black_box(text), "bench.ron")
                        .map(|l| DependencyGraph::build(&l.value).cycle_groups().len())
                })
            },
        );
    });
    check.finish();

    let mut group = c.benchmark_group("engine");
    group
        .sample_size(10)
        .measurement_time(Duration::from_secs(3))
        .warm_up_time(Duration::from_millis(500));
    portfolios::each(|label, portfolio| {
        let n = portfolio.apps.len();
        let graph = DependencyGraph::build(portfolio);
        group.bench_with_input(BenchmarkId::new("build_graph", label), portfolio, |b, p| {
            b.iter(|| DependencyGraph::build(black_box(p)).edge_count())
        });
        let weights = Weights::default();
        let scorer = Scorer::new(portfolio, &graph, &weights);
        let cap = Capacity::default();
        if n <= WHOLE_PASS_MAX {
            group.bench_with_input(BenchmarkId::new("auto_plan", label), &n, |b, _| {
                b.iter(|| auto_plan(&scorer, &cap).plan.wave_count())
            });
        }
        let plan = auto_plan(&scorer, &cap).plan;
        group.bench_with_input(BenchmarkId::new("full_analysis", label), &n, |b, _| {
            b.iter(|| analyze(&scorer, black_box(&plan)).hybrid.total)
        });
        let movable: Vec<usize> = (0..graph.app_count())
            .filter(|&a| graph.is_movable(a))
            .collect();
        if n <= WHOLE_PASS_MAX {
            let mut edited = plan.clone();
            let mut i = 0usize;
            group.bench_with_input(
                BenchmarkId::new("edit_full_analysis_and_recommend", label),
                &n,
                |b, _| {
                    b.iter(|| {
                        i = i.wrapping_add(7919);
                        let app = movable[i % movable.len()];
                        let to = i % edited.wave_count();
                        edited.move_app(app, Some(to));
                        let a = analyze(&scorer, &edited);
                        let r = recommend(&scorer, &edited, to, 3);
                        (a.hybrid.total, r.len())
                    })
                },
            );
        }
        let mut live_plan = plan.clone();
        let mut live = LiveAnalysis::new(&scorer, &live_plan, 0, 3);
        let mut j = 0usize;
        group.bench_with_input(BenchmarkId::new("edit_live_update", label), &n, |b, _| {
            b.iter(|| {
                j = j.wrapping_add(7919);
                let app = movable[j % movable.len()];
                let to = j % live_plan.wave_count();
                live_plan.move_app(app, Some(to));
                live.app_moved(&scorer, &live_plan, app);
                (
                    live.hybrid_total(),
                    live.warnings(),
                    live.recommendations().len(),
                    live.findings_for(&scorer, &live_plan, app).len(),
                )
            })
        });
        group.bench_with_input(BenchmarkId::new("recommend_top3", label), &n, |b, _| {
            b.iter(|| recommend(&scorer, black_box(&plan), 0, 3).len())
        });
    });
    group.finish();
}

criterion_group!(benches, engine);
criterion_main!(benches);

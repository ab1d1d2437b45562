//! Benchmarks of the engine on generated portfolios: load and validate, the graph, full analysis,
//! analysis after one edit (full and live), recommendations, the automatic planner.
//!
//!     cargo bench --bench engine                 # 1k and 10k apps
//!     WAVEPLAN_BENCH_100K=1 cargo bench --bench engine   # also 100k apps

use std::hint::black_box;
use std::time::Duration;

use criterion::{BenchmarkId, Criterion, criterion_group, criterion_main};
use waveplan::analysis::planner::auto_plan;
use waveplan::analysis::{Capacity, LiveAnalysis, analyze, recommend};
use waveplan::graph::DependencyGraph;
use waveplan::load::portfolio_from_str;
use waveplan::model::write::portfolio_to_ron_compact;
use waveplan::score::{Scorer, Weights};

fn sizes() -> Vec<usize> {
    let mut s = vec![1_000, 10_000];
    if std::env::var_os("WAVEPLAN_BENCH_100K").is_some() {
        s.push(100_000);
    }
    s
}

fn engine(c: &mut Criterion) {
    let mut group = c.benchmark_group("engine");
    group
        .sample_size(10)
        .measurement_time(Duration::from_secs(3))
        .warm_up_time(Duration::from_millis(500));
    for n in sizes() {
        let portfolio = waveplan::generate::generate(n, 1);
        let text = portfolio_to_ron_compact(&portfolio);
        group.bench_with_input(BenchmarkId::new("load_validate", n), &text, |b, text| {
            b.iter(|| portfolio_from_str(black_box(text), "bench.ron").map(|l| l.value.apps.len()))
        });
        let graph = DependencyGraph::build(&portfolio);
        group.bench_with_input(BenchmarkId::new("build_graph", n), &portfolio, |b, p| {
            b.iter(|| DependencyGraph::build(black_box(p)).edge_count())
        });
        let weights = Weights::default();
        let scorer = Scorer::new(&portfolio, &graph, &weights);
        let cap = Capacity::default();
        group.bench_with_input(BenchmarkId::new("auto_plan", n), &n, |b, _| {
            b.iter(|| auto_plan(&scorer, &cap).plan.wave_count())
        });
        let plan = auto_plan(&scorer, &cap).plan;
        group.bench_with_input(BenchmarkId::new("full_analysis", n), &n, |b, _| {
            b.iter(|| analyze(&scorer, black_box(&plan)).hybrid.total)
        });
        let movable: Vec<usize> = (0..graph.app_count())
            .filter(|&a| graph.is_movable(a))
            .collect();
        let mut edited = plan.clone();
        let mut i = 0usize;
        group.bench_with_input(
            BenchmarkId::new("edit_full_analysis_and_recommend", n),
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
        let mut live_plan = plan.clone();
        let mut live = LiveAnalysis::new(&scorer, &live_plan, 0, 3);
        let mut j = 0usize;
        group.bench_with_input(BenchmarkId::new("edit_live_update", n), &n, |b, _| {
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
                )
            })
        });
        group.bench_with_input(BenchmarkId::new("recommend_top3", n), &n, |b, _| {
            b.iter(|| recommend(&scorer, black_box(&plan), 0, 3).len())
        });
    }
    group.finish();
}

criterion_group!(benches, engine);
criterion_main!(benches);

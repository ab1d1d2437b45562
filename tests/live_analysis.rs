//! The analysis kept up to date edit by edit equals the analysis computed from scratch, after
//! any sequence of edits.

use proptest::prelude::*;
use waveplan::analysis::{Analysis, Capacity, LiveAnalysis, WavePlan, analyze, recommend};
use waveplan::graph::DependencyGraph;
use waveplan::model::{App, Criticality, Dep, Hosting, Portfolio, State, Strategy as Seven, Via};
use waveplan::score::{Scorer, Weights};

#[derive(Debug, Clone)]
enum Edit {
    Move {
        app: usize,
        to: Option<usize>,
    },
    Insert {
        at: usize,
    },
    Remove {
        at: usize,
    },
    Swap {
        a: usize,
        b: usize,
    },
    Focus {
        wave: usize,
    },
    Capacity {
        max_apps: usize,
        max_stateful: usize,
        cache_stateful: bool,
    },
    Lock {
        wave: usize,
    },
    Pin {
        app: usize,
    },
}

fn portfolio() -> impl proptest::strategy::Strategy<Value = Portfolio> {
    (2usize..30).prop_flat_map(|n| {
        (
            prop::collection::vec(
                (
                    prop::sample::select(State::ALL.to_vec()),
                    prop::sample::select(Criticality::ALL.to_vec()),
                    0u8..10,
                    any::<bool>(),
                ),
                n,
            ),
            prop::collection::vec(
                (0..n, 0..n, prop::sample::select(Via::ALL.to_vec())),
                0..n * 3,
            ),
        )
            .prop_map(move |(apps, edges)| {
                let mut list: Vec<App> = apps
                    .into_iter()
                    .enumerate()
                    .map(|(i, (state, criticality, fate, owned))| {
                        let mut a = App::new(format!("a{i:02}"));
                        a.state = state;
                        a.criticality = criticality;
                        a.owner = owned.then(|| "team".to_string());
                        match fate {
                            0 => a.strategy = Seven::Retain,
                            1 => a.hosting = Hosting::Mainframe,
                            2 => a.legacy = true,
                            _ => {}
                        }
                        a
                    })
                    .collect();
                for (f, t, via) in edges {
                    let to = format!("a{t:02}");
                    if f != t
                        && !list[f]
                            .depends_on
                            .iter()
                            .any(|d| d.to == to && d.via == via)
                    {
                        list[f].depends_on.push(Dep {
                            to,
                            via,
                            ..Default::default()
                        });
                    }
                }
                Portfolio {
                    name: "p".into(),
                    apps: list,
                }
            })
    })
}

fn edits() -> impl proptest::strategy::Strategy<Value = Vec<Edit>> {
    prop::collection::vec(
        prop_oneof![
            8 => (0usize..30, prop::option::of(0usize..6)).prop_map(|(app, to)| Edit::Move { app, to }),
            1 => (0usize..6).prop_map(|at| Edit::Insert { at }),
            1 => (0usize..6).prop_map(|at| Edit::Remove { at }),
            1 => (0usize..6, 0usize..6).prop_map(|(a, b)| Edit::Swap { a, b }),
            1 => (0usize..7).prop_map(|wave| Edit::Focus { wave }),
            1 => (1usize..5, 0usize..3, any::<bool>()).prop_map(|(max_apps, max_stateful, cache_stateful)| Edit::Capacity { max_apps, max_stateful, cache_stateful }),
            1 => (0usize..6).prop_map(|wave| Edit::Lock { wave }),
            1 => (0usize..30).prop_map(|app| Edit::Pin { app }),
        ],
        1..40,
    )
}

fn same(
    live: &LiveAnalysis,
    scorer: &Scorer<'_>,
    plan: &WavePlan,
    top: usize,
) -> Result<(), TestCaseError> {
    let full: Analysis = analyze(scorer, plan);
    let got = live.to_analysis(scorer, plan);
    prop_assert_eq!(&got.scores, &full.scores);
    prop_assert_eq!(&got.hybrid, &full.hybrid);
    prop_assert_eq!(&got.waves, &full.waves);
    prop_assert_eq!(&got.findings, &full.findings);
    prop_assert_eq!(&got.marks, &full.marks);
    prop_assert_eq!(
        (got.errors, got.warnings, got.planned),
        (full.errors, full.warnings, full.planned)
    );
    prop_assert_eq!(
        live.recommendations(),
        &recommend(scorer, plan, live.focus(), top)[..]
    );
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    #[test]
    fn incremental_equals_full(portfolio in portfolio(), edits in edits(), waves in 0usize..4, cap in (1usize..5, 0usize..3, 1usize..3)) {
        let weights = Weights::default();
        let graph = DependencyGraph::build(&portfolio);
        let scorer = Scorer::new(&portfolio, &graph, &weights);
        let capacity = Capacity { max_apps: cap.0, max_stateful: cap.1, pilot: cap.2, ..Default::default() };
        let mut plan = WavePlan::with_capacity(graph.app_count(), capacity);
        for w in 0..waves {
            plan.insert_wave(w, "");
        }
        let top = 4;
        let mut live = LiveAnalysis::new(&scorer, &plan, 0, top);
        same(&live, &scorer, &plan, top)?;
        for edit in edits {
            match edit {
                Edit::Move { app, to } => {
                    let app = app % graph.app_count();
                    // The board never plans an app that never moves, but a loaded plan can.
                    if plan.move_app(app, to) {
                        live.app_moved(&scorer, &plan, app);
                    }
                }
                Edit::Insert { at } => {
                    if plan.insert_wave(at, "") {
                        live.rebuild(&scorer, &plan);
                    }
                }
                Edit::Remove { at } => {
                    if plan.remove_wave(at) {
                        live.rebuild(&scorer, &plan);
                    }
                }
                Edit::Swap { a, b } => {
                    if plan.swap_waves(a, b) {
                        live.rebuild(&scorer, &plan);
                    }
                }
                Edit::Focus { wave } => {
                    let wave = wave.min(plan.wave_count());
                    live.refocus(&scorer, &plan, wave);
                }
                Edit::Capacity { max_apps, max_stateful, cache_stateful } => {
                    let c = *plan.capacity();
                    let stateful = c.stateful.with(State::Cache, cache_stateful);
                    if plan.set_capacity(Capacity { max_apps, max_stateful, stateful, ..c }) {
                        live.rebuild(&scorer, &plan);
                    }
                }
                Edit::Lock { wave } => {
                    if plan.set_locked(wave, !plan.is_locked(wave)) {
                        live.rebuild(&scorer, &plan);
                    }
                }
                Edit::Pin { app } => {
                    let app = app % graph.app_count();
                    if plan.set_pinned(app, !plan.is_pinned(app)) {
                        live.rebuild(&scorer, &plan);
                    }
                }
            }
            same(&live, &scorer, &plan, top)?;
        }
    }
}

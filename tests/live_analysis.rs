//! The analysis kept up to date edit by edit equals the analysis computed from scratch, after
//! any sequence of the edits the board makes (moves of one app or of a group, new, deleted,
//! reordered and renamed waves, capacity changes, locks, pins, another focused wave), the
//! findings of each app included; and it reports every app whose scores or wave changed.

use proptest::prelude::*;
use waveplan::analysis::live::Changes;
use waveplan::analysis::{
    Analysis, Capacity, LiveAnalysis, WavePlan, analyze, recommend, recommend_full,
};
use waveplan::graph::DependencyGraph;
use waveplan::model::{App, Criticality, Dep, Hosting, Portfolio, State, Strategy as Seven, Via};
use waveplan::score::{Scorer, Weights};

#[derive(Debug, Clone)]
enum Edit {
    Move {
        app: usize,
        to: Option<usize>,
    },
    /// Several apps into one wave at once, as a pull of a move group.
    MoveMany {
        apps: Vec<usize>,
        to: usize,
    },
    Rename {
        wave: usize,
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
                            to: to.into(),
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
            2 => (prop::collection::vec(0usize..30, 1..5), 0usize..6).prop_map(|(apps, to)| Edit::MoveMany { apps, to }),
            1 => (0usize..6).prop_map(|wave| Edit::Rename { wave }),
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
    let note = recommend_full(scorer, plan, live.focus(), top).note;
    prop_assert_eq!(live.note(), note.as_deref());
    // The findings of each app, without listing the others.
    for app in 0..plan.app_count() {
        let named: Vec<_> = full
            .findings
            .iter()
            .filter(|f| f.apps(scorer.graph).contains(&app))
            .cloned()
            .collect();
        prop_assert_eq!(live.findings_for(scorer, plan, app), named, "app {}", app);
    }
    Ok(())
}

/// Every app whose scores or wave changed since `before` is among the changes (`renumbered`:
/// waves were inserted or removed, so waves keep their apps under new numbers).
fn reported(
    live: &mut LiveAnalysis,
    before: &(Vec<waveplan::score::Scores>, Vec<u32>),
    plan: &WavePlan,
    renumbered: bool,
) -> Result<(), TestCaseError> {
    match live.take_changes() {
        Changes::All => {}
        Changes::Apps(apps) => {
            for a in 0..plan.app_count() {
                if live.scores()[a] != before.0[a]
                    || (!renumbered && plan.ranks()[a] != before.1[a])
                {
                    prop_assert!(apps.contains(&a), "app {} changed unreported", a);
                }
            }
        }
    }
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
        let _ = live.take_changes();
        for edit in edits {
            let before = (live.scores().to_vec(), plan.ranks().to_vec());
            let renumbered = matches!(edit, Edit::Insert { .. } | Edit::Remove { .. });
            match edit {
                Edit::Move { app, to } => {
                    let app = app % graph.app_count();
                    // The board never plans an app that never moves, but a loaded plan can.
                    if plan.move_app(app, to) {
                        live.app_moved(&scorer, &plan, app);
                    }
                }
                Edit::MoveMany { apps, to } => {
                    let apps: Vec<usize> = apps.iter().map(|a| a % graph.app_count()).collect();
                    let mut moved = Vec::new();
                    for &a in &apps {
                        if plan.move_app(a, Some(to)) {
                            moved.push(a);
                        }
                    }
                    live.apps_moved(&scorer, &plan, &moved);
                }
                Edit::Rename { wave } => {
                    if plan.rename_wave(wave, format!("Renamed {wave}")) {
                        live.wave_renamed(&scorer, &plan);
                    }
                }
                Edit::Insert { at } => {
                    if plan.insert_wave(at, "") {
                        live.wave_inserted(&scorer, &plan, at);
                    }
                }
                Edit::Remove { at } => {
                    if plan.remove_wave(at) {
                        live.wave_removed(&scorer, &plan, at);
                    }
                }
                Edit::Swap { a, b } => {
                    if plan.swap_waves(a, b) {
                        live.waves_swapped(&scorer, &plan, a, b);
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
                        live.capacity_changed(&scorer, &plan);
                    }
                }
                Edit::Lock { wave } => {
                    if plan.set_locked(wave, !plan.is_locked(wave)) {
                        live.lock_changed(&scorer, &plan, wave);
                    }
                }
                Edit::Pin { app } => {
                    let app = app % graph.app_count();
                    if plan.set_pinned(app, !plan.is_pinned(app)) {
                        live.pin_changed(&scorer, &plan, app);
                    }
                }
            }
            same(&live, &scorer, &plan, top)?;
            reported(&mut live, &before, &plan, renumbered)?;
        }
    }
}

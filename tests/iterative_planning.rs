//! Planning in rounds: the capacity travels with the plan file (plan, check, export and the
//! board judge a plan by the same capacity), re-planning keeps locked waves and pinned apps
//! exactly, recommendations never offer what breaks the rules while something fits, and plan
//! diffs are complete (a plan against itself: nothing; A to B applied to A: B).

use std::path::{Path, PathBuf};

use assert_cmd::Command;
use proptest::prelude::*;
use waveplan::analysis::diff::diff;
use waveplan::analysis::planner::{Options, replan};
use waveplan::analysis::rules::unit_fits;
use waveplan::analysis::{Capacity, PlannedWave, WavePlan, recommend, recommend_full};
use waveplan::graph::DependencyGraph;
use waveplan::model::{App, Criticality, Dep, Portfolio, State, Strategy as Seven, Via};
use waveplan::score::{Scorer, Weights};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Run `waveplan ARGS` in `dir`: (exit code, stdout, stderr).
fn waveplan(dir: &Path, args: &[&str]) -> (i32, String, String) {
    let out = Command::cargo_bin("waveplan")
        .unwrap()
        .current_dir(dir)
        .args(args)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    assert!(!stderr.contains("panicked"), "{stderr}");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr,
    )
}

#[test]
fn a_plan_made_with_any_capacity_passes_check_and_export_with_it() {
    let dir = tempfile::tempdir().unwrap();
    let tt = root().join("tests/data/systems/train-ticket.ron");
    std::fs::copy(&tt, dir.path().join("tt.ron")).unwrap();
    let d = dir.path();
    let (code, _, err) = waveplan(
        d,
        &[
            "plan",
            "tt.ron",
            "--max-apps",
            "12",
            "--max-stateful",
            "6",
            "--pilot",
            "2",
            "-o",
            "next.plan.ron",
        ],
    );
    assert_eq!(code, 0, "{err}");
    let text = std::fs::read_to_string(d.join("next.plan.ron")).unwrap();
    assert!(
        text.contains("capacity: (max_apps: 12, max_stateful: 6, pilot: 2,"),
        "{text}"
    );
    let (code, out, err) = waveplan(d, &["check", "tt.ron", "--plan", "next.plan.ron"]);
    assert_eq!(code, 0, "{err}");
    assert!(!out.contains("its capacity is"), "{out}");
    assert!(
        out.contains("capacity      12 apps a wave, 6 stateful"),
        "{out}"
    );
    // The JSON export judges by the same capacity: no wave over it.
    let (code, out, err) = waveplan(
        d,
        &[
            "export",
            "tt.ron",
            "--plan",
            "next.plan.ron",
            "--format",
            "json",
        ],
    );
    assert_eq!(code, 0, "{err}");
    assert!(
        !out.contains("over-capacity"),
        "over capacity in the export"
    );
    // The flags override the file's capacity: with 3 apps a wave the same plan is over it.
    let (_, out, _) = waveplan(
        d,
        &[
            "check",
            "tt.ron",
            "--plan",
            "next.plan.ron",
            "--max-apps",
            "3",
        ],
    );
    assert!(out.contains("its capacity is 3"), "{out}");
    // The board opens the plan with its capacity.
    let portfolio = waveplan::load::load_portfolio(&d.join("tt.ron"))
        .unwrap()
        .value;
    let graph = DependencyGraph::build(&portfolio);
    let opening =
        waveplan::session::open_plan(&d.join("next.plan.ron"), &portfolio, &graph).unwrap();
    assert_eq!(opening.plan.capacity().max_apps, 12);
    assert_eq!(opening.plan.capacity().max_stateful, 6);
    assert_eq!(opening.plan.capacity().pilot, 2);
}

#[test]
fn every_command_uses_the_portfolios_own_plan_and_says_so() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    std::fs::copy(root().join("portfolios/retail.ron"), d.join("retail.ron")).unwrap();
    std::fs::write(
        d.join("retail.plan.ron"),
        "Plan(capacity: (max_apps: 4), waves: [(name: \"Pilot\", apps: [\"store-locator\"], locked: true), (apps: [\"cms\", \"cms-preview\", \"search\", \"search-index\", \"catalog-api\"])])",
    )
    .unwrap();
    for args in [
        &["check", "retail.ron"][..],
        &["score", "retail.ron"],
        &["recommend", "retail.ron", "--wave", "2"],
        &["export", "retail.ron", "--format", "csv"],
    ] {
        let (code, out, err) = waveplan(d, args);
        assert_eq!(code, 0, "{args:?}: {err}");
        assert!(
            err.contains("using the plan retail.plan.ron"),
            "{args:?}: {err}"
        );
        if args[0] == "check" {
            assert!(
                out.contains("Wave 2 holds 5 apps; its capacity is 4"),
                "{out}"
            );
        }
        if args[0] == "recommend" {
            assert!(out.contains("Wave 2 is full: 5 of 4 apps"), "{out}");
        }
    }
    // Re-planning from it keeps the locked pilot and refuses to write over the plan it reads.
    let (code, _, err) = waveplan(d, &["plan", "retail.ron", "-o", "retail.plan.ron"]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("that is the plan it re-plans"), "{err}");
    let (code, out, err) = waveplan(d, &["plan", "retail.ron"]);
    assert_eq!(code, 0, "{err}");
    assert!(err.contains("kept as they were: 1 locked wave"), "{err}");
    assert!(
        out.contains("name: \"Pilot\",\n            apps: [\n                \"store-locator\",\n            ],\n            locked: true,"),
        "{out}"
    );
}

#[test]
fn diff_reads_a_plan_from_git() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    std::fs::copy(root().join("portfolios/retail.ron"), d.join("retail.ron")).unwrap();
    let git = |args: &[&str]| {
        let ok = std::process::Command::new("git")
            .current_dir(d)
            .args(args)
            .env("GIT_AUTHOR_NAME", "t")
            .env("GIT_AUTHOR_EMAIL", "t@example.com")
            .env("GIT_COMMITTER_NAME", "t")
            .env("GIT_COMMITTER_EMAIL", "t@example.com")
            .status()
            .unwrap()
            .success();
        assert!(ok, "git {args:?}");
    };
    git(&["init", "-q"]);
    std::fs::write(
        d.join("retail.plan.ron"),
        "Plan(waves: [(name: \"Pilot\", apps: [\"store-locator\", \"cms-preview\"])])",
    )
    .unwrap();
    git(&["add", "."]);
    git(&["commit", "-qm", "first plan"]);
    std::fs::write(
        d.join("retail.plan.ron"),
        "Plan(capacity: (max_apps: 8), waves: [(name: \"Pilot\", apps: [\"store-locator\"], locked: true), (name: \"Content\", apps: [\"cms-preview\", \"cms\"])])",
    )
    .unwrap();
    let (code, out, err) = waveplan(d, &["diff", "retail.ron", "git:HEAD", "retail.plan.ron"]);
    assert_eq!(code, 0, "{err}");
    for expected in [
        "apps a wave 10 → 8",
        "locked Pilot",
        "added Content (2 apps)",
        "cms-preview: Pilot → Content",
        "cms: unplanned → Content",
        "hybrid cost",
    ] {
        assert!(out.contains(expected), "{expected}: {out}");
    }
    let (code, out, _) = waveplan(
        d,
        &["diff", "retail.ron", "retail.plan.ron", "retail.plan.ron"],
    );
    assert_eq!(code, 0);
    assert!(out.contains("no changes"), "{out}");
    let (code, out, _) = waveplan(
        d,
        &[
            "diff",
            "retail.ron",
            "git:HEAD",
            "retail.plan.ron",
            "--format",
            "json",
        ],
    );
    assert_eq!(code, 0);
    let doc: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(doc["moves"].as_array().unwrap().len(), 2);
    let (code, _, err) = waveplan(d, &["diff", "retail.ron", "git:nope", "retail.plan.ron"]);
    assert_eq!(code, 2);
    assert!(err.contains("git cannot give"), "{err}");
}

/// Small random portfolios: services, stores and a few apps that never move, linked at random.
fn portfolio() -> impl Strategy<Value = Portfolio> {
    (3usize..14).prop_flat_map(|n| {
        (
            prop::collection::vec((0u8..10, 0u8..4, any::<bool>()), n),
            prop::collection::vec(
                (0..n, 0..n, prop::sample::select(Via::ALL.to_vec())),
                0..n * 2,
            ),
        )
            .prop_map(move |(apps, edges)| {
                let mut list: Vec<App> = apps
                    .into_iter()
                    .enumerate()
                    .map(|(i, (kind, crit, owned))| {
                        let mut a = App::new(format!("a{i:02}"));
                        a.owner = owned.then(|| "team".to_string());
                        a.criticality = Criticality::ALL[crit as usize];
                        match kind {
                            0 | 1 => a.state = State::Database,
                            2 => a.state = State::Cache,
                            3 => a.state = State::Queue,
                            4 => a.strategy = Seven::Retain,
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
                        list[f].depends_on.push(Dep::new(to, via));
                    }
                }
                Portfolio {
                    name: "p".into(),
                    apps: list,
                }
            })
    })
}

/// A plan of `graph` from a placement (wave per app, `None` unplanned), `k` waves.
#[test]
fn an_unnamed_wave_is_known_by_its_place_in_a_diff() {
    let portfolio = Portfolio {
        name: String::new(),
        apps: ["a", "b", "c", "d"].into_iter().map(App::new).collect(),
    };
    let graph = DependencyGraph::build(&portfolio);
    let weights = Weights::default();
    let scorer = Scorer::new(&portfolio, &graph, &weights);
    let cap = Capacity::default();
    // The automatic plan swapped what the first and the last unnamed waves hold; `c` stayed.
    let old = plan_of(&graph, cap, &[Some(0), Some(0), Some(1), Some(2)], 3);
    let new = plan_of(&graph, cap, &[Some(2), Some(2), Some(1), Some(0)], 3);
    let d = diff(&scorer, &old, &new);
    assert!(d.waves.iter().all(|w| !w.reordered), "{:?}", d.waves);
    let moved: Vec<(usize, Option<usize>, Option<usize>)> =
        d.moves.iter().map(|m| (m.app, m.from, m.to)).collect();
    assert_eq!(
        moved,
        [
            (0, Some(0), Some(2)),
            (1, Some(0), Some(2)),
            (3, Some(2), Some(0))
        ]
    );
    let said = d.describe(&scorer, &old, &new);
    assert!(said.waves.is_empty(), "{:?}", said.waves);
    assert!(
        said.apps.iter().all(|l| !l.starts_with("c:")),
        "{:?}",
        said.apps
    );
    let made = d.apply(&old);
    assert!((0..4).all(|a| made.wave_of(a) == new.wave_of(a)));
}

fn plan_of(
    graph: &DependencyGraph,
    cap: Capacity,
    placement: &[Option<usize>],
    k: usize,
) -> WavePlan {
    let mut waves: Vec<PlannedWave> = (0..k).map(|_| PlannedWave::default()).collect();
    for (a, w) in placement.iter().enumerate().take(graph.app_count()) {
        if let Some(w) = w
            && *w < k
            && graph.is_movable(a)
        {
            waves[*w].apps.push(a);
        }
    }
    WavePlan::from_waves(graph.app_count(), cap, waves)
}

fn capacity() -> impl Strategy<Value = Capacity> {
    (1usize..5, 1usize..3, 1usize..3).prop_map(|(max_apps, max_stateful, pilot)| Capacity {
        max_apps,
        max_stateful,
        pilot,
        ..Capacity::default()
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(96))]

    /// Re-planning keeps every locked wave (its apps, name and place) and every pinned app in
    /// its wave, and places every other movable app.
    #[test]
    fn replanning_keeps_locks_and_pins_exactly(
        portfolio in portfolio(),
        cap in capacity(),
        placement in prop::collection::vec(prop::option::of(0usize..4), 14),
        k in 1usize..4,
        locks in prop::collection::vec(any::<bool>(), 4),
        pins in prop::collection::vec(prop::bool::weighted(0.2), 14),
    ) {
        let graph = DependencyGraph::build(&portfolio);
        let weights = Weights::default();
        let scorer = Scorer::new(&portfolio, &graph, &weights);
        let mut current = plan_of(&graph, cap, &placement, k);
        for (w, &lock) in locks.iter().enumerate().take(k) {
            current.rename_wave(w, format!("W{w}"));
            current.set_locked(w, lock);
        }
        for (a, &pin) in pins.iter().enumerate().take(graph.app_count()) {
            current.set_pinned(a, pin);
        }
        let auto = replan(&scorer, &current, &Options::default());
        let next = auto.plan.clone();
        prop_assert_eq!(next.capacity(), current.capacity());
        // The bound it gives holds for plans that keep the same waves and pins.
        let cost = waveplan::analysis::HybridCost::of(&scorer, &next).total;
        prop_assert!(auto.bound.is_some_and(|b| b.lower <= cost), "{:?} above {}", auto.bound, cost);
        let last_kept = (0..k).rev().find(|&w| current.is_locked(w) || current.waves()[w].apps.iter().any(|&a| current.is_pinned(a)));
        for w in 0..k {
            if current.is_locked(w) {
                prop_assert_eq!(&next.waves()[w].apps, &current.waves()[w].apps);
                prop_assert!(next.is_locked(w));
            }
            if last_kept.is_some_and(|l| w <= l) {
                prop_assert_eq!(&next.waves()[w].name, &current.waves()[w].name);
            }
        }
        for a in 0..graph.app_count() {
            if current.is_pinned(a) {
                prop_assert_eq!(next.wave_of(a), current.wave_of(a));
                prop_assert!(next.is_pinned(a));
            }
            if graph.is_movable(a) {
                prop_assert!(next.wave_of(a).is_some(), "app {} left out", a);
            }
        }
    }

    /// A recommendation that breaks a rule comes only when no unit fits the wave; a unit that
    /// fits breaks nothing.
    #[test]
    fn recommendations_fit_while_something_fits(
        portfolio in portfolio(),
        cap in capacity(),
        placement in prop::collection::vec(prop::option::of(0usize..4), 14),
        k in 0usize..4,
        wave in 0usize..4,
    ) {
        let graph = DependencyGraph::build(&portfolio);
        let weights = Weights::default();
        let scorer = Scorer::new(&portfolio, &graph, &weights);
        let plan = plan_of(&graph, cap, &placement, k);
        let wave = wave.min(plan.wave_count());
        let load = waveplan::analysis::recommend::wave_load(&scorer, &plan, wave);
        // Every unit a recommendation can be: the candidates of each move group, or one app.
        let ranks = plan.ranks();
        let candidate = |a: usize| graph.is_movable(a) && ranks[a] as usize > wave && !plan.is_kept(a);
        let mut units: Vec<Vec<usize>> = graph
            .move_groups()
            .iter()
            .map(|g| g.iter().copied().filter(|&a| candidate(a)).collect::<Vec<_>>())
            .filter(|u| !u.is_empty())
            .collect();
        units.extend((0..graph.app_count()).filter(|&a| candidate(a) && graph.move_group_of(a).is_none()).map(|a| vec![a]));
        let some_fit = units.iter().any(|u| unit_fits(&scorer, &plan, u, wave, load));
        let full = recommend_full(&scorer, &plan, wave, 100);
        prop_assert_eq!(full.items.len() <= units.len(), true);
        for r in &full.items {
            if some_fit {
                prop_assert!(r.breaks.is_empty(), "{:?} offered while a unit fits", r.breaks);
            }
            prop_assert_eq!(r.breaks.is_empty(), unit_fits(&scorer, &plan, &r.apps, wave, load));
        }
        prop_assert_eq!(full.note.is_some(), !some_fit && !units.is_empty());
        prop_assert_eq!(recommend(&scorer, &plan, wave, 100), full.items);
    }

    /// A plan against itself has no changes; the changes from A to B, made to A, give B.
    #[test]
    fn diffs_are_complete(
        portfolio in portfolio(),
        cap_a in capacity(),
        cap_b in capacity(),
        a in prop::collection::vec(prop::option::of(0usize..4), 14),
        b in prop::collection::vec(prop::option::of(0usize..4), 14),
        ka in 0usize..4,
        kb in 0usize..4,
        names in prop::collection::vec(prop::sample::select(vec!["", "", "Pilot", "Later", "Payments"]), 8),
        flags in prop::collection::vec(any::<bool>(), 8),
    ) {
        let graph = DependencyGraph::build(&portfolio);
        let weights = Weights::default();
        let scorer = Scorer::new(&portfolio, &graph, &weights);
        let mut old = plan_of(&graph, cap_a, &a, ka);
        let mut new = plan_of(&graph, cap_b, &b, kb);
        for (w, name) in names.iter().enumerate().take(ka) {
            old.rename_wave(w, *name);
        }
        for (w, (name, &lock)) in names[4..].iter().zip(&flags).enumerate().take(kb) {
            new.rename_wave(w, *name);
            new.set_locked(w, lock);
        }
        for app in 0..graph.app_count().min(4) {
            new.set_pinned(app, flags[4 + app]);
        }
        prop_assert!(diff(&scorer, &old, &old).is_empty());
        prop_assert!(diff(&scorer, &new, &new).is_empty());
        let d = diff(&scorer, &old, &new);
        let made = d.apply(&old);
        let sorted = |p: &WavePlan| -> Vec<(String, bool, Vec<usize>)> {
            p.waves().iter().map(|w| {
                let mut apps = w.apps.clone();
                apps.sort_unstable();
                (w.name.clone(), w.locked, apps)
            }).collect()
        };
        prop_assert_eq!(sorted(&made), sorted(&new));
        prop_assert_eq!(made.capacity(), new.capacity());
        for app in 0..graph.app_count() {
            prop_assert_eq!(made.is_pinned(app), new.is_pinned(app));
            prop_assert_eq!(made.wave_of(app), new.wave_of(app));
        }
        prop_assert_eq!(d.is_empty(), sorted(&old) == sorted(&new) && old.capacity() == new.capacity() && (0..graph.app_count()).all(|x| old.is_pinned(x) == new.is_pinned(x)));
    }
}

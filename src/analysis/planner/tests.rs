//! The planner's steps on hand-made portfolios, and its plans against an exhaustive search on
//! tiny ones.

use super::*;
use crate::graph::DependencyGraph;
use crate::model::{App, Criticality, Dep, Portfolio, State, Via};
use crate::score::Weights;

mod exhaustive;

fn app(id: &str, deps: &[(&str, Via)]) -> App {
    let mut a = App::new(id);
    a.owner = Some("team".into());
    a.criticality = Criticality::Low;
    a.depends_on = deps.iter().map(|(t, v)| Dep::new(*t, *v)).collect();
    a
}

fn store(id: &str) -> App {
    let mut a = app(id, &[]);
    a.state = State::Database;
    a
}

fn portfolio(apps: Vec<App>) -> Portfolio {
    Portfolio {
        name: "t".into(),
        apps,
    }
}

struct Fixture {
    portfolio: Portfolio,
    graph: DependencyGraph,
    weights: Weights,
}

impl Fixture {
    fn new(apps: Vec<App>) -> Fixture {
        let portfolio = portfolio(apps);
        let graph = DependencyGraph::build(&portfolio);
        Fixture {
            portfolio,
            graph,
            weights: Weights::default(),
        }
    }

    fn scorer(&self) -> Scorer<'_> {
        Scorer::new(&self.portfolio, &self.graph, &self.weights)
    }

    fn wave(&self, plan: &WavePlan, id: &str) -> Option<usize> {
        plan.wave_of(self.graph.find(id).unwrap())
    }
}

fn cost(scorer: &Scorer<'_>, plan: &WavePlan) -> u64 {
    crate::analysis::HybridCost::of(scorer, plan).total
}

#[test]
fn a_service_moves_with_its_database() {
    // Two services, each with its own database, and a third that calls both.
    let f = Fixture::new(vec![
        app(
            "orders",
            &[("orders-db", Via::Database), ("billing", Via::Http)],
        ),
        store("orders-db"),
        app("billing", &[("billing-db", Via::Database)]),
        store("billing-db"),
        app("web", &[("orders", Via::Http), ("billing", Via::Http)]),
    ]);
    let s = f.scorer();
    let cap = Capacity {
        max_stateful: 1,
        ..Capacity::default()
    };
    let plan = auto_plan(&s, &cap).plan;
    assert_eq!(f.wave(&plan, "orders"), f.wave(&plan, "orders-db"));
    assert_eq!(f.wave(&plan, "billing"), f.wave(&plan, "billing-db"));
    let a = crate::analysis::analyze(&s, &plan);
    assert!(
        !a.findings
            .iter()
            .any(|x| x.code() == "hard-dependency-across-boundary"),
        "{:?}",
        a.findings
    );
}

#[test]
fn a_store_shared_by_several_apps_joins_the_group_of_its_users() {
    let f = Fixture::new(vec![
        app("a", &[("shared-db", Via::Database)]),
        app("b", &[("shared-db", Via::Database)]),
        app("c", &[("shared-db", Via::File)]),
        store("shared-db"),
        app("d", &[("a", Via::Http)]),
    ]);
    let s = f.scorer();
    let plan = auto_plan(&s, &Capacity::default()).plan;
    let w = f.wave(&plan, "shared-db");
    for id in ["a", "b", "c"] {
        assert_eq!(f.wave(&plan, id), w, "{id}");
    }
}

#[test]
fn the_pilot_is_boring() {
    // Everything is linked to everything through the hub; only `quiet` is fit for the pilot.
    let mut risky = app("risky", &[("hub", Via::Http)]);
    risky.criticality = Criticality::High;
    let mut unowned = app("unowned", &[("hub", Via::Http)]);
    unowned.owner = None;
    let mut tagged = app("tagged", &[("hub", Via::Http)]);
    tagged.tags = vec!["pci".into()];
    let mut old = app("old", &[("hub", Via::Http)]);
    old.legacy = true;
    let f = Fixture::new(vec![
        app("hub", &[]),
        risky,
        unowned,
        tagged,
        old,
        app("reads", &[("db", Via::Database), ("hub", Via::Http)]),
        store("db"),
        app("quiet", &[("hub", Via::Http)]),
    ]);
    let s = f.scorer();
    let plan = auto_plan(&s, &Capacity::default()).plan;
    for &a in &plan.waves()[0].apps {
        let id = f.portfolio.apps[a].id.as_str();
        assert!(["hub", "quiet"].contains(&id), "{id} is in the pilot");
    }
    let a = crate::analysis::analyze(&s, &plan);
    assert!(!a.findings.iter().any(|x| x.code() == "pilot-rule"));
}

#[test]
fn a_cache_does_not_count_as_stateful() {
    // Six services, each with its own cache: one wave holds them all.
    let mut apps = Vec::new();
    for i in 0..4 {
        let mut cache = app(&format!("cache{i}"), &[]);
        cache.state = State::Cache;
        apps.push(app(
            &format!("svc{i}"),
            &[(&format!("cache{i}"), Via::Database)],
        ));
        apps.push(cache);
    }
    let f = Fixture::new(apps);
    let s = f.scorer();
    let cap = Capacity {
        max_apps: 10,
        pilot: 10,
        ..Capacity::default()
    };
    let plan = auto_plan(&s, &cap).plan;
    assert_eq!(plan.wave_count(), 1, "{:?}", plan.waves());
}

#[test]
fn an_oversized_group_is_cut_where_the_fewest_hard_links_break() {
    // Two clusters of three apps on one shared file system each, joined by one hard link:
    // waves of three must cut that link and no other.
    let f = Fixture::new(vec![
        app("a1", &[("a2", Via::File), ("a3", Via::File)]),
        app("a2", &[("a3", Via::File)]),
        app("a3", &[("b1", Via::File)]),
        app("b1", &[("b2", Via::File), ("b3", Via::File)]),
        app("b2", &[("b3", Via::File)]),
        app("b3", &[]),
    ]);
    let s = f.scorer();
    let cap = Capacity {
        max_apps: 3,
        pilot: 3,
        ..Capacity::default()
    };
    let auto = auto_plan(&s, &cap);
    assert_eq!(auto.cut_groups.len(), 1);
    let a3 = f.graph.find("a3").unwrap();
    let b1 = f.graph.find("b1").unwrap();
    assert_eq!(auto.cut_groups[0].broken, vec![(a3, b1)]);
    assert_eq!(f.wave(&auto.plan, "a1"), f.wave(&auto.plan, "a3"));
    assert_eq!(f.wave(&auto.plan, "b1"), f.wave(&auto.plan, "b3"));
    // The two halves move in consecutive waves.
    let (wa, wb) = (
        f.wave(&auto.plan, "a1").unwrap(),
        f.wave(&auto.plan, "b1").unwrap(),
    );
    assert_eq!(wa.abs_diff(wb), 1);
}

#[test]
fn waves_that_fit_together_are_merged() {
    // A chain of eight apps with room for all in two waves: no third wave, no empty one.
    let ids: Vec<String> = (0..8).map(|i| format!("n{i}")).collect();
    let apps: Vec<App> = (0..8)
        .map(|i| {
            let deps: Vec<(&str, Via)> = if i + 1 < 8 {
                vec![(ids[i + 1].as_str(), Via::Http)]
            } else {
                vec![]
            };
            app(&ids[i], &deps)
        })
        .collect();
    let f = Fixture::new(apps);
    let s = f.scorer();
    let cap = Capacity {
        max_apps: 6,
        pilot: 2,
        ..Capacity::default()
    };
    let auto = auto_plan(&s, &cap);
    assert_eq!(auto.plan.wave_count(), 2, "{:?}", auto.plan.waves());
    assert!(auto.plan.waves().iter().all(|w| !w.apps.is_empty()));
    // A chain cut once costs one link for one wave.
    assert_eq!(cost(&s, &auto.plan), 2);
    assert!(auto.bound.is_some_and(|b| b.proven));
}

#[test]
fn a_one_app_pilot_when_that_is_cheaper() {
    // A star: the hub and its five leaves fit one wave; a pilot of three would cut links.
    let mut apps = vec![app("hub", &[])];
    for i in 0..5 {
        apps.push(app(&format!("leaf{i}"), &[("hub", Via::Http)]));
    }
    apps.push(app("alone", &[]));
    let f = Fixture::new(apps);
    let s = f.scorer();
    let auto = auto_plan(&s, &Capacity::default());
    assert_eq!(cost(&s, &auto.plan), 0);
    assert_eq!(auto.plan.waves()[0].apps.len(), 1);
}

#[test]
fn locked_waves_and_pins_stay_exactly_as_they_are() {
    let f = Fixture::new(vec![
        app("a", &[("b", Via::Http)]),
        app("b", &[("c", Via::Http)]),
        app("c", &[]),
        app("d", &[("a", Via::Http)]),
        app("e", &[("d", Via::Http)]),
    ]);
    let s = f.scorer();
    let ix = |id: &str| f.graph.find(id).unwrap();
    let mut current = WavePlan::empty(f.graph.app_count());
    current.insert_wave(0, "Done");
    current.insert_wave(1, "");
    current.move_app(ix("e"), Some(0));
    current.move_app(ix("c"), Some(1));
    current.set_locked(0, true);
    current.set_pinned(ix("c"), true);
    let auto = replan(&s, &current, &Options::default());
    assert_eq!(auto.plan.waves()[0].apps, vec![ix("e")]);
    assert!(auto.plan.is_locked(0));
    assert_eq!(auto.plan.waves()[0].name, "Done");
    assert_eq!(f.wave(&auto.plan, "c"), Some(1));
    assert!(auto.plan.is_pinned(ix("c")));
    assert_eq!(auto.plan.planned_count(), 5);
    assert_eq!(auto.kept.locked_waves, 1);
    assert_eq!(auto.kept.pinned, 1);
}

#[test]
fn the_same_input_gives_the_same_plan() {
    let p = crate::generate::generate(400, 3);
    let graph = DependencyGraph::build(&p);
    let weights = Weights::default();
    let s = Scorer::new(&p, &graph, &weights);
    let a = auto_plan(&s, &Capacity::default());
    let b = auto_plan(&s, &Capacity::default());
    assert_eq!(a.plan, b.plan);
}

#[test]
fn capacities_larger_than_any_wave_plan_everything_in_one_go() {
    let f = Fixture::new(vec![
        app("a", &[("b", Via::Http)]),
        app("b", &[("db", Via::Database)]),
        store("db"),
        app("c", &[]),
    ]);
    let s = f.scorer();
    let cap = Capacity {
        max_apps: usize::MAX,
        max_stateful: 1 << 40,
        pilot: usize::MAX,
        ..Capacity::default()
    };
    let auto = auto_plan(&s, &cap);
    assert_eq!(auto.plan.planned_count(), 4);
    assert!(auto.plan.wave_count() <= 2, "{:?}", auto.plan.waves());
}

#[test]
fn re_planning_around_a_late_pin_fills_the_waves_before_it() {
    // Six apps in a chain; the last one is pinned to wave 3 of a plan whose waves 1 and 2 held
    // the others: re-planned, the first waves are not left empty.
    let ids: Vec<String> = (0..6).map(|i| format!("n{i}")).collect();
    let apps: Vec<App> = (0..6)
        .map(|i| {
            let deps: Vec<(&str, Via)> = if i + 1 < 6 {
                vec![(ids[i + 1].as_str(), Via::Http)]
            } else {
                vec![]
            };
            app(&ids[i], &deps)
        })
        .collect();
    let f = Fixture::new(apps);
    let s = f.scorer();
    let ix = |id: &str| f.graph.find(id).unwrap();
    let cap = Capacity {
        max_apps: 2,
        pilot: 2,
        ..Capacity::default()
    };
    let mut current = WavePlan::with_capacity(f.graph.app_count(), cap);
    for w in 0..3 {
        current.insert_wave(w, "");
    }
    for (i, id) in ids.iter().enumerate() {
        current.move_app(ix(id), Some((i / 2).min(2)));
    }
    current.set_pinned(ix("n5"), true);
    let auto = replan(&s, &current, &Options::default());
    assert_eq!(f.wave(&auto.plan, "n5"), Some(2));
    for w in 0..2 {
        assert!(
            !auto.plan.waves()[w].apps.is_empty(),
            "wave {w} left empty: {:?}",
            auto.plan.waves()
        );
    }
    assert_eq!(auto.plan.planned_count(), 6);
}

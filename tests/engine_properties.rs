//! The properties of DESIGN.md section 3, and those of the planner, over random portfolios and
//! plans.

use proptest::prelude::*;
use waveplan::analysis::planner::{auto_plan, layered_plan};
use waveplan::analysis::{Capacity, HybridCost, WavePlan, analyze, recommend};
use waveplan::graph::DependencyGraph;
use waveplan::model::{
    App, Criticality, Dep, Hosting, Kind, Portfolio, State, Strategy as Seven, Via,
};
use waveplan::score::{PlanBoundary, Scorer, Weights};

fn app_strategy() -> impl Strategy<Value = App> {
    (
        prop::sample::select(Kind::ALL.to_vec()),
        prop::sample::select(Hosting::ALL.to_vec()),
        prop::sample::select(Seven::ALL.to_vec()),
        prop::sample::select(State::ALL.to_vec()),
        prop::sample::select(Criticality::ALL.to_vec()),
        0u32..5000,
        any::<bool>(),
        any::<bool>(),
        prop::sample::subsequence(vec!["pci", "gdpr", "web", "sox"], 0..3),
    )
        .prop_map(
            |(kind, hosting, strategy, state, criticality, data, legacy, owned, tags)| {
                let mut a = App::new("");
                a.kind = kind;
                a.hosting = hosting;
                a.strategy = strategy;
                a.state = state;
                a.criticality = criticality;
                a.data_gb = data as f64;
                a.legacy = legacy;
                a.owner = owned.then(|| "team".to_string());
                a.tags = tags.into_iter().map(String::from).collect();
                a
            },
        )
}

/// A random portfolio of 1..24 apps with random edges, and a random plan for it.
fn portfolio_and_plan() -> impl Strategy<Value = (Portfolio, Vec<Option<usize>>, usize)> {
    (1usize..24).prop_flat_map(|n| {
        (
            prop::collection::vec(app_strategy(), n),
            prop::collection::vec(
                (0..n, 0..n, prop::sample::select(Via::ALL.to_vec())),
                0..n * 3,
            ),
            prop::collection::vec(prop::option::of(0usize..4), n),
            1usize..5,
        )
            .prop_map(move |(mut apps, edges, waves, k)| {
                for (i, a) in apps.iter_mut().enumerate() {
                    a.id = format!("app{i}").into();
                }
                for (from, to, via) in edges {
                    if from != to
                        && !apps[from]
                            .depends_on
                            .iter()
                            .any(|d| d.to == format!("app{to}") && d.via == via)
                    {
                        apps[from].depends_on.push(Dep {
                            to: format!("app{to}").into(),
                            via,
                            ..Default::default()
                        });
                    }
                }
                let placement = waves.into_iter().map(|w| w.map(|w| w % k)).collect();
                (
                    Portfolio {
                        name: "random".into(),
                        apps,
                    },
                    placement,
                    k,
                )
            })
    })
}

fn build_plan(graph: &DependencyGraph, placement: &[Option<usize>], k: usize) -> WavePlan {
    let mut plan = WavePlan::empty(graph.app_count());
    for w in 0..k {
        plan.insert_wave(w, "");
    }
    for (a, w) in placement.iter().enumerate() {
        if graph.is_movable(a) {
            plan.move_app(a, *w);
        }
    }
    plan
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    /// Deterministic: the same input gives the same scores, findings and recommendations.
    #[test]
    fn deterministic((portfolio, placement, k) in portfolio_and_plan()) {
        let weights = Weights::default();
        let graph = DependencyGraph::build(&portfolio);
        let plan = build_plan(&graph, &placement, k);
        let scorer = Scorer::new(&portfolio, &graph, &weights);
        let a = analyze(&scorer, &plan);
        let b = analyze(&scorer, &plan);
        prop_assert_eq!(&a.scores, &b.scores);
        prop_assert_eq!(&a.findings, &b.findings);
        prop_assert_eq!(recommend(&scorer, &plan, 0, 5), recommend(&scorer, &plan, 0, 5));
        // Ranking order: ease descending, ties by the unit's first id.
        let recs = recommend(&scorer, &plan, 0, 50);
        for pair in recs.windows(2) {
            let (x, y) = (&pair[0], &pair[1]);
            prop_assert!(x.ease > y.ease || (x.ease == y.ease && portfolio.apps[x.apps[0]].id < portfolio.apps[y.apps[0]].id));
        }
    }

    /// Explainable: each score is the sum of its reasons before the clamp, and the numeric path
    /// agrees with the explained one.
    #[test]
    fn explainable((portfolio, placement, k) in portfolio_and_plan(), wave in 0u32..5) {
        let weights = Weights::default();
        let graph = DependencyGraph::build(&portfolio);
        let plan = build_plan(&graph, &placement, k);
        let scorer = Scorer::new(&portfolio, &graph, &weights);
        for app in 0..graph.app_count() {
            let boundary = PlanBoundary { ranks: plan.ranks(), wave };
            let card = scorer.explain(app, &boundary);
            for score in [&card.coupling, &card.statefulness, &card.risk] {
                prop_assert_eq!(score.points, score.reasons.iter().map(|r| r.points).sum::<u32>());
                prop_assert_eq!(score.value, score.points.min(100));
            }
            prop_assert_eq!(card.scores(), scorer.scores(app, &boundary));
            // Coupling reasons name the apps involved.
            for r in &card.coupling.reasons {
                prop_assert!(portfolio.apps.iter().any(|a| r.text.contains(a.id.as_str())), "{}", r.text);
            }
        }
    }

    /// Monotone: moving a partner of A to an earlier wave never raises A's coupling.
    #[test]
    fn earlier_partner_never_raises_coupling((portfolio, placement, k) in portfolio_and_plan(), pick in any::<prop::sample::Index>(), wave in 0u32..5) {
        let weights = Weights::default();
        let graph = DependencyGraph::build(&portfolio);
        let plan = build_plan(&graph, &placement, k);
        let scorer = Scorer::new(&portfolio, &graph, &weights);
        let app = pick.index(graph.app_count());
        let before = scorer.coupling_points(app, &PlanBoundary { ranks: plan.ranks(), wave });
        let partners: Vec<usize> = graph.outgoing(app).map(|e| e.to).chain(graph.incoming(app).map(|e| e.from)).collect();
        for p in partners {
            if !graph.is_movable(p) { continue; }
            let current = plan.wave_of(p).unwrap_or(k);
            for earlier in 0..current {
                let mut moved = plan.clone();
                moved.move_app(p, Some(earlier));
                let after = scorer.coupling_points(app, &PlanBoundary { ranks: moved.ranks(), wave });
                prop_assert!(after <= before, "moving {} to wave {} raised coupling {} -> {}", p, earlier, before, after);
            }
        }
    }

    /// Monotone: adding an edge to A never lowers its coupling.
    #[test]
    fn new_edge_never_lowers_coupling((portfolio, placement, k) in portfolio_and_plan(), a in any::<prop::sample::Index>(), b in any::<prop::sample::Index>(), via in prop::sample::select(Via::ALL.to_vec()), outgoing in any::<bool>(), wave in 0u32..5) {
        let weights = Weights::default();
        let n = portfolio.apps.len();
        let (a, b) = (a.index(n), b.index(n));
        prop_assume!(a != b);
        let graph = DependencyGraph::build(&portfolio);
        let plan = build_plan(&graph, &placement, k);
        let before = Scorer::new(&portfolio, &graph, &weights).coupling_points(a, &PlanBoundary { ranks: plan.ranks(), wave });
        let mut more = portfolio.clone();
        let (from, to) = if outgoing { (a, b) } else { (b, a) };
        let to_id = more.apps[to].id.clone();
        more.apps[from].depends_on.push(Dep { to: to_id, via, ..Default::default() });
        let graph2 = DependencyGraph::build(&more);
        let after = Scorer::new(&more, &graph2, &weights).coupling_points(a, &PlanBoundary { ranks: plan.ranks(), wave });
        prop_assert!(after >= before, "{} -> {}", before, after);
    }

    /// Anchored: no edges, Stateless, Low, an owner and no tags give ease 100, whatever the plan.
    #[test]
    fn anchored((mut portfolio, placement, k) in portfolio_and_plan(), wave in 0u32..5) {
        let mut anchor = App::new("anchor");
        anchor.criticality = Criticality::Low;
        anchor.owner = Some("team".into());
        portfolio.apps.push(anchor);
        let mut placement = placement;
        placement.push(None);
        let weights = Weights::default();
        let graph = DependencyGraph::build(&portfolio);
        let plan = build_plan(&graph, &placement, k);
        let scorer = Scorer::new(&portfolio, &graph, &weights);
        let last = portfolio.apps.len() - 1;
        prop_assert_eq!(scorer.explain(last, &PlanBoundary { ranks: plan.ranks(), wave }).ease, 100);
    }

    /// The planner places every movable app and nothing else, keeps move groups (cycle groups
    /// and apps joined by hard dependencies) whole unless it had to cut them, keeps the
    /// capacities, is deterministic and is never worse than the simple plans.
    #[test]
    fn planner_rules((portfolio, _placement, _k) in portfolio_and_plan(), max_apps in 1usize..6, max_stateful in 0usize..3, pilot in 1usize..4, seed in 0u64..4) {
        let weights = Weights::default();
        let graph = DependencyGraph::build(&portfolio);
        let scorer = Scorer::new(&portfolio, &graph, &weights);
        let cap = Capacity { max_apps, max_stateful, pilot, ..Default::default() };
        let result = auto_plan(&scorer, &cap);
        prop_assert_eq!(result.plan.clone(), auto_plan(&scorer, &cap).plan);
        for a in 0..graph.app_count() {
            prop_assert_eq!(result.plan.wave_of(a).is_some(), graph.is_movable(a));
        }
        let in_cut = |a: usize| result.cut_groups.iter().any(|g| g.members.contains(&a));
        for group in graph.cycle_groups() {
            let members: Vec<usize> = group.members.iter().copied().filter(|&m| graph.is_movable(m)).collect();
            if members.iter().any(|&m| in_cut(m)) { continue; }
            let waves: Vec<_> = members.iter().map(|&m| result.plan.wave_of(m)).collect();
            prop_assert!(waves.windows(2).all(|w| w[0] == w[1]), "group split: {:?}", waves);
        }
        for e in graph.edges() {
            if e.hard && graph.is_movable(e.from) && graph.is_movable(e.to) && !in_cut(e.from) {
                prop_assert_eq!(result.plan.wave_of(e.from), result.plan.wave_of(e.to), "hard edge {:?} split", e);
            }
        }
        for (w, wave) in result.plan.waves().iter().enumerate() {
            prop_assert!(!wave.apps.is_empty());
            let stateful = wave.apps.iter().filter(|&&a| cap.is_stateful(&portfolio.apps[a])).count();
            if w > 0 {
                prop_assert!(wave.apps.len() <= max_apps, "wave {} holds {}", w, wave.apps.len());
                prop_assert!(stateful <= max_stateful.max(1), "wave {} holds {} stateful", w, stateful);
            } else if wave.apps.len() > pilot {
                // only a move group too big for the pilot has it to itself
                prop_assert!(result.plan.wave_count() == 1 || wave.apps.len() <= max_apps, "pilot holds {}", wave.apps.len());
            }
        }
        // With a group cut for size the planner keeps its broken hard links close before it
        // lowers the hybrid cost; otherwise it is never worse than a simple plan.
        let cost = |p: &waveplan::analysis::WavePlan| HybridCost::of(&scorer, p).total;
        let auto = cost(&result.plan);
        if !result.cut_groups.is_empty() {
            return Ok(());
        }
        prop_assert!(auto <= cost(&layered_plan(&scorer, &cap)), "worse than layering");
        prop_assert!(auto <= cost(&waveplan::analysis::planner::affinity_plan(&scorer, &cap)), "worse than affinity");
        prop_assert!(auto <= cost(&waveplan::analysis::planner::random_plan(&scorer, &cap, seed)), "worse than a random order");
        if let Some(b) = result.bound {
            prop_assert!(b.lower <= auto);
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    /// The fast passes the board runs on every edit give the same numbers as scoring each app
    /// on its own boundary.
    #[test]
    fn fast_path_matches_explained((portfolio, placement, k) in portfolio_and_plan(), wave in 0u32..5) {
        let weights = Weights::default();
        let graph = DependencyGraph::build(&portfolio);
        let plan = build_plan(&graph, &placement, k);
        let scorer = Scorer::new(&portfolio, &graph, &weights);
        let analysis = analyze(&scorer, &plan);
        for app in 0..graph.app_count() {
            let boundary = PlanBoundary { ranks: plan.ranks(), wave: waveplan::analysis::Analysis::scored_wave(&plan, app) };
            prop_assert_eq!(analysis.scores[app], scorer.explain(app, &boundary).scores());
        }
        let candidates = scorer.candidate_couplings(plan.ranks(), wave);
        for (app, &points) in candidates.iter().enumerate() {
            if graph.is_movable(app) && plan.ranks()[app] > wave {
                let unit = waveplan::score::UnitBoundary { plan: PlanBoundary { ranks: plan.ranks(), wave }, graph: &graph, group: graph.move_group_of(app) };
                prop_assert_eq!(points, scorer.coupling_points(app, &unit));
            }
        }
        // Recommendations: a move group is one unit, never listed twice.
        let recs = recommend(&scorer, &plan, wave as usize, 100);
        let mut seen = std::collections::HashSet::new();
        for r in &recs {
            for &a in &r.apps {
                prop_assert!(seen.insert(a));
                prop_assert!(graph.is_movable(a) && plan.ranks()[a] > wave);
            }
            prop_assert!(r.apps.iter().all(|&a| graph.move_group_of(a) == graph.move_group_of(r.apps[0])));
            prop_assert!(r.apps.len() == 1 || graph.move_group_of(r.apps[0]).is_some());
        }
        // The hybrid cost in one pass equals the per-edge definition.
        prop_assert_eq!(analysis.hybrid.total, waveplan::analysis::HybridCost::total_of(&graph, &weights, plan.ranks(), plan.wave_count()));
        let mut by_definition = 0u64;
        for after in 0..plan.wave_count() as u32 {
            for e in graph.edges() {
                let on = |a: usize| plan.ranks()[a] <= after;
                if on(e.from) != on(e.to) {
                    by_definition += weights.hybrid.get(e.via) as u64;
                }
            }
        }
        prop_assert_eq!(analysis.hybrid.total, by_definition);
    }
}

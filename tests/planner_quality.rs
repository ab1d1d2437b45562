//! The automatic plan clearly beats the simple plans it is measured against.

use waveplan::analysis::planner::{auto_plan, layered_plan, random_plan};
use waveplan::analysis::{Capacity, HybridCost, analyze};
use waveplan::graph::DependencyGraph;
use waveplan::load::portfolio_from_str;
use waveplan::model::Portfolio;
use waveplan::score::{Scorer, Weights};

fn costs(portfolio: &Portfolio) -> (u64, u64, u64) {
    let weights = Weights::default();
    let graph = DependencyGraph::build(portfolio);
    let scorer = Scorer::new(portfolio, &graph, &weights);
    let cap = Capacity::default();
    let auto = auto_plan(&scorer, &cap).plan;
    let layered = layered_plan(&scorer, &cap);
    let random = random_plan(&scorer, &cap, 7);
    for plan in [&auto, &layered, &random] {
        assert_eq!(plan.planned_count(), graph.movable_count());
        let a = analyze(&scorer, plan, &cap);
        assert_eq!(
            a.hybrid.total,
            HybridCost::total_of(&graph, &weights, plan.ranks(), plan.wave_count())
        );
    }
    let cost = |p| analyze(&scorer, p, &cap).hybrid.total;
    (cost(&auto), cost(&layered), cost(&random))
}

fn sample(path: &str) -> Portfolio {
    let text = std::fs::read_to_string(path).unwrap();
    portfolio_from_str(&text, path).unwrap().value
}

#[test]
fn beats_layering_on_the_samples() {
    for path in ["portfolios/retail.ron", "portfolios/bank.ron"] {
        let (auto, layered, random) = costs(&sample(path));
        println!("{path}: automatic {auto}, layering {layered}, random {random}");
        assert!(
            auto * 10 < layered * 8,
            "{path}: automatic {auto} vs layering {layered}"
        );
        assert!(auto < random, "{path}: automatic {auto} vs random {random}");
    }
}

#[test]
fn beats_layering_on_generated_portfolios() {
    for seed in [1, 2] {
        let p = waveplan::generate::generate(1500, seed);
        let (auto, layered, random) = costs(&p);
        println!("generated 1500/{seed}: automatic {auto}, layering {layered}, random {random}");
        assert!(
            auto * 10 < layered * 8,
            "seed {seed}: automatic {auto} vs layering {layered}"
        );
        assert!(auto < random);
    }
}

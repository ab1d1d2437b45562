//! The automatic plan against the simple plans (dependencies first, affinity, ten random
//! orders, all cut to capacity under the same rules) and against the best possible plan, on
//! the samples, on models of public microservice systems and on generated portfolios. Prints
//! the README's table: `cargo test --release --test planner_quality -- --nocapture`.

use waveplan::analysis::planner::{affinity_plan, auto_plan, layered_plan, random_plan};
use waveplan::analysis::{Capacity, HybridCost, WavePlan, analyze};
use waveplan::graph::DependencyGraph;
use waveplan::load::portfolio_from_str;
use waveplan::model::Portfolio;
use waveplan::score::{Scorer, Weights};

struct Row {
    name: String,
    apps: usize,
    auto: u64,
    best: String,
    layered: u64,
    affinity: u64,
    random: u64,
}

fn measure(name: &str, portfolio: &Portfolio) -> Row {
    let weights = Weights::default();
    let graph = DependencyGraph::build(portfolio);
    let scorer = Scorer::new(portfolio, &graph, &weights);
    let cap = Capacity::default();
    let auto = auto_plan(&scorer, &cap);
    let cost = |plan: &WavePlan| {
        assert_eq!(plan.planned_count(), graph.movable_count(), "{name}");
        let a = analyze(&scorer, plan);
        assert_eq!(
            a.hybrid.total,
            HybridCost::total_of(&graph, &weights, plan.ranks(), plan.wave_count())
        );
        a.hybrid.total
    };
    let got = cost(&auto.plan);
    let best = match auto.bound {
        Some(b) if b.proven => {
            assert_eq!(b.lower, got, "{name}: proven optimal at another cost");
            format!("**{}** (proven)", thousands(got))
        }
        Some(b) => {
            assert!(
                b.lower <= got,
                "{name}: the bound {} passes the plan {got}",
                b.lower
            );
            format!(
                "≥ {} (within {:.0}%)",
                thousands(b.lower),
                auto.gap_percent(got).unwrap_or(f64::INFINITY).ceil()
            )
        }
        None => "–".to_string(),
    };
    let analysis = analyze(&scorer, &auto.plan);
    // The rules the plan keeps: no hard link left open between apps that both move, unless
    // the planner had to cut a group too large for a wave.
    if auto.cut_groups.is_empty() {
        for f in &analysis.findings {
            if let waveplan::analysis::FindingKind::HardDependencyAcrossBoundary {
                from, to, ..
            } = f.kind
            {
                assert!(
                    !graph.is_movable(from) || !graph.is_movable(to),
                    "{name}: {}",
                    f.message(portfolio, &graph, &auto.plan)
                );
            }
            assert_ne!(f.code(), "pilot-rule", "{name}");
        }
    }
    let (layered, affinity) = (
        cost(&layered_plan(&scorer, &cap)),
        cost(&affinity_plan(&scorer, &cap)),
    );
    // What `plan` prints of them is what they cost.
    let simple = auto.simple.expect("a plan made afresh");
    assert_eq!(
        (simple.layered, simple.affinity),
        (layered, affinity),
        "{name}"
    );
    Row {
        name: name.to_string(),
        apps: portfolio.apps.len(),
        auto: got,
        best,
        layered,
        affinity,
        random: (0..10)
            .map(|seed| cost(&random_plan(&scorer, &cap, seed)))
            .min()
            .unwrap_or(u64::MAX),
    }
}

/// 1234567 as "1,234,567".
fn thousands(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

fn file(path: &str) -> Portfolio {
    let text = std::fs::read_to_string(path).unwrap();
    portfolio_from_str(&text, path).unwrap().value
}

#[test]
fn the_automatic_plan_beats_the_simple_plans_and_nears_the_best_possible() {
    let mut rows = Vec::new();
    for path in [
        "portfolios/retail.ron",
        "portfolios/bank.ron",
        "tests/data/systems/sock-shop.ron",
        "tests/data/systems/spring-petclinic.ron",
        "tests/data/systems/online-boutique.ron",
        "tests/data/systems/deathstarbench-media.ron",
        "tests/data/systems/train-ticket.ron",
    ] {
        let name = path.rsplit('/').next().unwrap().trim_end_matches(".ron");
        rows.push(measure(name, &file(path)));
    }
    for (shape, label) in [
        (waveplan::generate::Shape::Estate, "generated"),
        (waveplan::generate::Shape::Tangled, "generated, tangled"),
    ] {
        let p = waveplan::generate::generate_shaped(2000, 1, shape);
        rows.push(measure(&format!("{label} (2,000 apps)"), &p));
    }
    println!(
        "| portfolio | apps | automatic | best possible | dependencies first | affinity | best of 10 random | automatic vs best simple |"
    );
    println!("|---|---:|---:|---:|---:|---:|---:|---:|");
    for r in &rows {
        let simple = r.layered.min(r.affinity).min(r.random);
        println!(
            "| {} | {} | **{}** | {} | {} | {} | {} | {:.0}% lower |",
            r.name,
            thousands(r.apps as u64),
            thousands(r.auto),
            r.best,
            thousands(r.layered),
            thousands(r.affinity),
            thousands(r.random),
            100.0 - 100.0 * r.auto as f64 / simple.max(1) as f64
        );
    }
    for r in &rows {
        let simple = r.layered.min(r.affinity).min(r.random);
        assert!(
            r.auto * 10 <= simple * 8,
            "{}: automatic {} is not 20% below the best simple plan {simple}",
            r.name,
            r.auto
        );
    }
}

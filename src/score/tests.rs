//! Hand-worked scores on a four-app portfolio; the expected numbers are computed in comments
//! from the built-in weights (assets/scoring.ron).

use super::*;
use crate::analysis::{Capacity, WavePlan, analyze, recommend};
use crate::load::portfolio_from_str;
use crate::model::Plan;

const SMALL: &str = r#"Portfolio(
    name: "Small",
    apps: [
        (id: "web", kind: Frontend, owner: "web-team", criticality: Low,
         depends_on: [(to: "api", via: Http), (to: "crm", via: Rpc)]),
        (id: "api", owner: "core", depends_on: [(to: "db", via: Database)]),
        (id: "db", kind: Database, state: Database, data_gb: 99, owner: "dba",
         criticality: High, tags: ["pci", "web"]),
        (id: "crm", owner: "sales", strategy: Retain, legacy: true, criticality: Low),
    ],
)"#;

struct Fixture {
    portfolio: Portfolio,
    graph: DependencyGraph,
    weights: Weights,
}

fn fixture() -> Fixture {
    let portfolio = portfolio_from_str(SMALL, "small.ron").unwrap().value;
    let graph = DependencyGraph::build(&portfolio);
    Fixture {
        portfolio,
        graph,
        weights: Weights::default(),
    }
}

fn plan(f: &Fixture, waves: &[&[&str]]) -> WavePlan {
    let plan = Plan {
        waves: waves
            .iter()
            .map(|ids| crate::model::Wave {
                name: String::new(),
                apps: ids.iter().map(|s| s.to_string()).collect(),
                notes: None,
                ..Default::default()
            })
            .collect(),
        ..Default::default()
    };
    WavePlan::from_plan(&plan, &f.graph)
}

#[test]
fn intrinsic_scores() {
    let f = fixture();
    let s = Scorer::new(&f.portfolio, &f.graph, &f.weights);
    let none = WavePlan::empty(4);
    let at = |app| {
        s.explain(
            app,
            &PlanBoundary {
                ranks: none.ranks(),
                wave: 0,
            },
        )
    };

    // web: HTTP call to api 8, RPC call to crm 14 + 6 (crm is legacy and never moves) = 28.
    // Stateless, Low, owned: statefulness 0, risk 0. Ease = 100 - round(50% * 28) = 86.
    let web = at(0);
    assert_eq!(web.coupling.points, 28);
    assert_eq!(web.statefulness.value, 0);
    assert_eq!(web.risk.value, 0);
    assert_eq!(web.ease, 86);
    assert_eq!(
        web.coupling.reasons[0].text,
        "1 legacy RPC call to legacy systems crm (never moves)"
    );
    assert_eq!(web.coupling.reasons[0].points, 20);
    assert_eq!(
        web.coupling.reasons[1].text,
        "1 HTTP call to api (unplanned)"
    );

    // api: database access to db 16, HTTP call from web 4 = 20; risk Medium 10.
    // Ease = 100 - round((50*20 + 20*10) / 100) = 100 - 12 = 88.
    let api = at(1);
    assert_eq!((api.coupling.value, api.risk.value, api.ease), (20, 10, 88));

    // db: database access from api 8. Statefulness: Database 50 + gravity round(10*log10(100)) = 20,
    // so 70. Risk: High 25 + one compliance tag (pci) 10 = 35.
    // Ease = 100 - round((50*8 + 30*70 + 20*35) / 100) = 100 - round(32.0) = 68.
    let db = at(2);
    assert_eq!(
        (
            db.coupling.value,
            db.statefulness.value,
            db.risk.value,
            db.ease
        ),
        (8, 70, 35, 68)
    );
    assert_eq!(db.risk.reasons.iter().map(|r| r.points).sum::<u32>(), 35);
}

#[test]
fn scores_against_a_plan() {
    let f = fixture();
    let s = Scorer::new(&f.portfolio, &f.graph, &f.weights);
    let p = plan(&f, &[&["api", "db"]]);
    let a = analyze(&s, &p);
    // api in wave 1 with db: only web's HTTP call (web stays on legacy) crosses: 4.
    // Ease = 100 - round((50*4 + 20*10) / 100) = 96.
    assert_eq!((a.scores[1].coupling, a.scores[1].ease), (4, 96));
    // web, unplanned, is scored as if it moved next (wave 2): api is on the platform, crm is not:
    // 20. Ease = 100 - round(50*20/100) = 90.
    assert_eq!((a.scores[0].coupling, a.scores[0].ease), (20, 90));
    // Hybrid cost: after wave 1 only web -> api crosses (HTTP weight 2); web -> crm has no end on
    // the platform. Total 2.
    assert_eq!(a.hybrid.after_wave, vec![2]);
    assert_eq!(a.hybrid.total, 2);
    assert_eq!(a.waves[0].stateful, 1);
    assert_eq!(a.planned, 2);
    assert_eq!(a.movable, 3);
    // Findings: a pilot of 2 is within 3, but db (High, and a database) breaks the pilot rule.
    assert_eq!(a.findings.len(), 1, "{:?}", a.findings);
    let msg = a.findings[0].message(&f.portfolio, &f.graph, &p);
    assert_eq!(a.findings[0].code(), "pilot-rule");
    assert!(
        msg.starts_with("db is in the first wave but is High (the pilot takes up to Medium), keeps state (Database) that must be moved and carries compliance tags (pci);"),
        "{msg}"
    );
}

#[test]
fn legacy_until_names_the_wave() {
    let f = fixture();
    let s = Scorer::new(&f.portfolio, &f.graph, &f.weights);
    let p = plan(&f, &[&["web"], &[], &[], &["api"]]);
    let card = s.explain(
        0,
        &PlanBoundary {
            ranks: p.ranks(),
            wave: 0,
        },
    );
    assert!(
        card.coupling
            .reasons
            .iter()
            .any(|r| r.text == "1 HTTP call to api (legacy until wave 4)")
    );
}

#[test]
fn recommendations_rank_by_ease() {
    let f = fixture();
    let s = Scorer::new(&f.portfolio, &f.graph, &f.weights);
    let none = WavePlan::empty(4);
    let recs = recommend(&s, &none, 0, 3);
    let ids: Vec<&str> = recs
        .iter()
        .map(|r| f.portfolio.apps[r.lead].id.as_str())
        .collect();
    // api reads db directly: they move together, and db (High, a database, pci) is unfit for
    // the pilot. Only web fits it (crm never moves).
    assert_eq!(ids, vec!["web"]);
    assert_eq!(recs[0].ease, 86);
    assert!(recs[0].breaks.is_empty());
    // For a second wave everything fits: web 86, then api and db together, at db's ease 72
    // (api's reads no longer cross the boundary: they move with it).
    let recs = recommend(&s, &plan(&f, &[&[]]), 1, 3);
    let units: Vec<Vec<&str>> = recs
        .iter()
        .map(|r| {
            r.apps
                .iter()
                .map(|&a| f.portfolio.apps[a].id.as_str())
                .collect()
        })
        .collect();
    assert_eq!(units, vec![vec!["web"], vec!["api", "db"]]);
    assert_eq!(
        (recs[1].ease, f.portfolio.apps[recs[1].lead].id.as_str()),
        (72, "db")
    );
    // After api moves in wave 1, web's HTTP call no longer crosses: web's ease rises to 90 and it
    // leads; db, now needed by the platform, loses nothing here (incoming edge from api: api is
    // on the platform and db is legacy — that edge is db's own coupling only when db moves later).
    let p = plan(&f, &[&["api"]]);
    let recs = recommend(&s, &p, 1, 3);
    assert_eq!(f.portfolio.apps[recs[0].lead].id, "web");
    assert_eq!(recs[0].ease, 90);
}

/// Weights no file can give (they are checked on loading) still score without overflow: sums
/// stop at `u32::MAX`, and a score past 100 is 100.
#[test]
fn the_largest_weights_saturate_instead_of_overflowing() {
    let text = r#"Portfolio(apps: [
        (id: "a", state: Database, data_gb: 1e9, legacy: true,
         tags: ["pci", "sox", "gdpr", "hipaa"],
         depends_on: [(to: "b", via: Database), (to: "c", via: File), (to: "mf", via: Rpc)]),
        (id: "b", depends_on: [(to: "a", via: Database), (to: "c", via: Rpc)]),
        (id: "c", depends_on: [(to: "a", via: Http), (to: "b", via: Queue)]),
        (id: "mf", hosting: Mainframe, depends_on: [(to: "a", via: Database)]),
    ])"#;
    let portfolio = portfolio_from_str(text, "max.ron").unwrap().value;
    let graph = DependencyGraph::build(&portfolio);
    // Every number of the built-in file (outside comments) at u32::MAX.
    let max: String = weights::DEFAULT_WEIGHTS
        .lines()
        .map(|line| {
            let (code, comment) = line.split_once("//").unwrap_or((line, ""));
            let mut out = String::new();
            let mut in_number = false;
            for c in code.chars() {
                if c.is_ascii_digit() {
                    if !in_number {
                        out.push_str(&u32::MAX.to_string());
                    }
                    in_number = true;
                } else {
                    in_number = false;
                    out.push(c);
                }
            }
            if comment.is_empty() {
                out
            } else {
                format!("{out}//{comment}")
            }
        })
        .collect::<Vec<_>>()
        .join("\n");
    let weights: Weights = crate::load::parse_ron(&max, "max.ron").unwrap();
    assert_eq!(weights.coupling.outgoing.Database, u32::MAX);
    assert_eq!(weights.ease.risk, u32::MAX);
    assert!(
        Weights::from_str(&max, "max.ron").is_err(),
        "a file cannot give them"
    );
    let s = Scorer::new(&portfolio, &graph, &weights);
    for waves in [&[][..], &[&["a"][..]], &[&["b"], &["c", "a"]]] {
        let plan = WavePlan::from_plan(
            &Plan {
                waves: waves
                    .iter()
                    .map(|ids| crate::model::Wave {
                        name: String::new(),
                        apps: ids.iter().map(|s| s.to_string()).collect(),
                        notes: None,
                        ..Default::default()
                    })
                    .collect(),
                ..Default::default()
            },
            &graph,
        );
        let analysis = analyze(&s, &plan);
        for a in 0..graph.app_count() {
            let card = s.explain(
                a,
                &PlanBoundary {
                    ranks: plan.ranks(),
                    wave: 0,
                },
            );
            assert!(card.coupling.value <= 100 && card.ease <= 100);
            assert_eq!(
                analysis.scores[a].ease, 0,
                "the heaviest weights leave no ease"
            );
        }
        for wave in 0..=plan.wave_count() {
            let _ = recommend(&s, &plan, wave, 5);
        }
        let _ = crate::analysis::planner::auto_plan(&s, &Capacity::default());
    }
}

#[test]
fn reason_costs_add_up_to_the_ease_lost() {
    // The retail sample, every app, unplanned and scored as moving first: the costs of an app's
    // reasons add up to 100 - ease, each is about points x weight, and they come costliest first.
    let portfolio = portfolio_from_str(crate::SAMPLE_PORTFOLIO, "retail.ron")
        .unwrap()
        .value;
    let graph = DependencyGraph::build(&portfolio);
    let weights = Weights::default();
    let s = Scorer::new(&portfolio, &graph, &weights);
    let none = WavePlan::empty(portfolio.apps.len());
    for app in 0..portfolio.apps.len() {
        let card = s.explain(
            app,
            &PlanBoundary {
                ranks: none.ranks(),
                wave: 0,
            },
        );
        let costs = s.costed_reasons(&card);
        let total: u32 = costs.iter().map(|c| c.ease_cost).sum();
        assert_eq!(
            total,
            100 - card.ease,
            "{}: {costs:?}",
            portfolio.apps[app].id
        );
        assert!(costs.windows(2).all(|w| w[0].ease_cost >= w[1].ease_cost));
        for c in &costs {
            let weight = match c.score {
                "coupling" => weights.ease.coupling,
                "statefulness" => weights.ease.statefulness,
                _ => weights.ease.risk,
            };
            // Never more than the unclamped share, rounded up.
            assert!(c.ease_cost <= (c.points * weight).div_ceil(100), "{c:?}");
        }
    }
}

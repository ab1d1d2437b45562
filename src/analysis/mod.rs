//! Plan analysis: scores on the plan's boundary, findings, hybrid cost, per-wave figures,
//! recommendations and the automatic planner. A pure function of (portfolio, graph, plan,
//! weights; the capacity travels with the plan).

pub mod diff;
pub mod edit;
pub mod findings;
pub mod hybrid;
pub mod live;
pub mod placement;
pub mod planner;
pub mod recommend;
pub mod rules;
pub mod saved;
pub mod wave_plan;

pub use edit::{Change, PlanEdit};
pub use findings::{Finding, FindingKind};
pub use hybrid::HybridCost;
pub use live::LiveAnalysis;
pub use placement::Placement;
pub use recommend::{Recommendation, Recommendations, recommend, recommend_full, recommend_with};
pub use rules::RuleBreak;
pub use saved::SavedPlan;
pub use wave_plan::{PlannedWave, WavePlan};

use crate::diagnostic::Severity;
use crate::graph::AppIx;
use crate::score::{Scorer, Scores};

pub use crate::model::Capacity;

/// The figures of one wave.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct WaveFigures {
    pub apps: usize,
    pub stateful: usize,
    /// Edges between platform and legacy once this wave has moved.
    pub hybrid_links: usize,
    /// Their weighted sum: this wave's share of the plan's hybrid cost.
    pub hybrid_cost: u64,
    /// Mean ease of the wave's apps (0 for an empty wave).
    pub mean_ease: f64,
}

/// Everything the screen and the reports show about a plan.
#[derive(Debug, Clone)]
pub struct Analysis {
    /// Scores of every app: planned apps in their wave, the others as if they moved next.
    pub scores: Vec<Scores>,
    pub findings: Vec<Finding>,
    pub hybrid: HybridCost,
    pub waves: Vec<WaveFigures>,
    pub planned: usize,
    pub movable: usize,
    pub errors: usize,
    pub warnings: usize,
    /// The worst finding that names each app.
    pub marks: Vec<Option<Severity>>,
}

impl Analysis {
    /// The wave an app is scored in: its own, or the one after the last for unplanned apps.
    pub fn scored_wave(plan: &WavePlan, app: AppIx) -> u32 {
        plan.wave_of(app).unwrap_or(plan.wave_count()) as u32
    }
}

/// Analyse `plan`, judged by its capacity.
pub fn analyze(scorer: &Scorer<'_>, plan: &WavePlan) -> Analysis {
    let capacity = plan.capacity();
    let graph = scorer.graph;
    let n = graph.app_count();
    let ranks = plan.ranks();
    let k = plan.wave_count() as u32;
    let couplings = scorer.couplings(ranks, |a| ranks[a].min(k));
    let scores: Vec<Scores> = couplings
        .iter()
        .enumerate()
        .map(|(a, &points)| scorer.scores_from_coupling(a, points))
        .collect();
    let findings = findings::findings(scorer, plan);
    let hybrid = HybridCost::of(scorer, plan);
    let waves = plan
        .waves()
        .iter()
        .enumerate()
        .map(|(w, wave)| WaveFigures {
            apps: wave.apps.len(),
            stateful: wave
                .apps
                .iter()
                .filter(|&&a| capacity.is_stateful(&scorer.portfolio.apps[a]))
                .count(),
            hybrid_links: hybrid.links_after[w],
            hybrid_cost: hybrid.after_wave[w],
            mean_ease: if wave.apps.is_empty() {
                0.0
            } else {
                wave.apps
                    .iter()
                    .map(|&a| scores[a].ease as f64)
                    .sum::<f64>()
                    / wave.apps.len() as f64
            },
        })
        .collect();
    let mut marks = vec![None; n];
    let (mut errors, mut warnings) = (0, 0);
    for f in &findings {
        match f.severity {
            Severity::Error => errors += 1,
            Severity::Warning => warnings += 1,
        }
        let mut mark = |a: AppIx| {
            let m: &mut Option<Severity> = &mut marks[a];
            *m = Some(m.map_or(f.severity, |s| s.min(f.severity)));
        };
        match &f.kind {
            FindingKind::SplitGroup { group } => graph.cycle_groups()[*group]
                .members
                .iter()
                .for_each(|&m| mark(m)),
            FindingKind::HardDependencyAcrossBoundary { from, to, .. } => {
                mark(*from);
                mark(*to);
            }
            FindingKind::NeverMovingPlanned { app, .. } | FindingKind::PilotRule { app, .. } => {
                mark(*app)
            }
            FindingKind::OverCapacity { .. } | FindingKind::OverStatefulCapacity { .. } => {}
        }
    }
    Analysis {
        scores,
        findings,
        hybrid,
        waves,
        planned: plan.planned_count(),
        movable: graph.movable_count(),
        errors,
        warnings,
        marks,
    }
}

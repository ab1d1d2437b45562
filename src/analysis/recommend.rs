//! First-candidate recommendations for a wave: the movable apps not yet in waves 1..k, ranked by
//! their ease as if they joined wave k. A cycle group is one unit that moves together.

use crate::graph::AppIx;
use crate::score::{PlanBoundary, Reason, ScoreCard, Scorer, UnitBoundary};

use super::WavePlan;

/// One recommended unit: an app, or a cycle group that moves together.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Recommendation {
    /// The apps of the unit, sorted by id (one app unless it is a cycle group).
    pub apps: Vec<AppIx>,
    /// The unit's ease: the lowest ease of its apps when they join the wave together.
    pub ease: u32,
    /// The app of the unit with the lowest ease, whose reasons are shown.
    pub lead: AppIx,
    /// The lead app's scores with their reasons.
    pub card: ScoreCard,
    /// The reasons that cost the most ease, at most three.
    pub reasons: Vec<Reason>,
}

/// The top `top` recommendations for wave `wave` (0-based; `wave == plan.wave_count()` means a
/// new wave after the last). Deterministic: by ease, then by the first id of the unit.
pub fn recommend(
    scorer: &Scorer<'_>,
    plan: &WavePlan,
    wave: usize,
    top: usize,
) -> Vec<Recommendation> {
    let graph = scorer.graph;
    let ranks = plan.ranks();
    let k = wave as u32;
    let base = PlanBoundary { ranks, wave: k };
    let is_candidate = |a: AppIx| graph.is_movable(a) && ranks[a] > k;
    // (ease, first id, lead, unit)
    let mut units: Vec<(u32, &str, AppIx, Vec<AppIx>)> = Vec::new();
    let mut group_done = vec![false; graph.cycle_groups().len()];
    for a in 0..graph.app_count() {
        if !is_candidate(a) {
            continue;
        }
        match graph.group_of(a) {
            None => {
                let s = scorer.scores(a, &base);
                units.push((s.ease, &scorer.portfolio.apps[a].id, a, vec![a]));
            }
            Some(g) if !group_done[g] => {
                group_done[g] = true;
                let unit: Vec<AppIx> = graph.cycle_groups()[g]
                    .members
                    .iter()
                    .copied()
                    .filter(|&m| is_candidate(m))
                    .collect();
                let boundary = UnitBoundary {
                    plan: base,
                    unit: &unit,
                };
                let (ease, lead) = unit
                    .iter()
                    .map(|&m| (scorer.scores(m, &boundary).ease, m))
                    .min_by(|x, y| {
                        x.0.cmp(&y.0).then_with(|| {
                            scorer.portfolio.apps[x.1]
                                .id
                                .cmp(&scorer.portfolio.apps[y.1].id)
                        })
                    })
                    .unwrap_or((0, unit[0]));
                units.push((ease, &scorer.portfolio.apps[unit[0]].id, lead, unit));
            }
            Some(_) => {}
        }
    }
    let order = |x: &(u32, &str, AppIx, Vec<AppIx>), y: &(u32, &str, AppIx, Vec<AppIx>)| {
        y.0.cmp(&x.0).then_with(|| x.1.cmp(y.1))
    };
    if units.len() > top && top > 0 {
        units.select_nth_unstable_by(top - 1, order);
        units.truncate(top);
    }
    units.truncate(top);
    units.sort_by(order);
    units
        .into_iter()
        .map(|(ease, _, lead, unit)| {
            let boundary = UnitBoundary {
                plan: base,
                unit: &unit,
            };
            let card = scorer.explain(lead, &boundary);
            let reasons = scorer.main_reasons(&card, 3);
            Recommendation {
                apps: unit,
                ease,
                lead,
                card,
                reasons,
            }
        })
        .collect()
}

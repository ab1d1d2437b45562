//! First-candidate recommendations for a wave: the movable apps not yet in waves 1..k, ranked by
//! their ease as if they joined wave k. A cycle group is one unit that moves together.

use crate::graph::AppIx;
use crate::score::{CostedReason, PlanBoundary, ScoreCard, Scorer, UnitBoundary};

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
    /// The lead app's reasons that cost the most ease, at most three, with their costs.
    pub reasons: Vec<CostedReason>,
    /// The ease the lead app's other reasons cost, and how many there are: with `reasons`,
    /// the costs add up to 100 − ease.
    pub rest_cost: u32,
    pub rest: usize,
}

/// The top `top` recommendations for wave `wave` (0-based; `wave == plan.wave_count()` means a
/// new wave after the last). Deterministic: by ease, then by the first id of the unit.
pub fn recommend(
    scorer: &Scorer<'_>,
    plan: &WavePlan,
    wave: usize,
    top: usize,
) -> Vec<Recommendation> {
    // One pass over the edges scores every candidate.
    let couplings = scorer.candidate_couplings(plan.ranks(), wave as u32);
    recommend_with(scorer, plan, wave, top, &couplings)
}

/// `recommend` with the candidates' raw coupling points already computed (by
/// `Scorer::candidate_couplings`, or kept up to date edit by edit).
pub fn recommend_with(
    scorer: &Scorer<'_>,
    plan: &WavePlan,
    wave: usize,
    top: usize,
    couplings: &[u32],
) -> Vec<Recommendation> {
    let graph = scorer.graph;
    let ranks = plan.ranks();
    let k = wave as u32;
    let base = PlanBoundary { ranks, wave: k };
    let is_candidate = |a: AppIx| graph.is_movable(a) && ranks[a] > k;
    let mut group_done = vec![false; graph.cycle_groups().len()];
    // (ease, id order of the unit's first app, lead, group or SINGLE)
    let mut units: Vec<(u32, u32, AppIx, u32)> = Vec::new();
    const SINGLE: u32 = u32::MAX;
    let group_unit = |g: usize| -> Vec<AppIx> {
        graph.cycle_groups()[g]
            .members
            .iter()
            .copied()
            .filter(|&m| is_candidate(m))
            .collect()
    };
    for a in 0..graph.app_count() {
        if !is_candidate(a) {
            continue;
        }
        match graph.group_of(a) {
            None => {
                let coupling = crate::score::clamp(couplings[a]);
                let ease = scorer.ease(coupling, scorer.statefulness(a), scorer.risk(a));
                units.push((ease, graph.id_order(a), a, SINGLE));
            }
            Some(g) if !group_done[g] => {
                group_done[g] = true;
                // The unit's ease is its hardest member's, all moving together.
                let (ease, lead) = graph.cycle_groups()[g]
                    .members
                    .iter()
                    .filter(|&&m| is_candidate(m))
                    .map(|&m| {
                        let coupling = crate::score::clamp(couplings[m]);
                        (
                            scorer.ease(coupling, scorer.statefulness(m), scorer.risk(m)),
                            m,
                        )
                    })
                    .min_by_key(|&(ease, m)| (ease, graph.id_order(m)))
                    .unwrap_or((0, a));
                let members = &graph.cycle_groups()[g].members;
                let first = members
                    .iter()
                    .copied()
                    .find(|&m| is_candidate(m))
                    .unwrap_or(a);
                units.push((ease, graph.id_order(first), lead, g as u32));
            }
            Some(_) => {}
        }
    }
    let order =
        |x: &(u32, u32, AppIx, u32), y: &(u32, u32, AppIx, u32)| y.0.cmp(&x.0).then(x.1.cmp(&y.1));
    if units.len() > top && top > 0 {
        units.select_nth_unstable_by(top - 1, order);
    }
    units.truncate(top);
    units.sort_by(order);
    units
        .into_iter()
        .map(|(ease, _, lead, group)| {
            let unit = if group == SINGLE {
                vec![lead]
            } else {
                group_unit(group as usize)
            };
            let boundary = UnitBoundary {
                plan: base,
                graph,
                group: (group != SINGLE).then_some(group as usize),
            };
            let card = scorer.explain(lead, &boundary);
            let mut reasons = scorer.costed_reasons(&card);
            let others = reasons.split_off(reasons.len().min(3));
            Recommendation {
                apps: unit,
                ease,
                lead,
                card,
                reasons,
                rest_cost: others
                    .iter()
                    .fold(0u32, |sum, c| sum.saturating_add(c.ease_cost)),
                rest: others.len(),
            }
        })
        .collect()
}

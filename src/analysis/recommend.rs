//! First-candidate recommendations for a wave: the movable apps not yet in waves 1..k, ranked by
//! their ease as if they joined wave k. A move group (apps joined by hard dependencies or in one
//! cycle group) is one unit that moves together. Units that would break the wave's capacity,
//! the pilot rule or leave a hard dependency behind come only when no other unit fits, with the
//! rules they break.

use crate::graph::AppIx;
use crate::score::{CostedReason, PlanBoundary, ScoreCard, Scorer, UnitBoundary};

use super::WavePlan;
use super::rules::{RuleBreak, unit_breaks, unit_fits};

/// One recommended unit: an app, or a move group that moves together.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Recommendation {
    /// The apps of the unit, sorted by id (one app unless it is a move group).
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
    /// The rules the unit would break in the wave; empty when it fits.
    pub breaks: Vec<RuleBreak>,
}

/// The recommendations for a wave, and why none fits when none does.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Recommendations {
    pub items: Vec<Recommendation>,
    /// Set when no unit fits the wave: why ("Wave 2 is full: 10 of 10 apps").
    pub note: Option<String>,
}

/// The top `top` recommendations for wave `wave` (0-based; `wave == plan.wave_count()` means a
/// new wave after the last). Deterministic: by ease, then by the first id of the unit.
pub fn recommend(
    scorer: &Scorer<'_>,
    plan: &WavePlan,
    wave: usize,
    top: usize,
) -> Vec<Recommendation> {
    recommend_full(scorer, plan, wave, top).items
}

/// `recommend`, with the note that says why nothing fits.
pub fn recommend_full(
    scorer: &Scorer<'_>,
    plan: &WavePlan,
    wave: usize,
    top: usize,
) -> Recommendations {
    // One pass over the edges scores every candidate.
    let couplings = scorer.candidate_couplings(plan.ranks(), wave as u32);
    recommend_with(
        scorer,
        plan,
        wave,
        top,
        &couplings,
        wave_load(scorer, plan, wave),
    )
}

/// The apps and stateful apps wave `wave` holds (none for a wave still to be made).
pub fn wave_load(scorer: &Scorer<'_>, plan: &WavePlan, wave: usize) -> (usize, usize) {
    match plan.waves().get(wave) {
        Some(w) => (
            w.apps.len(),
            w.apps
                .iter()
                .filter(|&&a| plan.capacity().is_stateful(&scorer.portfolio.apps[a]))
                .count(),
        ),
        None => (0, 0),
    }
}

/// `recommend_full` with the candidates' raw coupling points already computed (by
/// `Scorer::candidate_couplings`, or kept up to date edit by edit) and the wave's load.
pub fn recommend_with(
    scorer: &Scorer<'_>,
    plan: &WavePlan,
    wave: usize,
    top: usize,
    couplings: &[u32],
    load: (usize, usize),
) -> Recommendations {
    let cands = WaveCandidates {
        scorer,
        plan,
        wave,
        couplings,
        load,
    };
    let mut units = cands.units();
    // Only units that fit, while there are any; when none does, what they all break says why.
    let any_fits = units.iter().any(|u| u.0);
    let note = if any_fits {
        units.retain(|u| u.0);
        None
    } else if units.is_empty() {
        None
    } else {
        Some(cands.why_none_fits(&units))
    };
    if units.len() > top && top > 0 {
        units.select_nth_unstable_by(top - 1, unit_order);
    }
    units.truncate(top);
    units.sort_by(unit_order);
    let items: Vec<Recommendation> = units
        .into_iter()
        .map(|(_, ease, _, lead, group)| {
            let unit = cands.members(group, lead);
            let group = (group != SINGLE).then_some(group as usize);
            recommendation(scorer, plan, wave, load, unit, ease, lead, group)
        })
        .collect();
    Recommendations { items, note }
}

/// A candidate unit: (fits, ease, id order of the unit's first app, lead, move group or
/// `SINGLE`).
type Unit = (bool, u32, u32, AppIx, u32);

/// The move group of a unit that is one app.
const SINGLE: u32 = u32::MAX;

/// The order of units: the easiest first, then by the id of their first app.
fn unit_order(x: &Unit, y: &Unit) -> std::cmp::Ordering {
    y.1.cmp(&x.1).then(x.2.cmp(&y.2))
}

/// The candidates for wave `wave` holding `load`, with their raw coupling points.
struct WaveCandidates<'a, 's> {
    scorer: &'a Scorer<'s>,
    plan: &'a WavePlan,
    wave: usize,
    couplings: &'a [u32],
    load: (usize, usize),
}

impl WaveCandidates<'_, '_> {
    /// Whether `a` is a candidate: apps in a locked wave or pinned to theirs stay where they
    /// are.
    fn is_candidate(&self, a: AppIx) -> bool {
        self.scorer.graph.is_movable(a)
            && self.plan.ranks()[a] > self.wave as u32
            && !self.plan.is_kept(a)
    }

    fn ease(&self, a: AppIx) -> u32 {
        let scorer = self.scorer;
        let coupling = crate::score::clamp(self.couplings[a]);
        scorer.ease(coupling, scorer.statefulness(a), scorer.risk(a))
    }

    /// The candidates of move group `g`.
    fn group_unit(&self, g: usize) -> Vec<AppIx> {
        self.scorer.graph.move_groups()[g]
            .iter()
            .copied()
            .filter(|&m| self.is_candidate(m))
            .collect()
    }

    /// The apps of the unit led by `lead` of move group `group` (or `SINGLE`).
    fn members(&self, group: u32, lead: AppIx) -> Vec<AppIx> {
        if group == SINGLE {
            vec![lead]
        } else {
            self.group_unit(group as usize)
        }
    }

    /// Every candidate unit, in app order of its first candidate.
    fn units(&self) -> Vec<Unit> {
        let (scorer, plan, wave, load) = (self.scorer, self.plan, self.wave, self.load);
        let graph = scorer.graph;
        let mut group_done = vec![false; graph.move_groups().len()];
        let mut units: Vec<Unit> = Vec::new();
        for a in 0..graph.app_count() {
            if !self.is_candidate(a) {
                continue;
            }
            match graph.move_group_of(a) {
                None => {
                    let fits = unit_fits(scorer, plan, &[a], wave, load);
                    units.push((fits, self.ease(a), graph.id_order(a), a, SINGLE));
                }
                Some(g) if !group_done[g] => {
                    group_done[g] = true;
                    let unit = self.group_unit(g);
                    // The unit's ease is its hardest member's, all moving together.
                    let (ease, lead) = unit
                        .iter()
                        .map(|&m| (self.ease(m), m))
                        .min_by_key(|&(ease, m)| (ease, graph.id_order(m)))
                        .unwrap_or((0, a));
                    let fits = unit_fits(scorer, plan, &unit, wave, load);
                    units.push((fits, ease, graph.id_order(unit[0]), lead, g as u32));
                }
                Some(_) => {}
            }
        }
        units
    }

    /// Why none of `units` fits: whether every unit breaks each kind of rule (looked at only
    /// as far as needed), and the first rule the best of them breaks.
    fn why_none_fits(&self, units: &[Unit]) -> String {
        let (scorer, plan, wave, load) = (self.scorer, self.plan, self.wave, self.load);
        let mut every = [true; 4];
        for &(_, _, _, lead, group) in units {
            let b = unit_breaks(scorer, plan, &self.members(group, lead), wave, load);
            let kinds = [
                b.iter()
                    .any(|x| matches!(x, RuleBreak::OverCapacity { .. })),
                b.iter()
                    .any(|x| matches!(x, RuleBreak::OverStatefulCapacity { .. })),
                b.iter().any(|x| matches!(x, RuleBreak::PilotRule { .. })),
                b.iter()
                    .any(|x| matches!(x, RuleBreak::HardDependencyOpen { .. })),
            ];
            for (a, k) in every.iter_mut().zip(kinds) {
                *a &= k;
            }
            if every == [false; 4] {
                break;
            }
        }
        let best = units.iter().min_by(|x, y| unit_order(x, y)).copied();
        let first = best.and_then(|(_, _, _, lead, group)| {
            unit_breaks(scorer, plan, &self.members(group, lead), wave, load)
                .into_iter()
                .next()
        });
        why_nothing_fits(scorer, plan, wave, load, every, first)
    }
}

/// The recommendation of `unit` (its candidates, by id) for wave `wave` holding `load`: its
/// ease, its lead app's scores with their main reasons, and the rules it breaks there.
#[allow(clippy::too_many_arguments)]
pub(crate) fn recommendation(
    scorer: &Scorer<'_>,
    plan: &WavePlan,
    wave: usize,
    load: (usize, usize),
    unit: Vec<AppIx>,
    ease: u32,
    lead: AppIx,
    group: Option<usize>,
) -> Recommendation {
    let boundary = UnitBoundary {
        plan: PlanBoundary {
            ranks: plan.ranks(),
            wave: wave as u32,
        },
        graph: scorer.graph,
        group,
    };
    let card = scorer.explain(lead, &boundary);
    let mut reasons = scorer.costed_reasons(&card);
    let others = reasons.split_off(reasons.len().min(3));
    Recommendation {
        breaks: unit_breaks(scorer, plan, &unit, wave, load),
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
}

/// Why no unit fits wave `wave` holding `load`, from whether every candidate breaks each kind
/// of rule (`every`: the wave's capacity of apps, of stateful apps, the pilot rule, a hard
/// dependency left behind) and the first rule the best candidate breaks.
pub(crate) fn why_nothing_fits(
    scorer: &Scorer<'_>,
    plan: &WavePlan,
    wave: usize,
    load: (usize, usize),
    every: [bool; 4],
    first: Option<RuleBreak>,
) -> String {
    let cap = plan.capacity();
    let label = if wave < plan.wave_count() {
        plan.label(wave)
    } else {
        format!("Wave {} (new)", wave + 1)
    };
    let limit = cap.apps_limit(wave);
    if load.0 >= limit {
        return format!("{label} is full: {} of {limit} apps", load.0);
    }
    let all = every;
    if all[0] {
        return format!(
            "{label} holds {} of {limit} apps: every candidate left is a group too large for the room",
            load.0
        );
    }
    if all[1] {
        return format!(
            "{label} holds {} of {} stateful apps: every candidate left keeps data that must be moved",
            load.1, cap.max_stateful
        );
    }
    if wave == 0 && all[2] {
        return format!(
            "No candidate left is fit for the pilot: each is above {}, keeps data, has no owner, carries compliance tags or is flagged legacy",
            cap.pilot_max_criticality
        );
    }
    if all[3] {
        return "Every candidate left has a hard dependency that stays behind".to_string();
    }
    format!(
        "Nothing fits {label} without breaking a rule: {}",
        first.map(|b| b.message(scorer, plan)).unwrap_or_default()
    )
}

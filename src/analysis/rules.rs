//! The plan's rules as they apply to one move: what a group of apps would break by joining a
//! wave (its capacity, the pilot rule, a hard dependency left behind). Recommendations offer
//! what breaks nothing while there is such a candidate; a hand move is allowed and says what it
//! broke.

use crate::graph::AppIx;
use crate::model::PilotBreaks;
use crate::score::Scorer;

use super::{Placement, WavePlan};

/// A rule a move breaks.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
#[serde(tag = "rule", rename_all = "kebab-case")]
pub enum RuleBreak {
    /// The wave would hold more apps than its capacity.
    OverCapacity {
        wave: usize,
        apps: usize,
        limit: usize,
    },
    /// The wave would hold more stateful apps than its capacity.
    OverStatefulCapacity {
        wave: usize,
        stateful: usize,
        limit: usize,
    },
    /// An app unfit for the pilot would join it.
    PilotRule {
        app: AppIx,
        #[serde(skip)]
        breaks: PilotBreaks,
    },
    /// A hard dependency stays open: `from` needs `to`, and `behind` (one of the two) stays
    /// behind.
    HardDependencyOpen {
        from: AppIx,
        to: AppIx,
        behind: AppIx,
    },
}

impl RuleBreak {
    /// A short message naming the apps and the wave.
    pub fn message(&self, scorer: &Scorer<'_>, plan: &WavePlan) -> String {
        let id = |a: AppIx| scorer.portfolio.apps[a].id.as_str();
        let label = |w: usize| {
            if w < plan.wave_count() {
                plan.label(w)
            } else {
                format!("Wave {}", w + 1)
            }
        };
        match self {
            RuleBreak::OverCapacity { wave, apps, limit } => {
                format!("{} would hold {apps} apps (capacity {limit})", label(*wave))
            }
            RuleBreak::OverStatefulCapacity {
                wave,
                stateful,
                limit,
            } => format!(
                "{} would hold {stateful} stateful apps (capacity {limit})",
                label(*wave)
            ),
            RuleBreak::PilotRule { app, breaks } => format!(
                "{} is unfit for the pilot: it {}",
                id(*app),
                breaks.describe(&scorer.portfolio.apps[*app], plan.capacity())
            ),
            RuleBreak::HardDependencyOpen { from, to, behind } => {
                let place = match Placement::of(plan, scorer.graph, *behind) {
                    Placement::Wave(w) => format!("in {}", plan.label(w)),
                    Placement::Unplanned => "unplanned".to_string(),
                    Placement::NeverMoves => "it never moves".to_string(),
                };
                format!(
                    "{} needs {} directly (a hard dependency) and {} stays behind ({place})",
                    id(*from),
                    id(*to),
                    id(*behind)
                )
            }
        }
    }
}

/// What the apps of `unit` (not yet in waves up to `wave`) would break by joining wave `wave`
/// together, with the wave already holding `load` (apps, stateful apps) besides them. A hard
/// dependency counts when its other end stays behind after `wave`.
pub fn unit_breaks(
    scorer: &Scorer<'_>,
    plan: &WavePlan,
    unit: &[AppIx],
    wave: usize,
    load: (usize, usize),
) -> Vec<RuleBreak> {
    breaks(scorer, plan, unit, wave, load, false)
}

/// `unit_breaks`; with `ahead`, also the hard dependencies whose other end moves earlier.
fn breaks(
    scorer: &Scorer<'_>,
    plan: &WavePlan,
    unit: &[AppIx],
    wave: usize,
    load: (usize, usize),
    ahead: bool,
) -> Vec<RuleBreak> {
    let cap = plan.capacity();
    let portfolio = scorer.portfolio;
    let mut out = Vec::new();
    let apps = load.0 + unit.len();
    let limit = cap.apps_limit(wave);
    if apps > limit {
        out.push(RuleBreak::OverCapacity { wave, apps, limit });
    }
    let stateful = load.1
        + unit
            .iter()
            .filter(|&&a| cap.is_stateful(&portfolio.apps[a]))
            .count();
    if stateful > cap.max_stateful {
        out.push(RuleBreak::OverStatefulCapacity {
            wave,
            stateful,
            limit: cap.max_stateful,
        });
    }
    if wave == 0 {
        for &a in unit {
            let breaks = cap.pilot_breaks(&portfolio.apps[a]);
            if breaks.any() {
                out.push(RuleBreak::PilotRule { app: a, breaks });
            }
        }
    }
    open_hard_links(scorer, plan, unit, wave, ahead, &mut out);
    out
}

/// Hard dependencies of the apps of `unit` whose other end is not on the platform once `wave`
/// has moved (and not in the unit), added to `out`; with `ahead`, also those whose other end
/// moves in an earlier wave (the unit's app is then the one left behind).
fn open_hard_links(
    scorer: &Scorer<'_>,
    plan: &WavePlan,
    unit: &[AppIx],
    wave: usize,
    ahead: bool,
    out: &mut Vec<RuleBreak>,
) {
    let graph = scorer.graph;
    let ranks = plan.ranks();
    let facts = scorer.edge_facts();
    // Membership by a sorted copy: a unit of thousands is not searched once an edge.
    let mut sorted = unit.to_vec();
    sorted.sort_unstable();
    let in_unit = |a: AppIx| sorted.binary_search(&a).is_ok();
    for &a in unit {
        for &e in graph.outgoing_ids(a).iter().chain(graph.incoming_ids(a)) {
            let f = &facts[e as usize];
            if !f.hard {
                continue;
            }
            let other = if f.from as usize == a { f.to } else { f.from } as usize;
            let rank = ranks[other] as u64;
            let behind = if rank > wave as u64 && !in_unit(other) {
                other
            } else if ahead && rank < wave as u64 {
                a
            } else {
                continue;
            };
            out.push(RuleBreak::HardDependencyOpen {
                from: f.from as usize,
                to: f.to as usize,
                behind,
            });
        }
    }
}

/// What the apps of `unit`, moved by hand into wave `wave`, break there: `unit_breaks`, and
/// the hard dependencies whose other end moves in an earlier wave (a hand move may take an app
/// later than the store it reads: then it is the one left behind).
pub fn move_breaks(
    scorer: &Scorer<'_>,
    plan: &WavePlan,
    unit: &[AppIx],
    wave: usize,
    load: (usize, usize),
) -> Vec<RuleBreak> {
    breaks(scorer, plan, unit, wave, load, true)
}

/// Whether `unit` breaks nothing in wave `wave`.
pub fn unit_fits(
    scorer: &Scorer<'_>,
    plan: &WavePlan,
    unit: &[AppIx],
    wave: usize,
    load: (usize, usize),
) -> bool {
    unit_breaks(scorer, plan, unit, wave, load).is_empty()
}

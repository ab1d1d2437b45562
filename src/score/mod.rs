//! Scores of an app against a boundary: coupling, statefulness, risk (each 0..100 with reasons)
//! and ease. Every score is the sum of its reasons' points before the clamp.

mod coupling;
mod fast;
mod intrinsic;
pub mod weights;

pub use coupling::Crossing;
pub use fast::EdgeFacts;
pub use weights::Weights;

use crate::graph::{AppIx, DependencyGraph};
use crate::model::Portfolio;

/// One reason for a score: its points and what they are for, naming the apps involved.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Reason {
    pub points: u32,
    pub text: String,
}

/// A reason with the score it belongs to and the ease it costs: its share of the ease lost
/// (its points times its score's weight, scaled down when the score is clamped at 100), rounded
/// so that the costs of all an app's reasons add up to 100 − ease.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct CostedReason {
    /// `coupling`, `statefulness` or `risk`.
    pub score: &'static str,
    pub points: u32,
    pub text: String,
    pub ease_cost: u32,
}

/// A score with the reasons that make it up.
#[derive(Debug, Clone, PartialEq, Eq, Default, serde::Serialize)]
pub struct Score {
    /// The score, clamped to 0..100.
    pub value: u32,
    /// The sum of the reasons' points before the clamp.
    pub points: u32,
    pub reasons: Vec<Reason>,
}

impl Score {
    fn from_reasons(mut reasons: Vec<Reason>) -> Score {
        reasons.sort_by(|a, b| b.points.cmp(&a.points).then_with(|| a.text.cmp(&b.text)));
        let points = sum(reasons.iter().map(|r| r.points));
        Score {
            value: clamp(points),
            points,
            reasons,
        }
    }
}

/// The four scores of an app, as numbers only (the fast path used on every edit).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Serialize)]
pub struct Scores {
    pub coupling: u32,
    pub statefulness: u32,
    pub risk: u32,
    pub ease: u32,
}

/// The four scores of an app with their reasons.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct ScoreCard {
    pub coupling: Score,
    pub statefulness: Score,
    pub risk: Score,
    pub ease: u32,
}

impl ScoreCard {
    pub fn scores(&self) -> Scores {
        Scores {
            coupling: self.coupling.value,
            statefulness: self.statefulness.value,
            risk: self.risk.value,
            ease: self.ease,
        }
    }
}

pub fn clamp(points: u32) -> u32 {
    points.min(100)
}

/// The sum of points, stopping at `u32::MAX` rather than overflowing (any sum past 100 is a
/// score of 100): huge portfolios or weights cannot wrap a score round to a low one.
pub fn sum(points: impl Iterator<Item = u32>) -> u32 {
    points.fold(0, u32::saturating_add)
}

/// The points of a cycle group left behind by `behind` members.
pub(crate) fn split_points(w: &weights::CouplingPoints, behind: usize) -> u32 {
    let behind = u32::try_from(behind).unwrap_or(u32::MAX);
    w.split_group
        .saturating_add(w.split_group_member.saturating_mul(behind))
}

/// Where an app is scored: the 0-based wave it joins, and which other apps are on the platform.
pub trait Boundary {
    /// The wave the scored app moves with (0-based).
    fn wave(&self) -> u32;
    /// Whether `app` is on the platform when the scored app moves.
    fn on_platform(&self, app: AppIx) -> bool;
    /// The 0-based wave `app` is planned in, if any (for reason texts).
    fn planned_wave(&self, app: AppIx) -> Option<u32>;
}

/// The boundary of a plan: apps in waves up to and including `wave` are on the platform.
#[derive(Debug, Clone, Copy)]
pub struct PlanBoundary<'a> {
    pub ranks: &'a [u32],
    pub wave: u32,
}

impl Boundary for PlanBoundary<'_> {
    fn wave(&self) -> u32 {
        self.wave
    }
    fn on_platform(&self, app: AppIx) -> bool {
        self.ranks[app] <= self.wave
    }
    fn planned_wave(&self, app: AppIx) -> Option<u32> {
        (self.ranks[app] != u32::MAX).then_some(self.ranks[app])
    }
}

/// A plan boundary for a candidate that moves with the other candidates of its move group:
/// they join the wave together (the unit of a recommendation).
#[derive(Debug, Clone, Copy)]
pub struct UnitBoundary<'a> {
    pub plan: PlanBoundary<'a>,
    pub graph: &'a DependencyGraph,
    /// The move group that moves as one unit, if any.
    pub group: Option<usize>,
}

impl UnitBoundary<'_> {
    /// Whether `app` joins the wave with the unit.
    pub fn in_unit(&self, app: AppIx) -> bool {
        self.group.is_some()
            && self.graph.move_group_of(app) == self.group
            && self.graph.is_movable(app)
            && self.plan.ranks[app] > self.plan.wave
    }
}

impl Boundary for UnitBoundary<'_> {
    fn wave(&self) -> u32 {
        self.plan.wave
    }
    fn on_platform(&self, app: AppIx) -> bool {
        self.plan.on_platform(app) || self.in_unit(app)
    }
    fn planned_wave(&self, app: AppIx) -> Option<u32> {
        if self.in_unit(app) {
            Some(self.plan.wave)
        } else {
            self.plan.planned_wave(app)
        }
    }
}

/// A score as the panes name it beside a reason: "state" for statefulness, the others as
/// they are.
pub fn short_name(score: &str) -> &str {
    if score == "statefulness" {
        "state"
    } else {
        score
    }
}

/// Scores apps of one portfolio. Statefulness and risk do not depend on the plan and are
/// computed once.
#[derive(Debug, Clone)]
pub struct Scorer<'a> {
    pub portfolio: &'a Portfolio,
    pub graph: &'a DependencyGraph,
    pub weights: &'a Weights,
    statefulness: Vec<u32>,
    risk: Vec<u32>,
    edges: Vec<fast::EdgeFacts>,
}

impl<'a> Scorer<'a> {
    pub fn new(
        portfolio: &'a Portfolio,
        graph: &'a DependencyGraph,
        weights: &'a Weights,
    ) -> Scorer<'a> {
        let statefulness = (0..portfolio.apps.len())
            .map(|a| {
                clamp(sum(intrinsic::statefulness(&portfolio.apps[a], weights)
                    .iter()
                    .map(|r| r.points)))
            })
            .collect();
        let risk = (0..portfolio.apps.len())
            .map(|a| {
                clamp(sum(intrinsic::risk(&portfolio.apps[a], weights)
                    .iter()
                    .map(|r| r.points)))
            })
            .collect();
        let flagged = |a: AppIx| flagged_partner(portfolio, graph, a);
        let c = &weights.coupling;
        let edges = graph
            .edges()
            .iter()
            .map(|e| fast::EdgeFacts {
                from: e.from as u32,
                to: e.to as u32,
                out_points: c.outgoing.get(e.via).saturating_add(if flagged(e.to) {
                    c.legacy_partner
                } else {
                    0
                }),
                in_points: c.incoming.get(e.via).saturating_add(if flagged(e.from) {
                    c.legacy_partner
                } else {
                    0
                }),
                hybrid: weights.hybrid.get(e.via),
                hard: e.hard,
            })
            .collect();
        Scorer {
            portfolio,
            graph,
            weights,
            statefulness,
            risk,
            edges,
        }
    }

    /// Statefulness of `app` (0..100); the same on every boundary.
    pub fn statefulness(&self, app: AppIx) -> u32 {
        self.statefulness[app]
    }

    /// Risk of `app` (0..100); the same on every boundary.
    pub fn risk(&self, app: AppIx) -> u32 {
        self.risk[app]
    }

    /// Coupling points of `app` on `boundary`, before the clamp.
    pub fn coupling_points(&self, app: AppIx, boundary: &impl Boundary) -> u32 {
        coupling::points(self, app, boundary)
    }

    /// Ease from the three scores.
    pub fn ease(&self, coupling: u32, statefulness: u32, risk: u32) -> u32 {
        let w = &self.weights.ease;
        // In u64: weights a file cannot give (they are checked) still cannot overflow.
        let penalty = u64::from(w.coupling) * u64::from(clamp(coupling))
            + u64::from(w.statefulness) * u64::from(clamp(statefulness))
            + u64::from(w.risk) * u64::from(clamp(risk));
        100u32.saturating_sub(u32::try_from((penalty + 50) / 100).unwrap_or(u32::MAX))
    }

    /// Whether `app`, as the partner of a crossing edge, is `legacy` or never moves (its edges
    /// weigh more).
    pub fn is_flagged(&self, app: AppIx) -> bool {
        flagged_partner(self.portfolio, self.graph, app)
    }

    /// The numeric scores of `app` given its raw coupling points.
    pub fn scores_from_coupling(&self, app: AppIx, coupling_points: u32) -> Scores {
        let coupling = clamp(coupling_points);
        let (statefulness, risk) = (self.statefulness[app], self.risk[app]);
        Scores {
            coupling,
            statefulness,
            risk,
            ease: self.ease(coupling, statefulness, risk),
        }
    }

    /// The numeric scores of `app` on `boundary`.
    pub fn scores(&self, app: AppIx, boundary: &impl Boundary) -> Scores {
        let coupling = clamp(self.coupling_points(app, boundary));
        let statefulness = self.statefulness[app];
        let risk = self.risk[app];
        Scores {
            coupling,
            statefulness,
            risk,
            ease: self.ease(coupling, statefulness, risk),
        }
    }

    /// The scores of `app` on `boundary` with all their reasons.
    pub fn explain(&self, app: AppIx, boundary: &impl Boundary) -> ScoreCard {
        let a = &self.portfolio.apps[app];
        let coupling = Score::from_reasons(coupling::reasons(self, app, boundary));
        let statefulness = Score::from_reasons(intrinsic::statefulness(a, self.weights));
        let risk = Score::from_reasons(intrinsic::risk(a, self.weights));
        let ease = self.ease(coupling.value, statefulness.value, risk.value);
        ScoreCard {
            coupling,
            statefulness,
            risk,
            ease,
        }
    }

    /// The reasons that cost `app` the most ease, most first, at most `n` (the order of
    /// `costed_reasons`).
    pub fn main_reasons(&self, card: &ScoreCard, n: usize) -> Vec<Reason> {
        self.costed_reasons(card)
            .into_iter()
            .take(n)
            .map(|c| Reason {
                points: c.points,
                text: c.text,
            })
            .collect()
    }

    /// Every reason of `card` with the ease it costs, the costliest first (ties: the larger
    /// exact share, then by text). The costs add up to exactly 100 − ease: each is the reason's
    /// exact share rounded down, and what rounding leaves goes to the largest remainders.
    pub fn costed_reasons(&self, card: &ScoreCard) -> Vec<CostedReason> {
        let w = &self.weights.ease;
        // (exact share in ease points, reason)
        let mut all: Vec<(f64, CostedReason)> = Vec::new();
        for (score, name, weight) in [
            (&card.coupling, "coupling", w.coupling),
            (&card.statefulness, "statefulness", w.statefulness),
            (&card.risk, "risk", w.risk),
        ] {
            let total = score
                .reasons
                .iter()
                .map(|r| u64::from(r.points))
                .sum::<u64>()
                .max(1);
            for r in &score.reasons {
                let exact = f64::from(weight) * f64::from(score.value) * f64::from(r.points)
                    / (100.0 * total as f64);
                all.push((
                    exact,
                    CostedReason {
                        score: name,
                        points: r.points,
                        text: r.text.clone(),
                        ease_cost: exact.floor().min(100.0) as u32,
                    },
                ));
            }
        }
        let target = 100u32.saturating_sub(card.ease);
        let floors: u64 = all.iter().map(|(_, c)| u64::from(c.ease_cost)).sum();
        let mut by_remainder: Vec<usize> = (0..all.len()).collect();
        by_remainder.sort_by(|&a, &b| {
            let ra = all[a].0 - all[a].0.floor();
            let rb = all[b].0 - all[b].0.floor();
            rb.total_cmp(&ra).then(a.cmp(&b))
        });
        for &i in by_remainder
            .iter()
            .take(u64::from(target).saturating_sub(floors) as usize)
        {
            all[i].1.ease_cost += 1;
        }
        all.sort_by(|a, b| {
            b.1.ease_cost
                .cmp(&a.1.ease_cost)
                .then(b.0.total_cmp(&a.0))
                .then_with(|| a.1.text.cmp(&b.1.text))
        });
        all.into_iter().map(|(_, c)| c).collect()
    }
}

#[cfg(test)]
mod tests;

fn flagged_partner(portfolio: &Portfolio, graph: &DependencyGraph, app: AppIx) -> bool {
    portfolio.apps[app].legacy || !graph.is_movable(app)
}

//! Findings of a plan: errors (apps that never move placed in a wave) and warnings (split cycle
//! groups, direct database access across the boundary, waves over capacity, a risky pilot).
//! Findings hold indices; their messages are written on demand.

use crate::diagnostic::Severity;
use crate::graph::{AppIx, DependencyGraph};
use crate::model::{Criticality, Portfolio};
use crate::score::Scorer;

use super::{Capacity, WavePlan};

/// What a finding is about.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FindingKind {
    /// An app that never moves is placed in a wave.
    NeverMovingPlanned { app: AppIx, wave: usize },
    /// A cycle group whose members are not all in one wave.
    SplitGroup { group: usize },
    /// `from` reads or writes `to`'s data store directly, and the two are on different sides
    /// of the boundary after wave `wave` (0-based), the wave the earlier one moves in.
    DatabaseAcrossBoundary { from: AppIx, to: AppIx, wave: usize },
    /// A wave holds more apps than its capacity.
    OverCapacity {
        wave: usize,
        apps: usize,
        limit: usize,
    },
    /// A wave holds more stateful apps than its capacity.
    OverStatefulCapacity {
        wave: usize,
        stateful: usize,
        limit: usize,
    },
    /// A `Critical` app in the first wave.
    CriticalInPilot { app: AppIx },
    /// An app without owner in the first wave.
    NoOwnerInPilot { app: AppIx },
}

/// One finding about a plan.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    pub severity: Severity,
    pub kind: FindingKind,
}

impl Finding {
    /// The apps the finding names.
    pub fn apps(&self, graph: &DependencyGraph) -> Vec<AppIx> {
        match &self.kind {
            FindingKind::NeverMovingPlanned { app, .. }
            | FindingKind::CriticalInPilot { app }
            | FindingKind::NoOwnerInPilot { app } => vec![*app],
            FindingKind::SplitGroup { group } => graph.cycle_groups()[*group].members.clone(),
            FindingKind::DatabaseAcrossBoundary { from, to, .. } => vec![*from, *to],
            FindingKind::OverCapacity { .. } | FindingKind::OverStatefulCapacity { .. } => {
                Vec::new()
            }
        }
    }

    /// The 0-based wave the finding is about, if one.
    pub fn wave(&self) -> Option<usize> {
        match &self.kind {
            FindingKind::NeverMovingPlanned { wave, .. }
            | FindingKind::DatabaseAcrossBoundary { wave, .. }
            | FindingKind::OverCapacity { wave, .. }
            | FindingKind::OverStatefulCapacity { wave, .. } => Some(*wave),
            FindingKind::CriticalInPilot { .. } | FindingKind::NoOwnerInPilot { .. } => Some(0),
            FindingKind::SplitGroup { .. } => None,
        }
    }

    /// A short machine name of the kind, for JSON and tests.
    pub fn code(&self) -> &'static str {
        match self.kind {
            FindingKind::NeverMovingPlanned { .. } => "never-moving-planned",
            FindingKind::SplitGroup { .. } => "split-cycle-group",
            FindingKind::DatabaseAcrossBoundary { .. } => "database-across-boundary",
            FindingKind::OverCapacity { .. } => "over-capacity",
            FindingKind::OverStatefulCapacity { .. } => "over-stateful-capacity",
            FindingKind::CriticalInPilot { .. } => "critical-in-pilot",
            FindingKind::NoOwnerInPilot { .. } => "no-owner-in-pilot",
        }
    }

    /// The message, naming apps and waves.
    pub fn message(
        &self,
        portfolio: &Portfolio,
        graph: &DependencyGraph,
        plan: &WavePlan,
    ) -> String {
        let id = |a: AppIx| portfolio.apps[a].id.as_str();
        let place = |a: AppIx| match plan.wave_of(a) {
            Some(w) => plan.label(w),
            None if graph.is_movable(a) => "unplanned".to_string(),
            None => "never moves".to_string(),
        };
        match &self.kind {
            FindingKind::NeverMovingPlanned { app, wave } => format!(
                "{} is in {} but never moves ({}); take it out of the plan",
                id(*app),
                plan.label(*wave),
                portfolio.apps[*app]
                    .never_moves_because()
                    .unwrap_or("never moves")
            ),
            FindingKind::SplitGroup { group } => {
                let members = &graph.cycle_groups()[*group].members;
                let parts: Vec<String> = members
                    .iter()
                    .map(|&m| format!("{} ({})", id(m), place(m)))
                    .collect();
                format!(
                    "cycle group split across waves: {}; apps that call each other should move together",
                    parts.join(", ")
                )
            }
            FindingKind::DatabaseAcrossBoundary { from, to, wave } => {
                let (moving, staying) = if plan.wave_of(*from) == Some(*wave) {
                    (*from, *to)
                } else {
                    (*to, *from)
                };
                let staying_text = match plan.wave_of(staying) {
                    Some(w) => format!("{} moves only in {}", id(staying), plan.label(w)),
                    None if graph.is_movable(staying) => {
                        format!("{} stays on legacy (unplanned)", id(staying))
                    }
                    None => format!("{} never moves", id(staying)),
                };
                let moving_wave = plan
                    .wave_of(moving)
                    .map_or_else(String::new, |w| plan.label(w));
                format!(
                    "{} reads {}'s data directly across the boundary: {} moves in {}, {}",
                    id(*from),
                    id(*to),
                    id(moving),
                    moving_wave,
                    staying_text
                )
            }
            FindingKind::OverCapacity { wave, apps, limit } => format!(
                "{} holds {apps} apps; its capacity is {limit}",
                plan.label(*wave)
            ),
            FindingKind::OverStatefulCapacity {
                wave,
                stateful,
                limit,
            } => format!(
                "{} holds {stateful} stateful apps; its capacity is {limit}",
                plan.label(*wave)
            ),
            FindingKind::CriticalInPilot { app } => format!(
                "{} is Critical and in the first wave; keep the pilot low risk",
                id(*app)
            ),
            FindingKind::NoOwnerInPilot { app } => format!(
                "{} has no owning team and is in the first wave; give it an owner or move it later",
                id(*app)
            ),
        }
    }
}

/// Whether cycle group `g` is split across waves. Only what the architect can change counts: the
/// movable members not all in one wave once any is planned. (A member that never moves keeps the
/// group split for ever; its coupling says so.)
pub fn group_is_split(graph: &DependencyGraph, ranks: &[u32], g: usize) -> bool {
    let members = &graph.cycle_groups()[g].members;
    let mut movable = members
        .iter()
        .filter(|&&m| graph.is_movable(m))
        .map(|&m| ranks[m]);
    let first = movable.next();
    let planned_any = first.is_some_and(|_| {
        members
            .iter()
            .any(|&m| ranks[m] != u32::MAX && graph.is_movable(m))
    });
    planned_any && movable.any(|r| Some(r) != first)
}

/// Whether app `a` would be a Critical app, and an ownerless one, in the pilot.
pub fn pilot_risks(portfolio: &Portfolio, a: AppIx) -> (bool, bool) {
    let app = &portfolio.apps[a];
    (app.criticality == Criticality::Critical, !app.has_owner())
}

/// Every finding of `plan`, in a stable order: errors, then warnings by kind and wave.
pub fn findings(scorer: &Scorer<'_>, plan: &WavePlan, capacity: &Capacity) -> Vec<Finding> {
    let graph = scorer.graph;
    let ranks = plan.ranks();
    let facts = scorer.edge_facts();
    assemble(
        scorer,
        plan,
        capacity,
        |g| group_is_split(graph, ranks, g),
        |e| {
            let f = facts[e];
            let (a, b) = (ranks[f.from as usize], ranks[f.to as usize]);
            f.database && a != b && a.min(b) != u32::MAX
        },
        |w| {
            let apps = &plan.waves()[w].apps;
            (
                apps.len(),
                apps.iter().filter(|&&a| scorer.is_stateful(a)).count(),
            )
        },
    )
}

/// The findings in their stable order, from what decides them: which cycle groups are split,
/// which database edges cross the boundary, and each wave's load (apps, stateful apps). Both the
/// full analysis and the live one list their findings through here.
pub(crate) fn assemble(
    scorer: &Scorer<'_>,
    plan: &WavePlan,
    capacity: &Capacity,
    split: impl Fn(usize) -> bool,
    database_crossing: impl Fn(usize) -> bool,
    load: impl Fn(usize) -> (usize, usize),
) -> Vec<Finding> {
    let graph = scorer.graph;
    let ranks = plan.ranks();
    let mut out = Vec::new();
    let warn = |kind| Finding {
        severity: Severity::Warning,
        kind,
    };
    for (w, wave) in plan.waves().iter().enumerate() {
        for &a in &wave.apps {
            if !graph.is_movable(a) {
                out.push(Finding {
                    severity: Severity::Error,
                    kind: FindingKind::NeverMovingPlanned { app: a, wave: w },
                });
            }
        }
    }
    for g in 0..graph.cycle_groups().len() {
        if split(g) {
            out.push(warn(FindingKind::SplitGroup { group: g }));
        }
    }
    for (e, f) in scorer.edge_facts().iter().enumerate() {
        if database_crossing(e) {
            let wave = ranks[f.from as usize].min(ranks[f.to as usize]) as usize;
            out.push(warn(FindingKind::DatabaseAcrossBoundary {
                from: f.from as usize,
                to: f.to as usize,
                wave,
            }));
        }
    }
    for w in 0..plan.wave_count() {
        let (apps, stateful) = load(w);
        let limit = capacity.apps_limit(w);
        if apps > limit {
            out.push(warn(FindingKind::OverCapacity {
                wave: w,
                apps,
                limit,
            }));
        }
        if stateful > capacity.max_stateful {
            out.push(warn(FindingKind::OverStatefulCapacity {
                wave: w,
                stateful,
                limit: capacity.max_stateful,
            }));
        }
    }
    if let Some(pilot) = plan.waves().first() {
        for &a in &pilot.apps {
            let (critical, no_owner) = pilot_risks(scorer.portfolio, a);
            if critical {
                out.push(warn(FindingKind::CriticalInPilot { app: a }));
            }
            if no_owner {
                out.push(warn(FindingKind::NoOwnerInPilot { app: a }));
            }
        }
    }
    out
}

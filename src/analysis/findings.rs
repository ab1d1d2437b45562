//! Findings of a plan: errors (apps that never move placed in a wave) and warnings (split cycle
//! groups, hard dependencies open across the boundary, waves over capacity, a pilot app that
//! breaks the pilot rule). Findings hold indices; their messages are written on demand.

use crate::diagnostic::Severity;
use crate::graph::{AppIx, DependencyGraph};
use crate::model::{PilotBreaks, Portfolio, Via};
use crate::score::Scorer;

use super::{Placement, WavePlan};

/// How many members of a split cycle group a brief message names.
const BRIEF_MEMBERS: usize = 8;

/// What a finding is about.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FindingKind {
    /// An app that never moves is placed in a wave.
    NeverMovingPlanned { app: AppIx, wave: usize },
    /// A cycle group whose members are not all in one wave.
    SplitGroup { group: usize },
    /// `from` has a hard dependency on `to` (a direct database connection, a shared file
    /// system: it cannot work across the hybrid link), and the two are on different sides of
    /// the boundary after wave `wave` (0-based), the wave the earlier one moves in.
    HardDependencyAcrossBoundary { from: AppIx, to: AppIx, wave: usize },
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
    /// An app in the first wave that breaks the pilot rule by what it is.
    PilotRule { app: AppIx, breaks: PilotBreaks },
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
            FindingKind::NeverMovingPlanned { app, .. } | FindingKind::PilotRule { app, .. } => {
                vec![*app]
            }
            FindingKind::SplitGroup { group } => graph.cycle_groups()[*group].members.clone(),
            FindingKind::HardDependencyAcrossBoundary { from, to, .. } => vec![*from, *to],
            FindingKind::OverCapacity { .. } | FindingKind::OverStatefulCapacity { .. } => {
                Vec::new()
            }
        }
    }

    /// The 0-based wave the finding is about, if one.
    pub fn wave(&self) -> Option<usize> {
        match &self.kind {
            FindingKind::NeverMovingPlanned { wave, .. }
            | FindingKind::HardDependencyAcrossBoundary { wave, .. }
            | FindingKind::OverCapacity { wave, .. }
            | FindingKind::OverStatefulCapacity { wave, .. } => Some(*wave),
            FindingKind::PilotRule { .. } => Some(0),
            FindingKind::SplitGroup { .. } => None,
        }
    }

    /// A short machine name of the kind, for JSON and tests.
    pub fn code(&self) -> &'static str {
        match self.kind {
            FindingKind::NeverMovingPlanned { .. } => "never-moving-planned",
            FindingKind::SplitGroup { .. } => "split-cycle-group",
            FindingKind::HardDependencyAcrossBoundary { .. } => "hard-dependency-across-boundary",
            FindingKind::OverCapacity { .. } => "over-capacity",
            FindingKind::OverStatefulCapacity { .. } => "over-stateful-capacity",
            FindingKind::PilotRule { .. } => "pilot-rule",
        }
    }

    /// The message, naming apps and waves.
    pub fn message(
        &self,
        portfolio: &Portfolio,
        graph: &DependencyGraph,
        plan: &WavePlan,
    ) -> String {
        self.message_naming(portfolio, graph, plan, usize::MAX)
    }

    /// The message as a screen shows it, in a line or a few: a split cycle group names its
    /// first members only ("and 4,990 more"), so a group of thousands costs no more than one
    /// of ten.
    pub fn brief(&self, portfolio: &Portfolio, graph: &DependencyGraph, plan: &WavePlan) -> String {
        self.message_naming(portfolio, graph, plan, BRIEF_MEMBERS)
    }

    /// The message, naming at most `most` members of a split cycle group.
    fn message_naming(
        &self,
        portfolio: &Portfolio,
        graph: &DependencyGraph,
        plan: &WavePlan,
        most: usize,
    ) -> String {
        let id = |a: AppIx| portfolio.apps[a].id.as_str();
        let place = |a: AppIx| Placement::of(plan, graph, a).describe(plan);
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
                let mut parts: Vec<String> = members
                    .iter()
                    .take(most)
                    .map(|&m| format!("{} ({})", id(m), place(m)))
                    .collect();
                if members.len() > most {
                    parts.push(format!("and {} more", members.len() - most));
                }
                format!(
                    "cycle group split across waves: {}; apps that call each other should move together",
                    parts.join(", ")
                )
            }
            FindingKind::HardDependencyAcrossBoundary { from, to, wave } => {
                hard_dependency_message(portfolio, graph, plan, *from, *to, *wave)
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
            FindingKind::PilotRule { app, breaks } => format!(
                "{} is in the first wave but {}; keep the pilot low risk: move it to a later wave",
                id(*app),
                breaks.describe(&portfolio.apps[*app], plan.capacity())
            ),
        }
    }
}

/// The message of a hard dependency from `from` to `to` open across the boundary after wave
/// `wave`: which end moves there, where the other stays, and how the two depend.
fn hard_dependency_message(
    portfolio: &Portfolio,
    graph: &DependencyGraph,
    plan: &WavePlan,
    from: AppIx,
    to: AppIx,
    wave: usize,
) -> String {
    let id = |a: AppIx| portfolio.apps[a].id.as_str();
    let (moving, staying) = if plan.wave_of(from) == Some(wave) {
        (from, to)
    } else {
        (to, from)
    };
    let staying_text = match Placement::of(plan, graph, staying) {
        Placement::Wave(w) => {
            format!("{} moves only in {}", id(staying), plan.label(w))
        }
        Placement::Unplanned => format!("{} stays on legacy (unplanned)", id(staying)),
        Placement::NeverMoves => format!("{} never moves", id(staying)),
    };
    let moving_wave = plan
        .wave_of(moving)
        .map_or_else(String::new, |w| plan.label(w));
    let how = match graph.edge_between(from, to).map(|e| e.via) {
        Some(Via::Database) => format!("reads {}'s data directly", id(to)),
        Some(Via::File) => format!("shares files with {}", id(to)),
        Some(via) => format!("needs {} over {via}, marked hard,", id(to)),
        None => format!("needs {}", id(to)),
    };
    format!(
        "{} {how} across the boundary: {} moves in {}, {}; move them together",
        id(from),
        id(moving),
        moving_wave,
        staying_text
    )
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

/// What keeps app `a` out of the pilot by what it is, under `plan`'s capacity.
pub fn pilot_breaks(portfolio: &Portfolio, plan: &WavePlan, a: AppIx) -> PilotBreaks {
    plan.capacity().pilot_breaks(&portfolio.apps[a])
}

/// Every finding of `plan`, in a stable order: errors, then warnings by kind and wave.
pub fn findings(scorer: &Scorer<'_>, plan: &WavePlan) -> Vec<Finding> {
    let graph = scorer.graph;
    let ranks = plan.ranks();
    let facts = scorer.edge_facts();
    let capacity = plan.capacity();
    assemble(
        scorer,
        plan,
        |g| group_is_split(graph, ranks, g),
        |e| hard_crossing(&facts[e], ranks),
        |w| {
            let apps = &plan.waves()[w].apps;
            (
                apps.len(),
                apps.iter()
                    .filter(|&&a| capacity.is_stateful(&scorer.portfolio.apps[a]))
                    .count(),
            )
        },
    )
}

/// Whether the edge is hard and left open by the plan: its ends in different waves, or one
/// planned and the other not.
pub fn hard_crossing(f: &crate::score::EdgeFacts, ranks: &[u32]) -> bool {
    let (a, b) = (ranks[f.from as usize], ranks[f.to as usize]);
    f.hard && a != b && a.min(b) != u32::MAX
}

/// The findings in their stable order, from what decides them: which cycle groups are split,
/// which database edges cross the boundary, and each wave's load (apps, stateful apps). Both the
/// full analysis and the live one list their findings through here.
pub(crate) fn assemble(
    scorer: &Scorer<'_>,
    plan: &WavePlan,
    split: impl Fn(usize) -> bool,
    hard_crossing: impl Fn(usize) -> bool,
    load: impl Fn(usize) -> (usize, usize),
) -> Vec<Finding> {
    let graph = scorer.graph;
    let ranks = plan.ranks();
    let capacity = plan.capacity();
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
        if hard_crossing(e) {
            let wave = ranks[f.from as usize].min(ranks[f.to as usize]) as usize;
            out.push(warn(FindingKind::HardDependencyAcrossBoundary {
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
            let breaks = pilot_breaks(scorer.portfolio, plan, a);
            if breaks.any() {
                out.push(warn(FindingKind::PilotRule { app: a, breaks }));
            }
        }
    }
    out
}

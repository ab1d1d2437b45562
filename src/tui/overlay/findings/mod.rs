//! The findings overlay (`f`): every entry dropped from the plan file, then the plan's findings
//! grouped by kind (errors first) with a count per group, narrowed by a search, one of them
//! selected; `Enter` follows the selected finding to its app and wave. Its state and keys here,
//! its update and draw beside.

mod draw;
mod update;

pub use draw::draw;
pub use update::{open, search, update};

use crossterm::event::KeyCode;

use super::dependencies::CHOOSE;
use super::keys::{Binding, Does, Keys, Press, TEXT_EDITING, bind, cancel, submit};
use crate::analysis::WavePlan;
use crate::analysis::{Finding, FindingKind};
use crate::diagnostic::Severity;
use crate::graph::DependencyGraph;
use crate::model::Portfolio;
use crate::tui::action::Action;
use crate::tui::input::TextInput;

/// One row of the list.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FindingRow {
    /// The heading of a group: its first finding (for the kind) and how many the search kept.
    Group { first: usize, count: usize },
    /// The heading of the entries dropped from the plan file, and how many.
    DroppedGroup { count: usize },
    /// Entry `i` dropped from the plan file.
    Dropped(usize),
    /// Finding `i` of `App::findings`.
    Finding(usize),
}

impl FindingRow {
    pub fn is_heading(self) -> bool {
        matches!(
            self,
            FindingRow::Group { .. } | FindingRow::DroppedGroup { .. }
        )
    }
}

/// The state of the open overlay.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct FindingsState {
    /// The selected row (never a heading while there is a finding to select).
    pub selected: usize,
    /// What the list is narrowed to (any case), and whether it is being typed.
    pub query: TextInput,
    pub typing: bool,
}

/// The keys of the list.
pub const KEYS: Keys = Keys {
    title: "Findings",
    groups: &[CHOOSE, LIST, &[ESC.hinted("Esc", "close")]],
    board: BOARD,
};

/// The keys of the list narrowed by a search: `Esc` clears the search first.
pub const SEARCHED: Keys = Keys {
    title: "Findings",
    groups: &[CHOOSE, LIST, &[ESC.hinted("Esc", "clear the search")]],
    board: BOARD,
};

/// The keys while the search is typed.
pub const SEARCH: Keys = Keys {
    title: "Findings search",
    groups: &[
        &[submit("keep the search"), cancel("clear it")],
        TEXT_EDITING,
    ],
    board: &[],
};

const BOARD: &[(Action, Action)] = &[
    (Action::Findings, Action::Close),
    (Action::Quit, Action::Close),
];

/// The keys of the overlay in `state`.
pub fn keys_of(state: &FindingsState) -> Keys {
    if state.typing {
        SEARCH
    } else if state.query.is_empty() {
        KEYS
    } else {
        SEARCHED
    }
}

const LIST: &[Binding] = &[
    bind(
        &[Press::Code(KeyCode::Home)],
        Does::Act(Action::SelectFirst),
        "Home",
        "the first finding",
    ),
    bind(
        &[Press::Code(KeyCode::End)],
        Does::Act(Action::SelectLast),
        "End",
        "the last finding",
    ),
    bind(
        &[Press::Code(KeyCode::Enter)],
        Does::Act(Action::Submit),
        "Enter",
        "go to the finding's app, in its wave",
    )
    .shown("go to the app"),
    bind(
        &[Press::Code(KeyCode::Char('/'))],
        Does::Act(Action::Filter),
        "/",
        "search the findings",
    )
    .shown("search"),
];

const ESC: Binding = bind(
    &[Press::Code(KeyCode::Esc), Press::Code(KeyCode::Char('q'))],
    Does::Act(Action::Close),
    "Esc q",
    "clear the search, or close",
);

/// The order groups come in: errors, then the kinds as the design lists them.
fn kind_rank(f: &Finding) -> (bool, u8) {
    let kind = match f.kind {
        FindingKind::NeverMovingPlanned { .. } => 0,
        FindingKind::SplitGroup { .. } => 1,
        FindingKind::HardDependencyAcrossBoundary { .. } => 2,
        FindingKind::OverCapacity { .. } => 3,
        FindingKind::OverStatefulCapacity { .. } => 4,
        FindingKind::PilotRule { .. } => 5,
    };
    (f.severity != Severity::Error, kind)
}

/// What a group of findings is about, as its heading says it.
pub fn kind_title(f: &Finding) -> &'static str {
    match f.kind {
        FindingKind::NeverMovingPlanned { .. } => "apps that never move, placed in a wave",
        FindingKind::SplitGroup { .. } => "cycle groups split across waves",
        FindingKind::HardDependencyAcrossBoundary { .. } => "hard dependencies across the boundary",
        FindingKind::OverCapacity { .. } => "waves over their app capacity",
        FindingKind::OverStatefulCapacity { .. } => "waves over their stateful capacity",
        FindingKind::PilotRule { .. } => "pilot apps that break the pilot rule",
    }
}

/// The findings in the order the overlay lists them (grouped by kind, errors first; within a
/// group as the analysis gave them).
pub fn grouped(mut findings: Vec<Finding>) -> Vec<Finding> {
    findings.sort_by_key(kind_rank);
    findings
}

/// The rows of the list: the dropped entries and the findings whose text (in lower case, made
/// only when there is a query) contains `query`.
pub fn rows(
    findings: &[Finding],
    dropped: &[String],
    query: &str,
    text_of: impl Fn(usize) -> String,
) -> Vec<FindingRow> {
    let needle = query.to_lowercase();
    let keep = |text: &str| needle.is_empty() || text.to_lowercase().contains(&needle);
    let mut rows = Vec::new();
    let kept: Vec<usize> = (0..dropped.len()).filter(|&i| keep(&dropped[i])).collect();
    if !kept.is_empty() {
        rows.push(FindingRow::DroppedGroup { count: kept.len() });
        rows.extend(kept.into_iter().map(FindingRow::Dropped));
    }
    let mut i = 0;
    while i < findings.len() {
        let rank = kind_rank(&findings[i]);
        let end = (i..findings.len())
            .find(|&j| kind_rank(&findings[j]) != rank)
            .unwrap_or(findings.len());
        let kept: Vec<usize> = (i..end)
            .filter(|&j| needle.is_empty() || keep(&text_of(j)))
            .collect();
        if !kept.is_empty() {
            rows.push(FindingRow::Group {
                first: i,
                count: kept.len(),
            });
            rows.extend(kept.into_iter().map(FindingRow::Finding));
        }
        i = end;
    }
    rows
}

/// The first row that is not a heading, at or after `from` (else before it).
pub fn selectable(rows: &[FindingRow], from: usize, forward: bool) -> usize {
    let found = if forward {
        (from..rows.len()).find(|&r| !rows[r].is_heading())
    } else {
        (0..=from.min(rows.len().saturating_sub(1)))
            .rev()
            .find(|&r| !rows[r].is_heading())
    };
    found
        .or_else(|| (0..rows.len()).find(|&r| !rows[r].is_heading()))
        .unwrap_or(0)
}

/// The text a finding is searched by: the message the overlay shows.
pub fn text(
    f: &Finding,
    portfolio: &Portfolio,
    graph: &DependencyGraph,
    plan: &WavePlan,
) -> String {
    f.brief(portfolio, graph, plan)
}

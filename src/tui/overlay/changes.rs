//! The changes overlay (`D`): what changed since the plan was saved, one change a line (the
//! capacity, the waves, the apps moved, the pins, then the hybrid cost and the findings before
//! and after, in `waveplan diff`'s words, `PlanDiff::describe`). Its keys as a table, its
//! update and its draw.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};

use super::help::paged;
use super::keys::{CLOSE, Keys, SCROLL};
use crate::analysis::WavePlan;
use crate::analysis::diff::{diff, signed};
use crate::diagnostic::printable;
use crate::score::Scorer;
use crate::tui::action::Action;
use crate::tui::app::{App, Mode};
use crate::tui::view::fit;

/// The keys of the overlay.
pub const KEYS: Keys = Keys {
    title: "Changes",
    groups: &[SCROLL, CLOSE],
    board: &[
        (Action::Changes, Action::Close),
        (Action::Quit, Action::Close),
    ],
};

/// Open the overlay on what changed since the saved plan.
pub fn open(app: &mut App<'_>) {
    app.changes = change_lines(
        app.session.scorer(),
        app.session.saved_plan(),
        app.plan(),
        app.session.load_problems().len(),
    );
    app.mode = Mode::Changes { scroll: 0 };
}

/// How a line of the overlay shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tone {
    /// A section title.
    Section,
    Change,
    /// A finding the saved plan had and the plan no longer has.
    Resolved,
    /// A finding the plan has and the saved plan did not.
    New,
    /// Nothing changed.
    Nothing,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChangeLine {
    pub tone: Tone,
    pub text: String,
}

/// The lines of the overlay for the changes from `saved` to `plan`; `dropped` entries were left
/// out of the plan file as it opened.
pub fn change_lines(
    scorer: &Scorer<'_>,
    saved: &WavePlan,
    plan: &WavePlan,
    dropped: usize,
) -> Vec<ChangeLine> {
    let d = diff(scorer, saved, plan);
    let mut out = Vec::new();
    let line = |tone, text: String| ChangeLine { tone, text };
    if dropped > 0 {
        out.push(line(
            Tone::Change,
            format!(
                "{dropped} entr{} dropped from the plan file as it opened (saving leaves them out)",
                if dropped == 1 { "y" } else { "ies" }
            ),
        ));
    }
    if d.is_empty() {
        // The unsaved mark may still show: the order of apps inside a wave is all that differs.
        let text = if saved == plan {
            "No changes since the plan was saved"
        } else {
            "No changes since the plan was saved but the order of apps inside waves"
        };
        out.push(line(Tone::Nothing, text.to_string()));
        return out;
    }
    let described = d.describe(scorer, saved, plan);
    for (title, items) in [
        ("Capacity", described.capacity),
        ("Waves", described.waves),
        ("Apps moved", described.apps),
        ("Pins", described.pins),
    ] {
        if items.is_empty() {
            continue;
        }
        out.push(line(Tone::Section, format!("{title} ({})", items.len())));
        out.extend(items.into_iter().map(|t| line(Tone::Change, t)));
    }
    out.push(line(
        Tone::Section,
        format!(
            "Hybrid cost {} → {} ({})",
            d.cost_before,
            d.cost_after,
            signed(d.cost_before, d.cost_after)
        ),
    ));
    let count = |(errors, warnings): (usize, usize)| {
        format!(
            "{errors} error{}, {warnings} warning{}",
            if errors == 1 { "" } else { "s" },
            if warnings == 1 { "" } else { "s" }
        )
    };
    out.push(line(
        Tone::Section,
        format!(
            "Findings {} → {}",
            count(d.findings_before),
            count(d.findings_after)
        ),
    ));
    out.extend(
        d.findings_gone
            .iter()
            .map(|f| line(Tone::Resolved, format!("resolved: {}", printable(f)))),
    );
    out.extend(
        d.findings_new
            .iter()
            .map(|f| line(Tone::New, format!("new: {}", printable(f)))),
    );
    out
}

/// Draw the changes listed as the overlay opened. Returns how far it scrolls.
pub fn draw(frame: &mut Frame<'_>, area: Rect, app: &App<'_>, scroll: usize) -> usize {
    let t = &app.theme;
    let width = area.width.saturating_sub(4).min(110);
    let room = usize::from(width.saturating_sub(2)).saturating_sub(4);
    let lines = &app.changes;
    paged(
        frame,
        area,
        app,
        "Changes since the plan was saved".to_string(),
        lines.len(),
        scroll,
        width,
        |i| {
            let c = &lines[i];
            let (lead, style) = match c.tone {
                Tone::Section => ("", t.bold()),
                Tone::Change => ("  ", t.text()),
                Tone::Resolved => ("  ", t.good()),
                Tone::New => ("  ", t.warning()),
                Tone::Nothing => ("", t.good()),
            };
            Line::from(vec![
                Span::raw(format!(" {lead}")),
                Span::styled(fit(&c.text, room), style),
            ])
        },
    )
}

//! The changes overlay (`D`): what changed since the plan was saved, one change a line.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};

use super::fit;
use super::help::paged;
use crate::tui::app::App;
use crate::tui::changes::Tone;

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

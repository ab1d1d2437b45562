//! The capacity form (`c`): each field with its value, the chosen one highlighted, what is
//! wrong with the draft when something is, and the form's keys.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};

use super::{CapacityForm, FIELDS, Field, KEYS};
use crate::tui::app::App;
use crate::tui::overlay::prompt::{hint_line, popup};
use crate::tui::view::pad;

pub fn draw(frame: &mut Frame<'_>, area: Rect, app: &App<'_>, form: &CapacityForm) {
    let t = &app.theme;
    let label_width = FIELDS
        .iter()
        .map(|f| f.label().chars().count())
        .max()
        .unwrap_or(0);
    let mut lines = vec![Line::styled(
        " Waves are judged by these; the automatic plan keeps to them.",
        t.dim(),
    )];
    for (i, &field) in FIELDS.iter().enumerate() {
        if field == Field::Stateful(crate::model::State::Cache) {
            lines.push(Line::raw(""));
        }
        let chosen = i == form.field;
        let value = form.value(field);
        let changed = form.changed(field);
        let arrows = match field {
            Field::Stateful(_) => ("  ", ""),
            _ if chosen => ("◂ ", " ▸"),
            _ => ("  ", "  "),
        };
        let line = Line::from(vec![
            Span::raw(if chosen { " ▸ " } else { "   " }),
            Span::raw(pad(field.label(), label_width + 2)),
            Span::styled(arrows.0, t.dim()),
            Span::styled(value, if changed { t.warning() } else { t.bold() }),
            Span::styled(arrows.1, t.dim()),
        ]);
        lines.push(if chosen {
            line.style(t.selected())
        } else {
            line
        });
    }
    lines.push(Line::raw(""));
    if let Some(problem) = form.problem() {
        lines.push(Line::styled(format!(" {problem}"), t.error()));
    }
    lines.push(hint_line(app, &KEYS));
    popup(frame, area, app, "Capacity", lines, 76);
}

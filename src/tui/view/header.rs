//! The header: portfolio, plan file, unsaved mark, filter, the plan's live figures and the
//! capacity it is judged by (`cap 10/2 · pilot 3`: apps and stateful apps a wave). The
//! figures keep one format and only abbreviate as the width shrinks; the plan file's name stays
//! in view (the portfolio's name is shortened first).

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use unicode_width::UnicodeWidthStr;

use super::{clean, fit};
use crate::tui::app::App;

pub use crate::number::thousands;

/// The abbreviation levels of the figures and of the capacity, longest first: the capacity
/// abbreviates before the live figures do.
const LEVELS: [(usize, usize); 5] = [(0, 0), (0, 1), (0, 2), (1, 2), (2, 2)];

/// The figures line at abbreviation `level` (0: in full; each level is shorter, in the same
/// order and format), the capacity at its own level `cap`.
fn figures<'t>(app: &App<'_>, levels: (usize, usize)) -> Line<'t> {
    let t = &app.theme;
    let mut spans = vec![Span::raw(" ")];
    for (i, (value, label, style, label_first)) in parts(app, levels).into_iter().enumerate() {
        if i > 0 {
            spans.push(Span::styled(" · ", t.dim()));
        }
        if label_first {
            spans.push(Span::styled(label, t.dim()));
            spans.push(Span::styled(value, style));
        } else {
            spans.push(Span::styled(value, style));
            spans.push(Span::styled(label, t.dim()));
        }
    }
    spans.push(Span::raw(" "));
    Line::from(spans)
}

/// The figures at their levels: (value, label, style, whether the label goes first).
fn parts(app: &App<'_>, (level, cap): (usize, usize)) -> Vec<(String, String, Style, bool)> {
    let t = &app.theme;
    let live = &app.session.live();
    let (errors, warnings) = (live.errors(), live.warnings());
    let count_style = |n: usize, bad: Style| if n > 0 { bad } else { t.text() };
    let waves = app.plan().wave_count();
    let plural = |n: usize, one: &'static str, many: &'static str| if n == 1 { one } else { many };
    let planned = format!(
        "{}/{}",
        thousands(live.planned() as u64),
        thousands(app.session.movable() as u64)
    );
    let hybrid = thousands(live.hybrid_total());
    let capacity = app.plan().capacity();
    vec![
        (
            planned,
            [" planned", " planned", ""][level].to_string(),
            t.bold(),
            false,
        ),
        (
            thousands(waves as u64),
            [
                plural(waves, " wave", " waves"),
                plural(waves, " wave", " waves"),
                "w",
            ][level]
                .to_string(),
            t.bold(),
            false,
        ),
        (
            hybrid,
            ["hybrid ", "hybrid ", "h"][level].to_string(),
            t.bold(),
            true,
        ),
        (
            thousands(errors as u64),
            [plural(errors, " error", " errors"), " err", "!"][level].to_string(),
            count_style(errors, t.error()),
            false,
        ),
        (
            thousands(warnings as u64),
            [plural(warnings, " warning", " warnings"), " warn", "~"][level].to_string(),
            count_style(warnings, t.warning()),
            false,
        ),
        // The capacity in use: apps / stateful apps a wave, and the pilot's size.
        (
            format!(
                "{}/{}",
                thousands(capacity.max_apps as u64),
                thousands(capacity.max_stateful as u64)
            ),
            ["cap ", "", ""][cap].to_string(),
            t.text(),
            true,
        ),
        (
            thousands(capacity.pilot as u64),
            ["pilot ", "pilot ", "p"][cap].to_string(),
            t.text(),
            true,
        ),
    ]
}

pub fn draw(frame: &mut Frame<'_>, area: Rect, app: &App<'_>) {
    let t = &app.theme;
    let width = usize::from(area.width);
    let name = if app.portfolio().name.is_empty() {
        "(unnamed portfolio)".to_string()
    } else {
        clean(&app.portfolio().name).into_owned()
    };
    let plan_path = clean(&app.session.ws().plan_path.display().to_string()).into_owned();
    let plan_name = app
        .session
        .ws()
        .plan_path
        .file_name()
        .map(|n| clean(&n.to_string_lossy()).into_owned())
        .unwrap_or_else(|| plan_path.clone());
    let filter = if app.filter.is_empty() {
        String::new()
    } else {
        format!("  filter: {}", fit(&app.filter, 20))
    };
    // Room always kept for the unsaved mark, so the layout does not change with it.
    let mark = 2;
    // What the left side needs at least: the plan file's name, a few letters of the portfolio's.
    let least = 1 + name.width().min(8) + 3 + plan_name.width() + mark + filter.width();
    let level = LEVELS
        .into_iter()
        .find(|&l| figures(app, l).width() + least <= width)
        .unwrap_or((2, 2));
    let figures = figures(app, level);
    let [left, right] = Layout::horizontal([
        Constraint::Fill(1),
        Constraint::Length(figures.width().min(width) as u16),
    ])
    .areas(area);
    let room = usize::from(left.width).saturating_sub(1 + mark + filter.width());
    // The plan file: its whole path when it fits beside some of the portfolio's name, else its
    // file name; the portfolio's name takes what is left.
    let plan = if plan_path.width() + 3 + name.width().min(8) <= room {
        plan_path
    } else {
        fit(&plan_name, room)
    };
    let name_room = room.saturating_sub(plan.width() + 3);
    let mut spans = vec![Span::raw(" ")];
    if name_room > 0 {
        spans.push(Span::styled(fit(&name, name_room), t.bold()));
        spans.push(Span::styled(" · ", t.dim()));
    }
    spans.push(Span::raw(plan));
    if app.session.is_dirty() {
        spans.push(Span::styled(" *", t.warning()));
    }
    if !filter.is_empty() {
        spans.push(Span::styled("  filter: ", t.dim()));
        spans.push(Span::styled(fit(&app.filter, 20), t.warning()));
    }
    frame.render_widget(Paragraph::new(Line::from(spans)), left);
    frame.render_widget(Paragraph::new(figures), right);
}

//! The header: portfolio, plan file, unsaved mark, filter, and the plan's live figures.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::{clean, fit};
use crate::tui::app::App;

pub fn draw(frame: &mut Frame<'_>, area: Rect, app: &App<'_>) {
    let t = &app.theme;
    let live = &app.live;
    let (planned, movable) = (live.planned(), app.movable);
    let (hybrid, errors, warnings) = (live.hybrid().total, live.errors(), live.warnings());
    let figure = |label: &'static str, value: String, style| {
        vec![
            Span::styled(format!("{label} "), t.dim()),
            Span::styled(value, style),
        ]
    };
    let count_style = |n: usize, bad| if n > 0 { bad } else { t.text() };
    let parts = [
        figure("planned", format!("{planned}/{movable}"), t.bold()),
        figure("waves", app.plan.wave_count().to_string(), t.bold()),
        figure("hybrid cost", hybrid.to_string(), t.bold()),
        figure("errors", errors.to_string(), count_style(errors, t.error())),
        figure(
            "warnings",
            warnings.to_string(),
            count_style(warnings, t.warning()),
        ),
    ];
    let mut spans: Vec<Span> = vec![Span::raw("  ")];
    for (i, part) in parts.into_iter().enumerate() {
        if i > 0 {
            spans.push(Span::styled(" · ", t.dim()));
        }
        spans.extend(part);
    }
    spans.push(Span::raw(" "));
    let full = Line::from(spans);
    let compact = Line::from(vec![
        Span::raw(" "),
        Span::styled(format!("{planned}/{movable}"), t.bold()),
        Span::styled(" planned · ", t.dim()),
        Span::styled(app.plan.wave_count().to_string(), t.bold()),
        Span::styled(
            if app.plan.wave_count() == 1 {
                " wave · hybrid "
            } else {
                " waves · hybrid "
            },
            t.dim(),
        ),
        Span::styled(hybrid.to_string(), t.bold()),
        Span::styled(" · ", t.dim()),
        Span::styled(errors.to_string(), count_style(errors, t.error())),
        Span::styled(" err · ", t.dim()),
        Span::styled(warnings.to_string(), count_style(warnings, t.warning())),
        Span::styled(" warn ", t.dim()),
    ]);
    let name = if app.portfolio().name.is_empty() {
        "(unnamed portfolio)"
    } else {
        &app.portfolio().name
    };
    let plan_file = app.ws.plan_path.display().to_string();
    let mut left_spans = vec![
        Span::styled(" ", t.text()),
        Span::styled(clean(name).into_owned(), t.bold()),
        Span::styled(" · ", t.dim()),
        Span::raw(clean(&plan_file).into_owned()),
    ];
    if app.is_dirty() {
        left_spans.push(Span::styled(" *", t.warning()));
    }
    if !app.filter.is_empty() {
        left_spans.push(Span::styled("  filter: ", t.dim()));
        left_spans.push(Span::styled(fit(&app.filter, 20), t.warning()));
    }
    let mut line = Line::from(left_spans);
    // The full figures when the names fit beside them, else the compact ones.
    let figures = if line.width() + full.width() <= usize::from(area.width) {
        full
    } else {
        compact
    };
    let [left, right] = Layout::horizontal([
        Constraint::Fill(1),
        Constraint::Length(figures.width() as u16),
    ])
    .areas(area);
    if line.width() > usize::from(left.width) {
        // Too long: keep the unsaved mark visible by shortening the names.
        let room = usize::from(left.width).saturating_sub(4);
        let text = format!("{} · {}", clean(name), clean(&plan_file));
        let mut spans = vec![Span::raw(" "), Span::raw(fit(&text, room.max(1)))];
        if app.is_dirty() {
            spans.push(Span::styled(" *", t.warning()));
        }
        line = Line::from(spans);
    }
    frame.render_widget(Paragraph::new(line), left);
    frame.render_widget(Paragraph::new(figures), right);
}

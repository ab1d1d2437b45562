//! The findings overlay: the whole screen wide, every message wrapped, grouped by kind with a
//! count per group, the search as it is typed, the selected finding in view. Messages are
//! written only for the rows in view, so a list of thousands opens at once.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, BorderType, Clear};

use super::{clean, wrap_text};
use crate::diagnostic::Severity;
use crate::tui::app::{App, FindingRow, FindingsState};
use crate::tui::findings::kind_title;

/// Draw the overlay; `top` is the first row shown, kept between frames so the list scrolls
/// only as far as the selection needs.
pub fn draw(
    frame: &mut Frame<'_>,
    area: Rect,
    app: &App<'_>,
    state: &FindingsState,
    top: &mut usize,
) {
    let t = &app.theme;
    let rect = Rect::new(
        area.x + 1,
        area.y + 1,
        area.width.saturating_sub(2),
        area.height.saturating_sub(2),
    );
    let (errors, warnings) = (app.session.live().errors(), app.session.live().warnings());
    let dropped = app.session.load_problems().len();
    let mut title = format!(
        "Findings: {} error{}, {} warning{}",
        super::thousands(errors as u64),
        if errors == 1 { "" } else { "s" },
        super::thousands(warnings as u64),
        if warnings == 1 { "" } else { "s" },
    );
    if dropped > 0 {
        title.push_str(&format!(", {dropped} dropped from the plan file"));
    }
    let rows = &app.finding_rows;
    let shown = rows.iter().filter(|r| !r.is_heading()).count();
    let keys = if state.typing {
        " Enter keep the search · Esc clear it ".to_string()
    } else {
        format!(
            " {} of {} · ↑↓ choose · Enter go to the app · / search · Esc {} ",
            super::thousands(
                rows[..state.selected.min(rows.len())]
                    .iter()
                    .filter(|r| !r.is_heading())
                    .count() as u64
                    + u64::from(shown > 0)
            ),
            super::thousands(shown as u64),
            if state.query.is_empty() {
                "close"
            } else {
                "clear the search"
            }
        )
    };
    let block = Block::bordered()
        .border_type(BorderType::Rounded)
        .border_style(t.border_focused())
        .title(Line::styled(format!(" {title} "), t.title()))
        .title_bottom(Line::styled(keys, t.dim()));
    let inner = block.inner(rect);
    frame.render_widget(Clear, rect);
    frame.render_widget(block, rect);
    let width = usize::from(inner.width);
    let height = usize::from(inner.height);
    if height == 0 || width < 8 {
        return;
    }
    let mut lines: Vec<Line> = Vec::new();
    // The search line, while there is one.
    if state.typing || !state.query.is_empty() {
        let mut spans = vec![Span::styled(" search /", t.key())];
        if state.typing {
            spans.extend(super::prompt::input_spans(
                app,
                &state.query,
                width.saturating_sub(12),
            ));
        } else {
            spans.push(Span::styled(clean(&state.query).into_owned(), t.bold()));
        }
        lines.push(Line::from(spans));
    }
    if shown == 0 {
        let text = if state.query.is_empty() {
            " No findings: the plan has no error and no warning."
        } else {
            " No finding matches the search."
        };
        lines.push(Line::styled(text, t.good()));
        super::draw_lines(frame, inner, &lines);
        return;
    }
    let room = height.saturating_sub(lines.len());
    let text_width = width.saturating_sub(4);
    let row_lines =
        |r: usize| -> Vec<Line<'static>> { row(app, rows[r], text_width, r == state.selected) };
    let height_of = |r: usize| -> usize {
        match rows[r] {
            FindingRow::Group { .. } | FindingRow::DroppedGroup { .. } => 1,
            _ => row_lines(r).len(),
        }
    };
    // Keep the selection in view, with its group's heading when it is the group's first.
    let selected = state.selected.min(rows.len() - 1);
    let mut first = (*top).min(selected);
    if selected > 0 && rows[selected - 1].is_heading() && first == selected {
        first = selected - 1;
    }
    // Every row takes a line at least: no more than `room` rows above the selection count.
    first = first.max(selected.saturating_sub(room));
    let heights: Vec<usize> = (first..=selected).map(height_of).collect();
    let mut used: usize = heights.iter().sum();
    for h in &heights {
        if used <= room || first == selected {
            break;
        }
        used -= h;
        first += 1;
    }
    *top = first;
    let mut r = first;
    while r < rows.len() && lines.len() < height {
        lines.extend(row_lines(r));
        r += 1;
    }
    lines.truncate(height);
    super::draw_lines(frame, inner, &lines);
}

/// The lines of one row: a group's heading, or a message wrapped under its mark.
fn row(app: &App<'_>, row: FindingRow, width: usize, selected: bool) -> Vec<Line<'static>> {
    let t = &app.theme;
    let marked = |mark: &'static str, style, text: &str| -> Vec<Line<'static>> {
        wrap_text(text, width, usize::MAX)
            .into_iter()
            .enumerate()
            .map(|(k, part)| {
                let lead = if k == 0 {
                    format!(" {mark} ")
                } else {
                    "   ".to_string()
                };
                let line = Line::from(vec![Span::styled(lead, style), Span::raw(part)]);
                if selected {
                    line.style(t.selected())
                } else {
                    line
                }
            })
            .collect()
    };
    match row {
        FindingRow::DroppedGroup { count } => vec![Line::styled(
            format!(" dropped from the plan file ({count})"),
            t.bold(),
        )],
        FindingRow::Group { first, count } => {
            let f = &app.findings[first];
            vec![Line::from(vec![
                Span::styled(
                    format!(" {} ({})", kind_title(f), super::thousands(count as u64)),
                    t.bold(),
                ),
                Span::styled(format!("  {}", f.code()), t.dim()),
            ])]
        }
        FindingRow::Dropped(i) => marked("✗", t.error(), &app.session.load_problems()[i]),
        FindingRow::Finding(i) => {
            let f = &app.findings[i];
            let (mark, style) = match f.severity {
                Severity::Error => ("!", t.error()),
                _ => ("~", t.warning()),
            };
            marked(
                mark,
                style,
                &f.brief(app.portfolio(), app.graph(), app.plan()),
            )
        }
    }
}

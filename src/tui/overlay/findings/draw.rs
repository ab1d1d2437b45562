//! The findings overlay: the whole screen wide, every message wrapped, grouped by kind with a
//! count per group, the search as it is typed, the selected finding in view. Messages are
//! written only for the rows in view, so a list of thousands opens at once.

use ratatui::Frame;
use ratatui::layout::{Margin, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, BorderType, Clear};

use super::{FindingRow, FindingsState, kind_title};
use crate::diagnostic::Severity;
use crate::tui::app::App;
use crate::tui::overlay::prompt::input_spans;
use crate::tui::view::{clean, draw_lines, thousands, wrap_text};

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
    let rect = area.inner(Margin::new(1, 1));
    let rows = &app.finding_rows;
    let shown = rows.iter().filter(|r| !r.is_heading()).count();
    let keys = super::keys_of(state).hints_text();
    let keys = if state.typing {
        format!(" {keys} ")
    } else {
        let at = rows[..state.selected.min(rows.len())]
            .iter()
            .filter(|r| !r.is_heading())
            .count()
            + usize::from(shown > 0);
        format!(
            " {} of {} · {keys} ",
            thousands(at as u64),
            thousands(shown as u64)
        )
    };
    let block = Block::bordered()
        .border_type(BorderType::Rounded)
        .border_style(t.border_focused())
        .title(Line::styled(format!(" {} ", title(app)), t.title()))
        .title_bottom(Line::styled(keys, t.dim()));
    let inner = block.inner(rect);
    frame.render_widget(Clear, rect);
    frame.render_widget(block, rect);
    let width = usize::from(inner.width);
    let height = usize::from(inner.height);
    if height == 0 || width < 8 {
        return;
    }
    let mut lines: Vec<Line> = search_line(app, state, width).into_iter().collect();
    if shown == 0 {
        let text = if state.query.is_empty() {
            " No findings: the plan has no error and no warning."
        } else {
            " No finding matches the search."
        };
        lines.push(Line::styled(text, t.good()));
        draw_lines(frame, inner, &lines);
        return;
    }
    let room = height.saturating_sub(lines.len());
    let text_width = width.saturating_sub(4);
    let row_lines =
        |r: usize| -> Vec<Line<'static>> { row(app, rows[r], text_width, r == state.selected) };
    *top = first_row(rows, state.selected, *top, room, |r| match rows[r] {
        FindingRow::Group { .. } | FindingRow::DroppedGroup { .. } => 1,
        _ => row_lines(r).len(),
    });
    let mut r = *top;
    while r < rows.len() && lines.len() < height {
        lines.extend(row_lines(r));
        r += 1;
    }
    lines.truncate(height);
    draw_lines(frame, inner, &lines);
}

/// "Findings: 3 errors, 12 warnings", and what was dropped from the plan file.
fn title(app: &App<'_>) -> String {
    let (errors, warnings) = (app.session.live().errors(), app.session.live().warnings());
    let dropped = app.session.load_problems().len();
    let mut title = format!(
        "Findings: {} error{}, {} warning{}",
        thousands(errors as u64),
        if errors == 1 { "" } else { "s" },
        thousands(warnings as u64),
        if warnings == 1 { "" } else { "s" },
    );
    if dropped > 0 {
        title.push_str(&format!(", {dropped} dropped from the plan file"));
    }
    title
}

/// The search line, while there is a search.
fn search_line<'t>(app: &App<'_>, state: &FindingsState, width: usize) -> Option<Line<'t>> {
    let t = &app.theme;
    if !state.typing && state.query.is_empty() {
        return None;
    }
    let mut spans = vec![Span::styled(" search /", t.key())];
    if state.typing {
        spans.extend(input_spans(app, &state.query, width.saturating_sub(12)));
    } else {
        spans.push(Span::styled(clean(&state.query).into_owned(), t.bold()));
    }
    Some(Line::from(spans))
}

/// The first row to show so that the selected row is in view in `room` lines, with its group's
/// heading when it is the group's first; `top` was the first row shown before, and rows take
/// `height_of` lines.
fn first_row(
    rows: &[FindingRow],
    selected: usize,
    top: usize,
    room: usize,
    height_of: impl Fn(usize) -> usize,
) -> usize {
    let selected = selected.min(rows.len() - 1);
    let mut first = top.min(selected);
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
    first
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
                    format!(
                        " {} ({})",
                        kind_title(f),
                        crate::tui::view::thousands(count as u64)
                    ),
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

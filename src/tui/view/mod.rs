//! The screen, drawn from `&App`: header, wave board, detail, recommendations, footer, and the
//! overlays and prompts of the current mode. Pure rendering; the only state it keeps is the
//! `Viewport` (scroll offsets and where the columns were drawn, for the mouse).

pub(crate) mod board;
pub(crate) mod detail;
mod footer;
mod header;
mod recommendations;

use std::borrow::Cow;

use crossterm::event::{MouseButton, MouseEvent, MouseEventKind};
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Position, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};
use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

use super::action::Action;
use super::app::{App, Confirm, Mode};
pub use header::thousands;

/// Below this size the board says so instead of drawing.
pub const MIN_WIDTH: u16 = 70;
pub const MIN_HEIGHT: u16 = 20;

/// What the view remembers between frames: scroll positions, and where columns were drawn.
#[derive(Debug, Clone, Default)]
pub struct Viewport {
    /// The first wave column shown after the pinned Unplanned column.
    first_wave: usize,
    /// The first row shown in each column.
    offsets: Vec<usize>,
    /// The columns drawn in the last frame.
    hits: Vec<ColumnHit>,
    /// How far the open overlay can scroll, as last drawn.
    overlay_max_scroll: usize,
    /// The column a left-button press started in (a drag drops the card elsewhere).
    drag_from: Option<usize>,
    /// The first row of the findings overlay shown.
    findings_top: usize,
    /// Whether the last frame was the too-small message instead of the board.
    too_small: bool,
}

#[derive(Debug, Clone, Copy)]
struct ColumnHit {
    column: usize,
    outer: Rect,
    inner: Rect,
    first_row: usize,
    rows: usize,
}

impl Viewport {
    /// Whether the last frame said the terminal is too small (the board was not drawn).
    pub fn too_small(&self) -> bool {
        self.too_small
    }

    /// How far the overlay drawn last can scroll: scrolling further shows nothing new.
    pub fn overlay_max_scroll(&self) -> usize {
        self.overlay_max_scroll
    }

    /// The action of a mouse event on the board: a click selects, a card dragged onto another
    /// column moves there, the wheel scrolls.
    pub fn mouse(&mut self, event: &MouseEvent) -> Option<Action> {
        let at = Position::new(event.column, event.row);
        let hit = self.hits.iter().find(|h| h.outer.contains(at)).copied();
        if let MouseEventKind::Up(MouseButton::Left) = event.kind {
            let from = self.drag_from.take()?;
            let column = hit?.column;
            return (column != from).then_some(Action::Drop { from, column });
        }
        let hit = hit?;
        match event.kind {
            MouseEventKind::Down(MouseButton::Left) => {
                let row = if hit.inner.contains(at) {
                    let r = hit.first_row + usize::from(at.y - hit.inner.y);
                    (r < hit.rows).then_some(r)
                } else {
                    None
                };
                // Only a card can be dragged.
                self.drag_from = row.map(|_| hit.column);
                Some(Action::Click {
                    column: hit.column,
                    row,
                })
            }
            MouseEventKind::ScrollDown => Some(Action::Wheel {
                column: hit.column,
                down: true,
            }),
            MouseEventKind::ScrollUp => Some(Action::Wheel {
                column: hit.column,
                down: false,
            }),
            _ => None,
        }
    }
}

/// Draw the whole screen.
pub fn draw(frame: &mut Frame<'_>, app: &App<'_>, viewport: &mut Viewport) {
    let area = frame.area();
    viewport.hits.clear();
    viewport.too_small = area.width < MIN_WIDTH || area.height < MIN_HEIGHT;
    if viewport.too_small {
        too_small(frame, area, app);
        return;
    }
    let message = footer::message_rows(app, usize::from(area.width));
    let [top, body, bottom] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Fill(1),
        Constraint::Length(footer::height(message.as_deref())),
    ])
    .areas(area);
    let board_height = (body.height * 11 / 20).max(8);
    let [board_area, lower] =
        Layout::vertical([Constraint::Length(board_height), Constraint::Fill(1)]).areas(body);
    let [detail_area, recs_area] =
        Layout::horizontal([Constraint::Percentage(57), Constraint::Percentage(43)]).areas(lower);
    header::draw(frame, top, app);
    board::draw(frame, board_area, app, viewport);
    detail::draw(frame, detail_area, app);
    recommendations::draw(frame, recs_area, app);
    footer::draw(frame, bottom, app, message);
    draw_overlay(frame, area, app, viewport);
}

/// The open overlay or prompt over the board.
fn draw_overlay(frame: &mut Frame<'_>, area: Rect, app: &App<'_>, viewport: &mut Viewport) {
    use super::overlay::{
        capacity, changes, chart, confirm, dependencies, export, findings, help, jump, rename,
    };
    match &app.mode {
        Mode::Help { scroll } => {
            viewport.overlay_max_scroll = help::draw(frame, area, app, *scroll);
        }
        Mode::Dependencies { chosen, trail, .. } => {
            viewport.overlay_max_scroll =
                dependencies::draw(frame, area, app, *chosen, trail.len());
        }
        Mode::Findings(state) => {
            findings::draw(frame, area, app, state, &mut viewport.findings_top);
        }
        Mode::Changes { scroll } => {
            viewport.overlay_max_scroll = changes::draw(frame, area, app, *scroll);
        }
        Mode::Chart => chart::draw(frame, area, app),
        Mode::Capacity(form) => capacity::draw(frame, area, app, form),
        Mode::Rename { wave, text } => rename::draw_rename(frame, area, app, *wave, text),
        Mode::Notes { wave, text } => rename::draw_notes(frame, area, app, *wave, text),
        Mode::Jump { text } => jump::draw(frame, area, app, text),
        Mode::Confirm(question) => confirm::draw(frame, area, app, question),
        Mode::ExportMenu { selected } => export::draw_menu(frame, area, app, *selected),
        Mode::ExportPath { format, text } => export::draw_path(frame, area, app, *format, text),
        Mode::Board | Mode::Filter { .. } => {}
    }
}

fn too_small(frame: &mut Frame<'_>, area: Rect, app: &App<'_>) {
    let mut text = format!(
        "The terminal is {}x{}; waveplan needs at least {MIN_WIDTH}x{MIN_HEIGHT}. Enlarge it, or press q to quit.",
        area.width, area.height
    );
    if app.mode == Mode::Confirm(Confirm::Quit) {
        text = "Unsaved changes: s save and quit, y quit without saving, n stay.".to_string();
    }
    let lines = text.width().div_ceil(usize::from(area.width.max(1))) as u16;
    let y = area.y + area.height.saturating_sub(lines) / 2;
    let inner = Rect::new(
        area.x,
        y,
        area.width,
        area.height.saturating_sub(y - area.y),
    );
    frame.render_widget(
        Paragraph::new(text)
            .style(app.theme.bold())
            .centered()
            .wrap(Wrap { trim: true }),
        inner,
    );
}

/// Portfolio and plan text with control characters removed.
pub(crate) fn clean(text: &str) -> Cow<'_, str> {
    crate::diagnostic::printable(text)
}

/// `text` cut to `width` columns, with `…` when cut.
pub(crate) fn fit(text: &str, width: usize) -> String {
    let text = clean(text);
    if text.width() <= width {
        return text.into_owned();
    }
    let mut out = String::new();
    let mut used = 0;
    for c in text.chars() {
        let w = c.width().unwrap_or(0);
        if used + w + 1 > width {
            break;
        }
        out.push(c);
        used += w;
    }
    if width > 0 {
        out.push('…');
    }
    out
}

/// `text` wrapped at spaces into lines of at most `width` columns (a word longer than a line is
/// cut); at most `max_lines` lines, the last one starting with `…` and ending as the text ends
/// when text is left over.
pub(crate) fn wrap_text(text: &str, width: usize, max_lines: usize) -> Vec<String> {
    let text = clean(text);
    let width = width.max(1);
    let mut lines: Vec<String> = Vec::new();
    let mut current = String::new();
    for word in text.split(' ').filter(|w| !w.is_empty()) {
        let needed = current.width() + usize::from(!current.is_empty()) + word.width();
        if needed > width && !current.is_empty() {
            lines.push(std::mem::take(&mut current));
        }
        if !current.is_empty() {
            current.push(' ');
        }
        current.push_str(word);
    }
    if !current.is_empty() || lines.is_empty() {
        lines.push(current);
    }
    if lines.len() > max_lines.max(1) {
        // The last line keeps the end of what is left: that is where a reason says where the
        // other app is ("(legacy until wave 3)").
        let rest = lines.split_off(max_lines.max(1) - 1).join(" ");
        let mut tail: Vec<char> = Vec::new();
        let mut used = 1;
        for c in rest.chars().rev() {
            let w = c.width().unwrap_or(0);
            if used + w > width {
                break;
            }
            tail.push(c);
            used += w;
        }
        let mut tail: String = tail.into_iter().rev().collect();
        // Start at a word when it was cut inside one.
        if tail.len() < rest.len()
            && !rest[..rest.len() - tail.len()].ends_with(' ')
            && let Some(space) = tail.find(' ')
        {
            tail = tail[space + 1..].to_string();
        }
        lines.push(format!("…{tail}"));
    }
    lines.into_iter().map(|l| fit(&l, width)).collect()
}

/// `text` cut or padded to exactly `width` columns.
pub(crate) fn pad(text: &str, width: usize) -> String {
    let mut s = fit(text, width);
    let w = s.width();
    s.extend(std::iter::repeat_n(' ', width.saturating_sub(w)));
    s
}

/// Draw `lines` one a row from the top of `area`, each cut to its width (what a `Paragraph`
/// without wrapping draws, without its reflow: lines made to fit their width are drawn as
/// they are).
pub(crate) fn draw_lines(frame: &mut Frame<'_>, area: Rect, lines: &[Line<'_>]) {
    for (row, line) in (area.y..area.bottom()).zip(lines) {
        frame.render_widget(line, Rect::new(area.x, row, area.width, 1));
    }
}

/// A label and a list of `total` items wrapped into at most `max_lines` lines of `width`
/// columns; items that do not fit are counted in a last `+N more` (and never made: a list of
/// thousands costs what fits).
pub(crate) fn wrap_items<'t>(
    label: Span<'t>,
    items: impl Iterator<Item = Vec<Span<'t>>>,
    total: usize,
    width: usize,
    max_lines: usize,
) -> Vec<Line<'t>> {
    let indent = label.width();
    let mut lines: Vec<Line<'t>> = Vec::new();
    let mut current: Vec<Span<'t>> = vec![label];
    let mut used = indent;
    for (i, item) in items.enumerate() {
        let item_width: usize = item.iter().map(Span::width).sum::<usize>() + 2;
        let last_line = lines.len() + 1 >= max_lines;
        let more = format!("+{} more", total - i);
        // On the last line keep room for "+N more" unless this is the last item.
        let reserve = if last_line && i + 1 < total {
            more.len() + 1
        } else {
            0
        };
        if used + item_width + reserve > width && used > indent {
            if last_line {
                current.push(Span::raw(more));
                lines.push(Line::from(current));
                return lines;
            }
            lines.push(Line::from(std::mem::take(&mut current)));
            current.push(Span::raw(" ".repeat(indent)));
            used = indent;
        }
        current.extend(item);
        if i + 1 < total {
            current.push(Span::raw(", "));
        }
        used += item_width;
    }
    if max_lines > 0 {
        lines.push(Line::from(current));
    }
    lines
}

/// A rectangle of `width` x `height` in the middle of `area`, clamped to it.
pub(crate) fn centered(area: Rect, width: u16, height: u16) -> Rect {
    let w = width.min(area.width);
    let h = height.min(area.height);
    Rect::new(
        area.x + (area.width - w) / 2,
        area.y + (area.height - h) / 2,
        w,
        h,
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wrap_text_breaks_at_spaces_and_keeps_the_end() {
        assert_eq!(
            wrap_text("1 HTTP call to orders (legacy until wave 3)", 24, 5),
            ["1 HTTP call to orders", "(legacy until wave 3)"]
        );
        assert_eq!(wrap_text("", 10, 3), [""]);
        assert_eq!(wrap_text("a b c d e f", 3, 2), ["a b", "…f"]);
        assert_eq!(
            wrap_text("2 HTTP calls to notification (legacy until wave 2)", 24, 2),
            ["2 HTTP calls to", "…(legacy until wave 2)"]
        );
        assert!(wrap_text("averyveryverylongword", 5, 3)[0].ends_with('…'));
    }

    #[test]
    fn fit_and_pad() {
        assert_eq!(fit("storefront", 20), "storefront");
        assert_eq!(fit("storefront", 6), "store…");
        assert_eq!(fit("a\u{1b}[31mb", 10), "a[31mb");
        assert_eq!(pad("ab", 4), "ab  ");
        assert_eq!(fit("anything", 0), "");
    }

    #[test]
    fn items_wrap_and_count_the_rest() {
        let items: Vec<Vec<Span>> = (0..10)
            .map(|i| vec![Span::raw(format!("app-{i}"))])
            .collect();
        let lines = wrap_items(Span::raw("needs "), items.into_iter(), 10, 30, 2);
        assert_eq!(lines.len(), 2);
        let last: String = lines[1].spans.iter().map(|s| s.content.as_ref()).collect();
        assert!(last.ends_with("more"), "{last}");
    }
}

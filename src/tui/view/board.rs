//! The wave board: the Unplanned column (pinned on the left) and one column per wave, scrolled
//! sideways to keep the focused wave in view. Each column draws only its visible cards, so a
//! column of 10,000 apps costs no more than a column of 20.

use ratatui::Frame;
use ratatui::layout::{Alignment, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, BorderType, Paragraph};

use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

use super::{ColumnHit, Viewport, clean, fit, pad};
use crate::diagnostic::Severity;
use crate::tui::app::{App, Column};

/// The mark after the name of a wave with notes.
pub const NOTES_MARK: &str = " ✎";

/// The mark of a locked wave (before its name) and of a pinned app (on its card).
pub const LOCK_MARK: &str = "▣ ";
pub const PIN_MARK: &str = "◉";

/// Narrowest column; more room is shared out, up to `MAX_COLUMN`.
const MIN_COLUMN: u16 = 24;
const MAX_COLUMN: u16 = 40;

pub fn draw(frame: &mut Frame<'_>, area: Rect, app: &App<'_>, viewport: &mut Viewport) {
    // The columns to show (under a filter, the waves with no match are left out), Unplanned first.
    let visible = app.visible_columns();
    let waves = visible.len() - 1;
    // Columns wide enough for the longest id (up to MAX_COLUMN) once four columns fit anyway.
    let wanted = (app.id_width as u16 + 12).clamp(MIN_COLUMN, MAX_COLUMN);
    let fit_columns = usize::from(
        (area.width / wanted)
            .max((area.width / MIN_COLUMN).min(4))
            .max(2),
    );
    let wave_slots = fit_columns - 1;
    let focus_slot = visible.iter().position(|&c| c == app.focus).unwrap_or(0);
    // Keep the focused wave in view, moving the window as little as possible.
    if let Some(w) = focus_slot.checked_sub(1) {
        if w < viewport.first_wave {
            viewport.first_wave = w;
        } else if w >= viewport.first_wave + wave_slots {
            viewport.first_wave = w + 1 - wave_slots;
        }
    }
    viewport.first_wave = viewport.first_wave.min(waves.saturating_sub(wave_slots));
    let shown_waves = waves.saturating_sub(viewport.first_wave).min(wave_slots);
    let shown = 1 + shown_waves;
    let width = (area.width / shown as u16).clamp(1, MAX_COLUMN);
    let spare = area.width.saturating_sub(width * shown as u16);
    viewport.offsets.resize(app.columns.len(), 0);

    let columns = std::iter::once(0).chain(
        (viewport.first_wave + 1..=viewport.first_wave + shown_waves).map(|slot| visible[slot]),
    );
    let mut x = area.x;
    for (slot, column) in columns.enumerate() {
        // The last column takes the spare width when it is small.
        let w = if slot + 1 == shown && spare < MIN_COLUMN / 2 {
            width + spare
        } else {
            width
        };
        let rect = Rect::new(x, area.y, w, area.height);
        x += w;
        let more_left = slot == 1 && viewport.first_wave > 0;
        let more_right = slot + 1 == shown && viewport.first_wave + shown_waves < waves;
        draw_column(frame, rect, app, viewport, column, (more_left, more_right));
    }
    let rest = area.right().saturating_sub(x);
    if rest >= MIN_COLUMN / 2 {
        let hidden = app.columns.len() - visible.len();
        let text = if hidden > 0 {
            format!(
                " {hidden} wave{} with no match hidden",
                if hidden == 1 { "" } else { "s" }
            )
        } else {
            format!(
                " {} adds a wave",
                app.keymap
                    .hint(crate::tui::action::Action::NewWave)
                    .unwrap_or_default()
            )
        };
        let hint = Paragraph::new(vec![Line::raw(""), Line::styled(text, app.theme.dim())]);
        frame.render_widget(hint, Rect::new(x, area.y, rest, area.height));
    }
}

fn draw_column(
    frame: &mut Frame<'_>,
    rect: Rect,
    app: &App<'_>,
    viewport: &mut Viewport,
    index: usize,
    more: (bool, bool),
) {
    let t = &app.theme;
    let column: &Column = &app.columns[index];
    let focused = index == app.focus;
    let block = column_block(app, column, focused, more, rect.width);
    let inner = block.inner(rect);
    frame.render_widget(block, rect);

    let height = usize::from(inner.height);
    let len = column.apps.len();
    let cursor = app.cursor(index);
    let offset = &mut viewport.offsets[index];
    if cursor < *offset {
        *offset = cursor;
    } else if height > 0 && cursor >= *offset + height {
        *offset = cursor + 1 - height;
    }
    *offset = (*offset).min(len.saturating_sub(height));
    let first = *offset;
    viewport.hits.push(ColumnHit {
        column: index,
        outer: rect,
        inner,
        first_row: first,
        rows: len,
    });
    if inner.width == 0 || inner.height == 0 {
        return;
    }
    let lines: Vec<Line> = if len == 0 {
        let text = if !app.filter.is_empty() && column.total > 0 {
            "no app matches the filter".to_string()
        } else if column.wave.is_some() {
            format!("empty: {} pulls a recommendation", app.keymap.pull_hint())
        } else if app.portfolio().apps.is_empty() {
            "the portfolio has no apps".to_string()
        } else {
            "every movable app is planned".to_string()
        };
        vec![Line::styled(fit(&text, usize::from(inner.width)), t.dim())]
    } else {
        column
            .apps
            .rows(first, (first + height).min(len))
            .enumerate()
            .map(|(i, a)| {
                card(
                    app,
                    a,
                    usize::from(inner.width),
                    focused && first + i == cursor,
                )
            })
            .collect()
    };
    super::draw_lines(frame, inner, &lines);
}

/// A column's frame: its wave's name with its marks (locked, notes) and how many apps it holds
/// on top, its stateful apps and open hybrid links below (in the warning colour when over the
/// capacity); arrows where more columns lie beyond the screen.
fn column_block<'t>(
    app: &App<'_>,
    column: &Column,
    focused: bool,
    (more_left, more_right): (bool, bool),
    width: u16,
) -> Block<'t> {
    let t = &app.theme;
    let name = match column.wave {
        Some(w) => clean(&app.plan().label(w)).into_owned(),
        None => "Unplanned".to_string(),
    };
    let n = |k: usize| crate::number::thousands(k as u64);
    let count = if app.filter.is_empty() {
        n(column.total)
    } else {
        format!("{}/{}", n(column.apps.len()), n(column.total))
    };
    let room = usize::from(width.saturating_sub(4));
    let locked = column.wave.is_some_and(|w| app.plan().is_locked(w));
    let noted = column
        .wave
        .is_some_and(|w| app.plan().waves()[w].notes.is_some());
    let mut title = format!(
        "{}{}{}{} · {count}",
        if more_left { "◀ " } else { "" },
        if locked { LOCK_MARK } else { "" },
        name,
        if noted { NOTES_MARK } else { "" }
    );
    if more_right {
        title.push_str(" ▶");
    }
    let title_style = if focused { t.title() } else { t.bold() };
    let block = Block::bordered()
        .border_type(if focused {
            BorderType::Thick
        } else {
            BorderType::Plain
        })
        .border_style(if focused {
            t.border_focused()
        } else {
            t.border()
        })
        .title(Line::styled(
            format!(" {} ", fit(&title, room)),
            title_style,
        ));
    let Some(w) = column.wave else { return block };
    let figures = &app.session.wave_figures(w);
    let capacity = app.plan().capacity();
    let limit = capacity.apps_limit(w);
    let over = figures.apps > limit || figures.stateful > capacity.max_stateful;
    let bottom = format!(
        " ◆{} · {} link{} ",
        n(figures.stateful),
        n(figures.hybrid_links),
        if figures.hybrid_links == 1 { "" } else { "s" }
    );
    block.title_bottom(
        Line::styled(
            fit(&bottom, room + 2),
            if over { t.warning() } else { t.dim() },
        )
        .alignment(Alignment::Right),
    )
}

/// One app card: cursor, state mark, finding mark, pin mark, id, ease (or "stay" for apps that
/// never move).
fn card<'t>(app: &App<'_>, a: usize, width: usize, selected: bool) -> Line<'t> {
    let t = &app.theme;
    let info = &app.portfolio().apps[a];
    let movable = app.graph().is_movable(a);
    let (state, state_style) = if app.plan().capacity().is_stateful(info) {
        ("◆", t.stateful())
    } else {
        ("·", t.dim())
    };
    let (mark, mark_style) = match app.session.mark(a) {
        Some(Severity::Error) => ("!", t.error()),
        Some(Severity::Warning) => ("~", t.warning()),
        None => (" ", t.text()),
    };
    let pin = if app.plan().is_pinned(a) {
        PIN_MARK
    } else {
        " "
    };
    let id_width = width.saturating_sub(10);
    let (ease, ease_style, id_style) = if movable {
        let e = app.session.scores(a).ease;
        (format!("{e:>4}"), t.ease(e), t.text())
    } else {
        ("stay".to_string(), t.dim(), t.dim())
    };
    let spans = vec![
        Span::raw(if selected { "▸" } else { " " }),
        Span::styled(state, state_style),
        Span::styled(mark, mark_style),
        Span::styled(pin, t.bold()),
        Span::raw(" "),
        Span::styled(pad(&fit_middle(&info.id, id_width), id_width), id_style),
        Span::raw(" "),
        Span::styled(ease, ease_style),
    ];
    let line = Line::from(spans);
    if selected {
        line.style(t.selected())
    } else {
        line.style(Style::new())
    }
}

/// `text` cut to `width` columns in the middle, keeping its start and its distinctive end
/// (`support-c…00123`), with `…` where it is cut.
pub(crate) fn fit_middle(text: &str, width: usize) -> String {
    let text = clean(text);
    if text.width() <= width {
        return text.into_owned();
    }
    if width < 6 {
        return fit(&text, width);
    }
    let chars: Vec<char> = text.chars().collect();
    let tail_room = (width - 1) * 2 / 5;
    let mut tail = String::new();
    let mut used = 0;
    for &c in chars.iter().rev() {
        let w = c.width().unwrap_or(0);
        if used + w > tail_room {
            break;
        }
        tail.insert(0, c);
        used += w;
    }
    let mut head = fit(&text, width - used);
    if !head.ends_with('…') {
        head.push('…');
    }
    head + &tail
}

#[cfg(test)]
mod tests {
    use super::fit_middle;
    use unicode_width::UnicodeWidthStr;

    #[test]
    fn ids_are_cut_in_the_middle() {
        assert_eq!(fit_middle("support-cache-00123", 15), "support-c…00123");
        assert_eq!(fit_middle("short", 15), "short");
        for w in 0..25 {
            assert!(
                fit_middle("support-cache-00123", w).width() <= w.max(1),
                "{w}"
            );
        }
    }
}

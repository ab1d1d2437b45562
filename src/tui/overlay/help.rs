//! The help screen (`?`): every key of the board from the keymap, every key of the overlays and
//! prompts from their tables, and what the marks mean; with its keys as a table, its scrolling,
//! and the bordered, scrolled frame the other overlays are drawn in.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, BorderType, Clear, Paragraph};

use super::keys::{CLOSE, Keys, SCROLL};
use crate::tui::action::Action;
use crate::tui::app::{App, Mode};
use crate::tui::update::PAGE;
use crate::tui::view::board::{LOCK_MARK, PIN_MARK};
use crate::tui::view::{centered, pad, wrap_text};

/// The keys of the help screen.
pub const KEYS: Keys = Keys {
    title: "Help",
    groups: &[SCROLL, CLOSE],
    board: &[(Action::Help, Action::Close), (Action::Quit, Action::Close)],
};

/// Scroll a scrolled overlay (the help, the changes) or close it.
pub fn scroll(app: &mut App<'_>, action: Action, scroll: usize) {
    let scroll = match action {
        Action::ScrollUp => scroll.saturating_sub(1),
        Action::ScrollDown => scroll + 1,
        Action::PageUp => scroll.saturating_sub(PAGE),
        Action::PageDown => scroll + PAGE,
        Action::Close => {
            app.mode = Mode::Board;
            return;
        }
        _ => return,
    };
    match &mut app.mode {
        Mode::Help { scroll: s }
        | Mode::Dependencies { scroll: s, .. }
        | Mode::Changes { scroll: s } => *s = scroll,
        _ => {}
    }
}

/// A bordered overlay with scrolled `lines`; the scroll is clamped so the last line stays in
/// view. Returns how far it can scroll.
pub(super) fn overlay(
    frame: &mut Frame<'_>,
    area: Rect,
    app: &App<'_>,
    title: String,
    lines: Vec<Line<'_>>,
    scroll: usize,
    width: u16,
) -> usize {
    let total = lines.len();
    let mut lines = lines.into_iter().map(Some).collect::<Vec<_>>();
    paged(frame, area, app, title, total, scroll, width, |i| {
        lines[i].take().unwrap_or_default()
    })
}

/// `overlay` for `total` lines made on demand by `line_at` (only the ones in view are made, so
/// a list of any length opens at once). Returns how far it can scroll.
#[allow(clippy::too_many_arguments)]
pub(super) fn paged<'l>(
    frame: &mut Frame<'_>,
    area: Rect,
    app: &App<'_>,
    title: String,
    total: usize,
    scroll: usize,
    width: u16,
    mut line_at: impl FnMut(usize) -> Line<'l>,
) -> usize {
    let t = &app.theme;
    let height = (total.min(usize::from(u16::MAX)) as u16)
        .saturating_add(2)
        .min(area.height.saturating_sub(2));
    let rect = centered(area, width.min(area.width.saturating_sub(4)), height);
    let block = Block::bordered()
        .border_type(BorderType::Rounded)
        .border_style(t.border_focused())
        .title(Line::styled(format!(" {title} "), t.title()));
    let inner = block.inner(rect);
    let max_scroll = total.saturating_sub(usize::from(inner.height));
    let scroll = scroll.min(max_scroll);
    let block = if max_scroll > 0 {
        block.title_bottom(Line::styled(
            format!(
                " {}-{} of {} · ↑↓ scroll ",
                scroll + 1,
                (scroll + usize::from(inner.height)).min(total),
                total
            ),
            t.dim(),
        ))
    } else {
        block
    };
    frame.render_widget(Clear, rect);
    let visible: Vec<Line> = (scroll..total.min(scroll + usize::from(inner.height)))
        .map(&mut line_at)
        .collect();
    frame.render_widget(Paragraph::new(visible).block(block), rect);
    max_scroll
}

/// Every key of the board, from the keymap, and what the marks mean. Returns how far it scrolls.
pub fn draw(frame: &mut Frame<'_>, area: Rect, app: &App<'_>, scroll: usize) -> usize {
    let t = &app.theme;
    let rows = app.keymap.help();
    let key_width = rows
        .iter()
        .map(|(k, _)| k.chars().count())
        .max()
        .unwrap_or(8)
        .max(8);
    let mut lines: Vec<Line> = rows
        .into_iter()
        .map(|(keys, help)| {
            Line::from(vec![
                Span::styled(format!(" {} ", pad(&keys, key_width)), t.key()),
                Span::raw(help),
            ])
        })
        .collect();
    lines.push(Line::raw(""));
    lines.extend(overlay_keys(app));
    lines.push(Line::raw(""));
    lines.extend(legend(app));
    overlay(frame, area, app, "Keys".to_string(), lines, scroll, 96)
}

/// The keys of every overlay and prompt, from their tables.
fn overlay_keys<'t>(app: &App<'_>) -> Vec<Line<'t>> {
    let t = &app.theme;
    let mut lines = vec![Line::styled(" In overlays and prompts", t.bold())];
    let room = 92usize;
    let texts = super::all_keys().into_iter().map(super::help_text);
    for text in texts.chain(std::iter::once(super::text_keys_help())) {
        for (i, part) in wrap_text(&text, room, usize::MAX).into_iter().enumerate() {
            let lead = if i == 0 { " " } else { "   " };
            lines.push(Line::styled(format!("{lead}{part}"), t.dim()));
        }
    }
    lines
}

/// What the marks of the cards and columns mean, and where the keys are remapped.
fn legend<'t>(app: &App<'_>) -> Vec<Line<'t>> {
    let t = &app.theme;
    let section = |s: &'static str| Line::styled(format!(" {s}"), t.bold());
    let mut lines = vec![section("Cards")];
    lines.push(Line::from(vec![
        Span::styled(" ◆ ", t.stateful()),
        Span::raw("keeps state   "),
        Span::styled("· ", t.dim()),
        Span::raw("stateless   "),
        Span::styled("! ", t.error()),
        Span::raw("error   "),
        Span::styled("~ ", t.warning()),
        Span::raw("warning   "),
        Span::styled(format!("{PIN_MARK} "), t.bold()),
        Span::raw("pinned   "),
        Span::styled("stay ", t.dim()),
        Span::raw("never moves"),
    ]));
    lines.push(Line::styled(
        " The number is the ease (0..100): higher is a better first candidate.",
        t.dim(),
    ));
    lines.push(Line::styled(
        " A reason's −N (detail and recommendations alike) is the ease it costs: an app's add up to 100 − ease.",
        t.dim(),
    ));
    lines.push(Line::styled(
        " Under each wave: its stateful apps (◆) and the hybrid links left open after it.",
        t.dim(),
    ));
    lines.push(Line::styled(
        format!(
            " {LOCK_MARK}before a wave's name: locked (committed or done); editing it asks first."
        ),
        t.dim(),
    ));
    lines.push(Line::styled(
        " The automatic plan keeps locked waves and pinned apps as they are.",
        t.dim(),
    ));
    let c = app.plan().capacity();
    lines.push(Line::styled(
        format!(
            " The header's cap {0}/{1} · pilot {2}: at most {0} apps and {1} stateful apps a wave, {2} in the pilot.",
            c.max_apps, c.max_stateful, c.pilot
        ),
        t.dim(),
    ));
    lines.push(Line::raw(""));
    lines.push(section("Remapping"));
    lines.push(Line::styled(
        " Keys are read from keys.ron in the config folder (~/.config/waveplan/), $WAVEPLAN_CONFIG or --keys.",
        t.dim(),
    ));
    lines
}

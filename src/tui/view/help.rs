//! Overlays: the help screen (made from the keymap) and the dependency view of the selected app.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, BorderType, Clear, Paragraph};

use super::board::{LOCK_MARK, PIN_MARK};
use super::detail::{link_place, member_text};
use super::{centered, clean, fit, pad};
use crate::analysis::Placement;
use crate::tui::app::{App, Link};

/// A bordered overlay with scrolled `lines`; the scroll is clamped so the last line stays in
/// view. Returns how far it can scroll.
fn overlay(
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
pub fn keys(frame: &mut Frame<'_>, area: Rect, app: &App<'_>, scroll: usize) -> usize {
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
    let section = |s: &'static str| Line::styled(format!(" {s}"), t.bold());
    lines.push(section("In prompts and overlays"));
    lines.push(Line::styled(
        " Enter accepts · Esc cancels or closes · ↑↓ scroll or choose",
        t.dim(),
    ));
    lines.push(Line::styled(
        " Text: pre-filled text starts selected (typing replaces it; ←→ keep it) · ←→ Home End move",
        t.dim(),
    ));
    lines.push(Line::styled(
        " Backspace Del delete · Ctrl+w deletes a word · Ctrl+u clears · a paste goes in at the cursor",
        t.dim(),
    ));
    lines.push(Line::raw(""));
    lines.push(section("Cards"));
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
    overlay(frame, area, app, "Keys".to_string(), lines, scroll, 96)
}

/// What the selected app needs and what needs it, each with its wave and how it is reached;
/// link `chosen` (needs first, then needed by) is marked and kept in view, `back` apps lie
/// behind it. Returns how far it scrolls.
pub fn dependencies(
    frame: &mut Frame<'_>,
    area: Rect,
    app: &App<'_>,
    chosen: usize,
    back: usize,
) -> usize {
    let t = &app.theme;
    let Some(d) = &app.detail else { return 0 };
    let id = clean(&app.portfolio().apps[d.app].id).into_owned();
    let width = usize::from(area.width.saturating_sub(8)).min(90);
    let id_width = d
        .needs
        .iter()
        .chain(&d.needed_by)
        .map(|l| app.portfolio().apps[l.app].id.chars().count())
        .max()
        .unwrap_or(8)
        .min(width / 2);
    let row = |arrow: &'static str, l: &Link, is_chosen: bool| {
        let info = &app.portfolio().apps[l.app];
        let (style, place) = link_place(app, l);
        let line = Line::from(vec![
            Span::styled(
                format!("{} {arrow} ", if is_chosen { "▸" } else { " " }),
                t.dim(),
            ),
            Span::styled(pad(&info.id, id_width), style),
            Span::styled(format!("  {:<10}", l.via.as_str()), t.dim()),
            Span::raw(fit(&place, width.saturating_sub(id_width + 16))),
        ]);
        if is_chosen {
            line.style(t.selected())
        } else {
            line
        }
    };
    let mut chosen_line = 0;
    let mut lines = vec![Line::from(vec![
        Span::styled(format!(" {id} "), t.bold()),
        Span::styled(
            format!(
                "is {}",
                match d.place {
                    Placement::Wave(w) => format!("in {}", clean(&app.plan().label(w))),
                    Placement::Unplanned => "unplanned".into(),
                    Placement::NeverMoves => "never moving".into(),
                }
            ),
            t.dim(),
        ),
    ])];
    lines.push(Line::raw(""));
    lines.push(Line::styled(
        format!(" needs ({})", d.needs.len()),
        t.bold(),
    ));
    if d.needs.is_empty() {
        lines.push(Line::styled("    nothing", t.dim()));
    }
    for (i, l) in d.needs.iter().enumerate() {
        if i == chosen {
            chosen_line = lines.len();
        }
        lines.push(row("→", l, i == chosen));
    }
    lines.push(Line::raw(""));
    lines.push(Line::styled(
        format!(" needed by ({})", d.needed_by.len()),
        t.bold(),
    ));
    if d.needed_by.is_empty() {
        lines.push(Line::styled("    nothing", t.dim()));
    }
    for (i, l) in d.needed_by.iter().enumerate() {
        let k = d.needs.len() + i;
        if k == chosen {
            chosen_line = lines.len();
        }
        lines.push(row("←", l, k == chosen));
    }
    if !d.group.is_empty() {
        lines.push(Line::raw(""));
        lines.push(Line::styled(
            " cycle group: these call each other and should move together",
            t.bold(),
        ));
        let members: Vec<String> = std::iter::once(d.app)
            .chain(d.group.iter().copied())
            .map(|m| member_text(app, m))
            .collect();
        lines.push(Line::styled(
            format!("    {}", fit(&members.join(", "), width)),
            t.warning(),
        ));
    }
    if back > 0 {
        lines.push(Line::raw(""));
        lines.push(Line::styled(
            format!(" Enter follows the chosen link · Esc goes back ({back} behind)"),
            t.dim(),
        ));
    } else if !d.needs.is_empty() || !d.needed_by.is_empty() {
        lines.push(Line::raw(""));
        lines.push(Line::styled(" Enter follows the chosen link", t.dim()));
    }
    // The chosen link in view: as far down as it needs, no further.
    let rows = usize::from(area.height.saturating_sub(6));
    let scroll = (chosen_line + 1).saturating_sub(rows);
    overlay(
        frame,
        area,
        app,
        format!("Dependencies of {}", fit(&id, 40)),
        lines,
        scroll,
        width as u16 + 4,
    )
}

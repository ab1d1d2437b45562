//! The detail pane: the selected app, its scores with their reasons, and its dependencies and
//! dependents with the wave each is in.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph};

use super::{clean, fit, wrap_items, wrap_text};
use crate::analysis::Placement;
use crate::diagnostic::Severity;
use crate::tui::action::Action;
use crate::tui::app::{App, Detail, Link};

pub fn draw(frame: &mut Frame<'_>, area: Rect, app: &App<'_>) {
    let t = &app.theme;
    let Some(detail) = &app.detail else {
        let text = if app.filter.is_empty() {
            "No app selected"
        } else {
            "No app selected: the filter hides this column's apps"
        };
        let block = Block::bordered().border_style(t.border()).title(" Detail ");
        frame.render_widget(
            Paragraph::new(Line::styled(text, t.dim())).block(block),
            area,
        );
        return;
    };
    let info = &app.portfolio().apps[detail.app];
    let room = usize::from(area.width.saturating_sub(4));
    // The name goes in the title when it fits there, else first in the facts.
    let mut title = clean(&info.id).into_owned();
    let mut name_in_facts = false;
    if let Some(name) = &info.name {
        let full = format!("{title} — {}", clean(name));
        if unicode_width::UnicodeWidthStr::width(full.as_str()) <= room {
            title = full;
        } else {
            name_in_facts = true;
        }
    }
    let block = Block::bordered()
        .border_style(t.border())
        .title(Line::styled(format!(" {} ", fit(&title, room)), t.title()));
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let lines = lines(
        app,
        detail,
        name_in_facts,
        usize::from(inner.width),
        usize::from(inner.height),
    );
    super::draw_lines(frame, inner, &lines);
}

/// Where an app is, as the detail writes it.
pub fn place_text(app: &App<'_>, place: Placement) -> String {
    clean(&place.describe(app.plan())).into_owned()
}

/// A cycle group member as the detail and the dependency view name it: `id (Wave 2)`.
pub fn member_text(app: &App<'_>, member: usize) -> String {
    format!(
        "{} ({})",
        clean(&app.portfolio().apps[member].id),
        place_text(app, app.session.placement(member))
    )
}

/// The style of a dependency's id and where it is, marked when it is legacy: what stays
/// behind stands out.
pub fn link_place(app: &App<'_>, link: &Link) -> (Style, String) {
    let t = &app.theme;
    let style = match link.place {
        Placement::NeverMoves => t.error(),
        Placement::Unplanned => t.warning(),
        Placement::Wave(_) => t.text(),
    };
    let mut place = place_text(app, link.place);
    if app.portfolio().apps[link.app].legacy {
        place.push_str(", legacy");
    }
    (style, place)
}

fn lines<'t>(
    app: &App<'_>,
    d: &Detail,
    name_in_facts: bool,
    width: usize,
    height: usize,
) -> Vec<Line<'t>> {
    let mut out = facts(app, d, name_in_facts, width);
    out.push(scores(app, d, width));
    // The dependency lines take what the findings and reasons leave, at least one line each.
    let tails = 2 + usize::from(!d.group.is_empty());
    // Findings take at most half of what is left.
    let budget = height.saturating_sub(out.len() + tails) / 2;
    findings(app, d, width, budget, &mut out);
    let for_reasons = height.saturating_sub(out.len() + tails);
    reasons(app, d, width, for_reasons, &mut out);
    let left = height.saturating_sub(out.len());
    links(app, d, width, left, &mut out);
    out
}

/// Where the app is, then its facts (name, owner, kind, hosting, state, criticality, tags),
/// wrapped with the continuation indented.
fn facts<'t>(app: &App<'_>, d: &Detail, name_in_facts: bool, width: usize) -> Vec<Line<'t>> {
    let t = &app.theme;
    let info = &app.portfolio().apps[d.app];
    let place = match d.place {
        Placement::Wave(w) => format!("in {}", clean(&app.plan().label(w))),
        Placement::Unplanned => match d.scored_wave.checked_sub(1) {
            Some(last) => format!(
                "unplanned (scored as moving after {})",
                clean(&app.plan().label(last))
            ),
            None => "unplanned (scored as moving first)".to_string(),
        },
        Placement::NeverMoves => format!(
            "never moves: {}",
            info.never_moves_because().unwrap_or("stays")
        ),
    };
    let mut facts: Vec<String> = info
        .name
        .iter()
        .filter(|_| name_in_facts)
        .map(|n| clean(n).into_owned())
        .collect();
    facts.extend([
        info.owner
            .as_deref()
            .map(|o| clean(o).into_owned())
            .unwrap_or_else(|| "no owner".to_string()),
        info.kind.to_string(),
        format!("{} → {}", info.hosting, info.strategy),
        if info.data_gb > 0.0 {
            format!("{}, {}", info.state, crate::number::data_size(info.data_gb))
        } else {
            info.state.to_string()
        },
        info.criticality.to_string(),
    ]);
    if info.legacy {
        facts.push("legacy".to_string());
    }
    if !info.tags.is_empty() {
        let tags: Vec<String> = info.tags.iter().map(|s| clean(s).into_owned()).collect();
        facts.push(format!("tags: {}", tags.join(", ")));
    }
    let all = wrap_text(
        &format!("{place} · {}", facts.join(" · ")),
        width,
        usize::MAX,
    );
    let first = all[0].clone();
    let rest = all[1..].join(" ");
    let mut out = Vec::new();
    let place = clean(&place).into_owned();
    match first.strip_prefix(place.as_str()) {
        Some(after) => out.push(Line::from(vec![
            Span::styled(place.clone(), t.bold()),
            Span::styled(after.to_string(), t.dim()),
        ])),
        None => out.push(Line::styled(first, t.bold())),
    }
    if !rest.is_empty() {
        for part in wrap_text(&rest, width.saturating_sub(2), usize::MAX) {
            out.push(Line::styled(format!("  {part}"), t.dim()));
        }
    }
    out
}

/// The app's four scores on one line.
fn scores<'t>(app: &App<'_>, d: &Detail, width: usize) -> Line<'t> {
    let t = &app.theme;
    let c = &d.card;
    let wide = width >= 50;
    Line::from(vec![
        Span::styled("ease ", t.dim()),
        Span::styled(
            c.ease.to_string(),
            t.ease(c.ease).add_modifier(Modifier::BOLD),
        ),
        Span::styled(" · coupling ", t.dim()),
        Span::styled(c.coupling.value.to_string(), t.bold()),
        Span::styled(
            if wide {
                " · statefulness "
            } else {
                " · state "
            },
            t.dim(),
        ),
        Span::styled(c.statefulness.value.to_string(), t.bold()),
        Span::styled(" · risk ", t.dim()),
        Span::styled(c.risk.value.to_string(), t.bold()),
    ])
}

/// The findings that name the app, in at most `budget` lines: each wraps whole under its mark,
/// and what does not fit is counted.
fn findings<'t>(app: &App<'_>, d: &Detail, width: usize, budget: usize, out: &mut Vec<Line<'t>>) {
    let t = &app.theme;
    let marked = |i: usize| match d.findings[i].0 {
        Severity::Error => ("!", t.error()),
        _ => ("~", t.warning()),
    };
    let lines_of = |i: usize| {
        let (mark, style) = marked(i);
        wrap_text(&d.findings[i].1, width.saturating_sub(4), usize::MAX)
            .into_iter()
            .enumerate()
            .map(|(k, part)| {
                let lead = if k == 0 {
                    format!("  {mark} ")
                } else {
                    "    ".to_string()
                };
                Line::from(vec![Span::styled(lead, style), Span::styled(part, style)])
            })
            .collect()
    };
    let how = format!(
        "{} lists them",
        app.keymap.hint(Action::Findings).unwrap_or_default()
    );
    let more_line = |i: usize| {
        let text = more(d.findings.len() - i, i > 0, "finding", "findings", &how);
        Line::styled(text, marked(i).1)
    };
    whole_items(d.findings.len(), budget, lines_of, more_line, out);
}

/// The reasons behind the scores, in at most `budget` lines: each wraps whole under itself
/// (indented), and what does not fit is counted.
fn reasons<'t>(app: &App<'_>, d: &Detail, width: usize, budget: usize, out: &mut Vec<Line<'t>>) {
    let t = &app.theme;
    if d.reasons.is_empty() && budget > 0 {
        for part in wrap_text(
            "nothing costs ease: no dependency crosses the boundary, stateless, low risk",
            width.saturating_sub(2),
            budget,
        ) {
            out.push(Line::styled(format!("  {part}"), t.good()));
        }
    }
    let lines_of = |i: usize| {
        let r = &d.reasons[i];
        wrap_text(&r.text, width.saturating_sub(16), usize::MAX)
            .into_iter()
            .enumerate()
            .map(|(k, part)| {
                if k == 0 {
                    Line::from(vec![
                        Span::styled(format!("  {:<8} ", r.score), t.dim()),
                        Span::styled(format!("−{:<3} ", r.ease_cost), t.warning()),
                        Span::raw(part),
                    ])
                } else {
                    Line::raw(format!("{:16}{part}", ""))
                }
            })
            .collect()
    };
    let more_line = |i: usize| {
        let text = more(
            d.reasons.len() - i,
            i > 0,
            "reason",
            "reasons",
            "a taller terminal lists them",
        );
        Line::styled(text, t.dim())
    };
    whole_items(d.reasons.len(), budget, lines_of, more_line, out);
}

/// Items `0..n` in at most `budget` lines, each whole (`lines_of`) or not at all: the first that
/// does not fit, with a line kept for it unless it is the last, is said by `more_line` with the
/// ones after it (when a line is left).
fn whole_items<'t>(
    n: usize,
    mut budget: usize,
    lines_of: impl Fn(usize) -> Vec<Line<'t>>,
    more_line: impl Fn(usize) -> Line<'t>,
    out: &mut Vec<Line<'t>>,
) {
    for i in 0..n {
        let lines = lines_of(i);
        let left_after = n - i - 1;
        if lines.len() + usize::from(left_after > 0) > budget {
            if budget > 0 {
                out.push(more_line(i));
            }
            return;
        }
        budget -= lines.len();
        out.extend(lines);
    }
}

/// What the app needs, what needs it and its cycle group, in the `left` lines there are.
fn links<'t>(app: &App<'_>, d: &Detail, width: usize, mut left: usize, out: &mut Vec<Line<'t>>) {
    let t = &app.theme;
    let label_width = 11;
    let tail = |label: &str,
                links: &[Link],
                left: &mut usize,
                out: &mut Vec<Line<'t>>,
                tails_after: usize| {
        let label = Span::styled(format!("{label:<label_width$}"), t.dim());
        let lines = if links.is_empty() {
            vec![Line::from(vec![label, Span::styled("nothing", t.dim())])]
        } else {
            let items = links.iter().map(|l| link_spans(app, l));
            let max_lines = left.saturating_sub(tails_after).max(1);
            wrap_items(label, items, links.len(), width, max_lines)
        };
        *left = left.saturating_sub(lines.len());
        out.extend(lines);
    };
    let group_tail = usize::from(!d.group.is_empty());
    tail("needs", &d.needs, &mut left, out, 1 + group_tail);
    tail("needed by", &d.needed_by, &mut left, out, group_tail);
    if !d.group.is_empty() {
        // Only as many members as the lines can show are written; the rest are counted.
        let label = Span::styled(format!("{:<label_width$}", "cycle with"), t.dim());
        let items = d
            .group
            .iter()
            .map(|&m| vec![Span::styled(member_text(app, m), t.warning())]);
        out.extend(wrap_items(label, items, d.group.len(), width, left.max(1)));
    }
}

/// What is left unshown, counted: "… 2 more reasons" after some were shown, "3 reasons (a taller
/// terminal lists them)" when none were.
fn more(n: usize, after_some: bool, one: &str, many: &str, how: &str) -> String {
    let what = if n == 1 { one } else { many };
    if after_some {
        format!("  … {n} more {what}")
    } else {
        format!("  {n} {what} ({how})")
    }
}

/// `id (Wave 2)`, marked when the partner is legacy or never moves.
pub fn link_spans<'t>(app: &App<'_>, link: &Link) -> Vec<Span<'t>> {
    let (style, place) = link_place(app, link);
    vec![
        Span::styled(
            clean(&app.portfolio().apps[link.app].id).into_owned(),
            style,
        ),
        Span::styled(format!(" ({place})"), app.theme.dim()),
    ]
}

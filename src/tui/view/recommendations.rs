//! The recommendations for the focused wave: the first candidates with their ease and main
//! reasons; a move group shows as "move together: a, b, c". Key N pulls candidate N. When
//! nothing fits the wave, why not comes first; a candidate that breaks a rule of the plan says
//! which, in the warning colour.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Block;
use unicode_width::UnicodeWidthStr;

use super::{clean, fit, wrap_text};
use crate::tui::app::App;

pub fn draw(frame: &mut Frame<'_>, area: Rect, app: &App<'_>) {
    let t = &app.theme;
    let target = app.target_wave();
    let wave = if target < app.plan().wave_count() {
        clean(&app.plan().label(target)).into_owned()
    } else {
        "a first wave".to_string()
    };
    let room = usize::from(area.width.saturating_sub(4));
    let block = Block::bordered()
        .border_style(t.border())
        .title(Line::styled(
            format!(" {} ", fit(&format!("Recommended for {wave}"), room)),
            t.title(),
        ));
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let width = usize::from(inner.width);
    let height = usize::from(inner.height);
    let recs = app.session.recommendations();
    let mut lines: Vec<Line> = Vec::new();
    // The focused wave's notes first, whole.
    if let Some(notes) = app
        .focused_wave()
        .and_then(|w| app.plan().waves()[w].notes.as_deref())
    {
        for (k, part) in wrap_text(notes, width.saturating_sub(3), usize::MAX)
            .into_iter()
            .enumerate()
        {
            let lead = if k == 0 { " ✎ " } else { "   " };
            lines.push(Line::styled(format!("{lead}{part}"), t.text()));
        }
    }
    if recs.is_empty() {
        for part in wrap_text(
            "No candidates: every movable app is in this wave or an earlier one",
            width.saturating_sub(1),
            usize::MAX,
        ) {
            lines.push(Line::styled(format!(" {part}"), t.dim()));
        }
        super::draw_lines(frame, inner, &lines);
        return;
    }
    // Where each item (a note, a head, a rule broken, a reason) starts: what does not fit the
    // pane is left out whole, never cut.
    let mut starts: Vec<usize> = vec![0];
    if let Some(note) = app.session.live().note() {
        for part in wrap_text(note, width.saturating_sub(1), usize::MAX) {
            lines.push(Line::styled(format!(" {part}"), t.warning()));
        }
    }
    // As many reasons per candidate as leave the first three candidates in view.
    let shown = recs.len().clamp(1, 3);
    // Lines per candidate: wrapped reasons take more than one.
    let per = (height.saturating_sub(lines.len()) / shown)
        .saturating_sub(1)
        .min(5);
    for (i, rec) in recs.iter().enumerate() {
        if lines.len() >= height {
            break;
        }
        let ids: Vec<String> = rec
            .apps
            .iter()
            .map(|&a| clean(&app.portfolio().apps[a].id).into_owned())
            .collect();
        let head = if ids.len() > 1 {
            format!("move together: {}", ids.join(", "))
        } else {
            ids[0].clone()
        };
        let ease = format!(" {:>3}", rec.ease);
        // A candidate already planned in a later wave would move earlier: say from where.
        let from = match app.plan().wave_of(rec.lead) {
            Some(w) => format!(" from {}", clean(&app.plan().label(w))),
            None => String::new(),
        };
        let head_width = width.saturating_sub(3 + ease.width());
        // The candidate's apps wrap under its number; where it comes from follows them.
        let mut heads = wrap_text(&format!("{head}{from}"), head_width, usize::MAX);
        let first = heads.remove(0);
        let (name, rest) = match first.strip_suffix(from.as_str()) {
            Some(name) if !from.is_empty() => (name.to_string(), from.clone()),
            _ => (first.clone(), String::new()),
        };
        let rest = super::pad(&rest, head_width.saturating_sub(name.width()));
        starts.push(lines.len());
        lines.push(Line::from(vec![
            Span::styled(format!("{:>2} ", i + 1), t.key()),
            Span::styled(name, t.bold()),
            Span::styled(rest, t.dim()),
            Span::styled(ease, t.ease(rec.ease)),
        ]));
        for part in heads {
            lines.push(Line::styled(format!("   {part}"), t.bold()));
        }
        // The first rule it breaks, before its reasons.
        let mut room = per;
        if let Some(broken) = rec.breaks.first() {
            let text = broken.message(app.session.scorer(), app.plan());
            // Whole, however many lines it takes: it says why the candidate is a problem.
            let parts = wrap_text(&text, width.saturating_sub(3), usize::MAX);
            starts.push(lines.len());
            for (k, part) in parts.into_iter().enumerate() {
                let lead = if k == 0 { " ✗ " } else { "   " };
                lines.push(Line::styled(format!("{lead}{part}"), t.warning()));
                room = room.saturating_sub(1);
            }
        }
        if rec.reasons.is_empty() && room > 0 {
            for part in wrap_text(
                "nothing in the way: no crossing edge, stateless, low risk",
                width.saturating_sub(3),
                room,
            ) {
                lines.push(Line::styled(format!("   {part}"), t.good()));
            }
        }
        // The ease each reason costs (its score named); they add up to 100 − ease. For a cycle
        // group they are the reasons of its hardest member, the lead.
        // (Only when its first reason fits under it.)
        let first_reason = rec.reasons.first().map_or(usize::MAX, |r| {
            let score = if r.score == "statefulness" {
                "state"
            } else {
                r.score
            };
            wrap_text(
                &format!("{score}: {}", r.text),
                width.saturating_sub(8),
                usize::MAX,
            )
            .len()
        });
        let lead = clean(&app.portfolio().apps[rec.lead].id).into_owned();
        let parts = wrap_text(
            &format!("reasons of {lead}, the hardest:"),
            width.saturating_sub(3),
            usize::MAX,
        );
        if ids.len() > 1 && parts.len().saturating_add(first_reason) <= room {
            room = room.saturating_sub(parts.len());
            starts.push(lines.len());
            for part in parts {
                lines.push(Line::styled(format!("   {part}"), t.dim()));
            }
        }
        // A reason wraps whole under itself when the candidate's lines hold it; returns whether
        // it did.
        let mut cost_lines =
            |cost: u32, text: String, lines: &mut Vec<Line<'_>>, room: &mut usize| {
                let parts = wrap_text(&text, width.saturating_sub(8), usize::MAX);
                if parts.len() > *room {
                    *room = 0;
                    return false;
                }
                starts.push(lines.len());
                for (k, part) in parts.into_iter().enumerate() {
                    let lead = if k == 0 {
                        format!("   −{cost:<3}")
                    } else {
                        " ".repeat(8)
                    };
                    lines.push(Line::from(vec![
                        Span::styled(lead, t.warning()),
                        Span::styled(part, t.dim()),
                    ]));
                    *room = room.saturating_sub(1);
                }
                true
            };
        let mut shown = 0;
        for r in &rec.reasons {
            if room == 0 {
                break;
            }
            // "state", as the detail pane says it.
            let score = if r.score == "statefulness" {
                "state"
            } else {
                r.score
            };
            if !cost_lines(
                r.ease_cost,
                format!("{score}: {}", r.text),
                &mut lines,
                &mut room,
            ) {
                break;
            }
            shown += 1;
        }
        if shown == rec.reasons.len() && room > 0 && rec.rest_cost > 0 {
            cost_lines(
                rec.rest_cost,
                format!(
                    "{} other reason{}",
                    rec.rest,
                    if rec.rest == 1 { "" } else { "s" }
                ),
                &mut lines,
                &mut room,
            );
        }
    }
    starts.push(lines.len());
    let fits = starts
        .iter()
        .copied()
        .filter(|&s| s <= height)
        .max()
        .unwrap_or(0);
    lines.truncate(fits);
    super::draw_lines(frame, inner, &lines);
}

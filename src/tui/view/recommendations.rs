//! The recommendations for the focused wave: the first candidates with their ease and main
//! reasons; a cycle group shows as "move together: a, b, c". Key N pulls candidate N.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph};
use unicode_width::UnicodeWidthStr;

use super::{clean, fit};
use crate::tui::app::App;

pub fn draw(frame: &mut Frame<'_>, area: Rect, app: &App<'_>) {
    let t = &app.theme;
    let target = app.target_wave();
    let wave = if target < app.plan.wave_count() {
        clean(&app.plan.label(target)).into_owned()
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
    let recs = app.recommendations();
    if recs.is_empty() {
        frame.render_widget(
            Paragraph::new(vec![Line::styled(
                "No candidates: every movable app is in this wave or an earlier one",
                t.dim(),
            )])
            .wrap(ratatui::widgets::Wrap { trim: true }),
            inner,
        );
        return;
    }
    // As many reasons per candidate as leave the first three candidates in view.
    let shown = recs.len().clamp(1, 3);
    let per = (height / shown).saturating_sub(1).min(3);
    let mut lines: Vec<Line> = Vec::new();
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
        let from = match app.plan.wave_of(rec.lead) {
            Some(w) => format!(" from {}", clean(&app.plan.label(w))),
            None => String::new(),
        };
        let head_width = width.saturating_sub(3 + ease.width());
        let head = fit(&head, head_width);
        let from = super::pad(&from, head_width - head.width());
        lines.push(Line::from(vec![
            Span::styled(format!("{:>2} ", i + 1), t.key()),
            Span::styled(head, t.bold()),
            Span::styled(from, t.dim()),
            Span::styled(ease, t.ease(rec.ease)),
        ]));
        if rec.reasons.is_empty() && per > 0 {
            lines.push(Line::styled(
                fit(
                    "   nothing in the way: no crossing edge, stateless, low risk",
                    width,
                ),
                t.good(),
            ));
        }
        // The ease each reason costs (its score named); they add up to 100 − ease. For a cycle
        // group they are the reasons of its hardest member, the lead.
        let mut room = per;
        if ids.len() > 1 && room > 1 && !rec.reasons.is_empty() {
            let lead = clean(&app.portfolio().apps[rec.lead].id).into_owned();
            lines.push(Line::styled(
                fit(&format!("   reasons of {lead}, the hardest:"), width),
                t.dim(),
            ));
            room -= 1;
        }
        let shown = rec.reasons.len().min(room);
        let cost_line = |cost: u32, text: String| {
            Line::from(vec![
                Span::styled(format!("   −{cost:<3}"), t.warning()),
                Span::styled(fit(&text, width.saturating_sub(8)), t.dim()),
            ])
        };
        for r in rec.reasons.iter().take(shown) {
            // "state", as the detail pane says it.
            let score = if r.score == "statefulness" {
                "state"
            } else {
                r.score
            };
            lines.push(cost_line(r.ease_cost, format!("{score}: {}", r.text)));
        }
        if shown == rec.reasons.len() && room > shown && rec.rest_cost > 0 {
            lines.push(cost_line(
                rec.rest_cost,
                format!(
                    "{} other reason{}",
                    rec.rest,
                    if rec.rest == 1 { "" } else { "s" }
                ),
            ));
        }
    }
    lines.truncate(height);
    frame.render_widget(Paragraph::new(lines), inner);
}

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
use crate::analysis::Recommendation;
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
    let lines = pane_lines(app, usize::from(inner.width), usize::from(inner.height));
    super::draw_lines(frame, inner, &lines);
}

/// The lines of the pane: the focused wave's notes, why nothing fits when nothing does, then
/// the candidates; what does not fit `height` is left out whole, never cut.
fn pane_lines<'t>(app: &App<'_>, width: usize, height: usize) -> Vec<Line<'t>> {
    let t = &app.theme;
    let recs = app.session.recommendations();
    let mut pane = Pane {
        lines: Vec::new(),
        starts: vec![0],
        width,
    };
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
            pane.lines
                .push(Line::styled(format!("{lead}{part}"), t.text()));
        }
    }
    if recs.is_empty() {
        for part in wrap_text(
            "No candidates: every movable app is in this wave or an earlier one",
            width.saturating_sub(1),
            usize::MAX,
        ) {
            pane.lines.push(Line::styled(format!(" {part}"), t.dim()));
        }
        return pane.lines;
    }
    if let Some(note) = app.session.recommendation_note() {
        for part in wrap_text(note, width.saturating_sub(1), usize::MAX) {
            pane.lines
                .push(Line::styled(format!(" {part}"), t.warning()));
        }
    }
    // As many reasons per candidate as leave the first three candidates in view; wrapped
    // reasons take more than one line.
    let shown = recs.len().clamp(1, 3);
    let per = (height.saturating_sub(pane.lines.len()) / shown)
        .saturating_sub(1)
        .min(5);
    for (i, rec) in recs.iter().enumerate() {
        if pane.lines.len() >= height {
            break;
        }
        pane.candidate(app, i, rec, per);
    }
    pane.starts.push(pane.lines.len());
    let fits = pane
        .starts
        .iter()
        .copied()
        .filter(|&s| s <= height)
        .max()
        .unwrap_or(0);
    pane.lines.truncate(fits);
    pane.lines
}

/// The pane's lines as they are made, and where each item (a note, a head, a rule broken, a
/// reason) starts.
struct Pane<'t> {
    lines: Vec<Line<'t>>,
    starts: Vec<usize>,
    width: usize,
}

impl Pane<'_> {
    /// Candidate `i` (key `i + 1`): its head, the first rule it breaks, and its reasons in at
    /// most `room` lines.
    fn candidate(&mut self, app: &App<'_>, i: usize, rec: &Recommendation, mut room: usize) {
        let t = &app.theme;
        let width = self.width;
        self.head(app, i, rec);
        // The first rule it breaks, before its reasons; whole, however many lines it takes: it
        // says why the candidate is a problem.
        if let Some(broken) = rec.breaks.first() {
            let text = broken.message(app.session.scorer(), app.plan());
            self.starts.push(self.lines.len());
            for (k, part) in wrap_text(&text, width.saturating_sub(3), usize::MAX)
                .into_iter()
                .enumerate()
            {
                let lead = if k == 0 { " ✗ " } else { "   " };
                self.lines
                    .push(Line::styled(format!("{lead}{part}"), t.warning()));
                room = room.saturating_sub(1);
            }
        }
        if rec.reasons.is_empty() && room > 0 {
            for part in wrap_text(
                "nothing in the way: no crossing edge, stateless, low risk",
                width.saturating_sub(3),
                room,
            ) {
                self.lines
                    .push(Line::styled(format!("   {part}"), t.good()));
            }
        }
        self.reasons(app, rec, room);
    }

    /// The head of candidate `i`: its number, its apps (wrapped under the number), where it
    /// comes from when it is planned later, and its ease.
    fn head(&mut self, app: &App<'_>, i: usize, rec: &Recommendation) {
        let t = &app.theme;
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
        // A candidate already planned in a later wave would move earlier: say from where (a
        // group's members may come from several waves, and from the unplanned apps).
        let mut waves: Vec<Option<usize>> =
            rec.apps.iter().map(|&a| app.plan().wave_of(a)).collect();
        waves.sort_unstable_by_key(|w| w.map_or(usize::MAX, |w| w));
        waves.dedup();
        let from = if waves.iter().all(Option::is_none) {
            String::new()
        } else {
            let places: Vec<String> = waves
                .iter()
                .map(|w| match w {
                    Some(w) => clean(&app.plan().label(*w)).into_owned(),
                    None => "unplanned".to_string(),
                })
                .collect();
            format!(" from {}", places.join(", "))
        };
        let head_width = self.width.saturating_sub(3 + ease.width());
        let mut heads = wrap_text(&format!("{head}{from}"), head_width, usize::MAX);
        let first = heads.remove(0);
        let (name, rest) = match first.strip_suffix(from.as_str()) {
            Some(name) if !from.is_empty() => (name.to_string(), from.clone()),
            _ => (first.clone(), String::new()),
        };
        let rest = super::pad(&rest, head_width.saturating_sub(name.width()));
        self.starts.push(self.lines.len());
        self.lines.push(Line::from(vec![
            Span::styled(format!("{:>2} ", i + 1), t.key()),
            Span::styled(name, t.bold()),
            Span::styled(rest, t.dim()),
            Span::styled(ease, t.ease(rec.ease)),
        ]));
        for part in heads {
            self.lines
                .push(Line::styled(format!("   {part}"), t.bold()));
        }
    }

    /// The ease each reason costs (its score named), in at most `room` lines; they add up to
    /// 100 − ease. For a move group they are the reasons of its hardest member, the lead, said so
    /// when its first reason fits under that line.
    fn reasons(&mut self, app: &App<'_>, rec: &Recommendation, mut room: usize) {
        let t = &app.theme;
        let width = self.width;
        let first_reason = rec.reasons.first().map_or(usize::MAX, |r| {
            wrap_text(
                &format!("{}: {}", crate::score::short_name(r.score), r.text),
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
        if rec.apps.len() > 1 && parts.len().saturating_add(first_reason) <= room {
            room = room.saturating_sub(parts.len());
            self.starts.push(self.lines.len());
            for part in parts {
                self.lines.push(Line::styled(format!("   {part}"), t.dim()));
            }
        }
        let mut shown = 0;
        for r in &rec.reasons {
            if room == 0 {
                break;
            }
            let text = format!("{}: {}", crate::score::short_name(r.score), r.text);
            if !self.cost(app, r.ease_cost, &text, &mut room) {
                break;
            }
            shown += 1;
        }
        if shown == rec.reasons.len() && room > 0 && rec.rest_cost > 0 {
            let text = format!(
                "{} other reason{}",
                rec.rest,
                if rec.rest == 1 { "" } else { "s" }
            );
            self.cost(app, rec.rest_cost, &text, &mut room);
        }
    }

    /// A reason and the ease it costs, wrapped whole under itself when `room` holds it; whether
    /// it did.
    fn cost(&mut self, app: &App<'_>, cost: u32, text: &str, room: &mut usize) -> bool {
        let t = &app.theme;
        let parts = wrap_text(text, self.width.saturating_sub(8), usize::MAX);
        if parts.len() > *room {
            *room = 0;
            return false;
        }
        self.starts.push(self.lines.len());
        for (k, part) in parts.into_iter().enumerate() {
            let lead = if k == 0 {
                format!("   −{cost:<3}")
            } else {
                " ".repeat(8)
            };
            self.lines.push(Line::from(vec![
                Span::styled(lead, t.warning()),
                Span::styled(part, t.dim()),
            ]));
            *room = room.saturating_sub(1);
        }
        true
    }
}

//! What the popups over the board share: the bordered popup, a line of text being typed with
//! its cursor, and the line of keys a popup shows (from its key table).

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, BorderType, Clear, Paragraph, Wrap};

use super::keys::Keys;
use crate::tui::app::{App, TextInput};
use crate::tui::view::{centered, clean};

/// A bordered popup of `lines` (wrapped), `width` columns wide, in the middle of `area`.
pub fn popup(
    frame: &mut Frame<'_>,
    area: Rect,
    app: &App<'_>,
    title: &str,
    lines: Vec<Line<'_>>,
    width: u16,
) {
    let t = &app.theme;
    let width = width.min(area.width.saturating_sub(2));
    // Wrapped lines may take more rows than there are lines.
    let inner_width = usize::from(width.saturating_sub(2)).max(1);
    let rows: usize = lines
        .iter()
        .map(|l| l.width().div_ceil(inner_width).max(1))
        .sum();
    let rect = centered(area, width, rows as u16 + 2);
    let block = Block::bordered()
        .border_type(BorderType::Rounded)
        .border_style(t.border_focused())
        .title(Line::styled(format!(" {title} "), t.title()));
    frame.render_widget(Clear, rect);
    frame.render_widget(
        Paragraph::new(lines)
            .block(block)
            .wrap(Wrap { trim: false }),
        rect,
    );
}

/// A prompt's text on a line of its own.
pub fn input<'t>(app: &App<'_>, text: &TextInput, width: usize) -> Line<'t> {
    let mut spans = vec![Span::raw(" ")];
    spans.extend(input_spans(app, text, width.saturating_sub(2)));
    Line::from(spans)
}

/// A prompt's text in at most `width` columns, the cursor in view: the selection in the
/// selection's colours, the character under the cursor reversed.
pub fn input_spans<'t>(app: &App<'_>, text: &TextInput, width: usize) -> Vec<Span<'t>> {
    let t = &app.theme;
    let chars: Vec<char> = clean(text).chars().collect();
    let cursor = text.cursor_chars().min(chars.len());
    let keep = width.saturating_sub(1).max(1);
    let start = (cursor + 1).saturating_sub(keep);
    let end = chars.len().min(start + keep);
    let part = |a: usize, b: usize| chars[a.min(b)..b].iter().collect::<String>();
    if text.is_selected() {
        return vec![
            Span::styled(part(start, end), t.selection()),
            Span::styled(" ", t.cursor()),
        ];
    }
    let under = if cursor < end {
        part(cursor, cursor + 1)
    } else {
        " ".to_string()
    };
    vec![
        Span::styled(part(start, cursor), t.bold()),
        Span::styled(under, t.cursor()),
        Span::styled(part((cursor + 1).min(end), end), t.bold()),
    ]
}

/// The footer's hints of `keys`, as a popup's last line.
pub fn hint_line<'t>(app: &App<'_>, keys: &Keys) -> Line<'t> {
    let t = &app.theme;
    let mut spans = vec![Span::raw(" ")];
    for (k, what) in keys.hints() {
        spans.push(Span::styled(k, t.key()));
        spans.push(Span::styled(format!(" {what}   "), t.dim()));
    }
    Line::from(spans)
}

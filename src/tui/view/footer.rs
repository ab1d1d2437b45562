//! The footer: the automatic planner's progress while it runs, the filter prompt while it is
//! typed, else the last message and key hints.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use unicode_width::UnicodeWidthStr;

use super::{clean, fit, wrap_text};
use crate::tui::action::Action;
use crate::tui::app::{App, Mode, Planning};
use crate::tui::overlay::{self, prompt::input_spans};

/// Columns of the planner's progress bar.
const BAR: usize = 20;

/// Most rows a message takes above its row of key hints.
const MESSAGE_ROWS: usize = 2;

/// The rows the footer takes: one, or the rows of `message_rows` above a row of key hints.
pub fn height(message: Option<&[String]>) -> u16 {
    message.map_or(1, |rows| rows.len() as u16 + 1)
}

/// The rows of a message on the board too long for the footer's one row beside the essential
/// keys, wrapped to `width` (asked once a frame: for the layout and for `draw`).
pub fn message_rows(app: &App<'_>, width: usize) -> Option<Vec<String>> {
    if app.planning.is_some() || !matches!(app.mode, Mode::Board) {
        return None;
    }
    let m = app.message.as_ref()?;
    let text = clean(&m.text);
    if text.width() <= width.saturating_sub(12) {
        return None;
    }
    Some(wrap_text(&text, width.saturating_sub(1), MESSAGE_ROWS))
}

pub fn draw(frame: &mut Frame<'_>, area: Rect, app: &App<'_>, message: Option<Vec<String>>) {
    let t = &app.theme;
    let width = usize::from(area.width);
    if let Some(rows) = message
        && usize::from(area.height) > rows.len()
        && let Some(m) = &app.message
    {
        let style = t.message(m.error, m.warning);
        let mut lines: Vec<Line> = rows
            .into_iter()
            .map(|row| Line::from(Span::styled(format!(" {row}"), style)))
            .collect();
        let mut spans = Vec::new();
        push_hints(app, board_hints(app, false), 0, width, &mut spans);
        lines.push(Line::from(spans));
        frame.render_widget(Paragraph::new(lines), area);
        return;
    }
    let mut spans: Vec<Span> = Vec::new();
    let hints: Vec<(String, &str)> = match (&app.mode, app.planning) {
        (_, Some(planning)) => {
            spans.extend(progress(app, planning));
            if planning.stopping {
                Vec::new()
            } else {
                vec![("Esc".into(), "stop, keeping the best plan so far")]
            }
        }
        (mode, None) => hints(app, mode, width, &mut spans),
    };
    let used: usize = spans.iter().map(Span::width).sum();
    push_hints(app, hints, used, width, &mut spans);
    frame.render_widget(Paragraph::new(Line::from(spans)), area);
}

/// As many of `hints` as fit in `width` after `used` columns, in order.
fn push_hints<'t>(
    app: &App<'_>,
    hints: Vec<(String, &'t str)>,
    mut used: usize,
    width: usize,
    spans: &mut Vec<Span<'t>>,
) {
    let t = &app.theme;
    for (key, label) in hints {
        let w = key.chars().count() + label.chars().count() + 3;
        if used + w > width {
            break;
        }
        spans.push(Span::raw(" "));
        spans.push(Span::styled(key, t.key()));
        spans.push(Span::styled(format!(" {label} "), t.dim()));
        used += w;
    }
}

/// `Planning… [██████░░░░] 60%`, from the planner's progress.
fn progress<'t>(app: &App<'_>, planning: Planning) -> Vec<Span<'t>> {
    let t = &app.theme;
    let permille = planning.permille.min(1000) as usize;
    let filled = permille * BAR / 1000;
    let what = if planning.stopping {
        " Stopping: keeping the best plan so far… "
    } else {
        " Planning… "
    };
    vec![
        Span::styled(what, t.bold()),
        Span::styled("█".repeat(filled), t.good()),
        Span::styled("░".repeat(BAR - filled), t.dim()),
        Span::styled(format!(" {:>3}% ", permille / 10), t.bold()),
    ]
}

/// The key hints of `mode`, after what goes before them (a message, the filter) in `spans`:
/// the board's from the keymap, an overlay's or a prompt's from its key table.
fn hints<'t>(
    app: &App<'_>,
    mode: &Mode,
    width: usize,
    spans: &mut Vec<Span<'t>>,
) -> Vec<(String, &'static str)> {
    let t = &app.theme;
    match mode {
        Mode::Filter { text, .. } => {
            let shown: usize = app.columns.iter().map(|c| c.apps.len()).sum();
            spans.push(Span::styled(" filter /", t.key()));
            spans.extend(input_spans(app, text, width / 2));
            spans.push(Span::styled(format!("  {shown} shown"), t.dim()));
        }
        Mode::Board => {
            if let Some(m) = &app.message {
                spans.push(Span::styled(
                    format!(" {}", fit(&clean(&m.text), width.saturating_sub(12))),
                    t.message(m.error, m.warning),
                ));
                spans.push(Span::raw(" "));
            }
            return board_hints(app, app.message.is_some());
        }
        _ => {}
    }
    overlay::keys_of(mode)
        .map(|k| k.hints())
        .unwrap_or_default()
}

/// The board's main keys, as the keymap binds them.
/// The board's key hints; only the essential ones beside a message (`beside_message`).
fn board_hints(app: &App<'_>, beside_message: bool) -> Vec<(String, &'static str)> {
    let k = |a: Action| app.keymap.hint(a).unwrap_or_else(|| "-".into());
    let pair = |a: Action, b: Action| format!("{}{}", k(a), k(b));
    let mut hints = vec![
        (k(Action::Help), "help"),
        (pair(Action::FocusPrev, Action::FocusNext), "wave"),
        (pair(Action::SelectPrev, Action::SelectNext), "app"),
        (
            format!("{}/{}", k(Action::MoveAppPrev), k(Action::MoveAppNext)),
            "move",
        ),
        (app.keymap.pull_hint(), "pull"),
        (k(Action::NewWave), "new wave"),
        (k(Action::AutoPlan), "auto"),
        (k(Action::Undo), "undo"),
        (k(Action::Filter), "filter"),
        (k(Action::Dependencies), "deps"),
        (k(Action::Save), "save"),
        (k(Action::Export), "export"),
        (k(Action::Quit), "quit"),
        (k(Action::Findings), "findings"),
        (k(Action::Capacity), "capacity"),
        (k(Action::LockWave), "lock"),
        (k(Action::PinApp), "pin"),
        (k(Action::Changes), "changes"),
        (k(Action::Chart), "cost chart"),
        (k(Action::Jump), "jump"),
    ];
    if beside_message {
        // A message leaves room for the essentials only.
        hints.retain(|(_, l)| matches!(*l, "help" | "undo" | "quit"));
    }
    hints
}

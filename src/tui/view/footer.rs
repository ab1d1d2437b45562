//! The footer: the automatic planner's progress while it runs, the filter prompt while it is
//! typed, else the last message and key hints.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::{clean, fit};
use crate::tui::action::Action;
use crate::tui::app::{App, Confirm, Mode, Planning};

/// Columns of the planner's progress bar.
const BAR: usize = 20;

pub fn draw(frame: &mut Frame<'_>, area: Rect, app: &App<'_>) {
    let t = &app.theme;
    let width = usize::from(area.width);
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
    let mut used: usize = spans.iter().map(Span::width).sum();
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
    frame.render_widget(Paragraph::new(Line::from(spans)), area);
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

/// The key hints of `mode`, after what goes before them (a message, the filter) in `spans`.
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
            spans.extend(super::prompt::input_spans(app, text, width / 2));
            spans.push(Span::styled(format!("  {shown} shown"), t.dim()));
            vec![("Enter".into(), "keep"), ("Esc".into(), "clear")]
        }
        Mode::Board => {
            if let Some(m) = &app.message {
                spans.push(Span::styled(
                    format!(" {}", fit(&clean(&m.text), width.saturating_sub(12))),
                    t.message(m.error, m.warning),
                ));
                spans.push(Span::raw(" "));
            }
            board_hints(app)
        }
        Mode::Dependencies { trail, .. } => vec![
            ("↑↓".into(), "choose"),
            ("Enter".into(), "follow"),
            (
                "Esc".into(),
                if trail.is_empty() { "close" } else { "back" },
            ),
        ],
        Mode::Chart => vec![("Esc".into(), "close")],
        Mode::Help { .. } | Mode::Changes { .. } => {
            vec![("↑↓".into(), "scroll"), ("Esc".into(), "close")]
        }
        Mode::Capacity(_) => crate::tui::form::KEYS
            .iter()
            .map(|&(k, what)| (k.to_string(), what))
            .collect(),
        Mode::Findings(_) => vec![
            ("↑↓".into(), "choose"),
            ("Enter".into(), "go to the app"),
            ("/".into(), "search"),
            ("Esc".into(), "close"),
        ],
        Mode::Rename { .. } | Mode::Notes { .. } | Mode::Jump { .. } | Mode::ExportPath { .. } => {
            vec![("Enter".into(), "accept"), ("Esc".into(), "cancel")]
        }
        Mode::ExportMenu { .. } => vec![
            ("↑↓".into(), "choose"),
            ("Enter".into(), "accept"),
            ("Esc".into(), "cancel"),
        ],
        Mode::Confirm(Confirm::AutoPlan) => vec![("y".into(), "replace"), ("n".into(), "keep")],
        Mode::Confirm(Confirm::Overwrite { .. }) => {
            vec![("y".into(), "overwrite"), ("n".into(), "keep the file")]
        }
        Mode::Confirm(Confirm::Locked { .. }) => {
            vec![("y".into(), "change it"), ("n".into(), "leave it")]
        }
        Mode::Confirm(Confirm::Changed { .. }) => vec![
            ("o".into(), "overwrite"),
            ("e".into(), "save elsewhere"),
            ("r".into(), "reload"),
            ("Esc".into(), "cancel"),
        ],
        Mode::Confirm(Confirm::Quit) => vec![
            ("s".into(), "save and quit"),
            ("y".into(), "quit"),
            ("n".into(), "stay"),
        ],
    }
}

/// The board's main keys, as the keymap binds them.
fn board_hints(app: &App<'_>) -> Vec<(String, &'static str)> {
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
        (pull_keys(app), "pull"),
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
    if app.message.is_some() {
        // A message leaves room for the essentials only.
        hints.retain(|(_, l)| matches!(*l, "help" | "undo" | "quit"));
    }
    hints
}

/// The keys that pull recommendations: `1-9`, or as many as are bound (`1-3`, `1`).
fn pull_keys(app: &App<'_>) -> String {
    let bound: Vec<String> = (1..=9u8)
        .filter_map(|n| app.keymap.hint(Action::Pull(n)))
        .collect();
    match bound.as_slice() {
        [] => "-".to_string(),
        [one] => one.clone(),
        [first, .., last] => format!("{first}-{last}"),
    }
}

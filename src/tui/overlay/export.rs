//! Exporting from the board: the menu of formats (`e`), then the path prompt, each with its
//! keys as a table, its update and its popup. The run loop writes the file (`Effect::Export`).

use crossterm::event::KeyCode;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};

use super::keys::{Binding, Does, Keys, Press, TEXT_EDITING, bind, cancel, submit};
use super::prompt::{hint_line, input, popup};
use crate::tui::action::{Action, Effect};
use crate::tui::app::{App, Mode, TextInput};
use crate::tui::export::{self, ExportFormat};
use crate::tui::view::fit;

/// The keys of the menu of formats.
pub const MENU: Keys = Keys {
    title: "Export menu",
    groups: &[MENU_KEYS],
    board: &[],
};

const MENU_KEYS: &[Binding] = &[
    bind(
        &[Press::Code(KeyCode::Up), Press::Code(KeyCode::Char('k'))],
        Does::Act(Action::ScrollUp),
        "↑ k",
        "the format above",
    )
    .hinted("↑↓", "choose"),
    bind(
        &[Press::Code(KeyCode::Down), Press::Code(KeyCode::Char('j'))],
        Does::Act(Action::ScrollDown),
        "↓ j",
        "the format below",
    ),
    bind(&[Press::Digit], Does::Choose, "1-9", "format N"),
    bind(
        &[Press::Code(KeyCode::Enter)],
        Does::Act(Action::Submit),
        "Enter",
        "the chosen format, then its path",
    )
    .shown("next"),
    bind(
        &[Press::Code(KeyCode::Esc), Press::Code(KeyCode::Char('q'))],
        Does::Act(Action::Cancel),
        "Esc q",
        "cancel",
    )
    .hinted("Esc", "cancel"),
];

/// The keys of the path prompt.
pub const PATH: Keys = Keys {
    title: "Export path",
    groups: &[&[submit("export"), cancel("cancel")], TEXT_EDITING],
    board: &[],
};

/// Open the menu of formats.
pub fn open(app: &mut App<'_>) {
    app.mode = Mode::ExportMenu { selected: 0 };
}

/// Carry out `action` in the export menu.
pub fn menu(app: &mut App<'_>, action: Action, selected: usize) {
    let last = ExportFormat::ALL.len() - 1;
    let chosen = match action {
        Action::ScrollUp => {
            app.mode = Mode::ExportMenu {
                selected: selected.saturating_sub(1),
            };
            None
        }
        Action::ScrollDown => {
            app.mode = Mode::ExportMenu {
                selected: (selected + 1).min(last),
            };
            None
        }
        Action::Choose(i) if usize::from(i) <= last => Some(usize::from(i)),
        Action::Submit => Some(selected.min(last)),
        Action::Cancel => {
            app.mode = Mode::Board;
            None
        }
        _ => None,
    };
    if let Some(i) = chosen {
        let format = ExportFormat::ALL[i];
        app.mode = Mode::ExportPath {
            format,
            text: TextInput::prefilled(export::default_path(&app.session.ws().export_base, format)),
        };
    }
}

/// Carry out `action` in the export path prompt.
pub fn path(
    app: &mut App<'_>,
    action: Action,
    format: ExportFormat,
    mut text: TextInput,
) -> Option<Effect> {
    if text.apply(action) {
        app.mode = Mode::ExportPath { format, text };
        return None;
    }
    match action {
        Action::Submit if text.trim().is_empty() => {
            app.error("Type a file path, or Esc to cancel");
            None
        }
        Action::Submit => {
            app.mode = Mode::Board;
            Some(Effect::Export {
                format,
                path: text.trim().into(),
                overwrite: false,
            })
        }
        Action::Cancel => {
            app.mode = Mode::Board;
            None
        }
        _ => None,
    }
}

/// The menu of formats, `selected` marked.
pub fn draw_menu(frame: &mut Frame<'_>, area: Rect, app: &App<'_>, selected: usize) {
    let t = &app.theme;
    let width: u16 = 64;
    let inner = usize::from(width - 2);

    let mut lines: Vec<Line> = ExportFormat::ALL
        .iter()
        .enumerate()
        .map(|(i, f)| {
            let line = Line::from(vec![
                Span::styled(format!(" {} ", i + 1), t.key()),
                Span::styled(format!("{:<8}", f.name()), t.bold()),
                Span::raw(fit(f.description(), inner.saturating_sub(12))),
            ]);
            if i == selected {
                line.style(t.selected())
            } else {
                line
            }
        })
        .collect();
    lines.push(Line::raw(""));
    lines.push(hint_line(app, &MENU));
    popup(frame, area, app, "Export", lines, width);
}

/// The path prompt for `format`.
pub fn draw_path(
    frame: &mut Frame<'_>,
    area: Rect,
    app: &App<'_>,
    format: ExportFormat,
    text: &TextInput,
) {
    let t = &app.theme;
    let width: u16 = 64;
    let inner = usize::from(width - 2);

    let lines = vec![
        Line::styled(format!(" {}: write to", format.description()), t.dim()),
        input(app, text, inner),
        Line::raw(""),
        hint_line(app, &PATH),
    ];
    popup(
        frame,
        area,
        app,
        &format!("Export {}", format.name()),
        lines,
        width,
    );
}

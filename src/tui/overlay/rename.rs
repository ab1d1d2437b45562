//! A wave's name (`r`) and notes (`N`): their prompts, with their keys as tables, their updates
//! (each an undoable edit) and their popups.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::Line;

use super::keys::{Keys, TEXT_EDITING, cancel, submit};
use super::prompt::{hint_line, input, popup};
use crate::analysis::PlanEdit;
use crate::diagnostic::printable;
use crate::tui::action::Action;
use crate::tui::app::{App, Mode, TextInput};
use crate::tui::update::wave_name;
use crate::tui::view::fit;

/// The keys of the rename prompt.
pub const RENAME: Keys = Keys {
    title: "Rename a wave",
    groups: &[&[submit("rename"), cancel("cancel")], TEXT_EDITING],
    board: &[],
};

/// The keys of the notes prompt.
pub const NOTES: Keys = Keys {
    title: "Notes of a wave",
    groups: &[&[submit("keep"), cancel("cancel")], TEXT_EDITING],
    board: &[],
};

/// Open the rename prompt on the focused wave, its name pre-filled.
pub fn open_rename(app: &mut App<'_>) {
    match app.focused_wave() {
        Some(wave) => {
            let text = TextInput::prefilled(app.plan().label(wave));
            app.mode = Mode::Rename { wave, text };
        }
        None => app.error("Unplanned is not a wave; focus a wave to rename it"),
    }
}

/// Carry out `action` in the rename prompt.
pub fn rename(app: &mut App<'_>, action: Action, wave: usize, mut text: TextInput) {
    if text.apply(action) {
        app.mode = Mode::Rename { wave, text };
        return;
    }
    match action {
        Action::Submit => {
            let name = text.trim().to_string();
            app.mode = Mode::Board;
            // No name, or the name the wave has by its place, means no name of its own: it goes
            // by its place ("Wave N") and renumbers when waves move.
            let name = if name == format!("Wave {}", wave + 1) {
                String::new()
            } else {
                name
            };
            let old = wave_name(app, wave);
            let shown = if name.is_empty() {
                format!("Wave {}", wave + 1)
            } else {
                printable(&name).into_owned()
            };
            let label = format!("rename {old} to {shown}");
            if app.apply(
                label,
                PlanEdit::RenameWave {
                    wave,
                    name: name.clone(),
                },
            ) {
                app.info(format!("Renamed {old} to {shown}"));
            } else if name.is_empty() {
                app.info(format!(
                    "{old} has no name of its own: it goes by its place; type a name to give it one"
                ));
            } else {
                app.info(format!("{old} keeps its name"));
            }
        }
        Action::Cancel => app.mode = Mode::Board,
        _ => {}
    }
}

/// Open the notes of the focused wave.
pub fn open_notes(app: &mut App<'_>) {
    match app.focused_wave() {
        Some(wave) => {
            let notes = app.plan().waves()[wave].notes.clone().unwrap_or_default();
            app.mode = Mode::Notes {
                wave,
                text: TextInput::prefilled(notes),
            };
        }
        None => app.error("Unplanned is not a wave; focus a wave to write its notes"),
    }
}

/// Carry out `action` in the notes prompt.
pub fn notes(app: &mut App<'_>, action: Action, wave: usize, mut text: TextInput) {
    if text.apply(action) {
        app.mode = Mode::Notes { wave, text };
        return;
    }
    match action {
        Action::Submit => {
            app.mode = Mode::Board;
            let notes = text.trim().to_string();
            let name = wave_name(app, wave);
            let label = format!("notes of {name}");
            let notes = (!notes.is_empty()).then_some(notes);
            let cleared = notes.is_none();
            if app.apply(label, PlanEdit::WaveNotes { wave, notes }) {
                app.info(if cleared {
                    format!("{name} has no notes now")
                } else {
                    format!("Notes of {name} saved with the plan")
                });
            } else {
                app.info(format!("The notes of {name} are unchanged"));
            }
        }
        Action::Cancel => app.mode = Mode::Board,
        _ => {}
    }
}

/// The rename prompt of wave `wave`.
pub fn draw_rename(
    frame: &mut Frame<'_>,
    area: Rect,
    app: &App<'_>,
    wave: usize,
    text: &TextInput,
) {
    let width: u16 = 64;
    let inner = usize::from(width - 2);

    let title = format!("Rename {}", fit(&app.plan().label(wave), 40));
    let lines = vec![
        input(app, text, inner),
        Line::raw(""),
        hint_line(app, &RENAME),
    ];
    popup(frame, area, app, &title, lines, width);
}

/// The notes prompt of wave `wave`.
pub fn draw_notes(frame: &mut Frame<'_>, area: Rect, app: &App<'_>, wave: usize, text: &TextInput) {
    let t = &app.theme;
    let width: u16 = 64;
    let inner = usize::from(width - 2);

    let title = format!("Notes of {}", fit(&app.plan().label(wave), 40));
    let lines = vec![
        Line::styled(
            " Saved with the plan and shown over the wave's recommendations",
            t.dim(),
        ),
        input(app, text, inner),
        Line::raw(""),
        hint_line(app, &NOTES),
    ];
    popup(frame, area, app, &title, lines, width);
}

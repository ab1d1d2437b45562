//! The overlays and prompts of `update`: scrolling help and the dependency view, typing the
//! filter, a wave's name or an export path, answering a confirmation (a locked wave's among
//! them), choosing a format.

use super::{PAGE, wave_name};
use crate::analysis::PlanEdit;
use crate::diagnostic::printable;
use crate::tui::action::{Action, Effect};
use crate::tui::app::{App, Confirm, Mode, TextInput};
use crate::tui::export::{self, ExportFormat};

pub(super) fn overlay(app: &mut App<'_>, action: Action, scroll: usize) {
    let scroll = match action {
        Action::ScrollUp => scroll.saturating_sub(1),
        Action::ScrollDown => scroll + 1,
        Action::PageUp => scroll.saturating_sub(PAGE),
        Action::PageDown => scroll + PAGE,
        Action::Close => {
            app.mode = Mode::Board;
            return;
        }
        _ => return,
    };
    match &mut app.mode {
        Mode::Help { scroll: s }
        | Mode::Dependencies { scroll: s, .. }
        | Mode::Changes { scroll: s } => *s = scroll,
        _ => {}
    }
}

pub(super) fn filter(app: &mut App<'_>, action: Action, mut text: TextInput) {
    if text.apply(action) {
        set_filter(app, text);
        return;
    }
    match action {
        Action::Submit => {
            app.mode = Mode::Board;
            // The app the filter names best is selected (its wave focused).
            let filter = app.filter.clone();
            if let Some(super::navigate::Target::App(a)) =
                super::navigate::find_target(app, &filter)
            {
                app.select_app(a);
            }
            if !app.filter.is_empty() {
                let shown: usize = app.columns.iter().map(|c| c.apps.len()).sum();
                app.info(format!(
                    "{shown} app{} match \"{}\"; {} clears the filter",
                    if shown == 1 { "" } else { "s" },
                    printable(&app.filter),
                    app.keymap.hint(Action::ClearFilter).unwrap_or_default()
                ));
            }
        }
        Action::Cancel => {
            app.mode = Mode::Board;
            app.set_filter(String::new());
        }
        _ => {}
    }
}

/// The filter as typed so far applies at once.
fn set_filter(app: &mut App<'_>, text: TextInput) {
    app.set_filter(text.text().to_string());
    if let Mode::Filter { text: shown, .. } = &mut app.mode {
        *shown = text;
    }
    // Show the matches: when the focused column has none, focus the first that has some.
    if app.columns[app.focus].apps.is_empty()
        && let Some(c) = app.columns.iter().position(|c| !c.apps.is_empty())
    {
        app.set_focus(c);
    }
}

pub(super) fn rename(app: &mut App<'_>, action: Action, wave: usize, mut text: TextInput) {
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

pub(super) fn confirm(app: &mut App<'_>, action: Action, question: Confirm) -> Option<Effect> {
    // Enter answers yes, except where yes loses work: quitting without saving, writing over a
    // file someone changed.
    let action = match (&question, action) {
        (Confirm::Quit | Confirm::Changed { .. }, Action::Submit) => return None,
        (_, Action::Submit) => Action::Yes,
        _ => action,
    };
    match (question, action) {
        (Confirm::AutoPlan, Action::Yes) => {
            app.mode = Mode::Board;
            app.info("Planning…");
            Some(Effect::AutoPlan)
        }
        (Confirm::Quit, Action::Yes) => Some(Effect::Quit),
        (Confirm::Overwrite { format, path }, Action::Yes) => {
            app.mode = Mode::Board;
            Some(Effect::Export {
                format,
                path,
                overwrite: true,
            })
        }
        (Confirm::Overwrite { path, .. }, Action::No) => {
            app.mode = Mode::Board;
            app.info(format!(
                "Not exported; {} is unchanged",
                printable(&path.display().to_string())
            ));
            None
        }
        (Confirm::Locked { action, .. }, Action::Yes) => {
            app.mode = Mode::Board;
            super::act(app, action)
        }
        (Confirm::Locked { wave, .. }, Action::No) => {
            app.mode = Mode::Board;
            app.info(format!("{} stays as it is", wave_name(app, wave)));
            None
        }
        (Confirm::Quit, Action::SaveAndQuit) => {
            app.mode = Mode::Board;
            Some(Effect::Save {
                then_quit: true,
                force: false,
            })
        }
        (Confirm::Changed { then_quit }, Action::Overwrite) => {
            app.mode = Mode::Board;
            Some(Effect::Save {
                then_quit,
                force: true,
            })
        }
        (Confirm::Changed { .. }, Action::SaveElsewhere) => {
            app.mode = Mode::ExportPath {
                format: ExportFormat::Ron,
                text: TextInput::prefilled(elsewhere(&app.session.ws().plan_path)),
            };
            None
        }
        (Confirm::Changed { .. }, Action::Reload) => {
            app.mode = Mode::Board;
            Some(Effect::Reload)
        }
        (Confirm::Changed { .. }, Action::No) => {
            app.mode = Mode::Board;
            app.info(format!(
                "Not saved; {} is as someone left it, and the board's plan is unsaved",
                printable(&app.session.ws().plan_path.display().to_string())
            ));
            None
        }
        (_, Action::No) => {
            app.mode = Mode::Board;
            None
        }
        _ => None,
    }
}

pub(super) fn export_menu(app: &mut App<'_>, action: Action, selected: usize) {
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

pub(super) fn export_path(
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

/// Where "save elsewhere" suggests writing a plan whose file changed on disk: beside it, as
/// `NAME.mine.plan.ron` (`retail.plan.ron` gives `retail.mine.plan.ron`).
fn elsewhere(plan_path: &std::path::Path) -> String {
    let shown = plan_path.display().to_string();
    let stem = shown
        .strip_suffix(".plan.ron")
        .or_else(|| shown.strip_suffix(".ron"))
        .unwrap_or(&shown);
    format!("{stem}.mine.plan.ron")
}

/// Pasted text (the terminal's bracketed paste): typed into the prompt that is open at its
/// cursor (over the selection), up to its first line break and the prompt's length; digits only
/// in the capacity form; ignored, with a word in the footer, everywhere else, so that a paste
/// never runs as keys.
pub(super) fn paste(app: &mut App<'_>, pasted: &str) {
    let line = pasted.lines().next().unwrap_or_default();
    match &mut app.mode {
        Mode::Filter { text, .. } => {
            let mut text = text.clone();
            text.insert(line);
            set_filter(app, text);
        }
        Mode::Rename { text, .. }
        | Mode::Notes { text, .. }
        | Mode::Jump { text }
        | Mode::ExportPath { text, .. } => text.insert(line),
        Mode::Findings(state) => {
            let mut state = state.clone();
            state.typing = true;
            state.query.insert(line);
            super::findings::search(app, state);
        }
        Mode::Capacity(_) => {
            for c in line.chars().filter(char::is_ascii_digit).take(9) {
                super::dispatch(app, Action::Input(c));
            }
        }
        _ => {
            let (filter, rename) = (
                app.keymap.hint(Action::Filter).unwrap_or_default(),
                app.keymap.hint(Action::RenameWave).unwrap_or_default(),
            );
            app.info(format!(
                "Pasted text is not run as keys; paste into a prompt ({filter} filter, {rename} rename)"
            ));
        }
    }
}

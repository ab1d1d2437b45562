//! The filter (`/`): its prompt in the footer, with its keys as a table; the board shows only
//! the apps it matches as it is typed.

use super::keys::{Keys, TEXT_EDITING, cancel, submit};
use crate::diagnostic::printable;
use crate::tui::action::Action;
use crate::tui::app::{App, Mode, TextInput};

/// The keys of the filter prompt.
pub const KEYS: Keys = Keys {
    title: "Filter",
    groups: &[&[submit("keep"), cancel("clear")], TEXT_EDITING],
    board: &[],
};

/// Open the prompt on the filter in use, pre-filled.
pub fn open(app: &mut App<'_>) {
    app.mode = Mode::Filter {
        before: app.filter.clone(),
        text: TextInput::prefilled(app.filter.clone()),
    };
}

/// Carry out `action` in the filter prompt.
pub fn update(app: &mut App<'_>, action: Action, mut text: TextInput) {
    if text.apply(action) {
        set_filter(app, text);
        return;
    }
    match action {
        Action::Submit => {
            app.mode = Mode::Board;
            // The app the filter names best is selected (its wave focused).
            let filter = app.filter.clone();
            if let Some(super::jump::Target::App(a)) = super::jump::find_target(app, &filter) {
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
pub fn set_filter(app: &mut App<'_>, text: TextInput) {
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

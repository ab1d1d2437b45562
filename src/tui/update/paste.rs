//! Pasted text (the terminal's bracketed paste) goes into the open prompt, never runs as keys.

use crate::tui::action::Action;
use crate::tui::app::{App, Mode};
use crate::tui::overlay;

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
            overlay::filter::set_filter(app, text);
        }
        Mode::Rename { text, .. }
        | Mode::Notes { text, .. }
        | Mode::Jump { text }
        | Mode::ExportPath { text, .. } => text.insert(line),
        Mode::Findings(state) => {
            let mut state = state.clone();
            state.typing = true;
            state.query.insert(line);
            overlay::findings::search(app, state);
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

//! The board's keys: its default bindings, a user's `keys.ron` on top of them, and the reverse
//! map the footer and the help screen are made from. (Overlays and prompts have fixed keys, in
//! their own tables: `overlay::keys`.)

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use crossterm::event::KeyEvent;
use serde::Deserialize;

use super::action::Action;
pub use super::key::Key;
use crate::diagnostic::{Diagnostic, Pos};
use crate::load::recover::Required;
use crate::load::{self, LoadError, locate::Locations};

/// One remappable command of the board.
#[derive(Debug)]
pub struct Command {
    /// Its name in `keys.ron`.
    pub name: &'static str,
    /// Its action (for `pull`, the action of the first key; key N pulls recommendation N).
    pub action: Action,
    pub defaults: &'static [&'static str],
    pub help: &'static str,
}

impl Command {
    /// The action of the `index`-th key bound to this command.
    fn action_for(&self, index: usize) -> Action {
        match self.action {
            Action::Pull(_) => Action::Pull(index as u8 + 1),
            other => other,
        }
    }
}

macro_rules! commands {
    ($( $field:ident => $action:expr, [$($key:literal),*], $help:literal; )*) => {
        /// The board's commands, in the order the help screen lists them.
        pub const COMMANDS: &[Command] = &[
            $( Command { name: stringify!($field), action: $action, defaults: &[$($key),*], help: $help }, )*
        ];

        /// `keys.ron`: for each command, the keys that replace its default keys.
        #[derive(Debug, Default, Deserialize)]
        #[serde(rename = "Keys", deny_unknown_fields, default)]
        struct KeysConfig {
            $( $field: Option<Vec<String>>, )*
        }

        impl KeysConfig {
            fn entries(&self) -> Vec<(&'static str, Option<&Vec<String>>)> {
                vec![$( (stringify!($field), self.$field.as_ref()) ),*]
            }
        }
    };
}

commands! {
    focus_prev => Action::FocusPrev, ["left", "h"], "focus the previous column";
    focus_next => Action::FocusNext, ["right", "l"], "focus the next column";
    focus_first => Action::FocusFirst, ["<", "0"], "focus the first column (Unplanned)";
    focus_last => Action::FocusLast, [">", "$"], "focus the last wave";
    select_prev => Action::SelectPrev, ["up", "k"], "select the previous app";
    select_next => Action::SelectNext, ["down", "j"], "select the next app";
    page_up => Action::PageUp, ["pageup"], "select a page up";
    page_down => Action::PageDown, ["pagedown"], "select a page down";
    select_first => Action::SelectFirst, ["home"], "select the first app of the column";
    select_last => Action::SelectLast, ["end"], "select the last app of the column";
    move_app_prev => Action::MoveAppPrev, ["shift+left", "H"], "move the selected app to the previous wave";
    move_app_next => Action::MoveAppNext, ["shift+right", "L"], "move the selected app to the next wave";
    wave_earlier => Action::WaveEarlier, ["["], "move the focused wave one place earlier";
    wave_later => Action::WaveLater, ["]"], "move the focused wave one place later";
    new_wave => Action::NewWave, ["n"], "new wave after the focused one";
    rename_wave => Action::RenameWave, ["r"], "rename the focused wave";
    delete_wave => Action::DeleteWave, ["d"], "delete the focused wave (only when empty)";
    wave_notes => Action::WaveNotes, ["N"], "write or change the notes of the focused wave";
    jump => Action::Jump, [":"], "jump to an app or a wave by name";
    pull => Action::Pull(1), ["1", "2", "3", "4", "5", "6", "7", "8", "9"], "pull recommendation N into the focused wave";
    auto_plan => Action::AutoPlan, ["a"], "automatic plan (asks first; Esc stops it, keeping the best plan so far; undoable)";
    capacity => Action::Capacity, ["c"], "capacities of the plan: wave sizes, the pilot, which states are stateful";
    lock_wave => Action::LockWave, ["x"], "lock / unlock the focused wave (the automatic plan keeps it; edits to it ask first)";
    pin_app => Action::PinApp, ["p"], "pin / unpin the selected app to its wave (the automatic plan keeps it there)";
    undo => Action::Undo, ["u"], "undo the last edit";
    redo => Action::Redo, ["ctrl+r"], "redo";
    filter => Action::Filter, ["/"], "filter by id, name, owner or tag";
    clear_filter => Action::ClearFilter, ["esc"], "clear the filter";
    dependencies => Action::Dependencies, ["g"], "dependency view of the selected app";
    findings => Action::Findings, ["f"], "findings: every error and warning of the plan";
    changes => Action::Changes, ["D"], "what changed since the saved plan";
    chart => Action::Chart, ["w"], "the hybrid cost and the open hybrid links after each wave, as charts";
    save => Action::Save, ["s"], "save the plan";
    export => Action::Export, ["e"], "export: choose a format and a path";
    help => Action::Help, ["?"], "help: every key";
    quit => Action::Quit, ["q", "ctrl+c"], "quit (asks when there are unsaved changes)";
}

/// The commands without which the board cannot be left: each needs a key. (Every other mode
/// leaves with `Esc`, which no file can take away.)
const LEAVES_THE_BOARD: [&str; 1] = ["quit"];

/// The keys of the board, as defaults and a user's file made them.
#[derive(Debug, Clone)]
pub struct Keymap {
    board: HashMap<Key, Action>,
    /// The keys of each command, in `COMMANDS` order.
    keys: Vec<Vec<Key>>,
}

impl Default for Keymap {
    fn default() -> Keymap {
        let keys: Vec<Vec<Key>> = COMMANDS
            .iter()
            .map(|c| {
                c.defaults
                    .iter()
                    .map(|k| Key::parse(k).expect("default keys parse"))
                    .collect()
            })
            .collect();
        Keymap::from_keys(keys)
    }
}

impl Keymap {
    fn from_keys(keys: Vec<Vec<Key>>) -> Keymap {
        let mut board = HashMap::new();
        for (command, list) in COMMANDS.iter().zip(&keys) {
            for (i, key) in list.iter().enumerate() {
                board.insert(*key, command.action_for(i));
            }
        }
        Keymap { board, keys }
    }

    /// The default keys with the bindings of a `keys.ron` text on top. A command named in the
    /// file gets exactly the keys listed; a key the file binds leaves every other command.
    pub fn from_config(text: &str, file: &str) -> Result<Keymap, LoadError> {
        // Every problem at once: those of the entries that cannot be read, and the rules on
        // those that can.
        let load::Salvaged {
            value: config,
            mut diags,
            ..
        } = load::parse_salvaging::<KeysConfig>(text, file, &Required::default(), false)?;
        let locations = Locations::scan(text, 3);
        let at = |path: &str| locations.pos(path).or(Some(Pos { line: 1, col: 1 }));
        let mut keys = Keymap::default().keys;
        // Each key the file binds: the command and the place in its list.
        let mut taken: HashMap<Key, (&'static str, usize)> = HashMap::new();
        for (c, (name, list)) in config.entries().into_iter().enumerate() {
            let Some(list) = list else { continue };
            if name == "pull" && list.len() > 9 {
                diags.push(Diagnostic::error(
                    file,
                    at("pull[9]"),
                    "`pull` takes at most 9 keys: key N pulls recommendation N",
                ));
            }
            if list.is_empty() && LEAVES_THE_BOARD.contains(&name) {
                diags.push(Diagnostic::error(
                    file,
                    at(name),
                    format!(
                        "`{name}` needs a key: it is the only way to leave the board; give it one, \
                         such as [\"q\"]"
                    ),
                ));
            }
            let mut parsed = Vec::new();
            for (i, text) in list.iter().enumerate().take(9) {
                match Key::parse(text) {
                    Ok(key) => match taken.insert(key, (name, i)) {
                        Some((other, _)) if other != name => diags.push(Diagnostic::error(
                            file,
                            at(&format!("{name}[{i}]")),
                            format!("key `{key}` is bound to both `{other}` and `{name}`"),
                        )),
                        _ => parsed.push(key),
                    },
                    Err(message) => diags.push(Diagnostic::error(
                        file,
                        at(&format!("{name}[{i}]")),
                        message,
                    )),
                }
            }
            keys[c] = parsed;
        }
        // Keys the file gave to a command leave the defaults of the others.
        let configured: Vec<bool> = config.entries().iter().map(|(_, l)| l.is_some()).collect();
        for (c, list) in keys.iter_mut().enumerate() {
            if configured[c] {
                continue;
            }
            let before: Vec<Key> = list.clone();
            list.retain(|k| !taken.contains_key(k));
            let name = COMMANDS[c].name;
            if list.is_empty() && !before.is_empty() && LEAVES_THE_BOARD.contains(&name) {
                let (path, message) = no_key_left(name, &before, &taken, &locations);
                diags.push(Diagnostic::error(file, at(&path), message));
            }
        }
        if !diags.is_empty() {
            return Err(LoadError::Invalid(load::sorted(diags)));
        }
        Ok(Keymap::from_keys(keys))
    }

    /// Read a `keys.ron` file.
    pub fn load(path: &Path) -> Result<Keymap, LoadError> {
        let text = load::read_text(path)?;
        Keymap::from_config(&text, &path.display().to_string())
    }

    /// The action of a key press on the board (overlays and prompts have their own tables:
    /// `overlay::keys`).
    pub fn board_action(&self, event: &KeyEvent) -> Option<Action> {
        self.board.get(&Key::from_event(event)).copied()
    }

    /// The keys bound to `action` on the board (the reverse map).
    pub fn keys_for(&self, action: Action) -> Vec<Key> {
        let mut found: Vec<Key> = Vec::new();
        for (command, list) in COMMANDS.iter().zip(&self.keys) {
            for (i, key) in list.iter().enumerate() {
                if command.action_for(i) == action {
                    found.push(*key);
                }
            }
        }
        found
    }

    /// The shortest key for `action`, as the footer shows it.
    pub fn hint(&self, action: Action) -> Option<String> {
        self.keys_for(action)
            .into_iter()
            .map(|k| k.to_string())
            .min_by_key(|s| s.chars().count())
    }

    /// The keys that pull recommendations, as the footer and the board say them: `1-9`, or as
    /// many as are bound (`1-3`, `1`), or `-` when none is.
    pub fn pull_hint(&self) -> String {
        let bound: Vec<String> = (1..=9u8)
            .filter_map(|n| self.hint(Action::Pull(n)))
            .collect();
        match bound.as_slice() {
            [] => "-".to_string(),
            [one] => one.clone(),
            [first, .., last] => format!("{first}-{last}"),
        }
    }

    /// The help screen's rows: the keys of each command and what it does.
    pub fn help(&self) -> Vec<(String, &'static str)> {
        COMMANDS
            .iter()
            .zip(&self.keys)
            .map(|(command, list)| {
                let keys = if list.is_empty() {
                    "(none)".to_string()
                } else if command.name == "pull" && list.len() > 2 {
                    format!("{}..{}", list[0], list[list.len() - 1])
                } else {
                    list.iter()
                        .map(|k| k.to_string())
                        .collect::<Vec<_>>()
                        .join(" ")
                };
                (keys, command.help)
            })
            .collect()
    }
}

/// Every default key of command `name` (one without which the board cannot be left) went to
/// other commands: where to say so (the first of them) and what to say.
fn no_key_left(
    name: &str,
    before: &[Key],
    taken: &HashMap<Key, (&'static str, usize)>,
    locations: &Locations,
) -> (String, String) {
    let mut takers: Vec<(Key, &'static str, usize)> = before
        .iter()
        .filter_map(|k| taken.get(k).map(|&(n, i)| (*k, n, i)))
        .collect();
    takers.sort_by_key(|&(_, n, i)| (locations.start(&format!("{n}[{i}]")), i));
    let which = takers
        .iter()
        .map(|(k, n, _)| format!("`{k}` to `{n}`"))
        .collect::<Vec<_>>()
        .join(" and ");
    let (_, n, i) = takers[0];
    (
        format!("{n}[{i}]"),
        format!(
            "`{name}` has no key left, and it is the only way to leave the board: this file \
             gives {which}; give `{name}` a key of its own"
        ),
    )
}

/// Where the keys file is: `--keys FILE`, else `$WAVEPLAN_CONFIG`, else `keys.ron` in the
/// user's config folder. The flag says whether the user named the file (then it must exist).
pub fn config_path(flag: Option<&Path>) -> Option<(PathBuf, bool)> {
    if let Some(p) = flag {
        return Some((p.to_path_buf(), true));
    }
    if let Some(p) = std::env::var_os("WAVEPLAN_CONFIG").filter(|p| !p.is_empty()) {
        return Some((PathBuf::from(p), true));
    }
    let base = std::env::var_os("XDG_CONFIG_HOME")
        .filter(|p| !p.is_empty())
        .map(PathBuf::from)
        .or_else(|| {
            std::env::var_os("HOME")
                .filter(|p| !p.is_empty())
                .map(|h| PathBuf::from(h).join(".config"))
        })?;
    Some((base.join("waveplan").join("keys.ron"), false))
}

/// The keymap for a session: the defaults, with the user's file on top when there is one.
pub fn load_keymap(flag: Option<&Path>) -> Result<Keymap, LoadError> {
    match config_path(flag) {
        Some((path, named)) if named || path.exists() => Keymap::load(&path),
        _ => Ok(Keymap::default()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crossterm::event::{KeyCode, KeyModifiers};

    fn press(code: KeyCode, mods: KeyModifiers) -> KeyEvent {
        KeyEvent::new(code, mods)
    }

    #[test]
    fn defaults_cover_the_design_keys() {
        let km = Keymap::default();
        let board = |code, mods| km.board_action(&press(code, mods));
        assert_eq!(
            board(KeyCode::Char('L'), KeyModifiers::SHIFT),
            Some(Action::MoveAppNext)
        );
        assert_eq!(
            board(KeyCode::Right, KeyModifiers::SHIFT),
            Some(Action::MoveAppNext)
        );
        assert_eq!(
            board(KeyCode::Char('r'), KeyModifiers::CONTROL),
            Some(Action::Redo)
        );
        assert_eq!(
            board(KeyCode::Char('r'), KeyModifiers::NONE),
            Some(Action::RenameWave)
        );
        assert_eq!(
            board(KeyCode::Char('7'), KeyModifiers::NONE),
            Some(Action::Pull(7))
        );
        assert_eq!(km.hint(Action::MoveAppNext).as_deref(), Some("L"));
        assert_eq!(km.help().len(), COMMANDS.len());
    }
}

//! Keys as data: each overlay and prompt lists its keys in a table (what is pressed, the action,
//! the words the help and the footer show), and the keymap, the footer and the help screen are
//! all read from those tables.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use crate::tui::action::Action;
use crate::tui::key::Key;

/// A key press a table answers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Press {
    /// This key, whatever the modifiers.
    Code(KeyCode),
    /// This letter with Ctrl.
    Ctrl(char),
    /// This key with Ctrl or Alt.
    CtrlOrAlt(KeyCode),
    /// A digit `1`..`9`.
    Digit,
    /// A digit `0`..`9`.
    AnyDigit,
    /// A printable character typed without Ctrl or Alt.
    Printable,
}

impl Press {
    /// The character this press matched, when it was one.
    fn matches(self, key: &Key) -> Option<Option<char>> {
        let ctrl = key.mods.contains(KeyModifiers::CONTROL);
        let alt = key.mods.contains(KeyModifiers::ALT);
        let typed = match key.code {
            KeyCode::Char(c) => Some(c),
            _ => None,
        };
        let hit = match self {
            Press::Code(code) => key.code == code,
            Press::Ctrl(c) => ctrl && typed == Some(c),
            Press::CtrlOrAlt(code) => (ctrl || alt) && key.code == code,
            Press::Digit => typed.is_some_and(|c| ('1'..='9').contains(&c)),
            Press::AnyDigit => typed.is_some_and(|c| c.is_ascii_digit()),
            Press::Printable => !ctrl && !alt && typed.is_some_and(|c| !c.is_control()),
        };
        hit.then_some(typed)
    }
}

/// What a binding does.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Does {
    Act(Action),
    /// Digit N chooses item N (`Action::Choose(N - 1)`).
    Choose,
    /// The character is typed (`Action::Input`).
    Type,
}

/// One line of a key table.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Binding {
    pub presses: &'static [Press],
    pub does: Does,
    /// The keys as the help shows them (`↑ k`).
    pub keys: &'static str,
    /// What they do, as the help says it.
    pub help: &'static str,
    /// The footer's hint for it: its keys and a word or two (`↑↓`, `choose`); `None`: the
    /// footer leaves it out (the help still lists it).
    pub hint: Option<(&'static str, &'static str)>,
}

/// A binding the footer leaves out.
pub const fn bind(
    presses: &'static [Press],
    does: Does,
    keys: &'static str,
    help: &'static str,
) -> Binding {
    Binding {
        presses,
        does,
        keys,
        help,
        hint: None,
    }
}

impl Binding {
    /// The same binding, shown in the footer as `keys label`.
    pub const fn hinted(self, keys: &'static str, label: &'static str) -> Binding {
        Binding {
            hint: Some((keys, label)),
            ..self
        }
    }

    /// The same binding, shown in the footer with its own keys and `label`.
    pub const fn shown(self, label: &'static str) -> Binding {
        Binding {
            hint: Some((self.keys, label)),
            ..self
        }
    }
}

/// The keys of one overlay or prompt: groups of bindings, the first that matches a press wins.
#[derive(Debug, Clone, Copy)]
pub struct Keys {
    /// Its name in the help.
    pub title: &'static str,
    pub groups: &'static [&'static [Binding]],
    /// Board commands whose keys (as the user bound them) act here too, and as what: an
    /// overlay's own key closes it.
    pub board: &'static [(Action, Action)],
}

impl Keys {
    /// Every binding, in order.
    pub fn bindings(&self) -> impl Iterator<Item = &'static Binding> + '_ {
        self.groups.iter().flat_map(|g| g.iter())
    }

    /// The action of `event`; `board` is what the board's keymap binds it to.
    pub fn action(&self, event: &KeyEvent, board: Option<Action>) -> Option<Action> {
        let key = Key::from_event(event);
        for binding in self.bindings() {
            for press in binding.presses {
                if let Some(typed) = press.matches(&key) {
                    return match (binding.does, typed) {
                        (Does::Act(action), _) => Some(action),
                        (Does::Choose, Some(c)) => Some(Action::Choose(c as u8 - b'1')),
                        (Does::Type, Some(c)) => Some(Action::Input(c)),
                        _ => None,
                    };
                }
            }
        }
        let board = board?;
        self.board
            .iter()
            .find(|(on_board, _)| *on_board == board)
            .map(|&(_, here)| here)
    }

    /// The footer's hints as one line: `↑↓ choose · Enter go to the app`.
    pub fn hints_text(&self) -> String {
        self.hints()
            .iter()
            .map(|(keys, label)| format!("{keys} {label}"))
            .collect::<Vec<_>>()
            .join(" · ")
    }

    /// The footer's hints, in order.
    pub fn hints(&self) -> Vec<(String, &'static str)> {
        self.bindings()
            .filter_map(|b| b.hint)
            .map(|(keys, label)| (keys.to_string(), label))
            .collect()
    }
}

/// Up, down and a page either way through a list, said as `up` and `down`, shown in the footer
/// as `↑↓ label`.
pub const fn through_a_list(
    up: &'static str,
    down: &'static str,
    label: &'static str,
) -> [Binding; 4] {
    [
        bind(
            &[Press::Code(KeyCode::Up), Press::Code(KeyCode::Char('k'))],
            Does::Act(Action::ScrollUp),
            "↑ k",
            up,
        )
        .hinted("↑↓", label),
        bind(
            &[Press::Code(KeyCode::Down), Press::Code(KeyCode::Char('j'))],
            Does::Act(Action::ScrollDown),
            "↓ j",
            down,
        ),
        bind(
            &[Press::Code(KeyCode::PageUp)],
            Does::Act(Action::PageUp),
            "PgUp",
            "a page up",
        ),
        bind(
            &[
                Press::Code(KeyCode::PageDown),
                Press::Code(KeyCode::Char(' ')),
            ],
            Does::Act(Action::PageDown),
            "PgDn Space",
            "a page down",
        ),
    ]
}

const SCROLLING: [Binding; 4] = through_a_list("scroll up", "scroll down", "scroll");

/// The keys of a scrolled overlay.
pub const SCROLL: &[Binding] = &SCROLLING;

/// The keys that close an overlay.
pub const CLOSE: &[Binding] = &[bind(
    &[
        Press::Code(KeyCode::Esc),
        Press::Code(KeyCode::Enter),
        Press::Code(KeyCode::Char('q')),
    ],
    Does::Act(Action::Close),
    "Esc Enter q",
    "close",
)
.hinted("Esc", "close")];

/// The keys that edit a line of text, in every prompt (before their own Enter and Esc).
pub const TEXT_EDITING: &[Binding] = &[
    bind(
        &[Press::CtrlOrAlt(KeyCode::Backspace), Press::Ctrl('w')],
        Does::Act(Action::DeleteWord),
        "Ctrl+w Ctrl+Backspace",
        "delete a word",
    ),
    bind(
        &[Press::Code(KeyCode::Backspace)],
        Does::Act(Action::DeleteChar),
        "Backspace",
        "delete before the cursor",
    ),
    bind(
        &[Press::Code(KeyCode::Delete)],
        Does::Act(Action::DeleteForward),
        "Del",
        "delete at the cursor",
    ),
    bind(
        &[Press::Code(KeyCode::Left)],
        Does::Act(Action::CursorLeft),
        "←",
        "cursor left",
    )
    .hinted("←→", "edit"),
    bind(
        &[Press::Code(KeyCode::Right)],
        Does::Act(Action::CursorRight),
        "→",
        "cursor right",
    ),
    bind(
        &[Press::Code(KeyCode::Home), Press::Ctrl('a')],
        Does::Act(Action::CursorHome),
        "Home Ctrl+a",
        "to the start",
    ),
    bind(
        &[Press::Code(KeyCode::End), Press::Ctrl('e')],
        Does::Act(Action::CursorEnd),
        "End Ctrl+e",
        "to the end",
    ),
    bind(
        &[Press::Ctrl('u')],
        Does::Act(Action::ClearInput),
        "Ctrl+u",
        "clear",
    ),
    bind(
        &[Press::Ctrl('c')],
        Does::Act(Action::Cancel),
        "Ctrl+c",
        "cancel",
    ),
    bind(&[Press::Printable], Does::Type, "letters", "type"),
];

/// Enter, as a prompt's `label`.
pub const fn submit(label: &'static str) -> Binding {
    bind(
        &[Press::Code(KeyCode::Enter)],
        Does::Act(Action::Submit),
        "Enter",
        label,
    )
    .shown(label)
}

/// Esc, as a prompt's `label`.
pub const fn cancel(label: &'static str) -> Binding {
    bind(
        &[Press::Code(KeyCode::Esc)],
        Does::Act(Action::Cancel),
        "Esc",
        label,
    )
    .shown(label)
}

#[cfg(test)]
mod tests {
    use super::*;

    const TABLE: Keys = Keys {
        title: "test",
        groups: &[&[submit("accept"), cancel("cancel")], TEXT_EDITING],
        board: &[(Action::Quit, Action::Cancel)],
    };

    fn press(code: KeyCode, mods: KeyModifiers) -> Option<Action> {
        TABLE.action(&KeyEvent::new(code, mods), None)
    }

    #[test]
    fn the_first_binding_that_matches_wins() {
        assert_eq!(
            press(KeyCode::Char('a'), KeyModifiers::CONTROL),
            Some(Action::CursorHome)
        );
        assert_eq!(
            press(KeyCode::Char('a'), KeyModifiers::NONE),
            Some(Action::Input('a'))
        );
        assert_eq!(
            press(KeyCode::Char('A'), KeyModifiers::SHIFT),
            Some(Action::Input('A'))
        );
        assert_eq!(press(KeyCode::Char('x'), KeyModifiers::ALT), None);
        assert_eq!(
            press(KeyCode::Backspace, KeyModifiers::ALT),
            Some(Action::DeleteWord)
        );
        assert_eq!(
            press(KeyCode::Backspace, KeyModifiers::NONE),
            Some(Action::DeleteChar)
        );
        assert_eq!(
            TABLE.action(
                &KeyEvent::new(KeyCode::F(2), KeyModifiers::NONE),
                Some(Action::Quit)
            ),
            Some(Action::Cancel),
            "a board command the table takes"
        );
    }

    #[test]
    fn the_footer_shows_the_hinted_bindings_in_order() {
        assert_eq!(
            TABLE.hints(),
            vec![
                ("Enter".to_string(), "accept"),
                ("Esc".to_string(), "cancel"),
                ("←→".to_string(), "edit")
            ]
        );
    }
}

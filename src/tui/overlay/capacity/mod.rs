//! The capacity form: a draft of the plan's capacity edited field by field (wave sizes, the
//! pilot's size and highest criticality, which states count as stateful), with its keys as a
//! table, its update and its draw. Enter applies the draft as one edit.

mod draw;
mod update;

pub use draw::draw;
pub use update::{open, update};

use crossterm::event::KeyCode;

use super::keys::{Binding, Does, Keys, Press, bind};
use crate::model::{Capacity, Criticality, State};
use crate::tui::action::Action;

/// A field of the form, in the order the form lists them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Field {
    MaxApps,
    MaxStateful,
    Pilot,
    PilotCriticality,
    /// Whether apps in this state count as stateful.
    Stateful(State),
}

pub const FIELDS: [Field; 9] = [
    Field::MaxApps,
    Field::MaxStateful,
    Field::Pilot,
    Field::PilotCriticality,
    Field::Stateful(State::Cache),
    Field::Stateful(State::Session),
    Field::Stateful(State::Files),
    Field::Stateful(State::Queue),
    Field::Stateful(State::Database),
];

/// The form's keys, as the keymap, the footer, the form and the help read them.
pub const KEYS: Keys = Keys {
    title: "Capacity form",
    groups: &[FORM],
    board: &[],
};

const FORM: &[Binding] = &[
    bind(
        &[
            Press::Code(KeyCode::Up),
            Press::Code(KeyCode::Char('k')),
            Press::Code(KeyCode::BackTab),
        ],
        Does::Act(Action::ScrollUp),
        "↑ k Shift+Tab",
        "the field above",
    )
    .hinted("↑↓", "field"),
    bind(
        &[
            Press::Code(KeyCode::Down),
            Press::Code(KeyCode::Char('j')),
            Press::Code(KeyCode::Tab),
        ],
        Does::Act(Action::ScrollDown),
        "↓ j Tab",
        "the field below",
    ),
    bind(
        &[
            Press::Code(KeyCode::Left),
            Press::Code(KeyCode::Char('h')),
            Press::Code(KeyCode::Char('-')),
        ],
        Does::Act(Action::Less),
        "← h -",
        "one less (the criticality before)",
    )
    .hinted("←→/0-9", "change"),
    bind(
        &[
            Press::Code(KeyCode::Right),
            Press::Code(KeyCode::Char('l')),
            Press::Code(KeyCode::Char('+')),
        ],
        Does::Act(Action::More),
        "→ l +",
        "one more (the criticality after)",
    ),
    bind(&[Press::AnyDigit], Does::Type, "0-9", "type the number"),
    bind(
        &[Press::Code(KeyCode::Backspace)],
        Does::Act(Action::DeleteChar),
        "Backspace",
        "delete the last digit",
    ),
    bind(
        &[Press::Code(KeyCode::Char(' '))],
        Does::Act(Action::Toggle),
        "Space",
        "toggle whether a state counts as stateful",
    )
    .shown("toggle"),
    bind(
        &[Press::Code(KeyCode::Enter)],
        Does::Act(Action::Submit),
        "Enter",
        "apply it all as one undoable edit",
    )
    .shown("apply"),
    bind(
        &[Press::Code(KeyCode::Esc), Press::Ctrl('c')],
        Does::Act(Action::Cancel),
        "Esc Ctrl+c",
        "leave the capacity unchanged",
    )
    .hinted("Esc", "cancel"),
];

/// The largest number a field takes.
const MAX_NUMBER: usize = 999_999;

impl Field {
    pub fn label(self) -> &'static str {
        match self {
            Field::MaxApps => "apps a wave",
            Field::MaxStateful => "stateful apps a wave",
            Field::Pilot => "apps in the pilot",
            Field::PilotCriticality => "pilot's highest criticality",
            Field::Stateful(State::Cache) => "a cache is stateful",
            Field::Stateful(State::Session) => "a session store is stateful",
            Field::Stateful(State::Files) => "a file store is stateful",
            Field::Stateful(State::Queue) => "a queue is stateful",
            Field::Stateful(_) => "a database is stateful",
        }
    }

    /// The least a number field takes.
    fn least(self) -> usize {
        match self {
            Field::MaxStateful => 0,
            _ => 1,
        }
    }
}

/// The form as it is being filled in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CapacityForm {
    /// The capacity the plan has: what Esc keeps.
    pub current: Capacity,
    pub draft: Capacity,
    /// The chosen field (an index into `FIELDS`).
    pub field: usize,
    /// Whether digits were typed into the chosen field since it was chosen: the first digit
    /// replaces the value, the next ones add to it.
    typing: bool,
}

impl CapacityForm {
    pub fn new(capacity: Capacity) -> CapacityForm {
        CapacityForm {
            current: capacity,
            draft: capacity,
            field: 0,
            typing: false,
        }
    }

    pub fn chosen(&self) -> Field {
        FIELDS[self.field]
    }

    /// Choose the field above (`up`) or below.
    pub fn choose(&mut self, up: bool) {
        self.field = if up {
            self.field.saturating_sub(1)
        } else {
            (self.field + 1).min(FIELDS.len() - 1)
        };
        self.typing = false;
    }

    fn number(&mut self, field: Field) -> Option<&mut usize> {
        match field {
            Field::MaxApps => Some(&mut self.draft.max_apps),
            Field::MaxStateful => Some(&mut self.draft.max_stateful),
            Field::Pilot => Some(&mut self.draft.pilot),
            _ => None,
        }
    }

    /// ← (`up` false) or →: a number one less or more, the next criticality, a toggle flipped.
    pub fn step(&mut self, up: bool) {
        self.typing = false;
        let field = self.chosen();
        if let Some(n) = self.number(field) {
            *n = if up {
                (*n + 1).min(MAX_NUMBER)
            } else {
                n.saturating_sub(1).max(field.least())
            };
            return;
        }
        match field {
            Field::PilotCriticality => {
                let at = Criticality::ALL
                    .iter()
                    .position(|&c| c == self.draft.pilot_max_criticality)
                    .unwrap_or(0);
                let to = if up {
                    (at + 1).min(Criticality::ALL.len() - 1)
                } else {
                    at.saturating_sub(1)
                };
                self.draft.pilot_max_criticality = Criticality::ALL[to];
            }
            Field::Stateful(_) => self.toggle(),
            _ => {}
        }
    }

    /// Space: flip the chosen toggle.
    pub fn toggle(&mut self) {
        if let Field::Stateful(state) = self.chosen() {
            let on = self.draft.stateful.contains(state);
            self.draft.stateful = self.draft.stateful.with(state, !on);
        }
    }

    /// A digit typed into a number field.
    pub fn digit(&mut self, d: u32) {
        let typing = self.typing;
        let field = self.chosen();
        if let Some(n) = self.number(field) {
            let before = if typing { *n } else { 0 };
            *n = (before * 10 + d as usize).min(MAX_NUMBER);
            self.typing = true;
        }
    }

    /// Backspace: the last digit of a number field taken off.
    pub fn backspace(&mut self) {
        let field = self.chosen();
        if let Some(n) = self.number(field) {
            *n /= 10;
            self.typing = true;
        }
    }

    /// The chosen value of `field` as the form shows it.
    pub fn value(&self, field: Field) -> String {
        value_of(&self.draft, field)
    }

    /// Whether the draft differs from the plan's capacity in `field`.
    pub fn changed(&self, field: Field) -> bool {
        value_of(&self.current, field) != value_of(&self.draft, field)
    }

    /// Why the draft cannot be applied, if it cannot: a wave must be able to hold an app.
    pub fn problem(&self) -> Option<String> {
        [Field::MaxApps, Field::Pilot]
            .into_iter()
            .find(|&f| {
                let value = match f {
                    Field::MaxApps => self.draft.max_apps,
                    _ => self.draft.pilot,
                };
                value < f.least()
            })
            .map(|f| format!("{} must be 1 or more", f.label()))
    }
}

fn value_of(c: &Capacity, field: Field) -> String {
    match field {
        Field::MaxApps => c.max_apps.to_string(),
        Field::MaxStateful => c.max_stateful.to_string(),
        Field::Pilot => c.pilot.to_string(),
        Field::PilotCriticality => c.pilot_max_criticality.to_string(),
        Field::Stateful(s) => if c.stateful.contains(s) { "[x]" } else { "[ ]" }.to_string(),
    }
}

/// The states that count as stateful, by name: `Session, Files, Queue, Database` (or `none`).
pub fn stateful_states(c: &Capacity) -> String {
    let states: Vec<&str> = c.stateful.states().map(State::as_str).collect();
    if states.is_empty() {
        "none".to_string()
    } else {
        states.join(", ")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fields_change_by_arrows_and_typing() {
        let mut form = CapacityForm::new(Capacity::default());
        form.digit(2);
        form.digit(5);
        assert_eq!(
            form.draft.max_apps, 25,
            "the first digit replaces, the next add"
        );
        form.backspace();
        assert_eq!(form.draft.max_apps, 2);
        form.choose(false);
        form.step(false);
        form.step(false);
        form.step(false);
        assert_eq!(form.draft.max_stateful, 0, "never below 0");
        form.choose(false);
        form.backspace();
        assert_eq!(form.draft.pilot, 0);
        assert!(form.problem().is_some(), "a pilot of 0 cannot hold an app");
        form.step(true);
        assert_eq!(form.draft.pilot, 1);
        assert_eq!(form.problem(), None);
        form.choose(false);
        form.step(true);
        form.step(true);
        form.step(true);
        assert_eq!(form.draft.pilot_max_criticality, Criticality::Critical);
        form.choose(false);
        assert_eq!(form.chosen(), Field::Stateful(State::Cache));
        form.toggle();
        assert!(form.draft.stateful.contains(State::Cache));
        form.step(true);
        assert!(!form.draft.stateful.contains(State::Cache));
        form.digit(7);
        assert_eq!(form.draft.max_apps, 2, "digits only go to numbers");
        for _ in 0..20 {
            form.choose(false);
        }
        assert_eq!(form.chosen(), Field::Stateful(State::Database));
        assert_eq!(form.current, Capacity::default());
    }
}

//! The capacity form's update: open it on the plan's capacity, change the draft field by
//! field, apply it as one undoable edit (Enter) or leave it (Esc).

use super::{CapacityForm, stateful_states};
use crate::analysis::PlanEdit;
use crate::tui::action::Action;
use crate::tui::app::{App, Mode};

/// Open the form on the plan's capacity.
pub fn open(app: &mut App<'_>) {
    app.mode = Mode::Capacity(CapacityForm::new(*app.plan().capacity()));
}

/// Carry out `action` in the form.
pub fn update(app: &mut App<'_>, action: Action, mut form: CapacityForm) {
    match action {
        Action::ScrollUp => form.choose(true),
        Action::ScrollDown => form.choose(false),
        Action::Less => form.step(false),
        Action::More => form.step(true),
        Action::Toggle => form.toggle(),
        Action::Input(c) => {
            if let Some(d) = c.to_digit(10) {
                form.digit(d);
            }
        }
        Action::DeleteChar => form.backspace(),
        // The form says what is wrong; Enter waits until it is right.
        Action::Submit if form.problem().is_some() => {}
        Action::Submit => {
            app.mode = Mode::Board;
            let (before, draft) = (form.current, form.draft);
            if app.apply("change the capacity", PlanEdit::Capacity(draft)) {
                let mut text = format!(
                    "Capacity now {} apps ({} stateful) a wave, a pilot of {} up to {}; {} undoes it",
                    draft.max_apps,
                    draft.max_stateful,
                    draft.pilot,
                    draft.pilot_max_criticality,
                    app.keymap.hint(Action::Undo).unwrap_or_default()
                );
                if draft.stateful != before.stateful {
                    text.push_str(&format!("; stateful: {}", stateful_states(&draft)));
                }
                app.info(text);
            } else {
                app.info("The capacity is unchanged");
            }
            return;
        }
        Action::Cancel => {
            app.mode = Mode::Board;
            app.info("The capacity is unchanged");
            return;
        }
        _ => {}
    }
    app.mode = Mode::Capacity(form);
}

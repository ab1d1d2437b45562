//! The mouse on the board: a click focuses a column (and selects a card), the wheel scrolls
//! it, a card dragged to another column moves there.

use super::{app_id, wave_name};
use crate::analysis::PlanEdit;
use crate::tui::app::App;

/// A card dragged from column `from` onto column `column`: the selected app (the card the drag
/// started on) moves to that column's wave (Unplanned: out of the plan).
pub(super) fn drop_card(app: &mut App<'_>, from: usize, column: usize) {
    if from == column || from != app.focus {
        return;
    }
    let Some(a) = app.selected() else { return };
    let id = app_id(app, a);
    let to = app.columns.get(column).and_then(|c| c.wave);
    if to.is_some() && !app.graph().is_movable(a) {
        app.error(format!("{id} never moves; it stays on the legacy estate"));
        return;
    }
    let target = match to {
        Some(w) => wave_name(app, w),
        None => "Unplanned".to_string(),
    };
    let edit = PlanEdit::move_to(app.plan(), a, to);
    if app.apply(format!("move {id} to {target}"), edit) {
        app.select_app(a);
        let ease = app.session.scores(a).ease;
        super::say_with_breaks(app, format!("Moved {id} to {target}"), ease, &[a], to);
    }
}

/// A click on column `column`, on row `row` of its cards when on one.
pub(super) fn click(app: &mut App<'_>, column: usize, row: Option<usize>) {
    app.set_focus(column);
    if let Some(row) = row {
        app.set_cursor(row);
    }
}

/// The wheel turned over column `column`: three cards down (or up).
pub(super) fn wheel(app: &mut App<'_>, column: usize, down: bool) {
    app.set_focus(column);
    let cursor = app.cursor(app.focus);
    app.set_cursor(if down {
        cursor + 3
    } else {
        cursor.saturating_sub(3)
    });
}

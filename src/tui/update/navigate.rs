//! Getting around a large plan: the dependency view that follows a link (`Enter`) and goes
//! back (`Esc`, `Backspace`), the jump to an app or a wave by name (`:`), a wave's notes, and a
//! card dragged to another column with the mouse.

use super::{PAGE, app_id, wave_name};
use crate::analysis::PlanEdit;
use crate::diagnostic::printable;
use crate::graph::AppIx;
use crate::tui::action::Action;
use crate::tui::app::{App, Mode, TextInput};

/// The dependency view: choose a link, follow it, go back.
pub(super) fn dependencies(
    app: &mut App<'_>,
    action: Action,
    scroll: usize,
    chosen: usize,
    mut trail: Vec<AppIx>,
) {
    let links: Vec<AppIx> = app
        .detail
        .as_ref()
        .map(|d| d.needs.iter().chain(&d.needed_by).map(|l| l.app).collect())
        .unwrap_or_default();
    let last = links.len().saturating_sub(1);
    let chosen = match action {
        Action::ScrollUp => chosen.saturating_sub(1),
        Action::ScrollDown => (chosen + 1).min(last),
        Action::PageUp => chosen.saturating_sub(PAGE),
        Action::PageDown => (chosen + PAGE).min(last),
        Action::Submit => {
            let Some(&to) = links.get(chosen) else {
                app.error("Nothing to follow: the app has no dependency and no dependent");
                return;
            };
            if let Some(from) = app.selected() {
                trail.push(from);
            }
            show_app(app, to);
            app.mode = Mode::Dependencies {
                scroll: 0,
                chosen: 0,
                trail,
            };
            return;
        }
        Action::Back => match trail.pop() {
            Some(previous) => {
                show_app(app, previous);
                app.mode = Mode::Dependencies {
                    scroll: 0,
                    chosen: 0,
                    trail,
                };
                return;
            }
            None => {
                app.mode = Mode::Board;
                return;
            }
        },
        Action::Close => {
            app.mode = Mode::Board;
            return;
        }
        _ => chosen,
    };
    app.mode = Mode::Dependencies {
        scroll,
        chosen,
        trail,
    };
}

/// Select `a` on the board, in its column; a filter that hides it is cleared first.
fn show_app(app: &mut App<'_>, a: AppIx) {
    app.select_app(a);
    if app.selected() != Some(a) && !app.filter.is_empty() {
        app.set_filter(String::new());
        app.select_app(a);
    }
}

pub(super) fn open_notes(app: &mut App<'_>) {
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

pub(super) fn notes(app: &mut App<'_>, action: Action, wave: usize, mut text: TextInput) {
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

/// What a jump's text names: an app (by id, then by name; exact before a prefix before a part)
/// or a wave (by its label, or its number).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Target {
    App(AppIx),
    Wave(usize),
}

pub fn find_target(app: &App<'_>, text: &str) -> Option<Target> {
    let needle = text.trim().to_lowercase();
    if needle.is_empty() {
        return None;
    }
    let plan = &app.plan();
    let number = needle
        .strip_prefix("wave")
        .unwrap_or(&needle)
        .trim()
        .parse::<usize>()
        .ok();
    let waves = plan.wave_count();
    if let Some(w) = (0..waves).find(|&w| plan.label(w).to_lowercase() == needle) {
        return Some(Target::Wave(w));
    }
    let apps = &app.portfolio().apps;
    if let Some(a) = app.graph().find(text.trim()) {
        return Some(Target::App(a));
    }
    if let Some(n) = number.filter(|&n| (1..=waves).contains(&n)) {
        return Some(Target::Wave(n - 1));
    }
    let lower = |s: &str| s.to_lowercase();
    let best = |test: &dyn Fn(&str) -> bool| {
        (0..apps.len())
            .filter(|&a| {
                test(&lower(&apps[a].id))
                    || apps[a].name.as_deref().is_some_and(|n| test(&lower(n)))
            })
            .min_by(|&x, &y| {
                apps[x]
                    .id
                    .len()
                    .cmp(&apps[y].id.len())
                    .then(apps[x].id.cmp(&apps[y].id))
            })
    };
    if let Some(a) = best(&|s| s == needle) {
        return Some(Target::App(a));
    }
    if let Some(w) = (0..waves).find(|&w| plan.label(w).to_lowercase().starts_with(&needle)) {
        return Some(Target::Wave(w));
    }
    best(&|s| s.starts_with(&needle))
        .or_else(|| best(&|s| s.contains(&needle)))
        .map(Target::App)
}

pub(super) fn jump(app: &mut App<'_>, action: Action, mut text: TextInput) {
    if text.apply(action) {
        app.mode = Mode::Jump { text };
        return;
    }
    match action {
        Action::Submit => {
            app.mode = Mode::Board;
            go_to(app, &text);
        }
        Action::Cancel => app.mode = Mode::Board,
        _ => {}
    }
}

/// Jump to what `text` names; says where it went, or that nothing has that name.
pub(super) fn go_to(app: &mut App<'_>, text: &str) -> bool {
    match find_target(app, text) {
        Some(Target::App(a)) => {
            show_app(app, a);
            let place = match app.plan().wave_of(a) {
                Some(w) => wave_name(app, w),
                None => "Unplanned".to_string(),
            };
            app.info(format!("{} in {place}", app_id(app, a)));
            true
        }
        Some(Target::Wave(w)) => {
            app.set_focus(w + 1);
            let name = wave_name(app, w);
            let held = app.plan().waves()[w].apps.len();
            app.info(format!(
                "{name}: {held} app{}",
                if held == 1 { "" } else { "s" }
            ));
            true
        }
        None => {
            app.error(format!(
                "No app or wave is named \"{}\"",
                printable(text.trim())
            ));
            false
        }
    }
}

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
        app.info(format!(
            "Moved {id} to {target} (ease {})",
            app.session.scores(a).ease
        ));
    }
}

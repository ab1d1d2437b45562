//! `update`: carry out one action on the session. Edits go through `App::edit` (undoable, and
//! everything shown is brought up to date at once); I/O is returned as an `Effect` for the run
//! loop. No I/O happens here.

use super::action::{Action, Effect};
use super::app::{App, Confirm, Mode};
use super::export::ExportFormat;
use crate::analysis::planner;
use crate::diagnostic::printable;

/// Rows a page key moves.
const PAGE: usize = 10;

/// Longest wave name, filter or path typed into a prompt.
const MAX_INPUT: usize = 200;

/// Carry out `action`; what the run loop must then do, if anything. Everything shown is up to
/// date when it returns.
pub fn update(app: &mut App<'_>, action: Action) -> Option<Effect> {
    let effect = dispatch(app, action);
    app.sync();
    effect
}

fn dispatch(app: &mut App<'_>, action: Action) -> Option<Effect> {
    match app.mode.clone() {
        Mode::Board => {
            app.message = None;
            board(app, action)
        }
        Mode::Help { scroll } => {
            overlay(app, action, scroll);
            None
        }
        Mode::Dependencies { scroll } => {
            overlay(app, action, scroll);
            None
        }
        Mode::Filter { .. } => {
            filter(app, action);
            None
        }
        Mode::Rename { wave, text } => {
            rename(app, action, wave, text);
            None
        }
        Mode::Confirm(question) => confirm(app, action, question),
        Mode::ExportMenu { selected } => {
            export_menu(app, action, selected);
            None
        }
        Mode::ExportPath { format, text } => export_path(app, action, format, text),
    }
}

fn board(app: &mut App<'_>, action: Action) -> Option<Effect> {
    let cursor = app.cursor(app.focus);
    match action {
        Action::FocusPrev if app.focus > 0 => app.set_focus(app.focus - 1),
        Action::FocusNext => app.set_focus(app.focus + 1),
        Action::SelectPrev => app.set_cursor(cursor.saturating_sub(1)),
        Action::SelectNext => app.set_cursor(cursor + 1),
        Action::PageUp => app.set_cursor(cursor.saturating_sub(PAGE)),
        Action::PageDown => app.set_cursor(cursor + PAGE),
        Action::SelectFirst => app.set_cursor(0),
        Action::SelectLast => app.set_cursor(usize::MAX),
        Action::MoveAppPrev => move_app(app, false),
        Action::MoveAppNext => move_app(app, true),
        Action::WaveEarlier => move_wave(app, false),
        Action::WaveLater => move_wave(app, true),
        Action::NewWave => new_wave(app),
        Action::RenameWave => match app.focused_wave() {
            Some(wave) => {
                let text = app.plan.label(wave);
                app.mode = Mode::Rename { wave, text };
            }
            None => app.error("Unplanned is not a wave; focus a wave to rename it"),
        },
        Action::DeleteWave => delete_wave(app),
        Action::Pull(n) => pull(app, n),
        Action::AutoPlan => app.mode = Mode::Confirm(Confirm::AutoPlan),
        Action::Undo => match app.undo() {
            Some(label) => app.info(format!("Undone: {}", printable(&label))),
            None => app.error("Nothing to undo"),
        },
        Action::Redo => match app.redo() {
            Some(label) => app.info(format!("Redone: {}", printable(&label))),
            None => app.error("Nothing to redo"),
        },
        Action::Filter => {
            app.mode = Mode::Filter {
                before: app.filter.clone(),
            }
        }
        Action::ClearFilter if !app.filter.is_empty() => {
            app.set_filter(String::new());
            app.info("Filter cleared");
        }
        Action::Dependencies => match app.selected() {
            Some(_) => app.mode = Mode::Dependencies { scroll: 0 },
            None => app.error("No app selected"),
        },
        Action::Save => return Some(Effect::Save { then_quit: false }),
        Action::Export => app.mode = Mode::ExportMenu { selected: 0 },
        Action::Help => app.mode = Mode::Help { scroll: 0 },
        Action::Quit if app.is_dirty() => app.mode = Mode::Confirm(Confirm::Quit),
        Action::Quit => return Some(Effect::Quit),
        Action::Click { column, row } => {
            app.set_focus(column);
            if let Some(row) = row {
                app.set_cursor(row);
            }
        }
        Action::Wheel { column, down } => {
            app.set_focus(column);
            let cursor = app.cursor(app.focus);
            app.set_cursor(if down {
                cursor + 3
            } else {
                cursor.saturating_sub(3)
            });
        }
        _ => {}
    }
    None
}

fn app_id(app: &App<'_>, a: usize) -> String {
    printable(&app.portfolio().apps[a].id).into_owned()
}

fn wave_name(app: &App<'_>, w: usize) -> String {
    printable(&app.plan.label(w)).into_owned()
}

fn move_app(app: &mut App<'_>, forward: bool) {
    let Some(a) = app.selected() else {
        app.error("No app selected");
        return;
    };
    let id = app_id(app, a);
    let waves = app.plan.wave_count();
    let to = match (app.plan.wave_of(a), forward) {
        (None, false) => {
            app.error(format!("{id} is already unplanned"));
            return;
        }
        (Some(0), false) => None,
        (Some(w), false) => Some(w - 1),
        (None, true) => Some(0),
        (Some(w), true) if w + 1 < waves => Some(w + 1),
        (Some(w), true) => {
            app.error(format!(
                "{id} is in the last wave, {}; press {} to add a wave",
                wave_name(app, w),
                app.keymap.hint(Action::NewWave).unwrap_or_default()
            ));
            return;
        }
    };
    if to.is_some() && !app.graph().is_movable(a) {
        let why = app.portfolio().apps[a]
            .never_moves_because()
            .unwrap_or("it never moves");
        app.error(format!(
            "{id} never moves ({why}); it stays on the legacy estate"
        ));
        return;
    }
    let target = match to {
        Some(w) if w < waves => wave_name(app, w),
        Some(_) => "Wave 1".to_string(),
        None => "Unplanned".to_string(),
    };
    let label = format!("move {id} to {target}");
    app.edit(label, |plan| {
        if to == Some(0) && plan.wave_count() == 0 {
            plan.insert_wave(0, "Wave 1");
        }
        plan.move_app(a, to)
    });
    app.select_app(a);
    let ease = app.analysis.scores[a].ease;
    app.info(format!("Moved {id} to {target} (ease {ease})"));
}

fn move_wave(app: &mut App<'_>, later: bool) {
    let Some(w) = app.focused_wave() else {
        app.error("Unplanned is not a wave; focus a wave to move it");
        return;
    };
    let other = if later {
        w + 1
    } else {
        match w.checked_sub(1) {
            Some(o) => o,
            None => {
                app.error(format!("{} is already the first wave", wave_name(app, w)));
                return;
            }
        }
    };
    if other >= app.plan.wave_count() {
        app.error(format!("{} is already the last wave", wave_name(app, w)));
        return;
    }
    let name = wave_name(app, w);
    let label = format!("move {name} {}", if later { "later" } else { "earlier" });
    if app.edit(label, |plan| plan.swap_waves(w, other)) {
        app.set_focus(other + 1);
        app.info(format!(
            "{name} is now wave {} of {}",
            other + 1,
            app.plan.wave_count()
        ));
    }
}

fn new_wave(app: &mut App<'_>) {
    let at = app.focused_wave().map_or(0, |w| w + 1);
    // "Wave N" by position, or the next number no other wave is called.
    let taken = |name: &str| app.plan.waves().iter().any(|w| w.name == name);
    let name = (at + 1..)
        .map(|k| format!("Wave {k}"))
        .find(|n| !taken(n))
        .unwrap_or_default();
    if app.edit(format!("add {name}"), |plan| {
        plan.insert_wave(at, name.clone())
    }) {
        app.set_focus(at + 1);
        app.info(format!(
            "Added {name}; {} renames it",
            app.keymap.hint(Action::RenameWave).unwrap_or_default()
        ));
    }
}

fn delete_wave(app: &mut App<'_>) {
    let Some(w) = app.focused_wave() else {
        app.error("Unplanned is not a wave; focus an empty wave to delete it");
        return;
    };
    let name = wave_name(app, w);
    let held = app.plan.waves()[w].apps.len();
    if held > 0 {
        app.error(format!(
            "{name} holds {held} app{}; move them out before deleting it",
            if held == 1 { "" } else { "s" }
        ));
        return;
    }
    if app.edit(format!("delete {name}"), |plan| plan.remove_wave(w)) {
        app.set_focus(app.focus);
        app.info(format!("Deleted {name}"));
    }
}

fn pull(app: &mut App<'_>, n: u8) {
    let target = app.target_wave();
    let Some(rec) = app
        .recommendations
        .get(usize::from(n).saturating_sub(1))
        .cloned()
    else {
        let text = if app.recommendations.is_empty() {
            "No recommendations: every movable app is in this wave or an earlier one".to_string()
        } else {
            format!(
                "There is no recommendation {n}; there are {}",
                app.recommendations.len()
            )
        };
        app.error(text);
        return;
    };
    let ids: Vec<String> = rec.apps.iter().map(|&a| app_id(app, a)).collect();
    let target_name = if target < app.plan.wave_count() {
        wave_name(app, target)
    } else {
        "Wave 1".to_string()
    };
    let label = format!("pull {} into {target_name}", ids.join(", "));
    let focused = app.focused_wave();
    let changed = app.edit(label, |plan| {
        if target >= plan.wave_count() {
            plan.insert_wave(plan.wave_count(), "Wave 1");
        }
        let mut changed = false;
        for &a in &rec.apps {
            changed |= plan.move_app(a, Some(target));
        }
        changed
    });
    if changed {
        if focused == Some(target) {
            app.select_app(rec.lead);
        }
        app.info(format!(
            "Pulled {} into {target_name} (ease {})",
            ids.join(", "),
            rec.ease
        ));
    }
}

fn overlay(app: &mut App<'_>, action: Action, scroll: usize) {
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
        Mode::Help { scroll: s } | Mode::Dependencies { scroll: s } => *s = scroll,
        _ => {}
    }
}

/// Edit `text` by a text action; returns false when the action is not an edit.
fn edit_text(text: &mut String, action: Action) -> bool {
    match action {
        Action::Input(c) if text.chars().count() < MAX_INPUT && !c.is_control() => text.push(c),
        Action::Input(_) => {}
        Action::DeleteChar => {
            text.pop();
        }
        Action::ClearInput => text.clear(),
        _ => return false,
    }
    true
}

fn filter(app: &mut App<'_>, action: Action) {
    let mut text = app.filter.clone();
    if edit_text(&mut text, action) {
        app.set_filter(text);
        return;
    }
    match action {
        Action::Submit => {
            app.mode = Mode::Board;
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

fn rename(app: &mut App<'_>, action: Action, wave: usize, mut text: String) {
    if edit_text(&mut text, action) {
        app.mode = Mode::Rename { wave, text };
        return;
    }
    match action {
        Action::Submit => {
            let name = text.trim().to_string();
            if name.is_empty() {
                app.error("A wave needs a name; Esc keeps the old one");
                return;
            }
            app.mode = Mode::Board;
            let old = wave_name(app, wave);
            let label = format!("rename {old} to {}", printable(&name));
            if app.edit(label, |plan| plan.rename_wave(wave, name.clone())) {
                app.info(format!("Renamed {old} to {}", printable(&name)));
            }
        }
        Action::Cancel => app.mode = Mode::Board,
        _ => {}
    }
}

fn confirm(app: &mut App<'_>, action: Action, question: Confirm) -> Option<Effect> {
    match (question, action) {
        (Confirm::AutoPlan, Action::Yes) => {
            app.mode = Mode::Board;
            let auto = planner::auto_plan(&app.scorer, &app.capacity);
            let plan = auto.plan;
            if app.edit("automatic plan", |p| {
                let changed = *p != plan;
                *p = plan;
                changed
            }) {
                app.set_focus(1);
                let mut text = format!(
                    "Automatic plan: {} apps in {} waves, hybrid cost {}; {} undoes it",
                    app.analysis.planned,
                    app.plan.wave_count(),
                    app.analysis.hybrid.total,
                    app.keymap.hint(Action::Undo).unwrap_or_default()
                );
                if !auto.oversized.is_empty() {
                    text.push_str(&format!(
                        "; {} cycle group(s) too big for a wave got a wave of their own",
                        auto.oversized.len()
                    ));
                }
                app.info(text);
            } else {
                app.info("The automatic plan is the plan you have");
            }
            None
        }
        (Confirm::Quit, Action::Yes) => Some(Effect::Quit),
        (Confirm::Quit, Action::SaveAndQuit) => {
            app.mode = Mode::Board;
            Some(Effect::Save { then_quit: true })
        }
        (_, Action::No) => {
            app.mode = Mode::Board;
            None
        }
        _ => None,
    }
}

fn export_menu(app: &mut App<'_>, action: Action, selected: usize) {
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
            text: super::export::default_path(&app.ws.export_base, format),
        };
    }
}

fn export_path(
    app: &mut App<'_>,
    action: Action,
    format: ExportFormat,
    mut text: String,
) -> Option<Effect> {
    if edit_text(&mut text, action) {
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
            })
        }
        Action::Cancel => {
            app.mode = Mode::Board;
            None
        }
        _ => None,
    }
}

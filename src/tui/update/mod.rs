//! `update`: carry out one action on the board. Edits go through `App::apply` and its kin, which
//! make them on the plan session (undoable) and bring the columns up to date at once; I/O is returned as an `Effect` for the run
//! loop. No I/O happens here.

mod drag;
mod locks;
mod paste;

use super::action::{Action, Effect};
use super::app::{App, Confirm, Mode};
use super::overlay::{
    capacity, changes, chart, confirm, dependencies, export, filter, findings, help, jump, rename,
};
use crate::analysis::PlanEdit;
use crate::analysis::wave_plan::PlannedWave;
use crate::diagnostic::printable;
use crate::graph::AppIx;

/// Rows a page key moves.
pub(crate) const PAGE: usize = 10;

/// Carry out `action`; what the run loop must then do, if anything. Everything shown is up to
/// date when it returns.
pub fn update(app: &mut App<'_>, action: Action) -> Option<Effect> {
    let effect = dispatch(app, action);
    app.sync();
    effect
}

/// Text pasted into the terminal: for the open prompt, never keys (see `prompts::paste`).
pub fn paste(app: &mut App<'_>, text: &str) {
    paste::paste(app, text);
    app.sync();
}

/// Whether `action` may act while the terminal is too small to show the board: only quitting
/// (and answering the quit question, which the small screen shows), never an unseen edit.
pub fn acts_on_a_small_screen(app: &App<'_>, action: Action) -> bool {
    action == Action::Quit || app.mode == Mode::Confirm(Confirm::Quit)
}

fn dispatch(app: &mut App<'_>, action: Action) -> Option<Effect> {
    match app.mode.clone() {
        Mode::Board => {
            app.message = None;
            return board(app, action);
        }
        Mode::Confirm(question) => return confirm::update(app, action, question),
        Mode::ExportPath { format, text } => return export::path(app, action, format, text),
        Mode::Chart => chart::update(app, action),
        Mode::Help { scroll } | Mode::Changes { scroll } => help::scroll(app, action, scroll),
        Mode::Findings(state) => findings::update(app, action, state),
        Mode::Dependencies {
            scroll,
            chosen,
            trail,
        } => dependencies::update(app, action, scroll, chosen, trail),
        Mode::Notes { wave, text } => rename::notes(app, action, wave, text),
        Mode::Jump { text } => jump::update(app, action, text),
        Mode::Capacity(form) => capacity::update(app, action, form),
        Mode::Filter { text, .. } => filter::update(app, action, text),
        Mode::Rename { wave, text } => rename::rename(app, action, wave, text),
        Mode::ExportMenu { selected } => export::menu(app, action, selected),
    }
    None
}

fn board(app: &mut App<'_>, action: Action) -> Option<Effect> {
    // A hand edit of a locked wave asks first.
    if let Some(wave) = locks::locked_wave_touched(app, action) {
        app.mode = Mode::Confirm(Confirm::Locked { wave, action });
        return None;
    }
    act(app, action)
}

/// Carry out a board action, without asking about locked waves.
pub(crate) fn act(app: &mut App<'_>, action: Action) -> Option<Effect> {
    let cursor = app.cursor(app.focus);
    match action {
        Action::FocusPrev => {
            app.focus_step(false);
        }
        Action::FocusNext => {
            app.focus_step(true);
        }
        Action::FocusFirst => app.set_focus(0),
        Action::FocusLast => focus_last(app),
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
        Action::RenameWave => rename::open_rename(app),
        Action::DeleteWave => delete_wave(app),
        Action::WaveNotes => rename::open_notes(app),
        Action::Jump => jump::open(app),
        Action::Drop { from, column } => drag::drop_card(app, from, column),
        Action::Pull(n) => pull(app, n),
        Action::AutoPlan => app.mode = Mode::Confirm(Confirm::AutoPlan),
        Action::Capacity => capacity::open(app),
        Action::LockWave => locks::lock(app),
        Action::PinApp => locks::pin(app),
        Action::Undo => undo(app, true),
        Action::Redo => undo(app, false),
        Action::Filter => filter::open(app),
        Action::ClearFilter if !app.filter.is_empty() => {
            app.set_filter(String::new());
            app.info("Filter cleared");
        }
        Action::Dependencies => dependencies::open(app),
        Action::Findings => findings::open(app),
        Action::Changes => changes::open(app),
        Action::Save => {
            return Some(Effect::Save {
                then_quit: false,
                force: false,
            });
        }
        Action::Export => export::open(app),
        Action::Chart => app.mode = Mode::Chart,
        Action::Help => app.mode = Mode::Help { scroll: 0 },
        Action::Quit if app.session.is_dirty() => app.mode = Mode::Confirm(Confirm::Quit),
        Action::Quit => return Some(Effect::Quit),
        Action::Click { column, row } => drag::click(app, column, row),
        Action::Wheel { column, down } => drag::wheel(app, column, down),
        _ => {}
    }
    None
}

/// Focus the last wave; under a filter, the last wave with a match.
fn focus_last(app: &mut App<'_>) {
    let last = (0..app.columns.len())
        .rev()
        .find(|&c| c == 0 || app.filter.is_empty() || !app.columns[c].apps.is_empty())
        .unwrap_or(0);
    app.set_focus(last);
}

/// Take back the last edit (`back`), or do again the last taken back, and say which.
fn undo(app: &mut App<'_>, back: bool) {
    let (done, verb, none) = if back {
        (app.undo(), "Undone", "Nothing to undo")
    } else {
        (app.redo(), "Redone", "Nothing to redo")
    };
    match done {
        Some(label) => app.info(format!("{verb}: {}", printable(&label))),
        None => app.error(none),
    }
}

pub(crate) fn app_id(app: &App<'_>, a: usize) -> String {
    printable(&app.portfolio().apps[a].id).into_owned()
}

pub(crate) fn wave_name(app: &App<'_>, w: usize) -> String {
    printable(&app.plan().label(w)).into_owned()
}

/// Where `MoveAppPrev` / `MoveAppNext` takes the selected app: the app and its new wave
/// (`None`: unplanned; `Some(0)` with no wave at all: a first wave made with the move), or why
/// it cannot move.
fn move_target(app: &App<'_>, forward: bool) -> Result<(AppIx, Option<usize>), String> {
    let a = app.selected().ok_or("No app selected")?;
    let id = app_id(app, a);
    let waves = app.plan().wave_count();
    let to = match (app.plan().wave_of(a), forward) {
        (None, false) => return Err(format!("{id} is already unplanned")),
        (Some(0), false) => None,
        (Some(w), false) => Some(w - 1),
        (None, true) => Some(0),
        (Some(w), true) if w + 1 < waves => Some(w + 1),
        (Some(w), true) => {
            return Err(format!(
                "{id} is in the last wave, {}; press {} to add a wave",
                wave_name(app, w),
                app.keymap.hint(Action::NewWave).unwrap_or_default()
            ));
        }
    };
    if to.is_some() && !app.graph().is_movable(a) {
        let why = app.portfolio().apps[a]
            .never_moves_because()
            .unwrap_or("it never moves");
        return Err(format!(
            "{id} never moves ({why}); it stays on the legacy estate"
        ));
    }
    Ok((a, to))
}

fn move_app(app: &mut App<'_>, forward: bool) {
    let (a, to) = match move_target(app, forward) {
        Ok(target) => target,
        Err(why) => {
            app.error(why);
            return;
        }
    };
    let id = app_id(app, a);
    let waves = app.plan().wave_count();
    let target = match to {
        Some(w) if w < waves => wave_name(app, w),
        Some(_) => "Wave 1".to_string(),
        None => "Unplanned".to_string(),
    };
    let label = format!("move {id} to {target}");
    let mut edit = PlanEdit::move_to(app.plan(), a, to);
    if waves == 0 {
        // The first wave is made with the move.
        edit = PlanEdit::Batch(vec![new_wave_at(0), edit]);
    }
    app.apply(label, edit);
    app.select_app(a);
    let ease = app.session.scores(a).ease;
    let text = format!("Moved {id} to {target}");
    say_with_breaks(app, text, ease, &[a], to);
}

/// Say `text` about apps moved by hand into wave `wave`: with their ease, or with the first
/// rule of the plan the move broke (in the warning colour) when it broke one.
fn say_with_breaks(
    app: &mut App<'_>,
    text: String,
    ease: u32,
    apps: &[AppIx],
    wave: Option<usize>,
) {
    // A pinned app takes its pin along: the automatic plan keeps it in its new wave.
    let pinned = apps.len() == 1 && wave.is_some() && app.plan().is_pinned(apps[0]);
    let text = if pinned {
        format!("{text}, pinned there now")
    } else {
        text
    };
    match wave.and_then(|w| locks::first_break(app, apps, w)) {
        Some(broken) => app.warn(format!("{text}, breaking a rule: {broken}")),
        None => app.info(format!("{text} (ease {ease})")),
    }
}

/// A new unnamed wave at `at`: it goes by its place ("Wave N").
fn new_wave_at(at: usize) -> PlanEdit {
    PlanEdit::InsertWave {
        at,
        wave: PlannedWave::default(),
    }
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
    if other >= app.plan().wave_count() {
        app.error(format!("{} is already the last wave", wave_name(app, w)));
        return;
    }
    let name = wave_name(app, w);
    let label = format!("move {name} {}", if later { "later" } else { "earlier" });
    // Two empty unnamed waves swap to the same plan: no edit, but the focus still moves, with
    // the selected app (the wave's cards may sort anew: their scores follow the wave's place).
    let selected = app.selected();
    app.apply(label, PlanEdit::SwapWaves { a: w, b: other });
    app.set_focus(other + 1);
    if let Some(a) = selected {
        app.select_app(a);
    }
    app.info(format!(
        "{name} is now wave {} of {}",
        other + 1,
        app.plan().wave_count()
    ));
}

fn new_wave(app: &mut App<'_>) {
    let at = app.focused_wave().map_or(0, |w| w + 1);
    // No name: the wave shows as "Wave N" by its place, and renumbers when waves move.
    let name = format!("Wave {}", at + 1);
    if app.apply(format!("add {name}"), new_wave_at(at)) {
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
    let held = app.plan().waves()[w].apps.len();
    if held > 0 {
        app.error(format!(
            "{name} holds {held} app{}; move them out before deleting it",
            if held == 1 { "" } else { "s" }
        ));
        return;
    }
    if app.apply(format!("delete {name}"), PlanEdit::RemoveWave { at: w }) {
        app.set_focus(app.focus);
        app.info(format!("Deleted {name}"));
    }
}

fn pull(app: &mut App<'_>, n: u8) {
    let target = app.target_wave();
    let Some(rec) = app
        .session
        .recommendations()
        .get(usize::from(n).saturating_sub(1))
        .cloned()
    else {
        let text = if app.session.recommendations().is_empty() {
            "No recommendations: every movable app is in this wave or an earlier one".to_string()
        } else {
            format!(
                "There is no recommendation {n}; there are {}",
                app.session.recommendations().len()
            )
        };
        app.error(text);
        return;
    };
    let ids: Vec<String> = rec.apps.iter().map(|&a| app_id(app, a)).collect();
    let target_name = if target < app.plan().wave_count() {
        wave_name(app, target)
    } else {
        "Wave 1".to_string()
    };
    let label = format!("pull {} into {target_name}", ids.join(", "));
    let focused = app.focused_wave();
    let moves: Vec<(usize, Option<usize>)> = rec.apps.iter().map(|&a| (a, Some(target))).collect();
    let changed = if target < app.plan().wave_count() {
        app.edit_moves(label, &moves)
    } else {
        // No wave yet: the first wave is made with the pull.
        let mut edits = vec![new_wave_at(app.plan().wave_count())];
        edits.extend(
            moves
                .iter()
                .map(|&(a, to)| PlanEdit::move_to(app.plan(), a, to)),
        );
        app.apply(label, PlanEdit::Batch(edits))
    };
    if changed {
        if focused == Some(target) {
            app.select_app(rec.lead);
        }
        let text = format!("Pulled {} into {target_name}", ids.join(", "));
        say_with_breaks(app, text, rec.ease, &rec.apps, Some(target));
    }
}

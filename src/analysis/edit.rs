//! Reversible edits of a plan: applying an edit gives the edit that undoes it, so an undo
//! history keeps edits, not copies of the plan. Each edit is followed by the live analysis at
//! the cost of what it changes, and says what it changed (for a board's columns and for what
//! differs from the saved plan).

use crate::graph::AppIx;
use crate::model::Capacity;
use crate::score::Scorer;

use super::live::LiveAnalysis;
use super::wave_plan::{PlannedWave, WavePlan};

/// One edit of a plan.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PlanEdit {
    /// Put `app` into wave `to` (`None`: unplanned) at place `at` among its apps (`None`:
    /// last), pinned there or not.
    Move {
        app: AppIx,
        to: Option<usize>,
        at: Option<usize>,
        pinned: bool,
    },
    /// Insert `wave` (with no apps) at position `at`.
    InsertWave {
        at: usize,
        wave: PlannedWave,
    },
    /// Remove the empty wave `at`.
    RemoveWave {
        at: usize,
    },
    SwapWaves {
        a: usize,
        b: usize,
    },
    RenameWave {
        wave: usize,
        name: String,
    },
    /// Give wave `wave` notes (`None`: none).
    WaveNotes {
        wave: usize,
        notes: Option<String>,
    },
    Lock {
        wave: usize,
        locked: bool,
    },
    Pin {
        app: AppIx,
        pinned: bool,
    },
    Capacity(Capacity),
    /// Make the plan another one as a whole (an automatic plan, a plan read again).
    Replace(Box<WavePlan>),
    /// Several edits as one, in order.
    Batch(Vec<PlanEdit>),
}

/// What an edit changed, step by step (wave numbers as they were at that step).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Change {
    /// An app moved from wave `from` to wave `to` (`None`: unplanned), or to another place in
    /// its wave.
    Moved {
        app: AppIx,
        from: Option<usize>,
        to: Option<usize>,
    },
    WaveInserted(usize),
    WaveRemoved(usize),
    WavesSwapped(usize, usize),
    /// A wave's name or lock changed.
    WaveChanged(usize),
    Pinned(AppIx),
    Capacity,
    Replaced,
}

impl PlanEdit {
    /// Move `app` to wave `to` as a hand move does: last in the wave, keeping its pin (an
    /// unplanned app has none).
    pub fn move_to(plan: &WavePlan, app: AppIx, to: Option<usize>) -> PlanEdit {
        PlanEdit::Move {
            app,
            to,
            at: None,
            pinned: to.is_some() && plan.is_pinned(app),
        }
    }
}

/// Apply `edit` to `plan` and bring `live` up to date with it, noting what changed in
/// `changes`. Returns the edit that undoes it, or `None` when it changed nothing.
pub fn apply(
    edit: PlanEdit,
    plan: &mut WavePlan,
    live: &mut LiveAnalysis,
    scorer: &Scorer<'_>,
    changes: &mut Vec<Change>,
) -> Option<PlanEdit> {
    match edit {
        PlanEdit::Batch(edits) => apply_batch(edits, plan, live, scorer, changes),
        PlanEdit::Move { app, .. } => {
            let back = apply_move(edit, plan, changes)?;
            live.app_moved(scorer, plan, app);
            Some(back)
        }
        PlanEdit::InsertWave { .. } | PlanEdit::RemoveWave { .. } | PlanEdit::SwapWaves { .. } => {
            reorder_waves(edit, plan, live, scorer, changes)
        }
        PlanEdit::RenameWave { wave, name } => {
            let old = plan.waves().get(wave)?.name.clone();
            if old == name || !plan.rename_wave(wave, name) {
                return None;
            }
            live.wave_renamed(scorer, plan);
            changes.push(Change::WaveChanged(wave));
            Some(PlanEdit::RenameWave { wave, name: old })
        }
        PlanEdit::WaveNotes { wave, notes } => {
            let old = plan.waves().get(wave)?.notes.clone();
            // Notes weigh in no score or finding: only the plan and its saved state follow.
            if !plan.set_notes(wave, notes) {
                return None;
            }
            changes.push(Change::WaveChanged(wave));
            Some(PlanEdit::WaveNotes { wave, notes: old })
        }
        PlanEdit::Lock { wave, locked } => {
            if !plan.set_locked(wave, locked) {
                return None;
            }
            live.lock_changed(scorer, plan, wave);
            changes.push(Change::WaveChanged(wave));
            Some(PlanEdit::Lock {
                wave,
                locked: !locked,
            })
        }
        PlanEdit::Pin { app, pinned } => {
            if !plan.set_pinned(app, pinned) {
                return None;
            }
            live.pin_changed(scorer, plan, app);
            changes.push(Change::Pinned(app));
            Some(PlanEdit::Pin {
                app,
                pinned: !pinned,
            })
        }
        PlanEdit::Capacity(capacity) => {
            let old = *plan.capacity();
            if !plan.set_capacity(capacity) {
                return None;
            }
            live.capacity_changed(scorer, plan);
            changes.push(Change::Capacity);
            Some(PlanEdit::Capacity(old))
        }
        PlanEdit::Replace(new) => {
            if *plan == *new {
                return None;
            }
            let old = std::mem::replace(plan, *new);
            live.rebuild(scorer, plan);
            changes.push(Change::Replaced);
            Some(PlanEdit::Replace(Box::new(old)))
        }
    }
}

/// Apply the edits of a batch in order; a run of moves is followed by the live analysis as
/// one edit. Returns the batch that undoes them.
fn apply_batch(
    edits: Vec<PlanEdit>,
    plan: &mut WavePlan,
    live: &mut LiveAnalysis,
    scorer: &Scorer<'_>,
    changes: &mut Vec<Change>,
) -> Option<PlanEdit> {
    let mut undo = Vec::new();
    let mut moved = Vec::new();
    for edit in edits {
        let is_move = matches!(edit, PlanEdit::Move { .. });
        if !is_move && !moved.is_empty() {
            live.apps_moved(scorer, plan, &std::mem::take(&mut moved));
        }
        if let PlanEdit::Move { app, .. } = edit {
            // A run of moves is followed as one edit.
            if let Some(back) = apply_move(edit, plan, changes) {
                undo.push(back);
                moved.push(app);
            }
        } else if let Some(back) = apply(edit, plan, live, scorer, changes) {
            undo.push(back);
        }
    }
    if !moved.is_empty() {
        live.apps_moved(scorer, plan, &moved);
    }
    undo.reverse();
    (!undo.is_empty()).then_some(PlanEdit::Batch(undo))
}

/// Apply an edit of the order of the waves: a wave inserted, removed or swapped with another
/// (any other edit changes nothing here).
fn reorder_waves(
    edit: PlanEdit,
    plan: &mut WavePlan,
    live: &mut LiveAnalysis,
    scorer: &Scorer<'_>,
    changes: &mut Vec<Change>,
) -> Option<PlanEdit> {
    match edit {
        PlanEdit::InsertWave { at, wave } => {
            if !plan.insert_planned_wave(at, wave) {
                return None;
            }
            live.wave_inserted(scorer, plan, at);
            changes.push(Change::WaveInserted(at));
            Some(PlanEdit::RemoveWave { at })
        }
        PlanEdit::RemoveWave { at } => {
            let wave = plan.waves().get(at)?.clone();
            if !plan.remove_wave(at) {
                return None;
            }
            live.wave_removed(scorer, plan, at);
            changes.push(Change::WaveRemoved(at));
            Some(PlanEdit::InsertWave { at, wave })
        }
        PlanEdit::SwapWaves { a, b } => {
            // Two waves alike (empty and unnamed, say) swap to the same plan.
            if plan.waves().get(a)? == plan.waves().get(b)? || !plan.swap_waves(a, b) {
                return None;
            }
            live.waves_swapped(scorer, plan, a, b);
            changes.push(Change::WavesSwapped(a, b));
            Some(PlanEdit::SwapWaves { a, b })
        }
        _ => None,
    }
}

/// Apply a move to the plan only; the move that undoes it.
fn apply_move(edit: PlanEdit, plan: &mut WavePlan, changes: &mut Vec<Change>) -> Option<PlanEdit> {
    let PlanEdit::Move {
        app,
        to,
        at,
        pinned,
    } = edit
    else {
        return None;
    };
    if app >= plan.app_count() {
        return None;
    }
    let from = plan.wave_of(app);
    let place = plan.position(app);
    let was_pinned = plan.is_pinned(app);
    let stays = from == to && at.is_none_or(|at| Some(at) == place);
    if stays && was_pinned == pinned {
        return None;
    }
    if !stays {
        if !plan.place_app(app, to, at) {
            return None;
        }
        changes.push(Change::Moved { app, from, to });
    }
    plan.set_pinned(app, pinned);
    if plan.is_pinned(app) != was_pinned {
        changes.push(Change::Pinned(app));
    } else if stays {
        return None;
    }
    Some(PlanEdit::Move {
        app,
        to: from,
        at: place,
        pinned: was_pinned,
    })
}

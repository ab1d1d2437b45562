//! Locked waves and pinned apps on the board: `x` and `p` toggle them, a hand edit that would
//! change a locked wave asks first, and a hand move says which rule of the plan it broke.

use super::{app_id, move_target, wave_name};
use crate::analysis::PlanEdit;
use crate::analysis::rules::move_breaks;
use crate::graph::AppIx;
use crate::tui::action::Action;
use crate::tui::app::App;

/// The locked wave `action` would change, if any: an app moved into or out of it, a
/// recommendation pulled into it (or out of it, from a later wave), its name, its deletion, or
/// its place (reordering it, or adding or deleting a wave before it).
pub(super) fn locked_wave_touched(app: &App<'_>, action: Action) -> Option<usize> {
    let plan = &app.plan();
    let waves = plan.wave_count();
    let locked = |w: &usize| plan.is_locked(*w);
    let focused = app.focused_wave();
    match action {
        Action::MoveAppPrev | Action::MoveAppNext => {
            let (a, to) = move_target(app, action == Action::MoveAppNext).ok()?;
            [plan.wave_of(a), to].into_iter().flatten().find(locked)
        }
        Action::Pull(n) => {
            let rec = app
                .session
                .recommendations()
                .get(usize::from(n).checked_sub(1)?)?;
            std::iter::once(app.target_wave())
                .chain(rec.apps.iter().filter_map(|&a| plan.wave_of(a)))
                .filter(|&w| w < waves)
                .find(locked)
        }
        Action::WaveEarlier | Action::WaveLater => {
            let w = focused?;
            let other = if action == Action::WaveLater {
                w + 1
            } else {
                w.checked_sub(1)?
            };
            (other < waves).then_some(())?;
            [w, other].into_iter().find(locked)
        }
        Action::RenameWave => focused.filter(locked),
        Action::Drop { from, column } => {
            let a = app
                .selected()
                .filter(|_| from == app.focus && from != column)?;
            let to = app.columns.get(column)?.wave;
            [plan.wave_of(a), to].into_iter().flatten().find(locked)
        }
        Action::DeleteWave => {
            let w = focused?;
            // A wave with apps is not deleted at all; one before a locked wave moves it.
            plan.waves()[w].apps.is_empty().then_some(())?;
            (w..waves).find(locked)
        }
        Action::NewWave => (focused.map_or(0, |w| w + 1)..waves).find(locked),
        _ => None,
    }
}

/// Lock the focused wave, or unlock it.
pub(super) fn lock(app: &mut App<'_>) {
    let Some(w) = app.focused_wave() else {
        app.error("Unplanned is not a wave; focus a wave to lock it");
        return;
    };
    let name = wave_name(app, w);
    let on = !app.plan().is_locked(w);
    let label = format!("{} {name}", if on { "lock" } else { "unlock" });
    app.apply(
        label,
        PlanEdit::Lock {
            wave: w,
            locked: on,
        },
    );
    let key = app.keymap.hint(Action::LockWave).unwrap_or_default();
    app.info(if on {
        format!(
            "Locked {name}: the automatic plan keeps it as it is, and edits to it ask first; {key} unlocks it"
        )
    } else {
        format!("Unlocked {name}: the automatic plan may change it")
    });
}

/// Pin the selected app to its wave, or take its pin off.
pub(super) fn pin(app: &mut App<'_>) {
    let Some(a) = app.selected() else {
        app.error("No app selected");
        return;
    };
    let id = app_id(app, a);
    let Some(w) = app.plan().wave_of(a) else {
        app.error(format!(
            "{id} is unplanned; only an app in a wave can be pinned to it"
        ));
        return;
    };
    let name = wave_name(app, w);
    let on = !app.plan().is_pinned(a);
    let label = if on {
        format!("pin {id} to {name}")
    } else {
        format!("unpin {id}")
    };
    app.apply(label, PlanEdit::Pin { app: a, pinned: on });
    let key = app.keymap.hint(Action::PinApp).unwrap_or_default();
    app.info(if on {
        format!("Pinned {id} to {name}: the automatic plan keeps it there; {key} unpins it")
    } else {
        format!("Unpinned {id}: the automatic plan may move it")
    });
}

/// The first rule of the plan that `apps`, now in wave `wave`, break there (with how many more
/// they break), judged with the rest of the wave as its load.
pub(super) fn first_break(app: &App<'_>, apps: &[AppIx], wave: usize) -> Option<String> {
    let figures = (wave < app.plan().wave_count()).then(|| app.session.wave_figures(wave))?;
    let capacity = app.plan().capacity();
    let stateful = apps
        .iter()
        .filter(|&&a| capacity.is_stateful(&app.portfolio().apps[a]))
        .count();
    let load = (
        figures.apps.saturating_sub(apps.len()),
        figures.stateful.saturating_sub(stateful),
    );
    let breaks = move_breaks(app.session.scorer(), app.plan(), apps, wave, load);
    let first = breaks.first()?.message(app.session.scorer(), app.plan());
    Some(match breaks.len() - 1 {
        0 => first,
        more => format!("{first} (and {more} more)"),
    })
}

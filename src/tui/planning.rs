//! The automatic plan on a background thread: the planner runs while the caller keeps the
//! screen current (its progress in `App::planning`) and may ask it to stop, which keeps the
//! best plan found so far. Its plan becomes the plan as one undoable edit, and the footer says
//! what it kept, its hybrid cost and how far from the best possible it may be.

use std::sync::atomic::{AtomicBool, AtomicU32, Ordering};
use std::sync::mpsc;
use std::time::Duration;

use super::action::Action;
use super::app::App;
use super::view::thousands;
use crate::analysis::planner::{self, AutoPlan, Options};

/// How often the caller's `tick` runs while the planner works.
pub const FRAME: Duration = Duration::from_millis(50);

/// Sets its flag when dropped during a panic.
struct StopOnUnwind<'a>(&'a AtomicBool);

impl Drop for StopOnUnwind<'_> {
    fn drop(&mut self) {
        if std::thread::panicking() {
            self.0.store(true, Ordering::Relaxed);
        }
    }
}

/// The planner at work, as the footer shows it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Planning {
    /// Progress in thousandths.
    pub permille: u32,
    /// A stop was asked for: the planner is finishing with the best plan so far.
    pub stopping: bool,
}

/// Run the planner on a background thread and make its plan the plan. `tick` runs at once and
/// then every `FRAME` until the planner is done, with `app.planning` current; it returns true
/// to stop the planner (the best plan so far is kept). A `tick` that never asks to stop makes
/// this a plain synchronous call: the board's tests plan through here too.
pub fn run(app: &mut App<'_>, mut tick: impl FnMut(&App<'_>) -> bool) {
    let cancel = AtomicBool::new(false);
    let progress = AtomicU32::new(0);
    let options = Options {
        cancel: Some(&cancel),
        progress: Some(&progress),
        ..Options::default()
    };
    app.planning = Some(Planning::default());
    let auto = std::thread::scope(|s| {
        let (done, result) = mpsc::channel();
        let (scorer, plan) = (app.session.scorer(), app.session.plan());
        s.spawn(move || {
            let _ = done.send(planner::replan(scorer, plan, &options));
        });
        // Should drawing panic, the planner stops at once rather than at its time limit (the
        // scope waits for it before the panic goes on).
        let _stop = StopOnUnwind(&cancel);
        loop {
            app.planning = Some(Planning {
                permille: progress.load(Ordering::Relaxed),
                stopping: cancel.load(Ordering::Relaxed),
            });
            if tick(app) {
                cancel.store(true, Ordering::Relaxed);
            }
            match result.recv_timeout(FRAME) {
                Ok(auto) => break Some(auto),
                Err(mpsc::RecvTimeoutError::Timeout) => {}
                // The planner panicked: the scope passes the panic on as it ends.
                Err(mpsc::RecvTimeoutError::Disconnected) => break None,
            }
        }
    });
    app.planning = None;
    if let Some(auto) = auto {
        apply(app, auto, cancel.load(Ordering::Relaxed));
    }
    // The run loop draws next: the detail and the recommendations follow the new plan.
    app.sync();
}

/// Make `auto`'s plan the plan, as one undoable edit, and say what it did (`cancelled`: the
/// user stopped it).
fn apply(app: &mut App<'_>, auto: AutoPlan, cancelled: bool) {
    let AutoPlan {
        plan,
        cut_groups,
        bound: _,
        kept,
        stopped,
        ..
    } = &auto;
    let new_plan = plan.clone();
    let kept_selection = app.selected();
    let changed = app.edit("automatic plan", |p| {
        let changed = *p != new_plan;
        *p = new_plan;
        changed
    });
    let cost = app.session.live().hybrid_total();
    let n = |n: usize| thousands(n as u64);
    let quality = match auto.gap_percent(cost) {
        Some(gap) if gap <= 0.0 => ", the best possible".to_string(),
        Some(gap) => format!(", at most {} above the best possible", percent(gap)),
        None => String::new(),
    };
    let plural =
        |k: usize, one: &str, many: &str| format!("{} {}", n(k), if k == 1 { one } else { many });
    let cost = thousands(cost);
    let mut text = if !changed {
        format!("The automatic plan is the plan you have: hybrid cost {cost}{quality}")
    } else {
        // The selected app stays selected, in its new wave.
        match kept_selection {
            Some(a) => app.select_app(a),
            None => app.set_focus(1),
        }
        format!(
            "{}: {} apps in {}, hybrid cost {cost}{quality}",
            match (cancelled, *stopped) {
                (true, _) => "Stopped early, the best plan so far",
                (false, true) => "Automatic plan (the best found in the time it had)",
                (false, false) => "Automatic plan",
            },
            n(app.session.live().planned()),
            plural(app.plan().wave_count(), "wave", "waves"),
        )
    };
    if kept.locked_waves > 0 || kept.pinned > 0 {
        text.push_str(&format!(
            "; kept {} and {} as they were",
            plural(kept.locked_waves, "locked wave", "locked waves"),
            plural(kept.pinned, "pinned app", "pinned apps"),
        ));
    }
    if !cut_groups.is_empty() {
        text.push_str(&format!(
            "; {} too big for a wave cut",
            plural(cut_groups.len(), "move group", "move groups")
        ));
    }
    if changed {
        text.push_str(&format!(
            "; {} undoes it",
            app.keymap.hint(Action::Undo).unwrap_or_default()
        ));
    }
    app.info(text);
}

/// A gap in percent: one decimal below 10%, whole above, never shown as 0.
fn percent(gap: f64) -> String {
    if gap < 10.0 {
        format!("{:.1}%", (gap * 10.0).ceil() / 10.0)
    } else {
        format!("{:.0}%", gap.ceil())
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn gaps_read_as_percents() {
        assert_eq!(super::percent(0.01), "0.1%");
        assert_eq!(super::percent(3.44), "3.5%");
        assert_eq!(super::percent(12.2), "13%");
    }
}

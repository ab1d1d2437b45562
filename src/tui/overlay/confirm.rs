//! The questions the board asks before it acts (the automatic plan, quitting with unsaved
//! changes, writing over a file, editing a locked wave, saving over a plan file changed on
//! disk): each with its keys as a table, what each answer does, and its popup.

use std::path::PathBuf;

use crossterm::event::KeyCode;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::Line;

use super::keys::{Binding, Does, Keys, Press, bind};
use super::prompt::{hint_line, popup};
use crate::diagnostic::printable;
use crate::tui::action::{Action, Effect};
use crate::tui::app::{App, Mode, TextInput};
use crate::tui::export::ExportFormat;
use crate::tui::update::wave_name;
use crate::tui::view::{clean, fit, wrap_text};

/// A question the board asks before it acts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Confirm {
    AutoPlan,
    Quit,
    /// The export target exists: write over it?
    Overwrite {
        format: ExportFormat,
        path: PathBuf,
    },
    /// `action` would change locked wave `wave` by hand: do it anyway?
    Locked {
        wave: usize,
        action: Action,
    },
    /// The plan file changed on disk since the board read it: overwrite it, save elsewhere or
    /// reload it? (`then_quit`: the save was to end the session.)
    Changed {
        then_quit: bool,
    },
}

/// `y` as `label`.
const fn yes(label: &'static str) -> Binding {
    bind(
        &[
            Press::Code(KeyCode::Char('y')),
            Press::Code(KeyCode::Char('Y')),
        ],
        Does::Act(Action::Yes),
        "y",
        label,
    )
    .shown(label)
}

/// `n`, `Esc` and `Ctrl+c` as `label`.
const fn no(keys: &'static str, label: &'static str) -> Binding {
    bind(
        &[
            Press::Code(KeyCode::Char('n')),
            Press::Code(KeyCode::Char('N')),
            Press::Code(KeyCode::Esc),
            Press::Ctrl('c'),
        ],
        Does::Act(Action::No),
        keys,
        label,
    )
    .hinted(keys, label)
}

/// `Enter`, answering yes.
const ENTER_YES: Binding = bind(
    &[Press::Code(KeyCode::Enter)],
    Does::Act(Action::Submit),
    "Enter",
    "the same as y",
);

const AUTO_PLAN: Keys = Keys {
    title: "Automatic plan?",
    groups: &[&[yes("replace the plan"), no("n", "keep it"), ENTER_YES]],
    board: &[],
};

const OVERWRITE: Keys = Keys {
    title: "Export over a file?",
    groups: &[&[yes("overwrite"), no("n", "keep the file"), ENTER_YES]],
    board: &[],
};

const LOCKED: Keys = Keys {
    title: "Edit a locked wave?",
    groups: &[&[yes("change it"), no("n", "leave it"), ENTER_YES]],
    board: &[],
};

const QUIT: Keys = Keys {
    title: "Quit with unsaved changes?",
    groups: &[&[
        bind(
            &[
                Press::Code(KeyCode::Char('s')),
                Press::Code(KeyCode::Char('S')),
            ],
            Does::Act(Action::SaveAndQuit),
            "s",
            "save and quit",
        )
        .shown("save and quit"),
        yes("quit without saving"),
        no("n/Esc", "stay"),
    ]],
    board: &[],
};

const CHANGED: Keys = Keys {
    title: "Plan file changed on disk",
    groups: &[&[
        bind(
            &[
                Press::Code(KeyCode::Char('o')),
                Press::Code(KeyCode::Char('O')),
            ],
            Does::Act(Action::Overwrite),
            "o",
            "overwrite it",
        )
        .shown("overwrite it"),
        bind(
            &[
                Press::Code(KeyCode::Char('e')),
                Press::Code(KeyCode::Char('E')),
            ],
            Does::Act(Action::SaveElsewhere),
            "e",
            "save elsewhere",
        )
        .shown("save elsewhere"),
        bind(
            &[
                Press::Code(KeyCode::Char('r')),
                Press::Code(KeyCode::Char('R')),
            ],
            Does::Act(Action::Reload),
            "r",
            "reload it",
        )
        .shown("reload it"),
        no("Esc", "cancel"),
    ]],
    board: &[],
};

/// Every question's keys, for the help.
pub const ALL_KEYS: [&Keys; 5] = [&AUTO_PLAN, &QUIT, &OVERWRITE, &LOCKED, &CHANGED];

/// The keys of `question`.
pub fn keys_of(question: &Confirm) -> Keys {
    match question {
        Confirm::AutoPlan => AUTO_PLAN,
        Confirm::Quit => QUIT,
        Confirm::Overwrite { .. } => OVERWRITE,
        Confirm::Locked { .. } => LOCKED,
        Confirm::Changed { .. } => CHANGED,
    }
}

/// Carry out `action` on the question `question`.
pub fn update(app: &mut App<'_>, action: Action, question: Confirm) -> Option<Effect> {
    // Enter answers yes, except where yes loses work: quitting without saving, writing over a
    // file someone changed.
    let action = match (&question, action) {
        (Confirm::Quit | Confirm::Changed { .. }, Action::Submit) => return None,
        (_, Action::Submit) => Action::Yes,
        _ => action,
    };
    match (question, action) {
        (Confirm::AutoPlan, Action::Yes) => {
            app.mode = Mode::Board;
            app.info("Planning…");
            Some(Effect::AutoPlan)
        }
        (Confirm::Quit, Action::Yes) => Some(Effect::Quit),
        (Confirm::Overwrite { format, path }, Action::Yes) => {
            app.mode = Mode::Board;
            Some(Effect::Export {
                format,
                path,
                overwrite: true,
            })
        }
        (Confirm::Overwrite { path, .. }, Action::No) => {
            app.mode = Mode::Board;
            app.info(format!(
                "Not exported; {} is unchanged",
                printable(&path.display().to_string())
            ));
            None
        }
        (Confirm::Locked { action, .. }, Action::Yes) => {
            app.mode = Mode::Board;
            crate::tui::update::act(app, action)
        }
        (Confirm::Locked { wave, .. }, Action::No) => {
            app.mode = Mode::Board;
            app.info(format!("{} stays as it is", wave_name(app, wave)));
            None
        }
        (Confirm::Quit, Action::SaveAndQuit) => {
            app.mode = Mode::Board;
            Some(Effect::Save {
                then_quit: true,
                force: false,
            })
        }
        (Confirm::Changed { then_quit }, Action::Overwrite) => {
            app.mode = Mode::Board;
            Some(Effect::Save {
                then_quit,
                force: true,
            })
        }
        (Confirm::Changed { .. }, Action::SaveElsewhere) => {
            app.mode = Mode::ExportPath {
                format: ExportFormat::Ron,
                text: TextInput::prefilled(elsewhere(&app.session.ws().plan_path)),
            };
            None
        }
        (Confirm::Changed { .. }, Action::Reload) => {
            app.mode = Mode::Board;
            Some(Effect::Reload)
        }
        (Confirm::Changed { .. }, Action::No) => {
            app.mode = Mode::Board;
            app.info(format!(
                "Not saved; {} is as someone left it, and the board's plan is unsaved",
                printable(&app.session.ws().plan_path.display().to_string())
            ));
            None
        }
        (_, Action::No) => {
            app.mode = Mode::Board;
            None
        }
        _ => None,
    }
}

/// Where "save elsewhere" suggests writing a plan whose file changed on disk: beside it, as
/// `NAME.mine.plan.ron` (`retail.plan.ron` gives `retail.mine.plan.ron`).
fn elsewhere(plan_path: &std::path::Path) -> String {
    let shown = plan_path.display().to_string();
    let stem = shown
        .strip_suffix(".plan.ron")
        .or_else(|| shown.strip_suffix(".ron"))
        .unwrap_or(&shown);
    format!("{stem}.mine.plan.ron")
}

/// The popup of `question`.
pub fn draw(frame: &mut Frame<'_>, area: Rect, app: &App<'_>, question: &Confirm) {
    let width: u16 = 64;
    let inner = usize::from(width - 2);
    match question {
        Confirm::AutoPlan => {
            let room = usize::from(width.min(area.width.saturating_sub(2)).saturating_sub(4));
            let mut lines = auto_plan_lines(app, room);
            lines.push(Line::raw(""));
            lines.push(hint_line(app, &keys_of(question)));
            popup(frame, area, app, "Automatic plan", lines, width);
        }
        Confirm::Overwrite { format, path } => {
            let shown = path.display().to_string();
            let file = clean(&shown);
            let lines = vec![
                Line::raw(format!(
                    " {} exists: overwrite? y/n",
                    fit(&file, inner - 22)
                )),
                Line::raw(""),
                hint_line(app, &keys_of(question)),
            ];
            popup(
                frame,
                area,
                app,
                &format!("Export {}", format.name()),
                lines,
                width,
            );
        }
        Confirm::Locked { wave, .. } => {
            let name = clean(&app.plan().label(*wave)).into_owned();
            let lines = vec![
                Line::raw(format!(
                    " {} is locked (committed or done): change it anyway? y/n",
                    fit(&name, 40)
                )),
                Line::raw(""),
                hint_line(app, &keys_of(question)),
            ];
            popup(frame, area, app, "Locked wave", lines, width);
        }
        Confirm::Changed { .. } => {
            let file = clean(&app.session.ws().plan_path.display().to_string()).into_owned();
            let what = format!(
                "{file} changed on disk since the board read it (someone edited it, or a git pull). Saving now would write over that change; reloading keeps this plan one undo ({}) away.",
                app.keymap.hint(Action::Undo).unwrap_or_default()
            );
            let room = usize::from(width.min(area.width.saturating_sub(2)).saturating_sub(4));
            let mut lines: Vec<Line> = wrap_text(&what, room, usize::MAX)
                .into_iter()
                .map(|part| Line::raw(format!(" {part}")))
                .collect();
            lines.push(Line::raw(""));
            lines.push(hint_line(app, &keys_of(question)));
            popup(frame, area, app, "Plan file changed", lines, width);
        }
        Confirm::Quit => {
            let lines = vec![
                Line::raw(" The plan has unsaved changes."),
                Line::raw(""),
                hint_line(app, &keys_of(question)),
            ];
            popup(frame, area, app, "Quit", lines, width);
        }
    }
}

/// What the automatic plan would do, wrapped to `room` (so that every line keeps the left
/// padding): the capacity it keeps to, and what it keeps as it is.
fn auto_plan_lines<'t>(app: &App<'_>, room: usize) -> Vec<Line<'t>> {
    let t = &app.theme;
    let c = app.plan().capacity();
    let mut lines = vec![Line::raw(" Replace the plan with the automatic plan?")];
    let plan = app.plan();
    let locked = (0..plan.wave_count())
        .filter(|&w| plan.is_locked(w))
        .count();
    let pinned = (0..plan.app_count()).filter(|&a| plan.is_pinned(a)).count();
    let plural =
        |n: usize, one: &str, many: &str| format!("{n} {}", if n == 1 { one } else { many });
    let kept = if locked + pinned > 0 {
        format!(
            "its {} and {} stay as they are",
            plural(locked, "locked wave", "locked waves"),
            plural(pinned, "pinned app", "pinned apps")
        )
    } else {
        let k = |a| app.keymap.hint(a).unwrap_or_else(|| "-".into());
        format!(
            "locked waves and pinned apps would stay as they are ({} locks, {} pins)",
            k(Action::LockWave),
            k(Action::PinApp)
        )
    };
    let what = format!(
        "Every movable app gets a wave: a pilot of {}, then up to {} apps and {} stateful apps a wave; move groups (hard dependencies, cycle groups) stay together; {kept}. The current plan can be restored with undo; Esc stops the planner early.",
        c.pilot, c.max_apps, c.max_stateful
    );
    for part in wrap_text(&what, room, usize::MAX) {
        lines.push(Line::styled(format!(" {part}"), t.dim()));
    }
    lines
}

//! Random edit sequences on the board (moves, pulls, new, deleted, reordered and renamed waves,
//! capacity changes, the automatic plan, locks and pins, under a filter or not): undo returns
//! exactly to each earlier plan, and redo replays them; after every step the live analysis
//! equals a full analysis, the columns are what sorting the plan anew gives, and the unsaved
//! mark says whether the plan differs from the saved one.

mod tui_support;

use std::time::Duration;

use proptest::prelude::*;
use tui_support::{open, retail};
use waveplan::analysis::planner::{Options, replan};
use waveplan::analysis::{WavePlan, analyze, recommend};
use waveplan::tui::{Action, App, update};

/// One thing the user does: a key, or a short sequence a prompt or a form asks for.
#[derive(Debug, Clone)]
enum Step {
    Key(Action),
    /// `r`, a letter, Enter.
    Rename(char),
    /// `c`, one field one step up or down, Enter.
    Capacity {
        field: u8,
        more: bool,
    },
    /// The automatic plan as the board applies it (one edit that replaces the plan), from a
    /// short search.
    AutoPlan,
    /// `/`, a letter, Enter; or Esc on the board to clear it.
    Filter(char),
    ClearFilter,
}

fn step() -> impl Strategy<Value = Step> {
    prop_oneof![
        3 => Just(Step::Key(Action::MoveAppNext)),
        2 => Just(Step::Key(Action::MoveAppPrev)),
        3 => Just(Step::Key(Action::SelectNext)),
        1 => Just(Step::Key(Action::SelectPrev)),
        2 => Just(Step::Key(Action::FocusNext)),
        2 => Just(Step::Key(Action::FocusPrev)),
        3 => (1u8..4).prop_map(|n| Step::Key(Action::Pull(n))),
        1 => Just(Step::Key(Action::NewWave)),
        1 => Just(Step::Key(Action::DeleteWave)),
        1 => Just(Step::Key(Action::WaveEarlier)),
        1 => Just(Step::Key(Action::WaveLater)),
        1 => Just(Step::Key(Action::LockWave)),
        1 => Just(Step::Key(Action::PinApp)),
        1 => prop::sample::select(vec!['x', ' ']).prop_map(Step::Rename),
        1 => (0u8..4, any::<bool>()).prop_map(|(field, more)| Step::Capacity { field, more }),
        1 => Just(Step::AutoPlan),
        1 => prop::sample::select(vec!['a', 'e', 'c']).prop_map(Step::Filter),
        1 => Just(Step::ClearFilter),
    ]
}

fn act(app: &mut App<'_>, step: &Step) {
    let actions: Vec<Action> = match *step {
        // A prompt (new wave names) is answered with its default, and the question before an
        // edit of a locked wave with yes.
        Step::Key(a) => vec![a, Action::Submit, Action::Yes],
        Step::Rename(c) => vec![
            Action::RenameWave,
            Action::Input(c),
            Action::Submit,
            Action::Yes,
        ],
        Step::Capacity { field, more } => {
            let mut v = vec![Action::Capacity];
            v.extend(std::iter::repeat_n(Action::ScrollDown, field.into()));
            v.push(if more { Action::More } else { Action::Less });
            v.push(Action::Submit);
            v
        }
        Step::AutoPlan => {
            let options = Options {
                time_limit: Duration::from_millis(20),
                ..Options::default()
            };
            let plan = replan(app.session.scorer(), app.plan(), &options).plan;
            if app.edit("automatic plan", |p| {
                *p = plan;
                true
            }) {
                app.set_focus(1);
            }
            app.sync();
            Vec::new()
        }
        Step::Filter(c) => vec![Action::Filter, Action::Input(c), Action::Submit],
        Step::ClearFilter => vec![Action::ClearFilter],
    };
    for a in actions {
        if let Some(effect) = update(app, a) {
            waveplan::tui::perform(app, effect);
        }
    }
    // Back on the board (a question asked before a prompt leaves the prompt open).
    while app.mode != waveplan::tui::Mode::Board {
        let _ = update(app, Action::Cancel);
    }
}

/// The board is what the plan gives from scratch: the full analysis, the recommendations, the
/// columns sorted anew, the unsaved mark.
fn current(app: &App<'_>) -> Result<(), TestCaseError> {
    let full = analyze(app.session.scorer(), app.plan());
    prop_assert_eq!(&app.session.live().scores().to_vec(), &full.scores);
    prop_assert_eq!(app.session.live().warnings(), full.warnings);
    prop_assert_eq!(app.session.live().errors(), full.errors);
    prop_assert_eq!(app.session.figures(), full.waves);
    prop_assert_eq!(
        app.session.recommendations(),
        &recommend(app.session.scorer(), app.plan(), app.target_wave(), 9)[..]
    );
    prop_assert_eq!(
        app.session.is_dirty(),
        app.plan() != app.session.saved_plan()
    );
    let needle = app.filter.to_lowercase();
    let graph = app.graph();
    prop_assert_eq!(app.columns.len(), app.plan().wave_count() + 1);
    for (c, column) in app.columns.iter().enumerate() {
        let wave = c.checked_sub(1);
        prop_assert_eq!(column.wave, wave);
        let mut apps: Vec<usize> = (0..app.plan().app_count())
            .filter(|&a| app.plan().wave_of(a) == wave)
            .collect();
        prop_assert_eq!(column.total, apps.len());
        apps.retain(|&a| {
            let info = &app.portfolio().apps[a];
            needle.is_empty()
                || std::iter::once(info.id.as_str())
                    .chain(info.name.iter().map(String::as_str))
                    .chain(info.owner.iter().map(String::as_str))
                    .chain(info.tags.iter().map(String::as_str))
                    .any(|s| s.to_lowercase().contains(&needle))
        });
        let ids = &app.portfolio().apps;
        apps.sort_by_key(|&a| {
            (
                wave.is_none() && !graph.is_movable(a),
                100 - full.scores[a].ease.min(100),
                ids[a].id.clone(),
            )
        });
        prop_assert_eq!(column.apps.to_vec(), apps, "column {}", c);
    }
    prop_assert!(app.cursor(app.focus) < app.columns[app.focus].apps.len().max(1));
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn undo_and_redo_are_exact(steps in prop::collection::vec(step(), 1..40)) {
        let dir = tempfile::tempdir().unwrap();
        let ws = retail(&dir.path().join("retail.plan.ron"));
        let mut app = open(&ws);
        let mut history: Vec<WavePlan> = vec![app.plan().clone()];
        for s in &steps {
            let before = app.plan().clone();
            act(&mut app, s);
            if *app.plan() != before {
                history.push(app.plan().clone());
            }
            current(&app)?;
        }
        let last = app.plan().clone();
        // Undo walks back through every plan, exactly.
        for expected in history.iter().rev().skip(1) {
            let _ = update(&mut app, Action::Undo);
            prop_assert_eq!(app.plan(), expected);
            current(&app)?;
        }
        let _ = update(&mut app, Action::Undo);
        prop_assert_eq!(app.plan(), &history[0]);
        prop_assert!(!app.session.is_dirty());
        // Redo replays them all.
        for expected in history.iter().skip(1) {
            let _ = update(&mut app, Action::Redo);
            prop_assert_eq!(app.plan(), expected);
            current(&app)?;
        }
        prop_assert_eq!(app.plan(), &last);
    }
}

//! Random edit sequences on the board (locks and pins among them): undo returns exactly to
//! each earlier plan, and redo replays them; the live analysis always equals a full analysis.

mod tui_support;

use proptest::prelude::*;
use tui_support::{open, retail};
use waveplan::analysis::{WavePlan, analyze};
use waveplan::tui::{Action, update};

fn action() -> impl Strategy<Value = Action> {
    prop_oneof![
        3 => Just(Action::MoveAppNext),
        2 => Just(Action::MoveAppPrev),
        3 => Just(Action::SelectNext),
        1 => Just(Action::SelectPrev),
        2 => Just(Action::FocusNext),
        2 => Just(Action::FocusPrev),
        3 => (1u8..4).prop_map(Action::Pull),
        1 => Just(Action::NewWave),
        1 => Just(Action::DeleteWave),
        1 => Just(Action::WaveEarlier),
        1 => Just(Action::WaveLater),
        1 => Just(Action::LockWave),
        1 => Just(Action::PinApp),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn undo_and_redo_are_exact(actions in prop::collection::vec(action(), 1..40)) {
        let dir = tempfile::tempdir().unwrap();
        let ws = retail(&dir.path().join("retail.plan.ron"));
        let mut app = open(&ws);
        let mut history: Vec<WavePlan> = vec![app.plan.clone()];
        for a in actions {
            let before = app.plan.clone();
            let _ = update(&mut app, a);
            // a prompt (new wave names) is answered with its default, and the question before
            // an edit of a locked wave with yes
            let _ = update(&mut app, Action::Submit);
            let _ = update(&mut app, Action::Yes);
            if app.plan != before {
                history.push(app.plan.clone());
            }
            let full = analyze(&app.scorer, &app.plan);
            prop_assert_eq!(&app.live.scores().to_vec(), &full.scores);
            prop_assert_eq!(app.live.warnings(), full.warnings);
        }
        let last = app.plan.clone();
        // Undo walks back through every plan, exactly.
        for expected in history.iter().rev().skip(1) {
            let _ = update(&mut app, Action::Undo);
            prop_assert_eq!(&app.plan, expected);
        }
        let _ = update(&mut app, Action::Undo);
        prop_assert_eq!(&app.plan, &history[0]);
        // Redo replays them all.
        for expected in history.iter().skip(1) {
            let _ = update(&mut app, Action::Redo);
            prop_assert_eq!(&app.plan, expected);
        }
        prop_assert_eq!(&app.plan, &last);
    }
}

//! The plan session on its own, with no screen: random edits of every kind (moves, batches of
//! moves, new, removed, swapped, renamed and annotated waves, locks, pins, capacity, whole new
//! plans). After every step the live analysis equals a full analysis of the plan and the unsaved
//! mark says whether the plan differs from the saved one; undo returns exactly to each earlier
//! plan with the mark it was recorded with, and redo replays them.

use proptest::prelude::*;
use waveplan::analysis::{PlanEdit, PlannedWave, WavePlan, analyze, recommend};
use waveplan::score::Weights;
use waveplan::session::{Session, UNDO_DEPTH, Workspace};

fn retail() -> Workspace {
    let portfolio =
        waveplan::load::portfolio_from_str(waveplan::SAMPLE_PORTFOLIO, waveplan::SAMPLE_FILE)
            .expect("the sample loads")
            .value;
    Workspace::new(
        portfolio,
        Weights::default(),
        waveplan::SAMPLE_FILE,
        "retail.plan.ron",
        "retail",
    )
}

/// An edit, by numbers that `edit` turns into a valid one for the plan at hand.
#[derive(Debug, Clone)]
enum Op {
    Move(usize, usize),
    Moves(Vec<(usize, usize)>),
    InsertWave(usize),
    RemoveWave(usize),
    Swap(usize),
    Rename(usize, bool),
    Notes(usize, bool),
    Lock(usize),
    Pin(usize),
    Capacity(usize),
    Replace(u64),
}

fn op() -> impl Strategy<Value = Op> {
    prop_oneof![
        6 => (any::<usize>(), any::<usize>()).prop_map(|(a, w)| Op::Move(a, w)),
        2 => prop::collection::vec((any::<usize>(), any::<usize>()), 1..5).prop_map(Op::Moves),
        2 => any::<usize>().prop_map(Op::InsertWave),
        1 => any::<usize>().prop_map(Op::RemoveWave),
        1 => any::<usize>().prop_map(Op::Swap),
        1 => (any::<usize>(), any::<bool>()).prop_map(|(w, b)| Op::Rename(w, b)),
        1 => (any::<usize>(), any::<bool>()).prop_map(|(w, b)| Op::Notes(w, b)),
        1 => any::<usize>().prop_map(Op::Lock),
        1 => any::<usize>().prop_map(Op::Pin),
        1 => (1usize..8).prop_map(Op::Capacity),
        1 => any::<u64>().prop_map(Op::Replace),
    ]
}

/// The edit `op` names on `plan` (`None`: there is nothing it can name).
fn edit(op: &Op, plan: &WavePlan, ws: &Workspace) -> Option<PlanEdit> {
    let n = plan.app_count();
    let waves = plan.wave_count();
    let movable: Vec<usize> = (0..n).filter(|&a| ws.graph.is_movable(a)).collect();
    let target = |w: usize| (w % (waves + 1)).checked_sub(1);
    Some(match op {
        Op::Move(a, w) => PlanEdit::move_to(plan, movable[a % movable.len()], target(*w)),
        Op::Moves(moves) => {
            // Each app once, as the board moves them (a unit, a pull).
            let mut seen = Vec::new();
            PlanEdit::Batch(
                moves
                    .iter()
                    .map(|&(a, w)| (movable[a % movable.len()], target(w)))
                    .filter(|&(a, _)| {
                        !seen.contains(&a) && {
                            seen.push(a);
                            true
                        }
                    })
                    .map(|(a, w)| PlanEdit::move_to(plan, a, w))
                    .collect(),
            )
        }
        Op::InsertWave(at) => PlanEdit::InsertWave {
            at: at % (waves + 1),
            wave: PlannedWave::of(Vec::new()),
        },
        Op::RemoveWave(w) => {
            let empty: Vec<usize> = (0..waves)
                .filter(|&x| plan.waves()[x].apps.is_empty())
                .collect();
            PlanEdit::RemoveWave {
                at: *empty.get(w % empty.len().max(1))?,
            }
        }
        Op::Swap(w) if waves >= 2 => {
            let a = w % (waves - 1);
            PlanEdit::SwapWaves { a, b: a + 1 }
        }
        Op::Swap(_) => return None,
        Op::Rename(w, named) if waves > 0 => PlanEdit::RenameWave {
            wave: w % waves,
            name: if *named {
                "Pilot".into()
            } else {
                String::new()
            },
        },
        Op::Notes(w, some) if waves > 0 => PlanEdit::WaveNotes {
            wave: w % waves,
            notes: some.then(|| "cut over on a weekend".to_string()),
        },
        Op::Lock(w) if waves > 0 => PlanEdit::Lock {
            wave: w % waves,
            locked: !plan.is_locked(w % waves),
        },
        Op::Rename(..) | Op::Notes(..) | Op::Lock(_) => return None,
        Op::Pin(a) => {
            let planned: Vec<usize> = (0..n).filter(|&x| plan.wave_of(x).is_some()).collect();
            let app = *planned.get(a % planned.len().max(1))?;
            PlanEdit::Pin {
                app,
                pinned: !plan.is_pinned(app),
            }
        }
        Op::Capacity(k) => {
            let mut capacity = *plan.capacity();
            capacity.max_apps = *k;
            PlanEdit::Capacity(capacity)
        }
        Op::Replace(seed) => {
            // Every movable app in one of three waves, by the seed.
            let mut next = WavePlan::empty(n);
            for w in 0..3 {
                next.insert_wave(w, "");
            }
            for (i, &a) in movable.iter().enumerate() {
                let w = ((*seed >> (i % 32)) as usize + i) % 4;
                if w < 3 {
                    next.move_app(a, Some(w));
                }
            }
            PlanEdit::Replace(Box::new(next))
        }
    })
}

/// The session is what its plan gives from scratch.
fn current(session: &Session<'_, usize>) -> Result<(), TestCaseError> {
    let plan = session.plan();
    let full = analyze(session.scorer(), plan);
    prop_assert_eq!(&session.live().scores().to_vec(), &full.scores);
    prop_assert_eq!(session.live().warnings(), full.warnings);
    prop_assert_eq!(session.live().errors(), full.errors);
    prop_assert_eq!(session.figures(), full.waves.clone());
    // Findings, hybrid cost, marks: all of it.
    prop_assert_eq!(format!("{:?}", session.analysis()), format!("{full:?}"));
    prop_assert_eq!(
        session.recommendations(),
        &recommend(session.scorer(), plan, session.focus_wave(), 9)[..]
    );
    prop_assert_eq!(session.is_dirty(), plan != session.saved_plan());
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(96))]

    #[test]
    fn undo_and_redo_are_exact_on_the_session(
        ops in prop::collection::vec((op(), 0usize..5), 1..40),
    ) {
        let ws = retail();
        let mut session: Session<'_, usize> = Session::new(&ws, WavePlan::empty(ws.graph.app_count()), 9);
        let mut history: Vec<WavePlan> = vec![session.plan().clone()];
        for (step, (op, focus)) in ops.iter().enumerate() {
            session.set_focus_wave(focus % (session.plan().wave_count() + 1));
            let Some(edit) = edit(op, session.plan(), &ws) else { continue };
            let before = session.plan().clone();
            let changed = session.apply(format!("step {step}"), edit, step).is_some();
            prop_assert_eq!(changed, *session.plan() != before, "{:?}", op);
            if changed {
                history.push(session.plan().clone());
            }
            current(&session)?;
        }
        let last = session.plan().clone();
        // Undo walks back through every plan, exactly, and gives back what each step kept.
        let mut marks = Vec::new();
        for expected in history.iter().rev().skip(1) {
            let undone = session.undo(usize::MAX).expect("a step to undo");
            marks.push(undone.mark);
            prop_assert_eq!(session.plan(), expected);
            current(&session)?;
        }
        prop_assert!(session.undo(usize::MAX).is_none());
        prop_assert!(!session.is_dirty());
        prop_assert!(marks.windows(2).all(|w| w[0] > w[1]), "{:?}", marks);
        // Redo replays them all; each comes back with the mark undo was given.
        for expected in history.iter().skip(1) {
            let redone = session.redo(0).expect("a step to redo");
            prop_assert_eq!(redone.mark, usize::MAX);
            prop_assert_eq!(session.plan(), expected);
            current(&session)?;
        }
        prop_assert!(session.redo(0).is_none());
        prop_assert_eq!(session.plan(), &last);
    }
}

#[test]
fn a_new_edit_ends_the_redo_history_and_the_history_is_bounded() {
    let ws = retail();
    let mut session: Session<'_> = Session::new(&ws, WavePlan::empty(ws.graph.app_count()), 9);
    let insert = || PlanEdit::InsertWave {
        at: 0,
        wave: PlannedWave::of(Vec::new()),
    };
    for _ in 0..UNDO_DEPTH + 5 {
        assert!(session.apply("new wave", insert(), ()).is_some());
    }
    let mut undone = 0;
    while session.undo(()).is_some() {
        undone += 1;
    }
    assert_eq!(undone, UNDO_DEPTH, "the oldest steps are let go");
    assert_eq!(session.plan().wave_count(), 5);
    assert!(session.redo(()).is_some());
    assert!(session.can_redo());
    assert!(session.apply("new wave", insert(), ()).is_some());
    assert!(!session.can_redo(), "a new edit ends what could be redone");
}

#[test]
fn saving_clears_the_unsaved_mark_and_what_the_file_dropped() {
    let ws = retail();
    let mut session: Session<'_> = Session::new(&ws, WavePlan::empty(ws.graph.app_count()), 9);
    session.set_load_problems(vec!["unknown app `nope`".into()]);
    assert!(
        session.is_dirty(),
        "the file differs from the plan: it lost an entry"
    );
    session.mark_saved(None);
    assert!(!session.is_dirty());
    let app = (0..ws.graph.app_count())
        .find(|&a| ws.graph.is_movable(a))
        .unwrap();
    let edit = PlanEdit::InsertWave {
        at: 0,
        wave: PlannedWave::of(Vec::new()),
    };
    session.apply("new wave", edit, ()).unwrap();
    session
        .edit_moves("move", &[(app, Some(0))], ())
        .expect("it moves");
    assert!(session.is_dirty());
    assert_eq!(
        session.placement(app),
        waveplan::analysis::Placement::Wave(0)
    );
    assert_eq!(
        session.detail(app).place,
        waveplan::analysis::Placement::Wave(0)
    );
    session.undo(());
    session.undo(());
    assert!(!session.is_dirty(), "back to the saved plan");
}

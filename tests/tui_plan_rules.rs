//! The plan's rules on the board: the capacity form, locked waves and pinned apps (and the
//! question before a hand edit of a locked wave), the automatic plan on its thread around
//! them, what changed since the save, and the rules a hand move breaks.

mod tui_support;

use tui_support::*;
use waveplan::model::{Capacity, Criticality, State};
use waveplan::tui::app::{Confirm, Mode};
use waveplan::tui::{App, planning};

fn id_of(app: &App<'_>, id: &str) -> usize {
    app.graph().find(id).expect("an app of the sample")
}

fn message(app: &App<'_>) -> String {
    app.message
        .as_ref()
        .map(|m| m.text.clone())
        .unwrap_or_default()
}

#[test]
fn x_locks_and_p_pins_as_undoable_edits_with_marks_on_screen() {
    let dir = tempfile::tempdir().unwrap();
    let ws = retail(&dir.path().join("retail.plan.ron"));
    let mut app = open(&ws);
    let store = id_of(&app, "store-locator");
    // From Unplanned there is no wave to lock, and an unplanned app cannot be pinned.
    press(&mut app, "x");
    assert!(app.message.as_ref().unwrap().error);
    press(&mut app, "p");
    assert!(message(&app).contains("unplanned"), "{}", message(&app));
    assert!(!app.session.is_dirty());

    press(&mut app, "L");
    assert_eq!(app.plan().wave_of(store), Some(0));
    let moved = app.plan().clone();
    press(&mut app, "x");
    assert!(app.plan().is_locked(0));
    assert!(
        message(&app).starts_with("Locked Wave 1"),
        "{}",
        message(&app)
    );
    press(&mut app, "p");
    assert!(app.plan().is_pinned(store));
    let both = app.plan().clone();
    // Theme::plain draws no colour (as under NO_COLOR): the marks are characters.
    let shown = screen(&app, 100, 30);
    assert!(shown.contains("▣ Wave 1 · 1"), "{shown}");
    assert!(shown.contains("◉ store-locator"), "{shown}");

    press(&mut app, "u");
    assert!(!app.plan().is_pinned(store));
    assert!(app.plan().is_locked(0));
    press(&mut app, "u");
    assert_eq!(*app.plan(), moved, "undo takes each back exactly");
    press(&mut app, "ctrl+r");
    press(&mut app, "ctrl+r");
    assert_eq!(*app.plan(), both);
    // Toggles: pressed again they come off.
    keys(&mut app, &["p", "x"]);
    assert!(!app.plan().is_pinned(store) && !app.plan().is_locked(0));
    assert_eq!(*app.plan(), moved);
}

#[test]
fn a_hand_edit_of_a_locked_wave_asks_first() {
    let dir = tempfile::tempdir().unwrap();
    let ws = retail(&dir.path().join("retail.plan.ron"));
    let mut app = open(&ws);
    keys(&mut app, &["1", "l", "x"]);
    assert!(app.plan().is_locked(0));
    let locked = app.plan().clone();
    let asks = |app: &App<'_>| matches!(app.mode, Mode::Confirm(Confirm::Locked { wave: 0, .. }));

    // Moving its app out: asked, and n leaves it.
    press(&mut app, "H");
    assert!(asks(&app), "{:?}", app.mode);
    let shown = screen(&app, 100, 30);
    assert!(
        shown.contains("Wave 1 is locked (committed or done): change it anyway? y/n"),
        "{shown}"
    );
    press(&mut app, "n");
    assert_eq!(app.mode, Mode::Board);
    assert_eq!(*app.plan(), locked);
    assert!(message(&app).contains("stays as it is"));

    // Pulling into it, renaming it, adding a wave before it: each asks.
    for key in ["1", "r", "h"] {
        press(&mut app, key);
        if key == "h" {
            // From Unplanned a new wave would go before the locked one.
            press(&mut app, "n");
        }
        assert!(asks(&app), "{key}: {:?}", app.mode);
        press(&mut app, "esc");
        assert_eq!(*app.plan(), locked, "{key}");
    }

    // Yes makes the edit, once, undoable; the wave stays locked.
    keys(&mut app, &["l", "1"]);
    assert!(asks(&app));
    press(&mut app, "y");
    assert_eq!(app.plan().waves()[0].apps.len(), 2);
    assert!(app.plan().is_locked(0));
    press(&mut app, "u");
    assert_eq!(*app.plan(), locked);

    // An unlocked wave beside it: moving apps there asks nothing, reordering it does.
    keys(&mut app, &["n"]);
    assert_eq!(
        app.mode,
        Mode::Board,
        "a new wave after the locked one asks nothing"
    );
    press(&mut app, "1");
    assert_eq!(app.mode, Mode::Board);
    assert_eq!(app.plan().waves()[1].apps.len(), 1);
    press(&mut app, "[");
    assert!(asks(&app));
    press(&mut app, "y");
    assert_eq!(app.plan().label(1), "Wave 2");
    assert!(app.plan().is_locked(1), "the lock moves with its wave");
    // Deleting an empty locked wave asks too.
    keys(&mut app, &["u", "u", "x"]);
    assert!(app.plan().is_locked(1) && app.plan().waves()[1].apps.is_empty());
    press(&mut app, "d");
    assert!(matches!(
        app.mode,
        Mode::Confirm(Confirm::Locked { wave: 1, .. })
    ));
    press(&mut app, "y");
    assert_eq!(app.plan().wave_count(), 1);
}

#[test]
fn the_capacity_form_applies_as_one_edit_and_saves_with_the_plan() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("retail.plan.ron");
    let ws = retail(&path);
    let mut app = open(&ws);
    let before = app.plan().clone();
    // Esc leaves the form without a change.
    keys(&mut app, &["c", "5", "esc"]);
    assert_eq!(app.mode, Mode::Board);
    assert_eq!(*app.plan(), before);

    keys(
        &mut app,
        &["c", "8", "down", "left", "down", "down", "right"],
    );
    // Cache counts as stateful, Queue no longer does.
    keys(
        &mut app,
        &["down", "space", "down", "down", "down", "right"],
    );
    let Mode::Capacity(form) = &app.mode else {
        panic!("the form is open: {:?}", app.mode);
    };
    assert_eq!(form.draft.max_apps, 8);
    assert_eq!(*app.plan(), before, "nothing changes before Enter");
    let shown = screen(&app, 100, 30);
    assert!(shown.contains("apps a wave"), "{shown}");
    assert!(shown.contains("[x]"), "{shown}");
    press(&mut app, "enter");
    let expected = Capacity {
        max_apps: 8,
        max_stateful: 1,
        pilot: 3,
        stateful: Capacity::default()
            .stateful
            .with(State::Cache, true)
            .with(State::Queue, false),
        pilot_max_criticality: Criticality::High,
    };
    assert_eq!(app.plan().capacity(), &expected);
    assert!(app.session.is_dirty());
    assert!(message(&app).starts_with("Capacity now 8 apps (1 stateful)"));
    let header = screen(&app, 120, 36).lines().next().unwrap().to_string();
    assert!(header.contains("8/1"), "{header}");

    // One undo takes the whole form back; redo brings it.
    press(&mut app, "u");
    assert_eq!(*app.plan(), before);
    press(&mut app, "u");
    assert!(app.message.as_ref().unwrap().error, "one edit only");
    press(&mut app, "ctrl+r");
    assert_eq!(app.plan().capacity(), &expected);

    // Saved and opened again: the same capacity.
    press(&mut app, "s");
    assert!(!app.session.is_dirty());
    let again = retail(&path);
    let reopened = open(&again);
    assert_eq!(reopened.plan().capacity(), &expected);
    assert_eq!(reopened.plan(), app.plan());

    // A pilot of 0 cannot hold an app: Enter waits until it is fixed.
    keys(&mut app, &["c", "down", "down", "0", "enter"]);
    assert!(matches!(app.mode, Mode::Capacity(_)));
    assert!(screen(&app, 100, 30).contains("must be 1 or more"));
    keys(&mut app, &["right", "enter"]);
    assert_eq!(app.mode, Mode::Board);
    assert_eq!(app.plan().capacity().pilot, 1);
}

#[test]
fn the_changes_overlay_lists_what_changed_since_the_save() {
    let dir = tempfile::tempdir().unwrap();
    let ws = retail(&dir.path().join("retail.plan.ron"));
    let mut app = open(&ws);
    press(&mut app, "D");
    assert_eq!(app.mode, Mode::Changes { scroll: 0 });
    assert!(screen(&app, 100, 30).contains("No changes since the plan was saved"));
    press(&mut app, "esc");
    assert_eq!(app.mode, Mode::Board);

    keys(&mut app, &["L", "l", "x", "n", "r", "ctrl+u"]);
    type_text(&mut app, "Core");
    keys(&mut app, &["enter", "D"]);
    let texts: Vec<&str> = app.changes.iter().map(|c| c.text.as_str()).collect();
    for wanted in [
        "store-locator: unplanned → Wave 1",
        "added Core (0 apps)",
        "locked Wave 1",
        "Hybrid cost 0 → 4 (+4)",
    ] {
        assert!(texts.contains(&wanted), "{wanted} in {texts:?}");
    }
    let shown = screen(&app, 100, 30);
    assert!(
        shown.contains("store-locator: unplanned → Wave 1"),
        "{shown}"
    );
    // It scrolls, and D closes it as Esc does.
    keys(&mut app, &["down", "down"]);
    assert!(matches!(app.mode, Mode::Changes { .. }));
    press(&mut app, "D");
    assert_eq!(app.mode, Mode::Board);
    // Once saved, nothing has changed.
    keys(&mut app, &["s", "D"]);
    assert!(screen(&app, 100, 30).contains("No changes since the plan was saved"));
}

#[test]
fn the_automatic_plan_on_its_thread_keeps_a_locked_wave_and_a_pinned_app_exactly() {
    let dir = tempfile::tempdir().unwrap();
    let ws = retail(&dir.path().join("retail.plan.ron"));
    let mut app = open(&ws);
    // Wave 1 locked with one app; Wave 2 with an app pinned to it.
    keys(&mut app, &["1", "l", "x", "n", "1", "p"]);
    let pinned = app.selected().unwrap();
    assert!(app.plan().is_pinned(pinned));
    assert_eq!(app.plan().wave_of(pinned), Some(1));
    let locked = app.plan().waves()[0].clone();
    let mine = app.plan().clone();

    press(&mut app, "a");
    // The question says what stays (its lines wrap anywhere: look for words).
    let shown = screen(&app, 100, 30);
    for word in ["together", "locked", "pinned"] {
        assert!(shown.contains(word), "{word}: {shown}");
    }
    // Yes hands the planning to the run loop, which runs it on a thread while drawing; here
    // the same thread runs with a tick that draws its progress and never stops it.
    let effect = waveplan::tui::update(&mut app, waveplan::tui::Action::Yes);
    assert_eq!(effect, Some(waveplan::tui::Effect::AutoPlan));
    let mut ticks = 0;
    planning::run(&mut app, |app| {
        ticks += 1;
        assert!(app.planning.is_some());
        assert!(screen(app, 100, 30).contains("Planning…"));
        false
    });
    assert!(ticks >= 1);
    assert!(app.planning.is_none());
    assert_eq!(app.plan().waves()[0], locked, "the locked wave exactly");
    assert_eq!(
        app.plan().wave_of(pinned),
        Some(1),
        "the pinned app in its wave"
    );
    assert!(app.plan().is_pinned(pinned));
    assert_eq!(app.session.live().planned(), app.session.movable());
    let text = message(&app);
    assert!(
        text.contains("kept 1 locked wave and 1 pinned app"),
        "{text}"
    );
    assert!(text.contains("hybrid cost"), "{text}");
    // One undoable edit; keys a y plan the same plan through `perform`.
    let planned = app.plan().clone();
    press(&mut app, "u");
    assert_eq!(*app.plan(), mine);
    keys(&mut app, &["a", "y"]);
    assert_eq!(*app.plan(), planned, "deterministic");
}

#[test]
fn a_stop_keeps_the_best_plan_so_far_and_a_fresh_plan_reports_its_bound() {
    let dir = tempfile::tempdir().unwrap();
    let ws = retail(&dir.path().join("retail.plan.ron"));
    let mut app = open(&ws);
    let mine = app.plan().clone();
    keys(&mut app, &["a", "y"]);
    let text = message(&app);
    assert!(text.starts_with("Automatic plan: 33 apps"), "{text}");
    assert!(text.contains("the best possible"), "{text}");
    press(&mut app, "u");
    assert_eq!(*app.plan(), mine);

    // Esc at the first frame: the planner stops at once with a whole plan.
    planning::run(&mut app, |_| true);
    let text = message(&app);
    assert!(
        text.starts_with("Stopped early, the best plan so far"),
        "{text}"
    );
    assert_eq!(app.session.live().planned(), app.session.movable());
    press(&mut app, "u");
    assert_eq!(*app.plan(), mine);
}

#[test]
fn a_hand_move_that_breaks_a_rule_is_made_and_says_which() {
    let dir = tempfile::tempdir().unwrap();
    let ws = retail(&dir.path().join("retail.plan.ron"));
    let mut app = open(&ws);
    // Fill the pilot (3 apps).
    keys(&mut app, &["1", "1", "1"]);
    assert_eq!(app.plan().waves()[0].apps.len(), 3);
    assert!(!app.message.as_ref().unwrap().warning);
    // Nothing fits it now: the recommendations say why, and what each one breaks.
    press(&mut app, "l");
    let note = app.session.live().note().expect("a note").to_string();
    assert!(note.contains("full"), "{note}");
    let shown = screen(&app, 120, 36);
    assert!(shown.contains(&note), "{shown}");
    assert!(
        shown.contains("✗ Wave 1 would hold 4 apps (capacity 3)"),
        "{shown}"
    );

    // A hand move into it is made, and the footer names the rule.
    keys(&mut app, &["h", "L"]);
    assert_eq!(app.plan().waves()[0].apps.len(), 4);
    let m = app.message.clone().unwrap();
    assert!(m.warning && !m.error, "{m:?}");
    assert!(
        m.text
            .contains("breaking a rule: Wave 1 would hold 4 apps (capacity 3)"),
        "{m:?}"
    );
    // So does a pull.
    keys(&mut app, &["l", "1"]);
    let m = app.message.clone().unwrap();
    assert!(m.warning && m.text.contains("would hold 5 apps"), "{m:?}");
}

#[test]
fn a_hand_move_that_leaves_a_store_ahead_says_so() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("retail.plan.ron");
    // search reads search-index's files directly: a hard dependency.
    std::fs::write(
        &path,
        "Plan(waves: [(name: \"One\", apps: [\"search-index\", \"search\"]), (name: \"Two\")])",
    )
    .unwrap();
    let ws = retail(&path);
    let mut app = open(&ws);
    press(&mut app, ":");
    type_text(&mut app, "search");
    press(&mut app, "enter");
    assert_eq!(app.selected(), Some(id_of(&app, "search")));
    // Taken a wave later than the store, search is the one left behind.
    press(&mut app, "L");
    assert_eq!(wave_ids(&app, 1), ["search"]);
    let m = app.message.clone().unwrap();
    assert!(m.warning, "{m:?}");
    assert!(
        m.text.contains(
            "breaking a rule: search needs search-index directly (a hard dependency) and search stays behind (in Two)"
        ),
        "{m:?}"
    );
    // Back with its store, it breaks nothing.
    press(&mut app, "H");
    let m = app.message.clone().unwrap();
    assert!(
        !m.warning && m.text.starts_with("Moved search to One (ease"),
        "{m:?}"
    );
    // A pinned app takes its pin along, and says so.
    press(&mut app, "p");
    press(&mut app, "L");
    assert!(app.plan().is_pinned(id_of(&app, "search")));
    assert!(
        message(&app).starts_with("Moved search to Two, pinned there now, breaking a rule"),
        "{}",
        message(&app)
    );
}

//! The board driven by keys as a user would: edits, recommendations, undo and redo, the
//! automatic plan, save and reload, quitting.

mod tui_support;

use tui_support::*;
use waveplan::analysis::WavePlan;
use waveplan::model::{App as PortfolioApp, Dep, Portfolio, Strategy, Via};
use waveplan::session as start;
use waveplan::tui::Effect;
use waveplan::tui::app::{Confirm, Mode};

#[test]
fn a_fresh_board_has_one_empty_wave_and_its_recommendations() {
    let dir = tempfile::tempdir().unwrap();
    let ws = retail(&dir.path().join("retail.plan.ron"));
    let app = open(&ws);
    assert_eq!(app.plan().wave_count(), 1);
    assert_eq!(app.plan().label(0), "Wave 1");
    assert_eq!(app.plan().planned_count(), 0);
    assert_eq!(app.target_wave(), 0);
    assert!(!app.session.recommendations().is_empty());
    assert_eq!(recommended(&app)[0], vec!["store-locator"]);
    assert!(!app.session.is_dirty());
    // The easiest unplanned app is selected, and its detail is ready.
    assert_eq!(app.selected(), ws.graph.find("store-locator"));
    assert!(app.detail.is_some());
}

#[test]
fn pulling_a_recommendation_changes_the_recommendations_and_undo_redo_are_exact() {
    let dir = tempfile::tempdir().unwrap();
    let ws = retail(&dir.path().join("retail.plan.ron"));
    let mut app = open(&ws);
    let start_plan = app.plan().clone();
    let start_recs = recommended(&app);
    let first = start_recs[0].clone();

    press(&mut app, "1");
    assert_eq!(wave_ids(&app, 0), first);
    let after_pull = app.plan().clone();
    let recs = recommended(&app);
    assert_ne!(
        recs, start_recs,
        "the recommendations follow the plan at once"
    );
    assert!(!recs.iter().any(|r| r == &first));
    assert_eq!(app.session.live().planned(), 1, "the figures follow too");
    assert!(app.session.is_dirty());

    press(&mut app, "2");
    assert_eq!(app.plan().planned_count(), 2);
    let after_two = app.plan().clone();

    press(&mut app, "u");
    assert_eq!(*app.plan(), after_pull);
    press(&mut app, "u");
    assert_eq!(
        *app.plan(),
        start_plan,
        "undo returns exactly to the earlier plan"
    );
    assert_eq!(recommended(&app), start_recs);
    assert!(!app.session.is_dirty());
    press(&mut app, "u");
    assert_eq!(*app.plan(), start_plan, "nothing more to undo");
    assert!(app.message.as_ref().unwrap().error);

    press(&mut app, "ctrl+r");
    assert_eq!(*app.plan(), after_pull);
    press(&mut app, "ctrl+r");
    assert_eq!(*app.plan(), after_two);

    // A new edit drops what could be redone (the pilot has room for two more apps: only two
    // recommendations fit it).
    press(&mut app, "u");
    press(&mut app, "1");
    assert_eq!(app.plan().planned_count(), 2);
    press(&mut app, "ctrl+r");
    assert_ne!(*app.plan(), after_two);
}

#[test]
fn moving_apps_between_waves_and_never_moving_apps_stay() {
    let dir = tempfile::tempdir().unwrap();
    let ws = retail(&dir.path().join("retail.plan.ron"));
    let mut app = open(&ws);
    let store = ws.graph.find("store-locator").unwrap();

    press(&mut app, "L");
    assert_eq!(app.plan().wave_of(store), Some(0));
    assert_eq!(app.selected(), Some(store), "the selection follows the app");
    assert_eq!(app.focused_wave(), Some(0));
    press(&mut app, "L");
    assert_eq!(app.plan().wave_of(store), Some(0), "no wave after the last");
    assert!(app.message.as_ref().unwrap().text.contains("last wave"));
    press(&mut app, "n");
    assert_eq!(app.plan().wave_count(), 2);
    assert_eq!(app.plan().label(1), "Wave 2");
    press(&mut app, "h");
    press(&mut app, "shift+right");
    assert_eq!(app.plan().wave_of(store), Some(1));
    press(&mut app, "H");
    press(&mut app, "shift+left");
    assert_eq!(app.plan().wave_of(store), None);

    // The last apps of Unplanned are the ones that never move.
    press(&mut app, "end");
    let stuck = app.selected().unwrap();
    assert!(!ws.graph.is_movable(stuck));
    let before = app.plan().clone();
    press(&mut app, "L");
    assert_eq!(*app.plan(), before);
    let message = app.message.clone().unwrap();
    assert!(
        message.error && message.text.contains("never moves"),
        "{message:?}"
    );
}

#[test]
fn waves_are_added_renamed_reordered_and_deleted_only_when_empty() {
    let dir = tempfile::tempdir().unwrap();
    let ws = retail(&dir.path().join("retail.plan.ron"));
    let mut app = open(&ws);
    keys(&mut app, &["l", "1", "n"]);
    assert_eq!(app.plan().wave_count(), 2);
    assert_eq!(app.focused_wave(), Some(1));
    press(&mut app, "r");
    assert!(matches!(app.mode, Mode::Rename { .. }));
    press(&mut app, "ctrl+u");
    type_text(&mut app, "Core services");
    press(&mut app, "enter");
    assert_eq!(app.plan().label(1), "Core services");
    press(&mut app, "[");
    assert_eq!(app.plan().label(0), "Core services");
    assert_eq!(app.focused_wave(), Some(0), "the focus follows the wave");
    press(&mut app, "]");
    assert_eq!(app.plan().label(1), "Core services");
    // Wave 1 holds an app: it cannot go.
    press(&mut app, "h");
    let before = app.plan().clone();
    press(&mut app, "d");
    assert_eq!(*app.plan(), before);
    assert!(app.message.as_ref().unwrap().text.contains("holds 1 app"));
    press(&mut app, "l");
    press(&mut app, "d");
    assert_eq!(app.plan().wave_count(), 1);
    // Undo brings each step back.
    keys(&mut app, &["u", "u", "u", "u"]);
    assert_eq!(app.plan().wave_count(), 2);
    assert_eq!(app.plan().label(1), "Wave 2");
    // Esc leaves a rename without renaming.
    keys(&mut app, &["r", "x", "esc"]);
    assert_eq!(app.mode, Mode::Board);
    assert_eq!(app.plan().label(1), "Wave 2");
}

#[test]
fn unnamed_waves_go_by_their_place_and_renumber_when_waves_move() {
    let dir = tempfile::tempdir().unwrap();
    let ws = retail(&dir.path().join("retail.plan.ron"));
    let mut app = open(&ws);
    assert_eq!(
        app.plan().waves()[0].name,
        "",
        "the first wave has no name of its own"
    );
    // Two more waves, one of them added from Unplanned (it becomes the first).
    keys(&mut app, &["l", "n", "h", "h", "n"]);
    assert_eq!(app.plan().wave_count(), 3);
    let labels = |app: &waveplan::tui::App<'_>| {
        (0..app.plan().wave_count())
            .map(|w| app.plan().label(w))
            .collect::<Vec<_>>()
    };
    assert_eq!(labels(&app), ["Wave 1", "Wave 2", "Wave 3"]);
    // A named wave keeps its name as it moves; the others renumber around it.
    keys(&mut app, &["r", "ctrl+u"]);
    type_text(&mut app, "Pilot");
    keys(&mut app, &["enter", "]", "]"]);
    assert_eq!(labels(&app), ["Wave 1", "Wave 2", "Pilot"]);
    // Renaming a wave to its place's name gives it back no name of its own.
    keys(&mut app, &["h", "r", "enter"]);
    assert_eq!(app.plan().waves()[1].name, "");
    // The automatic plan names its first wave only.
    keys(&mut app, &["a", "y"]);
    assert_eq!(app.plan().label(0), "Pilot");
    assert!(app.plan().waves()[1..].iter().all(|w| w.name.is_empty()));
}

#[test]
fn a_cycle_group_is_recommended_and_pulled_as_one_unit() {
    // Owned, so that the group is fit for the pilot.
    let mut a = PortfolioApp::new("alpha");
    a.owner = Some("team".into());
    a.depends_on = vec![Dep {
        to: "beta".into(),
        via: Via::Http,
        ..Default::default()
    }];
    let mut b = PortfolioApp::new("beta");
    b.owner = Some("team".into());
    b.depends_on = vec![Dep {
        to: "alpha".into(),
        via: Via::Http,
        ..Default::default()
    }];
    let mut c = PortfolioApp::new("gamma");
    c.owner = Some("team".into());
    let mut old = PortfolioApp::new("mainframe");
    old.strategy = Strategy::Retain;
    let ws = workspace(Portfolio {
        name: "Cycles".into(),
        apps: vec![a, b, c, old],
    });
    let mut app = open(&ws);
    let recs = recommended(&app);
    let group = recs
        .iter()
        .position(|r| r.len() == 2)
        .expect("the group is one unit");
    assert_eq!(recs[group], vec!["alpha", "beta"]);
    // Its reasons are its lead's, named.
    let lead = &ws.portfolio.apps[app.session.recommendations()[group].lead].id;
    let shown = screen(&app, 120, 36);
    assert!(shown.contains(&format!("reasons of {lead}")), "{shown}");
    press(&mut app, &(group + 1).to_string());
    assert_eq!(app.plan().waves()[0].apps.len(), 2);
    let full = app.session.analysis();
    assert_eq!(full.warnings, full.findings.len());
    assert!(
        !recommended(&app)
            .iter()
            .any(|r| r.contains(&"alpha".to_string())),
        "a pulled group leaves the recommendations"
    );
}

#[test]
fn the_automatic_plan_asks_first_and_undo_restores_the_plan() {
    let dir = tempfile::tempdir().unwrap();
    let ws = retail(&dir.path().join("retail.plan.ron"));
    let mut app = open(&ws);
    press(&mut app, "1");
    let mine = app.plan().clone();
    press(&mut app, "a");
    assert_eq!(app.mode, Mode::Confirm(Confirm::AutoPlan));
    press(&mut app, "n");
    assert_eq!(*app.plan(), mine, "no keeps the plan");
    keys(&mut app, &["a", "y"]);
    assert_eq!(app.session.live().planned(), app.session.movable());
    assert!(app.plan().wave_count() > 1);
    assert_eq!(app.focused_wave(), Some(0));
    press(&mut app, "u");
    assert_eq!(*app.plan(), mine);
    press(&mut app, "ctrl+r");
    assert_eq!(app.session.live().planned(), app.session.movable());
}

#[test]
fn save_writes_a_plan_that_loads_back_the_same() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("retail.plan.ron");
    let ws = retail(&path);
    let mut app = open(&ws);
    keys(&mut app, &["1", "2", "n", "1", "r", "ctrl+u"]);
    type_text(&mut app, "Wave \"two\"");
    press(&mut app, "enter");
    assert!(app.session.is_dirty());
    assert_eq!(
        press(&mut app, "s"),
        Some(Effect::Save {
            then_quit: false,
            force: false
        })
    );
    assert!(!app.session.is_dirty());
    assert!(app.message.as_ref().unwrap().text.starts_with("Saved"));

    let text = std::fs::read_to_string(&path).unwrap();
    let loaded = waveplan::load::plan_from_str(&text, "retail.plan.ron", &ws.portfolio)
        .expect("the saved plan is valid");
    assert_eq!(WavePlan::from_plan(&loaded.value, &ws.graph), *app.plan());

    // A new session opens the saved plan.
    let again = open(&ws);
    assert_eq!(again.plan(), app.plan());
    assert!(!again.session.is_dirty());
}

#[test]
fn a_plan_with_bad_entries_opens_without_them_and_says_how_many() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("retail.plan.ron");
    std::fs::write(
        &path,
        "Plan(waves: [(name: \"Pilot\", apps: [\"store-locator\", \"no-such-app\", \"inventory\"])])",
    )
    .unwrap();
    let ws = retail(&path);
    let app = open(&ws);
    assert_eq!(wave_ids(&app, 0), vec!["store-locator"]);
    let message = app.message.clone().unwrap();
    assert!(
        message.text.starts_with("Dropped 2 bad entries"),
        "{message:?}"
    );
    let screen = screen(&app, 120, 36);
    assert!(screen.contains("Dropped 2 bad entries"), "{screen}");
    // Saving would change the file: the plan is unsaved, and every dropped entry is listed.
    assert!(app.session.is_dirty());
    assert_eq!(
        app.session.load_problems().len(),
        2,
        "{:?}",
        app.session.load_problems()
    );
    let mut app = app;
    press(&mut app, "f");
    assert!(matches!(app.mode, Mode::Findings { .. }));
    let shown = tui_support::screen(&app, 120, 36);
    assert!(shown.contains("no-such-app"), "{shown}");
    assert!(shown.contains("inventory"), "{shown}");
    press(&mut app, "f");
    assert_eq!(app.mode, Mode::Board);
}

#[test]
fn the_detail_says_what_the_findings_about_the_app_say() {
    let dir = tempfile::tempdir().unwrap();
    let ws = retail(&dir.path().join("retail.plan.ron"));
    let mut app = open(&ws);
    // A never-moving app placed in a wave is an error the detail spells out.
    let never = (0..ws.portfolio.apps.len())
        .find(|&a| !ws.graph.is_movable(a))
        .unwrap();
    let plan = {
        let mut p = app.plan().clone();
        p.move_app(never, Some(0));
        p
    };
    app.edit("place", |p| {
        *p = plan;
        true
    });
    app.select_app(never);
    app.sync();
    let detail = app.detail.clone().unwrap();
    assert_eq!(detail.app, never);
    assert!(
        detail
            .findings
            .iter()
            .any(|(s, m)| *s == waveplan::diagnostic::Severity::Error && m.contains("never moves")),
        "{:?}",
        detail.findings
    );
    let shown = tui_support::screen(&app, 120, 36);
    assert!(shown.contains("! "), "{shown}");
    // And the overlay lists it with the rest.
    press(&mut app, "f");
    let shown = tui_support::screen(&app, 120, 36);
    assert!(shown.contains("Findings: 1 error"), "{shown}");
}

#[test]
fn quit_asks_when_there_are_unsaved_changes() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("retail.plan.ron");
    let ws = retail(&path);
    let mut app = open(&ws);
    assert_eq!(press(&mut app, "q"), Some(Effect::Quit), "nothing to lose");

    let mut app = open(&ws);
    press(&mut app, "1");
    assert_eq!(press(&mut app, "q"), None);
    assert_eq!(app.mode, Mode::Confirm(Confirm::Quit));
    press(&mut app, "n");
    assert_eq!(app.mode, Mode::Board);
    assert!(!app.quit);
    press(&mut app, "q");
    assert_eq!(press(&mut app, "y"), Some(Effect::Quit));
    assert!(app.quit);
    assert!(!path.exists(), "quit without saving writes nothing");

    let mut app = open(&ws);
    keys(&mut app, &["1", "q"]);
    assert_eq!(
        press(&mut app, "s"),
        Some(Effect::Save {
            then_quit: true,
            force: false
        })
    );
    assert!(app.quit);
    assert!(path.exists());
}

#[test]
fn the_filter_narrows_every_column_and_esc_clears_it() {
    let dir = tempfile::tempdir().unwrap();
    let ws = retail(&dir.path().join("retail.plan.ron"));
    let mut app = open(&ws);
    press(&mut app, "/");
    type_text(&mut app, "Team");
    // Live: the columns follow each key; owners match too.
    let shown: Vec<usize> = app.columns[0].apps.to_vec();
    assert!(!shown.is_empty() && shown.len() < app.columns[0].total);
    press(&mut app, "enter");
    assert_eq!(app.mode, Mode::Board);
    assert_eq!(app.filter, "Team");
    press(&mut app, "esc");
    assert_eq!(app.filter, "");
    assert_eq!(app.columns[0].apps.len(), app.columns[0].total);
    // The focus goes to where the matches are.
    press(&mut app, "/");
    type_text(&mut app, "store-loc");
    assert_eq!(app.focused_wave(), None);
    keys(&mut app, &["enter", "L", "h", "/", "ctrl+u"]);
    type_text(&mut app, "store-loc");
    assert_eq!(app.focused_wave(), Some(0));
    assert_eq!(app.selected(), ws.graph.find("store-locator"));
    keys(&mut app, &["esc"]);
    // Esc while typing clears too.
    keys(&mut app, &["/", "z", "z", "z"]);
    assert!(app.columns[0].apps.is_empty());
    assert!(app.detail.is_none());
    press(&mut app, "esc");
    assert_eq!(app.filter, "");
}

#[test]
fn export_offers_formats_and_writes_ron() {
    let dir = tempfile::tempdir().unwrap();
    let ws = retail(&dir.path().join("retail.plan.ron"));
    let mut app = open(&ws);
    press(&mut app, "1");
    press(&mut app, "e");
    assert!(matches!(app.mode, Mode::ExportMenu { .. }));
    press(&mut app, "6");
    let Mode::ExportPath { text, .. } = &app.mode else {
        panic!("a path prompt, got {:?}", app.mode)
    };
    assert!(text.ends_with("retail-plan.ron"), "{text}");
    let effect = press(&mut app, "enter");
    assert!(matches!(effect, Some(Effect::Export { .. })));
    let written = std::fs::read_to_string(dir.path().join("retail-plan.ron")).unwrap();
    assert!(waveplan::load::plan_from_str(&written, "x", &ws.portfolio).is_ok());
    assert!(app.session.is_dirty(), "an export is not a save");

    // Every format writes the plan on screen, the same as `waveplan export` would.
    for (key, file) in [
        ("1", "retail.md"),
        ("2", "retail.csv"),
        ("3", "retail.json"),
        ("4", "retail.dot"),
        ("5", "retail.mmd"),
    ] {
        keys(&mut app, &["e", key, "enter"]);
        let message = app.message.clone().unwrap();
        assert!(!message.error, "{message:?}");
        let text = std::fs::read_to_string(dir.path().join(file)).unwrap();
        assert!(text.contains("store-locator"), "{file}: {text}");
    }
    // A path that cannot be written is a message, not a crash.
    keys(&mut app, &["e", "1", "ctrl+u"]);
    type_text(&mut app, "/no/such/folder/x.md");
    press(&mut app, "enter");
    assert!(app.message.as_ref().unwrap().error);
}

#[test]
fn export_never_overwrites_the_portfolio_and_asks_before_overwriting_a_file() {
    let dir = tempfile::tempdir().unwrap();
    let portfolio = dir.path().join("retail.ron");
    std::fs::write(&portfolio, waveplan::SAMPLE_PORTFOLIO).unwrap();
    let ws =
        retail(&dir.path().join("retail.plan.ron")).with_portfolio_path(Some(portfolio.clone()));
    let mut app = open(&ws);
    press(&mut app, "1");

    // The portfolio itself: refused, whatever the format.
    for format in ["6", "1"] {
        keys(&mut app, &["e", format, "ctrl+u"]);
        type_text(&mut app, &portfolio.display().to_string());
        press(&mut app, "enter");
        let message = app.message.clone().unwrap();
        assert!(
            message.error && message.text.contains("portfolio"),
            "{message:?}"
        );
        assert_eq!(
            std::fs::read_to_string(&portfolio).unwrap(),
            waveplan::SAMPLE_PORTFOLIO
        );
        assert_eq!(app.mode, Mode::Board);
    }
    // The plan file: refused for a report, allowed (after asking) for ron.
    keys(&mut app, &["s", "e", "1", "ctrl+u"]);
    type_text(&mut app, &ws.plan_path.display().to_string());
    press(&mut app, "enter");
    let message = app.message.clone().unwrap();
    assert!(
        message.error && message.text.contains("plan file"),
        "{message:?}"
    );

    // An existing file: asked first; n keeps it, y writes it.
    let report = dir.path().join("report.md");
    std::fs::write(&report, "keep me").unwrap();
    keys(&mut app, &["e", "1", "ctrl+u"]);
    type_text(&mut app, &report.display().to_string());
    press(&mut app, "enter");
    assert!(
        matches!(app.mode, Mode::Confirm(Confirm::Overwrite { .. })),
        "{:?}",
        app.mode
    );
    press(&mut app, "n");
    assert_eq!(app.mode, Mode::Board);
    assert_eq!(std::fs::read_to_string(&report).unwrap(), "keep me");
    keys(&mut app, &["e", "1", "ctrl+u"]);
    type_text(&mut app, &report.display().to_string());
    keys(&mut app, &["enter", "y"]);
    assert!(!app.message.as_ref().unwrap().error, "{:?}", app.message);
    assert!(
        std::fs::read_to_string(&report)
            .unwrap()
            .contains("store-locator")
    );
}

#[test]
fn the_dependency_view_and_help_open_and_close() {
    let dir = tempfile::tempdir().unwrap();
    let ws = retail(&dir.path().join("retail.plan.ron"));
    let mut app = open(&ws);
    press(&mut app, "g");
    assert_eq!(
        app.mode,
        Mode::Dependencies {
            scroll: 0,
            chosen: 0,
            trail: Vec::new()
        }
    );
    press(&mut app, "j");
    press(&mut app, "g");
    assert_eq!(app.mode, Mode::Board);
    press(&mut app, "?");
    assert_eq!(app.mode, Mode::Help { scroll: 0 });
    // Scrolling past the end stops where the last line shows.
    for _ in 0..100 {
        press(&mut app, "j");
    }
    let (_, viewport) = draw(&app, 100, 30);
    let max = viewport.overlay_max_scroll();
    assert!(max > 0 && max < 100, "{max}");
    app.clamp_overlay_scroll(max);
    press(&mut app, "k");
    assert_eq!(app.mode, Mode::Help { scroll: max - 1 });
    press(&mut app, "esc");
    assert_eq!(app.mode, Mode::Board);
}

#[test]
fn a_click_selects_the_card_under_the_mouse() {
    use crossterm::event::{KeyModifiers, MouseButton, MouseEvent, MouseEventKind};
    let dir = tempfile::tempdir().unwrap();
    let ws = retail(&dir.path().join("retail.plan.ron"));
    let mut app = open(&ws);
    let (_, mut viewport) = draw(&app, 120, 36);
    // Row 2 is the first card row; row 4 the third card of Unplanned.
    let click = MouseEvent {
        kind: MouseEventKind::Down(MouseButton::Left),
        column: 5,
        row: 4,
        modifiers: KeyModifiers::NONE,
    };
    let action = viewport.mouse(&click).expect("a card");
    waveplan::tui::update(&mut app, action);
    assert_eq!(app.cursor(0), 2);
    // A click on the Wave 1 column focuses it.
    let click = MouseEvent {
        column: 50,
        ..click
    };
    let action = viewport.mouse(&click).expect("a column");
    waveplan::tui::update(&mut app, action);
    assert_eq!(app.focused_wave(), Some(0));
    // A card pressed in Unplanned and let go over Wave 1 moves there.
    press(&mut app, "h");
    let (_, mut viewport) = draw(&app, 120, 36);
    let down = MouseEvent {
        column: 5,
        row: 2,
        ..click
    };
    let card = app.columns[0].apps.get(0).unwrap();
    let action = viewport.mouse(&down).expect("a card");
    waveplan::tui::update(&mut app, action);
    let drag = MouseEvent {
        kind: MouseEventKind::Drag(MouseButton::Left),
        column: 30,
        ..down
    };
    assert_eq!(viewport.mouse(&drag), None);
    let up = MouseEvent {
        kind: MouseEventKind::Up(MouseButton::Left),
        column: 50,
        ..down
    };
    let action = viewport.mouse(&up).expect("a drop");
    waveplan::tui::update(&mut app, action);
    assert_eq!(app.plan().wave_of(card), Some(0));
    assert_eq!(app.selected(), Some(card));
}

#[test]
fn recovery_file_holds_the_unsaved_plan() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("retail.plan.ron");
    let ws = retail(&path);
    let mut app = open(&ws);
    keys(&mut app, &["1", "2"]);
    let written = waveplan::tui::write_recovery(&app).unwrap();
    assert_eq!(written, dir.path().join("retail.plan.recovered.ron"));
    let text = std::fs::read_to_string(&written).unwrap();
    let plan = waveplan::load::plan_from_str(&text, "x", &ws.portfolio).unwrap();
    assert_eq!(WavePlan::from_plan(&plan.value, &ws.graph), *app.plan());
    assert!(!path.exists());
}

#[test]
fn opening_a_missing_plan_gives_the_first_wave() {
    let ws = workspace(retail_portfolio());
    let opening = start::open_plan(
        std::path::Path::new("/no/such/dir/x.plan.ron"),
        &ws.portfolio,
        &ws.graph,
    )
    .unwrap();
    assert_eq!(opening.plan.wave_count(), 1);
}

#[test]
fn the_live_analysis_matches_a_full_analysis_after_every_kind_of_edit() {
    use waveplan::analysis::{analyze, recommend};
    let dir = tempfile::tempdir().unwrap();
    let ws = retail(&dir.path().join("retail.plan.ron"));
    let mut app = open(&ws);
    let steps: &[&str] = &[
        "1", "2", "j", "L", "l", "n", "1", "3", "H", "[", "u", "ctrl+r", "a", "y", "l", "L", "j",
        "L", "h", "H", "]", "u", "u", "l", "l", "2", "d", "n", "d",
    ];
    for (i, key) in steps.iter().enumerate() {
        press(&mut app, key);
        let full = analyze(app.session.scorer(), app.plan());
        let live = app.session.analysis();
        let at = format!("after key {i} ({key})");
        assert_eq!(live.scores, full.scores, "{at}");
        assert_eq!(live.hybrid, full.hybrid, "{at}");
        assert_eq!(live.waves, full.waves, "{at}");
        assert_eq!(live.findings, full.findings, "{at}");
        assert_eq!(live.marks, full.marks, "{at}");
        assert_eq!(
            (live.errors, live.warnings),
            (full.errors, full.warnings),
            "{at}"
        );
        assert_eq!(app.session.figures(), full.waves, "{at}");
        let recs = recommend(app.session.scorer(), app.plan(), app.target_wave(), 9);
        assert_eq!(app.session.recommendations(), &recs[..], "{at}");
    }
}

#[test]
fn a_filter_hides_the_waves_without_a_match_and_the_ends_are_one_key_away() {
    let dir = tempfile::tempdir().unwrap();
    let ws = retail(&dir.path().join("retail.plan.ron"));
    let mut app = open(&ws);
    keys(&mut app, &["a", "y"]);
    let waves = app.plan().wave_count();
    assert!(waves > 3);
    press(&mut app, ">");
    assert_eq!(app.focused_wave(), Some(waves - 1));
    press(&mut app, "<");
    assert_eq!(app.focus, 0);
    keys(&mut app, &["$", "0"]);
    assert_eq!(app.focus, 0);
    // One app matches: only its wave (and Unplanned, and the focus) shows.
    press(&mut app, "/");
    type_text(&mut app, "store-locator");
    press(&mut app, "enter");
    let visible = app.visible_columns();
    assert!(visible.len() <= 3, "{visible:?}");
    let target = (0..ws.portfolio.apps.len())
        .find(|&a| ws.portfolio.apps[a].id == "store-locator")
        .and_then(|a| app.plan().wave_of(a))
        .unwrap();
    assert!(visible.contains(&(target + 1)), "{visible:?}");
    keys(&mut app, &["<", "l"]);
    assert_eq!(
        app.focused_wave(),
        Some(target),
        "→ skips the waves with no match"
    );
    press(&mut app, "l");
    assert_eq!(app.focused_wave(), Some(target), "no shown column after it");
    let shown = screen(&app, 120, 36);
    assert!(shown.contains("store-locator"), "{shown}");
}

#[test]
fn the_header_keeps_its_format_when_the_plan_becomes_unsaved() {
    let dir = tempfile::tempdir().unwrap();
    let ws = retail(&dir.path().join("retail.plan.ron"));
    let app = open(&ws);
    for width in [80u16, 100, 120] {
        let before = screen(&app, width, 30).lines().next().unwrap().to_string();
        let mut edited = open(&ws);
        press(&mut edited, "1");
        let after = screen(&edited, width, 30)
            .lines()
            .next()
            .unwrap()
            .to_string();
        assert!(after.contains(" *"), "{after}");
        assert!(after.contains("retail.plan.ron"), "{after}");
        let tail = |s: &str| {
            s.split("planned")
                .nth(1)
                .map(|t| t.replace(char::is_numeric, "#"))
        };
        assert_eq!(tail(&before), tail(&after), "{before}\n{after}");
    }
}

#[test]
fn small_fixes_rename_to_nothing_small_screen_and_planning_first() {
    let dir = tempfile::tempdir().unwrap();
    let ws = retail(&dir.path().join("retail.plan.ron"));
    let mut app = open(&ws);
    // An empty rename gives the wave back its place's name, and says so.
    keys(&mut app, &["l", "r", "ctrl+u"]);
    type_text(&mut app, "Core");
    press(&mut app, "enter");
    assert_eq!(app.plan().label(0), "Core");
    keys(&mut app, &["r", "ctrl+u", "enter"]);
    assert_eq!(app.mode, Mode::Board);
    assert_eq!(app.plan().label(0), "Wave 1");
    keys(&mut app, &["r", "ctrl+u", "enter"]);
    let message = app.message.clone().unwrap();
    assert!(message.text.contains("no name of its own"), "{message:?}");

    // On a too-small screen only quitting acts.
    use waveplan::tui::Action;
    use waveplan::tui::update::acts_on_a_small_screen;
    assert!(acts_on_a_small_screen(&app, Action::Quit));
    assert!(!acts_on_a_small_screen(&app, Action::MoveAppNext));
    assert!(!acts_on_a_small_screen(&app, Action::Pull(1)));

    // Yes to the automatic plan first says it is planning; the loop then runs it.
    press(&mut app, "a");
    let effect = waveplan::tui::update(&mut app, Action::Yes);
    assert_eq!(effect, Some(Effect::AutoPlan));
    assert_eq!(app.message.as_ref().unwrap().text, "Planning…");
    assert!(screen(&app, 100, 30).contains("Planning…"));
    waveplan::tui::perform(&mut app, Effect::AutoPlan);
    assert!(app.plan().wave_count() > 1);
}

/// Whether every pane shows what a fresh look at the same selection would: the detail of the
/// selected app and the recommendations for the focused wave.
fn assert_current(app: &waveplan::tui::App<'_>, after: &str) {
    let fresh = app.selected().map(|a| app.session.detail(a));
    assert_eq!(app.detail, fresh, "the detail is current after {after}");
    let live = waveplan::analysis::live::LiveAnalysis::new(
        app.session.scorer(),
        app.plan(),
        app.target_wave(),
        waveplan::tui::app::RECOMMENDATIONS,
    );
    assert_eq!(
        app.session.recommendations(),
        live.recommendations(),
        "the recommendations are current after {after}"
    );
    assert_eq!(
        app.session.live().hybrid_total(),
        live.hybrid_total(),
        "{after}"
    );
}

#[test]
fn every_pane_is_current_after_every_action_of_the_keymap() {
    use waveplan::tui::keymap::COMMANDS;
    let dir = tempfile::tempdir().unwrap();
    let ws = retail(&dir.path().join("retail.plan.ron"));
    // From a fresh board, from a planned one focused on a wave, and from its second app (the
    // automatic plan is made once: it takes a while in a debug build).
    let planned = {
        let mut app = open(&ws);
        keys(&mut app, &["a", "y"]);
        app.plan().clone()
    };
    let fresh = open(&ws).plan().clone();
    let starts: [(&WavePlan, &[&str]); 3] = [
        (&fresh, &[]),
        (&planned, &["l"]),
        (&planned, &["l", "l", "j"]),
    ];
    for (plan, start) in starts {
        for command in COMMANDS {
            for key in command.defaults.iter().take(1) {
                let mut app = waveplan::tui::App::new(
                    &ws,
                    plan.clone(),
                    waveplan::tui::Keymap::default(),
                    waveplan::tui::theme::Theme::plain(),
                );
                keys(&mut app, start);
                assert_current(&app, &format!("{start:?}"));
                press(&mut app, key);
                // Answer what it asks (yes), close what it opens.
                let after = format!("{start:?} then {key}");
                assert_current(&app, &after);
                if matches!(app.mode, Mode::Confirm(_)) {
                    press(&mut app, "y");
                    assert_current(&app, &format!("{after} y"));
                }
                if app.mode != Mode::Board {
                    press(&mut app, "esc");
                }
                assert_current(&app, &format!("{after}, closed"));
                press(&mut app, "u");
                assert_current(&app, &format!("{after}, undone"));
            }
        }
    }
}

#[test]
fn the_selection_stays_on_its_app_through_reorders_and_replans() {
    let dir = tempfile::tempdir().unwrap();
    let ws = retail(&dir.path().join("retail.plan.ron"));
    let mut app = open(&ws);
    let first = app.selected().unwrap();
    keys(&mut app, &["a", "y"]);
    assert_eq!(app.selected(), Some(first), "the automatic plan keeps it");
    assert_eq!(app.detail.as_ref().map(|d| d.app), Some(first));
    assert!(
        matches!(
            app.detail.as_ref().unwrap().place,
            waveplan::tui::app::Placement::Wave(_)
        ),
        "the detail says where the plan put it"
    );
    // Every app of every wave through `]` and `[`.
    for wave in 0..app.plan().wave_count() {
        for row in 0..app.plan().waves()[wave].apps.len() {
            app.set_focus(wave + 1);
            app.set_cursor(row);
            app.sync();
            let selected = app.selected();
            for key in ["]", "[", "["] {
                press(&mut app, key);
                assert_eq!(app.selected(), selected, "{key} keeps the selection");
                assert_current(&app, key);
            }
            press(&mut app, "u");
            assert_eq!(app.selected(), selected, "undo keeps it");
        }
    }
}

#[test]
fn prompts_edit_text_where_the_cursor_is_and_typing_replaces_what_was_filled_in() {
    let dir = tempfile::tempdir().unwrap();
    let ws = retail(&dir.path().join("retail.plan.ron"));
    let mut app = open(&ws);
    press(&mut app, "l");
    // The old name is selected: typing replaces it.
    press(&mut app, "r");
    type_text(&mut app, "Pilot");
    press(&mut app, "enter");
    assert_eq!(app.plan().label(0), "Pilot");
    // Keys move the cursor; deletions and pastes act where it stands.
    press(&mut app, "r");
    keys(&mut app, &["end", "left", "left", "backspace", "delete"]);
    type_text(&mut app, "XY");
    let Mode::Rename { text, .. } = &app.mode else {
        panic!("renaming, not {:?}", app.mode)
    };
    assert_eq!(text, "PiXYt");
    keys(&mut app, &["home", "right"]);
    waveplan::tui::update::paste(&mut app, "-- ");
    keys(&mut app, &["end", "ctrl+w"]);
    let Mode::Rename { text, .. } = &app.mode else {
        panic!("renaming")
    };
    assert_eq!(text, "P-- ");
    press(&mut app, "esc");
    assert_eq!(app.plan().label(0), "Pilot", "Esc keeps the old name");
    // The filter too: what it held is selected when it opens again.
    press(&mut app, "/");
    type_text(&mut app, "pay");
    press(&mut app, "enter");
    press(&mut app, "/");
    type_text(&mut app, "store");
    assert_eq!(app.filter, "store");
    keys(&mut app, &["home", "delete"]);
    assert_eq!(app.filter, "tore");
    // What the prompt draws: the cursor where it is.
    press(&mut app, "esc");
    press(&mut app, "r");
    keys(&mut app, &["home"]);
    let shown = screen(&app, 100, 30);
    assert!(shown.contains("Pilot"), "{shown}");
}

#[test]
fn the_findings_overlay_groups_searches_and_follows_a_finding_to_its_app() {
    use waveplan::tui::app::FindingRow;
    let dir = tempfile::tempdir().unwrap();
    let ws = retail(&dir.path().join("retail.plan.ron"));
    let mut app = open(&ws);
    keys(&mut app, &["a", "y", "f"]);
    let Mode::Findings(_) = &app.mode else {
        panic!("findings, not {:?}", app.mode)
    };
    // Grouped: a heading per kind with its count, the findings of the kind under it.
    let headings: Vec<(usize, usize)> = app
        .finding_rows
        .iter()
        .filter_map(|r| match r {
            FindingRow::Group { first, count } => Some((*first, *count)),
            _ => None,
        })
        .collect();
    assert!(headings.len() >= 2, "{:?}", app.finding_rows);
    let listed: usize = headings.iter().map(|h| h.1).sum();
    assert_eq!(
        listed,
        app.session.live().errors() + app.session.live().warnings()
    );
    // Full width and wrapped: a message is never cut.
    let shown = screen(&app, 200, 60);
    assert!(!shown.contains('…'), "{shown}");
    assert!(shown.contains("(17)"), "{shown}");
    // Searched: only what names orders-db is left.
    press(&mut app, "/");
    type_text(&mut app, "orders-db");
    press(&mut app, "enter");
    let kept: Vec<usize> = app
        .finding_rows
        .iter()
        .filter_map(|r| match r {
            FindingRow::Finding(i) => Some(*i),
            _ => None,
        })
        .collect();
    assert!(!kept.is_empty() && kept.len() < listed, "{kept:?}");
    let brief = |i: usize| app.findings[i].brief(&ws.portfolio, &ws.graph, app.plan());
    assert!(kept.iter().all(|&i| brief(i).contains("orders-db")));
    // Enter: to the app the finding names first, in its wave.
    let finding = app.findings[kept[0]].clone();
    let first = finding.apps(&ws.graph)[0];
    press(&mut app, "enter");
    assert_eq!(app.mode, Mode::Board);
    assert_eq!(app.selected(), Some(first));
    assert_eq!(app.focused_wave(), app.plan().wave_of(first));
    // Esc first clears a search, then closes.
    keys(&mut app, &["f", "/", "x", "y", "z", "enter"]);
    assert!(screen(&app, 100, 30).contains("No finding matches"));
    press(&mut app, "esc");
    assert!(matches!(app.mode, Mode::Findings(_)));
    press(&mut app, "esc");
    assert_eq!(app.mode, Mode::Board);
}

#[test]
fn the_detail_and_the_recommendations_wrap_and_never_count_what_they_did_not_show() {
    let dir = tempfile::tempdir().unwrap();
    let ws = retail(&dir.path().join("retail.plan.ron"));
    let mut app = open(&ws);
    keys(&mut app, &["a", "y"]);
    for (w, h) in [(80, 24), (100, 30), (120, 36), (200, 60)] {
        for column in 0..app.columns.len() {
            app.set_focus(column);
            for row in 0..app.columns[column].apps.len().min(4) {
                app.set_cursor(row);
                app.sync();
                let shown = screen(&app, w, h);
                // Only ids cut to fit a card's width may end in "…" (board rows), never the
                // lower panes' text.
                // The lower panes, without the footer's line.
                let lower: Vec<&str> = shown
                    .lines()
                    .take(usize::from(h) - 1)
                    .skip(usize::from(h) * 11 / 20)
                    .collect();
                for line in &lower {
                    // An ellipsis only ever counts what is left ("… 3 more reasons").
                    let cut = line.match_indices('…').any(|(i, _)| {
                        !line[i + '…'.len_utf8()..]
                            .strip_prefix(' ')
                            .is_some_and(|rest| rest.starts_with(|c: char| c.is_ascii_digit()))
                    });
                    assert!(!cut, "{w}x{h}: cut text: {line}\n{shown}");
                }
                let none_shown = !lower.iter().any(|l| {
                    ["coupling ", "state    ", "risk     "]
                        .iter()
                        .any(|score| l.contains(&format!("  {score}")))
                });
                if none_shown {
                    assert!(!shown.contains("more reasons"), "{w}x{h}:\n{shown}");
                }
            }
        }
    }
}

#[test]
fn wave_notes_are_shown_and_edited_on_the_board() {
    let dir = tempfile::tempdir().unwrap();
    let ws = retail(&dir.path().join("retail.plan.ron"));
    let mut app = open(&ws);
    press(&mut app, "l");
    press(&mut app, "N");
    type_text(&mut app, "after the payments freeze");
    press(&mut app, "enter");
    assert_eq!(
        app.plan().waves()[0].notes.as_deref(),
        Some("after the payments freeze")
    );
    let shown = screen(&app, 100, 30);
    assert!(shown.contains("✎ after the payments freeze"), "{shown}");
    assert!(shown.contains("Wave 1 ✎"), "{shown}");
    // Undoable, and saved with the plan.
    assert!(app.session.is_dirty());
    press(&mut app, "u");
    assert_eq!(app.plan().waves()[0].notes, None);
    press(&mut app, "ctrl+r");
    press(&mut app, "s");
    let saved = std::fs::read_to_string(dir.path().join("retail.plan.ron")).unwrap();
    assert!(saved.contains("after the payments freeze"), "{saved}");
    // The prompt opens with them selected: typing replaces them; clearing removes them.
    press(&mut app, "N");
    press(&mut app, "backspace");
    press(&mut app, "enter");
    assert_eq!(app.plan().waves()[0].notes, None);
}

#[test]
fn jump_by_name_follow_dependencies_and_drop_a_card() {
    let dir = tempfile::tempdir().unwrap();
    let ws = retail(&dir.path().join("retail.plan.ron"));
    let mut app = open(&ws);
    keys(&mut app, &["a", "y"]);
    // `:` jumps to an app by id (or a part of it), or to a wave by name or number.
    press(&mut app, ":");
    type_text(&mut app, "checkout");
    press(&mut app, "enter");
    let checkout = ws.graph.find("checkout").unwrap();
    assert_eq!(app.selected(), Some(checkout));
    assert_eq!(app.focused_wave(), app.plan().wave_of(checkout));
    press(&mut app, ":");
    type_text(&mut app, "pilot");
    press(&mut app, "enter");
    assert_eq!(app.focused_wave(), Some(0));
    press(&mut app, ":");
    type_text(&mut app, "4");
    press(&mut app, "enter");
    assert_eq!(app.focused_wave(), Some(3));
    press(&mut app, ":");
    type_text(&mut app, "no-such-thing");
    press(&mut app, "enter");
    assert!(app.message.as_ref().unwrap().error);
    // Enter from the filter selects the app it names.
    press(&mut app, "/");
    type_text(&mut app, "orders-db");
    press(&mut app, "enter");
    assert_eq!(app.selected(), ws.graph.find("orders-db"));
    press(&mut app, "esc");
    // The dependency view follows a link with Enter and comes back with Esc or Backspace.
    app.select_app(checkout);
    app.sync();
    press(&mut app, "g");
    let first_need = app.detail.as_ref().unwrap().needs[0].app;
    press(&mut app, "enter");
    assert_eq!(app.selected(), Some(first_need));
    assert!(matches!(app.mode, Mode::Dependencies { .. }));
    let shown = screen(&app, 100, 30);
    let need_id = &ws.portfolio.apps[first_need].id;
    assert!(
        shown.contains(&format!("Dependencies of {need_id}")),
        "{shown}"
    );
    press(&mut app, "backspace");
    assert_eq!(app.selected(), Some(checkout));
    press(&mut app, "esc");
    assert_eq!(app.mode, Mode::Board);
    // A card dragged to another column moves there (the mouse's press selects it).
    let from = app.focus;
    let to_column = if from + 1 < app.columns.len() {
        from + 1
    } else {
        1
    };
    waveplan::tui::update(
        &mut app,
        waveplan::tui::Action::Drop {
            from,
            column: to_column,
        },
    );
    assert_eq!(app.plan().wave_of(checkout), app.columns[to_column].wave);
    assert_eq!(app.selected(), Some(checkout));
    press(&mut app, "u");
    assert_eq!(app.plan().wave_of(checkout), app.columns[from].wave);
}

#[test]
fn the_cost_chart_shows_each_wave_and_explains_the_total_in_link_waves() {
    let dir = tempfile::tempdir().unwrap();
    let ws = retail(&dir.path().join("retail.plan.ron"));
    let mut app = open(&ws);
    keys(&mut app, &["a", "y", "w"]);
    assert_eq!(app.mode, Mode::Chart);
    let figures = app.session.figures();
    let link_waves: usize = figures.iter().map(|f| f.hybrid_links).sum();
    let total: u64 = figures.iter().map(|f| f.hybrid_cost).sum();
    assert_eq!(
        total,
        app.session.live().hybrid_total(),
        "the bars add up to the total"
    );
    for (w, h) in [(80, 24), (100, 30), (200, 60)] {
        let shown = screen(&app, w, h);
        assert!(shown.contains("link-waves"), "{w}x{h}:\n{shown}");
        assert!(shown.contains("open hybrid links"), "{shown}");
    }
    let shown = screen(&app, 200, 60);
    let words: Vec<&str> = shown
        .split(|c: char| c.is_whitespace() || c == '│' || c == '"')
        .filter(|w| !w.is_empty())
        .collect();
    let said = words.join(" ");
    assert!(
        said.contains(&format!("{link_waves} link-waves in all")),
        "{said}"
    );
    press(&mut app, "w");
    assert_eq!(app.mode, Mode::Board, "its key closes it");
}

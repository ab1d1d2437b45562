//! The board loses nothing: saving over a plan file someone changed on disk asks first
//! (overwrite, save elsewhere, reload); pasted text is text, never keys; the quit question
//! takes only its own keys.

mod tui_support;

use tui_support::*;
use waveplan::tui::app::{Confirm, Mode};
use waveplan::tui::{self, App};

const THEIRS: &str =
    "Plan(\n    waves: [\n        (name: \"Theirs\", apps: [\"storefront\"]),\n    ],\n)\n";

fn message(app: &App<'_>) -> String {
    app.message
        .as_ref()
        .map(|m| m.text.clone())
        .unwrap_or_default()
}

/// A board on the retail sample with a saved plan file of one named wave and an unsaved edit
/// (a second wave); then someone else writes `THEIRS` over the file.
fn changed_under_the_board(
    dir: &std::path::Path,
    then: impl FnOnce(&mut App<'_>, &std::path::Path),
) {
    let path = dir.join("retail.plan.ron");
    std::fs::write(&path, "Plan(waves: [(name: \"Mine\", apps: [])])\n").unwrap();
    let ws = retail(&path);
    let mut app = open(&ws);
    press(&mut app, "n");
    assert!(app.session.is_dirty());
    std::fs::write(&path, THEIRS).unwrap();
    then(&mut app, &path);
}

#[test]
fn saving_over_a_plan_file_changed_on_disk_asks_and_esc_keeps_both() {
    let dir = tempfile::tempdir().unwrap();
    changed_under_the_board(dir.path(), |app, path| {
        press(app, "s");
        assert_eq!(
            app.mode,
            Mode::Confirm(Confirm::Changed { then_quit: false })
        );
        let shown = screen(app, 100, 30);
        assert!(shown.contains("changed on disk"), "{shown}");
        assert!(
            shown.contains("overwrite") && shown.contains("reload"),
            "{shown}"
        );
        // Enter is no answer here; Esc cancels: their file and the board's plan both stay.
        press(app, "enter");
        assert_eq!(
            app.mode,
            Mode::Confirm(Confirm::Changed { then_quit: false })
        );
        press(app, "esc");
        assert_eq!(app.mode, Mode::Board);
        assert_eq!(std::fs::read_to_string(path).unwrap(), THEIRS);
        assert!(app.session.is_dirty());
        assert!(message(app).contains("Not saved"), "{}", message(app));
        // Overwrite writes the board's plan, and later saves do not ask again.
        press(app, "s");
        press(app, "o");
        assert_eq!(std::fs::read_to_string(path).unwrap(), tui::plan_text(app));
        assert!(!app.session.is_dirty());
        press(app, "n");
        press(app, "s");
        assert_eq!(app.mode, Mode::Board, "{}", message(app));
        assert_eq!(std::fs::read_to_string(path).unwrap(), tui::plan_text(app));
    });
}

#[test]
fn reloading_a_changed_plan_file_keeps_the_boards_plan_one_undo_away() {
    let dir = tempfile::tempdir().unwrap();
    changed_under_the_board(dir.path(), |app, path| {
        let mine = tui::plan_text(app);
        press(app, "s");
        press(app, "r");
        assert_eq!(app.mode, Mode::Board);
        assert_eq!(app.plan().label(0), "Theirs");
        assert_eq!(wave_ids(app, 0), ["storefront"]);
        assert!(!app.session.is_dirty(), "the board holds the file's plan");
        assert_eq!(std::fs::read_to_string(path).unwrap(), THEIRS);
        assert!(message(app).contains("Reloaded"), "{}", message(app));
        press(app, "u");
        assert_eq!(tui::plan_text(app), mine);
        assert!(app.session.is_dirty());
        // Saving now writes over their plan without asking again: the board has read it.
        press(app, "s");
        assert_eq!(app.mode, Mode::Board);
        assert_eq!(std::fs::read_to_string(path).unwrap(), mine);
    });
}

#[test]
fn saving_elsewhere_leaves_the_changed_file_alone() {
    let dir = tempfile::tempdir().unwrap();
    changed_under_the_board(dir.path(), |app, path| {
        press(app, "s");
        press(app, "e");
        let Mode::ExportPath { text, .. } = &app.mode else {
            panic!("a path prompt, not {:?}", app.mode);
        };
        let suggested = dir_join(path, "retail.mine.plan.ron");
        assert_eq!(text, &suggested);
        press(app, "enter");
        assert_eq!(std::fs::read_to_string(path).unwrap(), THEIRS);
        assert_eq!(
            std::fs::read_to_string(&suggested).unwrap(),
            tui::plan_text(app)
        );
    });
}

fn dir_join(path: &std::path::Path, name: &str) -> String {
    path.with_file_name(name).display().to_string()
}

#[test]
fn a_plan_file_made_since_the_board_opened_is_not_written_over_unasked() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("retail.plan.ron");
    let ws = retail(&path);
    let mut app = open(&ws);
    press(&mut app, "1");
    std::fs::write(&path, THEIRS).unwrap();
    press(&mut app, "s");
    assert_eq!(
        app.mode,
        Mode::Confirm(Confirm::Changed { then_quit: false })
    );
    // Asked while quitting, overwriting ends the session.
    press(&mut app, "esc");
    press(&mut app, "q");
    press(&mut app, "s");
    assert_eq!(
        app.mode,
        Mode::Confirm(Confirm::Changed { then_quit: true })
    );
    press(&mut app, "o");
    assert!(app.quit);
    assert_eq!(
        std::fs::read_to_string(&path).unwrap(),
        tui::plan_text(&app)
    );
}

#[test]
fn the_quit_question_takes_only_its_own_keys() {
    let dir = tempfile::tempdir().unwrap();
    let ws = retail(&dir.path().join("retail.plan.ron"));
    let mut app = open(&ws);
    press(&mut app, "1");
    press(&mut app, "q");
    assert_eq!(app.mode, Mode::Confirm(Confirm::Quit));
    for key in ["enter", "space", "x", "q", "1", "o", "r"] {
        press(&mut app, key);
        assert!(!app.quit, "{key} quit");
        assert_eq!(app.mode, Mode::Confirm(Confirm::Quit), "{key}");
    }
    press(&mut app, "esc");
    assert_eq!(app.mode, Mode::Board);
    assert!(!app.quit);
    // Other questions still take Enter for yes.
    press(&mut app, "a");
    press(&mut app, "enter");
    assert_eq!(app.mode, Mode::Board);
    assert!(app.plan().wave_count() > 1, "the automatic plan ran");
}

#[test]
fn pasted_text_goes_into_the_open_prompt_and_never_runs_as_keys() {
    let dir = tempfile::tempdir().unwrap();
    let ws = retail(&dir.path().join("retail.plan.ron"));
    let mut app = open(&ws);
    keys(&mut app, &["l", "1"]);
    let before = tui::plan_text(&app);
    // On the board: nothing happens but a word in the footer (this paste would quit).
    tui::update::paste(&mut app, "qy\nsna1");
    assert_eq!(tui::plan_text(&app), before);
    assert!(!app.quit);
    assert_eq!(app.mode, Mode::Board);
    assert!(message(&app).contains("Pasted text"), "{}", message(&app));
    // Renaming: typed after what is there, control characters left out, at most the prompt's
    // length however long the paste.
    press(&mut app, "r");
    press(&mut app, "ctrl+u");
    tui::update::paste(&mut app, "Pi\u{1b}lot");
    let Mode::Rename { text, .. } = &app.mode else {
        panic!("renaming");
    };
    assert_eq!(text, "Pilot");
    tui::update::paste(&mut app, &"x".repeat(100_000));
    let Mode::Rename { text, .. } = &app.mode else {
        panic!("renaming");
    };
    assert_eq!(text.chars().count(), 200);
    press(&mut app, "esc");
    // In the filter: the text up to the line break.
    press(&mut app, "/");
    tui::update::paste(&mut app, "pay\nq");
    assert_eq!(app.filter, "pay");
    press(&mut app, "esc");
    assert_eq!(tui::plan_text(&app), before);
}

#[test]
fn an_export_never_replaces_another_portfolio_or_a_plan_by_a_report() {
    let dir = tempfile::tempdir().unwrap();
    let ws = retail(&dir.path().join("retail.plan.ron"));
    let mut app = open(&ws);
    let other = dir.path().join("bank.ron");
    std::fs::write(&other, "Portfolio(apps: [(id: \"a\")])\n").unwrap();
    let plan = dir.path().join("next.plan.ron");
    std::fs::write(&plan, "Plan(waves: [])\n").unwrap();
    for (format, path, why) in [
        (
            waveplan::export::ExportFormat::Md,
            &other,
            "holds a portfolio",
        ),
        (
            waveplan::export::ExportFormat::Ron,
            &other,
            "holds a portfolio",
        ),
        (waveplan::export::ExportFormat::Csv, &plan, "holds a plan"),
    ] {
        tui::perform(
            &mut app,
            tui::Effect::Export {
                format,
                path: path.clone(),
                overwrite: true,
            },
        );
        assert!(message(&app).contains(why), "{}", message(&app));
    }
    assert_eq!(
        std::fs::read_to_string(&other).unwrap(),
        "Portfolio(apps: [(id: \"a\")])\n"
    );
    assert_eq!(std::fs::read_to_string(&plan).unwrap(), "Plan(waves: [])\n");
    // A plan over a plan is what the ron export is for.
    tui::perform(
        &mut app,
        tui::Effect::Export {
            format: waveplan::export::ExportFormat::Ron,
            path: plan.clone(),
            overwrite: true,
        },
    );
    assert_eq!(
        std::fs::read_to_string(&plan).unwrap(),
        tui::plan_text(&app)
    );
}

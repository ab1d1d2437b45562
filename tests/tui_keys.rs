//! Key bindings: the defaults, a remapped key from a keys.ron text, located errors for a bad
//! file, and the binary refusing a bad file (exit 2) before it touches the terminal.

mod tui_support;

use assert_cmd::Command;
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use predicates::prelude::*;
use tui_support::*;
use waveplan::tui::Action;
use waveplan::tui::keymap::{Key, Keymap};

fn board(keymap: &Keymap, key: &str) -> Option<Action> {
    let key = Key::parse(key).unwrap();
    keymap.board_action(&KeyEvent::new(key.code, key.mods))
}

#[test]
fn every_key_of_the_design_is_bound_by_default() {
    let km = Keymap::default();
    for (key, action) in [
        ("left", Action::FocusPrev),
        ("h", Action::FocusPrev),
        ("right", Action::FocusNext),
        ("l", Action::FocusNext),
        ("up", Action::SelectPrev),
        ("k", Action::SelectPrev),
        ("down", Action::SelectNext),
        ("j", Action::SelectNext),
        ("shift+left", Action::MoveAppPrev),
        ("H", Action::MoveAppPrev),
        ("shift+right", Action::MoveAppNext),
        ("L", Action::MoveAppNext),
        ("[", Action::WaveEarlier),
        ("]", Action::WaveLater),
        ("n", Action::NewWave),
        ("r", Action::RenameWave),
        ("d", Action::DeleteWave),
        ("1", Action::Pull(1)),
        ("9", Action::Pull(9)),
        ("a", Action::AutoPlan),
        ("c", Action::Capacity),
        ("x", Action::LockWave),
        ("p", Action::PinApp),
        ("D", Action::Changes),
        ("f", Action::Findings),
        ("u", Action::Undo),
        ("ctrl+r", Action::Redo),
        ("/", Action::Filter),
        ("esc", Action::ClearFilter),
        ("g", Action::Dependencies),
        ("s", Action::Save),
        ("e", Action::Export),
        ("?", Action::Help),
        ("q", Action::Quit),
    ] {
        assert_eq!(board(&km, key), Some(action), "{key}");
    }
    // Terminals differ in whether an upper-case letter comes with Shift.
    let upper = KeyEvent::new(KeyCode::Char('L'), KeyModifiers::NONE);
    assert_eq!(km.board_action(&upper), Some(Action::MoveAppNext));
}

#[test]
fn a_config_remaps_keys_and_the_help_follows() {
    let text = r#"Keys(
    save: ["ctrl+s"],
    undo: ["z", "u"],
    help: ["f1"],
    // `s` is free now: give it to the dependency view.
    dependencies: ["s"],
)"#;
    let km = Keymap::from_config(text, "keys.ron").unwrap();
    assert_eq!(board(&km, "ctrl+s"), Some(Action::Save));
    assert_eq!(board(&km, "s"), Some(Action::Dependencies));
    assert_eq!(board(&km, "g"), None);
    assert_eq!(board(&km, "z"), Some(Action::Undo));
    assert_eq!(board(&km, "f1"), Some(Action::Help));
    assert_eq!(board(&km, "?"), None);
    assert_eq!(
        board(&km, "q"),
        Some(Action::Quit),
        "the rest keep their defaults"
    );

    // The help screen and the footer are made from the keymap.
    let ws = workspace(retail_portfolio());
    let mut app = open_with(&ws, km);
    let footer = screen(&app, 120, 36);
    assert!(footer.contains("F1 help"), "{footer}");
    press(&mut app, "f1");
    let help = screen(&app, 120, 40);
    assert!(help.contains("Ctrl+s"), "{help}");
    assert!(help.contains("z u"), "{help}");
}

#[test]
fn the_plan_rule_commands_remap_and_the_help_and_footer_follow() {
    let text = r#"Keys(
    capacity: ["C"],
    lock_wave: ["ctrl+l"],
    pin_app: ["P"],
    changes: ["ctrl+d"],
)"#;
    let km = Keymap::from_config(text, "keys.ron").unwrap();
    assert_eq!(board(&km, "C"), Some(Action::Capacity));
    assert_eq!(board(&km, "ctrl+l"), Some(Action::LockWave));
    assert_eq!(board(&km, "P"), Some(Action::PinApp));
    assert_eq!(board(&km, "ctrl+d"), Some(Action::Changes));
    for old in ["c", "x", "p", "D"] {
        assert_eq!(board(&km, old), None, "{old}");
    }
    let ws = workspace(retail_portfolio());
    let mut app = open_with(&ws, km);
    let footer = screen(&app, 200, 40).lines().last().unwrap().to_string();
    for hint in ["C capacity", "Ctrl+l lock", "P pin", "Ctrl+d changes"] {
        assert!(footer.contains(hint), "{hint}: {footer}");
    }
    press(&mut app, "?");
    let help = screen(&app, 120, 60);
    for row in [
        "C ",
        "Ctrl+l",
        "Ctrl+d",
        "what changed since the saved plan",
    ] {
        assert!(help.contains(row), "{row}: {help}");
    }
    // The overlay closes with its own key, as the findings do.
    keys(&mut app, &["esc", "ctrl+d"]);
    assert_eq!(app.mode, waveplan::tui::Mode::Changes { scroll: 0 });
    press(&mut app, "ctrl+d");
    assert_eq!(app.mode, waveplan::tui::Mode::Board);
}

#[test]
fn a_key_taken_from_another_command_leaves_it() {
    let km = Keymap::from_config("(undo: [\"a\"])", "keys.ron").unwrap();
    assert_eq!(board(&km, "a"), Some(Action::Undo));
    assert!(km.keys_for(Action::AutoPlan).is_empty());
    assert!(km.keys_for(Action::Undo) == vec![Key::parse("a").unwrap()]);
}

#[test]
fn the_board_always_keeps_a_way_out() {
    let messages = |text: &str| -> Vec<String> {
        match Keymap::from_config(text, "keys.ron") {
            Ok(_) => Vec::new(),
            Err(e) => e.diagnostics().iter().map(ToString::to_string).collect(),
        }
    };
    assert_eq!(
        messages("Keys(\n    quit: [],\n)"),
        [
            "error: keys.ron:2:11: `quit` needs a key: it is the only way to leave the board; give \
          it one, such as [\"q\"]"
        ]
    );
    // Its default keys all given to other commands.
    assert_eq!(
        messages("(help: [\"q\"],\n undo: [\"ctrl+c\", \"u\"])"),
        [
            "error: keys.ron:1:9: `quit` has no key left, and it is the only way to leave the \
          board: this file gives `q` to `help` and `Ctrl+c` to `undo`; give `quit` a key of its \
          own"
        ]
    );
    // One of them left, or another key of its own: fine.
    assert!(messages("(help: [\"q\"])").is_empty());
    let km = Keymap::from_config("(help: [\"q\"], quit: [\"x\"])", "keys.ron").unwrap();
    assert_eq!(board(&km, "x"), Some(Action::Quit));
}

#[test]
fn every_problem_of_a_keys_file_is_reported_at_once() {
    let text = "Keys(\n    sav: [\"x\"],\n    save: [\"ctrl+nope\"],\n    undo: 5,\n    redo: [\"g\"],\n    dependencies: [\"g\"],\n    quit: [],\n)";
    let err = Keymap::from_config(text, "keys.ron").unwrap_err();
    let places: Vec<String> = err
        .diagnostics()
        .iter()
        .map(|d| {
            let p = d.pos.unwrap();
            format!("{}:{}", p.line, p.col)
        })
        .collect();
    assert_eq!(places, ["2:5", "3:12", "4:11", "6:20", "7:11"], "{err}");
}

#[test]
fn a_bad_config_is_an_error_with_file_line_and_column() {
    let err = Keymap::from_config("Keys(\n    sav: [\"x\"],\n)", "keys.ron").unwrap_err();
    let text = err.to_string();
    assert!(text.contains("keys.ron:2:"), "{text}");
    assert!(text.contains("did you mean `save`"), "{text}");

    let err = Keymap::from_config("(\n  save: [\"s\", \"ctrl+nope\"],\n)", "keys.ron").unwrap_err();
    let text = err.to_string();
    assert!(
        text.contains("keys.ron:2:15: unknown key `ctrl+nope`"),
        "{text}"
    );

    let err = Keymap::from_config("(save: [\"x\"], quit: [\"x\"])", "keys.ron").unwrap_err();
    assert!(
        err.to_string().contains("bound to both `save` and `quit`"),
        "{err}"
    );

    let err = Keymap::from_config("(save: [\"x\"]", "keys.ron").unwrap_err();
    assert!(err.to_string().starts_with("error: keys.ron:1:"), "{err}");
}

#[test]
fn the_binary_refuses_a_bad_keys_file_before_touching_the_terminal() {
    let dir = tempfile::tempdir().unwrap();
    let keys = dir.path().join("keys.ron");
    std::fs::write(&keys, "(\n    sav: [\"x\"],\n)\n").unwrap();
    let expected = format!("error: {}:2:", keys.display());
    Command::cargo_bin("waveplan")
        .unwrap()
        .arg("--keys")
        .arg(&keys)
        .assert()
        .code(2)
        .stdout(predicate::str::is_empty())
        .stderr(predicate::str::contains(expected.clone()));
    // The same through WAVEPLAN_CONFIG.
    Command::cargo_bin("waveplan")
        .unwrap()
        .env("WAVEPLAN_CONFIG", &keys)
        .assert()
        .code(2)
        .stdout(predicate::str::is_empty())
        .stderr(predicate::str::contains(expected));
    // A keys file that is named but missing is an error too.
    Command::cargo_bin("waveplan")
        .unwrap()
        .arg("--keys")
        .arg(dir.path().join("missing.ron"))
        .assert()
        .code(2)
        .stderr(predicate::str::contains("cannot read the file"));
}

#[test]
fn without_a_terminal_the_board_says_so() {
    let dir = tempfile::tempdir().unwrap();
    Command::cargo_bin("waveplan")
        .unwrap()
        .current_dir(dir.path())
        .env("XDG_CONFIG_HOME", dir.path())
        .env_remove("WAVEPLAN_CONFIG")
        .assert()
        .code(2)
        .stdout(predicate::str::is_empty())
        .stderr(predicate::str::contains("the board needs a terminal"));
}

#[test]
fn the_readme_example_keys_file_is_valid() {
    let readme = include_str!("../README.md");
    let section = readme
        .split("### Key bindings file")
        .nth(1)
        .expect("the README has the key bindings section");
    let block = section
        .split("```ron\n")
        .nth(1)
        .and_then(|b| b.split("```").next())
        .expect("a ron block");
    let km = Keymap::from_config(block, "README.md").unwrap();
    assert_eq!(board(&km, "ctrl+s"), Some(Action::Save));
    assert_eq!(board(&km, "s"), Some(Action::Dependencies));
    assert_eq!(board(&km, "4"), None);
}

#[test]
fn the_footer_names_the_pull_keys_that_are_bound() {
    let ws = retail(std::path::Path::new("retail.plan.ron"));
    for (config, hint) in [
        ("Keys(pull: [\"1\", \"2\", \"3\"])", "1-3"),
        ("Keys(pull: [\"p\"])", "p"),
    ] {
        let km = Keymap::from_config(config, "keys.ron").unwrap();
        let mut app = open_with(&ws, km);
        // The empty first wave says the same keys.
        press(&mut app, "l");
        let shown = screen(&app, 120, 36);
        let footer = shown.lines().last().unwrap();
        assert!(footer.contains(&format!("{hint} pull")), "{footer}");
        assert!(!footer.contains("--"), "{footer}");
        assert!(
            shown.contains(&format!("empty: {hint} pulls a recommendation")),
            "{shown}"
        );
    }
}

//! The board's screens, drawn on ratatui's TestBackend: reviewed snapshots of the main screen,
//! overlays and prompts; every size from 1x1 up without a panic; no colour under NO_COLOR; no
//! control character from the portfolio on screen.

mod tui_support;

use ratatui::style::Color;
use tui_support::*;
use waveplan::model::{App as PortfolioApp, Portfolio};
use waveplan::tui::app::Mode;
use waveplan::tui::theme::Theme;

fn retail_session() -> waveplan::tui::Workspace {
    workspace(retail_portfolio())
}

#[test]
fn main_screen_120x36() {
    let ws = retail_session();
    let mut app = open(&ws);
    keys(&mut app, &["1", "j"]);
    insta::assert_snapshot!(screen(&app, 120, 36));
}

#[test]
fn main_screen_80x24() {
    let ws = retail_session();
    let mut app = open(&ws);
    keys(&mut app, &["1", "j"]);
    insta::assert_snapshot!(screen(&app, 80, 24));
}

#[test]
fn main_screen_100x30_after_the_automatic_plan() {
    let ws = retail_session();
    let mut app = open(&ws);
    keys(&mut app, &["a", "y", "l", "j"]);
    insta::assert_snapshot!(screen(&app, 100, 30));
}

#[test]
fn help_overlay() {
    let ws = retail_session();
    let mut app = open(&ws);
    press(&mut app, "?");
    insta::assert_snapshot!(screen(&app, 100, 36));
}

#[test]
fn filter_prompt() {
    let ws = retail_session();
    let mut app = open(&ws);
    press(&mut app, "/");
    type_text(&mut app, "cache");
    insta::assert_snapshot!(screen(&app, 100, 30));
}

#[test]
fn rename_prompt() {
    let ws = retail_session();
    let mut app = open(&ws);
    keys(&mut app, &["l", "r", "ctrl+u"]);
    type_text(&mut app, "Pilot");
    insta::assert_snapshot!(screen(&app, 100, 30));
}

#[test]
fn quit_prompt() {
    let ws = retail_session();
    let mut app = open(&ws);
    keys(&mut app, &["1", "q"]);
    insta::assert_snapshot!(screen(&app, 80, 24));
}

#[test]
fn dependency_view() {
    let ws = retail_session();
    let mut app = open(&ws);
    press(&mut app, "/");
    type_text(&mut app, "checkout");
    keys(&mut app, &["enter", "g"]);
    insta::assert_snapshot!(screen(&app, 100, 30));
}

#[test]
fn findings_overlay_after_the_automatic_plan() {
    let ws = retail_session();
    let mut app = open(&ws);
    keys(&mut app, &["a", "y", "f"]);
    insta::assert_snapshot!(screen(&app, 100, 30));
}

#[test]
fn automatic_plan_confirm() {
    let ws = retail_session();
    let mut app = open(&ws);
    press(&mut app, "a");
    insta::assert_snapshot!(screen(&app, 80, 24));
}

#[test]
fn capacity_form() {
    let ws = retail_session();
    let mut app = open(&ws);
    keys(
        &mut app,
        &["c", "8", "down", "down", "down", "right", "down"],
    );
    insta::assert_snapshot!(screen(&app, 100, 30));
}

#[test]
fn locked_wave_and_pinned_app_and_the_question_before_an_edit() {
    let ws = retail_session();
    let mut app = open(&ws);
    keys(&mut app, &["1", "1", "l", "x", "p", "n", "1", "h"]);
    insta::assert_snapshot!("locked_and_pinned", screen(&app, 100, 30));
    press(&mut app, "H");
    insta::assert_snapshot!("locked_wave_question", screen(&app, 80, 24));
}

#[test]
fn changes_overlay() {
    let ws = retail_session();
    let mut app = open(&ws);
    keys(
        &mut app,
        &["1", "l", "x", "n", "1", "p", "c", "8", "enter", "D"],
    );
    insta::assert_snapshot!(screen(&app, 100, 30));
}

#[test]
fn a_full_pilot_says_why_nothing_fits() {
    let ws = retail_session();
    let mut app = open(&ws);
    keys(&mut app, &["1", "1", "1", "l", "h", "L"]);
    insta::assert_snapshot!(screen(&app, 100, 30));
}

#[test]
fn too_small_terminal() {
    let ws = retail_session();
    let app = open(&ws);
    insta::assert_snapshot!(screen(&app, 60, 15));
}

#[test]
fn empty_portfolio() {
    let ws = workspace(Portfolio::default());
    let app = open(&ws);
    insta::assert_snapshot!(screen(&app, 80, 24));
}

#[test]
fn every_size_draws_without_a_panic() {
    let retail = retail_session();
    let empty = workspace(Portfolio::default());
    let mut sizes: Vec<(u16, u16)> = vec![(1, 1), (10, 5), (79, 23), (80, 24), (300, 100)];
    for w in (1..=300).step_by(23) {
        for h in (1..=100).step_by(11) {
            sizes.push((w, h));
        }
    }
    // Around the minimum size, where the board switches to its message.
    for w in 68..=72 {
        for h in 18..=22 {
            sizes.push((w, h));
        }
    }
    for ws in [&retail, &empty] {
        let mut app = open(ws);
        // The board, then each overlay and prompt.
        let setups: &[&[&str]] = &[
            &[],
            &["1", "n", "1", "l", "l"],
            &["?"],
            &["esc", "g"],
            &["esc", "/", "a"],
            &["enter", "esc", "r"],
            &["esc", "a"],
            &["n", "c"],
            &["esc", "D"],
            &["esc", "l", "x", "1"],
            &["n", "e"],
            &["enter"],
            &["esc", "q"],
        ];
        for keys_first in setups {
            keys(&mut app, keys_first);
            for &(w, h) in &sizes {
                draw(&app, w, h);
            }
        }
    }
}

#[test]
fn no_colour_under_no_color_and_colour_otherwise() {
    let ws = retail_session();
    let mut app = open(&ws);
    keys(&mut app, &["1", "a", "y"]);
    let (terminal, _) = draw(&app, 120, 36);
    let plain = terminal
        .backend()
        .buffer()
        .content()
        .iter()
        .all(|c| c.fg == Color::Reset && c.bg == Color::Reset);
    assert!(plain, "Theme::plain() draws no colour");
    app.theme = Theme { color: true };
    let (terminal, _) = draw(&app, 120, 36);
    assert!(
        terminal
            .backend()
            .buffer()
            .content()
            .iter()
            .any(|c| c.fg != Color::Reset)
    );
}

#[test]
fn no_control_character_reaches_the_screen() {
    let mut a = PortfolioApp::new("web");
    a.name = Some("Web \u{1b}]0;pwned\u{7}shop\u{1b}[31m".into());
    a.owner = Some("team\u{9b}2J".into());
    a.tags = vec!["pci\u{1b}[5m".into()];
    let ws = workspace(Portfolio {
        name: "Evil\u{1b}[2J estate".into(),
        apps: vec![a],
    });
    let mut app = open(&ws);
    press(&mut app, "/");
    type_text(&mut app, "web");
    for keys_then in [&["enter"][..], &["g"], &["esc", "?"]] {
        keys(&mut app, keys_then);
        let (terminal, _) = draw(&app, 120, 36);
        for cell in terminal.backend().buffer().content() {
            assert!(
                !cell.symbol().chars().any(char::is_control),
                "control character in {:?}",
                cell.symbol()
            );
        }
    }
    assert_eq!(app.mode, Mode::Help { scroll: 0 });
}

//! Helpers for the board's tests: a session on the retail sample, keys pressed as a user would,
//! and the screen drawn on ratatui's TestBackend.

#![allow(dead_code)]

use std::path::Path;

use crossterm::event::KeyEvent;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use waveplan::load;
use waveplan::model::Portfolio;
use waveplan::score::Weights;
use waveplan::session::{self as start, Workspace};
use waveplan::tui::keymap::Key;
use waveplan::tui::theme::Theme;
use waveplan::tui::view::{self, Viewport};
use waveplan::tui::{self, App, Effect, Keymap};

pub fn retail_portfolio() -> Portfolio {
    load::portfolio_from_str(waveplan::SAMPLE_PORTFOLIO, waveplan::SAMPLE_FILE)
        .expect("the sample loads")
        .value
}

/// A workspace on the retail sample whose plan file is `plan_path`.
pub fn retail(plan_path: &Path) -> Workspace {
    Workspace::new(
        retail_portfolio(),
        Weights::default(),
        waveplan::SAMPLE_FILE,
        plan_path,
        plan_path.with_file_name("retail").display().to_string(),
    )
}

/// A workspace on `portfolio` whose plan file (never written) is `retail.plan.ron`.
pub fn workspace(portfolio: Portfolio) -> Workspace {
    Workspace::new(
        portfolio,
        Weights::default(),
        "test.ron",
        "retail.plan.ron",
        "retail",
    )
}

/// A session as `waveplan` opens it: the plan file when there is one, else one empty wave.
pub fn open(ws: &Workspace) -> App<'_> {
    open_with(ws, Keymap::default())
}

pub fn open_with(ws: &Workspace, keymap: Keymap) -> App<'_> {
    let opening = start::open_plan(&ws.plan_path, &ws.portfolio, &ws.graph).expect("plan opens");
    let mut app = App::new(ws, opening.plan, keymap, Theme::plain());
    app.session.set_load_problems(opening.problems);
    app.session.disk = opening.stamp;
    if let Some(m) = opening.message {
        app.error(m);
    }
    app
}

/// Press one key, written as in keys.ron (`1`, `L`, `ctrl+r`, `esc`), and perform its effect.
pub fn press(app: &mut App<'_>, key: &str) -> Option<Effect> {
    let key = Key::parse(key).expect("a key");
    let event = KeyEvent::new(key.code, key.mods);
    let action = app.key_action(&event)?;
    let effect = tui::update(app, action);
    match &effect {
        // As the run loop does: the planner runs in view, not through `perform`.
        Some(Effect::AutoPlan) => tui::planning::run(app, |_| false),
        Some(e) => tui::perform(app, e.clone()),
        None => {}
    }
    effect
}

pub fn keys(app: &mut App<'_>, keys: &[&str]) {
    for k in keys {
        press(app, k);
    }
}

/// Type text into a prompt.
pub fn type_text(app: &mut App<'_>, text: &str) {
    for c in text.chars() {
        press(app, &c.to_string());
    }
}

/// Draw the screen at `width` x `height`; returns the terminal (for its buffer) and the viewport.
pub fn draw(app: &App<'_>, width: u16, height: u16) -> (Terminal<TestBackend>, Viewport) {
    let mut terminal = Terminal::new(TestBackend::new(width, height)).expect("test terminal");
    let mut viewport = Viewport::default();
    terminal
        .draw(|frame| view::draw(frame, app, &mut viewport))
        .expect("draws");
    (terminal, viewport)
}

/// The screen as text, one line per row.
pub fn screen(app: &App<'_>, width: u16, height: u16) -> String {
    let (terminal, _) = draw(app, width, height);
    terminal.backend().to_string()
}

/// The ids of the apps a wave (0-based) holds, in plan order.
pub fn wave_ids(app: &App<'_>, wave: usize) -> Vec<String> {
    app.plan().waves()[wave]
        .apps
        .iter()
        .map(|&a| app.portfolio().apps[a].id.to_string())
        .collect()
}

/// The first app id of each recommendation.
pub fn recommended(app: &App<'_>) -> Vec<Vec<String>> {
    app.session
        .recommendations()
        .iter()
        .map(|r| {
            r.apps
                .iter()
                .map(|&a| app.portfolio().apps[a].id.to_string())
                .collect()
        })
        .collect()
}

//! Board latency, measured through the board itself: 1,000 edits (move a random app of a column
//! near the focus one wave on, or back) through `update`, each followed by a frame drawn at
//! 200x60 on a test backend.
//!
//!     cargo run --release --example board_latency -- PORTFOLIO
//!
//! It starts from the automatic plan. The last lines are `edit=1000 p50_us=... p99_us=...
//! max_us=... cpu_p50_us=...` and the same for `focus` (the click on the column) and `frame`
//! (wall clock, then the thread's own CPU time).

#[path = "support/latency.rs"]
mod latency;

use std::path::PathBuf;

use rand::{RngExt, SeedableRng};
use rand_chacha::ChaCha8Rng;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use waveplan::tui::theme::Theme;
use waveplan::tui::view::{self, Viewport};
use waveplan::tui::{Action, App, Keymap, Workspace, update};

fn main() {
    let Some(path) = std::env::args().nth(1).map(PathBuf::from) else {
        eprintln!("usage: board_latency PORTFOLIO");
        std::process::exit(2);
    };
    let portfolio = match waveplan::load::load_portfolio(&path) {
        Ok(l) => l.value,
        Err(e) => {
            eprintln!("{e}");
            std::process::exit(e.exit_code());
        }
    };
    let ws = Workspace::new(
        portfolio,
        waveplan::score::Weights::default(),
        path.display().to_string(),
        "/dev/null",
        "x",
    );
    let plan = waveplan::analysis::WavePlan::empty(ws.graph.app_count());
    let mut app = App::new(&ws, plan, Keymap::default(), Theme::from_env());
    update(&mut app, Action::AutoPlan);
    if let Some(effect) = update(&mut app, Action::Yes) {
        // The run loop performs the planning the confirmation asks for.
        waveplan::tui::perform(&mut app, effect);
    }
    let mut terminal = Terminal::new(TestBackend::new(200, 60)).expect("test terminal");
    let mut viewport = Viewport::default();
    let mut rng = ChaCha8Rng::seed_from_u64(42);
    let (mut edits, mut frames, mut focus) = (
        latency::Samples::default(),
        latency::Samples::default(),
        latency::Samples::default(),
    );
    for _ in 0..1000 {
        // Pick a column near the one in focus and a card in it as a user would (the
        // recommendations follow the focus: a jump across many waves costs the apps it passes,
        // timed apart as `focus`), then move the card.
        let near = app.focus.saturating_sub(3)..(app.focus + 4).min(app.columns.len());
        let column = rng.random_range(near);
        focus.time(|| update(&mut app, Action::Click { column, row: None }));
        let rows = app.columns[app.focus].apps.len().max(1);
        update(
            &mut app,
            Action::Click {
                column,
                row: Some(rng.random_range(0..rows)),
            },
        );
        let action = if rng.random_bool(0.5) {
            Action::MoveAppNext
        } else {
            Action::MoveAppPrev
        };
        edits.time(|| update(&mut app, action));
        frames.time(|| {
            terminal
                .draw(|frame| view::draw(frame, &app, &mut viewport))
                .expect("draws");
        });
    }
    println!(
        "{} apps, {} waves, {} planned",
        ws.graph.app_count(),
        app.plan().wave_count(),
        app.session.live().planned()
    );
    println!("{}", edits.report("edit"));
    println!("{}", focus.report("focus"));
    println!("{}", frames.report("frame"));
}

//! Benchmarks of the board: one frame drawn on ratatui's TestBackend at 200x60, and one edit
//! (move an app to the next wave) through `update` (undo record, columns, findings,
//! recommendations and figures), on generated portfolios of both shapes (see
//! `support/portfolios.rs`) with the automatic plan.
//!
//!     cargo bench --bench board                         # 10k and 100k apps
//!     WAVEPLAN_BENCH_1M=1 cargo bench --bench board     # also 1M apps
//!     WAVEPLAN_BENCH_SMALL=1 cargo bench --bench board  # 1k apps only

#[path = "support/portfolios.rs"]
mod portfolios;

use std::time::Duration;

use criterion::{BenchmarkId, Criterion, criterion_group, criterion_main};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use waveplan::tui::theme::Theme;
use waveplan::tui::view::{self, Viewport};
use waveplan::tui::{Action, App, Keymap, Workspace, update};

fn board(c: &mut Criterion) {
    let mut group = c.benchmark_group("board");
    group
        .sample_size(20)
        .measurement_time(Duration::from_secs(3))
        .warm_up_time(Duration::from_millis(500));
    portfolios::each(|label, portfolio| {
        let ws = Workspace::new(
            portfolio.clone(),
            waveplan::score::Weights::default(),
            "bench.ron",
            "/dev/null",
            "bench",
        );
        let plan = waveplan::analysis::WavePlan::empty(ws.graph.app_count());
        let mut app = App::new(&ws, plan, Keymap::default(), Theme::plain());
        update(&mut app, Action::AutoPlan);
        // The run loop performs the planning the confirmation asks for.
        if let Some(effect) = update(&mut app, Action::Yes) {
            waveplan::tui::perform(&mut app, effect);
        }
        update(&mut app, Action::FocusNext);
        let mut terminal = Terminal::new(TestBackend::new(200, 60)).expect("test terminal");
        let mut viewport = Viewport::default();
        group.bench_with_input(BenchmarkId::new("frame_200x60", label), &label, |b, _| {
            b.iter(|| {
                terminal
                    .draw(|frame| view::draw(frame, &app, &mut viewport))
                    .map(|f| f.area.width)
            })
        });
        let mut forward = true;
        group.bench_with_input(BenchmarkId::new("edit_move_app", label), &label, |b, _| {
            b.iter(|| {
                // back and forth, so the plan stays the same shape
                update(
                    &mut app,
                    if forward {
                        Action::MoveAppNext
                    } else {
                        Action::MoveAppPrev
                    },
                );
                forward = !forward;
                app.session.live().hybrid_total()
            })
        });
    });
    group.finish();
}

criterion_group!(benches, board);
criterion_main!(benches);

//! The board: the interactive terminal front end, and the only part of waveplan that knows about
//! the terminal. Keys become `Action`s (keymap), `update` applies them to the `App`, the loop
//! performs the `Effect`s (save, export, quit) and draws the `view` from the `App`.

pub mod action;
pub mod app;
pub mod changes;
pub mod detail;
pub mod export;
pub mod form;
pub mod key;
pub mod keymap;
pub mod planning;
pub mod start;
pub mod theme;
pub mod update;
pub mod view;

pub use action::{Action, Effect};
pub use app::{App, Mode, Workspace};
pub use keymap::Keymap;
pub use update::update;

use std::io::{self, IsTerminal, Write};
use std::panic::{self, AssertUnwindSafe};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};

use crossterm::event::{self, DisableMouseCapture, EnableMouseCapture, Event};
use crossterm::terminal::{
    EnterAlternateScreen, LeaveAlternateScreen, disable_raw_mode, enable_raw_mode,
};
use crossterm::{cursor, execute};
use ratatui::Terminal;
use ratatui::backend::CrosstermBackend;

use crate::diagnostic::printable;
use export::ExportFormat;

/// Exit status after a panic (the status Rust uses for one).
pub const PANIC_EXIT: u8 = 101;

/// Run the board on the terminal until the user quits. Returns the exit status: 0, or
/// `PANIC_EXIT` after a panic (the terminal is restored and the unsaved plan written to a
/// recovery file whose path is printed).
pub fn run(app: &mut App<'_>) -> io::Result<u8> {
    if !io::stdout().is_terminal() {
        return Err(io::Error::other(
            "the board needs a terminal; for reports use `waveplan check`, `score`, `recommend` or `export`",
        ));
    }
    install_panic_hook();
    let mut terminal = enter()?;
    let outcome = panic::catch_unwind(AssertUnwindSafe(|| event_loop(&mut terminal, app)));
    leave();
    match outcome {
        Ok(result) => result.map(|()| 0),
        Err(_) => {
            report_recovery(app);
            Ok(PANIC_EXIT)
        }
    }
}

/// Whether the terminal is in the board's modes (raw, alternate screen, mouse capture).
static ENTERED: AtomicBool = AtomicBool::new(false);

fn enter() -> io::Result<Terminal<CrosstermBackend<io::Stdout>>> {
    enable_raw_mode()?;
    ENTERED.store(true, Ordering::SeqCst);
    let entered = execute!(
        io::stdout(),
        EnterAlternateScreen,
        EnableMouseCapture,
        cursor::Hide
    )
    .and_then(|()| Terminal::new(CrosstermBackend::new(io::stdout())));
    if entered.is_err() {
        leave();
    }
    entered
}

/// Put the terminal back as it was. Only the first call after `enter` acts: leaving the
/// alternate screen twice would move the cursor over what was printed in between.
fn leave() {
    if !ENTERED.swap(false, Ordering::SeqCst) {
        return;
    }
    let _ = execute!(
        io::stdout(),
        DisableMouseCapture,
        LeaveAlternateScreen,
        cursor::Show
    );
    let _ = disable_raw_mode();
}

/// Restore the terminal before the panic message prints, so it is readable.
fn install_panic_hook() {
    let previous = panic::take_hook();
    panic::set_hook(Box::new(move |info| {
        leave();
        previous(info);
    }));
}

fn event_loop(
    terminal: &mut Terminal<CrosstermBackend<io::Stdout>>,
    app: &mut App<'_>,
) -> io::Result<()> {
    let mut viewport = view::Viewport::default();
    loop {
        terminal.draw(|frame| view::draw(frame, app, &mut viewport))?;
        app.clamp_overlay_scroll(viewport.overlay_max_scroll());
        let event = event::read()?;
        let action = match &event {
            Event::Key(_) => event
                .as_key_press_event()
                .and_then(|key| app.keymap.action(app.mode_kind(), &key)),
            Event::Mouse(mouse) if app.mode == Mode::Board => viewport.mouse(mouse),
            // A resize (or anything else) just redraws.
            _ => None,
        };
        let action =
            action.filter(|&a| !viewport.too_small() || update::acts_on_a_small_screen(app, a));
        if let Some(action) = action
            && let Some(effect) = update(app, action)
        {
            if effect == Effect::AutoPlan {
                plan_in_view(terminal, app, &mut viewport)?;
            } else {
                perform(app, effect);
            }
        }
        if app.quit {
            return Ok(());
        }
    }
}

/// Run the automatic planner on its thread while the board draws its progress; `Esc` (or
/// `Ctrl+c`) stops it and keeps the best plan so far. Other keys are read and let go.
fn plan_in_view(
    terminal: &mut Terminal<CrosstermBackend<io::Stdout>>,
    app: &mut App<'_>,
    viewport: &mut view::Viewport,
) -> io::Result<()> {
    let mut failed = None;
    planning::run(app, |app| {
        if failed.is_some() {
            return false;
        }
        let mut stop = false;
        let drawn = terminal
            .draw(|frame| view::draw(frame, app, viewport))
            .and_then(|_| {
                while event::poll(std::time::Duration::ZERO)? {
                    if let Some(key) = event::read()?.as_key_press_event() {
                        let ctrl = key.modifiers.contains(event::KeyModifiers::CONTROL);
                        stop |= key.code == event::KeyCode::Esc
                            || (ctrl && key.code == event::KeyCode::Char('c'));
                    }
                }
                Ok(())
            });
        if let Err(e) = drawn {
            // The terminal is gone: stop planning and report it after.
            failed = Some(e);
            return true;
        }
        stop
    });
    failed.map_or(Ok(()), Err)
}

/// Carry out an effect: write the plan or an export, or quit. The outcome is reported in the
/// footer message. The automatic plan is waited for (the run loop draws its progress instead).
pub fn perform(app: &mut App<'_>, effect: Effect) {
    match effect {
        Effect::Save { then_quit } => {
            let path = app.ws.plan_path.clone();
            match save(app, &path) {
                Ok(()) => {
                    app.mark_saved();
                    app.info(format!("Saved {}", printable(&path.display().to_string())));
                    app.quit = then_quit;
                }
                Err(e) => app.error(format!(
                    "Cannot save {}: {e}",
                    printable(&path.display().to_string())
                )),
            }
        }
        Effect::Export {
            format,
            path,
            overwrite,
        } => {
            let shown = printable(&path.display().to_string()).into_owned();
            if let Some(why) = export_refusal(app, format, &path) {
                app.error(format!("Not exported: {shown} {why}"));
                return;
            }
            if !overwrite && path.exists() {
                app.mode = Mode::Confirm(app::Confirm::Overwrite { format, path });
                return;
            }
            match export::render_export(format, app)
                .and_then(|bytes| crate::atomic::write(&path, &bytes).map_err(|e| e.to_string()))
            {
                Ok(()) => app.info(format!("Exported {} to {shown}", format.name())),
                Err(e) => app.error(format!("Cannot export to {shown}: {e}")),
            }
        }
        Effect::AutoPlan => planning::run(app, |_| false),
        Effect::Quit => app.quit = true,
    }
}

/// Why an export must not write `path`, if it must not: it is the portfolio, or (for any format
/// but the plan file's own) the plan file.
fn export_refusal(app: &App<'_>, format: ExportFormat, path: &Path) -> Option<String> {
    if let Some(portfolio) = &app.ws.portfolio_path
        && same_file(path, portfolio)
    {
        return Some("is the portfolio file; choose another path".to_string());
    }
    if format != ExportFormat::Ron && same_file(path, &app.ws.plan_path) {
        return Some(format!(
            "is the plan file; choose another path ({} saves the plan)",
            app.keymap.hint(Action::Save).unwrap_or_default()
        ));
    }
    None
}

/// Whether two paths name the same file: the same file on disk when both exist, else the same
/// path as written.
fn same_file(a: &Path, b: &Path) -> bool {
    match (std::fs::canonicalize(a), std::fs::canonicalize(b)) {
        (Ok(x), Ok(y)) => x == y,
        _ => a == b,
    }
}

/// The plan file text of the board's plan.
pub fn plan_text(app: &App<'_>) -> String {
    crate::model::write::plan_to_ron(&app.plan.to_plan(app.portfolio()))
}

fn save(app: &App<'_>, path: &Path) -> io::Result<()> {
    crate::atomic::write(path, plan_text(app).as_bytes())
}

/// Where the plan goes after a panic: next to the plan file (`retail.plan.recovered.ron`), or in
/// the temporary folder when that cannot be written.
pub fn recovery_path(plan_path: &Path) -> PathBuf {
    let name = plan_path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "waveplan.plan.ron".to_string());
    let stem = name.strip_suffix(".ron").unwrap_or(&name);
    plan_path.with_file_name(format!("{stem}.recovered.ron"))
}

/// Write the board's plan to a recovery file; returns where it went.
pub fn write_recovery(app: &App<'_>) -> io::Result<PathBuf> {
    let text = plan_text(app);
    let beside = recovery_path(&app.ws.plan_path);
    match crate::atomic::write(&beside, text.as_bytes()) {
        Ok(()) => Ok(beside),
        Err(_) => {
            let name = beside
                .file_name()
                .map(|n| n.to_os_string())
                .unwrap_or_else(|| "waveplan.recovered.ron".into());
            let temp = std::env::temp_dir().join(name);
            crate::atomic::write(&temp, text.as_bytes()).map(|()| temp)
        }
    }
}

fn report_recovery(app: &App<'_>) {
    let mut err = io::stderr().lock();
    if !app.is_dirty() {
        let _ = writeln!(
            err,
            "waveplan: the board stopped on an internal error; the plan had no unsaved changes"
        );
        return;
    }
    let _ = match write_recovery(app) {
        Ok(path) => writeln!(
            err,
            "waveplan: the board stopped on an internal error; the unsaved plan was written to {}",
            path.display()
        ),
        Err(e) => writeln!(
            err,
            "waveplan: the board stopped on an internal error, and the unsaved plan could not be written: {e}"
        ),
    };
}

//! The board: the interactive terminal front end, and the only part of waveplan that knows about
//! the terminal. Keys become `Action`s (keymap), `update` applies them to the `App`, the loop
//! performs the `Effect`s (save, export, quit) and draws the `view` from the `App`.

pub mod action;
pub mod app;
pub mod column;
mod effect;
pub mod export;
pub mod input;
pub mod key;
pub mod keymap;
pub mod overlay;
pub mod planning;
pub mod theme;
pub mod update;
pub mod view;

pub use crate::session::Workspace;
pub use action::{Action, Effect};
pub use app::{App, Mode};
use effect::report_recovery;
pub use effect::{perform, plan_text, recovery_path, write_recovery};
pub use keymap::Keymap;
pub use update::update;

use std::io::{self, IsTerminal};
use std::panic::{self, AssertUnwindSafe};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::time::Duration;

use crossterm::event::{
    self, DisableBracketedPaste, DisableMouseCapture, EnableBracketedPaste, EnableMouseCapture,
    Event,
};
use crossterm::terminal::{
    EnterAlternateScreen, LeaveAlternateScreen, disable_raw_mode, enable_raw_mode,
};
use crossterm::{cursor, execute};
use ratatui::backend::{Backend, CrosstermBackend};
use ratatui::{Terminal, TerminalOptions, Viewport};

/// Exit status after a panic (the status Rust uses for one).
pub const PANIC_EXIT: u8 = 101;

/// Run the board on the terminal until the user quits. Returns the exit status: 0; or
/// `PANIC_EXIT` after a panic, 128 + N after signal N (hang-up, terminate, interrupt, quit);
/// either way the terminal is restored and the unsaved plan written to a recovery file whose
/// path is printed. When the terminal fails (gone with its window or SSH session), the unsaved
/// plan is written there too and the error returned.
pub fn run(app: &mut App<'_>) -> io::Result<u8> {
    if !io::stdout().is_terminal() {
        return Err(io::Error::other(
            "the board needs a terminal; for reports use `waveplan check`, `score`, `recommend` or `export`",
        ));
    }
    install_panic_hook();
    install_signal_handlers()?;
    let mut terminal = enter()?;
    let outcome = panic::catch_unwind(AssertUnwindSafe(|| event_loop(&mut terminal, app)));
    leave();
    match outcome {
        Ok(Ok(())) => match caught_signal() {
            Some(signal) => {
                report_recovery(app, &format!("stopped by {}", signal_name(signal)));
                Ok(128 + signal as u8)
            }
            None => Ok(0),
        },
        Ok(Err(e)) => {
            report_recovery(app, &format!("lost its terminal ({e})"));
            Err(e)
        }
        Err(_) => {
            report_recovery(app, "stopped on an internal error");
            Ok(PANIC_EXIT)
        }
    }
}

/// The signals that end a session from outside: a closed window or SSH session (HUP), `kill`
/// (TERM), an interrupt sent to the process (INT: Ctrl+c itself is a key on the board), and
/// QUIT.
const ENDING_SIGNALS: [i32; 4] = [
    signal_hook::consts::SIGHUP,
    signal_hook::consts::SIGTERM,
    signal_hook::consts::SIGINT,
    signal_hook::consts::SIGQUIT,
];

/// The last ending signal received (0: none).
static SIGNAL: std::sync::LazyLock<std::sync::Arc<AtomicUsize>> =
    std::sync::LazyLock::new(|| std::sync::Arc::new(AtomicUsize::new(0)));

/// From now on an ending signal only sets `SIGNAL`; the board sees it within a tenth of a
/// second, restores the terminal and writes the unsaved plan before it exits.
fn install_signal_handlers() -> io::Result<()> {
    for signal in ENDING_SIGNALS {
        signal_hook::flag::register_usize(signal, SIGNAL.clone(), signal as usize)?;
    }
    Ok(())
}

fn caught_signal() -> Option<i32> {
    match SIGNAL.load(Ordering::SeqCst) {
        0 => None,
        s => Some(s as i32),
    }
}

fn signal_name(signal: i32) -> &'static str {
    match signal {
        signal_hook::consts::SIGHUP => "SIGHUP (the terminal closed)",
        signal_hook::consts::SIGTERM => "SIGTERM",
        signal_hook::consts::SIGINT => "SIGINT",
        signal_hook::consts::SIGQUIT => "SIGQUIT",
        _ => "a signal",
    }
}

/// The largest screen the board draws (columns, rows): a larger terminal gets the board in its
/// top left corner rather than frame buffers of gigabytes.
const MAX_SCREEN: (u16, u16) = (1000, 400);

fn screen_area(size: ratatui::layout::Size) -> ratatui::layout::Rect {
    ratatui::layout::Rect::new(
        0,
        0,
        size.width.min(MAX_SCREEN.0),
        size.height.min(MAX_SCREEN.1),
    )
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
        EnableBracketedPaste,
        cursor::Hide
    )
    .and_then(|()| {
        let backend = CrosstermBackend::new(io::stdout());
        let viewport = Viewport::Fixed(screen_area(backend.size()?));
        Terminal::with_options(backend, TerminalOptions { viewport })
    });
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
        DisableBracketedPaste,
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
    let events = read_events();
    loop {
        fit_screen(terminal)?;
        terminal.draw(|frame| view::draw(frame, app, &mut viewport))?;
        app.clamp_overlay_scroll(viewport.overlay_max_scroll());
        let Some(event) = next_event(&events)? else {
            // An ending signal: `run` restores the terminal and keeps the plan.
            return Ok(());
        };
        if let Event::Paste(text) = &event {
            update::paste(app, text);
            continue;
        }
        let action = match &event {
            Event::Key(_) => event
                .as_key_press_event()
                .and_then(|key| app.key_action(&key)),
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
                plan_in_view(terminal, app, &mut viewport, &events)?;
            } else {
                perform(app, effect);
            }
        }
        if app.quit {
            return Ok(());
        }
    }
}

/// The terminal's events, read on a thread of their own: on a terminal that hung up, reading
/// can spin without returning, and the board must still see a signal, or notice the terminal
/// is gone, and keep the plan.
type Events = std::sync::mpsc::Receiver<io::Result<Event>>;

fn read_events() -> Events {
    let (send, receive) = std::sync::mpsc::sync_channel(256);
    std::thread::spawn(move || {
        loop {
            let event = event::read();
            let failed = event.is_err();
            if send.send(event).is_err() || failed {
                return;
            }
        }
    });
    receive
}

/// The next terminal event; `None` once an ending signal has arrived; an error when the
/// terminal is gone (it no longer tells its size).
fn next_event(events: &Events) -> io::Result<Option<Event>> {
    use std::sync::mpsc::RecvTimeoutError;
    loop {
        if caught_signal().is_some() {
            return Ok(None);
        }
        match events.recv_timeout(Duration::from_millis(100)) {
            Ok(event) => return event.map(Some),
            Err(RecvTimeoutError::Timeout) => {
                crossterm::terminal::size()?;
            }
            Err(RecvTimeoutError::Disconnected) => {
                return Err(io::Error::other("the terminal's events stopped"));
            }
        }
    }
}

/// Follow the terminal's size, up to `MAX_SCREEN`.
fn fit_screen(terminal: &mut Terminal<CrosstermBackend<io::Stdout>>) -> io::Result<()> {
    let area = screen_area(terminal.backend().size()?);
    if terminal.get_frame().area() != area {
        terminal.resize(area)?;
    }
    Ok(())
}

/// Run the automatic planner on its thread while the board draws its progress; `Esc` (or
/// `Ctrl+c`) stops it and keeps the best plan so far. Other keys are read and let go.
fn plan_in_view(
    terminal: &mut Terminal<CrosstermBackend<io::Stdout>>,
    app: &mut App<'_>,
    viewport: &mut view::Viewport,
    events: &Events,
) -> io::Result<()> {
    let mut failed = None;
    planning::run(app, |app| {
        if failed.is_some() {
            return false;
        }
        let mut stop = caught_signal().is_some();
        let drawn = fit_screen(terminal)
            .and_then(|()| terminal.draw(|frame| view::draw(frame, app, viewport)))
            .and_then(|_| {
                while let Ok(event) = events.try_recv() {
                    if let Some(key) = event?.as_key_press_event() {
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

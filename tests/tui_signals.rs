//! A board ended from outside (its window or SSH session closed, `kill`, an interrupt or quit
//! signal) restores the terminal and writes the unsaved plan to the recovery file, as a panic
//! does: the binary runs in a pseudo-terminal, gets an edit, then each signal.

use std::io::Read;
use std::os::fd::{AsFd, OwnedFd};
use std::process::{Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use nix::pty::{Winsize, openpty};
use nix::sys::signal::{Signal, kill};
use nix::sys::termios::{LocalFlags, tcgetattr};
use nix::unistd::Pid;

/// Wait until `done` holds for what the board wrote so far, or fail after a while.
fn wait_for(output: &Mutex<Vec<u8>>, what: &str, done: impl Fn(&[u8]) -> bool) {
    let start = Instant::now();
    while !done(&output.lock().unwrap()) {
        assert!(
            start.elapsed() < Duration::from_secs(60),
            "the board did not show {what}"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
}

/// The board running in a pseudo-terminal of `cols` x `rows` in a fresh folder.
struct Board {
    dir: tempfile::TempDir,
    child: std::process::Child,
    output: Arc<Mutex<Vec<u8>>>,
    keys: std::fs::File,
    slave: OwnedFd,
    /// Set, then join `reader`, to close the terminal's master side (a closed window).
    hang_up: Arc<std::sync::atomic::AtomicBool>,
    reader: std::thread::JoinHandle<()>,
    /// The terminal's modes before the board started.
    before: nix::sys::termios::Termios,
}

fn start(cols: u16, rows: u16) -> Board {
    let dir = tempfile::tempdir().unwrap();
    let size = Winsize {
        ws_row: rows,
        ws_col: cols,
        ws_xpixel: 0,
        ws_ypixel: 0,
    };
    let pty = openpty(Some(&size), None).unwrap();
    let slave: OwnedFd = pty.slave;
    let before = tcgetattr(slave.as_fd()).unwrap();
    let child = Command::new(env!("CARGO_BIN_EXE_waveplan"))
        .current_dir(dir.path())
        .env("XDG_CONFIG_HOME", dir.path())
        .env_remove("WAVEPLAN_CONFIG")
        .env("TERM", "xterm-256color")
        .env("NO_COLOR", "1")
        .stdin(Stdio::from(slave.try_clone().unwrap()))
        .stdout(Stdio::from(slave.try_clone().unwrap()))
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let output = Arc::new(Mutex::new(Vec::new()));
    let mut master = std::fs::File::from(pty.master);
    let keys = master.try_clone().unwrap();
    let hang_up = Arc::new(std::sync::atomic::AtomicBool::new(false));
    let reader = {
        let output = output.clone();
        let hang_up = hang_up.clone();
        std::thread::spawn(move || {
            let mut buf = [0u8; 4096];
            // Until told to hang up: then the master side closes with this thread.
            while !hang_up.load(std::sync::atomic::Ordering::SeqCst) {
                let mut fds = [nix::poll::PollFd::new(
                    master.as_fd(),
                    nix::poll::PollFlags::POLLIN,
                )];
                if nix::poll::poll(&mut fds, nix::poll::PollTimeout::from(50u16)).unwrap_or(0) == 0
                {
                    continue;
                }
                match master.read(&mut buf) {
                    Ok(0) | Err(_) => break,
                    Ok(n) => output.lock().unwrap().extend_from_slice(&buf[..n]),
                }
            }
        })
    };
    wait_for(&output, "the board", |o| {
        String::from_utf8_lossy(o).contains("Unplanned")
    });
    Board {
        dir,
        child,
        output,
        keys,
        slave,
        hang_up,
        reader,
        before,
    }
}

/// Wait for the board to exit; its status and what it wrote on stderr.
fn exit(board: &mut Board, what: &str) -> (std::process::ExitStatus, String) {
    let start = Instant::now();
    let status = loop {
        if let Some(status) = board.child.try_wait().unwrap() {
            break status;
        }
        assert!(
            start.elapsed() < Duration::from_secs(30),
            "the board did not stop on {what}"
        );
        std::thread::sleep(Duration::from_millis(50));
    };
    let mut stderr = String::new();
    board
        .child
        .stderr
        .take()
        .unwrap()
        .read_to_string(&mut stderr)
        .unwrap();
    (status, stderr)
}

fn run_and_signal(signal: Signal) {
    let mut board = start(100, 30);
    let before = board.before.clone();
    // An edit: focus the first wave and pull the first recommendation into it.
    let shown = board.output.lock().unwrap().len();
    std::io::Write::write_all(&mut board.keys, b"l1").unwrap();
    wait_for(&board.output, "the unsaved mark", |o| {
        o[shown..].contains(&b'*')
    });
    kill(Pid::from_raw(board.child.id() as i32), signal).unwrap();
    let (status, stderr) = exit(&mut board, signal.as_str());
    assert_eq!(
        status.code(),
        Some(128 + signal as i32),
        "{signal}: {stderr}"
    );
    assert!(
        stderr.contains("the unsaved plan was written to"),
        "{signal}: {stderr}"
    );

    // The terminal is as it was: line editing, echo and signals on again; the alternate
    // screen, mouse capture and bracketed paste off, after the board turned them on.
    let after = tcgetattr(board.slave.as_fd()).unwrap();
    for flag in [LocalFlags::ICANON, LocalFlags::ECHO, LocalFlags::ISIG] {
        assert_eq!(
            after.local_flags.contains(flag),
            before.local_flags.contains(flag),
            "{signal}: {flag:?}"
        );
    }
    let written = String::from_utf8_lossy(&board.output.lock().unwrap()).into_owned();
    let entered = written.rfind("\x1b[?1049h").expect("the alternate screen");
    for off in ["\x1b[?1049l", "\x1b[?2004l", "\x1b[?1000l"] {
        assert!(
            written[entered..].contains(off),
            "{signal}: {off:?} not written after the board"
        );
    }

    // The recovery file holds the edit.
    let recovered = board.dir.path().join("retail.plan.recovered.ron");
    let text = std::fs::read_to_string(&recovered).expect("a recovery file");
    let portfolio = waveplan::load::portfolio_from_str(waveplan::SAMPLE_PORTFOLIO, "retail.ron")
        .unwrap()
        .value;
    let plan = waveplan::load::plan_from_str(&text, "recovered", &portfolio)
        .unwrap()
        .value;
    assert!(
        !plan.waves[0].apps.is_empty(),
        "{signal}: the pulled app is in the recovered plan"
    );
    assert!(
        !board.dir.path().join("retail.plan.ron").exists(),
        "nothing saved unasked"
    );
}

#[test]
fn a_hang_up_keeps_the_unsaved_plan_and_restores_the_terminal() {
    run_and_signal(Signal::SIGHUP);
}

#[test]
fn terminate_interrupt_and_quit_keep_the_unsaved_plan_and_restore_the_terminal() {
    for signal in [Signal::SIGTERM, Signal::SIGINT, Signal::SIGQUIT] {
        run_and_signal(signal);
    }
}

#[test]
fn a_huge_terminal_gets_a_board_of_bounded_size() {
    // 10,000 x 10,000 cells would be frame buffers of gigabytes.
    let mut board = start(10_000, 10_000);
    std::io::Write::write_all(&mut board.keys, b"q").unwrap();
    let (status, stderr) = exit(&mut board, "q");
    assert_eq!(status.code(), Some(0), "{stderr}");
}

#[test]
fn a_closed_window_keeps_the_unsaved_plan() {
    let mut board = start(100, 30);
    let shown = board.output.lock().unwrap().len();
    std::io::Write::write_all(&mut board.keys, b"l1").unwrap();
    wait_for(&board.output, "the unsaved mark", |o| {
        o[shown..].contains(&b'*')
    });
    // The window closes: every handle on the master side goes (reading the terminal then
    // gives nothing, without end), and the hang-up signal follows.
    board
        .hang_up
        .store(true, std::sync::atomic::Ordering::SeqCst);
    let Board { reader, keys, .. } = &mut board;
    drop(std::mem::replace(keys, tempfile::tempfile().unwrap()));
    std::mem::replace(reader, std::thread::spawn(|| {}))
        .join()
        .unwrap();
    std::thread::sleep(Duration::from_millis(300));
    kill(Pid::from_raw(board.child.id() as i32), Signal::SIGHUP).unwrap();
    let (status, stderr) = exit(&mut board, "a hang-up");
    assert_eq!(status.code(), Some(129), "{stderr}");
    assert!(
        stderr.contains("the unsaved plan was written to"),
        "{stderr}"
    );
    assert!(board.dir.path().join("retail.plan.recovered.ron").exists());
}

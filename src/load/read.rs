//! The one way waveplan reads an input file: a regular file (or standard input, `-`, where a
//! command takes it), never more than a cap, as UTF-8 text. Pipes, sockets and devices are
//! refused before anything is read from them, so that `/dev/zero` cannot fill the memory and a
//! named pipe nobody writes to cannot hang the command.

use std::fs::{File, Metadata};
use std::io::Read;
use std::path::Path;

use super::{LoadError, text_from_bytes};
use crate::diagnostic::Diagnostic;

/// The largest file waveplan reads (a 100,000-app portfolio is about 40 MB).
pub const MAX_FILE_BYTES: u64 = 512 * 1024 * 1024;

/// What the path `-` means to the command reading it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stdin {
    /// `-` is standard input.
    Allowed,
    /// `-` is a file name like any other.
    Refused,
}

/// The name an input goes by in messages: `<stdin>` for `-` where it means standard input.
pub fn input_name(path: &Path, stdin: Stdin) -> String {
    if stdin == Stdin::Allowed && is_stdin(path) {
        STDIN_NAME.to_string()
    } else {
        path.display().to_string()
    }
}

/// How messages name standard input.
pub const STDIN_NAME: &str = "<stdin>";

/// Whether `path` is `-`.
pub fn is_stdin(path: &Path) -> bool {
    path.as_os_str() == "-"
}

/// Read a whole regular file as UTF-8 text, at most `MAX_FILE_BYTES`.
pub fn read_text(path: &Path) -> Result<String, LoadError> {
    read_input(path, Stdin::Refused, MAX_FILE_BYTES)
}

/// Read a whole input as UTF-8 text, at most `cap` bytes: a regular file, or standard input
/// when `path` is `-` and `stdin` allows it.
pub fn read_input(path: &Path, stdin: Stdin, cap: u64) -> Result<String, LoadError> {
    let file = input_name(path, stdin);
    let bytes = read_bytes(path, stdin, cap, &file)?;
    text_from_bytes(bytes, &file)
}

fn read_bytes(path: &Path, stdin: Stdin, cap: u64, file: &str) -> Result<Vec<u8>, LoadError> {
    let fail = |msg: String| LoadError::Unreadable(vec![Diagnostic::error(file, None, msg)]);
    let too_large = |what: &str| {
        fail(format!(
            "{what} more than {} MB; waveplan reads files up to {} MB",
            cap / (1024 * 1024),
            cap / (1024 * 1024)
        ))
    };
    if stdin == Stdin::Allowed && is_stdin(path) {
        return match read_capped(std::io::stdin().lock(), cap) {
            Ok(Some(bytes)) => Ok(bytes),
            Ok(None) => Err(too_large("standard input holds")),
            Err(e) => Err(fail(format!("cannot read standard input: {e}"))),
        };
    }
    let meta = std::fs::metadata(path).map_err(|e| fail(format!("cannot read the file: {e}")))?;
    refuse_special(&meta, stdin).map_err(fail)?;
    if meta.len() > cap {
        return Err(fail(format!(
            "the file is {} MB; waveplan reads files up to {} MB",
            meta.len() / (1024 * 1024),
            cap / (1024 * 1024)
        )));
    }
    let handle = open(path).map_err(|e| fail(format!("cannot read the file: {e}")))?;
    // The path may have been replaced between the look and the opening: look at what was opened.
    let meta = handle
        .metadata()
        .map_err(|e| fail(format!("cannot read the file: {e}")))?;
    refuse_special(&meta, stdin).map_err(fail)?;
    match read_capped_sized(handle, cap, meta.len()) {
        Ok(Some(bytes)) => Ok(bytes),
        Ok(None) => Err(too_large("the file grew while it was read and holds")),
        Err(e) => Err(fail(format!("cannot read the file: {e}"))),
    }
}

/// Open for reading without waiting: opening a named pipe blocks until a writer comes, unless
/// it is opened non-blocking (what is opened is checked before a byte is read).
fn open(path: &Path) -> std::io::Result<File> {
    let mut options = std::fs::OpenOptions::new();
    options.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.custom_flags(libc::O_NONBLOCK | libc::O_NOCTTY);
    }
    options.open(path)
}

/// An error message for anything but a regular file.
fn refuse_special(meta: &Metadata, stdin: Stdin) -> Result<(), String> {
    if meta.is_file() {
        return Ok(());
    }
    if meta.is_dir() {
        return Err("is a folder, not a file".to_string());
    }
    let what = special_kind(meta);
    let instead = match stdin {
        Stdin::Allowed => "give the path of a file, or `-` to read standard input",
        Stdin::Refused => "give the path of a file",
    };
    Err(format!(
        "is not a regular file but {what}; waveplan reads only regular files: {instead}"
    ))
}

#[cfg(unix)]
fn special_kind(meta: &Metadata) -> &'static str {
    use std::os::unix::fs::FileTypeExt;
    let t = meta.file_type();
    if t.is_fifo() {
        "a named pipe (FIFO)"
    } else if t.is_socket() {
        "a socket"
    } else if t.is_char_device() || t.is_block_device() {
        "a device"
    } else {
        "a special file"
    }
}

#[cfg(not(unix))]
fn special_kind(_: &Metadata) -> &'static str {
    "a special file"
}

/// Everything `reader` gives, or `None` when it gives more than `cap` bytes (it is never asked
/// for more than one byte past the cap).
pub fn read_capped(reader: impl Read, cap: u64) -> std::io::Result<Option<Vec<u8>>> {
    read_capped_sized(reader, cap, 0)
}

/// `read_capped`, with room made at once for the `size` bytes the reader is expected to give
/// (a file's length), instead of growing the buffer as it fills.
fn read_capped_sized(reader: impl Read, cap: u64, size: u64) -> std::io::Result<Option<Vec<u8>>> {
    let mut bytes = Vec::with_capacity(usize::try_from(size.min(cap)).unwrap_or(0));
    reader.take(cap.saturating_add(1)).read_to_end(&mut bytes)?;
    Ok((bytes.len() as u64 <= cap).then_some(bytes))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_endless_reader_is_cut_one_byte_past_the_cap() {
        assert_eq!(read_capped(std::io::repeat(b'x'), 1000).unwrap(), None);
        let mut counted = std::io::repeat(b'x').take(10_000);
        assert_eq!(read_capped(&mut counted, 10).unwrap(), None);
        // Eleven bytes taken, no more.
        assert_eq!(counted.limit(), 10_000 - 11);
        assert_eq!(
            read_capped(&b"abc"[..], 3).unwrap().as_deref(),
            Some(&b"abc"[..])
        );
        assert_eq!(read_capped(&b""[..], 0).unwrap().as_deref(), Some(&b""[..]));
    }

    #[cfg(unix)]
    #[test]
    fn devices_pipes_and_sockets_are_refused_unread() {
        let dir = tempfile::tempdir().unwrap();
        let fifo = dir.path().join("pipe.ron");
        let c = std::ffi::CString::new(fifo.to_str().unwrap()).unwrap();
        // SAFETY: a valid NUL-terminated path.
        assert_eq!(unsafe { libc::mkfifo(c.as_ptr(), 0o600) }, 0);
        let socket = dir.path().join("socket.ron");
        let _listener = std::os::unix::net::UnixListener::bind(&socket).unwrap();
        for (path, what) in [
            (Path::new("/dev/zero"), "a device"),
            (fifo.as_path(), "a named pipe (FIFO)"),
            (socket.as_path(), "a socket"),
        ] {
            let err = read_text(path).unwrap_err();
            assert_eq!(err.exit_code(), 2);
            let d = &err.diagnostics()[0];
            assert_eq!(d.pos, None);
            assert_eq!(
                d.message,
                format!(
                    "is not a regular file but {what}; waveplan reads only regular files: give \
                     the path of a file"
                )
            );
            let err = read_input(path, Stdin::Allowed, 10).unwrap_err();
            assert!(
                err.diagnostics()[0]
                    .message
                    .ends_with("or `-` to read standard input"),
                "{err}"
            );
        }
        let err = read_text(dir.path()).unwrap_err();
        assert_eq!(err.diagnostics()[0].message, "is a folder, not a file");
    }

    #[test]
    fn a_file_past_the_cap_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("p.ron");
        std::fs::write(&path, "x".repeat(2 * 1024 * 1024 + 1)).unwrap();
        let err = read_input(&path, Stdin::Refused, 2 * 1024 * 1024).unwrap_err();
        assert_eq!(
            err.diagnostics()[0].message,
            "the file is 2 MB; waveplan reads files up to 2 MB"
        );
        assert_eq!(
            read_input(&path, Stdin::Refused, 3 * 1024 * 1024)
                .unwrap()
                .len(),
            2 * 1024 * 1024 + 1
        );
        // `-` is a file name where standard input is not taken.
        let err = read_text(Path::new("-")).unwrap_err();
        assert!(
            err.to_string()
                .starts_with("error: -: cannot read the file")
        );
    }
}

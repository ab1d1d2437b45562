//! Atomic file writes: a temporary file in the same folder, flushed, then renamed over the
//! target, so a crash or a failed write never leaves half a file and never harms the old one.
//!
//! The temporary file is hidden beside the target: `.NAME.XXXXXX.tmp` for `NAME`. A failed write
//! removes it. A process killed mid-write (SIGKILL, power loss) cannot, so its temporary file
//! stays behind, never under the target's name; the next successful write of the same target
//! removes such leftovers once they are `STALE_AFTER` old (a younger one may belong to another
//! process writing the same file right now).

use std::io::{self, Write};
use std::path::Path;
use std::time::{Duration, SystemTime};

/// How long a temporary file goes untouched before it counts as left behind by a killed write.
/// A live write touches its file until the rename, and even the largest file takes seconds.
pub const STALE_AFTER: Duration = Duration::from_secs(10 * 60);

/// Random characters in a temporary file's name.
const RANDOM_CHARS: usize = 6;

/// Write `path` atomically with whatever `fill` writes. On any error the old file is intact
/// and no temporary file is left behind.
pub fn write_with(
    path: &Path,
    fill: impl FnOnce(&mut dyn Write) -> io::Result<()>,
) -> io::Result<()> {
    // A symbolic link is followed: the file it points at is replaced, the link stays.
    let resolved;
    let path = match std::fs::symlink_metadata(path) {
        Ok(meta) if meta.file_type().is_symlink() => {
            resolved = std::fs::canonicalize(path)?;
            resolved.as_path()
        }
        _ => path,
    };
    // Something that is not a regular file (a terminal, a pipe, /dev/null) cannot be replaced
    // by a rename: write to it directly.
    if let Ok(meta) = std::fs::metadata(path)
        && !meta.is_file()
        && !meta.is_dir()
    {
        let mut file = std::fs::OpenOptions::new().write(true).open(path)?;
        let mut buffered = io::BufWriter::new(&mut file);
        fill(&mut buffered)?;
        return buffered.flush();
    }
    let dir = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "waveplan".to_string());
    let prefix = format!(".{name}.");
    let mut builder = tempfile::Builder::new();
    builder
        .prefix(&prefix)
        .suffix(".tmp")
        .rand_bytes(RANDOM_CHARS);
    #[cfg(unix)]
    {
        // A new file gets the usual permissions (0666 less the umask), not the temporary
        // file's private 0600.
        use std::os::unix::fs::PermissionsExt;
        builder.permissions(std::fs::Permissions::from_mode(0o666));
    }
    let mut tmp = builder.tempfile_in(dir)?;
    {
        let mut buffered = io::BufWriter::new(tmp.as_file_mut());
        fill(&mut buffered)?;
        buffered.flush()?;
    }
    tmp.as_file().sync_all()?;
    if let Ok(meta) = std::fs::metadata(path) {
        // Keep the permissions of the file we replace.
        let _ = tmp.as_file().set_permissions(meta.permissions());
    }
    tmp.persist(path).map_err(|e| e.error)?;
    remove_stale(dir, &prefix);
    Ok(())
}

/// Whether `name` is a temporary file name of `write_with` with `prefix` (`.NAME.`).
fn is_temp_name(name: &str, prefix: &str) -> bool {
    name.strip_prefix(prefix)
        .and_then(|rest| rest.strip_suffix(".tmp"))
        .is_some_and(|random| {
            random.len() == RANDOM_CHARS && random.bytes().all(|b| b.is_ascii_alphanumeric())
        })
}

/// Remove the temporary files with `prefix` in `dir` that killed writes left behind. Best
/// effort: what cannot be read or removed stays.
fn remove_stale(dir: &Path, prefix: &str) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    let now = SystemTime::now();
    for entry in entries.flatten() {
        let name = entry.file_name();
        if !name.to_str().is_some_and(|n| is_temp_name(n, prefix)) {
            continue;
        }
        // The entry itself, not what a symbolic link points at.
        let Ok(meta) = entry.metadata() else {
            continue;
        };
        let stale = meta
            .modified()
            .ok()
            .and_then(|m| now.duration_since(m).ok())
            .is_some_and(|age| age >= STALE_AFTER);
        if meta.is_file() && stale {
            let _ = std::fs::remove_file(entry.path());
        }
    }
}

/// Write `contents` to `path` atomically.
pub fn write(path: &Path, contents: &[u8]) -> io::Result<()> {
    write_with(path, |w| w.write_all(contents))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn replaces_and_keeps_old_file_on_failure() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("plan.ron");
        write(&path, b"first").unwrap();
        write(&path, b"second").unwrap();
        assert_eq!(std::fs::read(&path).unwrap(), b"second");
        let err = write_with(&path, |w| {
            w.write_all(b"half a fi")?;
            Err(io::Error::other("disk full"))
        });
        assert!(err.is_err());
        assert_eq!(std::fs::read(&path).unwrap(), b"second");
        let names: Vec<_> = std::fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(names, vec![std::ffi::OsString::from("plan.ron")]);
    }

    #[cfg(unix)]
    #[test]
    fn a_new_file_is_readable_like_any_other() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let atomic = dir.path().join("atomic.ron");
        let plain = dir.path().join("plain.ron");
        write(&atomic, b"x").unwrap();
        std::fs::write(&plain, b"x").unwrap();
        let mode = |p: &Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode(&atomic), mode(&plain));
    }

    fn names_in(dir: &Path) -> Vec<String> {
        let mut names: Vec<String> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        names
    }

    #[test]
    fn a_panicking_writer_leaves_the_old_file_and_no_temporary_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("plan.ron");
        write(&path, b"earlier").unwrap();
        let result = std::panic::catch_unwind(|| {
            let _ = write_with(&path, |w| {
                w.write_all(b"half")?;
                panic!("the writer fails half way");
            });
        });
        assert!(result.is_err());
        assert_eq!(std::fs::read(&path).unwrap(), b"earlier");
        assert_eq!(names_in(dir.path()), ["plan.ron"]);
    }

    #[test]
    fn a_failed_first_write_creates_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("new.ron");
        let err = write_with(&path, |w| {
            w.write_all(&[b'x'; 100_000])?;
            Err(io::Error::other("disk full"))
        });
        assert!(err.is_err());
        assert!(names_in(dir.path()).is_empty());
    }

    #[test]
    fn the_temporary_file_is_hidden_beside_the_target() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("plan.ron");
        let mut during = Vec::new();
        write_with(&path, |w| {
            during = names_in(dir.path());
            w.write_all(b"x")
        })
        .unwrap();
        assert_eq!(during.len(), 1, "{during:?}");
        assert!(during[0].starts_with(".plan.ron."), "{during:?}");
        assert!(is_temp_name(&during[0], ".plan.ron."), "{during:?}");
        assert_eq!(names_in(dir.path()), ["plan.ron"]);
    }

    #[test]
    fn stale_temporary_files_of_the_target_are_removed() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("plan.ron");
        let old = SystemTime::now() - STALE_AFTER - Duration::from_secs(60);
        let make = |name: &str, modified: SystemTime| {
            let f = std::fs::File::create(dir.path().join(name)).unwrap();
            f.set_modified(modified).unwrap();
        };
        make(".plan.ron.a1B2c3.tmp", old); // left by a killed write: removed
        make(".plan.ron.Zz9yY8.tmp", SystemTime::now()); // a write going on now: kept
        make(".other.ron.a1B2c3.tmp", old); // another target's: kept
        make(".plan.ron.a1B2c3.tmp.bak", old); // not a temporary file name: kept
        make(".plan.ron.a1B2.tmp", old); // kept
        make("plan.ron.a1B2c3.tmp", old); // not hidden: kept
        std::fs::create_dir(dir.path().join(".plan.ron.dirdir.tmp")).unwrap(); // kept
        write(&path, b"new").unwrap();
        assert_eq!(
            names_in(dir.path()),
            [
                ".other.ron.a1B2c3.tmp",
                ".plan.ron.Zz9yY8.tmp",
                ".plan.ron.a1B2.tmp",
                ".plan.ron.a1B2c3.tmp.bak",
                ".plan.ron.dirdir.tmp",
                "plan.ron",
                "plan.ron.a1B2c3.tmp",
            ]
        );
    }

    #[test]
    fn missing_folder_is_an_error() {
        let dir = tempfile::tempdir().unwrap();
        assert!(write(&dir.path().join("no/such/plan.ron"), b"x").is_err());
    }

    #[cfg(unix)]
    #[test]
    fn follows_symlinks_and_writes_devices_directly() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("real.ron");
        write(&target, b"old").unwrap();
        let link = dir.path().join("link.ron");
        std::os::unix::fs::symlink(&target, &link).unwrap();
        write(&link, b"new").unwrap();
        assert!(
            std::fs::symlink_metadata(&link)
                .unwrap()
                .file_type()
                .is_symlink()
        );
        assert_eq!(std::fs::read(&target).unwrap(), b"new");
        write(Path::new("/dev/null"), b"discarded").unwrap();
        use std::os::unix::fs::FileTypeExt;
        assert!(
            std::fs::metadata("/dev/null")
                .unwrap()
                .file_type()
                .is_char_device()
        );
    }
}

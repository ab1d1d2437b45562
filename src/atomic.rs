//! Atomic file writes: a temporary file in the same folder, flushed, then renamed over the
//! target, so a crash or a failed write never leaves half a file and never harms the old one.
//!
//! The temporary file is hidden beside the target: `.NAME.XXXXXX.tmp` for `NAME`. A failed write
//! removes it. A process killed mid-write (SIGKILL, power loss) cannot, so its temporary file
//! stays behind, never under the target's name; the next successful write of the same target
//! removes such leftovers once they are `STALE_AFTER` old (a younger one may belong to another
//! process writing the same file right now).
//!
//! A write through a symbolic link replaces the file the link points at and leaves the link a
//! link. The new file keeps the old one's mode (and owner where it may); a target the user may
//! not write is refused unless the caller forces it (`Options::force`).

use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

/// How long a temporary file goes untouched before it counts as left behind by a killed write.
/// A live write touches its file until the rename, and even the largest file takes seconds.
pub const STALE_AFTER: Duration = Duration::from_secs(10 * 60);

/// Random characters in a temporary file's name.
const RANDOM_CHARS: usize = 6;

/// The most symbolic links a write follows from its path to the file it replaces.
const MAX_LINKS: usize = 40;

/// How a write treats the file it replaces.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Options {
    /// Replace a target that is not writable (read-only, or not the user's to write) too. The
    /// new file keeps the old one's mode, so a read-only file stays read-only.
    pub force: bool,
}

/// Why a write refused its target: the file is there and the user may not write it (its mode
/// has no write permission, or not for this user). An `io::Error` of kind `PermissionDenied`
/// carries it; `read_only` finds it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReadOnly {
    /// The file that would have been replaced (a symbolic link's target, not the link).
    pub path: PathBuf,
    /// Its permission bits, where the system has them.
    pub mode: Option<u32>,
}

impl std::fmt::Display for ReadOnly {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let path = crate::diagnostic::printable(&self.path.display().to_string()).into_owned();
        match self.mode {
            Some(mode) => write!(f, "{path} is not writable (mode {:04o})", mode & 0o7777),
            None => write!(f, "{path} is read-only"),
        }
    }
}

impl std::error::Error for ReadOnly {}

/// The `ReadOnly` refusal inside `err`, if that is what it is.
pub fn read_only(err: &io::Error) -> Option<&ReadOnly> {
    err.get_ref()?.downcast_ref::<ReadOnly>()
}

/// The file a write of `path` replaces: `path` itself, or the end of its chain of symbolic
/// links (which need not exist yet: writing through a dangling link creates its target).
pub fn resolve(path: &Path) -> io::Result<PathBuf> {
    let mut current = path.to_path_buf();
    for _ in 0..MAX_LINKS {
        match std::fs::symlink_metadata(&current) {
            Ok(meta) if meta.file_type().is_symlink() => {
                let target = std::fs::read_link(&current)?;
                current = match current.parent() {
                    Some(dir) => dir.join(target),
                    None => target,
                };
            }
            _ => return Ok(current),
        }
    }
    Err(io::Error::other(format!(
        "{}: more than {MAX_LINKS} symbolic links in a row",
        crate::diagnostic::printable(&path.display().to_string())
    )))
}

/// Write `path` atomically with whatever `fill` writes, refusing a target the user may not
/// write (see `write_with_options`).
pub fn write_with(
    path: &Path,
    fill: impl FnOnce(&mut dyn Write) -> io::Result<()>,
) -> io::Result<()> {
    write_with_options(path, Options::default(), fill)
}

/// Write `path` atomically with whatever `fill` writes. On any error the old file is intact
/// and no temporary file is left behind.
///
/// A symbolic link is followed: the file it points at is replaced (the temporary file is
/// written beside that file), and the link stays a link. The new file keeps the old one's
/// permission bits, and its owner and group where the system lets us. A target that is there
/// but not writable by the user is refused with a `ReadOnly` error unless `options.force`.
pub fn write_with_options(
    path: &Path,
    options: Options,
    fill: impl FnOnce(&mut dyn Write) -> io::Result<()>,
) -> io::Result<()> {
    let path = resolve(path)?;
    let path = path.as_path();
    let existing = std::fs::metadata(path).ok();
    // Something that is not a regular file (a terminal, a pipe, /dev/null) cannot be replaced
    // by a rename: write to it directly.
    if let Some(meta) = &existing
        && !meta.is_file()
        && !meta.is_dir()
    {
        let mut file = std::fs::OpenOptions::new().write(true).open(path)?;
        let mut buffered = io::BufWriter::new(&mut file);
        fill(&mut buffered)?;
        return buffered.flush();
    }
    if let Some(meta) = &existing
        && meta.is_file()
        && !options.force
        && !writable(path, meta)
    {
        return Err(io::Error::new(
            io::ErrorKind::PermissionDenied,
            ReadOnly {
                path: path.to_path_buf(),
                mode: mode_of(meta),
            },
        ));
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
        // file's private 0600. A replacement is never more readable than the file it
        // replaces while it is written (and writable by us, who write it).
        use std::os::unix::fs::PermissionsExt;
        let mode = match existing.as_ref().and_then(mode_of) {
            Some(mode) => (mode & 0o777) | 0o600,
            None => 0o666,
        };
        builder.permissions(std::fs::Permissions::from_mode(mode));
    }
    let mut tmp = builder.tempfile_in(dir)?;
    if let Some(meta) = &existing {
        // The old file's owner and group before anything is written; then its exact mode
        // (a change of owner may clear the set-id bits).
        keep_owner(tmp.as_file(), meta);
        tmp.as_file().set_permissions(meta.permissions())?;
    }
    {
        let mut buffered = io::BufWriter::new(tmp.as_file_mut());
        fill(&mut buffered)?;
        buffered.flush()?;
    }
    tmp.as_file().sync_all()?;
    tmp.persist(path).map_err(|e| e.error)?;
    remove_stale(dir, &prefix);
    Ok(())
}

/// Whether the user may write the existing regular file at `path`: its mode gives someone
/// write permission (even the superuser does not replace a file nobody may write without
/// being told to) and the system lets this user open it for writing (opening without
/// truncating changes nothing).
fn writable(path: &Path, meta: &std::fs::Metadata) -> bool {
    if meta.permissions().readonly() {
        return false;
    }
    !matches!(
        std::fs::OpenOptions::new().write(true).open(path),
        Err(e) if e.kind() == io::ErrorKind::PermissionDenied
    )
}

/// The permission bits of a file, where the system has them.
fn mode_of(meta: &std::fs::Metadata) -> Option<u32> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        Some(meta.permissions().mode())
    }
    #[cfg(not(unix))]
    {
        let _ = meta;
        None
    }
}

/// Give `file` the owner and group of `meta`, or at least its group: best effort, since only
/// the superuser may give a file away.
fn keep_owner(file: &std::fs::File, meta: &std::fs::Metadata) {
    #[cfg(unix)]
    {
        use std::os::unix::fs::{MetadataExt, fchown};
        if fchown(file, Some(meta.uid()), Some(meta.gid())).is_err() {
            let _ = fchown(file, None, Some(meta.gid()));
        }
    }
    #[cfg(not(unix))]
    {
        let _ = (file, meta);
    }
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

    #[cfg(unix)]
    fn mode(p: &Path) -> u32 {
        use std::os::unix::fs::PermissionsExt;
        std::fs::metadata(p).unwrap().permissions().mode() & 0o7777
    }

    #[cfg(unix)]
    fn set_mode(p: &Path, mode: u32) {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(p, std::fs::Permissions::from_mode(mode)).unwrap();
    }

    #[cfg(unix)]
    #[test]
    fn a_replaced_file_keeps_its_mode() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("plan.ron");
        for wanted in [0o640, 0o600, 0o664, 0o755] {
            write(&path, b"old").unwrap();
            set_mode(&path, wanted);
            write(&path, b"new").unwrap();
            assert_eq!(mode(&path), wanted);
            assert_eq!(std::fs::read(&path).unwrap(), b"new");
        }
    }

    #[cfg(unix)]
    #[test]
    fn a_read_only_file_is_refused_unless_forced_and_stays_read_only() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("plan.ron");
        write(&path, b"old").unwrap();
        set_mode(&path, 0o444);
        let err = write(&path, b"new").unwrap_err();
        assert_eq!(err.kind(), io::ErrorKind::PermissionDenied);
        let refusal = read_only(&err).expect("a ReadOnly refusal");
        assert_eq!(refusal.path, path);
        assert_eq!(refusal.mode.map(|m| m & 0o777), Some(0o444));
        assert!(
            err.to_string().contains("is not writable (mode 0444)"),
            "{err}"
        );
        assert_eq!(std::fs::read(&path).unwrap(), b"old");
        assert_eq!(names_in(dir.path()), ["plan.ron"]);
        let forced = Options { force: true };
        write_with_options(&path, forced, |w| w.write_all(b"new")).unwrap();
        assert_eq!(std::fs::read(&path).unwrap(), b"new");
        assert_eq!(mode(&path), 0o444);
        // A new file is not refused, and neither is a writable one.
        write(&dir.path().join("fresh.ron"), b"x").unwrap();
        assert!(read_only(&io::Error::other("disk full")).is_none());
    }

    #[cfg(unix)]
    #[test]
    fn a_read_only_file_behind_a_link_is_refused_too() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("real.ron");
        write(&target, b"old").unwrap();
        set_mode(&target, 0o400);
        let link = dir.path().join("link.ron");
        std::os::unix::fs::symlink("real.ron", &link).unwrap();
        let err = write(&link, b"new").unwrap_err();
        assert_eq!(read_only(&err).unwrap().path, target);
        assert_eq!(std::fs::read(&target).unwrap(), b"old");
    }

    #[cfg(unix)]
    #[test]
    fn the_owner_and_group_are_kept_where_the_system_lets_us() {
        use std::os::unix::fs::MetadataExt;
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("plan.ron");
        write(&path, b"old").unwrap();
        let mine = std::fs::metadata(&path).unwrap();
        // Only the superuser may give a file away: then the replacement keeps the owner.
        let given = std::os::unix::fs::chown(&path, Some(4321), Some(4321)).is_ok();
        write(&path, b"new").unwrap();
        let after = std::fs::metadata(&path).unwrap();
        if given {
            assert_eq!((after.uid(), after.gid()), (4321, 4321));
        } else {
            assert_eq!((after.uid(), after.gid()), (mine.uid(), mine.gid()));
        }
    }

    #[cfg(unix)]
    #[test]
    fn links_are_followed_through_chains_and_to_files_not_there_yet() {
        let dir = tempfile::tempdir().unwrap();
        let sub = dir.path().join("shared");
        std::fs::create_dir(&sub).unwrap();
        // link.ron -> shared/middle.ron -> real.ron (relative to shared/), real.ron missing.
        let link = dir.path().join("link.ron");
        std::os::unix::fs::symlink("shared/middle.ron", &link).unwrap();
        std::os::unix::fs::symlink("real.ron", sub.join("middle.ron")).unwrap();
        assert_eq!(resolve(&link).unwrap(), sub.join("real.ron"));
        write(&link, b"first").unwrap();
        assert_eq!(std::fs::read(sub.join("real.ron")).unwrap(), b"first");
        set_mode(&sub.join("real.ron"), 0o640);
        write(&link, b"second").unwrap();
        assert_eq!(std::fs::read(sub.join("real.ron")).unwrap(), b"second");
        assert_eq!(mode(&sub.join("real.ron")), 0o640);
        for l in [&link, &sub.join("middle.ron")] {
            assert!(
                std::fs::symlink_metadata(l)
                    .unwrap()
                    .file_type()
                    .is_symlink()
            );
        }
        assert_eq!(names_in(&sub), ["middle.ron", "real.ron"]);
        // A loop of links is an error, not a hang.
        let a = dir.path().join("a.ron");
        std::os::unix::fs::symlink("b.ron", &a).unwrap();
        std::os::unix::fs::symlink("a.ron", dir.path().join("b.ron")).unwrap();
        assert!(write(&a, b"x").is_err());
    }
}

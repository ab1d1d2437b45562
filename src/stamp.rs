//! What a file on disk held when it was read or written, to tell later whether someone else
//! changed it since (a teammate's edit, a `git pull`), before writing over it.

use std::hash::Hasher;
use std::io;
use std::path::Path;
use std::time::SystemTime;

/// A file's size, modification time and content hash.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FileStamp {
    len: u64,
    modified: Option<SystemTime>,
    hash: u64,
}

impl FileStamp {
    /// The stamp of `bytes`, just read from or written to `path`.
    pub fn of(path: &Path, bytes: &[u8]) -> FileStamp {
        FileStamp {
            len: bytes.len() as u64,
            modified: std::fs::metadata(path).and_then(|m| m.modified()).ok(),
            hash: hash(bytes),
        }
    }

    /// The stamp of the file at `path` now; `None` when there is no file.
    pub fn read(path: &Path) -> io::Result<Option<FileStamp>> {
        match std::fs::read(path) {
            Ok(bytes) => Ok(Some(FileStamp::of(path, &bytes))),
            Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(None),
            Err(e) => Err(e),
        }
    }
}

/// Whether the file at `path` holds something else than it did at `known` (`None`: there was
/// no file). The same size and time mean unchanged without reading it; otherwise the content
/// decides, so a file rewritten with the same text is not a change. A file that cannot be read
/// counts as changed: nobody should write over what they cannot see.
pub fn changed_since(path: &Path, known: Option<&FileStamp>) -> bool {
    let meta = match std::fs::metadata(path) {
        Ok(meta) => meta,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return false,
        Err(_) => return true,
    };
    let Some(known) = known else {
        // Someone made the file since it was looked at.
        return true;
    };
    if meta.len() == known.len && meta.modified().ok() == known.modified && known.modified.is_some()
    {
        return false;
    }
    match FileStamp::read(path) {
        Ok(Some(now)) => now.len != known.len || now.hash != known.hash,
        Ok(None) => false,
        Err(_) => true,
    }
}

fn hash(bytes: &[u8]) -> u64 {
    let mut h = std::hash::DefaultHasher::new();
    h.write(bytes);
    h.finish()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_file_changed_on_disk_is_told_apart_from_one_left_alone() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("p.plan.ron");
        // No file then, none now: unchanged; a file made since: changed.
        assert!(!changed_since(&path, None));
        std::fs::write(&path, "Plan(waves: [])").unwrap();
        assert!(changed_since(&path, None));
        let read = FileStamp::read(&path).unwrap().unwrap();
        assert!(!changed_since(&path, Some(&read)));
        // Rewritten with the same text: not a change; with other text: a change.
        std::fs::write(&path, "Plan(waves: [])").unwrap();
        assert!(!changed_since(&path, Some(&read)));
        std::fs::write(&path, "Plan(waves: [(apps: [])])").unwrap();
        assert!(changed_since(&path, Some(&read)));
        // Removed since: nothing of anyone's to lose.
        std::fs::remove_file(&path).unwrap();
        assert!(!changed_since(&path, Some(&read)));
    }
}

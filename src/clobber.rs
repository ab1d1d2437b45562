//! What a write must not replace: a file the same command reads (under any name: a symbolic
//! link, a hard link, another spelling of its path), and a portfolio or a plan that the new
//! contents are not. The command line refuses such an `-o`; the board can ask the same.

use std::io::Read;
use std::path::Path;

/// Whether `a` and `b` name the same existing file: the same device and inode on Unix (so hard
/// links, symbolic links and `./x` against `x` are all caught), the same canonical path
/// elsewhere. A path that does not exist is nobody's file.
pub fn same_file(a: &Path, b: &Path) -> bool {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        if let (Ok(x), Ok(y)) = (std::fs::metadata(a), std::fs::metadata(b)) {
            return x.dev() == y.dev() && x.ino() == y.ino();
        }
    }
    match (std::fs::canonicalize(a), std::fs::canonicalize(b)) {
        (Ok(x), Ok(y)) => x == y,
        _ => false,
    }
}

/// Whether `path` names the file standard input reads (when it is redirected from a file: `<
/// estate.csv`); a pipe or a terminal is no file `path` can name.
pub fn is_standard_input(path: &Path) -> bool {
    #[cfg(unix)]
    {
        use std::os::fd::AsFd;
        use std::os::unix::fs::MetadataExt;
        let Ok(fd) = std::io::stdin().as_fd().try_clone_to_owned() else {
            return false;
        };
        if let (Ok(x), Ok(y)) = (std::fs::File::from(fd).metadata(), std::fs::metadata(path)) {
            return x.is_file() && x.dev() == y.dev() && x.ino() == y.ino();
        }
    }
    let _ = path;
    false
}

/// The kinds of file a write must not replace with something else.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// A portfolio: its text starts (after white space, comments and `#![...]` attributes)
    /// with `Portfolio(`, or with `(` and one of its fields (`name:`, `apps:`), as the format
    /// lets the root's name be left out.
    Portfolio,
    /// A plan file: it starts with `Plan(`, or with `(` and `capacity:` or `waves:`.
    Plan,
}

impl Kind {
    /// "a portfolio", "a plan".
    pub fn noun(self) -> &'static str {
        match self {
            Kind::Portfolio => "a portfolio",
            Kind::Plan => "a plan",
        }
    }
}

/// How much of a file `kind_of` reads: comments before the first value are short.
const SNIFF_BYTES: u64 = 64 * 1024;

/// The kind of the regular file at `path` (following symbolic links), when it is a portfolio
/// or a plan; `None` for anything else, a file that cannot be read, or one that is not a
/// regular file (a pipe or a device is never read).
pub fn kind_of(path: &Path) -> Option<Kind> {
    let meta = std::fs::metadata(path).ok()?;
    if !meta.is_file() {
        return None;
    }
    let mut file = std::fs::File::open(path).ok()?;
    let mut head = Vec::new();
    (&mut file).take(SNIFF_BYTES).read_to_end(&mut head).ok()?;
    // Comments that run past the part read (a long header): the rest is read too, up to the
    // largest file waveplan reads.
    if head.len() as u64 == SNIFF_BYTES && skip_trivia(&head).is_none_or(<[u8]>::is_empty) {
        file.take(crate::load::read::MAX_FILE_BYTES)
            .read_to_end(&mut head)
            .ok()?;
    }
    kind_of_text(&head)
}

/// The kind of a file that starts with `text`.
pub fn kind_of_text(text: &[u8]) -> Option<Kind> {
    let text = text.strip_prefix("\u{feff}".as_bytes()).unwrap_or(text);
    let rest = skip_trivia(text)?;
    for (name, kind) in [
        (&b"Portfolio"[..], Kind::Portfolio),
        (&b"Plan"[..], Kind::Plan),
    ] {
        if let Some(after) = rest.strip_prefix(name)
            && skip_trivia(after)?.first() == Some(&b'(')
        {
            return Some(kind);
        }
    }
    // A root without its name, told by its first field.
    let inside = skip_trivia(rest.strip_prefix(b"(")?)?;
    let len = inside
        .iter()
        .position(|&b| !(b == b'_' || b.is_ascii_alphanumeric()))
        .unwrap_or(inside.len());
    if skip_trivia(&inside[len..])?.first() != Some(&b':') {
        return None;
    }
    match &inside[..len] {
        b"name" | b"apps" => Some(Kind::Portfolio),
        b"capacity" | b"waves" => Some(Kind::Plan),
        _ => None,
    }
}

/// `text` after the white space, comments (`//`, nested `/* */`) and inner attributes
/// (`#![...]`) at its start; `None` when a comment or an attribute does not end within it.
fn skip_trivia(mut text: &[u8]) -> Option<&[u8]> {
    loop {
        let start = text.len();
        text = text.trim_ascii_start();
        if let Some(rest) = text.strip_prefix(b"//") {
            text = match rest.iter().position(|&b| b == b'\n') {
                Some(end) => &rest[end + 1..],
                None => &[],
            };
        } else if let Some(rest) = text.strip_prefix(b"/*") {
            text = after_block_comment(rest)?;
        } else if let Some(rest) = text.strip_prefix(b"#![") {
            let end = rest.iter().position(|&b| b == b']')?;
            text = &rest[end + 1..];
        }
        if text.len() == start {
            return Some(text);
        }
    }
}

/// The text after a block comment whose opening `/*` came just before `text`.
fn after_block_comment(text: &[u8]) -> Option<&[u8]> {
    let mut depth = 1usize;
    let mut i = 0;
    while i + 1 < text.len() {
        match &text[i..i + 2] {
            b"*/" => {
                depth -= 1;
                i += 2;
                if depth == 0 {
                    return Some(&text[i..]);
                }
            }
            b"/*" => {
                depth += 1;
                i += 2;
            }
            _ => i += 1,
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn portfolios_and_plans_are_told_by_their_first_value() {
        let portfolio = Some(Kind::Portfolio);
        assert_eq!(kind_of_text(b"Portfolio(apps: [])"), portfolio);
        assert_eq!(kind_of_text(b"\n  Portfolio (\n"), portfolio);
        assert_eq!(
            kind_of_text(
                b"// our estate\n/* two /* nested */ */ #![enable(implicit_some)]\nPortfolio("
            ),
            portfolio
        );
        assert_eq!(kind_of_text("\u{feff}Portfolio(".as_bytes()), portfolio);
        assert_eq!(kind_of_text(b"Portfolio/* c */("), portfolio);
        assert_eq!(kind_of_text(b"Plan(waves: [])"), Some(Kind::Plan));
        // The format lets the root's name be left out: its first field tells it.
        assert_eq!(kind_of_text(b"(apps: [])"), portfolio);
        assert_eq!(kind_of_text(b"// ours\n( /* c */ name : \"x\")"), portfolio);
        assert_eq!(kind_of_text(b"(waves: [])"), Some(Kind::Plan));
        assert_eq!(
            kind_of_text(b"(\n  capacity: (max_apps: 5),"),
            Some(Kind::Plan)
        );
        for other in [
            &b""[..],
            b"# Migration plan: Portfolio(",
            b"id,name\nPortfolio(",
            b"{\"portfolio\": 1}",
            b"Portfolios(",
            b"PortfolioX(",
            b"()",
            b"(apps)",
            b"(id: \"a\")",
            b"/* Portfolio( never closed",
            b"digraph waveplan {",
            b"Planned(",
        ] {
            assert_eq!(
                kind_of_text(other),
                None,
                "{}",
                String::from_utf8_lossy(other)
            );
        }
    }

    #[test]
    fn a_long_header_of_comments_is_read_past() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("estate.ron");
        let header = "// a header line of the estate's history, kept in git\n".repeat(3_000);
        assert!(header.len() as u64 > SNIFF_BYTES);
        std::fs::write(&path, format!("{header}Portfolio(apps: [])\n")).unwrap();
        assert_eq!(kind_of(&path), Some(Kind::Portfolio));
        let block = format!("/*\n{}*/\nPlan(waves: [])", "x".repeat(100_000));
        std::fs::write(&path, block).unwrap();
        assert_eq!(kind_of(&path), Some(Kind::Plan));
        std::fs::write(&path, header).unwrap();
        assert_eq!(kind_of(&path), None);
    }

    #[test]
    fn files_are_read_only_when_they_are_regular() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("estate.ron");
        std::fs::write(&path, "// estate\nPortfolio(apps: [])\n").unwrap();
        assert_eq!(kind_of(&path), Some(Kind::Portfolio));
        assert_eq!(kind_of(&dir.path().join("missing.ron")), None);
        assert_eq!(kind_of(dir.path()), None);
        #[cfg(unix)]
        assert_eq!(kind_of(Path::new("/dev/null")), None);
    }

    #[test]
    fn the_same_file_under_another_name_is_the_same_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("estate.ron");
        let other = dir.path().join("other.ron");
        std::fs::write(&path, "x").unwrap();
        std::fs::write(&other, "x").unwrap();
        assert!(same_file(&path, &path));
        assert!(same_file(&path, &dir.path().join(".").join("estate.ron")));
        assert!(!same_file(&path, &other));
        assert!(!same_file(&path, &dir.path().join("missing.ron")));
        assert!(!same_file(
            &dir.path().join("missing.ron"),
            &dir.path().join("missing.ron")
        ));
        let hard = dir.path().join("hard.ron");
        std::fs::hard_link(&path, &hard).unwrap();
        assert!(same_file(&path, &hard));
        #[cfg(unix)]
        {
            let soft = dir.path().join("soft.ron");
            std::os::unix::fs::symlink("estate.ron", &soft).unwrap();
            assert!(same_file(&soft, &path));
            assert!(!same_file(&soft, &other));
        }
    }
}

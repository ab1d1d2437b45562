//! Problems found in user files, with the file, line and column where known.

use std::fmt;

/// How bad a problem is: errors make the input unusable, warnings are advice.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
}

/// A 1-based line and column in a text file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
pub struct Pos {
    pub line: usize,
    pub col: usize,
}

/// One problem in one file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    pub severity: Severity,
    pub file: String,
    pub pos: Option<Pos>,
    pub message: String,
}

impl Diagnostic {
    pub fn error(file: &str, pos: Option<Pos>, message: impl Into<String>) -> Diagnostic {
        Diagnostic {
            severity: Severity::Error,
            file: file.to_string(),
            pos,
            message: message.into(),
        }
    }

    pub fn warning(file: &str, pos: Option<Pos>, message: impl Into<String>) -> Diagnostic {
        Diagnostic {
            severity: Severity::Warning,
            file: file.to_string(),
            pos,
            message: message.into(),
        }
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

impl fmt::Display for Diagnostic {
    /// `error: FILE:LINE:COL: message`, or `error: FILE: message` when the place is unknown.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let label = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        match self.pos {
            Some(p) => write!(
                f,
                "{label}: {}:{}:{}: {}",
                printable(&self.file),
                p.line,
                p.col,
                printable(&self.message)
            ),
            None => write!(
                f,
                "{label}: {}: {}",
                printable(&self.file),
                printable(&self.message)
            ),
        }
    }
}

/// The diagnostics of a load that failed; at least one is an error.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{}", .0.iter().map(|d| d.to_string()).collect::<Vec<_>>().join("\n"))]
pub struct Diagnostics(pub Vec<Diagnostic>);

/// Text shown to a user, made safe for a terminal: line breaks and tabs become spaces; other
/// control characters (terminal escape sequences among them), bidirectional overrides and
/// isolates, and zero-width characters are removed.
pub fn printable(text: &str) -> std::borrow::Cow<'_, str> {
    if text.chars().any(|c| unsafe_char(c) || is_space_control(c)) {
        std::borrow::Cow::Owned(
            text.chars()
                .filter_map(|c| {
                    if is_space_control(c) {
                        Some(' ')
                    } else if unsafe_char(c) {
                        None
                    } else {
                        Some(c)
                    }
                })
                .collect(),
        )
    } else {
        std::borrow::Cow::Borrowed(text)
    }
}

/// A line break or tab: shown as a space.
fn is_space_control(c: char) -> bool {
    matches!(c, '\n' | '\r' | '\t' | '\u{2028}' | '\u{2029}')
}

/// A character that must not reach the terminal: a control character, a bidirectional
/// embedding, override or isolate (U+202A..U+202E, U+2066..U+2069), or a zero-width character
/// (U+200B..U+200F, U+FEFF).
fn unsafe_char(c: char) -> bool {
    c.is_control()
        || matches!(c, '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{FEFF}')
}

#[cfg(test)]
mod printable_tests {
    use super::printable;

    #[test]
    fn breaks_become_spaces_and_invisible_or_reordering_characters_go() {
        assert_eq!(printable("Web\nshop\tEU"), "Web shop EU");
        assert_eq!(printable("a\u{1b}[31mb"), "a[31mb");
        assert_eq!(printable("evil\u{202E}txt.exe"), "eviltxt.exe");
        assert_eq!(
            printable("zero\u{200B}\u{FEFF}\u{2066}width\u{2069}"),
            "zerowidth"
        );
        assert_eq!(printable("line\u{2028}sep"), "line sep");
        assert!(matches!(printable("plain"), std::borrow::Cow::Borrowed(_)));
    }
}

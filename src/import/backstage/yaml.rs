//! The YAML side of a catalog: the file split into its `---` documents, each parsed on its own
//! so that one broken document does not hide the problems of the others, and places found by
//! searching a document's text (YAML values carry no positions once parsed).

use serde_norway::Value;

use crate::diagnostic::{Diagnostic, Pos};

/// One YAML document of the file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Document {
    /// The line of the file the document's text starts on (1-based).
    pub first_line: usize,
    /// The document's lines, `...` end markers blanked so that lines keep their numbers.
    pub text: String,
}

/// Whether `line` is the marker `marker` (`---` or `...`) followed by nothing, a space or a tab.
fn is_marker(line: &str, marker: &str) -> bool {
    line.strip_prefix(marker)
        .is_some_and(|rest| rest.is_empty() || rest.starts_with([' ', '\t', '\r', '\n']))
}

/// Whether a line holds YAML content: not blank, not a comment, not a directive, not a bare
/// marker.
fn has_content(line: &str) -> bool {
    let line = line.trim_start_matches('\u{feff}');
    let rest = if is_marker(line, "---") || is_marker(line, "...") {
        &line[3..]
    } else if line.starts_with('%') {
        ""
    } else {
        line
    };
    let rest = rest.trim();
    !rest.is_empty() && !rest.starts_with('#')
}

/// Split a YAML stream into its documents. A `---` line at the start of a line always begins a
/// new document (YAML does not allow it inside a value); documents with no content are left out.
pub fn split(text: &str) -> Vec<Document> {
    let mut docs = Vec::new();
    let mut current = Document {
        first_line: 1,
        text: String::new(),
    };
    let mut content = false;
    for (n, line) in text.split_inclusive('\n').enumerate() {
        let bare = line.trim_start_matches('\u{feff}');
        if is_marker(bare, "---") {
            if content {
                docs.push(current);
            }
            current = Document {
                first_line: n + 1,
                text: String::new(),
            };
            content = false;
        }
        if is_marker(bare, "...") {
            // The end of a document: keep the line count, drop the marker.
            current.text.push('\n');
            continue;
        }
        content |= has_content(line);
        current.text.push_str(line);
    }
    if content {
        docs.push(current);
    }
    docs
}

/// The first part of a YAML error message: the places libyaml adds count from the start of the
/// document, not of the file, so they are dropped (the diagnostic carries the right one).
fn message_of(e: &serde_norway::Error) -> String {
    let text = e.to_string();
    let cut = text.find(" at line ").unwrap_or(text.len());
    text[..cut].to_string()
}

impl Document {
    /// Parse the document, YAML merge keys (`<<: *base`) applied.
    pub fn parse(&self, file: &str) -> Result<Value, Diagnostic> {
        let mut value: Value = serde_norway::from_str(&self.text).map_err(|e| {
            let pos = e.location().map(|l| Pos {
                line: self.first_line + l.line().saturating_sub(1),
                col: l.column().max(1),
            });
            Diagnostic::error(
                file,
                pos.or(Some(self.start())),
                format!("this is not valid YAML: {}", message_of(&e)),
            )
        })?;
        // A failed merge leaves the `<<` key in place, which nothing reads: harmless.
        let _ = value.apply_merge();
        Ok(value)
    }

    /// Where the document's content starts.
    pub fn start(&self) -> Pos {
        for (n, line) in self.text.lines().enumerate() {
            if has_content(line) {
                let indent = line.chars().take_while(|c| c.is_whitespace()).count();
                let marker = is_marker(line, "---");
                return Pos {
                    line: self.first_line + n,
                    col: if marker { 1 } else { indent + 1 },
                };
            }
        }
        Pos {
            line: self.first_line,
            col: 1,
        }
    }

    /// The place of the first occurrence of `needle` that stands alone: not part of a longer
    /// name (`orders` is not found in `orders-db`). Columns count characters.
    pub fn find(&self, needle: &str) -> Option<Pos> {
        if needle.is_empty() {
            return None;
        }
        let name_char = |c: char| c.is_alphanumeric() || matches!(c, '-' | '_' | '.' | ':' | '/');
        for (n, line) in self.text.lines().enumerate() {
            for (at, _) in line.match_indices(needle) {
                let before = line[..at].chars().next_back();
                let rest = &line[at + needle.len()..];
                // `name:` followed by a space is a YAML key, not a longer name.
                let key = rest.starts_with(':')
                    && rest[1..].chars().next().is_none_or(char::is_whitespace);
                let after = rest.chars().next().filter(|_| !key);
                if before.is_some_and(name_char) || after.is_some_and(name_char) {
                    continue;
                }
                return Some(Pos {
                    line: self.first_line + n,
                    col: line[..at].chars().count() + 1,
                });
            }
        }
        None
    }

    /// The place of `needle`, or of the document when it cannot be found.
    pub fn place(&self, needle: &str) -> Pos {
        self.find(needle).unwrap_or_else(|| self.start())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_at_document_markers_and_keeps_lines() {
        let text = "# catalog\n---\na: 1\n---\n\n# nothing here\n--- {b: 2}\n...\n---\nc: |\n  x\n";
        let docs = split(text);
        let firsts: Vec<usize> = docs.iter().map(|d| d.first_line).collect();
        assert_eq!(firsts, vec![2, 7, 9]);
        assert_eq!(docs[1].text, "--- {b: 2}\n\n");
        assert_eq!(docs[0].start(), Pos { line: 3, col: 1 });
        assert_eq!(docs[1].start(), Pos { line: 7, col: 1 });
        for d in &docs {
            assert!(d.parse("c.yaml").is_ok(), "{d:?}");
        }
    }

    #[test]
    fn implicit_first_document_and_bom() {
        let docs = split("\u{feff}a: 1\n---\nb: 2");
        assert_eq!(docs.len(), 2);
        assert_eq!(docs[1].first_line, 2);
        assert!(docs[0].parse("c.yaml").is_ok());
        assert!(split("").is_empty());
        assert!(split("---\n---\n# only comments\n...\n").is_empty());
    }

    #[test]
    fn errors_point_into_the_file() {
        let docs = split("a: 1\n---\nkind: Component\nmetadata:\n  name: [unclosed\n");
        let e = docs[1].parse("c.yaml").unwrap_err();
        assert_eq!(e.pos.map(|p| p.line), Some(6), "{e}");
        assert!(e.message.starts_with("this is not valid YAML: "), "{e}");
        assert!(!e.message.contains("at line"), "{e}");
    }

    #[test]
    fn finds_whole_names_only() {
        let docs = split("---\nspec:\n  dependsOn:\n    - resource:orders-db\n    - orders\n");
        assert_eq!(docs[0].find("orders"), Some(Pos { line: 5, col: 7 }));
        assert_eq!(
            docs[0].find("resource:orders-db"),
            Some(Pos { line: 4, col: 7 })
        );
        assert_eq!(docs[0].find("dependsOn"), Some(Pos { line: 3, col: 3 }));
        assert_eq!(docs[0].find("resource"), None);
        assert_eq!(docs[0].find("nowhere"), None);
        assert_eq!(docs[0].place("nowhere"), Pos { line: 2, col: 1 });
    }

    #[test]
    fn survives_hostile_yaml() {
        let laughs = "a: &a [x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\n\
                      c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]\nd: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c]\n\
                      e: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d]\nf: &f [*e, *e, *e, *e, *e, *e, *e, *e, *e]\n\
                      g: &g [*f, *f, *f, *f, *f, *f, *f, *f, *f]\nh: [*g, *g, *g, *g, *g, *g, *g, *g, *g]\n";
        for text in [
            laughs.to_string(),
            "[".repeat(100_000),
            "{a: ".repeat(10_000),
            "- ".repeat(10_000),
            "*unknown".to_string(),
            "a: !!binary AAAA".to_string(),
            "\t- tab".to_string(),
        ] {
            for d in split(&text) {
                let _ = d.parse("c.yaml");
            }
        }
    }
}

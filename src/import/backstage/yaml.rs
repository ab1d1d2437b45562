//! The YAML side of a catalog: the file split into its `---` documents, each parsed on its own
//! so that one broken document does not hide the problems of the others, and places found by
//! searching a document's text (YAML values carry no positions once parsed).

use std::cell::Cell;
use std::fmt;

use serde::de::{
    self, DeserializeSeed, Deserializer, EnumAccess, MapAccess, SeqAccess, VariantAccess, Visitor,
};

use crate::diagnostic::{Diagnostic, Pos};

/// A parsed YAML value, as much of it as a catalog needs: numbers and yes/no values are kept
/// as their text, tags are dropped.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Node {
    Null,
    Scalar(String),
    Seq(Vec<Node>),
    Map(Vec<(Node, Node)>),
}

impl Node {
    /// The value of `key` in a mapping; `None` for other nodes, a missing key or a null value.
    pub fn get(&self, key: &str) -> Option<&Node> {
        match self {
            Node::Map(entries) => entries
                .iter()
                .find(|(k, _)| matches!(k, Node::Scalar(s) if s == key))
                .map(|(_, v)| v)
                .filter(|v| **v != Node::Null),
            _ => None,
        }
    }

    /// Apply YAML merge keys (`<<: *base` or `<<: [*a, *b]`): the merged mappings' entries are
    /// added where the mapping does not have the key already.
    fn merge_keys(&mut self) {
        match self {
            Node::Seq(items) => items.iter_mut().for_each(Node::merge_keys),
            Node::Map(entries) => {
                entries.iter_mut().for_each(|(_, v)| v.merge_keys());
                let Some(at) = entries
                    .iter()
                    .position(|(k, _)| matches!(k, Node::Scalar(s) if s == "<<"))
                else {
                    return;
                };
                let sources = match entries.remove(at).1 {
                    Node::Seq(items) => items,
                    one => vec![one],
                };
                for source in sources {
                    let Node::Map(more) = source else { continue };
                    for (k, v) in more {
                        if !entries.iter().any(|(have, _)| *have == k) {
                            entries.push((k, v));
                        }
                    }
                }
            }
            Node::Null | Node::Scalar(_) => {}
        }
    }
}

/// How much a document may expand to when parsed, in bytes: YAML aliases repeat what they name,
/// so a small file can expand enormously ("billion laughs"); real catalogs stay near their size.
fn budget_for(text: &str) -> usize {
    text.len().saturating_mul(16).max(1 << 20)
}

/// Builds a `Node`, charging every value against a shared budget.
#[derive(Clone, Copy)]
struct NodeSeed<'b> {
    budget: &'b Cell<usize>,
}

impl NodeSeed<'_> {
    fn charge<E: de::Error>(&self, bytes: usize) -> Result<(), E> {
        let cost = bytes.saturating_add(32);
        match self.budget.get().checked_sub(cost) {
            Some(left) => {
                self.budget.set(left);
                Ok(())
            }
            None => Err(E::custom(
                "the document expands to far more than its size (YAML aliases that repeat \
                 too much)",
            )),
        }
    }

    fn scalar<E: de::Error>(&self, text: String) -> Result<Node, E> {
        self.charge(text.len())?;
        Ok(Node::Scalar(text))
    }
}

impl<'de> DeserializeSeed<'de> for NodeSeed<'_> {
    type Value = Node;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Node, D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for NodeSeed<'_> {
    type Value = Node;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any YAML value")
    }

    fn visit_bool<E: de::Error>(self, v: bool) -> Result<Node, E> {
        self.scalar(v.to_string())
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Node, E> {
        self.scalar(v.to_string())
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Node, E> {
        self.scalar(v.to_string())
    }

    fn visit_i128<E: de::Error>(self, v: i128) -> Result<Node, E> {
        self.scalar(v.to_string())
    }

    fn visit_u128<E: de::Error>(self, v: u128) -> Result<Node, E> {
        self.scalar(v.to_string())
    }

    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Node, E> {
        self.scalar(v.to_string())
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Node, E> {
        self.scalar(v.to_string())
    }

    fn visit_string<E: de::Error>(self, v: String) -> Result<Node, E> {
        self.scalar(v)
    }

    fn visit_bytes<E: de::Error>(self, v: &[u8]) -> Result<Node, E> {
        self.scalar(String::from_utf8_lossy(v).into_owned())
    }

    fn visit_unit<E: de::Error>(self) -> Result<Node, E> {
        self.charge(0)?;
        Ok(Node::Null)
    }

    fn visit_none<E: de::Error>(self) -> Result<Node, E> {
        self.visit_unit()
    }

    fn visit_some<D: Deserializer<'de>>(self, deserializer: D) -> Result<Node, D::Error> {
        deserializer.deserialize_any(self)
    }

    fn visit_newtype_struct<D: Deserializer<'de>>(self, deserializer: D) -> Result<Node, D::Error> {
        deserializer.deserialize_any(self)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Node, A::Error> {
        self.charge(0)?;
        let mut items = Vec::new();
        while let Some(item) = seq.next_element_seed(self)? {
            items.push(item);
        }
        Ok(Node::Seq(items))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Node, A::Error> {
        self.charge(0)?;
        let mut entries: Vec<(Node, Node)> = Vec::new();
        let mut seen = std::collections::HashSet::new();
        while let Some(key) = map.next_key_seed(self)? {
            // A key given twice would keep one of its values unseen (a dependency lost).
            if let Node::Scalar(k) = &key
                && k != "<<"
                && !seen.insert(k.clone())
            {
                return Err(de::Error::custom(format!(
                    "the key `{}` is given twice in one mapping; give it once (with every \
                     value under it)",
                    k.escape_debug()
                )));
            }
            let value = map.next_value_seed(self)?;
            entries.push((key, value));
        }
        Ok(Node::Map(entries))
    }

    /// A tagged value (`!tag value`): the tag is dropped.
    fn visit_enum<A: EnumAccess<'de>>(self, data: A) -> Result<Node, A::Error> {
        let (_tag, variant) = data.variant_seed(self)?;
        variant.newtype_variant_seed(self)
    }
}

/// The deepest nesting of collections a document may have: catalog entities nest about six.
pub const MAX_DEPTH: usize = 64;

/// Check that no collection of the YAML `text` lies deeper than `limit` collections (the
/// top-level one counts 1), before a parser sees it. A cheap scan line by line: block nesting
/// by indentation and `- ` / `? ` indicators, flow nesting by brackets, with quoted scalars,
/// plain scalars (where brackets are text), comments and block scalars (`|`, `>`) passed
/// over. It may count a level more than YAML would (a plain scalar continued on a deeper
/// line), never fewer. The error is the 0-based line and the 1-based column (in characters)
/// where the limit is passed.
pub fn check_nesting(text: &str, limit: usize) -> Result<(), (usize, usize)> {
    let mut indents: Vec<usize> = Vec::new();
    // Open flow collections (`[`, `{`), and the block depth they were opened at.
    let mut flow = 0usize;
    let mut base = 0usize;
    // The quote character of a quoted scalar left open at the end of the previous line.
    let mut quote: Option<u8> = None;
    // The indentation of the line that opened a block scalar, while its lines go on.
    let mut block_scalar: Option<usize> = None;
    let space = |b: Option<&u8>| matches!(b, None | Some(b' ' | b'\t' | b'\r'));
    for (n, line) in text.split('\n').enumerate() {
        let bytes = line.as_bytes();
        let indent = bytes.iter().take_while(|&&b| b == b' ').count();
        let blank = bytes[indent..].iter().all(|&b| space(Some(&b)));
        if let Some(parent) = block_scalar {
            if blank || indent > parent {
                continue;
            }
            block_scalar = None;
        }
        let col = |at: usize| line[..at].chars().count() + 1;
        let mut i = indent;
        // At the start of a value: a bracket or a quote here opens a collection or a string.
        let mut value_start = true;
        if quote.is_none() && flow == 0 {
            let rest = &line[indent..];
            if blank || rest.starts_with('#') || rest.starts_with('%') {
                continue;
            }
            if is_marker(rest, "---") || is_marker(rest, "...") {
                i += 3;
            } else {
                while indents.last().is_some_and(|&top| top > indent) {
                    indents.pop();
                }
                if indents.last() != Some(&indent) {
                    indents.push(indent);
                }
            }
            base = indents.len();
            if base > limit {
                return Err((n, col(indent)));
            }
            // Compact nesting: `- - x` and `? ` open a collection each.
            loop {
                while bytes.get(i) == Some(&b' ') {
                    i += 1;
                }
                if !(matches!(bytes.get(i), Some(b'-' | b'?')) && space(bytes.get(i + 1))) {
                    break;
                }
                base += 1;
                if base > limit {
                    return Err((n, col(i)));
                }
                i += 1;
            }
        }
        while i < bytes.len() {
            let b = bytes[i];
            i += 1;
            if let Some(q) = quote {
                // An escape in double quotes, a doubled quote in single ones: skip a byte.
                let escaped = (q == b'"' && b == b'\\')
                    || (b == q && q == b'\'' && bytes.get(i) == Some(&b'\''));
                if escaped {
                    i += 1;
                } else if b == q {
                    quote = None;
                    value_start = false;
                }
                continue;
            }
            match b {
                b' ' | b'\t' | b'\r' => {}
                b'#' if i == 1 || matches!(bytes[i - 2], b' ' | b'\t') => break,
                b'"' | b'\'' if value_start => {
                    quote = Some(b);
                    value_start = false;
                }
                b'[' | b'{' if value_start || flow > 0 => {
                    flow += 1;
                    if base + flow > limit {
                        return Err((n, col(i - 1)));
                    }
                    value_start = true;
                }
                b']' | b'}' if flow > 0 => {
                    flow -= 1;
                    value_start = false;
                }
                b',' if flow > 0 => value_start = true,
                b':' if space(bytes.get(i))
                    || (flow > 0 && matches!(bytes.get(i), Some(b',' | b']' | b'}'))) =>
                {
                    value_start = true;
                }
                // An anchor, alias or tag before a value leaves it at its start.
                b'&' | b'*' | b'!' if value_start => {
                    while i < bytes.len() && !space(bytes.get(i)) {
                        i += 1;
                    }
                }
                b'|' | b'>' if value_start && flow == 0 => {
                    // A block scalar (`|`, `>-`, `|2`): the deeper lines that follow are text.
                    let mut j = i;
                    while matches!(bytes.get(j), Some(b'+' | b'-' | b'0'..=b'9')) {
                        j += 1;
                    }
                    let rest = line[j..].trim_start_matches([' ', '\t', '\r']);
                    let comment = rest.starts_with('#') && rest.len() < line.len() - j;
                    if rest.is_empty() || comment {
                        block_scalar = Some(indent);
                        break;
                    }
                    value_start = false;
                }
                _ => value_start = false,
            }
        }
    }
    Ok(())
}

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
    pub fn parse(&self, file: &str) -> Result<Node, Diagnostic> {
        // The parser takes time quadratic in the nesting: deep text never reaches it.
        if let Err((n, col)) = check_nesting(&self.text, MAX_DEPTH) {
            return Err(Diagnostic::error(
                file,
                Some(Pos {
                    line: self.first_line + n,
                    col,
                }),
                format!(
                    "the document nests deeper than {MAX_DEPTH} levels here (brackets or \
                     indentation); a catalog entity nests a few levels, so this is not one"
                ),
            ));
        }
        let budget = Cell::new(budget_for(&self.text));
        let seed = NodeSeed { budget: &budget };
        let parsed = seed.deserialize(serde_norway::Deserializer::from_str(&self.text));
        let mut value = parsed.map_err(|e| {
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
        value.merge_keys();
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
    fn aliases_cannot_blow_up() {
        // Five 100 kB texts, repeated 50 times over at each of ten levels.
        let mut text = format!("a: &a [{}]\n", vec!["x".repeat(100_000); 5].join(", "));
        for (prev, name) in "abcdefghij".chars().zip("bcdefghijk".chars()) {
            text.push_str(&format!(
                "{name}: &{name} [{}]\n",
                vec![format!("*{prev}"); 50].join(", ")
            ));
        }
        let e = split(&text)[0].parse("c.yaml").unwrap_err();
        assert!(
            e.message.contains("expands to far more than its size"),
            "{e}"
        );
        // Merge keys within reason are fine.
        let docs = split("base: &b {x: 1, y: 2}\nuse:\n  <<: *b\n  y: 3\n");
        let node = docs[0].parse("c.yaml").unwrap();
        let merged = node.get("use").unwrap();
        assert_eq!(merged.get("x"), Some(&Node::Scalar("1".into())));
        assert_eq!(merged.get("y"), Some(&Node::Scalar("3".into())));
        assert_eq!(merged.get("<<"), None);
    }

    #[test]
    fn deep_nesting_is_found_before_the_parser_sees_it() {
        let limit = MAX_DEPTH;
        let deep = |text: &str| check_nesting(text, limit);
        // The top-level sequence is level 1: its 64th bracket opens level 65.
        assert_eq!(deep(&"[".repeat(100_000)), Err((0, 64)));
        assert_eq!(deep(&"{a: ".repeat(100_000)), Err((0, 4 * 63 + 1)));
        assert_eq!(deep(&"- ".repeat(100_000)), Err((0, 2 * 63 + 1)));
        let stairs: String = (0..100)
            .map(|i| format!("{}k{i}:\n", " ".repeat(i)))
            .collect();
        assert_eq!(deep(&stairs), Err((64, 65)));
        // A flow collection that goes on over lines keeps its depth.
        let text = format!("spec:\n  dependsOn: [\n{}", "  [\n".repeat(100));
        assert_eq!(deep(&text), Err((63, 3)));
        // Brackets that are text: in quotes (over lines too), plain scalars, comments and
        // block scalars; and the depth a catalog has.
        let brackets = "[".repeat(200);
        for fine in [
            format!("a: \"{brackets}\"\nb: '{brackets}'\n"),
            format!("a: \"x\n{brackets}\n\"\nb: [x]\n"),
            format!("a: 'it''s\n{brackets}'\n"),
            format!("a: x{brackets}\nb: it's {brackets}\n"),
            format!("a: 1 # {brackets}\n# {brackets}\n"),
            format!("a: |\n  {brackets}\n\n  {brackets}\nb: >-\n  {brackets}\nc: [x]\n"),
            format!("- |2 # text\n   {brackets}\n- &x !tag [a, {{b: c}}]\n"),
            "---\nkind: Component\nmetadata:\n  name: a\n  tags: [x, y]\nspec:\n  dependsOn:\n    - component:b\n".to_string(),
        ] {
            assert_eq!(deep(&fine), Ok(()), "{fine}");
        }
        let data = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/import");
        let mut catalogs = 0;
        for entry in std::fs::read_dir(data).unwrap() {
            let path = entry.unwrap().path();
            if path.extension().is_some_and(|e| e == "yaml") {
                let text = std::fs::read_to_string(&path).unwrap();
                assert_eq!(deep(&text), Ok(()), "{}", path.display());
                catalogs += 1;
            }
        }
        assert!(catalogs >= 4);
        // Through the import's parse, with the place in the file.
        let e = split(&format!("a: 1\n---\nb: {}", "[".repeat(100)))[1]
            .parse("c.yaml")
            .unwrap_err();
        assert_eq!(e.pos, Some(Pos { line: 3, col: 67 }), "{e}");
        assert!(
            e.message
                .starts_with("the document nests deeper than 64 levels"),
            "{e}"
        );
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

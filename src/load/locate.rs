//! Finds where each value of a RON text starts and ends, by path (`apps[3].depends_on[1].to`),
//! so that problems found after parsing can point at a line and column.
//!
//! It is a forgiving scanner, not a parser: it never fails, and on broken input it records the
//! values it could see. It is iterative, so deeply nested input cannot overflow the stack.

use std::collections::HashMap;

use crate::diagnostic::Pos;

/// Byte spans of the values of a RON text, keyed by path.
#[derive(Debug)]
pub struct Locations<'a> {
    spans: HashMap<String, (usize, Option<usize>)>,
    lines: LineIndex<'a>,
}

#[derive(Debug)]
struct Container {
    path: String,
    index: usize,
    key: Option<String>,
    is_map: bool,
    map_expect_key: bool,
    recorded: bool,
}

impl<'a> Locations<'a> {
    /// Scan `text`, recording values down to `max_depth` levels of nesting.
    pub fn scan(text: &'a str, max_depth: usize) -> Locations<'a> {
        Locations::scan_only(text, max_depth, None)
    }

    /// Like `scan`, but record only the values whose path is in `wanted` (memory stays small on
    /// large files with a few problems).
    pub fn scan_only(
        text: &'a str,
        max_depth: usize,
        wanted: Option<&std::collections::HashSet<String>>,
    ) -> Locations<'a> {
        let keep = |path: &str| wanted.is_none_or(|w| w.contains(path));
        let mut spans = HashMap::new();
        let bytes = text.as_bytes();
        let mut stack: Vec<Container> = Vec::new();
        let mut i = 0;
        let mut root_seen = false;
        while let Some(tok) = next_token(bytes, &mut i) {
            match tok.kind {
                TokKind::Comma => {
                    if let Some(top) = stack.last_mut() {
                        top.index += 1;
                        top.key = None;
                        top.map_expect_key = top.is_map;
                    }
                }
                TokKind::Colon => {}
                TokKind::Close => {
                    if let Some(top) = stack.pop()
                        && top.recorded
                        && let Some(span) = spans.get_mut(&top.path)
                    {
                        let span: &mut (usize, Option<usize>) = span;
                        span.1 = Some(tok.end);
                    }
                }
                TokKind::Ident if peek_is(bytes, tok.end, b':') && in_struct(&stack) => {
                    if let Some(top) = stack.last_mut() {
                        top.key = Some(text[tok.start..tok.end].to_string());
                    }
                    // consume the colon
                    let _ = next_token(bytes, &mut i);
                }
                _ => {
                    // A value starts here.
                    let deep = stack.len() >= max_depth;
                    let path = match stack.last_mut() {
                        Some(_) if deep => String::new(),
                        None if root_seen => continue,
                        None => {
                            root_seen = true;
                            String::new()
                        }
                        Some(top) if top.is_map => {
                            if top.map_expect_key {
                                top.map_expect_key = false;
                                skip_value(bytes, &mut i, tok);
                                continue;
                            }
                            format!("{}[{}]", top.path, top.index)
                        }
                        Some(top) => match &top.key {
                            Some(k) if top.path.is_empty() => k.clone(),
                            Some(k) => format!("{}.{}", top.path, k),
                            None => format!("{}[{}]", top.path, top.index),
                        },
                    };
                    let mut opener = tok;
                    if tok.kind == TokKind::Ident && peek_is(bytes, tok.end, b'(') {
                        // A named struct: `Portfolio(`; the container opens at the paren.
                        opener = next_token(bytes, &mut i).unwrap_or(tok);
                    }
                    if opener.kind == TokKind::Open {
                        if !deep && keep(&path) {
                            spans.insert(path.clone(), (tok.start, None));
                        }
                        let is_map = bytes[opener.start] == b'{';
                        stack.push(Container {
                            path,
                            index: 0,
                            key: None,
                            is_map,
                            map_expect_key: is_map,
                            recorded: !deep,
                        });
                    } else if !deep && keep(&path) {
                        spans.insert(path, (tok.start, Some(opener.end)));
                    }
                }
            }
        }
        Locations {
            spans,
            lines: LineIndex::new(text),
        }
    }

    /// Where the value at `path` starts.
    pub fn pos(&self, path: &str) -> Option<Pos> {
        self.spans.get(path).map(|&(start, _)| self.pos_of(start))
    }

    /// The byte range of the value at `path`, when it is complete.
    pub fn span(&self, path: &str) -> Option<(usize, usize)> {
        match self.spans.get(path) {
            Some(&(start, Some(end))) => Some((start, end)),
            _ => None,
        }
    }

    /// Where the value at `path` starts, as a byte offset.
    pub fn start(&self, path: &str) -> Option<usize> {
        self.spans.get(path).map(|&(start, _)| start)
    }

    /// The 1-based line and column of byte offset `at` (columns count characters).
    pub fn pos_of(&self, at: usize) -> Pos {
        self.lines.pos(at)
    }

    /// The lines of the text.
    pub fn lines(&self) -> &LineIndex<'a> {
        &self.lines
    }
}

/// Where the lines of a text start: the line of a byte offset by binary search, and the
/// places of many offsets in one pass over the text.
#[derive(Debug)]
pub struct LineIndex<'a> {
    text: &'a str,
    starts: Vec<usize>,
}

impl<'a> LineIndex<'a> {
    pub fn new(text: &'a str) -> LineIndex<'a> {
        let starts = std::iter::once(0)
            .chain(newline_ends(text.as_bytes()))
            .collect();
        LineIndex { text, starts }
    }

    /// `new`, where a lone `\r` ends a line too (as it does in a CSV file from an old Mac, and
    /// in the editors that open one): for line numbers only (`line`).
    pub fn counting_lone_cr(text: &'a str) -> LineIndex<'a> {
        let bytes = text.as_bytes();
        let starts = std::iter::once(0)
            .chain(
                bytes
                    .iter()
                    .enumerate()
                    .filter(|&(i, &b)| {
                        b == b'\n' || (b == b'\r' && bytes.get(i + 1) != Some(&b'\n'))
                    })
                    .map(|(i, _)| i + 1),
            )
            .collect();
        LineIndex { text, starts }
    }

    /// The 1-based line of byte offset `at`.
    pub fn line(&self, at: usize) -> usize {
        self.starts.partition_point(|&s| s <= at)
    }

    /// The 1-based line and column of byte offset `at` (columns count characters, so this
    /// costs the length of the line before `at`; `positions` places many offsets at once).
    pub fn pos(&self, at: usize) -> Pos {
        let at = floor_char_boundary(self.text, at.min(self.text.len()));
        let line = self.line(at);
        let start = self.starts[line - 1];
        Pos {
            line,
            col: self.text[start..at].chars().count() + 1,
        }
    }

    /// The places of byte offsets, in their order: in one pass over the text, however many
    /// offsets fall on one long line.
    pub fn positions(&self, offsets: &[usize]) -> Vec<Pos> {
        let clamp = |at: usize| floor_char_boundary(self.text, at.min(self.text.len()));
        let mut order: Vec<usize> = (0..offsets.len()).collect();
        order.sort_unstable_by_key(|&i| offsets[i]);
        let mut out = vec![Pos { line: 1, col: 1 }; offsets.len()];
        // The place reached so far: its line, byte offset and column.
        let (mut line, mut byte, mut col) = (1, 0, 1);
        for i in order {
            let at = clamp(offsets[i]);
            let at_line = self.line(at);
            if at_line != line {
                (line, byte, col) = (at_line, self.starts[at_line - 1], 1);
            }
            col += self.text[byte..at].chars().count();
            byte = at;
            out[i] = Pos { line, col };
        }
        out
    }
}

/// The offsets just after each line break.
fn newline_ends(bytes: &[u8]) -> impl Iterator<Item = usize> + '_ {
    bytes
        .iter()
        .enumerate()
        .filter(|&(_, &b)| b == b'\n')
        .map(|(i, _)| i + 1)
}

/// One field of a struct: its name and where its name and its value are (byte offsets).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Field<'a> {
    pub key: &'a str,
    pub key_start: usize,
    pub value: (usize, usize),
}

/// What a RON value is, one level down.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Shape<'a> {
    /// `(key: value, ...)`, perhaps named (`Plan(...)`): the end of its opening, its fields
    /// and the offset of its closing parenthesis.
    Struct {
        open_end: usize,
        fields: Vec<Field<'a>>,
        close: usize,
    },
    /// `[a, b, ...]`: the span of each element.
    List(Vec<(usize, usize)>),
    /// Anything else: a string, a number, an enum value, a tuple, a map.
    Other,
}

/// The shape of the value that spans `start..end` of `text` (a complete value, as `Locations`
/// or `shape` give them).
pub fn shape(text: &str, start: usize, end: usize) -> Shape<'_> {
    let bytes = text.as_bytes();
    let mut i = start;
    let Some(first) = next_token(bytes, &mut i) else {
        return Shape::Other;
    };
    let open = if first.kind == TokKind::Ident && peek_is(bytes, first.end, b'(') {
        next_token(bytes, &mut i)
    } else {
        Some(first)
    };
    let Some(open) = open.filter(|t| t.kind == TokKind::Open) else {
        return Shape::Other;
    };
    let Some((items, close)) = split_items(bytes, open.end, end) else {
        return Shape::Other;
    };
    match bytes[open.start] {
        b'[' => Shape::List(items),
        b'(' => {
            let mut fields = Vec::with_capacity(items.len());
            for (item_start, item_end) in items {
                let mut j = item_start;
                let key = next_token(bytes, &mut j);
                let colon = next_token(bytes, &mut j);
                let (Some(key), Some(colon)) = (key, colon) else {
                    return Shape::Other;
                };
                if key.kind != TokKind::Ident || colon.kind != TokKind::Colon {
                    return Shape::Other;
                }
                skip_trivia(bytes, &mut j);
                if j >= item_end {
                    return Shape::Other;
                }
                fields.push(Field {
                    key: &text[key.start..key.end],
                    key_start: key.start,
                    value: (j, item_end),
                });
            }
            Shape::Struct {
                open_end: open.end,
                fields,
                close,
            }
        }
        _ => Shape::Other,
    }
}

/// The items of a bracketed sequence, from just after its opening bracket to its closing one,
/// after which only blanks and comments may come before `end`: the span of each item between
/// the commas (a trailing comma allowed), and the offset of the closing bracket. `None` when
/// the text does not close so or holds an empty item.
fn split_items(bytes: &[u8], from: usize, end: usize) -> Option<(Vec<(usize, usize)>, usize)> {
    let mut i = from;
    let mut items = Vec::new();
    let mut depth = 0usize;
    let mut item: Option<(usize, usize)> = None;
    while let Some(tok) = next_token(bytes, &mut i) {
        if tok.end > end {
            return None;
        }
        match tok.kind {
            TokKind::Close if depth == 0 => {
                items.extend(item);
                let mut rest = tok.end;
                skip_trivia(bytes, &mut rest);
                return (rest >= end).then_some((items, tok.start));
            }
            TokKind::Comma if depth == 0 => {
                items.push(item.take()?);
                continue;
            }
            TokKind::Open => depth += 1,
            TokKind::Close => depth -= 1,
            _ => {}
        }
        let span = item.get_or_insert((tok.start, tok.end));
        span.1 = tok.end;
    }
    None
}

/// Where the root value of a RON text starts, after any `#![enable(...)]` attributes and
/// comments, to the end of the text (trailing comments and blanks included).
pub fn root_span(text: &str) -> Option<(usize, usize)> {
    let bytes = text.as_bytes();
    let mut i = 0;
    loop {
        skip_trivia(bytes, &mut i);
        if bytes.get(i) != Some(&b'#') {
            break;
        }
        // An attribute: `#` `!`? `[ ... ]` (the tokenizer reads `#!` as an atom).
        let _ = next_token(bytes, &mut i);
        let mut depth = 0usize;
        while let Some(t) = next_token(bytes, &mut i) {
            match t.kind {
                TokKind::Open => depth += 1,
                TokKind::Close => {
                    depth = depth.saturating_sub(1);
                    if depth == 0 {
                        break;
                    }
                }
                _ => {}
            }
        }
    }
    (i < bytes.len()).then_some((i, text.len()))
}

/// Whether the value starting at `start` is a struct or a list (by its first tokens).
pub fn opens_container(text: &str, start: usize) -> bool {
    let bytes = text.as_bytes();
    let mut i = start;
    match next_token(bytes, &mut i) {
        Some(t) if t.kind == TokKind::Open => bytes[t.start] != b'{',
        Some(t) if t.kind == TokKind::Ident => peek_is(bytes, t.end, b'('),
        _ => false,
    }
}

/// Line and column of a byte offset, counting columns in characters.
pub fn pos_in(text: &str, at: usize) -> Pos {
    let at = floor_char_boundary(text, at.min(text.len()));
    let before = &text[..at];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    Pos {
        line,
        col: before[line_start..].chars().count() + 1,
    }
}

/// The byte offset of the first token at or after the 1-based `line` and `col` (columns count
/// characters): the parser reports some errors where the white space before a value starts.
/// When only white space and comments follow, the offset of `line` and `col` itself.
pub fn token_at(text: &str, line: usize, col: usize) -> usize {
    let mut at = 0;
    for _ in 1..line {
        match text[at..].find('\n') {
            Some(i) => at += i + 1,
            None => return text.len(),
        }
    }
    let line_text = &text[at..];
    let line_len = line_text.find('\n').unwrap_or(line_text.len());
    at += line_text[..line_len]
        .char_indices()
        .nth(col.saturating_sub(1))
        .map_or(line_len, |(i, _)| i);
    let mut next = at;
    skip_trivia(text.as_bytes(), &mut next);
    if next < text.len() { next } else { at }
}

fn floor_char_boundary(text: &str, mut at: usize) -> usize {
    while at > 0 && !text.is_char_boundary(at) {
        at -= 1;
    }
    at
}

fn in_struct(stack: &[Container]) -> bool {
    stack.last().is_some_and(|c| !c.is_map)
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum TokKind {
    Open,
    Close,
    Comma,
    Colon,
    Ident,
    Atom,
}

#[derive(Debug, Clone, Copy)]
struct Tok {
    kind: TokKind,
    start: usize,
    end: usize,
}

pub(super) fn skip_trivia(bytes: &[u8], i: &mut usize) {
    let _ = skip_trivia_closed(bytes, i);
}

/// `skip_trivia`; whether every block comment it went into was closed (`false`: the text ends
/// inside one, which then goes on past it, or never closes).
pub(super) fn skip_trivia_closed(bytes: &[u8], i: &mut usize) -> bool {
    skip_trivia_to_unclosed(bytes, i).is_none()
}

/// `skip_trivia`, and where the block comment that the text ends inside opens, if it does.
fn skip_trivia_to_unclosed(bytes: &[u8], i: &mut usize) -> Option<usize> {
    loop {
        while *i < bytes.len() && bytes[*i].is_ascii_whitespace() {
            *i += 1;
        }
        if bytes[*i..].starts_with(b"//") {
            while *i < bytes.len() && bytes[*i] != b'\n' {
                *i += 1;
            }
        } else if bytes[*i..].starts_with(b"/*") {
            let start = *i;
            let mut depth = 0usize;
            while *i < bytes.len() {
                if bytes[*i..].starts_with(b"/*") {
                    depth += 1;
                    *i += 2;
                } else if bytes[*i..].starts_with(b"*/") {
                    depth -= 1;
                    *i += 2;
                    if depth == 0 {
                        break;
                    }
                } else {
                    *i += 1;
                }
            }
            if depth > 0 {
                return Some(start);
            }
        } else {
            return None;
        }
    }
}

/// Where the block comment opens that is never closed (a `/*` outside strings whose `*/`, each
/// nested one counted, never comes), if the text has one.
pub fn unclosed_block_comment(text: &str) -> Option<usize> {
    let bytes = text.as_bytes();
    let mut i = 0;
    loop {
        if let Some(start) = skip_trivia_to_unclosed(bytes, &mut i) {
            return Some(start);
        }
        next_token(bytes, &mut i)?;
    }
}

fn peek_is(bytes: &[u8], from: usize, want: u8) -> bool {
    let mut j = from;
    skip_trivia(bytes, &mut j);
    bytes.get(j) == Some(&want)
}

fn next_token(bytes: &[u8], i: &mut usize) -> Option<Tok> {
    skip_trivia(bytes, i);
    let start = *i;
    let c = *bytes.get(start)?;
    let kind = match c {
        b'(' | b'[' | b'{' => {
            *i += 1;
            TokKind::Open
        }
        b')' | b']' | b'}' => {
            *i += 1;
            TokKind::Close
        }
        b',' => {
            *i += 1;
            TokKind::Comma
        }
        b':' => {
            *i += 1;
            TokKind::Colon
        }
        b'"' => {
            skip_quoted(bytes, i, b'"');
            TokKind::Atom
        }
        b'\'' => {
            skip_quoted(bytes, i, b'\'');
            TokKind::Atom
        }
        b'r' if matches!(bytes.get(start + 1), Some(b'"' | b'#'))
            && is_raw_string(bytes, start + 1) =>
        {
            skip_raw_string(bytes, i);
            TokKind::Atom
        }
        b'b' if bytes.get(start + 1) == Some(&b'"') => {
            *i += 1;
            skip_quoted(bytes, i, b'"');
            TokKind::Atom
        }
        c if c == b'_' || c.is_ascii_alphabetic() => {
            while *i < bytes.len()
                && (bytes[*i] == b'_' || bytes[*i].is_ascii_alphanumeric() || bytes[*i] == b'#')
            {
                *i += 1;
            }
            TokKind::Ident
        }
        _ => {
            *i += 1;
            while *i < bytes.len() && !b"()[]{},:\"' \t\r\n/".contains(&bytes[*i]) {
                *i += 1;
            }
            TokKind::Atom
        }
    };
    Some(Tok {
        kind,
        start,
        end: *i,
    })
}

fn skip_quoted(bytes: &[u8], i: &mut usize, quote: u8) {
    *i += 1;
    while *i < bytes.len() {
        match bytes[*i] {
            b'\\' => *i += 2,
            c if c == quote => {
                *i += 1;
                return;
            }
            _ => *i += 1,
        }
    }
    *i = (*i).min(bytes.len());
}

fn is_raw_string(bytes: &[u8], mut j: usize) -> bool {
    while bytes.get(j) == Some(&b'#') {
        j += 1;
    }
    bytes.get(j) == Some(&b'"')
}

fn skip_raw_string(bytes: &[u8], i: &mut usize) {
    *i += 1;
    let mut hashes = 0;
    while bytes.get(*i) == Some(&b'#') {
        hashes += 1;
        *i += 1;
    }
    *i += 1;
    while *i < bytes.len() {
        if bytes[*i] == b'"'
            && bytes[*i + 1..]
                .iter()
                .take(hashes)
                .filter(|&&b| b == b'#')
                .count()
                == hashes
        {
            *i += 1 + hashes;
            return;
        }
        *i += 1;
    }
}

fn skip_value(bytes: &[u8], i: &mut usize, first: Tok) {
    if first.kind != TokKind::Open {
        return;
    }
    let mut depth = 1usize;
    while let Some(t) = next_token(bytes, i) {
        match t.kind {
            TokKind::Open => depth += 1,
            TokKind::Close => {
                depth -= 1;
                if depth == 0 {
                    return;
                }
            }
            _ => {}
        }
    }
}

/// Where the elements of the list under the root's field `key` start: the byte offset just
/// after its `[`. `None` when the text does not plainly begin that way (no root struct, a
/// value that is not a list, an attribute such as `#![enable(...)]` that could change how
/// parts of the text read on their own).
pub fn root_list_start(text: &str, key: &str) -> Option<usize> {
    let bytes = text.as_bytes();
    let mut i = 0;
    skip_trivia(bytes, &mut i);
    if bytes.get(i) == Some(&b'#') {
        return None;
    }
    let mut depth = 0usize;
    let mut want_list = false;
    while let Some(tok) = next_token(bytes, &mut i) {
        match tok.kind {
            TokKind::Open if want_list => {
                return (depth == 1 && bytes[tok.start] == b'[').then_some(tok.end);
            }
            TokKind::Open => depth += 1,
            TokKind::Close => depth = depth.checked_sub(1)?,
            TokKind::Colon => {}
            TokKind::Ident if depth == 1 && &text[tok.start..tok.end] == key => {
                if !peek_is(bytes, tok.end, b':') {
                    return None;
                }
                want_list = true;
            }
            _ if want_list => return None,
            _ => {}
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    const SAMPLE: &str = r##"Portfolio(
    name: "x", // comment with ( and "
    apps: [
        (id: "a", depends_on: [(to: "b", via: Http)]),
        /* block ( */ (id: "b", tags: ["x,y", r#"q"#]),
    ],
)"##;

    #[test]
    fn finds_fields_and_elements() {
        let l = Locations::scan(SAMPLE, 8);
        assert_eq!(l.pos("name"), Some(Pos { line: 2, col: 11 }));
        assert_eq!(l.pos("apps[0]"), Some(Pos { line: 4, col: 9 }));
        assert_eq!(l.pos("apps[0].id"), Some(Pos { line: 4, col: 14 }));
        assert_eq!(
            l.pos("apps[0].depends_on[0].to"),
            Some(Pos { line: 4, col: 37 })
        );
        assert_eq!(l.pos("apps[1].id"), Some(Pos { line: 5, col: 28 }));
        assert_eq!(l.pos("apps[1].tags[1]"), Some(Pos { line: 5, col: 47 }));
        let (s, e) = l.span("apps[1]").unwrap();
        assert_eq!(&SAMPLE[s..e], r###"(id: "b", tags: ["x,y", r#"q"#])"###);
    }

    #[test]
    fn survives_broken_and_deep_input() {
        for text in [
            "",
            "(",
            ")))",
            "Portfolio(apps: [(id: \"a\"",
            "\"unterminated",
            "r#\"x",
            "/* open",
        ] {
            let _ = Locations::scan(text, 8);
        }
        let deep = "[".repeat(100_000);
        let l = Locations::scan(&deep, 4);
        assert!(l.pos("[0][0][0]").is_some());
    }

    #[test]
    fn token_at_skips_space_and_comments() {
        let text = "a:  /* c */\n  é b";
        assert_eq!(&text[token_at(text, 1, 3)..], "é b");
        assert_eq!(&text[token_at(text, 2, 4)..], "b");
        assert_eq!(token_at(text, 1, 1), 0);
        // Nothing follows: the place itself, clamped to the text.
        assert_eq!(token_at("x  ", 1, 2), 1);
        assert_eq!(token_at("x", 9, 9), 1);
        assert_eq!(token_at("x\ny", 1, 99), 2);
    }

    #[test]
    fn many_offsets_are_placed_in_one_pass_as_one_by_one() {
        let text = "ab\né x\n\n\u{1F600}z last\r\n";
        let lines = LineIndex::new(text);
        // In any order, inside characters (placed at their start), past the end.
        let offsets: Vec<usize> = (0..=text.len() + 2).rev().chain([4, 0, 4]).collect();
        let one_by_one: Vec<Pos> = offsets.iter().map(|&at| pos_in(text, at)).collect();
        assert_eq!(lines.positions(&offsets), one_by_one);
        assert_eq!(
            offsets.iter().map(|&at| lines.pos(at)).collect::<Vec<_>>(),
            one_by_one
        );
        assert_eq!(lines.pos(4), Pos { line: 2, col: 1 });
        assert_eq!(lines.pos(10), Pos { line: 4, col: 1 });
        assert_eq!(lines.pos(13), Pos { line: 4, col: 2 });
        assert_eq!(lines.line(text.len()), 5);
        assert!(lines.positions(&[]).is_empty());
    }

    #[test]
    fn shapes_one_level_down() {
        let text = "#![enable(implicit_some)] // x\nPortfolio(name: \"a, b\", apps: [(id: \"a\"), (id: \"b\",),],) // end\n";
        let (start, end) = root_span(text).unwrap();
        assert_eq!(&text[start..start + 10], "Portfolio(");
        assert_eq!(end, text.len());
        let Shape::Struct { fields, close, .. } = shape(text, start, end) else {
            panic!("a struct");
        };
        assert_eq!(&text[close..close + 1], ")");
        let keys: Vec<&str> = fields.iter().map(|f| f.key).collect();
        assert_eq!(keys, ["name", "apps"]);
        assert_eq!(&text[fields[0].key_start..fields[0].key_start + 4], "name");
        assert_eq!(&text[fields[0].value.0..fields[0].value.1], "\"a, b\"");
        let (a, b) = fields[1].value;
        assert!(opens_container(text, a));
        let Shape::List(items) = shape(text, a, b) else {
            panic!("a list");
        };
        let items: Vec<&str> = items.iter().map(|&(s, e)| &text[s..e]).collect();
        assert_eq!(items, ["(id: \"a\")", "(id: \"b\",)"]);
        // Values that are not structs or lists, or not whole.
        for other in [
            "\"x\"",
            "5",
            "Nope",
            "Some(5)",
            "(1, 2)",
            "{\"a\": 1}",
            "[1,,2]",
            "(a: 1",
        ] {
            assert_eq!(shape(other, 0, other.len()), Shape::Other, "{other}");
        }
        assert!(opens_container("Some(5)", 0));
        assert!(!opens_container("{}", 0) && !opens_container("Nope", 0));
        assert_eq!(
            shape("()", 0, 2),
            Shape::Struct {
                open_end: 1,
                fields: vec![],
                close: 1
            }
        );
        assert_eq!(root_span("  // only a comment\n"), None);
    }

    #[test]
    fn pos_in_counts_characters() {
        assert_eq!(pos_in("é\nab", 4), Pos { line: 2, col: 2 });
        assert_eq!(pos_in("abc", 99), Pos { line: 1, col: 4 });
    }
}

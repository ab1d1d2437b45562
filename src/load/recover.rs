//! Every problem of a RON text that is well formed but does not fit its format, not only the
//! first one the parser meets, and what of the text can still be read.
//!
//! The parser stops at its first problem. To find the others, each field of a struct that does
//! not parse is parsed again on its own: the struct with only that field (and the fields the
//! struct must have, with good values), inside the text around it, so that it is read as the
//! type it has in the file. A field whose value is a struct or a list is looked into the same
//! way, element by element and field by field. Each piece of the text is parsed a bounded
//! number of times (once per level of nesting above it), so the cost stays proportional to the
//! file.
//!
//! What parses is kept: the fields and elements that parse make the *salvaged* text, which
//! the loaders check against the format's rules, so that those problems are reported too.

use std::collections::{HashMap, HashSet};

use ron::error::SpannedError;

use super::locate::{self, Shape};

/// How deep the search looks into values that do not parse (the formats nest four levels).
const MAX_DEPTH: usize = 8;

/// The fields that structs must have, each with a good value: a field is parsed alone with
/// them. A struct is named by its path with the list indices left out (`apps[].depends_on[]`;
/// the root is ``).
#[derive(Debug, Default)]
pub struct Required {
    /// (struct, field, value)
    entries: Vec<(String, String, String)>,
}

impl Required {
    /// The given fields: (struct, field, good value).
    pub fn of(entries: &[(&str, &str, &str)]) -> Required {
        Required {
            entries: entries
                .iter()
                .map(|&(s, f, v)| (s.to_string(), f.to_string(), v.to_string()))
                .collect(),
        }
    }

    /// Every field of every struct of `text`, a valid file of a format in which every field
    /// must be given, with its value there.
    pub fn all_of(text: &str) -> Required {
        fn walk(text: &str, span: (usize, usize), pattern: &str, out: &mut Required) {
            match locate::shape(text, span.0, span.1) {
                Shape::Struct { fields, .. } => {
                    for f in fields {
                        out.entries.push((
                            pattern.to_string(),
                            f.key.to_string(),
                            text[f.value.0..f.value.1].to_string(),
                        ));
                        walk(text, f.value, &child(pattern, f.key), out);
                    }
                }
                Shape::List(items) => {
                    if let Some(&first) = items.first() {
                        walk(text, first, &format!("{pattern}[]"), out);
                    }
                }
                Shape::Other => {}
            }
        }
        let mut out = Required::default();
        if let Some(span) = locate::root_span(text) {
            walk(text, span, "", &mut out);
        }
        out
    }

    fn at<'r>(&'r self, pattern: &str) -> Vec<(&'r str, &'r str)> {
        self.entries
            .iter()
            .filter(|(s, _, _)| s == pattern)
            .map(|(_, f, v)| (f.as_str(), v.as_str()))
            .collect()
    }
}

/// The path of field `key` of the value at `path`.
fn child(path: &str, key: &str) -> String {
    if path.is_empty() {
        key.to_string()
    } else {
        format!("{path}.{key}")
    }
}

/// A list whose elements are read one by one by the caller (the apps of a portfolio): each
/// element is given to `take` as written and, when that fails, as salvaged.
pub struct Hook<'h> {
    /// The path of the list (`apps`).
    pub list: &'h str,
    /// Parse an element alone, keeping nothing.
    pub check: &'h dyn Fn(&str) -> Result<(), SpannedError>,
    /// Parse an element alone and keep it (element index, text).
    pub take: &'h mut dyn FnMut(usize, &str) -> Result<(), SpannedError>,
}

/// What the search found.
#[derive(Debug, Default)]
pub struct Recovered {
    /// Each problem: the byte offset in the text where it is, and the message; in file order.
    pub problems: Vec<(usize, String)>,
    /// The text of what could be read (the root), when the root could be read at all.
    pub salvaged: Option<String>,
    /// The paths of the values left out of the salvaged text, or given good values in it.
    pub dropped: HashSet<String>,
    /// The number of elements of the hook's list.
    pub elements: usize,
}

impl Recovered {
    /// Whether the value at `path` is in the salvaged text as written.
    pub fn kept(&self, path: &str) -> bool {
        // The path and each value that holds it (`waves[1].apps[0]`, `waves[1].apps`, ...).
        let mut p = path;
        loop {
            if self.dropped.contains(p) {
                return false;
            }
            match p.rfind(['.', '[']) {
                Some(cut) => p = &p[..cut],
                None => return true,
            }
        }
    }
}

/// Search `text` (well formed RON that `parse` refuses) for every problem. `parse` parses a
/// whole text as the format's root type; `fill` puts the good values of `required` in place of
/// bad ones in the salvaged text (when every field must be given).
pub fn recover(
    text: &str,
    parse: &dyn Fn(&str) -> Result<(), SpannedError>,
    required: &Required,
    fill: bool,
    hook: Option<Hook<'_>>,
) -> Recovered {
    let Some((start, end)) = locate::root_span(text) else {
        return Recovered::default();
    };
    let mut search = Search {
        text,
        parse,
        required,
        fill,
        hook,
        found: Recovered::default(),
    };
    let around = Ctx {
        before: vec![Part::Text(0, start)],
        after: vec![Part::Text(end, text.len())],
        element: false,
    };
    search.found.salvaged = search.value((start, end), &around, "", "", 0);
    let mut found = search.found;
    found.problems.sort();
    found.problems.dedup();
    found
}

/// A piece of a text to parse: part of the file, or made up.
#[derive(Debug, Clone)]
enum Part {
    Text(usize, usize),
    Made(String),
}

/// What goes around a piece of the file so that the whole parses as the root (or, for an
/// element of the hook's list, as an element).
#[derive(Debug, Clone)]
struct Ctx {
    before: Vec<Part>,
    after: Vec<Part>,
    element: bool,
}

impl Ctx {
    /// This context with `before` and `after` added around the piece.
    fn around(&self, before: Vec<Part>, after: Vec<Part>) -> Ctx {
        let mut ctx = self.clone();
        ctx.before.extend(before);
        let mut tail = after;
        tail.extend(ctx.after);
        ctx.after = tail;
        ctx
    }
}

struct Search<'s, 'h> {
    text: &'s str,
    parse: &'s dyn Fn(&str) -> Result<(), SpannedError>,
    required: &'s Required,
    fill: bool,
    hook: Option<Hook<'h>>,
    found: Recovered,
}

impl Search<'_, '_> {
    fn piece(&self, parts: &[Part]) -> String {
        let mut out = String::new();
        for part in parts {
            match part {
                Part::Text(a, b) => out.push_str(&self.text[*a..*b]),
                Part::Made(s) => out.push_str(s),
            }
        }
        out
    }

    /// Parse `middle` in `ctx`; a problem is placed in the file where the parser met it, or at
    /// `fallback` when that is in made-up text.
    fn parse_in(&self, ctx: &Ctx, middle: &[Part], fallback: usize) -> Result<(), (usize, String)> {
        let mut full = String::new();
        let mut map: Vec<(usize, usize, Option<usize>)> = Vec::new();
        for part in ctx.before.iter().chain(middle).chain(&ctx.after) {
            let at = full.len();
            match part {
                Part::Text(a, b) => {
                    full.push_str(&self.text[*a..*b]);
                    map.push((at, b - a, Some(*a)));
                }
                Part::Made(s) => {
                    full.push_str(s);
                    map.push((at, s.len(), None));
                }
            }
        }
        let result = match (&self.hook, ctx.element) {
            (Some(hook), true) => (hook.check)(&full),
            _ => (self.parse)(&full),
        };
        result.map_err(|e| {
            let off = locate::token_at(&full, e.span.start.line, e.span.start.col);
            let place = map
                .iter()
                .find(|&&(at, len, _)| off >= at && off < at + len)
                .and_then(|&(at, _, orig)| orig.map(|o| o + off - at))
                .unwrap_or(fallback);
            (place, super::describe_at(&e.code, &full, off))
        })
    }

    /// Look into the value at `span`: the salvaged value, when it could be read.
    fn value(
        &mut self,
        span: (usize, usize),
        ctx: &Ctx,
        path: &str,
        pattern: &str,
        depth: usize,
    ) -> Option<String> {
        match locate::shape(self.text, span.0, span.1) {
            Shape::List(items) => self.list(&items, ctx, path, pattern, depth),
            Shape::Struct {
                open_end,
                fields,
                close,
            } => self.fields(span, open_end, &fields, close, ctx, path, pattern, depth),
            Shape::Other => None,
        }
    }

    fn list(
        &mut self,
        items: &[(usize, usize)],
        ctx: &Ctx,
        path: &str,
        pattern: &str,
        depth: usize,
    ) -> Option<String> {
        let hooked = self.hook.as_ref().is_some_and(|h| h.list == path);
        let pattern = format!("{pattern}[]");
        let inner = ctx.around(vec![Part::Made("[".into())], vec![Part::Made("]".into())]);
        let mut kept = Vec::with_capacity(items.len());
        let mut all = true;
        for (j, &span) in items.iter().enumerate() {
            let path = format!("{path}[{j}]");
            if hooked {
                self.element(j, span, &path, &pattern, depth + 1);
            } else if let Some(t) = self.item(span, span, &inner, &path, &pattern, depth + 1) {
                kept.push(t);
            } else {
                all = false;
            }
        }
        if hooked {
            self.found.elements = items.len();
            return None;
        }
        all.then(|| format!("[{}]", kept.join(", ")))
    }

    /// An element of the hook's list: taken as written, or else looked into and taken as
    /// salvaged.
    fn element(&mut self, j: usize, span: (usize, usize), path: &str, pattern: &str, depth: usize) {
        let Some(hook) = self.hook.as_mut() else {
            return;
        };
        let text = &self.text[span.0..span.1];
        let Err(e) = (hook.take)(j, text) else {
            return;
        };
        let off = locate::token_at(text, e.span.start.line, e.span.start.col);
        let problem = (span.0 + off, super::describe_at(&e.code, text, off));
        let before = self.found.problems.len();
        let ctx = Ctx {
            before: Vec::new(),
            after: Vec::new(),
            element: true,
        };
        if let Some(salvaged) = self.value(span, &ctx, path, pattern, depth)
            && let Some(hook) = self.hook.as_mut()
        {
            let _ = (hook.take)(j, &salvaged);
        }
        if self.found.problems.len() == before {
            self.found.problems.push(problem);
        }
    }

    /// An item (a field `key: value`, or an element) at `piece`, its value at `value`: the
    /// salvaged item, when it could be read.
    fn item(
        &mut self,
        piece: (usize, usize),
        value: (usize, usize),
        ctx: &Ctx,
        path: &str,
        pattern: &str,
        depth: usize,
    ) -> Option<String> {
        let whole = [Part::Text(piece.0, piece.1)];
        let container = depth < MAX_DEPTH && locate::opens_container(self.text, value.0);
        // The root's fields hold the whole file: when they are containers, their elements are
        // parsed anyway, so they are not parsed whole first.
        let mut error = None;
        if !(container && depth == 1) {
            match self.parse_in(ctx, &whole, piece.0) {
                Ok(()) => return Some(self.piece(&whole)),
                Err(e) => error = Some(e),
            }
        }
        let before = self.found.problems.len();
        let mut salvaged = None;
        // An error at the key (an unknown field) is the item's own: its value is not looked at.
        if container && error.as_ref().is_none_or(|(at, _)| *at >= value.0) {
            let inner = ctx.around(
                vec![Part::Text(piece.0, value.0)],
                vec![Part::Text(value.1, piece.1)],
            );
            if let Some(v) = self.value(value, &inner, path, pattern, depth) {
                let parts = [
                    Part::Text(piece.0, value.0),
                    Part::Made(v),
                    Part::Text(value.1, piece.1),
                ];
                if self.parse_in(ctx, &parts, piece.0).is_ok() {
                    salvaged = Some(self.piece(&parts));
                }
            }
        }
        if self.found.problems.len() == before {
            // Nothing more precise inside: the item's own error.
            let error = match error {
                Some(e) => e,
                None => match self.parse_in(ctx, &whole, piece.0) {
                    Ok(()) => return Some(self.piece(&whole)),
                    Err(e) => e,
                },
            };
            self.found.problems.push(error);
        }
        if salvaged.is_none() {
            self.found.dropped.insert(path.to_string());
        }
        salvaged
    }

    /// The fields of the struct at `span`, each parsed alone (with the struct's required fields)
    /// and looked into when it does not parse; then the fields given twice and the required
    /// ones missing.
    #[allow(clippy::too_many_arguments)]
    fn fields(
        &mut self,
        span: (usize, usize),
        open_end: usize,
        fields: &[locate::Field<'_>],
        close: usize,
        ctx: &Ctx,
        path: &str,
        pattern: &str,
        depth: usize,
    ) -> Option<String> {
        let required = self.required.at(pattern);
        let fillers = |except: &str| -> String {
            required
                .iter()
                .filter(|(k, _)| *k != except)
                .map(|(k, v)| format!("{k}: {v}, "))
                .collect()
        };
        let open = Part::Text(span.0, open_end);
        let close_part = Part::Made(")".into());
        let mut kept = Vec::with_capacity(fields.len());
        let mut good: HashSet<&str> = HashSet::new();
        let mut seen: HashMap<&str, usize> = HashMap::new();
        // Fields refused at their name (unknown): when one is a misspelling of a missing
        // field, that is one mistake, reported once.
        let mut misnamed: Vec<&str> = Vec::new();
        for (n, f) in fields.iter().enumerate() {
            let inner = ctx.around(
                vec![open.clone(), Part::Made(fillers(f.key))],
                vec![close_part.clone()],
            );
            if let Some(&first) = seen.get(f.key) {
                // Given twice: parsed with the first, so that the parser says so.
                let g = &fields[first];
                let both = [
                    Part::Text(g.key_start, g.value.1),
                    Part::Made(", ".into()),
                    Part::Text(f.key_start, f.value.1),
                ];
                if let Err(p) = self.parse_in(&inner, &both, f.key_start) {
                    self.found.problems.push(p);
                }
                continue;
            }
            seen.insert(f.key, n);
            let piece = (f.key_start, f.value.1);
            let (fpath, fpattern) = (child(path, f.key), child(pattern, f.key));
            let mark = self.found.problems.len();
            if let Some(t) = self.item(piece, f.value, &inner, &fpath, &fpattern, depth + 1) {
                kept.push(t);
                good.insert(f.key);
            } else if self.found.problems[mark..]
                .iter()
                .any(|(at, _)| *at == f.key_start)
            {
                misnamed.push(f.key);
            }
        }
        for &(key, _) in &required {
            let misspelt = misnamed
                .iter()
                .any(|m| crate::model::validate::suggest(m, [key]).is_some());
            if !seen.contains_key(key) && !misspelt {
                let parts = [open.clone(), Part::Made(fillers(key)), close_part.clone()];
                // (A missing field is met at the made-up `)`, so it is placed at the struct's.)
                if let Err(problem) = self.parse_in(ctx, &parts, close) {
                    self.found.problems.push(problem);
                }
            }
        }
        for &(key, value) in &required {
            if !good.contains(key) {
                if !self.fill {
                    return None;
                }
                kept.push(format!("{key}: {value}"));
                self.found.dropped.insert(child(path, key));
            }
        }
        Some(format!(
            "{}{})",
            &self.text[span.0..open_end],
            kept.join(", ")
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load::ron_options;
    use crate::model::{Plan, Portfolio};

    fn problems(found: &Recovered, text: &str) -> Vec<String> {
        found
            .problems
            .iter()
            .map(|(at, message)| {
                format!(
                    "{}: {message}",
                    &text[*at..].chars().take(8).collect::<String>()
                )
            })
            .collect()
    }

    #[test]
    fn every_bad_field_is_found_and_the_rest_kept() {
        let text = "Plan(capacity: (max_apps: \"x\", pilot: 2), waves: [(name: 5, apps: [\"a\"]), (apps: [\"b\", 3]), (nme: \"c\")])";
        let parse = |s: &str| ron_options().from_str::<Plan>(s).map(|_| ());
        let found = recover(text, &parse, &Required::default(), false, None);
        assert_eq!(
            problems(&found, text),
            [
                "\"x\", pil: expected a number here",
                "5, apps:: expected a string in double quotes here",
                "3]), (nm: expected a string in double quotes here",
                "nme: \"c\": unknown field `nme` in Wave; did you mean `name`? the fields are: name, apps, notes, locked, pinned",
            ]
        );
        let salvaged: Plan = ron_options()
            .from_str(found.salvaged.as_deref().unwrap())
            .unwrap();
        assert_eq!(salvaged.capacity.pilot, 2);
        assert_eq!(salvaged.waves.len(), 3);
        assert_eq!(salvaged.waves[0].apps, ["a"]);
        assert!(salvaged.waves[1].apps.is_empty());
        assert!(found.kept("waves[0].apps[0]") && found.kept("capacity.pilot"));
        assert!(!found.kept("waves[1].apps") && !found.kept("waves[1].apps[0]"));
        assert!(!found.kept("capacity.max_apps") && found.kept("capacity.max_apps_x"));
    }

    #[test]
    fn required_fields_are_filled_in_and_their_absence_found() {
        let text = "Portfolio(apps: [(name: \"x\"), (id: 5, kind: Nope), (id: \"c\", depends_on: [(via: Http)])])";
        let parse = |s: &str| ron_options().from_str::<Portfolio>(s).map(|_| ());
        let required = Required::of(&[
            ("apps[]", "id", "\"\""),
            ("apps[].depends_on[]", "to", "\"\""),
        ]);
        let found = recover(text, &parse, &required, false, None);
        assert_eq!(
            problems(&found, text),
            [
                "), (id: : missing field `id` in App",
                "5, kind:: expected a string in double quotes here",
                "Nope), (: unknown value `Nope` for Kind; the values are: Service, Frontend, Gateway, Batch, Database, Cache, Queue, Storage",
                ")])]): missing field `to` in Dep",
            ]
        );
        // Without their ids the apps cannot be read; nor can the whole list.
        assert!(!found.kept("apps"));
        // Filled in from a complete file, every field of it required.
        let all = Required::all_of("W(a: (b: 1, c: [(d: 2)]), e: 3)");
        assert_eq!(all.at(""), [("a", "(b: 1, c: [(d: 2)])"), ("e", "3")]);
        assert_eq!(all.at("a.c[]"), [("d", "2")]);
    }

    #[test]
    fn a_hooked_list_is_read_element_by_element() {
        let text = "Portfolio(apps: [(id: \"a\"), (id: \"b\", kind: Nope, legacy: true), (id: 7)])";
        let parse = |s: &str| ron_options().from_str::<Portfolio>(s).map(|_| ());
        let required = Required::of(&[("apps[]", "id", "\"\"")]);
        let check = |s: &str| ron_options().from_str::<crate::model::App>(s).map(|_| ());
        let mut read = Vec::new();
        let mut take = |i: usize, s: &str| {
            ron_options()
                .from_str::<crate::model::App>(s)
                .map(|app| read.push((i, app)))
        };
        let hook = Hook {
            list: "apps",
            check: &check,
            take: &mut take,
        };
        let found = recover(text, &parse, &required, false, Some(hook));
        assert_eq!(found.elements, 3);
        assert_eq!(found.problems.len(), 2, "{:?}", found.problems);
        // The second app as far as it could be read; the third not at all.
        assert_eq!(read.len(), 2);
        assert_eq!(
            (read[1].0, read[1].1.id.as_str(), read[1].1.legacy),
            (1, "b", true)
        );
    }
}

//! Text to model: reads portfolio, plan and weights files and reports every problem with the
//! file, line and column.

pub mod locate;
pub mod read;
pub mod recover;

pub use read::{MAX_FILE_BYTES, STDIN_NAME, Stdin, input_name, read_input, read_text};

use std::path::{Path, PathBuf};

use ron::error::Error as RonError;
use serde::de::DeserializeOwned;

use crate::diagnostic::{Diagnostic, Pos, Severity};
use crate::graph::Targets;
use crate::model::validate::{self, Problem};
use crate::model::{App, Plan, Portfolio};
use locate::Locations;
use recover::{Hook, Recovered, Required};

/// Deepest nesting accepted in a RON file.
const RECURSION_LIMIT: usize = 64;

/// A load that did not give a usable value.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum LoadError {
    /// The file could not be read or is not RON at all (exit status 2).
    #[error("{}", join(.0))]
    Unreadable(Vec<Diagnostic>),
    /// The file was read but holds errors (exit status 1). Warnings may be among them.
    #[error("{}", join(.0))]
    Invalid(Vec<Diagnostic>),
}

impl LoadError {
    pub fn diagnostics(&self) -> &[Diagnostic] {
        match self {
            LoadError::Unreadable(d) | LoadError::Invalid(d) => d,
        }
    }

    /// The exit status this error calls for.
    pub fn exit_code(&self) -> i32 {
        match self {
            LoadError::Unreadable(_) => 2,
            LoadError::Invalid(_) => 1,
        }
    }
}

fn join(diags: &[Diagnostic]) -> String {
    diags
        .iter()
        .map(|d| d.to_string())
        .collect::<Vec<_>>()
        .join("\n")
}

/// A value read from a file, with the warnings found on the way.
#[derive(Debug, Clone)]
pub struct Loaded<T> {
    pub value: T,
    pub warnings: Vec<Diagnostic>,
}

/// The RON options every waveplan file is read with: optional values written plainly.
pub fn ron_options() -> ron::Options {
    ron::Options::default()
        .with_default_extension(ron::extensions::Extensions::IMPLICIT_SOME)
        .with_recursion_limit(RECURSION_LIMIT)
}

/// Turn bytes into text, pointing at the first byte that is not UTF-8. A leading byte order
/// mark (some Windows editors write one) is not part of the text.
pub fn text_from_bytes(mut bytes: Vec<u8>, file: &str) -> Result<String, LoadError> {
    if bytes.starts_with(b"\xef\xbb\xbf") {
        bytes.drain(..3);
    }
    if looks_like_utf16(&bytes) {
        return Err(LoadError::Unreadable(vec![Diagnostic::error(
            file,
            Some(Pos { line: 1, col: 1 }),
            "the file looks like UTF-16 text (every other byte is 0); save it as UTF-8",
        )]));
    }
    String::from_utf8(bytes).map_err(|e| {
        let valid = e.utf8_error().valid_up_to();
        let bytes = e.into_bytes();
        // The valid prefix is text; the position of the bad byte is right after it.
        let prefix = std::str::from_utf8(&bytes[..valid]).unwrap_or_default();
        let pos = locate::pos_in(prefix, valid);
        LoadError::Unreadable(vec![Diagnostic::error(
            file,
            Some(pos),
            format!(
                "the file is not UTF-8 text (byte 0x{:02x}); save it as UTF-8",
                bytes[valid]
            ),
        )])
    })
}

/// Whether `bytes` start as UTF-16 text without a byte order mark does: plain letters, each
/// with a 0 byte before or after it (text never holds 0 bytes).
fn looks_like_utf16(bytes: &[u8]) -> bool {
    let head = &bytes[..bytes.len().min(256) & !1];
    let pairs = head.len() / 2;
    if pairs < 2 {
        return false;
    }
    let zero_at = |parity: usize| {
        head.iter()
            .skip(parity)
            .step_by(2)
            .filter(|&&b| b == 0)
            .count()
    };
    zero_at(0).max(zero_at(1)) * 2 > pairs
}

/// The plan file of a portfolio: PORTFOLIO with `.plan.ron` in place of `.ron` (appended when
/// it does not end in `.ron`); `retail.plan.ron` in the current folder for the built-in sample.
pub fn default_plan_path(portfolio: Option<&Path>) -> PathBuf {
    match portfolio {
        Some(p) => PathBuf::from(format!("{}.plan.ron", base(p))),
        None => PathBuf::from("retail.plan.ron"),
    }
}

/// Default exports are this with a suffix: PORTFOLIO without `.ron`, or `retail`.
pub fn export_base(portfolio: Option<&Path>) -> String {
    portfolio.map_or_else(|| "retail".to_string(), base)
}

fn base(p: &Path) -> String {
    let s = p.display().to_string();
    match s.strip_suffix(".ron") {
        Some(stem) if !stem.is_empty() && !stem.ends_with('/') => stem.to_string(),
        _ => s,
    }
}

/// Parse a portfolio and check it; every problem is reported at once.
pub fn portfolio_from_str(text: &str, file: &str) -> Result<Loaded<Portfolio>, LoadError> {
    resolved_portfolio_from_str(text, file).map(|(loaded, _)| loaded)
}

/// `portfolio_from_str`, with the app each dependency names, found while checking them: the
/// graph is built from them (`DependencyGraph::build_resolved`) without a second lookup.
pub fn resolved_portfolio_from_str(
    text: &str,
    file: &str,
) -> Result<(Loaded<Portfolio>, Targets), LoadError> {
    // A large file is read in parts on every core; any problem, and the whole file is read
    // again in one piece, which locates every problem.
    if text.len() >= PARALLEL_BYTES {
        let threads = std::thread::available_parallelism().map_or(1, |n| n.get().min(8));
        if threads > 1
            && let Some(mut portfolio) = parse_portfolio_in_parts(text, threads)
        {
            let (problems, targets) = validate::validate_portfolio_resolving(&portfolio);
            portfolio.dedupe_tags();
            return finish(portfolio, problems, text, file).map(|l| (l, targets));
        }
    }
    let mut readable: Vec<(usize, App)> = Vec::new();
    let required = Required::of(&[
        ("apps[]", "id", "\"\""),
        ("apps[].depends_on[]", "to", "\"\""),
    ]);
    let check = |s: &str| ron_options().from_str::<App>(s).map(|_| ());
    let mut take = |i: usize, s: &str| {
        ron_options()
            .from_str::<App>(s)
            .map(|app| readable.push((i, app)))
    };
    let hook = Hook {
        list: "apps",
        check: &check,
        take: &mut take,
    };
    match parse_all::<Portfolio>(text, file, &required, false, Some(hook)) {
        Ok(mut portfolio) => {
            let (problems, targets) = validate::validate_portfolio_resolving(&portfolio);
            // A tag given twice is read once (validation warns about it).
            portfolio.dedupe_tags();
            finish(portfolio, problems, text, file).map(|l| (l, targets))
        }
        Err(Refusal {
            error: LoadError::Invalid(mut diags),
            recovered: Some(recovered),
        }) => {
            // Also report what is wrong with the apps that could be read, wholly or in part.
            // When every app could be read, references to unknown ids are reported too.
            let complete = readable.len() == recovered.elements;
            let apps: Vec<(usize, &App)> = readable.iter().map(|(i, a)| (*i, a)).collect();
            let problems = validate::validate_apps(&apps, complete);
            diags.extend(locate_problems(problems, text, file));
            Err(LoadError::Invalid(diags))
        }
        Err(refusal) => Err(refusal.error),
    }
}

/// Files from this size on (8 MiB: 21,000 to 27,000 generated apps) are parsed in parts, one
/// per core. A smaller file is read in a few hundredths of a second on one core; a second
/// thread would save a hundredth and cost more in all (a memory arena of its own, the merge of
/// the parts).
const PARALLEL_BYTES: usize = 8 * 1024 * 1024;

/// The portfolio of `text` read in `parts` runs of whole apps, each on a thread of its own.
/// `None` when the text cannot be cut plainly or any part does not parse: the caller then
/// parses it whole, which locates every problem.
///
/// The app list is cut at line ends that follow a comma and precede a `(`. Each run but the
/// last is parsed as a list of its own, and the last one with the text around the list (the
/// root's other fields). A cut inside a string, a comment or an app leaves a run that does not
/// parse, so that when every run parses, they are the file's apps in order.
pub fn parse_portfolio_in_parts(text: &str, parts: usize) -> Option<Portfolio> {
    let start = locate::root_list_start(text, "apps")?;
    let bytes = text.as_bytes();
    // Apps start where the first one does, this far into their line.
    let first = start + bytes[start..].iter().position(|&b| b == b'(')?;
    let indent = first
        - bytes[..first]
            .iter()
            .rposition(|&b| b == b'\n')
            .map_or(0, |nl| nl + 1);
    let mut cuts = vec![start];
    for k in 1..parts {
        let target = start + (text.len() - start) * k / parts;
        let from = (*cuts.last()?).max(target);
        if let Some(cut) = element_line_start(bytes, from, indent) {
            cuts.push(cut);
        }
    }
    if cuts.len() < 2 {
        return None;
    }
    let last = *cuts.last()?;
    // The last run on this thread, every other on a thread of its own; the text is read where
    // it lies, not copied.
    let (tail, runs) = std::thread::scope(|scope| {
        let workers: Vec<_> = cuts
            .windows(2)
            .map(|w| {
                let (a, b) = (w[0], w[1]);
                scope.spawn(move || apps_in_run(&text[a..b], false).map(|(apps, _)| apps))
            })
            .collect();
        // After the last run's apps, the rest of the root (its other fields) is read with the
        // text before the list: a small copy.
        let tail = apps_in_run(&text[last..], true).and_then(|(apps, after)| {
            let root = format!("{}{after}", &text[..start]);
            let mut portfolio = ron_options().from_str::<Portfolio>(&root).ok()?;
            (portfolio.apps.is_empty()).then(|| {
                portfolio.apps = apps;
                portfolio
            })
        });
        let runs: Vec<_> = workers
            .into_iter()
            .map(|w| w.join().ok().flatten())
            .collect();
        (tail, runs)
    });
    let mut portfolio = tail?;
    // The first run's apps grow in place (a large block is moved by remapping its pages, not
    // copied); only the others are copied behind them.
    let mut runs = runs.into_iter();
    let mut apps = runs.next()??;
    let rest: Option<Vec<Vec<App>>> = runs.collect();
    let rest = rest?;
    apps.reserve(rest.iter().map(Vec::len).sum::<usize>() + portfolio.apps.len());
    for mut run in rest {
        apps.append(&mut run);
    }
    apps.append(&mut portfolio.apps);
    portfolio.apps = apps;
    Some(portfolio)
}

/// The apps of `run`, a piece of the app list: apps each followed by a comma (the last one's
/// optional), to the end of the run, or (`to_close`) to the `]` that closes the list, with the
/// text from that `]` on. `None` when anything else is found (a cut inside an app, a string or
/// a comment): the caller then reads the file whole.
fn apps_in_run<'a>(run: &'a str, to_close: bool) -> Option<(Vec<App>, &'a str)> {
    use serde::Deserialize;
    let options = ron_options();
    let mut apps = Vec::new();
    // Blanks and comments: what may stand between two apps and their commas. A block comment
    // the run ends in goes on in the text after it (or never closes): the run says nothing.
    let skip = |text: &'a str| {
        let mut i = 0;
        locate::skip_trivia_closed(text.as_bytes(), &mut i).then(|| &text[i..])
    };
    let mut rest = run;
    loop {
        let next = skip(rest)?;
        if next.is_empty() {
            return (!to_close).then_some((apps, next));
        }
        if next.starts_with(']') {
            return to_close.then_some((apps, next));
        }
        let mut de = ron::Deserializer::from_str_with_options(next, &options).ok()?;
        apps.push(App::deserialize(&mut de).ok()?);
        let after = skip(de.remainder())?;
        rest = match after.strip_prefix(',') {
            Some(more) => more,
            None if after.is_empty() || after.starts_with(']') => after,
            None => return None,
        };
    }
}

/// The first line start at or after `from` whose line begins with `(` after `indent` blanks and
/// whose previous line ends (before blanks) with a comma; only the next thousand lines are
/// looked at.
fn element_line_start(bytes: &[u8], from: usize, indent: usize) -> Option<usize> {
    let mut at = from;
    for _ in 0..1000 {
        let nl = at + bytes.get(at..)?.iter().position(|&b| b == b'\n')?;
        let line = nl + 1;
        let opens = bytes.get(line + indent) == Some(&b'(')
            && bytes[line..line + indent]
                .iter()
                .all(|&b| b == b' ' || b == b'\t');
        if opens
            && bytes[..nl]
                .iter()
                .rposition(|b| !b.is_ascii_whitespace())
                .is_some_and(|p| bytes[p] == b',')
        {
            return Some(line);
        }
        at = line;
    }
    None
}

/// Read and check a portfolio file; `-` reads it from standard input.
pub fn load_portfolio(path: &Path) -> Result<Loaded<Portfolio>, LoadError> {
    load_resolved_portfolio(path).map(|(loaded, _)| loaded)
}

/// `load_portfolio`, with the app each dependency names (see `resolved_portfolio_from_str`).
pub fn load_resolved_portfolio(path: &Path) -> Result<(Loaded<Portfolio>, Targets), LoadError> {
    let text = read_input(path, Stdin::Allowed, MAX_FILE_BYTES)?;
    resolved_portfolio_from_str(&text, &input_name(path, Stdin::Allowed))
}

/// Parse a plan and check it against its portfolio.
pub fn plan_from_str(
    text: &str,
    file: &str,
    portfolio: &Portfolio,
) -> Result<Loaded<Plan>, LoadError> {
    let Salvaged {
        value: plan,
        mut diags,
        recovered,
    } = parse_salvaging::<Plan>(text, file, &Required::default(), false)?;
    let problems = validate::validate_plan(&plan, portfolio);
    let Some(recovered) = recovered else {
        return finish(plan, problems, text, file);
    };
    // The rules of the format, on what could be read. A wave whose apps could not be read
    // cannot say whether its pins are among them.
    let problems = problems
        .into_iter()
        .filter(|p| match p.path.split_once(".pinned[") {
            Some((wave, _)) => recovered.kept(&format!("{wave}.apps")),
            None => true,
        })
        .collect();
    diags.extend(locate_problems(problems, text, file));
    Err(LoadError::Invalid(diags))
}

/// Read and check a plan file.
pub fn load_plan(path: &Path, portfolio: &Portfolio) -> Result<Loaded<Plan>, LoadError> {
    let text = read_text(path)?;
    plan_from_str(&text, &path.display().to_string(), portfolio)
}

/// Parse any RON value with waveplan's options and located errors, every problem at once.
pub fn parse_ron<T: DeserializeOwned>(text: &str, file: &str) -> Result<T, LoadError> {
    parse_all(text, file, &Required::default(), false, None).map_err(|r| r.error)
}

/// A text that does not parse: the error to report, and for well-formed RON what the search
/// for every problem found (the salvaged text among it).
#[derive(Debug)]
pub struct Refusal {
    pub error: LoadError,
    pub recovered: Option<Box<Recovered>>,
}

/// What `parse_salvaging` read: the value and, when it was salvaged from a text with problems,
/// those problems and what could be read.
pub struct Salvaged<T> {
    pub value: T,
    pub diags: Vec<Diagnostic>,
    pub recovered: Option<Box<Recovered>>,
}

/// `parse_all`, for callers that judge by their own rules what could be read of a text with
/// problems too: its value is salvaged from the entries that could be read (`None` of those and
/// the problems are the refusal).
pub fn parse_salvaging<T: DeserializeOwned>(
    text: &str,
    file: &str,
    required: &Required,
    fill: bool,
) -> Result<Salvaged<T>, LoadError> {
    match parse_all::<T>(text, file, required, fill, None) {
        Ok(value) => Ok(Salvaged {
            value,
            diags: Vec::new(),
            recovered: None,
        }),
        Err(Refusal {
            error: LoadError::Invalid(diags),
            recovered: Some(recovered),
        }) => {
            let salvaged = recovered
                .salvaged
                .as_deref()
                .and_then(|s| ron_options().from_str::<T>(s).ok());
            match salvaged {
                Some(value) => Ok(Salvaged {
                    value,
                    diags,
                    recovered: Some(recovered),
                }),
                None => Err(LoadError::Invalid(diags)),
            }
        }
        Err(refusal) => Err(refusal.error),
    }
}

/// Parse `text` as `T`. When that fails on RON that is well formed (exit status 1), every
/// problem is reported, each at its place (see `recover`); `required` and `fill` are as there,
/// and `hook` reads the elements of one list as the caller wants. Text that is not RON gives
/// the parser's one error (exit status 2).
pub fn parse_all<T: DeserializeOwned>(
    text: &str,
    file: &str,
    required: &Required,
    fill: bool,
    hook: Option<Hook<'_>>,
) -> Result<T, Refusal> {
    let whole = match ron_options().from_str::<T>(text) {
        Ok(value) => return Ok(value),
        Err(e) => e,
    };
    if text.trim().is_empty() {
        return Err(Refusal {
            error: LoadError::Unreadable(vec![Diagnostic::error(
                file,
                Some(Pos { line: 1, col: 1 }),
                "the file is empty; a portfolio starts with `Portfolio(`, a plan with `Plan(` \
                 and a weights file with `Weights(`",
            )]),
            recovered: None,
        });
    }
    // Syntactically valid RON that does not fit the format: read, but holds errors (exit 1).
    let well_formed = ron_options().from_str::<ron::Value>(text).is_ok();
    let mut diags = Vec::new();
    let mut recovered = None;
    if well_formed {
        let parse = |s: &str| ron_options().from_str::<T>(s).map(|_| ());
        let found = recover::recover(text, &parse, required, fill, hook);
        let offsets: Vec<usize> = found.problems.iter().map(|(at, _)| *at).collect();
        let places = locate::LineIndex::new(text).positions(&offsets);
        for ((_, message), pos) in found.problems.iter().zip(places) {
            diags.push(Diagnostic::error(file, Some(pos), message.clone()));
        }
        recovered = Some(Box::new(found));
    }
    if diags.is_empty() {
        let at = locate::token_at(text, whole.span.start.line, whole.span.start.col);
        let pos = locate::pos_in(text, at);
        let end = locate::pos_in(text, text.trim_end().len());
        let reached = Pos {
            line: whole.span.end.line,
            col: whole.span.end.col,
        };
        // A comment that never closes reaches the end of the file: said where it opens.
        let unclosed = (whole.code == RonError::UnclosedBlockComment)
            .then(|| locate::unclosed_block_comment(text))
            .flatten();
        let (pos, message) = if let Some(at) = unclosed {
            (locate::pos_in(text, at), describe(&whole.code))
        } else if reached >= end && !well_formed {
            (pos, describe(&RonError::Eof))
        } else {
            (pos, describe_at(&whole.code, text, at))
        };
        diags.push(Diagnostic::error(file, Some(pos), message));
    }
    let error = if well_formed {
        LoadError::Invalid(diags)
    } else {
        LoadError::Unreadable(diags)
    };
    Err(Refusal { error, recovered })
}

/// `value` with the problems found in it: an error when any problem is an error.
fn finish<T>(
    value: T,
    problems: Vec<Problem>,
    text: &str,
    file: &str,
) -> Result<Loaded<T>, LoadError> {
    if problems.is_empty() {
        return Ok(Loaded {
            value,
            warnings: Vec::new(),
        });
    }
    let diags = locate_problems(problems, text, file);
    if diags.iter().any(Diagnostic::is_error) {
        Err(LoadError::Invalid(diags))
    } else {
        Ok(Loaded {
            value,
            warnings: diags,
        })
    }
}

/// The problems of `text` as diagnostics, each at the place of its path (or of the nearest
/// enclosing value found): one scan of the text and one pass to place them all, however many.
pub fn locate_problems(problems: Vec<Problem>, text: &str, file: &str) -> Vec<Diagnostic> {
    if problems.is_empty() {
        return Vec::new();
    }
    // Record only the places the problems need, and their parents (the fallback).
    let mut wanted = std::collections::HashSet::new();
    for p in &problems {
        let mut path = p.path.as_str();
        if !wanted.insert(path.to_string()) {
            continue;
        }
        while let Some(cut) = path.rfind(['.', '[']) {
            path = &path[..cut];
            if !wanted.insert(path.to_string()) {
                break;
            }
        }
    }
    let locations = Locations::scan_only(text, 6, Some(&wanted));
    let starts: Vec<Option<usize>> = problems
        .iter()
        .map(|p| {
            let mut path = p.path.as_str();
            loop {
                if let Some(at) = locations.start(path) {
                    return Some(at);
                }
                path = &path[..path.rfind(['.', '['])?];
            }
        })
        .collect();
    let offsets: Vec<usize> = starts.iter().flatten().copied().collect();
    let mut places = locations.lines().positions(&offsets).into_iter();
    problems
        .into_iter()
        .zip(starts)
        .map(|(p, start)| Diagnostic {
            severity: p.severity,
            file: file.to_string(),
            pos: start.and_then(|_| places.next()),
            message: p.message,
        })
        .collect()
}

/// A message for a RON error that says what is wrong and what to do.
/// `describe`, for the error found at byte `at` of `text`: `1.5` where a whole number must be
/// (the parser read `1` and wants a comma where the `.` is) says so.
pub(crate) fn describe_at(code: &RonError, text: &str, at: usize) -> String {
    let bytes = text.as_bytes();
    let decimal = *code == RonError::ExpectedComma
        && bytes.get(at) == Some(&b'.')
        && at > 0
        && bytes[at - 1].is_ascii_digit()
        && bytes.get(at + 1).is_some_and(u8::is_ascii_digit);
    if decimal {
        "expected a whole number here, not a decimal one".to_string()
    } else {
        describe(code)
    }
}

pub(crate) fn describe(code: &RonError) -> String {
    match code {
        RonError::NoSuchStructField {
            expected,
            found,
            outer,
        } => {
            let hint = validate::suggest(found, expected.iter().copied())
                .map(|s| format!("did you mean `{s}`? "))
                .unwrap_or_default();
            format!(
                "unknown field `{}`{}; {hint}the fields are: {}",
                found.escape_debug(),
                outer
                    .as_ref()
                    .map(|o| format!(" in {o}"))
                    .unwrap_or_default(),
                expected.join(", ")
            )
        }
        RonError::NoSuchEnumVariant {
            expected,
            found,
            outer,
        } => {
            let hint = validate::suggest(found, expected.iter().copied())
                .map(|s| format!("did you mean `{s}`? "))
                .unwrap_or_default();
            format!(
                "unknown value `{}`{}; {hint}the values are: {}",
                found.escape_debug(),
                outer
                    .as_ref()
                    .map(|o| format!(" for {o}"))
                    .unwrap_or_default(),
                expected.join(", ")
            )
        }
        RonError::MissingStructField { field, outer } => format!(
            "missing field `{field}`{}",
            outer
                .as_ref()
                .map(|o| format!(" in {o}"))
                .unwrap_or_default()
        ),
        RonError::DuplicateStructField { field, outer } => format!(
            "field `{field}` is given twice{}; keep one",
            outer
                .as_ref()
                .map(|o| format!(" in {o}"))
                .unwrap_or_default()
        ),
        RonError::Eof => {
            "unexpected end of file: the file is empty or truncated, or a bracket is not closed"
                .to_string()
        }
        RonError::ExceededRecursionLimit => {
            format!(
                "the file nests deeper than {RECURSION_LIMIT} levels; this is not a waveplan file"
            )
        }
        RonError::ExpectedFloat | RonError::ExpectedInteger => "expected a number here".to_string(),
        RonError::IntegerOutOfBounds => {
            "this number is out of range: a whole number, 0 or more (and not too large), is \
             expected here"
                .to_string()
        }
        RonError::ExpectedString => "expected a string in double quotes here".to_string(),
        RonError::ExpectedStringEnd => "this string is not closed: a `\"` is missing".to_string(),
        RonError::UnclosedBlockComment => {
            "this comment is not closed: a `*/` is missing (comments nest: each `/*` needs a `*/`)"
                .to_string()
        }
        RonError::ExpectedBoolean => "expected `true` or `false` here".to_string(),
        RonError::ExpectedArray => "expected a list `[...]` here".to_string(),
        RonError::ExpectedComma => {
            "expected a comma here (between two values or fields)".to_string()
        }
        // A number or another token where a name (an enum value) must be.
        RonError::SuggestRawIdentifier(found) => format!(
            "expected a value's name here (such as `Http` or `Service`, without quotes), not `{}`",
            found.escape_debug()
        ),
        RonError::ExpectedDifferentStructName { expected, found } => format!(
            "expected `{expected}(` but found `{}(`; is this the right kind of file?",
            found.escape_debug()
        ),
        other => {
            let text = other.to_string();
            let mut chars = text.chars();
            match chars.next() {
                Some(c) => c.to_lowercase().chain(chars).collect(),
                None => text,
            }
        }
    }
}

/// Print-ready diagnostics for all problems, errors first then warnings, in file order.
pub fn sorted(mut diags: Vec<Diagnostic>) -> Vec<Diagnostic> {
    diags.sort_by(|a, b| {
        (a.severity != Severity::Error, &a.file, a.pos).cmp(&(
            b.severity != Severity::Error,
            &b.file,
            b.pos,
        ))
    });
    diags
}

#[cfg(test)]
mod tests {
    use super::*;

    fn first_error(result: Result<Loaded<Portfolio>, LoadError>) -> Diagnostic {
        let err = result.expect_err("the text holds an error");
        err.diagnostics()[0].clone()
    }

    #[test]
    fn a_wrong_type_points_at_the_value_not_the_space_before_it() {
        let text = "Portfolio(\n    apps: [\n        (id: \"a\", data_gb: \"lots\"),\n    ],\n)";
        let d = first_error(portfolio_from_str(text, "p.ron"));
        assert_eq!(d.pos, Some(Pos { line: 3, col: 28 }), "{d}");
        // The value on the next line, after a comment.
        let text = "Portfolio(\n    apps: [\n        (id: \"a\", legacy: // flag\n            \"yes\"),\n    ],\n)";
        let d = first_error(portfolio_from_str(text, "p.ron"));
        assert_eq!(d.pos, Some(Pos { line: 4, col: 13 }), "{d}");
        // Outside the list of apps, where the whole file is parsed at once.
        let d = first_error(portfolio_from_str("Portfolio(name: 5, apps: [])", "p.ron"));
        assert_eq!(d.pos, Some(Pos { line: 1, col: 17 }), "{d}");
    }

    /// The apps of `text` read in `parts` parts, checked against the whole text read at once.
    fn in_parts(text: &str, parts: usize) -> Option<Vec<String>> {
        let p = parse_portfolio_in_parts(text, parts)?;
        let whole: Portfolio = ron_options().from_str(text).unwrap();
        assert_eq!(p, whole);
        Some(p.apps.iter().map(|a| a.id.to_string()).collect())
    }

    #[test]
    fn a_portfolio_is_read_in_parts_only_where_a_line_starts_an_app() {
        let sample = crate::SAMPLE_PORTFOLIO;
        let whole = portfolio_from_str(sample, "retail.ron").unwrap().value;
        for parts in 2..6 {
            let ids = in_parts(sample, parts).expect("the sample reads in parts");
            assert_eq!(ids.len(), whole.apps.len());
        }
        // Fields after the list, a trailing comma, a comment that ends a line with a comma.
        let text = "Portfolio(\n  apps: [\n    (id: \"a\"),\n    (id: \"b\"), // b, then c,\n    (id: \"c\"),\n    (id: \"d\"),\n  ],\n  name: \"n\",\n)";
        assert_eq!(in_parts(text, 3).unwrap(), ["a", "b", "c", "d"]);
        // A line inside a string, a block comment or an app's dependencies that looks like an
        // app is no place to cut: such parts do not read, and the caller reads the whole text.
        for (text, ids) in [
            (
                "Portfolio(apps: [\n(id: \"a\", name: \"x,\n(id: y\"),\n(id: \"b\")])",
                &["a", "b"][..],
            ),
            (
                "Portfolio(apps: [\n(id: \"a\", depends_on: [(to: \"b\"),\n(to: \"c\")]),\n(id: \"b\")])",
                &["a", "b"],
            ),
            (
                "Portfolio(apps: [\n(id: \"a\"), /* gone,\n(id: \"z\"), */\n(id: \"b\")])",
                &["a", "b"],
            ),
        ] {
            for parts in 2..4 {
                // (`in_parts` checks that what it reads is what the whole text holds.)
                assert!(
                    in_parts(text, parts).is_none_or(|read| read == ids),
                    "{text}"
                );
            }
        }
        // One line, no field `apps`, or an attribute that changes how the text reads: one piece.
        assert_eq!(
            parse_portfolio_in_parts("Portfolio(apps: [(id: \"a\"), (id: \"b\")])", 2),
            None
        );
        assert_eq!(
            parse_portfolio_in_parts("Portfolio(name: \"a\",\n(x),\n)", 2),
            None
        );
        let text = "#![enable(unwrap_newtypes)]\nPortfolio(apps: [\n(id: \"a\"),\n(id: \"b\")])";
        assert_eq!(parse_portfolio_in_parts(text, 2), None);
        // The whole portfolio goes through the same checks: a duplicate across parts is found.
        // (Each app's line is 20 bytes or more: this many make a file read in parts.)
        let n = PARALLEL_BYTES / 20;
        let mut big = String::from("Portfolio(apps: [\n");
        for i in 0..n {
            big.push_str(&format!("    (id: \"app-{}\"),\n", i % (n - 1)));
        }
        big.push_str("])");
        assert!(big.len() >= PARALLEL_BYTES);
        assert!(parse_portfolio_in_parts(&big, 2).is_some());
        let err = portfolio_from_str(&big, "big.ron").unwrap_err();
        assert!(
            err.diagnostics()[0]
                .message
                .contains("duplicate id `app-0`"),
            "{:?}",
            err.diagnostics()
        );
        assert_eq!(
            err.diagnostics()[0].pos,
            Some(Pos {
                line: n + 1,
                col: 10
            })
        );
    }

    #[test]
    fn a_byte_order_mark_is_not_part_of_the_text() {
        let mut bytes = b"\xef\xbb\xbf".to_vec();
        bytes.extend_from_slice(b"Portfolio(apps: [(id: \"a\")])");
        let text = text_from_bytes(bytes, "p.ron").unwrap();
        assert_eq!(
            portfolio_from_str(&text, "p.ron").unwrap().value.apps.len(),
            1
        );
        // Columns count from the first character after the mark.
        let err = text_from_bytes(b"\xef\xbb\xbfab\xff".to_vec(), "p.ron").unwrap_err();
        assert_eq!(err.diagnostics()[0].pos, Some(Pos { line: 1, col: 3 }));
    }

    /// The diagnostics of a refused text, as printed, in file order.
    fn messages(result: Result<Loaded<Portfolio>, LoadError>) -> Vec<String> {
        let err = result.expect_err("the text holds errors");
        sorted(err.diagnostics().to_vec())
            .iter()
            .map(ToString::to_string)
            .collect()
    }

    #[test]
    fn every_problem_of_every_app_is_reported_at_once() {
        let text = "Portfolio(apps: [(id: \"a\", kind: Nope, state: Bad, data_gb: \"x\")])";
        assert_eq!(
            messages(portfolio_from_str(text, "p.ron")),
            [
                "error: p.ron:1:34: unknown value `Nope` for Kind; the values are: Service, \
                 Frontend, Gateway, Batch, Database, Cache, Queue, Storage",
                "error: p.ron:1:47: unknown value `Bad` for State; the values are: Stateless, \
                 Cache, Session, Files, Queue, Database",
                "error: p.ron:1:61: expected a number here",
            ]
        );
        // The rules are checked on what could be read: an unknown target beside a type error,
        // and the app with the type error among the known ids.
        let text = "Portfolio(apps: [\n(id: \"a\", kind: Nope, depends_on: [(to: \"b\")]),\n(id: \"b\", depends_on: [(to: \"zz\"), (to: \"a\")]),\n(id: \"a\"),\n])";
        assert_eq!(
            messages(portfolio_from_str(text, "p.ron")),
            [
                "error: p.ron:2:17: unknown value `Nope` for Kind; the values are: Service, \
                 Frontend, Gateway, Batch, Database, Cache, Queue, Storage",
                "error: p.ron:3:29: `b` depends on unknown app `zz`",
                "error: p.ron:4:6: duplicate id `a`: app 1 has it already; ids must be unique",
            ]
        );
        // An app whose id cannot be read may be the one a reference names: no word of it.
        let text = "Portfolio(apps: [(id: 5), (id: \"b\", depends_on: [(to: \"zz\")])])";
        assert_eq!(
            messages(portfolio_from_str(text, "p.ron")),
            ["error: p.ron:1:23: expected a string in double quotes here"]
        );
        // Outside the apps too, and still exit status 1.
        let err = portfolio_from_str("Portfolio(name: 5, apps: [(id: 6)])", "p.ron").unwrap_err();
        assert_eq!(err.exit_code(), 1);
        assert_eq!(err.diagnostics().len(), 2, "{err}");
    }

    #[test]
    fn duplicate_tags_are_read_once_with_a_warning() {
        let text = "Portfolio(apps: [(id: \"a\", tags: [\"pci\", \"web\", \"PCI\", \"pci\"])])";
        let loaded = portfolio_from_str(text, "p.ron").unwrap();
        assert_eq!(loaded.value.apps[0].tags, ["pci", "web"]);
        assert_eq!(loaded.value.apps[0].compliance_tags().count(), 1);
        let warnings: Vec<String> = loaded.warnings.iter().map(ToString::to_string).collect();
        assert_eq!(
            warnings,
            [
                "warning: p.ron:1:49: `a` has the tag `pci` twice (as `pci` and `PCI`: tags \
                 ignore case); it counts once",
                "warning: p.ron:1:56: `a` has the tag `pci` twice; it counts once",
            ]
        );
    }

    #[test]
    fn a_plan_reports_every_problem_at_once() {
        let portfolio = portfolio_from_str(crate::SAMPLE_PORTFOLIO, "retail.ron")
            .unwrap()
            .value;
        let text =
            "Plan(waves: [(name: 5, apps: [\"storefront\", \"nope\"], locked: \"yes\", notes: 3)])";
        let err = plan_from_str(text, "p.plan.ron", &portfolio).unwrap_err();
        assert_eq!(err.exit_code(), 1);
        let found: Vec<String> = sorted(err.diagnostics().to_vec())
            .iter()
            .map(ToString::to_string)
            .collect();
        assert_eq!(found.len(), 4, "{found:#?}");
        assert!(found[1].starts_with("error: p.plan.ron:1:45: unknown app `nope` in Wave 1"));
    }

    #[test]
    fn an_unclosed_string_says_so() {
        let text = "Portfolio(\n    apps: [\n        (id: \"a\", name: \"unterminated";
        let err = portfolio_from_str(text, "p.ron").unwrap_err();
        assert_eq!(err.exit_code(), 2);
        let d = &err.diagnostics()[0];
        assert!(d.message.contains("not closed"), "{d}");
        assert_eq!(d.pos, Some(Pos { line: 3, col: 25 }), "{d}");
    }

    #[test]
    fn utf16_without_a_byte_order_mark_is_named() {
        for wide in [
            "id,name\na,A\n"
                .encode_utf16()
                .flat_map(u16::to_be_bytes)
                .collect::<Vec<u8>>(),
            "Portfolio(apps: [])"
                .encode_utf16()
                .flat_map(u16::to_le_bytes)
                .collect(),
        ] {
            let err = text_from_bytes(wide, "f").unwrap_err();
            assert!(err.to_string().contains("looks like UTF-16"), "{err}");
        }
        assert!(text_from_bytes(b"id\0x".to_vec(), "f").is_ok());
        assert!(text_from_bytes(b"Portfolio(apps: [])".to_vec(), "f").is_ok());
    }

    #[test]
    fn a_decimal_where_a_whole_number_must_be_says_so() {
        let text = "Plan(\n    capacity: (max_apps: 1.5),\n)";
        let err = parse_ron::<crate::model::Plan>(text, "p.plan.ron").unwrap_err();
        let d = &err.diagnostics()[0];
        assert_eq!(
            d.message, "expected a whole number here, not a decimal one",
            "{d}"
        );
        assert_eq!(d.pos, Some(Pos { line: 2, col: 27 }), "{d}");
        // Elsewhere a comma is what is missing.
        let err = parse_ron::<crate::model::Plan>("Plan(waves: [] capacity: ())", "p").unwrap_err();
        assert!(
            err.diagnostics()[0].message.contains("expected a comma"),
            "{err}"
        );
    }

    #[test]
    fn a_comment_that_never_closes_is_shown_where_it_opens() {
        // Not the end of the file, where the parser stops: the `/*` whose `*/` never comes,
        // past a string that holds one and a nested comment that does close.
        let text = "Portfolio(\n  name: \"x /* not a comment\",\n  // nor /* this\n  \
                    apps: [(id: \"a\"), /* one /* nested */ still open\n    (id: \"b\")],\n)\n";
        let err = portfolio_from_str(text, "p.ron").unwrap_err();
        assert_eq!(err.exit_code(), 2);
        let d = &err.diagnostics()[0];
        assert!(d.message.contains("comment is not closed"), "{d}");
        assert_eq!(d.pos, Some(Pos { line: 4, col: 21 }), "{d}");
    }
}

//! Property tests of the loader: no input makes it panic, broken input is reported at a place
//! inside the file, and what the model writes reads back as the same value.

use std::collections::BTreeSet;

use proptest::prelude::*;
use proptest::sample::{Index, select};

use waveplan::diagnostic::{Diagnostic, Severity};
use waveplan::load::{self, LoadError, locate};
use waveplan::model::write::{plan_to_ron, portfolio_to_ron};
use waveplan::model::{
    App, Criticality, Dep, Hosting, Kind, Plan, Portfolio, State, Strategy as Migration, Via, Wave,
};

const RETAIL: &str = include_str!("../portfolios/retail.ron");

fn retail() -> Portfolio {
    load::portfolio_from_str(RETAIL, "retail.ron")
        .unwrap()
        .value
}

/// Pieces of RON that waveplan files are made of, so that random sequences of them get past the
/// first character and into the deeper paths of the parser and the scanner.
#[rustfmt::skip]
const TOKENS: &[&str] = &[
    "Portfolio", "Plan", "(", ")", "[", "]", "{", "}", ",", ":", " ", "\n", "\r\n", "\t",
    "name", "apps", "waves", "notes", "id", "kind", "state", "data_gb", "legacy", "tags",
    "depends_on", "to", "via", "owner", "Http", "Database", "Retain", "Servce",
    "\"a\"", "\"b\"", "\"web\"", "\"", "\"x\\", "\\u{1b}", "'c'", "r#\"raw\"#", "r#\"", "b\"",
    "true", "yes", "0", "-1", "1e400", "NaN", "inf", "0x", "1_0",
    "//", "/*", "*/", "#![enable(implicit_some)]", "Some(", "None", "\u{feff}", "é", "\u{1b}",
];

fn ron_ish() -> impl Strategy<Value = String> {
    prop::collection::vec(select(TOKENS), 0..120).prop_map(|t| t.concat())
}

/// Every place a diagnostic gives lies inside `text`; messages are one line with no control
/// characters; a failed load has at least one error.
fn check_diagnostics(text: &str, result: &Result<(), LoadError>) -> Result<(), TestCaseError> {
    let Err(err) = result else {
        return Ok(());
    };
    let diags = err.diagnostics();
    prop_assert!(diags.iter().any(Diagnostic::is_error), "{diags:?}");
    let lines: Vec<&str> = text.split('\n').collect();
    for d in diags {
        prop_assert!(
            !d.message.chars().any(char::is_control),
            "control character in {:?}",
            d.message
        );
        if let Some(p) = d.pos {
            prop_assert!(p.line >= 1 && p.line <= lines.len(), "{d} in {text:?}");
            let len = lines[p.line - 1].chars().count();
            prop_assert!(p.col >= 1 && p.col <= len + 1, "{d} in {text:?}");
        }
    }
    Ok(())
}

fn load_portfolio(text: &str) -> Result<(), LoadError> {
    load::portfolio_from_str(text, "p.ron").map(|_| ())
}

fn load_plan(text: &str, portfolio: &Portfolio) -> Result<(), LoadError> {
    load::plan_from_str(text, "p.plan.ron", portfolio).map(|_| ())
}

/// A portfolio the loader accepted reads back the same after writing.
fn rewrites_the_same(text: &str) -> Result<(), TestCaseError> {
    if let Ok(loaded) = load::portfolio_from_str(text, "p.ron") {
        let written = portfolio_to_ron(&loaded.value);
        let back = load::portfolio_from_str(&written, "w.ron");
        prop_assert!(back.is_ok(), "{written}\n{:?}", back.err());
        prop_assert_eq!(back.unwrap().value, loaded.value);
    }
    Ok(())
}

fn scan_everywhere(text: &str, depth: usize, at: usize) {
    let l = locate::Locations::scan(text, depth);
    for path in [
        "",
        "name",
        "apps",
        "apps[0]",
        "apps[0].id",
        "waves[1].apps[0]",
    ] {
        let _ = l.pos(path);
        if let Some((start, end)) = l.span(path) {
            assert!(start <= end && end <= text.len());
            assert!(text.is_char_boundary(start) && text.is_char_boundary(end));
        }
    }
    let _ = l.pos_of(at);
    let _ = locate::pos_in(text, at);
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn arbitrary_bytes_never_panic(bytes in prop::collection::vec(any::<u8>(), 0..400)) {
        match load::text_from_bytes(bytes.clone(), "p.ron") {
            Ok(text) => {
                let expected = bytes.strip_prefix(b"\xef\xbb\xbf").unwrap_or(&bytes);
                prop_assert_eq!(text.as_bytes(), expected);
                let result = load_portfolio(&text);
                check_diagnostics(&text, &result)?;
                scan_everywhere(&text, 6, bytes.len() / 2);
            }
            Err(err) => {
                prop_assert_eq!(err.exit_code(), 2);
                let d = &err.diagnostics()[0];
                prop_assert!(d.pos.is_some());
                prop_assert!(!d.message.chars().any(char::is_control));
            }
        }
    }

    #[test]
    fn arbitrary_strings_never_panic(text in any::<String>(), depth in 0usize..10, at in any::<usize>()) {
        check_diagnostics(&text, &load_portfolio(&text))?;
        check_diagnostics(&text, &load_plan(&text, &Portfolio::default()))?;
        scan_everywhere(&text, depth, at);
    }

    #[test]
    fn ron_like_text_never_panics(
        text in ron_ish(),
        depth in 0usize..10,
        at in 0usize..2000,
        line in 0usize..20,
        col in 0usize..40,
    ) {
        check_diagnostics(&text, &load_portfolio(&text))?;
        rewrites_the_same(&text)?;
        let at_token = locate::token_at(&text, line, col);
        prop_assert!(at_token <= text.len() && text.is_char_boundary(at_token));
        scan_everywhere(&text, depth, at);
        let plan = format!("Plan(waves: [(name: \"w\", apps: [{text}])])");
        check_diagnostics(&plan, &load_plan(&plan, &retail()))?;
        check_diagnostics(&text, &load_plan(&text, &retail()))?;
    }

    #[test]
    fn ron_like_portfolios_never_panic(body in ron_ish()) {
        // Inside a well-formed frame, so the per-app recovery runs.
        let text = format!("Portfolio(\n    apps: [\n        (id: \"a\", {body}),\n        (id: \"b\"),\n    ],\n)\n");
        check_diagnostics(&text, &load_portfolio(&text))?;
        rewrites_the_same(&text)?;
    }
}

/// A random edit of a text: cut it, or delete, duplicate or replace one character.
#[derive(Debug, Clone)]
enum Mutation {
    Truncate(Index),
    Delete(Index),
    Duplicate(Index),
    Replace(Index, char),
    Insert(Index, &'static str),
}

fn mutation() -> impl Strategy<Value = Mutation> {
    prop_oneof![
        any::<Index>().prop_map(Mutation::Truncate),
        any::<Index>().prop_map(Mutation::Delete),
        any::<Index>().prop_map(Mutation::Duplicate),
        (
            any::<Index>(),
            select(&['"', '(', ')', '[', ']', ',', ':', 'x', '\\', '/', '\n'][..])
        )
            .prop_map(|(i, c)| Mutation::Replace(i, c)),
        (any::<Index>(), select(TOKENS)).prop_map(|(i, t)| Mutation::Insert(i, t)),
    ]
}

fn apply(text: &str, edits: &[Mutation]) -> String {
    let mut chars: Vec<char> = text.chars().collect();
    for edit in edits {
        if chars.is_empty() {
            break;
        }
        match edit {
            Mutation::Truncate(i) => chars.truncate(i.index(chars.len())),
            Mutation::Delete(i) => {
                chars.remove(i.index(chars.len()));
            }
            Mutation::Duplicate(i) => {
                let at = i.index(chars.len());
                chars.insert(at, chars[at]);
            }
            Mutation::Replace(i, c) => {
                let at = i.index(chars.len());
                chars[at] = *c;
            }
            Mutation::Insert(i, t) => {
                let at = i.index(chars.len());
                chars.splice(at..at, t.chars());
            }
        }
    }
    chars.into_iter().collect()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[test]
    fn mutated_retail_sample_never_panics_and_points_inside_the_file(
        edits in prop::collection::vec(mutation(), 1..4),
    ) {
        let text = apply(RETAIL, &edits);
        let result = load_portfolio(&text);
        check_diagnostics(&text, &result)?;
        if let Err(err) = &result {
            for d in err.diagnostics().iter().filter(|d| d.severity == Severity::Error) {
                prop_assert!(d.pos.is_some(), "no place for {d}");
            }
        }
        rewrites_the_same(&text)?;
    }

    #[test]
    fn mutated_plan_never_panics_and_points_inside_the_file(
        edits in prop::collection::vec(mutation(), 1..4),
    ) {
        let plan = "Plan(\n    waves: [\n        (name: \"Pilot\", apps: [\"storefront\", \"cms\"]),\n        (name: \"Wave 2\", apps: [\"cart\", \"pricing\", \"promotions\"], notes: \"after the freeze\"),\n    ],\n)\n";
        let text = apply(plan, &edits);
        let result = load_plan(&text, &retail());
        check_diagnostics(&text, &result)?;
        if let Err(err) = &result {
            for d in err.diagnostics().iter().filter(|d| d.severity == Severity::Error) {
                prop_assert!(d.pos.is_some(), "no place for {d}");
            }
        }
    }
}

fn id() -> impl Strategy<Value = String> {
    "[A-Za-z0-9][A-Za-z0-9._-]{0,12}"
}

fn text() -> impl Strategy<Value = String> {
    prop_oneof![
        3 => any::<String>(),
        1 => "[ -~]{0,20}",
        1 => select(&["", "\u{1b}[2J", "=cmd|' /C calc'!A0", "<script>", "a|b", "\"quoted\"", "back\\slash", "r#\"raw\"#", "\u{0}", "line\nbreak"][..]).prop_map(String::from),
    ]
}

fn data_gb() -> impl Strategy<Value = f64> {
    prop_oneof![
        3 => 0.0..1e6f64,
        1 => (0u32..100_000).prop_map(f64::from),
        // (Up to the most the loader takes: a billion gigabytes.)
        1 => select(&[0.0, -0.0, 0.1, 1e-7, 5e-324, 123_456_789.123_456_78, 999_999_999.999_999_9, 1e9][..]),
    ]
}

/// Everything about one app but its dependencies, which need the other ids.
fn app_fields() -> impl Strategy<Value = App> {
    (
        (
            prop::option::of(text()),
            prop::option::of(text()),
            select(&Kind::ALL[..]),
            select(&Hosting::ALL[..]),
            select(&Migration::ALL[..]),
            select(&State::ALL[..]),
        ),
        (
            data_gb(),
            select(&Criticality::ALL[..]),
            any::<bool>(),
            prop::collection::vec(text(), 0..4),
        ),
    )
        .prop_map(
            |(
                (name, owner, kind, hosting, strategy, state),
                (data_gb, criticality, legacy, tags),
            )| App {
                id: Default::default(),
                name,
                owner,
                kind,
                hosting,
                strategy,
                state,
                data_gb,
                criticality,
                legacy,
                tags,
                depends_on: Vec::new(),
            },
        )
}

fn portfolio() -> impl Strategy<Value = Portfolio> {
    (text(), prop::collection::btree_set(id(), 0..25))
        .prop_flat_map(|(name, ids)| {
            let ids: Vec<String> = ids.into_iter().collect();
            let n = ids.len();
            let deps = prop::collection::vec(
                prop::collection::vec((any::<Index>(), select(&Via::ALL[..])), 0..6),
                n,
            );
            (
                Just(name),
                Just(ids),
                prop::collection::vec(app_fields(), n),
                deps,
            )
        })
        .prop_map(|(name, ids, fields, deps)| {
            let n = ids.len();
            let apps = fields
                .into_iter()
                .zip(deps)
                .enumerate()
                .map(|(i, (mut app, deps))| {
                    app.id = ids[i].as_str().into();
                    app.depends_on = deps
                        .into_iter()
                        .map(|(to, via)| (to.index(n), via))
                        .filter(|&(to, _)| to != i)
                        .map(|(to, via)| Dep {
                            to: ids[to].as_str().into(),
                            via,
                            ..Default::default()
                        })
                        .collect();
                    app
                })
                .collect();
            Portfolio { name, apps }
        })
}

/// A portfolio and a plan of some of its movable apps, each in one wave.
fn portfolio_and_plan() -> impl Strategy<Value = (Portfolio, Plan)> {
    portfolio()
        .prop_flat_map(|p| {
            let movable: Vec<String> = p
                .apps
                .iter()
                .filter(|a| a.is_movable())
                .map(|a| a.id.to_string())
                .collect();
            let n = movable.len();
            let waves = prop::collection::vec(
                (
                    text(),
                    prop::option::of(text()),
                    prop::collection::btree_set(0..n.max(1), 0..=n),
                ),
                0..5,
            );
            (Just(p), Just(movable), waves)
        })
        .prop_map(|(p, movable, waves)| {
            let mut placed = BTreeSet::new();
            let waves = waves
                .into_iter()
                .map(|(name, notes, members)| Wave {
                    name,
                    notes,
                    apps: members
                        .into_iter()
                        .filter(|&m| m < movable.len() && placed.insert(m))
                        .map(|m| movable[m].clone())
                        .collect(),
                    ..Default::default()
                })
                .collect();
            (
                p,
                Plan {
                    waves,
                    ..Default::default()
                },
            )
        })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn a_written_plan_reads_back_the_same((p, plan) in portfolio_and_plan()) {
        let text = plan_to_ron(&plan);
        let loaded = load::plan_from_str(&text, "p.plan.ron", &p);
        prop_assert!(loaded.is_ok(), "{text}\n{:?}", loaded.err());
        let loaded = loaded.unwrap();
        prop_assert!(loaded.warnings.is_empty());
        prop_assert_eq!(&loaded.value, &plan);
    }

    #[test]
    fn a_written_portfolio_reads_back_the_same(p in portfolio()) {
        let text = portfolio_to_ron(&p);
        let loaded = load::portfolio_from_str(&text, "p.ron");
        prop_assert!(loaded.is_ok(), "{text}\n{:?}", loaded.err());
        let loaded = loaded.unwrap();
        // A tag given twice is read once, with a warning.
        let mut want = p.clone();
        want.dedupe_tags();
        prop_assert!(want == p || loaded.warnings.iter().any(|w| w.message.contains("twice")));
        prop_assert_eq!(&loaded.value, &want);
    }
}

/// A block comment opened at the end of a line (where the parts are cut) and never closed: the
/// whole text does not parse, and neither do the parts.
#[test]
fn a_comment_left_open_at_a_cut_is_no_portfolio_in_parts() {
    let text = waveplan::SAMPLE_PORTFOLIO;
    let line_ends: Vec<usize> = text.match_indices(",\n").map(|(i, _)| i + 1).collect();
    assert!(line_ends.len() > 100);
    for at in line_ends {
        let opened = format!("{}/*{}", &text[..at], &text[at..]);
        parts_agree_with_whole(&opened).unwrap();
    }
}

/// A large portfolio is read in parts on several threads: whenever that reading gives a
/// portfolio, it is exactly the one the whole text gives.
fn parts_agree_with_whole(text: &str) -> Result<(), TestCaseError> {
    for parts in 2..=4 {
        if let Some(in_parts) = load::parse_portfolio_in_parts(text, parts) {
            let whole = load::ron_options().from_str::<Portfolio>(text);
            prop_assert_eq!(whole.as_ref().ok(), Some(&in_parts), "{} parts", parts);
        }
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    #[test]
    fn a_portfolio_read_in_parts_is_the_whole_one(
        edits in prop::collection::vec(mutation(), 1..4),
    ) {
        parts_agree_with_whole(&apply(RETAIL, &edits))?;
    }

    #[test]
    fn ron_like_app_lists_read_in_parts_are_the_whole_one(tail in ron_ish()) {
        parts_agree_with_whole(&format!("Portfolio(\n    apps: [\n        (id: \"a\"),\n{tail}"))?;
        parts_agree_with_whole(&format!("Portfolio(apps: [(id: \"a\"),\n(id: \"b\"), // x,\n{tail}"))?;
    }
}

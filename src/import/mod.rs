//! Portfolios built from other tools' data: a CMDB export (`csv`), a Backstage catalog
//! (`backstage`), ServiceNow list exports (`servicenow`) and server-level connection exports
//! (`connections`). Shared here: the result type, value parsing and id repair; the mapping file
//! (`map`), the summary (`summary`) and CSV tables (`table`) have their own modules.

pub mod backstage;
pub mod connections;
pub mod csv;
pub mod ids;
pub mod map;
pub mod servicenow;
pub mod summary;
pub mod table;

pub use map::ImportMap;
pub use summary::{Count, Summary};

use std::fmt;
use std::path::Path;

use crate::diagnostic::{Diagnostic, Pos};
use crate::load::LoadError;
use crate::model::validate::{self, suggest};
use crate::model::{Criticality, Hosting, Kind, Plan, Portfolio, State, Strategy, Via};

/// A portfolio an import built, with what the user should know about it.
#[derive(Debug, Clone)]
pub struct Imported {
    pub portfolio: Portfolio,
    /// Problems that did not stop the import (an ignored column, a dependency left out).
    pub warnings: Vec<Diagnostic>,
    /// Decisions the import took for the user (entities skipped, ids repaired).
    pub notes: Vec<Note>,
    /// What was read, kept, folded and dropped.
    pub summary: Summary,
    /// The plan the export held (`import csv --waves-from`), when asked for.
    pub plan: Option<Plan>,
}

impl Imported {
    /// The number of dependency edges in the portfolio.
    pub fn edge_count(&self) -> usize {
        self.portfolio.apps.iter().map(|a| a.depends_on.len()).sum()
    }
}

/// Information about a choice the import made; not a problem.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Note {
    pub file: String,
    pub pos: Option<Pos>,
    pub message: String,
}

impl Note {
    pub fn new(file: &str, pos: Option<Pos>, message: impl Into<String>) -> Note {
        Note {
            file: file.to_string(),
            pos,
            message: message.into(),
        }
    }
}

impl fmt::Display for Note {
    /// `note: FILE:LINE:COL: message`, or `note: FILE: message` when the place is unknown.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.pos {
            Some(p) => write!(
                f,
                "note: {}:{}:{}: {}",
                self.file, p.line, p.col, self.message
            ),
            None => write!(f, "note: {}: {}", self.file, self.message),
        }
    }
}

/// Split diagnostics into the import's result: any error fails it. `unreadable` marks input
/// that could not be parsed at all (exit status 2 rather than 1).
fn conclude(
    portfolio: Portfolio,
    diags: Vec<Diagnostic>,
    notes: Vec<Note>,
    unreadable: bool,
    file: &str,
    summary: Summary,
) -> Result<Imported, LoadError> {
    let mut diags = diags;
    if !diags.iter().any(Diagnostic::is_error) {
        // The importers check everything the format requires; this is the safety net that
        // keeps a portfolio the loader would refuse from ever being written.
        for problem in validate::validate_portfolio(&portfolio) {
            diags.push(Diagnostic {
                severity: problem.severity,
                file: file.to_string(),
                pos: None,
                message: problem.message,
            });
        }
    }
    let mut portfolio = portfolio;
    portfolio.dedupe_tags();
    if diags.iter().any(Diagnostic::is_error) {
        return Err(if unreadable {
            LoadError::Unreadable(diags)
        } else {
            LoadError::Invalid(diags)
        });
    }
    let mut summary = summary;
    summary.kept_from(&portfolio, None);
    Ok(Imported {
        portfolio,
        warnings: diags,
        notes,
        summary,
        plan: None,
    })
}

/// A value of an enum field: the mapping file's table first, then the value's own names
/// (`parse_value`); the error says how to map a value waveplan does not know.
pub fn mapped_value<T: Vocabulary>(table: &map::Table<T>, text: &str) -> Result<T, String> {
    if let Some(v) = table.get(text) {
        return Ok(v);
    }
    parse_value(text)
}

/// `mapped_value`, with how to map the value in the error.
pub fn mapped_or_hint<T: Vocabulary>(table: &map::Table<T>, text: &str) -> Result<T, String> {
    mapped_value(table, text).map_err(|e| {
        let names = T::all().iter().map(|v| v.name());
        let example = suggest(text, names).unwrap_or(T::all()[0].name());
        format!(
            "{e}; or map the value in a --map file ({}: {{\"{}\": {example}}})",
            T::WHAT,
            text.escape_debug(),
        )
    })
}

/// A criticality: the mapping file's table, ServiceNow's labels (`1 - most critical` ...),
/// then the portfolio's names.
pub fn criticality(table: &map::Table<Criticality>, text: &str) -> Result<Criticality, String> {
    if let Some(v) = table.get(text) {
        return Ok(v);
    }
    match map::fold(text).as_str() {
        "1mostcritical" => Ok(Criticality::Critical),
        "2somewhatcritical" => Ok(Criticality::High),
        "3lesscritical" => Ok(Criticality::Medium),
        "4notcritical" => Ok(Criticality::Low),
        _ => mapped_or_hint(table, text),
    }
}

/// An enum of the portfolio format, parsed leniently from other tools' spellings.
pub trait Vocabulary: Copy + 'static {
    /// What the value is called in messages: "kind", "hosting".
    const WHAT: &'static str;
    fn all() -> &'static [Self];
    fn name(self) -> &'static str;
}

macro_rules! vocabulary {
    ($t:ty, $what:literal) => {
        impl Vocabulary for $t {
            const WHAT: &'static str = $what;
            fn all() -> &'static [Self] {
                &<$t>::ALL
            }
            fn name(self) -> &'static str {
                self.as_str()
            }
        }
    };
}

vocabulary!(Kind, "kind");
vocabulary!(Hosting, "hosting");
vocabulary!(Strategy, "strategy");
vocabulary!(State, "state");
vocabulary!(Criticality, "criticality");
vocabulary!(Via, "via");

/// Lower case without spaces, `_` and `-`, so that `Bare Metal`, `bare_metal` and `BAREMETAL`
/// all read as `BareMetal`.
fn fold(text: &str) -> String {
    text.chars()
        .filter(|c| !matches!(c, ' ' | '_' | '-'))
        .flat_map(char::to_lowercase)
        .collect()
}

/// Parse an enum value, ignoring case, spaces, `_` and `-`. The error says what was found, the
/// nearest value and all the values.
pub fn parse_value<T: Vocabulary>(text: &str) -> Result<T, String> {
    let folded = fold(text);
    if let Some(&v) = T::all().iter().find(|v| fold(v.name()) == folded) {
        return Ok(v);
    }
    let names: Vec<&str> = T::all().iter().map(|v| v.name()).collect();
    let hint = match suggest(text, names.iter().copied()) {
        Some(s) => format!("; did you mean `{s}`? the values are: "),
        None => "; the values are: ".to_string(),
    };
    Err(format!(
        "unknown {} `{}`{hint}{}",
        T::WHAT,
        text.escape_debug(),
        names.join(", ")
    ))
}

/// Parse a yes/no value: true/false, yes/no, y/n, 1/0, in any case.
pub fn parse_bool(text: &str) -> Result<bool, String> {
    match text.to_ascii_lowercase().as_str() {
        "true" | "yes" | "y" | "1" => Ok(true),
        "false" | "no" | "n" | "0" => Ok(false),
        _ => Err(format!(
            "`{}` is not a yes/no value; write true or false (yes/no and 1/0 work too)",
            text.escape_debug()
        )),
    }
}

/// Parse a number of gigabytes, 0 or more; a `GB` unit after the number is allowed.
pub fn parse_data_gb(text: &str) -> Result<f64, String> {
    let number = text
        .strip_suffix("GB")
        .or_else(|| text.strip_suffix("gb"))
        .or_else(|| text.strip_suffix("Gb"))
        .unwrap_or(text)
        .trim();
    // `inf` and `NaN` parse as f64 but are not sizes.
    match number.parse::<f64>() {
        Ok(x) if x > crate::model::MAX_DATA_GB && x.is_finite() => Err(format!(
            "data_gb `{}` is more than a billion gigabytes (an exabyte); data_gb counts \
             gigabytes, not bytes",
            text.escape_debug()
        )),
        Ok(x) if x.is_finite() && x >= 0.0 => Ok(x + 0.0),
        Ok(_) => Err(format!(
            "data_gb `{}` must be a number of gigabytes, 0 or more",
            text.escape_debug()
        )),
        Err(_) => Err(format!(
            "data_gb `{}` is not a number; write gigabytes as digits with a `.` for decimals, like 250 or 0.5",
            text.escape_debug()
        )),
    }
}

/// A valid waveplan id made from `text`, deterministically: letters outside ASCII
/// transliterated (`Zürich` → `Zurich`), every run of characters an id may not hold one `-`,
/// leading or trailing separators gone. `Orders API (v2)` becomes `Orders-API-v2`. Text with no
/// letter or digit at all becomes `app`. See `ids::repair` for the other ways.
pub fn repair_id(text: &str) -> String {
    ids::repair(
        text,
        ids::IdRepair::Transliterate,
        &std::collections::BTreeMap::new(),
    )
    .unwrap_or_else(|| "app".to_string())
}

/// How many names a note lists before it says "and N more".
const NOTE_LIMIT: usize = 6;

/// `1 entity`, `2 entities`.
pub(crate) fn counted(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// The first few items, then how many more.
pub(crate) fn listed(items: &[String]) -> String {
    let mut shown: Vec<String> = items
        .iter()
        .take(NOTE_LIMIT)
        .map(|s| s.escape_debug().to_string())
        .collect();
    if items.len() > NOTE_LIMIT {
        shown.push(format!("and {} more", items.len() - NOTE_LIMIT));
    }
    shown.join(", ")
}

/// Stems that say what a file holds rather than whose it is.
const GENERIC_STEMS: [&str; 6] = [
    "apps",
    "applications",
    "catalog",
    "catalog-info",
    "all",
    "export",
];

/// The portfolio name an import takes when none is given: the file's stem without a generic
/// ending (`insurer-apps.csv` gives `insurer`); for a generic stem alone (`apps.csv`), the name
/// of the folder the file is in when the path names one.
pub fn default_name(path: &Path) -> String {
    let stem = path
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    let lower = stem.to_ascii_lowercase();
    for generic in GENERIC_STEMS {
        if let Some(cut) = lower.strip_suffix(generic) {
            let kept = stem[..cut.len()].trim_end_matches(['-', '_', '.', ' ']);
            if !kept.is_empty() && cut.len() > kept.len() {
                return kept.to_string();
            }
            if cut.is_empty() {
                let folder = path
                    .parent()
                    .and_then(Path::file_name)
                    .map(|f| f.to_string_lossy().into_owned());
                if let Some(folder) = folder.filter(|f| !f.is_empty()) {
                    return folder;
                }
            }
        }
    }
    stem
}

/// The ids of an imported portfolio's apps, in order (what the import tests compare).
#[cfg(test)]
pub(crate) fn ids_of(portfolio: &crate::model::Portfolio) -> Vec<&str> {
    portfolio.apps.iter().map(|a| a.id.as_str()).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::validate::is_valid_id;

    #[test]
    fn values_ignore_case_and_separators() {
        assert_eq!(parse_value::<Hosting>("vm"), Ok(Hosting::Vm));
        assert_eq!(parse_value::<Hosting>("VM"), Ok(Hosting::Vm));
        assert_eq!(parse_value::<Hosting>("Bare Metal"), Ok(Hosting::BareMetal));
        assert_eq!(parse_value::<Hosting>("PaaS"), Ok(Hosting::Paas));
        assert_eq!(parse_value::<Via>("grpc"), Ok(Via::Grpc));
        assert_eq!(
            parse_value::<Criticality>("CRITICAL"),
            Ok(Criticality::Critical)
        );
    }

    #[test]
    fn unknown_value_suggests_and_lists() {
        let e = parse_value::<Kind>("Servce").unwrap_err();
        assert_eq!(
            e,
            "unknown kind `Servce`; did you mean `Service`? the values are: Service, Frontend, \
             Gateway, Batch, Database, Cache, Queue, Storage"
        );
        let e = parse_value::<State>("\u{1b}[31m").unwrap_err();
        assert!(e.starts_with("unknown state `\\u{1b}[31m`; the values are: Stateless"));
    }

    #[test]
    fn booleans_and_sizes() {
        for t in ["true", "Yes", "Y", "1", "TRUE"] {
            assert_eq!(parse_bool(t), Ok(true), "{t}");
        }
        for f in ["false", "no", "N", "0"] {
            assert_eq!(parse_bool(f), Ok(false), "{f}");
        }
        assert!(parse_bool("maybe").is_err());
        assert_eq!(parse_data_gb("250"), Ok(250.0));
        assert_eq!(parse_data_gb("0.5"), Ok(0.5));
        assert_eq!(parse_data_gb("800 GB"), Ok(800.0));
        assert_eq!(parse_data_gb("-0"), Ok(0.0));
        assert_eq!(parse_data_gb("1e9"), Ok(1e9));
        for bad in [
            "-1",
            "inf",
            "NaN",
            "1,5",
            "lots",
            "",
            "1e400",
            "1.1e9",
            "18446744073709551616",
        ] {
            assert!(parse_data_gb(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn repaired_ids_are_valid_and_stable() {
        assert_eq!(repair_id("Orders API (v2)"), "Orders-API-v2");
        assert_eq!(repair_id("_claims"), "claims");
        assert_eq!(repair_id("a b"), "a-b");
        assert_eq!(repair_id("\u{1b}[31mred"), "31mred");
        assert_eq!(repair_id("=cmd|' /C calc'!A0"), "cmd-C-calc-A0");
        assert_eq!(repair_id("été"), "ete");
        assert_eq!(repair_id("***"), "app");
        assert_eq!(repair_id(""), "app");
        for text in ["x", "-", "--a--", "a\nb", "ünïcödé", "a..b", "9"] {
            let id = repair_id(text);
            assert!(is_valid_id(&id), "{text:?} -> {id:?}");
            assert_eq!(repair_id(&id), id, "repairing is idempotent");
        }
    }

    #[test]
    fn names_from_paths() {
        assert_eq!(default_name(Path::new("insurer-apps.csv")), "insurer");
        assert_eq!(default_name(Path::new("data/insurer/apps.csv")), "insurer");
        assert_eq!(default_name(Path::new("apps.csv")), "apps");
        assert_eq!(default_name(Path::new("x/catalog-info.yaml")), "x");
        assert_eq!(default_name(Path::new("harbour.yaml")), "harbour");
        assert_eq!(default_name(Path::new("perhaps.csv")), "perhaps");
        assert_eq!(default_name(Path::new("")), "");
    }
}

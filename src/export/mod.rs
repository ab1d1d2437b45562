//! Exports of a plan: md, csv, json, dot, mermaid, ron. Each writes a `Report` (the portfolio,
//! its graph, the scorer, the plan and its analysis) to any writer; every format keeps the text
//! of the portfolio from breaking its syntax and sends no control characters.

pub mod csv;
pub mod dot;
pub mod json;
pub mod md;
pub mod mermaid;
pub mod ron;

use std::borrow::Cow;
use std::fmt;
use std::io::{self, Write};
use std::path::Path;
use std::str::FromStr;

use crate::analysis::{Analysis, Placement, WavePlan};
use crate::graph::{AppIx, DependencyGraph};
use crate::model::Portfolio;
use crate::score::{PlanBoundary, ScoreCard, Scorer};

/// A CSV cell a spreadsheet will not run as a formula: cells starting with `=`, `+`, `-`, `@`,
/// tab or carriage return get a leading apostrophe (OWASP's advice); control characters go.
pub fn csv_safe(text: &str) -> Cow<'_, str> {
    let risky = |c: Option<char>| matches!(c, Some('=' | '+' | '-' | '@' | '\t' | '\r'));
    let clean = crate::diagnostic::printable(text);
    // A leading tab or line break became a space: drop it, the cell is quoted anyway.
    let clean = match text.chars().next() {
        Some(c) if c.is_control() => Cow::Owned(clean.trim_start().to_string()),
        _ => clean,
    };
    if risky(text.chars().next()) || risky(clean.chars().next()) {
        Cow::Owned(format!("'{clean}"))
    } else {
        clean
    }
}

/// Text on one line: line breaks and tabs become spaces, other control characters go.
pub fn one_line(text: &str) -> Cow<'_, str> {
    if text.chars().any(|c| matches!(c, '\n' | '\r' | '\t')) {
        let spaced: String = text
            .chars()
            .map(|c| {
                if matches!(c, '\n' | '\r' | '\t') {
                    ' '
                } else {
                    c
                }
            })
            .collect();
        Cow::Owned(crate::diagnostic::printable(&spaced).into_owned())
    } else {
        crate::diagnostic::printable(text)
    }
}

/// The export formats, in the order menus list them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum ExportFormat {
    Md,
    Csv,
    Json,
    Dot,
    Mermaid,
    Ron,
}

impl ExportFormat {
    /// Every format, in menu order.
    pub const ALL: [ExportFormat; 6] = [
        ExportFormat::Md,
        ExportFormat::Csv,
        ExportFormat::Json,
        ExportFormat::Dot,
        ExportFormat::Mermaid,
        ExportFormat::Ron,
    ];

    /// The name used on the command line (`--format md`).
    pub fn name(self) -> &'static str {
        match self {
            ExportFormat::Md => "md",
            ExportFormat::Csv => "csv",
            ExportFormat::Json => "json",
            ExportFormat::Dot => "dot",
            ExportFormat::Mermaid => "mermaid",
            ExportFormat::Ron => "ron",
        }
    }

    /// The usual file extension, without the dot.
    pub fn extension(self) -> &'static str {
        match self {
            ExportFormat::Md => "md",
            ExportFormat::Csv => "csv",
            ExportFormat::Json => "json",
            ExportFormat::Dot => "dot",
            ExportFormat::Mermaid => "mmd",
            ExportFormat::Ron => "ron",
        }
    }

    /// What the format holds, for menus and help.
    pub fn description(self) -> &'static str {
        match self {
            ExportFormat::Md => "Markdown report for a steering committee",
            ExportFormat::Csv => "CSV, one row per app",
            ExportFormat::Json => "JSON: summary, waves, scores with reasons, findings, figures",
            ExportFormat::Dot => "Graphviz DOT dependency graph, a cluster per wave",
            ExportFormat::Mermaid => "Mermaid flowchart, a subgraph per wave",
            ExportFormat::Ron => "the plan file (RON), as the board saves it",
        }
    }

    /// The format a file name suggests by its extension (`.gv` and `.mermaid` too).
    pub fn from_path(path: &Path) -> Option<ExportFormat> {
        let ext = path.extension()?.to_str()?.to_ascii_lowercase();
        match ext.as_str() {
            "md" | "markdown" => Some(ExportFormat::Md),
            "csv" => Some(ExportFormat::Csv),
            "json" => Some(ExportFormat::Json),
            "dot" | "gv" => Some(ExportFormat::Dot),
            "mmd" | "mermaid" => Some(ExportFormat::Mermaid),
            "ron" => Some(ExportFormat::Ron),
            _ => None,
        }
    }
}

impl fmt::Display for ExportFormat {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// A format name that is none of the export formats.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown export format {0:?}; choose one of md, csv, json, dot, mermaid, ron")]
pub struct UnknownFormat(pub String);

impl FromStr for ExportFormat {
    type Err = UnknownFormat;

    /// A format by its name, case-insensitive; `markdown`, `graphviz` and `mmd` are accepted too.
    fn from_str(s: &str) -> Result<ExportFormat, UnknownFormat> {
        match s.trim().to_ascii_lowercase().as_str() {
            "md" | "markdown" => Ok(ExportFormat::Md),
            "csv" => Ok(ExportFormat::Csv),
            "json" => Ok(ExportFormat::Json),
            "dot" | "graphviz" | "gv" => Ok(ExportFormat::Dot),
            "mermaid" | "mmd" => Ok(ExportFormat::Mermaid),
            "ron" => Ok(ExportFormat::Ron),
            _ => Err(UnknownFormat(s.to_string())),
        }
    }
}

/// Everything an export needs: the portfolio, its graph, the scorer, the plan and its analysis,
/// and the files they came from (shown in the reports).
#[derive(Clone, Copy)]
pub struct Report<'a> {
    pub portfolio: &'a Portfolio,
    pub graph: &'a DependencyGraph,
    pub scorer: &'a Scorer<'a>,
    pub plan: &'a WavePlan,
    pub analysis: &'a Analysis,
    /// The portfolio file as the user named it.
    pub portfolio_file: &'a str,
    /// The plan file, or `None` for a plan not read from a file (the automatic plan, or an
    /// unsaved one).
    pub plan_file: Option<&'a str>,
}

impl<'a> Report<'a> {
    /// A report of `plan` as analysed by `analysis` (which must be the analysis of this plan).
    pub fn new(
        scorer: &'a Scorer<'a>,
        plan: &'a WavePlan,
        analysis: &'a Analysis,
        portfolio_file: &'a str,
        plan_file: Option<&'a str>,
    ) -> Report<'a> {
        Report {
            portfolio: scorer.portfolio,
            graph: scorer.graph,
            scorer,
            plan,
            analysis,
            portfolio_file,
            plan_file,
        }
    }

    /// Where `app` stands.
    pub fn placement(&self, app: AppIx) -> Placement {
        Placement::of(self.plan, self.graph, app)
    }

    /// Every app in report order: wave by wave in the plan's order, then the unplanned apps,
    /// then those that never move, both by id.
    pub fn apps_in_order(&self) -> Vec<AppIx> {
        let mut order: Vec<AppIx> = Vec::with_capacity(self.portfolio.apps.len());
        for wave in self.plan.waves() {
            order.extend(wave.apps.iter().copied());
        }
        order.extend(self.unplanned());
        order.extend(self.never_moving());
        order
    }

    /// Movable apps in no wave, by id.
    pub fn unplanned(&self) -> Vec<AppIx> {
        self.outside(Placement::Unplanned)
    }

    /// Apps that never move and are in no wave, by id.
    pub fn never_moving(&self) -> Vec<AppIx> {
        self.outside(Placement::NeverMoves)
    }

    fn outside(&self, placement: Placement) -> Vec<AppIx> {
        let mut apps: Vec<AppIx> = (0..self.portfolio.apps.len())
            .filter(|&a| self.placement(a) == placement)
            .collect();
        apps.sort_by(|&a, &b| self.id(a).cmp(self.id(b)));
        apps
    }

    pub fn id(&self, app: AppIx) -> &'a str {
        &self.portfolio.apps[app].id
    }

    /// The plan boundary `app` is scored on: its wave, or the next wave for unplanned apps.
    pub fn boundary(&self, app: AppIx) -> PlanBoundary<'a> {
        PlanBoundary {
            ranks: self.plan.ranks(),
            wave: Analysis::scored_wave(self.plan, app),
        }
    }

    /// The scores of `app` with their reasons, on its boundary.
    pub fn card(&self, app: AppIx) -> ScoreCard {
        self.scorer.explain(app, &self.boundary(app))
    }

    /// The apps at the other end of `app`'s dependency edges that are still on the legacy
    /// estate when `app` moves (its hybrid links), with the edges' `via`; outgoing edges first.
    pub fn hybrid_links(&self, app: AppIx) -> Vec<(AppIx, crate::model::Via)> {
        let ranks = self.plan.ranks();
        let wave = Analysis::scored_wave(self.plan, app);
        let out = self
            .graph
            .outgoing(app)
            .filter(|e| ranks[e.to] > wave)
            .map(|e| (e.to, e.via));
        let inc = self
            .graph
            .incoming(app)
            .filter(|e| ranks[e.from] > wave)
            .map(|e| (e.from, e.via));
        out.chain(inc).collect()
    }

    /// The apps that never move and that an app of wave `w` depends on or is needed by: the
    /// wave's permanent hybrid links, by id, each with the wave's apps coupled to it (by id).
    pub fn never_moving_partners(&self, w: usize) -> Vec<(AppIx, Vec<AppIx>)> {
        let mut partners: std::collections::BTreeMap<&str, (AppIx, Vec<AppIx>)> =
            Default::default();
        let Some(wave) = self.plan.waves().get(w) else {
            return Vec::new();
        };
        for &a in &wave.apps {
            let ends = self
                .graph
                .outgoing(a)
                .map(|e| e.to)
                .chain(self.graph.incoming(a).map(|e| e.from));
            for p in ends {
                if !self.graph.is_movable(p) && self.plan.wave_of(p).is_none() {
                    let entry = partners.entry(self.id(p)).or_insert((p, Vec::new()));
                    if !entry.1.contains(&a) {
                        entry.1.push(a);
                    }
                }
            }
        }
        partners
            .into_values()
            .map(|(p, mut apps)| {
                apps.sort_by(|&x, &y| self.id(x).cmp(self.id(y)));
                (p, apps)
            })
            .collect()
    }
}

/// Write `report` in `format` to `out`.
pub fn write_to(format: ExportFormat, report: &Report<'_>, out: &mut dyn Write) -> io::Result<()> {
    match format {
        ExportFormat::Md => md::write(report, out),
        ExportFormat::Csv => csv::write(report, out),
        ExportFormat::Json => json::write(report, out),
        ExportFormat::Dot => dot::write(report, out),
        ExportFormat::Mermaid => mermaid::write(report, out),
        ExportFormat::Ron => ron::write(report, out),
    }
}

/// Write `report` in `format` to the file at `path`, atomically (a temporary file in the same
/// folder, then a rename), so a failed export never leaves half a file.
pub fn save(format: ExportFormat, report: &Report<'_>, path: &Path) -> io::Result<()> {
    crate::atomic::write_with(path, |out| write_to(format, report, out))
}

/// `report` in `format`, as bytes.
pub fn render(format: ExportFormat, report: &Report<'_>) -> Vec<u8> {
    let mut out = Vec::new();
    // Writing to a Vec cannot fail.
    let _ = write_to(format, report, &mut out);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_cells_are_neutralised() {
        assert_eq!(csv_safe("=1+1"), "'=1+1");
        assert_eq!(csv_safe("+1"), "'+1");
        assert_eq!(csv_safe("-2"), "'-2");
        assert_eq!(csv_safe("@SUM(A1)"), "'@SUM(A1)");
        assert_eq!(csv_safe("\tx"), "'x");
        assert_eq!(csv_safe("\r=x"), "'=x");
        assert_eq!(csv_safe("\u{1b}=x"), "'=x");
        assert_eq!(csv_safe("web-team"), "web-team");
    }

    #[test]
    fn one_line_keeps_words_apart() {
        assert_eq!(one_line("a\nb\r\nc\td\u{1b}[31m"), "a b  c d[31m");
        assert!(matches!(one_line("plain"), Cow::Borrowed(_)));
    }

    #[test]
    fn formats_round_trip_through_their_names() {
        for f in ExportFormat::ALL {
            assert_eq!(f.name().parse::<ExportFormat>(), Ok(f));
            assert_eq!(f.to_string().to_uppercase().parse::<ExportFormat>(), Ok(f));
            let file = format!("out.{}", f.extension());
            assert_eq!(ExportFormat::from_path(Path::new(&file)), Some(f));
        }
        assert!("xlsx".parse::<ExportFormat>().is_err());
        assert_eq!(ExportFormat::from_path(Path::new("plan")), None);
    }
}

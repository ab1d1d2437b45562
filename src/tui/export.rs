//! Exports from the board: the formats the `e` menu offers and the one function that renders
//! the plan in a format.

use super::app::App;

/// The export formats, in menu order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ExportFormat {
    Md,
    Csv,
    Json,
    Dot,
    Mermaid,
    Ron,
}

impl ExportFormat {
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

    /// What the format is for, as the menu says it.
    pub fn description(self) -> &'static str {
        match self {
            ExportFormat::Md => "Markdown report for the steering committee",
            ExportFormat::Csv => "one row per app, for spreadsheets",
            ExportFormat::Json => "scores, reasons, findings and figures",
            ExportFormat::Dot => "Graphviz dependency graph, a cluster per wave",
            ExportFormat::Mermaid => "Mermaid dependency graph, a subgraph per wave",
            ExportFormat::Ron => "the plan file, as `s` saves it",
        }
    }

    /// The end of the default file name.
    pub fn suffix(self) -> &'static str {
        match self {
            ExportFormat::Md => ".md",
            ExportFormat::Csv => ".csv",
            ExportFormat::Json => ".json",
            ExportFormat::Dot => ".dot",
            ExportFormat::Mermaid => ".mmd",
            ExportFormat::Ron => "-plan.ron",
        }
    }
}

/// The text of the export of the board's current plan in `format`.
///
/// This is the single place where the board meets the export module: each format but `ron`
/// answers "not available" until `waveplan::export` is wired in here.
pub fn render_export(format: ExportFormat, app: &App<'_>) -> Result<String, String> {
    let portfolio = app.scorer.portfolio;
    match format {
        ExportFormat::Ron => Ok(crate::model::write::plan_to_ron(
            &app.plan.to_plan(portfolio),
        )),
        other => Err(format!(
            "the {} export is not available in this build",
            other.name()
        )),
    }
}

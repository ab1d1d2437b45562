//! `waveplan export`: the plan as a Markdown report, CSV, JSON, DOT, Mermaid or the plan file.

use std::path::Path;

use clap::builder::{PossibleValuesParser, TypedValueParser};
use waveplan::analysis::analyze;
use waveplan::export::{ExportFormat, Report, render};

use super::{Failure, Inputs, PlanArgs, emit, print_warnings};

/// The `--format` parser: the export formats by name, with the names listed in `--help`.
pub fn format_parser() -> impl TypedValueParser<Value = ExportFormat> {
    PossibleValuesParser::new(ExportFormat::ALL.map(ExportFormat::name))
        .try_map(|name| name.parse::<ExportFormat>())
}

pub fn run(
    portfolio: &Path,
    args: &PlanArgs,
    format: Option<ExportFormat>,
    out: Option<&Path>,
) -> Result<u8, Failure> {
    let format = match (format, out) {
        (Some(f), _) => f,
        (None, Some(path)) => ExportFormat::from_path(path).ok_or_else(|| {
            Failure::Usage(format!(
                "{}: cannot tell the format from the file name; give --format md|csv|json|dot|mermaid|ron",
                path.display()
            ))
        })?,
        (None, None) => {
            return Err(Failure::Usage(
                "give --format md|csv|json|dot|mermaid|ron".to_string(),
            ));
        }
    };
    let inputs = Inputs::load(portfolio, args)?;
    let scorer = inputs.scorer();
    let analysis = analyze(&scorer, &inputs.plan);
    let report = Report::new(
        &scorer,
        &inputs.plan,
        &analysis,
        &inputs.source.file,
        inputs.plan_file.as_deref(),
    );
    emit(out, &render(format, &report))?;
    print_warnings(&inputs.warnings);
    if let Some(path) = out {
        eprintln!("wrote {}", path.display());
    }
    Ok(0)
}

//! `waveplan export`: the plan as a Markdown report, CSV, JSON, DOT, Mermaid or the plan file.

use std::path::Path;

use clap::builder::{PossibleValuesParser, TypedValueParser};
use waveplan::analysis::analyze;
use waveplan::export::{ExportFormat, Report, render};

use super::{Failure, Inputs, Output, PlanArgs, Writes, emit, print_warnings, shown};

/// The `--format` parser: the export formats by name, with the names listed in `--help`.
pub fn format_parser() -> impl TypedValueParser<Value = ExportFormat> {
    PossibleValuesParser::new(ExportFormat::ALL.map(ExportFormat::name))
        .try_map(|name| name.parse::<ExportFormat>())
}

/// What an export in `format` writes, for `-o`'s checks.
fn writes(format: ExportFormat) -> Writes {
    match format {
        ExportFormat::Md => Writes::Other("a Markdown report"),
        ExportFormat::Csv => Writes::Other("a CSV table"),
        ExportFormat::Json => Writes::Other("a JSON report"),
        ExportFormat::Dot => Writes::Other("a Graphviz graph"),
        ExportFormat::Mermaid => Writes::Other("a Mermaid chart"),
        ExportFormat::Ron => Writes::Plan,
    }
}

pub fn run(
    portfolio: &Path,
    args: &PlanArgs,
    format: Option<ExportFormat>,
    out: Option<&Path>,
    force: bool,
) -> Result<u8, Failure> {
    let format = match (format, out) {
        (Some(f), _) => f,
        (None, Some(path)) => ExportFormat::from_path(path).ok_or_else(|| {
            Failure::Usage(format!(
                "{}: cannot tell the format from the file name; give --format md|csv|json|dot|mermaid|ron",
                shown(path)
            ))
        })?,
        (None, None) => {
            return Err(Failure::Usage(
                "give --format md|csv|json|dot|mermaid|ron".to_string(),
            ));
        }
    };
    let out = Output::new(out, writes(format), force);
    let inputs = Inputs::load(portfolio, args)?;
    if let Some(out) = &out {
        out.check(
            &[
                (Some(portfolio), "the portfolio it exports"),
                (inputs.plan_path.as_deref(), "the plan it exports"),
                (args.weights.as_deref(), "the weights file it reads"),
            ],
            "",
        )?;
    }
    let scorer = inputs.scorer();
    let analysis = analyze(&scorer, &inputs.plan);
    let report = Report::new(
        &scorer,
        &inputs.plan,
        &analysis,
        &inputs.source.file,
        inputs.plan_file.as_deref(),
    );
    emit(out.as_ref(), &render(format, &report))?;
    print_warnings(&inputs.warnings);
    if let Some(out) = &out {
        say!("wrote {}", shown(out.path));
    }
    Ok(0)
}

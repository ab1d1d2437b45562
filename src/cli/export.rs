//! `waveplan export`: the plan as a Markdown report, CSV, JSON, DOT, Mermaid or the plan file.

use std::path::{Path, PathBuf};

use clap::builder::{PossibleValuesParser, TypedValueParser};
use waveplan::analysis::{Capacity, analyze};
use waveplan::export::{ExportFormat, Report, render};

use super::{Failure, Inputs, emit, print_warnings};

/// The `--format` parser: the export formats by name, with the names listed in `--help`.
pub fn format_parser() -> impl TypedValueParser<Value = ExportFormat> {
    PossibleValuesParser::new(ExportFormat::ALL.map(ExportFormat::name))
        .try_map(|name| name.parse::<ExportFormat>())
}

pub fn run(
    portfolio: &Path,
    plan: Option<&Path>,
    weights: Option<&Path>,
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
    // Without --plan, the plan the board saves next to the portfolio, when there is one.
    let saved = default_plan_path(portfolio).filter(|p| plan.is_none() && p.is_file());
    if let Some(p) = &saved {
        eprintln!("using the plan {}", p.display());
    }
    let inputs = Inputs::load(Some(portfolio), plan.or(saved.as_deref()), weights)?;
    let scorer = inputs.scorer();
    let analysis = analyze(&scorer, &inputs.plan, &Capacity::default());
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

/// The plan file the board uses for `portfolio`: `.plan.ron` in place of `.ron`.
fn default_plan_path(portfolio: &Path) -> Option<PathBuf> {
    let name = portfolio.file_name()?.to_str()?;
    let stem = name.strip_suffix(".ron").unwrap_or(name);
    Some(portfolio.with_file_name(format!("{stem}.plan.ron")))
}

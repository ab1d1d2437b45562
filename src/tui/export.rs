//! Exports from the board: the formats the `e` menu offers, their default paths, and the one
//! function that renders the board's plan in a format (through `crate::export`).

pub use crate::export::ExportFormat;

use super::app::App;

/// The default path of an export: the portfolio's path without `.ron`, with the format's
/// extension (`retail.md`); the plan file export becomes `retail-plan.ron`, so that it can
/// overwrite neither the portfolio nor the plan file.
pub fn default_path(base: &str, format: ExportFormat) -> String {
    match format {
        ExportFormat::Ron => format!("{base}-plan.ron"),
        other => format!("{base}.{}", other.extension()),
    }
}

/// The export of the board's current plan in `format`: the same bytes `waveplan export` writes
/// for the plan on screen.
pub fn render_export(format: ExportFormat, app: &App<'_>) -> Result<Vec<u8>, String> {
    let plan_file = app.session.ws().plan_path.display().to_string();
    let analysis = app.session.analysis();
    let report = crate::export::Report::new(
        app.session.scorer(),
        app.plan(),
        &analysis,
        &app.session.ws().portfolio_file,
        // An unsaved plan is not the plan file's.
        (!app.session.is_dirty()).then_some(plan_file.as_str()),
    );
    Ok(crate::export::render(format, &report))
}

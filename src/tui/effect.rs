//! What the run loop does for an `Effect`: save the plan (asking first when the file changed on
//! disk), read it again, write an export (never over the portfolio or the plan file), and the
//! recovery file an ending board writes its unsaved plan to.

use std::io::{self, Write};
use std::path::{Path, PathBuf};

use super::action::{Action, Effect};
use super::app::{self, App, Mode};
use super::export::{self, ExportFormat};
use super::planning;
use crate::diagnostic::printable;

/// Carry out an effect: write the plan or an export, or quit. The outcome is reported in the
/// footer message. The automatic plan is waited for (the run loop draws its progress instead).
/// What is shown is up to date when it returns (the recommendations follow the new focus).
pub fn perform(app: &mut App<'_>, effect: Effect) {
    perform_effect(app, effect);
    app.sync();
}

fn perform_effect(app: &mut App<'_>, effect: Effect) {
    match effect {
        Effect::Save { then_quit, force } => {
            let path = app.session.ws().plan_path.clone();
            if !force && crate::stamp::changed_since(&path, app.session.disk.as_ref()) {
                app.mode = Mode::Confirm(app::Confirm::Changed { then_quit });
                return;
            }
            match save(app, &path) {
                Ok(stamp) => {
                    app.session.mark_saved(Some(stamp));
                    app.info(format!("Saved {}", printable(&path.display().to_string())));
                    app.quit = then_quit;
                }
                Err(e) => app.error(format!(
                    "Cannot save {}: {e}",
                    printable(&path.display().to_string())
                )),
            }
        }
        Effect::Export {
            format,
            path,
            overwrite,
        } => {
            let shown = printable(&path.display().to_string()).into_owned();
            if let Some(why) = export_refusal(app, format, &path) {
                app.error(format!("Not exported: {shown} {why}"));
                return;
            }
            if !overwrite && path.exists() {
                app.mode = Mode::Confirm(app::Confirm::Overwrite { format, path });
                return;
            }
            match export::render_export(format, app)
                .and_then(|bytes| crate::atomic::write(&path, &bytes).map_err(|e| e.to_string()))
            {
                Ok(()) => app.info(format!("Exported {} to {shown}", format.name())),
                Err(e) => app.error(format!("Cannot export to {shown}: {e}")),
            }
        }
        Effect::Reload => reload(app),
        Effect::AutoPlan => planning::run(app, |_| false),
        Effect::Quit => app.quit = true,
    }
}

/// Why an export must not write `path`, if it must not: it is the portfolio, or (for any format
/// but the plan file's own) the plan file.
fn export_refusal(app: &App<'_>, format: ExportFormat, path: &Path) -> Option<String> {
    if let Some(portfolio) = &app.session.ws().portfolio_path
        && same_file(path, portfolio)
    {
        return Some("is the portfolio file; choose another path".to_string());
    }
    if format != ExportFormat::Ron && same_file(path, &app.session.ws().plan_path) {
        return Some(format!(
            "is the plan file; choose another path ({} saves the plan)",
            app.keymap.hint(Action::Save).unwrap_or_default()
        ));
    }
    // Nor over another portfolio, nor a plan file with anything but a plan.
    match crate::clobber::kind_of(path) {
        Some(crate::clobber::Kind::Portfolio) => {
            return Some("holds a portfolio; choose another path".to_string());
        }
        Some(crate::clobber::Kind::Plan) if format != ExportFormat::Ron => {
            return Some(format!(
                "holds a plan; choose another path (a {} export is no plan)",
                format.name()
            ));
        }
        _ => {}
    }
    None
}

/// Whether two paths name the same file: the same file on disk (through links and hard links)
/// when both exist, else the same path as written.
fn same_file(a: &Path, b: &Path) -> bool {
    crate::clobber::same_file(a, b) || a == b
}

/// The plan file text of the board's plan.
pub fn plan_text(app: &App<'_>) -> String {
    crate::model::write::plan_to_ron(&app.plan().to_plan(app.portfolio()))
}

/// Write the plan file; returns what it now holds.
fn save(app: &App<'_>, path: &Path) -> io::Result<crate::stamp::FileStamp> {
    let text = plan_text(app);
    crate::atomic::write(path, text.as_bytes())?;
    Ok(crate::stamp::FileStamp::of(path, text.as_bytes()))
}

/// Read the plan file again (someone changed it on disk): the board's plan becomes the file's,
/// as one undoable edit, so the board's own plan is one undo away.
fn reload(app: &mut App<'_>) {
    let path = app.session.ws().plan_path.clone();
    let shown = printable(&path.display().to_string()).into_owned();
    let ws = app.session.ws();
    match crate::session::open_plan(&path, &ws.portfolio, &ws.graph) {
        Ok(opening) => {
            let plan = opening.plan;
            let changed = app.edit(format!("reload {shown}"), |p| {
                *p = plan;
                true
            });
            app.session.mark_saved(opening.stamp);
            app.session.set_load_problems(opening.problems);
            let undo = app.keymap.hint(Action::Undo).unwrap_or_default();
            match (opening.message, changed) {
                (Some(message), _) => app.error(message),
                (None, true) => app.info(format!("Reloaded {shown} from disk; {undo} undoes it")),
                (None, false) => app.info(format!("Reloaded {shown}: it holds the board's plan")),
            }
        }
        Err(e) => app.error(format!(
            "Cannot reload {shown}: {}",
            e.diagnostics()
                .first()
                .map(|d| d.to_string())
                .unwrap_or_default()
        )),
    }
}

/// Where the plan goes after a panic: next to the plan file (`retail.plan.recovered.ron`), or in
/// the temporary folder when that cannot be written.
pub fn recovery_path(plan_path: &Path) -> PathBuf {
    let name = plan_path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "waveplan.plan.ron".to_string());
    let stem = name.strip_suffix(".ron").unwrap_or(&name);
    plan_path.with_file_name(format!("{stem}.recovered.ron"))
}

/// Write the board's plan to a recovery file; returns where it went.
pub fn write_recovery(app: &App<'_>) -> io::Result<PathBuf> {
    let text = plan_text(app);
    let beside = recovery_path(&app.session.ws().plan_path);
    match crate::atomic::write(&beside, text.as_bytes()) {
        Ok(()) => Ok(beside),
        Err(_) => {
            let name = beside
                .file_name()
                .map(|n| n.to_os_string())
                .unwrap_or_else(|| "waveplan.recovered.ron".into());
            let temp = std::env::temp_dir().join(name);
            crate::atomic::write(&temp, text.as_bytes()).map(|()| temp)
        }
    }
}

/// Write the unsaved plan (if any) to the recovery file and say so: "the board `why`; ...".
pub(super) fn report_recovery(app: &App<'_>, why: &str) {
    let mut err = io::stderr().lock();
    if !app.session.is_dirty() {
        let _ = writeln!(
            err,
            "waveplan: the board {why}; the plan had no unsaved changes"
        );
        return;
    }
    let _ = match write_recovery(app) {
        Ok(path) => writeln!(
            err,
            "waveplan: the board {why}; the unsaved plan was written to {}",
            printable(&path.display().to_string())
        ),
        Err(e) => writeln!(
            err,
            "waveplan: the board {why}, and the unsaved plan could not be written: {e}"
        ),
    };
}

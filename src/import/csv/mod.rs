//! `import csv`: a CMDB export as two tables, the apps (one row per app, the portfolio fields as
//! columns, in any order) and their dependencies (`from,to,via`).
//!
//! Places in messages are `FILE:LINE:COL` with LINE the line the row starts on and COL the
//! column's number (1 for the first), the way a spreadsheet counts them.

mod table;

use std::collections::{HashMap, HashSet};

use crate::diagnostic::{Diagnostic, Pos};
use crate::load::LoadError;
use crate::model::validate::{SUGGESTION_BUDGET, is_valid_id, suggest_within};
use crate::model::{App, Dep, Portfolio, Via};

use super::{Imported, conclude, parse_bool, parse_data_gb, parse_value, repair_id};
use table::{Table, check_width, read_table};

/// One CSV file given to the import: its name for messages and its text.
#[derive(Debug, Clone, Copy)]
pub struct Input<'a> {
    pub file: &'a str,
    pub text: &'a str,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum AppField {
    Id,
    Name,
    Owner,
    Kind,
    Hosting,
    Strategy,
    State,
    DataGb,
    Criticality,
    Legacy,
    Tags,
}

const APP_COLUMNS: [(&str, AppField); 11] = [
    ("id", AppField::Id),
    ("name", AppField::Name),
    ("owner", AppField::Owner),
    ("kind", AppField::Kind),
    ("hosting", AppField::Hosting),
    ("strategy", AppField::Strategy),
    ("state", AppField::State),
    ("data_gb", AppField::DataGb),
    ("criticality", AppField::Criticality),
    ("legacy", AppField::Legacy),
    ("tags", AppField::Tags),
];

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum DepField {
    From,
    To,
    Via,
}

const DEP_COLUMNS: [(&str, DepField); 3] = [
    ("from", DepField::From),
    ("to", DepField::To),
    ("via", DepField::Via),
];

/// Build a portfolio named `name` from an apps table and a dependencies table. Every problem
/// of both files is reported at once.
pub fn import(apps: Input, deps: Input, name: &str) -> Result<Imported, LoadError> {
    let mut diags = Vec::new();
    let mut notes = Vec::new();
    // An apps file that is not a table at all cannot be imported (exit status 2).
    if apps.text.trim_start_matches('\u{feff}').trim().is_empty() {
        return Err(LoadError::Unreadable(vec![Diagnostic::error(
            apps.file,
            Some(Pos { line: 1, col: 1 }),
            "the file is empty; it needs a header row naming the columns, `id` among them",
        )]));
    }
    // A table that cannot be read as CSV at all (a quote never closed) is exit status 2.
    let mut unreadable = false;
    let app_table = read_table(
        apps,
        &APP_COLUMNS,
        &["id"],
        &mut diags,
        &mut notes,
        &mut unreadable,
    );
    let mut reader = AppReader::default();
    if let Some(table) = &app_table {
        reader.read(table, apps.file, &mut diags);
    }
    let mut portfolio = Portfolio {
        name: name.to_string(),
        apps: reader.apps,
    };
    // An empty dependencies file means that no dependencies are known yet.
    if !deps.text.trim_start_matches('\u{feff}').trim().is_empty()
        && let Some(table) = read_table(
            deps,
            &DEP_COLUMNS,
            &["from", "to"],
            &mut diags,
            &mut notes,
            &mut unreadable,
        )
    {
        let known = Known {
            index: &reader.index,
            broken: &reader.broken,
            // Unknown ids are only worth reporting when the apps table could be read.
            complete: app_table.is_some(),
            budget: std::cell::Cell::new(SUGGESTION_BUDGET),
        };
        read_deps(&table, deps.file, &known, &mut portfolio.apps, &mut diags);
    }
    conclude(portfolio, diags, notes, unreadable, apps.file)
}

/// The apps read so far, and the ids of rows that could not be read.
#[derive(Debug, Default)]
struct AppReader {
    apps: Vec<App>,
    /// Index in `apps` of each good app.
    index: HashMap<String, usize>,
    /// Ids of rows with errors: dependencies on them are not reported again.
    broken: HashSet<String>,
    /// The line of the first row with each id, good or not.
    first_line: HashMap<String, usize>,
}

impl AppReader {
    fn read(&mut self, table: &Table<AppField>, file: &str, diags: &mut Vec<Diagnostic>) {
        let id_col = table.columns.iter().position(|&f| f == Some(AppField::Id));
        for row in &table.rows {
            let id = id_col
                .and_then(|c| row.cells.get(c))
                .map(String::as_str)
                .unwrap_or_default();
            if !check_width(row, table.columns.len(), file, diags) {
                if !id.is_empty() {
                    self.broken.insert(id.to_string());
                    self.first_line.entry(id.to_string()).or_insert(row.line);
                }
                continue;
            }
            let before = diags.len();
            let mut app = App::new(id);
            for (c, cell) in row.cells.iter().enumerate() {
                let Some(Some(field)) = table.columns.get(c) else {
                    continue;
                };
                let cell = match field {
                    AppField::DataGb if table.decimal_comma => decimal_point(cell),
                    _ => cell.into(),
                };
                if let Err(message) = set_field(&mut app, *field, &cell) {
                    diags.push(Diagnostic::error(file, row.pos(c), message));
                }
            }
            let at = row.pos(id_col.unwrap_or(0));
            let first = *self.first_line.entry(id.to_string()).or_insert(row.line);
            if !id.is_empty() && first != row.line {
                let line = first;
                diags.push(Diagnostic::error(
                    file,
                    at,
                    format!(
                        "duplicate id `{}`: the row on line {line} has it already; ids must be \
                         unique",
                        id.escape_debug()
                    ),
                ));
            }
            if diags.len() > before {
                if !app.id.is_empty() {
                    self.broken.insert(app.id);
                }
            } else {
                self.index.insert(app.id.clone(), self.apps.len());
                self.apps.push(app);
            }
        }
    }
}

/// `12,5` as `12.5`: one comma between digits is a decimal comma.
fn decimal_point(cell: &str) -> std::borrow::Cow<'_, str> {
    match cell.split_once(',') {
        Some((whole, fraction))
            if !whole.is_empty()
                && !fraction.is_empty()
                && whole.bytes().all(|b| b.is_ascii_digit())
                && fraction.bytes().all(|b| b.is_ascii_digit()) =>
        {
            format!("{whole}.{fraction}").into()
        }
        _ => cell.into(),
    }
}

/// Set one field of `app` from its cell; an empty cell keeps the default.
fn set_field(app: &mut App, field: AppField, cell: &str) -> Result<(), String> {
    if cell.is_empty() {
        return match field {
            AppField::Id => Err("the id is missing: every app needs one".to_string()),
            _ => Ok(()),
        };
    }
    match field {
        AppField::Id => {
            if !is_valid_id(cell) {
                return Err(format!(
                    "invalid id `{}`: an id starts with a letter or digit and holds only letters, \
                     digits, `.`, `_` and `-` (like `{}`)",
                    cell.escape_debug(),
                    repair_id(cell)
                ));
            }
        }
        AppField::Name => app.name = Some(cell.to_string()),
        AppField::Owner => app.owner = Some(cell.to_string()),
        AppField::Kind => app.kind = parse_value(cell)?,
        AppField::Hosting => app.hosting = parse_value(cell)?,
        AppField::Strategy => app.strategy = parse_value(cell)?,
        AppField::State => app.state = parse_value(cell)?,
        AppField::DataGb => app.data_gb = parse_data_gb(cell)?,
        AppField::Criticality => app.criticality = parse_value(cell)?,
        AppField::Legacy => app.legacy = parse_bool(cell).map_err(|e| format!("legacy: {e}"))?,
        AppField::Tags => {
            for tag in cell.split(';').map(str::trim).filter(|t| !t.is_empty()) {
                if !app.tags.iter().any(|t| t == tag) {
                    app.tags.push(tag.to_string());
                }
            }
        }
    }
    Ok(())
}

/// What the dependencies may refer to.
struct Known<'a> {
    index: &'a HashMap<String, usize>,
    broken: &'a HashSet<String>,
    complete: bool,
    /// What is left of the suggestions' budget (`suggest_within`).
    budget: std::cell::Cell<usize>,
}

impl Known<'_> {
    /// The index of the app `id`, or the message for a reference that cannot be used. `Ok(None)`
    /// for an app whose row had errors already reported.
    fn resolve(&self, id: &str, column: &str) -> Result<Option<usize>, String> {
        if let Some(&i) = self.index.get(id) {
            return Ok(Some(i));
        }
        if self.broken.contains(id) || !self.complete {
            return Ok(None);
        }
        if id.is_empty() {
            return Err(format!("`{column}` is empty: a dependency names two apps"));
        }
        let mut budget = self.budget.get();
        let hint = suggest_within(&mut budget, id, self.index.keys().map(String::as_str))
            .map(|s| format!("; did you mean `{s}`?"))
            .unwrap_or_default();
        self.budget.set(budget);
        Err(format!(
            "unknown app `{}` in `{column}`: the apps file has no such id{hint}",
            id.escape_debug()
        ))
    }
}

fn read_deps(
    table: &Table<DepField>,
    file: &str,
    known: &Known,
    apps: &mut [App],
    diags: &mut Vec<Diagnostic>,
) {
    let col = |f: DepField| table.columns.iter().position(|&c| c == Some(f));
    let (Some(from_col), Some(to_col)) = (col(DepField::From), col(DepField::To)) else {
        return;
    };
    let via_col = col(DepField::Via);
    let mut seen: HashMap<(usize, usize, Via), usize> = HashMap::new();
    for row in &table.rows {
        if !check_width(row, table.columns.len(), file, diags) {
            continue;
        }
        let cell = |c: usize| row.cells.get(c).map(String::as_str).unwrap_or_default();
        let mut end = |c: usize, name: &str| match known.resolve(cell(c), name) {
            Ok(i) => i,
            Err(message) => {
                diags.push(Diagnostic::error(file, row.pos(c), message));
                None
            }
        };
        let from = end(from_col, "from");
        let to = end(to_col, "to");
        let via = match via_col.map(cell).filter(|v| !v.is_empty()) {
            None => Via::default(),
            Some(v) => match parse_value::<Via>(v) {
                Ok(via) => via,
                Err(message) => {
                    diags.push(Diagnostic::error(
                        file,
                        via_col.and_then(|c| row.pos(c)),
                        message,
                    ));
                    continue;
                }
            },
        };
        let (Some(from), Some(to)) = (from, to) else {
            continue;
        };
        if from == to {
            diags.push(Diagnostic::error(
                file,
                row.pos(to_col),
                format!(
                    "`{}` depends on itself; remove this row",
                    apps[from].id.escape_debug()
                ),
            ));
            continue;
        }
        if let Some(&line) = seen.get(&(from, to, via)) {
            diags.push(Diagnostic::warning(
                file,
                row.pos(from_col),
                format!(
                    "the row on line {line} gives this dependency of `{}` on `{}` via {via} \
                     already; it is counted once",
                    apps[from].id.escape_debug(),
                    apps[to].id.escape_debug()
                ),
            ));
            continue;
        }
        seen.insert((from, to, via), row.line);
        let to_id = apps[to].id.clone();
        apps[from].depends_on.push(Dep::new(to_id, via));
    }
}

#[cfg(test)]
mod tests;

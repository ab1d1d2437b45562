//! `import csv`: a CMDB export as two tables, the apps (one row per app, the portfolio fields as
//! columns, in any order) and their dependencies (`from,to,via`). A table of servers (one row
//! per server with the app it belongs to, as in a migration factory's intake form) is read too:
//! the rows of one app fold into it, and a wave column (`--waves-from wave_id`) gives a plan.
//!
//! Places in messages are `FILE:LINE:COL` with LINE the line the row starts on and COL the
//! column's number (1 for the first), the way a spreadsheet counts them.

mod waves;

use std::collections::{HashMap, HashSet};

use crate::diagnostic::{Diagnostic, Pos};
use crate::load::LoadError;
use crate::model::validate::{SUGGESTION_BUDGET, suggest_within};
use crate::model::{App, Dep, Portfolio, State, Via};

use super::ids::{self, IdMaker};
use super::map::ImportMap;
use super::summary::{Count, Summary};
use super::table::{Column, Found, Rules, Table, check_width, read_table};
use super::{Imported, Note, conclude, criticality, mapped_or_hint, parse_data_gb};

pub use super::table::Input;

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
    Status,
    Server,
    Tier,
    Env,
    Wave,
    WaveName,
}

const APP_COLUMNS: [Column<AppField>; 17] = [
    Column {
        key: "id",
        aliases: &["app_id", "application_id"],
        field: AppField::Id,
    },
    Column {
        key: "name",
        aliases: &["app_name", "application_name", "application"],
        field: AppField::Name,
    },
    Column {
        key: "owner",
        aliases: &["app_owner", "team", "owner_team"],
        field: AppField::Owner,
    },
    Column {
        key: "kind",
        aliases: &[],
        field: AppField::Kind,
    },
    Column {
        key: "hosting",
        aliases: &[],
        field: AppField::Hosting,
    },
    Column {
        key: "strategy",
        aliases: &["r_type", "migration_strategy", "7r"],
        field: AppField::Strategy,
    },
    Column {
        key: "state",
        aliases: &[],
        field: AppField::State,
    },
    Column {
        key: "data_gb",
        aliases: &[],
        field: AppField::DataGb,
    },
    Column {
        key: "criticality",
        aliases: &["business_criticality", "busines_criticality"],
        field: AppField::Criticality,
    },
    Column {
        key: "legacy",
        aliases: &[],
        field: AppField::Legacy,
    },
    Column {
        key: "tags",
        aliases: &[],
        field: AppField::Tags,
    },
    Column {
        key: "status",
        aliases: &["lifecycle", "install_status", "lifecycle_status"],
        field: AppField::Status,
    },
    Column {
        key: "server",
        aliases: &["server_name", "hostname", "host_name"],
        field: AppField::Server,
    },
    Column {
        key: "tier",
        aliases: &["server_tier"],
        field: AppField::Tier,
    },
    Column {
        key: "env",
        aliases: &["server_environment", "environment"],
        field: AppField::Env,
    },
    Column {
        key: "wave",
        aliases: &["wave_id", "migration_wave"],
        field: AppField::Wave,
    },
    Column {
        key: "wave_name",
        aliases: &[],
        field: AppField::WaveName,
    },
];

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum DepField {
    From,
    To,
    Via,
}

const DEP_COLUMNS: [Column<DepField>; 3] = [
    Column {
        key: "from",
        aliases: &["source", "parent", "dependent"],
        field: DepField::From,
    },
    Column {
        key: "to",
        aliases: &["target", "destination", "child", "dependency"],
        field: DepField::To,
    },
    Column {
        key: "via",
        aliases: &["protocol"],
        field: DepField::Via,
    },
];

/// How an import of CSV tables is done, besides its files.
#[derive(Debug, Clone, Copy)]
pub struct Options<'a> {
    pub map: &'a ImportMap,
    /// The apps table's column that holds each app's wave (`--waves-from`): the import then
    /// gives a plan too.
    pub waves_from: Option<&'a str>,
}

/// Build a portfolio named `name` from an apps table and, when given, a dependencies table.
/// Every problem of both files is reported at once.
pub fn import(
    apps: Input,
    deps: Option<Input>,
    name: &str,
    options: Options,
) -> Result<Imported, LoadError> {
    let map = options.map;
    let mut diags = Vec::new();
    let mut notes = Vec::new();
    let mut files = vec![apps.file];
    files.extend(deps.map(|d| d.file));
    let mut summary = Summary::new(&files);
    // An apps file that is not a table at all cannot be imported (exit status 2).
    if apps.is_blank() {
        return Err(LoadError::Unreadable(vec![Diagnostic::error(
            apps.file,
            Some(Pos { line: 1, col: 1 }),
            "the file is empty; it needs a header row naming the columns, `id` or `name` among \
             them",
        )]));
    }
    // A table that cannot be read as CSV at all (a quote never closed) is exit status 2.
    let mut unreadable = false;
    let named: Vec<(&str, AppField)> = options
        .waves_from
        .map(|c| (c, AppField::Wave))
        .into_iter()
        .collect();
    let app_table = read_table(
        apps,
        &APP_COLUMNS,
        Rules {
            required: &[&["id", "name"]],
            strict: true,
            refused: &[(
                "depends_on",
                "dependencies go in their own file with the columns from,to,via; remove it",
            )],
            named: &named,
        },
        map,
        Found {
            diags: &mut diags,
            notes: &mut notes,
            summary: &mut summary,
            unreadable: &mut unreadable,
        },
    );
    if let (Some(column), Some(table)) = (options.waves_from, &app_table)
        && !table
            .header
            .iter()
            .any(|h| super::map::fold(h) == super::map::fold(column))
    {
        diags.push(Diagnostic::error(
            apps.file,
            Some(Pos { line: 1, col: 1 }),
            format!(
                "--waves-from {}: the header row has no such column; give the name of the column \
                 that holds each app's wave, like --waves-from wave_id",
                column.escape_debug()
            ),
        ));
    }
    let mut reader = AppReader {
        map,
        apps: Vec::new(),
        index: HashMap::new(),
        names: HashMap::new(),
        broken: HashSet::new(),
        first_line: HashMap::new(),
        ids: IdMaker::default(),
        waves: Vec::new(),
        folded_rows: 0,
        repaired: Vec::new(),
        has_waves: false,
        waves_asked: options.waves_from.is_some(),
    };
    if let Some(table) = &app_table {
        summary.read(Count::new(
            table.rows.len(),
            if table.col(AppField::Server).is_some() {
                "server row"
            } else {
                "app row"
            },
            if table.col(AppField::Server).is_some() {
                "server rows"
            } else {
                "app rows"
            },
        ));
        reader.read(table, apps.file, &mut diags, &mut notes);
    }
    let plan = reader.plan(apps.file, &mut diags, &mut summary);
    if reader.folded_rows > 0 {
        summary.folded(Count::new(
            reader.folded_rows,
            "server row into the app it names",
            "server rows into the apps they name",
        ));
    }
    let mut portfolio = Portfolio {
        name: name.to_string(),
        apps: std::mem::take(&mut reader.apps),
    };
    // An empty dependencies file means that no dependencies are known yet.
    if let Some(deps) = deps
        && !deps.is_blank()
        && let Some(table) = read_table(
            deps,
            &DEP_COLUMNS,
            Rules {
                required: &[&["from"], &["to"]],
                strict: true,
                refused: &[],
                named: &[],
            },
            map,
            Found {
                diags: &mut diags,
                notes: &mut notes,
                summary: &mut summary,
                unreadable: &mut unreadable,
            },
        )
    {
        summary.read(Count::new(
            table.rows.len(),
            "dependency row",
            "dependency rows",
        ));
        let known = Known {
            index: &reader.index,
            names: &reader.names,
            broken: &reader.broken,
            // Unknown ids are only worth reporting when the apps table could be read.
            complete: app_table.is_some(),
            budget: std::cell::Cell::new(SUGGESTION_BUDGET),
        };
        read_deps(
            &table,
            deps.file,
            &known,
            map,
            &mut portfolio.apps,
            &mut diags,
            &mut summary,
        );
    }
    let mut imported = conclude(portfolio, diags, notes, unreadable, apps.file, summary)?;
    if let Some(plan) = plan {
        imported.summary.kept_from(&imported.portfolio, Some(&plan));
        imported.plan = Some(plan);
    }
    Ok(imported)
}

/// The apps read so far, and the ids of rows that could not be read.
#[derive(Debug)]
struct AppReader<'m> {
    map: &'m ImportMap,
    apps: Vec<App>,
    /// Index in `apps` of each good app, by id.
    index: HashMap<String, usize>,
    /// Index in `apps` by the text the row gave (an id before repair, or a name).
    names: HashMap<String, usize>,
    /// Ids (and names) of rows with errors: dependencies on them are not reported again.
    broken: HashSet<String>,
    /// The line of the first row with each id, good or not.
    first_line: HashMap<String, usize>,
    ids: IdMaker,
    /// The wave cell of each app's first row that had one, with its place.
    waves: Vec<Option<(String, Pos)>>,
    /// Rows folded into an app read before.
    folded_rows: usize,
    /// Ids repaired, for one note.
    repaired: Vec<String>,
    /// Whether the table has a wave column, and one was asked for (`--waves-from`).
    has_waves: bool,
    waves_asked: bool,
}

impl AppReader<'_> {
    fn read(
        &mut self,
        table: &Table<AppField>,
        file: &str,
        diags: &mut Vec<Diagnostic>,
        notes: &mut Vec<Note>,
    ) {
        let id_col = table.col(AppField::Id);
        let name_col = table.col(AppField::Name);
        let grouped = table.col(AppField::Server).is_some();
        self.has_waves = self.waves_asked && table.col(AppField::Wave).is_some();
        if let (false, Some(c)) = (self.waves_asked, table.col(AppField::Wave)) {
            let column = table.header.get(c).cloned().unwrap_or_default();
            notes.push(Note::new(
                file,
                None,
                format!(
                    "column `{}` holds waves; give --waves-from {} to write them as the plan \
                     too",
                    column.escape_debug(),
                    column.escape_debug()
                ),
            ));
        }
        let key_col = id_col.or(name_col).unwrap_or(0);
        for row in &table.rows {
            let cell = |c: Option<usize>| {
                c.and_then(|c| row.cells.get(c))
                    .map(String::as_str)
                    .unwrap_or_default()
            };
            let given = cell(Some(key_col));
            if !check_width(row, table.columns.len(), file, diags) {
                if !given.is_empty() {
                    self.broken.insert(given.to_string());
                }
                continue;
            }
            if given.is_empty() {
                let what = if id_col.is_some() { "id" } else { "name" };
                diags.push(Diagnostic::error(
                    file,
                    row.pos(key_col),
                    format!(
                        "the {what} is missing: every {} needs one",
                        if grouped {
                            "server row names its app and"
                        } else {
                            "app"
                        }
                    ),
                ));
                continue;
            }
            let Some(wanted) = ids::repair(given, self.map.ids, &self.map.letters) else {
                diags.push(Diagnostic::error(
                    file,
                    row.pos(key_col),
                    format!(
                        "invalid id `{}`: an id starts with a letter or digit and holds only \
                         letters, digits, `.`, `_` and `-` (like `{}`); the mapping file says \
                         `ids: Refuse`",
                        given.escape_debug(),
                        super::repair_id(given)
                    ),
                ));
                self.broken.insert(given.to_string());
                continue;
            };
            let key = given.to_string();
            // Rows of one app: servers of a grouped table fold into it; otherwise a second
            // row with the same id is an error.
            let existing = self.names.get(&key).copied();
            if let Some(&first) = self.first_line.get(&key)
                && !grouped
            {
                diags.push(Diagnostic::error(
                    file,
                    row.pos(key_col),
                    format!(
                        "duplicate {} `{}`: the row on line {first} has it already; {} must be \
                         unique",
                        if id_col.is_some() { "id" } else { "name" },
                        given.escape_debug(),
                        if id_col.is_some() { "ids" } else { "names" },
                    ),
                ));
                if let Some(i) = existing {
                    self.broken.insert(self.apps[i].id.to_string());
                }
                self.broken.insert(key);
                continue;
            }
            self.first_line.entry(key.clone()).or_insert(row.line);
            let before = diags.len();
            let mut app = App::new(wanted.clone());
            if id_col.is_none() && given != wanted {
                app.name = Some(given.to_string());
            }
            let mut wave: Option<(String, Pos)> = None;
            for (c, field, text) in table.cells(row) {
                let field = &field;
                let text = match field {
                    AppField::DataGb if table.decimal_comma => decimal_point(text),
                    _ => text.into(),
                };
                if *field == AppField::Wave && !text.is_empty() {
                    wave = row.pos(c).map(|p| (text.to_string(), p));
                }
                if let Err(message) = self.set_field(&mut app, *field, &text) {
                    diags.push(Diagnostic::error(file, row.pos(c), message));
                }
            }
            if let Some(wave_name) = table.col(AppField::WaveName).map(|c| cell(Some(c)))
                && let Some((w, _)) = &mut wave
                && !wave_name.is_empty()
            {
                *w = format!("{w}\u{0}{wave_name}");
            }
            if diags.len() > before {
                self.broken.insert(key);
                self.broken.insert(wanted);
                continue;
            }
            if let Some(i) = existing {
                // Another server of an app already read: fold it in.
                let wave_before = self.waves[i].clone();
                merge(&mut self.apps[i], app);
                self.folded_rows += 1;
                match (&wave_before, wave) {
                    (None, Some(w)) => self.waves[i] = Some(w),
                    (Some((have, _)), Some((other, at))) if *have != other => {
                        diags.push(Diagnostic::warning(
                            file,
                            Some(at),
                            format!(
                                "`{}` is in wave `{}` on an earlier row and in `{}` here; it is \
                                 planned in the first",
                                self.apps[i].id.escape_debug(),
                                wave_label(have).escape_debug(),
                                wave_label(&other).escape_debug()
                            ),
                        ));
                    }
                    _ => {}
                }
                continue;
            }
            let id = self.ids.unique(&wanted);
            if id != given {
                self.repaired.push(format!("`{given}` → {id}"));
                if app.name.is_none() {
                    app.name = Some(given.to_string());
                }
            }
            app.id = id.as_str().into();
            self.index.insert(id, self.apps.len());
            self.names.insert(key, self.apps.len());
            self.apps.push(app);
            self.waves.push(wave);
        }
        for app in &mut self.apps {
            if app.name.as_deref() == Some(app.id.as_str()) {
                app.name = None;
            }
        }
        if !self.repaired.is_empty() {
            notes.push(Note::new(
                file,
                None,
                format!(
                    "{} made into valid, unique ids (the text given is kept as the name): {}",
                    if self.repaired.len() == 1 {
                        "1 name or id was".to_string()
                    } else {
                        format!("{} names or ids were", self.repaired.len())
                    },
                    super::listed(&self.repaired)
                ),
            ));
        }
    }

    /// Set one field of `app` from its cell; an empty cell keeps the default.
    fn set_field(&self, app: &mut App, field: AppField, cell: &str) -> Result<(), String> {
        if cell.is_empty() {
            return Ok(());
        }
        let map = self.map;
        match field {
            AppField::Id | AppField::Wave | AppField::WaveName => {}
            AppField::Name => app.name = Some(cell.to_string()),
            AppField::Owner => app.owner = Some(cell.to_string()),
            AppField::Kind => app.kind = mapped_or_hint(&map.kind, cell)?,
            AppField::Hosting => app.hosting = mapped_or_hint(&map.hosting, cell)?,
            AppField::Strategy => app.strategy = mapped_or_hint(&map.strategy, cell)?,
            AppField::State => app.state = mapped_or_hint(&map.state, cell)?,
            AppField::DataGb => app.data_gb = parse_data_gb(cell)?,
            AppField::Criticality => app.criticality = criticality(&map.criticality, cell)?,
            AppField::Legacy => {
                app.legacy = map.boolean(cell).map_err(|e| format!("legacy: {e}"))?
            }
            AppField::Tags => {
                for tag in cell.split(';').map(str::trim).filter(|t| !t.is_empty()) {
                    if !app.tags.iter().any(|t| t == tag) {
                        app.tags.push(tag.to_string());
                    }
                }
            }
            AppField::Status => {
                if let Some(s) = map.status_strategy(cell) {
                    app.strategy = s;
                }
            }
            AppField::Server => {}
            AppField::Tier => {
                let folded = super::map::fold(cell);
                if matches!(folded.as_str(), "db" | "database" | "data") {
                    app.state = app.state.max(State::Database);
                }
                push_tag(app, format!("tier:{cell}"));
            }
            AppField::Env => push_tag(app, format!("env:{cell}")),
        }
        Ok(())
    }

    /// The plan the wave column gives, when there is one.
    fn plan(
        &self,
        file: &str,
        diags: &mut Vec<Diagnostic>,
        summary: &mut Summary,
    ) -> Option<crate::model::Plan> {
        self.has_waves
            .then(|| waves::plan(&self.apps, &self.waves, file, diags, summary))
    }
}

/// A wave cell as shown: the wave's id, or its name when the table has one.
fn wave_label(cell: &str) -> &str {
    match cell.split_once('\u{0}') {
        Some((_, name)) => name,
        None => cell,
    }
}

fn push_tag(app: &mut App, tag: String) {
    if !app.tags.contains(&tag) {
        app.tags.push(tag);
    }
}

/// Fold `other` (another server row of the same app) into `app`: fields the first rows left
/// empty are taken, the heaviest state and criticality kept, data added up, tags joined.
fn merge(app: &mut App, other: App) {
    let fresh = App::new("");
    if app.name.is_none() {
        app.name = other.name;
    }
    if app.owner.is_none() {
        app.owner = other.owner;
    }
    if app.kind == fresh.kind {
        app.kind = other.kind;
    }
    if app.hosting == fresh.hosting {
        app.hosting = other.hosting;
    }
    if app.strategy == fresh.strategy {
        app.strategy = other.strategy;
    }
    app.state = app.state.max(other.state);
    app.criticality = app.criticality.max(other.criticality);
    app.data_gb += other.data_gb;
    app.legacy |= other.legacy;
    for tag in other.tags {
        push_tag(app, tag);
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

/// What the dependencies may refer to.
struct Known<'a> {
    index: &'a HashMap<String, usize>,
    names: &'a HashMap<String, usize>,
    broken: &'a HashSet<String>,
    complete: bool,
    /// What is left of the suggestions' budget (`suggest_within`).
    budget: std::cell::Cell<usize>,
}

impl Known<'_> {
    /// The index of the app `id` (or of the app whose row gave that text), or the message for
    /// a reference that cannot be used. `Ok(None)` for an app whose row had errors already
    /// reported.
    fn resolve(&self, id: &str, column: &str) -> Result<Option<usize>, String> {
        if let Some(&i) = self.index.get(id) {
            return Ok(Some(i));
        }
        if let Some(&i) = self.names.get(id) {
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
    map: &ImportMap,
    apps: &mut [App],
    diags: &mut Vec<Diagnostic>,
    summary: &mut Summary,
) {
    let (Some(from_col), Some(to_col)) = (table.col(DepField::From), table.col(DepField::To))
    else {
        return;
    };
    let via_col = table.col(DepField::Via);
    let mut seen: HashMap<(usize, usize, Via), usize> = HashMap::new();
    let mut duplicates = 0;
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
            Some(v) => match mapped_or_hint(&map.via, v) {
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
            duplicates += 1;
            continue;
        }
        seen.insert((from, to, via), row.line);
        let to_id = apps[to].id.clone();
        apps[from].depends_on.push(Dep::new(to_id, via));
    }
    summary.dropped(
        Count::new(duplicates, "dependency row", "dependency rows")
            .by([("given twice", duplicates)]),
    );
}

#[cfg(test)]
mod tests;

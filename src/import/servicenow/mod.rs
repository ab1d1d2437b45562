//! `import servicenow`: list exports of ServiceNow's CMDB as a portfolio. The configuration
//! items (`cmdb_ci_appl`, `cmdb_ci_service`, `cmdb_ci_business_app`, exported with display
//! values or sys_ids) become apps; the relationship table `cmdb_rel_ci` (parent, type, child)
//! gives their dependencies (`Depends on::Used by`, `Sends data to::Receives data from`) and
//! folds servers and parts into the app that runs on or contains them (`Runs on::Runs`,
//! `Hosted on::Hosts`, `Contains::Contained by`).
//!
//! A CI's id is its name made valid (the name is kept as the app's name); a CI without a
//! name takes its number or sys_id. Relationships name their ends by sys_id or by name.

mod rels;

use std::collections::HashMap;

use crate::diagnostic::{Diagnostic, Pos};
use crate::load::LoadError;
use crate::model::{App, Criticality, Kind, Portfolio, State};

use super::ids::{self, IdMaker};
use super::map::{ImportMap, fold};
use super::summary::{Count, Summary};
use super::table::{Column, Found, Input, Rules, Table, check_width, read_table};
use super::{Imported, Note, conclude, criticality, listed, mapped_or_hint, parse_data_gb};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum CiField {
    Id,
    SysId,
    Name,
    Number,
    Class,
    Criticality,
    InstallStatus,
    OperationalStatus,
    Owner,
    Environment,
    Kind,
    Hosting,
    Strategy,
    State,
    DataGb,
    Legacy,
    Tags,
}

const CI_COLUMNS: [Column<CiField>; 17] = [
    Column {
        key: "id",
        aliases: &[],
        field: CiField::Id,
    },
    Column {
        key: "sys_id",
        aliases: &["sys id", "sysid"],
        field: CiField::SysId,
    },
    Column {
        key: "name",
        aliases: &["display_name", "dv_name"],
        field: CiField::Name,
    },
    Column {
        key: "number",
        aliases: &[],
        field: CiField::Number,
    },
    Column {
        key: "sys_class_name",
        aliases: &["class", "ci_class", "dv_sys_class_name"],
        field: CiField::Class,
    },
    Column {
        key: "criticality",
        aliases: &[
            "busines_criticality",
            "business_criticality",
            "dv_busines_criticality",
        ],
        field: CiField::Criticality,
    },
    Column {
        key: "install_status",
        aliases: &["status", "dv_install_status", "lifecycle_stage_status"],
        field: CiField::InstallStatus,
    },
    Column {
        key: "operational_status",
        aliases: &["dv_operational_status"],
        field: CiField::OperationalStatus,
    },
    Column {
        key: "owner",
        aliases: &[
            "support_group",
            "managed_by_group",
            "owned_by",
            "it_application_owner",
            "managed_by",
            "assigned_to",
            "dv_support_group",
            "dv_owned_by",
        ],
        field: CiField::Owner,
    },
    Column {
        key: "environment",
        aliases: &["used_for"],
        field: CiField::Environment,
    },
    Column {
        key: "kind",
        aliases: &[],
        field: CiField::Kind,
    },
    Column {
        key: "hosting",
        aliases: &[],
        field: CiField::Hosting,
    },
    Column {
        key: "strategy",
        aliases: &[],
        field: CiField::Strategy,
    },
    Column {
        key: "state",
        aliases: &[],
        field: CiField::State,
    },
    Column {
        key: "data_gb",
        aliases: &[],
        field: CiField::DataGb,
    },
    Column {
        key: "legacy",
        aliases: &[],
        field: CiField::Legacy,
    },
    Column {
        key: "tags",
        aliases: &[],
        field: CiField::Tags,
    },
];

/// `install_status` codes as the list shows them.
const INSTALL_STATUS: [(&str, &str); 9] = [
    ("1", "Installed"),
    ("2", "On Order"),
    ("3", "In Maintenance"),
    ("4", "Pending Install"),
    ("5", "Pending Repair"),
    ("6", "In Stock"),
    ("7", "Retired"),
    ("8", "Stolen"),
    ("100", "Absent"),
];

/// `operational_status` codes as the list shows them.
const OPERATIONAL_STATUS: [(&str, &str); 8] = [
    ("1", "Operational"),
    ("2", "Non-Operational"),
    ("3", "Repair in Progress"),
    ("4", "DR Standby"),
    ("5", "Ready"),
    ("6", "Retired"),
    ("7", "Pipeline"),
    ("8", "Catalog"),
];

/// One configuration item of the export, as an app before the relationships fold it.
#[derive(Debug, Clone)]
struct Ci {
    app: App,
    sys_id: Option<String>,
    /// What the CI is, for the summary: its class, or "configuration item".
    class: String,
}

/// Build a portfolio named `name` from a CI export and, when given, a relationship export.
pub fn import(
    cis: Input,
    rels: Option<Input>,
    name: &str,
    map: &ImportMap,
) -> Result<Imported, LoadError> {
    let mut diags = Vec::new();
    let mut notes = Vec::new();
    let mut files = vec![cis.file];
    files.extend(rels.map(|r| r.file));
    let mut summary = Summary::new(&files);
    if cis.is_blank() {
        return Err(LoadError::Unreadable(vec![Diagnostic::error(
            cis.file,
            Some(Pos { line: 1, col: 1 }),
            "the file is empty; export the list as CSV with its header row (name and sys_id \
             among the columns)",
        )]));
    }
    let mut unreadable = false;
    let table = read_table(
        cis,
        &CI_COLUMNS,
        Rules {
            required: &[&["name", "sys_id", "id", "number"]],
            strict: false,
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
    );
    let mut items = Vec::new();
    if let Some(table) = &table {
        items = read_cis(table, cis.file, map, &mut diags, &mut notes, &mut summary);
    }
    let mut apps_of = rels::Graph::new(&items);
    if let Some(rels) = rels
        && !rels.is_blank()
    {
        rels::read(
            rels,
            map,
            &mut apps_of,
            table.is_some(),
            Found {
                diags: &mut diags,
                notes: &mut notes,
                summary: &mut summary,
                unreadable: &mut unreadable,
            },
        );
    }
    let apps = apps_of.finish(items, &mut notes, &mut summary, cis.file);
    let portfolio = Portfolio {
        name: name.to_string(),
        apps,
    };
    conclude(portfolio, diags, notes, unreadable, cis.file, summary)
}

/// The configuration items of the table, with their ids assigned.
fn read_cis(
    table: &Table<CiField>,
    file: &str,
    map: &ImportMap,
    diags: &mut Vec<Diagnostic>,
    notes: &mut Vec<Note>,
    summary: &mut Summary,
) -> Vec<Ci> {
    let mut items = Vec::new();
    let mut ids = IdMaker::default();
    let mut repaired = Vec::new();
    let mut unnamed = Vec::new();
    let mut nameless_rows = 0;
    let mut classes: Vec<String> = Vec::new();
    let mut seen_sys_ids: HashMap<String, usize> = HashMap::new();
    for row in &table.rows {
        if !check_width(row, table.columns.len(), file, diags) {
            continue;
        }
        let cell = |f: CiField| {
            table
                .col(f)
                .and_then(|c| row.cells.get(c))
                .map(String::as_str)
                .unwrap_or_default()
        };
        let sys_id = cell(CiField::SysId);
        if !sys_id.is_empty()
            && let Some(first) = seen_sys_ids.insert(sys_id.to_string(), row.line)
        {
            diags.push(Diagnostic::warning(
                file,
                table.col(CiField::SysId).and_then(|c| row.pos(c)),
                format!(
                    "sys_id `{}` is on line {first} already; this row is left out",
                    sys_id.escape_debug()
                ),
            ));
            summary.dropped(Count::new(1, "row", "rows").by([("sys_id given twice", 1)]));
            continue;
        }
        let class = cell(CiField::Class);
        classes.push(class.to_string());
        let given_id = cell(CiField::Id);
        let name = cell(CiField::Name);
        let (source, what) = [
            (given_id, "id"),
            (name, "name"),
            (cell(CiField::Number), "number"),
            (sys_id, "sys_id"),
        ]
        .into_iter()
        .find(|(t, _)| !t.is_empty())
        .unwrap_or(("", ""));
        if source.is_empty() {
            nameless_rows += 1;
            continue;
        }
        if name.is_empty() {
            unnamed.push(format!("line {} ({what} {source})", row.line));
        }
        let col_of = |w: &str| match w {
            "id" => table.col(CiField::Id),
            "name" => table.col(CiField::Name),
            "number" => table.col(CiField::Number),
            _ => table.col(CiField::SysId),
        };
        let Some(wanted) = ids::repair(source, map.ids, &map.letters) else {
            diags.push(Diagnostic::error(
                file,
                col_of(what).and_then(|c| row.pos(c)),
                format!(
                    "invalid id `{}`: the mapping file says `ids: Refuse`; make it a valid id \
                     (like `{}`) or let waveplan repair it",
                    source.escape_debug(),
                    super::repair_id(source)
                ),
            ));
            continue;
        };
        let id = ids.unique(&wanted);
        if id != source {
            repaired.push(format!("`{source}` → {id}"));
        }
        let mut app = App::new(id);
        if !name.is_empty() && name != app.id {
            app.name = Some(name.to_string());
        }
        let (kind, state) = class_shape(class);
        app.kind = kind;
        app.state = state;
        let before = diags.len();
        for (c, field, text) in table.cells(row) {
            let field = &field;
            if text.is_empty() {
                continue;
            }
            if let Err(message) = set_field(&mut app, *field, text, map) {
                diags.push(Diagnostic::error(file, row.pos(c), message));
            }
        }
        if diags.len() > before {
            continue;
        }
        items.push(Ci {
            app,
            sys_id: (!sys_id.is_empty()).then(|| sys_id.to_string()),
            class: if class.is_empty() {
                "configuration item".to_string()
            } else {
                class.to_string()
            },
        });
    }
    summary.read(
        Count::new(
            classes.len() + nameless_rows,
            "configuration item",
            "configuration items",
        )
        .by(classes
            .iter()
            .filter(|c| !c.is_empty())
            .map(|c| (c.clone(), 1))),
    );
    summary.dropped(
        Count::new(nameless_rows, "row", "rows").by([("no name, number or sys_id", nameless_rows)]),
    );
    if !unnamed.is_empty() {
        notes.push(Note::new(
            file,
            None,
            format!(
                "{} no name and {} imported by {}: {}",
                super::counted(unnamed.len(), "row has", "rows have"),
                if unnamed.len() == 1 { "is" } else { "are" },
                "the number or sys_id",
                listed(&unnamed)
            ),
        ));
    }
    if !repaired.is_empty() {
        notes.push(Note::new(
            file,
            None,
            format!(
                "{} made into valid, unique ids (the name is kept as the app's name): {}",
                super::counted(repaired.len(), "name was", "names were"),
                listed(&repaired)
            ),
        ));
    }
    items
}

/// Set one field from a non-empty cell.
fn set_field(app: &mut App, field: CiField, text: &str, map: &ImportMap) -> Result<(), String> {
    match field {
        CiField::Id | CiField::SysId | CiField::Name | CiField::Number | CiField::Class => {}
        CiField::Criticality => {
            app.criticality = match text.trim() {
                // The codes behind the labels, in an export of values rather than display
                // values.
                "1" => Criticality::Critical,
                "2" => Criticality::High,
                "3" => Criticality::Medium,
                "4" => Criticality::Low,
                _ => criticality(&map.criticality, text)?,
            }
        }
        CiField::InstallStatus | CiField::OperationalStatus => {
            let codes: &[(&str, &str)] = if field == CiField::InstallStatus {
                &INSTALL_STATUS
            } else {
                &OPERATIONAL_STATUS
            };
            let label = codes
                .iter()
                .find(|(code, _)| *code == text.trim())
                .map_or(text, |(_, label)| label);
            if let Some(s) = map.status.get(text).or_else(|| map.status_strategy(label)) {
                app.strategy = s;
            }
        }
        CiField::Owner => {
            if app.owner.is_none() {
                app.owner = Some(text.to_string());
            }
        }
        CiField::Environment => {
            let tag = format!("env:{text}");
            if !app.tags.contains(&tag) {
                app.tags.push(tag);
            }
        }
        CiField::Kind => app.kind = mapped_or_hint(&map.kind, text)?,
        CiField::Hosting => app.hosting = mapped_or_hint(&map.hosting, text)?,
        CiField::Strategy => app.strategy = mapped_or_hint(&map.strategy, text)?,
        CiField::State => app.state = mapped_or_hint(&map.state, text)?,
        CiField::DataGb => app.data_gb = parse_data_gb(text)?,
        CiField::Legacy => app.legacy = map.boolean(text).map_err(|e| format!("legacy: {e}"))?,
        CiField::Tags => {
            for tag in text
                .split([';', ','])
                .map(str::trim)
                .filter(|t| !t.is_empty())
            {
                if !app.tags.iter().any(|t| t == tag) {
                    app.tags.push(tag.to_string());
                }
            }
        }
    }
    Ok(())
}

/// What a CI class (`cmdb_ci_db_ora_instance`, `Oracle Instance`) says about the app.
fn class_shape(class: &str) -> (Kind, State) {
    let c = fold(class);
    let database = c.starts_with("cmdbcidb")
        || [
            "database",
            "sqlinstance",
            "oracle",
            "mysql",
            "postgres",
            "mongodb",
            "db2",
        ]
        .iter()
        .any(|d| c.contains(d));
    if database {
        (Kind::Database, State::Database)
    } else if c.contains("queue") || c.contains("mqmanager") || c.contains("kafka") {
        (Kind::Queue, State::Queue)
    } else if c.contains("storage") || c.contains("fileshare") || c.starts_with("cmdbcinas") {
        (Kind::Storage, State::Files)
    } else {
        (Kind::Service, State::Stateless)
    }
}

#[cfg(test)]
mod tests;

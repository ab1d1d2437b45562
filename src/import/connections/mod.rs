//! `import connections`: server-to-server connections as a portfolio. Reads the dependency
//! export of Azure Migrate (`Time slot, Source server name, Source IP, Source application,
//! Source process, Destination server name, Destination IP, Destination application,
//! Destination process, Destination port`) and a plain `source,destination,port` table.
//!
//! Servers are grouped into apps: by the mapping file's `servers` table, else by the
//! application the export gives for the server (the one given most often), else each server
//! is an app of its own. A connection's port gives its `via` (`ports::known`, or the mapping
//! file's `ports`); connections on noise ports are dropped, and the same connection seen in
//! several time slots (or between several processes) is one dependency.

mod ports;

use std::collections::{BTreeMap, HashMap, HashSet};

use crate::diagnostic::{Diagnostic, Pos};
use crate::load::LoadError;
use crate::model::{App, Dep, Kind, Portfolio, State, Via};

use super::ids::{self, IdMaker};
use super::map::{ImportMap, PortUse};
use super::summary::{Count, Summary};
use super::table::{Column, Found, Input, Rules, check_width, read_table};
use super::{Imported, Note, conclude, counted, listed};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Field {
    TimeSlot,
    Source,
    SourceIp,
    SourceApp,
    SourceProcess,
    Destination,
    DestinationIp,
    DestinationApp,
    DestinationProcess,
    Port,
}

const COLUMNS: [Column<Field>; 10] = [
    Column {
        key: "time_slot",
        aliases: &["timeslot", "time"],
        field: Field::TimeSlot,
    },
    Column {
        key: "source",
        aliases: &["source_server_name", "source_server", "source_host", "src"],
        field: Field::Source,
    },
    Column {
        key: "source_ip",
        aliases: &["source_ip_address", "src_ip"],
        field: Field::SourceIp,
    },
    Column {
        key: "source_application",
        aliases: &["source_app"],
        field: Field::SourceApp,
    },
    Column {
        key: "source_process",
        aliases: &[],
        field: Field::SourceProcess,
    },
    Column {
        key: "destination",
        aliases: &[
            "destination_server_name",
            "destination_server",
            "destination_host",
            "dest",
            "dst",
            "target",
        ],
        field: Field::Destination,
    },
    Column {
        key: "destination_ip",
        aliases: &["destination_ip_address", "dest_ip", "dst_ip"],
        field: Field::DestinationIp,
    },
    Column {
        key: "destination_application",
        aliases: &["destination_app", "dest_app"],
        field: Field::DestinationApp,
    },
    Column {
        key: "destination_process",
        aliases: &[],
        field: Field::DestinationProcess,
    },
    Column {
        key: "port",
        aliases: &["destination_port", "dest_port", "dst_port", "dport"],
        field: Field::Port,
    },
];

/// A server as the connections name it, and the applications given for it.
#[derive(Debug, Default)]
struct Server {
    name: String,
    /// How often each application was given for it, and in which row first.
    applications: BTreeMap<String, (usize, usize)>,
}

/// How a server was put into its app, for the summary.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Grouped {
    ByMap,
    ByApplication,
    Alone,
}

/// Build a portfolio named `name` from a connections table.
pub fn import(input: Input, name: &str, map: &ImportMap) -> Result<Imported, LoadError> {
    let file = input.file;
    let mut diags = Vec::new();
    let mut notes = Vec::new();
    let mut summary = Summary::new(&[file]);
    if input.is_blank() {
        return Err(LoadError::Unreadable(vec![Diagnostic::error(
            file,
            Some(Pos { line: 1, col: 1 }),
            "the file is empty; it needs a header row naming the columns (source, destination, \
             port, or an Azure Migrate dependency export's)",
        )]));
    }
    let mut unreadable = false;
    let table = read_table(
        input,
        &COLUMNS,
        Rules {
            required: &[
                &["source", "source_ip"],
                &["destination", "destination_ip"],
                &["port"],
            ],
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
    let mut apps = Vec::new();
    if let Some(table) = table {
        let mut servers: Vec<Server> = Vec::new();
        let mut server_index: HashMap<String, usize> = HashMap::new();
        // (source server, destination server, port) of every connection kept so far.
        let mut connections: Vec<(usize, usize, u16, usize)> = Vec::new();
        let mut seen: HashSet<(usize, usize, u16)> = HashSet::new();
        let mut slots: HashSet<String> = HashSet::new();
        let mut noise: BTreeMap<String, usize> = BTreeMap::new();
        let mut dropped: BTreeMap<String, usize> = BTreeMap::new();
        let mut repeated = 0;
        let mut noise_servers: HashSet<String> = HashSet::new();
        for row in &table.rows {
            if !check_width(row, table.columns.len(), file, &mut diags) {
                continue;
            }
            let cell = |f: Field| {
                table
                    .col(f)
                    .and_then(|c| row.cells.get(c))
                    .map(String::as_str)
                    .unwrap_or_default()
            };
            if !cell(Field::TimeSlot).is_empty() {
                slots.insert(cell(Field::TimeSlot).to_string());
            }
            let port_text = cell(Field::Port);
            let port = match parse_port(port_text) {
                Ok(p) => p,
                Err(message) => {
                    diags.push(Diagnostic::error(
                        file,
                        table.col(Field::Port).and_then(|c| row.pos(c)),
                        message,
                    ));
                    continue;
                }
            };
            let Some(port) = port else {
                *dropped.entry("with no port".to_string()).or_default() += 1;
                continue;
            };
            if use_of(map, port).0 == PortUse::Noise {
                let label = use_of(map, port).1;
                *noise.entry(format!("{label} {port}")).or_default() += 1;
                for (server, ip) in [
                    (cell(Field::Source), cell(Field::SourceIp)),
                    (cell(Field::Destination), cell(Field::DestinationIp)),
                ] {
                    let name = if server.is_empty() { ip } else { server };
                    if !name.is_empty() {
                        noise_servers.insert(name.trim().to_lowercase());
                    }
                }
                continue;
            }
            let mut end = |server: &str, ip: &str, app: &str| {
                let name = if server.is_empty() { ip } else { server };
                if name.is_empty() {
                    return None;
                }
                let key = name.trim().to_lowercase();
                let i = *server_index.entry(key).or_insert_with(|| {
                    servers.push(Server {
                        name: name.to_string(),
                        ..Server::default()
                    });
                    servers.len() - 1
                });
                if !app.is_empty() {
                    let entry = servers[i]
                        .applications
                        .entry(app.to_string())
                        .or_insert((0, row.line));
                    entry.0 += 1;
                }
                Some(i)
            };
            let from = end(
                cell(Field::Source),
                cell(Field::SourceIp),
                cell(Field::SourceApp),
            );
            let to = end(
                cell(Field::Destination),
                cell(Field::DestinationIp),
                cell(Field::DestinationApp),
            );
            let (Some(from), Some(to)) = (from, to) else {
                *dropped
                    .entry("with no source or destination".to_string())
                    .or_default() += 1;
                continue;
            };
            if from == to {
                *dropped
                    .entry("from a server to itself".to_string())
                    .or_default() += 1;
                continue;
            }
            if !seen.insert((from, to, port)) {
                repeated += 1;
                continue;
            }
            connections.push((from, to, port, row.line));
        }
        summary.read(Count::new(
            table.rows.len(),
            "connection row",
            "connection rows",
        ));
        if !slots.is_empty() {
            summary.read(Count::new(slots.len(), "time slot", "time slots"));
        }
        let only_noise = noise_servers
            .iter()
            .filter(|s| !server_index.contains_key(*s))
            .count();
        summary.read(Count::new(servers.len(), "server", "servers"));
        summary.dropped(Count::new(
            only_noise,
            "server seen only in noise connections",
            "servers seen only in noise connections",
        ));
        summary.dropped(
            Count::new(
                noise.values().sum(),
                "connection on a noise port",
                "connections on noise ports",
            )
            .by(noise),
        );
        summary
            .dropped(Count::new(dropped.values().sum(), "connection", "connections").by(dropped));
        summary.folded(Count::new(
            repeated,
            "connection seen again (other time slots or processes)",
            "connections seen again (other time slots or processes)",
        ));
        apps = group(&servers, &connections, map, file, &mut notes, &mut summary);
    }
    let portfolio = Portfolio {
        name: name.to_string(),
        apps,
    };
    conclude(portfolio, diags, notes, unreadable, file, summary)
}

/// A port cell: digits, perhaps with a protocol after them (`443/tcp`); `None` for an empty
/// cell.
fn parse_port(text: &str) -> Result<Option<u16>, String> {
    let digits: &str = text.split(['/', ' ']).next().unwrap_or_default().trim();
    if digits.is_empty() {
        return Ok(None);
    }
    match digits.parse::<u16>() {
        Ok(p) if p > 0 => Ok(Some(p)),
        _ => Err(format!(
            "port `{}` is not a port number (1 to 65535)",
            text.escape_debug()
        )),
    }
}

/// What `port` is used for: the mapping file's `ports`, else the built-in table; an unknown
/// port is taken as HTTP.
fn use_of(map: &ImportMap, port: u16) -> (PortUse, &'static str) {
    if let Some(&u) = map.ports.get(&port) {
        return (u, "mapped port");
    }
    ports::known(port).unwrap_or((PortUse::Http, "unknown port"))
}

/// The apps the servers make up, with their dependencies.
fn group(
    servers: &[Server],
    connections: &[(usize, usize, u16, usize)],
    map: &ImportMap,
    file: &str,
    notes: &mut Vec<Note>,
    summary: &mut Summary,
) -> Vec<App> {
    // The app of each server: a label shared by its servers, and how it was found.
    let mut labels: Vec<String> = Vec::new();
    let mut label_index: HashMap<String, usize> = HashMap::new();
    let mut app_of = Vec::with_capacity(servers.len());
    let mut how: BTreeMap<Grouped, usize> = BTreeMap::new();
    let mut servers_of: Vec<Vec<usize>> = Vec::new();
    for (s, server) in servers.iter().enumerate() {
        let (label, by) = match map.servers.get(&server.name) {
            Some(i) => (map.server_apps[i].clone(), Grouped::ByMap),
            None => match server
                .applications
                .iter()
                .max_by(|a, b| a.1.0.cmp(&b.1.0).then(b.1.1.cmp(&a.1.1)))
            {
                Some((app, _)) => (app.clone(), Grouped::ByApplication),
                None => (server.name.clone(), Grouped::Alone),
            },
        };
        *how.entry(by).or_default() += 1;
        let i = *label_index
            .entry(label.trim().to_lowercase())
            .or_insert_with(|| {
                labels.push(label);
                servers_of.push(Vec::new());
                labels.len() - 1
            });
        servers_of[i].push(s);
        app_of.push(i);
    }
    let mut ids = IdMaker::default();
    let mut apps: Vec<App> = labels
        .iter()
        .map(|label| {
            let wanted = ids::repair(label, map.ids, &map.letters)
                .unwrap_or_else(|| super::repair_id(label));
            let mut app = App::new(ids.unique(&wanted));
            if app.id != *label {
                app.name = Some(label.clone());
            }
            app
        })
        .collect();
    for (i, members) in servers_of.iter().enumerate() {
        if members.len() > 1 || servers[members[0]].name != labels[i] {
            for &s in members {
                let tag = format!("server:{}", servers[s].name);
                if !apps[i].tags.contains(&tag) {
                    apps[i].tags.push(tag);
                }
            }
        }
    }
    let grouped: Vec<(String, usize)> = how
        .iter()
        .filter(|(by, _)| **by != Grouped::Alone)
        .map(|(by, n)| {
            let label = match by {
                Grouped::ByMap => "by the mapping file",
                _ => "by their application",
            };
            (label.to_string(), *n)
        })
        .collect();
    let grouped_servers: usize = grouped.iter().map(|(_, n)| n).sum();
    summary.folded(
        Count::new(
            grouped_servers,
            "server grouped into an app",
            "servers grouped into apps",
        )
        .by(grouped),
    );
    // The dependencies, and what each app receives.
    let mut inbound: Vec<BTreeMap<Via, usize>> = vec![BTreeMap::new(); apps.len()];
    let mut seen: HashSet<(usize, usize, Via)> = HashSet::new();
    let mut inside = 0;
    let mut merged = 0;
    let mut unknown_ports: BTreeMap<u16, usize> = BTreeMap::new();
    for &(s, d, port, _) in connections {
        let (from, to) = (app_of[s], app_of[d]);
        let (usage, label) = use_of(map, port);
        let Some(via) = usage.via() else { continue };
        if label == "unknown port" {
            *unknown_ports.entry(port).or_default() += 1;
        }
        if from == to {
            inside += 1;
            continue;
        }
        *inbound[to].entry(via).or_default() += 1;
        if !seen.insert((from, to, via)) {
            merged += 1;
            continue;
        }
        let to_id = apps[to].id.clone();
        apps[from].depends_on.push(Dep::new(to_id, via));
    }
    summary.dropped(Count::new(
        inside,
        "connection inside one app",
        "connections inside one app",
    ));
    summary.folded(Count::new(
        merged,
        "connection joined with another between the same apps",
        "connections joined with others between the same apps",
    ));
    if !unknown_ports.is_empty() {
        let list: Vec<String> = unknown_ports
            .iter()
            .map(|(p, n)| format!("{p} ({n})"))
            .collect();
        notes.push(Note::new(
            file,
            None,
            format!(
                "{} not in waveplan's table and taken as Http; say what they carry in the \
                 mapping file (ports: {{{}: Database}}), or Noise to drop them: {}",
                counted(unknown_ports.len(), "port is", "ports are"),
                unknown_ports.keys().next().copied().unwrap_or_default(),
                listed(&list)
            ),
        ));
    }
    // What an app receives says what it keeps.
    let mut stateful = Vec::new();
    for (app, received) in apps.iter_mut().zip(&inbound) {
        let state_of = |v: &Via| match v {
            Via::Database => Some((State::Database, Kind::Database)),
            Via::Queue => Some((State::Queue, Kind::Queue)),
            Via::File => Some((State::Files, Kind::Storage)),
            _ => None,
        };
        let heaviest = received.keys().filter_map(state_of).max_by_key(|(s, _)| *s);
        if let Some((state, kind)) = heaviest {
            app.state = state;
            if received.len() == 1 {
                app.kind = kind;
            }
            stateful.push(format!("{} ({state})", app.id));
        }
    }
    if !stateful.is_empty() {
        notes.push(Note::new(
            file,
            None,
            format!(
                "{} a state from the connections they receive (database, queue or file \
                 ports): {}",
                counted(stateful.len(), "app is given", "apps are given"),
                listed(&stateful)
            ),
        ));
    }
    apps
}

#[cfg(test)]
mod tests;

//! The mapping file of an import (`--map FILE`, RON): what the columns of an export hold,
//! tables of the values other tools write (criticality labels, yes/no words in other
//! languages, statuses that mean a strategy), how names become ids, and for server-level
//! exports which servers make up which app and what each port is used for.
//!
//! ```ron
//! Map(
//!     columns: {"Support group": "owner", "u_end_of_life": "legacy"},
//!     criticality: {"Tier 1": Critical, "Tier 2": High},
//!     booleans: {"ja": true, "nein": false},
//!     status: {"Sunset": Retire},
//!     ids: Transliterate,
//!     letters: {"ü": "ue"},
//!     servers: {"SQLPROD01": "orders"},
//!     ports: {8443: Http, 1414: Queue, 22: Noise},
//!     relations: {"Uses::Used by": Depends},
//! )
//! ```

use std::cell::RefCell;
use std::collections::{BTreeMap, BTreeSet, HashMap};

use serde::Deserialize;

use crate::diagnostic::{Diagnostic, Pos};
use crate::load::{self, LoadError};
use crate::model::{Criticality, Hosting, Kind, State, Strategy, Via};

pub use super::ids::IdRepair;

/// What a port is used for: a `via`, or noise (administration, name service, monitoring),
/// whose connections are dropped.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
pub enum PortUse {
    Http,
    Grpc,
    Rpc,
    Queue,
    Database,
    File,
    Noise,
}

impl PortUse {
    pub fn via(self) -> Option<Via> {
        Some(match self {
            PortUse::Http => Via::Http,
            PortUse::Grpc => Via::Grpc,
            PortUse::Rpc => Via::Rpc,
            PortUse::Queue => Via::Queue,
            PortUse::Database => Via::Database,
            PortUse::File => Via::File,
            PortUse::Noise => return None,
        })
    }
}

/// What a ServiceNow relationship type means to the portfolio. In every case the parent is the
/// app and the child what it needs or is made of.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
pub enum Relation {
    /// The parent depends on the child (`Depends on::Used by`, `Sends data to::Receives data
    /// from`).
    Depends,
    /// The child is part of the parent and folds into it (`Runs on::Runs`, `Hosted on::Hosts`,
    /// `Contains::Contained by`).
    Folds,
    /// Not read.
    Ignore,
}

/// The mapping file as written.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename = "Map", deny_unknown_fields)]
struct MapFile {
    #[serde(default, deserialize_with = "unique")]
    columns: BTreeMap<String, String>,
    #[serde(default, deserialize_with = "unique")]
    criticality: BTreeMap<String, Criticality>,
    #[serde(default, deserialize_with = "unique")]
    kind: BTreeMap<String, Kind>,
    #[serde(default, deserialize_with = "unique")]
    hosting: BTreeMap<String, Hosting>,
    #[serde(default, deserialize_with = "unique")]
    state: BTreeMap<String, State>,
    #[serde(default, deserialize_with = "unique")]
    strategy: BTreeMap<String, Strategy>,
    #[serde(default, deserialize_with = "unique")]
    status: BTreeMap<String, Strategy>,
    #[serde(default, deserialize_with = "unique")]
    booleans: BTreeMap<String, bool>,
    #[serde(default, deserialize_with = "unique")]
    via: BTreeMap<String, Via>,
    #[serde(default)]
    ids: IdRepair,
    #[serde(default, deserialize_with = "unique")]
    letters: BTreeMap<String, String>,
    #[serde(default, deserialize_with = "unique")]
    servers: BTreeMap<String, String>,
    #[serde(default, deserialize_with = "unique")]
    ports: BTreeMap<u16, PortUse>,
    #[serde(default, deserialize_with = "unique")]
    relations: BTreeMap<String, Relation>,
}

/// A map whose keys are each given once: a key given twice is an error, not a value lost.
fn unique<'de, D, K, V>(deserializer: D) -> Result<BTreeMap<K, V>, D::Error>
where
    D: serde::Deserializer<'de>,
    K: Deserialize<'de> + Ord + std::fmt::Debug,
    V: Deserialize<'de>,
{
    struct Unique<K, V>(std::marker::PhantomData<(K, V)>);
    impl<'de, K, V> serde::de::Visitor<'de> for Unique<K, V>
    where
        K: Deserialize<'de> + Ord + std::fmt::Debug,
        V: Deserialize<'de>,
    {
        type Value = BTreeMap<K, V>;

        fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            f.write_str("a map `{key: value, ...}`")
        }

        fn visit_map<A: serde::de::MapAccess<'de>>(
            self,
            mut map: A,
        ) -> Result<Self::Value, A::Error> {
            let mut out = BTreeMap::new();
            while let Some((k, v)) = map.next_entry::<K, V>()? {
                if out.contains_key(&k) {
                    return Err(serde::de::Error::custom(format!(
                        "the key {k:?} is given twice; give each key once"
                    )));
                }
                out.insert(k, v);
            }
            Ok(out)
        }
    }
    deserializer.deserialize_map(Unique(std::marker::PhantomData))
}

/// Two of `keys` that are one once folded (see `fold`), if any.
fn folded_twice<'k>(keys: impl Iterator<Item = &'k String>) -> Option<(&'k str, &'k str)> {
    let mut seen: HashMap<String, &str> = HashMap::new();
    for k in keys {
        if let Some(first) = seen.insert(fold(k), k) {
            return Some((first, k));
        }
    }
    None
}

/// A table of values keyed by their folded text (see `fold`).
#[derive(Debug, Clone)]
pub struct Table<T>(HashMap<String, T>);

impl<T: Copy> Table<T> {
    fn new(entries: BTreeMap<String, T>) -> Table<T> {
        Table(entries.into_iter().map(|(k, v)| (fold(&k), v)).collect())
    }

    /// The value given for `text`, ignoring case, spaces, `_` and `-`.
    pub fn get(&self, text: &str) -> Option<T> {
        if self.0.is_empty() {
            return None;
        }
        self.0.get(&fold(text)).copied()
    }
}

impl<T> Default for Table<T> {
    fn default() -> Table<T> {
        Table(HashMap::new())
    }
}

/// Lower case without spaces, `_` and `-`: how columns and values are compared.
pub fn fold(text: &str) -> String {
    text.trim()
        .chars()
        .filter(|c| !matches!(c, ' ' | '_' | '-'))
        .flat_map(char::to_lowercase)
        .collect()
}

/// A mapping file read and ready for lookups; `ImportMap::default()` when none is given.
#[derive(Debug, Default)]
pub struct ImportMap {
    /// The file's name and text, for the places of messages about it.
    source: Option<(String, String)>,
    /// Column (folded) → (column as written, field).
    columns: HashMap<String, (String, String)>,
    pub criticality: Table<Criticality>,
    pub kind: Table<Kind>,
    pub hosting: Table<Hosting>,
    pub state: Table<State>,
    pub strategy: Table<Strategy>,
    pub status: Table<Strategy>,
    pub booleans: Table<bool>,
    pub via: Table<Via>,
    pub ids: IdRepair,
    pub letters: BTreeMap<String, String>,
    /// Server (folded) → app.
    pub servers: Table<usize>,
    pub server_apps: Vec<String>,
    pub ports: BTreeMap<u16, PortUse>,
    pub relations: Table<Relation>,
    /// The `columns` entries some file of the import had (folded).
    used: RefCell<BTreeSet<String>>,
}

/// Where the field a column holds is said to be ignored.
pub const IGNORE: &str = "ignore";

impl ImportMap {
    /// Read a mapping file; every problem at once, each at its place.
    pub fn parse(text: &str, file: &str) -> Result<ImportMap, LoadError> {
        if text.trim().is_empty() {
            return Err(LoadError::Unreadable(vec![Diagnostic::error(
                file,
                Some(Pos { line: 1, col: 1 }),
                "the mapping file is empty; it starts with `Map(` (see the README's Imports)",
            )]));
        }
        let raw: MapFile = load::parse_ron(text, file)?;
        let mut diags = Vec::new();
        let at = |needle: &str| find(text, needle);
        for (letter, to) in &raw.letters {
            if letter.chars().count() != 1 || letter.is_ascii() {
                diags.push(Diagnostic::error(
                    file,
                    at(&format!("{letter:?}")),
                    format!(
                        "letters: `{}` should be one letter outside ASCII, like \"ü\"",
                        letter.escape_debug()
                    ),
                ));
            } else if !to.chars().all(|c| c.is_ascii_alphanumeric()) {
                diags.push(Diagnostic::error(
                    file,
                    at(&format!("{letter:?}")),
                    format!(
                        "letters: `{}` should become ASCII letters or digits, like \"ue\"",
                        letter.escape_debug()
                    ),
                ));
            }
        }
        let conflicts = [
            ("columns", folded_twice(raw.columns.keys())),
            ("criticality", folded_twice(raw.criticality.keys())),
            ("kind", folded_twice(raw.kind.keys())),
            ("hosting", folded_twice(raw.hosting.keys())),
            ("state", folded_twice(raw.state.keys())),
            ("strategy", folded_twice(raw.strategy.keys())),
            ("status", folded_twice(raw.status.keys())),
            ("booleans", folded_twice(raw.booleans.keys())),
            ("via", folded_twice(raw.via.keys())),
            ("servers", folded_twice(raw.servers.keys())),
            ("relations", folded_twice(raw.relations.keys())),
        ];
        for (table, conflict) in conflicts {
            if let Some((first, second)) = conflict {
                diags.push(Diagnostic::error(
                    file,
                    at(&format!("{second:?}")),
                    format!(
                        "{table}: `{}` and `{}` are one key (keys ignore case, spaces, `_` and \
                         `-`); give it once",
                        first.escape_debug(),
                        second.escape_debug()
                    ),
                ));
            }
        }
        if raw.ports.contains_key(&0) {
            diags.push(Diagnostic::error(
                file,
                at("0:"),
                "ports: port 0 is no port; ports run from 1 to 65535",
            ));
        }
        for (server, app) in &raw.servers {
            if app.trim().is_empty() {
                diags.push(Diagnostic::error(
                    file,
                    at(&format!("{server:?}")),
                    format!(
                        "servers: `{}` is given no app; write the app it belongs to",
                        server.escape_debug()
                    ),
                ));
            }
        }
        if !diags.is_empty() {
            return Err(LoadError::Invalid(diags));
        }
        let mut server_apps: Vec<String> = Vec::new();
        let mut servers = BTreeMap::new();
        for (server, app) in raw.servers {
            let app = app.trim().to_string();
            let i = match server_apps.iter().position(|a| *a == app) {
                Some(i) => i,
                None => {
                    server_apps.push(app);
                    server_apps.len() - 1
                }
            };
            servers.insert(server, i);
        }
        Ok(ImportMap {
            source: Some((file.to_string(), text.to_string())),
            columns: raw
                .columns
                .into_iter()
                .map(|(k, v)| (fold(&k), (k, v)))
                .collect(),
            criticality: Table::new(raw.criticality),
            kind: Table::new(raw.kind),
            hosting: Table::new(raw.hosting),
            state: Table::new(raw.state),
            strategy: Table::new(raw.strategy),
            status: Table::new(raw.status),
            booleans: Table::new(raw.booleans),
            via: Table::new(raw.via),
            ids: raw.ids,
            letters: raw.letters,
            servers: Table::new(servers),
            server_apps,
            ports: raw.ports,
            relations: Table::new(raw.relations),
            used: RefCell::default(),
        })
    }

    /// The file's name, for messages.
    pub fn file(&self) -> Option<&str> {
        self.source.as_ref().map(|(f, _)| f.as_str())
    }

    /// The field the map says a column holds (`IGNORE` for none), marking the entry used.
    pub fn column(&self, header: &str) -> Option<&str> {
        let key = fold(header);
        let (_, field) = self.columns.get(&key)?;
        self.used.borrow_mut().insert(key);
        Some(field.as_str())
    }

    /// The place of the `columns` entry for `header` in the mapping file.
    pub fn column_place(&self, header: &str) -> (String, Option<Pos>) {
        let written = self
            .columns
            .get(&fold(header))
            .map(|(w, _)| w.clone())
            .unwrap_or_else(|| header.to_string());
        match &self.source {
            Some((file, text)) => (file.clone(), find(text, &format!("{written:?}"))),
            None => (String::new(), None),
        }
    }

    /// Warnings for `columns` entries that no file of the import had: a misspelt column name
    /// would otherwise be ignored without a word.
    pub fn unused_columns(&self) -> Vec<Diagnostic> {
        let Some((file, text)) = &self.source else {
            return Vec::new();
        };
        let used = self.used.borrow();
        let mut unused: Vec<&(String, String)> = self
            .columns
            .iter()
            .filter(|(k, _)| !used.contains(*k))
            .map(|(_, v)| v)
            .collect();
        unused.sort();
        unused
            .into_iter()
            .map(|(written, _)| {
                Diagnostic::warning(
                    file,
                    find(text, &format!("{written:?}")),
                    format!(
                        "columns: no file of the import has a column `{}`; is it spelt as in the \
                         export's header row?",
                        written.escape_debug()
                    ),
                )
            })
            .collect()
    }

    /// A yes/no cell: the map's words first, then the built-in ones (`parse_bool`, and yes/no
    /// in a few languages).
    pub fn boolean(&self, text: &str) -> Result<bool, String> {
        if let Some(b) = self.booleans.get(text) {
            return Ok(b);
        }
        super::parse_bool(text).or_else(|e| {
            let folded = fold(text);
            if YES.contains(&folded.as_str()) {
                Ok(true)
            } else if NO.contains(&folded.as_str()) {
                Ok(false)
            } else {
                Err(format!(
                    "{e}, or name the word in the mapping file's `booleans` table \
                     (booleans: {{\"{}\": true}})",
                    text.escape_debug()
                ))
            }
        })
    }

    /// A status or lifecycle that means a strategy: the map's `status` table, then the built-in
    /// one (retired, decommissioned, deprecated, end of life → Retire).
    pub fn status_strategy(&self, text: &str) -> Option<Strategy> {
        self.status.get(text).or_else(|| {
            RETIRED
                .contains(&fold(text).as_str())
                .then_some(Strategy::Retire)
        })
    }
}

/// Yes and no in the languages CMDB exports come in most.
const YES: [&str; 11] = [
    "ja", "oui", "si", "sí", "sim", "wahr", "vrai", "tak", "ano", "da", "x",
];
const NO: [&str; 10] = [
    "nein", "non", "não", "nao", "falsch", "faux", "nie", "ne", "nej", "nee",
];

/// Statuses and lifecycles (folded) that mean the app is on its way out: strategy Retire.
const RETIRED: [&str; 7] = [
    "retired",
    "deprecated",
    "decommissioned",
    "endoflife",
    "eol",
    "disposed",
    "retire",
];

/// The place of the first `needle` in `text`.
fn find(text: &str, needle: &str) -> Option<Pos> {
    let at = text.find(needle)?;
    Some(crate::load::locate::LineIndex::new(text).pos(at))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_a_map() {
        let map = ImportMap::parse(
            "Map(columns: {\"Support group\": \"owner\"}, criticality: {\"Tier 1\": Critical}, \
             booleans: {\"Jawohl\": true}, status: {\"Sunset\": Retire}, ids: Keep, \
             letters: {\"ü\": \"ue\"}, servers: {\"SQL01\": \"orders\", \"WEB01\": \"orders\"}, \
             ports: {22: Noise, 8443: Http}, relations: {\"Uses::Used by\": Depends})",
            "map.ron",
        )
        .unwrap();
        assert_eq!(map.column("support_group"), Some("owner"));
        assert_eq!(map.criticality.get("tier-1"), Some(Criticality::Critical));
        assert_eq!(map.boolean("JAWOHL"), Ok(true));
        assert_eq!(map.boolean("nein"), Ok(false));
        assert!(map.boolean("vielleicht").unwrap_err().contains("booleans"));
        assert_eq!(map.status_strategy("sunset"), Some(Strategy::Retire));
        assert_eq!(map.status_strategy("End of Life"), Some(Strategy::Retire));
        assert_eq!(map.status_strategy("Active"), None);
        assert_eq!(map.servers.get("sql01"), Some(0));
        assert_eq!(map.server_apps, vec!["orders"]);
        assert_eq!(map.ports[&22], PortUse::Noise);
        assert_eq!(map.relations.get("uses::used by"), Some(Relation::Depends));
        assert!(map.unused_columns().is_empty());
    }

    #[test]
    fn problems_are_placed() {
        let e = ImportMap::parse("Map(\n  colums: {},\n)", "map.ron").unwrap_err();
        assert!(e.to_string().starts_with("error: map.ron:2:3: "), "{e}");
        let e = ImportMap::parse("Map(criticality: {\"x\": Hgh})", "map.ron").unwrap_err();
        assert!(e.to_string().contains("map.ron:1:"), "{e}");
        let e = ImportMap::parse("Map(letters: {\"ab\": \"x\"})", "map.ron").unwrap_err();
        assert!(e.to_string().contains("one letter outside ASCII"), "{e}");
        assert_eq!(ImportMap::parse("", "map.ron").unwrap_err().exit_code(), 2);
        let map = ImportMap::parse("Map(columns: {\"Owner grp\": \"owner\"})", "m.ron").unwrap();
        let w = map.unused_columns();
        assert_eq!(
            w[0].to_string(),
            "warning: m.ron:1:15: columns: no file of the import has a column `Owner grp`; is \
             it spelt as in the export's header row?"
        );
    }

    #[test]
    fn a_key_given_twice_is_refused_not_a_value_lost() {
        // The same key twice, and two that are one once case, spaces, `_` and `-` are ignored.
        let e = ImportMap::parse(
            "Map(criticality: {\"Tier 1\": Low, \"Tier 1\": Critical})",
            "m.ron",
        )
        .unwrap_err();
        assert!(
            e.to_string().contains("the key \"Tier 1\" is given twice"),
            "{e}"
        );
        let e = ImportMap::parse(
            "Map(\n  criticality: {\"Tier 1\": Critical, \"tier-1\": Low},\n)",
            "m.ron",
        )
        .unwrap_err();
        assert_eq!(
            e.to_string(),
            "error: m.ron:2:37: criticality: `Tier 1` and `tier-1` are one key (keys ignore \
             case, spaces, `_` and `-`); give it once"
        );
        let e = ImportMap::parse(
            "Map(columns: {\"crit\": \"criticality\", \"CRIT\": \"owner\"})",
            "m.ron",
        )
        .unwrap_err();
        assert!(
            e.to_string()
                .contains("columns: `CRIT` and `crit` are one key"),
            "{e}"
        );
        let e = ImportMap::parse("Map(ports: {443: Http, 443: Rpc})", "m.ron").unwrap_err();
        assert!(e.to_string().contains("the key 443 is given twice"), "{e}");
    }
}

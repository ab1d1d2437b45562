//! The relationship table (`cmdb_rel_ci`: parent, type, child): dependencies between the
//! apps, and the servers and parts that fold into them.

use std::collections::{BTreeMap, HashMap, HashSet};

use crate::diagnostic::Diagnostic;
use crate::import::map::{ImportMap, Relation, fold};
use crate::import::summary::{Count, Summary};
use crate::import::table::{Column, Found, Input, Rules, check_width, read_table};
use crate::import::{Note, listed};
use crate::model::{App, Dep, Kind, Via};

use super::Ci;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum RelField {
    Parent,
    ParentName,
    Type,
    TypeName,
    Child,
    ChildName,
}

const REL_COLUMNS: [Column<RelField>; 6] = [
    Column {
        key: "parent",
        aliases: &["parent.sys_id"],
        field: RelField::Parent,
    },
    Column {
        key: "parent_name",
        aliases: &["dv_parent", "parent.name"],
        field: RelField::ParentName,
    },
    Column {
        key: "type",
        aliases: &["relationship_type", "type.sys_id"],
        field: RelField::Type,
    },
    Column {
        key: "type_name",
        aliases: &["dv_type", "type.name"],
        field: RelField::TypeName,
    },
    Column {
        key: "child",
        aliases: &["child.sys_id"],
        field: RelField::Child,
    },
    Column {
        key: "child_name",
        aliases: &["dv_child", "child.name"],
        field: RelField::ChildName,
    },
];

/// The CIs of the export and of the relationships, and what the relationships say of them.
pub struct Graph {
    /// How many nodes are CIs of the export (the first ones); the others are named only by
    /// relationships (servers, mostly).
    items: usize,
    labels: Vec<String>,
    by_sys_id: HashMap<String, usize>,
    by_name: HashMap<String, usize>,
    /// For each node, the nodes it folds into and the relationship's first descriptor.
    parents: Vec<Vec<(usize, String)>>,
    /// (parent, child) of every dependency.
    deps: Vec<(usize, usize)>,
    /// Dropped relationships by why.
    dropped: BTreeMap<String, usize>,
}

/// A CI's name as relationships are matched to it: without case or surrounding spaces.
fn name_key(text: &str) -> String {
    text.trim().to_lowercase()
}

/// Whether `text` looks like a sys_id: 32 hexadecimal digits.
fn is_sys_id(text: &str) -> bool {
    text.len() == 32 && text.bytes().all(|b| b.is_ascii_hexdigit())
}

impl Graph {
    pub fn new(items: &[Ci]) -> Graph {
        let mut g = Graph {
            items: items.len(),
            labels: Vec::with_capacity(items.len()),
            by_sys_id: HashMap::new(),
            by_name: HashMap::new(),
            parents: vec![Vec::new(); items.len()],
            deps: Vec::new(),
            dropped: BTreeMap::new(),
        };
        for (i, ci) in items.iter().enumerate() {
            g.labels.push(ci.app.display_name().to_string());
            if let Some(s) = &ci.sys_id {
                g.by_sys_id.insert(s.to_ascii_lowercase(), i);
            }
            g.by_name
                .entry(name_key(ci.app.display_name()))
                .or_insert(i);
            g.by_name.entry(name_key(&ci.app.id)).or_insert(i);
        }
        g
    }

    /// The node a relationship end names (a sys_id, else a name); a new node for a CI that is
    /// not in the export.
    fn node(&mut self, id: &str, name: &str) -> Option<usize> {
        let id = id.trim();
        let name = name.trim();
        if !id.is_empty()
            && let Some(&n) = self.by_sys_id.get(&id.to_ascii_lowercase())
        {
            return Some(n);
        }
        for text in [name, id] {
            if !text.is_empty()
                && let Some(&n) = self.by_name.get(&name_key(text))
            {
                return Some(n);
            }
        }
        let label = if name.is_empty() { id } else { name };
        if label.is_empty() {
            return None;
        }
        let n = self.labels.len();
        self.labels.push(label.to_string());
        self.parents.push(Vec::new());
        if is_sys_id(id) {
            self.by_sys_id.insert(id.to_ascii_lowercase(), n);
        }
        if !name.is_empty() || !is_sys_id(id) {
            self.by_name.insert(name_key(label), n);
        }
        Some(n)
    }

    fn drop_one(&mut self, why: &str) {
        *self.dropped.entry(why.to_string()).or_default() += 1;
    }

    /// The app (CI of the export) each node folds into, if any: a node folds into the one app
    /// its parents lead to; a node whose parents lead to several apps is shared and folds into
    /// none.
    fn roots(&self) -> (Vec<Option<usize>>, Vec<bool>) {
        let n = self.labels.len();
        let mut root: Vec<Option<Option<usize>>> = vec![None; n];
        let mut shared = vec![false; n];
        for start in 0..n {
            // Walk up, one parent at a time; a node on the walk already is a cycle.
            let mut path = Vec::new();
            let mut on_path = HashSet::new();
            let mut at = start;
            let found = loop {
                if let Some(r) = root[at] {
                    break r;
                }
                if !on_path.insert(at) {
                    break (at < self.items).then_some(at);
                }
                path.push(at);
                let mut ups: Vec<usize> = self.parents[at].iter().map(|&(p, _)| p).collect();
                ups.sort_unstable();
                ups.dedup();
                // Parents outside the export lead nowhere unless they fold into an app.
                let leading: Vec<usize> = ups
                    .into_iter()
                    .filter(|&p| p < self.items || !self.parents[p].is_empty())
                    .collect();
                match leading.as_slice() {
                    [] => break (at < self.items).then_some(at),
                    [one] => at = *one,
                    _ => {
                        shared[at] = true;
                        break (at < self.items).then_some(at);
                    }
                }
            };
            for p in path {
                root[p] = Some(found);
            }
        }
        (root.into_iter().map(Option::flatten).collect(), shared)
    }

    /// The apps: each CI of the export that folds into no other, with what folds into it, and
    /// its dependencies.
    pub fn finish(
        mut self,
        items: Vec<Ci>,
        notes: &mut Vec<Note>,
        summary: &mut Summary,
        file: &str,
    ) -> Vec<App> {
        let (root, shared) = self.roots();
        let mut index = vec![usize::MAX; items.len()];
        let mut kept = 0;
        for (i, slot) in index.iter_mut().enumerate() {
            if root[i] == Some(i) || root[i].is_none() {
                *slot = kept;
                kept += 1;
            }
        }
        let mut out: Vec<App> = Vec::with_capacity(kept);
        let mut folded_items: BTreeMap<String, usize> = BTreeMap::new();
        let mut merged: Vec<(usize, App)> = Vec::new();
        for (i, ci) in items.into_iter().enumerate() {
            if index[i] != usize::MAX {
                out.push(ci.app);
            } else if let Some(r) = root[i] {
                let why = self.parents[i]
                    .first()
                    .map(|(_, w)| w.clone())
                    .unwrap_or_default();
                *folded_items
                    .entry(format!("{} ({why})", ci.class))
                    .or_default() += 1;
                merged.push((r, ci.app));
            }
        }
        for (r, app) in merged {
            let target = &mut out[index[r]];
            merge(target, app);
        }
        let mut folded_servers: BTreeMap<String, usize> = BTreeMap::new();
        for (r, parents) in root.iter().zip(&self.parents).skip(self.items) {
            if r.is_some()
                && let Some((_, why)) = parents.first()
            {
                *folded_servers.entry(why.clone()).or_default() += 1;
            }
        }
        summary.folded(
            Count::new(
                folded_items.values().sum(),
                "configuration item of the export",
                "configuration items of the export",
            )
            .by(folded_items),
        );
        summary.folded(
            Count::new(
                folded_servers.values().sum(),
                "CI named only by relationships (servers, parts)",
                "CIs named only by relationships (servers, parts)",
            )
            .by(folded_servers),
        );
        let shared_names: Vec<String> = (0..self.labels.len())
            .filter(|&n| shared[n])
            .map(|n| self.labels[n].clone())
            .collect();
        if !shared_names.is_empty() {
            notes.push(Note::new(
                file,
                None,
                format!(
                    "{} to several apps and fold into none (dependencies on them are left \
                     out): {}",
                    crate::import::counted(shared_names.len(), "CI belongs", "CIs belong"),
                    listed(&shared_names)
                ),
            ));
        }
        let app_of = |n: usize| root[n].map(|r| index[r]).filter(|&i| i != usize::MAX);
        let mut seen: HashSet<(usize, usize, Via)> = HashSet::new();
        let deps = std::mem::take(&mut self.deps);
        for (p, c) in deps {
            let (Some(from), Some(to)) = (app_of(p), app_of(c)) else {
                let why = if shared[p] || shared[c] {
                    "on a CI shared by several apps"
                } else {
                    "with an end that is no app of the export"
                };
                self.drop_one(why);
                continue;
            };
            if from == to {
                self.drop_one("inside one app");
                continue;
            }
            let via = match out[to].kind {
                Kind::Database => Via::Database,
                Kind::Queue => Via::Queue,
                Kind::Storage => Via::File,
                _ => Via::Http,
            };
            if !seen.insert((from, to, via)) {
                self.drop_one("given twice");
                continue;
            }
            let to_id = out[to].id.clone();
            out[from].depends_on.push(Dep::new(to_id, via));
        }
        let dropped = std::mem::take(&mut self.dropped);
        summary.dropped(
            Count::new(dropped.values().sum(), "relationship", "relationships").by(dropped),
        );
        out
    }
}

/// Fold `part` into `app`: its state, data, criticality, legacy flag and tags join the app's.
fn merge(app: &mut App, part: App) {
    app.state = app.state.max(part.state);
    app.data_gb += part.data_gb;
    app.criticality = app.criticality.max(part.criticality);
    app.legacy |= part.legacy;
    for tag in part.tags {
        if !app.tags.contains(&tag) {
            app.tags.push(tag);
        }
    }
    if app.owner.is_none() {
        app.owner = part.owner;
    }
}

/// What a relationship type means: the mapping file's `relations` table (the whole type or
/// its first descriptor), else the built-in meanings.
fn relation(map: &ImportMap, kind: &str) -> Option<Relation> {
    let first = kind.split("::").next().unwrap_or(kind);
    if let Some(r) = map.relations.get(kind).or_else(|| map.relations.get(first)) {
        return Some(r);
    }
    match fold(first).as_str() {
        "dependson" | "sendsdatato" => Some(Relation::Depends),
        "runson" | "hostedon" | "contains" => Some(Relation::Folds),
        _ => None,
    }
}

/// Read the relationships into `graph`.
pub fn read(input: Input, map: &ImportMap, graph: &mut Graph, complete: bool, found: Found) {
    let Found {
        diags,
        notes,
        summary,
        unreadable,
    } = found;
    let Some(table) = read_table(
        input,
        &REL_COLUMNS,
        Rules {
            required: &[
                &["parent", "parent_name"],
                &["child", "child_name"],
                &["type", "type_name"],
            ],
            strict: false,
            refused: &[],
            named: &[],
        },
        map,
        Found {
            diags,
            notes,
            summary,
            unreadable,
        },
    ) else {
        return;
    };
    let file = input.file;
    let mut types: BTreeMap<String, usize> = BTreeMap::new();
    let mut other: BTreeMap<String, usize> = BTreeMap::new();
    let mut sys_id_types = Vec::new();
    for row in &table.rows {
        if !check_width(row, table.columns.len(), file, diags) {
            continue;
        }
        let cell = |f: RelField| {
            table
                .col(f)
                .and_then(|c| row.cells.get(c))
                .map(String::as_str)
                .unwrap_or_default()
        };
        let kind = [cell(RelField::TypeName), cell(RelField::Type)]
            .into_iter()
            .find(|t| !t.is_empty())
            .unwrap_or_default();
        *types.entry(kind.to_string()).or_default() += 1;
        let Some(relation) = relation(map, kind) else {
            if is_sys_id(kind) {
                sys_id_types.push(row.line);
                *other
                    .entry("types given as sys_ids".to_string())
                    .or_default() += 1;
            } else {
                *other.entry(format!("type {kind}")).or_default() += 1;
            }
            continue;
        };
        if relation == Relation::Ignore {
            *other
                .entry(format!("type {kind} (mapped to Ignore)"))
                .or_default() += 1;
            continue;
        }
        let parent = graph.node(cell(RelField::Parent), cell(RelField::ParentName));
        let child = graph.node(cell(RelField::Child), cell(RelField::ChildName));
        let (Some(parent), Some(child)) = (parent, child) else {
            graph.drop_one("with an empty end");
            continue;
        };
        if parent == child {
            graph.drop_one("from a CI to itself");
            continue;
        }
        match relation {
            Relation::Depends => graph.deps.push((parent, child)),
            Relation::Folds => {
                let first = kind.split("::").next().unwrap_or(kind).trim().to_string();
                graph.parents[child].push((parent, first));
            }
            Relation::Ignore => {}
        }
    }
    summary.read(
        Count::new(table.rows.len(), "relationship", "relationships").by(types.into_iter().map(
            |(k, n)| {
                (
                    if k.is_empty() {
                        "no type".to_string()
                    } else {
                        k
                    },
                    n,
                )
            },
        )),
    );
    summary.dropped(Count::new(other.values().sum(), "relationship", "relationships").by(other));
    if let Some(&line) = sys_id_types.first()
        && complete
    {
        diags.push(Diagnostic::warning(
            file,
            table
                .col(RelField::Type)
                .and_then(|c| crate::diagnostic::Pos { line, col: c + 1 }.into()),
            format!(
                "{} relationships give their type as a sys_id, which waveplan cannot read; \
                 export the list with display values (`Depends on::Used by`), or name each \
                 type's meaning in the mapping file (relations: {{\"<sys_id>\": Depends}})",
                sys_id_types.len()
            ),
        ));
    }
}

//! `import backstage`: a Backstage software catalog (multi-document YAML) as a portfolio.
//! Components and Resources become apps; `dependsOn`, `dependencyOf` and `consumesApis`
//! (through the component that provides the API) become dependencies.
//!
//! Choices an architect should know about, each reported as a note when it applies:
//! - A Component of type `library` is skipped: it is built into the components that use it and
//!   does not move by itself, so dependencies on it are left out.
//! - Lifecycle `deprecated` means strategy Retire: a deprecated component is on its way out and
//!   should not be moved; everything that still needs it keeps a hybrid link until it is gone.
//!   Lifecycle `experimental` means criticality Low: nothing of the business depends on it yet.
//! - A Kubernetes annotation (`backstage.io/kubernetes-id`, ...) means hosting Container.
//! - Annotations `waveplan.io/<field>` (kind, hosting, strategy, state, criticality, data-gb,
//!   legacy) set what a catalog cannot say; they win over everything inferred.
//! - Entity names that are not waveplan ids are repaired (`repair_id`); names used by two
//!   imported entities (a Component and a Resource, or two namespaces) are qualified with the
//!   kind and namespace (`resource.orders`). The original name stays the app's display name.

mod entity;
mod files;
mod yaml;

use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::PathBuf;

use crate::diagnostic::{Diagnostic, Pos};
use crate::load::LoadError;
use crate::model::validate::{SUGGESTION_BUDGET, is_valid_id, suggest, suggest_within};
use crate::model::{App, Criticality, Dep, Hosting, Portfolio, Via};

use super::map::ImportMap;
use super::summary::Count;
use super::{
    Imported, Note, Summary, conclude, counted, listed, parse_bool, parse_data_gb, parse_value,
    repair_id,
};
use entity::{Entity, RefKey, Shape};
use yaml::Document;

/// Annotations that say the component runs on Kubernetes already.
const KUBERNETES_ANNOTATIONS: [&str; 3] = [
    "backstage.io/kubernetes-id",
    "backstage.io/kubernetes-label-selector",
    "backstage.io/kubernetes-namespace",
];

/// The prefix of the annotations that set portfolio fields.
const ANNOTATION_PREFIX: &str = "waveplan.io/";

/// The portfolio fields an annotation may set.
const ANNOTATION_FIELDS: [&str; 7] = [
    "kind",
    "hosting",
    "strategy",
    "state",
    "criticality",
    "data-gb",
    "legacy",
];

/// The largest catalog the import reads. Real catalogs are a few megabytes (a Backstage
/// entity is about 500 bytes); parsing YAML takes far more time and memory than its size.
pub const MAX_CATALOG_BYTES: u64 = 64 * 1024 * 1024;

/// Build a portfolio named `name` from the catalog `text` read from `file` (Location targets
/// are not followed: see `import_paths`).
pub fn import(text: &str, file: &str, name: &str) -> Result<Imported, LoadError> {
    let mut reading = Reading::default();
    reading.add(file, text)?;
    reading.finish(name, &ImportMap::default())
}

/// Build a portfolio named `name` from catalog files and folders (every catalog-info.yaml
/// under a folder), following the targets of Location entities relative to their file.
pub fn import_paths(paths: &[PathBuf], name: &str, map: &ImportMap) -> Result<Imported, LoadError> {
    let mut reading = Reading::default();
    files::read_all(paths, &mut reading)?;
    reading.finish(name, map)
}

/// The catalog files read so far: their documents and entities.
#[derive(Default)]
pub(crate) struct Reading {
    files: Vec<String>,
    docs: Vec<Document>,
    /// The file of each document.
    doc_file: Vec<usize>,
    entities: Vec<(usize, Entity)>,
    diags: Vec<Diagnostic>,
    notes: Vec<Note>,
    unreadable: bool,
    bytes: u64,
}

impl Reading {
    /// Read one file's text: its documents and entities. The Location entities it holds are
    /// among `entities` (see `locations_from`).
    pub(crate) fn add(&mut self, file: &str, text: &str) -> Result<(), LoadError> {
        self.bytes += text.len() as u64;
        if self.bytes > MAX_CATALOG_BYTES {
            return Err(LoadError::Unreadable(vec![Diagnostic::error(
                file,
                None,
                format!(
                    "the catalogs come to more than {} MB; waveplan imports catalogs up to {}                      MB in all",
                    self.bytes / (1024 * 1024),
                    MAX_CATALOG_BYTES / (1024 * 1024)
                ),
            )]));
        }
        let docs = yaml::split(text);
        if docs.is_empty() {
            if self.files.is_empty() {
                return Err(LoadError::Unreadable(vec![Diagnostic::error(
                    file,
                    Some(Pos { line: 1, col: 1 }),
                    "the file holds no YAML documents; a catalog holds entities (Component, \
                     Resource, ...) separated by `---` lines",
                )]));
            }
            self.notes
                .push(Note::new(file, None, "the file holds no YAML documents"));
        }
        self.files.push(file.to_string());
        let f = self.files.len() - 1;
        for doc in docs {
            let d = self.docs.len();
            let value = doc.parse(file);
            self.docs.push(doc);
            self.doc_file.push(f);
            let value = match value {
                Ok(v) => v,
                Err(diag) => {
                    self.diags.push(diag);
                    self.unreadable = true;
                    continue;
                }
            };
            match entity::read(&value) {
                Ok(Some(e)) => self.entities.push((d, e)),
                Ok(None) => {}
                Err(problems) => {
                    for p in problems {
                        let pos = self.docs[d].place(&p.near);
                        self.diags
                            .push(Diagnostic::error(file, Some(pos), p.message));
                    }
                }
            }
        }
        Ok(())
    }

    fn finish(self, name: &str, map: &ImportMap) -> Result<Imported, LoadError> {
        let files: Vec<&str> = self.files.iter().map(String::as_str).collect();
        let mut summary = Summary::new(&files);
        if self.files.len() > 1 {
            summary.read(Count::new(self.files.len(), "file", "files"));
        }
        summary.read(
            Count::new(self.entities.len(), "entity", "entities")
                .by(self.entities.iter().map(|(_, e)| (e.kind.clone(), 1))),
        );
        let mut catalog = Catalog {
            files: &self.files,
            docs: &self.docs,
            doc_file: &self.doc_file,
            map,
            entities: self.entities,
            diags: self.diags,
            notes: self.notes,
            complete: true,
            budget: SUGGESTION_BUDGET,
            summary,
        };
        catalog.complete = catalog.diags.is_empty();
        let portfolio = catalog.build(name);
        let Catalog {
            diags,
            notes,
            summary,
            ..
        } = catalog;
        conclude(
            portfolio,
            diags,
            notes,
            self.unreadable,
            &self.files[0],
            summary,
        )
    }
}

/// The catalog being imported and what was found on the way.
struct Catalog<'a> {
    files: &'a [String],
    docs: &'a [Document],
    doc_file: &'a [usize],
    map: &'a ImportMap,
    summary: Summary,
    /// Each entity with the number of its document.
    entities: Vec<(usize, Entity)>,
    diags: Vec<Diagnostic>,
    notes: Vec<Note>,
    /// Whether every document could be read: when not, a reference to an unknown entity may name
    /// one that could not be read, and is not reported.
    complete: bool,
    /// What is left of the suggestions' budget (`suggest_within`).
    budget: usize,
}

/// The role of an entity in the import.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Role {
    /// Becomes the app with this index.
    App(usize),
    /// A library component: skipped.
    Library,
    /// A part of another entity (`subcomponentOf`): folds into it.
    Folded(usize),
    /// Another kind: skipped.
    Other,
}

/// Where a reference leads.
enum Target {
    Entity(usize),
    Unknown,
}

impl<'a> Catalog<'a> {
    fn pos_of(&self, entity: usize, near: &str) -> Pos {
        self.docs[self.entities[entity].0].place(near)
    }

    /// The file an entity is in.
    fn file_of(&self, entity: usize) -> &'a str {
        &self.files[self.doc_file[self.entities[entity].0]]
    }

    /// Warn about a reference that leads nowhere (when every document could be read).
    fn warn(&mut self, entity: usize, near: &str, message: String) {
        if !self.complete {
            return;
        }
        let pos = self.pos_of(entity, near);
        let file = self.file_of(entity);
        self.diags
            .push(Diagnostic::warning(file, Some(pos), message));
    }

    fn note(&mut self, message: String) {
        self.notes.push(Note::new(&self.files[0], None, message));
    }

    fn build(&mut self, name: &str) -> Portfolio {
        let index = self.index();
        let (roles, shapes) = self.roles(&index);
        let mut apps = self.apps(&roles, &shapes);
        let providers = self.providers(&index, &roles);
        let mut left_out: Vec<String> = Vec::new();
        let mut edges: Vec<(usize, usize, Via)> = Vec::new();
        for e in 0..self.entities.len() {
            let Some(from) = app_of(&roles, e) else {
                continue;
            };
            let entity = self.entities[e].1.clone();
            for text in &entity.depends_on {
                match self.resolve(text, &entity.namespace, &["component", "resource"], &index) {
                    Target::Entity(t) => match app_of(&roles, t) {
                        Some(to) => edges.push((from, to, shapes[t].via)),
                        _ => left_out.push(format!("{} → {}", entity.name, text.trim())),
                    },
                    Target::Unknown => self.unknown(e, text, "dependsOn", &index),
                }
            }
            for text in &entity.dependency_of {
                match self.resolve(text, &entity.namespace, &["component", "resource"], &index) {
                    Target::Entity(t) => match app_of(&roles, t) {
                        Some(dependent) => edges.push((dependent, from, shapes[e].via)),
                        _ => left_out.push(format!("{} → {}", text.trim(), entity.name)),
                    },
                    Target::Unknown => self.unknown(e, text, "dependencyOf", &index),
                }
            }
            for text in &entity.consumes_apis {
                let api = match self.resolve(text, &entity.namespace, &["api"], &index) {
                    Target::Entity(a) => Some(a),
                    Target::Unknown => None,
                };
                // A Component (or Resource) named where an API belongs: what is meant is a
                // dependency on it.
                let named = match api {
                    Some(a) if self.entities[a].1.kind_lower() != "api" => Some(a),
                    Some(_) => None,
                    None => match self.resolve(
                        text,
                        &entity.namespace,
                        &["component", "resource"],
                        &index,
                    ) {
                        Target::Entity(t) => Some(t),
                        Target::Unknown => None,
                    },
                };
                if let Some(t) = named {
                    if let Some(to) = app_of(&roles, t) {
                        edges.push((from, to, shapes[t].via));
                    }
                    let what = self.entities[t].1.kind.clone();
                    let pos = self.pos_of(e, text.trim());
                    let message = format!(
                        "`{}` lists `{}` in `consumesApis`, but that is a {what}, not an API; it \
                         is taken as a dependency on it (list it in `dependsOn` to say so)",
                        entity.name.escape_debug(),
                        text.trim().escape_debug()
                    );
                    let file = self.file_of(e);
                    self.notes.push(Note::new(file, Some(pos), message));
                    continue;
                }
                let key = api_key(text, &entity.namespace);
                let found: Vec<usize> = key
                    .and_then(|k| providers.get(&k))
                    .cloned()
                    .unwrap_or_default();
                let via =
                    entity::api_via(api.and_then(|a| self.entities[a].1.spec_type.as_deref()));
                if found.is_empty() {
                    self.summary.dropped(
                        Count::new(1, "dependency", "dependencies")
                            .by([("on APIs no component provides", 1)]),
                    );
                    let why = if api.is_some() {
                        "no component in the catalog lists it in `providesApis`"
                    } else {
                        "it is not in the catalog and no component lists it in `providesApis`"
                    };
                    self.warn(
                        e,
                        text.trim(),
                        format!(
                            "`{}` consumes API `{}`, but {why}; the dependency is left out",
                            entity.name.escape_debug(),
                            text.trim().escape_debug()
                        ),
                    );
                }
                for p in found {
                    match app_of(&roles, p) {
                        Some(to) => edges.push((from, to, via)),
                        _ => left_out.push(format!(
                            "{} → {} (API {})",
                            entity.name,
                            self.entities[p].1.reference(),
                            text.trim()
                        )),
                    }
                }
            }
        }
        let mut seen: HashSet<(usize, usize, Via)> = HashSet::new();
        for (from, to, via) in edges {
            if from == to {
                // A component that consumes its own API, or names itself.
                continue;
            }
            if seen.insert((from, to, via)) {
                let to_id = apps[to].id.clone();
                apps[from].depends_on.push(Dep::new(to_id, via));
            }
        }
        self.summary.dropped(
            Count::new(left_out.len(), "dependency", "dependencies")
                .by([("on entities that are not apps", left_out.len())]),
        );
        if !left_out.is_empty() {
            self.note(format!(
                "left out {} on entities that are not apps (libraries, APIs, systems): {}",
                counted(left_out.len(), "dependency", "dependencies"),
                listed(&left_out)
            ));
        }
        Portfolio {
            name: name.to_string(),
            apps,
        }
    }

    /// Each entity by its key; a key given twice is an error and the second entity is dropped.
    fn index(&mut self) -> HashMap<RefKey, usize> {
        let mut index: HashMap<RefKey, usize> = HashMap::new();
        let mut twice = Vec::new();
        for (e, (_, entity)) in self.entities.iter().enumerate() {
            if let Some(&first) = index.get(&entity.key()) {
                twice.push((e, first));
            } else {
                index.insert(entity.key(), e);
            }
        }
        for (e, first) in twice {
            let line = self.pos_of(first, "").line;
            let entity = &self.entities[e].1;
            let message = format!(
                "`{}` is defined twice (the first is on line {line}); an entity's kind, \
                 namespace and name must be unique",
                entity.reference().escape_debug()
            );
            let name = entity.name.clone();
            let pos = self.pos_of(e, &name);
            let file = self.file_of(e);
            self.diags.push(Diagnostic::error(file, Some(pos), message));
        }
        index
    }

    /// What each entity becomes, and its shape; skipped kinds are noted.
    fn roles(&mut self, index: &HashMap<RefKey, usize>) -> (Vec<Role>, Vec<Shape>) {
        let mut roles = Vec::with_capacity(self.entities.len());
        let mut shapes = Vec::with_capacity(self.entities.len());
        let mut skipped: BTreeMap<String, usize> = BTreeMap::new();
        let mut libraries = Vec::new();
        let mut unknown_types: BTreeMap<String, Vec<String>> = BTreeMap::new();
        let mut apps = 0;
        for (e, (_, entity)) in self.entities.iter().enumerate() {
            let duplicate = index.get(&entity.key()) != Some(&e);
            let spec_type = entity.spec_type.as_deref();
            let shape = match entity.kind_lower().as_str() {
                _ if duplicate => None,
                "component" => {
                    let shape = entity::component_shape(spec_type);
                    if shape.is_none() {
                        libraries.push(entity.name.clone());
                    }
                    shape
                }
                "resource" => Some(entity::resource_shape(spec_type)),
                _ => {
                    *skipped.entry(entity.kind.clone()).or_default() += 1;
                    None
                }
            };
            if shape.is_some_and(|s| !s.known) {
                unknown_types
                    .entry(format!(
                        "{} type `{}`",
                        entity.kind.escape_debug(),
                        spec_type.unwrap_or("").escape_debug()
                    ))
                    .or_default()
                    .push(entity.name.clone());
            }
            shapes.push(shape.unwrap_or(entity::SERVICE));
            roles.push(match shape {
                // Numbered below, once the parts are folded.
                Some(_) => Role::App(0),
                None if entity.kind_lower() == "component" && !duplicate => Role::Library,
                None => Role::Other,
            });
        }
        // A component that is part of another folds into it.
        let mut parts = Vec::new();
        for e in 0..self.entities.len() {
            let entity = self.entities[e].1.clone();
            let (Role::App(_), Some(parent)) = (roles[e], entity.subcomponent_of.as_deref()) else {
                continue;
            };
            match self.resolve(parent, &entity.namespace, &["component"], index) {
                Target::Entity(p) if p != e && matches!(roles[p], Role::App(_)) => {
                    roles[e] = Role::Folded(p);
                    parts.push(format!("{} into {}", entity.name, self.entities[p].1.name));
                }
                _ => {
                    let message = format!(
                        "`{}` is a subcomponent of `{}`, which is not a component of the \
                         catalog; it is imported as an app of its own",
                        entity.name.escape_debug(),
                        parent.escape_debug()
                    );
                    self.warn(e, parent, message);
                }
            }
        }
        // A cycle of parts folds nowhere: its first member stays an app.
        for e in 0..roles.len() {
            let mut at = e;
            let mut steps = 0;
            while let Role::Folded(p) = roles[at] {
                at = p;
                steps += 1;
                if steps > roles.len() {
                    roles[e] = Role::App(0);
                    break;
                }
            }
        }
        for role in roles.iter_mut() {
            if let Role::App(i) = role {
                *i = apps;
                apps += 1;
            }
        }
        self.summary.folded(
            Count::new(parts.len(), "subcomponent", "subcomponents")
                .by([("into its parent component", parts.len())]),
        );
        if !parts.is_empty() {
            self.note(format!(
                "{} into {} (subcomponentOf): {}",
                counted(parts.len(), "component folds", "components fold"),
                if parts.len() == 1 {
                    "its parent"
                } else {
                    "their parents"
                },
                listed(&parts)
            ));
        }
        self.summary.dropped(Count::new(
            libraries.len(),
            "library component",
            "library components",
        ));
        self.summary.dropped(
            Count::new(
                skipped.values().sum(),
                "entity of another kind",
                "entities of other kinds",
            )
            .by(skipped.iter().map(|(k, n)| (k.clone(), *n))),
        );
        self.spec_notes();
        if !skipped.is_empty() {
            let kinds: Vec<String> = skipped
                .iter()
                .map(|(k, n)| format!("{n} {}", k.escape_debug()))
                .collect();
            self.note(format!(
                "skipped {} that {} not Components or Resources: {}",
                counted(skipped.values().sum(), "entity", "entities"),
                if skipped.values().sum::<usize>() == 1 {
                    "is"
                } else {
                    "are"
                },
                kinds.join(", ")
            ));
        }
        if !libraries.is_empty() {
            self.note(format!(
                "skipped {} (built into their users, a library does not move by itself): {}",
                counted(libraries.len(), "library component", "library components"),
                listed(&libraries)
            ));
        }
        for (what, names) in unknown_types {
            self.note(format!(
                "{what} is not a type waveplan knows; imported as a stateless Service: {}",
                listed(&names)
            ));
        }
        (roles, shapes)
    }

    /// A note for every `spec` key Backstage does not define for the entity's kind (a
    /// misspelt `consumesApi` would otherwise drop every dependency it lists), and one for the
    /// old `implementsApis`.
    fn spec_notes(&mut self) {
        let mut old = Vec::new();
        for e in 0..self.entities.len() {
            let entity = &self.entities[e].1;
            let Some(known) = entity::spec_keys_of(&entity.kind_lower()) else {
                continue;
            };
            if !entity.implements_apis.is_empty() {
                old.push(entity.name.clone());
            }
            for key in entity.spec_keys.clone() {
                if known.contains(&key.as_str()) {
                    continue;
                }
                let hint = suggest(&key, known.iter().copied())
                    .map(|s| format!("did you mean `{s}`? "))
                    .unwrap_or_default();
                let message = format!(
                    "`spec.{}` is not a field of a {} and is ignored; {hint}the fields are: {}",
                    key.escape_debug(),
                    self.entities[e].1.kind.escape_debug(),
                    known.join(", ")
                );
                let pos = self.pos_of(e, &format!("{key}:"));
                let file = self.file_of(e);
                self.notes.push(Note::new(file, Some(pos), message));
            }
        }
        if !old.is_empty() {
            self.note(format!(
                "`implementsApis` (the old name of `providesApis`) is read as `providesApis`: {}",
                listed(&old)
            ));
        }
    }

    /// The apps, in file order, with their fields set and their ids assigned.
    fn apps(&mut self, roles: &[Role], shapes: &[Shape]) -> Vec<App> {
        let members: Vec<usize> = (0..self.entities.len())
            .filter(|&e| matches!(roles[e], Role::App(_)))
            .collect();
        let ids = self.assign_ids(&members);
        let mut apps = Vec::with_capacity(members.len());
        let mut retired = Vec::new();
        let mut containers = Vec::new();
        for (&e, id) in members.iter().zip(ids) {
            let entity = self.entities[e].1.clone();
            let shape = shapes[e];
            let mut app = App::new(id);
            app.name = match &entity.title {
                Some(t) => Some(t.clone()),
                None if app.id != entity.name => Some(entity.name.clone()),
                None => None,
            };
            app.owner = entity
                .owner
                .as_deref()
                .map(entity::owner_name)
                .filter(|o| !o.is_empty());
            app.kind = shape.kind;
            app.state = shape.state;
            if let Some(lifecycle) = entity.lifecycle.as_deref() {
                if let Some(strategy) = self.map.status_strategy(lifecycle) {
                    app.strategy = strategy;
                    if !app.is_movable() {
                        retired.push(format!("{} ({lifecycle})", app.id));
                    }
                } else if lifecycle.eq_ignore_ascii_case("experimental") {
                    app.criticality = Criticality::Low;
                }
            }
            if KUBERNETES_ANNOTATIONS
                .iter()
                .any(|k| entity.annotation(k).is_some())
            {
                app.hosting = Hosting::Container;
                containers.push(app.id.to_string());
            }
            for tag in &entity.tags {
                if !app.tags.contains(tag) {
                    app.tags.push(tag.clone());
                }
            }
            if let Some(system) = &entity.system {
                let tag = format!("system:{}", entity::owner_name(system));
                if !app.tags.contains(&tag) {
                    app.tags.push(tag);
                }
            }
            self.apply_annotations(e, &entity, &mut app);
            apps.push(app);
        }
        if !retired.is_empty() {
            self.note(format!(
                "{} strategy Retire from the lifecycle (deprecated, decommissioned, retired or \
                 end-of-life: it never moves; the mapping file's `status` table or annotation \
                 `waveplan.io/strategy` overrides it): {}",
                counted(retired.len(), "entity gets", "entities get"),
                listed(&retired)
            ));
        }
        if !containers.is_empty() {
            self.note(format!(
                "{} hosting Container (it has Kubernetes annotations): {}",
                counted(containers.len(), "entity gets", "entities get"),
                listed(&containers)
            ));
        }
        apps
    }

    /// Set the fields named by `waveplan.io/...` annotations.
    fn apply_annotations(&mut self, e: usize, entity: &Entity, app: &mut App) {
        for (key, value) in &entity.annotations {
            let Some(field) = key.strip_prefix(ANNOTATION_PREFIX) else {
                continue;
            };
            let value = value.trim();
            let result = match field {
                "kind" => parse_value(value).map(|v| app.kind = v),
                "hosting" => parse_value(value).map(|v| app.hosting = v),
                "strategy" => parse_value(value).map(|v| app.strategy = v),
                "state" => parse_value(value).map(|v| app.state = v),
                "criticality" => parse_value(value).map(|v| app.criticality = v),
                "data-gb" | "data_gb" => parse_data_gb(value).map(|v| app.data_gb = v),
                "legacy" => parse_bool(value).map(|v| app.legacy = v),
                _ => {
                    let hint = suggest(field, ANNOTATION_FIELDS)
                        .map(|s| format!("did you mean `{ANNOTATION_PREFIX}{s}`? "))
                        .unwrap_or_default();
                    let pos = self.pos_of(e, key);
                    self.diags.push(Diagnostic::warning(
                        self.file_of(e),
                        Some(pos),
                        format!(
                            "unknown annotation `{}` is ignored; {hint}the fields an annotation \
                             may set are: {}",
                            key.escape_debug(),
                            ANNOTATION_FIELDS.join(", ")
                        ),
                    ));
                    Ok(())
                }
            };
            if let Err(message) = result {
                let pos = self.pos_of(e, key);
                self.diags.push(Diagnostic::error(
                    self.file_of(e),
                    Some(pos),
                    format!("{key}: {message}"),
                ));
            }
        }
    }

    /// Ids for the entities that become apps, in the same order: the name when it is a valid id
    /// used once; otherwise made valid and unique, deterministically, with a note.
    fn assign_ids(&mut self, members: &[usize]) -> Vec<String> {
        let base: Vec<String> = members
            .iter()
            .map(|&e| {
                let name = &self.entities[e].1.name;
                if is_valid_id(name) {
                    name.clone()
                } else {
                    repair_id(name)
                }
            })
            .collect();
        let mut count: HashMap<&str, usize> = HashMap::new();
        for b in &base {
            *count.entry(b.as_str()).or_default() += 1;
        }
        let mut wanted: Vec<String> = Vec::with_capacity(members.len());
        for (&e, b) in members.iter().zip(&base) {
            let entity = &self.entities[e].1;
            if count[b.as_str()] > 1 {
                let ns = if entity.namespace.eq_ignore_ascii_case("default") {
                    String::new()
                } else {
                    format!("{}.", entity.namespace)
                };
                wanted.push(repair_id(&format!(
                    "{}.{ns}{}",
                    entity.kind_lower(),
                    entity.name
                )));
            } else {
                wanted.push(b.clone());
            }
        }
        let mut used: HashSet<String> = HashSet::with_capacity(members.len());
        let mut ids = Vec::with_capacity(members.len());
        for (&e, want) in members.iter().zip(wanted) {
            let mut id = want.clone();
            let mut n = 2;
            while used.contains(&id) {
                id = format!("{want}-{n}");
                n += 1;
            }
            used.insert(id.clone());
            let name = self.entities[e].1.name.clone();
            if id != name {
                let why = if is_valid_id(&name) {
                    "another imported entity has the same name"
                } else {
                    "the name is not a valid id"
                };
                let pos = self.pos_of(e, &name);
                self.notes.push(Note::new(
                    self.file_of(e),
                    Some(pos),
                    format!(
                        "`{}` is imported with id `{id}`: {why}",
                        self.entities[e].1.reference().escape_debug()
                    ),
                ));
            }
            ids.push(id);
        }
        ids
    }

    /// The components that provide each API (libraries among them), by the API's key.
    fn providers(
        &self,
        index: &HashMap<RefKey, usize>,
        roles: &[Role],
    ) -> HashMap<RefKey, Vec<usize>> {
        let mut providers: HashMap<RefKey, Vec<usize>> = HashMap::new();
        for (e, (_, entity)) in self.entities.iter().enumerate() {
            let provider = matches!(roles[e], Role::App(_) | Role::Library | Role::Folded(_));
            if !provider || index.get(&entity.key()) != Some(&e) {
                continue;
            }
            for text in entity.provides_apis.iter().chain(&entity.implements_apis) {
                if let Some(key) = api_key(text, &entity.namespace) {
                    let list = providers.entry(key).or_default();
                    if !list.contains(&e) {
                        list.push(e);
                    }
                }
            }
        }
        providers
    }

    /// The entity a reference names. Without a kind, `default_kinds` are tried in order; without
    /// a namespace, the referring entity's.
    fn resolve(
        &self,
        text: &str,
        namespace: &str,
        default_kinds: &[&str],
        index: &HashMap<RefKey, usize>,
    ) -> Target {
        let Some(r) = entity::parse_ref(text) else {
            return Target::Unknown;
        };
        let ns = r.namespace.unwrap_or(namespace);
        let kinds: Vec<&str> = match r.kind {
            Some(k) => vec![k],
            None => default_kinds.to_vec(),
        };
        kinds
            .iter()
            .find_map(|k| index.get(&RefKey::new(k, ns, r.name)).copied())
            .map_or(Target::Unknown, Target::Entity)
    }

    /// Warn about a reference to an entity the catalog does not hold.
    fn unknown(&mut self, e: usize, text: &str, field: &str, index: &HashMap<RefKey, usize>) {
        self.summary.dropped(
            Count::new(1, "dependency", "dependencies").by([("on entities not in the catalog", 1)]),
        );
        let wanted = entity::parse_ref(text).map(|r| r.name).unwrap_or_default();
        let names = index.values().map(|&i| self.entities[i].1.name.as_str());
        let hint = suggest_within(&mut self.budget, wanted, names)
            .map(|s| format!(" (did you mean `{s}`?)"))
            .unwrap_or_default();
        let message = format!(
            "`{}` names `{}` in `{field}`, which is not in the catalog; the dependency is left \
             out{hint}",
            self.entities[e].1.name.escape_debug(),
            text.trim().escape_debug()
        );
        self.warn(e, text.trim(), message);
    }
}

/// The app an entity becomes, or folds into through `subcomponentOf`.
fn app_of(roles: &[Role], entity: usize) -> Option<usize> {
    let mut at = entity;
    for _ in 0..=roles.len() {
        match roles[at] {
            Role::App(i) => return Some(i),
            Role::Folded(p) => at = p,
            Role::Library | Role::Other => return None,
        }
    }
    None
}

/// The key of an API reference (kind `api` unless another is given).
fn api_key(text: &str, namespace: &str) -> Option<RefKey> {
    let r = entity::parse_ref(text)?;
    Some(RefKey::new(
        r.kind.unwrap_or("api"),
        r.namespace.unwrap_or(namespace),
        r.name,
    ))
}

#[cfg(test)]
mod tests;

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
mod yaml;

use std::collections::{BTreeMap, HashMap, HashSet};

use crate::diagnostic::{Diagnostic, Pos};
use crate::load::LoadError;
use crate::model::validate::{SUGGESTION_BUDGET, is_valid_id, suggest, suggest_within};
use crate::model::{App, Criticality, Dep, Hosting, Portfolio, Strategy, Via};

use super::{Imported, Note, conclude, parse_bool, parse_data_gb, parse_value, repair_id};
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

/// How many names a note lists before it says "and N more".
const NOTE_LIMIT: usize = 6;

/// Build a portfolio named `name` from the catalog `text` read from `file`.
pub fn import(text: &str, file: &str, name: &str) -> Result<Imported, LoadError> {
    if text.len() as u64 > MAX_CATALOG_BYTES {
        return Err(LoadError::Unreadable(vec![Diagnostic::error(
            file,
            None,
            format!(
                "the file is {} MB; waveplan imports catalogs up to {} MB",
                text.len() / (1024 * 1024),
                MAX_CATALOG_BYTES / (1024 * 1024)
            ),
        )]));
    }
    let docs = yaml::split(text);
    if docs.is_empty() {
        return Err(LoadError::Unreadable(vec![Diagnostic::error(
            file,
            Some(Pos { line: 1, col: 1 }),
            "the file holds no YAML documents; a catalog holds entities (Component, Resource, \
             ...) separated by `---` lines",
        )]));
    }
    let mut catalog = Catalog {
        file,
        docs: &docs,
        entities: Vec::new(),
        diags: Vec::new(),
        notes: Vec::new(),
        complete: true,
        budget: SUGGESTION_BUDGET,
    };
    let mut unreadable = false;
    for (d, doc) in docs.iter().enumerate() {
        let value = match doc.parse(file) {
            Ok(v) => v,
            Err(diag) => {
                catalog.diags.push(diag);
                unreadable = true;
                continue;
            }
        };
        match entity::read(&value) {
            Ok(Some(e)) => catalog.entities.push((d, e)),
            Ok(None) => {}
            Err(problems) => {
                for p in problems {
                    let pos = catalog.docs[d].place(&p.near);
                    catalog
                        .diags
                        .push(Diagnostic::error(file, Some(pos), p.message));
                }
            }
        }
    }
    catalog.complete = catalog.diags.is_empty();
    let portfolio = catalog.build(name);
    let Catalog { diags, notes, .. } = catalog;
    conclude(portfolio, diags, notes, unreadable, file)
}

/// The catalog being imported and what was found on the way.
struct Catalog<'a> {
    file: &'a str,
    docs: &'a [Document],
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
    /// Another kind: skipped.
    Other,
}

/// Where a reference leads.
enum Target {
    Entity(usize),
    Unknown,
}

impl Catalog<'_> {
    fn pos_of(&self, entity: usize, near: &str) -> Pos {
        self.docs[self.entities[entity].0].place(near)
    }

    /// Warn about a reference that leads nowhere (when every document could be read).
    fn warn(&mut self, entity: usize, near: &str, message: String) {
        if !self.complete {
            return;
        }
        let pos = self.pos_of(entity, near);
        self.diags
            .push(Diagnostic::warning(self.file, Some(pos), message));
    }

    fn note(&mut self, message: String) {
        self.notes.push(Note::new(self.file, None, message));
    }

    fn build(&mut self, name: &str) -> Portfolio {
        let index = self.index();
        let (roles, shapes) = self.roles(&index);
        let mut apps = self.apps(&roles, &shapes);
        let providers = self.providers(&index, &roles);
        let mut left_out: Vec<String> = Vec::new();
        let mut edges: Vec<(usize, usize, Via)> = Vec::new();
        for e in 0..self.entities.len() {
            let Role::App(from) = roles[e] else { continue };
            let entity = self.entities[e].1.clone();
            for text in &entity.depends_on {
                match self.resolve(text, &entity.namespace, &["component", "resource"], &index) {
                    Target::Entity(t) => match roles[t] {
                        Role::App(to) => edges.push((from, to, shapes[t].via)),
                        _ => left_out.push(format!("{} → {}", entity.name, text.trim())),
                    },
                    Target::Unknown => self.unknown(e, text, "dependsOn", &index),
                }
            }
            for text in &entity.dependency_of {
                match self.resolve(text, &entity.namespace, &["component", "resource"], &index) {
                    Target::Entity(t) => match roles[t] {
                        Role::App(dependent) => edges.push((dependent, from, shapes[e].via)),
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
                let key = api_key(text, &entity.namespace);
                let found: Vec<usize> = key
                    .and_then(|k| providers.get(&k))
                    .cloned()
                    .unwrap_or_default();
                let via =
                    entity::api_via(api.and_then(|a| self.entities[a].1.spec_type.as_deref()));
                if found.is_empty() {
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
                    match roles[p] {
                        Role::App(to) => edges.push((from, to, via)),
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
            self.diags
                .push(Diagnostic::error(self.file, Some(pos), message));
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
                Some(_) => {
                    apps += 1;
                    Role::App(apps - 1)
                }
                None if entity.kind_lower() == "component" && !duplicate => Role::Library,
                None => Role::Other,
            });
        }
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
            match entity.lifecycle.as_deref().map(str::to_ascii_lowercase) {
                Some(l) if l == "deprecated" => {
                    app.strategy = Strategy::Retire;
                    retired.push(app.id.clone());
                }
                Some(l) if l == "experimental" => app.criticality = Criticality::Low,
                _ => {}
            }
            if KUBERNETES_ANNOTATIONS
                .iter()
                .any(|k| entity.annotation(k).is_some())
            {
                app.hosting = Hosting::Container;
                containers.push(app.id.clone());
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
                "{} strategy Retire (deprecated: it never moves; annotation \
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
                        self.file,
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
                    self.file,
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
                    self.file,
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
            let provider = matches!(roles[e], Role::App(_) | Role::Library);
            if !provider || index.get(&entity.key()) != Some(&e) {
                continue;
            }
            for text in &entity.provides_apis {
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

/// The key of an API reference (kind `api` unless another is given).
fn api_key(text: &str, namespace: &str) -> Option<RefKey> {
    let r = entity::parse_ref(text)?;
    Some(RefKey::new(
        r.kind.unwrap_or("api"),
        r.namespace.unwrap_or(namespace),
        r.name,
    ))
}

/// `1 entity`, `2 entities`.
fn counted(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// The first few items, then how many more.
fn listed(items: &[String]) -> String {
    let mut shown: Vec<String> = items
        .iter()
        .take(NOTE_LIMIT)
        .map(|s| s.escape_debug().to_string())
        .collect();
    if items.len() > NOTE_LIMIT {
        shown.push(format!("and {} more", items.len() - NOTE_LIMIT));
    }
    shown.join(", ")
}

#[cfg(test)]
mod tests;

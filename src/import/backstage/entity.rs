//! Catalog entities as the import needs them: the fields read from a parsed document, entity
//! references, and what each Backstage type means for a portfolio.

use super::yaml::Node;

use crate::model::{Kind, State, Via};

/// The fields of one catalog entity that the import uses.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Entity {
    /// The kind as written (`Component`).
    pub kind: String,
    /// The namespace, `default` when none is given.
    pub namespace: String,
    pub name: String,
    pub title: Option<String>,
    pub tags: Vec<String>,
    /// The annotations with a text, number or yes/no value, in file order.
    pub annotations: Vec<(String, String)>,
    pub spec_type: Option<String>,
    pub lifecycle: Option<String>,
    pub owner: Option<String>,
    pub system: Option<String>,
    pub depends_on: Vec<String>,
    pub dependency_of: Vec<String>,
    pub provides_apis: Vec<String>,
    pub consumes_apis: Vec<String>,
    /// The parent of a component that is part of another (`spec.subcomponentOf`).
    pub subcomponent_of: Option<String>,
    /// The old name of `providesApis`.
    pub implements_apis: Vec<String>,
    /// A Location's `spec.target` and `spec.targets`.
    pub targets: Vec<String>,
    /// The keys of `spec`, in file order.
    pub spec_keys: Vec<String>,
}

/// A problem with one entity: the message and the text to point at.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub message: String,
    /// Text to look for in the document for the place; the document start when not found.
    pub near: String,
}

impl Entity {
    /// The lower-case key that identifies the entity in the catalog: `kind:namespace/name`.
    pub fn key(&self) -> RefKey {
        RefKey::new(&self.kind, &self.namespace, &self.name)
    }

    /// The kind in lower case.
    pub fn kind_lower(&self) -> String {
        self.kind.to_ascii_lowercase()
    }

    /// The entity's reference as Backstage prints it: `resource:orders-db`, with the namespace
    /// when it is not `default`.
    pub fn reference(&self) -> String {
        if self.namespace.eq_ignore_ascii_case("default") {
            format!("{}:{}", self.kind_lower(), self.name)
        } else {
            format!("{}:{}/{}", self.kind_lower(), self.namespace, self.name)
        }
    }

    /// The annotation `key`, when present.
    pub fn annotation(&self, key: &str) -> Option<&str> {
        self.annotations
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.as_str())
    }
}

fn get<'v>(v: &'v Node, key: &str) -> Option<&'v Node> {
    v.get(key)
}

/// A text, number or yes/no value as text.
fn scalar(v: &Node) -> Option<String> {
    match v {
        Node::Scalar(s) => Some(s.clone()),
        _ => None,
    }
}

/// Reads fields, collecting a problem for each that has the wrong shape.
struct FieldReader<'v> {
    root: &'v Node,
    problems: Vec<Problem>,
}

impl<'v> FieldReader<'v> {
    fn at(&self, path: &[&str]) -> Option<&'v Node> {
        path.iter().try_fold(self.root, |v, key| get(v, key))
    }

    fn wrong(&mut self, path: &[&str], what: &str) {
        self.problems.push(Problem {
            message: format!("`{}` should be {what}", path.join(".")),
            near: format!("{}:", path.last().copied().unwrap_or_default()),
        });
    }

    fn text(&mut self, path: &[&str]) -> Option<String> {
        let v = self.at(path)?;
        let text = scalar(v);
        if text.is_none() {
            self.wrong(path, "a text");
        }
        text.map(|t| t.trim().to_string()).filter(|t| !t.is_empty())
    }

    /// A list of texts; a single text is taken as a list of one.
    fn list(&mut self, path: &[&str]) -> Vec<String> {
        let Some(v) = self.at(path) else {
            return Vec::new();
        };
        if let Some(one) = scalar(v) {
            return vec![one];
        }
        let Node::Seq(items) = v else {
            self.wrong(path, "a list of texts");
            return Vec::new();
        };
        let texts: Option<Vec<String>> = items.iter().map(scalar).collect();
        match texts {
            Some(t) => t.into_iter().filter(|s| !s.trim().is_empty()).collect(),
            None => {
                self.wrong(path, "a list of texts");
                Vec::new()
            }
        }
    }

    fn annotations(&mut self) -> Vec<(String, String)> {
        let path = ["metadata", "annotations"];
        match self.at(&path) {
            None => Vec::new(),
            Some(Node::Map(m)) => m
                .iter()
                .filter_map(|(k, v)| Some((scalar(k)?, scalar(v)?)))
                .collect(),
            Some(_) => {
                self.wrong(&path, "a mapping of names to texts");
                Vec::new()
            }
        }
    }
}

/// The entity in a parsed document: `Ok(None)` for an empty document, `Err` with every problem
/// when the document is not an entity the import can read.
pub fn read(value: &Node) -> Result<Option<Entity>, Vec<Problem>> {
    if *value == Node::Null {
        return Ok(None);
    }
    if !matches!(value, Node::Map(_)) {
        return Err(vec![Problem {
            message: "a catalog entity is a mapping with `apiVersion`, `kind`, `metadata` and \
                      `spec`; this document is not"
                .to_string(),
            near: String::new(),
        }]);
    }
    let mut r = FieldReader {
        root: value,
        problems: Vec::new(),
    };
    let kind = r.text(&["kind"]);
    let name = r.text(&["metadata", "name"]);
    let entity = Entity {
        kind: kind.clone().unwrap_or_default(),
        namespace: r
            .text(&["metadata", "namespace"])
            .unwrap_or_else(|| "default".to_string()),
        name: name.clone().unwrap_or_default(),
        title: r.text(&["metadata", "title"]),
        tags: r.list(&["metadata", "tags"]),
        annotations: r.annotations(),
        spec_type: r.text(&["spec", "type"]),
        lifecycle: r.text(&["spec", "lifecycle"]),
        owner: r.text(&["spec", "owner"]),
        system: r.text(&["spec", "system"]),
        depends_on: r.list(&["spec", "dependsOn"]),
        dependency_of: r.list(&["spec", "dependencyOf"]),
        provides_apis: r.list(&["spec", "providesApis"]),
        consumes_apis: r.list(&["spec", "consumesApis"]),
        subcomponent_of: r.text(&["spec", "subcomponentOf"]),
        implements_apis: r.list(&["spec", "implementsApis"]),
        targets: {
            let mut t = r.list(&["spec", "target"]);
            t.extend(r.list(&["spec", "targets"]));
            t
        },
        spec_keys: match value.get("spec") {
            Some(Node::Map(m)) => m.iter().filter_map(|(k, _)| scalar(k)).collect(),
            _ => Vec::new(),
        },
    };
    let mut problems = r.problems;
    if kind.is_none() && !problems.iter().any(|p| p.near == "kind:") {
        problems.push(Problem {
            message: "the entity has no `kind` (Component, Resource, API, ...)".to_string(),
            near: String::new(),
        });
    }
    if name.is_none() && !problems.iter().any(|p| p.near == "name:") {
        problems.push(Problem {
            message: "the entity has no `metadata.name`".to_string(),
            near: "metadata:".to_string(),
        });
    }
    if problems.is_empty() {
        Ok(Some(entity))
    } else {
        Err(problems)
    }
}

/// The `spec` keys Backstage defines for each kind (lower case), for the note about a key
/// that is none of them; `None` for kinds whose keys are not checked.
pub fn spec_keys_of(kind: &str) -> Option<&'static [&'static str]> {
    Some(match kind {
        "component" => &[
            "type",
            "lifecycle",
            "owner",
            "system",
            "subcomponentOf",
            "providesApis",
            "consumesApis",
            "dependsOn",
            "dependencyOf",
            "implementsApis",
        ],
        "resource" => &["type", "owner", "system", "dependsOn", "dependencyOf"],
        "api" => &["type", "lifecycle", "owner", "system", "definition"],
        "system" => &["owner", "domain", "type"],
        "location" => &["type", "target", "targets", "presence"],
        _ => return None,
    })
}

/// An entity's identity for lookups, compared without case as Backstage does.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct RefKey {
    pub kind: String,
    pub namespace: String,
    pub name: String,
}

impl RefKey {
    pub fn new(kind: &str, namespace: &str, name: &str) -> RefKey {
        RefKey {
            kind: kind.to_lowercase(),
            namespace: namespace.to_lowercase(),
            name: name.to_lowercase(),
        }
    }
}

/// An entity reference as written: `[kind:][namespace/]name`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EntityRef<'a> {
    pub kind: Option<&'a str>,
    pub namespace: Option<&'a str>,
    pub name: &'a str,
}

/// Parse an entity reference; `None` when it names nothing.
pub fn parse_ref(text: &str) -> Option<EntityRef<'_>> {
    let text = text.trim();
    let (kind, rest) = match text.split_once(':') {
        Some((k, rest)) if !k.contains('/') => (Some(k.trim()).filter(|k| !k.is_empty()), rest),
        _ => (None, text),
    };
    let (namespace, name) = match rest.split_once('/') {
        Some((ns, name)) => (Some(ns.trim()).filter(|n| !n.is_empty()), name),
        None => (None, rest),
    };
    let name = name.trim();
    (!name.is_empty()).then_some(EntityRef {
        kind,
        namespace,
        name,
    })
}

/// An owner as a team name: `group:default/claims-team` and `group:claims-team` are
/// `claims-team`; another namespace stays (`group:finance/payments`, `finance/payments`).
pub fn owner_name(owner: &str) -> String {
    match parse_ref(owner) {
        Some(r) => match r.namespace {
            Some(ns) if !ns.eq_ignore_ascii_case("default") => format!("{ns}/{}", r.name),
            _ => r.name.to_string(),
        },
        None => owner.trim().to_string(),
    }
}

/// Lower case without spaces, `_` and `-`: `S3 bucket` and `s3-bucket` are the same type.
fn fold(text: &str) -> String {
    text.chars()
        .filter(|c| !matches!(c, ' ' | '_' | '-'))
        .flat_map(char::to_lowercase)
        .collect()
}

/// What an entity becomes in the portfolio.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Shape {
    pub kind: Kind,
    pub state: State,
    /// How its dependents reach it.
    pub via: Via,
    /// Whether waveplan knew the type (an unknown one is noted).
    pub known: bool,
}

const fn shape(kind: Kind, state: State, via: Via) -> Shape {
    Shape {
        kind,
        state,
        via,
        known: true,
    }
}

const DATABASE: Shape = shape(Kind::Database, State::Database, Via::Database);
const CACHE: Shape = shape(Kind::Cache, State::Cache, Via::Http);
const QUEUE: Shape = shape(Kind::Queue, State::Queue, Via::Queue);
const STORAGE: Shape = shape(Kind::Storage, State::Files, Via::File);
/// A stateless service reached over HTTP: what an entity is when nothing says otherwise.
pub const SERVICE: Shape = shape(Kind::Service, State::Stateless, Via::Http);

/// A Component's shape by `spec.type`; `None` for a library, which is built into the components
/// that use it and never moves by itself.
pub fn component_shape(spec_type: Option<&str>) -> Option<Shape> {
    let Some(t) = spec_type else {
        return Some(SERVICE);
    };
    Some(match fold(t).as_str() {
        "library" | "lib" | "sdk" | "package" => return None,
        "service" | "backend" | "microservice" => SERVICE,
        "website" | "frontend" | "webapp" | "web" | "ui" | "spa" | "portal" => {
            shape(Kind::Frontend, State::Stateless, Via::Http)
        }
        "gateway" | "apigateway" | "proxy" | "bff" => {
            shape(Kind::Gateway, State::Stateless, Via::Http)
        }
        "batch" | "job" | "cronjob" | "etl" | "scheduler" => {
            shape(Kind::Batch, State::Stateless, Via::Http)
        }
        "database" => DATABASE,
        _ => Shape {
            known: false,
            ..SERVICE
        },
    })
}

/// A Resource's shape by `spec.type`.
pub fn resource_shape(spec_type: Option<&str>) -> Shape {
    match spec_type.map(fold).as_deref() {
        Some(
            "database" | "db" | "rdbms" | "postgres" | "postgresql" | "mysql" | "mariadb"
            | "oracle" | "sqlserver" | "mssql" | "mongodb" | "mongo" | "dynamodb" | "rds"
            | "cassandra",
        ) => DATABASE,
        Some("cache" | "redis" | "memcached" | "elasticache") => CACHE,
        Some(
            "queue" | "topic" | "kafka" | "kafkatopic" | "sqs" | "sns" | "pubsub" | "rabbitmq"
            | "messagequeue" | "eventhub" | "stream" | "broker",
        ) => QUEUE,
        Some(
            "storage" | "bucket" | "s3" | "s3bucket" | "gcsbucket" | "blob" | "blobstorage"
            | "filestore" | "fileshare" | "filesystem" | "nfs",
        ) => STORAGE,
        _ => Shape {
            known: false,
            ..SERVICE
        },
    }
}

/// How a consumer reaches an API of the given `spec.type`.
pub fn api_via(spec_type: Option<&str>) -> Via {
    match spec_type.map(fold).as_deref() {
        Some("grpc") => Via::Grpc,
        // AsyncAPI describes messages and events.
        Some("asyncapi") => Via::Queue,
        Some("wsdl" | "soap" | "corba" | "rmi") => Via::Rpc,
        _ => Via::Http,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn yaml(text: &str) -> Node {
        let docs = super::super::yaml::split(text);
        assert_eq!(docs.len(), 1);
        docs[0].parse("c.yaml").unwrap()
    }

    #[test]
    fn reads_a_component() {
        let e = read(&yaml(
            "apiVersion: backstage.io/v1alpha1\nkind: Component\nmetadata:\n  name: claims\n  \
             title: Claims\n  tags: [pci, 2024]\n  annotations:\n    waveplan.io/strategy: \
             Rehost\n    n: 3\nspec:\n  type: service\n  owner: group:default/claims-team\n  \
             dependsOn: resource:claims-db\n  consumesApis: [party-api]\n",
        ))
        .unwrap()
        .unwrap();
        assert_eq!(e.kind, "Component");
        assert_eq!(e.namespace, "default");
        assert_eq!(e.title.as_deref(), Some("Claims"));
        assert_eq!(e.tags, vec!["pci", "2024"]);
        assert_eq!(e.annotation("waveplan.io/strategy"), Some("Rehost"));
        assert_eq!(e.annotation("n"), Some("3"));
        assert_eq!(e.depends_on, vec!["resource:claims-db"]);
        assert_eq!(e.consumes_apis, vec!["party-api"]);
        assert_eq!(e.reference(), "component:claims");
    }

    #[test]
    fn reports_every_bad_field() {
        let problems = read(&yaml(
            "kind: [Component]\nmetadata:\n  tags: {a: b}\nspec:\n  dependsOn: [[x]]\n",
        ))
        .unwrap_err();
        let messages: Vec<&str> = problems.iter().map(|p| p.message.as_str()).collect();
        assert_eq!(
            messages,
            vec![
                "`kind` should be a text",
                "`metadata.tags` should be a list of texts",
                "`spec.dependsOn` should be a list of texts",
                "the entity has no `metadata.name`",
            ]
        );
        assert!(read(&yaml("[1, 2]")).is_err());
        assert_eq!(read(&Node::Null), Ok(None));
    }

    #[test]
    fn references() {
        let r = parse_ref("resource:default/orders-db").unwrap();
        assert_eq!(
            (r.kind, r.namespace, r.name),
            (Some("resource"), Some("default"), "orders-db")
        );
        let r = parse_ref("component:foo").unwrap();
        assert_eq!(
            (r.kind, r.namespace, r.name),
            (Some("component"), None, "foo")
        );
        let r = parse_ref("finance/foo").unwrap();
        assert_eq!(
            (r.kind, r.namespace, r.name),
            (None, Some("finance"), "foo")
        );
        assert_eq!(parse_ref("foo").unwrap().name, "foo");
        assert!(parse_ref("").is_none());
        assert!(parse_ref("component:").is_none());
        assert!(parse_ref("ns/").is_none());
    }

    #[test]
    fn owners() {
        assert_eq!(owner_name("group:default/claims-team"), "claims-team");
        assert_eq!(owner_name("group:claims-team"), "claims-team");
        assert_eq!(owner_name("claims-team"), "claims-team");
        assert_eq!(owner_name("user:jdoe"), "jdoe");
        assert_eq!(owner_name("group:finance/payments"), "finance/payments");
    }

    #[test]
    fn shapes() {
        assert_eq!(
            component_shape(Some("website")).unwrap().kind,
            Kind::Frontend
        );
        assert_eq!(
            component_shape(Some("Service")).unwrap().kind,
            Kind::Service
        );
        assert!(component_shape(Some("library")).is_none());
        assert!(!component_shape(Some("ml-model")).unwrap().known);
        assert_eq!(resource_shape(Some("database")), DATABASE);
        assert_eq!(resource_shape(Some("S3 bucket")).via, Via::File);
        assert_eq!(resource_shape(Some("kafka-topic")).state, State::Queue);
        assert_eq!(resource_shape(Some("redis")).kind, Kind::Cache);
        assert!(!resource_shape(Some("vpc")).known);
        assert_eq!(api_via(Some("grpc")), Via::Grpc);
        assert_eq!(api_via(Some("asyncapi")), Via::Queue);
        assert_eq!(api_via(None), Via::Http);
    }
}

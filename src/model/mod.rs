//! The portfolio and plan file formats: serde types, defaults and enum vocabularies.

mod capacity;
mod plan;
pub mod validate;
pub mod write;

pub use capacity::{Capacity, PilotBreaks, StateSet};
pub use plan::{Plan, Wave};

use compact_str::CompactString;
use serde::{Deserialize, Serialize};

/// A portfolio: the applications of an estate and their run-time dependencies.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename = "Portfolio", deny_unknown_fields)]
pub struct Portfolio {
    #[serde(default)]
    pub name: String,
    #[serde(default)]
    pub apps: Vec<App>,
}

/// One application of the portfolio.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct App {
    pub id: CompactString,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub owner: Option<String>,
    #[serde(default)]
    pub kind: Kind,
    #[serde(default)]
    pub hosting: Hosting,
    #[serde(default)]
    pub strategy: Strategy,
    #[serde(default)]
    pub state: State,
    #[serde(default)]
    pub data_gb: f64,
    #[serde(default)]
    pub criticality: Criticality,
    #[serde(default)]
    pub legacy: bool,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub tags: Vec<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub depends_on: Vec<Dep>,
}

impl App {
    /// A new app with every field at its default.
    pub fn new(id: impl Into<CompactString>) -> App {
        App {
            id: id.into(),
            name: None,
            owner: None,
            kind: Kind::default(),
            hosting: Hosting::default(),
            strategy: Strategy::default(),
            state: State::default(),
            data_gb: 0.0,
            criticality: Criticality::default(),
            legacy: false,
            tags: Vec::new(),
            depends_on: Vec::new(),
        }
    }

    /// The display name: `name`, or the id when there is none.
    pub fn display_name(&self) -> &str {
        self.name.as_deref().unwrap_or(&self.id)
    }

    /// Whether the app can ever move to the platform (7R Retain/Retire and mainframes never do).
    pub fn is_movable(&self) -> bool {
        !matches!(self.strategy, Strategy::Retain | Strategy::Retire)
            && self.hosting != Hosting::Mainframe
    }

    /// Why the app never moves, if it doesn't.
    pub fn never_moves_because(&self) -> Option<&'static str> {
        match (self.strategy, self.hosting) {
            (Strategy::Retain, _) => Some("strategy Retain"),
            (Strategy::Retire, _) => Some("strategy Retire"),
            (_, Hosting::Mainframe) => Some("runs on a mainframe"),
            _ => None,
        }
    }

    /// Whether a team owns the app (a blank owner counts as none).
    pub fn has_owner(&self) -> bool {
        self.owner.as_deref().is_some_and(|o| !o.trim().is_empty())
    }

    /// The tags in file order, each once: a tag given again (in the same letters or in other
    /// cases: `pci`, `PCI`) is left out. Compliance tags and filters ignore case, so a
    /// duplicate would count twice.
    pub fn dedupe_tags(&mut self) {
        if first_duplicate_tag(&self.tags).is_some() {
            let mut seen = std::collections::HashSet::with_capacity(self.tags.len());
            self.tags.retain(|t| seen.insert(t.to_lowercase()));
        }
    }

    /// Whether the app carries a compliance tag (pci, hipaa, sox, gdpr).
    pub fn has_compliance_tags(&self) -> bool {
        self.compliance_tags().next().is_some()
    }

    /// The compliance tags (pci, hipaa, sox, gdpr) the app carries, in file order.
    pub fn compliance_tags(&self) -> impl Iterator<Item = &str> {
        self.tags
            .iter()
            .map(String::as_str)
            .filter(|t| COMPLIANCE_TAGS.contains(&t.to_ascii_lowercase().as_str()))
    }
}

/// Whether two tags are the same tag: equal but for case.
pub fn same_tag(a: &str, b: &str) -> bool {
    if a.is_ascii() && b.is_ascii() {
        a.eq_ignore_ascii_case(b)
    } else {
        a.to_lowercase() == b.to_lowercase()
    }
}

/// The index of the first tag that repeats an earlier one (see `same_tag`).
pub fn first_duplicate_tag(tags: &[String]) -> Option<usize> {
    if tags.len() <= 16 {
        return (1..tags.len()).find(|&j| tags[..j].iter().any(|t| same_tag(t, &tags[j])));
    }
    let mut seen = std::collections::HashSet::with_capacity(tags.len());
    tags.iter().position(|t| !seen.insert(t.to_lowercase()))
}

impl Portfolio {
    /// Every app's tags each once (`App::dedupe_tags`).
    pub fn dedupe_tags(&mut self) {
        for app in &mut self.apps {
            app.dedupe_tags();
        }
    }
}

/// The most data an app may hold, in gigabytes: an exabyte, far past any one application's
/// (a larger figure is a unit mistaken, bytes or kilobytes written as gigabytes).
pub const MAX_DATA_GB: f64 = 1e9;

/// Tags that carry compliance obligations.
pub const COMPLIANCE_TAGS: [&str; 4] = ["pci", "hipaa", "sox", "gdpr"];

/// A run-time dependency: the app needs `to`, reached through `via`.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Dep {
    /// The id of the app needed (ids are short: most are kept inline, without an allocation).
    pub to: CompactString,
    #[serde(default)]
    pub via: Via,
    /// Whether the two apps cannot work apart across the hybrid link; `None` takes the
    /// default of `via` (`Via::is_hard_by_default`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hard: Option<bool>,
}

impl Dep {
    /// A dependency on `to` through `via`, hard or soft as `via` is by default.
    pub fn new(to: impl Into<CompactString>, via: Via) -> Dep {
        Dep {
            to: to.into(),
            via,
            hard: None,
        }
    }

    /// Whether the dependency is hard: said so, or `via` is hard by default.
    pub fn is_hard(&self) -> bool {
        self.hard.unwrap_or(self.via.is_hard_by_default())
    }
}

/// What an application is.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default, Serialize, Deserialize,
)]
pub enum Kind {
    #[default]
    Service,
    Frontend,
    Gateway,
    Batch,
    Database,
    Cache,
    Queue,
    Storage,
}

impl Kind {
    /// Every value, in declaration order.
    pub const ALL: [Kind; 8] = [
        Kind::Service,
        Kind::Frontend,
        Kind::Gateway,
        Kind::Batch,
        Kind::Database,
        Kind::Cache,
        Kind::Queue,
        Kind::Storage,
    ];

    /// The name used in files.
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Service => "Service",
            Kind::Frontend => "Frontend",
            Kind::Gateway => "Gateway",
            Kind::Batch => "Batch",
            Kind::Database => "Database",
            Kind::Cache => "Cache",
            Kind::Queue => "Queue",
            Kind::Storage => "Storage",
        }
    }
}

impl std::fmt::Display for Kind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Where an application runs today.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default, Serialize, Deserialize,
)]
pub enum Hosting {
    #[default]
    Vm,
    BareMetal,
    Mainframe,
    Container,
    Paas,
    Saas,
}

impl Hosting {
    /// Every value, in declaration order.
    pub const ALL: [Hosting; 6] = [
        Hosting::Vm,
        Hosting::BareMetal,
        Hosting::Mainframe,
        Hosting::Container,
        Hosting::Paas,
        Hosting::Saas,
    ];

    /// The name used in files.
    pub fn as_str(self) -> &'static str {
        match self {
            Hosting::Vm => "Vm",
            Hosting::BareMetal => "BareMetal",
            Hosting::Mainframe => "Mainframe",
            Hosting::Container => "Container",
            Hosting::Paas => "Paas",
            Hosting::Saas => "Saas",
        }
    }
}

impl std::fmt::Display for Hosting {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The 7 Rs of migration.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default, Serialize, Deserialize,
)]
pub enum Strategy {
    Rehost,
    #[default]
    Replatform,
    Refactor,
    Repurchase,
    Relocate,
    Retain,
    Retire,
}

impl Strategy {
    /// Every value, in declaration order.
    pub const ALL: [Strategy; 7] = [
        Strategy::Rehost,
        Strategy::Replatform,
        Strategy::Refactor,
        Strategy::Repurchase,
        Strategy::Relocate,
        Strategy::Retain,
        Strategy::Retire,
    ];

    /// The name used in files.
    pub fn as_str(self) -> &'static str {
        match self {
            Strategy::Rehost => "Rehost",
            Strategy::Replatform => "Replatform",
            Strategy::Refactor => "Refactor",
            Strategy::Repurchase => "Repurchase",
            Strategy::Relocate => "Relocate",
            Strategy::Retain => "Retain",
            Strategy::Retire => "Retire",
        }
    }
}

impl std::fmt::Display for Strategy {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The heaviest state an application keeps, lightest first.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default, Serialize, Deserialize,
)]
pub enum State {
    #[default]
    Stateless,
    Cache,
    Session,
    Files,
    Queue,
    Database,
}

impl State {
    /// Every value, in declaration order.
    pub const ALL: [State; 6] = [
        State::Stateless,
        State::Cache,
        State::Session,
        State::Files,
        State::Queue,
        State::Database,
    ];

    /// The name used in files.
    pub fn as_str(self) -> &'static str {
        match self {
            State::Stateless => "Stateless",
            State::Cache => "Cache",
            State::Session => "Session",
            State::Files => "Files",
            State::Queue => "Queue",
            State::Database => "Database",
        }
    }
}

impl std::fmt::Display for State {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Business criticality, lowest first.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default, Serialize, Deserialize,
)]
pub enum Criticality {
    Low,
    #[default]
    Medium,
    High,
    Critical,
}

impl Criticality {
    /// Every value, in declaration order.
    pub const ALL: [Criticality; 4] = [
        Criticality::Low,
        Criticality::Medium,
        Criticality::High,
        Criticality::Critical,
    ];

    /// The name used in files.
    pub fn as_str(self) -> &'static str {
        match self {
            Criticality::Low => "Low",
            Criticality::Medium => "Medium",
            Criticality::High => "High",
            Criticality::Critical => "Critical",
        }
    }
}

impl std::fmt::Display for Criticality {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// How a dependency is reached.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default, Serialize, Deserialize,
)]
pub enum Via {
    #[default]
    Http,
    Grpc,
    Rpc,
    Queue,
    Database,
    File,
}

impl Via {
    /// Whether a dependency of this kind cannot work across the hybrid link unless it says
    /// otherwise: a direct database connection or a shared file system.
    pub fn is_hard_by_default(self) -> bool {
        matches!(self, Via::Database | Via::File)
    }

    /// Every value, in declaration order.
    pub const ALL: [Via; 6] = [
        Via::Http,
        Via::Grpc,
        Via::Rpc,
        Via::Queue,
        Via::Database,
        Via::File,
    ];

    /// The name used in files.
    pub fn as_str(self) -> &'static str {
        match self {
            Via::Http => "Http",
            Via::Grpc => "Grpc",
            Via::Rpc => "Rpc",
            Via::Queue => "Queue",
            Via::Database => "Database",
            Via::File => "File",
        }
    }
}

impl std::fmt::Display for Via {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

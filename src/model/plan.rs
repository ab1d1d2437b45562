//! The plan file: the capacity it is judged by and ordered migration waves, each a list of app
//! ids, perhaps locked (committed or done) or with apps pinned to it.

use serde::{Deserialize, Serialize};

use super::Capacity;

/// A migration plan: waves in order. Apps in no wave stay on the legacy estate.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename = "Plan", deny_unknown_fields)]
pub struct Plan {
    #[serde(default)]
    pub capacity: Capacity,
    #[serde(default)]
    pub waves: Vec<Wave>,
}

/// One migration wave.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Wave {
    #[serde(default)]
    pub name: String,
    #[serde(default)]
    pub apps: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub notes: Option<String>,
    /// Committed or done: re-planning keeps its apps and its place.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub locked: bool,
    /// Apps of the wave that re-planning keeps in it.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub pinned: Vec<String>,
}

impl Wave {
    /// A new empty wave.
    pub fn named(name: impl Into<String>) -> Wave {
        Wave {
            name: name.into(),
            ..Wave::default()
        }
    }
}

impl Plan {
    /// The display name of wave `index` (0-based): its name, or "Wave N" when it has none.
    pub fn wave_label(&self, index: usize) -> String {
        match self.waves.get(index) {
            Some(w) if !w.name.trim().is_empty() => w.name.clone(),
            _ => format!("Wave {}", index + 1),
        }
    }
}

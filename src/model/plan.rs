//! The plan file: ordered migration waves, each a list of app ids.

use serde::{Deserialize, Serialize};

/// A migration plan: waves in order. Apps in no wave stay on the legacy estate.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename = "Plan", deny_unknown_fields)]
pub struct Plan {
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
}

impl Wave {
    /// A new empty wave.
    pub fn named(name: impl Into<String>) -> Wave {
        Wave {
            name: name.into(),
            apps: Vec::new(),
            notes: None,
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

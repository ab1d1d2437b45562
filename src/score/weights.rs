//! Points and weights of the scores: built in from `assets/scoring.ron`, or a user's file.

use std::path::Path;

use serde::Deserialize;

use crate::diagnostic::Diagnostic;
use crate::load::{self, LoadError};
use crate::model::{Criticality, State, Via};

/// The built-in weights file.
pub const DEFAULT_WEIGHTS: &str = include_str!("../../assets/scoring.ron");

/// Points per `via` kind.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[allow(non_snake_case)]
#[serde(deny_unknown_fields)]
pub struct ViaPoints {
    pub Http: u32,
    pub Grpc: u32,
    pub Rpc: u32,
    pub Queue: u32,
    pub Database: u32,
    pub File: u32,
}

impl ViaPoints {
    pub fn get(&self, via: Via) -> u32 {
        match via {
            Via::Http => self.Http,
            Via::Grpc => self.Grpc,
            Via::Rpc => self.Rpc,
            Via::Queue => self.Queue,
            Via::Database => self.Database,
            Via::File => self.File,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CouplingPoints {
    pub outgoing: ViaPoints,
    pub incoming: ViaPoints,
    pub legacy_partner: u32,
    pub split_group: u32,
    pub split_group_member: u32,
}

#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[allow(non_snake_case)]
#[serde(deny_unknown_fields)]
pub struct StatePoints {
    pub Stateless: u32,
    pub Cache: u32,
    pub Session: u32,
    pub Files: u32,
    pub Queue: u32,
    pub Database: u32,
}

impl StatePoints {
    pub fn get(&self, state: State) -> u32 {
        match state {
            State::Stateless => self.Stateless,
            State::Cache => self.Cache,
            State::Session => self.Session,
            State::Files => self.Files,
            State::Queue => self.Queue,
            State::Database => self.Database,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StatefulnessPoints {
    pub state: StatePoints,
    pub data_per_decade: u32,
}

#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[allow(non_snake_case)]
#[serde(deny_unknown_fields)]
pub struct CriticalityPoints {
    pub Low: u32,
    pub Medium: u32,
    pub High: u32,
    pub Critical: u32,
}

impl CriticalityPoints {
    pub fn get(&self, c: Criticality) -> u32 {
        match c {
            Criticality::Low => self.Low,
            Criticality::Medium => self.Medium,
            Criticality::High => self.High,
            Criticality::Critical => self.Critical,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RiskPoints {
    pub criticality: CriticalityPoints,
    pub no_owner: u32,
    pub compliance_tag: u32,
    pub legacy: u32,
}

/// How much each score weighs in the ease, in percent.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EaseWeights {
    pub coupling: u32,
    pub statefulness: u32,
    pub risk: u32,
}

/// Every point and weight of the scoring.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(rename = "Weights", deny_unknown_fields)]
pub struct Weights {
    pub coupling: CouplingPoints,
    pub statefulness: StatefulnessPoints,
    pub risk: RiskPoints,
    pub ease: EaseWeights,
    pub hybrid: ViaPoints,
}

impl Default for Weights {
    fn default() -> Weights {
        match load::parse_ron(DEFAULT_WEIGHTS, "assets/scoring.ron") {
            Ok(w) => w,
            // The built-in file is tested; this cannot happen in a released binary.
            Err(e) => panic!("the built-in assets/scoring.ron is invalid: {e}"),
        }
    }
}

impl Weights {
    /// Parse a weights file, with located errors.
    pub fn from_str(text: &str, file: &str) -> Result<Weights, LoadError> {
        let weights: Weights = load::parse_ron(text, file)?;
        let sum = weights.ease.coupling + weights.ease.statefulness + weights.ease.risk;
        if sum == 0 || sum > 1000 {
            return Err(LoadError::Invalid(vec![Diagnostic::error(
                file,
                None,
                format!("the ease weights add up to {sum}%; they should add up to about 100%"),
            )]));
        }
        Ok(weights)
    }

    /// Read a weights file.
    pub fn load(path: &Path) -> Result<Weights, LoadError> {
        let text = load::read_text(path)?;
        Weights::from_str(&text, &path.display().to_string())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn built_in_weights_parse() {
        let w = Weights::default();
        assert_eq!(w.ease.coupling + w.ease.statefulness + w.ease.risk, 100);
        // Outgoing edges weigh more than incoming; tight kinds more than Http, Http more than Queue.
        for via in Via::ALL {
            assert!(w.coupling.outgoing.get(via) > w.coupling.incoming.get(via));
        }
        assert!(w.coupling.outgoing.Database > w.coupling.outgoing.Http);
        assert!(w.coupling.outgoing.Http > w.coupling.outgoing.Queue);
        assert_eq!(w.statefulness.state.Stateless, 0);
        assert_eq!(w.risk.criticality.Low, 0);
    }

    #[test]
    fn bad_weights_are_located() {
        let text = DEFAULT_WEIGHTS.replace("legacy_partner: 6", "legacy_partner: -6");
        let err = Weights::from_str(&text, "w.ron").unwrap_err();
        let d = &err.diagnostics()[0];
        assert!(d.pos.is_some(), "{d}");
        let text = DEFAULT_WEIGHTS.replace("no_owner: 20", "no_owners: 20");
        let err = Weights::from_str(&text, "w.ron").unwrap_err();
        assert!(
            err.to_string().contains("unknown field `no_owners`"),
            "{err}"
        );
        assert!(err.to_string().contains("did you mean `no_owner`"), "{err}");
    }
}

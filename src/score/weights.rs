//! Points and weights of the scores: built in from `assets/scoring.ron`, or a user's file.

use std::path::Path;

use serde::Deserialize;

use crate::diagnostic::Diagnostic;
use crate::load::locate::Locations;
use crate::load::recover::Required;
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

/// The most points a weights file may give one thing: a score is at most 100, so more only
/// hides mistakes (an extra digit) and risks overflow.
pub const MAX_POINTS: u32 = 1000;

impl Weights {
    /// Parse a weights file, with located errors: every problem at once.
    pub fn from_str(text: &str, file: &str) -> Result<Weights, LoadError> {
        // Every field must be given: a field is checked alone with the built-in values of the
        // others, and the values of the fields that cannot be read are the built-in ones.
        let required = Required::all_of(DEFAULT_WEIGHTS);
        let load::Salvaged {
            value: weights,
            mut diags,
            recovered,
        } = load::parse_salvaging::<Weights>(text, file, &required, true)?;
        // (Values that could not be read hold the built-in ones: they are not judged.)
        let kept = |path: &str| recovered.as_ref().is_none_or(|r| r.kept(path));
        let locations = Locations::scan(text, 4);
        for (path, points) in weights.points() {
            if points > MAX_POINTS && kept(&path) {
                diags.push(Diagnostic::error(
                    file,
                    locations.pos(&path),
                    format!("{path} is {points}; points are whole numbers from 0 to {MAX_POINTS}"),
                ));
            }
        }
        let e = &weights.ease;
        // In u64: three u32 weights cannot overflow it.
        let sum = u64::from(e.coupling) + u64::from(e.statefulness) + u64::from(e.risk);
        let all_read = ["ease.coupling", "ease.statefulness", "ease.risk"]
            .iter()
            .all(|p| kept(p));
        if (sum == 0 || sum > 1000) && all_read {
            diags.push(Diagnostic::error(
                file,
                locations.pos("ease"),
                format!("the ease weights add up to {sum}%; they should add up to about 100%"),
            ));
        }
        if diags.is_empty() {
            Ok(weights)
        } else {
            Err(LoadError::Invalid(diags))
        }
    }

    /// Every point value with its path in the file (`coupling.outgoing.Http`); the ease
    /// weights are percentages, checked apart.
    pub fn points(&self) -> Vec<(String, u32)> {
        let mut all = Vec::with_capacity(32);
        let mut add = |path: &str, points: u32| all.push((path.to_string(), points));
        let c = &self.coupling;
        for via in Via::ALL {
            add(&format!("coupling.outgoing.{via}"), c.outgoing.get(via));
        }
        for via in Via::ALL {
            add(&format!("coupling.incoming.{via}"), c.incoming.get(via));
        }
        add("coupling.legacy_partner", c.legacy_partner);
        add("coupling.split_group", c.split_group);
        add("coupling.split_group_member", c.split_group_member);
        for state in State::ALL {
            add(
                &format!("statefulness.state.{state}"),
                self.statefulness.state.get(state),
            );
        }
        add(
            "statefulness.data_per_decade",
            self.statefulness.data_per_decade,
        );
        for c in Criticality::ALL {
            add(
                &format!("risk.criticality.{c}"),
                self.risk.criticality.get(c),
            );
        }
        add("risk.no_owner", self.risk.no_owner);
        add("risk.compliance_tag", self.risk.compliance_tag);
        add("risk.legacy", self.risk.legacy);
        for via in Via::ALL {
            add(&format!("hybrid.{via}"), self.hybrid.get(via));
        }
        all
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
    fn points_and_ease_weights_are_bounded() {
        let text = DEFAULT_WEIGHTS.replace("Database: 16", "Database: 4294967295");
        let err = Weights::from_str(&text, "w.ron").unwrap_err();
        assert_eq!(err.exit_code(), 1);
        assert_eq!(
            err.to_string(),
            "error: w.ron:8:67: coupling.outgoing.Database is 4294967295; points are whole \
             numbers from 0 to 1000"
        );
        let text = DEFAULT_WEIGHTS.replace("no_owner: 20", "no_owner: 1000");
        assert_eq!(
            Weights::from_str(&text, "w.ron").unwrap().risk.no_owner,
            1000
        );
        // The sum of the ease weights cannot overflow and wrap round to a plausible value.
        let text = DEFAULT_WEIGHTS.replace(
            "ease: (coupling: 50, statefulness: 30, risk: 20)",
            "ease: (coupling: 4294967295, statefulness: 2, risk: 0)",
        );
        let err = Weights::from_str(&text, "w.ron").unwrap_err();
        assert!(
            err.to_string().ends_with(
                "the ease weights add up to 4294967297%; they should add up to about 100%"
            ),
            "{err}"
        );
        assert!(err.diagnostics()[0].pos.is_some(), "{err}");
        // Every point is listed once, under the path the file gives it.
        let w = Weights::default();
        let points = w.points();
        assert_eq!(points.len(), 6 + 6 + 3 + 6 + 1 + 4 + 3 + 6);
        let locations = Locations::scan(DEFAULT_WEIGHTS, 4);
        for (path, _) in &points {
            assert!(locations.pos(path).is_some(), "{path}");
        }
    }

    #[test]
    fn every_problem_of_a_weights_file_is_reported_at_once() {
        let text = DEFAULT_WEIGHTS
            .replace("legacy_partner: 6", "legacy_partner: \"six\"")
            .replace("split_group: 10", "split_group: 5000")
            .replace("Low: 0, Medium: 10", "Low: 0, Medum: 10")
            .replace("hybrid: (Http: 2", "hybrid: (Http: -2");
        let err = Weights::from_str(&text, "w.ron").unwrap_err();
        assert_eq!(err.exit_code(), 1);
        let found: Vec<String> = load::sorted(err.diagnostics().to_vec())
            .iter()
            .map(ToString::to_string)
            .collect();
        assert_eq!(
            found,
            [
                "error: w.ron:12:25: expected a number here",
                "error: w.ron:14:22: coupling.split_group is 5000; points are whole numbers from 0 \
                 to 1000",
                "error: w.ron:25:31: unknown field `Medum` in CriticalityPoints; did you mean \
                 `Medium`? the fields are: Low, Medium, High, Critical",
                "error: w.ron:35:21: this number is out of range: a whole number, 0 or more (and \
                 not too large), is expected here",
            ]
        );
        // A value that could not be read is not judged by the built-in one that stands in.
        let text = DEFAULT_WEIGHTS.replace(
            "ease: (coupling: 50, statefulness: 30, risk: 20)",
            "ease: (coupling: \"half\", statefulness: 600, risk: 900)",
        );
        let err = Weights::from_str(&text, "w.ron").unwrap_err();
        assert_eq!(err.diagnostics().len(), 1, "{err}");
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

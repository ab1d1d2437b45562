//! The capacity a plan is judged by: how much a wave may hold, which states count as stateful,
//! and what the pilot may take. It travels with the plan file; every field has a default.

use serde::{Deserialize, Serialize};

use super::{App, Criticality, State};

/// A set of states: the ones whose data must be moved (stateful, for the capacity).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(from = "Vec<State>", into = "Vec<State>")]
pub struct StateSet(u8);

impl StateSet {
    /// No state at all.
    pub const NONE: StateSet = StateSet(0);

    /// The set of the given states.
    pub fn of(states: &[State]) -> StateSet {
        StateSet(states.iter().fold(0, |bits, &s| bits | Self::bit(s)))
    }

    fn bit(state: State) -> u8 {
        1 << (state as u8)
    }

    pub fn contains(self, state: State) -> bool {
        self.0 & Self::bit(state) != 0
    }

    /// The set with `state` added (`on`) or taken out.
    pub fn with(self, state: State, on: bool) -> StateSet {
        if on {
            StateSet(self.0 | Self::bit(state))
        } else {
            StateSet(self.0 & !Self::bit(state))
        }
    }

    /// The states of the set, lightest first.
    pub fn states(self) -> impl Iterator<Item = State> {
        State::ALL.into_iter().filter(move |&s| self.contains(s))
    }
}

impl Default for StateSet {
    /// Sessions, files, queues and databases: their data must be moved. A cache is rebuilt.
    fn default() -> StateSet {
        StateSet::of(&[State::Session, State::Files, State::Queue, State::Database])
    }
}

impl From<Vec<State>> for StateSet {
    fn from(states: Vec<State>) -> StateSet {
        StateSet::of(&states)
    }
}

impl From<StateSet> for Vec<State> {
    fn from(set: StateSet) -> Vec<State> {
        set.states().collect()
    }
}

/// Wave capacities and the pilot rule's threshold.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Capacity {
    /// Most apps in a wave.
    pub max_apps: usize,
    /// Most stateful apps in a wave.
    pub max_stateful: usize,
    /// Most apps in the first (pilot) wave.
    pub pilot: usize,
    /// The states that make an app stateful.
    pub stateful: StateSet,
    /// The highest criticality the pilot takes.
    pub pilot_max_criticality: Criticality,
}

impl Default for Capacity {
    fn default() -> Capacity {
        Capacity {
            max_apps: 10,
            max_stateful: 2,
            pilot: 3,
            stateful: StateSet::default(),
            pilot_max_criticality: Criticality::Medium,
        }
    }
}

impl Capacity {
    /// Most apps wave `w` (0-based) may hold.
    pub fn apps_limit(&self, w: usize) -> usize {
        if w == 0 {
            self.pilot.min(self.max_apps)
        } else {
            self.max_apps
        }
    }

    /// Whether `app` keeps data that must be moved: it needs storage, backup and recovery.
    pub fn is_stateful(&self, app: &App) -> bool {
        self.stateful.contains(app.state)
    }

    /// What keeps `app` out of the pilot on its own (without looking at its dependencies).
    pub fn pilot_breaks(&self, app: &App) -> PilotBreaks {
        PilotBreaks {
            criticality: app.criticality > self.pilot_max_criticality,
            stateful: self.is_stateful(app),
            no_owner: !app.has_owner(),
            compliance: app.has_compliance_tags(),
            legacy: app.legacy,
        }
    }
}

/// The parts of the pilot rule an app breaks by what it is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Hash)]
pub struct PilotBreaks {
    /// Above the pilot's highest criticality.
    pub criticality: bool,
    pub stateful: bool,
    pub no_owner: bool,
    /// Carries compliance tags.
    pub compliance: bool,
    /// Flagged `legacy`.
    pub legacy: bool,
}

impl PilotBreaks {
    pub fn any(&self) -> bool {
        self.criticality || self.stateful || self.no_owner || self.compliance || self.legacy
    }

    /// What keeps `app` out of the pilot, in words ("is High (the pilot takes up to Medium)",
    /// "has no owning team", ...), joined as "a, b and c".
    pub fn describe(&self, app: &App, cap: &Capacity) -> String {
        let mut why = Vec::new();
        if self.criticality {
            why.push(format!(
                "is {} (the pilot takes up to {})",
                app.criticality, cap.pilot_max_criticality
            ));
        }
        if self.stateful {
            why.push(format!("keeps state ({}) that must be moved", app.state));
        }
        if self.no_owner {
            why.push("has no owning team".to_string());
        }
        if self.compliance {
            let tags: Vec<&str> = app.compliance_tags().collect();
            why.push(format!("carries compliance tags ({})", tags.join(", ")));
        }
        if self.legacy {
            why.push("is flagged legacy".to_string());
        }
        match why.as_slice() {
            [] => String::new(),
            [one] => one.clone(),
            [rest @ .., last] => format!("{} and {last}", rest.join(", ")),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_cache_is_not_stateful_by_default() {
        let set = StateSet::default();
        assert!(!set.contains(State::Cache));
        assert!(!set.contains(State::Stateless));
        for s in [State::Session, State::Files, State::Queue, State::Database] {
            assert!(set.contains(s));
        }
        let v: Vec<State> = set.into();
        assert_eq!(StateSet::from(v), set);
        assert!(set.with(State::Cache, true).contains(State::Cache));
        assert!(!set.with(State::Queue, false).contains(State::Queue));
    }
}

//! Where an app stands in a plan: in a wave, movable but in none, or never moving. The board,
//! the exports and the findings' messages all ask here.

use crate::graph::{AppIx, DependencyGraph};

use super::WavePlan;

/// Where an app stands in the plan. Ordered waves first (by wave), then unplanned, then never
/// moving.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Placement {
    /// In this wave (0-based).
    Wave(usize),
    /// Movable but in no wave: it stays on the legacy estate for now.
    Unplanned,
    /// Never moves (Retain, Retire, mainframe) and is in no wave.
    NeverMoves,
}

impl Placement {
    /// Where `app` stands in `plan`.
    pub fn of(plan: &WavePlan, graph: &DependencyGraph, app: AppIx) -> Placement {
        match plan.wave_of(app) {
            Some(w) => Placement::Wave(w),
            None if graph.is_movable(app) => Placement::Unplanned,
            None => Placement::NeverMoves,
        }
    }

    /// As a message names it: the wave's label, "unplanned" or "never moves".
    pub fn describe(self, plan: &WavePlan) -> String {
        match self {
            Placement::Wave(w) => plan.label(w),
            Placement::Unplanned => "unplanned".to_string(),
            Placement::NeverMoves => "never moves".to_string(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::PlannedWave;
    use crate::model::{App, Capacity, Portfolio, Strategy};

    #[test]
    fn an_app_stands_in_its_wave_unplanned_or_never_moving() {
        let mut retained = App::new("c");
        retained.strategy = Strategy::Retain;
        let portfolio = Portfolio {
            name: String::new(),
            apps: vec![App::new("a"), App::new("b"), retained],
        };
        let graph = DependencyGraph::build(&portfolio);
        let pilot = PlannedWave {
            name: "Pilot".into(),
            notes: None,
            apps: vec![0],
            locked: false,
        };
        let plan = WavePlan::from_waves(3, Capacity::default(), vec![pilot]);
        let at: Vec<Placement> = (0..3).map(|a| Placement::of(&plan, &graph, a)).collect();
        assert_eq!(
            at,
            [
                Placement::Wave(0),
                Placement::Unplanned,
                Placement::NeverMoves
            ]
        );
        let words: Vec<String> = at.iter().map(|p| p.describe(&plan)).collect();
        assert_eq!(words, ["Pilot", "unplanned", "never moves"]);
        assert!(at[0] < at[1] && at[1] < at[2]);
    }
}

//! The recommendations shown for the focused wave: the first units in order that fit its
//! room while there are any, else every unit, with the rules it breaks and why none fits.

use crate::analysis::WavePlan;
use crate::analysis::recommend::{
    Recommendation, Recommendations, recommendation, why_nothing_fits,
};
use crate::analysis::rules::RuleBreak;
use crate::graph::{AppIx, DependencyGraph};
use crate::score::Scorer;

use super::super::LiveAnalysis;

impl LiveAnalysis {
    /// The recommendations for the focused wave, from the first units in order: those that fit
    /// its room while there are any, else every unit with the rules it breaks and why none
    /// fits.
    pub(in crate::analysis::live) fn refresh_shown(
        &mut self,
        scorer: &Scorer<'_>,
        plan: &WavePlan,
    ) {
        let k = self.cands.focus;
        let load = if k < self.waves {
            (self.wave_apps[k], self.wave_stateful[k])
        } else {
            (0, 0)
        };
        let (keys, any_fits) = self.first_keys(load);
        let items: Vec<_> = keys
            .iter()
            .map(|&key| self.recommend_unit(scorer, plan, key, load))
            .collect();
        let note = if any_fits || self.cands.all.is_empty() {
            None
        } else {
            Some(self.why_none_fits(scorer, plan, load, items.first()))
        };
        self.cands.shown = Recommendations { items, note };
    }

    /// The keys of the first units to show for a focused wave holding `load` (apps, stateful
    /// apps), and whether they fit its room (else they are the first of every unit).
    fn first_keys(&self, load: (usize, usize)) -> (Vec<u64>, bool) {
        let c = &self.cands;
        let k = c.focus;
        let cap = self.capacity;
        let limit = cap.apps_limit(k);
        let mut keys: Vec<u64> = Vec::new();
        let mut any_fits = false;
        if let (Some(room), Some(stateful_room)) = (
            limit.checked_sub(load.0),
            cap.max_stateful.checked_sub(load.1),
        ) {
            let room = u32::try_from(room).unwrap_or(u32::MAX);
            for (&(_, stateful, unfit), set) in c.fit.range(..=(room, u32::MAX, true)) {
                if stateful as usize > stateful_room || (unfit && k == 0) {
                    continue;
                }
                any_fits = true;
                keys.extend(set.iter().take(c.top));
            }
        }
        if any_fits {
            keys.sort_unstable();
            keys.truncate(c.top);
        } else {
            keys.extend(c.all.iter().take(c.top));
        }
        (keys, any_fits)
    }

    /// The unit whose key is `key`.
    fn unit_with_key(&self, graph: &DependencyGraph, key: u64) -> usize {
        let first = self.cands.by_id[(key & u64::from(u32::MAX)) as usize] as usize;
        Self::unit_of(graph, first)
    }

    /// The candidates of unit `u`.
    fn unit_apps(&self, graph: &DependencyGraph, u: usize) -> Vec<AppIx> {
        Self::unit_members(graph, u)
            .filter(|&m| self.is_candidate(graph, m))
            .collect()
    }

    /// The recommendation of the unit whose key is `key`.
    fn recommend_unit(
        &self,
        scorer: &Scorer<'_>,
        plan: &WavePlan,
        key: u64,
        load: (usize, usize),
    ) -> Recommendation {
        let graph = scorer.graph;
        let u = self.unit_with_key(graph, key);
        let unit = self.cands.units[u].expect("a unit in the order");
        recommendation(
            scorer,
            plan,
            self.cands.focus,
            load,
            self.unit_apps(graph, u),
            unit.ease,
            unit.lead as usize,
            (u < graph.move_groups().len()).then_some(u),
        )
    }

    /// Why no unit fits the focused wave: whether every unit breaks each kind of rule, from
    /// the counts, and the first rule the first unit breaks.
    fn why_none_fits(
        &self,
        scorer: &Scorer<'_>,
        plan: &WavePlan,
        load: (usize, usize),
        first_item: Option<&Recommendation>,
    ) -> String {
        let graph = scorer.graph;
        let c = &self.cands;
        let k = c.focus;
        let cap = self.capacity;
        let limit = cap.apps_limit(k);
        let smallest = c.lens.keys().next().copied().unwrap_or(0) as usize;
        let least_stateful = c.statefuls.keys().next().copied().unwrap_or(0) as usize;
        let total = c.all.len();
        let every = [
            load.0 + smallest > limit,
            load.1 + least_stateful > cap.max_stateful,
            c.pilot_unfit == total,
            c.hard_bad == total,
        ];
        let first: Option<RuleBreak> = match first_item {
            Some(item) => item.breaks.first().cloned(),
            None => {
                let best = c.all.first().copied();
                best.and_then(|key| {
                    let u = self.unit_with_key(graph, key);
                    crate::analysis::rules::unit_breaks(
                        scorer,
                        plan,
                        &self.unit_apps(graph, u),
                        k,
                        load,
                    )
                    .into_iter()
                    .next()
                })
            }
        };
        why_nothing_fits(scorer, plan, k, load, every, first)
    }
}

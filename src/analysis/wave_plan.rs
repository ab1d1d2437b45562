//! The plan as the engine sees it: waves of app indices, and the wave of every app.
//! Every edit is a method here; each keeps `wave_of` in step with the waves.

use crate::graph::{AppIx, DependencyGraph};
use crate::model::{Plan, Portfolio, Wave};

/// One wave: a name, optional notes and its apps in the order they were added.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlannedWave {
    pub name: String,
    pub notes: Option<String>,
    pub apps: Vec<AppIx>,
}

/// Ordered waves of app indices. Apps in no wave are unplanned.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WavePlan {
    waves: Vec<PlannedWave>,
    /// 0-based wave of each app, `u32::MAX` when unplanned.
    wave_of: Vec<u32>,
}

const UNPLANNED: u32 = u32::MAX;

impl WavePlan {
    /// A plan with no waves for `apps` apps.
    pub fn empty(apps: usize) -> WavePlan {
        WavePlan {
            waves: Vec::new(),
            wave_of: vec![UNPLANNED; apps],
        }
    }

    /// Resolve a plan file. Unknown ids and second placements (errors the loader reports) are
    /// left out.
    pub fn from_plan(plan: &Plan, graph: &DependencyGraph) -> WavePlan {
        let mut wp = WavePlan::empty(graph.app_count());
        for wave in &plan.waves {
            let w = wp.waves.len();
            wp.waves.push(PlannedWave {
                name: wave.name.clone(),
                notes: wave.notes.clone(),
                apps: Vec::with_capacity(wave.apps.len()),
            });
            for id in &wave.apps {
                if let Some(app) = graph.find(id)
                    && wp.wave_of[app] == UNPLANNED
                {
                    wp.wave_of[app] = w as u32;
                    wp.waves[w].apps.push(app);
                }
            }
        }
        wp
    }

    /// Build from waves of app indices (each app in at most one wave).
    pub fn from_waves(apps: usize, waves: Vec<PlannedWave>) -> WavePlan {
        let mut wp = WavePlan::empty(apps);
        for (w, wave) in waves.iter().enumerate() {
            for &a in &wave.apps {
                wp.wave_of[a] = w as u32;
            }
        }
        wp.waves = waves;
        wp
    }

    /// The plan file for this plan.
    pub fn to_plan(&self, portfolio: &Portfolio) -> Plan {
        Plan {
            waves: self
                .waves
                .iter()
                .map(|w| Wave {
                    name: w.name.clone(),
                    apps: w
                        .apps
                        .iter()
                        .map(|&a| portfolio.apps[a].id.clone())
                        .collect(),
                    notes: w.notes.clone(),
                })
                .collect(),
        }
    }

    pub fn waves(&self) -> &[PlannedWave] {
        &self.waves
    }

    pub fn wave_count(&self) -> usize {
        self.waves.len()
    }

    pub fn app_count(&self) -> usize {
        self.wave_of.len()
    }

    /// The 0-based wave of `app`, or `None` when it is unplanned.
    pub fn wave_of(&self, app: AppIx) -> Option<usize> {
        match self.wave_of[app] {
            UNPLANNED => None,
            w => Some(w as usize),
        }
    }

    /// The wave of every app as a rank: wave index, `u32::MAX` for unplanned.
    pub fn ranks(&self) -> &[u32] {
        &self.wave_of
    }

    /// Number of apps in some wave.
    pub fn planned_count(&self) -> usize {
        self.waves.iter().map(|w| w.apps.len()).sum()
    }

    /// The display name of wave `w`: its name, or "Wave N".
    pub fn label(&self, w: usize) -> String {
        match self.waves.get(w) {
            Some(wave) if !wave.name.trim().is_empty() => wave.name.clone(),
            _ => format!("Wave {}", w + 1),
        }
    }

    /// Put `app` into wave `to` (0-based), or make it unplanned with `None`. Returns whether
    /// anything changed. A wave that does not exist is refused.
    pub fn move_app(&mut self, app: AppIx, to: Option<usize>) -> bool {
        if to.is_some_and(|w| w >= self.waves.len()) || app >= self.wave_of.len() {
            return false;
        }
        let from = self.wave_of(app);
        if from == to {
            return false;
        }
        if let Some(f) = from {
            let list = &mut self.waves[f].apps;
            if let Some(pos) = list.iter().position(|&a| a == app) {
                list.remove(pos);
            }
        }
        match to {
            Some(t) => {
                self.waves[t].apps.push(app);
                self.wave_of[app] = t as u32;
            }
            None => self.wave_of[app] = UNPLANNED,
        }
        true
    }

    /// Insert an empty wave at position `at` (0-based; `at == wave_count()` appends).
    pub fn insert_wave(&mut self, at: usize, name: impl Into<String>) -> bool {
        if at > self.waves.len() {
            return false;
        }
        self.waves.insert(
            at,
            PlannedWave {
                name: name.into(),
                notes: None,
                apps: Vec::new(),
            },
        );
        self.renumber_from(at);
        true
    }

    /// Remove wave `at`; only an empty wave can be removed.
    pub fn remove_wave(&mut self, at: usize) -> bool {
        if self.waves.get(at).is_none_or(|w| !w.apps.is_empty()) {
            return false;
        }
        self.waves.remove(at);
        self.renumber_from(at);
        true
    }

    /// Swap waves `a` and `b`.
    pub fn swap_waves(&mut self, a: usize, b: usize) -> bool {
        if a >= self.waves.len() || b >= self.waves.len() || a == b {
            return false;
        }
        self.waves.swap(a, b);
        for w in [a, b] {
            for &app in &self.waves[w].apps {
                self.wave_of[app] = w as u32;
            }
        }
        true
    }

    /// Rename wave `at`.
    pub fn rename_wave(&mut self, at: usize, name: impl Into<String>) -> bool {
        match self.waves.get_mut(at) {
            Some(w) => {
                w.name = name.into();
                true
            }
            None => false,
        }
    }

    fn renumber_from(&mut self, from: usize) {
        for w in from..self.waves.len() {
            for &app in &self.waves[w].apps {
                self.wave_of[app] = w as u32;
            }
        }
    }

    /// Drop waves that hold no app.
    pub fn drop_empty_waves(&mut self) {
        self.waves.retain(|w| !w.apps.is_empty());
        self.renumber_from(0);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn consistent(p: &WavePlan) {
        for (w, wave) in p.waves().iter().enumerate() {
            for &a in &wave.apps {
                assert_eq!(p.wave_of(a), Some(w));
            }
        }
        let placed: usize = (0..p.app_count())
            .filter(|&a| p.wave_of(a).is_some())
            .count();
        assert_eq!(placed, p.planned_count());
    }

    #[test]
    fn edits_keep_waves_and_index_in_step() {
        let mut p = WavePlan::empty(5);
        assert!(p.insert_wave(0, "Pilot"));
        assert!(p.insert_wave(1, ""));
        assert!(p.move_app(3, Some(1)));
        assert!(p.move_app(1, Some(0)));
        assert!(!p.move_app(1, Some(0)));
        assert!(!p.move_app(1, Some(7)));
        assert!(p.insert_wave(0, "Zero"));
        assert_eq!(p.wave_of(1), Some(1));
        assert_eq!(p.label(2), "Wave 3");
        assert!(p.swap_waves(1, 2));
        assert_eq!(p.wave_of(3), Some(1));
        assert!(!p.remove_wave(1));
        assert!(p.remove_wave(0));
        assert_eq!(p.wave_of(3), Some(0));
        assert!(p.move_app(3, None));
        assert_eq!(p.wave_of(3), None);
        consistent(&p);
    }
}

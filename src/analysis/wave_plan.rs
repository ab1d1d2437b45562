//! The plan as the engine sees it: the capacity it is judged by, waves of app indices (locked
//! or not), the wave of every app and which apps are pinned to their wave. Every edit is a
//! method here; each keeps `wave_of` in step with the waves.

use crate::graph::{AppIx, DependencyGraph};
use crate::model::{Capacity, Plan, Portfolio, Wave};

/// One wave: a name, optional notes, whether it is locked, and its apps in the order they were
/// added.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct PlannedWave {
    pub name: String,
    pub notes: Option<String>,
    pub apps: Vec<AppIx>,
    /// Committed or done: re-planning keeps its apps and its place.
    pub locked: bool,
}

impl PlannedWave {
    /// An unnamed, unlocked wave of `apps`.
    pub fn of(apps: Vec<AppIx>) -> PlannedWave {
        PlannedWave {
            apps,
            ..PlannedWave::default()
        }
    }
}

/// Ordered waves of app indices. Apps in no wave are unplanned.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WavePlan {
    capacity: Capacity,
    waves: Vec<PlannedWave>,
    /// 0-based wave of each app, `u32::MAX` when unplanned.
    wave_of: Vec<u32>,
    /// Apps that re-planning keeps in their wave (only planned apps are pinned).
    pinned: Vec<bool>,
}

/// The rank of an app in no wave.
pub const UNPLANNED: u32 = u32::MAX;

impl WavePlan {
    /// A plan with no waves for `apps` apps, with the default capacity.
    pub fn empty(apps: usize) -> WavePlan {
        WavePlan::with_capacity(apps, Capacity::default())
    }

    /// A plan with no waves for `apps` apps, judged by `capacity`.
    pub fn with_capacity(apps: usize, capacity: Capacity) -> WavePlan {
        WavePlan {
            capacity,
            waves: Vec::new(),
            wave_of: vec![UNPLANNED; apps],
            pinned: vec![false; apps],
        }
    }

    /// Resolve a plan file. Unknown ids, second placements and pins of apps not in the wave
    /// (errors the loader reports) are left out.
    pub fn from_plan(plan: &Plan, graph: &DependencyGraph) -> WavePlan {
        let mut wp = WavePlan::with_capacity(graph.app_count(), plan.capacity);
        for wave in &plan.waves {
            let w = wp.waves.len();
            wp.waves.push(PlannedWave {
                name: wave.name.clone(),
                notes: wave.notes.clone(),
                apps: Vec::with_capacity(wave.apps.len()),
                locked: wave.locked,
            });
            for id in &wave.apps {
                if let Some(app) = graph.find(id)
                    && wp.wave_of[app] == UNPLANNED
                {
                    wp.wave_of[app] = w as u32;
                    wp.waves[w].apps.push(app);
                }
            }
            for id in &wave.pinned {
                if let Some(app) = graph.find(id)
                    && wp.wave_of[app] == w as u32
                {
                    wp.pinned[app] = true;
                }
            }
        }
        wp
    }

    /// Build from waves of app indices (each app in at most one wave), judged by `capacity`.
    pub fn from_waves(apps: usize, capacity: Capacity, waves: Vec<PlannedWave>) -> WavePlan {
        let mut wp = WavePlan::with_capacity(apps, capacity);
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
        let id = |a: AppIx| String::from(portfolio.apps[a].id.as_str());
        Plan {
            capacity: self.capacity,
            waves: self
                .waves
                .iter()
                .map(|w| Wave {
                    name: w.name.clone(),
                    apps: w.apps.iter().map(|&a| id(a)).collect(),
                    notes: w.notes.clone(),
                    locked: w.locked,
                    pinned: w
                        .apps
                        .iter()
                        .filter(|&&a| self.pinned[a])
                        .map(|&a| id(a))
                        .collect(),
                })
                .collect(),
        }
    }

    /// The capacity the plan is judged by.
    pub fn capacity(&self) -> &Capacity {
        &self.capacity
    }

    /// Judge the plan by another capacity; returns whether it changed.
    pub fn set_capacity(&mut self, capacity: Capacity) -> bool {
        let changed = self.capacity != capacity;
        self.capacity = capacity;
        changed
    }

    /// Whether `app` is pinned to its wave.
    pub fn is_pinned(&self, app: AppIx) -> bool {
        self.pinned.get(app).copied().unwrap_or(false)
    }

    /// Pin `app` to its wave or take the pin off; only a planned app can be pinned. Returns
    /// whether anything changed.
    pub fn set_pinned(&mut self, app: AppIx, pinned: bool) -> bool {
        if app >= self.pinned.len() || (pinned && self.wave_of[app] == UNPLANNED) {
            return false;
        }
        let changed = self.pinned[app] != pinned;
        self.pinned[app] = pinned;
        changed
    }

    /// Whether wave `w` is locked.
    pub fn is_locked(&self, w: usize) -> bool {
        self.waves.get(w).is_some_and(|wave| wave.locked)
    }

    /// Lock or unlock wave `w`; returns whether anything changed.
    pub fn set_locked(&mut self, w: usize, locked: bool) -> bool {
        match self.waves.get_mut(w) {
            Some(wave) if wave.locked != locked => {
                wave.locked = locked;
                true
            }
            _ => false,
        }
    }

    /// Whether re-planning keeps `app` where it is: in a locked wave, or pinned.
    pub fn is_kept(&self, app: AppIx) -> bool {
        self.is_pinned(app) || self.wave_of(app).is_some_and(|w| self.waves[w].locked)
    }

    /// Change the notes of wave `w`; returns whether anything changed.
    pub fn set_notes(&mut self, w: usize, notes: Option<String>) -> bool {
        match self.waves.get_mut(w) {
            Some(wave) if wave.notes != notes => {
                wave.notes = notes;
                true
            }
            _ => false,
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
            None => {
                // A pin holds an app to its wave; an unplanned app has none.
                self.wave_of[app] = UNPLANNED;
                self.pinned[app] = false;
            }
        }
        true
    }

    /// The place of `app` among its wave's apps (in the order they were added).
    pub fn position(&self, app: AppIx) -> Option<usize> {
        let w = self.wave_of(app)?;
        self.waves[w].apps.iter().position(|&a| a == app)
    }

    /// Put `app` into wave `to` (`None`: unplanned) at place `at` among its apps (`None`, or
    /// past the end: last), from wherever it is, its own wave included. An unplanned app loses
    /// its pin. Returns whether the wave exists.
    pub fn place_app(&mut self, app: AppIx, to: Option<usize>, at: Option<usize>) -> bool {
        if to.is_some_and(|w| w >= self.waves.len()) || app >= self.wave_of.len() {
            return false;
        }
        if let Some(f) = self.wave_of(app) {
            let list = &mut self.waves[f].apps;
            if let Some(pos) = list.iter().position(|&a| a == app) {
                list.remove(pos);
            }
        }
        match to {
            Some(t) => {
                let list = &mut self.waves[t].apps;
                list.insert(at.unwrap_or(list.len()).min(list.len()), app);
                self.wave_of[app] = t as u32;
            }
            None => {
                self.wave_of[app] = UNPLANNED;
                self.pinned[app] = false;
            }
        }
        true
    }

    /// Insert `wave` (with no apps) at position `at`, as it was: its name, notes and lock.
    pub fn insert_planned_wave(&mut self, at: usize, wave: PlannedWave) -> bool {
        if at > self.waves.len() || !wave.apps.is_empty() {
            return false;
        }
        self.waves.insert(at, wave);
        self.renumber_from(at);
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
                ..PlannedWave::default()
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
mod tests;

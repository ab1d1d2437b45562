//! Whether a plan differs from the plan as it was saved, kept edit by edit: the waves that
//! differ from the saved plan's wave at their place and the apps whose pin differs are counted,
//! and an edit compares only what it changed.

use super::edit::Change;
use super::wave_plan::WavePlan;

/// The saved plan, and how the plan differs from it.
#[derive(Debug, Clone)]
pub struct SavedPlan {
    plan: WavePlan,
    /// For each wave of the current plan: whether it differs from the saved wave at its place.
    wave_differs: Vec<bool>,
    waves_differing: usize,
    pin_differs: Vec<bool>,
    pins_differing: usize,
}

impl SavedPlan {
    /// `plan` as saved (the current plan is the same).
    pub fn new(plan: WavePlan) -> SavedPlan {
        SavedPlan {
            wave_differs: vec![false; plan.wave_count()],
            waves_differing: 0,
            pin_differs: vec![false; plan.app_count()],
            pins_differing: 0,
            plan,
        }
    }

    /// The plan as it was saved.
    pub fn plan(&self) -> &WavePlan {
        &self.plan
    }

    /// Whether `plan` differs from the saved plan (exactly as `plan != saved`).
    pub fn differs(&self, plan: &WavePlan) -> bool {
        self.waves_differing > 0
            || self.pins_differing > 0
            || plan.wave_count() != self.plan.wave_count()
            || plan.capacity() != self.plan.capacity()
    }

    /// Compare again what `changes` touched of `plan`.
    pub fn follow(&mut self, plan: &WavePlan, changes: &[Change]) {
        let mut waves: Vec<usize> = Vec::new();
        let mut from: Option<usize> = None;
        for change in changes {
            match *change {
                Change::Moved { app, from: f, to } => {
                    waves.extend(f);
                    waves.extend(to);
                    self.compare_pin(plan, app);
                }
                Change::WaveInserted(at) | Change::WaveRemoved(at) => {
                    // Every wave from there on has another wave of the saved plan beside it.
                    from = Some(from.map_or(at, |f| f.min(at)));
                }
                Change::WavesSwapped(a, b) => waves.extend([a, b]),
                Change::WaveChanged(w) => waves.push(w),
                Change::Pinned(app) => self.compare_pin(plan, app),
                Change::Capacity => {}
                Change::Replaced => {
                    from = Some(0);
                    for app in 0..plan.app_count() {
                        self.compare_pin(plan, app);
                    }
                }
            }
        }
        let count = plan.wave_count();
        if self.wave_differs.len() != count {
            // Waves inserted or removed: the flags from the first place on are compared anew.
            let keep = from.unwrap_or(0).min(count).min(self.wave_differs.len());
            self.waves_differing -= self.wave_differs[keep..].iter().filter(|&&d| d).count();
            self.wave_differs.truncate(keep);
            self.wave_differs.resize(count, false);
            from = Some(keep);
        }
        if let Some(f) = from {
            waves.extend(f..count);
        }
        for w in waves {
            if w < count {
                self.compare_wave(plan, w);
            }
        }
    }

    fn compare_wave(&mut self, plan: &WavePlan, w: usize) {
        let differs = self.plan.waves().get(w) != Some(&plan.waves()[w]);
        if differs != self.wave_differs[w] {
            self.wave_differs[w] = differs;
            if differs {
                self.waves_differing += 1;
            } else {
                self.waves_differing -= 1;
            }
        }
    }

    fn compare_pin(&mut self, plan: &WavePlan, app: usize) {
        let differs = plan.is_pinned(app) != self.plan.is_pinned(app);
        if differs != self.pin_differs[app] {
            self.pin_differs[app] = differs;
            if differs {
                self.pins_differing += 1;
            } else {
                self.pins_differing -= 1;
            }
        }
    }
}

//! The edits the board makes, each brought into the analysis at the cost of what it changes:
//! moves, pins, locks, wave swaps, insertions and removals, renames, a new focus or top.

use crate::graph::AppIx;
use crate::score::Scorer;

use super::{LiveAnalysis, WavePlan};

impl LiveAnalysis {
    /// Whether the plan still has the waves the analysis knows (else it is rebuilt).
    fn in_step(&mut self, scorer: &Scorer<'_>, plan: &WavePlan, waves: usize) -> bool {
        if plan.wave_count() != waves || plan.app_count() != self.ranks.len() {
            self.rebuild(scorer, plan);
            return false;
        }
        true
    }

    /// Bring the analysis up to date after `app` moved (the plan already holds the move).
    pub fn app_moved(&mut self, scorer: &Scorer<'_>, plan: &WavePlan, app: AppIx) {
        self.apps_moved(scorer, plan, &[app]);
    }

    /// Bring the analysis up to date after `apps` moved or were pinned or unpinned, as one
    /// edit (the plan already holds it).
    pub fn apps_moved(&mut self, scorer: &Scorer<'_>, plan: &WavePlan, apps: &[AppIx]) {
        if !self.in_step(scorer, plan, self.waves) {
            return;
        }
        let mut moved: Vec<AppIx> = apps
            .iter()
            .copied()
            .filter(|&a| self.ranks[a] != plan.ranks()[a] || self.pinned[a] != plan.is_pinned(a))
            .collect();
        moved.sort_unstable();
        moved.dedup();
        if moved.is_empty() {
            return;
        }
        self.take_out(scorer, &moved, true);
        for &a in &moved {
            self.ranks[a] = plan.ranks()[a];
            self.pinned[a] = plan.is_pinned(a);
        }
        self.put_back(scorer, &moved, true);
        self.finish(scorer, &moved);
        self.refresh_shown(scorer, plan);
    }

    /// Bring the analysis up to date after app `app` was pinned or unpinned.
    pub fn pin_changed(&mut self, scorer: &Scorer<'_>, plan: &WavePlan, app: AppIx) {
        if !self.in_step(scorer, plan, self.waves) || self.pinned[app] == plan.is_pinned(app) {
            return;
        }
        // A pin changes only what the app is among the candidates.
        self.take_out(scorer, &[app], false);
        self.pinned[app] = plan.is_pinned(app);
        self.put_back(scorer, &[app], false);
        self.finish(scorer, &[app]);
        self.refresh_shown(scorer, plan);
    }

    /// Bring the analysis up to date after wave `w` was locked or unlocked.
    pub fn lock_changed(&mut self, scorer: &Scorer<'_>, plan: &WavePlan, w: usize) {
        if !self.in_step(scorer, plan, self.waves)
            || w >= self.waves
            || self.locked[w] == plan.is_locked(w)
        {
            return;
        }
        let apps = plan.waves()[w].apps.clone();
        self.take_out(scorer, &apps, false);
        self.locked[w] = plan.is_locked(w);
        self.put_back(scorer, &apps, false);
        self.finish(scorer, &apps);
        self.refresh_shown(scorer, plan);
    }

    /// Bring the analysis up to date after waves `a` and `b` swapped places.
    pub fn waves_swapped(&mut self, scorer: &Scorer<'_>, plan: &WavePlan, a: usize, b: usize) {
        if !self.in_step(scorer, plan, self.waves) || a >= self.waves || b >= self.waves {
            return;
        }
        let mut apps: Vec<AppIx> = plan.waves()[a].apps.clone();
        apps.extend(&plan.waves()[b].apps);
        self.take_out(scorer, &apps, true);
        self.locked.swap(a, b);
        for &x in &apps {
            self.ranks[x] = plan.ranks()[x];
        }
        self.put_back(scorer, &apps, true);
        self.finish(scorer, &apps);
        self.refresh_shown(scorer, plan);
    }

    /// Bring the analysis up to date after an empty wave was inserted at `at`. Scores do not
    /// change (every app keeps its place before or after every other); the waves after it
    /// are renumbered, and a new first wave makes a new pilot.
    pub fn wave_inserted(&mut self, scorer: &Scorer<'_>, plan: &WavePlan, at: usize) {
        if !self.in_step(scorer, plan, self.waves + 1) {
            return;
        }
        if at > self.waves || !plan.waves()[at].apps.is_empty() {
            self.rebuild(scorer, plan);
            return;
        }
        self.splice_wave(scorer, plan, at, true);
        if self.cands.focus >= at {
            self.cands.focus += 1;
        }
        self.refresh_shown(scorer, plan);
    }

    /// Bring the analysis up to date after the empty wave `at` was removed.
    pub fn wave_removed(&mut self, scorer: &Scorer<'_>, plan: &WavePlan, at: usize) {
        if plan.wave_count() + 1 != self.waves
            || plan.app_count() != self.ranks.len()
            || at >= self.waves
            || self.wave_apps[at] != 0
        {
            self.rebuild(scorer, plan);
            return;
        }
        if self.cands.focus == at {
            if at > 0 {
                // Nothing was in the wave: the wave before it has the same candidates.
                self.cands.focus = at - 1;
            } else {
                // From the new first wave on: take the old second wave's apps in first.
                let second = plan
                    .waves()
                    .first()
                    .map(|w| w.apps.clone())
                    .unwrap_or_default();
                self.take_out(scorer, &second, false);
                self.cands.focus = 1;
                self.put_back(scorer, &second, false);
                self.finish(scorer, &second);
            }
        }
        self.splice_wave(scorer, plan, at, false);
        if self.cands.focus > at {
            self.cands.focus -= 1;
        }
        self.refresh_shown(scorer, plan);
    }

    /// Bring the analysis up to date after a wave was renamed: only what says why nothing
    /// fits names waves.
    pub fn wave_renamed(&mut self, scorer: &Scorer<'_>, plan: &WavePlan) {
        if self.cands.shown.note.is_some() {
            self.refresh_shown(scorer, plan);
        }
    }

    /// Insert (`up`) or remove the empty wave `at`: the waves after it renumbered, and with a
    /// new first wave, the old pilot's apps (or the new pilot's) judged again.
    fn splice_wave(&mut self, scorer: &Scorer<'_>, plan: &WavePlan, at: usize, up: bool) {
        let waves = if up { self.waves + 1 } else { self.waves - 1 };
        // The wave of `plan` that was the pilot (before an insertion) or becomes it.
        let pilot_wave = usize::from(up);
        let pilot: Vec<AppIx> = if at == 0 && waves > pilot_wave {
            plan.waves()[pilot_wave].apps.clone()
        } else {
            Vec::new()
        };
        for &a in &pilot {
            self.app_findings(scorer, a, -1);
        }
        let after = if up { at + 1..waves } else { at..waves };
        self.renumber(scorer, plan, at, after, up);
        self.waves = waves;
        if up {
            self.locked.insert(at, plan.is_locked(at));
            self.wave_apps.insert(at, 0);
            self.wave_stateful.insert(at, 0);
            self.wave_ease.insert(at, 0);
            self.cost.insert_wave(at, waves);
        } else {
            self.locked.remove(at);
            self.wave_apps.remove(at);
            self.wave_stateful.remove(at);
            self.wave_ease.remove(at);
            self.cost.remove_wave(at, waves);
        }
        for &a in &pilot {
            self.app_findings(scorer, a, 1);
        }
        if at == 0 {
            // The pilot's limit moved with it.
            for w in 0..waves.min(2) {
                self.refresh_capacity(w);
            }
        }
    }

    /// Renumber what comes after a wave inserted (`up`) or removed at `at`: the findings'
    /// waves, the ranks of the apps of the plan's waves `after`, and their cycle groups.
    fn renumber(
        &mut self,
        scorer: &Scorer<'_>,
        plan: &WavePlan,
        at: usize,
        after: std::ops::Range<usize>,
        up: bool,
    ) {
        self.found.shift_waves(at as u32, up);
        let mut groups = Vec::new();
        for w in after {
            for &a in &plan.waves()[w].apps {
                if up {
                    self.ranks[a] += 1;
                } else {
                    self.ranks[a] -= 1;
                }
                groups.extend(scorer.graph.group_of(a));
            }
        }
        groups.sort_unstable();
        groups.dedup();
        for g in groups {
            self.groups[g].shift(at as u32, up);
        }
    }

    /// Bring the analysis up to date after the plan's capacity changed.
    pub fn capacity_changed(&mut self, scorer: &Scorer<'_>, plan: &WavePlan) {
        self.rebuild(scorer, plan);
    }

    /// Recommendations for another wave (0-based; the wave count means a new wave). The
    /// candidates change by the apps of the waves between the two.
    pub fn refocus(&mut self, scorer: &Scorer<'_>, plan: &WavePlan, focus: usize) {
        let old = self.cands.focus;
        if focus == old {
            return;
        }
        if !self.in_step(scorer, plan, self.waves) {
            self.refocus(scorer, plan, focus);
            return;
        }
        let (lo, hi) = (old.min(focus), old.max(focus));
        let apps: Vec<AppIx> = (lo + 1..(hi + 1).min(self.waves))
            .flat_map(|w| plan.waves()[w].apps.iter().copied())
            .collect();
        self.take_out(scorer, &apps, false);
        self.cands.focus = focus;
        self.put_back(scorer, &apps, false);
        self.finish(scorer, &apps);
        self.refresh_shown(scorer, plan);
    }

    /// Change how many recommendations are kept.
    pub fn set_top(&mut self, scorer: &Scorer<'_>, plan: &WavePlan, top: usize) {
        self.cands.top = top;
        self.refresh_shown(scorer, plan);
    }
}

//! The analysis kept up to date edit by edit, at the cost of what the edit changes: a move
//! takes out what the moved apps and their edges gave (scores, hybrid cost, findings, their
//! units among the candidates) and puts it back from their new place; a cycle group's members
//! are kept sorted by wave, so only the members between the two waves are scored again; wave
//! insertions and removals renumber what comes after; a lock, a pin or a new focus changes the
//! candidates it touches. Property tests check that it always equals `analyze` and `recommend`
//! run from scratch.

mod candidates;
mod cost;
mod fenwick;
mod findings;
mod groups;

use crate::diagnostic::Severity;
use crate::graph::AppIx;
use crate::score::{Scorer, Scores};

use super::findings::hard_crossing;
use super::hybrid::HybridCost;
use super::recommend::Recommendation;
use super::{Analysis, Capacity, WaveFigures, WavePlan};
use candidates::{Candidates, together};
use cost::WaveCosts;
use findings::FindingState;
use groups::GroupRanks;

/// A live analysis of one plan, with the recommendations for one focused wave.
#[derive(Debug, Clone)]
pub struct LiveAnalysis {
    capacity: Capacity,
    /// The plan as the analysis last saw it: its number of waves, each app's rank, which waves
    /// are locked and which apps pinned.
    waves: usize,
    ranks: Vec<u32>,
    locked: Vec<bool>,
    pinned: Vec<bool>,
    /// By the capacity: which apps are stateful, which unfit for the pilot.
    stateful: Vec<bool>,
    pilot_unfit: Vec<bool>,
    /// Raw coupling points of each app in its scored wave: edge part and split-group part.
    edge_points: Vec<u32>,
    split_points: Vec<u32>,
    scores: Vec<Scores>,
    groups: Vec<GroupRanks>,
    cost: WaveCosts,
    wave_apps: Vec<usize>,
    wave_stateful: Vec<usize>,
    wave_ease: Vec<u64>,
    planned: usize,
    found: FindingState,
    cands: Candidates,
    // An edit in progress: its apps, the apps to score again, the groups (with the ranks
    // between which members are to be scored again) and the waves it changed.
    in_batch: Vec<bool>,
    left: Vec<bool>,
    touched: Vec<AppIx>,
    touched_mark: Vec<bool>,
    group_range: Vec<Option<(u32, u32)>>,
    dirty_groups: Vec<u32>,
    dirty_waves: Vec<usize>,
    // What changed for the board since it last asked.
    changed: Vec<AppIx>,
    changed_mark: Vec<bool>,
    all_changed: bool,
}

/// What changed since the board last asked: every app (a new analysis), or the apps whose
/// scores or waves changed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Changes {
    All,
    Apps(Vec<AppIx>),
}

/// `value` with `points` added (`sign` 1) or taken out (-1).
fn bump(value: u32, points: u32, sign: i32) -> u32 {
    if sign > 0 {
        value.wrapping_add(points)
    } else {
        value.wrapping_sub(points)
    }
}

impl LiveAnalysis {
    /// Analyse `plan` from scratch, with the top `top` recommendations for wave `focus`.
    pub fn new(scorer: &Scorer<'_>, plan: &WavePlan, focus: usize, top: usize) -> LiveAnalysis {
        let mut live = LiveAnalysis {
            capacity: *plan.capacity(),
            waves: 0,
            ranks: Vec::new(),
            locked: Vec::new(),
            pinned: Vec::new(),
            stateful: Vec::new(),
            pilot_unfit: Vec::new(),
            edge_points: Vec::new(),
            split_points: Vec::new(),
            scores: Vec::new(),
            groups: Vec::new(),
            cost: WaveCosts::default(),
            wave_apps: Vec::new(),
            wave_stateful: Vec::new(),
            wave_ease: Vec::new(),
            planned: 0,
            found: FindingState::default(),
            cands: Candidates::for_wave(focus, top),
            in_batch: Vec::new(),
            left: Vec::new(),
            touched: Vec::new(),
            touched_mark: Vec::new(),
            group_range: Vec::new(),
            dirty_groups: Vec::new(),
            dirty_waves: Vec::new(),
            changed: Vec::new(),
            changed_mark: Vec::new(),
            all_changed: true,
        };
        live.rebuild(scorer, plan);
        live
    }

    /// Recompute everything for `plan`.
    pub fn rebuild(&mut self, scorer: &Scorer<'_>, plan: &WavePlan) {
        let graph = scorer.graph;
        let n = graph.app_count();
        let apps = &scorer.portfolio.apps;
        self.capacity = *plan.capacity();
        self.waves = plan.wave_count();
        let k = self.waves as u32;
        self.ranks = plan.ranks().to_vec();
        self.locked = (0..self.waves).map(|w| plan.is_locked(w)).collect();
        self.pinned = (0..n).map(|a| plan.is_pinned(a)).collect();
        self.stateful = apps.iter().map(|a| self.capacity.is_stateful(a)).collect();
        self.pilot_unfit = apps
            .iter()
            .map(|a| self.capacity.pilot_breaks(a).any())
            .collect();
        // Scores' edge part, the hybrid cost and the open hard edges, in one pass.
        let ranks = &self.ranks;
        let mut edge_points = vec![0u32; n];
        let mut cost = WaveCosts::new(self.waves);
        let mut found = FindingState {
            error_marks: vec![0; n],
            warning_marks: vec![0; n],
            split: vec![false; graph.cycle_groups().len()],
            hard: vec![false; scorer.edge_facts().len()],
            ..FindingState::default()
        };
        let mut open = Vec::new();
        for (e, f) in scorer.edge_facts().iter().enumerate() {
            let (a, b) = (f.from as usize, f.to as usize);
            if ranks[b] > ranks[a].min(k) {
                edge_points[a] = edge_points[a].wrapping_add(f.out_points);
            }
            if ranks[a] > ranks[b].min(k) {
                edge_points[b] = edge_points[b].wrapping_add(f.in_points);
            }
            cost.add_raw(ranks[a], ranks[b], self.waves, f.hybrid);
            if hard_crossing(f, ranks) {
                found.hard[e] = true;
                found.warning_marks[a] += 1;
                found.warning_marks[b] += 1;
                open.push(e as u32);
            }
        }
        found.warnings = open.len();
        found.hard_set = open.into_iter().collect();
        cost.resum(self.waves);
        self.edge_points = edge_points;
        self.cost = cost;
        self.found = found;
        self.groups = graph
            .cycle_groups()
            .iter()
            .map(|g| {
                GroupRanks::of(
                    g.members
                        .iter()
                        .map(|&m| (self.ranks[m], m as u32, graph.is_movable(m))),
                )
            })
            .collect();
        self.split_points = vec![0; n];
        for (g, group) in graph.cycle_groups().iter().enumerate() {
            for &m in &group.members {
                self.split_points[m] = self.split_of(scorer, g, m);
            }
        }
        self.scores = (0..n).map(|a| self.score_of(scorer, a)).collect();
        // Waves.
        self.wave_apps = plan.waves().iter().map(|w| w.apps.len()).collect();
        self.wave_stateful = plan
            .waves()
            .iter()
            .map(|w| w.apps.iter().filter(|&&a| self.stateful[a]).count())
            .collect();
        self.wave_ease = plan
            .waves()
            .iter()
            .map(|w| w.apps.iter().map(|&a| self.scores[a].ease as u64).sum())
            .collect();
        self.planned = self.wave_apps.iter().sum();
        // Findings.
        for w in plan.waves() {
            for &a in &w.apps {
                self.app_findings(scorer, a, 1);
            }
        }
        for g in 0..self.groups.len() {
            self.refresh_split(scorer, g);
        }
        for w in 0..self.waves {
            self.refresh_capacity(w);
        }
        // An edit's bookkeeping.
        self.in_batch = vec![false; n];
        self.left = vec![false; n];
        self.touched.clear();
        self.touched_mark = vec![false; n];
        self.group_range = vec![None; self.groups.len()];
        self.dirty_groups.clear();
        self.dirty_waves.clear();
        self.changed.clear();
        self.changed_mark = vec![false; n];
        self.all_changed = true;
        // Candidates.
        self.rebuild_candidates(scorer);
        self.refresh_shown(scorer, plan);
    }

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
        let waves = self.waves + 1;
        let old_pilot: Vec<AppIx> = if at == 0 && waves > 1 {
            plan.waves()[1].apps.clone()
        } else {
            Vec::new()
        };
        for &a in &old_pilot {
            self.app_findings(scorer, a, -1);
        }
        self.found.shift_waves(at as u32, true);
        let mut groups = Vec::new();
        for w in at + 1..waves {
            for &a in &plan.waves()[w].apps {
                self.ranks[a] += 1;
                groups.extend(scorer.graph.group_of(a));
            }
        }
        self.shift_groups(groups, at as u32, true);
        self.waves = waves;
        self.locked.insert(at, plan.is_locked(at));
        self.wave_apps.insert(at, 0);
        self.wave_stateful.insert(at, 0);
        self.wave_ease.insert(at, 0);
        self.cost.insert_wave(at, waves);
        for &a in &old_pilot {
            self.app_findings(scorer, a, 1);
        }
        if at == 0 {
            // The pilot's limit moved with it.
            for w in 0..waves.min(2) {
                self.refresh_capacity(w);
            }
        }
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
        let waves = self.waves - 1;
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
        let new_pilot: Vec<AppIx> = if at == 0 && waves > 0 {
            plan.waves()[0].apps.clone()
        } else {
            Vec::new()
        };
        for &a in &new_pilot {
            self.app_findings(scorer, a, -1);
        }
        self.found.shift_waves(at as u32, false);
        let mut groups = Vec::new();
        for w in at..waves {
            for &a in &plan.waves()[w].apps {
                self.ranks[a] -= 1;
                groups.extend(scorer.graph.group_of(a));
            }
        }
        self.shift_groups(groups, at as u32, false);
        self.waves = waves;
        self.locked.remove(at);
        self.wave_apps.remove(at);
        self.wave_stateful.remove(at);
        self.wave_ease.remove(at);
        self.cost.remove_wave(at, waves);
        for &a in &new_pilot {
            self.app_findings(scorer, a, 1);
        }
        if at == 0 {
            for w in 0..waves.min(2) {
                self.refresh_capacity(w);
            }
        }
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

    fn shift_groups(&mut self, mut groups: Vec<usize>, at: u32, up: bool) {
        groups.sort_unstable();
        groups.dedup();
        for g in groups {
            self.groups[g].shift(at, up);
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

    /// Take out what `apps` give under the analysis's current state: their own place
    /// (`plan_side`: their waves, findings and group, with their edges' scores, hybrid cost and
    /// hard findings) and what they are among the candidates.
    fn take_out(&mut self, scorer: &Scorer<'_>, apps: &[AppIx], plan_side: bool) {
        for &a in apps {
            self.in_batch[a] = true;
        }
        for &a in apps {
            if plan_side {
                self.leave(scorer, a);
            }
            self.dirty_unit(scorer.graph, a);
            self.edges_of(scorer, a, -1, plan_side);
        }
    }

    /// Put back what `apps` give under the analysis's new state.
    fn put_back(&mut self, scorer: &Scorer<'_>, apps: &[AppIx], plan_side: bool) {
        for &a in apps {
            if plan_side {
                self.enter(scorer, a);
            }
            self.dirty_unit(scorer.graph, a);
            self.edges_of(scorer, a, 1, plan_side);
        }
    }

    /// End an edit of `apps`: score again the apps it touched (and the group members between
    /// the waves it moved them across), judge the waves it changed, and place its units.
    fn finish(&mut self, scorer: &Scorer<'_>, apps: &[AppIx]) {
        let groups = std::mem::take(&mut self.dirty_groups);
        for &g in &groups {
            let g = g as usize;
            if let Some((lo, hi)) = self.group_range[g].take() {
                let between: Vec<u32> = self.groups[g]
                    .between(lo, hi)
                    .iter()
                    .map(|&(_, m)| m)
                    .collect();
                for m in between {
                    let m = m as usize;
                    self.split_points[m] = self.split_of(scorer, g, m);
                    self.touch(m);
                }
            }
            self.refresh_split(scorer, g);
        }
        self.dirty_groups = groups;
        self.dirty_groups.clear();
        let touched = std::mem::take(&mut self.touched);
        for &a in &touched {
            self.touched_mark[a] = false;
            let new = self.score_of(scorer, a);
            let w = self.ranks[a] as usize;
            if w < self.waves {
                // A moved app's old ease left its old wave with it.
                let before = if self.left[a] {
                    0
                } else {
                    u64::from(self.scores[a].ease)
                };
                self.wave_ease[w] = self.wave_ease[w] - before + u64::from(new.ease);
            }
            self.left[a] = false;
            if new != self.scores[a] || self.in_batch[a] {
                self.mark_changed(a);
            }
            self.scores[a] = new;
        }
        self.touched = touched;
        self.touched.clear();
        let waves = std::mem::take(&mut self.dirty_waves);
        for &w in &waves {
            self.refresh_capacity(w);
        }
        self.dirty_waves = waves;
        self.dirty_waves.clear();
        self.refresh_units(scorer);
        for &a in apps {
            self.in_batch[a] = false;
        }
    }

    /// The app leaves its place: its wave's figures and findings, its group's ranks.
    fn leave(&mut self, scorer: &Scorer<'_>, a: AppIx) {
        let r = self.ranks[a];
        if (r as usize) < self.waves {
            let w = r as usize;
            self.wave_apps[w] -= 1;
            self.wave_stateful[w] -= usize::from(self.stateful[a]);
            self.wave_ease[w] -= u64::from(self.scores[a].ease);
            self.planned -= 1;
            self.dirty_waves.push(w);
            self.app_findings(scorer, a, -1);
        }
        self.left[a] = true;
        if let Some(g) = scorer.graph.group_of(a) {
            self.groups[g].remove(r, a as u32, scorer.graph.is_movable(a));
            self.dirty_group(g, r);
        }
        self.touch(a);
    }

    /// The app takes its new place (its ease joins its wave once it is scored again).
    fn enter(&mut self, scorer: &Scorer<'_>, a: AppIx) {
        let r = self.ranks[a];
        if (r as usize) < self.waves {
            let w = r as usize;
            self.wave_apps[w] += 1;
            self.wave_stateful[w] += usize::from(self.stateful[a]);
            self.planned += 1;
            self.dirty_waves.push(w);
            self.app_findings(scorer, a, 1);
        }
        if let Some(g) = scorer.graph.group_of(a) {
            self.groups[g].insert(r, a as u32, scorer.graph.is_movable(a));
            self.dirty_group(g, r);
        }
        self.touch(a);
    }

    /// Take out or put back every edge of `a`, once each when both ends are in the edit.
    fn edges_of(&mut self, scorer: &Scorer<'_>, a: AppIx, sign: i32, plan_side: bool) {
        let graph = scorer.graph;
        let facts = scorer.edge_facts();
        for &e in graph.outgoing_ids(a) {
            self.edge(scorer, e as usize, sign, plan_side);
        }
        for &e in graph.incoming_ids(a) {
            if !self.in_batch[facts[e as usize].from as usize] {
                self.edge(scorer, e as usize, sign, plan_side);
            }
        }
    }

    /// Take out (`sign` -1) or put back (1) what edge `e` gives its ends under the current
    /// state.
    fn edge(&mut self, scorer: &Scorer<'_>, e: usize, sign: i32, plan_side: bool) {
        let graph = scorer.graph;
        let f = scorer.edge_facts()[e];
        let (a, b) = (f.from as usize, f.to as usize);
        let (ra, rb) = (self.ranks[a], self.ranks[b]);
        if plan_side {
            let k = self.waves as u32;
            if rb > ra.min(k) {
                self.edge_points[a] = bump(self.edge_points[a], f.out_points, sign);
                self.touch(a);
            }
            if ra > rb.min(k) {
                self.edge_points[b] = bump(self.edge_points[b], f.in_points, sign);
                self.touch(b);
            }
            self.cost.add(ra, rb, self.waves, f.hybrid, i64::from(sign));
            if sign < 0 {
                self.set_hard(scorer, e, false);
            } else {
                self.refresh_hard(scorer, e);
            }
        }
        let k = self.cands.focus as u32;
        if ra > k && rb > k && !together(graph, a, b) {
            self.cands.points[a] = bump(self.cands.points[a], f.out_points, sign);
            self.cands.points[b] = bump(self.cands.points[b], f.in_points, sign);
            self.dirty_unit(graph, a);
            self.dirty_unit(graph, b);
        }
        if f.hard {
            self.hard_edge(graph, a, b, sign);
        }
    }

    fn touch(&mut self, a: AppIx) {
        if !self.touched_mark[a] {
            self.touched_mark[a] = true;
            self.touched.push(a);
        }
    }

    fn dirty_group(&mut self, g: usize, rank: u32) {
        match &mut self.group_range[g] {
            Some((lo, hi)) => {
                *lo = (*lo).min(rank);
                *hi = (*hi).max(rank);
            }
            none => {
                *none = Some((rank, rank));
                self.dirty_groups.push(g as u32);
            }
        }
    }

    fn mark_changed(&mut self, a: AppIx) {
        if !self.all_changed && !self.changed_mark[a] {
            self.changed_mark[a] = true;
            self.changed.push(a);
        }
    }

    /// What changed since the last call: the apps whose scores or waves changed, or all.
    pub fn take_changes(&mut self) -> Changes {
        if std::mem::take(&mut self.all_changed) {
            self.changed.clear();
            return Changes::All;
        }
        for &a in &self.changed {
            self.changed_mark[a] = false;
        }
        Changes::Apps(std::mem::take(&mut self.changed))
    }

    pub fn focus(&self) -> usize {
        self.cands.focus
    }

    pub fn recommendations(&self) -> &[Recommendation] {
        &self.cands.shown.items
    }

    /// Why no recommendation fits the focused wave, when none does.
    pub fn note(&self) -> Option<&str> {
        self.cands.shown.note.as_deref()
    }

    /// Scores of every app: planned apps in their wave, the others as if they moved next.
    pub fn scores(&self) -> &[Scores] {
        &self.scores
    }

    /// The plan's hybrid cost.
    pub fn hybrid_total(&self) -> u64 {
        self.cost.total()
    }

    /// The hybrid cost wave by wave.
    pub fn hybrid(&self) -> HybridCost {
        self.cost.hybrid(self.waves)
    }

    pub fn errors(&self) -> usize {
        self.found.errors
    }

    pub fn warnings(&self) -> usize {
        self.found.warnings
    }

    /// The worst finding that names `app`.
    pub fn mark(&self, app: AppIx) -> Option<Severity> {
        if self.found.error_marks[app] > 0 {
            Some(Severity::Error)
        } else if self.found.warning_marks[app] > 0 {
            Some(Severity::Warning)
        } else {
            None
        }
    }

    /// Number of apps in a wave.
    pub fn planned(&self) -> usize {
        self.planned
    }

    /// The figures of wave `w`.
    pub fn wave_figure(&self, w: usize) -> WaveFigures {
        let (hybrid_cost, hybrid_links) = self.cost.after(w);
        let apps = self.wave_apps[w];
        WaveFigures {
            apps,
            stateful: self.wave_stateful[w],
            hybrid_links,
            hybrid_cost,
            mean_ease: if apps == 0 {
                0.0
            } else {
                self.wave_ease[w] as f64 / apps as f64
            },
        }
    }

    /// The figures of every wave.
    pub fn wave_figures(&self) -> Vec<WaveFigures> {
        let hybrid = self.hybrid();
        (0..self.waves)
            .map(|w| WaveFigures {
                hybrid_links: hybrid.links_after[w],
                hybrid_cost: hybrid.after_wave[w],
                ..self.wave_figure(w)
            })
            .collect()
    }

    /// The whole analysis as `analyze` returns it.
    pub fn to_analysis(&self, scorer: &Scorer<'_>, plan: &WavePlan) -> Analysis {
        let n = self.scores.len();
        Analysis {
            scores: self.scores.clone(),
            findings: self.findings(scorer, plan),
            hybrid: self.hybrid(),
            waves: self.wave_figures(),
            planned: self.planned(),
            movable: scorer.graph.movable_count(),
            errors: self.errors(),
            warnings: self.warnings(),
            marks: (0..n).map(|a| self.mark(a)).collect(),
        }
    }

    fn score_of(&self, scorer: &Scorer<'_>, a: AppIx) -> Scores {
        scorer.scores_from_coupling(a, self.edge_points[a].saturating_add(self.split_points[a]))
    }

    /// The split-group points of member `m` of cycle group `g`: the members past its wave.
    fn split_of(&self, scorer: &Scorer<'_>, g: usize, m: AppIx) -> u32 {
        let rank = self.ranks[m];
        let at = rank.min(self.waves as u32);
        let behind = self.groups[g].past(at) - usize::from(rank > at);
        if behind > 0 {
            crate::score::split_points(&scorer.weights.coupling, behind)
        } else {
            0
        }
    }
}

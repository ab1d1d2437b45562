//! The analysis kept up to date edit by edit: after an app moves, only what the move can change
//! is recomputed (the app, its partners, its cycle group, the two waves, its edges' share of the
//! hybrid cost). Other edits (new, deleted or reordered waves, a new plan) rebuild it whole.
//! Property tests check that it always equals `analyze` and `recommend` run from scratch.

use crate::diagnostic::Severity;
use crate::graph::AppIx;
use crate::score::{Scorer, Scores};

use super::findings::{self, Finding, FindingKind};
use super::hybrid::HybridCost;
use super::recommend::{Recommendation, Recommendations, recommend_with};
use super::{Analysis, Capacity, WaveFigures, WavePlan};

/// A live analysis of one plan, with the recommendations for one focused wave.
#[derive(Debug, Clone)]
pub struct LiveAnalysis {
    capacity: Capacity,
    /// Number of waves when last synchronised.
    waves: usize,
    /// The plan's ranks when last synchronised.
    ranks: Vec<u32>,
    /// Raw coupling points of each app in its scored wave: edge part and split-group part.
    edge_points: Vec<u32>,
    split_points: Vec<u32>,
    scores: Vec<Scores>,
    /// Difference arrays of the hybrid cost and links (length waves + 1).
    cost_diff: Vec<i64>,
    link_diff: Vec<i64>,
    hybrid: HybridCost,
    wave_apps: Vec<usize>,
    wave_stateful: Vec<usize>,
    wave_ease: Vec<u64>,
    // Findings, as state.
    split: Vec<bool>,
    hard_crossing: Vec<bool>,
    errors: usize,
    warnings: usize,
    error_marks: Vec<u32>,
    warning_marks: Vec<u32>,
    // Recommendations.
    focus: usize,
    top: usize,
    candidates: Vec<u32>,
    recommendations: Recommendations,
}

impl LiveAnalysis {
    /// Analyse `plan` from scratch, with the top `top` recommendations for wave `focus`.
    pub fn new(scorer: &Scorer<'_>, plan: &WavePlan, focus: usize, top: usize) -> LiveAnalysis {
        let n = scorer.graph.app_count();
        let mut live = LiveAnalysis {
            capacity: *plan.capacity(),
            waves: 0,
            ranks: Vec::new(),
            edge_points: vec![0; n],
            split_points: vec![0; n],
            scores: Vec::new(),
            cost_diff: Vec::new(),
            link_diff: Vec::new(),
            hybrid: HybridCost::default(),
            wave_apps: Vec::new(),
            wave_stateful: Vec::new(),
            wave_ease: Vec::new(),
            split: Vec::new(),
            hard_crossing: Vec::new(),
            errors: 0,
            warnings: 0,
            error_marks: vec![0; n],
            warning_marks: vec![0; n],
            focus,
            top,
            candidates: Vec::new(),
            recommendations: Recommendations::default(),
        };
        live.rebuild(scorer, plan);
        live
    }

    /// Recompute everything for `plan`.
    pub fn rebuild(&mut self, scorer: &Scorer<'_>, plan: &WavePlan) {
        let graph = scorer.graph;
        let n = graph.app_count();
        self.capacity = *plan.capacity();
        self.waves = plan.wave_count();
        self.ranks = plan.ranks().to_vec();
        let k = self.waves as u32;
        let ranks = &self.ranks;
        // Coupling: edge part in one pass, then the split-group part.
        self.edge_points = vec![0; n];
        let at = |a: usize| ranks[a].min(k);
        for e in scorer.edge_facts() {
            let (f, t) = (e.from as usize, e.to as usize);
            if ranks[t] > at(f) {
                self.edge_points[f] += e.out_points;
            }
            if ranks[f] > at(t) {
                self.edge_points[t] += e.in_points;
            }
        }
        self.split_points = vec![0; n];
        for g in 0..graph.cycle_groups().len() {
            self.refresh_group_split(scorer, g);
        }
        self.scores = (0..n).map(|a| self.score_of(scorer, a)).collect();
        // Hybrid cost.
        self.cost_diff = vec![0; self.waves + 1];
        self.link_diff = vec![0; self.waves + 1];
        for e in scorer.edge_facts() {
            let (a, b) = (self.ranks[e.from as usize], self.ranks[e.to as usize]);
            self.add_interval(a, b, e.hybrid, 1);
        }
        self.refresh_hybrid();
        // Waves.
        self.wave_apps = plan.waves().iter().map(|w| w.apps.len()).collect();
        self.wave_stateful = plan
            .waves()
            .iter()
            .map(|w| w.apps.iter().filter(|&&a| self.stateful(scorer, a)).count())
            .collect();
        self.wave_ease = plan
            .waves()
            .iter()
            .map(|w| w.apps.iter().map(|&a| self.scores[a].ease as u64).sum())
            .collect();
        // Findings.
        self.errors = 0;
        self.warnings = 0;
        self.error_marks = vec![0; n];
        self.warning_marks = vec![0; n];
        for a in 0..n {
            if self.ranks[a] != u32::MAX {
                self.app_findings(scorer, a, 1);
            }
        }
        self.split = vec![false; graph.cycle_groups().len()];
        for g in 0..self.split.len() {
            self.refresh_split_finding(scorer, g);
        }
        self.hard_crossing = vec![false; scorer.edge_facts().len()];
        for e in 0..self.hard_crossing.len() {
            self.refresh_hard_finding(scorer, e);
        }
        for w in 0..self.waves {
            self.count_capacity(w, 1);
        }
        self.refocus(scorer, plan, self.focus);
    }

    /// Bring the analysis up to date after `app` moved (the plan already holds the move). Any
    /// other edit needs `rebuild`; a change in the number of waves is caught and rebuilt.
    pub fn app_moved(&mut self, scorer: &Scorer<'_>, plan: &WavePlan, app: AppIx) {
        if plan.wave_count() != self.waves || plan.app_count() != self.ranks.len() {
            self.rebuild(scorer, plan);
            return;
        }
        let old = self.ranks[app];
        let new = plan.ranks()[app];
        if old == new {
            return;
        }
        let graph = scorer.graph;
        let k = self.waves as u32;
        let facts = scorer.edge_facts();
        let edges: Vec<u32> = graph
            .outgoing_ids(app)
            .iter()
            .chain(graph.incoming_ids(app))
            .copied()
            .collect();

        // Take out what depends on the old place.
        if old != u32::MAX {
            self.app_findings(scorer, app, -1);
        }
        for &e in &edges {
            let f = facts[e as usize];
            self.add_interval(
                self.ranks[f.from as usize],
                self.ranks[f.to as usize],
                f.hybrid,
                -1,
            );
            self.candidate_edge(scorer, e as usize, -1);
            if self.hard_crossing[e as usize] {
                self.set_hard(scorer, e as usize, false);
            }
        }
        for w in [old, new] {
            if (w as usize) < self.waves {
                self.count_capacity(w as usize, -1);
            }
        }
        self.candidate_split(scorer, app, -1);
        let mut touched: Vec<AppIx> = vec![app];

        // Move.
        self.ranks[app] = new;
        if (old as usize) < self.waves {
            self.wave_apps[old as usize] -= 1;
            self.wave_stateful[old as usize] -= usize::from(self.stateful(scorer, app));
            self.wave_ease[old as usize] -= self.scores[app].ease as u64;
        }
        if (new as usize) < self.waves {
            self.wave_apps[new as usize] += 1;
            self.wave_stateful[new as usize] += usize::from(self.stateful(scorer, app));
            // the app's new ease is added below, with the other touched apps
        }

        // Coupling: the app itself in full, partners by the one edge each.
        let at = |ranks: &[u32], a: usize| ranks[a].min(k);
        let mut own = 0;
        for &e in &edges {
            let f = facts[e as usize];
            // (partner, points the app gets, points the partner gets) for this edge
            let (partner, mine, theirs) = if f.from as usize == app {
                (f.to as usize, f.out_points, f.in_points)
            } else {
                (f.from as usize, f.in_points, f.out_points)
            };
            if self.ranks[partner] > at(&self.ranks, app) {
                own += mine;
            }
            let before = old > at(&self.ranks, partner);
            let after = new > at(&self.ranks, partner);
            self.edge_points[partner] = bump(self.edge_points[partner], theirs, before, after);
            touched.push(partner);
        }
        self.edge_points[app] = own;
        if let Some(g) = graph.group_of(app) {
            touched.extend(self.refresh_group_split(scorer, g));
        }
        touched.sort_unstable();
        touched.dedup();
        for &a in &touched {
            let score = self.score_of(scorer, a);
            let w = self.ranks[a] as usize;
            if w < self.waves {
                let before = if a == app {
                    0
                } else {
                    self.scores[a].ease as u64
                };
                self.wave_ease[w] = self.wave_ease[w] - before + score.ease as u64;
            }
            self.scores[a] = score;
        }

        // Put back what depends on the new place.
        for &e in &edges {
            let f = facts[e as usize];
            self.add_interval(
                self.ranks[f.from as usize],
                self.ranks[f.to as usize],
                f.hybrid,
                1,
            );
            self.candidate_edge(scorer, e as usize, 1);
            self.refresh_hard_finding(scorer, e as usize);
        }
        self.refresh_hybrid();
        for w in [old, new] {
            if (w as usize) < self.waves {
                self.count_capacity(w as usize, 1);
            }
        }
        self.candidate_split(scorer, app, 1);
        if new != u32::MAX {
            self.app_findings(scorer, app, 1);
        }
        if let Some(g) = graph.group_of(app) {
            self.refresh_split_finding(scorer, g);
        }
        self.recommendations = self.recommend(scorer, plan);
    }

    /// Recommendations for another wave (0-based; the wave count means a new wave).
    pub fn refocus(&mut self, scorer: &Scorer<'_>, plan: &WavePlan, focus: usize) {
        self.focus = focus;
        self.candidates = scorer.candidate_couplings(&self.ranks, focus as u32);
        self.recommendations = self.recommend(scorer, plan);
    }

    /// Change how many recommendations are kept.
    pub fn set_top(&mut self, scorer: &Scorer<'_>, plan: &WavePlan, top: usize) {
        self.top = top;
        self.recommendations = self.recommend(scorer, plan);
    }

    pub fn focus(&self) -> usize {
        self.focus
    }

    pub fn recommendations(&self) -> &[Recommendation] {
        &self.recommendations.items
    }

    /// Why no recommendation fits the focused wave, when none does.
    pub fn note(&self) -> Option<&str> {
        self.recommendations.note.as_deref()
    }

    fn recommend(&self, scorer: &Scorer<'_>, plan: &WavePlan) -> Recommendations {
        let load = if self.focus < self.waves {
            (self.wave_apps[self.focus], self.wave_stateful[self.focus])
        } else {
            (0, 0)
        };
        recommend_with(scorer, plan, self.focus, self.top, &self.candidates, load)
    }

    /// Scores of every app: planned apps in their wave, the others as if they moved next.
    pub fn scores(&self) -> &[Scores] {
        &self.scores
    }

    pub fn hybrid(&self) -> &HybridCost {
        &self.hybrid
    }

    pub fn errors(&self) -> usize {
        self.errors
    }

    pub fn warnings(&self) -> usize {
        self.warnings
    }

    /// The worst finding that names `app`.
    pub fn mark(&self, app: AppIx) -> Option<Severity> {
        if self.error_marks[app] > 0 {
            Some(Severity::Error)
        } else if self.warning_marks[app] > 0 {
            Some(Severity::Warning)
        } else {
            None
        }
    }

    /// Number of apps in a wave.
    pub fn planned(&self) -> usize {
        self.wave_apps.iter().sum()
    }

    /// The figures of every wave.
    pub fn wave_figures(&self) -> Vec<WaveFigures> {
        (0..self.waves)
            .map(|w| WaveFigures {
                apps: self.wave_apps[w],
                stateful: self.wave_stateful[w],
                hybrid_links: self.hybrid.links_after[w],
                hybrid_cost: self.hybrid.after_wave[w],
                mean_ease: if self.wave_apps[w] == 0 {
                    0.0
                } else {
                    self.wave_ease[w] as f64 / self.wave_apps[w] as f64
                },
            })
            .collect()
    }

    /// Every finding, in the order `analyze` gives them.
    pub fn findings(&self, scorer: &Scorer<'_>, plan: &WavePlan) -> Vec<Finding> {
        findings::assemble(
            scorer,
            plan,
            |g| self.split[g],
            |e| self.hard_crossing[e],
            |w| (self.wave_apps[w], self.wave_stateful[w]),
        )
    }

    /// The findings that name `app`, in the order `findings` gives them, without listing the
    /// others (for the detail of one app).
    pub fn findings_for(&self, scorer: &Scorer<'_>, plan: &WavePlan, app: AppIx) -> Vec<Finding> {
        let graph = scorer.graph;
        let warn = |kind| Finding {
            severity: Severity::Warning,
            kind,
        };
        let mut out = Vec::new();
        let rank = self.ranks[app];
        if rank != u32::MAX && !graph.is_movable(app) {
            out.push(Finding {
                severity: Severity::Error,
                kind: FindingKind::NeverMovingPlanned {
                    app,
                    wave: rank as usize,
                },
            });
        }
        if let Some(g) = graph.group_of(app)
            && self.split[g]
        {
            out.push(warn(FindingKind::SplitGroup { group: g }));
        }
        let mut edges: Vec<u32> = graph
            .outgoing_ids(app)
            .iter()
            .chain(graph.incoming_ids(app))
            .copied()
            .filter(|&e| self.hard_crossing[e as usize])
            .collect();
        edges.sort_unstable();
        for e in edges {
            let f = scorer.edge_facts()[e as usize];
            let wave = self.ranks[f.from as usize].min(self.ranks[f.to as usize]) as usize;
            out.push(warn(FindingKind::HardDependencyAcrossBoundary {
                from: f.from as usize,
                to: f.to as usize,
                wave,
            }));
        }
        if rank == 0 && plan.wave_count() > 0 {
            let breaks = findings::pilot_breaks(scorer.portfolio, plan, app);
            if breaks.any() {
                out.push(warn(FindingKind::PilotRule { app, breaks }));
            }
        }
        out
    }

    /// The whole analysis as `analyze` returns it.
    pub fn to_analysis(&self, scorer: &Scorer<'_>, plan: &WavePlan) -> Analysis {
        let n = self.scores.len();
        Analysis {
            scores: self.scores.clone(),
            findings: self.findings(scorer, plan),
            hybrid: self.hybrid.clone(),
            waves: self.wave_figures(),
            planned: self.planned(),
            movable: scorer.graph.movable_count(),
            errors: self.errors,
            warnings: self.warnings,
            marks: (0..n).map(|a| self.mark(a)).collect(),
        }
    }

    fn score_of(&self, scorer: &Scorer<'_>, a: AppIx) -> Scores {
        scorer.scores_from_coupling(a, self.edge_points[a] + self.split_points[a])
    }

    /// Recompute the split-group points of the members of group `g`; returns the members.
    fn refresh_group_split(&mut self, scorer: &Scorer<'_>, g: usize) -> Vec<AppIx> {
        let members = &scorer.graph.cycle_groups()[g].members;
        let w = &scorer.weights.coupling;
        let k = self.waves as u32;
        let mut sorted: Vec<u32> = members.iter().map(|&m| self.ranks[m]).collect();
        sorted.sort_unstable();
        for &m in members {
            let at = self.ranks[m].min(k);
            let past = sorted.len() - sorted.partition_point(|&r| r <= at);
            let behind = past - usize::from(self.ranks[m] > at);
            self.split_points[m] = if behind > 0 {
                w.split_group + w.split_group_member * behind as u32
            } else {
                0
            };
        }
        members.clone()
    }

    /// Add (`sign` 1) or remove (-1) an edge's share of the hybrid cost.
    fn add_interval(&mut self, a: u32, b: u32, weight: u32, sign: i64) {
        let k = self.waves;
        let lo = a.min(b) as usize;
        if lo >= k {
            return;
        }
        let hi = (a.max(b) as usize).min(k);
        if lo == hi {
            return;
        }
        self.cost_diff[lo] += sign * weight as i64;
        self.cost_diff[hi] -= sign * weight as i64;
        self.link_diff[lo] += sign;
        self.link_diff[hi] -= sign;
    }

    fn refresh_hybrid(&mut self) {
        let (mut c, mut l) = (0i64, 0i64);
        self.hybrid.after_wave.clear();
        self.hybrid.links_after.clear();
        for w in 0..self.waves {
            c += self.cost_diff[w];
            l += self.link_diff[w];
            self.hybrid.after_wave.push(c as u64);
            self.hybrid.links_after.push(l as usize);
        }
        self.hybrid.total = self.hybrid.after_wave.iter().sum();
    }

    /// Whether `a` is stateful by the plan's capacity.
    fn stateful(&self, scorer: &Scorer<'_>, a: AppIx) -> bool {
        self.capacity.is_stateful(&scorer.portfolio.apps[a])
    }

    /// Add or remove the findings that name a planned app alone: never-moving app in a wave,
    /// a pilot app that breaks the pilot rule.
    fn app_findings(&mut self, scorer: &Scorer<'_>, a: AppIx, sign: i64) {
        if !scorer.graph.is_movable(a) {
            self.errors = add(self.errors, sign);
            self.error_marks[a] = add(self.error_marks[a] as usize, sign) as u32;
        }
        if self.ranks[a] == 0 && self.capacity.pilot_breaks(&scorer.portfolio.apps[a]).any() {
            self.warnings = add(self.warnings, sign);
            self.warning_marks[a] = add(self.warning_marks[a] as usize, sign) as u32;
        }
    }

    fn refresh_split_finding(&mut self, scorer: &Scorer<'_>, g: usize) {
        let graph = scorer.graph;
        let members = &graph.cycle_groups()[g].members;
        let split = findings::group_is_split(graph, &self.ranks, g);
        if split != self.split[g] {
            self.split[g] = split;
            let sign = if split { 1 } else { -1 };
            self.warnings = add(self.warnings, sign);
            for &m in members {
                self.warning_marks[m] = add(self.warning_marks[m] as usize, sign) as u32;
            }
        }
    }

    fn refresh_hard_finding(&mut self, scorer: &Scorer<'_>, e: usize) {
        let f = &scorer.edge_facts()[e];
        let crossing = findings::hard_crossing(f, &self.ranks);
        if crossing != self.hard_crossing[e] {
            self.set_hard(scorer, e, crossing);
        }
    }

    fn set_hard(&mut self, scorer: &Scorer<'_>, e: usize, crossing: bool) {
        let f = scorer.edge_facts()[e];
        self.hard_crossing[e] = crossing;
        let sign = if crossing { 1 } else { -1 };
        self.warnings = add(self.warnings, sign);
        for a in [f.from as usize, f.to as usize] {
            self.warning_marks[a] = add(self.warning_marks[a] as usize, sign) as u32;
        }
    }

    fn count_capacity(&mut self, w: usize, sign: i64) {
        let over = usize::from(self.wave_apps[w] > self.capacity.apps_limit(w))
            + usize::from(self.wave_stateful[w] > self.capacity.max_stateful);
        for _ in 0..over {
            self.warnings = add(self.warnings, sign);
        }
    }

    /// Add or remove edge `e`'s points in the candidates' couplings for the focused wave.
    fn candidate_edge(&mut self, scorer: &Scorer<'_>, e: usize, sign: i64) {
        let graph = scorer.graph;
        let f = scorer.edge_facts()[e];
        let (a, b) = (f.from as usize, f.to as usize);
        let wave = self.focus as u32;
        if self.ranks[a] > wave && self.ranks[b] > wave {
            let together = graph.move_group_of(a).is_some()
                && graph.move_group_of(a) == graph.move_group_of(b);
            if !together {
                self.candidates[a] =
                    add(self.candidates[a] as usize, sign * f.out_points as i64) as u32;
                self.candidates[b] =
                    add(self.candidates[b] as usize, sign * f.in_points as i64) as u32;
            }
        }
    }

    /// Add or remove `app`'s split-group points as a candidate for the focused wave.
    fn candidate_split(&mut self, scorer: &Scorer<'_>, app: AppIx, sign: i64) {
        let graph = scorer.graph;
        let Some(g) = graph.group_of(app) else {
            return;
        };
        if !graph.is_movable(app) || self.ranks[app] <= self.focus as u32 {
            return;
        }
        let behind = graph.cycle_groups()[g]
            .members
            .iter()
            .filter(|&&m| !graph.is_movable(m))
            .count() as u32;
        if behind > 0 {
            let w = &scorer.weights.coupling;
            let points = w.split_group + w.split_group_member * behind;
            self.candidates[app] = add(self.candidates[app] as usize, sign * points as i64) as u32;
        }
    }
}

fn add(value: usize, delta: i64) -> usize {
    (value as i64 + delta).max(0) as usize
}

/// `value` with `points` taken out when `before` held and put in when `after` holds.
fn bump(value: u32, points: u32, before: bool, after: bool) -> u32 {
    value - if before { points } else { 0 } + if after { points } else { 0 }
}

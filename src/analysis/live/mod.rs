//! The analysis kept up to date edit by edit, at the cost of what the edit changes: a move
//! takes out what the moved apps and their edges gave (scores, hybrid cost, findings, their
//! units among the candidates) and puts it back from their new place; a cycle group's members
//! are kept sorted by wave, so only the members between the two waves are scored again; wave
//! insertions and removals renumber what comes after; a lock, a pin or a new focus changes the
//! candidates it touches. Property tests check that it always equals `analyze` and `recommend`
//! run from scratch.

mod batch;
mod candidates;
mod cost;
mod edits;
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
use candidates::Candidates;
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
        self.read_plan(scorer, plan);
        self.score_edges(scorer);
        self.score_groups(scorer);
        self.scores = (0..scorer.graph.app_count())
            .map(|a| self.score_of(scorer, a))
            .collect();
        self.count_waves(plan);
        self.judge_plan(scorer, plan);
        self.reset_edit(scorer.graph.app_count());
        // Candidates.
        self.rebuild_candidates(scorer);
        self.refresh_shown(scorer, plan);
    }

    /// Take from `plan` its waves, ranks, locks and pins, and from its capacity which apps
    /// are stateful and which unfit for the pilot.
    fn read_plan(&mut self, scorer: &Scorer<'_>, plan: &WavePlan) {
        let n = scorer.graph.app_count();
        let apps = &scorer.portfolio.apps;
        self.capacity = *plan.capacity();
        self.waves = plan.wave_count();
        self.ranks = plan.ranks().to_vec();
        self.locked = (0..self.waves).map(|w| plan.is_locked(w)).collect();
        self.pinned = (0..n).map(|a| plan.is_pinned(a)).collect();
        self.stateful = apps.iter().map(|a| self.capacity.is_stateful(a)).collect();
        self.pilot_unfit = apps
            .iter()
            .map(|a| self.capacity.pilot_breaks(a).any())
            .collect();
    }

    /// Scores' edge part, the hybrid cost and the open hard edges, in one pass; the findings
    /// start from the hard edges alone.
    fn score_edges(&mut self, scorer: &Scorer<'_>) {
        let graph = scorer.graph;
        let n = graph.app_count();
        let k = self.waves as u32;
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
    }

    /// Each cycle group's members sorted by wave, and the split-group points they get.
    fn score_groups(&mut self, scorer: &Scorer<'_>) {
        let graph = scorer.graph;
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
        self.split_points = vec![0; graph.app_count()];
        for (g, group) in graph.cycle_groups().iter().enumerate() {
            for &m in &group.members {
                self.split_points[m] = self.split_of(scorer, g, m);
            }
        }
    }

    /// Each wave's apps, stateful apps and summed ease, and the number of planned apps.
    fn count_waves(&mut self, plan: &WavePlan) {
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
    }

    /// The findings of every planned app, cycle group and wave.
    fn judge_plan(&mut self, scorer: &Scorer<'_>, plan: &WavePlan) {
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
    }

    /// An edit's bookkeeping, empty, for `n` apps; every app counts as changed.
    fn reset_edit(&mut self, n: usize) {
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

    pub(super) fn score_of(&self, scorer: &Scorer<'_>, a: AppIx) -> Scores {
        scorer.scores_from_coupling(a, self.edge_points[a].saturating_add(self.split_points[a]))
    }

    /// The split-group points of member `m` of cycle group `g`: the members past its wave.
    pub(super) fn split_of(&self, scorer: &Scorer<'_>, g: usize, m: AppIx) -> u32 {
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

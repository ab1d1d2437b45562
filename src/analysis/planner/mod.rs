//! The automatic planner: places every movable app that is not kept (in a locked wave, or
//! pinned) into waves that respect the capacity and the pilot rule, keeps move groups together,
//! chooses the number of waves and the pilot's size, and minimises the hybrid cost. Small
//! problems are solved exactly; for the others it reports a lower bound. Deterministic for the
//! same input, unless the time limit cuts the search short.
//!
//! Also the simple plans it is measured against: dependencies first, breadth-first affinity and
//! random orders, each cut to capacity under the same rules.

mod baselines;
mod exact;
mod layout;
mod move_groups;
mod search;
mod start;
mod units;

use std::sync::atomic::{AtomicBool, AtomicU32, Ordering};
use std::time::{Duration, Instant};

pub use exact::Bound;
pub use units::CutGroup;

use crate::graph::AppIx;
use crate::model::Capacity;
use crate::score::Scorer;

use super::{PlannedWave, WavePlan};
use layout::Layout;
use units::Instance;

/// How long the planner may search, and how the caller follows and stops it.
#[derive(Debug, Clone, Copy)]
pub struct Options<'a> {
    /// The search stops here and keeps the best plan so far.
    pub time_limit: Duration,
    /// Set to stop the search early (the best plan so far is kept).
    pub cancel: Option<&'a AtomicBool>,
    /// Progress in thousandths, for a progress bar.
    pub progress: Option<&'a AtomicU32>,
}

impl Default for Options<'_> {
    fn default() -> Self {
        Options {
            time_limit: Duration::from_secs(5),
            cancel: None,
            progress: None,
        }
    }
}

/// The search's limits as it runs.
pub(crate) struct Budget<'a> {
    deadline: Instant,
    cancel: Option<&'a AtomicBool>,
    progress: Option<&'a AtomicU32>,
    /// Most sets of units the exact search keeps.
    exact_states: usize,
}

impl Budget<'_> {
    fn expired(&self) -> bool {
        Instant::now() >= self.deadline || self.cancel.is_some_and(|c| c.load(Ordering::Relaxed))
    }

    fn report(&self, permille: u32) {
        if let Some(p) = self.progress {
            p.store(permille.min(1000), Ordering::Relaxed);
        }
    }
}

/// What the planner kept of the plan it re-planned.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Kept {
    pub locked_waves: usize,
    /// Apps kept in a locked wave or by a pin.
    pub apps: usize,
    pub pinned: usize,
}

/// What the planner made, and what it knows about it.
#[derive(Debug, Clone)]
pub struct AutoPlan {
    pub plan: WavePlan,
    /// Move groups too large for a wave, cut into parts, with the hard links the cut broke.
    pub cut_groups: Vec<CutGroup>,
    /// What no plan can beat (the hybrid cost), when the planner knows it.
    pub bound: Option<Bound>,
    /// What it kept of the current plan.
    pub kept: Kept,
    /// The time limit or a cancel stopped the search before it was done.
    pub stopped: bool,
    /// The hybrid cost of the simple plans under the same rules (for a plan made afresh).
    pub simple: Option<SimplePlans>,
}

/// The hybrid cost of the simple plans, for comparison: the same as `layered_plan` and
/// `affinity_plan` give.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SimplePlans {
    pub layered: u64,
    pub affinity: u64,
}

impl AutoPlan {
    /// How far the plan's cost may be above the best possible, in percent, when a bound is
    /// known.
    pub fn gap_percent(&self, cost: u64) -> Option<f64> {
        let b = self.bound?;
        if b.proven || cost <= b.lower {
            return Some(0.0);
        }
        if b.lower == 0 {
            return None;
        }
        Some((cost - b.lower) as f64 * 100.0 / b.lower as f64)
    }
}

/// The automatic plan of the whole portfolio under `capacity`.
pub fn auto_plan(scorer: &Scorer<'_>, capacity: &Capacity) -> AutoPlan {
    let empty = WavePlan::with_capacity(scorer.graph.app_count(), *capacity);
    replan(scorer, &empty, &Options::default())
}

/// Re-plan `current` under its capacity: its locked waves and pinned apps stay exactly where
/// they are; every other movable app is placed anew.
pub fn replan(scorer: &Scorer<'_>, current: &WavePlan, options: &Options<'_>) -> AutoPlan {
    let start = Instant::now();
    let budget = Budget {
        deadline: start + options.time_limit,
        cancel: options.cancel,
        progress: options.progress,
        exact_states: 2_000_000,
    };
    budget.report(0);
    let inst = Instance::build(scorer, current);
    let fresh = inst.kept_len() == 0;

    // Construction: the cheapest of the starts is where the search starts.
    let (best, simple) = start::best_start(scorer, &inst, &budget, fresh);
    budget.report(30);
    let (mut layout, mut cost) = best.unwrap_or_else(|| {
        let empty = Layout::new(&inst);
        let cost = empty.cost(&inst);
        (empty, cost)
    });
    budget.report(50);

    improve(&inst, &mut layout, &mut cost, &budget);
    // Stopped before it was done: the bound below has a time of its own.
    let stopped = budget.expired();
    budget.report(800);

    let bound = Some(bound_of(&inst, &mut layout, cost, &budget, options, fresh));
    budget.report(1000);
    AutoPlan {
        plan: to_wave_plan(&inst, &layout, current),
        cut_groups: inst.cut_groups.clone(),
        bound,
        kept: Kept::of(&inst, current),
        stopped,
        simple,
    }
}

/// How many annealing steps a problem gets: many per unit for small problems, where they buy
/// the most; past a hundred units, two per unit and link, and one past ten thousand units
/// (where the start is already good and time matters more).
fn annealing_steps(inst: &Instance) -> u64 {
    let n = inst.len();
    let links: usize = (0..n).map(|u| inst.links(u).len()).sum();
    let (n64, l64) = (n as u64, links as u64);
    if n <= 100 {
        (10_000 * n64).max(20_000)
    } else {
        (200_000
            + if n <= 10_000 {
                2 * (n64 + l64)
            } else {
                n64 + l64
            })
        .min(40_000_000)
    }
}

/// The search: annealing runs from the start (several for small problems), then descent.
fn improve(inst: &Instance, layout: &mut Layout, cost: &mut i64, budget: &Budget<'_>) {
    let steps = annealing_steps(inst);
    let runs: u64 = if inst.len() <= 400 { 4 } else { 1 };
    for run in 0..runs {
        if budget.expired() {
            break;
        }
        let span = (
            50 + (700 * run / runs) as u32,
            50 + (700 * (run + 1) / runs) as u32,
        );
        let (l, c) = search::anneal(
            inst,
            layout.clone(),
            *cost,
            run + 1,
            steps / runs,
            budget,
            span,
        );
        if c < *cost {
            *layout = l;
            *cost = c;
        }
    }
    search::descend(inst, layout, cost, budget);
    // (A search stopped by the deadline may leave an empty wave behind.)
    layout.drop_empty(inst);
    *cost = layout.cost(inst);
}

/// How good the plan is: the exact search on small problems made afresh (which may find a
/// better `layout`), and the simple bound for every problem. (With hard links open between
/// the parts of a cut group, the search weighs them heavily: the bound on the hybrid cost
/// alone is then the one to give.)
fn bound_of(
    inst: &Instance,
    layout: &mut Layout,
    cost: i64,
    budget: &Budget<'_>,
    options: &Options<'_>,
    fresh: bool,
) -> Bound {
    let mut bound = None;
    if fresh && inst.len() <= exact::EXACT_UNITS && !budget.expired() {
        let penalties = inst.has_penalties();
        let real = if penalties {
            layout.real_cost(inst)
        } else {
            cost
        };
        // The exact search gets a part of the time: a plan should come back at once.
        let share = (options.time_limit / 5).max(Duration::from_secs(1));
        let exact_budget = Budget {
            deadline: budget.deadline.min(Instant::now() + share),
            ..*budget
        };
        let (better, b) = exact::solve(inst, real, &exact_budget);
        // A plan that leaves fewer hard links open is worth more than a cheaper one.
        if let Some(l) = better
            && !penalties
        {
            *layout = l;
        }
        bound = Some(Bound {
            proven: b.proven && !penalties,
            ..b
        });
    }
    let simple_bound = exact::simple_bound(inst);
    match bound {
        Some(b) if b.proven || b.lower >= simple_bound => b,
        _ => Bound {
            lower: simple_bound,
            proven: false,
        },
    }
}

impl Kept {
    /// What the problem `inst` keeps of `current`.
    fn of(inst: &Instance, current: &WavePlan) -> Kept {
        Kept {
            locked_waves: (0..inst.kept_len())
                .filter(|&w| inst.kept[w].locked)
                .count(),
            apps: inst.kept.iter().map(|k| k.apps as usize).sum(),
            pinned: (0..current.app_count())
                .filter(|&a| current.is_pinned(a) && inst.unit_of[a] == units::NONE)
                .count(),
        }
    }
}

/// The plan of a layout: the kept waves as they were (name, notes, lock, kept apps first),
/// then the new waves, unnamed (the pilot of a fresh plan is named "Pilot").
fn to_wave_plan(inst: &Instance, layout: &Layout, current: &WavePlan) -> WavePlan {
    let n = current.app_count();
    let mut waves: Vec<PlannedWave> = Vec::with_capacity(layout.k());
    for w in 0..layout.k() {
        let mut apps: Vec<AppIx> = Vec::new();
        let mut wave = if w < inst.kept_len() {
            let old = &current.waves()[w];
            apps.extend(
                old.apps
                    .iter()
                    .copied()
                    .filter(|&a| inst.unit_of[a] == units::NONE && current.is_kept(a)),
            );
            PlannedWave {
                name: old.name.clone(),
                notes: old.notes.clone(),
                apps: Vec::new(),
                locked: old.locked,
            }
        } else if w == 0 {
            PlannedWave {
                name: "Pilot".to_string(),
                ..PlannedWave::default()
            }
        } else {
            PlannedWave::default()
        };
        let mut placed: Vec<AppIx> = layout.members[w]
            .iter()
            .flat_map(|&u| inst.units[u as usize].members.iter().copied())
            .collect();
        placed.sort_unstable();
        apps.extend(placed);
        wave.apps = apps;
        waves.push(wave);
    }
    let mut plan = WavePlan::from_waves(n, *current.capacity(), waves);
    for a in 0..n {
        if current.is_pinned(a) && plan.wave_of(a) == current.wave_of(a) {
            plan.set_pinned(a, true);
        }
    }
    plan
}

/// The simple plan "dependencies first": layer by layer, cut to capacity.
pub fn layered_plan(scorer: &Scorer<'_>, capacity: &Capacity) -> WavePlan {
    simple_plan(scorer, capacity, |inst| {
        baselines::layered_order(scorer, inst)
    })
}

/// The simple plan "affinity": breadth-first, neighbours together, cut to capacity.
pub fn affinity_plan(scorer: &Scorer<'_>, capacity: &Capacity) -> WavePlan {
    simple_plan(scorer, capacity, baselines::affinity_order)
}

/// A random order cut to capacity; the same seed gives the same plan.
pub fn random_plan(scorer: &Scorer<'_>, capacity: &Capacity, seed: u64) -> WavePlan {
    simple_plan(scorer, capacity, |inst| baselines::random_order(inst, seed))
}

fn simple_plan(
    scorer: &Scorer<'_>,
    capacity: &Capacity,
    order: impl FnOnce(&Instance) -> Vec<u32>,
) -> WavePlan {
    let empty = WavePlan::with_capacity(scorer.graph.app_count(), *capacity);
    let inst = Instance::build(scorer, &empty);
    let (layout, _) = baselines::cut_to_capacity(&inst, &order(&inst));
    to_wave_plan(&inst, &layout, &empty)
}

#[cfg(test)]
mod tests;

//! The automatic planner: places every movable app into waves that respect the capacities,
//! keeps cycle groups together and keeps the hybrid cost low. A greedy construction (grow the
//! platform by the unit that closes the most hybrid links), then local search (move and swap
//! units between waves while the capacities hold). Deterministic.
//!
//! Also the simple plans it is measured against: dependencies first, layer by layer, cut to
//! capacity; and a seeded random order cut to capacity.

use std::cmp::Reverse;
use std::collections::BinaryHeap;

use rand::SeedableRng;
use rand::seq::SliceRandom;
use rand_chacha::ChaCha8Rng;

use crate::graph::AppIx;
use crate::model::Criticality;
use crate::score::{PlanBoundary, Scorer};

use super::{Capacity, PlannedWave, WavePlan};

const NEVER: u32 = u32::MAX;

/// What the planner made, and what it could not do.
#[derive(Debug, Clone)]
pub struct AutoPlan {
    pub plan: WavePlan,
    /// Cycle groups too large for a wave: each got a wave of its own.
    pub oversized: Vec<Vec<AppIx>>,
}

/// A unit of planning: one app, or the movable members of a cycle group.
#[derive(Debug, Clone)]
struct Unit {
    members: Vec<AppIx>,
    stateful: usize,
    /// Fit for the pilot: stateless, no Critical app, every app has an owner.
    pilot_ok: bool,
    /// Intrinsic ease of the hardest member, a tie-breaker.
    ease: u32,
}

/// The units, their adjacency and what else the algorithms share.
struct Units {
    units: Vec<Unit>,
    /// For each unit: (partner unit or NEVER, weight) for each edge leaving the unit.
    adj: Vec<Vec<(u32, u32)>>,
}

impl Units {
    fn build(scorer: &Scorer<'_>) -> Units {
        let graph = scorer.graph;
        let portfolio = scorer.portfolio;
        let n = graph.app_count();
        let mut unit_of = vec![NEVER; n];
        let mut units: Vec<Unit> = Vec::new();
        let none_placed = vec![NEVER; n];
        let intrinsic = |a: AppIx| {
            scorer
                .scores(
                    a,
                    &PlanBoundary {
                        ranks: &none_placed,
                        wave: 0,
                    },
                )
                .ease
        };
        for a in 0..n {
            if !graph.is_movable(a) || unit_of[a] != NEVER {
                continue;
            }
            let members: Vec<AppIx> = match graph.group_of(a) {
                Some(g) => graph.cycle_groups()[g]
                    .members
                    .iter()
                    .copied()
                    .filter(|&m| graph.is_movable(m))
                    .collect(),
                None => vec![a],
            };
            let u = units.len() as u32;
            for &m in &members {
                unit_of[m] = u;
            }
            let stateful = members
                .iter()
                .filter(|&&m| portfolio.apps[m].is_stateful())
                .count();
            let pilot_ok = members.iter().all(|&m| {
                let app = &portfolio.apps[m];
                app.criticality != Criticality::Critical && !app.is_stateful() && app.has_owner()
            });
            let ease = members.iter().map(|&m| intrinsic(m)).min().unwrap_or(0);
            units.push(Unit {
                members,
                stateful,
                pilot_ok,
                ease,
            });
        }
        let mut adj = vec![Vec::new(); units.len()];
        for e in graph.edges() {
            let w = scorer.weights.hybrid.get(e.via);
            let (ua, ub) = (unit_of[e.from], unit_of[e.to]);
            if ua == ub {
                continue; // inside a unit, or between two apps that never move
            }
            if ua != NEVER {
                adj[ua as usize].push((ub, w));
            }
            if ub != NEVER {
                adj[ub as usize].push((ua, w));
            }
        }
        Units { units, adj }
    }
}

/// Waves under construction: units per wave with their loads.
struct Layout {
    rank: Vec<u32>,
    waves: Vec<Vec<u32>>,
    apps: Vec<usize>,
    stateful: Vec<usize>,
}

impl Layout {
    fn new(units: usize) -> Layout {
        Layout {
            rank: vec![NEVER; units],
            waves: Vec::new(),
            apps: Vec::new(),
            stateful: Vec::new(),
        }
    }

    fn open_wave(&mut self) {
        self.waves.push(Vec::new());
        self.apps.push(0);
        self.stateful.push(0);
    }

    fn place(&mut self, u: usize, unit: &Unit, w: usize) {
        self.rank[u] = w as u32;
        self.waves[w].push(u as u32);
        self.apps[w] += unit.members.len();
        self.stateful[w] += unit.stateful;
    }

    fn take(&mut self, u: usize, unit: &Unit) {
        let w = self.rank[u] as usize;
        if let Some(pos) = self.waves[w].iter().position(|&x| x == u as u32) {
            self.waves[w].swap_remove(pos);
        }
        self.apps[w] -= unit.members.len();
        self.stateful[w] -= unit.stateful;
        self.rank[u] = NEVER;
    }

    /// Whether `unit` fits into wave `w` next to what is there (ignoring `leaving`).
    fn fits(
        &self,
        unit: &Unit,
        w: usize,
        leaving: Option<&Unit>,
        cap: &Capacity,
        pilot_rule: bool,
    ) -> bool {
        let (la, ls) = leaving.map_or((0, 0), |l| (l.members.len(), l.stateful));
        (w != 0 || !pilot_rule || unit.pilot_ok)
            && self.apps[w] - la + unit.members.len() <= cap.apps_limit(w)
            && self.stateful[w] - ls + unit.stateful <= cap.max_stateful
    }

    fn into_plan(self, units: &Units, apps: usize) -> WavePlan {
        let mut waves: Vec<PlannedWave> = Vec::new();
        for list in self.waves {
            let mut members: Vec<AppIx> = list
                .iter()
                .flat_map(|&u| units.units[u as usize].members.iter().copied())
                .collect();
            if members.is_empty() {
                continue;
            }
            members.sort_unstable();
            // The pilot is named; the others go by their place ("Wave N"), so that moving
            // waves later never leaves a name that contradicts the order.
            let name = if waves.is_empty() {
                "Pilot".to_string()
            } else {
                String::new()
            };
            waves.push(PlannedWave {
                name,
                notes: None,
                apps: members,
            });
        }
        WavePlan::from_waves(apps, waves)
    }
}

/// Whether a unit is too large for any wave.
fn oversized(unit: &Unit, cap: &Capacity) -> bool {
    unit.members.len() > cap.max_apps.max(1) || unit.stateful > cap.max_stateful.max(1)
}

/// The automatic plan.
pub fn auto_plan(scorer: &Scorer<'_>, capacity: &Capacity) -> AutoPlan {
    // Every wave may hold at least one app and one stateful app, or some apps could never move.
    let cap = Capacity {
        max_apps: capacity.max_apps.max(1),
        max_stateful: capacity.max_stateful.max(1),
        pilot: capacity.pilot.max(1),
    };
    let units = Units::build(scorer);
    // The pilot takes only pilot-fit units when there are any.
    let pilot_rule = units.units.iter().any(|u| u.pilot_ok);
    let mut layout = greedy(&units, &cap, pilot_rule);
    improve(&units, &mut layout, &cap, pilot_rule);
    let oversized = units
        .units
        .iter()
        .filter(|u| oversized(u, &cap))
        .map(|u| u.members.clone())
        .collect();
    AutoPlan {
        plan: layout.into_plan(&units, scorer.graph.app_count()),
        oversized,
    }
}

/// Heap key: gain (closed minus opened hybrid weight), then ease, then the unit's order.
type Key = (i64, u32, Reverse<u32>);

fn greedy(units: &Units, cap: &Capacity, pilot_rule: bool) -> Layout {
    let n = units.units.len();
    let mut layout = Layout::new(n);
    let mut gain: Vec<i64> = units
        .adj
        .iter()
        .map(|a| -a.iter().map(|&(_, w)| w as i64).sum::<i64>())
        .collect();
    let key = |u: usize, gain: &[i64]| -> Key { (gain[u], units.units[u].ease, Reverse(u as u32)) };
    // Stateless units and stateful ones wait apart, so a full stateful quota costs nothing.
    let mut heaps: [BinaryHeap<(Key, u32)>; 2] = [BinaryHeap::new(), BinaryHeap::new()];
    for u in 0..n {
        heaps[(units.units[u].stateful > 0) as usize].push((key(u, &gain), u as u32));
    }
    let mut remaining = n;
    let mut deferred: Vec<u32> = Vec::new();
    let mut w = 0usize;
    layout.open_wave();
    while remaining > 0 {
        // Whether the wave is done: full, nothing left that may join it, or given whole to an
        // oversized unit.
        let done = if layout.apps[w] >= cap.apps_limit(w) {
            // full: start the next wave (without popping every waiting unit first)
            true
        } else {
            match best_waiting(&mut heaps, &layout, cap, w, |u| key(u, &gain)) {
                None => {
                    if layout.apps[w] == 0
                        && let Some(u) = deferred.pop()
                    {
                        // Nothing fits even this empty wave: in the pilot, a cycle group larger
                        // than the pilot (it gets the pilot to itself rather than leave it
                        // empty); elsewhere this cannot happen with the capacities above, but
                        // never open empty waves forever.
                        layout.place(u as usize, &units.units[u as usize], w);
                        remaining -= 1;
                    }
                    true
                }
                Some((u, h)) => {
                    heaps[h].pop();
                    let unit = &units.units[u as usize];
                    let empty = layout.apps[w] == 0;
                    let fits = layout.fits(unit, w, None, cap, pilot_rule);
                    if fits
                        || (empty
                            && oversized(unit, cap)
                            && (w != 0 || !pilot_rule || unit.pilot_ok))
                    {
                        layout.place(u as usize, unit, w);
                        remaining -= 1;
                        for &(p, wt) in &units.adj[u as usize] {
                            if p != NEVER && layout.rank[p as usize] == NEVER {
                                gain[p as usize] += 2 * wt as i64;
                                let hp = (units.units[p as usize].stateful > 0) as usize;
                                heaps[hp].push((key(p as usize, &gain), p));
                            }
                        }
                        // an oversized unit has its wave to itself
                        !fits
                    } else {
                        deferred.push(u);
                        false
                    }
                }
            }
        };
        if done {
            for u in deferred.drain(..) {
                if layout.rank[u as usize] == NEVER {
                    let h = (units.units[u as usize].stateful > 0) as usize;
                    heaps[h].push((key(u as usize, &gain), u));
                }
            }
            layout.open_wave();
            w += 1;
        }
    }
    layout
}

/// The best waiting unit that may join wave `w`, and the heap it waits in (0 stateless, 1
/// stateful), dropping stale heap entries on the way.
fn best_waiting(
    heaps: &mut [BinaryHeap<(Key, u32)>; 2],
    layout: &Layout,
    cap: &Capacity,
    w: usize,
    key: impl Fn(usize) -> Key,
) -> Option<(u32, usize)> {
    let stateful_room = cap.max_stateful.saturating_sub(layout.stateful[w]);
    let mut best: Option<(Key, u32, usize)> = None;
    for (h, heap) in heaps.iter_mut().enumerate() {
        if h == 1 && stateful_room == 0 {
            continue;
        }
        while let Some(&(k, u)) = heap.peek() {
            if layout.rank[u as usize] != NEVER || k != key(u as usize) {
                heap.pop();
                continue;
            }
            break;
        }
        if let Some(&(k, u)) = heap.peek()
            && best.is_none_or(|b| k > b.0)
        {
            best = Some((k, u, h));
        }
    }
    best.map(|(_, u, h)| (u, h))
}

/// Change in hybrid cost if unit `u` moved from wave `from` to wave `to`, with `k` waves.
fn delta(units: &Units, layout: &Layout, u: usize, from: u32, to: u32, k: u32) -> i64 {
    let mut d = 0i64;
    for &(p, w) in &units.adj[u] {
        let (before, after) = if p == NEVER {
            ((k - from) as i64, (k - to) as i64)
        } else {
            let r = layout.rank[p as usize];
            (r.abs_diff(from) as i64, r.abs_diff(to) as i64)
        };
        d += w as i64 * (after - before);
    }
    d
}

/// Waves worth trying for unit `u`: around the weighted median of its partners' waves, and next
/// to where it is.
fn targets(units: &Units, layout: &Layout, u: usize, k: u32) -> Vec<u32> {
    let mut ranks: Vec<(u32, u32)> = units.adj[u]
        .iter()
        .map(|&(p, w)| {
            (
                if p == NEVER {
                    k - 1
                } else {
                    layout.rank[p as usize]
                },
                w,
            )
        })
        .collect();
    let cur = layout.rank[u];
    let mut out = vec![cur.saturating_sub(1), cur + 1];
    if !ranks.is_empty() {
        ranks.sort_unstable();
        let total: u64 = ranks.iter().map(|&(_, w)| w as u64).sum();
        let mut acc = 0u64;
        let median = ranks
            .iter()
            .find(|&&(_, w)| {
                acc += w as u64;
                acc * 2 >= total
            })
            .map_or(cur, |&(r, _)| r);
        out.extend([median.saturating_sub(1), median, median + 1]);
    }
    out.retain(|&t| t < k && t != cur);
    out.sort_unstable();
    out.dedup();
    out
}

/// Local search: move or swap units between waves while it lowers the cost and the capacities
/// hold.
fn improve(units: &Units, layout: &mut Layout, cap: &Capacity, pilot_rule: bool) {
    let k = layout.waves.len() as u32;
    let n = units.units.len();
    let cost = |layout: &Layout| -> i64 {
        (0..n)
            .map(|u| {
                let r = layout.rank[u];
                units.adj[u]
                    .iter()
                    .map(|&(p, w)| {
                        w as i64
                            * if p == NEVER {
                                (k - r) as i64
                            } else {
                                r.abs_diff(layout.rank[p as usize]) as i64
                            }
                    })
                    .sum::<i64>()
            })
            .sum()
    };
    let mut last = cost(layout);
    for _pass in 0..12 {
        let mut improved = false;
        for u in 0..n {
            let from = layout.rank[u];
            let unit = &units.units[u];
            if oversized(unit, cap) {
                continue;
            }
            // the pilot keeps its size: its units only swap places with others
            let may_move = from != 0;
            let mut best: Option<(i64, u32, Option<u32>)> = None;
            for t in targets(units, layout, u, k) {
                let d = delta(units, layout, u, from, t, k);
                if may_move && layout.fits(unit, t as usize, None, cap, pilot_rule) {
                    if d < best.map_or(0, |b| b.0) {
                        best = Some((d, t, None));
                    }
                    continue;
                }
                if d >= best.map_or(0, |b| b.0) {
                    continue; // a swap cannot beat the move's own gain by much; skip hopeless ones
                }
                // swap with a unit of wave t that fits where u is now
                for &v in &layout.waves[t as usize] {
                    let other = &units.units[v as usize];
                    if oversized(other, cap)
                        || !layout.fits(unit, t as usize, Some(other), cap, pilot_rule)
                        || !layout.fits(other, from as usize, Some(unit), cap, pilot_rule)
                    {
                        continue;
                    }
                    let link: i64 = units.adj[u]
                        .iter()
                        .filter(|&&(p, _)| p == v)
                        .map(|&(_, w)| w as i64)
                        .sum();
                    let dv = delta(units, layout, v as usize, t, from, k);
                    let total = d + dv + 2 * link * from.abs_diff(t) as i64;
                    if total < best.map_or(0, |b| b.0) {
                        best = Some((total, t, Some(v)));
                    }
                }
            }
            if let Some((_, t, swap)) = best {
                layout.take(u, unit);
                if let Some(v) = swap {
                    let other = &units.units[v as usize];
                    layout.take(v as usize, other);
                    layout.place(v as usize, other, from as usize);
                }
                layout.place(u, unit, t as usize);
                improved = true;
            }
        }
        // Stop when a pass gains less than 0.5%: later passes gain less still.
        let now = cost(layout);
        if !improved || (last - now) * 200 < last {
            break;
        }
        last = now;
    }
}

/// Cut units, in the given order, into waves that respect the capacities.
fn cut_to_capacity(units: &Units, order: &[usize], cap: &Capacity, apps: usize) -> WavePlan {
    let mut layout = Layout::new(units.units.len());
    layout.open_wave();
    let mut w = 0;
    for &u in order {
        let unit = &units.units[u];
        if layout.apps[w] > 0 && !layout.fits(unit, w, None, cap, false) {
            layout.open_wave();
            w += 1;
        }
        layout.place(u, unit, w);
    }
    layout.into_plan(units, apps)
}

/// The simple plan: dependencies first, layer by layer, cut to capacity. An app's layer is one
/// more than the highest layer of the movable apps it needs (cycle groups as one unit).
pub fn layered_plan(scorer: &Scorer<'_>, capacity: &Capacity) -> WavePlan {
    let units = Units::build(scorer);
    let graph = scorer.graph;
    let n = units.units.len();
    let mut unit_of = vec![NEVER; graph.app_count()];
    for (u, unit) in units.units.iter().enumerate() {
        for &m in &unit.members {
            unit_of[m] = u as u32;
        }
    }
    // Longest path from the sinks, over the unit DAG (units are acyclic by construction).
    let mut layer: Vec<Option<u32>> = vec![None; n];
    for start in 0..n {
        if layer[start].is_some() {
            continue;
        }
        let mut stack = vec![(start, false)];
        while let Some((u, expanded)) = stack.pop() {
            if layer[u].is_some() {
                continue;
            }
            let deps: Vec<usize> = units.units[u]
                .members
                .iter()
                .flat_map(|&m| graph.outgoing(m).map(|e| unit_of[e.to]))
                .filter(|&d| d != NEVER && d as usize != u)
                .map(|d| d as usize)
                .collect();
            if expanded {
                layer[u] = Some(
                    deps.iter()
                        .map(|&d| layer[d].map_or(0, |l| l + 1))
                        .max()
                        .unwrap_or(0),
                );
            } else {
                stack.push((u, true));
                stack.extend(
                    deps.into_iter()
                        .filter(|&d| layer[d].is_none())
                        .map(|d| (d, false)),
                );
            }
        }
    }
    let mut order: Vec<usize> = (0..n).collect();
    order.sort_by_key(|&u| (layer[u].unwrap_or(0), units.units[u].members[0]));
    cut_to_capacity(&units, &order, capacity, graph.app_count())
}

/// A random order cut to capacity; the same seed gives the same plan.
pub fn random_plan(scorer: &Scorer<'_>, capacity: &Capacity, seed: u64) -> WavePlan {
    let units = Units::build(scorer);
    let mut order: Vec<usize> = (0..units.units.len()).collect();
    order.shuffle(&mut ChaCha8Rng::seed_from_u64(seed));
    cut_to_capacity(&units, &order, capacity, scorer.graph.app_count())
}

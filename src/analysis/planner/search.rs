//! Finding a low-cost layout: a greedy order of the units (grow the platform by the unit that
//! opens the fewest links), the best cut of an order into waves (dynamic programming: it picks
//! the number of waves and the pilot's size), then simulated annealing over moves of a unit,
//! swaps of two units and moves of a unit with its partners, re-cut now and then, and a last
//! descent. Deterministic for a seed; bounded by a number of steps and by a deadline.

use rand::{Rng, RngExt, SeedableRng};
use rand_chacha::ChaCha8Rng;

use super::Budget;
use super::layout::Layout;
use super::units::{HARD_PENALTY, Instance};

mod greedy;
mod wave_cut;

pub use greedy::greedy_order;
pub use wave_cut::{best_cut, recut};

/// A wave worth trying for unit `u`: a partner's wave, next to its own, or any wave.
fn target(inst: &Instance, layout: &Layout, u: usize, rng: &mut impl Rng) -> usize {
    let r = layout.rank[u] as usize;
    let k = layout.k();
    let links = inst.links(u);
    let fixed = inst.fixed_links(u);
    let roll = rng.random_range(0..100u32);
    if roll < 55 && !(links.is_empty() && fixed.is_empty()) {
        let i = rng.random_range(0..links.len() + fixed.len());
        if i < links.len() {
            layout.rank[links[i].to as usize] as usize
        } else {
            fixed[i - links.len()].to as usize
        }
    } else if roll < 85 {
        if rng.random_bool(0.5) {
            r.saturating_sub(1)
        } else {
            r + 1
        }
    } else {
        rng.random_range(inst.kept_len().min(k)..=k)
    }
}

/// Simulated annealing from `layout`; returns the best layout seen and its objective.
pub fn anneal(
    inst: &Instance,
    start: Layout,
    start_cost: i64,
    seed: u64,
    steps: u64,
    budget: &Budget,
    progress: (u32, u32),
) -> (Layout, i64) {
    let n = inst.len();
    let mut best = (start.clone(), start_cost);
    if n < 2 || steps == 0 {
        return best;
    }
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    // The cost is counted afresh at the end of each round (and when the deadline stops it).
    let mut layout = start;
    let kept = inst.kept_len();
    let t0 = start_temperature(inst, &layout, &mut rng);
    let t_end = 0.02f64.min(t0);
    // Each round ends with a new cut of the order (a few passes over the links): fewer rounds
    // for large problems, where those passes cost more than the steps between them.
    let rounds: u64 = if n <= 10_000 { 8 } else { 3 };
    let per_round = steps / rounds + 1;
    let mut moved: Vec<(usize, usize)> = Vec::new();
    let mut temp = t0;
    for round in 0..rounds {
        for step in 0..per_round {
            if step % 256 == 0 {
                if step % 4096 == 0 && budget.expired() {
                    keep_if_better(inst, &mut layout, &mut best);
                    return best;
                }
                let done = (round * per_round + step) as f64 / (rounds * per_round) as f64;
                temp = t0 * (t_end / t0).powf(done);
                if step % 4096 == 0 {
                    budget.report(progress.0 + ((progress.1 - progress.0) as f64 * done) as u32);
                }
            }
            let u = rng.random_range(0..n);
            let r = layout.rank[u] as usize;
            let t = target(inst, &layout, u, &mut rng);
            if t == r || t > layout.k() || (t == layout.k() && t > n + kept) {
                continue;
            }
            let step = Step {
                u,
                from: r,
                to: t,
                empties: last_in_wave(inst, &layout, r),
                temp,
            };
            let kind = rng.random_range(0..100u32);
            if kind < 60 {
                step.shift(inst, &mut layout, &mut rng);
            } else if kind < 85 {
                step.swap(inst, &mut layout, &mut rng);
            } else {
                step.move_with_partners(inst, &mut layout, &mut rng, &mut moved);
            }
        }
        keep_if_better(inst, &mut layout, &mut best);
    }
    best
}

/// Starting temperature: the typical cost of a step uphill.
fn start_temperature(inst: &Instance, layout: &Layout, rng: &mut ChaCha8Rng) -> f64 {
    let n = inst.len();
    let mut ups = Vec::new();
    for _ in 0..400 {
        let u = rng.random_range(0..n);
        let t = target(inst, layout, u, rng);
        if t != layout.rank[u] as usize && t <= layout.k() && layout.fits(inst, u, t, None) {
            let d = layout.delta(inst, u, t);
            if d > 0 && d < HARD_PENALTY as i64 {
                ups.push(d as f64);
            }
        }
    }
    if ups.is_empty() {
        1.0
    } else {
        ups.iter().sum::<f64>() / ups.len() as f64 * 0.6
    }
}

/// End a round: the layout without empty waves, its order cut again, kept as `best` when it
/// is cheaper.
fn keep_if_better(inst: &Instance, layout: &mut Layout, best: &mut (Layout, i64)) {
    layout.drop_empty(inst);
    let mut cost = layout.cost(inst);
    recut(inst, layout, &mut cost);
    if cost < best.1 {
        *best = (layout.clone(), cost);
    }
}

/// One annealing step: unit `u` tried from wave `from` in wave `to` at temperature `temp`;
/// `empties`: `u` is the one unit its wave must keep.
struct Step {
    u: usize,
    from: usize,
    to: usize,
    empties: bool,
    temp: f64,
}

impl Step {
    /// Whether a step changing the objective by `d` is taken: always downhill, uphill by
    /// chance (never over a hard penalty).
    fn accept(&self, d: i64, rng: &mut ChaCha8Rng) -> bool {
        d <= 0 || (d < HARD_PENALTY as i64 && rng.random::<f64>() < (-(d as f64) / self.temp).exp())
    }

    /// Move the unit alone.
    fn shift(&self, inst: &Instance, layout: &mut Layout, rng: &mut ChaCha8Rng) {
        let (u, t) = (self.u, self.to);
        if self.empties || !layout.fits(inst, u, t, None) {
            return;
        }
        let d = layout.delta(inst, u, t);
        if self.accept(d, rng) {
            layout.shift(inst, u, t);
        }
    }

    /// Swap the unit with a unit of wave `to`.
    fn swap(&self, inst: &Instance, layout: &mut Layout, rng: &mut ChaCha8Rng) {
        let (u, r, t) = (self.u, self.from, self.to);
        if t >= layout.k() || layout.members[t].is_empty() {
            return;
        }
        let v = layout.members[t][rng.random_range(0..layout.members[t].len())] as usize;
        if !layout.fits(inst, u, t, Some(v)) || !layout.fits(inst, v, r, Some(u)) {
            return;
        }
        let d = layout.delta(inst, u, t)
            + layout.delta(inst, v, r)
            + 2 * Layout::link(inst, u, v) * (t as i64 - r as i64).abs();
        if self.accept(d, rng) {
            layout.take(inst, u);
            layout.shift(inst, v, r);
            layout.place(inst, u, t);
        }
    }

    /// Move the unit and its partners in its wave together; `moved` is room for what moved.
    fn move_with_partners(
        &self,
        inst: &Instance,
        layout: &mut Layout,
        rng: &mut ChaCha8Rng,
        moved: &mut Vec<(usize, usize)>,
    ) {
        let (u, r, t) = (self.u, self.from, self.to);
        if self.empties {
            return;
        }
        moved.clear();
        let k_before = layout.k();
        let mut d = 0i64;
        let mut ok = layout.fits(inst, u, t, None);
        if ok {
            d += layout.delta(inst, u, t);
            layout.shift(inst, u, t);
            moved.push((u, r));
            for l in inst.links(u) {
                let p = l.to as usize;
                if layout.rank[p] as usize == r
                    && layout.fits(inst, p, t, None)
                    && !last_in_wave(inst, layout, r)
                {
                    d += layout.delta(inst, p, t);
                    layout.shift(inst, p, t);
                    moved.push((p, r));
                }
            }
            ok = moved.len() > 1;
        }
        if !(ok && self.accept(d, rng)) {
            for &(p, back) in moved.iter().rev() {
                layout.shift(inst, p, back);
            }
            // a new last wave the move opened goes with it
            layout.trim_empty_tail(k_before);
        }
    }
}

/// Whether the one unit left in wave `w` must stay: the pilot of a plan made afresh, or a kept
/// wave that holds no kept app (the search would empty it at no cost, and a plan with empty
/// first waves is no plan).
fn last_in_wave(inst: &Instance, layout: &Layout, w: usize) -> bool {
    layout.members[w].len() == 1
        && ((w == 0 && inst.kept_len() == 0) || (w < inst.kept_len() && inst.kept[w].apps == 0))
}

/// Best-improvement moves of single units until none lowers the objective.
pub fn descend(inst: &Instance, layout: &mut Layout, cost: &mut i64, budget: &Budget) {
    let n = inst.len();
    let mut ranks: Vec<(u32, u32)> = Vec::new();
    for _pass in 0..20 {
        if budget.expired() {
            break;
        }
        let before = *cost;
        let mut improved = false;
        for u in 0..n {
            let r = layout.rank[u] as usize;
            if last_in_wave(inst, layout, r) {
                continue;
            }
            let mut best: Option<(i64, usize)> = None;
            for t in candidates(inst, layout, u, &mut ranks) {
                if t == r || !layout.fits(inst, u, t, None) {
                    continue;
                }
                let d = layout.delta(inst, u, t);
                if d < best.map_or(0, |b| b.0) {
                    best = Some((d, t));
                }
            }
            if let Some((d, t)) = best {
                layout.shift(inst, u, t);
                *cost += d;
                improved = true;
            }
        }
        layout.drop_empty(inst);
        *cost = layout.cost(inst);
        recut(inst, layout, cost);
        // A pass that gains less than a part in ten thousand is the last.
        if !improved || (before - *cost) * 10_000 < before {
            break;
        }
    }
}

/// Waves worth trying for unit `u` in a descent: next to its own, and around the weighted
/// median of its partners' waves (a few, whatever its degree).
fn candidates(
    inst: &Instance,
    layout: &Layout,
    u: usize,
    ranks: &mut Vec<(u32, u32)>,
) -> Vec<usize> {
    let r = layout.rank[u] as usize;
    let k = layout.k();
    ranks.clear();
    ranks.extend(
        inst.links(u)
            .iter()
            .map(|l| (layout.rank[l.to as usize], l.w))
            .chain(inst.fixed_links(u).iter().map(|l| (l.to, l.w))),
    );
    let mut out = vec![r.saturating_sub(1), r + 1];
    if !ranks.is_empty() {
        ranks.sort_unstable();
        let total: u64 = ranks.iter().map(|&(_, w)| u64::from(w)).sum();
        let mut acc = 0u64;
        let median = ranks
            .iter()
            .find(|&&(_, w)| {
                acc += u64::from(w);
                acc * 2 >= total
            })
            .map_or(r, |&(m, _)| m as usize);
        out.extend([median.saturating_sub(1), median, median + 1]);
    }
    out.retain(|&t| t < k);
    out.sort_unstable();
    out.dedup();
    out
}

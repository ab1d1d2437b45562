//! Finding a low-cost layout: a greedy order of the units (grow the platform by the unit that
//! opens the fewest links), the best cut of an order into waves (dynamic programming: it picks
//! the number of waves and the pilot's size), then simulated annealing over moves of a unit,
//! swaps of two units and moves of a unit with its partners, re-cut now and then, and a last
//! descent. Deterministic for a seed; bounded by a number of steps and by a deadline.

use std::cmp::Reverse;
use std::collections::{BinaryHeap, VecDeque};

use rand::{Rng, RngExt, SeedableRng};
use rand_chacha::ChaCha8Rng;

use super::Budget;
use super::layout::Layout;
use super::units::{HARD_PENALTY, Instance, NONE};

/// A greedy growth of the platform from the first wave: each time the unit whose move changes
/// the crossing weight least (links to what is already on the platform close, the others
/// open), simulating waves so that the order follows the capacities: unlocked kept waves take
/// what room they have left, locked ones none, the pilot only pilot-fit units. Returns the
/// units it puts into kept waves, with their wave, and the order of the others, for the waves
/// after the kept ones.
pub fn greedy_order(inst: &Instance) -> (Vec<(u32, u32)>, Vec<u32>) {
    let n = inst.len();
    let kept = inst.kept_len();
    let mut inside = vec![false; n];
    // gain = closed - opened; at the start, links to kept apps close, the rest open
    let mut gain: Vec<i64> = (0..n)
        .map(|u| {
            let open: i64 = inst.links(u).iter().map(|l| l.w as i64).sum();
            let kept: i64 = inst.fixed_links(u).iter().map(|l| l.w as i64).sum();
            kept - open - inst.never[u] as i64
        })
        .collect();
    type Key = (i64, u32, Reverse<u32>);
    let key = |u: usize, gain: &[i64]| -> Key { (gain[u], inst.units[u].ease, Reverse(u as u32)) };
    // One heap per size (apps, stateful apps) of unit, so that a wave looks only at the units
    // it has room for: the work stays linear however full the waves get.
    let size_of = |u: usize| (inst.units[u].apps, inst.units[u].stateful);
    let mut sizes: Vec<(u32, u32)> = (0..n).map(size_of).collect();
    sizes.sort_unstable();
    sizes.dedup();
    let heap_index: rustc_hash::FxHashMap<(u32, u32), usize> =
        sizes.iter().enumerate().map(|(i, &s)| (s, i)).collect();
    let heap_of = |u: usize| heap_index[&size_of(u)];
    let mut heaps: Vec<BinaryHeap<(Key, u32)>> = vec![BinaryHeap::new(); sizes.len()];
    for u in 0..n {
        heaps[heap_of(u)].push((key(u, &gain), u as u32));
    }
    let mut in_kept = Vec::new();
    let mut order = Vec::with_capacity(n);
    let mut placed = 0;
    // the simulated wave and what it holds
    let mut w = 0usize;
    let load =
        |w: usize| -> (u32, u32) { inst.kept.get(w).map_or((0, 0), |k| (k.apps, k.stateful)) };
    let (mut apps, mut stateful) = load(0);
    let mut deferred: Vec<u32> = Vec::new();
    while placed < n {
        let locked = w < kept && inst.kept[w].locked;
        let limit = inst.cap.apps_limit(w) as u32;
        let room = (
            if locked {
                0
            } else {
                limit.saturating_sub(apps)
            },
            (inst.cap.max_stateful as u32).saturating_sub(stateful),
        );
        let mut picked = None;
        // A wave with no room left takes nothing.
        while room.0 > 0 && picked.is_none() {
            // the best unit waiting in a heap of a size the wave has room for
            let mut best: Option<(Key, usize)> = None;
            for (h, heap) in heaps.iter_mut().enumerate() {
                if sizes[h].0 > room.0 || sizes[h].1 > room.1 {
                    continue;
                }
                while let Some(&(k, u)) = heap.peek() {
                    if inside[u as usize] || k != key(u as usize, &gain) {
                        heap.pop();
                    } else {
                        break;
                    }
                }
                if let Some(&(k, _)) = heap.peek()
                    && best.is_none_or(|b| k > b.0)
                {
                    best = Some((k, h));
                }
            }
            let Some((_, h)) = best else { break };
            let (_, u) = heaps[h].pop().expect("peeked");
            if w != 0 || !inst.pilot_rule || inst.units[u as usize].pilot_ok {
                picked = Some(u as usize);
            } else {
                deferred.push(u); // unfit for the pilot: it waits for the next wave
            }
        }
        match picked {
            Some(u) => {
                inside[u] = true;
                placed += 1;
                if w < kept {
                    in_kept.push((u as u32, w as u32));
                } else {
                    order.push(u as u32);
                }
                apps += inst.units[u].apps;
                stateful += inst.units[u].stateful;
                for l in inst.links(u) {
                    let p = l.to as usize;
                    if !inside[p] {
                        gain[p] += 2 * l.w as i64;
                        heaps[heap_of(p)].push((key(p, &gain), l.to));
                    }
                }
            }
            None => {
                if w >= kept && apps == 0 && deferred.is_empty() {
                    // An empty wave after the kept ones takes any unit: with nothing taken,
                    // what is left goes in index order (it cannot happen with units that fit a
                    // wave, but the order must hold every unit).
                    order.extend((0..n as u32).filter(|&u| !inside[u as usize]));
                    break;
                }
                w += 1;
                (apps, stateful) = load(w);
                for u in deferred.drain(..) {
                    heaps[heap_of(u as usize)].push((key(u as usize, &gain), u));
                }
            }
        }
    }
    (in_kept, order)
}

/// The best cut of `order` (units after the kept waves, every one of them) into waves after
/// the kept ones, given where the other units are in `base`: each wave within the capacity, the
/// first one (with no kept waves) a pilot. Returns the layout and its objective, or `None` when
/// the order cannot be cut (its first unit cannot start the pilot).
pub fn best_cut(inst: &Instance, base: &Layout, order: &[u32]) -> Option<(Layout, i64)> {
    let kept = inst.kept_len();
    let n = order.len();
    // The weight crossing after the kept waves and after each prefix of the order.
    let mut layout = Layout::new(inst);
    let mut fixed_ranks = base.rank.clone();
    for &u in order {
        fixed_ranks[u as usize] = NONE;
    }
    for (u, &r) in fixed_ranks.iter().enumerate() {
        if r != NONE {
            layout.place(inst, u, r as usize);
        }
    }
    let head_cuts = if kept > 0 {
        // the kept waves hold only what stays in them: order units are out of them
        let mut probe = layout.clone();
        // Put the order's units in one wave past the kept ones to read the kept waves' cuts;
        // the cut after the last kept wave is then the starting crossing weight.
        for &u in order {
            probe.place(inst, u as usize, kept);
        }
        probe.cuts(inst)[..kept].to_vec()
    } else {
        Vec::new()
    };
    let mut prefix = Vec::with_capacity(n + 1);
    let mut c: i64 = head_cuts.last().copied().unwrap_or(0);
    let mut inside = vec![false; inst.len()];
    for (u, &r) in fixed_ranks.iter().enumerate() {
        inside[u] = r != NONE;
    }
    prefix.push(c);
    for &u in order {
        let u = u as usize;
        for l in inst.links(u) {
            c += if inside[l.to as usize] { -1 } else { 1 } * l.w as i64;
        }
        for l in inst.fixed_links(u) {
            c -= l.w as i64;
        }
        c += inst.never[u] as i64;
        inside[u] = true;
        prefix.push(c);
    }
    // best[j]: least cost of cutting the first j units; from[j]: where its last wave starts.
    const INF: i64 = i64::MAX / 4;
    let mut best = vec![INF; n + 1];
    let mut from = vec![usize::MAX; n + 1];
    let unit = |i: usize| &inst.units[order[i] as usize];
    let pilot = kept == 0;
    // The first wave: a prefix that fits the first wave's rules.
    {
        let limit = inst.cap.apps_limit(kept) as u32;
        let (mut apps, mut st) = (0u32, 0u32);
        for j in 1..=n {
            let un = unit(j - 1);
            apps += un.apps;
            st += un.stateful;
            if apps > limit
                || st > inst.cap.max_stateful as u32
                || (pilot && inst.pilot_rule && !un.pilot_ok)
            {
                break;
            }
            best[j] = prefix[j];
            from[j] = 0;
        }
    }
    // Later waves: best[j] = prefix[j] + min best[i] over the i whose wave (i, j] fits; those i
    // form a window that only moves forward, kept with its minimum in a deque.
    let limit = inst.cap.max_apps as u32;
    let mut window: VecDeque<usize> = VecDeque::new();
    let (mut lo, mut apps, mut st) = (1usize, 0u32, 0u32);
    for j in 2..=n {
        // the wave (i, j] for i from lo to j - 1: add unit j - 1, then push i = j - 1
        let un = unit(j - 1);
        apps += un.apps;
        st += un.stateful;
        let i_new = j - 1;
        while best[i_new] <= window.back().map_or(INF, |&b| best[b]) && !window.is_empty() {
            window.pop_back();
        }
        window.push_back(i_new);
        while lo < j && (apps > limit || st > inst.cap.max_stateful as u32) {
            // drop unit lo (the wave now starts after it)
            let gone = unit(lo);
            apps -= gone.apps;
            st -= gone.stateful;
            lo += 1;
        }
        while window.front().is_some_and(|&i| i < lo) {
            window.pop_front();
        }
        if let Some(&i) = window.front()
            && best[i] < INF
            && best[i] + prefix[j] < best[j]
        {
            best[j] = best[i] + prefix[j];
            from[j] = i;
        }
    }
    if n == 0 {
        let cost = layout.cost(inst);
        return Some((layout, cost));
    }
    if best[n] >= INF {
        return None;
    }
    // Waves from the back.
    let mut cuts = Vec::new();
    let mut j = n;
    while j > 0 {
        cuts.push((from[j], j));
        j = from[j];
    }
    cuts.reverse();
    for (w, &(i, j)) in cuts.iter().enumerate() {
        for &u in &order[i..j] {
            layout.place(inst, u as usize, kept + w);
        }
    }
    let total = head_cuts.iter().sum::<i64>() + best[n];
    debug_assert_eq!(total, layout.cost(inst));
    Some((layout, total))
}

/// The units after the kept waves in wave order; within a wave, those drawn to earlier waves
/// first, so that a new cut of the order can split a wave the right way.
pub fn order_of(inst: &Instance, layout: &Layout) -> Vec<u32> {
    let kept = inst.kept_len() as u32;
    let mut keyed: Vec<(u32, i64, u32)> = (0..inst.len())
        .filter(|&u| layout.rank[u] >= kept)
        .map(|u| {
            let r = layout.rank[u];
            let mut pull = inst.never[u] as i64;
            for l in inst.links(u) {
                pull += l.w as i64 * (layout.rank[l.to as usize] as i64 - r as i64).signum();
            }
            for l in inst.fixed_links(u) {
                pull += l.w as i64 * (l.to as i64 - r as i64).signum();
            }
            (r, pull, u as u32)
        })
        .collect();
    keyed.sort_unstable();
    keyed.into_iter().map(|(_, _, u)| u).collect()
}

/// Re-cut the layout's own order; keeps the layout when that is not better.
pub fn recut(inst: &Instance, layout: &mut Layout, cost: &mut i64) {
    let order = order_of(inst, layout);
    if let Some((better, c)) = best_cut(inst, layout, &order)
        && c < *cost
    {
        *layout = better;
        *cost = c;
    }
}

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
    // Starting temperature: the typical cost of a step uphill.
    let mut ups = Vec::new();
    for _ in 0..400 {
        let u = rng.random_range(0..n);
        let t = target(inst, &layout, u, &mut rng);
        if t != layout.rank[u] as usize && t <= layout.k() && layout.fits(inst, u, t, None) {
            let d = layout.delta(inst, u, t);
            if d > 0 && d < HARD_PENALTY as i64 {
                ups.push(d as f64);
            }
        }
    }
    let t0 = if ups.is_empty() {
        1.0
    } else {
        ups.iter().sum::<f64>() / ups.len() as f64 * 0.6
    };
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
                    layout.drop_empty(inst);
                    let mut cost = layout.cost(inst);
                    recut(inst, &mut layout, &mut cost);
                    if cost < best.1 {
                        best = (layout.clone(), cost);
                    }
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
            let empties = last_in_wave(inst, &layout, r);
            let kind = rng.random_range(0..100u32);
            let accept = |d: i64, rng: &mut ChaCha8Rng| {
                d <= 0
                    || (d < HARD_PENALTY as i64 && rng.random::<f64>() < (-(d as f64) / temp).exp())
            };
            if kind < 60 {
                if empties || !layout.fits(inst, u, t, None) {
                    continue;
                }
                let d = layout.delta(inst, u, t);
                if accept(d, &mut rng) {
                    layout.shift(inst, u, t);
                }
            } else if kind < 85 {
                // swap with a unit of wave t
                if t >= layout.k() || layout.members[t].is_empty() {
                    continue;
                }
                let v = layout.members[t][rng.random_range(0..layout.members[t].len())] as usize;
                if !layout.fits(inst, u, t, Some(v)) || !layout.fits(inst, v, r, Some(u)) {
                    continue;
                }
                let d = layout.delta(inst, u, t)
                    + layout.delta(inst, v, r)
                    + 2 * Layout::link(inst, u, v) * (t as i64 - r as i64).abs();
                if accept(d, &mut rng) {
                    layout.take(inst, u);
                    layout.shift(inst, v, r);
                    layout.place(inst, u, t);
                }
            } else {
                // u and its partners in its wave move together
                if empties {
                    continue;
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
                            && !last_in_wave(inst, &layout, r)
                        {
                            d += layout.delta(inst, p, t);
                            layout.shift(inst, p, t);
                            moved.push((p, r));
                        }
                    }
                    ok = moved.len() > 1;
                }
                if !(ok && accept(d, &mut rng)) {
                    for &(p, back) in moved.iter().rev() {
                        layout.shift(inst, p, back);
                    }
                    // a new last wave the move opened goes with it
                    layout.trim_empty_tail(k_before);
                }
            }
        }
        layout.drop_empty(inst);
        let mut cost = layout.cost(inst);
        recut(inst, &mut layout, &mut cost);
        if cost < best.1 {
            best = (layout.clone(), cost);
        }
    }
    best
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

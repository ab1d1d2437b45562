//! The best cut of an order of units into waves, by dynamic programming: it picks the number of
//! waves and the pilot's size; and the re-cut of a layout's own order.

use std::collections::VecDeque;

use super::super::layout::Layout;
use super::super::units::{Instance, NONE};

/// What no cut costs: larger than any objective, yet safe to add to one.
const INF: i64 = i64::MAX / 4;

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
    let head_cuts = kept_cuts(inst, &layout, order);
    let prefix = prefix_crossings(inst, &fixed_ranks, order, head_cuts.last().copied());
    let (best, from) = cheapest_cuts(inst, order, &prefix);
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

/// The cuts after each kept wave of `layout`, which holds only what stays in them (the
/// order's units are out of them).
fn kept_cuts(inst: &Instance, layout: &Layout, order: &[u32]) -> Vec<i64> {
    let kept = inst.kept_len();
    if kept == 0 {
        return Vec::new();
    }
    let mut probe = layout.clone();
    // Put the order's units in one wave past the kept ones to read the kept waves' cuts;
    // the cut after the last kept wave is then the starting crossing weight.
    for &u in order {
        probe.place(inst, u as usize, kept);
    }
    probe.cuts(inst)[..kept].to_vec()
}

/// The weight crossing after the kept waves (`start`), then after each prefix of the order,
/// the units of `fixed_ranks` other than `NONE` being already on the platform.
fn prefix_crossings(
    inst: &Instance,
    fixed_ranks: &[u32],
    order: &[u32],
    start: Option<i64>,
) -> Vec<i64> {
    let mut prefix = Vec::with_capacity(order.len() + 1);
    let mut c: i64 = start.unwrap_or(0);
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
    prefix
}

/// best[j]: least cost of cutting the first j units of `order`; from[j]: where its last wave
/// starts.
fn cheapest_cuts(inst: &Instance, order: &[u32], prefix: &[i64]) -> (Vec<i64>, Vec<usize>) {
    let kept = inst.kept_len();
    let n = order.len();
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
    (best, from)
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

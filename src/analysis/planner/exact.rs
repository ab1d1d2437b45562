//! How good a plan is: the exact optimum of small problems, and for the others a lower bound no
//! plan can beat.
//!
//! The exact search walks sets of units: a plan is a growing sequence of sets (the platform
//! after each wave) and costs the sum of the weight crossing each set's boundary. A best-first
//! search over sets (A*, with a lower bound on what the rest of the plan must still cost) finds
//! the cheapest sequence, whatever the number of waves. Stopped early, the least bound among the
//! sets still open is a lower bound on the optimum.

use std::cmp::Reverse;
use std::collections::BinaryHeap;

use rustc_hash::FxHashMap as HashMap;

use super::Budget;
use super::layout::Layout;
use super::units::Instance;

mod sets;

use sets::Search;

/// What is known of the best possible plan.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Bound {
    /// No plan with these units costs less.
    pub lower: u64,
    /// The search proved the plan it found optimal.
    pub proven: bool,
}

/// Units up to which the exact search runs.
pub const EXACT_UNITS: usize = 63;

/// Most waves the exact search lists from one set before it gives up on exactness.
const MAX_WAVES_TRIED: usize = 200_000;

/// A bound for any problem, from two relaxations that each keep one kind of room of a wave
/// (its apps, or its stateful apps) and forget the other:
/// - around each unit, its partners fill its own wave, then the two next to it, and so on: the
///   least its links can cost (half the sum over units, as each link is seen from both ends);
/// - the units linked to what stays behind fill the last waves first: each such link is open
///   from the unit's wave to the end.
pub fn simple_bound(inst: &Instance) -> u64 {
    // A kept wave may hold more than the capacity: the rooms are the largest a wave holds.
    let kept_apps = inst.kept.iter().map(|k| k.apps as usize).max().unwrap_or(0);
    let kept_stateful = inst
        .kept
        .iter()
        .map(|k| k.stateful as usize)
        .max()
        .unwrap_or(0);
    let m = inst.cap.max_apps.max(kept_apps) as f64;
    let ms = inst.cap.max_stateful.max(kept_stateful) as f64;
    let size_apps = |u: usize| f64::from(inst.units[u].apps);
    let size_stateful = |u: usize| f64::from(inst.units[u].stateful);
    let mut twice_links = 0f64;
    let mut partners: Vec<(f64, f64)> = Vec::new();
    for u in 0..inst.len() {
        let mut best = 0f64;
        for (size, room) in [
            (&size_apps as &dyn Fn(usize) -> f64, m),
            (&size_stateful as &dyn Fn(usize) -> f64, ms),
        ] {
            partners.clear();
            partners.extend(
                inst.links(u)
                    .iter()
                    .map(|l| (f64::from(l.real), size(l.to as usize))),
            );
            best = best.max(ring_fill(
                &mut partners,
                (room - size(u)).max(0.0),
                2.0 * room,
            ));
        }
        twice_links += best;
    }
    let mut never_cost = 0f64;
    for (size, room) in [
        (&size_apps as &dyn Fn(usize) -> f64, m),
        (&size_stateful as &dyn Fn(usize) -> f64, ms),
    ] {
        partners.clear();
        partners.extend(
            (0..inst.len())
                .filter(|&u| inst.never[u] > 0)
                .map(|u| (inst.never[u] as f64, size(u))),
        );
        // The last wave costs one wave for each of its links, the one before two, ...
        never_cost =
            never_cost.max(ring_fill(&mut partners, room, room) + partners_weight(&partners));
    }
    let kept_never: f64 = inst.kept_never.iter().map(|&(_, w)| w as f64).sum();
    // Rounded down: the sum of fractions must not pass the true bound.
    ((twice_links / 2.0 + never_cost + kept_never) - 1e-6)
        .floor()
        .max(0.0) as u64
}

fn partners_weight(items: &[(f64, f64)]) -> f64 {
    items.iter().map(|&(w, _)| w).sum()
}

/// Items (weight, size) placed by weight per size into rings: the first holds `first`, each
/// later one `each`; an item in ring d costs weight times d (fractions of an item split).
/// Items of no size all fit ring 0.
fn ring_fill(items: &mut [(f64, f64)], first: f64, each: f64) -> f64 {
    items.sort_unstable_by(|a, b| {
        let ra = if a.1 > 0.0 { a.0 / a.1 } else { f64::INFINITY };
        let rb = if b.1 > 0.0 { b.0 / b.1 } else { f64::INFINITY };
        rb.total_cmp(&ra)
    });
    let mut total = 0f64;
    let mut ring = 0f64;
    let mut room = first;
    for &(w, size) in items.iter() {
        if size <= 0.0 {
            continue;
        }
        let per = w / size;
        let mut left = size;
        while left > 1e-12 {
            if room <= 1e-12 {
                ring += 1.0;
                room = each;
            }
            let take = left.min(room);
            total += per * take * ring;
            left -= take;
            room -= take;
        }
    }
    total
}

/// An entry of the open list: f = g + h, then deeper sets first; g; the set; whether h is the
/// full bound (`rest`) or the quick one (`rest_quick`), computed in full when first taken.
type Open = Reverse<(i64, Reverse<u32>, i64, u64, bool)>;

/// The sets reached so far and the open list of the best-first search.
#[derive(Default)]
struct Walk {
    /// Each set reached: (g, previous set).
    g_of: HashMap<u64, (i64, u64)>,
    open: BinaryHeap<Open>,
}

impl Walk {
    /// Reach set `to` from `from` at cost `g`, unless it cannot beat `incumbent` or was
    /// reached as cheaply before.
    fn push(&mut self, s: &Search<'_>, from: u64, to: u64, g: i64, incumbent: i64) {
        let h = s.rest_quick(to);
        if g + h >= incumbent {
            return;
        }
        match self.g_of.get(&to) {
            Some(&(old, _)) if old <= g => {}
            _ => {
                self.g_of.insert(to, (g, from));
                self.open
                    .push(Reverse((g + h, Reverse(to.count_ones()), g, to, false)));
            }
        }
    }

    /// The layout of the cheapest way to the whole set, walked back: each step is a wave.
    fn layout(&self, inst: &Instance, s: &Search<'_>) -> Layout {
        let mut sets = vec![s.all];
        let mut cur = s.all;
        while cur != 0 {
            cur = self.g_of[&cur].1;
            sets.push(cur);
        }
        sets.reverse();
        let mut ranks = vec![0u32; s.n];
        for (w, pair) in sets.windows(2).enumerate() {
            let wave = pair[1] & !pair[0];
            for (u, r) in ranks.iter_mut().enumerate() {
                if wave & (1 << u) != 0 {
                    *r = w as u32;
                }
            }
        }
        Layout::from_ranks(inst, &ranks)
    }
}

/// The exact search, on the hybrid cost, from the best known plan (`best_cost`, its hybrid
/// cost). Returns a cheaper layout if it finds one, and the bound: proven when the search ended,
/// else the least bound still open.
pub fn solve(inst: &Instance, best_cost: i64, budget: &Budget) -> (Option<Layout>, Bound) {
    let s = Search::new(inst);
    let mut walk = Walk::default();
    let mut incumbent = best_cost;
    let mut found = false;
    let mut successors: Vec<(u64, i64)> = Vec::new();
    // First waves: the pilots. No pilot at all fits the rules (the plan gives the pilot to a
    // group too large for it): nothing to prove.
    if !s.waves_after(0, 0, budget, &mut successors) || successors.is_empty() {
        return (
            None,
            Bound {
                lower: simple_bound(inst),
                proven: false,
            },
        );
    }
    for &(x, c) in &successors {
        walk.push(&s, 0, x, c, incumbent);
    }
    let mut aborted = false;
    while let Some(Reverse((f, depth, g, set, full))) = walk.open.pop() {
        if f >= incumbent {
            break; // nothing open can beat the best plan
        }
        if walk.g_of.get(&set).is_some_and(|&(best, _)| best < g) {
            continue; // a stale entry
        }
        if !full {
            let f_full = g + s.rest(set);
            if f_full > f {
                if f_full < incumbent {
                    walk.open.push(Reverse((f_full, depth, g, set, true)));
                }
                continue;
            }
        }
        if set == s.all {
            incumbent = g;
            found = true;
            continue;
        }
        if budget.expired() || walk.g_of.len() > budget.exact_states {
            walk.open.push(Reverse((f, depth, g, set, true)));
            aborted = true;
            break;
        }
        // The crossing weight of `set` is the last term of g; rebuild it from the set.
        let cut = s.set_cut(set);
        if !s.waves_after(set, cut, budget, &mut successors) {
            walk.open.push(Reverse((f, depth, g, set, true)));
            aborted = true;
            break;
        }
        let batch = std::mem::take(&mut successors);
        for &(x, c) in &batch {
            walk.push(&s, set, x, g + c, incumbent);
        }
        successors = batch;
    }
    let lower = if aborted {
        walk.open
            .iter()
            .map(|Reverse((f, ..))| *f)
            .min()
            .unwrap_or(incumbent)
            .min(incumbent)
    } else {
        incumbent
    };
    let layout = found.then(|| walk.layout(inst, &s));
    (
        layout,
        Bound {
            lower: lower.max(0) as u64,
            proven: !aborted,
        },
    )
}

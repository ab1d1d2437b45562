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

/// The search over sets of units. Only for problems with no kept waves and at most
/// `EXACT_UNITS` units.
struct Search<'a> {
    inst: &'a Instance,
    n: usize,
    all: u64,
    links: Vec<Vec<(u32, i64)>>,
    /// Total link weight of each unit, and its weight to what stays behind.
    wsum: Vec<i64>,
    never: Vec<i64>,
    apps: Vec<u32>,
    stateful: Vec<u32>,
    pilot_ok: u64,
}

/// An entry of the open list: f = g + h, then deeper sets first; g; the set; whether h is the
/// full bound (`rest`) or the quick one (`rest_quick`), computed in full when first taken.
type Open = Reverse<(i64, Reverse<u32>, i64, u64, bool)>;

impl<'a> Search<'a> {
    fn new(inst: &'a Instance) -> Search<'a> {
        let n = inst.len();
        // The hybrid weights alone: the search bounds the hybrid cost.
        let links: Vec<Vec<(u32, i64)>> = (0..n)
            .map(|u| {
                inst.links(u)
                    .iter()
                    .map(|l| (l.to, l.real as i64))
                    .collect()
            })
            .collect();
        Search {
            inst,
            n,
            all: (1u64 << n) - 1,
            wsum: links
                .iter()
                .map(|l| l.iter().map(|&(_, w)| w).sum())
                .collect(),
            links,
            never: inst.never.iter().map(|&w| w as i64).collect(),
            apps: inst.units.iter().map(|u| u.apps).collect(),
            stateful: inst.units.iter().map(|u| u.stateful).collect(),
            pilot_ok: (0..n)
                .filter(|&u| inst.units[u].pilot_ok)
                .fold(0u64, |m, u| m | (1 << u)),
        }
    }

    /// The weight crossing the boundary of `x` once `u` joins it.
    fn cut_with(&self, cut: i64, x: u64, u: usize) -> i64 {
        let inside: i64 = self.links[u]
            .iter()
            .filter(|&&(v, _)| x & (1 << v) != 0)
            .map(|&(_, w)| w)
            .sum();
        cut + self.wsum[u] - 2 * inside + self.never[u]
    }

    /// The part of `rest` that costs no sorting: links to what stays behind.
    fn rest_quick(&self, s: u64) -> i64 {
        if s == self.all {
            return 0;
        }
        let (mut apps_left, mut stateful_left) = (0u64, 0u64);
        let (mut never_placed, mut never_left) = (0i64, 0i64);
        for u in 0..self.n {
            if s & (1 << u) != 0 {
                never_placed += self.never[u];
            } else {
                apps_left += u64::from(self.apps[u]);
                stateful_left += u64::from(self.stateful[u]);
                never_left += self.never[u];
            }
        }
        let cap = &self.inst.cap;
        let waves = apps_left
            .div_ceil(cap.max_apps as u64)
            .max(stateful_left.div_ceil(cap.max_stateful as u64))
            .max(1) as i64;
        never_placed * waves + never_left
    }

    /// A lower bound on what the waves after `s` still cost: links from `s` to a unit stay
    /// open until its wave, and a wave holds only so much (units fill the next waves by the
    /// weight they bring, per app and per stateful app: each a valid bound); links to what
    /// stays behind are open every wave for units placed, and at least once for the others.
    fn rest(&self, s: u64) -> i64 {
        if s == self.all {
            return 0;
        }
        let cap = &self.inst.cap;
        let mut pull: Vec<(i64, u32, u32)> = Vec::new();
        let (mut apps_left, mut stateful_left) = (0u64, 0u64);
        let mut never_placed = 0i64;
        let mut never_left = 0i64;
        for u in 0..self.n {
            if s & (1 << u) != 0 {
                never_placed += self.never[u];
                continue;
            }
            apps_left += u64::from(self.apps[u]);
            stateful_left += u64::from(self.stateful[u]);
            never_left += self.never[u];
            let w: i64 = self.links[u]
                .iter()
                .filter(|&&(v, _)| s & (1 << v) != 0)
                .map(|&(_, w)| w)
                .sum();
            pull.push((w, self.apps[u], self.stateful[u]));
        }
        let m = cap.max_apps as u64;
        let ms = cap.max_stateful as u64;
        let waves = apps_left.div_ceil(m).max(stateful_left.div_ceil(ms)).max(1) as i64;
        let by = |size: fn(&(i64, u32, u32)) -> u32, room: u64, pull: &mut Vec<(i64, u32, u32)>| {
            // fractional: fill waves 1, 2, ... with the most weight per unit of size first
            pull.sort_unstable_by(|a, b| {
                let (sa, sb) = (size(a).max(1) as i64, size(b).max(1) as i64);
                (b.0 * sa).cmp(&(a.0 * sb))
            });
            let mut total = 0f64;
            let mut used = 0u64;
            for p in pull.iter() {
                let sz = u64::from(size(p));
                if sz == 0 {
                    continue; // takes no room: it can join the next wave
                }
                let per = p.0 as f64 / sz as f64;
                let mut left = sz;
                while left > 0 {
                    let wave = used / room;
                    let take = left.min(room - used % room);
                    total += per * take as f64 * wave as f64;
                    used += take;
                    left -= take;
                }
            }
            (total - 1e-9).floor().max(0.0) as i64
        };
        let links = by(|p| p.1, m, &mut pull).max(by(|p| p.2, ms, &mut pull));
        never_placed * waves + never_left + links
    }
}

/// The exact search, on the hybrid cost, from the best known plan (`best_cost`, its hybrid
/// cost). Returns a cheaper layout if it finds one, and the bound: proven when the search ended,
/// else the least bound still open.
pub fn solve(inst: &Instance, best_cost: i64, budget: &Budget) -> (Option<Layout>, Bound) {
    let s = Search::new(inst);
    let mut g_of: HashMap<u64, (i64, u64)> = HashMap::default(); // set -> (g, previous set)
    let mut open: BinaryHeap<Open> = BinaryHeap::new();
    let mut incumbent = best_cost;
    let mut found = false;
    let cap = &inst.cap;
    // First waves: the pilots.
    let push = |open: &mut BinaryHeap<Open>,
                g_of: &mut HashMap<u64, (i64, u64)>,
                from: u64,
                to: u64,
                g: i64,
                incumbent: i64| {
        let h = s.rest_quick(to);
        if g + h >= incumbent {
            return;
        }
        match g_of.get(&to) {
            Some(&(old, _)) if old <= g => {}
            _ => {
                g_of.insert(to, (g, from));
                open.push(Reverse((g + h, Reverse(to.count_ones()), g, to, false)));
            }
        }
    };
    let mut successors: Vec<(u64, i64)> = Vec::new();
    // Successors of set `from`: every set from ∪ T with T a wave that fits.
    // Returns false when there are too many to list.
    let grow = |from: u64, cut: i64, out: &mut Vec<(u64, i64)>| -> bool {
        out.clear();
        let pilot = from == 0;
        let apps_limit = cap.apps_limit(usize::from(!pilot)) as u32;
        let allowed = if pilot && inst.pilot_rule {
            s.pilot_ok
        } else {
            s.all
        } & !from;
        // Depth-first over the allowed units in order: each subset once.
        let mut stack: Vec<(usize, u64, i64, u32, u32)> = vec![(0, from, cut, 0, 0)];
        while let Some((next, set, c, apps, st)) = stack.pop() {
            for u in next..s.n {
                if allowed & (1 << u) == 0 {
                    continue;
                }
                let (a, t) = (apps + s.apps[u], st + s.stateful[u]);
                if a > apps_limit || t > cap.max_stateful as u32 {
                    continue;
                }
                let x = set | (1 << u);
                let cx = s.cut_with(c, set, u);
                out.push((x, cx));
                if out.len() > MAX_WAVES_TRIED
                    || (out.len().is_multiple_of(4096) && budget.expired())
                {
                    return false;
                }
                stack.push((u + 1, x, cx, a, t));
            }
        }
        true
    };
    // No pilot at all fits the rules (the plan gives the pilot to a group too large for it):
    // nothing to prove.
    if !grow(0, 0, &mut successors) || successors.is_empty() {
        return (
            None,
            Bound {
                lower: simple_bound(inst),
                proven: false,
            },
        );
    }
    for &(x, c) in &successors {
        push(&mut open, &mut g_of, 0, x, c, incumbent);
    }
    let mut aborted = false;
    while let Some(Reverse((f, depth, g, set, full))) = open.pop() {
        if f >= incumbent {
            break; // nothing open can beat the best plan
        }
        if g_of.get(&set).is_some_and(|&(best, _)| best < g) {
            continue; // a stale entry
        }
        if !full {
            let f_full = g + s.rest(set);
            if f_full > f {
                if f_full < incumbent {
                    open.push(Reverse((f_full, depth, g, set, true)));
                }
                continue;
            }
        }
        if set == s.all {
            incumbent = g;
            found = true;
            continue;
        }
        if budget.expired() || g_of.len() > budget.exact_states {
            open.push(Reverse((f, depth, g, set, true)));
            aborted = true;
            break;
        }
        // The crossing weight of `set` is the last term of g; rebuild it from the set.
        let cut = set_cut(&s, set);
        if !grow(set, cut, &mut successors) {
            open.push(Reverse((f, depth, g, set, true)));
            aborted = true;
            break;
        }
        let batch = std::mem::take(&mut successors);
        for &(x, c) in &batch {
            push(&mut open, &mut g_of, set, x, g + c, incumbent);
        }
        successors = batch;
    }
    let lower = if aborted {
        open.iter()
            .map(|Reverse((f, ..))| *f)
            .min()
            .unwrap_or(incumbent)
            .min(incumbent)
    } else {
        incumbent
    };
    let layout = found.then(|| {
        // Walk back from the whole set: each step is a wave.
        let mut sets = vec![s.all];
        let mut cur = s.all;
        while cur != 0 {
            cur = g_of[&cur].1;
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
    });
    (
        layout,
        Bound {
            lower: lower.max(0) as u64,
            proven: !aborted,
        },
    )
}

fn set_cut(s: &Search<'_>, set: u64) -> i64 {
    let mut cut = 0;
    for u in 0..s.n {
        if set & (1 << u) != 0 {
            cut += s.never[u];
            for &(v, w) in &s.links[u] {
                if set & (1 << v) == 0 {
                    cut += w;
                }
            }
        }
    }
    cut
}

//! The sets of units the exact search walks: a set's crossing weight, the waves that may come
//! after it, and lower bounds on what the waves after it still cost.

use super::super::Budget;
use super::super::units::Instance;
use super::MAX_WAVES_TRIED;

/// The search over sets of units. Only for problems with no kept waves and at most
/// `EXACT_UNITS` units.
pub(super) struct Search<'a> {
    pub(super) inst: &'a Instance,
    pub(super) n: usize,
    pub(super) all: u64,
    pub(super) links: Vec<Vec<(u32, i64)>>,
    /// Total link weight of each unit, and its weight to what stays behind.
    pub(super) wsum: Vec<i64>,
    pub(super) never: Vec<i64>,
    pub(super) apps: Vec<u32>,
    pub(super) stateful: Vec<u32>,
    pub(super) pilot_ok: u64,
}

impl<'a> Search<'a> {
    pub(super) fn new(inst: &'a Instance) -> Search<'a> {
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
    pub(super) fn cut_with(&self, cut: i64, x: u64, u: usize) -> i64 {
        let inside: i64 = self.links[u]
            .iter()
            .filter(|&&(v, _)| x & (1 << v) != 0)
            .map(|&(_, w)| w)
            .sum();
        cut + self.wsum[u] - 2 * inside + self.never[u]
    }

    /// The part of `rest` that costs no sorting: links to what stays behind.
    pub(super) fn rest_quick(&self, s: u64) -> i64 {
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
    pub(super) fn rest(&self, s: u64) -> i64 {
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

    /// The successors of set `from` (whose crossing weight is `cut`): every set from ∪ T with
    /// T a wave that fits, with its crossing weight, into `out`. Returns false when there are
    /// too many to list.
    pub(super) fn waves_after(
        &self,
        from: u64,
        cut: i64,
        budget: &Budget,
        out: &mut Vec<(u64, i64)>,
    ) -> bool {
        let (inst, cap) = (self.inst, &self.inst.cap);
        out.clear();
        let pilot = from == 0;
        let apps_limit = cap.apps_limit(usize::from(!pilot)) as u32;
        let allowed = if pilot && inst.pilot_rule {
            self.pilot_ok
        } else {
            self.all
        } & !from;
        // Depth-first over the allowed units in order: each subset once.
        let mut stack: Vec<(usize, u64, i64, u32, u32)> = vec![(0, from, cut, 0, 0)];
        while let Some((next, set, c, apps, st)) = stack.pop() {
            for u in next..self.n {
                if allowed & (1 << u) == 0 {
                    continue;
                }
                let (a, t) = (apps + self.apps[u], st + self.stateful[u]);
                if a > apps_limit || t > cap.max_stateful as u32 {
                    continue;
                }
                let x = set | (1 << u);
                let cx = self.cut_with(c, set, u);
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
    }

    /// The crossing weight of `set`.
    pub(super) fn set_cut(&self, set: u64) -> i64 {
        let mut cut = 0;
        for u in 0..self.n {
            if set & (1 << u) != 0 {
                cut += self.never[u];
                for &(v, w) in &self.links[u] {
                    if set & (1 << v) == 0 {
                        cut += w;
                    }
                }
            }
        }
        cut
    }
}

//! Units placed in waves, with the loads of each wave and the search objective: the hybrid cost
//! of the plan (every link weighted by the waves it stays open), hard links weighed heavily.
//! A plan's cost is also the sum, over its waves, of the weight crossing the boundary after
//! each wave (`cuts`): merging two waves removes the first one's term, which is what the wave
//! choices rest on.

use super::units::{Instance, NONE};

/// Units in waves. Waves `0..inst.kept_len()` are the kept ones, in place.
#[derive(Debug, Clone)]
pub struct Layout {
    pub rank: Vec<u32>,
    /// Apps and stateful apps in each wave (kept apps included).
    pub apps: Vec<u32>,
    pub stateful: Vec<u32>,
    /// Units in each wave, in no order.
    pub members: Vec<Vec<u32>>,
    pos: Vec<u32>,
}

impl Layout {
    /// The kept waves, with no unit placed.
    pub fn new(inst: &Instance) -> Layout {
        Layout {
            rank: vec![NONE; inst.len()],
            apps: inst.kept.iter().map(|k| k.apps).collect(),
            stateful: inst.kept.iter().map(|k| k.stateful).collect(),
            members: vec![Vec::new(); inst.kept_len()],
            pos: vec![NONE; inst.len()],
        }
    }

    /// Number of waves.
    pub fn k(&self) -> usize {
        self.apps.len()
    }

    pub fn open_wave(&mut self) {
        self.apps.push(0);
        self.stateful.push(0);
        self.members.push(Vec::new());
    }

    pub fn place(&mut self, inst: &Instance, u: usize, w: usize) {
        while w >= self.k() {
            self.open_wave();
        }
        let unit = &inst.units[u];
        self.rank[u] = w as u32;
        self.pos[u] = self.members[w].len() as u32;
        self.members[w].push(u as u32);
        self.apps[w] += unit.apps;
        self.stateful[w] += unit.stateful;
    }

    pub fn take(&mut self, inst: &Instance, u: usize) {
        let w = self.rank[u] as usize;
        let p = self.pos[u] as usize;
        let list = &mut self.members[w];
        list.swap_remove(p);
        if let Some(&moved) = list.get(p) {
            self.pos[moved as usize] = p as u32;
        }
        let unit = &inst.units[u];
        self.apps[w] -= unit.apps;
        self.stateful[w] -= unit.stateful;
        self.rank[u] = NONE;
        self.pos[u] = NONE;
    }

    pub fn shift(&mut self, inst: &Instance, u: usize, w: usize) {
        self.take(inst, u);
        self.place(inst, u, w);
    }

    /// Whether unit `u` may join wave `w` (`w == k()` is a new wave), with unit `leaving`
    /// going out of it.
    pub fn fits(&self, inst: &Instance, u: usize, w: usize, leaving: Option<usize>) -> bool {
        let unit = &inst.units[u];
        if w < inst.kept_len() && inst.kept[w].locked {
            return false;
        }
        if w == 0 && inst.pilot_rule && !unit.pilot_ok {
            return false;
        }
        let (la, ls) = leaving.map_or((0, 0), |v| (inst.units[v].apps, inst.units[v].stateful));
        let (apps, stateful) = if w < self.k() {
            (self.apps[w], self.stateful[w])
        } else {
            (0, 0)
        };
        apps - la + unit.apps <= inst.cap.apps_limit(w) as u32
            && stateful - ls + unit.stateful <= inst.cap.max_stateful as u32
    }

    /// Change in the objective if unit `u` moved to wave `t` (`t == k()`: a new last wave).
    pub fn delta(&self, inst: &Instance, u: usize, t: usize) -> i64 {
        let r = self.rank[u] as i64;
        let t = t as i64;
        let mut d = 0i64;
        for l in inst.links(u) {
            let p = self.rank[l.to as usize] as i64;
            d += l.w as i64 * ((t - p).abs() - (r - p).abs());
        }
        for l in inst.fixed_links(u) {
            let p = l.to as i64;
            d += l.w as i64 * ((t - p).abs() - (r - p).abs());
        }
        d += inst.never[u] as i64 * (r - t);
        if t as usize == self.k() {
            // one more wave: every link to what stays behind stays open one wave longer
            d += inst.never_total() as i64;
        }
        d
    }

    /// The weight of the direct links between units `u` and `v`.
    pub fn link(inst: &Instance, u: usize, v: usize) -> i64 {
        let links = inst.links(u);
        links
            .binary_search_by_key(&(v as u32), |l| l.to)
            .map_or(0, |i| links[i].w as i64)
    }

    /// The weight crossing the boundary after each wave; their sum is the objective.
    pub fn cuts(&self, inst: &Instance) -> Vec<i64> {
        let k = self.k();
        let mut diff = vec![0i64; k + 1];
        let mut span = |a: u32, b: u32, w: i64| {
            let (lo, hi) = (a.min(b) as usize, a.max(b) as usize);
            if lo < hi {
                diff[lo] += w;
                diff[hi.min(k)] -= w;
            }
        };
        for u in 0..inst.len() {
            let r = self.rank[u];
            for l in inst.links(u) {
                if (l.to as usize) > u {
                    span(r, self.rank[l.to as usize], l.w as i64);
                }
            }
            for l in inst.fixed_links(u) {
                span(r, l.to, l.w as i64);
            }
            span(r, k as u32, inst.never[u] as i64);
        }
        for &(lo, hi, w) in &inst.kept_pairs {
            span(lo, hi, w as i64);
        }
        for &(r, w) in &inst.kept_never {
            span(r, k as u32, w as i64);
        }
        let mut out = Vec::with_capacity(k);
        let mut c = 0;
        for d in diff.iter().take(k) {
            c += d;
            out.push(c);
        }
        out
    }

    /// The objective, from scratch.
    pub fn cost(&self, inst: &Instance) -> i64 {
        self.cuts(inst).iter().sum()
    }

    /// The hybrid cost alone (hard links at their plain weight).
    pub fn real_cost(&self, inst: &Instance) -> i64 {
        let k = self.k() as i64;
        let mut c = 0i64;
        for u in 0..inst.len() {
            let r = self.rank[u] as i64;
            for l in inst.links(u) {
                if (l.to as usize) > u {
                    c += l.real as i64 * (r - self.rank[l.to as usize] as i64).abs();
                }
            }
            for l in inst.fixed_links(u) {
                c += l.real as i64 * (r - l.to as i64).abs();
            }
            c += inst.never[u] as i64 * (k - r);
        }
        for &(lo, hi, w) in &inst.kept_pairs {
            c += w as i64 * (hi as i64 - lo as i64);
        }
        for &(r, w) in &inst.kept_never {
            c += w as i64 * (k - r as i64);
        }
        c
    }

    /// Rebuild from ranks (every unit placed, waves as numbered).
    pub fn from_ranks(inst: &Instance, ranks: &[u32]) -> Layout {
        let mut layout = Layout::new(inst);
        for (u, &r) in ranks.iter().enumerate() {
            layout.place(inst, u, r as usize);
        }
        layout
    }

    /// Drop empty waves at the end, down to `k` waves.
    pub fn trim_empty_tail(&mut self, k: usize) {
        while self.k() > k && self.members.last().is_some_and(|m| m.is_empty()) {
            self.apps.pop();
            self.stateful.pop();
            self.members.pop();
        }
    }

    /// Drop the empty waves after the kept ones.
    pub fn drop_empty(&mut self, inst: &Instance) {
        let kept = inst.kept_len();
        let k = self.k();
        let mut new_index = vec![0u32; k];
        let mut next = 0u32;
        for (w, slot) in new_index.iter_mut().enumerate() {
            *slot = next;
            if w < kept || !self.members[w].is_empty() {
                next += 1;
            }
        }
        if next as usize == k {
            return;
        }
        let ranks: Vec<u32> = self.rank.iter().map(|&r| new_index[r as usize]).collect();
        *self = Layout::from_ranks(inst, &ranks);
    }

    /// Whether every wave holds what its capacity allows and the pilot rule holds.
    #[cfg(test)]
    pub fn feasible(&self, inst: &Instance) -> bool {
        (0..self.k()).all(|w| {
            self.apps[w] <= inst.cap.apps_limit(w) as u32
                && self.stateful[w] <= inst.cap.max_stateful as u32
        }) && (!inst.pilot_rule
            || self
                .members
                .first()
                .is_none_or(|m| m.iter().all(|&u| inst.units[u as usize].pilot_ok)))
    }
}

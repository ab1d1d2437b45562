//! The hybrid cost kept edge by edge: each edge adds its weight from the wave its earlier end
//! moves in to the wave of its later end (difference arrays), and running sums give any wave's
//! share in O(log waves).

use super::fenwick::Fenwick;
use crate::analysis::HybridCost;
use crate::analysis::hybrid::open_span;

#[derive(Debug, Clone, Default)]
pub(super) struct WaveCosts {
    /// Differences of the weighted crossing edges and of their number (length waves + 1).
    cost: Vec<i64>,
    links: Vec<i64>,
    cost_sums: Fenwick,
    link_sums: Fenwick,
    /// The plan's hybrid cost: the sum over the waves.
    total: i64,
}

impl WaveCosts {
    pub fn new(waves: usize) -> WaveCosts {
        let mut c = WaveCosts {
            cost: vec![0; waves + 1],
            links: vec![0; waves + 1],
            ..WaveCosts::default()
        };
        c.resum(waves);
        c
    }

    /// Add (`sign` 1) or take out (-1) the share of an edge whose ends have ranks `a` and `b`.
    pub fn add(&mut self, a: u32, b: u32, waves: usize, weight: u32, sign: i64) {
        let Some((lo, hi)) = open_span(a, b, waves) else {
            return;
        };
        let w = sign * i64::from(weight);
        self.cost[lo] += w;
        self.cost[hi] -= w;
        self.links[lo] += sign;
        self.links[hi] -= sign;
        self.cost_sums.add(lo, w);
        self.cost_sums.add(hi, -w);
        self.link_sums.add(lo, sign);
        self.link_sums.add(hi, -sign);
        self.total += w * (hi - lo) as i64;
    }

    /// After edges were added one by one without the running sums (a rebuild): make them.
    pub fn resum(&mut self, waves: usize) {
        self.cost_sums = Fenwick::of(&self.cost);
        self.link_sums = Fenwick::of(&self.links);
        let (mut c, mut total) = (0i64, 0i64);
        for w in 0..waves {
            c += self.cost[w];
            total += c;
        }
        self.total = total;
    }

    /// Add an edge's share to the differences only (a rebuild, before `resum`).
    pub fn add_raw(&mut self, a: u32, b: u32, waves: usize, weight: u32) {
        if let Some((lo, hi)) = open_span(a, b, waves) {
            self.cost[lo] += i64::from(weight);
            self.cost[hi] -= i64::from(weight);
            self.links[lo] += 1;
            self.links[hi] -= 1;
        }
    }

    /// A wave was inserted at `at` (the plan has `waves` now): every edge spanning it spans
    /// one wave more.
    pub fn insert_wave(&mut self, at: usize, waves: usize) {
        self.cost.insert(at, 0);
        self.links.insert(at, 0);
        self.resum(waves);
    }

    /// The empty wave `at` was removed (the plan has `waves` now).
    pub fn remove_wave(&mut self, at: usize, waves: usize) {
        debug_assert_eq!((self.cost[at], self.links[at]), (0, 0), "an empty wave");
        self.cost.remove(at);
        self.links.remove(at);
        self.resum(waves);
    }

    /// The weighted crossing edges and their number once wave `w` has moved.
    pub fn after(&self, w: usize) -> (u64, usize) {
        (
            self.cost_sums.prefix(w) as u64,
            self.link_sums.prefix(w) as usize,
        )
    }

    pub fn total(&self) -> u64 {
        self.total as u64
    }

    /// The whole cost, wave by wave; the total is the running one, so that comparing with
    /// [`HybridCost::of`] checks it too.
    pub fn hybrid(&self, waves: usize) -> HybridCost {
        HybridCost {
            total: self.total(),
            ..HybridCost::from_differences(&self.cost, &self.links, waves)
        }
    }
}

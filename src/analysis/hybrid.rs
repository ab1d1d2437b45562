//! Hybrid cost, the plan's figure of merit: after each wave, the weighted sum of the edges with
//! one end on the platform and the other on legacy; the plan's cost is the sum over all waves.
//! Every cost computed from scratch comes from [`HybridCost::of_edges`]; the live analysis keeps
//! the same differences edge by edge ([`open_span`]) and sums them through
//! [`HybridCost::from_differences`].

use crate::graph::DependencyGraph;
use crate::score::{Scorer, Weights};

use super::WavePlan;

/// The hybrid cost of a plan, wave by wave.
#[derive(Debug, Clone, PartialEq, Eq, Default, serde::Serialize)]
pub struct HybridCost {
    /// Weighted crossing edges after each wave.
    pub after_wave: Vec<u64>,
    /// Number of crossing edges after each wave.
    pub links_after: Vec<usize>,
    /// Sum of `after_wave`.
    pub total: u64,
}

/// The waves after which an edge whose ends have ranks `a` and `b` (0-based wave, `u32::MAX`
/// for none) is open in a plan of `waves` waves: from the earlier end's wave up to, not
/// including, the later end's (or the end of the plan). `None` when it is never open.
pub fn open_span(a: u32, b: u32, waves: usize) -> Option<(usize, usize)> {
    let lo = a.min(b) as usize;
    if lo >= waves {
        return None;
    }
    let hi = (a.max(b) as usize).min(waves);
    (lo != hi).then_some((lo, hi))
}

impl HybridCost {
    /// Compute the cost of `plan` in one pass over the edges.
    pub fn of(scorer: &Scorer<'_>, plan: &WavePlan) -> HybridCost {
        let edges = scorer.edge_facts().iter().map(|e| (e.from, e.to, e.hybrid));
        HybridCost::of_edges(edges, plan.ranks(), plan.wave_count())
    }

    /// The cost of a plan given as ranks (0-based wave per app, `u32::MAX` for none) and its
    /// number of waves, over edges given as (from, to, weight). An edge crosses after every wave
    /// of its open span; difference arrays add each edge once.
    pub fn of_edges(
        edges: impl IntoIterator<Item = (u32, u32, u32)>,
        ranks: &[u32],
        waves: usize,
    ) -> HybridCost {
        let mut cost = vec![0i64; waves + 1];
        let mut links = vec![0i64; waves + 1];
        for (from, to, weight) in edges {
            if let Some((lo, hi)) = open_span(ranks[from as usize], ranks[to as usize], waves) {
                let w = i64::from(weight);
                cost[lo] += w;
                cost[hi] -= w;
                links[lo] += 1;
                links[hi] -= 1;
            }
        }
        HybridCost::from_differences(&cost, &links, waves)
    }

    /// The cost from the differences of the weighted crossing edges and of their number (each
    /// edge added at the start of its open span and taken out at its end).
    pub fn from_differences(cost: &[i64], links: &[i64], waves: usize) -> HybridCost {
        let mut after_wave = Vec::with_capacity(waves);
        let mut links_after = Vec::with_capacity(waves);
        let (mut c, mut l) = (0i64, 0i64);
        for w in 0..waves {
            c += cost[w];
            l += links[w];
            after_wave.push(c as u64);
            links_after.push(l as usize);
        }
        HybridCost {
            total: after_wave.iter().sum(),
            after_wave,
            links_after,
        }
    }

    /// The total cost of a plan given as ranks and its number of waves, from the graph and the
    /// weights rather than a scorer.
    pub fn total_of(
        graph: &DependencyGraph,
        weights: &Weights,
        ranks: &[u32],
        waves: usize,
    ) -> u64 {
        let edges = graph
            .edges()
            .iter()
            .map(|e| (e.from as u32, e.to as u32, weights.hybrid.get(e.via)));
        HybridCost::of_edges(edges, ranks, waves).total
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_edge_is_open_from_its_earlier_end_to_its_later_one_or_the_end() {
        let never = u32::MAX;
        assert_eq!(open_span(0, 2, 3), Some((0, 2)));
        assert_eq!(open_span(2, 0, 3), Some((0, 2)));
        assert_eq!(open_span(1, never, 3), Some((1, 3)));
        assert_eq!(open_span(1, 1, 3), None);
        assert_eq!(open_span(never, never, 3), None);
        assert_eq!(open_span(3, never, 3), None);
    }

    #[test]
    fn the_cost_counts_each_open_link_once_per_wave_it_stays_open() {
        // ranks: a in wave 0, b in wave 2, c unplanned; 3 waves.
        let ranks = [0, 2, u32::MAX];
        let cost = HybridCost::of_edges([(0, 1, 5), (1, 2, 2), (0, 0, 9)], &ranks, 3);
        assert_eq!(cost.after_wave, [5, 5, 2]);
        assert_eq!(cost.links_after, [1, 1, 1]);
        assert_eq!(cost.total, 12);
    }
}

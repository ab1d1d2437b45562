//! Hybrid cost, the plan's figure of merit: after each wave, the weighted sum of the edges with
//! one end on the platform and the other on legacy; the plan's cost is the sum over all waves.

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

impl HybridCost {
    /// Compute the cost of `plan` in one pass over the edges.
    pub fn of(scorer: &Scorer<'_>, plan: &WavePlan) -> HybridCost {
        let k = plan.wave_count();
        let ranks = plan.ranks();
        // An edge crosses after every wave from the earlier end's wave up to (not including)
        // the later end's wave; difference arrays add each edge once.
        let mut cost = vec![0i64; k + 1];
        let mut links = vec![0i64; k + 1];
        for e in scorer.edge_facts() {
            let (a, b) = (ranks[e.from as usize], ranks[e.to as usize]);
            let lo = a.min(b) as usize;
            if lo >= k {
                continue;
            }
            let hi = (a.max(b) as usize).min(k);
            if lo == hi {
                continue;
            }
            let w = e.hybrid as i64;
            cost[lo] += w;
            cost[hi] -= w;
            links[lo] += 1;
            links[hi] -= 1;
        }
        let mut after_wave = Vec::with_capacity(k);
        let mut links_after = Vec::with_capacity(k);
        let (mut c, mut l) = (0i64, 0i64);
        for w in 0..k {
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

    /// The total cost of a plan given as ranks (0-based wave per app, `u32::MAX` for none) and
    /// its number of waves, without per-wave detail.
    pub fn total_of(
        graph: &DependencyGraph,
        weights: &Weights,
        ranks: &[u32],
        waves: usize,
    ) -> u64 {
        let k = waves as u32;
        graph
            .edges()
            .iter()
            .map(|e| {
                let (a, b) = (ranks[e.from], ranks[e.to]);
                let lo = a.min(b);
                if lo >= k {
                    return 0;
                }
                let hi = a.max(b).min(k);
                weights.hybrid.get(e.via) as u64 * (hi - lo) as u64
            })
            .sum()
    }
}

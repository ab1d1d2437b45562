//! The fast path run on every edit: coupling of every app in one sequential pass over a compact
//! edge table, instead of one walk per app. It gives the same numbers as `coupling::points`
//! (tests check it); the reasons are built only for the apps on screen.

use super::Scorer;
use crate::graph::AppIx;

/// What the fast passes need of one edge, precomputed once.
#[derive(Debug, Clone, Copy)]
pub struct EdgeFacts {
    pub from: u32,
    pub to: u32,
    /// Coupling points for `from` when `to` stays on legacy.
    pub out_points: u32,
    /// Coupling points for `to` when `from` stays on legacy.
    pub in_points: u32,
    /// Weight of the edge in the hybrid cost.
    pub hybrid: u32,
    /// The dependency is hard: it cannot work across the hybrid link.
    pub hard: bool,
}

impl Scorer<'_> {
    /// Raw coupling points (before the clamp) of every app, each scored in its own wave:
    /// `scored[a]` (0-based). `ranks[a]` is the wave of `a`, `u32::MAX` when unplanned.
    pub fn couplings(&self, ranks: &[u32], scored: impl Fn(AppIx) -> u32) -> Vec<u32> {
        let n = ranks.len();
        let at: Vec<u32> = (0..n).map(&scored).collect();
        let mut points = vec![0u32; n];
        for e in &self.edges {
            let (f, t) = (e.from as usize, e.to as usize);
            if ranks[t] > at[f] {
                points[f] = points[f].saturating_add(e.out_points);
            }
            if ranks[f] > at[t] {
                points[t] = points[t].saturating_add(e.in_points);
            }
        }
        self.add_split_groups(ranks, &at, &mut points, |_| true);
        points
    }

    /// Raw coupling points of every candidate for wave `wave` (movable apps not in waves up to
    /// `wave`), as if it joined that wave with the other candidates of its cycle group (the
    /// unit of a recommendation); 0 for other apps.
    pub fn candidate_couplings(&self, ranks: &[u32], wave: u32) -> Vec<u32> {
        let graph = self.graph;
        let n = ranks.len();
        let mut points = vec![0u32; n];
        for e in &self.edges {
            let (f, t) = (e.from as usize, e.to as usize);
            // For a candidate the other end is legacy only when it is past the wave too (and
            // does not move with it in the same move group).
            if ranks[t] > wave && ranks[f] > wave {
                let together = graph.move_group_of(f).is_some()
                    && graph.move_group_of(f) == graph.move_group_of(t);
                if !together {
                    points[f] = points[f].saturating_add(e.out_points);
                    points[t] = points[t].saturating_add(e.in_points);
                }
            }
        }
        // In a unit, only the members that never move stay behind.
        let w = &self.weights.coupling;
        for group in graph.cycle_groups() {
            let behind = group
                .members
                .iter()
                .filter(|&&m| !graph.is_movable(m))
                .count() as u32;
            if behind == 0 {
                continue;
            }
            for &m in &group.members {
                if graph.is_movable(m) && ranks[m] > wave {
                    points[m] = points[m].saturating_add(super::split_points(w, behind as usize));
                }
            }
        }
        points
    }

    /// The split-group points of every app as a candidate (the part of
    /// `candidate_couplings` that is the same for every wave): a movable member of a cycle
    /// group leaves its members that never move behind.
    pub fn candidate_split_points(&self) -> Vec<u32> {
        let graph = self.graph;
        let w = &self.weights.coupling;
        let mut points = vec![0u32; graph.app_count()];
        for group in graph.cycle_groups() {
            let behind = group
                .members
                .iter()
                .filter(|&&m| !graph.is_movable(m))
                .count();
            if behind == 0 {
                continue;
            }
            for &m in &group.members {
                if graph.is_movable(m) {
                    points[m] = super::split_points(w, behind);
                }
            }
        }
        points
    }

    /// Add the split-group points of every group member scored at `at[m]`.
    fn add_split_groups(
        &self,
        ranks: &[u32],
        at: &[u32],
        points: &mut [u32],
        include: impl Fn(AppIx) -> bool,
    ) {
        let w = &self.weights.coupling;
        let mut sorted: Vec<u32> = Vec::new();
        for group in self.graph.cycle_groups() {
            sorted.clear();
            sorted.extend(group.members.iter().map(|&m| ranks[m]));
            sorted.sort_unstable();
            for &m in &group.members {
                if !include(m) {
                    continue;
                }
                // members (other than m) whose rank is past m's wave stay behind
                let past = sorted.len() - sorted.partition_point(|&r| r <= at[m]);
                let behind = past - usize::from(ranks[m] > at[m]);
                if behind > 0 {
                    points[m] = points[m].saturating_add(super::split_points(w, behind));
                }
            }
        }
    }

    /// The compact edge table.
    pub fn edge_facts(&self) -> &[EdgeFacts] {
        &self.edges
    }
}

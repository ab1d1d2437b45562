//! One edit in progress: what its apps and their edges give is taken out under the old state
//! and put back under the new one, and the apps, groups and waves it touched are marked.

use crate::graph::AppIx;
use crate::score::Scorer;

use super::LiveAnalysis;
use super::candidates::together;

/// `value` with `points` added (`sign` 1) or taken out (-1).
fn bump(value: u32, points: u32, sign: i32) -> u32 {
    if sign > 0 {
        value.wrapping_add(points)
    } else {
        value.wrapping_sub(points)
    }
}

impl LiveAnalysis {
    /// Take out what `apps` give under the analysis's current state: their own place
    /// (`plan_side`: their waves, findings and group, with their edges' scores, hybrid cost and
    /// hard findings) and what they are among the candidates.
    pub(super) fn take_out(&mut self, scorer: &Scorer<'_>, apps: &[AppIx], plan_side: bool) {
        for &a in apps {
            self.in_batch[a] = true;
        }
        for &a in apps {
            if plan_side {
                self.leave(scorer, a);
            }
            self.dirty_unit(scorer.graph, a);
            self.edges_of(scorer, a, -1, plan_side);
        }
    }

    /// Put back what `apps` give under the analysis's new state.
    pub(super) fn put_back(&mut self, scorer: &Scorer<'_>, apps: &[AppIx], plan_side: bool) {
        for &a in apps {
            if plan_side {
                self.enter(scorer, a);
            }
            self.dirty_unit(scorer.graph, a);
            self.edges_of(scorer, a, 1, plan_side);
        }
    }

    /// End an edit of `apps`: score again the apps it touched (and the group members between
    /// the waves it moved them across), judge the waves it changed, and place its units.
    pub(super) fn finish(&mut self, scorer: &Scorer<'_>, apps: &[AppIx]) {
        let groups = std::mem::take(&mut self.dirty_groups);
        for &g in &groups {
            let g = g as usize;
            if let Some((lo, hi)) = self.group_range[g].take() {
                let between: Vec<u32> = self.groups[g]
                    .between(lo, hi)
                    .iter()
                    .map(|&(_, m)| m)
                    .collect();
                for m in between {
                    let m = m as usize;
                    self.split_points[m] = self.split_of(scorer, g, m);
                    self.touch(m);
                }
            }
            self.refresh_split(scorer, g);
        }
        self.dirty_groups = groups;
        self.dirty_groups.clear();
        let touched = std::mem::take(&mut self.touched);
        for &a in &touched {
            self.touched_mark[a] = false;
            let new = self.score_of(scorer, a);
            let w = self.ranks[a] as usize;
            if w < self.waves {
                // A moved app's old ease left its old wave with it.
                let before = if self.left[a] {
                    0
                } else {
                    u64::from(self.scores[a].ease)
                };
                self.wave_ease[w] = self.wave_ease[w] - before + u64::from(new.ease);
            }
            self.left[a] = false;
            if new != self.scores[a] || self.in_batch[a] {
                self.mark_changed(a);
            }
            self.scores[a] = new;
        }
        self.touched = touched;
        self.touched.clear();
        let waves = std::mem::take(&mut self.dirty_waves);
        for &w in &waves {
            self.refresh_capacity(w);
        }
        self.dirty_waves = waves;
        self.dirty_waves.clear();
        self.refresh_units(scorer);
        for &a in apps {
            self.in_batch[a] = false;
        }
    }

    /// The app leaves its place: its wave's figures and findings, its group's ranks.
    fn leave(&mut self, scorer: &Scorer<'_>, a: AppIx) {
        let r = self.ranks[a];
        if (r as usize) < self.waves {
            let w = r as usize;
            self.wave_apps[w] -= 1;
            self.wave_stateful[w] -= usize::from(self.stateful[a]);
            self.wave_ease[w] -= u64::from(self.scores[a].ease);
            self.planned -= 1;
            self.dirty_waves.push(w);
            self.app_findings(scorer, a, -1);
        }
        self.left[a] = true;
        if let Some(g) = scorer.graph.group_of(a) {
            self.groups[g].remove(r, a as u32, scorer.graph.is_movable(a));
            self.dirty_group(g, r);
        }
        self.touch(a);
    }

    /// The app takes its new place (its ease joins its wave once it is scored again).
    fn enter(&mut self, scorer: &Scorer<'_>, a: AppIx) {
        let r = self.ranks[a];
        if (r as usize) < self.waves {
            let w = r as usize;
            self.wave_apps[w] += 1;
            self.wave_stateful[w] += usize::from(self.stateful[a]);
            self.planned += 1;
            self.dirty_waves.push(w);
            self.app_findings(scorer, a, 1);
        }
        if let Some(g) = scorer.graph.group_of(a) {
            self.groups[g].insert(r, a as u32, scorer.graph.is_movable(a));
            self.dirty_group(g, r);
        }
        self.touch(a);
    }

    /// Take out or put back every edge of `a`, once each when both ends are in the edit.
    fn edges_of(&mut self, scorer: &Scorer<'_>, a: AppIx, sign: i32, plan_side: bool) {
        let graph = scorer.graph;
        let facts = scorer.edge_facts();
        for &e in graph.outgoing_ids(a) {
            self.edge(scorer, e as usize, sign, plan_side);
        }
        for &e in graph.incoming_ids(a) {
            if !self.in_batch[facts[e as usize].from as usize] {
                self.edge(scorer, e as usize, sign, plan_side);
            }
        }
    }

    /// Take out (`sign` -1) or put back (1) what edge `e` gives its ends under the current
    /// state.
    fn edge(&mut self, scorer: &Scorer<'_>, e: usize, sign: i32, plan_side: bool) {
        let graph = scorer.graph;
        let f = scorer.edge_facts()[e];
        let (a, b) = (f.from as usize, f.to as usize);
        let (ra, rb) = (self.ranks[a], self.ranks[b]);
        if plan_side {
            let k = self.waves as u32;
            if rb > ra.min(k) {
                self.edge_points[a] = bump(self.edge_points[a], f.out_points, sign);
                self.touch(a);
            }
            if ra > rb.min(k) {
                self.edge_points[b] = bump(self.edge_points[b], f.in_points, sign);
                self.touch(b);
            }
            self.cost.add(ra, rb, self.waves, f.hybrid, i64::from(sign));
            if sign < 0 {
                self.set_hard(scorer, e, false);
            } else {
                self.refresh_hard(scorer, e);
            }
        }
        let k = self.cands.focus as u32;
        if ra > k && rb > k && !together(graph, a, b) {
            self.cands.points[a] = bump(self.cands.points[a], f.out_points, sign);
            self.cands.points[b] = bump(self.cands.points[b], f.in_points, sign);
            self.dirty_unit(graph, a);
            self.dirty_unit(graph, b);
        }
        if f.hard {
            self.hard_edge(graph, a, b, sign);
        }
    }

    fn touch(&mut self, a: AppIx) {
        if !self.touched_mark[a] {
            self.touched_mark[a] = true;
            self.touched.push(a);
        }
    }

    fn dirty_group(&mut self, g: usize, rank: u32) {
        match &mut self.group_range[g] {
            Some((lo, hi)) => {
                *lo = (*lo).min(rank);
                *hi = (*hi).max(rank);
            }
            none => {
                *none = Some((rank, rank));
                self.dirty_groups.push(g as u32);
            }
        }
    }

    fn mark_changed(&mut self, a: AppIx) {
        if !self.all_changed && !self.changed_mark[a] {
            self.changed_mark[a] = true;
            self.changed.push(a);
        }
    }
}

//! The recommendations for the focused wave, kept in order edit by edit. Every unit (the
//! candidates of a move group, or one app) is kept with its ease and what it is: its size, its
//! stateful apps, whether an app of it is unfit for the pilot, and how many of its hard
//! dependencies stay behind. Units that break no rule but the capacity are kept in buckets by
//! size, so the ones that fit the focused wave's room are the first of a few buckets; all units
//! are kept in one more order, for when none fits. An edit changes the units it touches only.

mod order;
mod shown;

use std::collections::{BTreeMap, BTreeSet};

use super::LiveAnalysis;
use crate::analysis::recommend::Recommendations;
use crate::graph::{AppIx, DependencyGraph};
use crate::score::Scorer;

/// What a unit is for the focused wave.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Unit {
    /// Its place in the order: hardness (100 − ease), then its first app in id order.
    key: u64,
    lead: u32,
    ease: u32,
    len: u32,
    stateful: u32,
    pilot_unfit: bool,
    hard_open: bool,
}

impl Unit {
    fn bucket(&self) -> (u32, u32, bool) {
        (self.len, self.stateful, self.pilot_unfit)
    }
}

/// The key of a unit: hardness, then its first app's place in id order.
fn key(ease: u32, first_id: u32) -> u64 {
    (u64::from(100 - ease.min(100)) << 32) | u64::from(first_id)
}

#[derive(Debug, Clone, Default)]
pub(super) struct Candidates {
    /// The wave the candidates are for (0-based; the number of waves means a new wave).
    pub focus: usize,
    pub top: usize,
    /// The edge part of each candidate's coupling points, as if it joined the focused wave
    /// with its unit.
    pub points: Vec<u32>,
    /// The split-group part (members that never move stay behind), the same for every wave.
    pub split: Vec<u32>,
    /// Hard dependencies of each unit whose other end stays behind.
    pub hard_open: Vec<u32>,
    /// Each unit as it is in the order below (`None`: no candidate).
    pub units: Vec<Option<Unit>>,
    /// Every unit, in order.
    all: BTreeSet<u64>,
    /// The units that break no rule but the capacity, by (size, stateful apps, unfit for the
    /// pilot), each in order.
    fit: BTreeMap<(u32, u32, bool), BTreeSet<u64>>,
    /// Of every unit: how many of each size and of each number of stateful apps, how many are
    /// unfit for the pilot and how many leave a hard dependency behind.
    lens: BTreeMap<u32, u32>,
    statefuls: BTreeMap<u32, u32>,
    pilot_unfit: usize,
    hard_bad: usize,
    /// The candidates of each move group, kept as they change: a group of thousands is not
    /// looked through on every edit.
    groups: Vec<GroupCandidates>,
    /// The ease each app is counted with in its move group (`None`: not a candidate).
    member_ease: Vec<Option<u32>>,
    /// Apps and units to look at again before the edit ends.
    dirty_apps: Vec<u32>,
    app_mark: Vec<bool>,
    pub dirty: Vec<u32>,
    pub dirty_mark: Vec<bool>,
    /// The app at each place in id order.
    pub by_id: Vec<u32>,
    pub shown: Recommendations,
}

/// The candidates of one move group.
#[derive(Debug, Clone, Default)]
struct GroupCandidates {
    /// (ease, id order) of each candidate: the first is the unit's lead.
    by_ease: BTreeSet<(u32, u32)>,
    /// Id order of each candidate: the first is the unit's first app.
    by_id: BTreeSet<u32>,
    stateful: u32,
    pilot_unfit: u32,
}

impl LiveAnalysis {
    /// The unit of `app`: its move group, or itself.
    pub(super) fn unit_of(graph: &DependencyGraph, app: AppIx) -> usize {
        graph
            .move_group_of(app)
            .unwrap_or(graph.move_groups().len() + app)
    }

    /// The apps of unit `u`, by id.
    fn unit_members(graph: &DependencyGraph, u: usize) -> impl Iterator<Item = AppIx> + '_ {
        let groups = graph.move_groups();
        let (members, single) = match groups.get(u) {
            Some(members) => (&members[..], None),
            None => (&[][..], Some(u - groups.len())),
        };
        members.iter().copied().chain(single)
    }

    /// Whether re-planning keeps `a` where it is: pinned, or in a locked wave.
    pub(super) fn kept(&self, a: AppIx) -> bool {
        self.pinned[a]
            || self
                .locked
                .get(self.ranks[a] as usize)
                .copied()
                .unwrap_or(false)
    }

    /// Whether `a` is a candidate for the focused wave.
    pub(super) fn is_candidate(&self, graph: &DependencyGraph, a: AppIx) -> bool {
        graph.is_movable(a) && self.ranks[a] > self.cands.focus as u32 && !self.kept(a)
    }

    fn candidate_ease(&self, scorer: &Scorer<'_>, a: AppIx) -> u32 {
        let points = self.cands.points[a].saturating_add(self.cands.split[a]);
        scorer.ease(
            crate::score::clamp(points),
            scorer.statefulness(a),
            scorer.risk(a),
        )
    }

    /// Look at `a` (and its unit) again before the edit ends.
    pub(super) fn dirty_unit(&mut self, graph: &DependencyGraph, a: AppIx) {
        if !graph.is_movable(a) {
            return;
        }
        let c = &mut self.cands;
        if !c.app_mark[a] {
            c.app_mark[a] = true;
            c.dirty_apps.push(a as u32);
        }
        let u = Self::unit_of(graph, a);
        if !c.dirty_mark[u] {
            c.dirty_mark[u] = true;
            c.dirty.push(u as u32);
        }
    }

    /// Count `a` in its move group's candidates as it is now.
    fn recount(&mut self, scorer: &Scorer<'_>, g: usize, a: AppIx) {
        let graph = scorer.graph;
        let now = self
            .is_candidate(graph, a)
            .then(|| self.candidate_ease(scorer, a));
        let before = self.cands.member_ease[a];
        if now == before {
            return;
        }
        let id = graph.id_order(a);
        let (stateful, unfit) = (u32::from(self.stateful[a]), u32::from(self.pilot_unfit[a]));
        let group = &mut self.cands.groups[g];
        if let Some(ease) = before {
            group.by_ease.remove(&(ease, id));
            group.by_id.remove(&id);
            group.stateful -= stateful;
            group.pilot_unfit -= unfit;
        }
        if let Some(ease) = now {
            group.by_ease.insert((ease, id));
            group.by_id.insert(id);
            group.stateful += stateful;
            group.pilot_unfit += unfit;
        }
        self.cands.member_ease[a] = now;
    }

    /// What unit `u` is for the focused wave now (its apps counted).
    fn unit_now(&self, scorer: &Scorer<'_>, u: usize) -> Option<Unit> {
        let graph = scorer.graph;
        let hard_open = self.cands.hard_open[u] > 0;
        if let Some(group) = self.cands.groups.get(u) {
            let first = *group.by_id.first()?;
            let &(ease, lead) = group.by_ease.first()?;
            return Some(Unit {
                key: key(ease, first),
                lead: self.cands.by_id[lead as usize],
                ease,
                len: group.by_id.len() as u32,
                stateful: group.stateful,
                pilot_unfit: group.pilot_unfit > 0,
                hard_open,
            });
        }
        let a = u - self.cands.groups.len();
        if graph.move_group_of(a).is_some() || !self.is_candidate(graph, a) {
            // An app of a move group is a candidate with its group.
            return None;
        }
        let ease = self.candidate_ease(scorer, a);
        Some(Unit {
            key: key(ease, graph.id_order(a)),
            lead: a as u32,
            ease,
            len: 1,
            stateful: u32::from(self.stateful[a]),
            pilot_unfit: self.pilot_unfit[a],
            hard_open,
        })
    }

    /// Put every unit looked at in this edit in its new place.
    pub(super) fn refresh_units(&mut self, scorer: &Scorer<'_>) {
        let apps = std::mem::take(&mut self.cands.dirty_apps);
        for &a in &apps {
            let a = a as usize;
            self.cands.app_mark[a] = false;
            if let Some(g) = scorer.graph.move_group_of(a) {
                self.recount(scorer, g, a);
            }
        }
        self.cands.dirty_apps = apps;
        self.cands.dirty_apps.clear();
        let dirty = std::mem::take(&mut self.cands.dirty);
        for &u in &dirty {
            let u = u as usize;
            self.cands.dirty_mark[u] = false;
            let now = self.unit_now(scorer, u);
            self.cands.place(u, now);
        }
        self.cands.dirty = dirty;
        self.cands.dirty.clear();
    }

    /// The candidates for the focused wave from scratch: their couplings in one pass over the
    /// edges, then every unit.
    pub(super) fn rebuild_candidates(&mut self, scorer: &Scorer<'_>) {
        let graph = scorer.graph;
        let n = graph.app_count();
        let units = graph.move_groups().len() + n;
        let k = self.cands.focus as u32;
        let ranks = &self.ranks;
        let mut points = vec![0u32; n];
        for f in scorer.edge_facts() {
            let (a, b) = (f.from as usize, f.to as usize);
            if ranks[a] > k && ranks[b] > k && !together(graph, a, b) {
                points[a] = points[a].wrapping_add(f.out_points);
                points[b] = points[b].wrapping_add(f.in_points);
            }
        }
        self.cands.points = points;
        if self.cands.by_id.len() != n {
            self.cands.by_id = vec![0; n];
            for a in 0..n {
                self.cands.by_id[graph.id_order(a) as usize] = a as u32;
            }
            self.cands.split = scorer.candidate_split_points();
        }
        self.cands.hard_open = vec![0; units];
        self.cands.dirty_mark = vec![false; units];
        self.cands.app_mark = vec![false; n];
        for f in scorer.edge_facts().iter().filter(|f| f.hard) {
            self.hard_edge(graph, f.from as usize, f.to as usize, 1);
        }
        // Every app and unit is counted below.
        for &u in &self.cands.dirty {
            self.cands.dirty_mark[u as usize] = false;
        }
        for &a in &self.cands.dirty_apps {
            self.cands.app_mark[a as usize] = false;
        }
        self.cands.dirty.clear();
        self.cands.dirty_apps.clear();
        self.cands.member_ease = vec![None; n];
        let mut groups = Vec::with_capacity(graph.move_groups().len());
        for members in graph.move_groups() {
            let mut by_ease = Vec::new();
            let mut by_id = Vec::new();
            let mut group = GroupCandidates::default();
            for &m in members {
                if self.is_candidate(graph, m) {
                    let ease = self.candidate_ease(scorer, m);
                    self.cands.member_ease[m] = Some(ease);
                    by_ease.push((ease, graph.id_order(m)));
                    by_id.push(graph.id_order(m));
                    group.stateful += u32::from(self.stateful[m]);
                    group.pilot_unfit += u32::from(self.pilot_unfit[m]);
                }
            }
            group.by_ease = by_ease.into_iter().collect();
            group.by_id = by_id.into_iter().collect();
            groups.push(group);
        }
        self.cands.groups = groups;
        let all = (0..units).map(|u| self.unit_now(scorer, u)).collect();
        self.cands.units = Vec::new();
        self.cands.place_all(all);
    }

    /// Count in (`sign` 1) or out (-1) the hard edge from `a` to `b` for the unit of each end
    /// it leaves open: the end is a candidate and the other end stays behind, out of its unit.
    pub(super) fn hard_edge(&mut self, graph: &DependencyGraph, a: AppIx, b: AppIx, sign: i32) {
        let k = self.cands.focus as u32;
        let (ca, cb) = (self.is_candidate(graph, a), self.is_candidate(graph, b));
        let same = together(graph, a, b);
        for (end, other, end_in, other_in) in [(a, b, ca, cb), (b, a, cb, ca)] {
            if end_in && !(other_in && same) && self.ranks[other] > k {
                let u = Self::unit_of(graph, end);
                self.cands.hard_open[u] = self.cands.hard_open[u].wrapping_add_signed(sign);
                self.dirty_unit(graph, end);
            }
        }
    }
}

/// Whether `a` and `b` are in one move group (and so move together as candidates).
pub(super) fn together(graph: &DependencyGraph, a: AppIx, b: AppIx) -> bool {
    graph.move_group_of(a).is_some() && graph.move_group_of(a) == graph.move_group_of(b)
}

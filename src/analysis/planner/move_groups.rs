//! Move groups: the free apps joined by hard dependencies or by one cycle group, and the cut of
//! a group too large for a wave into parts that fit, where the fewest hard links break.

use std::cmp::Reverse;
use std::collections::BinaryHeap;

use crate::graph::{AppIx, DependencyGraph, UnionFind};
use crate::model::Capacity;
use crate::score::Scorer;

use super::units::{CutGroup, NONE, Role};

/// The move groups of the free apps: the free members of each cycle group and the ends of each
/// hard edge between free apps, unioned; each group's members in portfolio order.
pub(super) fn move_groups(graph: &DependencyGraph, role: &[Role]) -> Vec<Vec<AppIx>> {
    let n = graph.app_count();
    let mut dsu = UnionFind::new(n);
    for group in graph.cycle_groups() {
        let mut free = group
            .members
            .iter()
            .copied()
            .filter(|&m| role[m] == Role::Free);
        if let Some(first) = free.next() {
            for m in free {
                dsu.union(first, m);
            }
        }
    }
    for e in graph.edges() {
        if e.hard && role[e.from] == Role::Free && role[e.to] == Role::Free {
            dsu.union(e.from, e.to);
        }
    }
    let mut group_of_root = vec![NONE; n];
    let mut groups: Vec<Vec<AppIx>> = Vec::new();
    for (a, r) in role.iter().enumerate() {
        if *r != Role::Free {
            continue;
        }
        let r = dsu.find(a);
        if group_of_root[r] == NONE {
            group_of_root[r] = groups.len() as u32;
            groups.push(Vec::new());
        }
        groups[group_of_root[r] as usize].push(a);
    }
    groups
}

/// The members of each unit: every move group that fits a wave, and the parts of those that
/// do not; with the groups that were cut and the hard links their cut broke.
pub(super) fn cut_oversized(
    scorer: &Scorer<'_>,
    groups: Vec<Vec<AppIx>>,
    cap: &Capacity,
) -> (Vec<Vec<AppIx>>, Vec<CutGroup>) {
    let portfolio = scorer.portfolio;
    let mut members_of_units: Vec<Vec<AppIx>> = Vec::with_capacity(groups.len());
    let mut cut_groups = Vec::new();
    for members in groups {
        let stateful = members
            .iter()
            .filter(|&&a| cap.is_stateful(&portfolio.apps[a]))
            .count();
        if members.len() > cap.max_apps || stateful > cap.max_stateful {
            let parts = cut(scorer, &members, cap);
            cut_groups.push(CutGroup {
                broken: broken_links(scorer.graph, &members, &parts),
                members,
                parts: parts.len(),
            });
            members_of_units.extend(parts);
        } else {
            members_of_units.push(members);
        }
    }
    (members_of_units, cut_groups)
}

/// The hard links between members of a group that ended in different parts: (from, to).
fn broken_links(
    graph: &DependencyGraph,
    members: &[AppIx],
    parts: &[Vec<AppIx>],
) -> Vec<(AppIx, AppIx)> {
    let mut part_of = rustc_hash::FxHashMap::default();
    for (p, part) in parts.iter().enumerate() {
        for &a in part {
            part_of.insert(a, p);
        }
    }
    let mut broken = Vec::new();
    for &a in members {
        for e in graph.outgoing(a) {
            if e.hard && part_of.get(&e.to).is_some_and(|&p| p != part_of[&a]) {
                broken.push((a, e.to));
            }
        }
    }
    broken
}

/// Cut a move group too large for a wave into parts that fit: each part grows from a seed by
/// the member with the most links into it (hard links first), so the cut breaks few of them.
fn cut(scorer: &Scorer<'_>, members: &[AppIx], cap: &Capacity) -> Vec<Vec<AppIx>> {
    let m = members.len();
    let growth = PartGrowth {
        members,
        links: inner_links(scorer, members),
        stateful: members
            .iter()
            .map(|&a| cap.is_stateful(&scorer.portfolio.apps[a]))
            .collect(),
        cap,
    };
    let mut part = vec![NONE; m];
    let mut pull = vec![0u64; m];
    let mut parts: Vec<Vec<AppIx>> = Vec::new();
    let mut next_seed = 0;
    loop {
        while next_seed < m && part[next_seed] != NONE {
            next_seed += 1;
        }
        if next_seed == m {
            break;
        }
        let list = growth.grow(next_seed, parts.len() as u32, &mut part, &mut pull);
        parts.push(list);
    }
    parts
}

/// The links inside a group, by member: (other member, strength); a hard link outweighs any
/// soft ones.
fn inner_links(scorer: &Scorer<'_>, members: &[AppIx]) -> Vec<Vec<(u32, u64)>> {
    let local: rustc_hash::FxHashMap<AppIx, u32> = members
        .iter()
        .enumerate()
        .map(|(i, &a)| (a, i as u32))
        .collect();
    let mut links: Vec<Vec<(u32, u64)>> = vec![Vec::new(); members.len()];
    for (i, &a) in members.iter().enumerate() {
        for e in scorer.graph.outgoing(a) {
            if let Some(&j) = local.get(&e.to) {
                let s = if e.hard {
                    1 << 32
                } else {
                    u64::from(scorer.weights.hybrid.get(e.via)).max(1)
                };
                links[i].push((j, s));
                links[j as usize].push((i as u32, s));
            }
        }
    }
    links
}

/// What one part of a cut group grows over: the members, their links and which are stateful.
struct PartGrowth<'a> {
    members: &'a [AppIx],
    links: Vec<Vec<(u32, u64)>>,
    stateful: Vec<bool>,
    cap: &'a Capacity,
}

impl PartGrowth<'_> {
    /// Grow part `p` from member `seed` while it fits, the member pulled hardest into it
    /// first; `part` and `pull` are each member's part and pull so far. Its members, sorted.
    fn grow(&self, seed: usize, p: u32, part: &mut [u32], pull: &mut [u64]) -> Vec<AppIx> {
        let mut list = Vec::new();
        let (mut apps, mut st) = (0usize, 0usize);
        let mut heap: BinaryHeap<(u64, Reverse<u32>)> = BinaryHeap::new();
        heap.push((0, Reverse(seed as u32)));
        let mut touched = Vec::new();
        while let Some((s, Reverse(i))) = heap.pop() {
            let i = i as usize;
            if part[i] != NONE || s != pull[i] {
                continue;
            }
            let st_add = usize::from(self.stateful[i]);
            if st + st_add > self.cap.max_stateful {
                continue; // a later part takes it
            }
            part[i] = p;
            list.push(self.members[i]);
            apps += 1;
            st += st_add;
            if apps >= self.cap.max_apps {
                break;
            }
            for &(j, s) in &self.links[i] {
                let j = j as usize;
                if part[j] == NONE {
                    if pull[j] == 0 {
                        touched.push(j);
                    }
                    pull[j] += s;
                    heap.push((pull[j], Reverse(j as u32)));
                }
            }
        }
        for j in touched {
            pull[j] = 0;
        }
        list.sort_unstable();
        list
    }
}

//! What the planner works on: the apps it may place, gathered into units (move groups, or the
//! parts of one too large for a wave: see `move_groups`), the apps it must keep where they are
//! (locked waves, pins), and the weighted links between them.

use crate::graph::AppIx;
use crate::model::Capacity;
use crate::score::Scorer;

use super::super::WavePlan;
use super::super::wave_plan::UNPLANNED;
use super::move_groups::{cut_oversized, move_groups};

/// No unit: an app the planner does not place.
pub const NONE: u32 = u32::MAX;

/// What an open hard link weighs in the search, per wave it stays open, on top of its hybrid
/// weight: far more than any gain elsewhere, so that move groups cut for size stay adjacent and
/// a unit joins the wave of a kept app it cannot work apart from whenever there is room.
pub const HARD_PENALTY: u32 = 10_000;

/// A move group (or a part of a cut one): apps that move in one wave.
#[derive(Debug, Clone)]
pub struct Unit {
    /// Members, in portfolio order.
    pub members: Vec<AppIx>,
    pub apps: u32,
    pub stateful: u32,
    /// May join the pilot: every member is fit for it, and no hard link leaves the unit.
    pub pilot_ok: bool,
    /// Intrinsic ease of the hardest member: a tie-breaker.
    pub ease: u32,
}

/// A weighted link from a unit: to another unit, or (for `Instance::fixed`) to an app kept in
/// the wave numbered `to`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Link {
    pub to: u32,
    /// Search weight: the hybrid weight plus `HARD_PENALTY` per hard edge.
    pub w: u32,
    /// The hybrid weight alone.
    pub real: u32,
}

/// A wave the planner keeps (it holds a locked wave or a pinned app, or comes before one).
#[derive(Debug, Clone, Copy, Default)]
pub struct KeptWave {
    pub locked: bool,
    /// Load of the apps kept in it.
    pub apps: u32,
    pub stateful: u32,
}

/// The planning problem.
#[derive(Debug)]
pub struct Instance {
    pub units: Vec<Unit>,
    /// Unit of each app, `NONE` for apps the planner does not place.
    pub unit_of: Vec<u32>,
    adj_start: Vec<u32>,
    adj: Vec<Link>,
    fixed_start: Vec<u32>,
    fixed: Vec<Link>,
    /// Weight of each unit's links to apps that never move: they cost every wave after the
    /// unit's, up to the last.
    pub never: Vec<u64>,
    /// Links between kept apps: (lower wave, higher wave, weight).
    pub kept_pairs: Vec<(u32, u32, u32)>,
    /// Links from kept apps to apps that stay behind: (wave, weight).
    pub kept_never: Vec<(u32, u64)>,
    /// The kept waves, in order: the planner may add units to those not locked.
    pub kept: Vec<KeptWave>,
    /// The capacity, with every limit at least 1.
    pub cap: Capacity,
    /// Whether the pilot takes only pilot-fit units (there are some, and it is not locked).
    pub pilot_rule: bool,
    /// Move groups too large for a wave, and the hard links their cut broke.
    pub cut_groups: Vec<CutGroup>,
}

/// A move group cut into parts that fit a wave.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CutGroup {
    pub members: Vec<AppIx>,
    pub parts: usize,
    /// Hard links between apps that ended in different parts: (from, to).
    pub broken: Vec<(AppIx, AppIx)>,
}

/// What the planner does with an app.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Role {
    /// It places the app.
    Free,
    /// The app stays in this wave (locked, or pinned).
    Kept(u32),
    /// The app stays behind (never moves).
    Behind,
}

impl Instance {
    /// The problem of re-planning `current`: its locked waves and pinned apps stay, every other
    /// movable app is placed. An empty plan gives the whole automatic plan.
    pub fn build(scorer: &Scorer<'_>, current: &WavePlan) -> Instance {
        let graph = scorer.graph;
        let cap = planning_capacity(graph.app_count(), current.capacity());
        let (role, kept) = kept_waves(scorer, current, &cap);
        let groups = move_groups(graph, &role);
        let (members_of_units, cut_groups) = cut_oversized(scorer, groups, &cap);
        let (unit_of, mut units) = units_of(scorer, &cap, members_of_units);
        let links = UnitLinks::gather(scorer, &role, &unit_of, &mut units);
        let u_count = units.len();
        let (adj_start, adj) = csr(u_count, links.pairs);
        let (fixed_start, fixed) = csr(u_count, links.fixed_pairs);
        let pilot_rule =
            !kept.first().is_some_and(|k| k.locked) && units.iter().any(|u| u.pilot_ok);
        Instance {
            units,
            unit_of,
            adj_start,
            adj,
            fixed_start,
            fixed,
            never: links.never,
            kept_pairs: links.kept_pairs,
            kept_never: links.kept_never,
            kept,
            cap,
            pilot_rule,
            cut_groups,
        }
    }

    pub fn len(&self) -> usize {
        self.units.len()
    }

    /// Links from unit `u` to other units (one per partner, weights summed).
    pub fn links(&self, u: usize) -> &[Link] {
        &self.adj[self.adj_start[u] as usize..self.adj_start[u + 1] as usize]
    }

    /// Links from unit `u` to kept apps, by their wave (one per wave, weights summed).
    pub fn fixed_links(&self, u: usize) -> &[Link] {
        &self.fixed[self.fixed_start[u] as usize..self.fixed_start[u + 1] as usize]
    }

    /// Number of kept waves.
    pub fn kept_len(&self) -> usize {
        self.kept.len()
    }

    /// Total weight of the links to apps that stay behind (of units and kept apps).
    pub fn never_total(&self) -> u64 {
        self.never.iter().sum::<u64>() + self.kept_never.iter().map(|&(_, w)| w).sum::<u64>()
    }

    /// Whether any link carries the hard penalty.
    pub fn has_penalties(&self) -> bool {
        self.adj
            .iter()
            .chain(&self.fixed)
            .any(|l| l.w >= HARD_PENALTY)
    }
}

/// Lists of links per unit, partners merged (weights summed) and sorted.
fn csr(units: usize, mut pairs: Vec<(u32, Link)>) -> (Vec<u32>, Vec<Link>) {
    pairs.sort_unstable_by_key(|&(u, l)| (u, l.to));
    let mut start = vec![0u32; units + 1];
    let mut out: Vec<Link> = Vec::with_capacity(pairs.len());
    let mut last: Option<(u32, u32)> = None;
    for (u, l) in pairs {
        if last == Some((u, l.to)) {
            let merged = out.last_mut().expect("a link was pushed");
            merged.w = merged.w.saturating_add(l.w);
            merged.real = merged.real.saturating_add(l.real);
            continue;
        }
        last = Some((u, l.to));
        out.push(l);
        start[u as usize + 1] += 1;
    }
    for i in 0..units {
        start[i + 1] += start[i];
    }
    (start, out)
}

/// The capacity the planner works with: every wave may hold at least one app and one stateful
/// app, or some apps could never move; and no limit is larger than a wave can ever hold (loads
/// are counted in u32).
fn planning_capacity(n: usize, given: &Capacity) -> Capacity {
    let most = n.clamp(1, u32::MAX as usize / 2);
    Capacity {
        max_apps: given.max_apps.clamp(1, most),
        max_stateful: given.max_stateful.clamp(1, most),
        pilot: given.pilot.clamp(1, most),
        ..*given
    }
}

/// What the planner does with each app, and the kept waves: up to the last wave holding a
/// locked wave or a pinned app, with the load of the apps kept in them.
fn kept_waves(
    scorer: &Scorer<'_>,
    current: &WavePlan,
    cap: &Capacity,
) -> (Vec<Role>, Vec<KeptWave>) {
    let graph = scorer.graph;
    let kept_len = (0..current.wave_count())
        .rev()
        .find(|&w| {
            current.is_locked(w)
                || current.waves()[w]
                    .apps
                    .iter()
                    .any(|&a| current.is_pinned(a))
        })
        .map_or(0, |w| w + 1);
    let role: Vec<Role> = (0..graph.app_count())
        .map(|a| match current.wave_of(a) {
            Some(w) if w < kept_len && current.is_kept(a) => Role::Kept(w as u32),
            _ if graph.is_movable(a) => Role::Free,
            _ => Role::Behind,
        })
        .collect();
    let mut kept = vec![KeptWave::default(); kept_len];
    for (w, k) in kept.iter_mut().enumerate() {
        k.locked = current.is_locked(w);
    }
    for (a, r) in role.iter().enumerate() {
        if let Role::Kept(w) = *r {
            kept[w as usize].apps += 1;
            kept[w as usize].stateful += u32::from(cap.is_stateful(&scorer.portfolio.apps[a]));
        }
    }
    (role, kept)
}

/// The unit of each app (`NONE` for the apps not placed), and the units with what they are.
fn units_of(
    scorer: &Scorer<'_>,
    cap: &Capacity,
    members_of_units: Vec<Vec<AppIx>>,
) -> (Vec<u32>, Vec<Unit>) {
    let n = scorer.graph.app_count();
    let portfolio = scorer.portfolio;
    let mut unit_of = vec![NONE; n];
    for (u, members) in members_of_units.iter().enumerate() {
        for &m in members {
            unit_of[m] = u as u32;
        }
    }
    let none_placed = vec![UNPLANNED; n];
    let intrinsic = scorer.couplings(&none_placed, |_| 0);
    let units = members_of_units
        .into_iter()
        .map(|members| {
            let stateful = members
                .iter()
                .filter(|&&a| cap.is_stateful(&portfolio.apps[a]))
                .count() as u32;
            let pilot_ok = members
                .iter()
                .all(|&a| !cap.pilot_breaks(&portfolio.apps[a]).any());
            let ease = members
                .iter()
                .map(|&a| scorer.scores_from_coupling(a, intrinsic[a]).ease)
                .min()
                .unwrap_or(0);
            Unit {
                apps: members.len() as u32,
                stateful,
                pilot_ok,
                ease,
                members,
            }
        })
        .collect();
    (unit_of, units)
}

/// The weighted links of the problem, by what the planner does with each end.
struct UnitLinks {
    /// Between two units, both ways.
    pairs: Vec<(u32, Link)>,
    /// From a unit to an app kept in a wave.
    fixed_pairs: Vec<(u32, Link)>,
    never: Vec<u64>,
    kept_pairs: Vec<(u32, u32, u32)>,
    kept_never: Vec<(u32, u64)>,
}

impl UnitLinks {
    /// Every edge's link; a hard link leaving a unit makes it unfit for the pilot.
    fn gather(
        scorer: &Scorer<'_>,
        role: &[Role],
        unit_of: &[u32],
        units: &mut [Unit],
    ) -> UnitLinks {
        let graph = scorer.graph;
        let mut links = UnitLinks {
            pairs: Vec::with_capacity(graph.edge_count() * 2),
            fixed_pairs: Vec::new(),
            never: vec![0u64; units.len()],
            kept_pairs: Vec::new(),
            kept_never: Vec::new(),
        };
        for e in graph.edges() {
            let w = scorer.weights.hybrid.get(e.via);
            let penalized = w.saturating_add(if e.hard { HARD_PENALTY } else { 0 });
            let link = |to: u32| Link {
                to,
                w: penalized,
                real: w,
            };
            let (ua, ub) = (unit_of[e.from], unit_of[e.to]);
            match (role[e.from], role[e.to]) {
                (Role::Free, Role::Free) => {
                    if ua != ub {
                        links.pairs.push((ua, link(ub)));
                        links.pairs.push((ub, link(ua)));
                        if e.hard {
                            units[ua as usize].pilot_ok = false;
                            units[ub as usize].pilot_ok = false;
                        }
                    }
                }
                (Role::Free, Role::Kept(r)) | (Role::Kept(r), Role::Free) => {
                    let u = if ua != NONE { ua } else { ub };
                    links.fixed_pairs.push((u, link(r)));
                    if e.hard {
                        units[u as usize].pilot_ok = false;
                    }
                }
                (Role::Free, Role::Behind) | (Role::Behind, Role::Free) => {
                    let u = if ua != NONE { ua } else { ub };
                    links.never[u as usize] += u64::from(w);
                    if e.hard {
                        units[u as usize].pilot_ok = false;
                    }
                }
                (Role::Kept(a), Role::Kept(b)) => {
                    if a != b {
                        links.kept_pairs.push((a.min(b), a.max(b), w));
                    }
                }
                (Role::Kept(r), Role::Behind) | (Role::Behind, Role::Kept(r)) => {
                    links.kept_never.push((r, u64::from(w)));
                }
                (Role::Behind, Role::Behind) => {}
            }
        }
        links
    }
}

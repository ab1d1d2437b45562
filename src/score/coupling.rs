//! Coupling: points for every dependency edge that crosses an app's boundary, and for a cycle
//! group that does not move whole. The numeric path and the reasons share `crossings`, so the
//! reasons always add up to the score.

use std::collections::BTreeMap;

use super::{Boundary, Reason, Scorer};
use crate::graph::AppIx;
use crate::model::Via;

/// A dependency edge of the scored app whose other end stays on the legacy estate.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Crossing {
    pub partner: AppIx,
    pub via: Via,
    /// The scored app needs the partner (else the partner needs the scored app).
    pub outgoing: bool,
    /// The partner is `legacy` or never moves.
    pub flagged: bool,
    pub points: u32,
}

/// Every crossing edge of `app` on `boundary`: outgoing edges first, in file order. The points
/// are the scorer's edge table's, the same the fast passes add up.
pub fn crossings<'s>(
    s: &'s Scorer<'_>,
    app: AppIx,
    boundary: &'s impl Boundary,
) -> impl Iterator<Item = Crossing> + 's {
    let facts = s.edge_facts();
    let edges = s.graph.edges();
    let out = s.graph.outgoing_ids(app).iter().map(|&e| (e, true));
    let inc = s.graph.incoming_ids(app).iter().map(|&e| (e, false));
    out.chain(inc).filter_map(move |(e, outgoing)| {
        let f = facts[e as usize];
        let (partner, points) = if outgoing {
            (f.to as usize, f.out_points)
        } else {
            (f.from as usize, f.in_points)
        };
        (!boundary.on_platform(partner)).then(|| Crossing {
            partner,
            via: edges[e as usize].via,
            outgoing,
            flagged: s.is_flagged(partner),
            points,
        })
    })
}

/// Members of `app`'s cycle group left on the legacy estate, and the points they cost.
fn split_group(s: &Scorer<'_>, app: AppIx, boundary: &impl Boundary) -> Option<(Vec<AppIx>, u32)> {
    let g = s.graph.group_of(app)?;
    let behind: Vec<AppIx> = s.graph.cycle_groups()[g]
        .members
        .iter()
        .copied()
        .filter(|&m| m != app && !boundary.on_platform(m))
        .collect();
    if behind.is_empty() {
        return None;
    }
    let w = &s.weights.coupling;
    let points = super::split_points(w, behind.len());
    Some((behind, points))
}

/// Coupling points before the clamp.
pub fn points(s: &Scorer<'_>, app: AppIx, boundary: &impl Boundary) -> u32 {
    let edges = super::sum(crossings(s, app, boundary).map(|c| c.points));
    // The group check costs a scan of the group only for apps that are in one.
    let group = match s.graph.group_of(app) {
        Some(_) => split_group(s, app, boundary).map_or(0, |(_, p)| p),
        None => 0,
    };
    edges.saturating_add(group)
}

fn noun(via: Via, n: usize) -> &'static str {
    let one = n == 1;
    match via {
        Via::Http if one => "HTTP call",
        Via::Http => "HTTP calls",
        Via::Grpc if one => "gRPC call",
        Via::Grpc => "gRPC calls",
        Via::Rpc if one => "legacy RPC call",
        Via::Rpc => "legacy RPC calls",
        Via::Queue if one => "message flow",
        Via::Queue => "message flows",
        Via::Database if one => "direct database access",
        Via::Database => "direct database accesses",
        Via::File if one => "file transfer",
        Via::File => "file transfers",
    }
}

/// How many names a reason lists before "and N more".
const NAMES_SHOWN: usize = 5;

/// "billing, crm (legacy until wave 4); mf (never moves)". One pass keeps the first names by
/// (status, id) without looking at the others' ids: the partners of a hub or of a group of
/// thousands cost a pass.
pub fn describe_partners(s: &Scorer<'_>, partners: &[AppIx], boundary: &impl Boundary) -> String {
    // Status: the wave it is planned in, then unplanned, then never moves.
    let status = |p: AppIx| match boundary.planned_wave(p) {
        Some(w) => w.min(u32::MAX - 2),
        None if s.graph.is_movable(p) => u32::MAX - 1,
        None => u32::MAX,
    };
    // The first names, as (status, id order, app), in order.
    let mut first: Vec<(u32, u32, AppIx)> = Vec::with_capacity(NAMES_SHOWN + 1);
    for &p in partners {
        let key = (status(p), s.graph.id_order(p), p);
        if first.len() == NAMES_SHOWN && first.last().is_some_and(|&last| key >= last) {
            continue;
        }
        let at = first.partition_point(|&k| k < key);
        first.insert(at, key);
        first.truncate(NAMES_SHOWN);
    }
    let mut parts: Vec<String> = Vec::new();
    for group in first.chunk_by(|a, b| a.0 == b.0) {
        let ids: Vec<&str> = group
            .iter()
            .map(|&(_, _, p)| s.portfolio.apps[p].id.as_str())
            .collect();
        let status = match group[0].0 {
            u32::MAX => "never moves".to_string(),
            w if w == u32::MAX - 1 => "unplanned".to_string(),
            w => format!("legacy until wave {}", w + 1),
        };
        parts.push(format!("{} ({status})", ids.join(", ")));
    }
    let mut text = parts.join("; ");
    if partners.len() > first.len() {
        text.push_str(&format!(" and {} more", partners.len() - first.len()));
    }
    text
}

/// The reasons of the coupling score: one per (direction, via, flagged) group of crossing
/// edges, and one for a split cycle group.
pub fn reasons(s: &Scorer<'_>, app: AppIx, boundary: &impl Boundary) -> Vec<Reason> {
    let mut groups: BTreeMap<(bool, bool, Via), (u32, Vec<AppIx>)> = BTreeMap::new();
    for c in crossings(s, app, boundary) {
        let entry = groups.entry((!c.outgoing, !c.flagged, c.via)).or_default();
        entry.0 = entry.0.saturating_add(c.points);
        entry.1.push(c.partner);
    }
    let mut reasons: Vec<Reason> = groups
        .into_iter()
        .map(|((incoming, plain, via), (points, partners))| {
            let n = partners.len();
            let who = describe_partners(s, &partners, boundary);
            let legacy = if plain { "" } else { "legacy systems " };
            let text = if incoming {
                format!("{n} {} from {legacy}{who}", noun(via, n))
            } else {
                format!("{n} {} to {legacy}{who}", noun(via, n))
            };
            Reason { points, text }
        })
        .collect();
    if let Some((behind, points)) = split_group(s, app, boundary) {
        reasons.push(Reason {
            points,
            text: format!(
                "cycle group not moved whole: {} of its apps stay behind: {}",
                behind.len(),
                describe_partners(s, &behind, boundary)
            ),
        });
    }
    reasons
}

//! The simple plans the automatic plan is measured against, each an order of the move groups
//! cut to capacity under the same rules (the pilot takes the first pilot-fit groups of the
//! order): dependencies first, layer by layer; breadth-first neighbours together; a random
//! order.

use petgraph::graph::{DiGraph, NodeIndex};
use rand::SeedableRng;
use rand::seq::SliceRandom;
use rand_chacha::ChaCha8Rng;

use crate::score::Scorer;

use super::layout::Layout;
use super::units::{Instance, NONE};

/// Dependencies first: a unit's layer is one more than the highest layer of the units it needs
/// (units that need each other share a layer); layer by layer, in portfolio order within one.
pub fn layered_order(scorer: &Scorer<'_>, inst: &Instance) -> Vec<u32> {
    let n = inst.len();
    let mut g: DiGraph<(), (), u32> = DiGraph::with_capacity(n, n * 2);
    for _ in 0..n {
        g.add_node(());
    }
    for e in scorer.graph.edges() {
        let (a, b) = (inst.unit_of[e.from], inst.unit_of[e.to]);
        if a != NONE && b != NONE && a != b {
            g.add_edge(NodeIndex::new(a as usize), NodeIndex::new(b as usize), ());
        }
    }
    // Components come sinks first: what is needed before what needs it.
    let components = petgraph::algo::kosaraju_scc(&g);
    let mut comp_of = vec![0usize; n];
    for (c, members) in components.iter().enumerate() {
        for m in members {
            comp_of[m.index()] = c;
        }
    }
    let mut layer = vec![0u32; components.len()];
    for (c, members) in components.iter().enumerate() {
        let mut l = 0;
        for m in members {
            for d in g.neighbors(*m) {
                let dc = comp_of[d.index()];
                if dc != c {
                    l = l.max(layer[dc] + 1);
                }
            }
        }
        layer[c] = l;
    }
    let mut order: Vec<u32> = (0..n as u32).collect();
    order.sort_by_key(|&u| {
        (
            layer[comp_of[u as usize]],
            inst.units[u as usize].members[0],
        )
    });
    order
}

/// Breadth-first from the first unit, neighbours together; the next component when one is done.
pub fn affinity_order(inst: &Instance) -> Vec<u32> {
    let n = inst.len();
    let mut seen = vec![false; n];
    let mut order = Vec::with_capacity(n);
    for start in 0..n {
        if seen[start] {
            continue;
        }
        seen[start] = true;
        let mut queue = std::collections::VecDeque::from([start]);
        while let Some(u) = queue.pop_front() {
            order.push(u as u32);
            for l in inst.links(u) {
                let p = l.to as usize;
                if !seen[p] {
                    seen[p] = true;
                    queue.push_back(p);
                }
            }
        }
    }
    order
}

/// A random order; the same seed gives the same order.
pub fn random_order(inst: &Instance, seed: u64) -> Vec<u32> {
    let mut order: Vec<u32> = (0..inst.len() as u32).collect();
    order.shuffle(&mut ChaCha8Rng::seed_from_u64(seed));
    order
}

/// Cut `order` to capacity: the pilot takes the first units of the order that fit it (only
/// pilot-fit ones under the pilot rule), then the others in order, a new wave whenever the
/// next one does not fit. Returns the layout and the order as the waves hold it.
pub fn cut_to_capacity(inst: &Instance, order: &[u32]) -> (Layout, Vec<u32>) {
    let mut layout = Layout::new(inst);
    let mut arranged = Vec::with_capacity(order.len());
    let kept = inst.kept_len();
    let mut rest: Vec<u32> = Vec::with_capacity(order.len());
    if kept == 0 {
        for &u in order {
            let ui = u as usize;
            if layout.k() == 0 {
                layout.open_wave();
            }
            if layout.fits(inst, ui, 0, None) {
                layout.place(inst, ui, 0);
                arranged.push(u);
            } else {
                rest.push(u);
            }
        }
    } else {
        rest.extend_from_slice(order);
    }
    // An empty pilot (no unit fits it) goes to the first pilot-fit unit left, whatever its
    // size, or else to the first unit left.
    let empty_pilot = kept == 0 && layout.members.first().is_some_and(|m| m.is_empty());
    if empty_pilot && let Some(i) = rest.iter().position(|&u| inst.units[u as usize].pilot_ok) {
        let u = rest.remove(i);
        rest.insert(0, u);
    }
    let mut w = if empty_pilot { 0 } else { layout.k().max(kept) };
    for &u in &rest {
        let ui = u as usize;
        if w < layout.k() && !layout.members[w].is_empty() && !layout.fits(inst, ui, w, None) {
            w += 1;
        }
        layout.place(inst, ui, w);
        arranged.push(u);
    }
    (layout, arranged)
}

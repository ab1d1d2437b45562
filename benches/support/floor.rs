//! The floor `check` is measured against: what any checker of a portfolio has to do at the
//! least. Parse the text into the model's plain serde structs with `ron` (no positions, no
//! recovery, no validation), build the petgraph graph of the dependencies through a hash map of
//! the ids, and find its strongly connected components. Petgraph's recursive `tarjan_scc`
//! overflows the stack on a long chain of a million apps, so the floor uses `kosaraju_scc` (two
//! iterative depth-first searches).

use std::collections::HashMap;

use petgraph::algo::kosaraju_scc;
use petgraph::graph::{DiGraph, NodeIndex};
use waveplan::model::Portfolio;

/// What the floor found: apps, edges and strongly connected components (so that none of the
/// work can be left out).
pub struct Counts {
    pub apps: usize,
    pub edges: usize,
    pub components: usize,
}

/// Parse, build the graph, find its components. Like `check`, it leaves the freeing of its
/// memory to the end of the process when `keep` is true.
pub fn floor(text: &str, keep: bool) -> Result<Counts, ron::error::SpannedError> {
    // The format writes optional fields without `Some(...)`.
    let options =
        ron::Options::default().with_default_extension(ron::extensions::Extensions::IMPLICIT_SOME);
    let portfolio: Portfolio = options.from_str(text)?;
    let n = portfolio.apps.len();
    let mut graph: DiGraph<(), ()> = DiGraph::with_capacity(n, n * 5);
    let ids: HashMap<&str, NodeIndex> = portfolio
        .apps
        .iter()
        .map(|a| (a.id.as_str(), graph.add_node(())))
        .collect();
    for (i, app) in portfolio.apps.iter().enumerate() {
        for dep in &app.depends_on {
            if let Some(&to) = ids.get(dep.to.as_str()) {
                graph.add_edge(NodeIndex::new(i), to, ());
            }
        }
    }
    let counts = Counts {
        apps: graph.node_count(),
        edges: graph.edge_count(),
        components: kosaraju_scc(&graph).len(),
    };
    if keep {
        std::mem::forget(ids);
        std::mem::forget(graph);
        std::mem::forget(portfolio);
    }
    Ok(counts)
}

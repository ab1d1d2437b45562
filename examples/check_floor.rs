//! The floor `waveplan check` is measured against: what any checker of a portfolio has to do at
//! the least. It reads the file, parses it into the model's plain serde structs with `ron` (no
//! positions, no recovery, no validation), builds the petgraph graph of the dependencies through
//! a hash map of the ids, and finds its strongly connected components.
//!
//!     cargo run --release --example check_floor -- PORTFOLIO
//!
//! It prints `apps=... edges=... components=...` (so that the work cannot be left out). Petgraph's
//! recursive `tarjan_scc` overflows the stack on a long chain of a million apps, so the floor
//! uses `kosaraju_scc` (two iterative depth-first searches). `benches/check_vs_floor.sh` runs
//! both programs in turn and reports the ratios.

use std::collections::HashMap;
use std::path::PathBuf;

use petgraph::algo::kosaraju_scc;
use petgraph::graph::{DiGraph, NodeIndex};
use waveplan::model::Portfolio;

fn main() {
    let Some(path) = std::env::args().nth(1).map(PathBuf::from) else {
        eprintln!("usage: check_floor PORTFOLIO");
        std::process::exit(2);
    };
    let text = match std::fs::read_to_string(&path) {
        Ok(t) => t,
        Err(e) => {
            eprintln!("{}: {e}", path.display());
            std::process::exit(2);
        }
    };
    // The format writes optional fields without `Some(...)`.
    let options =
        ron::Options::default().with_default_extension(ron::extensions::Extensions::IMPLICIT_SOME);
    let portfolio: Portfolio = match options.from_str(&text) {
        Ok(p) => p,
        Err(e) => {
            eprintln!("{}: {e}", path.display());
            std::process::exit(1);
        }
    };
    let mut graph: DiGraph<(), ()> =
        DiGraph::with_capacity(portfolio.apps.len(), portfolio.apps.len() * 4);
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
    let components = kosaraju_scc(&graph).len();
    println!(
        "apps={} edges={} components={components}",
        graph.node_count(),
        graph.edge_count()
    );
    // Like `check`, it leaves the freeing of its memory to the end of the process.
    std::mem::forget(ids);
    std::mem::forget(graph);
    std::mem::forget(portfolio);
    std::mem::forget(text);
}

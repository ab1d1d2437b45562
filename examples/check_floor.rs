//! The floor `waveplan check` is measured against, as a program (see
//! `benches/support/floor.rs`): read the file, parse it into the model's serde structs, build the
//! petgraph graph, find its strongly connected components.
//!
//!     cargo run --release --example check_floor -- PORTFOLIO
//!
//! It prints `apps=... edges=... components=...`. `benches/check_vs_floor.sh` runs it and
//! `waveplan check` in turn and reports the ratios.

#[path = "../benches/support/floor.rs"]
mod floor;

use std::path::PathBuf;

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
    match floor::floor(&text, true) {
        Ok(c) => println!(
            "apps={} edges={} components={}",
            c.apps, c.edges, c.components
        ),
        Err(e) => {
            eprintln!("{}: {e}", path.display());
            std::process::exit(1);
        }
    }
    std::mem::forget(text);
}

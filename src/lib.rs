//! waveplan: plan the migration of an application portfolio onto a container platform, wave by
//! wave. This library is the engine (model, graph, scores, analysis, exports, imports); only
//! `tui` knows about the terminal.

pub mod atomic;
pub mod clobber;
pub mod diagnostic;
pub mod generate;
pub mod graph;
pub mod import;
pub mod load;
pub mod model;
pub mod number;
pub mod stamp;

/// The built-in sample portfolio (a retail company), used when no portfolio is given.
pub const SAMPLE_PORTFOLIO: &str = include_str!("../portfolios/retail.ron");

/// The name the built-in sample is reported under.
pub const SAMPLE_FILE: &str = "retail.ron (built in)";
pub mod analysis;
pub mod export;
pub mod score;
pub mod session;
pub mod tui;

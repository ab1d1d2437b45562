//! `waveplan generate`: a synthetic portfolio for scale work.

use std::path::Path;

use super::{Failure, emit};

pub fn run(
    apps: usize,
    seed: u64,
    shape: waveplan::generate::Shape,
    out: Option<&Path>,
) -> Result<u8, Failure> {
    let portfolio = waveplan::generate::generate_shaped(apps, seed, shape);
    let text = waveplan::model::write::portfolio_to_ron_compact(&portfolio);
    emit(out, text.as_bytes())?;
    if let Some(path) = out {
        eprintln!("wrote {} apps to {}", apps, path.display());
    }
    Ok(0)
}

//! `waveplan generate`: a synthetic portfolio for scale work.

use std::path::Path;

use super::{Failure, Output, Writes, emit, shown};

pub fn run(
    apps: usize,
    seed: u64,
    shape: waveplan::generate::Shape,
    out: Option<&Path>,
    force: bool,
) -> Result<u8, Failure> {
    let out = Output::new(out, Writes::Portfolio, force);
    if let Some(out) = &out {
        out.check(&[], "")?;
    }
    let portfolio = waveplan::generate::generate_shaped(apps, seed, shape);
    let text = waveplan::model::write::portfolio_to_ron_compact(&portfolio);
    emit(out.as_ref(), text.as_bytes())?;
    if let Some(out) = &out {
        say!(
            "wrote {} apps to {}",
            waveplan::number::thousands(apps as u64),
            shown(out.path)
        );
    }
    Ok(0)
}

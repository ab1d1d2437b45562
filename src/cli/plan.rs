//! `waveplan plan`: the automatic plan, written as a plan file; its figures on stderr.

use std::path::Path;

use waveplan::analysis::planner::{auto_plan, layered_plan};
use waveplan::analysis::{Capacity, analyze};
use waveplan::model::write::plan_to_ron;

use super::{Failure, Inputs, emit, print_warnings};

pub fn run(
    portfolio: &Path,
    weights: Option<&Path>,
    capacity: Capacity,
    out: Option<&Path>,
) -> Result<u8, Failure> {
    if capacity.max_apps == 0 || capacity.pilot == 0 {
        return Err(Failure::Usage(
            "--max-apps and --pilot must be at least 1".to_string(),
        ));
    }
    let inputs = Inputs::load(Some(portfolio), None, weights)?;
    let scorer = inputs.scorer();
    let result = auto_plan(&scorer, &capacity);
    let text = plan_to_ron(&result.plan.to_plan(&inputs.source.portfolio));
    emit(out, text.as_bytes())?;
    print_warnings(&inputs.warnings);
    let analysis = analyze(&scorer, &result.plan, &capacity);
    let layered = analyze(&scorer, &layered_plan(&scorer, &capacity), &capacity);
    let apps = &inputs.source.portfolio.apps;
    for group in &result.oversized {
        let ids: Vec<&str> = group.iter().map(|&a| apps[a].id.as_str()).collect();
        eprintln!(
            "warning: cycle group of {} apps is larger than a wave and has a wave of its own: {}",
            ids.len(),
            ids.join(", ")
        );
    }
    eprintln!(
        "plan: {} waves, {} of {} movable apps planned, hybrid cost {} (dependency layering: {}), {} warnings",
        result.plan.wave_count(),
        analysis.planned,
        analysis.movable,
        analysis.hybrid.total,
        layered.hybrid.total,
        analysis.warnings
    );
    if let Some(path) = out {
        eprintln!("wrote {}", path.display());
    }
    Ok(0)
}

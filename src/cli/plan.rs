//! `waveplan plan`: the automatic plan (or, from a plan, a re-plan of what is not locked or
//! pinned), written as a plan file with the capacity it used; its figures on stderr.

use std::path::Path;
use std::time::Duration;

use waveplan::analysis::HybridCost;
use waveplan::analysis::findings::findings;
use waveplan::analysis::planner::{Options, replan};
use waveplan::diagnostic::Severity;
use waveplan::diagnostic::printable;
use waveplan::model::write::plan_to_ron;
use waveplan::number::thousands;

use super::{Failure, Inputs, Output, PlanArgs, Writes, emit, print_warnings, shown};

pub fn run(
    portfolio: &Path,
    args: &PlanArgs,
    time_limit: f64,
    out: Option<&Path>,
    force: bool,
) -> Result<u8, Failure> {
    let out = Output::new(out, Writes::Plan, force);
    let inputs = Inputs::load(portfolio, args)?;
    if let Some(out) = &out {
        out.check(
            &[
                (Some(portfolio), "the portfolio it plans"),
                (inputs.plan_path.as_deref(), "the plan it re-plans"),
                (args.weights.as_deref(), "the weights file it reads"),
            ],
            " (`waveplan diff` compares the two)",
        )?;
    }
    let scorer = inputs.scorer();
    let options = Options {
        time_limit: Duration::from_secs_f64(time_limit),
        ..Options::default()
    };
    let result = replan(&scorer, &inputs.plan, &options);
    // The figures the summary needs (the hybrid cost and the warnings, not every app's
    // scores) are counted on a second thread while the plan is written.
    let (written, (cost, warnings)) = std::thread::scope(|scope| {
        let figures = scope.spawn(|| {
            let cost = HybridCost::of(&scorer, &result.plan).total;
            let warnings = findings(&scorer, &result.plan)
                .iter()
                .filter(|f| f.severity == Severity::Warning)
                .count();
            (cost, warnings)
        });
        let text = plan_to_ron(&result.plan.to_plan(&inputs.source.portfolio));
        let written = emit(out.as_ref(), text.as_bytes());
        // (A panic there is a bug: it goes on here, as it would have on one thread.)
        let figures = figures
            .join()
            .unwrap_or_else(|panic| std::panic::resume_unwind(panic));
        (written, figures)
    });
    written?;
    print_warnings(&inputs.warnings);
    let apps = &inputs.source.portfolio.apps;
    let id = |a: usize| printable(&apps[a].id).into_owned();
    // The largest cut groups one by one; past a few, one line for the rest.
    let mut groups: Vec<_> = result.cut_groups.iter().collect();
    groups.sort_by_key(|g| std::cmp::Reverse(g.members.len()));
    for group in groups.iter().take(CUT_GROUPS_SHOWN) {
        say!(
            "warning: a move group of {} apps ({}) does not fit a wave: cut into {} parts{}",
            group.members.len(),
            list(group.members.iter().map(|&a| id(a))),
            group.parts,
            if group.broken.is_empty() {
                String::new()
            } else {
                format!(
                    "; {} hard link{} left open: {}",
                    group.broken.len(),
                    if group.broken.len() == 1 { "" } else { "s" },
                    list(
                        group
                            .broken
                            .iter()
                            .map(|&(a, b)| format!("{} -> {}", id(a), id(b)))
                    )
                )
            }
        );
    }
    if groups.len() > CUT_GROUPS_SHOWN {
        let rest = &groups[CUT_GROUPS_SHOWN..];
        say!(
            "warning: {} more move groups ({} apps) do not fit a wave and were cut, leaving {} hard links open; `waveplan check --plan` lists them",
            rest.len(),
            rest.iter().map(|g| g.members.len()).sum::<usize>(),
            rest.iter().map(|g| g.broken.len()).sum::<usize>()
        );
    }
    let kept = result.kept;
    if kept.apps > 0 {
        say!(
            "kept as they were: {} locked wave{} and {} pinned app{} ({} apps in all)",
            kept.locked_waves,
            if kept.locked_waves == 1 { "" } else { "s" },
            kept.pinned,
            if kept.pinned == 1 { "" } else { "s" },
            kept.apps
        );
    }
    if result.stopped {
        say!(
            "the time limit ({time_limit} s) cut the search short: this is the best plan found by then (--time-limit gives it more)"
        );
    }
    let quality = match (result.bound, result.gap_percent(cost)) {
        (Some(b), _) if b.proven => ", the best possible".to_string(),
        (Some(b), Some(gap)) => format!(
            ", at most {:.0}% above the best possible (no plan costs less than {})",
            gap.ceil(),
            thousands(b.lower)
        ),
        _ => String::new(),
    };
    let capacity = result.plan.capacity();
    let mut simple = Vec::new();
    if let Some(s) = result.simple {
        simple.push(format!("dependencies first {}", thousands(s.layered)));
        simple.push(format!("affinity {}", thousands(s.affinity)));
    }
    let n = |k: usize| thousands(k as u64);
    say!(
        "plan: {} waves, {} of {} movable apps planned, hybrid cost {}{quality}{}; {} warnings",
        n(result.plan.wave_count()),
        n(result.plan.planned_count()),
        n(inputs.graph.movable_count()),
        thousands(cost),
        if simple.is_empty() {
            String::new()
        } else {
            format!(" (simple plans: {})", simple.join(", "))
        },
        n(warnings)
    );
    say!("capacity: {}", super::check::capacity_text(capacity));
    if let Some(out) = &out {
        say!("wrote {}", shown(out.path));
    }
    // Everything is written: the process ends without taking the portfolio apart app by app.
    std::mem::forget(result);
    std::mem::forget(inputs);
    Ok(0)
}

/// How many cut move groups `plan` describes one by one.
const CUT_GROUPS_SHOWN: usize = 5;

/// "a, b, c" and "and N more" past eight.
fn list(items: impl Iterator<Item = String>) -> String {
    let all: Vec<String> = items.collect();
    let mut shown: Vec<String> = all.iter().take(8).cloned().collect();
    if all.len() > 8 {
        shown.push(format!("and {} more", all.len() - 8));
    }
    shown.join(", ")
}

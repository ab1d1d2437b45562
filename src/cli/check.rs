//! `waveplan check`: validate a portfolio (and a plan), print a short summary and the findings.

use std::fmt::Write as _;
use std::path::Path;

use waveplan::diagnostic::printable;
use waveplan::graph::DependencyGraph;
use waveplan::model::{Capacity, Plan, Portfolio, Via};
use waveplan::number::thousands;

use waveplan::analysis::analyze;

use super::{Failure, Inputs, PlanArgs, emit, print_warnings};

/// How many names a list shows before it says "and N more".
const LIST_LIMIT: usize = 8;

pub fn run(portfolio: &Path, args: &PlanArgs) -> Result<u8, Failure> {
    // A portfolio alone needs only the summary's graph.
    let inputs = Inputs::load_with(portfolio, args, true)?;
    let plan_summary = inputs
        .plan_file
        .as_ref()
        .map(|f| (inputs.plan.to_plan(&inputs.source.portfolio), f.clone()));
    let mut text = summary(
        &inputs.source.portfolio,
        &inputs.graph,
        &inputs.source.file,
        plan_summary.as_ref(),
        inputs.plan.capacity(),
        inputs.warnings.len(),
    );
    let mut errors = 0;
    if inputs.plan_file.is_some() {
        let scorer = inputs.scorer();
        let analysis = analyze(&scorer, &inputs.plan);
        errors = analysis.errors;
        let _ = writeln!(
            text,
            "  hybrid cost   {} weighted link-waves ({})",
            thousands(analysis.hybrid.total),
            analysis
                .hybrid
                .after_wave
                .iter()
                .enumerate()
                .map(|(w, &c)| format!(
                    "after {}: {}",
                    printable(&inputs.plan.label(w)),
                    thousands(c)
                ))
                .collect::<Vec<_>>()
                .join(", ")
        );
        let _ = writeln!(
            text,
            "  plan findings {} error{}, {} warning{}",
            thousands(analysis.errors as u64),
            if analysis.errors == 1 { "" } else { "s" },
            thousands(analysis.warnings as u64),
            if analysis.warnings == 1 { "" } else { "s" },
        );
        for f in &analysis.findings {
            let label = match f.severity {
                waveplan::diagnostic::Severity::Error => "error",
                waveplan::diagnostic::Severity::Warning => "warning",
            };
            let _ = writeln!(
                text,
                "    {label}: {}",
                printable(&f.message(&inputs.source.portfolio, &inputs.graph, &inputs.plan))
            );
        }
    }
    emit(None, text.as_bytes())?;
    print_warnings(&inputs.warnings);
    // Everything is printed: the process ends without taking the portfolio apart app by app.
    std::mem::forget(inputs);
    Ok(if errors > 0 { 1 } else { 0 })
}

fn names(
    portfolio: &Portfolio,
    apps: impl Iterator<Item = usize>,
    detail: impl Fn(usize) -> String,
) -> String {
    let all: Vec<usize> = apps.collect();
    let mut parts: Vec<String> = all
        .iter()
        .take(LIST_LIMIT)
        .map(|&a| {
            let d = detail(a);
            let id = printable(&portfolio.apps[a].id).into_owned();
            if d.is_empty() {
                id
            } else {
                format!("{id} ({d})")
            }
        })
        .collect();
    if all.len() > LIST_LIMIT {
        parts.push(format!("and {} more", all.len() - LIST_LIMIT));
    }
    parts.join(", ")
}

/// The summary `check` prints.
pub fn summary(
    portfolio: &Portfolio,
    graph: &DependencyGraph,
    file: &str,
    plan: Option<&(Plan, String)>,
    capacity: &Capacity,
    warnings: usize,
) -> String {
    let n = |k: usize| thousands(k as u64);
    let mut out = String::new();
    let name = if portfolio.name.is_empty() {
        "(unnamed portfolio)"
    } else {
        &portfolio.name
    };
    let _ = writeln!(out, "{} ({})", printable(name), printable(file));
    let never = graph.never_moving().count();
    let _ = writeln!(
        out,
        "  apps          {} ({} movable, {} never move)",
        n(graph.app_count()),
        n(graph.movable_count()),
        n(never)
    );
    let mut by_via = [0usize; Via::ALL.len()];
    for e in graph.edges() {
        by_via[e.via as usize] += 1;
    }
    let vias: Vec<String> = Via::ALL
        .iter()
        .zip(by_via)
        .filter(|&(_, n)| n > 0)
        .map(|(v, k)| format!("{v} {}", n(k)))
        .collect();
    let _ = writeln!(
        out,
        "  edges         {}{}",
        n(graph.edge_count()),
        if vias.is_empty() {
            String::new()
        } else {
            format!(" ({})", vias.join(", "))
        }
    );
    let groups = graph.cycle_groups();
    let _ = writeln!(out, "  cycle groups  {}", n(groups.len()));
    for g in groups.iter().take(LIST_LIMIT) {
        // A member that never moves keeps the whole cycle hybrid: the others cannot move
        // "together" with it, so they are not said to.
        let (movable, staying): (Vec<usize>, Vec<usize>) = g
            .members
            .iter()
            .partition(|&&a| portfolio.apps[a].is_movable());
        if staying.is_empty() {
            let _ = writeln!(
                out,
                "    move together: {}",
                names(portfolio, movable.into_iter(), |_| String::new())
            );
        } else {
            let _ = writeln!(
                out,
                "    cycle that stays hybrid: {}; {} never {}, so {} keep{} a link to the legacy estate",
                names(portfolio, g.members.iter().copied(), |_| String::new()),
                names(portfolio, staying.iter().copied(), |a| portfolio.apps[a]
                    .never_moves_because()
                    .unwrap_or_default()
                    .to_string()),
                if staying.len() == 1 { "moves" } else { "move" },
                if movable.is_empty() {
                    "none".to_string()
                } else {
                    names(portfolio, movable.iter().copied(), |_| String::new())
                },
                if movable.len() == 1 { "s" } else { "" }
            );
        }
    }
    if groups.len() > LIST_LIMIT {
        let _ = writeln!(out, "    and {} more", n(groups.len() - LIST_LIMIT));
    }
    if never > 0 {
        let _ = writeln!(
            out,
            "  never move    {}",
            names(portfolio, graph.never_moving(), |a| portfolio.apps[a]
                .never_moves_because()
                .unwrap_or_default()
                .to_string())
        );
    }
    let stateful: Vec<usize> = (0..portfolio.apps.len())
        .filter(|&a| capacity.is_stateful(&portfolio.apps[a]))
        .collect();
    let _ = writeln!(
        out,
        "  stateful      {}{}",
        n(stateful.len()),
        if stateful.is_empty() {
            String::new()
        } else {
            format!(
                ": {}",
                names(portfolio, stateful.iter().copied(), |a| {
                    let app = &portfolio.apps[a];
                    if app.data_gb > 0.0 {
                        format!(
                            "{}, {}",
                            app.state,
                            waveplan::number::data_size(app.data_gb)
                        )
                    } else {
                        app.state.to_string()
                    }
                })
            )
        }
    );
    let no_owner = portfolio.apps.iter().filter(|a| a.owner.is_none()).count();
    if no_owner > 0 {
        let _ = writeln!(
            out,
            "  no owner      {}: {}",
            n(no_owner),
            names(
                portfolio,
                (0..portfolio.apps.len()).filter(|&a| portfolio.apps[a].owner.is_none()),
                |_| String::new()
            )
        );
    }
    if let Some((plan, plan_file)) = plan {
        let planned: usize = plan.waves.iter().map(|w| w.apps.len()).sum();
        let _ = writeln!(
            out,
            "  plan          {}: {} wave{}, {} of {} movable apps planned",
            printable(plan_file),
            n(plan.waves.len()),
            if plan.waves.len() == 1 { "" } else { "s" },
            n(planned),
            n(graph.movable_count())
        );
        let locked = plan.waves.iter().filter(|w| w.locked).count();
        let pinned: usize = plan.waves.iter().map(|w| w.pinned.len()).sum();
        if locked + pinned > 0 {
            let _ = writeln!(
                out,
                "  kept          {locked} locked wave{}, {pinned} pinned app{}",
                if locked == 1 { "" } else { "s" },
                if pinned == 1 { "" } else { "s" }
            );
        }
        let _ = writeln!(out, "  capacity      {}", capacity_text(capacity));
    }
    // The warnings about the files themselves (a duplicate edge, say), printed on stderr; the
    // plan's own findings follow under "plan findings".
    let _ = match warnings {
        0 => writeln!(out, "  file warnings none"),
        k => writeln!(out, "  file warnings {} (printed below, on stderr)", n(k)),
    };
    out
}

/// The capacity in one line: "10 apps a wave, 2 stateful (Session, Files, Queue, Database),
/// pilot 3 up to Medium".
pub fn capacity_text(c: &Capacity) -> String {
    let states: Vec<&str> = c.stateful.states().map(|s| s.as_str()).collect();
    format!(
        "{} apps a wave, {} stateful ({}), pilot {} up to {}",
        c.max_apps,
        c.max_stateful,
        if states.is_empty() {
            "no state counts".to_string()
        } else {
            states.join(", ")
        },
        c.pilot,
        c.pilot_max_criticality
    )
}

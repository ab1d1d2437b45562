//! `waveplan score`: every app's scores on the plan's boundary, sorted by ease.

use std::fmt::Write as _;
use std::path::Path;

use waveplan::analysis::{Analysis, Placement, analyze};
use waveplan::score::PlanBoundary;

use super::{Failure, Inputs, PlanArgs, TableFormat, cell, emit, print_warnings};

pub fn run(portfolio: &Path, args: &PlanArgs, format: TableFormat) -> Result<u8, Failure> {
    let inputs = Inputs::load(portfolio, args)?;
    let scorer = inputs.scorer();
    let analysis = analyze(&scorer, &inputs.plan);
    let apps = &inputs.source.portfolio.apps;
    let mut order: Vec<usize> = (0..apps.len()).collect();
    order.sort_by(|&a, &b| {
        analysis.scores[b]
            .ease
            .cmp(&analysis.scores[a].ease)
            .then_with(|| apps[a].id.cmp(&apps[b].id))
    });
    let wave_text = |a: usize| match Placement::of(&inputs.plan, &inputs.graph, a) {
        Placement::Wave(w) => (w + 1).to_string(),
        Placement::Unplanned => "unplanned".to_string(),
        Placement::NeverMoves => "never".to_string(),
    };
    let text = match format {
        TableFormat::Table => {
            let mut out = format!(
                "{} {} {:>4} {:>8} {:>8} {:>4}  {}\n",
                cell("id", 28),
                cell("wave", 9),
                "ease",
                "coupling",
                "stateful",
                "risk",
                "main reason"
            );
            for &a in &order {
                let s = analysis.scores[a];
                let boundary = PlanBoundary {
                    ranks: inputs.plan.ranks(),
                    wave: Analysis::scored_wave(&inputs.plan, a),
                };
                let card = scorer.explain(a, &boundary);
                let reason = scorer
                    .main_reasons(&card, 1)
                    .first()
                    .map(|r| r.text.clone())
                    .unwrap_or_default();
                let _ = writeln!(
                    out,
                    "{} {} {:>4} {:>8} {:>8} {:>4}  {}",
                    cell(&apps[a].id, 28),
                    cell(&wave_text(a), 9),
                    s.ease,
                    s.coupling,
                    s.statefulness,
                    s.risk,
                    waveplan::diagnostic::printable(&reason)
                );
            }
            out
        }
        TableFormat::Csv => {
            let mut w = csv::Writer::from_writer(Vec::new());
            let _ = w.write_record(["id", "wave", "ease", "coupling", "statefulness", "risk"]);
            for &a in &order {
                let s = analysis.scores[a];
                let _ = w.write_record([
                    waveplan::export::csv_safe(&apps[a].id).as_ref(),
                    &wave_text(a),
                    &s.ease.to_string(),
                    &s.coupling.to_string(),
                    &s.statefulness.to_string(),
                    &s.risk.to_string(),
                ]);
            }
            String::from_utf8(w.into_inner().unwrap_or_default()).unwrap_or_default()
        }
        TableFormat::Json => {
            let list: Vec<serde_json::Value> = order
                .iter()
                .map(|&a| {
                    let boundary = PlanBoundary {
                        ranks: inputs.plan.ranks(),
                        wave: Analysis::scored_wave(&inputs.plan, a),
                    };
                    let card = scorer.explain(a, &boundary);
                    serde_json::json!({
                        "id": apps[a].id,
                        "wave": inputs.plan.wave_of(a).map(|w| w + 1),
                        "movable": inputs.graph.is_movable(a),
                        "ease": card.ease,
                        "coupling": card.coupling,
                        "statefulness": card.statefulness,
                        "risk": card.risk,
                    })
                })
                .collect();
            let mut s = serde_json::to_string_pretty(&list).unwrap_or_default();
            s.push('\n');
            s
        }
    };
    emit(None, text.as_bytes())?;
    print_warnings(&inputs.warnings);
    Ok(0)
}

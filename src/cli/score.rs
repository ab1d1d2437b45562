//! `waveplan score`: every app's scores on the plan's boundary, sorted by ease.

use std::fmt::Write as _;
use std::path::Path;

use waveplan::analysis::Placement;
use waveplan::session::Session;

use super::{Failure, Inputs, PlanArgs, TableFormat, cell, emit, print_warnings};

pub fn run(portfolio: &Path, args: &PlanArgs, format: TableFormat) -> Result<u8, Failure> {
    let (ws, plan, warnings) = Inputs::load(portfolio, args)?.into_workspace();
    let session: Session = Session::new(&ws, plan, 0);
    let (scorer, plan) = (session.scorer(), session.plan());
    let apps = &ws.portfolio.apps;
    let mut order: Vec<usize> = (0..apps.len()).collect();
    order.sort_by(|&a, &b| {
        session
            .scores(b)
            .ease
            .cmp(&session.scores(a).ease)
            .then_with(|| apps[a].id.cmp(&apps[b].id))
    });
    let wave_text = |a: usize| match session.placement(a) {
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
                let s = session.scores(a);
                let card = session.card(a);
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
                let s = session.scores(a);
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
                    let card = session.card(a);
                    serde_json::json!({
                        "id": apps[a].id,
                        "wave": plan.wave_of(a).map(|w| w + 1),
                        "movable": ws.graph.is_movable(a),
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
    print_warnings(&warnings);
    Ok(0)
}

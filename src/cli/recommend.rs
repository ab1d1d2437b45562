//! `waveplan recommend`: the first candidates for a wave, with their main reasons.

use std::fmt::Write as _;
use std::path::Path;

use waveplan::diagnostic::printable;
use waveplan::session::Session;

use super::{Failure, Inputs, PlanArgs, TableFormat, emit, print_warnings};

pub fn run(
    portfolio: &Path,
    args: &PlanArgs,
    wave: Option<usize>,
    top: usize,
    format: TableFormat,
) -> Result<u8, Failure> {
    let inputs = Inputs::load(portfolio, args)?;
    let waves = inputs.plan.wave_count();
    // Default: the first wave.
    let wave = wave.unwrap_or(1);
    if wave == 0 || wave > waves + 1 {
        return Err(Failure::Usage(format!(
            "--wave {wave}: the plan has {waves} waves; choose 1 to {}",
            waves + 1
        )));
    }
    let (ws, plan, warnings) = inputs.into_workspace();
    // The board's recommendations, for the wave asked.
    let session: Session = Session::for_wave(&ws, plan, wave - 1, top);
    let (recs, note) = (session.recommendations(), session.recommendation_note());
    let (scorer, plan) = (session.scorer(), session.plan());
    let apps = &ws.portfolio.apps;
    let label = if wave <= waves {
        plan.label(wave - 1)
    } else {
        format!("Wave {wave} (new)")
    };
    let text = match format {
        TableFormat::Table | TableFormat::Csv => {
            let mut out = format!("First candidates for {}:\n", printable(&label));
            if let Some(note) = note {
                let _ = writeln!(out, "  {}; these break a rule:", printable(note));
            }
            if recs.is_empty() {
                out.push_str(
                    "  none: every movable app is already in this wave or an earlier one\n",
                );
            }
            for (i, r) in recs.iter().enumerate() {
                let ids: Vec<&str> = r.apps.iter().map(|&a| apps[a].id.as_str()).collect();
                let head = if ids.len() > 1 {
                    format!("move together: {}", ids.join(", "))
                } else {
                    ids[0].to_string()
                };
                let _ = writeln!(
                    out,
                    "{:>2}. {}  ease {}  (coupling {}, statefulness {}, risk {})",
                    i + 1,
                    printable(&head),
                    r.ease,
                    r.card.coupling.value,
                    r.card.statefulness.value,
                    r.card.risk.value
                );
                if r.reasons.is_empty() {
                    let _ = writeln!(
                        out,
                        "      no dependency crosses the boundary, stateless, low risk"
                    );
                }
                if r.apps.len() > 1 && !r.reasons.is_empty() {
                    let _ = writeln!(
                        out,
                        "      reasons of {}, the hardest:",
                        printable(&apps[r.lead].id)
                    );
                }
                // The ease each reason costs; with the other reasons they add up to 100 - ease.
                for reason in &r.reasons {
                    let _ = writeln!(
                        out,
                        "      -{:<3} {}: {}",
                        reason.ease_cost,
                        reason.score,
                        printable(&reason.text)
                    );
                }
                if r.rest_cost > 0 {
                    let _ = writeln!(
                        out,
                        "      -{:<3} {} other reason{}",
                        r.rest_cost,
                        r.rest,
                        if r.rest == 1 { "" } else { "s" }
                    );
                }
                for b in &r.breaks {
                    let _ = writeln!(out, "      breaks: {}", printable(&b.message(scorer, plan)));
                }
            }
            out
        }
        TableFormat::Json => {
            let list: Vec<serde_json::Value> = recs
                .iter()
                .map(|r| {
                    serde_json::json!({
                        "apps": r.apps.iter().map(|&a| apps[a].id.as_str()).collect::<Vec<_>>(),
                        "ease": r.ease,
                        "lead": apps[r.lead].id,
                        "coupling": r.card.coupling,
                        "statefulness": r.card.statefulness,
                        "risk": r.card.risk,
                        "main_reasons": r.reasons,
                        "breaks": r.breaks.iter().map(|b| b.message(scorer, plan)).collect::<Vec<_>>(),
                    })
                })
                .collect();
            let doc = serde_json::json!({
                "wave": wave,
                "wave_name": printable(&label),
                "note": note,
                "recommendations": list,
            });
            let mut s = serde_json::to_string_pretty(&doc).unwrap_or_default();
            s.push('\n');
            s
        }
    };
    emit(None, text.as_bytes())?;
    print_warnings(&warnings);
    Ok(0)
}

//! What changed since the plan was saved, one change a line, for the `D` overlay: the capacity,
//! the waves, the apps moved, the pins, then the hybrid cost and the findings before and after.
//! The wording is `waveplan diff`'s.

use super::form::stateful_states;
use crate::analysis::WavePlan;
use crate::analysis::diff::{PlanDiff, diff};
use crate::diagnostic::printable;
use crate::score::Scorer;

/// How a line of the overlay shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tone {
    /// A section title.
    Section,
    Change,
    /// A finding the saved plan had and the plan no longer has.
    Resolved,
    /// A finding the plan has and the saved plan did not.
    New,
    /// Nothing changed.
    Nothing,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChangeLine {
    pub tone: Tone,
    pub text: String,
}

/// The lines of the overlay for the changes from `saved` to `plan`; `dropped` entries were left
/// out of the plan file as it opened.
pub fn change_lines(
    scorer: &Scorer<'_>,
    saved: &WavePlan,
    plan: &WavePlan,
    dropped: usize,
) -> Vec<ChangeLine> {
    let d = diff(scorer, saved, plan);
    let mut out = Vec::new();
    let line = |tone, text: String| ChangeLine { tone, text };
    if dropped > 0 {
        out.push(line(
            Tone::Change,
            format!(
                "{dropped} entr{} dropped from the plan file as it opened (saving leaves them out)",
                if dropped == 1 { "y" } else { "ies" }
            ),
        ));
    }
    if d.is_empty() {
        out.push(line(
            Tone::Nothing,
            "No changes since the plan was saved".to_string(),
        ));
        return out;
    }
    for (title, items) in [
        ("Capacity", capacity(&d)),
        ("Waves", waves(&d, saved, plan)),
        ("Apps moved", moves(scorer, &d, saved, plan)),
        ("Pins", pins(scorer, &d, plan)),
    ] {
        if items.is_empty() {
            continue;
        }
        out.push(line(Tone::Section, format!("{title} ({})", items.len())));
        out.extend(items.into_iter().map(|t| line(Tone::Change, t)));
    }
    out.push(line(
        Tone::Section,
        format!(
            "Hybrid cost {} → {} ({})",
            d.cost_before,
            d.cost_after,
            signed(d.cost_before, d.cost_after)
        ),
    ));
    let count = |(errors, warnings): (usize, usize)| {
        format!(
            "{errors} error{}, {warnings} warning{}",
            if errors == 1 { "" } else { "s" },
            if warnings == 1 { "" } else { "s" }
        )
    };
    out.push(line(
        Tone::Section,
        format!(
            "Findings {} → {}",
            count(d.findings_before),
            count(d.findings_after)
        ),
    ));
    out.extend(
        d.findings_gone
            .iter()
            .map(|f| line(Tone::Resolved, format!("resolved: {}", printable(f)))),
    );
    out.extend(
        d.findings_new
            .iter()
            .map(|f| line(Tone::New, format!("new: {}", printable(f)))),
    );
    out
}

fn signed(before: u64, after: u64) -> String {
    if after >= before {
        format!("+{}", after - before)
    } else {
        format!("-{}", before - after)
    }
}

fn label(plan: &WavePlan, w: Option<usize>) -> String {
    match w {
        Some(w) => printable(&plan.label(w)).into_owned(),
        None => "Unplanned".to_string(),
    }
}

fn capacity(d: &PlanDiff) -> Vec<String> {
    let Some((a, b)) = d.capacity else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for (field, x, y) in [
        ("apps a wave", a.max_apps, b.max_apps),
        ("stateful apps a wave", a.max_stateful, b.max_stateful),
        ("apps in the pilot", a.pilot, b.pilot),
    ] {
        if x != y {
            out.push(format!("{field} {x} → {y}"));
        }
    }
    if a.pilot_max_criticality != b.pilot_max_criticality {
        out.push(format!(
            "pilot's highest criticality {} → {}",
            a.pilot_max_criticality, b.pilot_max_criticality
        ));
    }
    if a.stateful != b.stateful {
        out.push(format!(
            "stateful [{}] → [{}]",
            stateful_states(&a),
            stateful_states(&b)
        ));
    }
    out
}

fn waves(d: &PlanDiff, saved: &WavePlan, plan: &WavePlan) -> Vec<String> {
    let mut out = Vec::new();
    let apps = |n: usize| format!("{n} app{}", if n == 1 { "" } else { "s" });
    for (nw, w) in d.waves.iter().enumerate() {
        let now = printable(&w.label).into_owned();
        let Some(o) = w.from else {
            out.push(format!(
                "added {now} ({})",
                apps(plan.waves()[nw].apps.len())
            ));
            continue;
        };
        let was = printable(w.old_label.as_deref().unwrap_or_default()).into_owned();
        if w.renamed {
            out.push(format!("renamed {was} to {now}"));
        }
        if w.reordered {
            out.push(format!("moved {now} from place {} to {}", o + 1, nw + 1));
        }
        if w.lock_changed {
            out.push(format!(
                "{} {now}",
                if w.locked { "locked" } else { "unlocked" }
            ));
        }
        if w.notes_changed {
            out.push(format!("notes of {now} changed"));
        }
    }
    for (o, name) in &d.removed {
        out.push(format!(
            "removed {} ({})",
            printable(name),
            apps(saved.waves()[*o].apps.len())
        ));
    }
    out
}

fn moves(scorer: &Scorer<'_>, d: &PlanDiff, saved: &WavePlan, plan: &WavePlan) -> Vec<String> {
    d.moves
        .iter()
        .map(|m| {
            format!(
                "{}: {} → {}",
                printable(&scorer.portfolio.apps[m.app].id),
                label(saved, m.from),
                label(plan, m.to)
            )
        })
        .collect()
}

fn pins(scorer: &Scorer<'_>, d: &PlanDiff, plan: &WavePlan) -> Vec<String> {
    d.pins
        .iter()
        .map(|&(a, on)| {
            let id = printable(&scorer.portfolio.apps[a].id);
            if on {
                format!("pinned {id} to {}", label(plan, plan.wave_of(a)))
            } else {
                format!("unpinned {id}")
            }
        })
        .collect()
}

//! The plan a wave column gives (`import csv --waves-from wave_id`): one wave per value, in
//! the values' order when they are all numbers (a migration factory's `wave_id`), else in the
//! order the table first gives them.

use std::collections::BTreeMap;

use crate::diagnostic::{Diagnostic, Pos};
use crate::import::summary::{Count, Summary};
use crate::model::{App, Plan, Wave};

/// The plan: `waves[i]` is the wave cell of `apps[i]` (with the wave's name after a NUL when
/// the table has a name column) and its place.
pub fn plan(
    apps: &[App],
    waves: &[Option<(String, Pos)>],
    file: &str,
    diags: &mut Vec<Diagnostic>,
    summary: &mut Summary,
) -> Plan {
    let mut order: Vec<&str> = Vec::new();
    let mut names: BTreeMap<&str, &str> = BTreeMap::new();
    for (cell, _) in waves.iter().flatten() {
        let (id, name) = cell.split_once('\u{0}').unwrap_or((cell, ""));
        if !order.contains(&id) {
            order.push(id);
        }
        if !name.is_empty() {
            names.entry(id).or_insert(name);
        }
    }
    let numbers: Option<Vec<f64>> = order
        .iter()
        .map(|w| w.parse::<f64>().ok().filter(|x| x.is_finite()))
        .collect();
    if let Some(numbers) = &numbers {
        let mut paired: Vec<(f64, &str)> = numbers.iter().copied().zip(order).collect();
        paired.sort_by(|a, b| a.0.total_cmp(&b.0));
        order = paired.into_iter().map(|(_, w)| w).collect();
    }
    let mut plan = Plan {
        waves: order
            .iter()
            .map(|&w| {
                let name = match names.get(w) {
                    Some(n) => n.to_string(),
                    None if numbers.is_some() => format!("Wave {w}"),
                    None => w.to_string(),
                };
                Wave::named(name)
            })
            .collect(),
        ..Plan::default()
    };
    let mut never = Vec::new();
    for (app, wave) in apps.iter().zip(waves) {
        let Some((cell, at)) = wave else { continue };
        let id = cell.split_once('\u{0}').map_or(cell.as_str(), |(i, _)| i);
        let Some(w) = order.iter().position(|&o| o == id) else {
            continue;
        };
        if let Some(why) = app.never_moves_because() {
            diags.push(Diagnostic::warning(
                file,
                Some(*at),
                format!(
                    "`{}` is in wave `{}` but never moves ({why}); it is left out of the plan",
                    app.id.escape_debug(),
                    id.escape_debug()
                ),
            ));
            never.push(why);
            continue;
        }
        plan.waves[w].apps.push(app.id.to_string());
    }
    summary.dropped(
        Count::new(
            never.len(),
            "app left out of its wave",
            "apps left out of their waves",
        )
        .by(never.iter().map(|w| (format!("never moves: {w}"), 1))),
    );
    plan
}

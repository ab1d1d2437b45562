//! CSV: one row per app in report order (wave by wave, then unplanned, then never-moving apps),
//! every text cell neutralised so a spreadsheet does not run it as a formula.

use std::io::{self, Write};

use super::{Report, csv_safe, one_line};
use crate::analysis::Placement;

/// The header row.
pub const COLUMNS: [&str; 11] = [
    "id",
    "name",
    "owner",
    "wave",
    "wave_name",
    "ease",
    "coupling",
    "statefulness",
    "risk",
    "strategy",
    "state",
];

/// Write one row per app. `wave` is the 1-based wave number, or `unplanned` or `never` for an
/// app in no wave; `wave_name` is the wave's name and empty for an app in no wave.
pub fn write(report: &Report<'_>, out: &mut dyn Write) -> io::Result<()> {
    let mut w = ::csv::WriterBuilder::new()
        .terminator(::csv::Terminator::Any(b'\n'))
        .from_writer(out);
    w.write_record(COLUMNS)?;
    for a in report.apps_in_order() {
        let app = &report.portfolio.apps[a];
        let s = report.analysis.scores[a];
        let (wave, wave_name) = match report.placement(a) {
            Placement::Wave(n) => ((n + 1).to_string(), report.plan.label(n)),
            Placement::Unplanned => ("unplanned".to_string(), String::new()),
            Placement::NeverMoves => ("never".to_string(), String::new()),
        };
        let record: [&str; 11] = [
            &cell(&app.id),
            &cell(app.display_name()),
            &cell(app.owner.as_deref().unwrap_or("")),
            &wave,
            &cell(&wave_name),
            &s.ease.to_string(),
            &s.coupling.to_string(),
            &s.statefulness.to_string(),
            &s.risk.to_string(),
            app.strategy.as_str(),
            app.state.as_str(),
        ];
        w.write_record(record)?;
    }
    w.flush()
}

/// A text cell: on one line (line breaks become spaces) and neutralised with `csv_safe`. Text
/// that starts with a control character goes to `csv_safe` as it is, so a leading tab or
/// carriage return still counts as risky.
fn cell(text: &str) -> String {
    match text.chars().next() {
        Some(c) if c.is_control() => csv_safe(text).into_owned(),
        _ => csv_safe(&one_line(text)).into_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cells_are_one_line_and_safe() {
        assert_eq!(cell("two\nlines"), "two lines");
        assert_eq!(cell("\t=cmd"), "'=cmd");
        assert_eq!(cell("=cmd|' /C calc'!A0"), "'=cmd|' /C calc'!A0");
        assert_eq!(cell("a,b \"q\""), "a,b \"q\"");
    }
}

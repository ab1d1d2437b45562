//! The plan file (RON), written exactly as saving the plan on the board writes it.

use std::io::{self, Write};

use super::Report;
use crate::model::write::plan_to_ron;

/// The plan file text of the report's plan.
pub fn plan_text(report: &Report<'_>) -> String {
    plan_to_ron(&report.plan.to_plan(report.portfolio))
}

/// Write the plan file.
pub fn write(report: &Report<'_>, out: &mut dyn Write) -> io::Result<()> {
    out.write_all(plan_text(report).as_bytes())
}

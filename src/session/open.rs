//! Opening a session's plan: where its plan file is, reading that plan (entries that cannot
//! stand are dropped and counted), and the first plan when there is none.

use std::path::Path;

use crate::analysis::WavePlan;
use crate::diagnostic::Severity;
use crate::graph::DependencyGraph;
use crate::load::{self, LoadError};
use crate::model::{Plan, Portfolio};
use crate::stamp::FileStamp;

pub use crate::load::{default_plan_path, export_base};

/// The plan a session opens with, and what to tell the architect about it.
#[derive(Debug, Clone)]
pub struct Opening {
    pub plan: WavePlan,
    pub message: Option<String>,
    /// Every entry dropped from the plan file, one message each.
    pub problems: Vec<String>,
    /// What the plan file held when it was read (`None`: there was none), so that saving can
    /// tell whether someone changed it since.
    pub stamp: Option<FileStamp>,
}

/// The plan of a session: the file at `path` when it exists, else a plan with one empty wave.
/// A plan file that is not a plan at all is an error; one whose entries do not fit the
/// portfolio opens with those entries dropped.
pub fn open_plan(
    path: &Path,
    portfolio: &Portfolio,
    graph: &DependencyGraph,
) -> Result<Opening, LoadError> {
    if !path.exists() {
        return Ok(Opening {
            plan: first_plan(WavePlan::empty(graph.app_count())),
            message: None,
            problems: Vec::new(),
            stamp: None,
        });
    }
    let text = load::read_text(path)?;
    let mut opening = plan_from_text(&text, &path.display().to_string(), portfolio, graph)?;
    // (Of the bytes on disk, a byte order mark and all.)
    opening.stamp = FileStamp::read(path).ok().flatten();
    Ok(opening)
}

/// `open_plan` on text already read.
pub fn plan_from_text(
    text: &str,
    file: &str,
    portfolio: &Portfolio,
    graph: &DependencyGraph,
) -> Result<Opening, LoadError> {
    match load::plan_from_str(text, file, portfolio) {
        Ok(loaded) => Ok(Opening {
            plan: first_plan(WavePlan::from_plan(&loaded.value, graph)),
            message: None,
            problems: Vec::new(),
            stamp: None,
        }),
        Err(LoadError::Invalid(diags)) => {
            // Well-formed but with bad entries (unknown ids, apps placed twice or that never move).
            let Ok(plan) = load::parse_ron::<Plan>(text, file) else {
                return Err(LoadError::Invalid(diags));
            };
            let mut wave_plan = WavePlan::from_plan(&plan, graph);
            for a in 0..graph.app_count() {
                if !graph.is_movable(a) {
                    wave_plan.move_app(a, None);
                }
            }
            let errors: Vec<_> = diags
                .iter()
                .filter(|d| d.severity == Severity::Error)
                .collect();
            let message = errors.first().map(|first| {
                format!(
                    "Dropped {} bad entr{} from the plan; first: {}",
                    errors.len(),
                    if errors.len() == 1 { "y" } else { "ies" },
                    first
                )
            });
            Ok(Opening {
                plan: first_plan(wave_plan),
                message,
                problems: errors.iter().map(|d| d.to_string()).collect(),
                stamp: None,
            })
        }
        Err(e) => Err(e),
    }
}

/// A plan with no wave gets an empty wave (unnamed: "Wave 1" by its place), so the first
/// recommendations show at once.
fn first_plan(mut plan: WavePlan) -> WavePlan {
    if plan.wave_count() == 0 {
        plan.insert_wave(0, "");
    }
    plan
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::PathBuf;

    #[test]
    fn plan_paths() {
        assert_eq!(
            default_plan_path(Some(Path::new("p/retail.ron"))),
            PathBuf::from("p/retail.plan.ron")
        );
        assert_eq!(
            default_plan_path(Some(Path::new("estate"))),
            PathBuf::from("estate.plan.ron")
        );
        assert_eq!(default_plan_path(None), PathBuf::from("retail.plan.ron"));
        assert_eq!(export_base(Some(Path::new("p/bank.ron"))), "p/bank");
    }

    #[test]
    fn bad_entries_are_dropped_and_counted() {
        let portfolio = load::portfolio_from_str(crate::SAMPLE_PORTFOLIO, "retail.ron")
            .unwrap()
            .value;
        let graph = DependencyGraph::build(&portfolio);
        let never = graph.never_moving().next().unwrap();
        let text = format!(
            "Plan(waves: [(name: \"Pilot\", apps: [\"store-locator\", \"nope\", \"{}\", \"store-locator\"])])",
            portfolio.apps[never].id
        );
        let opening = plan_from_text(&text, "x.plan.ron", &portfolio, &graph).unwrap();
        assert_eq!(opening.plan.planned_count(), 1);
        assert!(
            opening
                .message
                .as_deref()
                .unwrap()
                .starts_with("Dropped 3 bad entries"),
            "{:?}",
            opening.message
        );
        assert!(plan_from_text("Plan(wavez: [])", "x", &portfolio, &graph).is_err());
        assert!(plan_from_text("Plan(", "x", &portfolio, &graph).is_err());
        let empty = plan_from_text("Plan(waves: [])", "x", &portfolio, &graph).unwrap();
        assert_eq!(empty.plan.wave_count(), 1);
    }
}

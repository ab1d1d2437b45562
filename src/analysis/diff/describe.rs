//! The changes of a plan diff in words: the waves, the capacity, the apps moved and the pins.
//! Text from the plans is shown without control characters.

use crate::diagnostic::printable;
use crate::graph::AppIx;
use crate::model::Capacity;
use crate::score::Scorer;

use super::super::WavePlan;
use super::{Described, PlanDiff};

/// "1 app", "3 apps".
fn apps(n: usize) -> String {
    format!("{n} app{}", if n == 1 { "" } else { "s" })
}

impl PlanDiff {
    /// The changes in words (`old` and `new` are the plans compared). Text from the plans is
    /// shown without control characters.
    pub fn describe(&self, scorer: &Scorer<'_>, old: &WavePlan, new: &WavePlan) -> Described {
        let id = |a: AppIx| printable(&scorer.portfolio.apps[a].id).into_owned();
        let label = |plan: &WavePlan, w: Option<usize>| match w {
            Some(w) => printable(&plan.label(w)).into_owned(),
            None => "unplanned".to_string(),
        };
        Described {
            capacity: self.describe_capacity(),
            waves: self.describe_waves(new),
            apps: self
                .moves
                .iter()
                .map(|m| {
                    format!(
                        "{}: {} → {}",
                        id(m.app),
                        label(old, m.from),
                        label(new, m.to)
                    )
                })
                .collect(),
            pins: self
                .pins
                .iter()
                .map(|&(a, on)| {
                    if on {
                        format!("pinned {} to {}", id(a), label(new, new.wave_of(a)))
                    } else {
                        format!("unpinned {}", id(a))
                    }
                })
                .collect(),
        }
    }

    /// The waves added, renamed, moved, locked or unlocked, with notes changed, and removed.
    fn describe_waves(&self, new: &WavePlan) -> Vec<String> {
        let mut waves = Vec::new();
        for (nw, w) in self.waves.iter().enumerate() {
            let now = printable(&w.label).into_owned();
            let Some(o) = w.from else {
                waves.push(format!(
                    "added {now} ({})",
                    apps(new.waves()[nw].apps.len())
                ));
                continue;
            };
            let was = printable(w.old_label.as_deref().unwrap_or_default()).into_owned();
            if w.renamed {
                waves.push(format!("renamed {was} to {now}"));
            }
            if w.reordered {
                waves.push(format!("moved {now} from place {} to {}", o + 1, nw + 1));
            }
            if w.lock_changed {
                waves.push(format!(
                    "{} {now}",
                    if w.locked { "locked" } else { "unlocked" }
                ));
            }
            if w.notes_changed {
                waves.push(format!("notes of {now} changed"));
            }
        }
        for r in &self.removed {
            waves.push(format!(
                "removed {} ({})",
                printable(&r.label),
                apps(r.apps)
            ));
        }
        waves
    }

    /// Each limit of the capacity that changed, from before to after.
    fn describe_capacity(&self) -> Vec<String> {
        let mut capacity = Vec::new();
        let Some((a, b)) = self.capacity else {
            return capacity;
        };
        for (field, x, y) in [
            ("apps a wave", a.max_apps, b.max_apps),
            ("stateful apps a wave", a.max_stateful, b.max_stateful),
            ("apps in the pilot", a.pilot, b.pilot),
        ] {
            if x != y {
                capacity.push(format!("{field} {x} → {y}"));
            }
        }
        if a.pilot_max_criticality != b.pilot_max_criticality {
            capacity.push(format!(
                "the pilot's highest criticality {} → {}",
                a.pilot_max_criticality, b.pilot_max_criticality
            ));
        }
        if a.stateful != b.stateful {
            let list = |c: &Capacity| {
                let states: Vec<&str> = c.stateful.states().map(|s| s.as_str()).collect();
                if states.is_empty() {
                    "none".to_string()
                } else {
                    states.join(", ")
                }
            };
            capacity.push(format!("stateful [{}] → [{}]", list(&a), list(&b)));
        }
        capacity
    }
}

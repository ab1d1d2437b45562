//! The live analysis's findings, kept per app, wave, cycle group and edge, and changed only
//! where an edit touched: counts, the worst mark of each app, and ordered sets that list the
//! findings in `analyze`'s order without looking at the rest of the plan.

use std::collections::{BTreeMap, BTreeSet};

use super::LiveAnalysis;
use crate::analysis::findings::hard_crossing;
use crate::analysis::{Finding, FindingKind, WavePlan};
use crate::diagnostic::Severity;
use crate::graph::AppIx;
use crate::score::Scorer;

#[derive(Debug, Clone, Default)]
pub(super) struct FindingState {
    pub errors: usize,
    pub warnings: usize,
    /// How many errors and warnings name each app.
    pub error_marks: Vec<u32>,
    pub warning_marks: Vec<u32>,
    /// Waves holding apps that never move, with how many.
    pub error_waves: BTreeMap<u32, u32>,
    /// Apps of the first wave unfit for the pilot.
    pub pilot: usize,
    /// Split cycle groups.
    pub split: Vec<bool>,
    pub split_set: BTreeSet<u32>,
    /// Hard edges open across the boundary.
    pub hard: Vec<bool>,
    pub hard_set: BTreeSet<u32>,
    /// Waves over their capacity of apps, and of stateful apps.
    pub over_apps: BTreeSet<u32>,
    pub over_stateful: BTreeSet<u32>,
}

fn add(value: &mut usize, sign: i64) {
    *value = (*value as i64 + sign) as usize;
}

/// Set a finding's flag to `on`, keeping the ordered set of those on: the change in the count
/// of findings (1 or -1), or `None` when it already was so.
fn toggle(flag: &mut bool, on_set: &mut BTreeSet<u32>, key: u32, on: bool) -> Option<i64> {
    if *flag == on {
        return None;
    }
    *flag = on;
    if on {
        on_set.insert(key);
        Some(1)
    } else {
        on_set.remove(&key);
        Some(-1)
    }
}

fn add32(value: &mut u32, sign: i64) {
    *value = (i64::from(*value) + sign) as u32;
}

/// `set` with every entry from `at` on (past `at`, when `up` is false) moved by one.
fn shift_set(set: &mut BTreeSet<u32>, at: u32, up: bool) {
    let later = set.split_off(&at);
    set.extend(later.into_iter().map(|w| if up { w + 1 } else { w - 1 }));
}

impl FindingState {
    /// Renumber the waves after a wave was inserted at `at` (`up`) or the empty wave `at` was
    /// removed.
    pub fn shift_waves(&mut self, at: u32, up: bool) {
        let later = self.error_waves.split_off(&at);
        self.error_waves.extend(
            later
                .into_iter()
                .map(|(w, n)| (if up { w + 1 } else { w - 1 }, n)),
        );
        shift_set(&mut self.over_apps, at, up);
        shift_set(&mut self.over_stateful, at, up);
    }
}

impl LiveAnalysis {
    /// Add (`sign` 1) or take out (-1) the findings that name planned app `a` alone: an app
    /// that never moves in a wave, a pilot app unfit for the pilot.
    pub(super) fn app_findings(&mut self, scorer: &Scorer<'_>, a: AppIx, sign: i64) {
        let rank = self.ranks[a];
        let f = &mut self.found;
        if !scorer.graph.is_movable(a) {
            add(&mut f.errors, sign);
            add32(&mut f.error_marks[a], sign);
            let n = f.error_waves.entry(rank).or_insert(0);
            add32(n, sign);
            if *n == 0 {
                f.error_waves.remove(&rank);
            }
        }
        if rank == 0 && self.pilot_unfit[a] {
            add(&mut f.warnings, sign);
            add32(&mut f.warning_marks[a], sign);
            add(&mut f.pilot, sign);
        }
    }

    /// Open or close the finding of hard edge `e`.
    pub(super) fn set_hard(&mut self, scorer: &Scorer<'_>, e: usize, open: bool) {
        let facts = scorer.edge_facts()[e];
        let f = &mut self.found;
        let Some(sign) = toggle(&mut f.hard[e], &mut f.hard_set, e as u32, open) else {
            return;
        };
        add(&mut f.warnings, sign);
        for a in [facts.from as usize, facts.to as usize] {
            add32(&mut f.warning_marks[a], sign);
        }
    }

    /// The finding of hard edge `e` as the plan is now.
    pub(super) fn refresh_hard(&mut self, scorer: &Scorer<'_>, e: usize) {
        let open = hard_crossing(&scorer.edge_facts()[e], &self.ranks);
        self.set_hard(scorer, e, open);
    }

    /// The finding of cycle group `g` as its members are now.
    pub(super) fn refresh_split(&mut self, scorer: &Scorer<'_>, g: usize) {
        let split = self.groups[g].is_split();
        let f = &mut self.found;
        let Some(sign) = toggle(&mut f.split[g], &mut f.split_set, g as u32, split) else {
            return;
        };
        add(&mut f.warnings, sign);
        for &m in &scorer.graph.cycle_groups()[g].members {
            add32(&mut f.warning_marks[m], sign);
        }
    }

    /// The capacity findings of wave `w` as its load is now.
    pub(super) fn refresh_capacity(&mut self, w: usize) {
        let over_apps = self.wave_apps[w] > self.capacity.apps_limit(w);
        let over_stateful = self.wave_stateful[w] > self.capacity.max_stateful;
        let f = &mut self.found;
        for (set, over) in [
            (&mut f.over_apps, over_apps),
            (&mut f.over_stateful, over_stateful),
        ] {
            let changed = if over {
                set.insert(w as u32)
            } else {
                set.remove(&(w as u32))
            };
            if changed {
                add(&mut f.warnings, if over { 1 } else { -1 });
            }
        }
    }

    /// Every finding, in the order `analyze` gives them; the work is the findings' own (and
    /// the waves that hold them), not the plan's.
    pub fn findings(&self, scorer: &Scorer<'_>, plan: &WavePlan) -> Vec<Finding> {
        let graph = scorer.graph;
        let f = &self.found;
        let warn = |kind| Finding {
            severity: Severity::Warning,
            kind,
        };
        let mut out = Vec::with_capacity(f.errors + f.warnings);
        for &w in f.error_waves.keys() {
            let w = w as usize;
            for &a in &plan.waves()[w].apps {
                if !graph.is_movable(a) {
                    out.push(Finding {
                        severity: Severity::Error,
                        kind: FindingKind::NeverMovingPlanned { app: a, wave: w },
                    });
                }
            }
        }
        for &g in &f.split_set {
            out.push(warn(FindingKind::SplitGroup { group: g as usize }));
        }
        for &e in &f.hard_set {
            out.push(warn(self.hard_finding(scorer, e as usize)));
        }
        let mut over_apps = f.over_apps.iter().peekable();
        let mut over_stateful = f.over_stateful.iter().peekable();
        loop {
            let next = match (over_apps.peek(), over_stateful.peek()) {
                (None, None) => break,
                (Some(&&a), Some(&&s)) => a.min(s),
                (Some(&&a), None) => a,
                (None, Some(&&s)) => s,
            };
            let w = next as usize;
            if over_apps.next_if(|&&a| a == next).is_some() {
                out.push(warn(FindingKind::OverCapacity {
                    wave: w,
                    apps: self.wave_apps[w],
                    limit: self.capacity.apps_limit(w),
                }));
            }
            if over_stateful.next_if(|&&s| s == next).is_some() {
                out.push(warn(FindingKind::OverStatefulCapacity {
                    wave: w,
                    stateful: self.wave_stateful[w],
                    limit: self.capacity.max_stateful,
                }));
            }
        }
        if f.pilot > 0
            && let Some(pilot) = plan.waves().first()
        {
            for &a in &pilot.apps {
                if self.pilot_unfit[a] {
                    out.push(warn(FindingKind::PilotRule {
                        app: a,
                        breaks: self.capacity.pilot_breaks(&scorer.portfolio.apps[a]),
                    }));
                }
            }
        }
        out
    }

    fn hard_finding(&self, scorer: &Scorer<'_>, e: usize) -> FindingKind {
        let f = scorer.edge_facts()[e];
        FindingKind::HardDependencyAcrossBoundary {
            from: f.from as usize,
            to: f.to as usize,
            wave: self.ranks[f.from as usize].min(self.ranks[f.to as usize]) as usize,
        }
    }

    /// The findings that name `app`, in the order `findings` gives them, from its own edges and
    /// group (for the detail of one app).
    pub fn findings_for(&self, scorer: &Scorer<'_>, plan: &WavePlan, app: AppIx) -> Vec<Finding> {
        let graph = scorer.graph;
        let warn = |kind| Finding {
            severity: Severity::Warning,
            kind,
        };
        let mut out = Vec::new();
        let rank = self.ranks[app];
        if rank != u32::MAX && !graph.is_movable(app) {
            out.push(Finding {
                severity: Severity::Error,
                kind: FindingKind::NeverMovingPlanned {
                    app,
                    wave: rank as usize,
                },
            });
        }
        if let Some(g) = graph.group_of(app)
            && self.found.split[g]
        {
            out.push(warn(FindingKind::SplitGroup { group: g }));
        }
        let mut edges: Vec<u32> = graph
            .outgoing_ids(app)
            .iter()
            .chain(graph.incoming_ids(app))
            .copied()
            .filter(|&e| self.found.hard[e as usize])
            .collect();
        edges.sort_unstable();
        for e in edges {
            out.push(warn(self.hard_finding(scorer, e as usize)));
        }
        if rank == 0 && plan.wave_count() > 0 && self.pilot_unfit[app] {
            out.push(warn(FindingKind::PilotRule {
                app,
                breaks: self.capacity.pilot_breaks(&scorer.portfolio.apps[app]),
            }));
        }
        out
    }
}

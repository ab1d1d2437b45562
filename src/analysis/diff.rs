//! What changed between two versions of a plan: waves added, removed, renamed, reordered,
//! locked or unlocked, notes changed; apps moved and pins set or taken off; the capacity; and
//! the hybrid cost and findings before and after. Waves have no ids, so an old wave and a new
//! one are the same wave when they bear the same name, when both are unnamed at the same place
//! (an unnamed wave goes by its place), else when they share the most apps.

use crate::graph::AppIx;
use crate::model::Capacity;
use crate::score::Scorer;

mod describe;
mod matching;

use super::{Analysis, Finding, PlannedWave, WavePlan, analyze};
use matching::{longest_increasing, match_waves};

/// A new wave and where it comes from.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct WaveEntry {
    /// The old wave it is (0-based), or `None` for a wave added.
    pub from: Option<usize>,
    /// Its label in the old plan and in the new one.
    pub old_label: Option<String>,
    pub label: String,
    /// The name, notes and lock of the new wave.
    pub name: String,
    pub notes: Option<String>,
    pub locked: bool,
    pub renamed: bool,
    /// It moved against the other waves (not only because waves were added or removed).
    pub reordered: bool,
    pub notes_changed: bool,
    pub lock_changed: bool,
    /// Its share of the hybrid cost before (when it was there) and after.
    pub cost_before: Option<u64>,
    pub cost_after: u64,
}

/// An old wave the new plan no longer has.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct RemovedWave {
    pub wave: usize,
    pub label: String,
    pub apps: usize,
    pub cost_before: u64,
}

/// The changes in words, one line each, by kind: what `waveplan diff` and the board's `D`
/// show.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Described {
    pub capacity: Vec<String>,
    pub waves: Vec<String>,
    pub apps: Vec<String>,
    pub pins: Vec<String>,
}

/// An app that changed waves (`None`: unplanned).
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub struct AppMove {
    pub app: AppIx,
    /// The old wave and the new one (0-based, in their own plans).
    pub from: Option<usize>,
    pub to: Option<usize>,
}

/// Everything that differs between two plans.
#[derive(Debug, Clone, PartialEq)]
pub struct PlanDiff {
    /// The new plan's waves, in order.
    pub waves: Vec<WaveEntry>,
    /// Old waves that are gone: (0-based wave, label, apps, share of the hybrid cost).
    pub removed: Vec<RemovedWave>,
    pub moves: Vec<AppMove>,
    /// Apps pinned (`true`) or unpinned in the new plan.
    pub pins: Vec<(AppIx, bool)>,
    /// The capacity, when it changed: (old, new).
    pub capacity: Option<(Capacity, Capacity)>,
    pub cost_before: u64,
    pub cost_after: u64,
    pub findings_before: (usize, usize),
    pub findings_after: (usize, usize),
    /// Findings of the old plan that the new one no longer has, and those it adds, as
    /// messages.
    pub findings_gone: Vec<String>,
    pub findings_new: Vec<String>,
}

impl PlanDiff {
    /// Whether nothing differs but perhaps the order of apps inside a wave.
    pub fn is_empty(&self) -> bool {
        self.removed.is_empty()
            && self.moves.is_empty()
            && self.pins.is_empty()
            && self.capacity.is_none()
            && self.waves.iter().all(|w| {
                w.from.is_some()
                    && !w.renamed
                    && !w.reordered
                    && !w.notes_changed
                    && !w.lock_changed
            })
    }

    /// `old` with the changes made: the new plan (apps inside a wave in another order,
    /// perhaps).
    pub fn apply(&self, old: &WavePlan) -> WavePlan {
        let n = old.app_count();
        let mut target: Vec<Option<usize>> = (0..n).map(|_| None).collect();
        let mut old_to_new: Vec<Option<usize>> = vec![None; old.wave_count()];
        for (nw, w) in self.waves.iter().enumerate() {
            if let Some(o) = w.from {
                old_to_new[o] = Some(nw);
            }
        }
        for (a, slot) in target.iter_mut().enumerate() {
            *slot = old.wave_of(a).and_then(|o| old_to_new[o]);
        }
        for m in &self.moves {
            target[m.app] = m.to;
        }
        let mut waves: Vec<PlannedWave> = self
            .waves
            .iter()
            .map(|w| PlannedWave {
                name: w.name.clone(),
                notes: w.notes.clone(),
                apps: Vec::new(),
                locked: w.locked,
            })
            .collect();
        // Apps that stay keep their old order; apps moved in follow.
        for (wave, new_place) in old.waves().iter().zip(&old_to_new) {
            for &a in &wave.apps {
                if let Some(t) = target[a]
                    && *new_place == Some(t)
                {
                    waves[t].apps.push(a);
                }
            }
        }
        for m in &self.moves {
            if let Some(t) = m.to {
                waves[t].apps.push(m.app);
            }
        }
        let capacity = self.capacity.map_or(*old.capacity(), |(_, new)| new);
        let mut plan = WavePlan::from_waves(n, capacity, waves);
        for a in 0..n {
            plan.set_pinned(a, old.is_pinned(a));
        }
        for &(a, on) in &self.pins {
            plan.set_pinned(a, on);
        }
        plan
    }
}

/// "+5" or "-3": how a figure changed.
pub fn signed(before: u64, after: u64) -> String {
    if after >= before {
        format!("+{}", after - before)
    } else {
        format!("-{}", before - after)
    }
}

/// The changes from `old` to `new`, both plans of the portfolio `scorer` scores.
pub fn diff(scorer: &Scorer<'_>, old: &WavePlan, new: &WavePlan) -> PlanDiff {
    let matched = match_waves(old, new);
    let before = analyze(scorer, old);
    let after = analyze(scorer, new);
    let (waves, removed) = wave_changes(old, new, &matched, &before, &after);
    let (moves, pins) = app_changes(old, new, &matched);
    let (gone, added) = finding_changes(scorer, old, &before, new, &after);
    PlanDiff {
        waves,
        removed,
        moves,
        pins,
        capacity: (old.capacity() != new.capacity()).then(|| (*old.capacity(), *new.capacity())),
        cost_before: before.hybrid.total,
        cost_after: after.hybrid.total,
        findings_before: (before.errors, before.warnings),
        findings_after: (after.errors, after.warnings),
        findings_gone: gone,
        findings_new: added,
    }
}

/// Each new wave with what changed in it, and the old waves no new wave is (`matched`: the
/// old wave of each new one).
fn wave_changes(
    old: &WavePlan,
    new: &WavePlan,
    matched: &[Option<usize>],
    before: &Analysis,
    after: &Analysis,
) -> (Vec<WaveEntry>, Vec<RemovedWave>) {
    // Reordered: matched waves off the longest run that keeps its order.
    let pairs: Vec<(usize, usize)> = matched
        .iter()
        .enumerate()
        .filter_map(|(n, o)| o.map(|o| (o, n)))
        .collect();
    let mut in_order = vec![false; new.wave_count()];
    for (_, nw) in longest_increasing(&pairs) {
        in_order[nw] = true;
    }
    let mut was_matched = vec![false; old.wave_count()];
    for &(o, _) in &pairs {
        was_matched[o] = true;
    }
    let waves = (0..new.wave_count())
        .map(|nw| {
            let wave = &new.waves()[nw];
            let from = matched[nw];
            let old_wave = from.map(|o| &old.waves()[o]);
            WaveEntry {
                from,
                old_label: from.map(|o| old.label(o)),
                label: new.label(nw),
                name: wave.name.clone(),
                notes: wave.notes.clone(),
                locked: wave.locked,
                renamed: old_wave.is_some_and(|ow| ow.name.trim() != wave.name.trim()),
                reordered: from.is_some() && !in_order[nw],
                notes_changed: old_wave.is_some_and(|ow| ow.notes != wave.notes),
                lock_changed: old_wave.is_some_and(|ow| ow.locked != wave.locked),
                cost_before: from.map(|o| before.hybrid.after_wave[o]),
                cost_after: after.hybrid.after_wave[nw],
            }
        })
        .collect();
    let removed = (0..old.wave_count())
        .filter(|&o| !was_matched[o])
        .map(|o| RemovedWave {
            wave: o,
            label: old.label(o),
            apps: old.waves()[o].apps.len(),
            cost_before: before.hybrid.after_wave[o],
        })
        .collect();
    (waves, removed)
}

/// The apps that changed wave (a matched wave is the same wave), and the pins set or taken off.
fn app_changes(
    old: &WavePlan,
    new: &WavePlan,
    matched: &[Option<usize>],
) -> (Vec<AppMove>, Vec<(AppIx, bool)>) {
    let mut moves = Vec::new();
    let mut pins = Vec::new();
    for a in 0..new.app_count() {
        let from = old.wave_of(a);
        let to = new.wave_of(a);
        let same = match (from, to) {
            (None, None) => true,
            (Some(o), Some(n)) => matched[n] == Some(o),
            _ => false,
        };
        if !same {
            moves.push(AppMove { app: a, from, to });
        }
        if old.is_pinned(a) != new.is_pinned(a) {
            pins.push((a, new.is_pinned(a)));
        }
    }
    (moves, pins)
}

/// Findings the new plan no longer has, and those it adds (messages in their own plan). A
/// finding is the same when it is of the same kind and names the same apps (for a wave over
/// capacity, the same wave label).
fn finding_changes(
    scorer: &Scorer<'_>,
    old: &WavePlan,
    before: &Analysis,
    new: &WavePlan,
    after: &Analysis,
) -> (Vec<String>, Vec<String>) {
    let key = |f: &Finding, plan: &WavePlan| -> String {
        let mut apps: Vec<&str> = f
            .apps(scorer.graph)
            .iter()
            .map(|&a| scorer.portfolio.apps[a].id.as_str())
            .collect();
        apps.sort_unstable();
        let wave = if apps.is_empty() {
            f.wave().map(|w| plan.label(w)).unwrap_or_default()
        } else {
            String::new()
        };
        format!("{}|{}|{wave}", f.code(), apps.join(","))
    };
    let message = |f: &Finding, plan: &WavePlan| f.message(scorer.portfolio, scorer.graph, plan);
    let old_keys: std::collections::HashSet<String> =
        before.findings.iter().map(|f| key(f, old)).collect();
    let new_keys: std::collections::HashSet<String> =
        after.findings.iter().map(|f| key(f, new)).collect();
    let gone = before
        .findings
        .iter()
        .filter(|f| !new_keys.contains(&key(f, old)))
        .map(|f| message(f, old))
        .collect();
    let added = after
        .findings
        .iter()
        .filter(|f| !old_keys.contains(&key(f, new)))
        .map(|f| message(f, new))
        .collect();
    (gone, added)
}

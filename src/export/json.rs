//! JSON: a documented, stable document (see "JSON output" in README.md): the portfolio summary,
//! the figures, the waves, every app with its scores and reasons, the edges and the findings.
//! Built from the explicit structs below so the schema only changes on purpose.

use std::io::{self, Write};

use serde::Serialize;

use super::{Report, one_line};
use crate::analysis::Placement;
use crate::diagnostic::Severity;
use crate::score::Score;

/// The value of the `schema` field.
pub const SCHEMA: &str = "waveplan-export";
/// The value of the `version` field; it grows when a field changes meaning or goes away
/// (new fields may be added without a new version).
pub const VERSION: u32 = 2;

/// The whole document.
#[derive(Debug, Clone, Serialize)]
pub struct Document {
    pub schema: &'static str,
    pub version: u32,
    pub portfolio: PortfolioSummary,
    /// The plan file, `null` for a plan not read from a file.
    pub plan_file: Option<String>,
    /// The capacity the plan is judged by.
    pub capacity: crate::model::Capacity,
    pub figures: Figures,
    pub waves: Vec<WaveEntry>,
    pub apps: Vec<AppEntry>,
    pub edges: Vec<EdgeEntry>,
    pub findings: Vec<FindingEntry>,
}

#[derive(Debug, Clone, Serialize)]
pub struct PortfolioSummary {
    pub name: String,
    pub file: String,
    pub apps: usize,
    pub edges: usize,
    pub movable: usize,
    pub never_moving: usize,
    /// Apps that call each other and should move together, each group sorted by id.
    pub cycle_groups: Vec<Vec<String>>,
    /// Apps that move in one wave (joined by hard dependencies or in one cycle group), each
    /// group sorted by id.
    pub move_groups: Vec<Vec<String>>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Figures {
    pub apps_planned: usize,
    pub movable: usize,
    pub waves: usize,
    pub errors: usize,
    pub warnings: usize,
    pub hybrid_cost: HybridCostFigures,
}

#[derive(Debug, Clone, Serialize)]
pub struct HybridCostFigures {
    /// The plan's hybrid cost: the sum of `per_wave`.
    pub total: u64,
    /// Weighted links between platform and legacy after each wave.
    pub per_wave: Vec<u64>,
    /// Number of those links after each wave.
    pub links_per_wave: Vec<usize>,
}

#[derive(Debug, Clone, Serialize)]
pub struct WaveEntry {
    /// 1-based position.
    pub number: usize,
    /// The name as written in the plan (may be empty).
    pub name: String,
    /// The name shown: `name`, or "Wave N" when it is empty.
    pub label: String,
    pub notes: Option<String>,
    /// App ids in the wave's order.
    pub apps: Vec<String>,
    /// Committed or done: re-planning keeps it as it is.
    pub locked: bool,
    /// Apps of the wave that re-planning keeps in it.
    pub pinned: Vec<String>,
    pub figures: WaveFigures,
}

#[derive(Debug, Clone, Serialize)]
pub struct WaveFigures {
    pub apps: usize,
    pub stateful: usize,
    pub hybrid_links: usize,
    pub hybrid_cost: u64,
    /// Mean ease of the wave's apps, to one decimal (0 for an empty wave).
    pub mean_ease: f64,
}

#[derive(Debug, Clone, Serialize)]
pub struct AppEntry {
    pub id: String,
    pub name: String,
    pub owner: Option<String>,
    pub kind: &'static str,
    pub hosting: &'static str,
    pub strategy: &'static str,
    pub state: &'static str,
    pub data_gb: f64,
    pub criticality: &'static str,
    pub legacy: bool,
    pub tags: Vec<String>,
    pub movable: bool,
    /// `wave`, `unplanned` or `never-moves`.
    pub placement: &'static str,
    /// 1-based wave, `null` for an app in no wave.
    pub wave: Option<usize>,
    /// The 1-based wave the scores are computed for: the app's wave, or the one after the
    /// last for an app in no wave.
    pub scored_wave: usize,
    pub ease: u32,
    pub coupling: ScoreEntry,
    pub statefulness: ScoreEntry,
    pub risk: ScoreEntry,
    /// Dependency edges of the app whose other end is still on the legacy estate when the app
    /// moves (at `scored_wave`).
    pub hybrid_links: usize,
    /// The worst finding naming the app: `error`, `warning` or `null`.
    pub mark: Option<Severity>,
}

#[derive(Debug, Clone, Serialize)]
pub struct ScoreEntry {
    /// The score, 0..100.
    pub value: u32,
    /// The sum of the reasons' points before the clamp to 100.
    pub points: u32,
    pub reasons: Vec<ReasonEntry>,
}

#[derive(Debug, Clone, Serialize)]
pub struct ReasonEntry {
    pub points: u32,
    pub text: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct EdgeEntry {
    /// The app that needs `to`.
    pub from: String,
    pub to: String,
    pub via: &'static str,
    /// The two cannot work apart across the hybrid link.
    pub hard: bool,
}

#[derive(Debug, Clone, Serialize)]
pub struct FindingEntry {
    pub code: &'static str,
    pub severity: Severity,
    pub message: String,
    pub apps: Vec<String>,
    /// 1-based wave the finding is about, if one.
    pub wave: Option<usize>,
}

fn text(raw: &str) -> String {
    one_line(raw).into_owned()
}

fn score(s: &Score) -> ScoreEntry {
    ScoreEntry {
        value: s.value,
        points: s.points,
        reasons: s
            .reasons
            .iter()
            .map(|r| ReasonEntry {
                points: r.points,
                text: text(&r.text),
            })
            .collect(),
    }
}

/// The document of `report`.
pub fn document(report: &Report<'_>) -> Document {
    let p = report.portfolio;
    let g = report.graph;
    let a = report.analysis;
    let ids =
        |apps: &[usize]| -> Vec<String> { apps.iter().map(|&x| text(&p.apps[x].id)).collect() };
    let portfolio = PortfolioSummary {
        name: text(&p.name),
        file: text(report.portfolio_file),
        apps: p.apps.len(),
        edges: g.edge_count(),
        movable: a.movable,
        never_moving: p.apps.len().saturating_sub(a.movable),
        cycle_groups: g.cycle_groups().iter().map(|c| ids(&c.members)).collect(),
        move_groups: g.move_groups().iter().map(|m| ids(m)).collect(),
    };
    let figures = Figures {
        apps_planned: a.planned,
        movable: a.movable,
        waves: report.plan.wave_count(),
        errors: a.errors,
        warnings: a.warnings,
        hybrid_cost: HybridCostFigures {
            total: a.hybrid.total,
            per_wave: a.hybrid.after_wave.clone(),
            links_per_wave: a.hybrid.links_after.clone(),
        },
    };
    let waves = report
        .plan
        .waves()
        .iter()
        .enumerate()
        .map(|(w, wave)| {
            let f = a.waves.get(w);
            WaveEntry {
                number: w + 1,
                name: text(&wave.name),
                label: text(&report.plan.label(w)),
                notes: wave.notes.as_deref().map(text),
                apps: ids(&wave.apps),
                locked: wave.locked,
                pinned: ids(&wave
                    .apps
                    .iter()
                    .copied()
                    .filter(|&x| report.plan.is_pinned(x))
                    .collect::<Vec<_>>()),
                figures: WaveFigures {
                    apps: wave.apps.len(),
                    stateful: f.map_or(0, |f| f.stateful),
                    hybrid_links: f.map_or(0, |f| f.hybrid_links),
                    hybrid_cost: f.map_or(0, |f| f.hybrid_cost),
                    mean_ease: f.map_or(0.0, |f| (f.mean_ease * 10.0).round() / 10.0),
                },
            }
        })
        .collect();
    let apps = report
        .apps_in_order()
        .into_iter()
        .map(|x| {
            let app = &p.apps[x];
            let card = report.card(x);
            let (placement, wave) = match report.placement(x) {
                Placement::Wave(w) => ("wave", Some(w + 1)),
                Placement::Unplanned => ("unplanned", None),
                Placement::NeverMoves => ("never-moves", None),
            };
            AppEntry {
                id: text(&app.id),
                name: text(app.display_name()),
                owner: app.owner.as_deref().map(text),
                kind: app.kind.as_str(),
                hosting: app.hosting.as_str(),
                strategy: app.strategy.as_str(),
                state: app.state.as_str(),
                data_gb: app.data_gb,
                criticality: app.criticality.as_str(),
                legacy: app.legacy,
                tags: app.tags.iter().map(|t| text(t)).collect(),
                movable: g.is_movable(x),
                placement,
                wave,
                scored_wave: report.boundary(x).wave as usize + 1,
                ease: card.ease,
                coupling: score(&card.coupling),
                statefulness: score(&card.statefulness),
                risk: score(&card.risk),
                hybrid_links: report.hybrid_links(x).len(),
                mark: a.marks.get(x).copied().flatten(),
            }
        })
        .collect();
    let edges = g
        .edges()
        .iter()
        .map(|e| EdgeEntry {
            from: text(&p.apps[e.from].id),
            to: text(&p.apps[e.to].id),
            via: e.via.as_str(),
            hard: e.hard,
        })
        .collect();
    let findings = a
        .findings
        .iter()
        .map(|f| FindingEntry {
            code: f.code(),
            severity: f.severity,
            message: text(&f.message(p, g, report.plan)),
            apps: ids(&f.apps(g)),
            wave: f.wave().map(|w| w + 1),
        })
        .collect();
    Document {
        schema: SCHEMA,
        version: VERSION,
        portfolio,
        plan_file: report.plan_file.map(text),
        capacity: *report.plan.capacity(),
        figures,
        waves,
        apps,
        edges,
        findings,
    }
}

/// Write the document, pretty-printed, with a final newline.
pub fn write(report: &Report<'_>, out: &mut dyn Write) -> io::Result<()> {
    serde_json::to_writer_pretty(&mut *out, &document(report))?;
    out.write_all(b"\n")
}

//! The Markdown report for a steering committee: the figures, why the first wave goes first,
//! each wave as a table with what it needs to be ready, the findings, and the apps left behind.

use std::fmt::Write as _;
use std::io::{self, Write};

use super::{Report, one_line};
use crate::analysis::Placement;
use crate::graph::AppIx;
use crate::model::App;
use crate::number::thousands;
use crate::score::{Reason, ScoreCard};

/// How many apps a readiness line names before "and N more".
const NAMES_SHOWN: usize = 12;

/// Text as Markdown inline content on one line: control characters go, line breaks become
/// spaces, and every character that could start markup (emphasis, code, links, HTML, table
/// pipes, headings, lists, quotes, math) is backslash-escaped.
pub fn text(raw: &str) -> String {
    let line = one_line(raw);
    let line = line.trim();
    let mut out = String::with_capacity(line.len() + 8);
    let mut chars = line.chars().peekable();
    let mut at_start = true;
    while let Some(c) = chars.next() {
        match c {
            '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '|' | '~' | '#' | '$' => {
                out.push('\\');
                out.push(c);
            }
            '&' if chars
                .peek()
                .is_some_and(|n| n.is_ascii_alphanumeric() || *n == '#') =>
            {
                out.push_str("\\&");
            }
            // A leading list marker, setext underline or thematic break.
            '-' | '+' | '=' if at_start => {
                out.push('\\');
                out.push(c);
            }
            // "1. " or "1) " at the start would open an ordered list.
            '0'..='9' if at_start => {
                out.push(c);
                while let Some(&d) = chars.peek().filter(|d| d.is_ascii_digit()) {
                    out.push(d);
                    chars.next();
                }
                if let Some(&m) = chars.peek().filter(|m| matches!(m, '.' | ')')) {
                    out.push('\\');
                    out.push(m);
                    chars.next();
                }
            }
            c => out.push(c),
        }
        at_start = false;
    }
    out
}

/// An app id as a code span when it is a plain id (as validation guarantees), else as text.
pub fn id(raw: &str) -> String {
    let plain = !raw.is_empty()
        && raw
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-'));
    if plain { format!("`{raw}`") } else { text(raw) }
}

/// The app as a table cell or list entry: its id, and its name when it has one of its own.
fn app_cell(app: &App) -> String {
    match app.name.as_deref().map(text) {
        Some(name) if !name.is_empty() && name != app.id => format!("{} {name}", id(&app.id)),
        _ => id(&app.id),
    }
}

fn owner_cell(app: &App) -> String {
    match app.owner.as_deref().map(text) {
        Some(owner) if !owner.is_empty() => owner,
        _ => "*none*".to_string(),
    }
}

/// "`a`, `b`, `c` and 4 more".
fn id_list(report: &Report<'_>, apps: &[AppIx]) -> String {
    let mut parts: Vec<String> = apps
        .iter()
        .take(NAMES_SHOWN)
        .map(|&a| id(report.id(a)))
        .collect();
    if apps.len() > NAMES_SHOWN {
        parts.push(format!("and {} more", apps.len() - NAMES_SHOWN));
    }
    parts.join(", ")
}

fn format_gb(gb: f64) -> String {
    crate::number::data_size(gb)
}

/// The heading label of wave `w`: "Wave 2", or "Wave 2: Checkout" when it has a name.
fn wave_heading(report: &Report<'_>, w: usize) -> String {
    let label = report.plan.label(w);
    let number = format!("Wave {}", w + 1);
    if label == number {
        number
    } else {
        format!("{number}: {}", text(&label))
    }
}

/// Write the report.
pub fn write(report: &Report<'_>, out: &mut dyn Write) -> io::Result<()> {
    let mut s = String::with_capacity(8192 + report.portfolio.apps.len() * 200);
    title(report, &mut s);
    figures(report, &mut s);
    why_first(report, &mut s);
    waves(report, &mut s);
    findings(report, &mut s);
    unplanned(report, &mut s);
    never_moving(report, &mut s);
    out.write_all(s.as_bytes())
}

fn title(report: &Report<'_>, s: &mut String) {
    let name = text(&report.portfolio.name);
    let name = if name.is_empty() {
        "unnamed portfolio".to_string()
    } else {
        name
    };
    let _ = writeln!(s, "# Migration plan: {name}\n");
    let plan = match report.plan_file {
        Some(f) => format!("plan {}", text(f)),
        None => "a plan not saved to a file".to_string(),
    };
    let _ = writeln!(s, "Portfolio {}, {plan}.\n", text(report.portfolio_file));
}

fn figures(report: &Report<'_>, s: &mut String) {
    let a = report.analysis;
    let apps = report.portfolio.apps.len();
    let _ = writeln!(s, "## Figures\n");
    let _ = writeln!(s, "| figure | value |\n|---|---|");
    let n = |k: usize| thousands(k as u64);
    let _ = writeln!(
        s,
        "| apps planned | {} of {} movable |",
        n(a.planned),
        n(a.movable)
    );
    let _ = writeln!(s, "| waves | {} |", n(report.plan.wave_count()));
    let _ = writeln!(s, "| hybrid cost | {} |", thousands(a.hybrid.total));
    let _ = writeln!(s, "| errors | {} |", n(a.errors));
    let _ = writeln!(s, "| warnings | {} |", n(a.warnings));
    let _ = writeln!(
        s,
        "| apps in the portfolio | {} ({} never move) |",
        n(apps),
        n(apps.saturating_sub(a.movable))
    );
    let _ = writeln!(s, "| dependencies | {} |", n(report.graph.edge_count()));
    let _ = writeln!(
        s,
        "| cycle groups | {} |",
        n(report.graph.cycle_groups().len())
    );
    s.push('\n');
    if a.waves.is_empty() {
        return;
    }
    let link_waves: usize = a.waves.iter().map(|f| f.hybrid_links).sum();
    let _ = writeln!(
        s,
        "Hybrid cost: after each wave, the weighted links between apps on the platform and apps \
         still on the legacy estate; the plan's cost is their sum. Lower is better. It is counted \
         in link-waves: each open hybrid link counts (by its weight) once for every wave it stays \
         open, so a wave that moves nothing still adds the links open after it. This plan keeps \
         {} link-waves open in all.\n",
        thousands(link_waves as u64)
    );
    chart(report, s);
    let _ = writeln!(
        s,
        "| wave | apps | stateful | hybrid links | hybrid cost | mean ease |\n\
         |---|---:|---:|---:|---:|---:|"
    );
    for (w, f) in a.waves.iter().enumerate() {
        let _ = writeln!(
            s,
            "| {} | {} | {} | {} | {} | {:.1} |",
            wave_heading(report, w),
            n(f.apps),
            n(f.stateful),
            n(f.hybrid_links),
            thousands(f.hybrid_cost),
            f.mean_ease
        );
    }
    let _ = writeln!(
        s,
        "| total | {} | | {} | {} | |\n",
        n(a.planned),
        n(link_waves),
        thousands(a.hybrid.total)
    );
}

/// The hybrid cost and the open hybrid links after each wave, as a Mermaid chart (bars: the
/// cost; line: the links).
fn chart(report: &Report<'_>, s: &mut String) {
    let a = report.analysis;
    // Waves by number: the table above names them, and no portfolio text enters the chart.
    let labels: Vec<String> = (1..=a.waves.len()).map(|w| format!("\"{w}\"")).collect();
    let costs: Vec<String> = a.waves.iter().map(|f| f.hybrid_cost.to_string()).collect();
    let links: Vec<String> = a.waves.iter().map(|f| f.hybrid_links.to_string()).collect();
    let top = a
        .waves
        .iter()
        .map(|f| f.hybrid_cost.max(f.hybrid_links as u64))
        .max()
        .unwrap_or(0)
        .max(1);
    let _ = writeln!(
        s,
        "```mermaid\nxychart-beta\n    title \"Hybrid cost (bars) and open hybrid links (line) after each wave\"\n    \
         x-axis [{}]\n    y-axis \"after the wave\" 0 --> {top}\n    bar [{}]\n    line [{}]\n```\n",
        labels.join(", "),
        costs.join(", "),
        links.join(", ")
    );
}

/// Which score a main reason belongs to.
fn reason_score(card: &ScoreCard, reason: &Reason) -> &'static str {
    if card.coupling.reasons.contains(reason) {
        "coupling"
    } else if card.statefulness.reasons.contains(reason) {
        "statefulness"
    } else {
        "risk"
    }
}

fn why_first(report: &Report<'_>, s: &mut String) {
    let Some(pilot) = report.plan.waves().first() else {
        return;
    };
    let _ = writeln!(s, "## Why these apps first\n");
    if pilot.apps.is_empty() {
        let _ = writeln!(s, "The first wave holds no apps yet.\n");
        return;
    }
    let _ = writeln!(
        s,
        "The first wave ({}) holds the apps whose move costs least now. Ease is 100 minus the \
         weighted coupling, statefulness and risk; after each app, what still costs it ease, \
         in points of each score:\n",
        wave_heading(report, 0)
    );
    for &a in &pilot.apps {
        let card = report.card(a);
        let reasons = report.scorer.main_reasons(&card, 3);
        let app = &report.portfolio.apps[a];
        if reasons.is_empty() {
            let _ = writeln!(
                s,
                "- {}: ease {}; no dependency crosses the boundary, stateless, low risk.",
                app_cell(app),
                card.ease
            );
        } else {
            let costs: Vec<String> = reasons
                .iter()
                .map(|r| format!("{} {}: {}", reason_score(&card, r), r.points, text(&r.text)))
                .collect();
            let _ = writeln!(
                s,
                "- {}: ease {}; {}.",
                app_cell(app),
                card.ease,
                costs.join("; ")
            );
        }
    }
    s.push('\n');
}

fn waves(report: &Report<'_>, s: &mut String) {
    let _ = writeln!(s, "## Waves\n");
    if report.plan.wave_count() == 0 {
        let _ = writeln!(s, "The plan has no waves yet.\n");
        return;
    }
    for (w, wave) in report.plan.waves().iter().enumerate() {
        let _ = writeln!(s, "### {}\n", wave_heading(report, w));
        if let Some(notes) = wave.notes.as_deref().map(text).filter(|n| !n.is_empty()) {
            let _ = writeln!(s, "Notes: {notes}\n");
        }
        if wave.apps.is_empty() {
            let _ = writeln!(s, "No apps yet.\n");
            continue;
        }
        if let Some(f) = report.analysis.waves.get(w) {
            let _ = writeln!(
                s,
                "{} apps, {} stateful, mean ease {:.1}. After this wave {} hybrid links remain, \
                 costing {}.\n",
                f.apps, f.stateful, f.mean_ease, f.hybrid_links, f.hybrid_cost
            );
        }
        let _ = writeln!(
            s,
            "| app | owner | ease | coupling | statefulness | hybrid links |\n\
             |---|---|---:|---:|---:|---:|"
        );
        for &a in &wave.apps {
            let app = &report.portfolio.apps[a];
            let sc = report.analysis.scores[a];
            let _ = writeln!(
                s,
                "| {} | {} | {} | {} | {} | {} |",
                app_cell(app),
                owner_cell(app),
                sc.ease,
                sc.coupling,
                sc.statefulness,
                report.hybrid_links(a).len()
            );
        }
        s.push('\n');
        readiness(report, w, s);
    }
}

fn readiness(report: &Report<'_>, w: usize, s: &mut String) {
    let apps = &report.plan.waves()[w].apps;
    let portfolio = &report.portfolio.apps;
    let mut lines = Vec::new();
    let stateful: Vec<String> = apps
        .iter()
        .filter(|&&a| report.plan.capacity().is_stateful(&portfolio[a]))
        .map(|&a| {
            let app = &portfolio[a];
            if app.data_gb > 0.0 && app.data_gb.is_finite() {
                format!(
                    "{} ({}, {})",
                    id(&app.id),
                    app.state,
                    format_gb(app.data_gb)
                )
            } else {
                format!("{} ({})", id(&app.id), app.state)
            }
        })
        .collect();
    if !stateful.is_empty() {
        lines.push(format!(
            "Storage, backup and recovery plan: {}",
            stateful.join(", ")
        ));
    }
    let compliance: Vec<String> = apps
        .iter()
        .filter_map(|&a| {
            let tags: Vec<String> = portfolio[a].compliance_tags().map(text).collect();
            (!tags.is_empty()).then(|| format!("{} ({})", id(&portfolio[a].id), tags.join(", ")))
        })
        .collect();
    if !compliance.is_empty() {
        lines.push(format!("Compliance sign-off: {}", compliance.join(", ")));
    }
    let no_owner: Vec<AppIx> = apps
        .iter()
        .copied()
        .filter(|&a| {
            portfolio[a]
                .owner
                .as_deref()
                .is_none_or(|o| o.trim().is_empty())
        })
        .collect();
    if !no_owner.is_empty() {
        lines.push(format!(
            "No owning team yet: {}",
            id_list(report, &no_owner)
        ));
    }
    if w == 0 {
        // What the pilot rule asks beyond the lines above.
        let cap = report.plan.capacity();
        let above: Vec<String> = apps
            .iter()
            .filter(|&&a| portfolio[a].criticality > cap.pilot_max_criticality)
            .map(|&a| format!("{} ({})", id(&portfolio[a].id), portfolio[a].criticality))
            .collect();
        if !above.is_empty() {
            lines.push(format!(
                "Above the pilot's criticality (up to {}): {}",
                cap.pilot_max_criticality,
                above.join(", ")
            ));
        }
        let legacy: Vec<AppIx> = apps
            .iter()
            .copied()
            .filter(|&a| portfolio[a].legacy)
            .collect();
        if !legacy.is_empty() {
            lines.push(format!("Flagged legacy: {}", id_list(report, &legacy)));
        }
    }
    let mut open: Vec<String> = Vec::new();
    for f in &report.analysis.findings {
        if let crate::analysis::FindingKind::HardDependencyAcrossBoundary { from, to, .. } = f.kind
        {
            let (here, there) = match (report.plan.wave_of(from), report.plan.wave_of(to)) {
                (Some(x), _) if x == w => (from, to),
                (_, Some(y)) if y == w => (to, from),
                _ => continue,
            };
            let place = match report.placement(there) {
                Placement::Wave(t) => format!("in {}", report.plan.label(t)),
                other => other.describe(report.plan),
            };
            open.push(format!(
                "{} with {} ({})",
                id(&portfolio[here].id),
                id(&portfolio[there].id),
                text(&place)
            ));
        }
    }
    if !open.is_empty() {
        let shown = open.len().min(NAMES_SHOWN);
        let more = open.len() - shown;
        lines.push(format!(
            "Hard dependencies left open (a direct database connection or shared files across the boundary): {}{}",
            open[..shown].join(", "),
            if more > 0 {
                format!(", and {more} more")
            } else {
                String::new()
            }
        ));
    }
    let partners = report.never_moving_partners(w);
    if !partners.is_empty() {
        let parts: Vec<String> = partners
            .iter()
            .map(|(p, coupled)| {
                let why = portfolio[*p].never_moves_because().unwrap_or("never moves");
                format!(
                    "{} ({why}) with {}",
                    id(report.id(*p)),
                    id_list(report, coupled)
                )
            })
            .collect();
        lines.push(format!(
            "Permanent hybrid links to apps that never move: {}",
            parts.join("; ")
        ));
    }
    let _ = writeln!(s, "Readiness:\n");
    if lines.is_empty() {
        let _ = writeln!(
            s,
            "- Nothing extra to prepare: no data to move, owned, no compliance tags, no hard \
             dependency left open, no link to an app that never moves{}.",
            if w == 0 {
                ", within the pilot's criticality, nothing flagged legacy"
            } else {
                ""
            }
        );
    }
    for line in lines {
        let _ = writeln!(s, "- {line}");
    }
    s.push('\n');
}

fn findings(report: &Report<'_>, s: &mut String) {
    let a = report.analysis;
    let _ = writeln!(s, "## Findings\n");
    if a.findings.is_empty() {
        let _ = writeln!(s, "None.\n");
        return;
    }
    let _ = writeln!(s, "{} errors, {} warnings.\n", a.errors, a.warnings);
    for f in &a.findings {
        let severity = match f.severity {
            crate::diagnostic::Severity::Error => "error",
            crate::diagnostic::Severity::Warning => "warning",
        };
        let _ = writeln!(
            s,
            "- **{severity}** ({}): {}",
            f.code(),
            text(&f.message(report.portfolio, report.graph, report.plan))
        );
    }
    s.push('\n');
}

fn unplanned(report: &Report<'_>, s: &mut String) {
    let apps = report.unplanned();
    if apps.is_empty() {
        return;
    }
    let _ = writeln!(s, "## Unplanned apps\n");
    let _ = writeln!(
        s,
        "Movable apps in no wave: they stay on the legacy estate. Scores as if they joined the \
         wave after the last.\n"
    );
    let _ = writeln!(
        s,
        "| app | owner | ease | coupling | statefulness | state |\n\
         |---|---|---:|---:|---:|---|"
    );
    for a in apps {
        let app = &report.portfolio.apps[a];
        let sc = report.analysis.scores[a];
        let _ = writeln!(
            s,
            "| {} | {} | {} | {} | {} | {} |",
            app_cell(app),
            owner_cell(app),
            sc.ease,
            sc.coupling,
            sc.statefulness,
            app.state
        );
    }
    s.push('\n');
}

fn never_moving(report: &Report<'_>, s: &mut String) {
    let apps = report.never_moving();
    if apps.is_empty() {
        return;
    }
    let _ = writeln!(s, "## Apps that never move\n");
    let _ = writeln!(
        s,
        "Everything coupled to these keeps a permanent hybrid link.\n"
    );
    let _ = writeln!(
        s,
        "| app | owner | why | permanent hybrid links |\n|---|---|---|---:|"
    );
    let g = report.graph;
    for a in apps {
        let app = &report.portfolio.apps[a];
        let links = g
            .outgoing(a)
            .map(|e| e.to)
            .chain(g.incoming(a).map(|e| e.from))
            .filter(|&p| g.is_movable(p))
            .count();
        let _ = writeln!(
            s,
            "| {} | {} | {} | {links} |",
            app_cell(app),
            owner_cell(app),
            app.never_moves_because().unwrap_or("never moves")
        );
    }
    s.push('\n');
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_escapes_markup() {
        assert_eq!(text("a|b"), "a\\|b");
        assert_eq!(text("# title"), "\\# title");
        assert_eq!(text("- item"), "\\- item");
        assert_eq!(text("web-team"), "web-team");
        assert_eq!(text("1. first"), "1\\. first");
        assert_eq!(text("10) x"), "10\\) x");
        assert_eq!(text("Wave 2. later"), "Wave 2. later");
        assert_eq!(text("<script>"), "\\<script\\>");
        assert_eq!(text("`x` *y* _z_"), "\\`x\\` \\*y\\* \\_z\\_");
        assert_eq!(text("a\nb\u{1b}[31m"), "a b\\[31m");
        assert_eq!(text("R&D &amp; a & b"), "R\\&D \\&amp; a & b");
        assert_eq!(text("c:\\dir"), "c:\\\\dir");
        assert_eq!(text("  padded  "), "padded");
    }

    #[test]
    fn ids_are_code_spans() {
        assert_eq!(id("orders-db"), "`orders-db`");
        assert_eq!(id("a`b"), "a\\`b");
    }
}

//! `waveplan diff`: what changed between two plans of a portfolio, as a table, Markdown or
//! JSON. A plan is a file, or `git:REV` (the portfolio's plan file at a git revision, read
//! through the `git` command) or `git:REV:PATH`.

use std::fmt::Write as _;
use std::io::Read as _;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use waveplan::analysis::WavePlan;
use waveplan::analysis::diff::{PlanDiff, diff, signed};
use waveplan::diagnostic::printable;
use waveplan::score::Scorer;

use super::{Failure, emit, read_portfolio, shown};

/// Output formats of `diff`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum DiffFormat {
    Table,
    Md,
    Json,
}

pub fn run(
    portfolio: &Path,
    old: &str,
    new: &str,
    weights: Option<&Path>,
    format: DiffFormat,
) -> Result<u8, Failure> {
    let source = read_portfolio(Some(portfolio))?;
    let weights = match weights {
        Some(p) => waveplan::score::Weights::load(p)?,
        None => waveplan::score::Weights::default(),
    };
    let graph =
        waveplan::graph::DependencyGraph::build_resolved(&source.portfolio, &source.targets);
    let (old_plan, old_name) = read_side(old, portfolio, &source.portfolio, &graph)?;
    let (new_plan, new_name) = read_side(new, portfolio, &source.portfolio, &graph)?;
    let scorer = Scorer::new(&source.portfolio, &graph, &weights);
    let d = diff(&scorer, &old_plan, &new_plan);
    let text = match format {
        DiffFormat::Table => table(&scorer, &d, &old_plan, &new_plan, &old_name, &new_name),
        DiffFormat::Md => markdown(&scorer, &d, &old_plan, &new_plan, &old_name, &new_name),
        DiffFormat::Json => json(&scorer, &d, &old_plan, &new_plan, &old_name, &new_name),
    };
    emit(None, text.as_bytes())?;
    Ok(0)
}

/// Read one side: a plan file, or a plan file at a git revision.
fn read_side(
    spec: &str,
    portfolio_path: &Path,
    portfolio: &waveplan::model::Portfolio,
    graph: &waveplan::graph::DependencyGraph,
) -> Result<(WavePlan, String), Failure> {
    let (text, name) = match spec.strip_prefix("git:") {
        Some(rest) => {
            let (rev, path) = match rest.split_once(':') {
                Some((rev, path)) => (rev, PathBuf::from(path)),
                None => (
                    rest,
                    waveplan::load::default_plan_path(Some(portfolio_path)),
                ),
            };
            if path.as_os_str().is_empty() {
                return Err(Failure::Usage(format!(
                    "{}: give the file's path after the second colon (git:HEAD:plans/retail.plan.ron), or leave the colon out for the portfolio's plan file",
                    printable(spec)
                )));
            }
            if rev.is_empty() || rev.starts_with('-') {
                return Err(Failure::Usage(format!(
                    "{}: give a git revision, as in git:HEAD or git:main~2",
                    printable(spec)
                )));
            }
            (
                git_show(rev, &path)?,
                format!("{} at {rev}", path.display()),
            )
        }
        None => {
            let path = Path::new(spec);
            (waveplan::load::read_text(path)?, spec.to_string())
        }
    };
    let loaded = waveplan::load::plan_from_str(&text, &name, portfolio)?;
    Ok((WavePlan::from_plan(&loaded.value, graph), name))
}

/// The file at `path` as it is at revision `rev`, through `git show`.
fn git_show(rev: &str, path: &Path) -> Result<String, Failure> {
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let file = path
        .file_name()
        .map(|f| f.to_string_lossy().into_owned())
        .unwrap_or_default();
    let cannot_run = |e: std::io::Error| {
        Failure::Usage(format!("cannot run git to read {rev}:{}: {e}", shown(path)))
    };
    let mut child = Command::new("git")
        .arg("-C")
        .arg(&dir)
        .arg("show")
        .arg(format!("{rev}:./{file}"))
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(cannot_run)?;
    // What git says goes on a thread of its own, so that neither pipe can fill and stall it;
    // only its beginning is kept.
    let stderr = child.stderr.take();
    let why = std::thread::spawn(move || {
        let mut kept = Vec::new();
        if let Some(mut stderr) = stderr {
            let _ = (&mut stderr).take(64 * 1024).read_to_end(&mut kept);
            let _ = std::io::copy(&mut stderr, &mut std::io::sink());
        }
        kept
    });
    let read = match child.stdout.take() {
        Some(stdout) => waveplan::load::read::read_capped(stdout, waveplan::load::MAX_FILE_BYTES),
        None => Ok(Some(Vec::new())),
    };
    if !matches!(read, Ok(Some(_))) {
        let _ = child.kill();
    }
    let status = child.wait().map_err(cannot_run)?;
    let why = why.join().unwrap_or_default();
    let name = format!("{} at {rev}", path.display());
    let bytes = match read {
        Ok(Some(bytes)) => bytes,
        Ok(None) => {
            return Err(Failure::Usage(format!(
                "{}: more than {} MB; waveplan reads files up to {} MB",
                printable(&name),
                waveplan::load::MAX_FILE_BYTES / (1024 * 1024),
                waveplan::load::MAX_FILE_BYTES / (1024 * 1024)
            )));
        }
        Err(e) => return Err(cannot_run(e)),
    };
    if !status.success() {
        let why = String::from_utf8_lossy(&why);
        return Err(Failure::Usage(format!(
            "git cannot give {} at {rev}: {}",
            shown(path),
            printable(why.trim())
        )));
    }
    Ok(waveplan::load::text_from_bytes(bytes, &name)?)
}

fn table(
    scorer: &Scorer<'_>,
    d: &PlanDiff,
    old: &WavePlan,
    new: &WavePlan,
    old_name: &str,
    new_name: &str,
) -> String {
    let l = d.describe(scorer, old, new);
    let mut out = format!("{} → {}\n", printable(old_name), printable(new_name));
    if d.is_empty() {
        out.push_str("  no changes\n");
    }
    for (title, items) in [
        ("capacity", &l.capacity),
        ("waves", &l.waves),
        ("apps moved", &l.apps),
        ("pins", &l.pins),
    ] {
        if items.is_empty() {
            continue;
        }
        let _ = writeln!(out, "  {title} ({}):", items.len());
        for item in items {
            let _ = writeln!(out, "    {item}");
        }
    }
    let _ = writeln!(
        out,
        "  hybrid cost   {} → {} ({})",
        d.cost_before,
        d.cost_after,
        signed(d.cost_before, d.cost_after)
    );
    for w in &d.waves {
        let _ = writeln!(
            out,
            "    after {:<20} {} → {}",
            printable(&w.label),
            w.cost_before.map_or("-".to_string(), |c| c.to_string()),
            w.cost_after
        );
    }
    for r in &d.removed {
        let _ = writeln!(
            out,
            "    after {:<20} {} → - (removed)",
            printable(&r.label),
            r.cost_before
        );
    }
    let _ = writeln!(
        out,
        "  findings      {} errors, {} warnings → {} errors, {} warnings",
        d.findings_before.0, d.findings_before.1, d.findings_after.0, d.findings_after.1
    );
    for f in &d.findings_gone {
        let _ = writeln!(out, "    - {}", printable(f));
    }
    for f in &d.findings_new {
        let _ = writeln!(out, "    + {}", printable(f));
    }
    out
}

fn markdown(
    scorer: &Scorer<'_>,
    d: &PlanDiff,
    old: &WavePlan,
    new: &WavePlan,
    old_name: &str,
    new_name: &str,
) -> String {
    let md = |s: &str| waveplan::export::md::text(s);
    let l = d.describe(scorer, old, new);
    let mut out = format!("# Plan changes\n\n{} → {}\n\n", md(old_name), md(new_name));
    if d.is_empty() {
        out.push_str("No changes.\n\n");
    }
    for (title, items) in [
        ("Capacity", &l.capacity),
        ("Waves", &l.waves),
        ("Apps moved", &l.apps),
        ("Pins", &l.pins),
    ] {
        if items.is_empty() {
            continue;
        }
        let _ = writeln!(out, "## {title}\n");
        for item in items {
            let _ = writeln!(out, "- {}", md(item));
        }
        out.push('\n');
    }
    let _ = writeln!(
        out,
        "## Hybrid cost\n\n{} → {} ({})\n\n| after wave | before | after |\n|---|---:|---:|",
        d.cost_before,
        d.cost_after,
        signed(d.cost_before, d.cost_after)
    );
    for w in &d.waves {
        let _ = writeln!(
            out,
            "| {} | {} | {} |",
            md(&w.label),
            w.cost_before.map_or("–".to_string(), |c| c.to_string()),
            w.cost_after
        );
    }
    let _ = writeln!(
        out,
        "\n## Findings\n\n{} errors, {} warnings → {} errors, {} warnings\n",
        d.findings_before.0, d.findings_before.1, d.findings_after.0, d.findings_after.1
    );
    for f in &d.findings_gone {
        let _ = writeln!(out, "- resolved: {}", md(f));
    }
    for f in &d.findings_new {
        let _ = writeln!(out, "- new: {}", md(f));
    }
    out
}

fn json(
    scorer: &Scorer<'_>,
    d: &PlanDiff,
    old: &WavePlan,
    new: &WavePlan,
    old_name: &str,
    new_name: &str,
) -> String {
    let id = |a: usize| scorer.portfolio.apps[a].id.clone();
    let label = |plan: &WavePlan, w: Option<usize>| w.map(|w| plan.label(w));
    let value = serde_json::json!({
        "old": old_name,
        "new": new_name,
        "changed": !d.is_empty(),
        "capacity": d.capacity.map(|(a, b)| serde_json::json!({"old": a, "new": b})),
        "waves": d.waves,
        "removed_waves": d.removed.iter().map(|r| serde_json::json!({"wave": r.wave + 1, "label": r.label, "apps": r.apps, "cost_before": r.cost_before})).collect::<Vec<_>>(),
        "moves": d.moves.iter().map(|m| serde_json::json!({
            "app": id(m.app),
            "from": label(old, m.from),
            "to": label(new, m.to),
        })).collect::<Vec<_>>(),
        "pins": d.pins.iter().map(|&(a, on)| serde_json::json!({"app": id(a), "pinned": on})).collect::<Vec<_>>(),
        "hybrid_cost": {"before": d.cost_before, "after": d.cost_after},
        "findings": {
            "before": {"errors": d.findings_before.0, "warnings": d.findings_before.1},
            "after": {"errors": d.findings_after.0, "warnings": d.findings_after.1},
            "resolved": d.findings_gone,
            "new": d.findings_new,
        },
    });
    let mut text = serde_json::to_string_pretty(&value).unwrap_or_default();
    text.push('\n');
    text
}

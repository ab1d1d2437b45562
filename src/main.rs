//! The `waveplan` binary: argument parsing and dispatch.

mod cli;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

/// Plan the migration of an application portfolio onto a container platform, wave by wave.
#[derive(Debug, Parser)]
#[command(name = "waveplan", version, args_conflicts_with_subcommands = true)]
struct Cli {
    #[command(subcommand)]
    command: Option<Command>,
    /// Portfolio file (RON); the built-in retail sample when omitted.
    portfolio: Option<PathBuf>,
    /// Plan file (RON); defaults to PORTFOLIO with `.plan.ron` in place of `.ron`.
    #[arg(long)]
    plan: Option<PathBuf>,
    /// Scoring points and weights (RON); the built-in assets/scoring.ron when omitted.
    #[arg(long)]
    weights: Option<PathBuf>,
    /// Key bindings (RON); default $WAVEPLAN_CONFIG, else keys.ron in ~/.config/waveplan/.
    #[arg(long)]
    keys: Option<PathBuf>,
    #[command(flatten)]
    capacity: cli::CapacityArgs,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Validate a portfolio (and a plan) and print a summary and the findings.
    Check {
        portfolio: PathBuf,
        #[command(flatten)]
        plan: cli::PlanArgs,
    },
    /// Every app's scores (coupling, statefulness, risk, ease) on the plan's boundary.
    Score {
        portfolio: PathBuf,
        #[command(flatten)]
        plan: cli::PlanArgs,
        #[arg(long, value_enum, default_value_t = cli::TableFormat::Table)]
        format: cli::TableFormat,
    },
    /// The first candidates for a wave, and why.
    Recommend {
        portfolio: PathBuf,
        #[command(flatten)]
        plan: cli::PlanArgs,
        /// The wave (1-based); one after the last wave means a new wave.
        #[arg(long)]
        wave: Option<usize>,
        /// How many candidates (1 or more).
        #[arg(long, default_value_t = 3, value_parser = candidates)]
        top: usize,
        #[arg(long, value_enum, default_value_t = cli::TableFormat::Table)]
        format: cli::TableFormat,
    },
    /// The automatic plan: every movable app in waves within the capacities. With a plan
    /// (--plan, or PORTFOLIO.plan.ron), its locked waves and pinned apps stay as they are and
    /// the rest is re-planned.
    Plan {
        portfolio: PathBuf,
        #[command(flatten)]
        plan: cli::PlanArgs,
        /// Most seconds the search may take; it keeps the best plan found by then.
        #[arg(long, value_name = "SECONDS", default_value_t = 5.0, value_parser = seconds)]
        time_limit: f64,
        /// Plan file to write (atomically); stdout when omitted.
        #[arg(short = 'o', long = "output")]
        output: Option<PathBuf>,
        /// Replace the -o file even when it is not writable (it keeps its mode).
        #[arg(long)]
        force: bool,
    },
    /// Export the plan: a Markdown report, CSV, JSON, a DOT or Mermaid graph, or the plan file.
    Export {
        portfolio: PathBuf,
        #[command(flatten)]
        plan: cli::PlanArgs,
        /// Output format; when omitted, taken from the extension of -o.
        #[arg(long, value_parser = cli::export::format_parser())]
        format: Option<waveplan::export::ExportFormat>,
        /// Output file (written atomically); stdout when omitted.
        #[arg(short = 'o', long = "output")]
        output: Option<PathBuf>,
        /// Replace the -o file even when it is not writable (it keeps its mode).
        #[arg(long)]
        force: bool,
    },
    /// What changed between two plans: apps moved, waves added, removed, renamed or reordered,
    /// capacity, and the hybrid cost and findings before and after.
    Diff {
        portfolio: PathBuf,
        /// The earlier plan: a file, or git:REV for the portfolio's plan file at a git revision
        /// (git:REV:PATH for another file).
        old: String,
        /// The later plan: a file or git:REV.
        new: String,
        /// Scoring points and weights (RON); the built-in assets/scoring.ron when omitted.
        #[arg(long)]
        weights: Option<PathBuf>,
        #[arg(long, value_enum, default_value_t = cli::diff::DiffFormat::Table)]
        format: cli::diff::DiffFormat,
    },
    /// Build a portfolio from other tools' exports: a CMDB table (CSV), Backstage catalogs,
    /// ServiceNow list exports, server-to-server connections.
    #[command(subcommand)]
    Import(cli::import::Source),
    /// Write a synthetic portfolio for scale tests.
    Generate {
        /// Number of apps.
        #[arg(long, value_parser = app_count)]
        apps: usize,
        /// Random seed; the same seed gives the same portfolio.
        #[arg(long, default_value_t = 1)]
        seed: u64,
        /// The shape: `estate` (systems per business domain) or `tangled` (also one cycle group
        /// of thousands of apps and a few hubs that two thirds of all apps need).
        #[arg(long, value_enum, default_value_t = waveplan::generate::Shape::Estate)]
        shape: waveplan::generate::Shape,
        /// Output file (written atomically); stdout when omitted.
        #[arg(short = 'o', long = "output")]
        output: Option<PathBuf>,
        /// Replace the -o file even when it is not writable (it keeps its mode).
        #[arg(long)]
        force: bool,
    },
}

/// `--time-limit`: a number of seconds, a hundredth at the least.
fn seconds(arg: &str) -> Result<f64, String> {
    match arg.parse::<f64>() {
        Ok(s) if (0.01..=86_400.0).contains(&s) => Ok(s),
        _ => Err("expected a number of seconds from 0.01 to 86400".to_string()),
    }
}

/// `--top`: how many candidates, 1 or more.
fn candidates(arg: &str) -> Result<usize, String> {
    match arg.parse::<usize>() {
        Ok(n) if n >= 1 => Ok(n),
        _ => Err("expected a number of candidates, 1 or more".to_string()),
    }
}

/// `--apps`: a number of apps up to `generate::MAX_APPS`.
fn app_count(arg: &str) -> Result<usize, String> {
    let max = waveplan::generate::MAX_APPS;
    match arg.parse::<usize>() {
        Ok(n) if n <= max => Ok(n),
        _ => Err(format!("expected a number of apps from 0 to {max}")),
    }
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Some(Command::Check { portfolio, plan }) => cli::check::run(&portfolio, &plan),
        Some(Command::Score {
            portfolio,
            plan,
            format,
        }) => cli::score::run(&portfolio, &plan, format),
        Some(Command::Recommend {
            portfolio,
            plan,
            wave,
            top,
            format,
        }) => cli::recommend::run(&portfolio, &plan, wave, top, format),
        Some(Command::Plan {
            portfolio,
            plan,
            time_limit,
            output,
            force,
        }) => cli::plan::run(&portfolio, &plan, time_limit, output.as_deref(), force),
        Some(Command::Export {
            portfolio,
            plan,
            format,
            output,
            force,
        }) => cli::export::run(&portfolio, &plan, format, output.as_deref(), force),
        Some(Command::Diff {
            portfolio,
            old,
            new,
            weights,
            format,
        }) => cli::diff::run(&portfolio, &old, &new, weights.as_deref(), format),
        Some(Command::Generate {
            apps,
            seed,
            shape,
            output,
            force,
        }) => cli::generate::run(apps, seed, shape, output.as_deref(), force),
        Some(Command::Import(source)) => cli::import::run(source),
        None => cli::board::run(
            cli.portfolio.as_deref(),
            cli.plan.as_deref(),
            cli.weights.as_deref(),
            cli.keys.as_deref(),
            &cli.capacity,
        ),
    };
    ExitCode::from(result.unwrap_or_else(cli::Failure::report))
}

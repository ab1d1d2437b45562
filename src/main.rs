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
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Validate a portfolio (and a plan) and print a summary and the findings.
    Check {
        portfolio: PathBuf,
        #[arg(long)]
        plan: Option<PathBuf>,
        /// Scoring points and weights (RON); the built-in assets/scoring.ron when omitted.
        #[arg(long)]
        weights: Option<PathBuf>,
    },
    /// Every app's scores (coupling, statefulness, risk, ease) on the plan's boundary.
    Score {
        portfolio: PathBuf,
        #[arg(long)]
        plan: Option<PathBuf>,
        /// Scoring points and weights (RON); the built-in assets/scoring.ron when omitted.
        #[arg(long)]
        weights: Option<PathBuf>,
        #[arg(long, value_enum, default_value_t = cli::TableFormat::Table)]
        format: cli::TableFormat,
    },
    /// The first candidates for a wave, and why.
    Recommend {
        portfolio: PathBuf,
        #[arg(long)]
        plan: Option<PathBuf>,
        #[arg(long)]
        weights: Option<PathBuf>,
        /// The wave (1-based); one after the last wave means a new wave.
        #[arg(long)]
        wave: Option<usize>,
        /// How many candidates.
        #[arg(long, default_value_t = 3)]
        top: usize,
        #[arg(long, value_enum, default_value_t = cli::TableFormat::Table)]
        format: cli::TableFormat,
    },
    /// The automatic plan: every movable app in waves within the capacities.
    Plan {
        portfolio: PathBuf,
        #[arg(long)]
        weights: Option<PathBuf>,
        /// Most apps per wave.
        #[arg(long, default_value_t = 10)]
        max_apps: usize,
        /// Most stateful apps per wave.
        #[arg(long, default_value_t = 2)]
        max_stateful: usize,
        /// Size of the first (pilot) wave.
        #[arg(long, default_value_t = 3)]
        pilot: usize,
        /// Plan file to write (atomically); stdout when omitted.
        #[arg(short = 'o', long = "output")]
        output: Option<PathBuf>,
    },
    /// Export the plan: a Markdown report, CSV, JSON, a DOT or Mermaid graph, or the plan file.
    Export {
        portfolio: PathBuf,
        #[arg(long)]
        plan: Option<PathBuf>,
        /// Scoring points and weights (RON); the built-in assets/scoring.ron when omitted.
        #[arg(long)]
        weights: Option<PathBuf>,
        /// Output format; when omitted, taken from the extension of -o.
        #[arg(long, value_parser = cli::export::format_parser())]
        format: Option<waveplan::export::ExportFormat>,
        /// Output file (written atomically); stdout when omitted.
        #[arg(short = 'o', long = "output")]
        output: Option<PathBuf>,
    },
    /// Build a portfolio from a CMDB export (CSV) or a Backstage catalog.
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
        /// Output file (written atomically); stdout when omitted.
        #[arg(short = 'o', long = "output")]
        output: Option<PathBuf>,
    },
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
        Some(Command::Check {
            portfolio,
            plan,
            weights,
        }) => cli::check::run(&portfolio, plan.as_deref(), weights.as_deref()),
        Some(Command::Score {
            portfolio,
            plan,
            weights,
            format,
        }) => cli::score::run(&portfolio, plan.as_deref(), weights.as_deref(), format),
        Some(Command::Recommend {
            portfolio,
            plan,
            weights,
            wave,
            top,
            format,
        }) => cli::recommend::run(
            &portfolio,
            plan.as_deref(),
            weights.as_deref(),
            wave,
            top,
            format,
        ),
        Some(Command::Plan {
            portfolio,
            weights,
            max_apps,
            max_stateful,
            pilot,
            output,
        }) => cli::plan::run(
            &portfolio,
            weights.as_deref(),
            waveplan::analysis::Capacity {
                max_apps,
                max_stateful,
                pilot,
            },
            output.as_deref(),
        ),
        Some(Command::Export {
            portfolio,
            plan,
            weights,
            format,
            output,
        }) => cli::export::run(
            &portfolio,
            plan.as_deref(),
            weights.as_deref(),
            format,
            output.as_deref(),
        ),
        Some(Command::Generate { apps, seed, output }) => {
            cli::generate::run(apps, seed, output.as_deref())
        }
        Some(Command::Import(source)) => cli::import::run(source),
        None => cli::board::run(
            cli.portfolio.as_deref(),
            cli.plan.as_deref(),
            cli.weights.as_deref(),
            cli.keys.as_deref(),
        ),
    };
    ExitCode::from(result.unwrap_or_else(cli::Failure::report))
}

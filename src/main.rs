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
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Validate a portfolio (and a plan) and print a summary and the findings.
    Check {
        portfolio: PathBuf,
        #[arg(long)]
        plan: Option<PathBuf>,
    },
    /// Build a portfolio from a CMDB export (CSV) or a Backstage catalog.
    #[command(subcommand)]
    Import(cli::import::Source),
    /// Write a synthetic portfolio for scale tests.
    Generate {
        /// Number of apps.
        #[arg(long)]
        apps: usize,
        /// Random seed; the same seed gives the same portfolio.
        #[arg(long, default_value_t = 1)]
        seed: u64,
        /// Output file (written atomically); stdout when omitted.
        #[arg(short = 'o', long = "output")]
        output: Option<PathBuf>,
    },
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Some(Command::Check { portfolio, plan }) => cli::check::run(&portfolio, plan.as_deref()),
        Some(Command::Generate { apps, seed, output }) => {
            cli::generate::run(apps, seed, output.as_deref())
        }
        Some(Command::Import(source)) => cli::import::run(source),
        None => cli::check::summary_of_default(cli.portfolio.as_deref(), cli.plan.as_deref()),
    };
    ExitCode::from(result.unwrap_or_else(cli::Failure::report))
}

//! The command line: one file per subcommand. Each returns an exit status or a `Failure`.

pub mod check;
pub mod generate;
pub mod import;

use std::io::Write;
use std::path::{Path, PathBuf};

use waveplan::diagnostic::Diagnostic;
use waveplan::load::{self, LoadError, Loaded};
use waveplan::model::{Plan, Portfolio};

/// Why a command could not do its work, and the exit status that says so.
#[derive(Debug)]
pub enum Failure {
    /// Problems in an input file (exit 1 or 2 as the load decided).
    Load(LoadError),
    /// Bad usage or an I/O failure (exit 2).
    Usage(String),
}

impl From<LoadError> for Failure {
    fn from(e: LoadError) -> Failure {
        Failure::Load(e)
    }
}

impl Failure {
    /// Print the failure to stderr and give its exit status.
    pub fn report(self) -> u8 {
        let mut err = std::io::stderr().lock();
        match self {
            Failure::Load(e) => {
                for d in load::sorted(e.diagnostics().to_vec()) {
                    let _ = writeln!(err, "{d}");
                }
                e.exit_code() as u8
            }
            Failure::Usage(msg) => {
                let _ = writeln!(err, "error: {msg}");
                2
            }
        }
    }
}

/// A portfolio read from a file or the built-in sample, and where it came from.
pub struct Source {
    pub portfolio: Portfolio,
    pub file: String,
    pub path: Option<PathBuf>,
    pub warnings: Vec<Diagnostic>,
}

/// Read the portfolio at `path`, or the built-in sample when there is none.
pub fn read_portfolio(path: Option<&Path>) -> Result<Source, Failure> {
    let (loaded, file) = match path {
        Some(p) => (load::load_portfolio(p)?, p.display().to_string()),
        None => (
            load::portfolio_from_str(waveplan::SAMPLE_PORTFOLIO, waveplan::SAMPLE_FILE)?,
            waveplan::SAMPLE_FILE.to_string(),
        ),
    };
    let Loaded { value, warnings } = loaded;
    Ok(Source {
        portfolio: value,
        file,
        path: path.map(Path::to_path_buf),
        warnings,
    })
}

/// Read the plan at `path` for `portfolio`, with its warnings.
pub fn read_plan(path: &Path, portfolio: &Portfolio) -> Result<Loaded<Plan>, Failure> {
    Ok(load::load_plan(path, portfolio)?)
}

/// Print warnings to stderr.
pub fn print_warnings(warnings: &[Diagnostic]) {
    let mut err = std::io::stderr().lock();
    for w in warnings {
        let _ = writeln!(err, "{w}");
    }
}

/// Send `text` to the file at `out` (atomically) or to stdout.
pub fn emit(out: Option<&Path>, text: &[u8]) -> Result<(), Failure> {
    match out {
        Some(path) => waveplan::atomic::write(path, text)
            .map_err(|e| Failure::Usage(format!("{}: cannot write the file: {e}", path.display()))),
        None => {
            let mut stdout = std::io::stdout().lock();
            match stdout.write_all(text).and_then(|_| stdout.flush()) {
                Ok(()) => Ok(()),
                // A closed pipe (`| head`) is not an error worth a message.
                Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
                Err(e) => Err(Failure::Usage(format!("cannot write to stdout: {e}"))),
            }
        }
    }
}

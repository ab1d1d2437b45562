//! The command line: one file per subcommand. Each returns an exit status or a `Failure`.

/// `eprintln!` that never panics: a message that cannot reach stderr (a closed pipe, as in
/// `2>&1 | head`) is dropped.
macro_rules! say {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        let _ = writeln!(std::io::stderr(), $($arg)*);
    }};
}

pub mod board;
pub mod check;
pub mod diff;
pub mod export;
pub mod generate;
pub mod import;
pub mod output;
pub mod plan;
pub mod recommend;
pub mod score;

use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};

use waveplan::analysis::Capacity;
use waveplan::diagnostic::{Diagnostic, printable};
use waveplan::load::{self, LoadError, Loaded};
use waveplan::model::{Plan, Portfolio};

pub use output::{Output, Writes};

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
                // Paths and names in the message are shown already; this is for what slips by.
                let _ = writeln!(err, "error: {}", printable(&msg));
                2
            }
        }
    }
}

/// A portfolio read from a file or the built-in sample, and where it came from.
pub struct Source {
    pub portfolio: Portfolio,
    pub file: String,
    /// The portfolio file, if any: the TUI saves the plan next to it.
    pub path: Option<PathBuf>,
    pub warnings: Vec<Diagnostic>,
    /// The app each dependency names, found by the validation (the graph is built from it).
    pub targets: waveplan::graph::Targets,
}

/// Read the portfolio at `path`, or the built-in sample when there is none.
pub fn read_portfolio(path: Option<&Path>) -> Result<Source, Failure> {
    let ((loaded, targets), file) = match path {
        Some(p) => (
            load::load_resolved_portfolio(p)?,
            load::input_name(p, load::Stdin::Allowed),
        ),
        None => (
            load::resolved_portfolio_from_str(waveplan::SAMPLE_PORTFOLIO, waveplan::SAMPLE_FILE)?,
            waveplan::SAMPLE_FILE.to_string(),
        ),
    };
    let Loaded { value, warnings } = loaded;
    Ok(Source {
        portfolio: value,
        file,
        path: path.map(Path::to_path_buf),
        warnings,
        targets,
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

/// A path as a message shows it: without control characters, which could otherwise set the
/// terminal's title or colours.
pub fn shown(path: &Path) -> String {
    printable(&path.display().to_string()).into_owned()
}

/// Send `text` to the `-o` file (atomically) or to stdout.
pub fn emit(out: Option<&Output<'_>>, text: &[u8]) -> Result<(), Failure> {
    match out {
        Some(out) => out.write(text),
        None => to_stdout(text),
    }
}

/// Write `text` to stdout. A closed pipe (`| head`) is quiet; any other failure is an error,
/// and so is a stdout that was closed when the process started (`>&-`).
fn to_stdout(text: &[u8]) -> Result<(), Failure> {
    if text.is_empty() {
        return Ok(());
    }
    if STDOUT_CLOSED_AT_START.load(Ordering::Relaxed) {
        return Err(Failure::Usage(
            "cannot write to stdout: it was closed when waveplan started; send the output to a file (`> FILE`) or to /dev/null".to_string(),
        ));
    }
    let mut stdout = std::io::stdout().lock();
    match stdout.write_all(text).and_then(|_| stdout.flush()) {
        Ok(()) => Ok(()),
        // A closed pipe (`| head`) is not an error worth a message.
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        Err(e) => Err(Failure::Usage(format!("cannot write to stdout: {e}"))),
    }
}

/// Whether stdout (descriptor 1) was closed when the process started, as in `>&-`. The Rust
/// runtime opens /dev/null in its place before `main` runs, where every write would succeed
/// and be lost; so this looks first, from the program's initialisers.
static STDOUT_CLOSED_AT_START: AtomicBool = AtomicBool::new(false);

#[cfg(any(
    target_os = "linux",
    target_os = "android",
    target_os = "freebsd",
    target_os = "netbsd",
    target_os = "openbsd",
    target_os = "dragonfly"
))]
#[used]
#[unsafe(link_section = ".init_array")]
static LOOK_AT_STDOUT: extern "C" fn() = look_at_stdout;

#[cfg(target_vendor = "apple")]
#[used]
#[unsafe(link_section = "__DATA,__mod_init_func")]
static LOOK_AT_STDOUT: extern "C" fn() = look_at_stdout;

/// Record whether descriptor 1 is open (run before `main`).
#[cfg(unix)]
extern "C" fn look_at_stdout() {
    // SAFETY: F_GETFD only reads the descriptor's flags; a closed descriptor gives -1 (EBADF).
    let closed = unsafe { libc::fcntl(libc::STDOUT_FILENO, libc::F_GETFD) } == -1;
    STDOUT_CLOSED_AT_START.store(closed, Ordering::Relaxed);
}

/// The capacity flags: each overrides the plan's own capacity.
#[derive(Debug, Clone, Copy, Default, clap::Args)]
pub struct CapacityArgs {
    /// Most apps per wave (overrides the plan's capacity; default 10).
    #[arg(long, value_name = "N")]
    pub max_apps: Option<usize>,
    /// Most stateful apps per wave (overrides the plan's capacity; default 2).
    #[arg(long, value_name = "N")]
    pub max_stateful: Option<usize>,
    /// Most apps in the first (pilot) wave (overrides the plan's capacity; default 3).
    #[arg(long, value_name = "N")]
    pub pilot: Option<usize>,
}

impl CapacityArgs {
    /// `capacity` with the flags given put in.
    pub fn apply(&self, capacity: Capacity) -> Result<Capacity, Failure> {
        for (flag, value) in [("--max-apps", self.max_apps), ("--pilot", self.pilot)] {
            if value == Some(0) {
                return Err(Failure::Usage(format!(
                    "{flag} 0: a wave must be able to hold an app; give 1 or more"
                )));
            }
        }
        Ok(Capacity {
            max_apps: self.max_apps.unwrap_or(capacity.max_apps),
            max_stateful: self.max_stateful.unwrap_or(capacity.max_stateful),
            pilot: self.pilot.unwrap_or(capacity.pilot),
            ..capacity
        })
    }
}

/// What every command that analyses a plan takes: the plan, its capacity and the weights.
#[derive(Debug, Clone, Default, clap::Args)]
pub struct PlanArgs {
    /// Plan file (RON); PORTFOLIO with `.plan.ron` in place of `.ron` when that exists.
    #[arg(long)]
    pub plan: Option<PathBuf>,
    #[command(flatten)]
    pub capacity: CapacityArgs,
    /// Scoring points and weights (RON); the built-in assets/scoring.ron when omitted.
    #[arg(long)]
    pub weights: Option<PathBuf>,
}

impl PlanArgs {
    /// The plan file to read: `--plan`, or the portfolio's own plan file when it exists (said
    /// on stderr).
    pub fn plan_file(&self, portfolio: &Path) -> Option<PathBuf> {
        if let Some(p) = &self.plan {
            return Some(p.clone());
        }
        if load::read::is_stdin(portfolio) {
            // A portfolio on standard input has no folder, so no plan file of its own.
            return None;
        }
        let own = waveplan::load::default_plan_path(Some(portfolio));
        if own.is_file() {
            say!(
                "using the plan {} (give --plan to use another)",
                shown(&own)
            );
            Some(own)
        } else {
            None
        }
    }
}

/// A portfolio with its graph, weights and plan (empty when there is none), as most commands
/// need them.
pub struct Inputs {
    pub source: Source,
    pub graph: waveplan::graph::DependencyGraph,
    pub weights: waveplan::score::Weights,
    pub plan: waveplan::analysis::WavePlan,
    pub plan_file: Option<String>,
    pub plan_path: Option<PathBuf>,
    pub warnings: Vec<Diagnostic>,
}

impl Inputs {
    /// Load everything; any problem is a `Failure` with every diagnostic. The plan is the one
    /// `args` names (or the portfolio's own), judged by its capacity with the flags put in.
    pub fn load(portfolio: &Path, args: &PlanArgs) -> Result<Inputs, Failure> {
        Inputs::load_with(portfolio, args, false)
    }

    /// `load`; with `summary`, when there is no plan, the graph is built for a summary only
    /// (`DependencyGraph::build_summary`: what `check` prints of a portfolio alone).
    pub fn load_with(portfolio: &Path, args: &PlanArgs, summary: bool) -> Result<Inputs, Failure> {
        let source = read_portfolio(Some(portfolio))?;
        let mut warnings = source.warnings.clone();
        let weights = match &args.weights {
            Some(p) => waveplan::score::Weights::load(p)?,
            None => waveplan::score::Weights::default(),
        };
        let plan_path = args.plan_file(portfolio);
        let build = if summary && plan_path.is_none() {
            waveplan::graph::DependencyGraph::build_summary
        } else {
            waveplan::graph::DependencyGraph::build_resolved
        };
        let graph = build(&source.portfolio, &source.targets);
        let (mut plan, plan_file) = match &plan_path {
            Some(p) => {
                let loaded = read_plan(p, &source.portfolio)?;
                warnings.extend(loaded.warnings);
                (
                    waveplan::analysis::WavePlan::from_plan(&loaded.value, &graph),
                    Some(p.display().to_string()),
                )
            }
            None => (waveplan::analysis::WavePlan::empty(graph.app_count()), None),
        };
        let capacity = args.capacity.apply(*plan.capacity())?;
        plan.set_capacity(capacity);
        Ok(Inputs {
            source,
            graph,
            weights,
            plan,
            plan_file,
            plan_path,
            warnings,
        })
    }

    pub fn scorer(&self) -> waveplan::score::Scorer<'_> {
        waveplan::score::Scorer::new(&self.source.portfolio, &self.graph, &self.weights)
    }

    /// The portfolio, graph and weights as a session's workspace (saving beside the plan read,
    /// or where the board would), with the plan and the warnings.
    pub fn into_workspace(
        self,
    ) -> (
        waveplan::session::Workspace,
        waveplan::analysis::WavePlan,
        Vec<Diagnostic>,
    ) {
        let source = self.source;
        let plan_path = self
            .plan_path
            .unwrap_or_else(|| waveplan::session::default_plan_path(source.path.as_deref()));
        let ws = waveplan::session::Workspace::with_graph(
            source.portfolio,
            self.graph,
            self.weights,
            source.file,
            plan_path,
            waveplan::session::export_base(source.path.as_deref()),
        )
        .with_portfolio_path(source.path);
        (ws, self.plan, self.warnings)
    }
}

/// Output formats of `score` and `recommend`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum TableFormat {
    Table,
    Csv,
    Json,
}

/// Pad or cut `text` to `width` characters (control characters removed).
pub fn cell(text: &str, width: usize) -> String {
    let clean = waveplan::diagnostic::printable(text);
    let n = clean.chars().count();
    if n > width {
        let mut s: String = clean.chars().take(width.saturating_sub(1)).collect();
        s.push('…');
        s
    } else {
        format!("{clean}{}", " ".repeat(width - n))
    }
}

//! `waveplan import csv|backstage`: build a portfolio file from a CMDB export or a Backstage
//! catalog.

use std::io::Write as _;
use std::path::{Path, PathBuf};

use clap::Subcommand;
use waveplan::import::{self, Imported};
use waveplan::load::{self, LoadError, Stdin};

use super::{Failure, Output, Writes, emit, print_warnings, shown};

/// Where the portfolio comes from.
#[derive(Debug, Subcommand)]
pub enum Source {
    /// From a CMDB export: an apps table and a dependencies table.
    ///
    /// APPS.csv has a header row naming its columns, in any order: id (required), name, owner,
    /// kind, hosting, strategy, state, data_gb, criticality, legacy, tags (separated by `;`).
    /// An empty cell means the default. DEPS.csv has the columns from, to and via.
    Csv {
        /// The apps table.
        #[arg(value_name = "APPS.csv")]
        apps: PathBuf,
        /// The dependencies table (from,to,via).
        #[arg(value_name = "DEPS.csv")]
        deps: PathBuf,
        #[command(flatten)]
        common: Common,
    },
    /// From a Backstage catalog (multi-document YAML).
    ///
    /// Components and Resources become apps; dependsOn, dependencyOf and consumesApis (through
    /// the component that provides the API) become dependencies. Annotations
    /// `waveplan.io/<field>` set fields a catalog cannot say (strategy, criticality, ...).
    Backstage {
        /// The catalog file.
        #[arg(value_name = "CATALOG.yaml")]
        catalog: PathBuf,
        #[command(flatten)]
        common: Common,
    },
}

/// Options every import takes.
#[derive(Debug, clap::Args)]
pub struct Common {
    /// Portfolio file to write (atomically); stdout when omitted.
    #[arg(short = 'o', long = "output", value_name = "PORTFOLIO")]
    output: Option<PathBuf>,
    /// Replace the -o file even when it is not writable (it keeps its mode).
    #[arg(long)]
    force: bool,
    /// Portfolio name; from the input file's name when omitted.
    #[arg(long)]
    name: Option<String>,
}

pub fn run(source: Source) -> Result<u8, Failure> {
    let (imported, common) = match source {
        Source::Csv { apps, deps, common } => {
            if load::read::is_stdin(&apps) && load::read::is_stdin(&deps) {
                return Err(Failure::Usage(
                    "APPS.csv and DEPS.csv cannot both be `-`: standard input holds one file"
                        .to_string(),
                ));
            }
            if let Some(out) = common.out() {
                out.check(
                    &[
                        (Some(&apps), "the apps table it imports"),
                        (Some(&deps), "the dependencies table it imports"),
                    ],
                    "",
                )?;
            }
            let (apps_text, deps_text) = read_both(&apps, &deps)?;
            let name = common.name.clone().unwrap_or_else(|| default_name(&apps));
            let imported = import::csv::import(
                import::csv::Input {
                    file: &load::input_name(&apps, Stdin::Allowed),
                    text: &apps_text,
                },
                import::csv::Input {
                    file: &load::input_name(&deps, Stdin::Allowed),
                    text: &deps_text,
                },
                &name,
            )?;
            (imported, common)
        }
        Source::Backstage { catalog, common } => {
            if let Some(out) = common.out() {
                out.check(&[(Some(&catalog), "the catalog it imports")], "")?;
            }
            let text = load::read_input(
                &catalog,
                Stdin::Allowed,
                import::backstage::MAX_CATALOG_BYTES,
            )?;
            let name = common
                .name
                .clone()
                .unwrap_or_else(|| default_name(&catalog));
            let file = load::input_name(&catalog, Stdin::Allowed);
            let imported = import::backstage::import(&text, &file, &name)?;
            (imported, common)
        }
    };
    write(&imported, common.out())
}

impl Common {
    /// The `-o` file, if any.
    fn out(&self) -> Option<Output<'_>> {
        Output::new(self.output.as_deref(), Writes::Portfolio, self.force)
    }
}

/// The portfolio's name when `--name` is not given: from the input file's name, or
/// `imported` for standard input.
fn default_name(path: &Path) -> String {
    if load::read::is_stdin(path) {
        "imported".to_string()
    } else {
        import::default_name(path)
    }
}

/// Read both CSV files, reporting the problems of both when neither can be read.
fn read_both(apps: &Path, deps: &Path) -> Result<(String, String), Failure> {
    let read = |path: &Path| load::read_input(path, Stdin::Allowed, load::MAX_FILE_BYTES);
    match (read(apps), read(deps)) {
        (Ok(a), Ok(d)) => Ok((a, d)),
        (Err(a), Err(d)) => {
            let mut diags = a.diagnostics().to_vec();
            diags.extend_from_slice(d.diagnostics());
            Err(Failure::Load(LoadError::Unreadable(diags)))
        }
        (Err(e), _) | (_, Err(e)) => Err(Failure::Load(e)),
    }
}

fn write(imported: &Imported, out: Option<Output<'_>>) -> Result<u8, Failure> {
    let text = waveplan::model::write::portfolio_to_ron(&imported.portfolio);
    emit(out.as_ref(), text.as_bytes())?;
    print_warnings(&load::sorted(imported.warnings.clone()));
    let mut err = std::io::stderr().lock();
    for note in &imported.notes {
        let _ = writeln!(err, "{note}");
    }
    if let Some(out) = &out {
        let _ = writeln!(
            err,
            "wrote {} apps and {} dependencies to {}",
            imported.portfolio.apps.len(),
            imported.edge_count(),
            shown(out.path)
        );
    }
    Ok(0)
}

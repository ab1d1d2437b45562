//! `waveplan import csv|backstage|servicenow|connections`: build a portfolio file (and, from a
//! wave column, a plan file) from other tools' exports.

use std::io::Write as _;
use std::path::{Path, PathBuf};

use clap::Subcommand;
use waveplan::import::{self, ImportMap, Imported};
use waveplan::load::{self, LoadError, Stdin};

use super::{Failure, Output, Writes, emit, print_warnings, shown};

/// Where the portfolio comes from.
#[derive(Debug, Subcommand)]
pub enum Source {
    /// From a CMDB export: an apps table and a dependencies table.
    ///
    /// APPS.csv has a header row naming its columns, in any order: id or name (one is
    /// required; a name that is not a valid id is made into one), owner, kind, hosting,
    /// strategy, state, data_gb, criticality, legacy, tags (separated by `;`), status. A table
    /// of servers (a `server_name` column, one row per server with its `app_name`, as in a
    /// migration factory's intake form) folds the servers of each app into it. An empty cell
    /// means the default. DEPS.csv has the columns from, to and via.
    Csv {
        /// The apps table.
        #[arg(value_name = "APPS.csv")]
        apps: PathBuf,
        /// The dependencies table (from,to,via).
        #[arg(value_name = "DEPS.csv")]
        deps: Option<PathBuf>,
        /// The column of APPS.csv that holds each app's wave (`wave_id`): the import writes the
        /// plan file too, beside the -o portfolio (or to --plan-out).
        #[arg(long, value_name = "COLUMN")]
        waves_from: Option<String>,
        /// Where --waves-from writes the plan; PORTFOLIO.plan.ron beside -o when omitted (never
        /// over an existing file unless named here).
        #[arg(long, value_name = "PLAN", requires = "waves_from")]
        plan_out: Option<PathBuf>,
        #[command(flatten)]
        common: Common,
    },
    /// From Backstage catalogs (multi-document YAML): files, and folders holding
    /// catalog-info.yaml files, following Location targets.
    ///
    /// Components and Resources become apps; dependsOn, dependencyOf and consumesApis (through
    /// the component that provides the API) become dependencies; subcomponentOf folds a
    /// component into its parent. Annotations `waveplan.io/<field>` set fields a catalog
    /// cannot say (strategy, criticality, ...).
    Backstage {
        /// The catalog files or folders.
        #[arg(value_name = "CATALOG.yaml", required = true, num_args = 1..)]
        catalogs: Vec<PathBuf>,
        #[command(flatten)]
        common: Common,
    },
    /// From ServiceNow list exports: cmdb_ci_appl, cmdb_ci_service or cmdb_ci_business_app
    /// (CSV, display values or sys_ids), and cmdb_rel_ci for the relationships.
    ///
    /// `Depends on::Used by` and `Sends data to::Receives data from` become dependencies;
    /// `Runs on`, `Hosted on` and `Contains` fold servers and parts into their app.
    Servicenow {
        /// The configuration items (name, sys_id, sys_class_name, busines_criticality,
        /// install_status, operational_status, owned_by or support_group, ...).
        #[arg(value_name = "APPS.csv")]
        apps: PathBuf,
        /// The relationships (parent, type, child).
        #[arg(value_name = "RELS.csv")]
        rels: Option<PathBuf>,
        #[command(flatten)]
        common: Common,
    },
    /// From server-to-server connections: an Azure Migrate dependency export, or a table of
    /// source,destination,port.
    ///
    /// Servers are grouped into apps by the mapping file's `servers` table, else by the
    /// application column, else each server is an app; ports give the `via` (1433 Database,
    /// 5672 Queue, 445 File, 443 Http, ...), and connections on noise ports (RDP, DNS,
    /// directory, monitoring) are dropped.
    Connections {
        /// The connections table.
        #[arg(value_name = "CONNECTIONS.csv")]
        connections: PathBuf,
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
    /// Mapping file (RON): what the columns hold, value tables, id repair, servers, ports.
    #[arg(long = "map", value_name = "FILE")]
    map: Option<PathBuf>,
    /// Read everything and print the summary, but write nothing.
    #[arg(long)]
    dry_run: bool,
}

pub fn run(source: Source) -> Result<u8, Failure> {
    match source {
        Source::Csv {
            apps,
            deps,
            waves_from,
            plan_out,
            common,
        } => {
            if load::read::is_stdin(&apps) && deps.as_deref().is_some_and(load::read::is_stdin) {
                return Err(Failure::Usage(
                    "APPS.csv and DEPS.csv cannot both be `-`: standard input holds one file"
                        .to_string(),
                ));
            }
            let mut reads = vec![(Some(apps.as_path()), "the apps table it imports")];
            if let Some(d) = &deps {
                reads.push((Some(d.as_path()), "the dependencies table it imports"));
            }
            let plan = match &waves_from {
                Some(_) => Some(plan_target(&common, plan_out.as_deref())?),
                None => None,
            };
            common.check(&reads, plan.as_ref())?;
            let map = common.read_map()?;
            let (apps_text, deps_text) = read_both(&apps, deps.as_deref())?;
            let name = common.name.clone().unwrap_or_else(|| default_name(&apps));
            let deps_file = deps.as_deref().map(|d| load::input_name(d, Stdin::Allowed));
            let imported = import::csv::import(
                import::csv::Input {
                    file: &load::input_name(&apps, Stdin::Allowed),
                    text: &apps_text,
                },
                deps_file
                    .as_deref()
                    .zip(deps_text.as_deref())
                    .map(|(file, text)| import::csv::Input { file, text }),
                &name,
                import::csv::Options {
                    map: &map,
                    waves_from: waves_from.as_deref(),
                },
            )?;
            finish(&imported, &map, &common, plan.as_ref())
        }
        Source::Backstage { catalogs, common } => {
            let reads: Vec<(Option<&Path>, &str)> = catalogs
                .iter()
                .map(|c| (Some(c.as_path()), "the catalog it imports"))
                .collect();
            common.check(&reads, None)?;
            let map = common.read_map()?;
            let name = common
                .name
                .clone()
                .unwrap_or_else(|| default_name(&catalogs[0]));
            let imported = import::backstage::import_paths(&catalogs, &name, &map)?;
            if let Some(out) = common.out() {
                // A Location may lead to the -o file: it is read, so it is not written over.
                let files: Vec<PathBuf> =
                    imported.summary.files.iter().map(PathBuf::from).collect();
                let reads: Vec<(Option<&Path>, &str)> = files
                    .iter()
                    .map(|f| (Some(f.as_path()), "the catalog it imports"))
                    .collect();
                out.check(&reads, "")?;
            }
            finish(&imported, &map, &common, None)
        }
        Source::Servicenow { apps, rels, common } => {
            let mut reads = vec![(Some(apps.as_path()), "the configuration items it imports")];
            if let Some(r) = &rels {
                reads.push((Some(r.as_path()), "the relationships it imports"));
            }
            if load::read::is_stdin(&apps) && rels.as_deref().is_some_and(load::read::is_stdin) {
                return Err(Failure::Usage(
                    "APPS.csv and RELS.csv cannot both be `-`: standard input holds one file"
                        .to_string(),
                ));
            }
            common.check(&reads, None)?;
            let map = common.read_map()?;
            let (apps_text, rels_text) = read_both(&apps, rels.as_deref())?;
            let name = common.name.clone().unwrap_or_else(|| default_name(&apps));
            let rels_file = rels.as_deref().map(|d| load::input_name(d, Stdin::Allowed));
            let imported = import::servicenow::import(
                import::csv::Input {
                    file: &load::input_name(&apps, Stdin::Allowed),
                    text: &apps_text,
                },
                rels_file
                    .as_deref()
                    .zip(rels_text.as_deref())
                    .map(|(file, text)| import::csv::Input { file, text }),
                &name,
                &map,
            )?;
            finish(&imported, &map, &common, None)
        }
        Source::Connections {
            connections,
            common,
        } => {
            common.check(
                &[(
                    Some(connections.as_path()),
                    "the connections table it imports",
                )],
                None,
            )?;
            let map = common.read_map()?;
            let text = load::read_input(&connections, Stdin::Allowed, load::MAX_FILE_BYTES)?;
            let name = common
                .name
                .clone()
                .unwrap_or_else(|| default_name(&connections));
            let imported = import::connections::import(
                import::csv::Input {
                    file: &load::input_name(&connections, Stdin::Allowed),
                    text: &text,
                },
                &name,
                &map,
            )?;
            finish(&imported, &map, &common, None)
        }
    }
}

/// Where `--waves-from` writes the plan, and whether the user named the file.
#[derive(Debug, Clone)]
struct PlanTarget {
    path: PathBuf,
    named: bool,
}

/// The plan file of an import with `--waves-from`: `--plan-out`, else beside `-o`. An
/// existing file is replaced only when named with `--plan-out`.
fn plan_target(common: &Common, plan_out: Option<&Path>) -> Result<PlanTarget, Failure> {
    if let Some(p) = plan_out {
        return Ok(PlanTarget {
            path: p.to_path_buf(),
            named: true,
        });
    }
    match &common.output {
        Some(o) => Ok(PlanTarget {
            path: load::default_plan_path(Some(o)),
            named: false,
        }),
        None if common.dry_run => Ok(PlanTarget {
            path: PathBuf::from("-"),
            named: false,
        }),
        None => Err(Failure::Usage(
            "--waves-from writes a plan file as well as the portfolio: give -o PORTFOLIO (the \
             plan goes beside it, as PORTFOLIO.plan.ron) or --plan-out PLAN"
                .to_string(),
        )),
    }
}

impl Common {
    /// The `-o` file, if any.
    fn out(&self) -> Option<Output<'_>> {
        Output::new(self.output.as_deref(), Writes::Portfolio, self.force)
    }

    /// Refuse outputs that would replace an input (or each other), before anything is read.
    fn check(
        &self,
        reads: &[(Option<&Path>, &str)],
        plan: Option<&PlanTarget>,
    ) -> Result<(), Failure> {
        if self.dry_run {
            return Ok(());
        }
        let mut reads = reads.to_vec();
        if let Some(m) = &self.map {
            reads.push((Some(m.as_path()), "the mapping file it reads"));
        }
        if let Some(out) = self.out() {
            out.check(&reads, "")?;
        }
        if let Some(plan) = plan {
            if !plan.named && plan.path.exists() {
                return Err(Failure::Usage(format!(
                    "{} exists already, and --waves-from would write the plan there; give \
                     --plan-out {} to replace it, or --plan-out with another file",
                    shown(&plan.path),
                    shown(&plan.path)
                )));
            }
            if let Some(o) = &self.output
                && (o == &plan.path || waveplan::clobber::same_file(o, &plan.path))
            {
                return Err(Failure::Usage(format!(
                    "--plan-out {}: that is the -o portfolio; write the plan to another file",
                    shown(&plan.path)
                )));
            }
            reads.push((self.output.as_deref(), "the portfolio it writes"));
            Output::new(Some(&plan.path), Writes::Plan, self.force)
                .map_or(Ok(()), |o| o.check(&reads, ""))?;
        }
        Ok(())
    }

    /// The mapping file, or an empty one.
    fn read_map(&self) -> Result<ImportMap, Failure> {
        match &self.map {
            None => Ok(ImportMap::default()),
            Some(path) => {
                let text = load::read_text(path)?;
                Ok(ImportMap::parse(&text, &path.display().to_string())?)
            }
        }
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

/// Read both CSV files (the second when given), reporting the problems of both when neither
/// can be read.
fn read_both(first: &Path, second: Option<&Path>) -> Result<(String, Option<String>), Failure> {
    let read = |path: &Path| load::read_input(path, Stdin::Allowed, load::MAX_FILE_BYTES);
    match (read(first), second.map(read).transpose()) {
        (Ok(a), Ok(d)) => Ok((a, d)),
        (Err(a), Err(d)) => {
            let mut diags = a.diagnostics().to_vec();
            diags.extend_from_slice(d.diagnostics());
            Err(Failure::Load(LoadError::Unreadable(diags)))
        }
        (Err(e), _) | (_, Err(e)) => Err(Failure::Load(e)),
    }
}

/// Print what the import found and its summary; write the portfolio (and plan) unless this
/// is a dry run.
fn finish(
    imported: &Imported,
    map: &ImportMap,
    common: &Common,
    plan: Option<&PlanTarget>,
) -> Result<u8, Failure> {
    let mut warnings = imported.warnings.clone();
    warnings.extend(map.unused_columns());
    if !common.dry_run {
        let text = waveplan::model::write::portfolio_to_ron(&imported.portfolio);
        emit(common.out().as_ref(), text.as_bytes())?;
        if let (Some(plan), Some(target)) = (&imported.plan, plan) {
            let text = waveplan::model::write::plan_to_ron(plan);
            Output::new(Some(&target.path), Writes::Plan, common.force)
                .map_or(Ok(()), |o| o.write(text.as_bytes()))?;
        }
    }
    print_warnings(&load::sorted(warnings));
    let mut err = std::io::stderr().lock();
    for note in &imported.notes {
        let _ = writeln!(err, "{note}");
    }
    let _ = write!(err, "{}", imported.summary);
    if common.dry_run {
        let _ = writeln!(err, "dry run: nothing written");
        return Ok(0);
    }
    if let Some(out) = common.out() {
        let _ = writeln!(
            err,
            "wrote {} apps and {} dependencies to {}",
            imported.portfolio.apps.len(),
            imported.edge_count(),
            shown(out.path)
        );
    }
    if let (Some(p), Some(target)) = (&imported.plan, plan) {
        let _ = writeln!(
            err,
            "wrote the plan ({} waves, {} apps) to {}",
            p.waves.len(),
            p.waves.iter().map(|w| w.apps.len()).sum::<usize>(),
            shown(&target.path)
        );
    }
    Ok(0)
}

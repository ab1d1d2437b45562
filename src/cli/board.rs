//! `waveplan [PORTFOLIO]`: open the board. Every input (keys file, portfolio, weights, plan) is
//! read and checked before the terminal is touched, so problems print as plain diagnostics.

use std::path::Path;

use waveplan::load::LoadError;
use waveplan::session::{self, Session, Workspace};
use waveplan::tui::{self, App, Keymap, app::RECOMMENDATIONS, theme::Theme};

use super::{CapacityArgs, Failure, read_portfolio};

pub fn run(
    portfolio: Option<&Path>,
    plan: Option<&Path>,
    weights: Option<&Path>,
    keys: Option<&Path>,
    capacity: &CapacityArgs,
) -> Result<u8, Failure> {
    if portfolio.is_some_and(waveplan::load::read::is_stdin) {
        return Err(Failure::Usage(
            "the board needs a portfolio file: it saves the plan beside it; `-` (standard \
             input) works with check, score, recommend, plan, export and diff"
                .to_string(),
        ));
    }
    // A keys file that cannot be used is bad usage (exit 2), whatever is wrong with it.
    let keymap: Keymap = tui::keymap::load_keymap(keys)
        .map_err(|e| Failure::Load(LoadError::Unreadable(e.diagnostics().to_vec())))?;
    let source = read_portfolio(portfolio)?;
    let weights = match weights {
        Some(p) => waveplan::score::Weights::load(p)?,
        None => waveplan::score::Weights::default(),
    };
    let plan_path = plan
        .map(Path::to_path_buf)
        .unwrap_or_else(|| session::default_plan_path(source.path.as_deref()));
    let workspace = Workspace::new(
        source.portfolio,
        weights,
        source.file,
        plan_path,
        session::export_base(source.path.as_deref()),
    )
    .with_portfolio_path(source.path.clone());
    let opening = session::open_plan(&workspace.plan_path, &workspace.portfolio, &workspace.graph)?;
    let given = capacity.apply(*opening.plan.capacity())?;
    let message = opening.message.clone();
    let session = Session::opened(&workspace, opening, RECOMMENDATIONS);
    let mut app = App::on(session, keymap, Theme::from_env());
    // The flags judge this session's plan; saving writes them into the plan file.
    app.edit("capacity from the command line", |p| p.set_capacity(given));
    if let Some(message) = message {
        app.error(message);
    } else if !source.warnings.is_empty() {
        app.error(format!(
            "The portfolio has {} warning(s); `waveplan check` lists them",
            source.warnings.len()
        ));
    }
    tui::run(&mut app).map_err(|e| Failure::Usage(e.to_string()))
}

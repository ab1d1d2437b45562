//! A plan session: the plan an architect edits on a portfolio, its undo history, what is saved
//! of it, and its analysis kept current edit by edit. The board and the CLI work through it;
//! it knows nothing of a terminal.

pub mod detail;
pub mod open;

use std::collections::VecDeque;
use std::path::PathBuf;

pub use self::detail::{Detail, DetailReason, Link};
pub use self::open::{Opening, default_plan_path, export_base, open_plan, plan_from_text};
use crate::analysis::edit::{self, Change, PlanEdit};
use crate::analysis::live::{Changes, LiveAnalysis};
use crate::analysis::{Analysis, Placement, Recommendation, SavedPlan, WaveFigures, WavePlan};
use crate::diagnostic::Severity;
use crate::graph::{AppIx, DependencyGraph};
use crate::model::Portfolio;
use crate::score::{PlanBoundary, ScoreCard, Scorer, Scores, Weights};
use crate::stamp::FileStamp;

/// How many edits undo can take back.
pub const UNDO_DEPTH: usize = 200;

/// What a session works on; it does not change while the session lasts.
#[derive(Debug)]
pub struct Workspace {
    pub portfolio: Portfolio,
    pub graph: DependencyGraph,
    pub weights: Weights,
    /// The portfolio as the header names it: its path, or the built-in sample's name.
    pub portfolio_file: String,
    /// Where the plan is saved.
    pub plan_path: PathBuf,
    /// Default export paths are this with the format's suffix (`retail` gives `retail.md`).
    pub export_base: String,
    /// The portfolio file, when it is one (not the built-in sample): exports never write it.
    pub portfolio_path: Option<PathBuf>,
}

impl Workspace {
    pub fn new(
        portfolio: Portfolio,
        weights: Weights,
        portfolio_file: impl Into<String>,
        plan_path: impl Into<PathBuf>,
        export_base: impl Into<String>,
    ) -> Workspace {
        let graph = DependencyGraph::build(&portfolio);
        Workspace::with_graph(
            portfolio,
            graph,
            weights,
            portfolio_file,
            plan_path,
            export_base,
        )
    }

    /// `new` with the graph already built.
    pub fn with_graph(
        portfolio: Portfolio,
        graph: DependencyGraph,
        weights: Weights,
        portfolio_file: impl Into<String>,
        plan_path: impl Into<PathBuf>,
        export_base: impl Into<String>,
    ) -> Workspace {
        Workspace {
            portfolio,
            graph,
            weights,
            portfolio_file: portfolio_file.into(),
            plan_path: plan_path.into(),
            export_base: export_base.into(),
            portfolio_path: None,
        }
    }

    /// The same workspace, knowing the portfolio's file (so that no export overwrites it).
    pub fn with_portfolio_path(mut self, path: Option<PathBuf>) -> Workspace {
        self.portfolio_path = path;
        self
    }
}

/// One step of the undo (or redo) history: the edit that takes it back, what it was called, and
/// `mark`, what the caller wants back with it (the board: where the focus and selection were).
#[derive(Debug, Clone)]
struct Step<M> {
    edit: PlanEdit,
    label: String,
    mark: M,
}

/// A step of the history taken back or done again.
#[derive(Debug, Clone)]
pub struct Replayed<M> {
    /// What the step was called.
    pub label: String,
    /// The mark it was recorded with.
    pub mark: M,
    pub changes: Vec<Change>,
}

/// A plan being edited on a workspace. `M` is what each undo step keeps beside the edit (`()`
/// when nothing is).
pub struct Session<'a, M = ()> {
    ws: &'a Workspace,
    scorer: Scorer<'a>,
    plan: WavePlan,
    /// The plan as it is on disk (or as the session started), and how the plan differs from it.
    saved: SavedPlan,
    undo: VecDeque<Step<M>>,
    redo: Vec<Step<M>>,
    /// The plan's analysis, kept up to date edit by edit, with the recommendations for the wave
    /// in focus.
    live: LiveAnalysis,
    /// Counts the edits: what was computed from the plan at one count is current while it stays.
    generation: u64,
    /// What was dropped from the plan file as it opened; the file then differs from `saved`.
    load_problems: Vec<String>,
    /// What the plan file held when the session last read or wrote it (`None`: no file then).
    pub disk: Option<FileStamp>,
}

impl<'a, M: Clone> Session<'a, M> {
    /// A session on `plan`, keeping the best `recommendations` for the first wave.
    pub fn new(ws: &'a Workspace, plan: WavePlan, recommendations: usize) -> Session<'a, M> {
        Session::for_wave(ws, plan, 0, recommendations)
    }

    /// A session on `plan`, keeping the best `top` recommendations for wave `wave` (0-based; one
    /// past the last: a new wave).
    pub fn for_wave(ws: &'a Workspace, plan: WavePlan, wave: usize, top: usize) -> Session<'a, M> {
        let scorer = Scorer::new(&ws.portfolio, &ws.graph, &ws.weights);
        let mut live = LiveAnalysis::new(&scorer, &plan, wave, top);
        let _ = live.take_changes();
        Session {
            ws,
            scorer,
            saved: SavedPlan::new(plan.clone()),
            plan,
            undo: VecDeque::new(),
            redo: Vec::new(),
            live,
            generation: 0,
            load_problems: Vec::new(),
            disk: None,
        }
    }

    /// A session on the plan `opening` read, with what it dropped and the file's stamp.
    pub fn opened(ws: &'a Workspace, opening: Opening, recommendations: usize) -> Session<'a, M> {
        let mut session = Session::new(ws, opening.plan, recommendations);
        session.load_problems = opening.problems;
        session.disk = opening.stamp;
        session
    }

    pub fn ws(&self) -> &'a Workspace {
        self.ws
    }

    pub fn portfolio(&self) -> &'a Portfolio {
        &self.ws.portfolio
    }

    pub fn graph(&self) -> &'a DependencyGraph {
        &self.ws.graph
    }

    pub fn scorer(&self) -> &Scorer<'a> {
        &self.scorer
    }

    pub fn plan(&self) -> &WavePlan {
        &self.plan
    }

    pub fn live(&self) -> &LiveAnalysis {
        &self.live
    }

    /// Changes with every edit (and only then).
    pub fn generation(&self) -> u64 {
        self.generation
    }

    /// How many apps can move.
    pub fn movable(&self) -> usize {
        self.ws.graph.movable_count()
    }

    /// Whether the plan differs from the one on disk.
    pub fn is_dirty(&self) -> bool {
        self.saved.differs(&self.plan) || !self.load_problems.is_empty()
    }

    /// The plan as it is on disk (or as the session started).
    pub fn saved_plan(&self) -> &WavePlan {
        self.saved.plan()
    }

    /// The plan is now what is on disk, as `stamp` says.
    pub fn mark_saved(&mut self, stamp: Option<FileStamp>) {
        self.saved = SavedPlan::new(self.plan.clone());
        self.load_problems.clear();
        self.disk = stamp;
    }

    /// The plan file's entries that could not stand and were left out (one message each): the
    /// plan is unsaved while there are any, since saving changes the file.
    pub fn load_problems(&self) -> &[String] {
        &self.load_problems
    }

    pub fn set_load_problems(&mut self, problems: Vec<String>) {
        self.load_problems = problems;
    }

    /// The figures of every wave.
    pub fn figures(&self) -> Vec<WaveFigures> {
        self.live.wave_figures()
    }

    /// The figures of wave `w`.
    pub fn wave_figures(&self, w: usize) -> WaveFigures {
        self.live.wave_figure(w)
    }

    pub fn can_undo(&self) -> bool {
        !self.undo.is_empty()
    }

    pub fn can_redo(&self) -> bool {
        !self.redo.is_empty()
    }

    /// Where `app` is in the plan.
    pub fn placement(&self, app: AppIx) -> Placement {
        Placement::of(&self.plan, &self.ws.graph, app)
    }

    /// The scores of `app` on the plan (as if it moved next, when unplanned).
    pub fn scores(&self, app: AppIx) -> Scores {
        self.live.scores()[app]
    }

    /// The worst finding that names `app`.
    pub fn mark(&self, app: AppIx) -> Option<Severity> {
        self.live.mark(app)
    }

    /// The recommendations for the wave in focus (`focus_wave`), best first.
    pub fn recommendations(&self) -> &[Recommendation] {
        self.live.recommendations()
    }

    /// Why the recommendations break a rule of the plan, when every candidate does ("Wave 2 is
    /// full: 10 of 10 apps").
    pub fn recommendation_note(&self) -> Option<&str> {
        self.live.note()
    }

    /// The wave the recommendations are for.
    pub fn focus_wave(&self) -> usize {
        self.live.focus()
    }

    /// Keep the recommendations for wave `wave` (0-based; one past the last: a new wave).
    pub fn set_focus_wave(&mut self, wave: usize) {
        if self.live.focus() != wave {
            self.live.refocus(&self.scorer, &self.plan, wave);
        }
    }

    /// The whole analysis of the plan, findings included (what exports need).
    pub fn analysis(&self) -> Analysis {
        self.live.to_analysis(&self.scorer, &self.plan)
    }

    /// The apps whose scores or wave changed since the last call, or all of them.
    pub fn take_changed_apps(&mut self) -> Changes {
        self.live.take_changes()
    }

    /// Apply `edit` to the plan as one undoable step named `label`, keeping `mark` with it, and
    /// bring the analysis up to date at the cost of what it changed. `None`: it changed nothing.
    pub fn apply(
        &mut self,
        label: impl Into<String>,
        edit: PlanEdit,
        mark: M,
    ) -> Option<Vec<Change>> {
        let (back, changes) = self.apply_edit(edit)?;
        self.undo.push_back(Step {
            edit: back,
            label: label.into(),
            mark,
        });
        if self.undo.len() > UNDO_DEPTH {
            self.undo.pop_front();
        }
        self.redo.clear();
        Some(changes)
    }

    /// Change the plan as a whole with `change` (an automatic plan, a plan read again), as one
    /// undoable step when it changed something.
    pub fn edit(
        &mut self,
        label: impl Into<String>,
        change: impl FnOnce(&mut WavePlan) -> bool,
        mark: M,
    ) -> Option<Vec<Change>> {
        let mut next = self.plan.clone();
        if !change(&mut next) {
            return None;
        }
        self.apply(label, PlanEdit::Replace(Box::new(next)), mark)
    }

    /// Move apps between waves (`None`: unplanned) as one undoable step.
    pub fn edit_moves(
        &mut self,
        label: impl Into<String>,
        moves: &[(AppIx, Option<usize>)],
        mark: M,
    ) -> Option<Vec<Change>> {
        let moves = moves
            .iter()
            .map(|&(app, to)| PlanEdit::move_to(&self.plan, app, to))
            .collect();
        self.apply(label, PlanEdit::Batch(moves), mark)
    }

    /// Take back the last edit; `now` is kept with its redo step.
    pub fn undo(&mut self, now: M) -> Option<Replayed<M>> {
        let step = self.undo.pop_back()?;
        let (back, replayed) = self.replay(step, now);
        self.redo.push(back);
        Some(replayed)
    }

    /// Do again the last edit taken back; `now` is kept with its undo step.
    pub fn redo(&mut self, now: M) -> Option<Replayed<M>> {
        let step = self.redo.pop()?;
        let (back, replayed) = self.replay(step, now);
        self.undo.push_back(back);
        Some(replayed)
    }

    /// Apply a step of the history; the step that takes it back (kept with `now`).
    fn replay(&mut self, step: Step<M>, now: M) -> (Step<M>, Replayed<M>) {
        let (back, changes) = self
            .apply_edit(step.edit)
            .expect("a step of the history changes the plan");
        let other = Step {
            edit: back,
            label: step.label.clone(),
            mark: now,
        };
        let replayed = Replayed {
            label: step.label,
            mark: step.mark,
            changes,
        };
        (other, replayed)
    }

    /// Apply `edit` and follow it in the analysis and the saved mark; the edit that takes it
    /// back, and what changed.
    fn apply_edit(&mut self, edit: PlanEdit) -> Option<(PlanEdit, Vec<Change>)> {
        let mut changes = Vec::new();
        let back = edit::apply(
            edit,
            &mut self.plan,
            &mut self.live,
            &self.scorer,
            &mut changes,
        )?;
        self.generation += 1;
        self.saved.follow(&self.plan, &changes);
        Some((back, changes))
    }

    /// The scores of `app` with their reasons, on the plan's boundary (for an unplanned app: as
    /// if it moved next).
    pub fn card(&self, app: AppIx) -> ScoreCard {
        self.scorer.explain(
            app,
            &PlanBoundary {
                ranks: self.plan.ranks(),
                wave: Analysis::scored_wave(&self.plan, app),
            },
        )
    }

    /// The detail of `app` on the plan.
    pub fn detail(&self, app: AppIx) -> Detail {
        detail::detail_of(self, app)
    }
}

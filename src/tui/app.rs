//! The session: the portfolio, graph and weights it works on (a `Workspace`), the plan with its
//! undo history, the plan's analysis and recommendations, and the state of the screen (focus,
//! selection, filter, mode, message). Edits go through `App::edit`, which keeps all of it current.

use std::path::PathBuf;

use super::action::Action;
use super::changes::ChangeLine;
pub use super::detail::{Detail, DetailReason, Link, Place};
use super::export::ExportFormat;
pub use super::form::CapacityForm;
use super::keymap::{Keymap, ModeKind};
pub use super::planning::Planning;
use super::theme::Theme;
use crate::analysis::live::LiveAnalysis;
use crate::analysis::{Analysis, Finding, Recommendation, WaveFigures, WavePlan};
use crate::diagnostic::Severity;
use crate::graph::{AppIx, DependencyGraph};
use crate::model::Portfolio;
use crate::score::{Scorer, Scores, Weights};

/// How many recommendations are kept: one per key `1`..`9`.
pub const RECOMMENDATIONS: usize = 9;

/// How many edits `u` can take back.
pub const UNDO_DEPTH: usize = 200;

/// What a session works on; it does not change while the board is open.
#[derive(Debug)]
pub struct Workspace {
    pub portfolio: Portfolio,
    pub graph: DependencyGraph,
    pub weights: Weights,
    /// The portfolio as the header names it: its path, or the built-in sample's name.
    pub portfolio_file: String,
    /// Where `s` writes the plan.
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

/// What the keyboard is talking to, with the state of that overlay or prompt.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Mode {
    Board,
    Help {
        scroll: usize,
    },
    Dependencies {
        scroll: usize,
    },
    Findings {
        scroll: usize,
    },
    /// What changed since the saved plan.
    Changes {
        scroll: usize,
    },
    /// The capacity form.
    Capacity(CapacityForm),
    /// Typing the filter; the filter applies as it is typed. `before` is restored by Esc.
    Filter {
        before: String,
    },
    Rename {
        wave: usize,
        text: String,
    },
    Confirm(Confirm),
    ExportMenu {
        selected: usize,
    },
    ExportPath {
        format: ExportFormat,
        text: String,
    },
}

/// A question the board asks before it acts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Confirm {
    AutoPlan,
    Quit,
    /// The export target exists: write over it?
    Overwrite {
        format: ExportFormat,
        path: PathBuf,
    },
    /// `action` would change locked wave `wave` by hand: do it anyway?
    Locked {
        wave: usize,
        action: Action,
    },
    /// The plan file changed on disk since the board read it: overwrite it, save elsewhere or
    /// reload it? (`then_quit`: the save was to end the session.)
    Changed {
        then_quit: bool,
    },
}

impl Mode {
    pub fn kind(&self) -> ModeKind {
        match self {
            Mode::Board => ModeKind::Board,
            Mode::Help { .. } => ModeKind::Help,
            Mode::Dependencies { .. } => ModeKind::Dependencies,
            Mode::Findings { .. } => ModeKind::Findings,
            Mode::Changes { .. } => ModeKind::Changes,
            Mode::Capacity(_) => ModeKind::Form,
            Mode::Confirm(_) => ModeKind::Confirm,
            Mode::ExportMenu { .. } => ModeKind::ExportMenu,
            Mode::Filter { .. } | Mode::Rename { .. } | Mode::ExportPath { .. } => ModeKind::Text,
        }
    }
}

/// The footer's message: what the last action did, or why it did not.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Message {
    pub text: String,
    pub error: bool,
    /// Done, but against a rule of the plan (in the warning colour).
    pub warning: bool,
}

/// One column of the board: Unplanned (`wave: None`) or a wave, with the apps the filter shows
/// in display order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Column {
    pub wave: Option<usize>,
    pub apps: Vec<AppIx>,
    /// Apps in the column before the filter.
    pub total: usize,
}

#[derive(Debug, Clone)]
struct Snapshot {
    plan: WavePlan,
    label: String,
    focus: usize,
    selected: Option<AppIx>,
}

/// The whole state of a board session.
pub struct App<'a> {
    pub ws: &'a Workspace,
    pub scorer: Scorer<'a>,
    pub keymap: Keymap,
    pub theme: Theme,
    pub plan: WavePlan,
    /// The plan as it is on disk (or as the session started), for the unsaved mark.
    saved: WavePlan,
    undo: Vec<Snapshot>,
    redo: Vec<Snapshot>,
    /// The plan's analysis, kept up to date edit by edit, with the recommendations for
    /// `target_wave()`.
    pub live: LiveAnalysis,
    /// The figures of each wave, as of the last edit.
    pub figures: Vec<WaveFigures>,
    /// How many apps can move.
    pub movable: usize,
    detail_for: Option<(Option<AppIx>, u64)>,
    generation: u64,
    pub columns: Vec<Column>,
    pub focus: usize,
    cursors: Vec<usize>,
    pub filter: String,
    /// Lower-case id, name, owner and tags of every app, for the filter.
    search: Vec<String>,
    /// Each app's place in id order, for sorting without comparing strings.
    id_rank: Vec<u32>,
    /// The widest app id on screen (at most 40 columns), for the width of the board's columns.
    pub id_width: usize,
    /// Whether the plan differs from `saved` (kept up to date on every edit).
    dirty: bool,
    /// What was dropped from the plan file as it opened; the file then differs from `saved`.
    pub load_problems: Vec<String>,
    /// What the plan file held when the board last read or wrote it (`None`: no file then).
    pub disk: Option<crate::stamp::FileStamp>,
    /// The plan's findings as the findings overlay opened (the plan cannot change while it is
    /// open), so frames do not list them again.
    pub findings: Vec<Finding>,
    /// What changed since the saved plan, as the changes overlay opened.
    pub changes: Vec<ChangeLine>,
    /// The automatic planner at work, while it runs.
    pub planning: Option<Planning>,
    pub mode: Mode,
    pub message: Option<Message>,
    pub detail: Option<Detail>,
    pub quit: bool,
}

impl<'a> App<'a> {
    pub fn new(ws: &'a Workspace, plan: WavePlan, keymap: Keymap, theme: Theme) -> App<'a> {
        let scorer = Scorer::new(&ws.portfolio, &ws.graph, &ws.weights);
        let live = LiveAnalysis::new(&scorer, &plan, 0, RECOMMENDATIONS);
        let search = ws
            .portfolio
            .apps
            .iter()
            .map(|a| {
                let mut s = a.id.to_lowercase();
                for part in a.name.iter().chain(a.owner.iter()).chain(a.tags.iter()) {
                    s.push('\n');
                    s.push_str(&part.to_lowercase());
                }
                s
            })
            .collect();
        let mut by_id: Vec<AppIx> = (0..ws.portfolio.apps.len()).collect();
        by_id.sort_by(|&x, &y| ws.portfolio.apps[x].id.cmp(&ws.portfolio.apps[y].id));
        let mut id_rank = vec![0u32; by_id.len()];
        for (rank, &a) in by_id.iter().enumerate() {
            id_rank[a] = rank as u32;
        }
        let mut app = App {
            ws,
            scorer,
            keymap,
            theme,
            saved: plan.clone(),
            plan,
            undo: Vec::new(),
            redo: Vec::new(),
            figures: live.wave_figures(),
            live,
            movable: ws.graph.movable_count(),
            detail_for: None,
            generation: 0,
            columns: Vec::new(),
            focus: 0,
            cursors: Vec::new(),
            filter: String::new(),
            search,
            id_rank,
            id_width: ws
                .portfolio
                .apps
                .iter()
                .map(|a| {
                    unicode_width::UnicodeWidthStr::width(&*crate::diagnostic::printable(&a.id))
                        .min(40)
                })
                .max()
                .unwrap_or(0),
            dirty: false,
            load_problems: Vec::new(),
            disk: None,
            findings: Vec::new(),
            changes: Vec::new(),
            planning: None,
            mode: Mode::Board,
            message: None,
            detail: None,
            quit: false,
        };
        // Start on Unplanned with its easiest app selected; the recommendations are for wave 1.
        app.rebuild_columns();
        app.sync();
        app
    }

    pub fn portfolio(&self) -> &'a Portfolio {
        &self.ws.portfolio
    }

    pub fn graph(&self) -> &'a DependencyGraph {
        &self.ws.graph
    }

    pub fn mode_kind(&self) -> ModeKind {
        self.mode.kind()
    }

    /// Whether the plan differs from the one on disk.
    pub fn is_dirty(&self) -> bool {
        self.dirty
    }

    /// The plan as it is on disk (or as the session started).
    pub fn saved_plan(&self) -> &WavePlan {
        &self.saved
    }

    /// The plan is now what is on disk.
    pub fn mark_saved(&mut self) {
        self.saved = self.plan.clone();
        self.load_problems.clear();
        self.dirty = false;
    }

    /// The plan file's entries that could not stand and were left out (one message each): the
    /// findings overlay lists them, and the plan is unsaved, since saving changes the file.
    pub fn set_load_problems(&mut self, problems: Vec<String>) {
        self.load_problems = problems;
        self.dirty = self.plan != self.saved || !self.load_problems.is_empty();
    }

    pub fn can_undo(&self) -> bool {
        !self.undo.is_empty()
    }

    pub fn can_redo(&self) -> bool {
        !self.redo.is_empty()
    }

    /// The focused wave, `None` when Unplanned has the focus.
    pub fn focused_wave(&self) -> Option<usize> {
        self.columns.get(self.focus).and_then(|c| c.wave)
    }

    /// The wave the recommendations are for: the focused wave, or wave 1 from Unplanned (with no
    /// wave at all, a first wave still to be made).
    pub fn target_wave(&self) -> usize {
        self.focused_wave().unwrap_or(0)
    }

    /// The cursor (row index) of a column.
    pub fn cursor(&self, column: usize) -> usize {
        self.cursors.get(column).copied().unwrap_or(0)
    }

    /// The selected app: the app under the cursor of the focused column.
    pub fn selected(&self) -> Option<AppIx> {
        self.columns
            .get(self.focus)
            .and_then(|c| c.apps.get(self.cursor(self.focus)).copied())
    }

    /// Where `app` is in the plan.
    pub fn place(&self, app: AppIx) -> Place {
        match self.plan.wave_of(app) {
            Some(w) => Place::Wave(w),
            None if self.ws.graph.is_movable(app) => Place::Unplanned,
            None => Place::NeverMoves,
        }
    }

    pub fn info(&mut self, text: impl Into<String>) {
        self.message = Some(Message {
            text: text.into(),
            error: false,
            warning: false,
        });
    }

    /// What was done, and the rule of the plan it broke.
    pub fn warn(&mut self, text: impl Into<String>) {
        self.message = Some(Message {
            text: text.into(),
            error: false,
            warning: true,
        });
    }

    pub fn error(&mut self, text: impl Into<String>) {
        self.message = Some(Message {
            text: text.into(),
            error: true,
            warning: false,
        });
    }

    /// Change the plan with `change`. When it changed something, the old plan goes on the undo
    /// stack under `label` and everything shown is brought up to date; returns whether it did.
    pub fn edit(
        &mut self,
        label: impl Into<String>,
        change: impl FnOnce(&mut WavePlan) -> bool,
    ) -> bool {
        self.edit_analysed(label.into(), change, true)
    }

    /// `edit` for what the analysis does not read (a wave's lock, an app's pin): the plan is
    /// not analysed again.
    pub fn edit_marks(
        &mut self,
        label: impl Into<String>,
        change: impl FnOnce(&mut WavePlan) -> bool,
    ) -> bool {
        self.edit_analysed(label.into(), change, false)
    }

    fn edit_analysed(
        &mut self,
        label: String,
        change: impl FnOnce(&mut WavePlan) -> bool,
        analyse: bool,
    ) -> bool {
        let before = self.snapshot(label);
        // Swapping two empty unnamed waves, say, changes nothing: no undo step for it.
        if !change(&mut self.plan) || self.plan == before.plan {
            self.plan = before.plan;
            return false;
        }
        if analyse {
            self.live.rebuild(&self.scorer, &self.plan);
        }
        self.push_undo(before);
        true
    }

    /// Move apps between waves (`None`: unplanned), as one undoable edit. The analysis follows
    /// each move incrementally. Returns whether any app moved.
    pub fn edit_moves(
        &mut self,
        label: impl Into<String>,
        moves: &[(AppIx, Option<usize>)],
    ) -> bool {
        let before = self.snapshot(label.into());
        let mut moved = false;
        for &(app, to) in moves {
            if self.plan.move_app(app, to) {
                self.live.app_moved(&self.scorer, &self.plan, app);
                moved = true;
            }
        }
        if moved {
            self.push_undo(before);
        }
        moved
    }

    fn push_undo(&mut self, before: Snapshot) {
        self.undo.push(before);
        if self.undo.len() > UNDO_DEPTH {
            self.undo.remove(0);
        }
        self.redo.clear();
        self.refresh_plan();
    }

    fn snapshot(&self, label: String) -> Snapshot {
        Snapshot {
            plan: self.plan.clone(),
            label,
            focus: self.focus,
            selected: self.selected(),
        }
    }

    /// Take back the last edit; returns what it was.
    pub fn undo(&mut self) -> Option<String> {
        let back = self.undo.pop()?;
        let now = self.snapshot(back.label.clone());
        self.redo.push(now);
        Some(self.restore(back))
    }

    /// Do again the last edit taken back; returns what it was.
    pub fn redo(&mut self) -> Option<String> {
        let again = self.redo.pop()?;
        let now = self.snapshot(again.label.clone());
        self.undo.push(now);
        Some(self.restore(again))
    }

    fn restore(&mut self, snapshot: Snapshot) -> String {
        self.plan = snapshot.plan;
        self.focus = snapshot.focus;
        self.live.rebuild(&self.scorer, &self.plan);
        self.refresh_plan();
        match snapshot.selected {
            Some(app) => self.select_app(app),
            None => self.set_focus(snapshot.focus),
        }
        snapshot.label
    }

    /// Keep the open overlay's scroll within what it can show (`max` as the view last drew it),
    /// so that scrolling back up answers at once.
    pub fn clamp_overlay_scroll(&mut self, max: usize) {
        if let Mode::Help { scroll }
        | Mode::Dependencies { scroll }
        | Mode::Findings { scroll }
        | Mode::Changes { scroll } = &mut self.mode
        {
            *scroll = (*scroll).min(max);
        }
    }

    /// The columns the board shows: all of them, or under a filter Unplanned, the focused
    /// column and the waves with a match.
    pub fn visible_columns(&self) -> Vec<usize> {
        (0..self.columns.len())
            .filter(|&c| self.column_visible(c))
            .collect()
    }

    fn column_visible(&self, c: usize) -> bool {
        self.filter.is_empty() || c == 0 || c == self.focus || !self.columns[c].apps.is_empty()
    }

    /// Focus the next shown column before (`forward` false) or after the focused one; returns
    /// whether there was one.
    pub fn focus_step(&mut self, forward: bool) -> bool {
        let next = if forward {
            (self.focus + 1..self.columns.len()).find(|&c| self.column_visible(c))
        } else {
            (0..self.focus).rev().find(|&c| self.column_visible(c))
        };
        match next {
            Some(c) => {
                self.focus = c;
                true
            }
            None => false,
        }
    }

    /// Focus column `column` (clamped).
    pub fn set_focus(&mut self, column: usize) {
        self.focus = column.min(self.columns.len().saturating_sub(1));
    }

    /// Put the cursor of the focused column on row `row` (clamped).
    pub fn set_cursor(&mut self, row: usize) {
        let len = self.columns.get(self.focus).map_or(0, |c| c.apps.len());
        if let Some(c) = self.cursors.get_mut(self.focus) {
            *c = row.min(len.saturating_sub(1));
        }
    }

    /// Focus the column that holds `app` and select it there. When the filter hides the app,
    /// only the column is focused.
    pub fn select_app(&mut self, app: AppIx) {
        let column = self.plan.wave_of(app).map_or(0, |w| w + 1);
        self.focus = column.min(self.columns.len().saturating_sub(1));
        if let Some(row) = self.columns[self.focus].apps.iter().position(|&a| a == app) {
            self.cursors[self.focus] = row;
        }
    }

    /// Show only the apps whose id, name, owner or a tag contains `text` (any case).
    pub fn set_filter(&mut self, text: String) {
        if text != self.filter {
            self.filter = text;
            self.rebuild_columns();
        }
    }

    /// After the plan and `live` changed: the figures, the unsaved mark and the columns
    /// (`sync` does the rest).
    fn refresh_plan(&mut self) {
        self.generation += 1;
        self.dirty = self.plan != self.saved || !self.load_problems.is_empty();
        self.figures = self.live.wave_figures();
        self.rebuild_columns();
    }

    /// The scores of `app` on the plan (as if it moved next, when unplanned).
    pub fn scores(&self, app: AppIx) -> Scores {
        self.live.scores()[app]
    }

    /// The worst finding that names `app`.
    pub fn mark(&self, app: AppIx) -> Option<Severity> {
        self.live.mark(app)
    }

    /// The recommendations for `target_wave()`, best first.
    pub fn recommendations(&self) -> &[Recommendation] {
        self.live.recommendations()
    }

    /// The whole analysis of the plan, findings included (what exports need).
    pub fn full_analysis(&self) -> Analysis {
        self.live.to_analysis(&self.scorer, &self.plan)
    }

    /// Sort and filter every column, keeping the selected app selected where it still shows.
    fn rebuild_columns(&mut self) {
        let keep = self.selected();
        let needle = self.filter.to_lowercase();
        let graph = &self.ws.graph;
        let scores = self.live.scores();
        // One sort of every shown app (easiest first, ties by id), then a pass that deals them
        // out to their columns in that order.
        // Sort keys: hardness (100 - ease), then id order, then the app itself, in one number.
        let mut order: Vec<u64> = (0..self.plan.app_count())
            .filter(|&a| needle.is_empty() || self.search[a].contains(&needle))
            .map(|a| {
                (u64::from(100 - scores[a].ease.min(100)) << 56)
                    | (u64::from(self.id_rank[a]) << 28)
                    | a as u64
            })
            .collect();
        order.sort_unstable();
        let waves = self.plan.wave_count();
        self.columns.truncate(waves + 1);
        while self.columns.len() < waves + 1 {
            self.columns.push(Column {
                wave: None,
                apps: Vec::new(),
                total: 0,
            });
        }
        for (c, column) in self.columns.iter_mut().enumerate() {
            column.wave = c.checked_sub(1);
            column.apps.clear();
            column.total = match column.wave {
                Some(w) => self.plan.waves()[w].apps.len(),
                None => self.plan.app_count() - self.plan.planned_count(),
            };
        }
        // Unplanned: the movable apps first.
        let mut never = Vec::new();
        for a in order.into_iter().map(|k| (k & ((1 << 28) - 1)) as AppIx) {
            match self.plan.wave_of(a) {
                Some(w) => self.columns[w + 1].apps.push(a),
                None if graph.is_movable(a) => self.columns[0].apps.push(a),
                None => never.push(a),
            }
        }
        self.columns[0].apps.extend(never);
        self.cursors.resize(self.columns.len(), 0);
        self.focus = self.focus.min(self.columns.len() - 1);
        for (c, column) in self.columns.iter().enumerate() {
            self.cursors[c] = self.cursors[c].min(column.apps.len().saturating_sub(1));
        }
        if let Some(app) = keep
            && let Some(row) = self.columns[self.focus].apps.iter().position(|&a| a == app)
        {
            self.cursors[self.focus] = row;
        }
    }

    /// Bring what depends on the focus, the selection and the plan up to date: the
    /// recommendations for the focused wave and the detail of the selected app. `update` calls
    /// this after every action; it only recomputes what changed.
    pub fn sync(&mut self) {
        let target = self.target_wave();
        if self.live.focus() != target {
            self.live.refocus(&self.scorer, &self.plan, target);
        }
        let key = (self.selected(), self.generation);
        if self.detail_for != Some(key) {
            self.detail = key.0.map(|app| super::detail::detail_of(self, app));
            self.detail_for = Some(key);
        }
    }
}

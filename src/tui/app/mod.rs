//! The board's state: the plan session it shows (`session::Session`) and the screen around it
//! (columns, focus, cursors, filter, mode, message). Edits go through `App::apply`, which keeps
//! the session and the columns current.

mod columns;

use super::action::Action;
pub use super::column::{Column, ColumnApps};
use super::export::ExportFormat;
pub use super::input::TextInput;
use super::keymap::Keymap;
pub use super::overlay::capacity::CapacityForm;
use super::overlay::changes::ChangeLine;
pub use super::overlay::confirm::Confirm;
pub use super::overlay::findings::{FindingRow, FindingsState};
pub use super::planning::Planning;
use super::theme::Theme;
pub use crate::analysis::Placement;
use crate::analysis::edit::{Change, PlanEdit};
use crate::analysis::{Finding, WavePlan};
use crate::graph::{AppIx, DependencyGraph};
use crate::model::Portfolio;
use crate::session::Replayed;
pub use crate::session::{Detail, DetailReason, Link, Session, Workspace};

/// How many recommendations are kept: one per key `1`..`9`.
pub const RECOMMENDATIONS: usize = 9;

/// What the keyboard is talking to, with the state of that overlay or prompt.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Mode {
    Board,
    Help {
        scroll: usize,
    },
    /// The dependency view of the selected app: the chosen link (needs first, then needed
    /// by), and the apps it was followed from (`Esc` goes back to the last).
    Dependencies {
        scroll: usize,
        chosen: usize,
        trail: Vec<AppIx>,
    },
    Findings(FindingsState),
    /// The hybrid cost and the open hybrid links after each wave, as charts.
    Chart,
    /// What changed since the saved plan.
    Changes {
        scroll: usize,
    },
    /// The capacity form.
    Capacity(CapacityForm),
    /// Typing the filter; the filter applies as it is typed. `before` is restored by Esc.
    Filter {
        before: String,
        text: TextInput,
    },
    Rename {
        wave: usize,
        text: TextInput,
    },
    Notes {
        wave: usize,
        text: TextInput,
    },
    /// Typing the name of an app or a wave to jump to.
    Jump {
        text: TextInput,
    },
    Confirm(Confirm),
    ExportMenu {
        selected: usize,
    },
    ExportPath {
        format: ExportFormat,
        text: TextInput,
    },
}

/// The footer's message: what the last action did, or why it did not.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Message {
    pub text: String,
    pub error: bool,
    /// Done, but against a rule of the plan (in the warning colour).
    pub warning: bool,
}

/// Where the board was when an edit was made: the focused column and the selected app, which
/// undo and redo return to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct View {
    pub focus: usize,
    pub selected: Option<AppIx>,
}

/// The key of an app that has no card (the filter hides it).
const NO_CARD: u64 = u64::MAX;

/// The whole state of a board session.
pub struct App<'a> {
    /// The plan, its history and its analysis (with the recommendations for `target_wave()`).
    pub session: Session<'a, View>,
    pub keymap: Keymap,
    pub theme: Theme,
    detail_for: Option<(Option<AppIx>, u64)>,
    pub columns: Vec<Column>,
    pub focus: usize,
    cursors: Vec<usize>,
    pub filter: String,
    /// Lower-case id, name, owner and tags of every app, for the filter.
    search: Vec<String>,
    /// Each app's place in id order, for sorting without comparing strings.
    id_rank: Vec<u32>,
    /// The sort key of each app's card in its column (`NO_CARD`: hidden by the filter).
    cards: Vec<u64>,
    /// The widest app id on screen (at most 40 columns), for the width of the board's columns.
    pub id_width: usize,
    /// The plan's findings as the findings overlay opened (the plan cannot change while it is
    /// open), so frames do not list them again.
    pub findings: Vec<Finding>,
    /// The rows of the findings overlay, as its search narrows them.
    pub finding_rows: Vec<FindingRow>,
    /// The findings' texts in lower case, made when the overlay is first searched.
    pub finding_texts: Option<Vec<String>>,
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
        App::on(Session::new(ws, plan, RECOMMENDATIONS), keymap, theme)
    }

    /// The board on `session`.
    pub fn on(session: Session<'a, View>, keymap: Keymap, theme: Theme) -> App<'a> {
        let ws = session.ws();
        let search = ws
            .portfolio
            .apps
            .iter()
            .map(|a| {
                let mut s = a.id.as_str().to_lowercase();
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
            session,
            keymap,
            theme,
            detail_for: None,
            columns: Vec::new(),
            focus: 0,
            cursors: Vec::new(),
            filter: String::new(),
            search,
            id_rank,
            cards: Vec::new(),
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
            findings: Vec::new(),
            finding_rows: Vec::new(),
            finding_texts: None,
            changes: Vec::new(),
            planning: None,
            mode: Mode::Board,
            message: None,
            detail: None,
            quit: false,
        };
        // Start on Unplanned with its easiest app selected; the recommendations are for wave 1.
        let _ = app.session.take_changed_apps();
        app.rebuild_columns();
        app.sync();
        app
    }

    pub fn portfolio(&self) -> &'a Portfolio {
        self.session.portfolio()
    }

    pub fn graph(&self) -> &'a DependencyGraph {
        self.session.graph()
    }

    /// The plan being edited.
    pub fn plan(&self) -> &WavePlan {
        self.session.plan()
    }

    /// The action of a key press: the keymap's on the board, else the open overlay's table's.
    pub fn key_action(&self, event: &crossterm::event::KeyEvent) -> Option<Action> {
        let board = self.keymap.board_action(event);
        match super::overlay::keys_of(&self.mode) {
            None => board,
            Some(keys) => keys.action(event, board),
        }
    }

    /// Where the board is now, as undo keeps it.
    pub fn view(&self) -> View {
        View {
            focus: self.focus,
            selected: self.selected(),
        }
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
            .and_then(|c| c.apps.get(self.cursor(self.focus)))
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

    /// Apply `edit` to the plan as one undoable step named `label`, and bring everything shown
    /// up to date at the cost of what it changed. Returns whether it changed anything.
    pub fn apply(&mut self, label: impl Into<String>, edit: PlanEdit) -> bool {
        self.on_session(|session, view| session.apply(label, edit, view))
    }

    /// Change the plan as a whole with `change` (an automatic plan, a plan read again). When
    /// it changed something, the step goes on the undo history under `label` and everything
    /// shown is brought up to date; returns whether it did.
    pub fn edit(
        &mut self,
        label: impl Into<String>,
        change: impl FnOnce(&mut WavePlan) -> bool,
    ) -> bool {
        self.on_session(|session, view| session.edit(label, change, view))
    }

    /// Move apps between waves (`None`: unplanned), as one undoable edit. Returns whether any
    /// app moved.
    pub fn edit_moves(
        &mut self,
        label: impl Into<String>,
        moves: &[(AppIx, Option<usize>)],
    ) -> bool {
        self.on_session(|session, view| session.edit_moves(label, moves, view))
    }

    /// Make an edit on the session, kept with where the board is now, and follow what it
    /// changed (none: nothing) in the columns, the selection kept; whether there was an edit.
    fn on_session(
        &mut self,
        edit: impl FnOnce(&mut Session<'a, View>, View) -> Option<Vec<Change>>,
    ) -> bool {
        let view = self.view();
        match edit(&mut self.session, view) {
            Some(changes) => {
                self.follow_columns(&changes, view.selected);
                true
            }
            None => false,
        }
    }

    /// Take back the last edit; returns what it was.
    pub fn undo(&mut self) -> Option<String> {
        let view = self.view();
        let step = self.session.undo(view)?;
        Some(self.replayed(step, view.selected))
    }

    /// Do again the last edit taken back; returns what it was.
    pub fn redo(&mut self) -> Option<String> {
        let view = self.view();
        let step = self.session.redo(view)?;
        Some(self.replayed(step, view.selected))
    }

    /// Follow a step of the history and return to the focus and selection it kept.
    fn replayed(&mut self, step: Replayed<View>, keep: Option<AppIx>) -> String {
        self.follow_columns(&step.changes, keep);
        let View { focus, selected } = step.mark;
        self.focus = focus.min(self.columns.len().saturating_sub(1));
        match selected {
            Some(app) => self.select_app(app),
            None => self.set_focus(focus),
        }
        step.label
    }

    /// Keep the open overlay's scroll within what it can show (`max` as the view last drew it),
    /// so that scrolling back up answers at once.
    pub fn clamp_overlay_scroll(&mut self, max: usize) {
        if let Mode::Help { scroll }
        | Mode::Dependencies { scroll, .. }
        | Mode::Changes { scroll } = &mut self.mode
        {
            *scroll = (*scroll).min(max);
        }
    }

    /// Bring what depends on the focus, the selection and the plan up to date: the
    /// recommendations for the focused wave and the detail of the selected app. `update` calls
    /// this after every action; it only recomputes what changed.
    pub fn sync(&mut self) {
        let target = self.target_wave();
        self.session.set_focus_wave(target);
        let key = (self.selected(), self.session.generation());
        if self.detail_for != Some(key) {
            self.detail = key.0.map(|app| self.session.detail(app));
            self.detail_for = Some(key);
        }
    }
}

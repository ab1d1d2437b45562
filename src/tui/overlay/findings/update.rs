//! The findings overlay: open it on the plan's findings, move the selection, search, and follow
//! the selected finding to its app and wave.

use super::{self as findings, FindingRow, FindingsState};
use crate::tui::action::Action;
use crate::tui::app::{App, Mode};
use crate::tui::update::{PAGE, wave_name};

/// Open the overlay on the plan's findings.
pub fn open(app: &mut App<'_>) {
    app.findings = findings::grouped(
        app.session
            .live()
            .findings(app.session.scorer(), app.plan()),
    );
    app.finding_texts = None;
    search(app, FindingsState::default());
}

/// Narrow the list to `state`'s query; the selection goes to the first finding kept.
pub fn search(app: &mut App<'_>, mut state: FindingsState) {
    if !state.query.is_empty() && app.finding_texts.is_none() {
        let (portfolio, graph, plan) = (app.portfolio(), app.graph(), &app.plan());
        app.finding_texts = Some(
            app.findings
                .iter()
                .map(|f| findings::text(f, portfolio, graph, plan).to_lowercase())
                .collect(),
        );
    }
    let texts = app.finding_texts.as_deref().unwrap_or_default();
    app.finding_rows = findings::rows(
        &app.findings,
        app.session.load_problems(),
        &state.query,
        |i| texts.get(i).cloned().unwrap_or_default(),
    );
    state.selected = findings::selectable(&app.finding_rows, 0, true);
    app.mode = Mode::Findings(state);
}

/// Carry out `action` in the overlay.
pub fn update(app: &mut App<'_>, action: Action, mut state: FindingsState) {
    if state.typing {
        if state.query.apply(action) {
            search(app, state);
            return;
        }
        match action {
            Action::Submit => state.typing = false,
            Action::Cancel => {
                state.typing = false;
                state.query = Default::default();
                search(app, state);
                return;
            }
            _ => {}
        }
        app.mode = Mode::Findings(state);
        return;
    }
    let rows = &app.finding_rows;
    let last = rows.len().saturating_sub(1);
    let at = state.selected;
    state.selected = match action {
        Action::ScrollUp => findings::selectable(rows, at.saturating_sub(1), false),
        Action::ScrollDown => findings::selectable(rows, (at + 1).min(last), true),
        Action::PageUp => findings::selectable(rows, at.saturating_sub(PAGE), false),
        Action::PageDown => findings::selectable(rows, (at + PAGE).min(last), true),
        Action::SelectFirst => findings::selectable(rows, 0, true),
        Action::SelectLast => findings::selectable(rows, last, false),
        Action::Filter => {
            state.typing = true;
            state.query = crate::tui::input::TextInput::prefilled(state.query.into_text());
            at
        }
        Action::Close if !state.query.is_empty() => {
            state.query = Default::default();
            search(app, state);
            return;
        }
        Action::Close => {
            app.mode = Mode::Board;
            return;
        }
        Action::Submit => {
            jump(app, at);
            return;
        }
        _ => at,
    };
    app.mode = Mode::Findings(state);
}

/// Close the overlay on the app the finding at `row` names first, in its wave (or on its wave,
/// when it names no app).
fn jump(app: &mut App<'_>, row: usize) {
    let Some(FindingRow::Finding(i)) = app.finding_rows.get(row).copied() else {
        if let Some(FindingRow::Dropped(_)) = app.finding_rows.get(row) {
            app.mode = Mode::Board;
            app.info("That entry was dropped from the plan file: it is on no wave; saving removes it from the file");
        }
        return;
    };
    let finding = app.findings[i].clone();
    app.mode = Mode::Board;
    let apps = finding.apps(app.graph());
    match (apps.first(), finding.wave()) {
        (Some(&a), _) => {
            if !app.filter.is_empty() {
                app.set_filter(String::new());
            }
            app.select_app(a);
            let id = crate::diagnostic::printable(&app.portfolio().apps[a].id).into_owned();
            let place = match app.plan().wave_of(a) {
                Some(w) => wave_name(app, w),
                None => "Unplanned".to_string(),
            };
            app.info(format!("{id} in {place}: {}", finding.code()));
        }
        (None, Some(w)) => {
            app.set_focus(w + 1);
            app.info(format!("{}: {}", wave_name(app, w), finding.code()));
        }
        (None, None) => {}
    }
}

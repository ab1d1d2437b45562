//! The jump (`:`) to an app or a wave by name: what a text names, the prompt with its keys as a
//! table, its update and its popup (which says where Enter goes as it is typed).

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::Line;

use super::keys::{Keys, TEXT_EDITING, cancel, submit};
use super::prompt::{hint_line, input, popup};
use crate::diagnostic::printable;
use crate::graph::AppIx;
use crate::tui::action::Action;
use crate::tui::app::{App, Mode, TextInput};
use crate::tui::update::{app_id, wave_name};
use crate::tui::view::{clean, fit};

/// The keys of the jump prompt.
pub const KEYS: Keys = Keys {
    title: "Jump to",
    groups: &[&[submit("go"), cancel("cancel")], TEXT_EDITING],
    board: &[],
};

/// Open the prompt, empty.
pub fn open(app: &mut App<'_>) {
    app.mode = Mode::Jump {
        text: TextInput::empty(),
    };
}

/// What a jump's text names: an app (by id, then by name; exact before a prefix before a part)
/// or a wave (by its label, or its number).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Target {
    App(AppIx),
    Wave(usize),
}

pub fn find_target(app: &App<'_>, text: &str) -> Option<Target> {
    let needle = text.trim().to_lowercase();
    if needle.is_empty() {
        return None;
    }
    let plan = &app.plan();
    let number = needle
        .strip_prefix("wave")
        .unwrap_or(&needle)
        .trim()
        .parse::<usize>()
        .ok();
    let waves = plan.wave_count();
    if let Some(w) = (0..waves).find(|&w| plan.label(w).to_lowercase() == needle) {
        return Some(Target::Wave(w));
    }
    let apps = &app.portfolio().apps;
    if let Some(a) = app.graph().find(text.trim()) {
        return Some(Target::App(a));
    }
    if let Some(n) = number.filter(|&n| (1..=waves).contains(&n)) {
        return Some(Target::Wave(n - 1));
    }
    let lower = |s: &str| s.to_lowercase();
    let best = |test: &dyn Fn(&str) -> bool| {
        (0..apps.len())
            .filter(|&a| {
                test(&lower(&apps[a].id))
                    || apps[a].name.as_deref().is_some_and(|n| test(&lower(n)))
            })
            .min_by(|&x, &y| {
                apps[x]
                    .id
                    .len()
                    .cmp(&apps[y].id.len())
                    .then(apps[x].id.cmp(&apps[y].id))
            })
    };
    if let Some(a) = best(&|s| s == needle) {
        return Some(Target::App(a));
    }
    if let Some(w) = (0..waves).find(|&w| plan.label(w).to_lowercase().starts_with(&needle)) {
        return Some(Target::Wave(w));
    }
    best(&|s| s.starts_with(&needle))
        .or_else(|| best(&|s| s.contains(&needle)))
        .map(Target::App)
}

/// Carry out `action` in the jump prompt.
pub fn update(app: &mut App<'_>, action: Action, mut text: TextInput) {
    if text.apply(action) {
        app.mode = Mode::Jump { text };
        return;
    }
    match action {
        Action::Submit => {
            app.mode = Mode::Board;
            go_to(app, &text);
        }
        Action::Cancel => app.mode = Mode::Board,
        _ => {}
    }
}

/// Jump to what `text` names; says where it went, or that nothing has that name.
pub fn go_to(app: &mut App<'_>, text: &str) -> bool {
    match find_target(app, text) {
        Some(Target::App(a)) => {
            super::dependencies::show_app(app, a);
            let place = match app.plan().wave_of(a) {
                Some(w) => wave_name(app, w),
                None => "Unplanned".to_string(),
            };
            app.info(format!("{} in {place}", app_id(app, a)));
            true
        }
        Some(Target::Wave(w)) => {
            app.set_focus(w + 1);
            let name = wave_name(app, w);
            let held = app.plan().waves()[w].apps.len();
            app.info(format!(
                "{name}: {held} app{}",
                if held == 1 { "" } else { "s" }
            ));
            true
        }
        None => {
            app.error(format!(
                "No app or wave is named \"{}\"",
                printable(text.trim())
            ));
            false
        }
    }
}

/// The jump prompt with what its text names.
pub fn draw(frame: &mut Frame<'_>, area: Rect, app: &App<'_>, text: &TextInput) {
    let t = &app.theme;
    let width: u16 = 64;
    let inner = usize::from(width - 2);

    let found = match find_target(app, text) {
        Some(Target::App(a)) => {
            let place = match app.plan().wave_of(a) {
                Some(w) => clean(&app.plan().label(w)).into_owned(),
                None => "Unplanned".to_string(),
            };
            Line::styled(
                format!(
                    " → {} ({place})",
                    fit(&app.portfolio().apps[a].id, inner - 20)
                ),
                t.good(),
            )
        }
        Some(Target::Wave(w)) => Line::styled(
            format!(" → {}", fit(&app.plan().label(w), inner - 6)),
            t.good(),
        ),
        None if text.trim().is_empty() => {
            Line::styled(" an app's id or name, or a wave's name or number", t.dim())
        }
        None => Line::styled(" no app or wave by that name", t.warning()),
    };
    let lines = vec![
        input(app, text, inner),
        found,
        Line::raw(""),
        hint_line(app, &KEYS),
    ];
    popup(frame, area, app, "Jump to", lines, width);
}

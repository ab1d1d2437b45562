//! Prompts over the board: rename a wave, confirm the automatic plan or quitting, choose an
//! export format and path.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, BorderType, Clear, Paragraph, Wrap};

use super::{centered, clean, fit, wrap_text};
use crate::tui::action::Action;
use crate::tui::app::{App, Confirm, Mode, TextInput};
use crate::tui::export::ExportFormat;

pub(super) fn popup(
    frame: &mut Frame<'_>,
    area: Rect,
    app: &App<'_>,
    title: &str,
    lines: Vec<Line<'_>>,
    width: u16,
) {
    let t = &app.theme;
    let width = width.min(area.width.saturating_sub(2));
    // Wrapped lines may take more rows than there are lines.
    let inner_width = usize::from(width.saturating_sub(2)).max(1);
    let rows: usize = lines
        .iter()
        .map(|l| l.width().div_ceil(inner_width).max(1))
        .sum();
    let rect = centered(area, width, rows as u16 + 2);
    let block = Block::bordered()
        .border_type(BorderType::Rounded)
        .border_style(t.border_focused())
        .title(Line::styled(format!(" {title} "), t.title()));
    frame.render_widget(Clear, rect);
    frame.render_widget(
        Paragraph::new(lines)
            .block(block)
            .wrap(Wrap { trim: false }),
        rect,
    );
}

fn input<'t>(app: &App<'_>, text: &TextInput, width: usize) -> Line<'t> {
    let mut spans = vec![Span::raw(" ")];
    spans.extend(input_spans(app, text, width.saturating_sub(2)));
    Line::from(spans)
}

/// A prompt's text in at most `width` columns, the cursor in view: the selection in the
/// selection's colours, the character under the cursor reversed.
pub(super) fn input_spans<'t>(app: &App<'_>, text: &TextInput, width: usize) -> Vec<Span<'t>> {
    let t = &app.theme;
    let chars: Vec<char> = clean(text).chars().collect();
    let cursor = text.cursor_chars().min(chars.len());
    let keep = width.saturating_sub(1).max(1);
    let start = (cursor + 1).saturating_sub(keep);
    let end = chars.len().min(start + keep);
    let part = |a: usize, b: usize| chars[a.min(b)..b].iter().collect::<String>();
    if text.is_selected() {
        return vec![
            Span::styled(part(start, end), t.selection()),
            Span::styled(" ", t.cursor()),
        ];
    }
    let under = if cursor < end {
        part(cursor, cursor + 1)
    } else {
        " ".to_string()
    };
    vec![
        Span::styled(part(start, cursor), t.bold()),
        Span::styled(under, t.cursor()),
        Span::styled(part((cursor + 1).min(end), end), t.bold()),
    ]
}

pub(super) fn keys<'t>(app: &App<'_>, pairs: &[(&'static str, &'static str)]) -> Line<'t> {
    let t = &app.theme;
    let mut spans = vec![Span::raw(" ")];
    for (k, what) in pairs {
        spans.push(Span::styled(*k, t.key()));
        spans.push(Span::styled(format!(" {what}   "), t.dim()));
    }
    Line::from(spans)
}

pub fn draw(frame: &mut Frame<'_>, area: Rect, app: &App<'_>) {
    let t = &app.theme;
    let width: u16 = 64;
    let inner = usize::from(width - 2);
    match &app.mode {
        Mode::Rename { wave, text } => {
            let title = format!("Rename {}", fit(&app.plan().label(*wave), 40));
            let lines = vec![
                input(app, text, inner),
                Line::raw(""),
                keys(
                    app,
                    &[("Enter", "rename"), ("Esc", "cancel"), ("←→", "edit")],
                ),
            ];
            popup(frame, area, app, &title, lines, width);
        }
        Mode::Notes { wave, text } => {
            let title = format!("Notes of {}", fit(&app.plan().label(*wave), 40));
            let lines = vec![
                Line::styled(
                    " Saved with the plan and shown over the wave's recommendations",
                    t.dim(),
                ),
                input(app, text, inner),
                Line::raw(""),
                keys(
                    app,
                    &[("Enter", "keep"), ("Esc", "cancel"), ("Ctrl+u", "clear")],
                ),
            ];
            popup(frame, area, app, &title, lines, width);
        }
        Mode::Jump { text } => {
            use crate::tui::update::navigate::{Target, find_target};
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
                keys(app, &[("Enter", "go"), ("Esc", "cancel")]),
            ];
            popup(frame, area, app, "Jump to", lines, width);
        }
        Mode::Confirm(Confirm::AutoPlan) => {
            let c = app.plan().capacity();
            let mut lines = vec![Line::raw(" Replace the plan with the automatic plan?")];
            let plan = &app.plan();
            let locked = (0..plan.wave_count())
                .filter(|&w| plan.is_locked(w))
                .count();
            let pinned = (0..plan.app_count()).filter(|&a| plan.is_pinned(a)).count();
            let plural = |n: usize, one: &str, many: &str| {
                format!("{n} {}", if n == 1 { one } else { many })
            };
            let kept = if locked + pinned > 0 {
                format!(
                    "its {} and {} stay as they are",
                    plural(locked, "locked wave", "locked waves"),
                    plural(pinned, "pinned app", "pinned apps")
                )
            } else {
                let k = |a| app.keymap.hint(a).unwrap_or_else(|| "-".into());
                format!(
                    "locked waves and pinned apps would stay as they are ({} locks, {} pins)",
                    k(Action::LockWave),
                    k(Action::PinApp)
                )
            };
            // Wrapped here, so that every line keeps the left padding.
            let what = format!(
                "Every movable app gets a wave: a pilot of {}, then up to {} apps and {} stateful apps a wave; move groups (hard dependencies, cycle groups) stay together; {kept}. The current plan can be restored with undo; Esc stops the planner early.",
                c.pilot, c.max_apps, c.max_stateful
            );
            let room = usize::from(width.min(area.width.saturating_sub(2)).saturating_sub(4));
            for part in wrap_text(&what, room, usize::MAX) {
                lines.push(Line::styled(format!(" {part}"), t.dim()));
            }
            lines.push(Line::raw(""));
            lines.push(keys(app, &[("y", "replace the plan"), ("n", "keep it")]));
            popup(frame, area, app, "Automatic plan", lines, width);
        }
        Mode::Confirm(Confirm::Overwrite { format, path }) => {
            let shown = path.display().to_string();
            let file = clean(&shown);
            let lines = vec![
                Line::raw(format!(
                    " {} exists: overwrite? y/n",
                    fit(&file, inner - 22)
                )),
                Line::raw(""),
                keys(app, &[("y", "overwrite"), ("n", "keep the file")]),
            ];
            popup(
                frame,
                area,
                app,
                &format!("Export {}", format.name()),
                lines,
                width,
            );
        }
        Mode::Confirm(Confirm::Locked { wave, .. }) => {
            let name = clean(&app.plan().label(*wave)).into_owned();
            let lines = vec![
                Line::raw(format!(
                    " {} is locked (committed or done): change it anyway? y/n",
                    fit(&name, 40)
                )),
                Line::raw(""),
                keys(app, &[("y", "change it"), ("n", "leave it")]),
            ];
            popup(frame, area, app, "Locked wave", lines, width);
        }
        Mode::Confirm(Confirm::Changed { .. }) => {
            let file = clean(&app.session.ws().plan_path.display().to_string()).into_owned();
            let what = format!(
                "{file} changed on disk since the board read it (someone edited it, or a git pull). Saving now would write over that change; reloading keeps this plan one undo ({}) away.",
                app.keymap.hint(Action::Undo).unwrap_or_default()
            );
            let room = usize::from(width.min(area.width.saturating_sub(2)).saturating_sub(4));
            let mut lines: Vec<Line> = wrap_text(&what, room, usize::MAX)
                .into_iter()
                .map(|part| Line::raw(format!(" {part}")))
                .collect();
            lines.push(Line::raw(""));
            lines.push(keys(
                app,
                &[
                    ("o", "overwrite it"),
                    ("e", "save elsewhere"),
                    ("r", "reload it"),
                    ("Esc", "cancel"),
                ],
            ));
            popup(frame, area, app, "Plan file changed", lines, width);
        }
        Mode::Confirm(Confirm::Quit) => {
            let lines = vec![
                Line::raw(" The plan has unsaved changes."),
                Line::raw(""),
                keys(
                    app,
                    &[
                        ("s", "save and quit"),
                        ("y", "quit without saving"),
                        ("n/Esc", "stay"),
                    ],
                ),
            ];
            popup(frame, area, app, "Quit", lines, width);
        }
        Mode::ExportMenu { selected } => {
            let mut lines: Vec<Line> = ExportFormat::ALL
                .iter()
                .enumerate()
                .map(|(i, f)| {
                    let line = Line::from(vec![
                        Span::styled(format!(" {} ", i + 1), t.key()),
                        Span::styled(format!("{:<8}", f.name()), t.bold()),
                        Span::raw(fit(f.description(), inner.saturating_sub(12))),
                    ]);
                    if i == *selected {
                        line.style(t.selected())
                    } else {
                        line
                    }
                })
                .collect();
            lines.push(Line::raw(""));
            lines.push(keys(
                app,
                &[("↑↓", "choose"), ("Enter", "next"), ("Esc", "cancel")],
            ));
            popup(frame, area, app, "Export", lines, width);
        }
        Mode::ExportPath { format, text } => {
            let lines = vec![
                Line::styled(format!(" {}: write to", format.description()), t.dim()),
                input(app, text, inner),
                Line::raw(""),
                keys(
                    app,
                    &[("Enter", "export"), ("Esc", "cancel"), ("←→", "edit")],
                ),
            ];
            popup(
                frame,
                area,
                app,
                &format!("Export {}", format.name()),
                lines,
                width,
            );
        }
        Mode::Board
        | Mode::Help { .. }
        | Mode::Dependencies { .. }
        | Mode::Findings { .. }
        | Mode::Changes { .. }
        | Mode::Chart
        | Mode::Capacity(_)
        | Mode::Filter { .. } => {}
    }
}

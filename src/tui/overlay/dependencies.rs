//! The dependency view (`g`) of the selected app: what it needs and what needs it, each with its
//! wave and how it is reached; `Enter` follows the chosen link, `Esc` goes back. Its keys as a
//! table, its update and its draw.

use crossterm::event::KeyCode;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};

use super::help::overlay;
use super::keys::{Binding, Does, Keys, Press, bind, through_a_list};
use crate::analysis::Placement;
use crate::graph::AppIx;
use crate::tui::action::Action;
use crate::tui::app::{App, Detail, Link, Mode};
use crate::tui::update::PAGE;
use crate::tui::view::detail::{link_place, member_text};
use crate::tui::view::{clean, fit, pad};

/// The keys of the view at the first app.
pub const KEYS: Keys = Keys {
    title: "Dependency view",
    groups: &[CHOOSE, FOLLOW, &[BACK.hinted("Esc", "close")], CLOSE],
    board: BOARD,
};

/// The keys once a link was followed: `Esc` goes back to the app it was followed from.
pub const FOLLOWED: Keys = Keys {
    title: "Dependency view",
    groups: &[CHOOSE, FOLLOW, &[BACK.hinted("Esc", "back")], CLOSE],
    board: BOARD,
};

const BOARD: &[(Action, Action)] = &[
    (Action::Dependencies, Action::Close),
    (Action::Quit, Action::Close),
];

const CHOOSING: [Binding; 4] = through_a_list("the one above", "the one below", "choose");

/// Choosing in a list (a link, a finding).
pub(super) const CHOOSE: &[Binding] = &CHOOSING;

const FOLLOW: &[Binding] = &[bind(
    &[Press::Code(KeyCode::Enter)],
    Does::Act(Action::Submit),
    "Enter",
    "follow the chosen link to its app",
)
.shown("follow")];

const BACK: Binding = bind(
    &[Press::Code(KeyCode::Esc), Press::Code(KeyCode::Backspace)],
    Does::Act(Action::Back),
    "Esc Backspace",
    "back to the app it was followed from (at the first: close)",
);

const CLOSE: &[Binding] = &[bind(
    &[Press::Code(KeyCode::Char('q'))],
    Does::Act(Action::Close),
    "q",
    "close",
)];

/// The keys for the view with `trail` apps behind it.
pub fn keys_of(trail: &[AppIx]) -> Keys {
    if trail.is_empty() { KEYS } else { FOLLOWED }
}

/// Open the view on the selected app.
pub fn open(app: &mut App<'_>) {
    match app.selected() {
        Some(_) => {
            app.mode = Mode::Dependencies {
                scroll: 0,
                chosen: 0,
                trail: Vec::new(),
            }
        }
        None => app.error("No app selected"),
    }
}

/// The dependency view: choose a link, follow it, go back.
pub fn update(
    app: &mut App<'_>,
    action: Action,
    scroll: usize,
    chosen: usize,
    mut trail: Vec<AppIx>,
) {
    let links: Vec<AppIx> = app
        .detail
        .as_ref()
        .map(|d| d.needs.iter().chain(&d.needed_by).map(|l| l.app).collect())
        .unwrap_or_default();
    let last = links.len().saturating_sub(1);
    let chosen = match action {
        Action::ScrollUp => chosen.saturating_sub(1),
        Action::ScrollDown => (chosen + 1).min(last),
        Action::PageUp => chosen.saturating_sub(PAGE),
        Action::PageDown => (chosen + PAGE).min(last),
        Action::Submit => {
            let Some(&to) = links.get(chosen) else {
                app.error("Nothing to follow: the app has no dependency and no dependent");
                return;
            };
            if let Some(from) = app.selected() {
                trail.push(from);
            }
            show_app(app, to);
            app.mode = Mode::Dependencies {
                scroll: 0,
                chosen: 0,
                trail,
            };
            return;
        }
        Action::Back => match trail.pop() {
            Some(previous) => {
                show_app(app, previous);
                app.mode = Mode::Dependencies {
                    scroll: 0,
                    chosen: 0,
                    trail,
                };
                return;
            }
            None => {
                app.mode = Mode::Board;
                return;
            }
        },
        Action::Close => {
            app.mode = Mode::Board;
            return;
        }
        _ => chosen,
    };
    app.mode = Mode::Dependencies {
        scroll,
        chosen,
        trail,
    };
}

/// Select `a` on the board, in its column; a filter that hides it is cleared first.
pub fn show_app(app: &mut App<'_>, a: AppIx) {
    app.select_app(a);
    if app.selected() != Some(a) && !app.filter.is_empty() {
        app.set_filter(String::new());
        app.select_app(a);
    }
}

/// What the selected app needs and what needs it, each with its wave and how it is reached;
/// link `chosen` (needs first, then needed by) is marked and kept in view, `back` apps lie
/// behind it. Returns how far it scrolls.
pub fn draw(frame: &mut Frame<'_>, area: Rect, app: &App<'_>, chosen: usize, back: usize) -> usize {
    let t = &app.theme;
    let Some(d) = &app.detail else { return 0 };
    let id = clean(&app.portfolio().apps[d.app].id).into_owned();
    let width = usize::from(area.width.saturating_sub(8)).min(90);
    let id_width = d
        .needs
        .iter()
        .chain(&d.needed_by)
        .map(|l| app.portfolio().apps[l.app].id.chars().count())
        .max()
        .unwrap_or(8)
        .min(width / 2);
    let place = match d.place {
        Placement::Wave(w) => format!("in {}", clean(&app.plan().label(w))),
        Placement::Unplanned => "unplanned".into(),
        Placement::NeverMoves => "never moving".into(),
    };
    let mut lines = vec![Line::from(vec![
        Span::styled(format!(" {id} "), t.bold()),
        Span::styled(format!("is {place}"), t.dim()),
    ])];
    let mut chosen_line = 0;
    let sections = [
        ("needs", "→", &d.needs, 0),
        ("needed by", "←", &d.needed_by, d.needs.len()),
    ];
    for (title, arrow, links, first) in sections {
        lines.push(Line::raw(""));
        lines.push(Line::styled(
            format!(" {title} ({})", links.len()),
            t.bold(),
        ));
        if links.is_empty() {
            lines.push(Line::styled("    nothing", t.dim()));
        }
        for (i, l) in links.iter().enumerate() {
            if first + i == chosen {
                chosen_line = lines.len();
            }
            let row = LinkRow {
                arrow,
                chosen: first + i == chosen,
                id_width,
                width,
            };
            lines.push(row.line(app, l));
        }
    }
    lines.extend(group_and_keys(app, d, back, width));
    // The chosen link in view: as far down as it needs, no further.
    let rows = usize::from(area.height.saturating_sub(6));
    let scroll = (chosen_line + 1).saturating_sub(rows);
    overlay(
        frame,
        area,
        app,
        format!("Dependencies of {}", fit(&id, 40)),
        lines,
        scroll,
        width as u16 + 4,
    )
}

/// How a link shows: its arrow, whether it is the chosen one, the columns of ids and of the row.
struct LinkRow {
    arrow: &'static str,
    chosen: bool,
    id_width: usize,
    width: usize,
}

impl LinkRow {
    /// The row of link `l`: the app, how it is reached, where it is.
    fn line<'t>(&self, app: &App<'_>, l: &Link) -> Line<'t> {
        let t = &app.theme;
        let info = &app.portfolio().apps[l.app];
        let (style, place) = link_place(app, l);
        let line = Line::from(vec![
            Span::styled(
                format!("{} {} ", if self.chosen { "▸" } else { " " }, self.arrow),
                t.dim(),
            ),
            Span::styled(pad(&info.id, self.id_width), style),
            Span::styled(format!("  {:<10}", l.via.as_str()), t.dim()),
            Span::raw(fit(&place, self.width.saturating_sub(self.id_width + 16))),
        ]);
        if self.chosen {
            line.style(t.selected())
        } else {
            line
        }
    }
}

/// The app's cycle group, then what `Enter` and `Esc` do here (`back` apps behind).
fn group_and_keys<'t>(app: &App<'_>, d: &Detail, back: usize, width: usize) -> Vec<Line<'t>> {
    let t = &app.theme;
    let mut lines = Vec::new();
    if !d.group.is_empty() {
        lines.push(Line::raw(""));
        lines.push(Line::styled(
            " cycle group: these call each other and should move together",
            t.bold(),
        ));
        let members: Vec<String> = std::iter::once(d.app)
            .chain(d.group.iter().copied())
            .map(|m| member_text(app, m))
            .collect();
        lines.push(Line::styled(
            format!("    {}", fit(&members.join(", "), width)),
            t.warning(),
        ));
    }
    if back > 0 {
        lines.push(Line::raw(""));
        lines.push(Line::styled(
            format!(" Enter follows the chosen link · Esc goes back ({back} behind)"),
            t.dim(),
        ));
    } else if !d.needs.is_empty() || !d.needed_by.is_empty() {
        lines.push(Line::raw(""));
        lines.push(Line::styled(" Enter follows the chosen link", t.dim()));
    }
    lines
}

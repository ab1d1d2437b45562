//! The hybrid cost wave by wave: after each wave, its share of the plan's hybrid cost and the
//! hybrid links still open, as bar charts (one bar a wave; a sparkline of the largest value per
//! column when the waves outnumber the columns), with the total explained in link-waves.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Margin, Rect};
use ratatui::text::Line;
use ratatui::widgets::{Bar, BarChart, BarGroup, Block, BorderType, Clear, Sparkline};

use super::keys::{CLOSE, Keys};
use crate::tui::action::Action;
use crate::tui::app::{App, Mode};
use crate::tui::view::{thousands, wrap_text};

/// The keys of the chart.
pub const KEYS: Keys = Keys {
    title: "Cost chart",
    groups: &[CLOSE],
    board: &[
        (Action::Chart, Action::Close),
        (Action::Quit, Action::Close),
    ],
};

/// Close the chart on `Close`.
pub fn update(app: &mut App<'_>, action: Action) {
    if action == Action::Close {
        app.mode = Mode::Board;
    }
}

/// Columns a bar takes, with its gap.
const BAR: u16 = 5;

/// Draw the charts over the board.
pub fn draw(frame: &mut Frame<'_>, area: Rect, app: &App<'_>) {
    let t = &app.theme;
    let rect = area.inner(Margin::new(1, 1));
    let block = Block::bordered()
        .border_type(BorderType::Rounded)
        .border_style(t.border_focused())
        .title(Line::styled(" Hybrid cost after each wave ", t.title()))
        .title_bottom(Line::styled(" Esc close ", t.dim()));
    let inner = block.inner(rect);
    frame.render_widget(Clear, rect);
    frame.render_widget(block, rect);
    let figures = app.session.figures();
    let total = app.session.live().hybrid_total();
    let link_waves: u64 = figures.iter().map(|f| f.hybrid_links as u64).sum();
    let width = usize::from(inner.width.saturating_sub(2));
    let explain = if figures.is_empty() {
        "No waves yet: nothing has moved, so no hybrid link is open.".to_string()
    } else {
        let worst = figures
            .iter()
            .enumerate()
            .max_by_key(|(w, f)| (f.hybrid_cost, std::cmp::Reverse(*w)))
            .map(|(w, f)| format!("{} ({})", app.plan().label(w), thousands(f.hybrid_cost)))
            .unwrap_or_default();
        format!(
            "Hybrid cost {}, counted in weighted link-waves: each open hybrid link counts (by its \
             weight) once for every wave it stays open, so an empty wave adds the links still \
             open once more. {} link-waves in all over {} waves; the costliest wave is {worst}.",
            thousands(total),
            thousands(link_waves),
            thousands(figures.len() as u64),
        )
    };
    let text: Vec<Line> = wrap_text(&explain, width, 4)
        .into_iter()
        .map(|l| Line::styled(format!(" {l}"), t.dim()))
        .collect();
    let [head, costs, links] = Layout::vertical([
        Constraint::Length(text.len() as u16 + 1),
        Constraint::Fill(1),
        Constraint::Fill(1),
    ])
    .areas(inner);
    crate::tui::view::draw_lines(frame, head, &text);
    if figures.is_empty() {
        return;
    }
    let cost: Vec<u64> = figures.iter().map(|f| f.hybrid_cost).collect();
    let open: Vec<u64> = figures.iter().map(|f| f.hybrid_links as u64).collect();
    chart(
        frame,
        costs,
        app,
        "hybrid cost (its share of the total)",
        &cost,
        t.warning(),
    );
    chart(frame, links, app, "open hybrid links", &open, t.key());
}

/// One chart of a value per wave, titled.
fn chart(
    frame: &mut Frame<'_>,
    area: Rect,
    app: &App<'_>,
    title: &str,
    values: &[u64],
    style: ratatui::style::Style,
) {
    let t = &app.theme;
    let max = values.iter().copied().max().unwrap_or(0);
    let block = Block::new().title(Line::styled(
        format!(" {title}, after each wave (largest {})", thousands(max)),
        t.bold(),
    ));
    let fits = usize::from(area.width / BAR) >= values.len();
    if fits {
        let bars: Vec<Bar> = values
            .iter()
            .enumerate()
            .map(|(w, &v)| {
                Bar::new(v)
                    .label(Line::from(format!("{}", w + 1)))
                    .text_value(compact(v))
                    .style(style)
            })
            .collect();
        frame.render_widget(
            BarChart::default()
                .block(block)
                .data(BarGroup::new(bars))
                .bar_width(BAR - 1)
                .bar_gap(1)
                .value_style(t.selected())
                .label_style(t.dim()),
            area,
        );
    } else {
        // More waves than columns: each column shows the largest value of its waves.
        let columns = usize::from(area.width.max(1));
        let per = values.len().div_ceil(columns);
        let data: Vec<u64> = values
            .chunks(per)
            .map(|c| c.iter().copied().max().unwrap_or(0))
            .collect();
        frame.render_widget(
            Sparkline::default()
                .block(block.title_bottom(Line::styled(
                    format!(" {per} waves a column, the largest of them "),
                    t.dim(),
                )))
                .data(&data)
                .style(style),
            area,
        );
    }
}

/// A bar's value in at most four columns: 950, 12k, 3.4M.
fn compact(v: u64) -> String {
    match v {
        0..=9_999 => v.to_string(),
        10_000..=999_999 => format!("{}k", v / 1000),
        _ => format!("{:.1}M", v as f64 / 1e6),
    }
}

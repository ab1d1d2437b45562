//! The detail of the selected app: its scores with the reasons that cost it the most ease, and
//! its dependencies and dependents with where each is in the plan.

use super::Session;
use crate::analysis::{Analysis, Placement};
use crate::diagnostic::Severity;
use crate::graph::AppIx;
use crate::model::Via;
use crate::score::ScoreCard;

/// A dependency or dependent of the selected app.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Link {
    pub app: AppIx,
    pub via: Via,
    pub place: Placement,
}

/// One reason behind a score, tagged with the score it belongs to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DetailReason {
    pub score: &'static str,
    pub points: u32,
    pub text: String,
    /// The ease it costs (the recommendations show the same number): the costs of an app's
    /// reasons add up to 100 − ease.
    pub ease_cost: u32,
}

/// Everything the detail pane and the dependency view show about the selected app.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Detail {
    pub app: AppIx,
    pub place: Placement,
    /// The 0-based wave it is scored in (the next wave for an unplanned app).
    pub scored_wave: usize,
    pub card: ScoreCard,
    /// All reasons, the ones that cost the most ease first.
    pub reasons: Vec<DetailReason>,
    pub needs: Vec<Link>,
    pub needed_by: Vec<Link>,
    /// The other members of its cycle group.
    pub group: Vec<AppIx>,
    /// What the findings that name it say, errors first.
    pub findings: Vec<(Severity, String)>,
}

/// The detail of `app` on the session's plan (`Session::detail`).
pub(super) fn detail_of<M: Clone>(session: &Session<'_, M>, app: AppIx) -> Detail {
    let graph = session.graph();
    let apps = &session.portfolio().apps;
    let scored_wave = Analysis::scored_wave(session.plan(), app);
    let card = session.card(app);
    // The costliest first, as the recommendations rank them.
    let reasons: Vec<DetailReason> = session
        .scorer()
        .costed_reasons(&card)
        .into_iter()
        .map(|c| DetailReason {
            score: crate::score::short_name(c.score),
            points: c.points,
            text: c.text,
            ease_cost: c.ease_cost,
        })
        .collect();
    let link = |other: AppIx, via: Via| Link {
        app: other,
        via,
        place: session.placement(other),
    };
    let order = |x: &Link, y: &Link| (x.place, &apps[x.app].id).cmp(&(y.place, &apps[y.app].id));
    let mut needs: Vec<Link> = graph.outgoing(app).map(|e| link(e.to, e.via)).collect();
    needs.sort_by(order);
    let mut needed_by: Vec<Link> = graph.incoming(app).map(|e| link(e.from, e.via)).collect();
    needed_by.sort_by(order);
    let group = graph
        .group_of(app)
        .map(|g| {
            graph.cycle_groups()[g]
                .members
                .iter()
                .copied()
                .filter(|&m| m != app)
                .collect()
        })
        .unwrap_or_default();
    // Only an app with a mark is named by a finding.
    let mut findings: Vec<(Severity, String)> = if session.mark(app).is_some() {
        session
            .live()
            .findings_for(session.scorer(), session.plan(), app)
            .into_iter()
            .map(|f| {
                let text = f.brief(session.portfolio(), graph, session.plan());
                (f.severity, text)
            })
            .collect()
    } else {
        Vec::new()
    };
    findings.sort_by_key(|(severity, _)| *severity != Severity::Error);
    Detail {
        app,
        place: session.placement(app),
        scored_wave: scored_wave as usize,
        card,
        reasons,
        needs,
        needed_by,
        group,
        findings,
    }
}

//! Statefulness and risk: properties of the app itself, the same on every boundary.

use super::{Reason, Weights};
use crate::model::{App, State};

/// Points for data gravity: `per_decade` points per tenfold of data.
pub fn data_gravity(data_gb: f64, per_decade: u32) -> u32 {
    if data_gb > 0.0 && data_gb.is_finite() {
        (per_decade as f64 * (1.0 + data_gb).log10()).round() as u32
    } else {
        0
    }
}

fn format_gb(gb: f64) -> String {
    crate::number::data_size(gb)
}

/// The reasons of the statefulness score.
pub fn statefulness(app: &App, w: &Weights) -> Vec<Reason> {
    let mut reasons = Vec::new();
    let state_points = w.statefulness.state.get(app.state);
    if state_points > 0 {
        let text = match app.state {
            State::Stateless => "stateless".to_string(),
            State::Cache => "keeps a cache to warm up on the platform".to_string(),
            State::Session => "keeps user sessions that must survive the move".to_string(),
            State::Files => "keeps files that need storage, backup and recovery".to_string(),
            State::Queue => "keeps queued messages that must not be lost".to_string(),
            State::Database => "is a database: storage, backup and recovery to rebuild".to_string(),
        };
        reasons.push(Reason {
            points: state_points,
            text,
        });
    }
    let gravity = data_gravity(app.data_gb, w.statefulness.data_per_decade);
    if gravity > 0 {
        reasons.push(Reason {
            points: gravity,
            text: format!("{} of data to move (data gravity)", format_gb(app.data_gb)),
        });
    }
    reasons
}

/// The reasons of the risk score.
pub fn risk(app: &App, w: &Weights) -> Vec<Reason> {
    let mut reasons = Vec::new();
    let crit = w.risk.criticality.get(app.criticality);
    if crit > 0 {
        reasons.push(Reason {
            points: crit,
            text: format!("criticality {}", app.criticality),
        });
    }
    if !app.has_owner() && w.risk.no_owner > 0 {
        reasons.push(Reason {
            points: w.risk.no_owner,
            text: "no owning team".to_string(),
        });
    }
    let tags: Vec<&str> = app.compliance_tags().collect();
    if !tags.is_empty() && w.risk.compliance_tag > 0 {
        reasons.push(Reason {
            points: w
                .risk
                .compliance_tag
                .saturating_mul(u32::try_from(tags.len()).unwrap_or(u32::MAX)),
            text: format!("compliance: {}", tags.join(", ")),
        });
    }
    if app.legacy && w.risk.legacy > 0 {
        reasons.push(Reason {
            points: w.risk.legacy,
            text: "legacy stack (end of life, or nobody can change it)".to_string(),
        });
    }
    reasons
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Criticality;

    #[test]
    fn gravity_grows_with_the_logarithm() {
        assert_eq!(data_gravity(0.0, 10), 0);
        assert_eq!(data_gravity(9.0, 10), 10); // log10(10) = 1
        assert_eq!(data_gravity(99.0, 10), 20);
        assert_eq!(data_gravity(800.0, 10), 29); // log10(801) = 2.90
    }

    #[test]
    fn risk_reasons() {
        let w = Weights::default();
        let mut app = App::new("x");
        app.criticality = Criticality::Critical;
        app.tags = vec!["PCI".into(), "gdpr".into(), "web".into()];
        app.legacy = true;
        let r = risk(&app, &w);
        let total: u32 = r.iter().map(|r| r.points).sum();
        assert_eq!(total, 45 + 20 + 20 + 20);
        assert!(r.iter().any(|r| r.text == "compliance: PCI, gdpr"));
    }
}

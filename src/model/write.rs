//! Model to text: portfolio and plan files written the way people write them by hand
//! (only the fields that differ from their defaults, one app or wave per block).

use std::fmt::Write;

use super::{App, Plan, Portfolio};

/// A RON string literal.
pub fn quote(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if c.is_control() => {
                let _ = write!(out, "\\u{{{:x}}}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

fn number(x: f64) -> String {
    if x.fract() == 0.0 && x.abs() < 1e15 {
        format!("{}", x as i64)
    } else {
        format!("{x}")
    }
}

fn quoted_list(items: &[String]) -> String {
    items
        .iter()
        .map(|s| quote(s))
        .collect::<Vec<_>>()
        .join(", ")
}

/// The portfolio file text: one app per block, one field per line.
pub fn portfolio_to_ron(portfolio: &Portfolio) -> String {
    write_portfolio(portfolio, false)
}

/// The portfolio file text with one app per line: for large generated portfolios, a quarter
/// smaller and faster to read.
pub fn portfolio_to_ron_compact(portfolio: &Portfolio) -> String {
    write_portfolio(portfolio, true)
}

fn write_portfolio(portfolio: &Portfolio, compact: bool) -> String {
    let mut out =
        String::with_capacity(portfolio.apps.len() * if compact { 300 } else { 400 } + 64);
    let _ = writeln!(
        out,
        "Portfolio(\n    name: {},\n    apps: [",
        quote(&portfolio.name)
    );
    for app in &portfolio.apps {
        write_app(&mut out, app, compact);
    }
    out.push_str("    ],\n)\n");
    out
}

fn write_app(out: &mut String, app: &App, compact: bool) {
    let d = App::new("");
    let (open, sep, close) = if compact {
        ("        (", ", ", "),\n")
    } else {
        (
            "        (\n            ",
            ",\n            ",
            ",\n        ),\n",
        )
    };
    out.push_str(open);
    let _ = write!(out, "id: {}", quote(&app.id));
    let mut field = |name: &str, value: &dyn std::fmt::Display| {
        let _ = write!(out, "{sep}{name}: {value}");
    };
    if let Some(name) = &app.name {
        field("name", &quote(name));
    }
    if let Some(owner) = &app.owner {
        field("owner", &quote(owner));
    }
    if app.kind != d.kind {
        field("kind", &app.kind);
    }
    if app.hosting != d.hosting {
        field("hosting", &app.hosting);
    }
    if app.strategy != d.strategy {
        field("strategy", &app.strategy);
    }
    if app.state != d.state {
        field("state", &app.state);
    }
    if app.data_gb != 0.0 {
        field("data_gb", &number(app.data_gb));
    }
    if app.criticality != d.criticality {
        field("criticality", &app.criticality);
    }
    if app.legacy {
        field("legacy", &true);
    }
    if !app.tags.is_empty() {
        field("tags", &format!("[{}]", quoted_list(&app.tags)));
    }
    if !app.depends_on.is_empty() {
        let deps: Vec<String> = app
            .depends_on
            .iter()
            .map(|dep| match dep.hard {
                Some(hard) => format!("(to: {}, via: {}, hard: {hard})", quote(&dep.to), dep.via),
                None => format!("(to: {}, via: {})", quote(&dep.to), dep.via),
            })
            .collect();
        let list = if compact {
            format!("[{}]", deps.join(", "))
        } else {
            format!(
                "[\n                {},\n            ]",
                deps.join(",\n                ")
            )
        };
        field("depends_on", &list);
    }
    out.push_str(close);
}

/// The plan file text: the capacity it is judged by, then the waves.
pub fn plan_to_ron(plan: &Plan) -> String {
    let c = &plan.capacity;
    let states: Vec<&str> = c.stateful.states().map(|s| s.as_str()).collect();
    let mut out = format!(
        "Plan(\n    capacity: (max_apps: {}, max_stateful: {}, pilot: {}, stateful: [{}], pilot_max_criticality: {}),\n    waves: [\n",
        c.max_apps,
        c.max_stateful,
        c.pilot,
        states.join(", "),
        c.pilot_max_criticality
    );
    for wave in &plan.waves {
        // An unnamed wave is labelled by its place ("Wave 3"), so its name is left out.
        out.push_str("        (\n");
        if !wave.name.is_empty() {
            let _ = writeln!(out, "            name: {},", quote(&wave.name));
        }
        out.push_str("            apps: [");
        for (i, id) in wave.apps.iter().enumerate() {
            out.push_str(if i % 6 == 0 {
                "\n                "
            } else {
                " "
            });
            out.push_str(&quote(id));
            out.push(',');
        }
        if !wave.apps.is_empty() {
            out.push_str("\n            ");
        }
        out.push_str("],\n");
        if let Some(notes) = &wave.notes {
            let _ = writeln!(out, "            notes: {},", quote(notes));
        }
        if wave.locked {
            out.push_str("            locked: true,\n");
        }
        if !wave.pinned.is_empty() {
            let _ = writeln!(out, "            pinned: [{}],", quoted_list(&wave.pinned));
        }
        out.push_str("        ),\n");
    }
    out.push_str("    ],\n)\n");
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load;
    use crate::model::{Criticality, Dep, Via, Wave};

    #[test]
    fn portfolio_round_trips() {
        let mut a = App::new("web");
        a.name = Some("Web \"shop\"\n\u{1b}[31m".into());
        a.owner = Some("team\\x".into());
        a.criticality = Criticality::Critical;
        a.data_gb = 12.5;
        a.tags = vec!["pci".into(), "a,b".into()];
        a.depends_on = vec![
            Dep::new("db", Via::Database),
            Dep {
                to: "db".into(),
                via: Via::Http,
                hard: Some(true),
            },
        ];
        let mut db = App::new("db");
        db.data_gb = 800.0;
        let p = Portfolio {
            name: "T".into(),
            apps: vec![a, db],
        };
        let text = portfolio_to_ron(&p);
        assert!(text.contains("data_gb: 800,"));
        let back = load::portfolio_from_str(&text, "t.ron").unwrap().value;
        assert_eq!(back, p);
        let compact = portfolio_to_ron_compact(&p);
        assert_eq!(compact.lines().count(), 7);
        assert_eq!(
            load::portfolio_from_str(&compact, "t.ron").unwrap().value,
            p
        );
    }

    #[test]
    fn plan_round_trips() {
        let plan = Plan {
            capacity: crate::model::Capacity {
                max_apps: 12,
                stateful: crate::model::StateSet::of(&[crate::model::State::Cache]),
                pilot_max_criticality: Criticality::Low,
                ..Default::default()
            },
            waves: vec![
                Wave {
                    name: "Pilot".into(),
                    apps: (0..8).map(|i| format!("app{i}")).collect(),
                    notes: Some("after the \"freeze\"".into()),
                    locked: true,
                    pinned: vec!["app1".into(), "app3".into()],
                },
                Wave::named(""),
            ],
        };
        let text = plan_to_ron(&plan);
        let back: Plan = load::parse_ron(&text, "p.ron").unwrap();
        assert_eq!(back, plan);
    }
}

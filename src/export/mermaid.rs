//! Mermaid flowchart: the dependency graph with one subgraph per wave, the unplanned apps and
//! the apps that never move in subgraphs of their own, and edges styled by `via`. Node ids are
//! safe identifiers derived from the app ids; labels are quoted with entity escapes.

use std::collections::HashSet;
use std::fmt::Write as _;
use std::io::{self, Write};

use super::{Report, one_line};
use crate::graph::AppIx;
use crate::model::{Portfolio, Via};

/// Label text for a quoted Mermaid label: one line, and every character that Mermaid or the
/// HTML it renders to would read as syntax written as a `#name;` / `#code;` entity.
pub fn label(raw: &str) -> String {
    let line = one_line(raw);
    let mut out = String::with_capacity(line.len() + 8);
    for c in line.chars() {
        match c {
            '"' => out.push_str("#quot;"),
            '#' => out.push_str("#35;"),
            '&' => out.push_str("#amp;"),
            '<' => out.push_str("#lt;"),
            '>' => out.push_str("#gt;"),
            '`' => out.push_str("#96;"),
            '|' => out.push_str("#124;"),
            '[' => out.push_str("#91;"),
            ']' => out.push_str("#93;"),
            '{' => out.push_str("#123;"),
            '}' => out.push_str("#125;"),
            c => out.push(c),
        }
    }
    out
}

/// A node id for every app (by index): `n_` and the app id with every character other than
/// ASCII letters, digits and `_` turned into `_`; a later app whose id would collide gets
/// `_2`, `_3`, ... The same portfolio always gets the same ids.
pub fn node_ids(portfolio: &Portfolio) -> Vec<String> {
    let mut used: HashSet<String> = HashSet::with_capacity(portfolio.apps.len());
    portfolio
        .apps
        .iter()
        .map(|app| {
            let base: String = std::iter::once("n_".to_string())
                .chain(app.id.chars().map(|c| {
                    if c.is_ascii_alphanumeric() || c == '_' {
                        c.to_string()
                    } else {
                        "_".to_string()
                    }
                }))
                .collect();
            let mut id = base.clone();
            let mut n = 2;
            while used.contains(&id) {
                id = format!("{base}_{n}");
                n += 1;
            }
            used.insert(id.clone());
            id
        })
        .collect()
}

/// The arrow and the `linkStyle` of a `via`.
pub fn edge_style(via: Via) -> (&'static str, Option<&'static str>) {
    match via {
        Via::Http => ("-->", None),
        Via::Grpc => ("-->", Some("stroke:#1f77b4")),
        Via::Rpc => ("-->", Some("stroke:#9467bd,stroke-width:2px")),
        Via::Queue => ("-.->", Some("stroke:#2ca02c")),
        Via::Database => ("==>", Some("stroke:#d62728,stroke-width:3px")),
        Via::File => ("-.->", Some("stroke:#8c564b,stroke-dasharray:2 2")),
    }
}

/// Write the flowchart.
pub fn write(report: &Report<'_>, out: &mut dyn Write) -> io::Result<()> {
    let ids = node_ids(report.portfolio);
    let mut s = String::with_capacity(4096 + report.portfolio.apps.len() * 100);
    s.push_str(
        "%% waveplan dependency graph: edges point from the app that needs to the app it needs.\n\
         %% Http grey, Grpc blue, Rpc purple, Queue dashed green, Database thick red, File dotted brown.\n",
    );
    s.push_str("flowchart LR\n");
    for (w, wave) in report.plan.waves().iter().enumerate() {
        if wave.apps.is_empty() {
            continue;
        }
        let name = report.plan.label(w);
        let number = format!("Wave {}", w + 1);
        let heading = if name == number {
            number
        } else {
            format!("{number}: {name}")
        };
        subgraph(
            report,
            &ids,
            &mut s,
            &format!("wave_{}", w + 1),
            &heading,
            &wave.apps,
        );
    }
    let unplanned = report.unplanned();
    if !unplanned.is_empty() {
        subgraph(report, &ids, &mut s, "unplanned", "Unplanned", &unplanned);
    }
    let never = report.never_moving();
    if !never.is_empty() {
        subgraph(report, &ids, &mut s, "never_moves", "Never moves", &never);
    }
    let mut styled: Vec<(&'static str, Vec<usize>)> = Vec::new();
    for (i, e) in report.graph.edges().iter().enumerate() {
        let (arrow, style) = edge_style(e.via);
        let _ = writeln!(s, "    {} {arrow} {}", ids[e.from], ids[e.to]);
        if let Some(style) = style {
            match styled.iter_mut().find(|(st, _)| *st == style) {
                Some((_, list)) => list.push(i),
                None => styled.push((style, vec![i])),
            }
        }
    }
    for (style, list) in styled {
        let numbers: Vec<String> = list.iter().map(usize::to_string).collect();
        let _ = writeln!(s, "    linkStyle {} {style}", numbers.join(","));
    }
    let never_ids: Vec<&str> = (0..report.portfolio.apps.len())
        .filter(|&a| !report.graph.is_movable(a))
        .map(|a| ids[a].as_str())
        .collect();
    if !never_ids.is_empty() {
        s.push_str("    classDef never fill:#dddddd,stroke:#888888\n");
        let _ = writeln!(s, "    class {} never", never_ids.join(","));
    }
    let legacy_ids: Vec<&str> = (0..report.portfolio.apps.len())
        .filter(|&a| report.graph.is_movable(a) && report.portfolio.apps[a].legacy)
        .map(|a| ids[a].as_str())
        .collect();
    if !legacy_ids.is_empty() {
        s.push_str("    classDef legacy stroke-dasharray:4 3\n");
        let _ = writeln!(s, "    class {} legacy", legacy_ids.join(","));
    }
    out.write_all(s.as_bytes())
}

fn subgraph(
    report: &Report<'_>,
    ids: &[String],
    s: &mut String,
    id: &str,
    heading: &str,
    apps: &[AppIx],
) {
    let _ = writeln!(s, "    subgraph {id} [\"{}\"]", label(heading));
    for &a in apps {
        let app = &report.portfolio.apps[a];
        let ease = format!("ease {}", report.analysis.scores[a].ease);
        let name = one_line(app.display_name());
        let text = if name == app.id.as_str() || name.trim().is_empty() {
            format!("{}<br/>{}", label(&app.id), ease)
        } else {
            format!("{}<br/>{}<br/>{}", label(&name), label(&app.id), ease)
        };
        let (open, close) = if report.plan.capacity().is_stateful(app) {
            ("[(", ")]")
        } else {
            ("[", "]")
        };
        let _ = writeln!(s, "        {}{open}\"{text}\"{close}", ids[a]);
    }
    s.push_str("    end\n");
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::App;

    #[test]
    fn labels_have_no_syntax() {
        assert_eq!(
            label("a\"b|c[d]e#f<g>`"),
            "a#quot;b#124;c#91;d#93;e#35;f#lt;g#gt;#96;"
        );
        assert_eq!(label("x\ny\u{1b}"), "x y");
    }

    #[test]
    fn node_ids_are_safe_unique_and_stable() {
        let p = Portfolio {
            name: String::new(),
            apps: ["a-b", "a.b", "a_b", "end", "o1"]
                .into_iter()
                .map(App::new)
                .collect(),
        };
        let ids = node_ids(&p);
        assert_eq!(ids, ["n_a_b", "n_a_b_2", "n_a_b_3", "n_end", "n_o1"]);
        assert_eq!(node_ids(&p), ids);
    }
}

//! Graphviz DOT: the dependency graph with one cluster per wave, the unplanned apps and the
//! apps that never move in clusters of their own, and edges styled by `via`.

use std::fmt::Write as _;
use std::io::{self, Write};

use super::{Report, one_line};
use crate::graph::AppIx;
use crate::model::Via;

/// A DOT quoted string with its quotes: one line, `\` and `"` escaped, and `&` written as an
/// entity because Graphviz decodes HTML entities in labels.
pub fn quote(raw: &str) -> String {
    let line = one_line(raw);
    let mut out = String::with_capacity(line.len() + 2);
    out.push('"');
    for c in line.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '&' => out.push_str("&amp;"),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// Escaped text lines joined with DOT's `\n` line break, quoted.
fn lines(parts: &[&str]) -> String {
    let escaped: Vec<String> = parts
        .iter()
        .map(|p| {
            let q = quote(p);
            q[1..q.len() - 1].to_string()
        })
        .collect();
    format!("\"{}\"", escaped.join("\\n"))
}

/// The edge attributes of a `via`; `None` for the plain default (Http).
pub fn edge_style(via: Via) -> Option<&'static str> {
    match via {
        Via::Http => None,
        Via::Grpc => Some("color=\"#1f77b4\""),
        Via::Rpc => Some("color=\"#9467bd\", penwidth=1.5"),
        Via::Queue => Some("style=dashed, color=\"#2ca02c\""),
        Via::Database => Some("style=bold, color=\"#d62728\", penwidth=2"),
        Via::File => Some("style=dotted, color=\"#8c564b\", penwidth=1.5"),
    }
}

const LEGEND: &str = "edges point from the app that needs to the app it needs: \
Http grey, Grpc blue, Rpc purple, Queue dashed green, Database bold red, File dotted brown";

/// Write the graph.
pub fn write(report: &Report<'_>, out: &mut dyn Write) -> io::Result<()> {
    let mut s = String::with_capacity(4096 + report.portfolio.apps.len() * 120);
    let name = one_line(&report.portfolio.name);
    let title = if name.trim().is_empty() {
        "waveplan"
    } else {
        name.as_ref()
    };
    s.push_str("digraph waveplan {\n");
    let _ = writeln!(
        s,
        "    graph [label={}, labelloc=t, rankdir=LR, fontname=\"Helvetica\", newrank=true];",
        lines(&[title, LEGEND])
    );
    s.push_str("    node [shape=box, style=rounded, fontname=\"Helvetica\", fontsize=10];\n");
    s.push_str("    edge [color=\"#777777\", arrowsize=0.7];\n");
    let mut firsts: Vec<AppIx> = Vec::new();
    for (w, wave) in report.plan.waves().iter().enumerate() {
        if wave.apps.is_empty() {
            continue;
        }
        firsts.push(wave.apps[0]);
        let label = report.plan.label(w);
        let number = format!("Wave {}", w + 1);
        let heading = if label == number {
            number
        } else {
            format!("{number}: {label}")
        };
        cluster(
            report,
            &mut s,
            &format!("cluster_wave_{}", w + 1),
            &heading,
            "color=\"#1f77b4\"",
            &wave.apps,
        );
    }
    let unplanned = report.unplanned();
    if let Some(&first) = unplanned.first() {
        firsts.push(first);
        cluster(
            report,
            &mut s,
            "cluster_unplanned",
            "Unplanned (stays on the legacy estate)",
            "style=dashed; color=\"#999999\"",
            &unplanned,
        );
    }
    let never = report.never_moving();
    if let Some(&first) = never.first() {
        firsts.push(first);
        cluster(
            report,
            &mut s,
            "cluster_never_moves",
            "Never moves",
            "style=filled; color=\"#bbbbbb\"; fillcolor=\"#f2f2f2\"",
            &never,
        );
    }
    // Waves as columns in plan order: an invisible chain through the first app of each
    // cluster sets the ranks; dependency edges are drawn without constraining them.
    for pair in firsts.windows(2) {
        let _ = writeln!(
            s,
            "    {} -> {} [style=invis, weight=100];",
            quote(report.id(pair[0])),
            quote(report.id(pair[1]))
        );
    }
    for e in report.graph.edges() {
        let _ = write!(
            s,
            "    {} -> {}",
            quote(report.id(e.from)),
            quote(report.id(e.to))
        );
        match edge_style(e.via) {
            Some(style) => {
                let _ = writeln!(
                    s,
                    " [{style}, constraint=false, tooltip={}];",
                    quote(e.via.as_str())
                );
            }
            None => {
                let _ = writeln!(s, " [constraint=false, tooltip={}];", quote(e.via.as_str()));
            }
        }
    }
    s.push_str("}\n");
    out.write_all(s.as_bytes())
}

fn cluster(
    report: &Report<'_>,
    s: &mut String,
    name: &str,
    label: &str,
    style: &str,
    apps: &[AppIx],
) {
    let _ = writeln!(s, "    subgraph {name} {{");
    let _ = writeln!(s, "        label={};", quote(label));
    let _ = writeln!(s, "        {style};");
    s.push_str("        rank=same;\n");
    for &a in apps {
        node(report, s, a);
    }
    s.push_str("    }\n");
}

fn node(report: &Report<'_>, s: &mut String, a: AppIx) {
    let app = &report.portfolio.apps[a];
    let ease = format!("ease {}", report.analysis.scores[a].ease);
    let name = one_line(app.display_name());
    let label = if name == app.id.as_str() || name.trim().is_empty() {
        lines(&[&app.id, &ease])
    } else {
        lines(&[&name, &app.id, &ease])
    };
    let mut attrs = vec![format!("label={label}")];
    if report.plan.capacity().is_stateful(app) {
        attrs.push("shape=cylinder".to_string());
    }
    if !report.graph.is_movable(a) {
        attrs.push("style=filled, fillcolor=\"#dddddd\"".to_string());
    } else if app.legacy {
        attrs.push("style=\"rounded,dashed\"".to_string());
    }
    let _ = writeln!(s, "        {} [{}];", quote(&app.id), attrs.join(", "));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quotes_escape_what_dot_reads() {
        assert_eq!(quote("a\"b"), "\"a\\\"b\"");
        assert_eq!(quote("c:\\x"), "\"c:\\\\x\"");
        assert_eq!(quote("two\nlines\u{1b}[31m"), "\"two lines[31m\"");
        assert_eq!(quote("&lt;"), "\"&amp;lt;\"");
        assert_eq!(lines(&["a", "b\""]), "\"a\\nb\\\"\"");
    }
}

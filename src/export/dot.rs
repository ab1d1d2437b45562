//! Graphviz DOT: the dependency graph with one cluster per wave, the unplanned apps and the
//! apps that never move in clusters of their own, and edges styled by `via`.

use std::fmt::Write as _;
use std::io::{self, Write};

use super::{Report, one_line};
use crate::graph::AppIx;
use crate::model::Via;

/// The most bytes between the quotes of one DOT string. Graphviz rejects a quoted string of
/// 16,384 bytes or more ("longer than 16384?"); a longer text is cut well below that, with `…`.
pub const MAX_QUOTED_BYTES: usize = 4096;

/// A DOT quoted string with its quotes: one line, `\` and `"` escaped, `&` written as an
/// entity because Graphviz decodes HTML entities in labels, and cut with `…` past
/// `MAX_QUOTED_BYTES`.
pub fn quote(raw: &str) -> String {
    format!("\"{}\"", escaped(raw, MAX_QUOTED_BYTES))
}

/// `raw` on one line and escaped for a DOT quoted string, in at most `max` bytes: when the
/// whole does not fit, as many whole characters (each with its escape) as fit before `…`.
fn escaped(raw: &str, max: usize) -> String {
    let (mut out, whole) = escaped_prefix(raw, max);
    if !whole {
        (out, _) = escaped_prefix(raw, max.saturating_sub(ELLIPSIS.len_utf8()));
        out.push(ELLIPSIS);
    }
    out
}

/// As many whole characters of `raw` on one line, escaped, as fit in `max` bytes, and whether
/// that is all of it.
fn escaped_prefix(raw: &str, max: usize) -> (String, bool) {
    let line = one_line(raw);
    let mut out = String::with_capacity(line.len().min(max));
    let mut one = String::new();
    for c in line.chars() {
        one.clear();
        match c {
            '"' => one.push_str("\\\""),
            '\\' => one.push_str("\\\\"),
            '&' => one.push_str("&amp;"),
            c => one.push(c),
        }
        if out.len() + one.len() > max {
            return (out, false);
        }
        out.push_str(&one);
    }
    (out, true)
}

const ELLIPSIS: char = '…';

/// Escaped text lines joined with DOT's `\n` line break, quoted; each line cut so that the
/// whole stays within `MAX_QUOTED_BYTES`.
fn lines(parts: &[&str]) -> String {
    let each = MAX_QUOTED_BYTES / parts.len().max(1) - 2;
    let escaped: Vec<String> = parts.iter().map(|p| escaped(p, each)).collect();
    format!("\"{}\"", escaped.join("\\n"))
}

/// The quoted node name of app `a`: its id, or for an id too long for DOT, its beginning, `…`
/// and the app's number, which no other node has (a valid id never holds `…`).
fn node_id(report: &Report<'_>, a: AppIx) -> String {
    let id = report.id(a);
    let (whole, fits) = escaped_prefix(id, MAX_QUOTED_BYTES);
    if fits {
        return format!("\"{whole}\"");
    }
    let number = format!("{ELLIPSIS}{a}");
    let (head, _) = escaped_prefix(id, MAX_QUOTED_BYTES - number.len());
    format!("\"{head}{number}\"")
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
            node_id(report, pair[0]),
            node_id(report, pair[1])
        );
    }
    for e in report.graph.edges() {
        let _ = write!(
            s,
            "    {} -> {}",
            node_id(report, e.from),
            node_id(report, e.to)
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
    let _ = writeln!(s, "        {} [{}];", node_id(report, a), attrs.join(", "));
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

    /// The text between the quotes of a DOT string, for the tests.
    fn inside(quoted: &str) -> &str {
        quoted
            .strip_prefix('"')
            .and_then(|q| q.strip_suffix('"'))
            .unwrap()
    }

    #[test]
    fn long_strings_are_cut_within_the_limit_with_whole_escapes() {
        assert_eq!(
            quote(&"x".repeat(MAX_QUOTED_BYTES)),
            format!("\"{}\"", "x".repeat(MAX_QUOTED_BYTES))
        );
        for raw in [
            "x".repeat(20_000),
            "&".repeat(20_000),
            "\"".repeat(9_000),
            "\\".repeat(9_000),
            "é€😀".repeat(5_000),
            format!("{}&", "y".repeat(MAX_QUOTED_BYTES - 3)),
        ] {
            let q = quote(&raw);
            let body = inside(&q);
            assert!(body.len() <= MAX_QUOTED_BYTES, "{}", body.len());
            assert!(body.len() > MAX_QUOTED_BYTES - 8, "{}", body.len());
            assert!(body.ends_with('…'), "{}", &body[body.len() - 20..]);
            // Cut between escapes: what is left is the escape of a beginning of the text.
            let kept = body.trim_end_matches('…');
            let (prefix, _) = escaped_prefix(&raw, kept.len());
            assert_eq!(prefix, kept);
            // No escape left open before the closing quote.
            let backslashes = kept.len() - kept.trim_end_matches('\\').len();
            assert_eq!(backslashes % 2, 0);
            assert!(!kept.ends_with("&amp") && !kept.ends_with('&'));
        }
        let label = lines(&[&"n".repeat(30_000), &"i".repeat(30_000), "ease 5"]);
        assert!(inside(&label).len() <= MAX_QUOTED_BYTES);
        assert!(
            inside(&label).ends_with("…\\nease 5"),
            "{}",
            &label[label.len() - 30..]
        );
    }
}

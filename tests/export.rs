//! Exports: snapshots of every format on the retail sample with the automatic plan, the plan file
//! round trip, Graphviz accepting every DOT output, the structure of every Mermaid output, and
//! hostile text (escape sequences, formulas, markup) through every format.

use std::collections::{BTreeMap, HashSet};
use std::io::Write as _;
use std::process::{Command, Stdio};

use waveplan::analysis::planner::auto_plan;
use waveplan::analysis::{Capacity, PlannedWave, WavePlan, analyze};
use waveplan::export::{ExportFormat, Report, csv::COLUMNS, render};
use waveplan::graph::DependencyGraph;
use waveplan::load;
use waveplan::model::write::{plan_to_ron, portfolio_to_ron};
use waveplan::model::{App, Criticality, Dep, Hosting, Plan, Portfolio, State, Strategy, Via};
use waveplan::score::{Scorer, Weights};

/// Every export of `portfolio` with the plan `make_plan` builds, and that plan as a plan file.
fn export_all(
    portfolio: &Portfolio,
    file: &str,
    make_plan: impl FnOnce(&Scorer<'_>) -> WavePlan,
) -> (BTreeMap<ExportFormat, String>, Plan) {
    let graph = DependencyGraph::build(portfolio);
    let weights = Weights::default();
    let scorer = Scorer::new(portfolio, &graph, &weights);
    let plan = make_plan(&scorer);
    let analysis = analyze(&scorer, &plan);
    let report = Report::new(&scorer, &plan, &analysis, file, None);
    let outputs = ExportFormat::ALL
        .into_iter()
        .map(|f| {
            let bytes = render(f, &report);
            let text = String::from_utf8(bytes).expect("exports are UTF-8");
            (f, text)
        })
        .collect();
    (outputs, plan.to_plan(portfolio))
}

fn sample(text: &str, file: &str) -> Portfolio {
    load::portfolio_from_str(text, file)
        .expect("the sample portfolio loads")
        .value
}

fn retail() -> Portfolio {
    sample(waveplan::SAMPLE_PORTFOLIO, "portfolios/retail.ron")
}

fn bank() -> Portfolio {
    sample(
        include_str!("../portfolios/bank.ron"),
        "portfolios/bank.ron",
    )
}

fn automatic(scorer: &Scorer<'_>) -> WavePlan {
    auto_plan(scorer, &Capacity::default()).plan
}

// --- snapshots -------------------------------------------------------------------------------

#[test]
fn retail_snapshots() {
    let (outputs, _) = export_all(&retail(), "portfolios/retail.ron", automatic);
    for (format, text) in &outputs {
        insta::assert_snapshot!(format!("retail_{}", format.name()), text);
    }
}

#[test]
fn exports_are_deterministic() {
    let (first, _) = export_all(&retail(), "portfolios/retail.ron", automatic);
    let (second, _) = export_all(&retail(), "portfolios/retail.ron", automatic);
    assert_eq!(first, second);
}

// --- plan file -------------------------------------------------------------------------------

#[test]
fn ron_export_loads_back_as_the_same_plan() {
    for (portfolio, file) in [(retail(), "retail.ron"), (hostile(), "hostile.ron")] {
        let (outputs, plan) = export_all(&portfolio, file, |s| plan_for(&portfolio, s));
        let text = &outputs[&ExportFormat::Ron];
        assert_eq!(
            text,
            &plan_to_ron(&plan),
            "the export is the saved plan file"
        );
        let back = load::plan_from_str(text, "export.plan.ron", &portfolio)
            .expect("the exported plan loads")
            .value;
        assert_eq!(back, plan);
    }
}

/// The automatic plan for the samples, the hand-made hostile plan for the hostile portfolio.
fn plan_for(portfolio: &Portfolio, scorer: &Scorer<'_>) -> WavePlan {
    if portfolio.name.starts_with("Northwind") {
        automatic(scorer)
    } else {
        hostile_plan(portfolio, scorer.graph)
    }
}

// --- Graphviz --------------------------------------------------------------------------------

/// Run `dot -Tsvg` on `text`; `None` when Graphviz is not installed (outside CI).
fn graphviz(name: &str, text: &str) -> Option<String> {
    let child = Command::new("dot")
        .arg("-Tsvg")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn();
    let mut child = match child {
        Ok(c) => c,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            if std::env::var_os("CI").is_some() {
                panic!(
                    "Graphviz `dot` is not installed; CI must install it \
                     (apt-get install -y graphviz) to check the DOT exports"
                );
            }
            eprintln!("note: Graphviz `dot` is not installed; skipping the DOT check of {name}");
            return None;
        }
        Err(e) => panic!("cannot run dot: {e}"),
    };
    let mut stdin = child.stdin.take().expect("piped stdin");
    let input = text.to_string();
    let writer = std::thread::spawn(move || stdin.write_all(input.as_bytes()));
    let out = child.wait_with_output().expect("dot runs");
    writer
        .join()
        .expect("writer thread")
        .expect("dot reads its input");
    assert!(
        out.status.success(),
        "dot -Tsvg rejected the DOT export of {name}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    Some(String::from_utf8_lossy(&out.stdout).into_owned())
}

#[test]
fn graphviz_accepts_every_dot_export() {
    for (name, portfolio) in [
        ("retail", retail()),
        ("bank", bank()),
        ("hostile", hostile()),
    ] {
        let (outputs, _) = export_all(&portfolio, name, |s| plan_for(&portfolio, s));
        let Some(svg) = graphviz(name, &outputs[&ExportFormat::Dot]) else {
            return;
        };
        assert_eq!(
            svg.matches("class=\"node\"").count(),
            portfolio.apps.len(),
            "{name}: one drawn node per app"
        );
        let graph = DependencyGraph::build(&portfolio);
        assert_eq!(
            svg.matches("class=\"edge\"").count(),
            graph.edge_count(),
            "{name}: one drawn edge per dependency"
        );
    }
}

/// Graphviz rejects a quoted string of 16,384 bytes or more: names, ids and wave names past
/// that are cut, and two long ids with the same beginning stay two nodes.
#[test]
fn graphviz_accepts_labels_and_ids_far_past_its_limit() {
    let long_id = |last: char| format!("{}{last}", "a".repeat(20_000));
    let mut apps: Vec<App> = [long_id('1'), long_id('2'), "short".to_string()]
        .into_iter()
        .map(App::new)
        .collect();
    apps[0].name = Some(format!("{}&\"\\", "Name \"&\\ ".repeat(4_000)));
    apps[1].name = Some("é€😀".repeat(6_000));
    apps[0].depends_on = vec![Dep {
        to: apps[1].id.clone(),
        ..Default::default()
    }];
    apps[2].depends_on = vec![Dep {
        to: apps[0].id.clone(),
        ..Default::default()
    }];
    let portfolio = Portfolio {
        name: "Estate & \"co\" ".repeat(3_000),
        apps,
    };
    let (outputs, _) = export_all(&portfolio, "long", |_| {
        WavePlan::from_waves(
            3,
            Default::default(),
            vec![PlannedWave {
                name: "wave \\ ".repeat(5_000),
                apps: vec![0, 1],
                ..Default::default()
            }],
        )
    });
    let dot = &outputs[&ExportFormat::Dot];
    // The longest quoted string, read as DOT reads it (`\"` inside does not end it).
    let (mut longest, mut current, mut quoted, mut escape) = (0, 0, false, false);
    for b in dot.bytes() {
        if !quoted {
            quoted = b == b'"';
            current = 0;
        } else if escape {
            escape = false;
            current += 1;
        } else if b == b'"' {
            quoted = false;
            longest = longest.max(current);
        } else {
            escape = b == b'\\';
            current += 1;
        }
    }
    assert!(!quoted);
    assert!(
        longest <= waveplan::export::dot::MAX_QUOTED_BYTES,
        "{longest}"
    );
    assert!(dot.contains('…'));
    let Some(svg) = graphviz("long", dot) else {
        return;
    };
    assert_eq!(svg.matches("class=\"node\"").count(), 3, "one node per app");
    assert_eq!(
        svg.matches("class=\"edge\"").count(),
        2,
        "one edge per dependency"
    );
}

// --- Mermaid ---------------------------------------------------------------------------------

fn safe_identifier(id: &str) -> bool {
    id.chars().next().is_some_and(|c| c.is_ascii_alphabetic())
        && id.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
}

/// A quoted label with nothing that breaks Mermaid's syntax or becomes HTML.
fn check_label(label: &str, line: &str) {
    let without_breaks = label.replace("<br/>", "");
    for bad in ['"', '[', ']', '|', '`', '<', '>', '{', '}'] {
        assert!(
            !without_breaks.contains(bad),
            "raw {bad:?} in a label: {line}"
        );
    }
}

/// Check the structure of a Mermaid flowchart: one declaration per node with a safe id, edges
/// between declared nodes, balanced subgraphs, link styles of existing edges, quoted labels
/// without raw syntax. Returns (nodes, edges).
fn check_mermaid(text: &str) -> (usize, usize) {
    let mut lines = text.lines().filter(|l| !l.trim_start().starts_with("%%"));
    assert_eq!(lines.next(), Some("flowchart LR"));
    let mut nodes: HashSet<String> = HashSet::new();
    let mut groups: HashSet<String> = HashSet::new();
    let mut depth = 0usize;
    let mut edges = 0usize;
    let mut link_styles: Vec<usize> = Vec::new();
    let mut classed: Vec<String> = Vec::new();
    for line in lines {
        let t = line.trim();
        if let Some(rest) = t.strip_prefix("subgraph ") {
            let (id, label) = rest.split_once(" [\"").expect("subgraph ID [\"label\"]");
            assert!(safe_identifier(id), "subgraph id {id:?}");
            assert!(
                groups.insert(id.to_string()),
                "subgraph {id} declared twice"
            );
            let label = label.strip_suffix("\"]").expect("label closed");
            check_label(label, line);
            depth += 1;
        } else if t == "end" {
            assert!(depth > 0, "`end` without subgraph");
            depth -= 1;
        } else if let Some(rest) = t.strip_prefix("linkStyle ") {
            let (numbers, style) = rest.split_once(' ').expect("linkStyle N style");
            assert!(!style.is_empty());
            link_styles.extend(
                numbers
                    .split(',')
                    .map(|n| n.parse::<usize>().expect("index")),
            );
        } else if t.starts_with("classDef ") {
            continue;
        } else if let Some(rest) = t.strip_prefix("class ") {
            let (ids, _) = rest.split_once(' ').expect("class IDS NAME");
            classed.extend(ids.split(',').map(str::to_string));
        } else if let Some(open) = t.find('[') {
            let id = &t[..open];
            assert!(safe_identifier(id), "node id {id:?}");
            assert!(!groups.contains(id), "node id {id} is a subgraph id");
            assert!(nodes.insert(id.to_string()), "node {id} declared twice");
            let shape = &t[open..];
            let label = shape
                .strip_prefix("[(\"")
                .and_then(|s| s.strip_suffix("\")]"))
                .or_else(|| {
                    shape
                        .strip_prefix("[\"")
                        .and_then(|s| s.strip_suffix("\"]"))
                })
                .unwrap_or_else(|| panic!("node shape: {line}"));
            check_label(label, line);
        } else {
            let parts: Vec<&str> = t.split(' ').collect();
            assert_eq!(parts.len(), 3, "edge A ARROW B: {line}");
            assert!(
                ["-->", "==>", "-.->"].contains(&parts[1]),
                "arrow {}",
                parts[1]
            );
            for end in [parts[0], parts[2]] {
                assert!(nodes.contains(end), "edge to undeclared node {end}: {line}");
            }
            edges += 1;
        }
    }
    assert_eq!(depth, 0, "every subgraph ends");
    assert!(
        link_styles.iter().all(|&i| i < edges),
        "linkStyle past the edges"
    );
    let unique: HashSet<usize> = link_styles.iter().copied().collect();
    assert_eq!(unique.len(), link_styles.len(), "an edge styled twice");
    assert!(
        classed.iter().all(|c| nodes.contains(c)),
        "class of undeclared node"
    );
    (nodes.len(), edges)
}

#[test]
fn mermaid_exports_are_well_formed() {
    for (name, portfolio) in [
        ("retail", retail()),
        ("bank", bank()),
        ("hostile", hostile()),
    ] {
        let (outputs, _) = export_all(&portfolio, name, |s| plan_for(&portfolio, s));
        let (nodes, edges) = check_mermaid(&outputs[&ExportFormat::Mermaid]);
        assert_eq!(nodes, portfolio.apps.len(), "{name}: one node per app");
        assert_eq!(edges, DependencyGraph::build(&portfolio).edge_count());
    }
}

// --- hostile text ----------------------------------------------------------------------------

const HOSTILE: [&str; 24] = [
    "\u{1b}[31mred\u{1b}[0m",
    "\u{1b}]0;title\u{7}",
    "=cmd|' /C calc'!A0",
    "+1",
    "-2",
    "@SUM(A1)",
    "a|b",
    "say \"hi\" it's",
    "back\\slash\\",
    "two\nlines\r\nthree",
    "<script>alert(1)</script>",
    "# heading",
    "`code` ``",
    "[link](http://x) ]",
    "\t=tab",
    "\r=cr",
    "{x|y} <b>",
    "#quot; &amp; &lt; #35;",
    "%% comment",
    "end",
    "1. item",
    "- item\n---",
    "> quote $x$ *b* _i_ ~s~",
    "\u{0}\u{8}\u{7f}\u{9b}31m",
];

/// A portfolio whose free text (names, owners, tags, the portfolio name) is hostile, with ids
/// that stress Mermaid's identifiers, every `via`, cycles, stateful and never-moving apps.
fn hostile() -> Portfolio {
    let ids = [
        "a-b", "a.b", "a_b", "end", "o1", "x-ray", "subgraph", "graph", "n_a_b", "A9", "class",
        "style", "click", "default", "h1", "h2", "h3", "h4",
    ];
    let n = ids.len();
    let apps: Vec<App> = ids
        .iter()
        .enumerate()
        .map(|(i, id)| {
            let mut a = App::new(*id);
            a.name = Some(HOSTILE[i % HOSTILE.len()].to_string());
            a.owner = (i % 5 != 3).then(|| HOSTILE[(i + 7) % HOSTILE.len()].to_string());
            a.tags = vec![
                HOSTILE[(i + 13) % HOSTILE.len()].to_string(),
                if i % 3 == 0 { "pci" } else { "gdpr" }.to_string(),
            ];
            a.state = State::ALL[i % State::ALL.len()];
            a.data_gb = (i * 37) as f64;
            a.criticality = Criticality::ALL[i % Criticality::ALL.len()];
            a.legacy = i % 4 == 1;
            match i {
                14 => a.strategy = Strategy::Retain,
                15 => a.hosting = Hosting::Mainframe,
                16 => a.strategy = Strategy::Retire,
                _ => {}
            }
            a.depends_on = (1..=3)
                .map(|k| Dep {
                    to: ids[(i + k * 5) % n].into(),
                    via: Via::ALL[(i + k) % Via::ALL.len()],
                    ..Default::default()
                })
                .filter(|d| d.to != *id)
                .collect();
            a
        })
        .collect();
    Portfolio {
        name: HOSTILE.concat(),
        apps,
    }
}

/// Waves with hostile names and notes; some apps unplanned, one wave empty, one unnamed.
fn hostile_plan(portfolio: &Portfolio, graph: &DependencyGraph) -> WavePlan {
    let movable: Vec<usize> = (0..portfolio.apps.len())
        .filter(|&a| graph.is_movable(a))
        .collect();
    let mut waves: Vec<PlannedWave> = movable
        .chunks(3)
        .take(4)
        .enumerate()
        .map(|(w, chunk)| PlannedWave {
            name: HOSTILE[(w * 5 + 1) % HOSTILE.len()].to_string(),
            notes: Some(HOSTILE[(w * 5 + 9) % HOSTILE.len()].to_string()),
            apps: chunk.to_vec(),
            ..Default::default()
        })
        .collect();
    waves[1].name = String::new();
    waves.insert(
        2,
        PlannedWave {
            name: "| empty | wave |".to_string(),
            notes: None,
            apps: Vec::new(),
            ..Default::default()
        },
    );
    WavePlan::from_waves(portfolio.apps.len(), Default::default(), waves)
}

fn no_control_characters(format: ExportFormat, text: &str) {
    if let Some(c) = text.chars().find(|&c| c != '\n' && c.is_control()) {
        panic!("{format}: control character {c:?} in the output");
    }
}

/// Pipes that are not backslash-escaped.
fn cells(row: &str) -> usize {
    let mut count = 0;
    let mut chars = row.chars();
    while let Some(c) = chars.next() {
        match c {
            '\\' => {
                chars.next();
            }
            '|' => count += 1,
            _ => {}
        }
    }
    count
}

fn check_markdown(text: &str) {
    let mut header: Option<usize> = None;
    let mut fence = false;
    for line in text.lines() {
        // The one fenced block is the Mermaid chart: numbers and fixed words only, never the
        // portfolio's text.
        if line.starts_with("```") {
            assert!(fence || line == "```mermaid", "an unknown fence: {line}");
            fence = !fence;
            continue;
        }
        if fence {
            let words = ["xychart-beta", "title", "x-axis", "y-axis", "bar", "line"];
            assert!(
                words.iter().any(|w| line.trim_start().starts_with(w)),
                "the chart holds: {line}"
            );
            assert!(
                !line.contains('`') && !line.contains('<'),
                "the chart holds: {line}"
            );
            continue;
        }
        if line.starts_with('|') {
            let n = cells(line);
            match header {
                None => header = Some(n),
                Some(h) => assert_eq!(n, h, "a table row lost its columns: {line}"),
            }
        } else {
            header = None;
        }
        if line.starts_with('#') {
            assert!(
                line.starts_with("# Migration plan: ")
                    || line.starts_with("## ")
                    || line.starts_with("### Wave "),
                "a heading from the portfolio's text: {line}"
            );
        }
        for bad in ["<", ">", "`"] {
            let unescaped = line
                .match_indices(bad)
                .filter(|(i, _)| !line[..*i].ends_with('\\'))
                .count();
            if bad == "`" {
                assert!(unescaped % 2 == 0, "an open code span: {line}");
            } else {
                assert_eq!(unescaped, 0, "raw {bad} in: {line}");
            }
        }
    }
}

fn check_csv(text: &str, apps: usize) {
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(true)
        .from_reader(text.as_bytes());
    assert_eq!(
        reader.headers().expect("header").iter().collect::<Vec<_>>(),
        COLUMNS
    );
    let mut rows = 0;
    for record in reader.records() {
        let record = record.expect("a CSV record");
        assert_eq!(record.len(), COLUMNS.len());
        for cell in record.iter() {
            assert!(
                !cell.starts_with(['=', '+', '-', '@', '\t', '\r']),
                "a formula cell: {cell:?}"
            );
            assert!(!cell.contains('\n'), "a line break in a cell: {cell:?}");
        }
        rows += 1;
    }
    assert_eq!(rows, apps);
}

fn check_json(text: &str, apps: usize) {
    let doc: serde_json::Value = serde_json::from_str(text).expect("valid JSON");
    assert_eq!(doc["apps"].as_array().map(Vec::len), Some(apps));
    fn strings(v: &serde_json::Value, out: &mut Vec<String>) {
        match v {
            serde_json::Value::String(s) => out.push(s.clone()),
            serde_json::Value::Array(a) => a.iter().for_each(|x| strings(x, out)),
            serde_json::Value::Object(o) => o.iter().for_each(|(k, x)| {
                out.push(k.clone());
                strings(x, out)
            }),
            _ => {}
        }
    }
    let mut all = Vec::new();
    strings(&doc, &mut all);
    for s in all {
        assert!(
            !s.chars().any(char::is_control),
            "control character in {s:?}"
        );
    }
}

#[test]
fn hostile_portfolio_is_a_valid_portfolio() {
    let p = hostile();
    let text = portfolio_to_ron(&p);
    let back = load::portfolio_from_str(&text, "hostile.ron")
        .expect("the hostile portfolio is valid")
        .value;
    assert_eq!(back, p);
}

#[test]
fn hostile_text_breaks_no_format() {
    let portfolio = hostile();
    let (outputs, _) = export_all(&portfolio, "host\u{1b}[2Jile|.ron", |s| {
        hostile_plan(&portfolio, s.graph)
    });
    let apps = portfolio.apps.len();
    for (format, text) in &outputs {
        no_control_characters(*format, text);
    }
    check_markdown(&outputs[&ExportFormat::Md]);
    check_csv(&outputs[&ExportFormat::Csv], apps);
    check_json(&outputs[&ExportFormat::Json], apps);
    check_mermaid(&outputs[&ExportFormat::Mermaid]);
    graphviz("hostile", &outputs[&ExportFormat::Dot]);
    // The readable parts survive, escaped.
    assert!(outputs[&ExportFormat::Md].contains("\\<script\\>"));
    assert!(outputs[&ExportFormat::Csv].contains("'=cmd|' /C calc'!A0"));
    assert!(outputs[&ExportFormat::Mermaid].contains("say #quot;hi#quot; it's"));
    assert!(outputs[&ExportFormat::Dot].contains("say \\\"hi\\\" it's"));
}

#[test]
fn markdown_rows_keep_their_columns_for_every_hostile_text() {
    // Each hostile text as a wave name, an owner and a name, one at a time.
    for text in HOSTILE {
        let mut portfolio = Portfolio {
            name: text.to_string(),
            apps: vec![App::new("a"), App::new("b")],
        };
        portfolio.apps[0].name = Some(text.to_string());
        portfolio.apps[0].owner = Some(text.to_string());
        portfolio.apps[0].tags = vec![text.to_string(), "sox".to_string()];
        portfolio.apps[1].strategy = Strategy::Retire;
        portfolio.apps[1].owner = Some(text.to_string());
        portfolio.apps[0].depends_on = vec![Dep {
            to: "b".into(),
            via: Via::Rpc,
            ..Default::default()
        }];
        let (outputs, _) = export_all(&portfolio, text, |s| {
            WavePlan::from_waves(
                s.graph.app_count(),
                Default::default(),
                vec![PlannedWave {
                    name: text.to_string(),
                    notes: Some(text.to_string()),
                    apps: vec![0],
                    ..Default::default()
                }],
            )
        });
        for (format, out) in &outputs {
            no_control_characters(*format, out);
        }
        check_markdown(&outputs[&ExportFormat::Md]);
        check_csv(&outputs[&ExportFormat::Csv], 2);
        check_json(&outputs[&ExportFormat::Json], 2);
        check_mermaid(&outputs[&ExportFormat::Mermaid]);
        graphviz(&format!("{text:?}"), &outputs[&ExportFormat::Dot]);
    }
}

#[test]
fn empty_portfolio_and_empty_waves_export() {
    let empty = Portfolio::default();
    let one_app = Portfolio {
        name: "one".to_string(),
        apps: vec![App::new("solo")],
    };
    for portfolio in [empty, one_app] {
        // The board's start: one empty wave.
        let (outputs, plan) = export_all(&portfolio, "p.ron", |s| {
            WavePlan::from_waves(
                s.graph.app_count(),
                Default::default(),
                vec![PlannedWave {
                    name: "Wave 1".to_string(),
                    notes: None,
                    apps: Vec::new(),
                    ..Default::default()
                }],
            )
        });
        check_markdown(&outputs[&ExportFormat::Md]);
        check_csv(&outputs[&ExportFormat::Csv], portfolio.apps.len());
        check_json(&outputs[&ExportFormat::Json], portfolio.apps.len());
        let (nodes, _) = check_mermaid(&outputs[&ExportFormat::Mermaid]);
        assert_eq!(nodes, portfolio.apps.len());
        graphviz("empty", &outputs[&ExportFormat::Dot]);
        let back = load::plan_from_str(&outputs[&ExportFormat::Ron], "p.plan.ron", &portfolio)
            .expect("loads")
            .value;
        assert_eq!(back, plan);
        // And with no waves at all.
        let (outputs, _) = export_all(&portfolio, "p.ron", |s| {
            WavePlan::empty(s.graph.app_count())
        });
        check_markdown(&outputs[&ExportFormat::Md]);
        graphviz("no waves", &outputs[&ExportFormat::Dot]);
        check_mermaid(&outputs[&ExportFormat::Mermaid]);
    }
}

// --- command line ----------------------------------------------------------------------------

fn waveplan() -> Command {
    Command::new(env!("CARGO_BIN_EXE_waveplan"))
}

#[test]
fn export_command_writes_every_format() {
    let dir = tempfile::tempdir().expect("temp dir");
    let portfolio = dir.path().join("hostile.ron");
    std::fs::write(&portfolio, portfolio_to_ron(&hostile())).expect("write portfolio");
    let plan_path = dir.path().join("hostile.plan.ron");
    let graph = DependencyGraph::build(&hostile());
    let plan = hostile_plan(&hostile(), &graph).to_plan(&hostile());
    std::fs::write(&plan_path, plan_to_ron(&plan)).expect("write plan");
    for format in ExportFormat::ALL {
        let out = dir.path().join(format!("out.{}", format.extension()));
        let status = waveplan()
            .arg("export")
            .arg(&portfolio)
            .arg("--plan")
            .arg(&plan_path)
            .args(["--format", format.name(), "-o"])
            .arg(&out)
            .output()
            .expect("run waveplan");
        assert_eq!(status.status.code(), Some(0), "{format}: {status:?}");
        let written = std::fs::read_to_string(&out).expect("export written");
        no_control_characters(format, &written);
        // The same bytes on stdout; the format from the extension of -o.
        let stdout = waveplan()
            .arg("export")
            .arg(&portfolio)
            .args(["--plan"])
            .arg(&plan_path)
            .args(["--format", format.name()])
            .output()
            .expect("run waveplan");
        assert_eq!(String::from_utf8_lossy(&stdout.stdout), written);
        let by_extension = dir.path().join(format!("again.{}", format.extension()));
        let inferred = waveplan()
            .arg("export")
            .arg(&portfolio)
            .arg("-o")
            .arg(&by_extension)
            .output()
            .expect("run waveplan");
        assert_eq!(inferred.status.code(), Some(0));
        // Without --plan, the plan saved next to the portfolio.
        assert_eq!(
            std::fs::read_to_string(&by_extension).expect("written"),
            written
        );
    }
    let ron = std::fs::read_to_string(dir.path().join("out.ron")).expect("plan export");
    assert_eq!(ron, plan_to_ron(&plan));
}

#[test]
fn export_command_usage_errors() {
    let sample = concat!(env!("CARGO_MANIFEST_DIR"), "/portfolios/retail.ron");
    let code = |args: &[&str]| waveplan().args(args).output().expect("run").status.code();
    assert_eq!(code(&["export", sample]), Some(2), "no format");
    assert_eq!(code(&["export", sample, "--format", "xlsx"]), Some(2));
    assert_eq!(code(&["export", sample, "-o", "report.txt"]), Some(2));
    assert_eq!(code(&["export", "missing.ron", "--format", "md"]), Some(2));
    let dir = tempfile::tempdir().expect("temp dir");
    let bad_plan = dir.path().join("bad.plan.ron");
    std::fs::write(&bad_plan, "Plan(waves: [(name: \"x\", apps: [\"nope\"])])").expect("write");
    let bad = bad_plan.to_str().expect("utf-8 path");
    assert_eq!(
        code(&["export", sample, "--plan", bad, "--format", "md"]),
        Some(1)
    );
}

// --- escaping, for any text ------------------------------------------------------------------

mod escaping {
    use proptest::prelude::*;
    use waveplan::export::{csv_safe, dot, md, mermaid};

    /// Text mixing the characters that matter with anything else.
    fn text() -> impl Strategy<Value = String> {
        prop_oneof![
            any::<String>(),
            proptest::collection::vec(
                prop_oneof![
                    Just('|'),
                    Just('\\'),
                    Just('"'),
                    Just('`'),
                    Just('\n'),
                    Just('\r'),
                    Just('\t'),
                    Just('\u{1b}'),
                    Just('#'),
                    Just('-'),
                    Just('='),
                    Just('['),
                    Just(']'),
                    Just('<'),
                    Just('&'),
                    Just('1'),
                    Just('.'),
                    Just(' '),
                    Just('a'),
                ],
                0..24
            )
            .prop_map(|cs| cs.into_iter().collect()),
        ]
    }

    /// Characters not escaped by a preceding backslash.
    fn unescaped(s: &str) -> Vec<char> {
        let mut out = Vec::new();
        let mut chars = s.chars();
        while let Some(c) = chars.next() {
            if c == '\\' {
                chars.next();
            } else {
                out.push(c);
            }
        }
        out
    }

    proptest! {
        #[test]
        fn markdown_text_is_inert(s in text()) {
            let t = md::text(&s);
            prop_assert!(!t.chars().any(char::is_control));
            let raw = unescaped(&t);
            for c in ['|', '`', '<', '>', '[', ']', '*', '_', '#'] {
                prop_assert!(!raw.contains(&c), "{c:?} in {t:?}");
            }
            prop_assert!(!t.starts_with(['-', '+', '=']));
        }

        #[test]
        fn mermaid_label_is_inert(s in text()) {
            let l = mermaid::label(&s);
            let bad = l.chars().find(|&c| {
                c.is_control()
                    || matches!(c, '"' | '[' | ']' | '|' | '`' | '<' | '>' | '{' | '}')
            });
            prop_assert_eq!(bad, None, "in {:?}", l);
        }

        #[test]
        fn dot_quote_is_one_string(s in text()) {
            let q = dot::quote(&s);
            prop_assert!(!q.chars().any(char::is_control));
            let inner = &q[1..q.len() - 1];
            prop_assert!(!unescaped(inner).contains(&'"'));
            // An even run of backslashes before the closing quote leaves it a quote.
            let trailing = inner.chars().rev().take_while(|&c| c == '\\').count();
            prop_assert_eq!(trailing % 2, 0);
        }

        #[test]
        fn csv_cells_never_start_a_formula(s in text()) {
            let c = csv_safe(&s);
            prop_assert!(!c.starts_with(['=', '+', '-', '@', '\t', '\r']));
            prop_assert!(!c.chars().any(char::is_control));
        }
    }
}

//! Reliability properties (DESIGN.md section 9) over random portfolios and plans, valid or not:
//! the analysis, the recommendations and the planner never panic on any plan; no export panics
//! or lets hostile text through on any portfolio; a plan saved and loaded again is the same plan.
//!
//! The portfolios here are not validated: ids may repeat, dependencies may name unknown apps or
//! the app itself, sizes may be negative or not numbers. Plans put apps that never move into
//! waves, leave waves empty, or have no waves at all.

use proptest::prelude::*;
use proptest::sample::select;

use waveplan::analysis::planner::{auto_plan, layered_plan, random_plan};
use waveplan::analysis::{Capacity, PlannedWave, WavePlan, analyze, recommend};
use waveplan::export::{ExportFormat, Report, csv::COLUMNS, render};
use waveplan::graph::DependencyGraph;
use waveplan::load;
use waveplan::model::write::plan_to_ron;
use waveplan::model::{
    App, Criticality, Dep, Hosting, Kind, Plan, Portfolio, State, Strategy as Seven, Via, Wave,
};
use waveplan::score::{Scorer, Weights};

/// Pieces of text that have broken terminals, spreadsheets, Markdown, DOT, Mermaid, CSV, JSON
/// and RON somewhere.
#[rustfmt::skip]
const HOSTILE: &[&str] = &[
    "\u{1b}[31m", "\u{1b}]0;title\u{7}", "\u{1b}[2J\u{1b}[H", "\u{9b}31m", "\u{7f}", "\0", "\u{8}",
    "\n", "\r\n", "\r", "\t", "\u{2028}", "\u{202e}", "\u{feff}", "\u{200b}",
    "=1+1", "+cmd", "-2", "@SUM(A1)", "=HYPERLINK(\"http://x\")", "'", "\"", "\\", "\\\"",
    "|", "||", "`", "```", "*", "**", "_", "#", "# ", "> ", "- ", "1. ", "[x](javascript:1)",
    "<script>", "</td>", "&amp;", "&#34;", "#quot;", "<br/>", "{", "}", "[", "]", "(", ")",
    ";", ",", ":", "%%", "-->", "---", "subgraph", "end", "graph", "digraph", "cluster_",
    "label=", "\\l", "\\N", "r#\"", "\"#", "/*", "*/", "//", "é", "漢字", "🚀", "e\u{301}",
    "a", "web", " ", "  ", "",
];

fn hostile_text() -> impl Strategy<Value = String> {
    prop::collection::vec(
        prop_oneof![
            4 => select(HOSTILE).prop_map(String::from),
            1 => any::<char>().prop_map(String::from),
        ],
        0..6,
    )
    .prop_map(|parts| parts.concat())
}

/// Sizes, including the ones the loader refuses.
fn data_gb() -> impl Strategy<Value = f64> {
    prop_oneof![
        Just(0.0),
        Just(-0.0),
        0.0..5000.0f64,
        select(vec![
            0.5,
            1e12,
            1e300,
            f64::MAX,
            f64::MIN_POSITIVE,
            -1.0,
            f64::NAN,
            f64::INFINITY,
            f64::NEG_INFINITY,
        ]),
    ]
}

/// An app with random fields and hostile text; its id and dependencies are set later.
fn app() -> impl Strategy<Value = App> {
    (
        (
            select(Kind::ALL.to_vec()),
            select(Hosting::ALL.to_vec()),
            select(Seven::ALL.to_vec()),
            select(State::ALL.to_vec()),
            select(Criticality::ALL.to_vec()),
        ),
        data_gb(),
        any::<bool>(),
        prop::option::of(hostile_text()),
        prop::option::of(hostile_text()),
        prop::collection::vec(
            prop_oneof![
                select(vec!["pci", "PCI", "gdpr", "sox", "hipaa"]).prop_map(String::from),
                hostile_text(),
            ],
            0..4,
        ),
    )
        .prop_map(
            |(
                (kind, hosting, strategy, state, criticality),
                data_gb,
                legacy,
                name,
                owner,
                tags,
            )| {
                let mut a = App::new("");
                a.kind = kind;
                a.hosting = hosting;
                a.strategy = strategy;
                a.state = state;
                a.criticality = criticality;
                a.data_gb = data_gb;
                a.legacy = legacy;
                a.name = name;
                a.owner = owner;
                a.tags = tags;
                a
            },
        )
}

/// Where a dependency leads: an app of the portfolio (maybe the app itself), or no app at all.
#[derive(Debug, Clone)]
enum Target {
    App(usize),
    Unknown(String),
}

/// A random portfolio of up to `max` apps with hostile text. When `valid`, ids are unique and
/// every dependency names another app of the portfolio (what the loader accepts); otherwise
/// ids repeat and dependencies lead to the app itself or to no app.
fn portfolio(max: usize, valid: bool) -> impl Strategy<Value = Portfolio> {
    (0..=max).prop_flat_map(move |n| {
        let target = if valid || n == 0 {
            (0..n.max(1)).prop_map(Target::App).boxed()
        } else {
            prop_oneof![
                6 => (0..n).prop_map(Target::App),
                1 => select(vec!["nobody", "", "app0 ", "\u{1b}"])
                    .prop_map(|s| Target::Unknown(s.to_string())),
            ]
            .boxed()
        };
        (
            hostile_text(),
            prop::collection::vec(app(), n),
            prop::collection::vec((0..n.max(1), target, select(Via::ALL.to_vec())), 0..=n * 3),
            prop::collection::vec(prop::option::of(0..n.max(1)), n),
        )
            .prop_map(move |(name, mut apps, edges, same_id)| {
                for i in 0..apps.len() {
                    // An invalid portfolio may give an app the id of an earlier one.
                    let twin = same_id[i].filter(|&j| !valid && j < i);
                    apps[i].id = match twin {
                        Some(j) => apps[j].id.clone(),
                        None => format!("app{i}").into(),
                    };
                }
                for (from, to, via) in edges {
                    if apps.is_empty() {
                        break;
                    }
                    let to = match to {
                        Target::App(t) if valid && t == from => continue,
                        Target::App(t) => format!("app{t}"),
                        Target::Unknown(s) => s,
                    };
                    apps[from].depends_on.push(Dep {
                        to: to.into(),
                        via,
                        ..Default::default()
                    });
                }
                Portfolio { name, apps }
            })
    })
}

/// A wave of each app (or none), with no regard to whether it can move, `waves` waves in all;
/// some waves stay empty.
fn wave_plan(
    apps: usize,
    waves: usize,
    of: &[Option<usize>],
    names: &[(String, Option<String>)],
) -> WavePlan {
    let mut planned: Vec<PlannedWave> = (0..waves)
        .map(|w| PlannedWave {
            name: names[w % names.len().max(1)].0.clone(),
            notes: names[w % names.len().max(1)].1.clone(),
            apps: Vec::new(),
            ..Default::default()
        })
        .collect();
    if waves > 0 {
        for (a, w) in of.iter().enumerate().take(apps) {
            if let Some(w) = w {
                planned[w % waves].apps.push(a);
            }
        }
    }
    WavePlan::from_waves(apps, Default::default(), planned)
}

fn wave_names() -> impl Strategy<Value = Vec<(String, Option<String>)>> {
    prop::collection::vec((hostile_text(), prop::option::of(hostile_text())), 1..4)
}

fn capacity() -> impl Strategy<Value = Capacity> {
    (0usize..5, 0usize..3, 0usize..4).prop_map(|(max_apps, max_stateful, pilot)| Capacity {
        max_apps,
        max_stateful,
        pilot,
        ..Default::default()
    })
}

/// A plan file naming apps by id: known ones, unknown ones, the same app twice.
fn plan_file(apps: usize) -> impl Strategy<Value = Plan> {
    let id = prop_oneof![
        5 => (0..apps.max(1)).prop_map(|a| format!("app{a}")),
        1 => select(vec!["nobody", "", "\u{1b}[31m"]).prop_map(String::from),
    ];
    prop::collection::vec(
        (hostile_text(), prop::collection::vec(id, 0..6)).prop_map(|(name, apps)| Wave {
            name,
            apps,
            notes: None,
            ..Default::default()
        }),
        0..4,
    )
    .prop_map(|waves| Plan {
        waves,
        ..Default::default()
    })
}

/// The built-in weights file with its numbers (outside comments) replaced, in order, by
/// `values` (repeated when there are fewer).
fn weights_text(values: &[u32]) -> String {
    let mut next = values.iter().cycle();
    waveplan::score::weights::DEFAULT_WEIGHTS
        .lines()
        .map(|line| {
            let (code, comment) = line
                .split_once("//")
                .map_or((line, None), |(c, m)| (c, Some(m)));
            let mut out = String::new();
            let mut in_number = false;
            for c in code.chars() {
                if c.is_ascii_digit() {
                    if !in_number {
                        out.push_str(&next.next().unwrap().to_string());
                    }
                    in_number = true;
                } else {
                    in_number = false;
                    out.push(c);
                }
            }
            match comment {
                Some(m) => format!("{out}//{m}"),
                None => out,
            }
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// Everything the board and the commands run on a plan, with the invariants of their results.
fn run_everything(
    scorer: &Scorer<'_>,
    plan: &WavePlan,
    capacity: &Capacity,
) -> Result<(), TestCaseError> {
    let graph = scorer.graph;
    let n = graph.app_count();
    let mut judged = plan.clone();
    judged.set_capacity(*capacity);
    let plan = &judged;
    let analysis = analyze(scorer, plan);
    prop_assert_eq!(analysis.scores.len(), n);
    prop_assert_eq!(analysis.marks.len(), n);
    prop_assert_eq!(analysis.waves.len(), plan.wave_count());
    prop_assert_eq!(analysis.hybrid.after_wave.len(), plan.wave_count());
    for s in &analysis.scores {
        prop_assert!(s.ease <= 100 && s.coupling <= 100 && s.statefulness <= 100 && s.risk <= 100);
    }
    let report = Report::new(scorer, plan, &analysis, "p.ron", None);
    for a in 0..n {
        let card = report.card(a);
        prop_assert_eq!(card.scores(), analysis.scores[a]);
        let _ = report.hybrid_links(a);
    }
    // Messages quote wave names as written; whoever shows them removes control characters.
    for f in &analysis.findings {
        prop_assert!(!f.message(scorer.portfolio, graph, plan).is_empty());
        let _ = (f.apps(graph), f.wave(), f.code());
    }
    for w in 0..plan.wave_count() + 2 {
        let _ = report.never_moving_partners(w);
        // Every wave, one past the end (a new wave) and one further.
        for top in [0, 1, 3, n + 1] {
            let recs = recommend(scorer, plan, w, top);
            prop_assert!(recs.len() <= top);
            for r in &recs {
                prop_assert!(!r.apps.is_empty() && r.ease <= 100);
                prop_assert!(r.reasons.len() <= 3);
                for &a in &r.apps {
                    prop_assert!(graph.is_movable(a), "recommended an app that never moves");
                    prop_assert!(
                        plan.wave_of(a).is_none_or(|k| k > w),
                        "recommended a placed app"
                    );
                }
            }
        }
    }
    Ok(())
}

/// Every app that can move is in exactly one wave of an automatic plan; no other app is.
fn check_full_plan(graph: &DependencyGraph, plan: &WavePlan) -> Result<(), TestCaseError> {
    let mut seen = vec![0usize; graph.app_count()];
    for wave in plan.waves() {
        prop_assert!(!wave.apps.is_empty(), "an empty wave");
        for &a in &wave.apps {
            seen[a] += 1;
        }
    }
    for (a, &count) in seen.iter().enumerate() {
        prop_assert_eq!(count, usize::from(graph.is_movable(a)), "app {}", a);
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    /// Any plan of any portfolio: apps that never move in waves, empty waves, no waves at all;
    /// then the recommendations for every wave and the planners with any capacity, zeros too.
    #[test]
    fn the_analysis_never_panics_on_any_plan(
        portfolio in portfolio(16, false),
        waves in 0usize..5,
        of in prop::collection::vec(prop::option::of(0usize..5), 16),
        names in wave_names(),
        capacity in capacity(),
        seed in any::<u64>(),
    ) {
        let graph = DependencyGraph::build(&portfolio);
        let weights = Weights::default();
        let scorer = Scorer::new(&portfolio, &graph, &weights);
        let n = graph.app_count();
        let plan = wave_plan(n, waves, &of, &names);
        run_everything(&scorer, &plan, &capacity)?;
        run_everything(&scorer, &WavePlan::empty(n), &capacity)?;
        let auto = auto_plan(&scorer, &capacity);
        check_full_plan(&graph, &auto.plan)?;
        run_everything(&scorer, &auto.plan, &capacity)?;
        let layered = layered_plan(&scorer, &capacity);
        check_full_plan(&graph, &layered)?;
        run_everything(&scorer, &layered, &capacity)?;
        let random = random_plan(&scorer, &capacity, seed);
        check_full_plan(&graph, &random)?;
    }

    /// Any weights a file may give (every point 0 to 1000, ease weights up to 1000%) score,
    /// analyse and plan any portfolio without overflow; past the limits a file is refused.
    #[test]
    fn any_accepted_weights_never_overflow(
        points in prop::collection::vec(
            prop_oneof![
                60 => 0u32..=1000,
                10 => select(vec![0u32, 1000]),
                1 => select(vec![1001u32, u32::MAX / 2, u32::MAX]),
            ],
            35,
        ),
        ease in prop_oneof![
            8 => prop::collection::vec(0u32..=400, 3),
            1 => prop::collection::vec(select(vec![0u32, 1000, 1001, u32::MAX]), 3),
        ],
        portfolio in portfolio(12, false),
        waves in 0usize..4,
        of in prop::collection::vec(prop::option::of(0usize..4), 12),
        names in wave_names(),
        capacity in capacity(),
    ) {
        // The file's 38 numbers: 29 points, the 3 ease weights, 6 more points.
        let values = [&points[..29], &ease[..], &points[29..]].concat();
        let text = weights_text(&values);
        let sum: u64 = ease.iter().map(|&v| u64::from(v)).sum();
        let allowed = points.iter().all(|&v| v <= 1000) && (1..=1000).contains(&sum);
        let loaded = Weights::from_str(&text, "w.ron");
        prop_assert_eq!(loaded.is_ok(), allowed, "{:?}\n{}", loaded.as_ref().err(), text);
        let Ok(weights) = loaded else {
            return Ok(());
        };
        let graph = DependencyGraph::build(&portfolio);
        let scorer = Scorer::new(&portfolio, &graph, &weights);
        let plan = wave_plan(graph.app_count(), waves, &of, &names);
        run_everything(&scorer, &plan, &capacity)?;
        let auto = auto_plan(&scorer, &capacity);
        run_everything(&scorer, &auto.plan, &capacity)?;
    }

    /// Plan files with unknown ids and apps named twice resolve to a plan the analysis takes.
    #[test]
    fn plans_from_broken_plan_files_analyse(
        (portfolio, plan) in portfolio(12, false).prop_flat_map(|p| {
            let n = p.apps.len();
            (Just(p), plan_file(n))
        }),
        capacity in capacity(),
    ) {
        let graph = DependencyGraph::build(&portfolio);
        let weights = Weights::default();
        let scorer = Scorer::new(&portfolio, &graph, &weights);
        let resolved = WavePlan::from_plan(&plan, &graph);
        prop_assert_eq!(resolved.wave_count(), plan.waves.len());
        run_everything(&scorer, &resolved, &capacity)?;
        // The loader refuses or accepts such a plan, and never panics on it.
        let _ = load::plan_from_str(&plan_to_ron(&plan), "p.plan.ron", &portfolio);
    }

    /// Every export of any portfolio and plan: UTF-8, no control characters but line breaks,
    /// JSON that parses, CSV with one row of the documented columns per app.
    #[test]
    fn exports_never_panic_on_any_portfolio(
        portfolio in portfolio(10, false),
        waves in 0usize..4,
        of in prop::collection::vec(prop::option::of(0usize..4), 10),
        names in wave_names(),
        file in hostile_text(),
    ) {
        let graph = DependencyGraph::build(&portfolio);
        let weights = Weights::default();
        let scorer = Scorer::new(&portfolio, &graph, &weights);
        let plan = wave_plan(graph.app_count(), waves, &of, &names);
        let analysis = analyze(&scorer, &plan);
        let report = Report::new(&scorer, &plan, &analysis, &file, Some(&file));
        for format in ExportFormat::ALL {
            let text = String::from_utf8(render(format, &report));
            prop_assert!(text.is_ok(), "{} is not UTF-8", format);
            let text = text.unwrap();
            let bad = text.chars().find(|&c| c != '\n' && c.is_control());
            prop_assert!(bad.is_none(), "{}: control character {:?}", format, bad);
            match format {
                ExportFormat::Json => {
                    let value: Result<serde_json::Value, _> = serde_json::from_str(&text);
                    prop_assert!(value.is_ok(), "{:?}\n{}", value.err(), text);
                }
                ExportFormat::Csv => {
                    let mut reader = csv::Reader::from_reader(text.as_bytes());
                    let header = reader.headers().unwrap().clone();
                    prop_assert_eq!(header.iter().collect::<Vec<_>>(), COLUMNS.to_vec());
                    let rows: Vec<_> = reader.records().collect();
                    prop_assert_eq!(rows.len(), portfolio.apps.len());
                    for row in rows {
                        prop_assert_eq!(row.unwrap().len(), COLUMNS.len());
                    }
                }
                _ => {}
            }
        }
    }

    /// A plan saved and loaded again is the same plan: the plan file as the board saves it, and
    /// the `ron` export, which is the same bytes.
    #[test]
    fn a_saved_plan_loads_back_the_same(
        portfolio in portfolio(14, true),
        waves in 0usize..5,
        of in prop::collection::vec(prop::option::of(0usize..5), 14),
        names in wave_names(),
    ) {
        let graph = DependencyGraph::build(&portfolio);
        let weights = Weights::default();
        let scorer = Scorer::new(&portfolio, &graph, &weights);
        // Only apps that can move may be in a wave of a plan that loads.
        let of: Vec<Option<usize>> = (0..graph.app_count())
            .map(|a| of[a].filter(|_| graph.is_movable(a)))
            .collect();
        let plan = wave_plan(graph.app_count(), waves, &of, &names);
        let saved = plan_to_ron(&plan.to_plan(&portfolio));
        let analysis = analyze(&scorer, &plan);
        let report = Report::new(&scorer, &plan, &analysis, "p.ron", None);
        let exported = render(ExportFormat::Ron, &report);
        prop_assert_eq!(saved.as_bytes(), &exported[..], "the ron export is the saved plan");
        let loaded = load::plan_from_str(&saved, "p.plan.ron", &portfolio);
        prop_assert!(loaded.is_ok(), "{}\n{}", loaded.err().unwrap(), saved);
        let loaded = loaded.unwrap();
        prop_assert!(loaded.warnings.is_empty(), "{:?}", loaded.warnings);
        prop_assert_eq!(&loaded.value, &plan.to_plan(&portfolio));
        prop_assert_eq!(WavePlan::from_plan(&loaded.value, &graph), plan);
    }
}

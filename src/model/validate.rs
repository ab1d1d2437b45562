//! Checks a parsed portfolio or plan against the rules of the file formats. Problems carry the
//! path of the offending value (`apps[3].depends_on[1].to`); the loader turns paths into places.

use rustc_hash::FxHashMap as HashMap;

pub use crate::graph::Targets;

use super::{App, Plan, Portfolio};
use crate::diagnostic::Severity;

/// A rule broken by a portfolio or a plan.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub severity: Severity,
    /// Path of the offending value, as `Locations` records it.
    pub path: String,
    pub message: String,
}

impl Problem {
    fn error(path: String, message: String) -> Problem {
        Problem {
            severity: Severity::Error,
            path,
            message,
        }
    }

    fn warning(path: String, message: String) -> Problem {
        Problem {
            severity: Severity::Warning,
            path,
            message,
        }
    }
}

/// Whether `id` matches `[A-Za-z0-9][A-Za-z0-9._-]*`.
pub fn is_valid_id(id: &str) -> bool {
    // (Bytes: a byte of a character past ASCII is no letter or digit either.)
    let mut bytes = id.bytes();
    bytes.next().is_some_and(|b| b.is_ascii_alphanumeric())
        && bytes.all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'_' | b'-'))
}

/// The candidate closest to `wanted`, when it is close enough to be a likely typo.
pub fn suggest<'a>(wanted: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let limit = (wanted.chars().count() / 3).max(1);
    let wanted_lower = wanted.to_ascii_lowercase();
    candidates
        .into_iter()
        .filter(|c| c.len().abs_diff(wanted.len()) <= limit)
        .map(|c| {
            (
                strsim::osa_distance(&wanted_lower, &c.to_ascii_lowercase()),
                c,
            )
        })
        .filter(|&(d, _)| d <= limit)
        .min()
        .map(|(_, c)| c)
}

/// How many candidates the suggestions of one file may compare in all (see `suggest_within`).
pub const SUGGESTION_BUDGET: usize = 1_000_000;

/// `suggest`, within a budget of comparisons shared by the calls for one file: each call costs
/// its number of candidates, and once the budget is spent no more names are suggested. A file
/// with a great many unknown names against a great many known ones so costs its size, not
/// their product.
pub fn suggest_within<'a, I>(budget: &mut usize, wanted: &str, candidates: I) -> Option<&'a str>
where
    I: IntoIterator<Item = &'a str>,
    I::IntoIter: ExactSizeIterator,
{
    let candidates = candidates.into_iter();
    *budget = budget.checked_sub(candidates.len())?;
    suggest(wanted, candidates)
}

fn did_you_mean(suggestion: Option<&str>) -> String {
    match suggestion {
        Some(s) => format!("; did you mean `{}`?", s.escape_debug()),
        None => String::new(),
    }
}

/// Every problem in a portfolio: ids, references, values and duplicate edges.
pub fn validate_portfolio(portfolio: &Portfolio) -> Vec<Problem> {
    validate_portfolio_resolving(portfolio).0
}

/// The problems of `portfolio`, and the app each dependency names (see `Targets`): the graph is
/// built from them without looking the ids up again.
pub fn validate_portfolio_resolving(portfolio: &Portfolio) -> (Vec<Problem>, Targets) {
    let apps: Vec<(usize, &App)> = portfolio.apps.iter().enumerate().collect();
    let (mut problems, targets) = validate_apps_resolving(&apps, true);
    if portfolio.apps.is_empty() {
        problems.push(Problem::warning(
            "apps".to_string(),
            "the portfolio has no apps".to_string(),
        ));
    }
    (problems, targets)
}

/// The problems of the apps that could be read, each with its index in the file. When some apps
/// could not be read (`complete` is false), references to unknown ids are not reported: they may
/// name the apps that could not be read.
pub fn validate_apps(apps: &[(usize, &App)], complete: bool) -> Vec<Problem> {
    validate_apps_resolving(apps, complete).0
}

/// `validate_apps`, with the index (in `apps`) of the app each dependency names.
fn validate_apps_resolving(apps: &[(usize, &App)], complete: bool) -> (Vec<Problem>, Targets) {
    let mut problems = Vec::new();
    let mut first_index: HashMap<&str, usize> =
        HashMap::with_capacity_and_hasher(apps.len(), Default::default());
    for &(i, app) in apps {
        if !is_valid_id(&app.id) {
            problems.push(Problem::error(
                format!("apps[{i}].id"),
                format!(
                    "invalid id `{}`: an id starts with a letter or digit and holds only letters, digits, `.`, `_` and `-`",
                    app.id.escape_debug()
                ),
            ));
        }
        if let Some(&first) = first_index.get(app.id.as_str()) {
            problems.push(Problem::error(
                format!("apps[{i}].id"),
                format!(
                    "duplicate id `{}`: app {} has it already; ids must be unique",
                    app.id.escape_debug(),
                    first + 1
                ),
            ));
        } else {
            first_index.insert(&app.id, i);
        }
        if super::first_duplicate_tag(&app.tags).is_some() {
            let mut first: HashMap<String, usize> = HashMap::default();
            for (j, tag) in app.tags.iter().enumerate() {
                match first.entry(tag.to_lowercase()) {
                    std::collections::hash_map::Entry::Vacant(v) => {
                        v.insert(j);
                    }
                    std::collections::hash_map::Entry::Occupied(o) => {
                        let earlier = &app.tags[*o.get()];
                        let spelling = if earlier == tag {
                            String::new()
                        } else {
                            format!(
                                " (as `{}` and `{}`: tags ignore case)",
                                earlier.escape_debug(),
                                tag.escape_debug()
                            )
                        };
                        problems.push(Problem::warning(
                            format!("apps[{i}].tags[{j}]"),
                            format!(
                                "`{}` has the tag `{}` twice{spelling}; it counts once",
                                app.id.escape_debug(),
                                earlier.escape_debug()
                            ),
                        ));
                    }
                }
            }
        }
        if !(app.data_gb >= 0.0 && app.data_gb.is_finite()) {
            problems.push(Problem::error(
                format!("apps[{i}].data_gb"),
                format!(
                    "`{}` has data_gb {}: it must be a number of gigabytes, 0 or more",
                    app.id.escape_debug(),
                    app.data_gb
                ),
            ));
        } else if app.data_gb > super::MAX_DATA_GB {
            problems.push(Problem::error(
                format!("apps[{i}].data_gb"),
                format!(
                    "`{}` has data_gb {:e}: more than a billion gigabytes (an exabyte); data_gb \
                     counts gigabytes, not bytes",
                    app.id.escape_debug(),
                    app.data_gb
                ),
            ));
        }
    }
    let mut budget = SUGGESTION_BUDGET;
    let mut targets = Targets::with_capacity(apps.iter().map(|(_, a)| a.depends_on.len()).sum());
    for &(i, app) in apps {
        for (j, dep) in app.depends_on.iter().enumerate() {
            let target = first_index.get(dep.to.as_str()).copied();
            targets.push(target);
            // (The path is written only for a problem: most dependencies have none.)
            let path = || format!("apps[{i}].depends_on[{j}].to");
            if dep.to == app.id {
                problems.push(Problem::error(
                    path(),
                    format!(
                        "`{}` depends on itself; remove this dependency",
                        app.id.escape_debug()
                    ),
                ));
            } else if target.is_none() {
                if complete {
                    let hint = did_you_mean(suggest_within(
                        &mut budget,
                        &dep.to,
                        first_index.keys().copied(),
                    ));
                    problems.push(Problem::error(
                        path(),
                        format!(
                            "`{}` depends on unknown app `{}`{hint}",
                            app.id.escape_debug(),
                            dep.to.escape_debug()
                        ),
                    ));
                }
            } else if app.depends_on[..j]
                .iter()
                .any(|d| d.via == dep.via && d.to == dep.to)
            {
                problems.push(Problem::warning(
                    format!("apps[{i}].depends_on[{j}]"),
                    format!(
                        "duplicate dependency of `{}` on `{}` via {}; it is counted once",
                        app.id.escape_debug(),
                        dep.to.escape_debug(),
                        dep.via
                    ),
                ));
            }
        }
    }
    (problems, targets)
}

/// Every problem in a plan for the given portfolio: unknown apps, apps in two waves, apps that
/// never move. The portfolio is assumed valid.
pub fn validate_plan(plan: &Plan, portfolio: &Portfolio) -> Vec<Problem> {
    let index: HashMap<&str, usize> = portfolio
        .apps
        .iter()
        .enumerate()
        .map(|(i, a)| (a.id.as_str(), i))
        .collect();
    let mut problems = Vec::new();
    let mut placed: HashMap<&str, usize> = HashMap::default();
    let mut budget = SUGGESTION_BUDGET;
    for (w, wave) in plan.waves.iter().enumerate() {
        for (j, id) in wave.apps.iter().enumerate() {
            let path = format!("waves[{w}].apps[{j}]");
            let Some(&app) = index.get(id.as_str()) else {
                let hint = did_you_mean(suggest_within(&mut budget, id, index.keys().copied()));
                problems.push(Problem::error(
                    path,
                    format!(
                        "unknown app `{}` in {}{hint}",
                        id.escape_debug(),
                        plan.wave_label(w).escape_debug()
                    ),
                ));
                continue;
            };
            if let Some(&first) = placed.get(id.as_str()) {
                problems.push(Problem::error(
                    path,
                    format!(
                        "`{}` is in {} and again in {}; an app moves in one wave only",
                        id.escape_debug(),
                        plan.wave_label(first).escape_debug(),
                        plan.wave_label(w).escape_debug()
                    ),
                ));
                continue;
            }
            placed.insert(id, w);
            if let Some(why) = portfolio.apps[app].never_moves_because() {
                problems.push(Problem::error(
                    path,
                    format!(
                        "`{}` never moves ({why}) but is planned in {}; remove it from the plan",
                        id.escape_debug(),
                        plan.wave_label(w).escape_debug()
                    ),
                ));
            }
        }
        // (Sets, so that a wave of many pins costs its length, not its square.)
        let apps: rustc_hash::FxHashSet<&str> = if wave.pinned.is_empty() {
            Default::default()
        } else {
            wave.apps.iter().map(String::as_str).collect()
        };
        let mut pins: rustc_hash::FxHashSet<&str> = Default::default();
        for (j, id) in wave.pinned.iter().enumerate() {
            if !apps.contains(id.as_str()) {
                problems.push(Problem::error(
                    format!("waves[{w}].pinned[{j}]"),
                    format!(
                        "`{}` is pinned to {} but is not among its apps; add it to the wave's \
                         apps or remove the pin",
                        id.escape_debug(),
                        plan.wave_label(w).escape_debug()
                    ),
                ));
            } else if !pins.insert(id.as_str()) {
                problems.push(Problem::warning(
                    format!("waves[{w}].pinned[{j}]"),
                    format!("`{}` is pinned twice; it counts once", id.escape_debug()),
                ));
            }
        }
    }
    let cap = &plan.capacity;
    for (field, value) in [("max_apps", cap.max_apps), ("pilot", cap.pilot)] {
        if value == 0 {
            problems.push(Problem::error(
                format!("capacity.{field}"),
                format!(
                    "capacity `{field}` is 0: a wave must be able to hold an app; give 1 or more"
                ),
            ));
        }
    }
    if cap.max_stateful == 0 {
        problems.push(Problem::warning(
            "capacity.max_stateful".to_string(),
            "capacity `max_stateful` is 0: every stateful app in a wave is over capacity, and the \
             automatic plan still gives each wave one"
                .to_string(),
        ));
    }
    problems
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{App, Dep, Hosting, Strategy, Via, Wave};

    fn app(id: &str, deps: &[&str]) -> App {
        let mut a = App::new(id);
        a.depends_on = deps
            .iter()
            .map(|t| Dep {
                to: (*t).into(),
                via: Via::Http,
                ..Default::default()
            })
            .collect();
        a
    }

    fn portfolio(apps: Vec<App>) -> Portfolio {
        Portfolio {
            name: "t".into(),
            apps,
        }
    }

    #[test]
    fn id_pattern() {
        for ok in ["a", "A1", "orders-db", "x.y_z", "9lives"] {
            assert!(is_valid_id(ok), "{ok}");
        }
        for bad in ["", "-a", ".a", "a b", "a/b", "é", "_a"] {
            assert!(!is_valid_id(bad), "{bad}");
        }
    }

    #[test]
    fn suggests_the_nearest_name_for_typos_and_swapped_letters() {
        assert_eq!(suggest("Servce", ["Service", "Server"]), Some("Service"));
        assert_eq!(suggest("Grcp", ["Http", "Grpc", "Rpc"]), Some("Grpc"));
        assert_eq!(suggest("ordres", ["orders", "billing"]), Some("orders"));
        assert_eq!(suggest("xyz", ["orders", "billing"]), None);
    }

    #[test]
    fn reports_every_problem_with_its_path() {
        let mut neg = app("neg", &[]);
        neg.data_gb = -1.0;
        let p = portfolio(vec![
            app("orders", &["ordrs", "orders", "billing", "billing"]),
            app("billing", &[]),
            app("billing", &[]),
            app("bad id", &[]),
            neg,
        ]);
        let problems = validate_portfolio(&p);
        let find = |path: &str| problems.iter().find(|p| p.path == path).unwrap();
        assert!(
            find("apps[0].depends_on[0].to")
                .message
                .contains("did you mean `orders`?")
        );
        assert!(
            find("apps[0].depends_on[1].to")
                .message
                .contains("depends on itself")
        );
        assert_eq!(find("apps[0].depends_on[3]").severity, Severity::Warning);
        assert!(
            find("apps[2].id")
                .message
                .contains("duplicate id `billing`")
        );
        assert!(find("apps[3].id").message.contains("invalid id"));
        assert!(find("apps[4].data_gb").message.contains("0 or more"));
        assert_eq!(
            problems
                .iter()
                .filter(|p| p.severity == Severity::Error)
                .count(),
            5
        );
    }

    #[test]
    fn a_tag_given_twice_is_a_warning_at_each_repeat() {
        let mut a = app("a", &[]);
        a.tags = ["pci", "web", "PCI", "pci", "Wéb", "wéb"]
            .map(String::from)
            .to_vec();
        let problems = validate_portfolio(&portfolio(vec![a.clone()]));
        let found: Vec<(&str, &str)> = problems
            .iter()
            .map(|p| (p.path.as_str(), p.message.as_str()))
            .collect();
        assert_eq!(
            found,
            [
                (
                    "apps[0].tags[2]",
                    "`a` has the tag `pci` twice (as `pci` and `PCI`: tags ignore case); it counts once"
                ),
                (
                    "apps[0].tags[3]",
                    "`a` has the tag `pci` twice; it counts once"
                ),
                (
                    "apps[0].tags[5]",
                    "`a` has the tag `Wéb` twice (as `Wéb` and `wéb`: tags ignore case); it counts once"
                ),
            ]
        );
        assert!(problems.iter().all(|p| p.severity == Severity::Warning));
        a.dedupe_tags();
        assert_eq!(a.tags, ["pci", "web", "Wéb"]);
        // Many tags: the same, through a set.
        let mut many = app("m", &[]);
        many.tags = (0..100).map(|i| format!("t{}", i % 50)).collect();
        assert_eq!(validate_portfolio(&portfolio(vec![many.clone()])).len(), 50);
        many.dedupe_tags();
        assert_eq!(many.tags.len(), 50);
    }

    #[test]
    fn suggestions_stop_when_their_budget_is_spent() {
        let names = ["orders", "billing"];
        let mut budget = 5;
        assert_eq!(suggest_within(&mut budget, "ordres", names), Some("orders"));
        assert_eq!(budget, 3);
        assert_eq!(
            suggest_within(&mut budget, "biling", names),
            Some("billing")
        );
        assert_eq!(suggest_within(&mut budget, "biling", names), None);
        assert_eq!(budget, 1);
    }

    #[test]
    fn messages_escape_the_text_they_quote() {
        let p = portfolio(vec![
            app("web", &["\u{1b}[2Jweb"]),
            app("\u{1b}[2Jweb", &[]),
        ]);
        let plan = Plan {
            waves: vec![Wave {
                name: "\u{1b}[31mPilot".into(),
                apps: vec!["wb".into()],
                notes: None,
                ..Default::default()
            }],
            ..Default::default()
        };
        let problems = validate_plan(&plan, &portfolio(vec![app("\u{1b}web", &[])]))
            .into_iter()
            .chain(validate_portfolio(&p));
        for problem in problems {
            assert!(
                !problem.message.contains('\u{1b}'),
                "{}",
                problem.message.escape_debug()
            );
        }
        let p = portfolio(vec![app("web", &["wbe"])]);
        let problems = validate_portfolio(&p);
        assert!(problems[0].message.ends_with("did you mean `web`?"));
    }

    #[test]
    fn plan_rules() {
        let mut mainframe = app("mf", &[]);
        mainframe.hosting = Hosting::Mainframe;
        let mut retired = app("old", &[]);
        retired.strategy = Strategy::Retire;
        let p = portfolio(vec![app("a", &[]), app("b", &[]), mainframe, retired]);
        let plan = Plan {
            waves: vec![
                Wave {
                    name: "Pilot".into(),
                    apps: vec!["a".into(), "mf".into(), "bb".into()],
                    notes: None,
                    ..Default::default()
                },
                Wave {
                    name: String::new(),
                    apps: vec!["a".into(), "old".into(), "b".into()],
                    notes: None,
                    ..Default::default()
                },
            ],
            ..Default::default()
        };
        let problems = validate_plan(&plan, &p);
        let msgs: Vec<_> = problems
            .iter()
            .map(|p| (p.path.as_str(), p.message.as_str()))
            .collect();
        assert_eq!(msgs.len(), 4, "{msgs:?}");
        assert!(msgs[0].1.contains("never moves (runs on a mainframe)"));
        assert!(
            msgs[1]
                .1
                .contains("unknown app `bb` in Pilot; did you mean `b`?")
        );
        assert!(msgs[2].1.contains("in Pilot and again in Wave 2"));
        assert!(msgs[3].1.contains("strategy Retire"));
    }
}

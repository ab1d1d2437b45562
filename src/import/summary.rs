//! What an import read, kept, folded and dropped: one summary per import, counts by kind,
//! printed whether or not the portfolio is written (`--dry-run` prints only this).

use std::collections::BTreeMap;
use std::fmt;

use crate::model::{Plan, Portfolio};

/// A number of things of one sort, perhaps split by kind: `17 apps (12 Service, 5 Database)`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Count {
    pub n: usize,
    one: String,
    many: String,
    /// How many of each kind, in the order shown (largest first, then by name).
    pub kinds: Vec<(String, usize)>,
}

impl Count {
    pub fn new(n: usize, one: &str, many: &str) -> Count {
        Count {
            n,
            one: one.to_string(),
            many: many.to_string(),
            kinds: Vec::new(),
        }
    }

    /// The same count split by kind.
    pub fn by<K: fmt::Display>(mut self, kinds: impl IntoIterator<Item = (K, usize)>) -> Count {
        let mut merged: BTreeMap<String, usize> = BTreeMap::new();
        for (k, n) in kinds {
            *merged.entry(k.to_string()).or_default() += n;
        }
        let mut kinds: Vec<(String, usize)> = merged.into_iter().filter(|&(_, n)| n > 0).collect();
        kinds.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
        self.kinds = kinds;
        self
    }

    /// What the count is of, in the singular or plural as `n` wants.
    pub fn noun(&self) -> &str {
        if self.n == 1 { &self.one } else { &self.many }
    }
}

/// How many kinds a count lists before it says "and N more".
const KINDS_SHOWN: usize = 8;

impl fmt::Display for Count {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {}", self.n, self.noun())?;
        if self.kinds.is_empty() {
            return Ok(());
        }
        let mut parts: Vec<String> = self
            .kinds
            .iter()
            .take(KINDS_SHOWN)
            .map(|(k, n)| format!("{n} {}", crate::diagnostic::printable(k)))
            .collect();
        if self.kinds.len() > KINDS_SHOWN {
            let rest: usize = self.kinds[KINDS_SHOWN..].iter().map(|(_, n)| n).sum();
            parts.push(format!(
                "{rest} of {} more kinds",
                self.kinds.len() - KINDS_SHOWN
            ));
        }
        write!(f, " ({})", parts.join(", "))
    }
}

/// How many files the summary's heading names.
const FILES_SHOWN: usize = 4;

/// The summary of one import.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Summary {
    /// The files read, as messages name them.
    pub files: Vec<String>,
    pub read: Vec<Count>,
    pub kept: Vec<Count>,
    pub folded: Vec<Count>,
    pub dropped: Vec<Count>,
}

impl Summary {
    pub fn new(files: &[&str]) -> Summary {
        Summary {
            files: files.iter().map(|f| f.to_string()).collect(),
            ..Summary::default()
        }
    }

    pub fn read(&mut self, count: Count) {
        push(&mut self.read, count);
    }

    pub fn folded(&mut self, count: Count) {
        push(&mut self.folded, count);
    }

    pub fn dropped(&mut self, count: Count) {
        push(&mut self.dropped, count);
    }

    /// Set what was kept from the portfolio (and plan) the import built: apps by kind,
    /// dependencies by `via`, waves.
    pub fn kept_from(&mut self, portfolio: &Portfolio, plan: Option<&Plan>) {
        self.kept.clear();
        let apps = portfolio.apps.len();
        self.kept.push(
            Count::new(apps, "app", "apps").by(portfolio.apps.iter().map(|a| (a.kind.as_str(), 1))),
        );
        let edges: usize = portfolio.apps.iter().map(|a| a.depends_on.len()).sum();
        self.kept.push(
            Count::new(edges, "dependency", "dependencies").by(portfolio
                .apps
                .iter()
                .flat_map(|a| a.depends_on.iter().map(|d| (d.via.as_str(), 1)))),
        );
        let never = portfolio.apps.iter().filter(|a| !a.is_movable()).count();
        if never > 0 {
            self.kept.push(
                Count::new(never, "app that never moves", "apps that never move").by(portfolio
                    .apps
                    .iter()
                    .filter_map(|a| a.never_moves_because().map(|why| (why, 1)))),
            );
        }
        if let Some(plan) = plan {
            let planned: usize = plan.waves.iter().map(|w| w.apps.len()).sum();
            self.kept.push(
                Count::new(plan.waves.len(), "wave", "waves").by(plan
                    .waves
                    .iter()
                    .enumerate()
                    .map(|(i, w)| (plan.wave_label(i), w.apps.len()))),
            );
            self.kept
                .push(Count::new(planned, "app in a wave", "apps in waves"));
        }
    }
}

/// Add `count` to `list`, merged with a count of the same sort already there.
fn push(list: &mut Vec<Count>, count: Count) {
    if count.n == 0 {
        return;
    }
    if let Some(have) = list.iter_mut().find(|c| c.many == count.many) {
        have.n += count.n;
        let kinds: Vec<(String, usize)> = have.kinds.drain(..).chain(count.kinds).collect();
        *have = Count::new(have.n, &have.one, &have.many).by(kinds);
    } else {
        list.push(count);
    }
}

impl fmt::Display for Summary {
    /// Four lines under a heading naming the files: read, kept, folded, dropped.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let files: Vec<String> = self
            .files
            .iter()
            .map(|s| crate::diagnostic::printable(s).into_owned())
            .collect();
        let shown = if files.len() > FILES_SHOWN {
            format!(
                "{} and {} more files",
                files[..FILES_SHOWN].join(", "),
                files.len() - FILES_SHOWN
            )
        } else {
            files.join(", ")
        };
        writeln!(f, "summary of {shown}:")?;
        for (label, counts) in [
            ("read", &self.read),
            ("kept", &self.kept),
            ("folded", &self.folded),
            ("dropped", &self.dropped),
        ] {
            let text = if counts.is_empty() {
                "nothing".to_string()
            } else {
                counts
                    .iter()
                    .map(ToString::to_string)
                    .collect::<Vec<_>>()
                    .join("; ")
            };
            writeln!(f, "  {label:<8} {text}")?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_by_kind() {
        let c = Count::new(3, "app", "apps").by([("Service", 2), ("Database", 1), ("Queue", 0)]);
        assert_eq!(c.to_string(), "3 apps (2 Service, 1 Database)");
        assert_eq!(Count::new(1, "app", "apps").to_string(), "1 app");
        let mut s = Summary::new(&["a.csv"]);
        s.dropped(Count::new(1, "row", "rows").by([("empty", 1)]));
        s.dropped(Count::new(2, "row", "rows").by([("empty", 1), ("retired", 1)]));
        s.dropped(Count::new(0, "edge", "edges"));
        assert_eq!(s.dropped.len(), 1);
        assert_eq!(s.dropped[0].to_string(), "3 rows (2 empty, 1 retired)");
        assert_eq!(
            s.to_string(),
            "summary of a.csv:\n  read     nothing\n  kept     nothing\n  folded   nothing\n  \
             dropped  3 rows (2 empty, 1 retired)\n"
        );
    }
}

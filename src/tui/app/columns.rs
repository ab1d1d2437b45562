//! The board's columns: one per wave and one for Unplanned, each sorted by ease then id and
//! narrowed by the filter; kept current edit by edit (only the cards an edit touched move), with
//! the focus, the cursors and the selection.

use super::{App, NO_CARD};
use crate::analysis::edit::Change;
use crate::analysis::live::Changes;
use crate::graph::AppIx;
use crate::tui::column::{Column, ColumnApps, card_key};

impl App<'_> {
    /// The columns the board shows: all of them, or under a filter Unplanned, the focused
    /// column and the waves with a match.
    pub fn visible_columns(&self) -> Vec<usize> {
        (0..self.columns.len())
            .filter(|&c| self.column_visible(c))
            .collect()
    }

    fn column_visible(&self, c: usize) -> bool {
        self.filter.is_empty() || c == 0 || c == self.focus || !self.columns[c].apps.is_empty()
    }

    /// Focus the next shown column before (`forward` false) or after the focused one; returns
    /// whether there was one.
    pub fn focus_step(&mut self, forward: bool) -> bool {
        let next = if forward {
            (self.focus + 1..self.columns.len()).find(|&c| self.column_visible(c))
        } else {
            (0..self.focus).rev().find(|&c| self.column_visible(c))
        };
        match next {
            Some(c) => {
                self.focus = c;
                true
            }
            None => false,
        }
    }

    /// Focus column `column` (clamped).
    pub fn set_focus(&mut self, column: usize) {
        self.focus = column.min(self.columns.len().saturating_sub(1));
    }

    /// Put the cursor of the focused column on row `row` (clamped).
    pub fn set_cursor(&mut self, row: usize) {
        let len = self.columns.get(self.focus).map_or(0, |c| c.apps.len());
        if let Some(c) = self.cursors.get_mut(self.focus) {
            *c = row.min(len.saturating_sub(1));
        }
    }

    /// Focus the column that holds `app` and select it there. When the filter hides the app,
    /// only the column is focused.
    pub fn select_app(&mut self, app: AppIx) {
        let column = self.session.plan().wave_of(app).map_or(0, |w| w + 1);
        self.focus = column.min(self.columns.len().saturating_sub(1));
        if let Some(row) = self.columns[self.focus].apps.row_of(self.cards[app]) {
            self.cursors[self.focus] = row;
        }
    }

    /// Show only the apps whose id, name, owner or a tag contains `text` (any case).
    pub fn set_filter(&mut self, text: String) {
        if text != self.filter {
            self.filter = text;
            self.rebuild_columns();
        }
    }

    /// The column of `app` and its card's key there.
    fn card_of(&self, app: AppIx) -> (usize, u64) {
        let wave = self.session.plan().wave_of(app);
        let last = wave.is_none() && !self.graph().is_movable(app);
        let key = card_key(
            last,
            self.session.live().scores()[app].ease,
            self.id_rank[app],
            app,
        );
        (wave.map_or(0, |w| w + 1), key)
    }

    /// Whether the filter (`needle`, in lower case) shows `app`.
    fn shown(&self, app: AppIx, needle: &str) -> bool {
        needle.is_empty() || self.search[app].contains(needle)
    }

    /// Sort and filter every column, keeping the selected app selected where it still shows.
    pub(super) fn rebuild_columns(&mut self) {
        let keep = self.selected();
        let needle = self.filter.to_lowercase();
        let waves = self.session.plan().wave_count();
        let n = self.session.plan().app_count();
        let mut keys: Vec<Vec<u64>> = vec![Vec::new(); waves + 1];
        self.cards = vec![NO_CARD; n];
        for a in 0..n {
            if self.shown(a, &needle) {
                let (column, key) = self.card_of(a);
                keys[column].push(key);
                self.cards[a] = key;
            }
        }
        self.columns = keys
            .into_iter()
            .enumerate()
            .map(|(c, mut keys)| {
                keys.sort_unstable();
                let wave = c.checked_sub(1);
                Column {
                    wave,
                    apps: ColumnApps::from_sorted(&keys),
                    total: match wave {
                        Some(w) => self.session.plan().waves()[w].apps.len(),
                        None => n - self.session.plan().planned_count(),
                    },
                }
            })
            .collect();
        self.cursors.resize(self.columns.len(), 0);
        let columns: Vec<usize> = (0..self.columns.len()).collect();
        self.settle_cursors(&columns, keep);
    }

    /// Keep the cursors of `columns` (and of the focused one) on a card, and the app `keep`
    /// selected where it still shows.
    fn settle_cursors(&mut self, columns: &[usize], keep: Option<AppIx>) {
        self.focus = self.focus.min(self.columns.len() - 1);
        for &c in columns.iter().chain(std::iter::once(&self.focus)) {
            if let Some(column) = self.columns.get(c) {
                self.cursors[c] = self.cursors[c].min(column.apps.len().saturating_sub(1));
            }
        }
        if let Some(app) = keep
            && let Some(row) = self.columns[self.focus].apps.row_of(self.cards[app])
        {
            self.cursors[self.focus] = row;
        }
    }

    /// Bring the columns up to date with an edit: the waves inserted, removed or swapped, the
    /// cards of moved apps out of their old columns, then every card whose app's scores or wave
    /// changed into its place.
    pub(super) fn follow_columns(&mut self, changes: &[Change], keep: Option<AppIx>) {
        let Some(mut touched) = self.follow_waves(changes) else {
            let _ = self.session.take_changed_apps();
            self.rebuild_columns();
            return;
        };
        for (c, column) in self.columns.iter_mut().enumerate() {
            column.wave = c.checked_sub(1);
        }
        match self.session.take_changed_apps() {
            Changes::All => {
                self.rebuild_columns();
                return;
            }
            Changes::Apps(apps) => self.resort(&apps, &mut touched),
        }
        touched.sort_unstable();
        touched.dedup();
        self.settle_cursors(&touched, keep);
    }

    /// Follow the waves an edit inserted, removed or swapped, and take the cards of the apps it
    /// moved out of their old columns; the columns touched. `None`: the plan was replaced.
    fn follow_waves(&mut self, changes: &[Change]) -> Option<Vec<usize>> {
        let mut touched: Vec<usize> = Vec::new();
        for change in changes {
            match *change {
                Change::Replaced => return None,
                Change::Moved { app, from, to } => {
                    let (f, t) = (from.map_or(0, |w| w + 1), to.map_or(0, |w| w + 1));
                    self.columns[f].total -= 1;
                    self.columns[t].total += 1;
                    if self.cards[app] != NO_CARD {
                        self.columns[f].apps.remove(self.cards[app]);
                        self.cards[app] = NO_CARD;
                    }
                    touched.push(f);
                }
                Change::WaveInserted(at) => {
                    self.columns.insert(
                        at + 1,
                        Column {
                            wave: None,
                            apps: ColumnApps::default(),
                            total: 0,
                        },
                    );
                    self.cursors.insert(at + 1, 0);
                    touched
                        .iter_mut()
                        .filter(|c| **c > at)
                        .for_each(|c| *c += 1);
                }
                Change::WaveRemoved(at) => {
                    self.columns.remove(at + 1);
                    self.cursors.remove(at + 1);
                    touched.retain(|&c| c != at + 1);
                    touched
                        .iter_mut()
                        .filter(|c| **c > at + 1)
                        .for_each(|c| *c -= 1);
                }
                Change::WavesSwapped(a, b) => {
                    self.columns.swap(a + 1, b + 1);
                    self.cursors.swap(a + 1, b + 1);
                }
                Change::WaveChanged(_) | Change::Pinned(_) | Change::Capacity => {}
            }
        }
        Some(touched)
    }

    /// Put the card of each app of `apps` (whose scores or wave changed) into its place in its
    /// column, adding the columns touched to `touched`.
    fn resort(&mut self, apps: &[AppIx], touched: &mut Vec<usize>) {
        let needle = self.filter.to_lowercase();
        for &a in apps {
            let (column, key) = self.card_of(a);
            if key == self.cards[a] {
                continue;
            }
            if self.cards[a] != NO_CARD {
                self.columns[column].apps.remove(self.cards[a]);
                self.cards[a] = NO_CARD;
            }
            if self.shown(a, &needle) {
                self.columns[column].apps.insert(key);
                self.cards[a] = key;
            }
            touched.push(column);
        }
    }
}

//! The order of the candidate units and the counts of what they are (sizes, stateful apps,
//! units unfit for the pilot or leaving a hard dependency behind), kept as units change place.

use std::collections::BTreeMap;

use super::{Candidates, Unit};

/// Count `key` in (`add`) or out of `map`; a key counted out entirely leaves it.
fn count(map: &mut BTreeMap<u32, u32>, key: u32, add: bool) {
    if add {
        *map.entry(key).or_insert(0) += 1;
    } else if let Some(n) = map.get_mut(&key) {
        *n -= 1;
        if *n == 0 {
            map.remove(&key);
        }
    }
}

impl Candidates {
    /// No candidates yet, for wave `focus`, keeping the first `top`.
    pub fn for_wave(focus: usize, top: usize) -> Candidates {
        Candidates {
            focus,
            top,
            ..Candidates::default()
        }
    }

    /// Put unit `u` in its new place (`None`: out of the order).
    pub(super) fn place(&mut self, u: usize, new: Option<Unit>) {
        let old = self.units[u];
        if old == new {
            return;
        }
        if let Some(o) = old {
            self.tally(&o, false);
        }
        if let Some(n) = new {
            self.tally(&n, true);
        }
        self.units[u] = new;
    }

    fn tally(&mut self, unit: &Unit, add: bool) {
        if add {
            self.all.insert(unit.key);
        } else {
            self.all.remove(&unit.key);
        }
        count(&mut self.lens, unit.len, add);
        count(&mut self.statefuls, unit.stateful, add);
        let d = if add { 1 } else { usize::MAX };
        if unit.pilot_unfit {
            self.pilot_unfit = self.pilot_unfit.wrapping_add(d);
        }
        if unit.hard_open {
            self.hard_bad = self.hard_bad.wrapping_add(d);
        } else if add {
            self.fit.entry(unit.bucket()).or_default().insert(unit.key);
        } else if let Some(set) = self.fit.get_mut(&unit.bucket()) {
            set.remove(&unit.key);
            if set.is_empty() {
                self.fit.remove(&unit.bucket());
            }
        }
    }

    /// Every unit anew, in one sort.
    pub(super) fn place_all(&mut self, units: Vec<Option<Unit>>) {
        self.units = units;
        self.lens.clear();
        self.statefuls.clear();
        self.pilot_unfit = 0;
        self.hard_bad = 0;
        let mut all = Vec::new();
        let mut fit: BTreeMap<(u32, u32, bool), Vec<u64>> = BTreeMap::new();
        for unit in self.units.iter().flatten() {
            all.push(unit.key);
            count(&mut self.lens, unit.len, true);
            count(&mut self.statefuls, unit.stateful, true);
            self.pilot_unfit += usize::from(unit.pilot_unfit);
            if unit.hard_open {
                self.hard_bad += 1;
            } else {
                fit.entry(unit.bucket()).or_default().push(unit.key);
            }
        }
        self.all = all.into_iter().collect();
        self.fit = fit
            .into_iter()
            .map(|(bucket, keys)| (bucket, keys.into_iter().collect()))
            .collect();
    }
}

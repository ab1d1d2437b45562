//! The greedy order of the units: the platform grows by the unit that opens the fewest links,
//! wave by simulated wave, so that the order follows the capacities.

use std::cmp::Reverse;
use std::collections::BinaryHeap;

use super::super::units::Instance;

/// A unit's place among those waiting: its gain, then its ease, then the lower index.
type Key = (i64, u32, Reverse<u32>);

/// The units not yet on the platform, with their gain (links closed minus links opened) and
/// one heap per size (apps, stateful apps) of unit, so that a wave looks only at the units it
/// has room for: the work stays linear however full the waves get.
struct Frontier<'a> {
    inst: &'a Instance,
    inside: Vec<bool>,
    gain: Vec<i64>,
    sizes: Vec<(u32, u32)>,
    heap_index: rustc_hash::FxHashMap<(u32, u32), usize>,
    heaps: Vec<BinaryHeap<(Key, u32)>>,
}

impl<'a> Frontier<'a> {
    /// Every unit waiting; at the start, links to kept apps close, the rest open.
    fn new(inst: &'a Instance) -> Frontier<'a> {
        let n = inst.len();
        let gain: Vec<i64> = (0..n)
            .map(|u| {
                let open: i64 = inst.links(u).iter().map(|l| l.w as i64).sum();
                let kept: i64 = inst.fixed_links(u).iter().map(|l| l.w as i64).sum();
                kept - open - inst.never[u] as i64
            })
            .collect();
        let mut sizes: Vec<(u32, u32)> = (0..n).map(|u| size_of(inst, u)).collect();
        sizes.sort_unstable();
        sizes.dedup();
        let heap_index = sizes.iter().enumerate().map(|(i, &s)| (s, i)).collect();
        let mut frontier = Frontier {
            inst,
            inside: vec![false; n],
            gain,
            heaps: vec![BinaryHeap::new(); sizes.len()],
            sizes,
            heap_index,
        };
        for u in 0..n {
            frontier.push(u as u32);
        }
        frontier
    }

    fn key(&self, u: usize) -> Key {
        (self.gain[u], self.inst.units[u].ease, Reverse(u as u32))
    }

    /// Put unit `u` (back) in the heap of its size, under its gain now.
    fn push(&mut self, u: u32) {
        let h = self.heap_index[&size_of(self.inst, u as usize)];
        let key = self.key(u as usize);
        self.heaps[h].push((key, u));
    }

    /// Take out the best unit waiting in a heap of a size that fits `room` (apps, stateful
    /// apps), if any.
    fn pop_best(&mut self, room: (u32, u32)) -> Option<u32> {
        let mut best: Option<(Key, usize)> = None;
        for h in 0..self.heaps.len() {
            if self.sizes[h].0 > room.0 || self.sizes[h].1 > room.1 {
                continue;
            }
            while let Some(&(k, u)) = self.heaps[h].peek() {
                if self.inside[u as usize] || k != self.key(u as usize) {
                    self.heaps[h].pop();
                } else {
                    break;
                }
            }
            if let Some(&(k, _)) = self.heaps[h].peek()
                && best.is_none_or(|b| k > b.0)
            {
                best = Some((k, h));
            }
        }
        let (_, h) = best?;
        let (_, u) = self.heaps[h].pop().expect("peeked");
        Some(u)
    }

    /// Unit `u` joins the platform: its links to the units still waiting close.
    fn take(&mut self, u: usize) {
        self.inside[u] = true;
        let inst = self.inst;
        for l in inst.links(u) {
            let p = l.to as usize;
            if !self.inside[p] {
                self.gain[p] += 2 * l.w as i64;
                self.push(l.to);
            }
        }
    }
}

/// The size of unit `u`: its apps and its stateful apps.
fn size_of(inst: &Instance, u: usize) -> (u32, u32) {
    (inst.units[u].apps, inst.units[u].stateful)
}

/// A greedy growth of the platform from the first wave: each time the unit whose move changes
/// the crossing weight least (links to what is already on the platform close, the others
/// open), simulating waves so that the order follows the capacities: unlocked kept waves take
/// what room they have left, locked ones none, the pilot only pilot-fit units. Returns the
/// units it puts into kept waves, with their wave, and the order of the others, for the waves
/// after the kept ones.
pub fn greedy_order(inst: &Instance) -> (Vec<(u32, u32)>, Vec<u32>) {
    let n = inst.len();
    let kept = inst.kept_len();
    let mut frontier = Frontier::new(inst);
    let mut in_kept = Vec::new();
    let mut order = Vec::with_capacity(n);
    let mut placed = 0;
    // the simulated wave and what it holds
    let mut w = 0usize;
    let load =
        |w: usize| -> (u32, u32) { inst.kept.get(w).map_or((0, 0), |k| (k.apps, k.stateful)) };
    let (mut apps, mut stateful) = load(0);
    let mut deferred: Vec<u32> = Vec::new();
    while placed < n {
        let locked = w < kept && inst.kept[w].locked;
        let limit = inst.cap.apps_limit(w) as u32;
        let room = (
            if locked {
                0
            } else {
                limit.saturating_sub(apps)
            },
            (inst.cap.max_stateful as u32).saturating_sub(stateful),
        );
        let mut picked = None;
        // A wave with no room left takes nothing.
        while room.0 > 0 && picked.is_none() {
            let Some(u) = frontier.pop_best(room) else {
                break;
            };
            if w != 0 || !inst.pilot_rule || inst.units[u as usize].pilot_ok {
                picked = Some(u as usize);
            } else {
                deferred.push(u); // unfit for the pilot: it waits for the next wave
            }
        }
        match picked {
            Some(u) => {
                frontier.take(u);
                placed += 1;
                if w < kept {
                    in_kept.push((u as u32, w as u32));
                } else {
                    order.push(u as u32);
                }
                apps += inst.units[u].apps;
                stateful += inst.units[u].stateful;
            }
            None => {
                if w >= kept && apps == 0 && deferred.is_empty() {
                    // An empty wave after the kept ones takes any unit: with nothing taken,
                    // what is left goes in index order (it cannot happen with units that fit a
                    // wave, but the order must hold every unit).
                    order.extend((0..n as u32).filter(|&u| !frontier.inside[u as usize]));
                    break;
                }
                w += 1;
                (apps, stateful) = load(w);
                for u in deferred.drain(..) {
                    frontier.push(u);
                }
            }
        }
    }
    (in_kept, order)
}

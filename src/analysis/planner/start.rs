//! Where the search starts: the greedy order and, for a fresh plan, the simple plans' orders
//! (and a few random ones), each cut at its best; the cheapest wins.

use crate::score::Scorer;

use super::layout::Layout;
use super::units::Instance;
use super::{Budget, SimplePlans, baselines, search};

/// The cheapest start, and for a fresh plan the simple plans' costs. The simple plans are
/// made on a second thread beside the greedy growth.
pub(super) fn best_start(
    scorer: &Scorer<'_>,
    inst: &Instance,
    budget: &Budget<'_>,
    fresh: bool,
) -> (Option<(Layout, i64)>, Option<SimplePlans>) {
    if !fresh {
        return (greedy_start(inst), None);
    }
    std::thread::scope(|scope| {
        let other = scope.spawn(|| simple_starts(scorer, inst, budget));
        let mine = greedy_start(inst);
        // (A panic there is a bug: it goes on here, as it would have on one thread.)
        let (simple, theirs) = other
            .join()
            .unwrap_or_else(|panic| std::panic::resume_unwind(panic));
        // The greedy cut wins a tie, as it did when it came first.
        let best = match (mine, theirs) {
            (Some(m), Some(t)) if t.1 < m.1 => Some(t),
            (Some(m), _) => Some(m),
            (None, t) => t,
        };
        (best, Some(simple))
    })
}

/// `order` cut into the waves after `base` at its best, else cut to capacity.
fn cut_at_best(inst: &Instance, base: &Layout, order: &[u32]) -> Option<(Layout, i64)> {
    search::best_cut(inst, base, order).or_else(|| {
        let (layout, _) = baselines::cut_to_capacity(inst, order);
        let cost = layout.cost(inst);
        Some((layout, cost))
    })
}

/// The greedy growth, which also fills what room the kept waves have: its start places those
/// units, and its order is cut into the waves after them.
fn greedy_start(inst: &Instance) -> Option<(Layout, i64)> {
    let (in_kept, greedy) = search::greedy_order(inst);
    let mut start_layout = Layout::new(inst);
    for &(u, w) in &in_kept {
        start_layout.place(inst, u as usize, w as usize);
    }
    cut_at_best(inst, &start_layout, &greedy)
}

/// The simple plans' costs, and the cheapest of their orders (and a few random ones) cut at
/// its best.
fn simple_starts(
    scorer: &Scorer<'_>,
    inst: &Instance,
    budget: &Budget<'_>,
) -> (SimplePlans, Option<(Layout, i64)>) {
    let (layered, layered_order) =
        baselines::cut_to_capacity(inst, &baselines::layered_order(scorer, inst));
    let (affinity, affinity_order) =
        baselines::cut_to_capacity(inst, &baselines::affinity_order(inst));
    let simple = SimplePlans {
        layered: layered.real_cost(inst) as u64,
        affinity: affinity.real_cost(inst) as u64,
    };
    let mut orders = vec![layered_order, affinity_order];
    let random_orders = if inst.len() <= 10_000 { 3 } else { 0 };
    for seed in 0..random_orders {
        if budget.expired() {
            break;
        }
        orders.push(baselines::cut_to_capacity(inst, &baselines::random_order(inst, seed)).1);
    }
    let empty = Layout::new(inst);
    let mut best: Option<(Layout, i64)> = None;
    for order in &orders {
        if best.is_some() && budget.expired() {
            break;
        }
        if let Some((layout, cost)) = cut_at_best(inst, &empty, order)
            && best.as_ref().is_none_or(|b| cost < b.1)
        {
            best = Some((layout, cost));
        }
    }
    (simple, best)
}

//! The planner's plans on tiny random portfolios against an exhaustive search of every plan.

use super::*;

/// The least cost of any plan with these units: every assignment of the units to `k` waves
/// that uses each wave and fits, for every `k`.
fn brute_force(s: &Scorer<'_>, cap: &Capacity) -> u64 {
    fn rec(inst: &Instance, u: usize, k: usize, ranks: &mut Vec<u32>, best: &mut u64) {
        if u == inst.len() {
            let mut used = vec![false; k];
            for &r in ranks.iter() {
                used[r as usize] = true;
            }
            if used.iter().all(|&x| x) {
                let layout = Layout::from_ranks(inst, ranks);
                if layout.feasible(inst) {
                    *best = (*best).min(layout.cost(inst) as u64);
                }
            }
            return;
        }
        for r in 0..k {
            ranks[u] = r as u32;
            rec(inst, u + 1, k, ranks, best);
        }
    }
    let empty = WavePlan::with_capacity(s.graph.app_count(), *cap);
    let inst = Instance::build(s, &empty);
    let mut best = u64::MAX;
    for k in 1..=inst.len() {
        let mut ranks = vec![0u32; inst.len()];
        rec(&inst, 0, k, &mut ranks, &mut best);
    }
    best
}

#[test]
fn tiny_portfolios_get_the_best_possible_plan() {
    use rand::{RngExt, SeedableRng};
    let vias = [Via::Http, Via::Grpc, Via::Queue, Via::Database, Via::Rpc];
    let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(11);
    let mut checked = 0;
    for case in 0..40 {
        let n = rng.random_range(3..=7);
        let mut apps: Vec<App> = (0..n).map(|i| app(&format!("a{i}"), &[])).collect();
        for (i, a) in apps.iter_mut().enumerate() {
            if rng.random_bool(0.3) {
                a.state = State::Database;
            }
            if rng.random_bool(0.2) {
                a.criticality = Criticality::Critical;
            }
            for j in 0..n {
                if i != j && rng.random_bool(0.3) {
                    let via = vias[rng.random_range(0..vias.len())];
                    a.depends_on.push(Dep::new(format!("a{j}"), via));
                }
            }
        }
        if rng.random_bool(0.3) {
            apps[n - 1].strategy = crate::model::Strategy::Retain;
        }
        let f = Fixture::new(apps);
        let s = f.scorer();
        let cap = Capacity {
            max_apps: rng.random_range(1..=4),
            max_stateful: rng.random_range(1..=2),
            pilot: rng.random_range(1..=2),
            ..Capacity::default()
        };
        let inst = Instance::build(&s, &WavePlan::with_capacity(n, cap));
        if inst.has_penalties() {
            continue; // a cut group: the exhaustive search below does not weigh penalties alike
        }
        let best = brute_force(&s, &cap);
        if best == u64::MAX {
            continue; // no unit fits the pilot: the planner gives it the smallest one anyway
        }
        checked += 1;
        let auto = auto_plan(&s, &cap);
        let got = cost(&s, &auto.plan);
        assert_eq!(got, best, "case {case}: {:?}", f.portfolio);
        let b = auto.bound.expect("a bound");
        assert!(
            b.lower <= best,
            "case {case}: bound {} above the optimum {best}",
            b.lower
        );
    }
    assert!(checked >= 20, "only {checked} cases checked");
}

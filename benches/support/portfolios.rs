//! The generated portfolios every benchmark runs on: both shapes (`estate`, and `tangled` with a
//! cycle group of thousands and hubs that two thirds of all apps need) at 10k and 100k apps;
//! `WAVEPLAN_BENCH_1M=1` adds 1M apps, `WAVEPLAN_BENCH_SMALL=1` runs 1k apps only (a quick try).

use waveplan::generate::{Shape, generate_shaped};
use waveplan::model::Portfolio;

/// (label, portfolio) for every size and shape, made one at a time.
pub fn each(mut run: impl FnMut(&str, &Portfolio)) {
    let sizes: Vec<usize> = if std::env::var_os("WAVEPLAN_BENCH_SMALL").is_some() {
        vec![1_000]
    } else if std::env::var_os("WAVEPLAN_BENCH_1M").is_some() {
        vec![10_000, 100_000, 1_000_000]
    } else {
        vec![10_000, 100_000]
    };
    for n in sizes {
        for (name, shape) in [("estate", Shape::Estate), ("tangled", Shape::Tangled)] {
            let portfolio = generate_shaped(n, 1, shape);
            run(&format!("{name}-{n}"), &portfolio);
        }
    }
}

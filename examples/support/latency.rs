//! Timing of repeated steps, each by the wall clock and by the thread's own CPU time (which
//! leaves out the time other processes had the core: on a shared machine a step is sometimes
//! descheduled for a whole time slice), reported as percentiles.

use std::time::{Duration, Instant};

use nix::time::{ClockId, clock_gettime};

/// The CPU time this thread has used.
fn cpu_now() -> Duration {
    clock_gettime(ClockId::CLOCK_THREAD_CPUTIME_ID)
        .map(Duration::from)
        .unwrap_or_default()
}

/// The times of every step, in microseconds.
#[derive(Default)]
pub struct Samples {
    wall: Vec<u64>,
    cpu: Vec<u64>,
}

impl Samples {
    /// Run one step and keep its times.
    pub fn time<T>(&mut self, step: impl FnOnce() -> T) -> T {
        let (wall, cpu) = (Instant::now(), cpu_now());
        let out = step();
        self.cpu.push((cpu_now() - cpu).as_micros() as u64);
        self.wall.push(wall.elapsed().as_micros() as u64);
        out
    }

    /// `NAME=COUNT p50_us=... p99_us=... max_us=... cpu_p50_us=... cpu_p99_us=... cpu_max_us=...`
    pub fn report(&mut self, name: &str) -> String {
        let mut line = format!("{name}={}", self.wall.len());
        for (prefix, times) in [("", &mut self.wall), ("cpu_", &mut self.cpu)] {
            times.sort_unstable();
            let pct = |p: f64| {
                times
                    .get(((times.len() as f64 * p) as usize).min(times.len().saturating_sub(1)))
                    .copied()
                    .unwrap_or(0)
            };
            line.push_str(&format!(
                " {prefix}p50_us={} {prefix}p99_us={} {prefix}max_us={}",
                pct(0.5),
                pct(0.99),
                times.last().copied().unwrap_or(0)
            ));
        }
        line
    }
}

#!/usr/bin/env bash
# `waveplan check` against the floor (examples/check_floor.rs: read, parse into the model's serde
# structs, build the petgraph graph, its strongly connected components), whole process, on the
# generated portfolios of both shapes at 10k and 100k apps, and 1M with WITH_1M=1.
# The target: check within 1.1x of the floor in CPU time (user + system) at every size.
#
# Runs alternate (floor, check, floor, ...), RUNS of each (default 41 at 10k, 31 at 100k, 5 at 1M).
# Times are bash's, to the millisecond. The table gives the median wall time and the median CPU
# time of each, and their ratios (check / floor); then the ratio of the least CPU time of each,
# which a shared machine disturbs least.
# Portfolios go to BENCH_DIR (default /tmp/waveplan-bench), made with `waveplan generate` when
# missing.
#
# Usage: benches/check_vs_floor.sh   (SIZES="N ..." replaces 10k and 100k)
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
work=${BENCH_DIR:-/tmp/waveplan-bench}
mkdir -p "$work"
(cd "$root" && cargo build --release --bin waveplan --example check_floor >&2)
target=${CARGO_TARGET_DIR:-$root/target}
cp "$target/release/waveplan" "$work/check-waveplan"
cp "$target/release/examples/check_floor" "$work/check-floor"

TIMEFORMAT='%3R %3U %3S'
read -r -a sizes <<<"${SIZES:-10000 100000}"
if [[ ${WITH_1M:-} == 1 ]]; then sizes+=(1000000); fi

# Median of the numbers on standard input.
median() { sort -n | awk '{ s[NR] = $1 } END { print NR % 2 ? s[(NR + 1) / 2] : (s[NR / 2] + s[NR / 2 + 1]) / 2 }'; }
# Least of the numbers on standard input.
least() { awk 'NR == 1 || $1 < m { m = $1 } END { print m }'; }

echo "| portfolio | floor wall s | check wall s | wall ratio | floor cpu s | check cpu s | cpu ratio | least cpu ratio |"
echo "|---|---:|---:|---:|---:|---:|---:|---:|"
for shape in estate tangled; do
    for n in "${sizes[@]}"; do
        file=$work/$shape-$n.ron
        [[ -s $file ]] || "$work/check-waveplan" generate --apps "$n" --shape "$shape" -o "$file" --force >&2
        # check reads a portfolio's own plan file too, and analyses the plan: not what is measured.
        if [[ -e ${file%.ron}.plan.ron ]]; then
            echo "${file%.ron}.plan.ron: check would read this plan too; move it out of $work" >&2
            exit 1
        fi
        # What is timed is a check that passes and says nothing on stderr (no warning, no plan).
        if ! said=$("$work/check-waveplan" check "$file" 2>&1 >/dev/null) || [[ -n $said ]]; then
            echo "$file: check does not pass quietly: $said" >&2
            exit 1
        fi
        r=41
        ((n >= 100000)) && r=31
        ((n >= 1000000)) && r=5
        r=${RUNS:-$r}
        if ! ((r >= 1)); then
            echo "RUNS must be 1 or more" >&2
            exit 1
        fi
        : >"$work/floor.t"; : >"$work/check.t"
        for _ in $(seq "$r"); do
            { time "$work/check-floor" "$file" >/dev/null; } 2>>"$work/floor.t"
            { time "$work/check-waveplan" check "$file" >/dev/null 2>&1; } 2>>"$work/check.t"
        done
        fw=$(awk '{ print $1 }' "$work/floor.t" | median); cw=$(awk '{ print $1 }' "$work/check.t" | median)
        fc=$(awk '{ print $2 + $3 }' "$work/floor.t" | median); cc=$(awk '{ print $2 + $3 }' "$work/check.t" | median)
        fl=$(awk '{ print $2 + $3 }' "$work/floor.t" | least); cl=$(awk '{ print $2 + $3 }' "$work/check.t" | least)
        # (A ratio to a time under a millisecond is not one: shown as -.)
        awk -v s="$shape $n" -v fw="$fw" -v cw="$cw" -v fc="$fc" -v cc="$cc" -v fl="$fl" -v cl="$cl" '
            function ratio(a, b) { return b > 0 ? sprintf("%.2f", a / b) : "-" }
            BEGIN { printf "| %s | %.3f | %.3f | %s | %.3f | %.3f | %s | %s |\n", s, fw, cw, ratio(cw, fw), fc, cc, ratio(cc, fc), ratio(cl, fl) }'
    done
done

#!/usr/bin/env bash
# `waveplan plan` against the networkx notebook an architect would otherwise run
# (benches/networkx_plan.py), whole process from start to written plan, on generated
# portfolios of both shapes (estate, tangled) at 10k and 100k apps, and 1M with WITH_1M=1.
# The target: waveplan at least 5x faster at every size.
#
# Needs networkx: `pip install networkx`; and GNU time at /usr/bin/time.
#
# Runs alternate (waveplan, networkx, waveplan, ...), RUNS of each (default 3); the table gives
# the median wall time and the largest peak RSS of the runs. The planner runs with its default
# --time-limit (5 s). Portfolios, plans and logs go to BENCH_DIR (default /tmp/waveplan-bench).
# WAVEPLAN_BIN=path uses that binary instead of building this tree's `cargo build --release`.
# SIZES="N ..." replaces the 10k and 100k steps (for a quick try of the script).
# TIMEOUT (default 900 s) stops a run that takes longer; it shows as "timeout" in the table
# (and the other runs of that command at that size are skipped; so are a failure's).
#
# Usage: benches/planner_vs_networkx.sh   (WITH_1M=1 adds 1M apps: ~4 GB, up to an hour)
# ratio = networkx seconds / waveplan seconds.
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
work=${BENCH_DIR:-/tmp/waveplan-bench}
runs=${RUNS:-3}
limit=${TIMEOUT:-900}
mkdir -p "$work"

if [[ -n ${WAVEPLAN_BIN:-} ]]; then
    bin=$WAVEPLAN_BIN
else
    (cd "$root" && cargo build --release >&2)
    bin=$root/target/release/waveplan
fi
# A copy, so that a rebuild in the tree while this runs does not swap the binary under it.
[[ $bin -ef $work/waveplan ]] || cp "$bin" "$work/waveplan"
bin=$work/waveplan
python3 -c 'import networkx' 2>/dev/null || { echo "needs networkx: pip install networkx" >&2; exit 2; }

read -r -a sizes <<<"${SIZES:-10000 100000}"
if [[ ${WITH_1M:-} == 1 ]]; then sizes+=(1000000); fi

# One timed run: `timed LABEL CMD...` appends "SECONDS KB" (or "timeout"/"failed") to $work/LABEL.times.
timed() {
    local label=$1; shift
    local t=$work/$label.time status=0
    if grep -qsE '^(timeout|failed)' "$work/$label.times"; then return; fi  # no retry of a failure
    timeout "$limit" /usr/bin/time -f '%e %M' -o "$t" "$@" >/dev/null 2>"$work/$label.stderr" || status=$?
    if ((status == 124)); then echo timeout >>"$work/$label.times"
    elif ((status != 0)); then echo failed >>"$work/$label.times"
    else tail -n 1 "$t" >>"$work/$label.times"; fi
    echo "  $label: $(tail -n 1 "$work/$label.times")" >&2
}

# Median seconds and largest peak MB of a .times file, or its first failure.
summary() {
    local bad
    bad=$(grep -m 1 -E '^(timeout|failed)' "$1" || true)
    if [[ -n $bad ]]; then echo "$bad -"; return; fi
    sort -n "$1" | awk '{ s[NR] = $1; if ($2 > m) m = $2 }
        END { med = NR % 2 ? s[(NR + 1) / 2] : (s[NR / 2] + s[NR / 2 + 1]) / 2
              printf "%.2f %.0f\n", med, m / 1024 }'
}

# Waves in a plan file (both writers start each wave on its own line, 8 spaces in).
waves() { if [[ -f $1 ]]; then grep -c '^        (' "$1" || true; else echo -; fi; }

rows=()
for shape in estate tangled; do
    for n in "${sizes[@]}"; do
        portfolio=$work/$shape-$n.ron
        echo "generating $shape $n" >&2
        flag=(); [[ $shape == tangled ]] && flag=(--shape tangled)
        "$bin" generate --apps "$n" --seed 1 "${flag[@]}" -o "$portfolio" 2>/dev/null
        # Not PORTFOLIO.plan.ron: `waveplan plan` would read that as the plan to re-plan.
        wp_out=$work/$shape-$n.waveplan-out.ron
        nx_out=$work/$shape-$n.networkx-out.ron
        rm -f "$work/$shape-$n".{waveplan,networkx}.times "$wp_out" "$nx_out"
        for ((i = 0; i < runs; i++)); do
            timed "$shape-$n.waveplan" "$bin" plan "$portfolio" -o "$wp_out"
            timed "$shape-$n.networkx" python3 "$root/benches/networkx_plan.py" "$portfolio" "$nx_out"
        done
        read -r wp_s wp_mb < <(summary "$work/$shape-$n.waveplan.times")
        read -r nx_s nx_mb < <(summary "$work/$shape-$n.networkx.times")
        ratio=$(awk -v a="$wp_s" -v b="$nx_s" 'BEGIN { if (a + 0 > 0 && b + 0 > 0) printf "%.1fx", b / a; else print "-" }')
        rows+=("| $shape | $n | $wp_s | $nx_s | $ratio | $wp_mb | $nx_mb | $(waves "$wp_out") | $(waves "$nx_out") |")
    done
done

echo "| shape | apps | waveplan s | networkx s | ratio | waveplan peak MB | networkx peak MB | waveplan waves | networkx waves |"
echo "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"
printf '%s\n' "${rows[@]}"

#!/usr/bin/env bash
# Fill fuzz/corpus/TARGET with seed inputs from the repository's samples and test data.
# libFuzzer adds what it finds to the same folders; they are not committed.
set -euo pipefail
cd "$(dirname "$0")/.."
corpus=fuzz/corpus
mkdir -p "$corpus"/{portfolio,plan,weights,import_csv,import_backstage,import_servicenow,import_connections}
for f in portfolios/*.ron tests/bad_input/*.ron; do
    case "$f" in
        *.plan.ron) cp "$f" "$corpus/plan/" ;;
        *) cp "$f" "$corpus/portfolio/" ;;
    esac
done
cp assets/scoring.ron "$corpus/weights/"
cp tests/bad_input/weights/* "$corpus/weights/"
# The CSV target takes the apps table, a NUL byte, then the dependencies table.
for apps in tests/data/import/*apps*.csv; do
    for deps in tests/data/import/*deps*.csv; do
        name="$(basename "$apps" .csv)+$(basename "$deps" .csv)"
        { cat "$apps"; printf '\0'; cat "$deps"; } > "$corpus/import_csv/$name"
    done
done
cp tests/data/import/*.yaml tests/bad_input/import/*.yaml "$corpus/import_backstage/"
for apps in tests/bad_input/import/*.csv; do
    { cat "$apps"; printf '\0'; cat tests/bad_input/import/deps_self_unknown_bad_via.csv; } \
        > "$corpus/import_csv/bad-$(basename "$apps" .csv)"
done
{ cat tests/data/import/servicenow/cmdb_ci_business_app.csv; printf '\0'; \
    cat tests/data/import/servicenow/cmdb_rel_ci.csv; } > "$corpus/import_servicenow/business-apps"
cp tests/data/import/connections/*.csv "$corpus/import_connections/"
cp tests/data/import/estate/catalog-info.yaml "$corpus/import_backstage/estate.yaml"
for dir in tests/fuzz_regressions/*/; do
    [ -d "$dir" ] && cp "$dir"* "$corpus/$(basename "$dir")/" 2>/dev/null || true
done
echo "seeded: $(for d in "$corpus"/*; do printf '%s=%s ' "$(basename "$d")" "$(ls "$d" | wc -l)"; done)"

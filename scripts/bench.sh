#!/usr/bin/env bash
# Runs every benchmark and prints tables to record in docs/performance.md:
#   1. host benchmarks (criterion, benches/): every report and the JSON file at 1k / 10k / 100k
#      deals, one Forecast-page edit and the Pipeline page's steps at 10k / 100k, the matrices at
#      2,000 clients
#   2. the same reports as wasm in headless Chromium (wasm-bindgen-test, medians)
#   3. the release dist/: each file raw and gzip
#   4. the release app in headless Chromium (scripts/bench-browser.mjs): first chart, JSON import
#      against JSON.parse, save and reload, filter changes, expand all, memory
# Usage: ./scripts/bench.sh [runs]   (runs per browser measure, default 5)
# Page-specific browser timings are separate scripts in scripts/bench/ (each says how to run it).
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/install.sh
source scripts/env.sh
RUNS="${1:-5}"

echo "## Host (cargo bench, criterion: low / estimate / high)"
# A long benchmark name puts criterion's "time:" on the next line: keep the last name seen.
for bench in reports forecast_page pipeline_page matrices; do
  cargo bench --bench "$bench" -- --warm-up-time 1 --measurement-time 3 2>&1 |
    awk '/^[a-z0-9_]+\//{name=$1} /time:/{sub(/.*time: */, ""); print name, $0}'
done
echo
echo "## Reports as wasm in headless Chromium (medians, ms)"
cargo test --release --target wasm32-unknown-unknown --bench web_reports -- --nocapture 2>&1 | grep -E '^\|'
echo
echo "## Release build (dist-bench, served under /voronka/)"
trunk build --release --public-url /voronka/ --dist dist-bench >/dev/null 2>&1
printf '| %-45s | %12s | %12s |\n' file raw gzip
printf '|%s|%s|%s|\n' "---" "---:" "---:"
total_raw=0
total_gz=0
while IFS= read -r f; do
  raw=$(stat -c %s "$f")
  gz=$(gzip -9c "$f" | wc -c)
  total_raw=$((total_raw + raw))
  total_gz=$((total_gz + gz))
  printf '| %-45s | %12s | %12s |\n' "${f#dist-bench/}" "$raw" "$gz"
done < <(find dist-bench -type f | sort)
printf '| %-45s | %12s | %12s |\n' "all files" "$total_raw" "$total_gz"
echo
echo "## The release app in headless Chromium (medians of $RUNS runs)"
VORONKA_DIST="$PWD/dist-bench" VORONKA_BASE=/voronka/ node scripts/bench-browser.mjs "$RUNS"
echo
echo "## Filter change on every page and tab (medians of $RUNS changes)"
VORONKA_DIST="$PWD/dist-bench" VORONKA_BASE=/voronka/ node scripts/bench/pages-bench.mjs "$RUNS"

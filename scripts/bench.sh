#!/usr/bin/env bash
# Runs the benchmarks: the host domain benchmarks (criterion) and the same reports in headless
# Chromium (wasm, release). Prints tables; record them in docs/performance.md.
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/install.sh
source scripts/env.sh
echo "## Host (cargo bench)"
cargo bench --bench reports -- --warm-up-time 1 --measurement-time 3 2>&1 | grep -E "^[a-z_]+/|time:" | paste - - | awk '{print $1, $3, $4, $5, $6, $7, $8}'
echo
echo "## Browser (wasm in headless Chromium, medians, ms)"
cargo test --release --target wasm32-unknown-unknown --test web_bench -- --include-ignored --nocapture 2>&1 | grep -E '^\|'
echo
echo "## Release bundle sizes"
trunk build --release --dist dist-bench >/dev/null 2>&1
for f in dist-bench/*.wasm dist-bench/*.js dist-bench/*.css; do
  printf '%-50s %10s raw %10s gzip\n' "$(basename "$f")" "$(stat -c %s "$f")" "$(gzip -9c "$f" | wc -c)"
done

#!/usr/bin/env bash
# Installs what is missing, then runs every gate and test layer:
#   1. cargo fmt --check and cargo clippy -D warnings (host and wasm32)
#   2. host tests: cargo test (domain, file formats)
#   3. browser tests: wasm-bindgen-test in headless Chromium (storage, components)
#   4. the size budget of the split release build (scripts/size-budget.mjs)
#   5. end-to-end: the release build served under a subpath, driven in Chromium (node --test)
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/install.sh
source scripts/env.sh

step() { printf '\n\033[1m==> %s\033[0m\n' "$*"; }

step "Formatting"
cargo fmt --all --check

step "Clippy (host)"
cargo clippy --workspace --all-targets --quiet -- -D warnings
step "Clippy (wasm32)"
cargo clippy --target wasm32-unknown-unknown --lib --bins --test web --test web_forms --quiet -- -D warnings

step "Host tests"
cargo test --workspace --quiet

step "Browser tests (wasm-bindgen-test, headless Chromium)"
cargo test --target wasm32-unknown-unknown --test web --test web_forms

step "Release build under a subpath for the end-to-end tests"
./scripts/trunk-release.sh --public-url /voronka/ --dist dist-e2e

step "Size budget (gzip sizes of the release build)"
node scripts/size-budget.mjs dist-e2e

step "End-to-end tests (playwright-core, Chromium)"
VORONKA_DIST="$PWD/dist-e2e" VORONKA_BASE=/voronka/ node --test --test-concurrency=1 tests/e2e/

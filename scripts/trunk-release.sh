#!/usr/bin/env bash
# `trunk build --release` with per-page code splitting: what scripts/build.sh and scripts/test.sh
# run. Arguments go to trunk (--public-url, --dist).
#
# RUSTFLAGS replaces .cargo/config.toml's rustflags, so `--cfg erase_components` is repeated here.
# `--emit-relocs` keeps the relocations wasm-split-cli needs; `--cfg voronka_split` turns the
# pages in src/ui/page_loader.rs into split points. Trunk's post_build hook (scripts/post-build.mjs)
# then cuts the module into chunks. The split build has its own target folder, so it and the
# unsplit builds (tests, `trunk serve`) do not rebuild each other's dependencies.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/env.sh
export RUSTFLAGS="-C link-arg=--emit-relocs --cfg erase_components --cfg voronka_split"
export CARGO_TARGET_DIR="${VORONKA_SPLIT_TARGET_DIR:-$PWD/target/split}"
exec trunk build --release "$@"

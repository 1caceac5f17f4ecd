#!/usr/bin/env bash
# Installs what Voronka's build and tests need, skipping whatever is already there, so a second
# run takes seconds. Only package registries are used (crates.io, npm, Debian): see
# ../shared/reference/toolchain.md for why each piece is pinned as it is.
set -euo pipefail
cd "$(dirname "$0")/.."

say() { printf '\033[1m==> %s\033[0m\n' "$*"; }

as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi
}

# Chromium and its driver (browser tests, end-to-end tests, screenshots).
if ! command -v chromium >/dev/null || ! command -v chromedriver >/dev/null; then
  say "Installing Debian's chromium and chromium-driver"
  as_root apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver >/dev/null
fi

# The wasm32 target.
if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  say "Adding the wasm32-unknown-unknown target"
  rustup target add wasm32-unknown-unknown
fi

# rustfmt and clippy (gates of the test command).
if ! cargo fmt --version >/dev/null 2>&1; then rustup component add rustfmt; fi
if ! cargo clippy --version >/dev/null 2>&1; then rustup component add clippy; fi

# The wasm-bindgen CLI at exactly the version in Cargo.lock (Trunk never downloads it offline).
wbg_version=$(awk '/^name = "wasm-bindgen"$/ { getline; gsub(/version = |"/, ""); print; exit }' Cargo.lock)
if [ "$(wasm-bindgen --version 2>/dev/null | awk '{print $2}')" != "$wbg_version" ]; then
  say "Installing wasm-bindgen-cli $wbg_version"
  # No --locked: one of its locked dependencies is not on the registry here.
  cargo install wasm-bindgen-cli --version "$wbg_version"
fi

# Trunk 0.21.14 (0.22 needs a newer rustc).
if [ "$(trunk --version 2>/dev/null | awk '{print $2}')" != "0.21.14" ]; then
  say "Installing trunk 0.21.14 (about 8 minutes on 2 cores)"
  cargo install trunk --version 0.21.14 --locked
fi

# wasm-split-cli: cuts the release wasm into per-page chunks (scripts/split-wasm.mjs). The
# registry's `wasm-split-cli` crate is Dioxus's and does not fit; this one is Leptos's.
# It has no --version, so cargo's list of installed packages says which version is there.
if ! command -v wasm-split-cli >/dev/null \
  || ! cargo install --list | grep -q '^wasm_split_cli_support v0.2.4:'; then
  say "Installing wasm_split_cli_support 0.2.4 (wasm-split-cli)"
  cargo install --locked wasm_split_cli_support --version 0.2.4 --features build-binary
fi

# npm packages: ECharts and esbuild (the pre_build hook in Trunk.toml bundles the ECharts subset
# into vendor/), binaryen's wasm-opt, playwright-core. esbuild's binary is its npm optional
# dependency @esbuild/<platform>; its postinstall script is not needed.
if [ ! -x node_modules/.bin/wasm-opt ] || [ ! -f node_modules/echarts/dist/echarts.min.js ] \
  || [ ! -f node_modules/esbuild/package.json ] || [ ! -d node_modules/playwright-core ] \
  || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  say "Installing npm packages"
  npm ci --no-audit --no-fund
fi

# Crates, so Trunk's offline build (cargo --offline) finds them.
cargo fetch --quiet
cargo fetch --quiet --target wasm32-unknown-unknown

say "Tools ready"

#!/usr/bin/env bash
# Builds the release bundle for static hosting into dist/ (or --dist DIR).
# Pass --public-url /some/path/ when the app is served from a subpath.
# Everything it needs, ECharts included, ends up in dist/: no CDN.
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/install.sh
source scripts/env.sh
# Split per page (scripts/trunk-release.sh).
./scripts/trunk-release.sh "$@"

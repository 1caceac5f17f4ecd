#!/usr/bin/env bash
# Installs what is missing, then serves Voronka with its demo data on http://127.0.0.1:8080/
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/install.sh
source scripts/env.sh
echo "Voronka: open http://127.0.0.1:${PORT:-8080}/ (Ctrl+C stops)"
exec trunk serve --address 127.0.0.1 --port "${PORT:-8080}" "$@"

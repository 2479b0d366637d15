#!/usr/bin/env bash
# The release: builds the app (release, wasm-opt) and writes release/ for RefAssured to host:
#   release/app/...       the tab (index.html) and the console (console/index.html), each configured
#   release/_headers      the headers for a static host (Netlify / Cloudflare Pages format)
#   release/nginx.conf    the same headers as an nginx snippet
# Usage: bash scripts/release.sh [config file, default scripts/release.env]; environment variables
# of the same names override the file. Refuses to write a release with an unset or bad value.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
CONFIG="${1:-$ROOT/scripts/release.env}"
"$ROOT/scripts/bootstrap.sh" >/dev/null
build_app
(cd "$ROOT" && cargo build --release -p sandbox --bin release --quiet)
"$ROOT/target/release/release" --dist "$ROOT/dist" --config "$CONFIG" --out "$ROOT/release"

#!/usr/bin/env bash
# Trunk post_build hook (Trunk.toml): builds the admin console (static/console.html, its own
# bundle) into <the tab's staging dir>/console/, so that every `trunk build` and `trunk serve`
# yields both: the tab at <public_url>, the console at <public_url>console/.
set -euo pipefail
# The console's own build reads the same Trunk.toml: it must not start a third.
[ -z "${RA_CONSOLE_BUILD:-}" ] || exit 0
export RA_CONSOLE_BUILD=1
release=()
[ "${TRUNK_PROFILE:-debug}" = release ] && release=(--release)
exec trunk build static/console.html "${release[@]}" --offline \
  --dist "$TRUNK_STAGING_DIR/console" --public-url "${TRUNK_PUBLIC_URL%/}/console/"

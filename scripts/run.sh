#!/usr/bin/env bash
# The run command: install what is missing, build the app, start the sandbox with it.
# Prints the mock JobDiva page and the standalone page. Ctrl-C stops it.
#   PORT=8787 HOST_PORT=8788 scripts/run.sh
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
"$ROOT/scripts/bootstrap.sh"
build_app
say "Building the sandbox"
(cd "$ROOT" && cargo build --release -p sandbox --quiet)
say "Starting the sandbox"
exec "$ROOT/target/release/sandbox" --port "${PORT:-8787}" --host-port "${HOST_PORT:-8788}" --dist "$ROOT/dist"

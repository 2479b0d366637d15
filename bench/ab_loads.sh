#!/usr/bin/env bash
# Builds of the tab compared load by load in one sitting (prints figures; not a test):
#   bash bench/ab_loads.sh before=/tmp/dist_before after=dist
# Each LABEL=DIST is a built dist/ directory (copy dist/ aside after `trunk build --release`
# for each version). Each is served by a sandbox of its own (HTTPS + HTTP/2, LATENCY_MS (100)
# per RefAssured call, at real-time priority where allowed, as bench/time_to_content.sh runs
# them), and ROUNDS (30) cold loads of each alternate between them. Prints each build's medians,
# how long each of the load's two request chains waited on the tab (from the sandbox's log), its
# loads with a task over 50 ms, and the paired difference in "everything ready" against the
# first build. Use it to decide whether a change helps: the whole benchmark's ratio moves between
# runs by more than most changes do (docs/performance.md, "Session 20").
set -euo pipefail
source "$(dirname "$0")/../scripts/env.sh"
cd "$ROOT"
[ $# -ge 2 ] || { echo "usage: bash bench/ab_loads.sh LABEL=DIST LABEL=DIST [...]" >&2; exit 2; }
cargo build --release -p sandbox --quiet
latency="${LATENCY_MS:-100}"
rt_sandbox_prefix
pids=()
trap 'kill "${pids[@]}" 2>/dev/null || true' EXIT
port=19920 targets=""
for t in "$@"; do
  label="${t%%=*}" dist="${t#*=}"
  [ -f "$dist/index.html" ] || { echo "$dist/index.html: not a built dist/ directory" >&2; exit 2; }
  "${RT_PREFIX[@]}" ./target/release/sandbox --tls --port "$port" --host-port $((port + 1)) --dist "$dist" \
    --fault "{\"upstream\": \"refassured\", \"latency_ms\": $latency}" >/dev/null 2>&1 &
  pids+=($!)
  wait_for_sandbox "https://127.0.0.1:$port"
  targets+=" $label=https://127.0.0.1:$((port + 1)),https://127.0.0.1:$port"
  port=$((port + 10))
done
echo "sandboxes: ${RT_PREFIX[*]:-normal priority}; $latency ms per RefAssured call"
TARGETS="${targets# }" NODE_TLS_REJECT_UNAUTHORIZED=0 node bench/ab_loads.mjs 2>&1 | grep -v -e NODE_TLS_REJECT_UNAUTHORIZED -e "trace-warnings"

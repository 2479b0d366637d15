#!/usr/bin/env bash
# Where a load's CPU goes, by process and thread, as the kernel sees it (prints figures; not a
# test): RUNS (6) cold loads of the tab in DIST (default dist/, built) under `perf sched record`,
# each load's window from its navigation to everything ready, with the CPU each process and
# thread ran in those windows, what was idle, and the scheduling delay. Chromium's own trace
# shows only what it traces; this found a renderer it never showed (docs/performance.md,
# "Session 22"). Needs perf and the right to trace the scheduler (root here).
#   bash bench/load_cpu.sh [DIST]
set -euo pipefail
source "$(dirname "$0")/../scripts/env.sh"
cd "$ROOT"
dist="${1:-dist}"
[ -f "$dist/index.html" ] || { echo "$dist/index.html: not a built dist/ directory (bash scripts/release.sh, or trunk build --release)" >&2; exit 2; }
command -v perf >/dev/null || { echo "perf is not installed" >&2; exit 2; }
cargo build --release -p sandbox --quiet
rt_sandbox_prefix
out="$(mktemp -d)"
pids=()
trap 'kill "${pids[@]}" 2>/dev/null || true; rm -rf "$out"' EXIT
"${RT_PREFIX[@]}" ./target/release/sandbox --tls --port 19960 --host-port 19961 --dist "$dist" \
  --fault "{\"upstream\": \"refassured\", \"latency_ms\": ${LATENCY_MS:-100}}" >/dev/null 2>&1 &
pids+=($!)
wait_for_sandbox "https://127.0.0.1:19960"
# CLOCK_MONOTONIC on both sides: node's process.hrtime marks each load's window on perf's clock.
perf sched record -k CLOCK_MONOTONIC -o "$out/perf.data" >/dev/null 2>&1 &
perf_pid=$!
sleep 1
HOST_URL=https://127.0.0.1:19961 NODE_TLS_REJECT_UNAUTHORIZED=0 RUNS="${RUNS:-6}" \
  node bench/load_cpu.mjs loads 2>&1 | grep -v -e NODE_TLS_REJECT_UNAUTHORIZED -e "trace-warnings" > "$out/windows"
kill -INT "$perf_pid"; wait "$perf_pid" || true
perf sched timehist -i "$out/perf.data" 2>/dev/null > "$out/timehist"
node bench/load_cpu.mjs report "$out/windows" "$out/timehist"

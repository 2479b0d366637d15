#!/usr/bin/env bash
# The test command: every layer, against the sandbox. Exits non-zero if any layer fails.
#   1. native   cargo test --workspace (domain, sandbox, decoders)
#   2. browser  wasm-bindgen-test in headless Chromium (components, clients against the sandbox)
#   3. e2e      Playwright against the sandbox: mock JobDiva page (embedded) and standalone page
#   4. size     the release bundle stays under bench/size-ceiling
# The sandbox for layers 2-3 runs on TEST_PORT/TEST_HOST_PORT (default 18787/18788), so a
# sandbox started by scripts/run.sh can stay up.
set -uo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
cd "$ROOT"
"$ROOT/scripts/bootstrap.sh" --tests || { echo "bootstrap failed" >&2; exit 1; }

export TEST_PORT="${TEST_PORT:-18787}" TEST_HOST_PORT="${TEST_HOST_PORT:-18788}" TEST_LARGE_PORT="${TEST_LARGE_PORT:-18790}"
export SANDBOX_URL="http://127.0.0.1:$TEST_PORT" HOST_URL="http://127.0.0.1:$TEST_HOST_PORT"
# A second sandbox with the large data set (pagination over 40,000+ referrals).
export SANDBOX_LARGE_URL="http://127.0.0.1:$TEST_LARGE_PORT"
LOGS="$ROOT/target/test-logs"; mkdir -p "$LOGS"
declare -a NAMES=() RESULTS=()
record() { NAMES+=("$1"); RESULTS+=("$2"); }
layer() { # name, command...
  local name="$1"; shift
  say "Layer: $name"
  if "$@"; then record "$name" pass; else record "$name" FAIL; fi
}

layer native cargo test --workspace --quiet

SANDBOX_PIDS=()
stop_sandbox() {
  for pid in "${SANDBOX_PIDS[@]}"; do kill "$pid" 2>/dev/null; wait "$pid" 2>/dev/null; done
  SANDBOX_PIDS=()
}
trap stop_sandbox EXIT
wait_up() { # url, pid, log
  for _ in $(seq 1 150); do
    curl -fsS "$1/health" >/dev/null 2>&1 && return 0
    kill -0 "$2" 2>/dev/null || break
    sleep 0.1
  done
  echo "A sandbox did not come up; see $3:" >&2; tail -20 "$3" >&2
  return 1
}
start_sandbox() {
  build_app || return 1
  cargo build --release -p sandbox --quiet || return 1
  "$ROOT/target/release/sandbox" --port "$TEST_PORT" --host-port "$TEST_HOST_PORT" --dist "$ROOT/dist" \
    >"$LOGS/sandbox.log" 2>&1 &
  SANDBOX_PIDS+=($!)
  wait_up "$SANDBOX_URL" "$!" "$LOGS/sandbox.log" || return 1
  "$ROOT/target/release/sandbox" --scale large --port "$TEST_LARGE_PORT" --host-port "$((TEST_LARGE_PORT + 1))" \
    --dist "$ROOT/dist" >"$LOGS/sandbox-large.log" 2>&1 &
  SANDBOX_PIDS+=($!)
  wait_up "$SANDBOX_LARGE_URL" "$!" "$LOGS/sandbox-large.log"
}

if start_sandbox; then
  layer browser cargo test --target wasm32-unknown-unknown
  layer e2e bash -c 'cd "$ROOT/e2e" && npm test --silent'
  # The release bundle just built must stay under its ceiling (deterministic; docs/performance.md).
  layer size bash "$ROOT/bench/bundle.sh" --check
else
  record browser FAIL; record e2e FAIL; record size FAIL
fi
stop_sandbox

passed=0; failed=0
echo; say "Summary"
for i in "${!NAMES[@]}"; do
  printf '  %-8s %s\n' "${NAMES[$i]}" "${RESULTS[$i]}"
  if [ "${RESULTS[$i]}" = pass ]; then passed=$((passed + 1)); else failed=$((failed + 1)); fi
done
echo "test layers: $passed passed, $failed failed"
[ "$failed" = 0 ]

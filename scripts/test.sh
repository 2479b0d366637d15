#!/usr/bin/env bash
# The test command: every layer, against the sandbox. Exits non-zero if any layer fails.
#   1. native   cargo test --workspace (domain, sandbox, decoders)
#   2. browser  wasm-bindgen-test in headless Chromium (components, clients against the sandbox)
#   3. e2e      Playwright against the sandbox: mock JobDiva page (embedded) and standalone page
# The sandbox for layers 2-3 runs on TEST_PORT/TEST_HOST_PORT (default 18787/18788), so a
# sandbox started by scripts/run.sh can stay up.
set -uo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
cd "$ROOT"
"$ROOT/scripts/bootstrap.sh" --tests || { echo "bootstrap failed" >&2; exit 1; }

export TEST_PORT="${TEST_PORT:-18787}" TEST_HOST_PORT="${TEST_HOST_PORT:-18788}"
export SANDBOX_URL="http://127.0.0.1:$TEST_PORT" HOST_URL="http://127.0.0.1:$TEST_HOST_PORT"
LOGS="$ROOT/target/test-logs"; mkdir -p "$LOGS"
declare -a NAMES=() RESULTS=()
record() { NAMES+=("$1"); RESULTS+=("$2"); }
layer() { # name, command...
  local name="$1"; shift
  say "Layer: $name"
  if "$@"; then record "$name" pass; else record "$name" FAIL; fi
}

layer native cargo test --workspace --quiet

SANDBOX_PID=""
stop_sandbox() { [ -n "$SANDBOX_PID" ] && kill "$SANDBOX_PID" 2>/dev/null && wait "$SANDBOX_PID" 2>/dev/null; SANDBOX_PID=""; }
trap stop_sandbox EXIT
start_sandbox() {
  build_app || return 1
  cargo build --release -p sandbox --quiet || return 1
  "$ROOT/target/release/sandbox" --port "$TEST_PORT" --host-port "$TEST_HOST_PORT" --dist "$ROOT/dist" \
    >"$LOGS/sandbox.log" 2>&1 &
  SANDBOX_PID=$!
  for _ in $(seq 1 100); do
    curl -fsS "$SANDBOX_URL/health" >/dev/null 2>&1 && return 0
    kill -0 "$SANDBOX_PID" 2>/dev/null || break
    sleep 0.1
  done
  echo "The sandbox did not come up; see $LOGS/sandbox.log:" >&2; tail -20 "$LOGS/sandbox.log" >&2
  return 1
}

if start_sandbox; then
  layer browser cargo test --target wasm32-unknown-unknown
  layer e2e bash -c 'cd "$ROOT/e2e" && npm test --silent'
else
  record browser FAIL; record e2e FAIL
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

#!/usr/bin/env bash
# Time-to-content benchmark (prints figures; not a test). Starts its own sandboxes on
# 19787/19788 (demo data) and 19790/19791 (large data), each with LATENCY_MS (default 100) added
# to every RefAssured call (everything the tab asks goes through RefAssured), loads the mock
# JobDiva page RUNS (default 15) times, and walks the 40,000+ referrals in wasm.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/../scripts/env.sh"
"$ROOT/scripts/bootstrap.sh" --tests >/dev/null
build_app >/dev/null 2>&1
(cd "$ROOT" && cargo build --release -p sandbox --quiet)
LATENCY_MS="${LATENCY_MS:-100}"
fault="{\"upstream\": \"refassured\", \"latency_ms\": $LATENCY_MS}"
pids=()
trap 'for p in "${pids[@]}"; do kill "$p" 2>/dev/null; done' EXIT
# The sandboxes the loads are timed against run at real-time priority where the machine allows
# it (scripts/env.sh, rt_sandbox_prefix; RT_SANDBOX=0 turns it off). The large data set's
# sandbox, whose walk is CPU-bound, does not.
rt_sandbox_prefix
if [ ${#RT_PREFIX[@]} -gt 0 ]; then say "The timed loads' sandboxes run at real-time priority (chrt -f 10)"; else say "The timed loads' sandboxes run at normal priority (RT_SANDBOX=0, or chrt not permitted): expect the sandbox's stalls in the figures"; fi
"${RT_PREFIX[@]}" "$ROOT/target/release/sandbox" --port 19787 --host-port 19788 --fault "$fault" --dist "$ROOT/dist" >/dev/null 2>&1 & pids+=($!)
"$ROOT/target/release/sandbox" --port 19790 --host-port 19791 --scale large --fault "$fault" --dist "$ROOT/dist" >/dev/null 2>&1 & pids+=($!)
# The same over HTTPS + HTTP/2, as production serves it (browsers multiplex HTTP/2; over
# HTTP/1.1 they open at most 6 connections per origin).
"${RT_PREFIX[@]}" "$ROOT/target/release/sandbox" --tls --port 19887 --host-port 19888 --fault "$fault" --dist "$ROOT/dist" >/dev/null 2>&1 & pids+=($!)
for u in http://127.0.0.1:19787 http://127.0.0.1:19790 https://127.0.0.1:19887; do wait_for_sandbox "$u"; done
SANDBOX_URL=http://127.0.0.1:19787 HOST_URL=http://127.0.0.1:19788 SANDBOX_LARGE_URL=http://127.0.0.1:19790 LARGE_HOST_URL=http://127.0.0.1:19791 \
  LATENCY_MS="$LATENCY_MS" TRANSPORT_LABEL="HTTP/1.1" node "$ROOT/bench/time_to_content.mjs"
# The HTTPS sandbox's certificate (made when it starts) trusted by its key: Chromium then treats
# the connection as valid and caches what it serves, as in production. With only
# --ignore-certificate-errors it cached nothing, and the warm loads fetched everything again.
spki=$(openssl s_client -connect 127.0.0.1:19887 </dev/null 2>/dev/null | openssl x509 -pubkey -noout | openssl pkey -pubin -outform der | openssl dgst -sha256 -binary | base64) || spki=""
export CHROMIUM_ARGS="${CHROMIUM_ARGS:+$CHROMIUM_ARGS }${spki:+--ignore-certificate-errors-spki-list=$spki}"
SANDBOX_URL=https://127.0.0.1:19887 HOST_URL=https://127.0.0.1:19888 NODE_TLS_REJECT_UNAUTHORIZED=0 \
  LATENCY_MS="$LATENCY_MS" TRANSPORT_LABEL="HTTP/2 (TLS)" node "$ROOT/bench/time_to_content.mjs" 2>&1 | grep -v "NODE_TLS_REJECT_UNAUTHORIZED"

if [ -n "${TRACE:-}" ]; then
  echo; say "Chromium's trace of ${TRACE_RUNS:-3} cold loads over HTTP/2 (TRACE=1): where the main thread's time goes"
  HOST_URL=https://127.0.0.1:19888 node "$ROOT/bench/trace_load.mjs"
fi

echo; say "Walking every referral of the large data set in wasm (release build, 4 pages at a time, no added latency)"
curl -fs -X DELETE http://127.0.0.1:19790/_sandbox/faults >/dev/null
(cd "$ROOT" && SANDBOX_URL=http://127.0.0.1:19787 SANDBOX_LARGE_URL=http://127.0.0.1:19790 \
  cargo test --release --target wasm32-unknown-unknown --test clients walks_forty -- --nocapture 2>/dev/null | grep -E "^(walked|decoded)")

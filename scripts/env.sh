# Sourced by the other scripts: where the tools are and how they must run here.
export ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export PATH="$HOME/.cargo/bin:$ROOT/e2e/node_modules/.bin:$PATH"
# Trunk uses wasm-bindgen and wasm-opt from PATH (no [tools] pin) and must not download.
export TRUNK_SKIP_VERSION_CHECK=true
export CHROMIUM="${CHROMIUM:-/usr/bin/chromium}"
export CHROMEDRIVER="${CHROMEDRIVER:-$(command -v chromedriver || echo /usr/bin/chromedriver)}"
TRUNK_VERSION=0.21.14
BINARYEN_VERSION=132

say() { printf '\033[1m==> %s\033[0m\n' "$*"; }

# The wasm-bindgen version the app is locked to (the CLI must equal it).
locked_wasm_bindgen() {
  awk '/^name = "wasm-bindgen"$/ { getline; gsub(/version = |"/, ""); print; exit }' "$ROOT/Cargo.lock"
}

# Wait until the sandbox at URL answers /health (TRIES × 0.1 s, default 100); never fails: a
# sandbox that did not start shows in what the caller runs next.
wait_for_sandbox() {
  for _ in $(seq 1 "${2:-100}"); do curl -fsk "$1/health" >/dev/null && return 0; sleep 0.1; done
  return 0
}

# The benchmarks' timed sandboxes run at real-time priority where the machine allows it (root,
# or CAP_SYS_NICE): in production the upstreams have CPUs of their own, and here they share two
# with a Chromium whose threads raise themselves to nice -8 when run as root. At normal
# priority (or even nice -15) the sandbox's threads then waited up to 250 ms for a CPU in a
# load, and its 100 ms of latency became 150-270 ms (docs/performance.md, "Session 19").
# RT_SANDBOX=0 turns this off. Sets RT_PREFIX, the command prefix (empty: normal priority).
rt_sandbox_prefix() {
  RT_PREFIX=()
  if [ "${RT_SANDBOX:-1}" != 0 ] && chrt -f 10 true 2>/dev/null; then RT_PREFIX=(chrt -f 10); fi
}

# Build the release bundle into dist/ (wasm-opt -Oz via index.html).
build_app() {
  say "Building the app (release, wasm-opt) into dist/"
  (cd "$ROOT" && trunk build --release --offline)
}

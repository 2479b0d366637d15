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

# Build the release bundle into dist/ (wasm-opt -Oz via index.html).
build_app() {
  say "Building the app (release, wasm-opt) into dist/"
  (cd "$ROOT" && trunk build --release --offline)
}

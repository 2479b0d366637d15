#!/usr/bin/env bash
# Installs what is missing, skips what is present. Idempotent; seconds when everything is there.
#   scripts/bootstrap.sh            everything the run command needs
#   scripts/bootstrap.sh --tests    plus Chromium, ChromeDriver (tests)
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
WANT_BROWSER=0
[ "${1:-}" = "--tests" ] && WANT_BROWSER=1

if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  say "Adding the wasm32-unknown-unknown target"
  rustup target add wasm32-unknown-unknown
fi

if [ "$(trunk --version 2>/dev/null | awk '{print $2}')" != "$TRUNK_VERSION" ]; then
  say "Installing trunk $TRUNK_VERSION (compiles from source: about 15-20 minutes, once)"
  cargo install trunk --version "$TRUNK_VERSION" --locked
fi

if [ ! -f "$ROOT/Cargo.lock" ]; then (cd "$ROOT" && cargo generate-lockfile); fi
WBG="$(locked_wasm_bindgen)"
if [ "$(wasm-bindgen --version 2>/dev/null | awk '{print $2}')" != "$WBG" ] \
   || ! command -v wasm-bindgen-test-runner >/dev/null; then
  say "Installing wasm-bindgen-cli $WBG (must equal Cargo.lock; about 10 minutes, once)"
  cargo install wasm-bindgen-cli --version "=$WBG"
fi

# wasm-opt (npm binaryen; Debian's is too old for this Rust) and playwright-core, pinned by the lock file.
if [ ! -x "$ROOT/e2e/node_modules/.bin/wasm-opt" ] || [ ! -d "$ROOT/e2e/node_modules/playwright-core" ] \
   || [ "$ROOT/e2e/package-lock.json" -nt "$ROOT/e2e/node_modules/.package-lock.json" ]; then
  say "Installing e2e packages and wasm-opt (npm ci)"
  (cd "$ROOT/e2e" && npm ci --no-audit --no-fund --loglevel=error)
fi
case "$(wasm-opt --version 2>/dev/null)" in
  *"version $BINARYEN_VERSION"*) ;;
  *) echo "wasm-opt on PATH is not binaryen $BINARYEN_VERSION: $(command -v wasm-opt)" >&2; exit 1 ;;
esac

if [ "$WANT_BROWSER" = 1 ] && { [ ! -x "$CHROMIUM" ] || [ ! -x "$CHROMEDRIVER" ]; }; then
  if [ "$(id -u)" = 0 ]; then
    say "Installing Debian chromium and chromium-driver"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver >/dev/null
    export CHROMEDRIVER="$(command -v chromedriver)"
  else
    echo "The tests need Chromium and ChromeDriver. Install them, e.g.:" >&2
    echo "  sudo apt-get update && sudo apt-get install -y chromium chromium-driver" >&2
    exit 1
  fi
fi
say "Tools ready: $(trunk --version), wasm-bindgen $WBG, $(wasm-opt --version | cut -d' ' -f1-3)"

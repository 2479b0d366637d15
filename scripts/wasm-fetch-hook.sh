#!/usr/bin/env bash
# Trunk post_build hook (Trunk.toml), for the tab's page and the console's alike: the page starts
# fetching its WebAssembly with fetch() in a line of inline script, where Trunk would put a
# `<link rel="preload" as="fetch">`, and hands that response to the loader.
#
# Why: Chrome keeps the compiled code of a WebAssembly module in its code cache, and uses it on
# the next load only when the module came from a fetch() response. Loaded from Trunk's preload
# link, the module was compiled again on every load even when Chrome had cached it: about 1,550
# functions compiled on first call on the main thread, against 100–260 from the cache (traced in
# a kept browser profile; docs/performance.md, "Session 17"). The fetch starts where the preload
# did, with the same integrity, mode and credentials (crossorigin="anonymous" is fetch()'s
# default: cors, same-origin credentials).
set -euo pipefail
html="$TRUNK_STAGING_DIR/index.html"
link='<link rel="preload" href="([^"]+_bg\.wasm)" crossorigin="anonymous"( integrity="([^"]+)")? as="fetch" type="application/wasm">'
loader="init\\(\\{ module_or_path: '([^']+_bg\\.wasm)' \\}\\)"
grep -q "module_or_path: window.raWasm ??" "$html" && exit 0 # done already
if ! grep -Eq "$link" "$html" || ! grep -Eq "$loader" "$html"; then
  echo "scripts/wasm-fetch-hook.sh: Trunk's preload link or loader for the .wasm is not in $html (has Trunk's output changed?)" >&2
  exit 1
fi
# The loader sees the fetch's failure, if any; the catch only keeps it from being reported twice.
# (Without an integrity value, as `trunk serve` may build, the fetch gets an empty one: none.)
sed -E -i \
  -e "s#$link#<script>(window.raWasm = fetch(\"\\1\", { integrity: \"\\3\" })).catch(() => {});</script>#" \
  -e "s#$loader#init({ module_or_path: window.raWasm ?? '\\1' })#" \
  "$html"

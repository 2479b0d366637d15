#!/usr/bin/env bash
# Bundle-size benchmark: builds the app (release, wasm-opt -Oz) and, as the yardstick, a minimal
# Yew 0.23 counter with the same profile, then prints raw / gzip -9 / brotli bytes of the .wasm,
# the JS glue and the CSS.
#   bash bench/bundle.sh            build both, print the table
#   bash bench/bundle.sh --check    no build: compare dist/ with the ceiling in bench/size-ceiling
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/../scripts/env.sh"
BUDGET=153600   # the goal: whole app ≤ 150 KB gzip

sizes() { # dir → "kind raw gzip brotli" lines and a total
  local dir="$1" tr=0 tg=0 tb=0
  for kind in wasm js css; do
    local f; f=$(ls "$dir"/*."$kind" 2>/dev/null | grep -v '\.stage' | head -1 || true)
    [ -n "$f" ] || { echo "$kind 0 0 0"; continue; }
    local raw gz br; raw=$(stat -c%s "$f"); gz=$(gzip -9c "$f" | wc -c)
    br=$(command -v brotli >/dev/null && brotli -c -q 11 "$f" | wc -c || echo 0)
    echo "$kind $raw $gz $br"; tr=$((tr + raw)); tg=$((tg + gz)); tb=$((tb + br))
  done
  echo "total $tr $tg $tb"
}

if [ "${1:-}" = "--check" ]; then
  ceiling=$(cat "$ROOT/bench/size-ceiling")
  total=$(sizes "$ROOT/dist" | awk '$1 == "total" { print $3 }')
  echo "bundle: $total bytes gzip (ceiling $ceiling, goal $BUDGET)"
  [ "$total" -le "$ceiling" ] || { echo "bundle grew past its ceiling: $total > $ceiling bytes gzip" >&2; exit 1; }
  exit 0
fi

"$ROOT/scripts/bootstrap.sh" >/dev/null
build_app >/dev/null 2>&1
say "Building the yardstick (bench/yardstick: a Yew 0.23 counter, same profile)"
(cd "$ROOT/bench/yardstick" && trunk build --release --offline >/dev/null 2>&1)

printf '\n%-10s %-6s %10s %10s %10s\n' build file raw gzip brotli
while read -r k r g b; do printf '%-10s %-6s %10s %10s %10s\n' app "$k" "$r" "$g" "$b"; done < <(sizes "$ROOT/dist")
while read -r k r g b; do printf '%-10s %-6s %10s %10s %10s\n' yardstick "$k" "$r" "$g" "$b"; done < <(sizes "$ROOT/bench/yardstick/dist")
app=$(sizes "$ROOT/dist" | awk '$1 == "total" { print $3 }')
echo
echo "app total gzip: $app bytes; goal ≤ $BUDGET bytes ($(( (app - BUDGET) / 1024 )) KiB over)" | sed 's/(-[0-9]* KiB over)/(within the goal)/'

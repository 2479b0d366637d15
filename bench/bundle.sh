#!/usr/bin/env bash
# Bundle-size benchmark: builds the app (the tab, release with wasm-opt -Oz, and the admin
# console, its own bundle) and, as the yardstick, a minimal Yew 0.23 counter with the tab's
# profile, then prints raw / gzip -9 / brotli bytes of each bundle's .wasm, JS glue and CSS.
#   bash bench/bundle.sh            build them, print the table
#   bash bench/bundle.sh --check    no build: compare dist/ (the tab) and dist/console/ with the
#                                   ceilings in bench/size-ceiling ("tab N" and "console N")
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

ceiling() { awk -v b="$1" '$1 == b { print $2 }' "$ROOT/bench/size-ceiling"; }
if [ "${1:-}" = "--check" ]; then
  status=0
  for b in tab console; do
    dir="$ROOT/dist"; [ "$b" = console ] && dir="$ROOT/dist/console"
    total=$(sizes "$dir" | awk '$1 == "total" { print $3 }')
    echo "$b bundle: $total bytes gzip (ceiling $(ceiling $b))"
    [ "$total" -le "$(ceiling $b)" ] || { echo "the $b bundle grew past its ceiling: $total > $(ceiling $b) bytes gzip" >&2; status=1; }
  done
  exit $status
fi

"$ROOT/scripts/bootstrap.sh" >/dev/null
build_app >/dev/null 2>&1
say "Building the yardstick (bench/yardstick: a Yew 0.23 counter, same profile)"
(cd "$ROOT/bench/yardstick" && trunk build --release --offline >/dev/null 2>&1)

printf '\n%-10s %-6s %10s %10s %10s\n' build file raw gzip brotli
while read -r k r g b; do printf '%-10s %-6s %10s %10s %10s\n' tab "$k" "$r" "$g" "$b"; done < <(sizes "$ROOT/dist")
while read -r k r g b; do printf '%-10s %-6s %10s %10s %10s\n' console "$k" "$r" "$g" "$b"; done < <(sizes "$ROOT/dist/console")
while read -r k r g b; do printf '%-10s %-6s %10s %10s %10s\n' yardstick "$k" "$r" "$g" "$b"; done < <(sizes "$ROOT/bench/yardstick/dist")
app=$(sizes "$ROOT/dist" | awk '$1 == "total" { print $3 }')
echo
echo "tab total gzip: $app bytes (ceiling $(ceiling tab)); goal ≤ $BUDGET bytes ($(( (app - BUDGET) / 1024 )) KiB over)" | sed 's/(-[0-9]* KiB over)/(within the goal)/'

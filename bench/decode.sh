#!/usr/bin/env bash
# Decode throughput in optimised wasm (prints figures; not a test): one 1000-referral page of the
# large data set (~960 KB) decoded five times by the app's own decoder (serde_json from the text
# into the wire types, then the domain records), and the whole data set walked 4 pages at a time.
# Built with the Cargo profile `console` (opt-level s), the profile of the bundle that decodes
# referrals in bulk (the admin console's sync); DECODE_PROFILE=release measures the tab's (z).
# Goal (issue 11): at least 90,000 referrals/s decoded.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/../scripts/env.sh"
"$ROOT/scripts/bootstrap.sh" --tests >/dev/null
(cd "$ROOT" && cargo build --release -p sandbox --quiet)
PORT="${DECODE_PORT:-19795}"
"$ROOT/target/release/sandbox" --port "$PORT" --host-port "$((PORT + 1))" --scale large --dist "$ROOT/dist" >/dev/null 2>&1 &
pid=$!
trap 'kill "$pid" 2>/dev/null' EXIT
wait_for_sandbox "http://127.0.0.1:$PORT"
PROFILE="${DECODE_PROFILE:-console}"
say "Decoding in wasm, Cargo profile $PROFILE (headless Chromium)"
out="$(cd "$ROOT" && SANDBOX_URL="http://127.0.0.1:$PORT" SANDBOX_LARGE_URL="http://127.0.0.1:$PORT" \
  cargo test --profile "$PROFILE" --target wasm32-unknown-unknown --test clients walks_forty -- --nocapture 2>/dev/null | grep -E "^(walked|decoded)")"
echo "$out"
rate="$(echo "$out" | sed -n "s/^decoded.*median \([0-9]*\) records.*/\1/p")"
[ -n "$rate" ] || { echo "no decode figure printed" >&2; exit 1; }
awk -v r="$rate" 'BEGIN { printf "decode ('"$PROFILE"' profile): %d referrals/s (goal 90000: %s, %.2fx)\n", r, (r >= 90000 ? "met" : "NOT met"), r / 90000 }'

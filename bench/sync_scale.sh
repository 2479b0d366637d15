#!/usr/bin/env bash
# The referral sync at scale (issue 12; prints figures, not a test): a sandbox with REFERRALS
# (default 40,000) more referrals of distinct applicants beside the demo data (a quarter of them
# already in JobDiva by email, half of them ambassadors' referral leads), synced to the end from
# the admin console (release build). Prints throughput, the console's longest main-thread tasks
# and its memory as the run goes. Ports 19990/19991.
#   bash bench/sync_scale.sh                 40,000 referrals (about an hour on a 2-core machine)
#   REFERRALS=2000 bash bench/sync_scale.sh  a quick look
#   SANDBOX_NICE=19 bash bench/sync_scale.sh  the sandbox at the lowest CPU priority: in
#                                            production the upstreams are not on the admin's
#                                            machine; here they share its two cores
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/../scripts/env.sh"
"$ROOT/scripts/bootstrap.sh" --tests >/dev/null
[ -n "${SKIP_BUILD:-}" ] || build_app >/dev/null 2>&1
(cd "$ROOT" && cargo build --release -p sandbox --quiet)
REFERRALS="${REFERRALS:-40000}"
${SANDBOX_NICE:+nice -n "$SANDBOX_NICE"} "$ROOT/target/release/sandbox" --port 19990 --host-port 19991 --referrals "$REFERRALS" --dist "$ROOT/dist" >/dev/null 2>&1 &
pid=$!
trap 'kill $pid 2>/dev/null' EXIT
wait_for_sandbox http://127.0.0.1:19990 600
SANDBOX_URL=http://127.0.0.1:19990 HOST_URL=http://127.0.0.1:19991 node "$ROOT/bench/sync_scale.mjs"

#!/usr/bin/env bash
# Times `harness admit` (release binary) on the suite: an ephemeral control plane started, ready,
# every object of the suite admitted by a server-side dry run, and torn down, which is what every
# cluster command pays before its own work. Prints each run, the median wall time and the
# verdict line of the last run.
#
# Usage: scripts/bench-cluster.sh [RUNS]     (needs scripts/install-scanners.sh control-plane)
set -euo pipefail
RUNS="${1:-5}"
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
BIN="${BIN:-${CARGO_TARGET_DIR:-$ROOT/target}/release/harness}"
(cd "$ROOT" && cargo build --release -p harness --quiet)
cd "$ROOT"
times=()
for i in $(seq "$RUNS"); do
  start=$(date +%s.%N)
  status=0
  "$BIN" admit --suite manifests >/tmp/bench-cluster.$$ 2>&1 || status=$?
  end=$(date +%s.%N)
  t=$(echo "$end - $start" | bc)
  times+=("$t")
  printf 'run %d: %.2f s (exit %d)\n' "$i" "$t" "$status"
done
printf '%s\n' "${times[@]}" | sort -n | awk '{a[NR]=$1} END {m = (NR % 2) ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2; printf "median of %d: %.2f s\n", NR, m}'
head -n 1 /tmp/bench-cluster.$$
rm -f /tmp/bench-cluster.$$

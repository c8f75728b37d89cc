#!/usr/bin/env bash
# Benchmarks `harness parse` (release binary) on all recorded scanner outputs of KALM 2024:
# wall time with hyperfine (median of runs) and peak memory with GNU time.
#
#   scripts/bench-parse.sh                 # builds target/release/harness if needed
#   HARNESS=/path/to/harness scripts/bench-parse.sh
#   RESULTS=/other/results scripts/bench-parse.sh
#
# Targets (issue 3): under 300 ms wall for all files together, peak RSS under 300 MB.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
RESULTS="${RESULTS:-$ROOT/../shared/kalm-2024/results}"
HARNESS="${HARNESS:-${CARGO_TARGET_DIR:-$ROOT/target}/release/harness}"

if [ ! -d "$RESULTS" ]; then
  echo "bench-parse: $RESULTS is absent (KALM 2024 data beside the checkout); nothing to measure" >&2
  exit 0
fi
if [ -z "${HARNESS_NO_BUILD:-}" ]; then
  (cd "$ROOT" && cargo build --release -p harness --quiet)
fi
[ -x "$HARNESS" ] || { echo "bench-parse: no harness binary at $HARNESS" >&2; exit 1; }

mapfile -t FILES < <(find "$RESULTS" -maxdepth 1 -type f | sort)
echo "files: ${#FILES[@]} ($(du -ch "${FILES[@]}" | tail -1 | cut -f1) total)"

# Every file must parse (tool detected from its shape); count the findings once.
"$HARNESS" parse --format csv "${FILES[@]}" > /tmp/bench-parse.csv
echo "findings: $(python3 -c 'import csv, sys; print(sum(1 for _ in csv.reader(open(sys.argv[1], newline=""))) - 1)' /tmp/bench-parse.csv)"

if command -v hyperfine >/dev/null; then
  # Arguments go through hyperfine's shell, so quote each file name.
  cmd="$(printf '%q ' "$HARNESS" parse --format csv "${FILES[@]}")"
  hyperfine --warmup 3 --runs "${RUNS:-30}" --export-json /tmp/bench-parse.json --output=null "$cmd"
  python3 - <<'PY'
import json
r = json.load(open("/tmp/bench-parse.json"))["results"][0]
print(f"median wall: {r['median'] * 1000:.1f} ms (mean {r['mean'] * 1000:.1f} ms, min {r['min'] * 1000:.1f} ms, max {r['max'] * 1000:.1f} ms)")
PY
else
  echo "hyperfine not installed (apt-get install hyperfine); timing 10 runs with date" >&2
  for _ in $(seq 10); do
    s=$(date +%s%N); "$HARNESS" parse --format csv "${FILES[@]}" > /dev/null; e=$(date +%s%N)
    echo "$(( (e - s) / 1000000 )) ms"
  done
fi

if [ -x /usr/bin/time ]; then
  /usr/bin/time -v "$HARNESS" parse --format csv "${FILES[@]}" 2> /tmp/bench-parse.time > /dev/null
  awk -F': ' '/Maximum resident set size/ { printf "peak RSS: %.1f MB\n", $2 / 1024 }' /tmp/bench-parse.time
else
  echo "GNU time not installed (apt-get install time); peak RSS not measured" >&2
fi

#!/usr/bin/env bash
# What a new user waits for: clones this checkout's HEAD into a temporary folder with an empty
# cargo target folder, then times each of the README's two commands there and prints the
# release binary's size and cargo's build timings report.
#
#   scripts/bench-first-run.sh            # both commands
#   scripts/bench-first-run.sh main       # only `cargo run --release -- report`
#
# The clone has nothing beside it, so the test command runs with SCANNER_BENCH_SKIP_KALM=1 (the
# KALM cross-checks need ../shared). Installed tools under .tools/ are not shared with the clone
# unless SCANNER_BENCH_TOOLS names a folder to link there. SCANNER_BENCH_KEEP_TARGET=DIR builds
# into DIR (which must not exist yet) and keeps it, e.g. to benchmark the binary afterwards.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
WHAT="${1:-all}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
git clone -q "$ROOT" "$work/clone"
export CARGO_TARGET_DIR="$work/target"
if [ -n "${SCANNER_BENCH_KEEP_TARGET:-}" ]; then
  if [ -e "$SCANNER_BENCH_KEEP_TARGET" ]; then
    echo "SCANNER_BENCH_KEEP_TARGET=$SCANNER_BENCH_KEEP_TARGET exists; the build must start from clean" >&2
    exit 2
  fi
  export CARGO_TARGET_DIR="$SCANNER_BENCH_KEEP_TARGET"
fi
export CARGO_TERM_COLOR=never
cd "$work/clone"
if [ -n "${SCANNER_BENCH_TOOLS:-}" ]; then ln -s "$SCANNER_BENCH_TOOLS" .tools; fi

echo "machine: $(nproc) cores, $(free -g | awk '/^Mem:/ {print $2}') GiB, $(uname -m), rustc $(rustc --version | cut -d' ' -f2), $(date -u +%F)"
start=$(date +%s.%N)
cargo build --release --timings >"$work/build.log" 2>&1 || { tail -20 "$work/build.log"; exit 1; }
built=$(date +%s.%N)
cargo run -q --release -- report >"$work/report.log" 2>&1 || { tail -20 "$work/report.log"; exit 1; }
done_main=$(date +%s.%N)
size=$(stat -c %s "$CARGO_TARGET_DIR/release/harness")
printf 'main command: %.0f s (release build from clean %.0f s, report %.2f s); binary %.1f MB\n' \
  "$(echo "$done_main - $start" | bc)" "$(echo "$built - $start" | bc)" \
  "$(echo "$done_main - $built" | bc)" "$(echo "$size / 1000000" | bc -l)"
timings="$(ls "$CARGO_TARGET_DIR"/cargo-timings/cargo-timing-*.html 2>/dev/null | head -n1 || true)"
if [ -n "$timings" ]; then
  mkdir -p "$ROOT/target"
  cp "$timings" "$ROOT/target/cargo-timing-first-run.html"
  echo "build timings: $ROOT/target/cargo-timing-first-run.html"
fi
[ "$WHAT" = main ] && exit 0

start=$(date +%s.%N)
status=0
SCANNER_BENCH_SKIP_KALM=1 bash scripts/test.sh >"$work/test.log" 2>&1 || status=$?
end=$(date +%s.%N)
printf 'test command: %.0f s, exit %d; %s\n' "$(echo "$end - $start" | bc)" "$status" \
  "$(grep '^workspace:' "$work/test.log" | tail -n1)"
exit "$status"

#!/usr/bin/env bash
# Times the release binary generating the whole suite, files written, and prints the median
# wall time of N runs (default 21). The target is < 100 ms on a 2-core machine.
#   scripts/bench-generate.sh [RUNS]
# Builds the release binary first unless HARNESS_BIN points at one.
set -euo pipefail
runs="${1:-21}"
root="$(cd "$(dirname "$0")/.." && pwd)"
bin="${HARNESS_BIN:-}"
if [[ -z "$bin" ]]; then
  cargo build --release -p harness --manifest-path "$root/Cargo.toml" >&2
  bin="${CARGO_TARGET_DIR:-$root/target}/release/harness"
fi
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
"$bin" generate --out "$work/manifests" >/dev/null   # warm the page cache
times=()
for _ in $(seq "$runs"); do
  start=$(date +%s%N)
  "$bin" generate --out "$work/manifests" >/dev/null
  end=$(date +%s%N)
  times+=($(( (end - start) / 1000 )))
done
sorted=($(printf '%s\n' "${times[@]}" | sort -n))
median=${sorted[$(( runs / 2 ))]}
files=$(ls "$work/manifests" | wc -l)
printf 'harness generate: %d files, median %d.%03d ms over %d runs (min %d.%03d ms, max %d.%03d ms)\n' \
  "$files" $((median / 1000)) $((median % 1000)) "$runs" \
  $((sorted[0] / 1000)) $((sorted[0] % 1000)) $((sorted[runs - 1] / 1000)) $((sorted[runs - 1] % 1000))

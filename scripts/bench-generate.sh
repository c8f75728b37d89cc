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
# Under target/, on the file system the repository's manifests/ is written to. Most of the
# time is the kernel creating and deleting ~400 files, so concurrent disk activity (other
# builds) shows in the result: the script prints the load average with it.
mkdir -p "${CARGO_TARGET_DIR:-$root/target}"
work="$(mktemp -d -p "${CARGO_TARGET_DIR:-$root/target}" bench-generate.XXXXXX)"
trap 'rm -rf "$work"' EXIT
"$bin" generate --out "$work/manifests" >/dev/null   # warm the page cache
times=()
cpus=()
for _ in $(seq "$runs"); do
  start=$(date +%s%N)
  /usr/bin/time -f '%U %S' -o "$work/cpu" "$bin" generate --out "$work/manifests" >/dev/null
  end=$(date +%s%N)
  times+=($(( (end - start) / 1000 )))
  read -r user sys < "$work/cpu"
  cpus+=($(awk -v u="$user" -v s="$sys" 'BEGIN { printf "%d", (u + s) * 1000000 }'))
done
sorted=($(printf '%s\n' "${times[@]}" | sort -n))
cpu_sorted=($(printf '%s\n' "${cpus[@]}" | sort -n))
median=${sorted[$(( runs / 2 ))]}
cpu=${cpu_sorted[$(( runs / 2 ))]}
files=$(ls "$work/manifests" | wc -l)
ms() { printf '%d.%03d' $(( $1 / 1000 )) $(( $1 % 1000 )); }
echo "harness generate: $files files, $runs runs: median wall $(ms "$median") ms" \
  "(min $(ms "${sorted[0]}"), max $(ms "${sorted[runs - 1]}")), median CPU user+sys $(ms "$cpu") ms;" \
  "load average $(cut -d' ' -f1 /proc/loadavg) on $(nproc) cores"

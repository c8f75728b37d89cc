#!/usr/bin/env bash
# Runs every fuzz target one after the other, each for SECONDS (default 60), and prints one line
# per target: executions, corpus size, crashes. Seeds come from the adapters' test fixtures (real
# outputs, every shape each adapter reads), each cut down to a few elements of every array so
# mutations stay fast. Seeds live in a temporary folder, never in the repository.
#
#   fuzz/run-all.sh            # 60 s per target
#   fuzz/run-all.sh 10 sarif   # 10 s, one target
#
# Needs: cargo install cargo-fuzz; a nightly toolchain (rustup toolchain install nightly).
set -uo pipefail

FUZZ="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(dirname "$FUZZ")"
SECONDS_PER_TARGET="${1:-60}"
shift || true
SEEDS="$(mktemp -d)"
trap 'rm -rf "$SEEDS"' EXIT
FIXTURES="$ROOT/adapters/tests/fixtures"

if [ $# -gt 0 ]; then TARGETS=("$@"); else mapfile -t TARGETS < <(cd "$FUZZ/fuzz_targets" && ls *.rs | sed 's/\.rs$//'); fi

seed() { # target -> seed folder: the target's fixture outputs (every adapter's for `detect`)
  local t="$1" dir="$SEEDS/$1"
  mkdir -p "$dir"
  local files=()
  if [ "$t" = detect ]; then
    files+=("$FIXTURES"/*/*)
  else
    files+=("$FIXTURES/${t//_/-}"/* "$FIXTURES/${t//_/-}"/*/*)
  fi
  mapfile -t files < <(for f in "${files[@]}"; do [ -f "$f" ] && [ "${f##*/}" != README.md ] && echo "$f"; done)
  python3 - "$dir" "${files[@]}" <<'PY'
import json, os, sys
out = sys.argv[1]
for i, path in enumerate(sys.argv[2:]):
    raw = open(path, "rb").read()
    name = os.path.join(out, f"seed-{i}")
    try:
        doc = json.loads(raw)
    except Exception:
        # Text or JSON lines: the first 8 KB of lines.
        open(name, "wb").write(raw[:8192].rsplit(b"\n", 1)[0] + b"\n")
        continue
    def shrink(v):
        if isinstance(v, list):
            return [shrink(x) for x in v[:3]]
        if isinstance(v, dict):
            return {k: shrink(x) for k, x in v.items()}
        return v
    open(name, "w").write(json.dumps(shrink(doc)))
PY
  echo "$dir"
}

cd "$FUZZ"
printf '%-12s %12s %8s %8s\n' target executions corpus crashes
for t in "${TARGETS[@]}"; do
  dir="$(seed "$t")"
  mkdir -p "corpus/$t"
  log="$SEEDS/$t.log"
  cargo +nightly fuzz run -O "$t" "corpus/$t" "$dir" -- \
    -max_total_time="$SECONDS_PER_TARGET" -max_len=65536 -rss_limit_mb=2048 -print_final_stats=1 \
    > "$log" 2>&1
  status=$?
  execs="$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)"
  corpus="$(ls "corpus/$t" | wc -l)"
  crashes="$(ls "artifacts/$t" 2>/dev/null | wc -l)"
  printf '%-12s %12s %8s %8s\n' "$t" "${execs:-?}" "$corpus" "$crashes"
  if [ $status -ne 0 ]; then
    echo "  $t exited $status; last lines:" >&2
    tail -20 "$log" >&2
  fi
done

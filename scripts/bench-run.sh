#!/usr/bin/env bash
# Measures the runner's cost, side by side on this machine:
#
# 1. Overhead: `harness run --tool $TOOL` against the same scanner command run directly (the argv
#    and environment recorded in the harness's sidecar, pointed at the suite), interleaved,
#    $RUNS times each; prints both medians and their ratio (goal: <= 1.05).
# 2. Concurrency: each installed scanner alone (`harness run --tool X`, once each, with its CPU
#    time), then `harness run --all --jobs 2`; prints the sum of the single times, the --all wall
#    time, their ratio (goal: <= 0.6), and the floor no schedule can beat on this machine (total
#    CPU time / cores).
#
#   scripts/bench-run.sh                  # TOOL=kube-score RUNS=15 SUITE=manifests
#   TOOL=checkov RUNS=3 scripts/bench-run.sh
#   ONLY_OVERHEAD=1 scripts/bench-run.sh   # part 1 only
#
# Outputs go to a temporary folder that is removed at the end; results/ is not touched.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
TOOL="${TOOL:-kube-score}"
RUNS="${RUNS:-15}"
SUITE="${SUITE:-manifests}"
TARGET="${CARGO_TARGET_DIR:-$ROOT/target}"
HARNESS="${HARNESS:-$TARGET/release/harness}"
if [ ! -x "$HARNESS" ]; then
  echo "building the release harness ..."
  cargo build --release -p harness >/dev/null
fi
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT

now() { date +%s.%N; }
median() { sort -g | awk '{a[NR]=$1} END {if (NR%2) print a[(NR+1)/2]; else print (a[NR/2]+a[NR/2+1])/2}'; }

# The raw command: exactly the argv and environment recorded in the harness's sidecar, run from
# a scratch folder as the harness does, stdout to a file.
"$HARNESS" run --tool "$TOOL" --suite "$SUITE" --out "$WORK/probe" >/dev/null
mkdir -p "$WORK/replay"
python3 - "$WORK/probe/$TOOL" "$WORK/raw.sh" "$WORK/replay" <<'EOF'
import glob, json, re, shlex, sys
meta = json.load(open(sorted(glob.glob(sys.argv[1] + "/*.meta.json"))[-1]))
# The harness ran the scanner in a temporary folder that is gone now: outputs the scanner wrote
# there (KICS, kubescape) go to a scratch folder instead. Some adapters hand the scanner one
# combined input file they build there (kubesec, kubeaudit); such a command cannot be replayed.
work = re.compile(r"^(.*/harness-run-[^/]+/work)(?=/|$)")
def replay(a):
    return work.sub(lambda m: sys.argv[3], a)
argv = [replay(a) for a in meta["argv"]]
env = {k: replay(v) for k, v in meta["env"].items()}
if any(a != b and a.endswith((".yaml", ".yml")) for a, b in zip(meta["argv"], argv)):
    sys.exit("the recorded command reads a file the harness builds in its temporary folder; "
             "it cannot be replayed directly (choose a scanner that reads the suite folder)")
env_s = " ".join(f"{k}={shlex.quote(v)}" for k, v in env.items())
argv_s = " ".join(shlex.quote(a) for a in argv)
open(sys.argv[2], "w").write(f"cd {shlex.quote(sys.argv[3])} && exec env {env_s} {argv_s}\n")
EOF
echo "raw command: $(cut -c1-200 "$WORK/raw.sh")..."

: >"$WORK/raw.times"
: >"$WORK/harness.times"
for i in $(seq "$RUNS"); do
  t0=$(now)
  bash "$WORK/raw.sh" >"$WORK/raw.out" 2>/dev/null || true
  t1=$(now)
  "$HARNESS" run --tool "$TOOL" --suite "$SUITE" --out "$WORK/h$i" >/dev/null 2>&1 || true
  t2=$(now)
  echo "$t1 - $t0" | bc >>"$WORK/raw.times"
  echo "$t2 - $t1" | bc >>"$WORK/harness.times"
done
raw=$(median <"$WORK/raw.times")
har=$(median <"$WORK/harness.times")
echo
echo "overhead ($TOOL, $RUNS runs each, interleaved)"
echo "  direct  median ${raw}s   runs: $(tr '\n' ' ' <"$WORK/raw.times")"
echo "  harness median ${har}s   runs: $(tr '\n' ' ' <"$WORK/harness.times")"
echo "  ratio of the medians harness/direct: $(echo "scale=3; $har / $raw" | bc)"
# Each harness run against the direct run just before it: cancels slow drifts in machine load.
pairs=$(paste "$WORK/harness.times" "$WORK/raw.times" | awk '{printf "%.4f\n", $1 / $2}' | median)
echo "  median of the paired ratios: $pairs"
# The harness's own share of each of its runs: wall time minus the scanner's duration in the
# sidecar. Independent of how fast the scanner happened to be in that run, so it is far less
# sensitive to other load on the machine than the ratio above.
own=$(for i in $(seq "$RUNS"); do
  d=$(python3 -c 'import glob,json,sys; print(json.load(open(glob.glob(sys.argv[1]+"/*/*.meta.json")[0]))["duration_secs"])' "$WORK/h$i")
  echo "$(sed -n "${i}p" "$WORK/harness.times") - $d" | bc
done | median)
echo "  harness's own time per run (wall - scanner duration), median: ${own}s = $(echo "scale=1; 100 * $own / $raw" | bc)% of the direct median"

[ "${ONLY_OVERHEAD:-}" = 1 ] && exit 0

# Concurrency: every installed scanner the runner can drive.
mapfile -t TOOLS < <("$HARNESS" scanners --format json | python3 -c '
import json, sys
for r in json.load(sys.stdin):
    if r["installed"] and not r["unrunnable"]:
        print(r["name"])')
sum=0
cpu=0
echo
echo "single tools (one run each, --jobs 1; CPU = user + sys of the harness and the scanner)"
for t in "${TOOLS[@]}"; do
  /usr/bin/time -o "$WORK/time" -f "%e %U %S" \
    "$HARNESS" run --tool "$t" --suite "$SUITE" --out "$WORK/single" --jobs 1 >/dev/null 2>&1 || true
  read -r d u s <"$WORK/time"
  c=$(echo "$u + $s" | bc)
  printf '  %-12s wall %6.1fs  cpu %6.1fs  (%.2f cores)\n' "$t" "$d" "$c" "$(echo "scale=2; $c / $d" | bc)"
  sum=$(echo "$sum + $d" | bc)
  cpu=$(echo "$cpu + $c" | bc)
done
/usr/bin/time -o "$WORK/time" -f "%e %U %S" \
  "$HARNESS" run --all --suite "$SUITE" --out "$WORK/single" --jobs 2 >"$WORK/all.log" 2>&1 || true
read -r all u s <"$WORK/time"
allcpu=$(echo "$u + $s" | bc)
printf '  %-12s %7.1fs  cpu %6.1fs\n' "sum" "$sum" "$cpu"
echo "--all --jobs 2 wall: ${all}s  cpu ${allcpu}s (each scanner capped to its share of the cores)"
sed -n '/^tool /,$p' "$WORK/all.log" | awk '{print "  " $0}'
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg) on $(nproc) cores (others' work slows every figure)"
echo "ratio all/sum: $(echo "scale=3; $all / $sum" | bc)"
# No schedule can beat total CPU time / cores when the scanners keep the cores busy: the floor
# with the scanners as they run alone (each sizing itself to the whole machine), and with the
# CPU the --all run really spent.
floor=$(echo "scale=3; $cpu / $(nproc)" | bc)
echo "CPU floor, single-run CPU: ${cpu}s / $(nproc) cores = ${floor}s = $(echo "scale=3; $floor / $sum" | bc) of the sum"
floor=$(echo "scale=3; $allcpu / $(nproc)" | bc)
echo "CPU floor, --all CPU: ${allcpu}s / $(nproc) cores = ${floor}s = $(echo "scale=3; $floor / $sum" | bc) of the sum"

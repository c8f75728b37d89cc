#!/usr/bin/env bash
# Times `harness evaluate` + `harness report` (release binary) on
#   1. KALM's 2024 suite with its recorded scanner results (the real case), and
#   2. a synthetic suite of about 25,000 checks with 12 tool results: KALM's suite and results
#      copied 110 times with renamed check ids (same density of findings per check), generated
#      in a temporary folder that is removed afterwards.
# Prints the median wall time of RUNS runs of each step and the peak RSS (GNU time).
#
# Usage: scripts/bench-report.sh [RUNS]      (env KALM=path/to/kalm-2024, COPIES=110,
#        SYNTH=dir to keep the synthetic data there and reuse it on the next run)
set -euo pipefail

RUNS="${1:-5}"
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
KALM="${KALM:-$ROOT/../shared/kalm-2024}"
COPIES="${COPIES:-110}"
BIN="${BIN:-${CARGO_TARGET_DIR:-$ROOT/target}/release/harness}"

if [[ ! -d "$KALM/manifests" ]]; then
    echo "KALM 2024 data not found at $KALM (set KALM=...)" >&2
    exit 2
fi
if [[ ! -x /usr/bin/time ]]; then
    echo "GNU time is required for peak memory: apt-get install -y time" >&2
    exit 2
fi
(cd "$ROOT" && cargo build --release -p harness --quiet)

WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT

# Runs "$@" RUNS times; prints "median_seconds max_rss_mb".
measure() {
    local times=() rss=0 t r
    for _ in $(seq "$RUNS"); do
        /usr/bin/time -f "%e %M" -o "$WORK/time.txt" "$@" >/dev/null 2>"$WORK/stderr.txt" || {
            cat "$WORK/stderr.txt" >&2
            return 1
        }
        read -r t r <"$WORK/time.txt"
        times+=("$t")
        ((r > rss)) && rss=$r
    done
    local median
    median=$(printf '%s\n' "${times[@]}" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}')
    echo "$median $((rss / 1024))"
}

report_line() {
    local name="$1" suite="$2" results="$3" e r
    e=$(measure "$BIN" evaluate --suite "$suite" --results "$results" --out "$WORK/out-eval")
    r=$(measure "$BIN" report --suite "$suite" --results "$results" --out "$WORK/out-report")
    printf '%-28s evaluate: median %6ss, peak RSS %5s MB | report (incl. evaluate): median %6ss, peak RSS %5s MB\n' \
        "$name" ${e% *} ${e#* } ${r% *} ${r#* }
}

echo "harness: $BIN; $RUNS runs each"
report_line "KALM 2024 (12 results)" "$KALM/manifests" "$KALM/results"

SYNTH="${SYNTH:-$WORK/synthetic}"
if [[ -d "$SYNTH/manifests" ]]; then
    echo "reusing the synthetic suite in $SYNTH"
else
echo "generating the synthetic suite ($COPIES copies of KALM's) in $SYNTH ..."
python3 - "$KALM" "$SYNTH" "$COPIES" <<'PY'
import json, os, re, sys
kalm, out, copies = sys.argv[1], sys.argv[2], int(sys.argv[3])
suite_out, res_out = os.path.join(out, "manifests"), os.path.join(out, "results")
os.makedirs(suite_out); os.makedirs(res_out)
# Check ids are AREA-NNN[-V]; copy k renames the area to AREAz<k> (a valid id area), in names,
# labels and scanner outputs alike, so every copy is a distinct check with the same content.
ID = re.compile(r"(?i)\b(pod|rbac|np|ns|cm|psa|ps|rel|res|sc|wl)-(\d{3})")
def rename(text, k):
    return ID.sub(lambda m: f"{m.group(1)}z{k}-{m.group(2)}", text)
for f in sorted(os.listdir(os.path.join(kalm, "manifests"))):
    text = open(os.path.join(kalm, "manifests", f)).read()
    if f.startswith("_"):
        open(os.path.join(suite_out, f), "w").write(text)
        continue
    for k in range(copies):
        open(os.path.join(suite_out, rename(f, k)), "w").write(rename(text, k))
def mentions(node):
    return ID.search(json.dumps(node)) is not None
def multiply(node):
    # The outermost lists whose entries name suite objects are repeated once per copy.
    if isinstance(node, list):
        if any(mentions(e) for e in node):
            out = []
            for k in range(copies):
                out.extend(json.loads(rename(json.dumps(e), k)) for e in node)
            return out
        return node
    if isinstance(node, dict):
        return {key: multiply(v) for key, v in node.items()}
    return node
files = [f for f in sorted(os.listdir(os.path.join(kalm, "results"))) if f.endswith(".json") and not f.startswith("kube-bench")]
made = []
for f in files:
    data = multiply(json.load(open(os.path.join(kalm, "results", f))))
    text = json.dumps(data, separators=(",", ":"))
    open(os.path.join(res_out, f), "w").write(text)
    made.append((f, text))
# Fill up to 12 tool identities with a second version of the first tools (version renamed in
# the file name and in the output), which also exercises the version comparison.
i = 0
while len(made) < 12 and i < len(files):
    f, text = made[i]
    m = re.match(r"(.+)_v([0-9.]+)_(.+)", f)
    if m:
        old = m.group(2)
        new = old + ".1"
        open(os.path.join(res_out, f"{m.group(1)}_v{new}_{m.group(3)}"), "w").write(text.replace(f'"{old}"', f'"{new}"'))
        made.append((f, text))
    i += 1
checks = len(os.listdir(suite_out))
size = sum(os.path.getsize(os.path.join(res_out, f)) for f in os.listdir(res_out))
print(f"synthetic: {checks} suite files, {len(os.listdir(res_out))} result files, {size // (1 << 20)} MB of results")
PY
fi
report_line "synthetic (~25,000 checks)" "$SYNTH/manifests" "$SYNTH/results"
grep -c . "$WORK/out-report/checks.csv" | awk '{print "synthetic checks scored: " $1 - 1}'

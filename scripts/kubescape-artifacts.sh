#!/usr/bin/env bash
# Builds kubescape's offline control library (the folder `kubescape scan --use-artifacts-from DIR`
# reads) from the source of github.com/kubescape/regolibrary/v2, which the Go module proxy serves:
#
#   scripts/kubescape-artifacts.sh <regolibrary module dir> <output dir>
#
# Runs regolibrary's own release script (scripts/export.py) on a copy of the module, then keeps
# only what kubescape looks for in that folder (core/cautils/scaninfo.go): one file per framework
# named after it in lower case, with its controls and rules embedded (every file there that parses
# as a framework is taken for one, so nothing else may be there), controls-inputs.json,
# exceptions.json and attack-tracks.json. Needs python3 >= 3.10 (export.py uses `match`), no
# packages and no network.
#
# Two controls, C-0236 "Verify image signature" and C-0237 "Check if signature exists", query
# every image's registry (cosign builtins): offline they fail every workload, and on a network
# that drops packets they stall the scan for minutes. They are left out unless
# KEEP_NETWORK_CONTROLS=1.
set -euo pipefail

MOD="$(cd "${1:?usage: $0 <regolibrary module dir> <output dir>}" && pwd)"
OUT="${2:?usage: $0 <regolibrary module dir> <output dir>}"
RELEASE_TAG="$(basename "$MOD" | sed -n 's/.*@\(v.*\)$/\1/p')"

WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT
# The module cache is read-only: copy what export.py reads.
for d in rules controls frameworks attack-tracks exceptions categories scripts; do
  cp -R "$MOD/$d" "$WORK/"
done
cp "$MOD/default-config-inputs.json" "$WORK/"
chmod -R u+w "$WORK"
(cd "$WORK" && RELEASE="${RELEASE_TAG:-v2}" OUTPUT=release python3 scripts/export.py >export.log 2>&1) ||
  { cat "$WORK/export.log" >&2; exit 1; }

mkdir -p "$OUT"
KEEP_NETWORK_CONTROLS="${KEEP_NETWORK_CONTROLS:-0}" python3 - "$WORK/release" "$OUT" <<'EOF'
import json, os, re, sys

release, out = sys.argv[1], sys.argv[2]
keep_network = os.environ.get("KEEP_NETWORK_CONTROLS") == "1"
NETWORK = re.compile(r"\bcosign\.(has_signature|verify)\b|\bhttp\.send\b|\bnet\.lookup_ip_addr\b")
NOT_FRAMEWORKS = {"frameworks.json", "security_frameworks.json", "controls.json", "rules.json",
                  "default_config_inputs.json", "attack_tracks.json", "exceptions.json"}

def write(name, data):
    with open(os.path.join(out, name), "w") as f:
        json.dump(data, f, indent=1)

def load(name):
    with open(os.path.join(release, name)) as f:
        return json.load(f)

frameworks = 0
for name in sorted(os.listdir(release)):
    if not name.endswith(".json") or name in NOT_FRAMEWORKS:
        continue
    fw = load(name)
    if not (isinstance(fw, dict) and fw.get("name") and fw.get("controls")):
        sys.exit(f"{name}: not a framework with controls")
    for c in fw["controls"]:
        if not c.get("rules") or not all(r.get("rule") for r in c["rules"]):
            sys.exit(f"{name}: control {c.get('controlID')} has no rule text")
    if not keep_network:
        drop = {c["controlID"] for c in fw["controls"]
                if any(NETWORK.search(r.get("rule", "") + r.get("resourceEnumerator", ""))
                       for r in c["rules"])}
        if drop:
            fw["controls"] = [c for c in fw["controls"] if c["controlID"] not in drop]
            fw["ControlsIDs"] = [i for i in fw.get("ControlsIDs", []) if i not in drop]
            print(f"{name}: left out network-dependent controls {', '.join(sorted(drop))}")
    write(name, fw)
    frameworks += 1
    print(f"framework {fw['name']} -> {name} ({len(fw['controls'])} controls)")
inputs = load("default_config_inputs.json")["settings"]["postureControlInputs"]
write("controls-inputs.json", inputs)
exceptions = load("exceptions.json")
write("exceptions.json", exceptions)
tracks = load("attack_tracks.json")
write("attack-tracks.json", tracks)
print(f"{frameworks} frameworks, {len(inputs)} control inputs, {len(exceptions)} exceptions, "
      f"{len(tracks)} attack tracks in {out}")
EOF

#!/usr/bin/env bash
# Re-takes docs/report-screenshot.png, the README's picture of the report: the report of the
# committed results, rendered by headless chromium at 1400 x 1800, the size the browser test
# checks. Run it whenever the committed results or the report's first screen change.
#
# Usage: scripts/screenshot-report.sh      (env BIN=path/to/harness to skip the build)
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
cd "$ROOT"
BIN="${BIN:-}"
if [ -z "$BIN" ]; then
  cargo build --release -p harness --quiet
  BIN="${CARGO_TARGET_DIR:-$ROOT/target}/release/harness"
fi
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
"$BIN" report --out "$work/report" >/dev/null
chromium --headless --no-sandbox --disable-gpu --no-first-run --disable-background-networking \
  --disable-component-update --disable-sync --user-data-dir="$work/profile" \
  --hide-scrollbars --window-size=1400,1800 --screenshot="$work/shot.png" \
  "file://$work/report/report.html" 2>/dev/null
mv "$work/shot.png" docs/report-screenshot.png
echo "wrote docs/report-screenshot.png ($(stat -c %s docs/report-screenshot.png) bytes)"

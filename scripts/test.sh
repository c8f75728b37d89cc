#!/usr/bin/env bash
# The project's test command: installs what the tests need, then runs formatting, lint and
# every test of the workspace. Scanners and tools installed under .tools/bin are put first on PATH.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup-test-deps.sh
export PATH="$PWD/.tools/bin:$PATH"
cargo fmt --all --check
cargo clippy --workspace --all-targets -- -D warnings
log="$(mktemp)"
trap 'rm -f "$log"' EXIT
cargo test --workspace 2>&1 | tee "$log"
# One closing line over all test binaries (cargo prints one per binary, the last being doc tests).
awk '/^test result:/ { for (i = 1; i <= NF; i++) { if ($i ~ /^passed/) p += $(i-1); if ($i ~ /^failed/) f += $(i-1); if ($i ~ /^ignored/) s += $(i-1) } }
     END { printf "workspace: %d passed, %d failed, %d skipped\n", p, f, s }' "$log"

#!/usr/bin/env bash
# The project's test command: installs what the tests need, then runs formatting, lint and
# every test of the workspace. Scanners and tools installed under .tools/bin are put first on PATH.
#
# A test that needs something absent fails and names the install step. Each kind can be opted
# out explicitly; an opted-out test is compiled as ignored and counted as skipped, never passed:
#   SCANNER_BENCH_SKIP_LIVE=1      live scanner runs (no scanner is installed either)
#   SCANNER_BENCH_SKIP_BROWSER=1   the report in headless chromium
#   SCANNER_BENCH_SKIP_VALIDATE=1  kubernetes-validate on the suite
#   SCANNER_BENCH_SKIP_KALM=1      the KALM cross-checks (need KALM's 2024 data beside the checkout)
#   SCANNER_BENCH_SKIP_CLUSTER=1   the local control plane (etcd, kube-apiserver, kubectl)
# The closing line counts passed, failed and skipped tests over every test binary, and names
# why each skipped test did not run.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup-test-deps.sh
export PATH="$PWD/.tools/bin:$PATH"
cargo fmt --all --check
cargo clippy --workspace --all-targets -- -D warnings
log="$(mktemp)"
trap 'rm -f "$log"' EXIT
status=0
cargo test --workspace 2>&1 | tee "$log" || status=$?
# One closing line over all test binaries (cargo prints one per binary, the last being doc tests),
# then the reasons of the skipped ones (libtest prints `test NAME ... ignored, REASON`).
awk '/^test result:/ { for (i = 1; i <= NF; i++) { if ($i ~ /^passed/) p += $(i-1); if ($i ~ /^failed/) f += $(i-1); if ($i ~ /^ignored/) s += $(i-1) } }
     / \.\.\. ignored/ { r = $0; sub(/.* \.\.\. ignored,? ?/, "", r); if (r == "") r = "marked #[ignore]"; why[r]++ }
     END { printf "workspace: %d passed, %d failed, %d skipped", p, f, s
           sep = " ("; for (r in why) { printf "%s%d %s", sep, why[r], r; sep = ", " } if (sep == ", ") printf ")"
           printf "\n" }' "$log"
exit "$status"

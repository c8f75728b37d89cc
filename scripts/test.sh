#!/usr/bin/env bash
# The project's test command: installs what the tests need, then runs formatting, lint and
# every test of the workspace. Scanners and tools installed under .tools/bin are put first on PATH.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup-test-deps.sh
export PATH="$PWD/.tools/bin:$PATH"
cargo fmt --all --check
cargo clippy --workspace --all-targets -- -D warnings
cargo test --workspace

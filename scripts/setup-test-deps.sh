#!/usr/bin/env bash
# Installs everything the test suite needs on a fresh machine, idempotently:
# Debian's chromium (the HTML report is checked in a real browser), hyperfine (benchmarks),
# kubernetes-validate from PyPI (strict schema validation of the suite), and the scanners
# (checkov and trivy are required by the live integration test; the others are best effort).
set -euo pipefail
cd "$(dirname "$0")/.."

need_apt=()
command -v chromium >/dev/null 2>&1 || need_apt+=(chromium)
command -v hyperfine >/dev/null 2>&1 || need_apt+=(hyperfine)
if [ ${#need_apt[@]} -gt 0 ]; then
  echo "setup: apt-get install ${need_apt[*]}"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need_apt[@]}" >/dev/null
fi

# kubernetes-validate lives in its own venv so the system Python stays untouched.
KV_VERSION=1.37.0
venv=.tools/validate-venv
if ! "$venv/bin/kubernetes-validate" --version 2>/dev/null | grep -q "$KV_VERSION"; then
  echo "setup: kubernetes-validate $KV_VERSION"
  python3 -m venv "$venv"
  "$venv/bin/pip" install -q "kubernetes-validate==$KV_VERSION"
fi
mkdir -p .tools/bin
ln -sf "../validate-venv/bin/kubernetes-validate" .tools/bin/kubernetes-validate

# Only the scanners the live tests need: a cold install of all of them takes ~31 minutes.
bash scripts/install-scanners.sh checkov trivy

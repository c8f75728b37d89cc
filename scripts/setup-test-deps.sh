#!/usr/bin/env bash
# Installs everything the test suite needs on a fresh machine, idempotently:
# Debian's chromium (the HTML report is checked in a real browser), hyperfine (benchmarks),
# openssl (certificates of the local control plane), etcd + kube-apiserver + kubectl (built
# from the Go module proxy: the admission and control-plane tests),
# kubernetes-validate from PyPI (strict schema validation of the suite), and the scanners the live
# tests run. An install that fails makes this script fail: the tests would fail anyway.
set -euo pipefail
cd "$(dirname "$0")/.."

need_apt=()
command -v chromium >/dev/null 2>&1 || need_apt+=(chromium)
command -v hyperfine >/dev/null 2>&1 || need_apt+=(hyperfine)
command -v openssl >/dev/null 2>&1 || need_apt+=(openssl) # the control plane's certificates
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

# The scanners the live tests run (every scanner that installs here). With
# SCANNER_BENCH_SKIP_LIVE=1 the live tests are reported as skipped and nothing is installed.
if [ "${SCANNER_BENCH_SKIP_LIVE:-}" = 1 ]; then
  echo "setup: SCANNER_BENCH_SKIP_LIVE=1, no scanner installed"
else
  bash scripts/install-scanners.sh --required checkov trivy kics kube-score kubesec kubeaudit terrascan kubescape kyverno
fi

# The local control plane (etcd, kube-apiserver, kubectl) the admission tests start. With
# SCANNER_BENCH_SKIP_CLUSTER=1 those tests are reported as skipped and nothing is built.
if [ "${SCANNER_BENCH_SKIP_CLUSTER:-}" = 1 ]; then
  echo "setup: SCANNER_BENCH_SKIP_CLUSTER=1, no control plane built"
else
  bash scripts/install-scanners.sh control-plane
fi

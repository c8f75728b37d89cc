#!/usr/bin/env bash
# Installs the scanners the harness drives, at pinned versions, into .tools/ of this checkout.
#
#   scripts/install-scanners.sh            # every scanner
#   scripts/install-scanners.sh trivy checkov
#   scripts/install-scanners.sh --required trivy checkov   # every named tool must install
#   scripts/install-scanners.sh control-plane   # etcd, kube-apiserver, kubectl (install-control-plane.sh)
#
# Idempotent: a tool whose pinned version is already installed is skipped (a stamp file
# .tools/bin/.<tool>.version records what was built). Go's build and module caches stay in their
# default places ($(go env GOCACHE), $(go env GOMODCACHE)), so a fresh clone on the same machine
# relinks in seconds instead of recompiling.
#
# A scanner that cannot be installed here is reported with the exact error and skipped; the
# script fails only when a must-have (checkov, trivy: the CI integration test needs them) failed.
set -uo pipefail

if [ "${1:-}" = control-plane ]; then
  exec bash "$(dirname "${BASH_SOURCE[0]}")/install-control-plane.sh"
fi

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# .tools may be a link to a cache shared between checkouts (CI links it): resolve it, so the
# venv and wrappers written into it name the folder that really holds them.
mkdir -p "$ROOT/.tools"
TOOLS="$(cd "$ROOT/.tools" && pwd -P)"
BIN="$TOOLS/bin"
LOGS="$TOOLS/logs"
mkdir -p "$BIN" "$LOGS"

MUST_HAVE=(checkov trivy)

# name | go package to install | pinned version | ldflags (version injected at link time) | build env
# Versions are the newest the Go module proxy serves here for each module. terrascan links two
# copies of the same protobuf file and panics at start unless the conflict policy is "warn".
# kyverno's go.mod replaces k8s.io/pod-security-admission with Kyverno's fork, so `go install`
# refuses it and it is built inside the downloaded module (the version string is the one its
# release builds inject, without the leading v).
GO_TOOLS=(
  "trivy|github.com/aquasecurity/trivy/cmd/trivy|v0.74.0|-X github.com/aquasecurity/trivy/pkg/version/app.ver=0.74.0|GOEXPERIMENT=jsonv2"
  "kube-score|github.com/zegl/kube-score/cmd/kube-score|v1.20.0|-X main.version=1.20.0"
  "kubesec|github.com/controlplaneio/kubesec/v2|v2.14.2|-X github.com/controlplaneio/kubesec/v2/cmd.version=2.14.2"
  "kubeaudit|github.com/Shopify/kubeaudit/cmd|v0.22.2|"
  "kics|github.com/Checkmarx/kics/v2/cmd/console|v2.2.0|-X github.com/Checkmarx/kics/v2/internal/constants.Version=2.2.0"
  "terrascan|github.com/tenable/terrascan/cmd/terrascan|v1.19.9|-X google.golang.org/protobuf/reflect/protoregistry.conflictPolicy=warn"
  "polaris|github.com/fairwindsops/polaris|v9.6.1|"
  "kube-linter|golang.stackrox.io/kube-linter/cmd/kube-linter|v0.7.6|"
  "kubescape|github.com/kubescape/kubescape/v3|v3.0.48|-X github.com/kubescape/backend/pkg/versioncheck.BuildNumber=v3.0.48"
  "kyverno|github.com/kyverno/kyverno/cmd/cli/kubectl-kyverno|v1.19.1|-X github.com/kyverno/kyverno/pkg/version.BuildVersion=1.19.1"
)
CHECKOV_VERSION="3.3.30"
KUBERNETES_VALIDATE_VERSION="1.37.0"
KUBESEC_SCHEMA_K8S="1.34.0" # the Kubernetes API version the suite is written against (k8s-openapi v1_34)
# kubescape's control library: the newest regolibrary the Go module proxy serves here.
REGOLIBRARY_VERSION="v2.0.1"

ALL_TOOLS=(checkov)
for row in "${GO_TOOLS[@]}"; do ALL_TOOLS+=("${row%%|*}"); done

if [ "${1:-}" = --required ]; then
  shift
  MUST_HAVE=("$@")
fi
if [ $# -gt 0 ]; then WANT=("$@"); else WANT=("${ALL_TOOLS[@]}"); fi

declare -A OUTCOME

stamp_ok() { # tool version -> 0 when that version is installed
  [ -x "$BIN/$1" ] && [ "$(cat "$BIN/.$1.version" 2>/dev/null)" = "$2" ]
}

# The last lines of a failed step's log: the error as the tool printed it.
fail() { # tool log
  local err
  err="$(grep -v '^go: downloading' "$2" | tail -n 5 | tr '\n' ' ' | sed 's/  */ /g')"
  echo "!! $1 failed: $err" >&2
  OUTCOME[$1]="failed: $err"
}

install_checkov() {
  local log="$LOGS/checkov.log" venv="$TOOLS/checkov-venv"
  if stamp_ok checkov "$CHECKOV_VERSION"; then
    OUTCOME[checkov]="$CHECKOV_VERSION (cached)"; return 0
  fi
  echo "== checkov $CHECKOV_VERSION (PyPI, venv $venv)"
  local start
  start=$(date +%s)
  {
    python3 -m venv "$venv" &&
      "$venv/bin/pip" install --quiet --disable-pip-version-check "checkov==$CHECKOV_VERSION"
  } >"$log" 2>&1 || { fail checkov "$log"; return 1; }
  # A wrapper rather than a symlink: the venv's entry point must run with the venv's Python.
  cat >"$BIN/checkov" <<EOF
#!/bin/sh
exec "$venv/bin/checkov" "\$@"
EOF
  chmod +x "$BIN/checkov"
  echo "$CHECKOV_VERSION" >"$BIN/.checkov.version"
  OUTCOME[checkov]="$CHECKOV_VERSION ($(($(date +%s) - start)) s)"
}

# KICS reads its queries and libraries from an assets folder that `go install` does not install:
# copy it out of the module cache.
post_kics() {
  local ver="$1" src
  src="$(go env GOMODCACHE)/github.com/!checkmarx/kics/v2@$ver/assets"
  [ -d "$src" ] || { echo "KICS assets not found in the module cache: $src"; return 1; }
  rm -rf "$TOOLS/kics-assets"
  cp -R "$src" "$TOOLS/kics-assets" && chmod -R u+w "$TOOLS/kics-assets"
  mv -f "$BIN/console" "$BIN/kics"
}

# terrascan downloads its policies on first run; the module ships them, so copy them out and
# point terrascan at them (`-p .tools/terrascan-policies`).
post_terrascan() {
  local ver="$1" src
  src="$(go env GOMODCACHE)/github.com/tenable/terrascan@$ver/pkg/policies/opa/rego"
  [ -d "$src" ] || { echo "terrascan policies not found in the module cache: $src"; return 1; }
  rm -rf "$TOOLS/terrascan-policies"
  cp -R "$src" "$TOOLS/terrascan-policies" && chmod -R u+w "$TOOLS/terrascan-policies"
}

build_in_module() { # name pkg version ldflags buildenv
  local mod dir sub
  mod="${2%/cmd/*}"; mod="${mod%/cmd}"
  dir="$(go mod download -json "$mod@$3" | sed -n 's/^[[:space:]]*"Dir": "\(.*\)",$/\1/p')"
  [ -d "$dir" ] || { echo "module $mod@$3 not in the module cache"; return 1; }
  sub=".${2#"$mod"}"
  (cd "$dir" && env GOFLAGS="-mod=readonly -trimpath" CGO_ENABLED=0 $5 \
    go build -ldflags "-s -w $4" -o "$BIN/$1" "$sub")
}

# kubesec validates each object against its Kubernetes schema first and, offline, scores nothing
# without local schemas: build standalone ones from the PyPI package kubernetes-validate.
post_kubesec() {
  local cache="$TOOLS/cache"
  mkdir -p "$cache"
  python3 -m pip download --quiet --disable-pip-version-check --no-deps \
    -d "$cache" "kubernetes-validate==$KUBERNETES_VALIDATE_VERSION" &&
    rm -rf "$TOOLS/kubesec-schemas" &&
    python3 "$ROOT/scripts/kubesec-schemas.py" \
      "$cache/kubernetes_validate-$KUBERNETES_VALIDATE_VERSION-py3-none-any.whl" \
      "$KUBESEC_SCHEMA_K8S" "$TOOLS/kubesec-schemas"
}

# kubescape downloads its control library (frameworks, controls, rules) from GitHub on every
# scan. The library's source is a Go module the proxy serves: assemble the artifacts folder
# kubescape reads with --use-artifacts-from from it, with regolibrary's own export script.
post_kubescape() {
  local dir
  dir="$(go mod download -json "github.com/kubescape/regolibrary/v2@$REGOLIBRARY_VERSION" |
    sed -n 's/^[[:space:]]*"Dir": "\(.*\)",$/\1/p')"
  [ -d "$dir" ] || { echo "regolibrary $REGOLIBRARY_VERSION not in the module cache"; return 1; }
  rm -rf "$TOOLS/kubescape-artifacts"
  "$ROOT/scripts/kubescape-artifacts.sh" "$dir" "$TOOLS/kubescape-artifacts"
}

install_go() { # row
  local name pkg ver ldflags buildenv log start
  IFS='|' read -r name pkg ver ldflags buildenv <<<"$1"
  log="$LOGS/$name.log"
  if stamp_ok "$name" "$ver"; then
    OUTCOME[$name]="${ver#v} (cached)"; return 0
  fi
  command -v go >/dev/null || { echo "go: command not found" >"$log"; fail "$name" "$log"; return 1; }
  echo "== $name $ver (go install $pkg@$ver)"
  start=$(date +%s)
  # -trimpath: reproducible binaries that do not embed this machine's paths.
  # Build env per tool: trivy imports encoding/json/v2, which Go 1.25/1.26 ship behind
  # GOEXPERIMENT=jsonv2 (trivy's own release builds set it too).
  if ! env GOBIN="$BIN" GOFLAGS="${GOFLAGS:-} -trimpath" CGO_ENABLED=0 $buildenv \
    go install -ldflags "-s -w $ldflags" "$pkg@$ver" >"$log" 2>&1; then
    # `go install pkg@version` refuses modules whose go.mod has replace directives (terrascan),
    # and fails when the proxy serves the version but not the module's version list, which it
    # reads for deprecation notices (kubesec, kubeaudit). Building inside the downloaded module
    # avoids both and honours the replace directives.
    if grep -qE 'replace directives|loading deprecation' "$log"; then
      echo "-- go install refused; building in the downloaded module instead" | tee -a "$log"
      build_in_module "$name" "$pkg" "$ver" "$ldflags" "$buildenv" >>"$log" 2>&1 || { fail "$name" "$log"; return 1; }
    else
      fail "$name" "$log"; return 1
    fi
  fi
  case "$name" in
    kics) post_kics "$ver" >>"$log" 2>&1 || { fail "$name" "$log"; return 1; } ;;
    kubeaudit) [ ! -e "$BIN/cmd" ] || mv -f "$BIN/cmd" "$BIN/kubeaudit" ;;
    kyverno) [ ! -e "$BIN/kubectl-kyverno" ] || mv -f "$BIN/kubectl-kyverno" "$BIN/kyverno" ;;
    kubesec) post_kubesec >>"$log" 2>&1 || { fail "$name" "$log"; return 1; } ;;
    terrascan) post_terrascan "$ver" >>"$log" 2>&1 || { fail "$name" "$log"; return 1; } ;;
    kubescape) post_kubescape >>"$log" 2>&1 || { fail "$name" "$log"; return 1; } ;;
  esac
  echo "${ver}" >"$BIN/.$name.version"
  OUTCOME[$name]="${ver#v} ($(($(date +%s) - start)) s)"
}

# The whole run is one function, parsed before it starts: editing this file while an install
# runs cannot change what the running script does.
main() {
  for tool in "${WANT[@]}"; do
    if [ "$tool" = checkov ]; then install_checkov; continue; fi
    found=""
    for row in "${GO_TOOLS[@]}"; do
      if [ "${row%%|*}" = "$tool" ]; then found="$row"; fi
    done
    if [ -z "$found" ]; then
      echo "!! unknown tool '$tool' (known: ${ALL_TOOLS[*]})" >&2
      OUTCOME[$tool]="failed: unknown tool"
      continue
    fi
    install_go "$found"
  done

  echo
  echo "tool          outcome"
  status=0
  for tool in "${WANT[@]}"; do
    printf '%-13s %s\n' "$tool" "${OUTCOME[$tool]:-not attempted}"
    for m in "${MUST_HAVE[@]}"; do
      if [ "$m" = "$tool" ] && [[ "${OUTCOME[$tool]:-failed}" == failed* ]]; then status=1; fi
    done
  done
  echo "binaries in $BIN (the harness looks there before PATH)"
  return $status
}

main "$@"; exit $?

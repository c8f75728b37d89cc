#!/usr/bin/env bash
# Builds the local control plane the harness starts for admission, Pod Security admission and
# cluster-mode scans: pinned etcd and kube-apiserver, from the Go module proxy, into .tools/bin.
# Called by `scripts/install-scanners.sh control-plane`; runs alone too.
#
# Idempotent like the scanners: a stamp file .tools/bin/.<binary>.version records what was built,
# and Go's build and module caches stay in their default places, so a second checkout on the
# same machine relinks in seconds.
#
# kube-apiserver: the k8s.io/kubernetes module zip has no staging/ folder (those packages are
# published as separate modules, k8s.io/<name> v0.<minor>.<patch>), and its go.mod points them at
# ./staging with replace directives. The build runs in a writable copy of the module with those
# replace directives dropped and each staging module required at its published version.
# etcd: the server module has no main package of its own; a two-line main calls etcdmain.Main,
# which is what etcd's own root module does.
set -euo pipefail

KUBERNETES_VERSION="1.37.2"
ETCD_VERSION="3.7.3"

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
mkdir -p "$ROOT/.tools"
TOOLS="$(cd "$ROOT/.tools" && pwd -P)"
BIN="$TOOLS/bin"
LOGS="$TOOLS/logs"
WORK="$TOOLS/build"
mkdir -p "$BIN" "$LOGS" "$WORK"
# A module copy whose go.mod changed must be allowed to update go.sum; the kubernetes module
# ships a go.work that names its staging folders, which the copy does not have.
export GOFLAGS=-mod=mod GOWORK=off

stamp_ok() { # binary version -> 0 when that version is installed
  [ -x "$BIN/$1" ] && [ "$(cat "$BIN/.$1.version" 2>/dev/null)" = "$2" ]
}

build_etcd() {
  local log="$LOGS/etcd.log" dir="$WORK/etcd-$ETCD_VERSION"
  if stamp_ok etcd "$ETCD_VERSION"; then
    echo "etcd $ETCD_VERSION (cached)"
    return 0
  fi
  echo "== etcd $ETCD_VERSION (go.etcd.io/etcd/server/v3@v$ETCD_VERSION)"
  rm -rf "$dir" && mkdir -p "$dir"
  cat >"$dir/main.go" <<'EOF'
// The etcd binary: etcd's own root module does exactly this.
package main

import (
	"os"

	"go.etcd.io/etcd/server/v3/etcdmain"
)

func main() { etcdmain.Main(os.Args) }
EOF
  local start
  start=$(date +%s)
  if ! (cd "$dir" &&
    go mod init scanner-bench/etcd &&
    go get "go.etcd.io/etcd/server/v3@v$ETCD_VERSION" &&
    go mod tidy &&
    go build -trimpath -ldflags "-s -w" -o "$BIN/etcd.tmp" .) >"$log" 2>&1; then
    echo "!! etcd build failed: $(tail -n 5 "$log" | tr '\n' ' ')" >&2
    return 1
  fi
  mv "$BIN/etcd.tmp" "$BIN/etcd"
  echo "$ETCD_VERSION" >"$BIN/.etcd.version"
  echo "etcd $ETCD_VERSION built in $(($(date +%s) - start)) s"
}

# kube-apiserver and kubectl (the harness talks to the API server through kubectl: server-side
# dry-run, apply, readiness), both from one copy of the kubernetes module.
build_kubernetes() {
  local log="$LOGS/kube-apiserver.log" dir="$WORK/kubernetes-$KUBERNETES_VERSION"
  if stamp_ok kube-apiserver "$KUBERNETES_VERSION" && stamp_ok kubectl "$KUBERNETES_VERSION"; then
    echo "kube-apiserver and kubectl $KUBERNETES_VERSION (cached)"
    return 0
  fi
  echo "== kube-apiserver and kubectl $KUBERNETES_VERSION (k8s.io/kubernetes@v$KUBERNETES_VERSION)"
  local start src staging_version
  start=$(date +%s)
  staging_version="v0.${KUBERNETES_VERSION#1.}"
  {
    src="$(go mod download -json "k8s.io/kubernetes@v$KUBERNETES_VERSION" |
      python3 -c 'import json,sys; print(json.load(sys.stdin)["Dir"])')"
    rm -rf "$dir" && cp -r "$src" "$dir" && chmod -R u+w "$dir"
    # Drop every `k8s.io/x => ./staging/...` replacement and require k8s.io/x at its release.
    python3 - "$dir/go.mod" "$staging_version" <<'EOF'
import re, sys
path, version = sys.argv[1], sys.argv[2]
text = open(path).read()
staged = re.findall(r"^\s*(k8s\.io/[\w.-]+) => \./staging/\S+\s*$", text, re.M)
text = re.sub(r"^\s*k8s\.io/[\w.-]+ => \./staging/\S+\s*\n", "", text, flags=re.M)
text = re.sub(r"replace \(\s*\)\n?", "", text)
for module in staged:
    text = re.sub(rf"^(\s*{re.escape(module)}) v0\.0\.0\b", rf"\1 {version}", text, flags=re.M)
open(path, "w").write(text)
print(f"{len(staged)} staging modules required at {version}")
EOF
  } >"$log" 2>&1 || {
    echo "!! kube-apiserver: preparing the module copy failed: $(tail -n 5 "$log" | tr '\n' ' ')" >&2
    return 1
  }
  # The version the server reports (`/version`, `--version`), which Pod Security admission's
  # `latest` and the report's row name come from.
  local ldflags="-s -w" minor p
  minor="$(echo "$KUBERNETES_VERSION" | cut -d. -f2)"
  for p in k8s.io/component-base/version k8s.io/client-go/pkg/version; do
    ldflags+=" -X $p.gitVersion=v$KUBERNETES_VERSION -X $p.gitMajor=1 -X $p.gitMinor=$minor"
    ldflags+=" -X $p.gitTreeState=clean"
  done
  local cmd
  for cmd in kube-apiserver kubectl; do
    if ! (cd "$dir" && go mod tidy && go build -trimpath -ldflags "$ldflags" -o "$BIN/$cmd.tmp" "./cmd/$cmd") >>"$log" 2>&1; then
      echo "!! $cmd build failed: $(grep -v '^go: downloading' "$log" | tail -n 5 | tr '\n' ' ')" >&2
      return 1
    fi
    mv "$BIN/$cmd.tmp" "$BIN/$cmd"
    echo "$KUBERNETES_VERSION" >"$BIN/.$cmd.version"
  done
  rm -rf "$dir"
  echo "kube-apiserver and kubectl $KUBERNETES_VERSION built in $(($(date +%s) - start)) s"
}

build_etcd
build_kubernetes
"$BIN/etcd" --version | sed -n 1p
"$BIN/kube-apiserver" --version
"$BIN/kubectl" version --client | sed -n 1p

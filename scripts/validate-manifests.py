#!/usr/bin/env python3
"""Validate every manifest of the suite against the Kubernetes OpenAPI schemas, strictly.

Strict mode makes unknown fields errors, so a misspelled field in a check (which Kubernetes
would silently drop, turning the check into a copy of the baseline) fails here.

Usage: scripts/validate-manifests.py [DIR] [-k VERSION ...]
  DIR      the suite folder (default: the repository's manifests/)
  -k       Kubernetes version(s) to validate against (default: $KUBERNETES_VERSIONS, else 1.34.0,
           the API of the k8s-openapi types the baselines are built with, and 1.37.0, the newest
           schemas kubernetes-validate 1.37 ships)

Exit status: 0 all valid, 1 some manifest invalid, 2 usage error or kubernetes-validate missing.
Install the validator with `pip install kubernetes-validate`.
"""

import argparse
import os
import shutil
import subprocess
import sys
from pathlib import Path

DEFAULT_VERSIONS = ["1.34.0", "1.37.0"]


def main() -> int:
    root = Path(__file__).resolve().parent.parent
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("dir", nargs="?", default=str(root / "manifests"))
    parser.add_argument("-k", "--kubernetes-version", action="append", dest="versions")
    args = parser.parse_args()

    versions = args.versions or os.environ.get("KUBERNETES_VERSIONS", "").split() or DEFAULT_VERSIONS
    tool = shutil.which("kubernetes-validate")
    if tool is None:
        print("error: kubernetes-validate not found on PATH (pip install kubernetes-validate)", file=sys.stderr)
        return 2
    suite = Path(args.dir)
    if not suite.is_dir():
        print(f"error: {suite}: not a directory", file=sys.stderr)
        return 2
    files = sorted(str(p) for p in suite.glob("*.yaml"))
    if not files:
        print(f"error: {suite}: no .yaml files", file=sys.stderr)
        return 2

    argv = [tool, "--strict", "--quiet"]
    for v in versions:
        argv += ["-k", v]
    # One process for all files: the schemas are loaded once. No shell: file names are data.
    proc = subprocess.run(argv + files, capture_output=True, text=True)
    out = (proc.stdout + proc.stderr).strip()
    if out:
        print(out)
    status = "valid" if proc.returncode == 0 else "INVALID"
    print(f"{len(files)} manifests, Kubernetes {', '.join(versions)}, strict: {status}")
    return 0 if proc.returncode == 0 else 1


if __name__ == "__main__":
    sys.exit(main())

"""Writes standalone Kubernetes JSON schemas for kubesec's validator (kubeconform) from the
schemas shipped in the PyPI package kubernetes-validate.

kubesec validates every object against its Kubernetes schema before scoring it and, without a
local schema, downloads one per object from the network; offline, every object is then reported
invalid and nothing is scored. kubernetes-validate's schemas reference a shared definitions file
by an absolute URL that kubeconform cannot resolve, so each top-level kind is rewritten with the
definitions it reaches inlined under `definitions` (JSON Schema draft 4, which kubeconform uses).

    python3 kubesec-schemas.py WHEEL VERSION OUT_DIR
"""
import json
import re
import sys
import zipfile

REF = re.compile(r"^(.*_definitions\.json)?#/\$defs/")


def main(wheel, version, out):
    import os

    os.makedirs(out, exist_ok=True)
    prefix = f"kubernetes_validate/kubernetes-json-schema/v{version}-local/"
    with zipfile.ZipFile(wheel) as z:
        names = [n for n in z.namelist() if n.startswith(prefix) and n.endswith(".json")]
        if not names:
            sys.exit(f"{wheel}: no schemas for Kubernetes {version}")
        defs = json.loads(z.read(prefix + "_definitions.json"))
        defs = defs.get("$defs") or defs.get("definitions") or {}

        def rewrite(node, seen):
            if isinstance(node, dict):
                out_node = {}
                for k, v in node.items():
                    if k == "$ref" and isinstance(v, str) and REF.match(v):
                        name = REF.sub("", v)
                        seen.add(name)
                        out_node[k] = "#/definitions/" + name
                    else:
                        out_node[k] = rewrite(v, seen)
                return out_node
            if isinstance(node, list):
                return [rewrite(v, seen) for v in node]
            return node

        written = 0
        for n in names:
            base = n[len(prefix):]
            if base.startswith("_") or base == "all.json":
                continue
            schema = json.loads(z.read(n))
            # Only top-level kinds (objects with apiVersion and kind) are validated.
            props = schema.get("properties", {})
            if "kind" not in props or "apiVersion" not in props:
                continue
            seen = set()
            schema = rewrite(schema, seen)
            closure, todo = {}, list(seen)
            while todo:
                name = todo.pop()
                if name in closure or name not in defs:
                    continue
                inner = set()
                closure[name] = rewrite(defs[name], inner)
                todo.extend(inner - closure.keys())
            schema["definitions"] = closure
            with open(os.path.join(out, base), "w") as f:
                json.dump(schema, f, separators=(",", ":"))
            written += 1
    print(f"{written} standalone schemas for Kubernetes {version} in {out}")


if __name__ == "__main__":
    main(*sys.argv[1:4])

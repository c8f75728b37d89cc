//! A check's declared paths, derived from its patches: each fact of the catalog is written
//! once, as the JSON Pointer of the change, and the `check_path` annotation, the answer key and
//! the exactly-one-mutation test all read the same derivation.

use super::CheckSpec;

/// Every pointer the check patches (on its base object, then on the other objects, in the
/// order they were first patched), as a field path; then the kind name of every object it
/// leaves out or adds, since a missing or extra object has no field to point at. A check that
/// changes nothing (a baseline control) is about its objects as a whole: `.`.
pub fn derive(spec: &CheckSpec) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let fields = spec
        .patches
        .iter()
        .flat_map(|o| &o.patch)
        .map(|op| field_path(op.pointer()));
    let objects = spec
        .removes
        .iter()
        .chain(spec.adds.iter().map(|a| &a.kind))
        .map(|k| k.kind_name().to_string());
    for p in fields.chain(objects) {
        if !out.contains(&p) {
            out.push(p);
        }
    }
    if out.is_empty() {
        out.push(".".to_string());
    }
    out
}

/// A JSON Pointer as a canonical path of `adapters::paths`:
/// `/spec/template/spec/containers/0/securityContext/privileged` ->
/// `.spec.containers[].securityContext.privileged`. A pointer to one element of a list
/// (`.../add/-` appends) declares the list: the misconfiguration is what the list holds.
pub fn field_path(pointer: &str) -> String {
    let p = adapters::paths::normalize(pointer);
    match p.strip_suffix("[]") {
        Some(list) if !list.is_empty() => list.to_string(),
        _ => p,
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;
    use crate::baseline::Kind;
    use crate::catalog::{check, Category, Op};

    #[test]
    fn pointers_become_canonical_paths() {
        assert_eq!(
            field_path("/spec/template/spec/containers/0/securityContext/privileged"),
            ".spec.containers[].securityContext.privileged"
        );
        assert_eq!(
            field_path("/spec/jobTemplate/spec/template/spec/hostPID"),
            ".spec.hostPID"
        );
        assert_eq!(field_path("/rules/0/verbs/-"), ".rules[].verbs");
        assert_eq!(
            field_path("/metadata/annotations/container.apparmor.security.beta.kubernetes.io~1app"),
            ".metadata.annotations.container.apparmor.security.beta.kubernetes.io/app"
        );
    }

    #[test]
    fn derivation_covers_every_change_once_in_order() {
        let c = check("TST-001", "t", Category::Misc)
            .on(Kind::Deployment)
            .set("/spec/template/spec/hostPID", json!(true))
            .set_on(
                Kind::ServiceAccount,
                "/automountServiceAccountToken",
                json!(true),
            )
            .set("/spec/template/spec/hostIPC", json!(true))
            .set("/spec/template/spec/hostPID", json!(true))
            .without(Kind::PodDisruptionBudget)
            .with(Kind::Role, vec![Op::Add("/rules/0/verbs", json!(["*"]))]);
        assert_eq!(
            c.paths(),
            [
                ".spec.hostPID",
                ".spec.hostIPC",
                ".automountServiceAccountToken",
                "PodDisruptionBudget",
                "Role"
            ]
        );
        let declared = c.clone().path(".spec");
        assert_eq!(declared.paths(), [".spec"]);
        assert_eq!(check("BASE-1", "b", Category::Misc).paths(), ["."]);
    }
}

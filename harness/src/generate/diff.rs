//! Structural difference of two Kubernetes objects, and the rule that decides whether a
//! declared field path accounts for a difference. The exactly-one-mutation test is built on it:
//! every difference between a check's object and its baseline must be accounted for by one of
//! the check's declared paths.

use serde_json::Value;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Change {
    /// Present in the mutated object only.
    Added,
    /// Present in the baseline only.
    Removed,
    /// Present in both with different values (scalars, or values of different types).
    Changed,
}

/// One difference, at the deepest place where the two objects part: a map key or list element
/// present on one side only, or two different scalars.
#[derive(Debug, Clone, PartialEq)]
pub struct Difference {
    /// RFC 6901 JSON Pointer into the objects.
    pub pointer: String,
    pub change: Change,
    /// The baseline's value there (`None` when added).
    pub before: Option<Value>,
    /// The mutated object's value there (`None` when removed).
    pub after: Option<Value>,
}

fn escape(key: &str) -> String {
    key.replace('~', "~0").replace('/', "~1")
}

/// Every difference between `before` and `after`. Lists are compared by index, as the
/// catalog's patches address list elements by index.
pub fn diff(before: &Value, after: &Value) -> Vec<Difference> {
    let mut out = Vec::new();
    walk(before, after, String::new(), &mut out);
    out
}

fn walk(a: &Value, b: &Value, ptr: String, out: &mut Vec<Difference>) {
    match (a, b) {
        (Value::Object(ma), Value::Object(mb)) => {
            for (k, va) in ma {
                let p = format!("{ptr}/{}", escape(k));
                match mb.get(k) {
                    Some(vb) => walk(va, vb, p, out),
                    None => out.push(Difference {
                        pointer: p,
                        change: Change::Removed,
                        before: Some(va.clone()),
                        after: None,
                    }),
                }
            }
            for (k, vb) in mb {
                if !ma.contains_key(k) {
                    out.push(Difference {
                        pointer: format!("{ptr}/{}", escape(k)),
                        change: Change::Added,
                        before: None,
                        after: Some(vb.clone()),
                    });
                }
            }
        }
        (Value::Array(la), Value::Array(lb)) => {
            for i in 0..la.len().max(lb.len()) {
                let p = format!("{ptr}/{i}");
                match (la.get(i), lb.get(i)) {
                    (Some(va), Some(vb)) => walk(va, vb, p, out),
                    (Some(va), None) => out.push(Difference {
                        pointer: p,
                        change: Change::Removed,
                        before: Some(va.clone()),
                        after: None,
                    }),
                    (None, Some(vb)) => out.push(Difference {
                        pointer: p,
                        change: Change::Added,
                        before: None,
                        after: Some(vb.clone()),
                    }),
                    (None, None) => unreachable!("index below the longer length"),
                }
            }
        }
        _ if a == b => {}
        _ => out.push(Difference {
            pointer: ptr,
            change: Change::Changed,
            before: Some(a.clone()),
            after: Some(b.clone()),
        }),
    }
}

/// Splits a canonical path (`.spec.containers[].env[].name`) into segments, `[]` its own.
fn segments(path: &str) -> Vec<String> {
    let mut out = Vec::new();
    for part in path.split('.').filter(|s| !s.is_empty()) {
        let mut rest = part;
        while let Some(i) = rest.find("[]") {
            if i > 0 {
                out.push(rest[..i].to_string());
            }
            out.push("[]".to_string());
            rest = &rest[i + 2..];
        }
        if !rest.is_empty() {
            out.push(rest.to_string());
        }
    }
    out
}

/// Whether `segs` lead somewhere inside `v` (`[]` matching any element). Map keys may contain
/// dots (`pod-security.kubernetes.io/enforce`), so several segments may form one key.
fn reaches(v: &Value, segs: &[String]) -> bool {
    let Some(first) = segs.first() else {
        return true;
    };
    match v {
        Value::Array(items) if first == "[]" => items.iter().any(|i| reaches(i, &segs[1..])),
        Value::Object(m) => (1..=segs.len()).any(|n| {
            let key = segs[..n].join(".");
            m.get(&key).is_some_and(|child| reaches(child, &segs[n..]))
        }),
        _ => false,
    }
}

/// Whether the declared canonical path `declared` accounts for `d`.
///
/// The difference lies at or below the declared path (`.spec.hostPID` accounts for a changed
/// `hostPID`; `.spec.containers[].securityContext` for anything inside it); or the difference
/// is a whole subtree added, removed or replaced above the declared path and that subtree holds
/// the declared field (`.spec.volumes[].hostPath.path` accounts for a new volume with a
/// hostPath, not for a new volume without one).
pub fn accounts_for(declared: &str, d: &Difference) -> bool {
    let decl = segments(&adapters::paths::normalize(declared));
    let at = segments(&adapters::paths::normalize(&d.pointer));
    if at.len() >= decl.len() {
        return at[..decl.len()] == decl[..];
    }
    if at[..] != decl[..at.len()] {
        return false;
    }
    let rest = &decl[at.len()..];
    [&d.before, &d.after]
        .into_iter()
        .flatten()
        .any(|v| reaches(v, rest))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn finds_leaves_and_subtrees() {
        let a = json!({"spec": {"hostPID": false, "volumes": [{"name": "tmp"}], "x/y": 1}});
        let b = json!({"spec": {"hostPID": true, "volumes": [{"name": "tmp"}, {"name": "h", "hostPath": {"path": "/"}}]}});
        let d = diff(&a, &b);
        let ptrs: Vec<_> = d.iter().map(|d| (d.pointer.as_str(), d.change)).collect();
        assert_eq!(
            ptrs,
            vec![
                ("/spec/hostPID", Change::Changed),
                ("/spec/volumes/1", Change::Added),
                ("/spec/x~1y", Change::Removed),
            ]
        );
        assert!(diff(&a, &a).is_empty());
    }

    #[test]
    fn declared_paths_account_only_for_their_fields() {
        let a = json!({"spec": {"template": {"spec": {"hostPID": false, "volumes": [{"name": "tmp"}]}}}});
        let b = json!({"spec": {"template": {"spec": {"hostPID": true, "volumes": [{"name": "tmp"}, {"name": "h", "hostPath": {"path": "/"}}]}}}});
        let d = diff(&a, &b);
        assert!(accounts_for(".spec.hostPID", &d[0]));
        assert!(!accounts_for(".spec.hostIPC", &d[0]));
        assert!(!accounts_for(".spec.hostPIDX", &d[0]));
        assert!(accounts_for(".spec", &d[0]));
        assert!(accounts_for(".spec.volumes[].hostPath.path", &d[1]));
        assert!(accounts_for(".spec.volumes", &d[1]));
        assert!(!accounts_for(".spec.volumes[].nfs", &d[1]));
    }

    #[test]
    fn dotted_keys_are_reached() {
        let d = Difference {
            pointer: "/metadata/labels".into(),
            change: Change::Added,
            before: None,
            after: Some(json!({"pod-security.kubernetes.io/enforce": "privileged"})),
        };
        assert!(accounts_for(
            ".metadata.labels.pod-security.kubernetes.io/enforce",
            &d
        ));
        assert!(!accounts_for(
            ".metadata.labels.pod-security.kubernetes.io/warn",
            &d
        ));
    }
}

//! One notation for Kubernetes field paths, so a scanner's path, a rule table's path and a
//! check's declared path can be compared.
//!
//! The canonical form is KALM's: a leading dot, `[]` for any array index, and pod-spec fields
//! written relative to the pod (`.spec.containers[].securityContext.privileged`) whatever
//! workload kind wraps the pod, because a rule about a container field means the same thing on a
//! Deployment, a CronJob or a bare Pod.

/// Normalizes a path in any of the notations scanners use:
/// `spec.template.spec.containers[0].securityContext`, `/spec/containers/0/image`,
/// `.spec.containers[].image`, `spec.containers[name=app].image`,
/// `spec.template.spec.containers[app].image`, `{.spec.hostPID}`.
pub fn normalize(path: &str) -> String {
    let p = path
        .trim()
        .trim_start_matches('{')
        .trim_end_matches('}')
        .trim();
    let mut segs: Vec<String> = Vec::new();
    if p.starts_with('/') {
        for raw in p.split('/').filter(|s| !s.is_empty()) {
            let s = raw.replace("~1", "/").replace("~0", "~");
            if s.chars().all(|c| c.is_ascii_digit()) || s == "-" {
                push_index(&mut segs);
            } else {
                segs.push(s);
            }
        }
    } else {
        let mut cur = String::new();
        let mut chars = p.chars().peekable();
        while let Some(c) = chars.next() {
            match c {
                '.' => {
                    if !cur.is_empty() {
                        segs.push(std::mem::take(&mut cur));
                    }
                }
                '[' => {
                    if !cur.is_empty() {
                        segs.push(std::mem::take(&mut cur));
                    }
                    // Skip everything up to the closing bracket: an index, a name or a filter.
                    for d in chars.by_ref() {
                        if d == ']' {
                            break;
                        }
                    }
                    push_index(&mut segs);
                }
                _ => cur.push(c),
            }
        }
        if !cur.is_empty() {
            segs.push(cur);
        }
    }
    let segs = unwrap_pod_template(segs);
    let mut out = String::new();
    for s in segs {
        if s == "[]" {
            out.push_str("[]");
        } else {
            out.push('.');
            out.push_str(&s);
        }
    }
    if out.is_empty() {
        out.push('.');
    }
    out
}

fn push_index(segs: &mut Vec<String>) {
    segs.push("[]".to_string());
}

/// Drops the wrappers around a pod template: `spec.template` (Deployment, StatefulSet,
/// DaemonSet, Job, ReplicaSet) and `spec.jobTemplate.spec.template` (CronJob).
fn unwrap_pod_template(segs: Vec<String>) -> Vec<String> {
    let starts =
        |prefix: &[&str]| segs.len() > prefix.len() && segs.iter().zip(prefix).all(|(a, b)| a == b);
    if starts(&["spec", "jobTemplate", "spec", "template"]) {
        return segs[4..].to_vec();
    }
    if starts(&["spec", "template"]) && matches!(segs[2].as_str(), "spec" | "metadata") {
        return segs[2..].to_vec();
    }
    segs
}

/// True when one path equals the other or is a prefix of it at a segment boundary, in either
/// direction: a rule that inspects `.spec.containers[].securityContext` is about a check on
/// `.spec.containers[].securityContext.privileged`, and a rule that reports the exact field
/// `.spec.containers[].securityContext.privileged` is about a check declared on its parent.
pub fn related(a: &str, b: &str) -> bool {
    let (a, b) = (normalize(a), normalize(b));
    is_prefix(&a, &b) || is_prefix(&b, &a)
}

fn is_prefix(short: &str, long: &str) -> bool {
    if short == "." {
        return true;
    }
    long.starts_with(short)
        && matches!(
            long.as_bytes().get(short.len()),
            None | Some(b'.') | Some(b'[')
        )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn notations_agree() {
        let want = ".spec.containers[].securityContext.privileged";
        for p in [
            "spec.template.spec.containers[0].securityContext.privileged",
            "/spec/template/spec/containers/0/securityContext/privileged",
            ".spec.containers[].securityContext.privileged",
            "spec.jobTemplate.spec.template.spec.containers[name=app].securityContext.privileged",
            "{.spec.containers[app].securityContext.privileged}",
        ] {
            assert_eq!(normalize(p), want, "{p}");
        }
        assert_eq!(normalize("metadata.annotations"), ".metadata.annotations");
        assert_eq!(
            normalize("spec.template.metadata.labels"),
            ".metadata.labels"
        );
        // `spec.template` alone on a non-workload is left as it is.
        assert_eq!(normalize("spec.template"), ".spec.template");
    }

    #[test]
    fn prefixes() {
        assert!(related(
            ".spec.containers[].securityContext",
            ".spec.containers[].securityContext.privileged"
        ));
        assert!(related(
            ".spec.containers[].securityContext.privileged",
            ".spec.containers[].securityContext"
        ));
        assert!(!related(".spec.hostPID", ".spec.hostPIDX"));
        assert!(!related(
            ".spec.containers[].image",
            ".spec.containers[].imagePullPolicy"
        ));
    }
}

//! Check ids from object and file names: the suite's names start with the lowercase id.

use std::sync::OnceLock;

use regex::Regex;

fn pattern() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    // AREA-NNN or AREA-NNN-V; AREA is letters (and digits after the first letter, e.g. `k8s`
    // is not used, but `RBAC` and `CP` are). A variant is one or two digits followed by the end
    // or a dash, so `pod-032-2-privileged` gives POD-032-2 and `np-001-namespace` gives NP-001.
    RE.get_or_init(|| Regex::new(r"^([a-z][a-z0-9]*)-(\d{3})(?:-(\d{1,2}))?(?:-|$|\.)").unwrap())
}

/// `pod-032-2-privileged-container` -> `POD-032-2`. Returns None when the name has no id.
pub fn from_name(name: &str) -> Option<String> {
    let lower = name.trim().to_ascii_lowercase();
    let caps = pattern().captures(&lower)?;
    let mut id = format!("{}-{}", &caps[1], &caps[2]).to_ascii_uppercase();
    if let Some(v) = caps.get(3) {
        id.push('-');
        id.push_str(v.as_str());
    }
    Some(id)
}

/// Same as [`from_name`] on the file's base name (any folder and extension dropped).
pub fn from_file(file: &str) -> Option<String> {
    let base = file.rsplit(['/', '\\']).next().unwrap_or(file);
    from_name(base)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_from_names() {
        assert_eq!(
            from_name("pod-032-2-privileged-container").as_deref(),
            Some("POD-032-2")
        );
        assert_eq!(
            from_name("np-001-namespace-without-network-policy").as_deref(),
            Some("NP-001")
        );
        assert_eq!(from_name("ns-002-1").as_deref(), Some("NS-002-1"));
        assert_eq!(from_name("kalm-benchmark"), None);
        assert_eq!(from_name("default"), None);
        assert_eq!(
            from_file("manifests/rbac-004-cluster-admin.yaml").as_deref(),
            Some("RBAC-004")
        );
        assert_eq!(from_file("/x/pod-003-7.yaml").as_deref(), Some("POD-003-7"));
    }
}

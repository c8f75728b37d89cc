//! Object names: DNS-1123 labels that start with the check's lowercase id, so any scanner
//! output that names an object maps back to its check.

/// Names are kept to 52 characters, not the 63 a DNS-1123 label allows: a CronJob's name must
/// leave room for the suffix of its Jobs, and a StatefulSet's for the revision-hash label of its
/// pods; one limit for every kind keeps the rule simple.
pub const MAX_NAME: usize = 52;

/// Lowercase alphanumerics and single `-`, no leading or trailing `-`.
fn dns_label(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        let c = c.to_ascii_lowercase();
        if c.is_ascii_alphanumeric() {
            out.push(c);
        } else if !out.ends_with('-') && !out.is_empty() {
            out.push('-');
        }
    }
    out.trim_end_matches('-').to_string()
}

/// `<lowercase-id>-<slug>`, the slug cut at a word boundary (or at the limit, when one word is
/// too long) so that the name, with `reserve` characters appended, fits `MAX_NAME`.
pub fn object_name(id: &str, slug: &str, reserve: usize) -> String {
    let id = dns_label(id);
    let slug = dns_label(slug);
    let limit = MAX_NAME.saturating_sub(reserve);
    let full = if slug.is_empty() {
        id.clone()
    } else {
        format!("{id}-{slug}")
    };
    if full.len() <= limit {
        return full;
    }
    let mut cut = full[..limit].to_string();
    // Prefer a cut at a word boundary that keeps the id whole.
    if let Some(pos) = cut.rfind('-') {
        if pos >= id.len() {
            cut.truncate(pos);
        }
    }
    cut.trim_end_matches('-').to_string()
}

/// The name of the `ordinal`-th (0-based) object of one kind in a check: the first keeps the
/// check's name, which the bundle's references point to; later ones get `-2`, `-3`, ...
pub fn nth_name(id: &str, slug: &str, ordinal: usize) -> String {
    if ordinal == 0 {
        object_name(id, slug, 0)
    } else {
        let suffix = format!("-{}", ordinal + 1);
        format!("{}{}", object_name(id, slug, suffix.len()), suffix)
    }
}

/// DNS-1123 label test (RFC 1123, as Kubernetes applies it to names).
pub fn is_dns_label(s: &str) -> bool {
    !s.is_empty()
        && s.len() <= 63
        && s.bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
        && !s.starts_with('-')
        && !s.ends_with('-')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_start_with_id_and_fit() {
        let n = object_name("POD-032-2", "privileged-container", 0);
        assert_eq!(n, "pod-032-2-privileged-container");
        let long = object_name(
            "RBAC-101",
            "a-very-long-slug-that-goes-on-and-on-and-on-beyond-the-limit",
            0,
        );
        assert!(long.starts_with("rbac-101-"), "{long}");
        assert!(long.len() <= MAX_NAME && is_dns_label(&long), "{long}");
        assert!(!long.ends_with('-'));
        let second = nth_name(
            "RBAC-101",
            "a-very-long-slug-that-goes-on-and-on-and-on-beyond-the-limit",
            1,
        );
        assert!(
            second.ends_with("-2") && second.len() <= MAX_NAME && is_dns_label(&second),
            "{second}"
        );
        assert_ne!(second, long);
    }

    #[test]
    fn odd_characters_become_dashes() {
        assert_eq!(
            object_name("CVE_2021.25741", "Sub Path!", 0),
            "cve-2021-25741-sub-path"
        );
        assert!(!is_dns_label("-a"));
        assert!(!is_dns_label("A"));
        assert!(is_dns_label("a-1"));
    }
}

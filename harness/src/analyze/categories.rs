//! Categories for suites that do not annotate them (KALM's): derived from the check id's prefix,
//! as KALM's own evaluation does, so both projects put a check in the same bucket.

/// Check-id prefix (lowercase, the part before the first dash) -> category. KALM's mapping, plus
/// `ps` (its Pod Security admission checks), which KALM leaves to Misc by omission.
pub const PREFIX_CATEGORIES: &[(&str, &str)] = &[
    ("pod", "Workload"),
    ("wl", "Workload"),
    ("cj", "Workload"),
    ("srv", "Workload"),
    ("sc", "SupplyChain"),
    ("pss", "AdmissionControl"),
    ("psa", "AdmissionControl"),
    ("psp", "AdmissionControl"),
    ("ps", "AdmissionControl"),
    ("rbac", "IAM"),
    ("cm", "DataSecurity"),
    ("np", "Network"),
    ("ns", "Segregation"),
    ("ing", "Network"),
    ("rel", "Reliability"),
    ("res", "Reliability"),
    ("inf", "Infrastructure"),
];

/// The category of a check id by its prefix; `Misc` when the prefix is not in the table.
pub fn from_check_id(id: &str) -> &'static str {
    let prefix = id
        .split('-')
        .next()
        .unwrap_or("")
        .trim()
        .to_ascii_lowercase();
    PREFIX_CATEGORIES
        .iter()
        .find(|(p, _)| *p == prefix)
        .map(|(_, c)| *c)
        .unwrap_or("Misc")
}

#[cfg(test)]
mod tests {
    #[test]
    fn prefixes() {
        assert_eq!(super::from_check_id("POD-032-2"), "Workload");
        assert_eq!(super::from_check_id("RBAC-004-1"), "IAM");
        assert_eq!(super::from_check_id("PSA-001"), "AdmissionControl");
        assert_eq!(super::from_check_id("XYZ-001"), "Misc");
    }
}

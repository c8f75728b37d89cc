//! Generic SARIF 2.1.0 adapter: real SARIF written by three scanners (trivy 0.74.0 on two KALM
//! 2024 manifests; checkov 3.3.30 and terrascan 1.19.9 on two of this repository's manifests),
//! and a hand-written minimal file (`inputs/`) for the parts of SARIF those tools do not use.

mod common;

use adapters::scanners::sarif;
use adapters::{by_name, Parser, Severity};

/// The SARIF fixture `name`.
fn fixture(name: &str) -> Vec<u8> {
    common::fixture(&format!("sarif/{name}"))
}

fn sarif_adapter() -> &'static dyn Parser {
    by_name("sarif").expect("sarif is registered")
}

#[test]
fn minimal_file() {
    let r = sarif_adapter()
        .parse(&fixture("inputs/minimal.sarif"), "minimal.sarif")
        .unwrap();
    assert_eq!(r.tool, "sarif:example-scanner");
    assert_eq!(r.tool_version.as_deref(), Some("2.3.4"));
    // The `pass` result is not a finding.
    assert_eq!(r.findings.len(), 3);

    let f = &r.findings[0];
    assert_eq!(f.tool, "sarif:example-scanner");
    assert_eq!(f.rule_id, "EX001");
    assert_eq!(f.rule_title.as_deref(), Some("Privileged container"));
    assert_eq!(
        f.severity,
        Severity::Critical,
        "security-severity 9.1 wins over level error"
    );
    assert_eq!(f.raw_severity.as_deref(), Some("security-severity 9.1"));
    assert_eq!(
        f.file.as_deref(),
        Some("/suite/pod-032-2-privileged-container.yaml")
    );
    assert_eq!(f.line, Some(42));
    assert_eq!(f.object.kind.as_deref(), Some("Deployment"));
    assert_eq!(f.object.namespace.as_deref(), Some("kalm-benchmark"));
    assert_eq!(f.check_id.as_deref(), Some("POD-032-2"));
    assert!(
        f.unmapped,
        "SARIF declares no field paths: attribution is differential"
    );

    let f = &r.findings[1];
    assert_eq!(f.rule_id, "EX002", "rule id from result.rule.id");
    assert_eq!(f.rule_title.as_deref(), Some("HostPidShared"));
    assert_eq!(f.severity, Severity::Low, "defaultConfiguration.level note");
    assert_eq!(
        f.message.as_deref(),
        Some("hostPID is true"),
        "message from the rule's messageStrings"
    );
    assert_eq!(f.object.kind.as_deref(), Some("Pod"));
    assert_eq!(f.check_id.as_deref(), Some("POD-008-2"));

    let f = &r.findings[2];
    assert_eq!(f.rule_id, "EX999");
    assert_eq!(f.rule_title, None);
    assert_eq!(f.severity, Severity::Medium);
    assert_eq!(
        f.check_id.as_deref(),
        Some("NP-001"),
        "check id from the file name"
    );

    let rules = sarif::rules_in(&fixture("inputs/minimal.sarif")).unwrap();
    assert_eq!(rules.len(), 2);
    assert_eq!(
        rules[0].help_uri.as_deref(),
        Some("https://example.invalid/rules/EX001")
    );
    assert_eq!(rules[0].tags, ["security", "kubernetes"]);
}

#[test]
fn real_trivy_sarif() {
    let r = sarif_adapter()
        .parse(&fixture("trivy_v0.74.0_config.sarif"), "x.sarif")
        .unwrap();
    assert_eq!(r.tool, "sarif:trivy");
    assert_eq!(r.tool_version.as_deref(), Some("0.74.0"));
    assert_eq!(r.findings.len(), 3);
    let f = r
        .findings
        .iter()
        .find(|f| f.rule_id == "KSV-0017")
        .expect("privileged rule");
    assert_eq!(f.check_id.as_deref(), Some("POD-032-2"));
    assert_eq!(f.severity, Severity::High);
    assert_eq!(f.raw_severity.as_deref(), Some("security-severity 8.0"));
    assert_eq!(f.line, Some(52));
    let f = r
        .findings
        .iter()
        .find(|f| f.rule_id == "KSV-0010")
        .expect("hostPID rule");
    assert_eq!(f.rule_title.as_deref(), Some("Access to host PID"));
    assert_eq!(f.check_id.as_deref(), Some("POD-008-2"));
}

#[test]
fn real_checkov_sarif() {
    let r = common::parse_fixture(sarif_adapter(), "sarif/checkov_v3.3.30_two-manifests.sarif");
    assert_eq!(r.tool, "sarif:checkov");
    assert_eq!(r.tool_version.as_deref(), Some("3.3.30"));
    // python3: len(runs[0].results) == 4.
    assert_eq!(r.findings.len(), 4);
    let f = r
        .findings
        .iter()
        .find(|f| f.rule_id == "CKV_K8S_16")
        .expect("privileged rule");
    assert_eq!(
        f.rule_title.as_deref(),
        Some("Container should not be privileged")
    );
    assert_eq!(f.severity, Severity::High);
    assert_eq!(f.raw_severity.as_deref(), Some("error"));
    assert_eq!(f.line, Some(19));
    assert_eq!(
        f.file.as_deref(),
        Some("suite/suite/pod-032-2-privileged-container.yaml")
    );
    assert_eq!(f.check_id.as_deref(), Some("POD-032-2"));
    assert_eq!(
        common::first_of(&r.findings, "CKV_K8S_17")
            .check_id
            .as_deref(),
        Some("POD-008-2")
    );
    assert_eq!(common::count_rule(&r.findings, "CKV2_K8S_6"), 2);
}

#[test]
fn real_terrascan_sarif() {
    let r = common::parse_fixture(
        sarif_adapter(),
        "sarif/terrascan_v1.19.9_two-manifests.sarif",
    );
    assert_eq!(r.tool, "sarif:terrascan");
    assert_eq!(r.tool_version.as_deref(), Some("1.19.9"));
    // python3: len(runs[0].results) == 5, all of level warning.
    assert_eq!(r.findings.len(), 5);
    assert!(r
        .findings
        .iter()
        .all(|f| f.severity == Severity::Medium && f.raw_severity.as_deref() == Some("warning")));
    assert_eq!(common::count_rule(&r.findings, "AC_K8S_0080"), 2);
    assert_eq!(common::count_rule(&r.findings, "AC_K8S_0073"), 2);
    let f = common::first_of(&r.findings, "AC_K8S_0082");
    assert_eq!(
        f.rule_title.as_deref(),
        Some("Containers Should Not Share Host Process ID Namespace")
    );
    // terrascan names the object in a logical location without a kind path.
    assert_eq!(f.object.name.as_deref(), Some("pod-008-2-host-pid"));
    assert_eq!(f.object.kind, None);
    // The `file://` prefix is dropped.
    assert_eq!(
        f.file.as_deref(),
        Some("/tmp/sarifrun/suite/pod-008-2-host-pid.yaml")
    );
    assert_eq!(f.line, Some(19));
    assert_eq!(f.check_id.as_deref(), Some("POD-008-2"));
    assert!(r.findings.iter().all(|f| f.unmapped));
}

/// Real SARIF written by scanners that have their own adapter: generic SARIF claims it, their
/// adapters do not (they read the tools' native JSON).
#[test]
fn detection_and_versions() {
    common::assert_detects_and_rejects_others(sarif_adapter());
    for (name, own) in [
        ("trivy_v0.74.0_config.sarif", "trivy"),
        ("checkov_v3.3.30_two-manifests.sarif", "checkov"),
        ("terrascan_v1.19.9_two-manifests.sarif", "terrascan"),
    ] {
        let bytes = fixture(name);
        assert!(sarif_adapter().detect(&bytes), "{name}");
        assert!(!by_name(own).unwrap().detect(&bytes), "{own} claims {name}");
        assert_eq!(
            adapters::detect(&bytes).map(|s| s.name()),
            Some("sarif"),
            "{name}"
        );
    }
    assert!(sarif_adapter().detect(&fixture("inputs/minimal.sarif")));
    let wrong = br#"{"version":"2.0.0","runs":[]}"#;
    let err = sarif_adapter()
        .parse(wrong, "old.sarif")
        .unwrap_err()
        .to_string();
    assert!(err.contains("2.0.0"), "{err}");
    assert!(
        sarif_adapter()
            .parse(br#"{"version":"2.1.0"}"#, "x")
            .is_err(),
        "runs is required"
    );
}

#[test]
fn cut_and_mangled_sarif() {
    common::assert_cut_recording_is_json_error(
        sarif_adapter(),
        "sarif/checkov_v3.3.30_two-manifests.sarif",
        common::usual_cuts,
    );
    common::assert_mangled_output_never_panics(
        sarif_adapter(),
        "sarif/terrascan_v1.19.9_two-manifests.sarif",
    );
}

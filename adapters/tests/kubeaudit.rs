//! kubeaudit adapter on hand-written fixtures in kubeaudit's JSON-lines format (`--format json`,
//! logrus' JSON formatter), and on live output when kubeaudit is installed under `.tools/bin`.

mod common;

use std::path::Path;

use adapters::{by_name, Scanner, Severity};

const FIXTURE: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/tests/fixtures/kubeaudit/kubeaudit_v0.22.2_two-manifests.jsonl"
);

fn kubeaudit() -> &'static dyn Scanner {
    by_name("kubeaudit").expect("kubeaudit is registered")
}

#[test]
fn fixture_counts_and_version() {
    let report = kubeaudit().parse_file(Path::new(FIXTURE)).unwrap();
    assert_eq!(report.findings.len(), 11, "one finding per result line");
    assert_eq!(report.tool_version.as_deref(), Some("0.22.2"));
    // The override result keeps its printed name and is flagged unmapped; all others are known.
    let unmapped: Vec<_> = report
        .findings
        .iter()
        .filter(|f| f.unmapped)
        .map(|f| f.rule_id.as_str())
        .collect();
    assert_eq!(unmapped, ["AllowPrivilegeEscalationNilAllowed"]);
}

#[test]
fn fixture_spot_checks() {
    let report = kubeaudit().parse_file(Path::new(FIXTURE)).unwrap();
    let find = |rule: &str| {
        report
            .findings
            .iter()
            .find(|f| f.rule_id == rule)
            .unwrap_or_else(|| panic!("no {rule}"))
    };

    let f = find("PrivilegedTrue");
    assert_eq!(f.severity, Severity::High);
    assert_eq!(f.raw_severity.as_deref(), Some("error"));
    assert_eq!(f.object.kind.as_deref(), Some("Deployment"));
    assert_eq!(f.object.namespace.as_deref(), Some("kalm-benchmark"));
    assert_eq!(
        f.object.name.as_deref(),
        Some("pod-032-2-privileged-container")
    );
    assert_eq!(f.check_id.as_deref(), Some("POD-032-2"));
    assert_eq!(
        f.message.as_deref(),
        Some("privileged is set to 'true' in container SecurityContext. It should be set to 'false'. (container app)")
    );
    assert_eq!(f.rule_title.as_deref(), Some("privileged set to true"));
    let rule = kubeaudit().rules().get("PrivilegedTrue").unwrap();
    assert_eq!(
        rule.paths,
        [".spec.containers[].securityContext.privileged"]
    );

    let f = find("LimitsNotSet");
    assert_eq!(f.severity, Severity::Medium);
    assert_eq!(f.raw_severity.as_deref(), Some("warning"));

    let f = find("NamespaceHostPIDTrue");
    assert_eq!(f.check_id.as_deref(), Some("POD-008-2"));
    assert_eq!(
        kubeaudit()
            .rules()
            .get("NamespaceHostPIDTrue")
            .unwrap()
            .paths,
        [".spec.hostPID"]
    );

    let f = find("AllowPrivilegeEscalationNilAllowed");
    assert_eq!(f.severity, Severity::Info);

    let f = find("MissingDefaultDenyIngressAndEgressNetworkPolicy");
    assert_eq!(f.object.kind.as_deref(), Some("Namespace"));
    assert_eq!(f.object.namespace, None);
    assert_eq!(
        kubeaudit().rules().get(&f.rule_id).unwrap().category,
        "Network"
    );
}

#[test]
fn detection() {
    let bytes = std::fs::read(FIXTURE).unwrap();
    assert!(kubeaudit().detect(&bytes));
    assert!(
        !kubeaudit().detect(b"{\n  \"AuditResultName\": \"x\"\n}\n"),
        "pretty JSON is not kubeaudit's line format"
    );
    assert!(!kubeaudit().detect(b"[{\"policySummary\":{}}]"));
}

#[test]
fn broken_line_is_named() {
    let bytes = std::fs::read(FIXTURE).unwrap();
    let text = String::from_utf8(bytes).unwrap();
    let mut lines: Vec<&str> = text.lines().collect();
    let cut = &lines[3][..40];
    lines[3] = cut;
    let broken = lines.join("\n");
    let err = kubeaudit()
        .parse(broken.as_bytes(), "k.jsonl")
        .unwrap_err()
        .to_string();
    assert!(err.contains("line 4"), "{err}");
}

/// Live check: when kubeaudit is installed under `.tools/bin`, its real output on two KALM
/// manifests must parse into findings on those manifests' objects.
#[test]
fn live_output_parses() {
    let Some((bin, manifests)) = common::live_tool(".tools/bin/kubeaudit", &[]) else {
        return;
    };
    let files: Vec<_> = [
        "pod-032-2-privileged-container.yaml",
        "pod-008-2-pod-has-hostpid-set.yaml",
    ]
    .iter()
    .map(|f| manifests.join(f))
    .collect();
    let work = std::env::temp_dir().join(format!("kubeaudit-live-{}", std::process::id()));
    std::fs::create_dir_all(&work).unwrap();
    let plan = kubeaudit().scan_plan(&bin, &manifests, &files, &work);
    let out = common::run_plan(&plan);
    std::fs::remove_dir_all(&work).ok();
    assert!(
        out.status.success(),
        "kubeaudit failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let report = kubeaudit().parse(&out.stdout, "live.jsonl").unwrap();
    // kubeaudit reports the privileged container.
    let privileged = common::first_of(&report.findings, "PrivilegedTrue");
    assert_eq!(privileged.check_id.as_deref(), Some("POD-032-2"));
    common::assert_reported_on(&report.findings, "NamespaceHostPIDTrue", "POD-008-2");
    let unmapped: Vec<_> = report
        .findings
        .iter()
        .filter(|f| f.unmapped && !f.rule_id.ends_with("Allowed"))
        .map(|f| &f.rule_id)
        .collect();
    assert!(unmapped.is_empty(), "rule table misses {unmapped:?}");
}

/// Real output: kubeaudit 0.22.2 `all --format json` on KALM 2024's 235 manifests joined into
/// one stream (what `scan_plan` does with several files). 57 lines, counted with python3.
const LIVE: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/tests/fixtures/kubeaudit/kubeaudit_v0.22.2_kalm-2024-suite.jsonl"
);

#[test]
fn recorded_live_output() {
    let report = kubeaudit().parse_file(Path::new(LIVE)).unwrap();
    assert_eq!(report.findings.len(), 57);
    assert_eq!(report.tool_version.as_deref(), Some("0.22.2"));
    assert_eq!(common::count_rule(&report.findings, "CapabilityAdded"), 25);
    assert_eq!(
        report
            .findings
            .iter()
            .filter(|f| f.raw_severity.as_deref() == Some("warning"))
            .count(),
        8
    );
    common::assert_all_mapped(&report);
    let find = |rule: &str, name: &str| common::first_on(&report.findings, rule, name);
    let f = find("NamespaceHostIPCTrue", "pod-009-2-has-hostipc-set");
    assert_eq!(f.check_id.as_deref(), Some("POD-009-2"));
    assert_eq!(f.severity, Severity::High);
    let f = find("SensitivePathsMounted", "pod-044-1-mounting-docker-socket");
    assert_eq!(f.check_id.as_deref(), Some("POD-044-1"));
    assert!(f
        .message
        .as_deref()
        .unwrap()
        .contains("/var/run/docker.sock"));
    let f = find(
        "RunAsUserPSCRoot",
        "pod-018-4-use-uid-set-in-container-takes-precedence",
    );
    assert_eq!(f.severity, Severity::Medium);
    assert_eq!(f.raw_severity.as_deref(), Some("warning"));
    let f = find("ImageTagMissing", "sc-002-3-no-explicit-tag");
    assert_eq!(f.check_id.as_deref(), Some("SC-002-3"));
    assert_eq!(
        kubeaudit().rules().get("ImageTagMissing").unwrap().category,
        "SupplyChain"
    );
    let f = find(
        "MissingDefaultDenyIngressAndEgressNetworkPolicy",
        "np-001-namespace-without-network-policy",
    );
    assert_eq!(f.object.kind.as_deref(), Some("Namespace"));
    assert_eq!(f.check_id.as_deref(), Some("NP-001"));
    let f = find("LimitsCPUNotSet", "res-004-2-no-cpu-limits");
    assert_eq!(
        f.object.namespace.as_deref(),
        Some("kalm-benchmark-unrestricted-ns")
    );
}

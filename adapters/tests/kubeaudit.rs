//! kubeaudit adapter on real outputs committed as fixtures (`tests/fixtures/kubeaudit/`, see its
//! README): kubeaudit's JSON lines (`--format json`, logrus' JSON formatter) from 0.22.2 and an
//! older release, KALM's storage of a run (one JSON array of those objects); the committed
//! results; bad input; and a live run of the installed kubeaudit.

mod common;

use std::path::Path;

use common::{fixture, Bad, Edit, UnknownRule};

use adapters::{by_name, Parser, Report, Severity};

/// 0.22.2 on two suite manifests joined into one stream, as `scan_plan` does.
const TWO: &str = "kubeaudit/kubeaudit_v0.22.2_two-manifests.jsonl";
/// 0.22.2 on a suite manifest given an override label (`inputs/override-label.yaml`).
const OVERRIDE: &str = "kubeaudit/kubeaudit_v0.22.2_override-label.jsonl";
/// 0.22.2 on KALM 2024's 235 manifests joined into one stream.
const KALM_SUITE: &str = "kubeaudit/kubeaudit_v0.22.2_kalm-2024-suite.jsonl";
/// KALM's storage of a real run: four per-file runs' lines in one JSON array.
const KALM_STORAGE: &str = "kubeaudit/kubeaudit_v0.22.2_kalm-storage.json";
/// The older release on suite manifests.
const OLD: &str = "kubeaudit/kubeaudit_v0.19.0_manifests.jsonl";

fn kubeaudit() -> &'static dyn Parser {
    by_name("kubeaudit").expect("kubeaudit is registered")
}

/// A finding as (rule, kind, namespace, name, raw severity): what two shapes must agree on.
type Row = (
    String,
    Option<String>,
    Option<String>,
    Option<String>,
    Option<String>,
);

fn rows(report: &Report) -> Vec<Row> {
    report
        .findings
        .iter()
        .map(|f| {
            (
                f.rule_id.clone(),
                f.object.kind.clone(),
                f.object.namespace.clone(),
                f.object.name.clone(),
                f.raw_severity.clone(),
            )
        })
        .collect()
}

#[test]
fn two_manifests_fixture() {
    let report = common::parse_fixture(kubeaudit(), TWO);
    // 4 lines, 4 with an AuditResultName (scripts/fixtures/kubeaudit.py count).
    assert_eq!(report.findings.len(), 4);
    assert_eq!(report.tool_version.as_deref(), Some("0.22.2"));
    common::assert_all_mapped(&report);
    assert_eq!(
        common::count_rule(&report.findings, "AppArmorAnnotationMissing"),
        2
    );

    let f = common::first_of(&report.findings, "PrivilegedTrue");
    assert_eq!(f.severity, Severity::High);
    assert_eq!(f.raw_severity.as_deref(), Some("error"));
    assert_eq!(f.object.kind.as_deref(), Some("Deployment"));
    assert_eq!(f.object.namespace.as_deref(), Some("bench-suite"));
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
    assert_eq!(
        kubeaudit().rules().get("PrivilegedTrue").unwrap().paths,
        [".spec.containers[].securityContext.privileged"]
    );

    // A pod-level result names no container.
    let f = common::first_of(&report.findings, "NamespaceHostPIDTrue");
    assert_eq!(f.check_id.as_deref(), Some("POD-008-2"));
    assert_eq!(
        f.message.as_deref(),
        Some("hostPID is set to 'true' in PodSpec. It should be set to 'false'.")
    );
    assert_eq!(
        kubeaudit()
            .rules()
            .get("NamespaceHostPIDTrue")
            .unwrap()
            .paths,
        [".spec.hostPID"]
    );
}

/// A result silenced by an override label is printed as `<Name>Allowed` at level info: kept as
/// printed, unmapped.
#[test]
fn override_label_fixture() {
    let report = common::parse_fixture(kubeaudit(), OVERRIDE);
    assert_eq!(report.findings.len(), 2);
    let unmapped: Vec<_> = report
        .findings
        .iter()
        .filter(|f| f.unmapped)
        .map(|f| f.rule_id.as_str())
        .collect();
    assert_eq!(unmapped, ["AllowPrivilegeEscalationNilAllowed"]);
    let f = common::first_of(&report.findings, "AllowPrivilegeEscalationNilAllowed");
    assert_eq!(f.severity, Severity::Info);
    assert_eq!(f.raw_severity.as_deref(), Some("info"));
    assert_eq!(f.check_id.as_deref(), Some("POD-031-1"));
    assert!(f
        .message
        .as_deref()
        .unwrap()
        .starts_with("Audit result overridden: allowPrivilegeEscalation not set"));
}

/// KALM's tooling stores kubeaudit's lines as one JSON array; it reads the same as the lines.
#[test]
fn kalm_storage_fixture() {
    let report = common::parse_fixture(kubeaudit(), KALM_STORAGE);
    // 7 entries, all results (scripts/fixtures/kubeaudit.py count).
    assert_eq!(report.findings.len(), 7);
    assert_eq!(report.tool_version.as_deref(), Some("0.22.2"));
    common::assert_all_mapped(&report);
    let f = common::first_of(&report.findings, "PrivilegedTrue");
    assert_eq!(f.check_id.as_deref(), Some("POD-032-2"));
    assert_eq!(f.severity, Severity::High);
    assert!(f.message.as_deref().unwrap().ends_with("(container app)"));
    let f = common::first_of(&report.findings, "ImageTagMissing");
    assert_eq!(f.severity, Severity::Medium);
    assert_eq!(f.raw_severity.as_deref(), Some("warning"));
    assert_eq!(f.check_id.as_deref(), Some("SC-002-3"));
    let f = common::first_of(
        &report.findings,
        "MissingDefaultDenyIngressAndEgressNetworkPolicy",
    );
    assert_eq!(f.object.kind.as_deref(), Some("Namespace"));
    assert_eq!(f.object.namespace, None);
    assert_eq!(f.check_id.as_deref(), Some("NP-001"));

    // The same entries written back as kubeaudit's lines give the same findings.
    let entries: Vec<serde_json::Value> = serde_json::from_slice(&fixture(KALM_STORAGE)).unwrap();
    let lines: String = entries.iter().map(|e| format!("{e}\n")).collect();
    let from_lines = kubeaudit()
        .parse(lines.as_bytes(), "kubeaudit_v0.22.2_kalm-storage.jsonl")
        .unwrap();
    assert_eq!(rows(&report), rows(&from_lines));
    // Log lines KALM kept in the list are skipped, as they are in the lines.
    let with_log = format!(
        "[{{\"level\": \"info\", \"msg\": \"auditing\"}}, {}",
        &String::from_utf8(fixture(KALM_STORAGE)).unwrap()[1..]
    );
    let r = kubeaudit().parse(with_log.as_bytes(), "x.json").unwrap();
    assert_eq!(rows(&r), rows(&report));
}

/// An older kubeaudit's JSON lines (see the README for the release and its fields).
#[test]
fn older_release_fixture() {
    let report = common::parse_fixture(kubeaudit(), OLD);
    assert_eq!(report.findings.len(), OLD_RESULTS);
    assert_eq!(report.tool_version.as_deref(), Some("0.19.0"));
    common::assert_all_mapped(&report);
    let f = common::first_of(&report.findings, "PrivilegedTrue");
    assert_eq!(f.check_id.as_deref(), Some("POD-032-2"));
    assert_eq!(f.severity, Severity::High);
    assert_eq!(f.object.kind.as_deref(), Some("Deployment"));
    assert_eq!(f.object.namespace.as_deref(), Some("bench-suite"));
    common::assert_reported_on(&report.findings, "NamespaceHostPIDTrue", "POD-008-2");
    // Before 0.20 the seccomp auditor asked for the annotations, one result per object.
    assert_eq!(
        common::count_rule(&report.findings, "SeccompAnnotationMissing"),
        3
    );
    assert_eq!(
        common::count_rule(&report.findings, "SeccompProfileMissing"),
        0
    );
    let f = common::first_on(
        &report.findings,
        "SeccompAnnotationMissing",
        "sc-002-3-no-tag",
    );
    assert_eq!(f.check_id.as_deref(), Some("SC-002-3"));
    assert_eq!(
        kubeaudit().rules().get(&f.rule_id).unwrap().paths,
        [".metadata.annotations"]
    );
}

/// Results in the 0.19.0 fixture (scripts/fixtures/kubeaudit.py count).
const OLD_RESULTS: usize = 10;

/// This project's committed run: every rule id it reported is in the table.
#[test]
fn committed_results_are_mapped() {
    let dir = Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/../results/kubeaudit"));
    let mut runs = 0;
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_string_lossy().to_string();
        if !name.ends_with(".json") || name.ends_with(".meta.json") {
            continue;
        }
        let report = kubeaudit().parse_file(&path).unwrap();
        assert!(!report.findings.is_empty(), "{name}");
        common::assert_all_mapped(&report);
        runs += 1;
    }
    assert!(runs > 0, "no run in {}", dir.display());
}

#[test]
fn detection() {
    assert!(
        !kubeaudit().detect(b"{\n  \"AuditResultName\": \"x\"\n}\n"),
        "pretty JSON is not kubeaudit's line format"
    );
    assert!(!kubeaudit().detect(b"[{\"policySummary\":{}}]"));
    assert!(!kubeaudit().detect(b"[\"AuditResultName\"]"));
    assert!(kubeaudit().detect(b" [ {\"AuditResultName\": \"PrivilegedTrue\"}]"));
}

#[test]
fn other_tools_outputs_are_rejected_and_not_detected() {
    common::assert_detects_and_rejects_others(kubeaudit());
}

#[test]
fn broken_line_is_named() {
    let text = String::from_utf8(fixture(KALM_SUITE)).unwrap();
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

#[test]
fn bad_input_is_an_error() {
    let storage = fixture(KALM_STORAGE);
    let cut = &storage[..storage.len() - 3];
    common::assert_parse_errors(
        kubeaudit(),
        "f",
        &[
            (b"", Bad::Empty),
            (b"\n \n", Bad::Empty),
            (b"{\"AuditResultName\": \"\xc0\"}\n", Bad::NotUtf8),
            (cut, Bad::Json),
            (b"[]", Bad::WrongShape),
            (b"[1, 2]", Bad::WrongShape),
            (b"[{\"level\": \"info\", \"msg\": \"m\"}]", Bad::WrongShape),
            (b"{\"level\": \"info\", \"msg\": \"m\"}\n", Bad::WrongShape),
            (b"not json\n", Bad::Mentions("line 1")),
        ],
    );
}

#[test]
fn cut_outputs_are_json_errors() {
    for rel in [TWO, KALM_SUITE, KALM_STORAGE, OLD] {
        common::assert_cut_recording_is_json_error(kubeaudit(), rel, common::usual_cuts);
    }
}

#[test]
fn mangled_output_never_panics() {
    for rel in [KALM_SUITE, KALM_STORAGE] {
        common::assert_mangled_output_never_panics(kubeaudit(), rel);
    }
}

#[test]
fn unknown_rule_is_kept_and_flagged() {
    common::assert_unknown_rule_flagged(
        kubeaudit(),
        &fixture(TWO),
        TWO,
        &UnknownRule {
            edit: Edit::First("\"PrivilegedTrue\"", "\"PrivilegedSomethingNew\""),
            rule_id: "PrivilegedSomethingNew",
            total: 4,
            on: None,
            sole: true,
        },
    );
}

/// Real output: kubeaudit 0.22.2 `all --format json` on KALM 2024's 235 manifests joined into
/// one stream (what the harness does with several files). 57 lines, counted with python3.
#[test]
fn kalm_suite_fixture() {
    let report = common::parse_fixture(kubeaudit(), KALM_SUITE);
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

//! checkov adapter on real outputs committed as fixtures (`tests/fixtures/checkov/`, see its
//! README): this project's 3.3.30 run and KALM's 3.3.30 recording (both trimmed), a 3.3.30 run
//! of two frameworks (a list of reports), a 2.x run (one report object); the committed results;
//! bad input; and a live run of the installed checkov.

mod common;

use std::path::Path;

use common::{fixture, Bad, Edit, UnknownRule};

use adapters::scanners::checkov::Checkov;
use adapters::{Parser, Severity};

/// This project's run on its suite, trimmed to six objects' failed checks.
const MANIFESTS: &str = "checkov/checkov_v3.3.30_manifests-suite.json";
/// KALM's recording on its 2024 suite, trimmed to eight objects' failed checks.
const KALM: &str = "checkov/checkov_v3.3.30_kalm-2024-suite.json";
/// `--framework kubernetes dockerfile`: a list of two reports.
const TWO_FRAMEWORKS: &str = "checkov/checkov_v3.3.30_two-frameworks.json";
/// checkov 2.x on three suite manifests.
const V2: &str = "checkov/checkov_v2.0.1230_manifests.json";

fn failed_with_version(report: &adapters::Report, version: &str) {
    assert_eq!(report.tool_version.as_deref(), Some(version));
    assert!(report
        .findings
        .iter()
        .all(|f| f.tool_version.as_deref() == Some(version)));
}

#[test]
fn manifests_run_fixture() {
    let report = common::parse_fixture(&Checkov, MANIFESTS);
    // 15 = len(results.failed_checks), python3 on the fixture (see its README).
    assert_eq!(report.findings.len(), 15);
    failed_with_version(&report, "3.3.30");
    common::assert_all_mapped(&report);
    assert!(report.findings.iter().all(|f| f.check_id.is_some()));

    let f = common::first_on(
        &report.findings,
        "CKV_K8S_16",
        "pod-032-2-privileged-container",
    );
    assert_eq!(f.object.kind.as_deref(), Some("Deployment"));
    assert_eq!(f.object.namespace.as_deref(), Some("bench-suite"));
    assert_eq!(f.check_id.as_deref(), Some("POD-032-2"));
    assert_eq!(f.severity, Severity::Medium);
    assert_eq!(f.raw_severity, None);
    assert_eq!(
        f.file.as_deref(),
        Some("/pod-032-2-privileged-container.yaml")
    );
    assert_eq!(f.line, Some(19));
    assert_eq!(
        f.path.as_deref(),
        Some(".spec.containers[].securityContext.privileged")
    );

    let f = common::first_on(&report.findings, "CKV_K8S_17", "pod-008-2-host-pid");
    assert_eq!(f.check_id.as_deref(), Some("POD-008-2"));
    // No evaluated key: the rule's table paths stand for it.
    assert_eq!(f.path, None);
    assert_eq!(
        Checkov.rules().get("CKV_K8S_17").unwrap().paths,
        [".spec.hostPID"]
    );

    let f = common::first_on(
        &report.findings,
        "CKV_K8S_21",
        "ns-001-workload-in-default-namespace",
    );
    assert_eq!(f.object.namespace.as_deref(), Some("default"));
    assert_eq!(f.check_id.as_deref(), Some("NS-001"));

    // The API server static pod: nine flag and pod checks on one object.
    let cp: Vec<_> = report
        .findings
        .iter()
        .filter(|f| f.check_id.as_deref() == Some("CP-001-1"))
        .collect();
    assert_eq!(cp.len(), 9);
    let f = common::first_of(&report.findings, "CKV_K8S_68");
    assert_eq!(f.object.kind.as_deref(), Some("Pod"));
    assert_eq!(f.object.namespace.as_deref(), Some("kube-system"));
    assert_eq!(f.path.as_deref(), Some(".spec.containers[].command"));
    assert_eq!(f.line, Some(1));
    assert_eq!(
        Checkov.rules().get("CKV_K8S_68").unwrap().category,
        "Infrastructure"
    );

    let f = common::first_of(&report.findings, "CKV2_K8S_5");
    assert_eq!(f.object.kind.as_deref(), Some("RoleBinding"));
    assert_eq!(f.check_id.as_deref(), Some("RBAC-003-1"));
    assert_eq!(f.line, Some(45));
    assert_eq!(
        common::count_rule(&report.findings, "CKV_K8S_49"),
        1,
        "one wildcard Role"
    );
}

#[test]
fn kalm_recording_fixture() {
    let report = common::parse_fixture(&Checkov, KALM);
    // 9 = len(results.failed_checks), python3 on the fixture.
    assert_eq!(report.findings.len(), 9);
    failed_with_version(&report, "3.3.30");
    common::assert_all_mapped(&report);
    assert!(report.findings.iter().all(|f| f.check_id.is_some()));

    let find = |rule: &str, name: &str| common::first_on(&report.findings, rule, name);
    let f = find("CKV_K8S_16", "pod-032-2-privileged-container");
    assert_eq!(f.object.kind.as_deref(), Some("Deployment"));
    assert_eq!(f.object.namespace.as_deref(), Some("kalm-benchmark"));
    assert_eq!(f.check_id.as_deref(), Some("POD-032-2"));
    assert_eq!(f.severity, Severity::Medium);
    assert_eq!(f.raw_severity, None);
    assert_eq!(
        f.rule_title.as_deref(),
        Some("Container should not be privileged")
    );
    assert_eq!(
        f.file.as_deref(),
        Some("/pod-032-2-privileged-container.yaml")
    );
    assert_eq!(f.line, Some(15));
    assert_eq!(
        f.path.as_deref().unwrap(),
        ".spec.containers[].securityContext.privileged"
    );

    let f = find(
        "CKV_K8S_12",
        "res-001-1-default-memory-requests-from-namespace",
    );
    assert_eq!(
        f.path.as_deref().unwrap(),
        ".spec.containers[].resources.requests.memory"
    );
    assert_eq!(f.check_id.as_deref(), Some("RES-001-1"));

    let f = find("CKV_K8S_49", "rbac-003-4-cluster-all-ns-verbs");
    assert_eq!(f.object.kind.as_deref(), Some("ClusterRole"));
    assert_eq!(f.path, None);
    assert_eq!(f.check_id.as_deref(), Some("RBAC-003-4"));

    let f = find("CKV_K8S_21", "ns-001-use-default-namespace-dedicated-sa");
    assert_eq!(f.object.kind.as_deref(), Some("ServiceAccount"));
    assert_eq!(f.object.namespace.as_deref(), Some("default"));

    let f = find(
        "CKV_K8S_42",
        "rbac-007-1-role-binds-default-serviceaccount-rb-rbac-007-1-role-bind-default-sa",
    );
    assert_eq!(f.object.kind.as_deref(), Some("RoleBinding"));
    assert_eq!(f.check_id.as_deref(), Some("RBAC-007-1"));

    let f = find("CKV_K8S_25", "pod-035-7-using-insecure-capability-kill");
    assert_eq!(
        f.path.as_deref().unwrap(),
        ".spec.containers[].securityContext.capabilities.add"
    );
    assert_eq!(common::count_rule(&report.findings, "CKV_K8S_25"), 3);
}

/// checkov prints a list of reports when several frameworks ran; a Dockerfile's checks are not
/// Kubernetes rules and stay unmapped.
#[test]
fn two_frameworks_fixture() {
    let report = common::parse_fixture(&Checkov, TWO_FRAMEWORKS);
    // 3 dockerfile + 4 kubernetes failed checks (python3).
    assert_eq!(report.findings.len(), 7);
    failed_with_version(&report, "3.3.30");
    let ids: Vec<_> = report.findings.iter().map(|f| f.rule_id.as_str()).collect();
    assert_eq!(
        ids,
        [
            "CKV_DOCKER_7",
            "CKV_DOCKER_2",
            "CKV_DOCKER_3",
            "CKV_K8S_49",
            "CKV_K8S_16",
            "CKV2_K8S_6",
            "CKV2_K8S_5"
        ]
    );
    assert!(report.findings[..3].iter().all(|f| f.unmapped));
    assert!(report.findings[3..].iter().all(|f| !f.unmapped));
    assert_eq!(report.findings[0].file.as_deref(), Some("/Dockerfile"));
    assert_eq!(report.findings[0].check_id, None);
    // A graph check appends the pod's labels to the resource name.
    let g = common::first_of(&report.findings, "CKV2_K8S_6");
    assert_eq!(g.object.kind.as_deref(), Some("Pod"));
    assert_eq!(
        g.object.name.as_deref(),
        Some("pod-032-2-privileged-container")
    );
    assert_eq!(g.check_id.as_deref(), Some("POD-032-2"));
    // Its only evaluated key is `resource_type`, a graph attribute: no path.
    assert_eq!(g.path, None);
    let f = common::first_of(&report.findings, "CKV_K8S_16");
    assert_eq!(
        f.file.as_deref(),
        Some("/two/pod-032-2-privileged-container.yaml")
    );
}

/// checkov 2.x prints the same report object for one framework.
#[test]
fn v2_run_fixture() {
    let report = common::parse_fixture(&Checkov, V2);
    // See the fixture's README for the python3 count.
    assert_eq!(report.findings.len(), V2_FAILED);
    failed_with_version(&report, "2.0.1230");
    common::assert_all_mapped(&report);
    let f = common::first_on(
        &report.findings,
        "CKV_K8S_16",
        "pod-032-2-privileged-container",
    );
    assert_eq!(f.check_id.as_deref(), Some("POD-032-2"));
    assert_eq!(f.severity, Severity::Medium);
    assert_eq!(
        f.path.as_deref(),
        Some(".spec.containers[].securityContext.privileged")
    );
    assert_eq!(
        f.file.as_deref(),
        Some("/manifests/pod-032-2-privileged-container.yaml")
    );
    assert_eq!(f.line, Some(19));
    common::assert_reported_on(&report.findings, "CKV_K8S_21", "NS-001");
    common::assert_reported_on(&report.findings, "CKV_K8S_49", "RBAC-003-1");
}

/// How many failed checks the 2.x fixture holds (python3, see the README).
const V2_FAILED: usize = 3;

/// A hand-made list (kept in `inputs/`, not a real output): a severity checkov does give (the
/// platform's) is used as printed.
#[test]
fn given_severity_is_used() {
    let bytes = fixture("checkov/inputs/list-of-frameworks.json");
    assert!(Checkov.detect(&bytes));
    let report = Checkov.parse(&bytes, "list-of-frameworks.json").unwrap();
    assert_eq!(report.findings.len(), 4);
    let f = common::first_of(&report.findings, "CKV_K8S_49");
    assert_eq!(f.severity, Severity::High);
    assert_eq!(f.raw_severity.as_deref(), Some("HIGH"));
}

/// This project's committed run: every rule id it reported is in the table.
#[test]
fn committed_results_are_mapped() {
    let dir = Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/../results/checkov"));
    let mut runs = 0;
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_string_lossy().to_string();
        if !name.ends_with(".json") || name.ends_with(".meta.json") {
            continue;
        }
        let report = Checkov.parse_file(&path).unwrap();
        assert!(!report.findings.is_empty(), "{name}");
        common::assert_all_mapped(&report);
        runs += 1;
    }
    assert!(runs > 0, "no run in {}", dir.display());
}

#[test]
fn unknown_rule_is_kept_and_flagged() {
    common::assert_unknown_rule_flagged(
        &Checkov,
        &fixture(MANIFESTS),
        MANIFESTS,
        &UnknownRule {
            edit: Edit::First("\"CKV_K8S_16\"", "\"CKV_K8S_99999\""),
            rule_id: "CKV_K8S_99999",
            total: 15,
            on: None,
            sole: true,
        },
    );
}

#[test]
fn summary_only_output_has_no_findings() {
    // What checkov prints when the folder has nothing to scan.
    let text = br#"{"passed": 0, "failed": 0, "skipped": 0, "parsing_errors": 0, "resource_count": 0, "checkov_version": "3.3.30"}"#;
    assert!(Checkov.detect(text));
    let report = common::parse_no_findings(&Checkov, text, "x.json");
    assert_eq!(report.tool_version.as_deref(), Some("3.3.30"));
}

#[test]
fn bad_input_is_an_error() {
    let whole = fixture(TWO_FRAMEWORKS);
    let cut = &whole[..whole.len() / 2];
    common::assert_parse_errors(
        &Checkov,
        "f",
        &[
            (b"", Bad::Empty),
            (b" \n", Bad::Empty),
            (b"{\"check_type\": \"kub\xff\"}", Bad::NotUtf8),
            (cut, Bad::Json),
            (b"[]", Bad::WrongShape),
            (b"42", Bad::WrongShape),
            (
                br#"{"check_type": "kubernetes", "results": {"failed_checks": 3}}"#,
                Bad::WrongShape,
            ),
            (b"{\"a\": 1}", Bad::Mentions("checkov")),
        ],
    );
}

#[test]
fn cut_outputs_are_json_errors() {
    for rel in [MANIFESTS, KALM, TWO_FRAMEWORKS, V2] {
        common::assert_cut_recording_is_json_error(&Checkov, rel, common::usual_cuts);
    }
}

#[test]
fn mangled_output_never_panics() {
    common::assert_mangled_output_never_panics(&Checkov, MANIFESTS);
}

#[test]
fn other_tools_outputs_are_rejected_and_not_detected() {
    common::assert_detects_and_rejects_others(&Checkov);
}

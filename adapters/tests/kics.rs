//! KICS adapter on the recorded KALM run and on bad input.

mod common;

use std::path::{Path, PathBuf};

use common::{recorded, Bad, Edit, UnknownRule};

use adapters::scanners::kics::Kics;
use adapters::{OutputSink, Scanner, Severity};

const RECORDED: &str = "kics_v1.7.12_2024-01-15.json";

#[test]
fn recorded_run_parses_completely() {
    let Some(report) = common::parse_recorded_file(&Kics, RECORDED) else {
        return;
    };
    // 392 = sum of len(files) over queries (python3), equal to the report's own total_counter.
    assert_eq!(report.findings.len(), 392);
    assert_eq!(report.tool_version.as_deref(), Some("1.7.12"));
    common::assert_all_mapped(&report);
    assert!(
        report.findings.iter().all(|f| f.check_id.is_some()),
        "a finding without check id"
    );
    // 390 of 392 entries name their object; the two secret findings name only the file.
    assert_eq!(
        report
            .findings
            .iter()
            .filter(|f| f.object.name.is_some())
            .count(),
        390
    );
    // Severity counters in the report: HIGH 14, MEDIUM 110, LOW 267, INFO 1.
    let count = |s| report.findings.iter().filter(|f| f.severity == s).count();
    assert_eq!(
        (
            count(Severity::High),
            count(Severity::Medium),
            count(Severity::Low),
            count(Severity::Info)
        ),
        (14, 110, 267, 1)
    );

    let find = |rule: &str, name: Option<&str>| common::first_on(&report.findings, rule, name);
    let f = find(
        "dd29336b-fe57-445b-a26e-e6aa867ae609",
        Some("pod-032-2-privileged-container"),
    );
    assert_eq!(f.rule_title.as_deref(), Some("Container Is Privileged"));
    assert_eq!(f.severity, Severity::High);
    assert_eq!(f.raw_severity.as_deref(), Some("HIGH"));
    assert_eq!(f.object.kind.as_deref(), Some("Deployment"));
    assert_eq!(f.line, Some(79));
    assert_eq!(
        f.path.as_deref(),
        Some(".spec.containers[].securityContext.privileged")
    );
    assert_eq!(f.check_id.as_deref(), Some("POD-032-2"));

    let f = find(
        "1e749bc9-fde8-471c-af0c-8254efd2dee5",
        Some("rbac-007-1-role-binds-default-serviceaccount-rb-rbac-007-1-role-bind-default-sa"),
    );
    assert_eq!(f.object.kind.as_deref(), Some("RoleBinding"));
    assert_eq!(f.path.as_deref(), Some(".subjects[]"));
    assert_eq!(f.check_id.as_deref(), Some("RBAC-007-1"));

    let f = find(
        "249328b8-5f0f-409f-b1dd-029f07882e11",
        Some("rbac-001-2-use-cluster-admin-role-cluster-wide-rb-cluster-admin"),
    );
    assert_eq!(f.severity, Severity::Low);
    assert_eq!(f.path.as_deref(), Some(".roleRef.name"));

    let f = find(
        "611ab018-c4aa-4ba2-b0f6-a448337509a6",
        Some("ns-001-use-default-namespace"),
    );
    assert_eq!(f.path.as_deref(), Some(".metadata.namespace"));
    assert_eq!(f.check_id.as_deref(), Some("NS-001"));

    // A finding that names only a file: the check id comes from the file name.
    let f = find("487f4be7-3fd9-4506-a07a-eae252180c08", None);
    assert_eq!(
        f.file.as_deref(),
        Some("../../manifests/cm-001-sensitive-key-referenced-in-configmap.yaml")
    );
    assert_eq!(f.line, Some(14));
    assert_eq!(f.path, None);
    assert_eq!(f.check_id.as_deref(), Some("CM-001"));

    let f = find(
        "9127f0d9-2310-42e7-866f-5fd9d20dcbad",
        Some("pod-021-1-using-sysctl-net.ipv4.tcp-keepalive-time"),
    );
    assert_eq!(f.path.as_deref(), Some(".spec.securityContext.sysctls[]"));
    assert_eq!(f.check_id.as_deref(), Some("POD-021-1"));
    assert!(f
        .message
        .as_deref()
        .unwrap()
        .contains("is an unsafe sysctl"));

    // The query-level key alone (LimitRange) has no field path.
    let f = find(
        "4a20ebac-1060-4c81-95d1-1f7f620e983b",
        Some("sc-002-1-tag-instead-of-digest-is-fine"),
    );
    assert_eq!(f.path, None);
    assert_eq!(
        common::count_rule(&report.findings, "4a20ebac-1060-4c81-95d1-1f7f620e983b"),
        126
    );
}

#[test]
fn unknown_rule_is_kept_and_flagged() {
    let Some(bytes) = recorded(RECORDED) else {
        return;
    };
    common::assert_unknown_rule_flagged(
        &Kics,
        &bytes,
        RECORDED,
        &UnknownRule {
            edit: Edit::First(
                "dd29336b-fe57-445b-a26e-e6aa867ae609",
                "00000000-0000-0000-0000-000000000000",
            ),
            rule_id: "00000000-0000-0000-0000-000000000000",
            total: 392,
            on: None,
            sole: true,
        },
    );
}

#[test]
fn version_without_file_name_hint() {
    let text = br#"{"kics_version": "v2.1.12", "queries": null}"#;
    let report = common::parse_no_findings(&Kics, text, "results.json");
    assert_eq!(report.tool_version.as_deref(), Some("2.1.12"));
    assert_eq!(
        Kics.parse_version("Keeping Infrastructure as Code Secure v1.7.12\n")
            .as_deref(),
        Some("1.7.12")
    );
}

#[test]
fn scan_plan_writes_results_json() {
    let plan = Kics.scan_plan(
        Path::new("/nowhere/kics"),
        Path::new("/suite"),
        &[],
        Path::new("/work dir"),
    );
    assert_eq!(
        plan.output,
        OutputSink::File(PathBuf::from("/work dir/results.json"))
    );
    assert_eq!(plan.args[0], "scan");
    let pos = plan.args.iter().position(|a| a == "-o").unwrap();
    assert_eq!(plan.args[pos + 1], "/work dir");
    assert!(plan
        .args
        .windows(2)
        .any(|w| w == ["--report-formats", "json"]));
    // No queries folder beside a binary that is not there.
    assert!(!plan.args.iter().any(|a| a == "-q"));
}

#[test]
fn bad_input_is_an_error() {
    common::assert_parse_errors(
        &Kics,
        "f",
        &[
            (b"", Bad::Empty),
            (b"{\"kics_version\": \"v1\xc3\x28\"}", Bad::NotUtf8),
            (
                br#"{"kics_version": "v1.7.12", "queries": [{"query_id": "x", "files": [{"line": "#,
                Bad::Json,
            ),
            (b"[1, 2]", Bad::WrongShape),
            (br#"{"queries": []}"#, Bad::WrongShape),
            (
                br#"{"kics_version": "v1", "queries": {"a": 1}}"#,
                Bad::WrongShape,
            ),
        ],
    );
    common::assert_cut_recording_is_json_error(&Kics, RECORDED, |len| vec![len / 3]);
}

#[test]
fn other_tools_outputs_are_rejected_and_not_detected() {
    common::assert_detects_and_rejects_others(&Kics, "kics_");
}

/// Runs the installed KICS (`.tools/bin/kics`, queries in `.tools/kics-assets`) with the
/// adapter's own scan plan on suite manifests and checks the parser against the raw report.
#[test]
fn live_run_agrees_with_raw_output() {
    let Some((bin, manifests)) = common::live_tool(".tools/bin/kics", &[]) else {
        return;
    };
    let (dir, suite) = common::live_suite(
        "kics",
        &manifests,
        &[
            "pod-032-2-privileged-container.yaml",
            "ns-001-use-default-namespace.yaml",
            "rbac-003-1-role-use-resource-wildcard.yaml",
        ],
    );
    let work = dir.join("out");
    std::fs::create_dir_all(&work).unwrap();
    let plan = Kics.scan_plan(&bin, &suite, &[], &work);
    assert!(
        plan.args.iter().any(|a| a == "-q"),
        "the queries folder beside .tools/bin is found"
    );
    assert!(
        matches!(plan.output, OutputSink::File(_)),
        "KICS writes a file"
    );
    let bytes = common::run_plan_output(&plan, &[0]);
    let raw: serde_json::Value = serde_json::from_slice(&bytes).unwrap();
    let expected: usize = raw["queries"]
        .as_array()
        .unwrap()
        .iter()
        .map(|q| q["files"].as_array().unwrap().len())
        .sum();
    let report = common::parse_live_output(&Kics, &bytes, "results.json", expected);
    assert_eq!(report.tool_version, common::installed_version(&Kics, &bin));
    // The privileged container is reported.
    let f = common::first_of(&report.findings, "dd29336b-fe57-445b-a26e-e6aa867ae609");
    assert_eq!(
        f.path.as_deref(),
        Some(".spec.containers[].securityContext.privileged")
    );
    assert_eq!(f.check_id.as_deref(), Some("POD-032-2"));
    // Every query that fired on these Kubernetes manifests is in the table.
    common::assert_all_mapped(&report);
    let _ = std::fs::remove_dir_all(&dir);
}

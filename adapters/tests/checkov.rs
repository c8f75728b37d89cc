//! checkov adapter on the recorded KALM run, a hand-written list-of-frameworks fixture, and bad input.

mod common;

use std::path::Path;

use common::{fixture, recorded, Bad, Edit, UnknownRule};

use adapters::scanners::checkov::Checkov;
use adapters::{Scanner, Severity};

const RECORDED: &str = "checkov_v3.3.30_2026-11-26.json";

#[test]
fn recorded_run_parses_completely() {
    let Some(report) = common::parse_recorded_file(&Checkov, RECORDED) else {
        return;
    };
    // 85 = len(results.failed_checks), counted with python3 on the raw JSON.
    assert_eq!(report.findings.len(), 85);
    assert_eq!(report.tool_version.as_deref(), Some("3.3.30"));
    assert!(report
        .findings
        .iter()
        .all(|f| f.tool_version.as_deref() == Some("3.3.30")));
    // Every rule id in the file is in the table.
    common::assert_all_mapped(&report);
    // Every object in the suite carries a check id.
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
    assert_eq!(common::count_rule(&report.findings, "CKV_K8S_25"), 25);
}

#[test]
fn unknown_rule_is_kept_and_flagged() {
    let Some(bytes) = recorded(RECORDED) else {
        return;
    };
    common::assert_unknown_rule_flagged(
        &Checkov,
        &bytes,
        RECORDED,
        &UnknownRule {
            edit: Edit::First("\"CKV_K8S_16\"", "\"CKV_K8S_99999\""),
            rule_id: "CKV_K8S_99999",
            total: 85,
            on: None,
            sole: true,
        },
    );
}

#[test]
fn list_of_frameworks_fixture() {
    let bytes = fixture("checkov/list-of-frameworks.json");
    assert!(Checkov.detect(&bytes));
    let report = Checkov.parse(&bytes, "list-of-frameworks.json").unwrap();
    assert_eq!(report.findings.len(), 4);
    assert_eq!(report.tool_version.as_deref(), Some("3.3.30"));
    let ids: Vec<_> = report.findings.iter().map(|f| f.rule_id.as_str()).collect();
    assert_eq!(
        ids,
        ["CKV_DOCKER_7", "CKV_K8S_16", "CKV_K8S_49", "CKV2_K8S_6"]
    );
    // The Dockerfile check is not a Kubernetes rule: kept, flagged unmapped.
    assert!(report.findings[0].unmapped);
    assert!(report.findings[1..].iter().all(|f| !f.unmapped));
    // A severity checkov does give is used.
    assert_eq!(report.findings[2].severity, Severity::High);
    assert_eq!(report.findings[2].raw_severity.as_deref(), Some("HIGH"));
    // Graph checks append labels to the resource name.
    let g = &report.findings[3];
    assert_eq!(
        g.object.name.as_deref(),
        Some("pod-032-2-privileged-container")
    );
    assert_eq!(g.object.kind.as_deref(), Some("Pod"));
    assert_eq!(g.check_id.as_deref(), Some("POD-032-2"));
    assert_eq!(g.path, None);
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
fn versions_from_version_output() {
    assert_eq!(Checkov.parse_version("3.3.30\n").as_deref(), Some("3.3.30"));
    assert_eq!(Checkov.parse_version("").as_deref(), None);
}

#[test]
fn scan_plan_is_an_argv() {
    let plan = Checkov.scan_plan(
        Path::new("/x/checkov"),
        Path::new("/s u/manifests"),
        &[],
        Path::new("/w"),
    );
    assert_eq!(
        plan.args[..2],
        ["-d".to_string(), "/s u/manifests".to_string()]
    );
    assert!(plan.args.iter().any(|a| a == "--skip-download"));
    assert!(plan.args.iter().any(|a| a == "--quiet"));
    assert!(plan
        .env
        .iter()
        .any(|(k, v)| k == "BC_SKIP_MAPPING" && v == "TRUE"));
    assert_eq!(plan.output, adapters::OutputSink::Stdout);
}

#[test]
fn bad_input_is_an_error() {
    let whole = fixture("checkov/list-of-frameworks.json");
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
fn other_tools_outputs_are_rejected_and_not_detected() {
    common::assert_detects_and_rejects_others(&Checkov, "checkov_");
}

/// Runs the installed checkov (`.tools/checkov-venv`) with the adapter's own scan plan on three
/// suite manifests and checks the parser against the raw JSON it printed.
#[test]
fn live_run_agrees_with_raw_output() {
    let Some((bin, manifests)) = common::live_tool(".tools/checkov-venv/bin/checkov", &[]) else {
        return;
    };
    let (dir, suite) = common::live_suite(
        "checkov",
        &manifests,
        &[
            "pod-032-2-privileged-container.yaml",
            "rbac-003-1-role-use-resource-wildcard.yaml",
            "ns-001-use-default-namespace.yaml",
        ],
    );
    let plan = Checkov.scan_plan(&bin, &suite, &[], &dir);
    // Exit 1 means "failed checks found".
    let stdout = common::run_plan_output(&plan, &[0, 1]);
    let raw: serde_json::Value = serde_json::from_slice(&stdout).unwrap();
    let reports: Vec<&serde_json::Value> = match &raw {
        serde_json::Value::Array(list) => list.iter().collect(),
        other => vec![other],
    };
    let failed: usize = reports
        .iter()
        .map(|r| {
            r["results"]["failed_checks"]
                .as_array()
                .map_or(0, |a| a.len())
        })
        .sum();
    let report = common::parse_live_output(&Checkov, &stdout, "live.json", failed);
    let version = common::installed_version(&Checkov, &bin);
    assert!(version.is_some());
    assert_eq!(report.tool_version, version);
    // The privileged container is reported.
    let f = common::first_of(&report.findings, "CKV_K8S_16");
    assert_eq!(
        f.object.name.as_deref(),
        Some("pod-032-2-privileged-container")
    );
    assert_eq!(f.check_id.as_deref(), Some("POD-032-2"));
    assert_eq!(
        f.path.as_deref().unwrap(),
        ".spec.containers[].securityContext.privileged"
    );
    common::assert_reported_on(&report.findings, "CKV_K8S_21", "NS-001");
    let _ = std::fs::remove_dir_all(&dir);
}

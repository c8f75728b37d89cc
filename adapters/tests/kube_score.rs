//! kube-score adapter on the recorded KALM run (a list of per-file lists) and on bad input.

mod common;

use std::path::{Path, PathBuf};

use common::{Bad, Edit, UnknownRule};

use adapters::scanners::kube_score::KubeScore;
use adapters::{Scanner, Severity};

const RECORDED: &str = "kube-score_v1.17.0_2024-01-15.json";

const ONE_RUN: &str = r#"[{"object_name": "Deployment/apps/v1/ns1/pod-032-2-privileged-container",
  "type_meta": {"kind": "Deployment", "apiVersion": "apps/v1"},
  "object_meta": {"name": "pod-032-2-privileged-container", "namespace": "ns1"},
  "checks": [
    {"check": {"name": "Container Security Context Privileged", "id": "container-security-context-privileged"},
     "grade": 1, "skipped": false,
     "comments": [{"path": "app", "summary": "The container is privileged", "description": "Set privileged to false"},
                  {"path": "side", "summary": "The container is privileged", "description": ""}]},
    {"check": {"name": "Pod NetworkPolicy", "id": "pod-networkpolicy"}, "grade": 7, "skipped": false, "comments": null},
    {"check": {"name": "Stable version", "id": "stable-version"}, "grade": 10, "skipped": false, "comments": null},
    {"check": {"name": "Container Ports Check", "id": "container-ports-check"}, "grade": 1, "skipped": true,
     "comments": [{"path": "", "summary": "Skipped because container-ports-check is ignored", "description": ""}]}
  ],
  "file_name": "manifests/pod-032-2-privileged-container.yaml", "file_row": 15}]"#;

#[test]
fn recorded_run_parses_completely() {
    let Some(report) = common::parse_recorded_file(&KubeScore, RECORDED) else {
        return;
    };
    // 164 = checks with skipped == false and 0 < grade < 10, one comment each (python3).
    assert_eq!(report.findings.len(), 164);
    assert_eq!(report.tool_version.as_deref(), Some("1.17.0"));
    common::assert_all_mapped(&report);
    // Grades: 158 critical (1), 6 warning (5).
    assert_eq!(
        report
            .findings
            .iter()
            .filter(|f| f.severity == Severity::Critical)
            .count(),
        158
    );
    assert_eq!(
        report
            .findings
            .iter()
            .filter(|f| f.severity == Severity::Medium)
            .count(),
        6
    );
    assert_eq!(
        common::count_rule(&report.findings, "pod-networkpolicy"),
        127
    );
    // Only the two NetworkPolicies of the suite's shared namespaces carry no check id.
    let without = common::without_check_id(&report.findings);
    assert_eq!(without.len(), 2);
    assert!(without.iter().all(|f| f
        .object
        .name
        .as_deref()
        .unwrap()
        .starts_with("kalm-benchmark")));

    let find = |rule: &str, name: &str| common::first_on(&report.findings, rule, name);
    let f = find(
        "container-security-context-privileged",
        "pod-032-2-privileged-container",
    );
    assert_eq!(f.object.kind.as_deref(), Some("Deployment"));
    assert_eq!(f.object.namespace.as_deref(), Some("kalm-benchmark"));
    assert_eq!(f.severity, Severity::Critical);
    assert_eq!(f.raw_severity.as_deref(), Some("CRITICAL"));
    assert_eq!(f.check_id.as_deref(), Some("POD-032-2"));
    assert_eq!(f.line, Some(15));
    assert_eq!(
        f.rule_title.as_deref(),
        Some("Container Security Context Privileged")
    );
    assert!(f
        .message
        .as_deref()
        .unwrap()
        .starts_with("app: The container is privileged"));

    let f = find("container-image-tag", "sc-002-2-using-latest-image-tag");
    assert_eq!(f.check_id.as_deref(), Some("SC-002-2"));
    let f = find(
        "container-image-pull-policy",
        "sc-001-1-imagepullpolicy-defaults-to-always",
    );
    assert_eq!(f.file.as_deref(), Some("/home/me/Dev/Kalm-Benchmark/manifests/sc-001-1-imagepullpolicy-defaults-to-always.yaml"));
    let f = find(
        "container-security-context-user-group-id",
        "pod-019-1-default-to-root-group",
    );
    assert!(f.message.as_deref().unwrap().contains("low group ID"));
    let f = find("networkpolicy-targets-pod", "kalm-benchmark");
    assert_eq!(f.object.kind.as_deref(), Some("NetworkPolicy"));
    assert_eq!(f.object.namespace, None);
    assert_eq!(f.line, Some(43));
    let f = find(
        "container-ephemeral-storage-request-and-limit",
        "res-005-1-default-ephemeral-storage-requests-from-namespace",
    );
    assert_eq!(f.severity, Severity::Medium);
    assert_eq!(f.raw_severity.as_deref(), Some("WARNING"));
}

#[test]
fn one_run_output() {
    let report = KubeScore
        .parse(ONE_RUN.as_bytes(), "kube-score_v1.20.0_2026-01-01.json")
        .unwrap();
    assert!(KubeScore.detect(ONE_RUN.as_bytes()));
    assert_eq!(report.tool_version.as_deref(), Some("1.20.0"));
    // Two comments of the critical check, the almost-ok check without comments; not the ok or
    // skipped ones.
    let got = common::rule_severities(&report.findings);
    assert_eq!(
        got,
        [
            ("container-security-context-privileged", Severity::Critical),
            ("container-security-context-privileged", Severity::Critical),
            ("pod-networkpolicy", Severity::Low),
        ]
    );
    assert_eq!(
        report.findings[1].message.as_deref(),
        Some("side: The container is privileged")
    );
    assert_eq!(report.findings[0].object.namespace.as_deref(), Some("ns1"));
    // A list holding a per-file null (a file kube-score found nothing in) is fine.
    let with_null = format!("[null, {ONE_RUN}]");
    assert_eq!(
        KubeScore
            .parse(with_null.as_bytes(), "x")
            .unwrap()
            .findings
            .len(),
        3
    );
}

#[test]
fn unknown_rule_is_kept_and_flagged() {
    common::assert_unknown_rule_flagged(
        &KubeScore,
        ONE_RUN.as_bytes(),
        "x",
        &UnknownRule {
            edit: Edit::All("\"pod-networkpolicy\"", "\"pod-brand-new-check\""),
            rule_id: "pod-brand-new-check",
            total: 3,
            on: None,
            sole: true,
        },
    );
}

#[test]
fn versions_and_plan() {
    assert_eq!(
        KubeScore
            .parse_version(
                "kube-score version: 1.17.0, commit: 9a1b2c, built: 2023-10-01T10:00:00Z"
            )
            .as_deref(),
        Some("1.17.0")
    );
    assert_eq!(
        KubeScore.parse_version("kube-score version: development, commit: , built: "),
        None
    );
    let files = [PathBuf::from("/s/a.yaml"), PathBuf::from("/s/b c.yaml")];
    let plan = KubeScore.scan_plan(
        Path::new("kube-score"),
        Path::new("/s"),
        &files,
        Path::new("/w"),
    );
    assert_eq!(
        plan.args,
        ["score", "-o", "json", "/s/a.yaml", "/s/b c.yaml"]
    );
}

#[test]
fn bad_input_is_an_error() {
    let cut = &ONE_RUN.as_bytes()[..ONE_RUN.len() / 2];
    common::assert_parse_errors(
        &KubeScore,
        "f",
        &[
            (b"", Bad::Empty),
            (b"[\xff]", Bad::NotUtf8At(1)),
            (cut, Bad::Json),
            (b"{}", Bad::WrongShape),
            (b"[{\"object\": \"x\"}]", Bad::WrongShape),
            (b"[[1]]", Bad::WrongShape),
        ],
    );
}

#[test]
fn other_tools_outputs_are_rejected_and_not_detected() {
    common::assert_detects_and_rejects_others(&KubeScore, "kube-score_");
}

/// Runs the installed kube-score (`.tools/bin/kube-score`) with the adapter's own scan plan on
/// suite manifests and checks the parser against the raw JSON it printed.
#[test]
fn live_run_agrees_with_raw_output() {
    let Some((bin, manifests)) = common::live_tool(".tools/bin/kube-score", &[]) else {
        return;
    };
    let files: Vec<PathBuf> = [
        "pod-032-2-privileged-container.yaml",
        "ns-001-use-default-namespace.yaml",
        "sc-002-2-using-latest-image-tag.yaml",
    ]
    .iter()
    .map(|n| manifests.join(n))
    .collect();
    let plan = KubeScore.scan_plan(&bin, &manifests, &files, &std::env::temp_dir());
    // Exit 1 means critical findings.
    let stdout = common::run_plan_output(&plan, &[0, 1]);
    let raw: serde_json::Value = serde_json::from_slice(&stdout).unwrap();
    let mut expected = 0;
    for obj in raw.as_array().unwrap() {
        for c in obj["checks"].as_array().unwrap() {
            let grade = c["grade"].as_i64().unwrap();
            if !c["skipped"].as_bool().unwrap() && (1..10).contains(&grade) {
                expected += c["comments"].as_array().map_or(1, |a| a.len().max(1));
            }
        }
    }
    let report = common::parse_live_output(&KubeScore, &stdout, "kube-score.json", expected);
    // The privileged container is reported.
    let f = common::first_of(&report.findings, "container-security-context-privileged");
    assert_eq!(f.check_id.as_deref(), Some("POD-032-2"));
    assert_eq!(f.severity, Severity::Critical);
    common::assert_reported_on(&report.findings, "container-image-tag", "SC-002-2");
    common::assert_all_mapped(&report);
}

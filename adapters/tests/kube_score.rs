//! kube-score adapter on the recorded KALM run (a list of per-file lists) and on bad input.

use std::path::{Path, PathBuf};

use adapters::scanners::kube_score::KubeScore;
use adapters::{ParseErrorKind, Scanner, Severity};

const RECORDED: &str = "kube-score_v1.17.0_2024-01-15.json";

fn results_dir() -> PathBuf {
    Path::new(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../shared/kalm-2024/results"
    ))
    .to_path_buf()
}

fn recorded(name: &str) -> Option<(Vec<u8>, PathBuf)> {
    let path = results_dir().join(name);
    match std::fs::read(&path) {
        Ok(b) => Some((b, path)),
        Err(e) => {
            eprintln!(
                "skipped: {} not readable ({e}); the shared KALM data is absent",
                path.display()
            );
            None
        }
    }
}

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
    let Some((bytes, path)) = recorded(RECORDED) else {
        return;
    };
    let report = KubeScore.parse_file(&path).unwrap();
    // 164 = checks with skipped == false and 0 < grade < 10, one comment each (python3).
    assert_eq!(report.findings.len(), 164);
    assert_eq!(report.tool_version.as_deref(), Some("1.17.0"));
    let unmapped: Vec<_> = report
        .findings
        .iter()
        .filter(|f| f.unmapped)
        .map(|f| &f.rule_id)
        .collect();
    assert!(unmapped.is_empty(), "unmapped: {unmapped:?}");
    assert!(KubeScore.detect(&bytes));
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
        report
            .findings
            .iter()
            .filter(|f| f.rule_id == "pod-networkpolicy")
            .count(),
        127
    );
    // Only the two NetworkPolicies of the suite's shared namespaces carry no check id.
    let without: Vec<_> = report
        .findings
        .iter()
        .filter(|f| f.check_id.is_none())
        .collect();
    assert_eq!(without.len(), 2);
    assert!(without.iter().all(|f| f
        .object
        .name
        .as_deref()
        .unwrap()
        .starts_with("kalm-benchmark")));

    let find = |rule: &str, name: &str| {
        report
            .findings
            .iter()
            .find(|f| f.rule_id == rule && f.object.name.as_deref() == Some(name))
            .unwrap_or_else(|| panic!("no {rule} on {name}"))
    };
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
    let got: Vec<_> = report
        .findings
        .iter()
        .map(|f| (f.rule_id.as_str(), f.severity))
        .collect();
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
    let edited = ONE_RUN.replace("\"pod-networkpolicy\"", "\"pod-brand-new-check\"");
    let report = KubeScore.parse(edited.as_bytes(), "x").unwrap();
    assert_eq!(report.findings.len(), 3);
    let flagged: Vec<_> = report
        .findings
        .iter()
        .filter(|f| f.unmapped)
        .map(|f| f.rule_id.as_str())
        .collect();
    assert_eq!(flagged, ["pod-brand-new-check"]);
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
    assert!(matches!(
        KubeScore.parse(b"", "f"),
        Err(ParseErrorKind::Empty)
    ));
    assert!(matches!(
        KubeScore.parse(b"[\xff]", "f"),
        Err(ParseErrorKind::NotUtf8(1))
    ));
    let cut = &ONE_RUN.as_bytes()[..ONE_RUN.len() / 2];
    assert!(matches!(
        KubeScore.parse(cut, "f"),
        Err(ParseErrorKind::Json { .. })
    ));
    assert!(matches!(
        KubeScore.parse(b"{}", "f"),
        Err(ParseErrorKind::WrongShape { .. })
    ));
    assert!(matches!(
        KubeScore.parse(b"[{\"object\": \"x\"}]", "f"),
        Err(ParseErrorKind::WrongShape { .. })
    ));
    assert!(matches!(
        KubeScore.parse(b"[[1]]", "f"),
        Err(ParseErrorKind::WrongShape { .. })
    ));
}

#[test]
fn other_tools_outputs_are_rejected_and_not_detected() {
    let dir = results_dir();
    let Ok(entries) = std::fs::read_dir(&dir) else {
        eprintln!("skipped: {} absent", dir.display());
        return;
    };
    let mut seen = 0;
    for e in entries.flatten() {
        let name = e.file_name().to_string_lossy().to_string();
        let bytes = std::fs::read(e.path()).unwrap();
        let mine = name.starts_with("kube-score_");
        assert_eq!(KubeScore.detect(&bytes), mine, "detect on {name}");
        if !mine {
            assert!(KubeScore.parse(&bytes, &name).is_err(), "parsed {name}");
        }
        seen += 1;
    }
    assert_eq!(seen, 13);
}

/// Runs the installed kube-score (`.tools/bin/kube-score`) with the adapter's own scan plan on
/// suite manifests and checks the parser against the raw JSON it printed.
#[test]
fn live_run_agrees_with_raw_output() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let bin = root.join(".tools/bin/kube-score");
    let manifests = Path::new(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../shared/kalm-2024/manifests"
    ));
    if !bin.is_file() || !manifests.is_dir() {
        eprintln!(
            "skipped: needs {} and {}",
            bin.display(),
            manifests.display()
        );
        return;
    }
    let files: Vec<PathBuf> = [
        "pod-032-2-privileged-container.yaml",
        "ns-001-use-default-namespace.yaml",
        "sc-002-2-using-latest-image-tag.yaml",
    ]
    .iter()
    .map(|n| manifests.join(n))
    .collect();
    let plan = KubeScore.scan_plan(&bin, manifests, &files, &std::env::temp_dir());
    let out = std::process::Command::new(&plan.program)
        .args(&plan.args)
        .output()
        .unwrap();
    // Exit 1 means critical findings.
    assert!(
        matches!(out.status.code(), Some(0) | Some(1)),
        "{:?}",
        out.status
    );
    let raw: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let mut expected = 0;
    for obj in raw.as_array().unwrap() {
        for c in obj["checks"].as_array().unwrap() {
            let grade = c["grade"].as_i64().unwrap();
            if !c["skipped"].as_bool().unwrap() && (1..10).contains(&grade) {
                expected += c["comments"].as_array().map_or(1, |a| a.len().max(1));
            }
        }
    }
    let report = KubeScore.parse(&out.stdout, "kube-score.json").unwrap();
    assert!(KubeScore.detect(&out.stdout));
    assert!(expected > 0);
    assert_eq!(report.findings.len(), expected);
    let f = report
        .findings
        .iter()
        .find(|f| f.rule_id == "container-security-context-privileged")
        .expect("the privileged container is reported");
    assert_eq!(f.check_id.as_deref(), Some("POD-032-2"));
    assert_eq!(f.severity, Severity::Critical);
    assert!(report
        .findings
        .iter()
        .any(|f| f.rule_id == "container-image-tag" && f.check_id.as_deref() == Some("SC-002-2")));
    let unmapped: Vec<_> = report
        .findings
        .iter()
        .filter(|f| f.unmapped)
        .map(|f| &f.rule_id)
        .collect();
    assert!(unmapped.is_empty(), "unmapped: {unmapped:?}");
}

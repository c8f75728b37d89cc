//! checkov adapter on the recorded KALM run, a hand-written list-of-frameworks fixture, and bad input.

use std::path::{Path, PathBuf};

use adapters::scanners::checkov::Checkov;
use adapters::{ParseErrorKind, Scanner, Severity};

const RECORDED: &str = "checkov_v3.3.30_2026-11-26.json";

fn results_dir() -> PathBuf {
    Path::new(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../shared/kalm-2024/results"
    ))
    .to_path_buf()
}

/// The recorded file, or None (with the reason printed) when the shared data is absent.
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

fn fixture(name: &str) -> Vec<u8> {
    let p = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/checkov")
        .join(name);
    std::fs::read(&p).unwrap_or_else(|e| panic!("{}: {e}", p.display()))
}

#[test]
fn recorded_run_parses_completely() {
    let Some((bytes, path)) = recorded(RECORDED) else {
        return;
    };
    let report = Checkov.parse_file(&path).unwrap();
    // 85 = len(results.failed_checks), counted with python3 on the raw JSON.
    assert_eq!(report.findings.len(), 85);
    assert_eq!(report.tool_version.as_deref(), Some("3.3.30"));
    assert!(report
        .findings
        .iter()
        .all(|f| f.tool_version.as_deref() == Some("3.3.30")));
    // Every rule id in the file is in the table.
    let unmapped: Vec<_> = report
        .findings
        .iter()
        .filter(|f| f.unmapped)
        .map(|f| &f.rule_id)
        .collect();
    assert!(unmapped.is_empty(), "unmapped: {unmapped:?}");
    // Every object in the suite carries a check id.
    assert!(report.findings.iter().all(|f| f.check_id.is_some()));
    assert!(Checkov.detect(&bytes));

    let find = |rule: &str, name: &str| {
        report
            .findings
            .iter()
            .find(|f| f.rule_id == rule && f.object.name.as_deref() == Some(name))
            .unwrap_or_else(|| panic!("no {rule} on {name}"))
    };
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
    assert_eq!(
        report
            .findings
            .iter()
            .filter(|f| f.rule_id == "CKV_K8S_25")
            .count(),
        25
    );
}

#[test]
fn unknown_rule_is_kept_and_flagged() {
    let Some((bytes, _)) = recorded(RECORDED) else {
        return;
    };
    let text = String::from_utf8(bytes).unwrap();
    let edited = text.replacen("\"CKV_K8S_16\"", "\"CKV_K8S_99999\"", 1);
    let report = Checkov.parse(edited.as_bytes(), RECORDED).unwrap();
    assert_eq!(report.findings.len(), 85);
    let f = report
        .findings
        .iter()
        .find(|f| f.rule_id == "CKV_K8S_99999")
        .unwrap();
    assert!(f.unmapped);
    assert_eq!(report.findings.iter().filter(|f| f.unmapped).count(), 1);
}

#[test]
fn list_of_frameworks_fixture() {
    let bytes = fixture("list-of-frameworks.json");
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
    let report = Checkov.parse(text, "x.json").unwrap();
    assert!(report.findings.is_empty());
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
    assert!(matches!(
        Checkov.parse(b"", "f"),
        Err(ParseErrorKind::Empty)
    ));
    assert!(matches!(
        Checkov.parse(b" \n", "f"),
        Err(ParseErrorKind::Empty)
    ));
    assert!(matches!(
        Checkov.parse(b"{\"check_type\": \"kub\xff\"}", "f"),
        Err(ParseErrorKind::NotUtf8(_))
    ));
    let whole = fixture("list-of-frameworks.json");
    let cut = &whole[..whole.len() / 2];
    assert!(matches!(
        Checkov.parse(cut, "f"),
        Err(ParseErrorKind::Json { .. })
    ));
    assert!(matches!(
        Checkov.parse(b"[]", "f"),
        Err(ParseErrorKind::WrongShape { .. })
    ));
    assert!(matches!(
        Checkov.parse(b"42", "f"),
        Err(ParseErrorKind::WrongShape { .. })
    ));
    assert!(matches!(
        Checkov.parse(
            br#"{"check_type": "kubernetes", "results": {"failed_checks": 3}}"#,
            "f"
        ),
        Err(ParseErrorKind::WrongShape { .. })
    ));
    let e = Checkov.parse(b"{\"a\": 1}", "f").unwrap_err().to_string();
    assert!(e.contains("checkov"), "{e}");
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
        let mine = name.starts_with("checkov_");
        assert_eq!(Checkov.detect(&bytes), mine, "detect on {name}");
        if !mine {
            assert!(Checkov.parse(&bytes, &name).is_err(), "parsed {name}");
        }
        seen += 1;
    }
    assert_eq!(seen, 13);
}

/// Runs the installed checkov (`.tools/checkov-venv`) with the adapter's own scan plan on three
/// suite manifests and checks the parser against the raw JSON it printed.
#[test]
fn live_run_agrees_with_raw_output() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let bin = root.join(".tools/checkov-venv/bin/checkov");
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
    let dir = std::env::temp_dir().join(format!("checkov-live-{}", std::process::id()));
    let suite = dir.join("manifests");
    std::fs::create_dir_all(&suite).unwrap();
    for name in [
        "pod-032-2-privileged-container.yaml",
        "rbac-003-1-role-use-resource-wildcard.yaml",
        "ns-001-use-default-namespace.yaml",
    ] {
        std::fs::copy(manifests.join(name), suite.join(name)).unwrap();
    }
    let plan = Checkov.scan_plan(&bin, &suite, &[], &dir);
    let out = std::process::Command::new(&plan.program)
        .args(&plan.args)
        .envs(plan.env.iter().map(|(k, v)| (k.as_str(), v.as_str())))
        .output()
        .unwrap();
    // Exit 1 means "failed checks found".
    assert!(
        matches!(out.status.code(), Some(0) | Some(1)),
        "{:?}: {}",
        out.status,
        String::from_utf8_lossy(&out.stderr)
    );
    let raw: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
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
    let report = Checkov.parse(&out.stdout, "live.json").unwrap();
    assert!(failed > 0);
    assert_eq!(report.findings.len(), failed);
    assert!(Checkov.detect(&out.stdout));
    let version = std::process::Command::new(&bin)
        .args(Checkov.version_args())
        .output()
        .unwrap();
    let version = Checkov.parse_version(&String::from_utf8_lossy(&version.stdout));
    assert!(version.is_some());
    assert_eq!(report.tool_version, version);
    let f = report
        .findings
        .iter()
        .find(|f| f.rule_id == "CKV_K8S_16")
        .expect("the privileged container is reported");
    assert_eq!(
        f.object.name.as_deref(),
        Some("pod-032-2-privileged-container")
    );
    assert_eq!(f.check_id.as_deref(), Some("POD-032-2"));
    assert_eq!(
        f.path.as_deref().unwrap(),
        ".spec.containers[].securityContext.privileged"
    );
    assert!(report
        .findings
        .iter()
        .any(|f| f.rule_id == "CKV_K8S_21" && f.check_id.as_deref() == Some("NS-001")));
    let _ = std::fs::remove_dir_all(&dir);
}

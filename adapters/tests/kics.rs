//! KICS adapter on the recorded KALM run and on bad input.

use std::path::{Path, PathBuf};

use adapters::scanners::kics::Kics;
use adapters::{OutputSink, ParseErrorKind, Scanner, Severity};

const RECORDED: &str = "kics_v1.7.12_2024-01-15.json";

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

#[test]
fn recorded_run_parses_completely() {
    let Some((bytes, path)) = recorded(RECORDED) else {
        return;
    };
    let report = Kics.parse_file(&path).unwrap();
    // 392 = sum of len(files) over queries (python3), equal to the report's own total_counter.
    assert_eq!(report.findings.len(), 392);
    assert_eq!(report.tool_version.as_deref(), Some("1.7.12"));
    let unmapped: Vec<_> = report
        .findings
        .iter()
        .filter(|f| f.unmapped)
        .map(|f| &f.rule_id)
        .collect();
    assert!(unmapped.is_empty(), "unmapped: {unmapped:?}");
    assert!(
        report.findings.iter().all(|f| f.check_id.is_some()),
        "a finding without check id"
    );
    assert!(Kics.detect(&bytes));
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

    let find = |rule: &str, name: Option<&str>| {
        report
            .findings
            .iter()
            .find(|f| f.rule_id == rule && f.object.name.as_deref() == name)
            .unwrap_or_else(|| panic!("no {rule} on {name:?}"))
    };
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
        report
            .findings
            .iter()
            .filter(|f| f.rule_id == "4a20ebac-1060-4c81-95d1-1f7f620e983b")
            .count(),
        126
    );
}

#[test]
fn unknown_rule_is_kept_and_flagged() {
    let Some((bytes, _)) = recorded(RECORDED) else {
        return;
    };
    let text = String::from_utf8(bytes).unwrap();
    let edited = text.replacen(
        "dd29336b-fe57-445b-a26e-e6aa867ae609",
        "00000000-0000-0000-0000-000000000000",
        1,
    );
    let report = Kics.parse(edited.as_bytes(), RECORDED).unwrap();
    assert_eq!(report.findings.len(), 392);
    let flagged: Vec<_> = report.findings.iter().filter(|f| f.unmapped).collect();
    assert_eq!(flagged.len(), 1);
    assert_eq!(flagged[0].rule_id, "00000000-0000-0000-0000-000000000000");
}

#[test]
fn version_without_file_name_hint() {
    let text = br#"{"kics_version": "v2.1.12", "queries": null}"#;
    let report = Kics.parse(text, "results.json").unwrap();
    assert_eq!(report.tool_version.as_deref(), Some("2.1.12"));
    assert!(report.findings.is_empty());
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
    assert!(matches!(Kics.parse(b"", "f"), Err(ParseErrorKind::Empty)));
    assert!(matches!(
        Kics.parse(b"{\"kics_version\": \"v1\xc3\x28\"}", "f"),
        Err(ParseErrorKind::NotUtf8(_))
    ));
    assert!(matches!(
        Kics.parse(
            br#"{"kics_version": "v1.7.12", "queries": [{"query_id": "x", "files": [{"line": "#,
            "f"
        ),
        Err(ParseErrorKind::Json { .. })
    ));
    assert!(matches!(
        Kics.parse(b"[1, 2]", "f"),
        Err(ParseErrorKind::WrongShape { .. })
    ));
    assert!(matches!(
        Kics.parse(br#"{"queries": []}"#, "f"),
        Err(ParseErrorKind::WrongShape { .. })
    ));
    assert!(matches!(
        Kics.parse(br#"{"kics_version": "v1", "queries": {"a": 1}}"#, "f"),
        Err(ParseErrorKind::WrongShape { .. })
    ));
    if let Some((bytes, _)) = recorded(RECORDED) {
        let cut = &bytes[..bytes.len() / 3];
        assert!(matches!(
            Kics.parse(cut, RECORDED),
            Err(ParseErrorKind::Json { .. })
        ));
    }
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
        let mine = name.starts_with("kics_");
        assert_eq!(Kics.detect(&bytes), mine, "detect on {name}");
        if !mine {
            assert!(Kics.parse(&bytes, &name).is_err(), "parsed {name}");
        }
        seen += 1;
    }
    assert_eq!(seen, 13);
}

/// Runs the installed KICS (`.tools/bin/kics`, queries in `.tools/kics-assets`) with the
/// adapter's own scan plan on suite manifests and checks the parser against the raw report.
#[test]
fn live_run_agrees_with_raw_output() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let bin = root.join(".tools/bin/kics");
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
    let dir = std::env::temp_dir().join(format!("kics-live-{}", std::process::id()));
    let suite = dir.join("manifests");
    let work = dir.join("out");
    std::fs::create_dir_all(&suite).unwrap();
    std::fs::create_dir_all(&work).unwrap();
    for name in [
        "pod-032-2-privileged-container.yaml",
        "ns-001-use-default-namespace.yaml",
        "rbac-003-1-role-use-resource-wildcard.yaml",
    ] {
        std::fs::copy(manifests.join(name), suite.join(name)).unwrap();
    }
    let plan = Kics.scan_plan(&bin, &suite, &[], &work);
    assert!(
        plan.args.iter().any(|a| a == "-q"),
        "the queries folder beside .tools/bin is found"
    );
    let out = std::process::Command::new(&plan.program)
        .args(&plan.args)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{:?}: {}",
        out.status,
        String::from_utf8_lossy(&out.stdout)
    );
    let OutputSink::File(report_file) = &plan.output else {
        panic!("KICS writes a file")
    };
    let bytes = std::fs::read(report_file).unwrap();
    let raw: serde_json::Value = serde_json::from_slice(&bytes).unwrap();
    let expected: usize = raw["queries"]
        .as_array()
        .unwrap()
        .iter()
        .map(|q| q["files"].as_array().unwrap().len())
        .sum();
    let report = Kics.parse(&bytes, "results.json").unwrap();
    assert!(Kics.detect(&bytes));
    assert!(expected > 0);
    assert_eq!(report.findings.len(), expected);
    let version = std::process::Command::new(&bin)
        .args(Kics.version_args())
        .output()
        .unwrap();
    assert_eq!(
        report.tool_version,
        Kics.parse_version(&String::from_utf8_lossy(&version.stdout))
    );
    let f = report
        .findings
        .iter()
        .find(|f| f.rule_id == "dd29336b-fe57-445b-a26e-e6aa867ae609")
        .expect("the privileged container is reported");
    assert_eq!(
        f.path.as_deref(),
        Some(".spec.containers[].securityContext.privileged")
    );
    assert_eq!(f.check_id.as_deref(), Some("POD-032-2"));
    // Every query that fired on these Kubernetes manifests is in the table.
    let unmapped: Vec<_> = report
        .findings
        .iter()
        .filter(|f| f.unmapped)
        .map(|f| &f.rule_id)
        .collect();
    assert!(unmapped.is_empty(), "unmapped: {unmapped:?}");
    let _ = std::fs::remove_dir_all(&dir);
}

//! kube-linter adapter on the recorded KALM run and on bad input.

use std::path::{Path, PathBuf};

use adapters::scanners::kube_linter::KubeLinter;
use adapters::{ParseErrorKind, Scanner, Severity};

const RECORDED: &str = "kubelinter_v0.6.5_2024-01-15.json";

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
    let report = KubeLinter.parse_file(&path).unwrap();
    // 908 = len(Reports) (python3).
    assert_eq!(report.findings.len(), 908);
    assert_eq!(report.tool_version.as_deref(), Some("0.6.5"));
    let unmapped: Vec<_> = report
        .findings
        .iter()
        .filter(|f| f.unmapped)
        .map(|f| &f.rule_id)
        .collect();
    assert!(unmapped.is_empty(), "unmapped: {unmapped:?}");
    assert!(KubeLinter.detect(&bytes));
    assert!(report
        .findings
        .iter()
        .all(|f| f.severity == Severity::Medium && f.raw_severity.is_none()));
    assert_eq!(
        report
            .findings
            .iter()
            .filter(|f| f.rule_id == "dnsconfig-options")
            .count(),
        147
    );
    // Only the dangling NetworkPolicies of the suite's shared namespaces carry no check id.
    let without: Vec<_> = report
        .findings
        .iter()
        .filter(|f| f.check_id.is_none())
        .collect();
    assert_eq!(without.len(), 2);
    assert!(without
        .iter()
        .all(|f| f.rule_id == "dangling-networkpolicy"));

    let find = |rule: &str, name: &str| {
        report
            .findings
            .iter()
            .find(|f| f.rule_id == rule && f.object.name.as_deref() == Some(name))
            .unwrap_or_else(|| panic!("no {rule} on {name}"))
    };
    let f = find("privileged-container", "pod-032-2-privileged-container");
    assert_eq!(f.object.kind.as_deref(), Some("Deployment"));
    assert_eq!(f.object.namespace.as_deref(), Some("kalm-benchmark"));
    assert_eq!(
        f.file.as_deref(),
        Some("manifests/pod-032-2-privileged-container.yaml")
    );
    assert_eq!(
        f.message.as_deref(),
        Some("container \"app\" is privileged")
    );
    assert_eq!(f.check_id.as_deref(), Some("POD-032-2"));

    let f = find("host-pid", "pod-008-2-pod-has-hostpid-set");
    assert_eq!(f.check_id.as_deref(), Some("POD-008-2"));
    let f = find("use-namespace", "ns-001-use-default-namespace");
    assert_eq!(f.object.namespace.as_deref(), Some("default"));
    let f = find("wildcard-in-rules", "rbac-003-4-cluster-all-ns-verbs");
    assert_eq!(f.object.kind.as_deref(), Some("ClusterRole"));
    assert_eq!(f.check_id.as_deref(), Some("RBAC-003-4"));
    let f = find(
        "cluster-admin-role-binding",
        "rbac-001-2-use-cluster-admin-role-cluster-wide-rb-cluster-admin",
    );
    assert_eq!(f.object.kind.as_deref(), Some("ClusterRoleBinding"));
    let f = find(
        "unsafe-sysctls",
        "pod-021-1-using-sysctl-net.ipv4.tcp-keepalive-time",
    );
    assert_eq!(f.check_id.as_deref(), Some("POD-021-1"));
    assert!(f
        .message
        .as_deref()
        .unwrap()
        .contains("net.ipv4.tcp_keepalive_time"));
    let f = find("dangling-networkpolicy", "kalm-benchmark");
    assert_eq!(
        f.object.namespace, None,
        "an empty namespace is no namespace"
    );
    // The table covers every check the recorded run had enabled (its `Checks` list).
    assert_eq!(KubeLinter.rules().len(), 53);
}

#[test]
fn unknown_rule_is_kept_and_flagged() {
    let Some((bytes, _)) = recorded(RECORDED) else {
        return;
    };
    let text = String::from_utf8(bytes).unwrap();
    let edited = text.replacen(
        "\"Check\": \"privileged-container\"",
        "\"Check\": \"my-custom-check\"",
        1,
    );
    assert_ne!(edited, text);
    let report = KubeLinter.parse(edited.as_bytes(), RECORDED).unwrap();
    assert_eq!(report.findings.len(), 908);
    let flagged: Vec<_> = report
        .findings
        .iter()
        .filter(|f| f.unmapped)
        .map(|f| f.rule_id.as_str())
        .collect();
    assert_eq!(flagged, ["my-custom-check"]);
}

#[test]
fn no_findings_and_versions() {
    let text = br#"{"Checks": [], "Reports": null, "Summary": {"ChecksStatus": "Passed", "KubeLinterVersion": "v0.7.1"}}"#;
    assert!(KubeLinter.detect(text));
    let report = KubeLinter.parse(text, "out.json").unwrap();
    assert!(report.findings.is_empty());
    assert_eq!(report.tool_version.as_deref(), Some("0.7.1"));
    assert_eq!(
        KubeLinter.parse_version("v0.6.5\n").as_deref(),
        Some("0.6.5")
    );
    assert_eq!(
        KubeLinter.parse_version("0.4.0-0-gc37b7551f6").as_deref(),
        Some("0.4.0-0-gc37b7551f6")
    );
    let plan = KubeLinter.scan_plan(
        Path::new("kube-linter"),
        Path::new("/s"),
        &[],
        Path::new("/w"),
    );
    assert_eq!(
        plan.args,
        ["lint", "--add-all-built-in", "--format", "json", "/s"]
    );
}

#[test]
fn bad_input_is_an_error() {
    assert!(matches!(
        KubeLinter.parse(b"\n\n", "f"),
        Err(ParseErrorKind::Empty)
    ));
    assert!(matches!(
        KubeLinter.parse(b"{\"Reports\": [\"\xfe\"]}", "f"),
        Err(ParseErrorKind::NotUtf8(_))
    ));
    assert!(matches!(
        KubeLinter.parse(b"{\"Reports\": [{\"Check\": ", "f"),
        Err(ParseErrorKind::Json { .. })
    ));
    assert!(matches!(
        KubeLinter.parse(b"[]", "f"),
        Err(ParseErrorKind::WrongShape { .. })
    ));
    assert!(matches!(
        KubeLinter.parse(b"{\"Results\": []}", "f"),
        Err(ParseErrorKind::WrongShape { .. })
    ));
    assert!(matches!(
        KubeLinter.parse(b"{\"Reports\": [1]}", "f"),
        Err(ParseErrorKind::WrongShape { .. })
    ));
    if let Some((bytes, _)) = recorded(RECORDED) {
        assert!(matches!(
            KubeLinter.parse(&bytes[..bytes.len() - 10], RECORDED),
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
        let mine = name.starts_with("kubelinter_");
        assert_eq!(KubeLinter.detect(&bytes), mine, "detect on {name}");
        if !mine {
            assert!(KubeLinter.parse(&bytes, &name).is_err(), "parsed {name}");
        }
        seen += 1;
    }
    assert_eq!(seen, 13);
}

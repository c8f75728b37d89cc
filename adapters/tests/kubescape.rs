//! Kubescape adapter on KALM's real kubescape 3.0.1 output (resource-results format) and on a
//! small framework-list fixture (the format of kubescape 2.0.x and older).

mod common;

use std::path::PathBuf;

use common::{recorded, results_dir};

use adapters::scanners::kubescape::Kubescape;
use adapters::{Finding, ParseErrorKind, Scanner, Severity};

const RECORDED: &str = "kubescape_v3.0.1_2023-11-07.json";

fn fixture(name: &str) -> Vec<u8> {
    let path = PathBuf::from(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/kubescape"
    ))
    .join(name);
    std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn find<'a>(fs: &'a [Finding], rule: &str, name: &str) -> Vec<&'a Finding> {
    fs.iter()
        .filter(|f| f.rule_id == rule && f.object.name.as_deref() == Some(name))
        .collect()
}

#[test]
fn recorded_v3_report() {
    let Some(bytes) = recorded(RECORDED) else {
        return;
    };
    let r = Kubescape.parse(&bytes, RECORDED).expect("parses");
    // Counted independently with python3: results[].controls[] with status.status == "failed".
    assert_eq!(r.findings.len(), 347);
    assert_eq!(r.tool, "kubescape");
    // From metadata.scanMetadata.kubescapeVersion, not the file name.
    assert_eq!(r.tool_version.as_deref(), Some("3.0.1"));
    let again = Kubescape.parse(&bytes, "no-version-here.json").unwrap();
    assert_eq!(again.tool_version.as_deref(), Some("3.0.1"));
    assert!(r
        .findings
        .iter()
        .all(|f| f.tool_version.as_deref() == Some("3.0.1")));

    let priv_ = find(&r.findings, "C-0057", "pod-032-2-privileged-container");
    assert_eq!(priv_.len(), 1);
    let f = priv_[0];
    assert_eq!(f.object.kind.as_deref(), Some("Deployment"));
    assert_eq!(f.object.namespace.as_deref(), Some("kalm-benchmark"));
    assert_eq!(f.severity, Severity::High); // scoreFactor 8
    assert_eq!(f.raw_severity.as_deref(), Some("scoreFactor 8"));
    assert_eq!(f.rule_title.as_deref(), Some("Privileged container"));
    assert_eq!(
        f.path.as_deref(),
        Some("spec.template.spec.containers[0].securityContext.privileged")
    );
    assert_eq!(
        f.file.as_deref(),
        Some("manifests/pod-032-2-privileged-container.yaml")
    );
    assert_eq!(f.check_id.as_deref(), Some("POD-032-2"));

    let cm = find(
        &r.findings,
        "C-0012",
        "cm-001-sensitive-key-referenced-in-configmap",
    );
    assert_eq!(cm.len(), 1);
    assert_eq!(cm[0].object.kind.as_deref(), Some("ConfigMap"));
    // `data[key]` is a map key, rewritten as a field.
    assert_eq!(cm[0].path.as_deref(), Some("data.aws_access_key_id"));
    assert_eq!(cm[0].check_id.as_deref(), Some("CM-001"));

    let ns = find(&r.findings, "C-0061", "ns-001-use-default-namespace");
    assert_eq!(ns.len(), 1);
    assert_eq!(ns[0].object.namespace.as_deref(), Some("default"));
    assert_eq!(ns[0].path.as_deref(), Some("metadata.namespace"));
    assert_eq!(ns[0].severity, Severity::Low); // scoreFactor 3

    let hostport = find(&r.findings, "C-0044", "pod-011-uses-hostport");
    assert_eq!(hostport.len(), 1);
    assert_eq!(
        hostport[0].path.as_deref(),
        Some("spec.template.spec.containers[0].ports[0].hostPort")
    );
    assert_eq!(hostport[0].severity, Severity::Medium); // scoreFactor 4

    let naked = find(&r.findings, "C-0073", "wl-001-naked-pod");
    assert_eq!(naked.len(), 1);
    assert_eq!(naked[0].object.kind.as_deref(), Some("Pod"));
    assert_eq!(naked[0].path, None);

    // The `default` ServiceAccount is named after no check: its related RoleBinding is.
    let sa = find(&r.findings, "C-0053", "default");
    assert_eq!(sa.len(), 2);
    let mut ids: Vec<_> = sa
        .iter()
        .map(|f| f.check_id.clone().unwrap_or_default())
        .collect();
    ids.sort();
    assert_eq!(ids, ["RBAC-007-1", "RBAC-007-2"]);
    assert!(sa
        .iter()
        .all(|f| f.object.kind.as_deref() == Some("ServiceAccount")));

    // C-0030 (no network policy) fires on 126 objects; C-0076 (labels) on 147.
    assert_eq!(
        r.findings.iter().filter(|f| f.rule_id == "C-0030").count(),
        126
    );
    assert_eq!(
        r.findings.iter().filter(|f| f.rule_id == "C-0076").count(),
        147
    );
    // Skipped controls (C-0001, C-0078: no configuration) are no findings.
    assert!(!r
        .findings
        .iter()
        .any(|f| f.rule_id == "C-0001" || f.rule_id == "C-0078"));

    let unmapped: Vec<_> = r
        .findings
        .iter()
        .filter(|f| f.unmapped)
        .map(|f| &f.rule_id)
        .collect();
    assert!(
        unmapped.is_empty(),
        "rule ids missing from rules/kubescape.csv: {unmapped:?}"
    );
    // Only the suite's shared namespaces (C-0049, C-0054) belong to no check.
    let no_id: Vec<_> = r.findings.iter().filter(|f| f.check_id.is_none()).collect();
    assert_eq!(no_id.len(), 4, "{no_id:#?}");
    assert!(no_id
        .iter()
        .all(|f| f.object.kind.as_deref() == Some("Namespace")
            && f.object
                .name
                .as_deref()
                .is_some_and(|n| n.starts_with("kalm-benchmark"))));
}

#[test]
fn every_control_of_the_recorded_summary_is_in_the_table() {
    let Some(bytes) = recorded(RECORDED) else {
        return;
    };
    let v: serde_json::Value = serde_json::from_slice(&bytes).unwrap();
    let controls = v["summaryDetails"]["controls"].as_object().unwrap();
    assert_eq!(controls.len(), 48);
    for id in controls.keys() {
        assert!(
            Kubescape.rules().get(id).is_some(),
            "{id} missing from rules/kubescape.csv"
        );
    }
}

#[test]
fn unknown_control_is_kept_and_flagged() {
    let Some(bytes) = recorded(RECORDED) else {
        return;
    };
    let text = String::from_utf8(bytes)
        .unwrap()
        .replace("\"C-0057\"", "\"C-9999\"");
    let r = Kubescape.parse(text.as_bytes(), RECORDED).unwrap();
    assert_eq!(r.findings.len(), 347);
    let f = find(&r.findings, "C-9999", "pod-032-2-privileged-container");
    assert_eq!(f.len(), 1);
    assert!(f[0].unmapped);
    assert!(r
        .findings
        .iter()
        .filter(|f| f.unmapped)
        .all(|f| f.rule_id == "C-9999"));
}

#[test]
fn framework_list_fixture() {
    let bytes = fixture("kubescape_v2.0.148_framework-list.json");
    assert!(Kubescape.detect(&bytes));
    let r = Kubescape
        .parse(&bytes, "kubescape_v2.0.148_framework-list.json")
        .expect("parses");
    // C-0057 twice (NSA and MITRE, same object: one finding), C-0016 once (the `warning`
    // response is an exception, not a finding), C-0012 and C-0053 once each.
    assert_eq!(r.findings.len(), 4, "{:#?}", r.findings);
    assert_eq!(r.tool_version.as_deref(), Some("2.0.148")); // the format has no version field

    let p = find(&r.findings, "C-0057", "pod-032-2-privileged-container");
    assert_eq!(p.len(), 1);
    assert_eq!(
        p[0].path.as_deref(),
        Some("spec.template.spec.containers[0].securityContext.privileged")
    );
    assert_eq!(p[0].severity, Severity::High);
    assert_eq!(p[0].check_id.as_deref(), Some("POD-032-2"));

    // No failed path: the fix path says which field.
    let e = find(
        &r.findings,
        "C-0016",
        "pod-031-1-allowed-privilege-escalation-by-default",
    );
    assert_eq!(e.len(), 1);
    assert_eq!(
        e[0].path.as_deref(),
        Some("spec.template.spec.containers[0].securityContext.allowPrivilegeEscalation")
    );
    assert_eq!(e[0].severity, Severity::Medium);
    assert!(find(&r.findings, "C-0016", "pod-031-3-exempted").is_empty());

    let cm = find(
        &r.findings,
        "C-0012",
        "cm-001-sensitive-key-referenced-in-configmap",
    );
    assert_eq!(cm[0].path.as_deref(), Some("data.aws_access_key_id"));
    assert_eq!(cm[0].object.kind.as_deref(), Some("ConfigMap"));

    let sa = find(&r.findings, "C-0053", "default");
    assert_eq!(sa.len(), 1);
    assert_eq!(sa[0].object.namespace.as_deref(), Some("kalm-benchmark"));
    assert_eq!(sa[0].check_id.as_deref(), Some("RBAC-007-1"));
    assert!(r.findings.iter().all(|f| !f.unmapped));
}

#[test]
fn detects_only_its_own_output() {
    common::assert_detects_only_own_output(&Kubescape, "kubescape");
}

#[test]
fn other_tools_output_is_an_error() {
    let dir = results_dir();
    for name in [
        "polaris_v8.5.4_2024-01-15.json",
        "trivy_v0.49.0_2024-02-01.json",
        "terrascan_v1.18.11_2024-01-15.json",
        "snyk_v1.1276.0_2024-02-01.json",
        "kube-score_v1.17.0_2024-01-15.json",
        "checkov_v3.3.30_2026-11-26.json",
        "kubiscan_v1.5_2022-08-16.txt",
    ] {
        let Ok(bytes) = std::fs::read(dir.join(name)) else {
            eprintln!("skipped: {name} absent");
            continue;
        };
        let err = Kubescape.parse(&bytes, name).expect_err(name);
        assert!(
            matches!(
                err,
                ParseErrorKind::WrongShape { .. } | ParseErrorKind::Json { .. }
            ),
            "{name}: {err}"
        );
    }
}

#[test]
fn bad_input() {
    assert!(matches!(
        Kubescape.parse(b"", "x.json"),
        Err(ParseErrorKind::Empty)
    ));
    assert!(matches!(
        Kubescape.parse(b" \n ", "x.json"),
        Err(ParseErrorKind::Empty)
    ));
    assert!(matches!(
        Kubescape.parse(b"{\"summaryDetails\": \xff}", "x.json"),
        Err(ParseErrorKind::NotUtf8(19))
    ));
    let err = Kubescape
        .parse(b"{\"summaryDetails\": {\"controls\": {", "x.json")
        .unwrap_err();
    assert!(matches!(err, ParseErrorKind::Json { .. }), "{err}");
    assert!(err.to_string().contains("line 1"), "{err}");
    let err = Kubescape.parse(b"{\"results\": []}", "x.json").unwrap_err();
    assert!(err.to_string().contains("summaryDetails"), "{err}");
    let err = Kubescape.parse(b"[1, 2]", "x.json").unwrap_err();
    assert!(matches!(err, ParseErrorKind::WrongShape { .. }), "{err}");
    assert!(matches!(
        Kubescape.parse(b"[]", "x.json"),
        Err(ParseErrorKind::WrongShape { .. })
    ));
    assert!(matches!(
        Kubescape.parse(b"\"text\"", "x.json"),
        Err(ParseErrorKind::WrongShape { .. })
    ));
    if let Some(bytes) = recorded(RECORDED) {
        for cut in [1, 100, bytes.len() / 2, bytes.len() - 2] {
            let err = Kubescape.parse(&bytes[..cut], RECORDED).unwrap_err();
            assert!(
                matches!(err, ParseErrorKind::Json { .. }),
                "cut at {cut}: {err}"
            );
        }
    }
    // The error names the file when read through parse_file.
    let dir = std::env::temp_dir().join(format!("kubescape-bad-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("broken.json");
    std::fs::write(&path, "{\"summaryDetails\": ").unwrap();
    let err = Kubescape.parse_file(&path).unwrap_err();
    assert!(err.to_string().contains("broken.json"), "{err}");
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn scan_plan_is_an_argv() {
    let plan = Kubescape.scan_plan(
        std::path::Path::new("/usr/bin/kubescape"),
        std::path::Path::new("/suite dir"),
        &[],
        std::path::Path::new("/work"),
    );
    assert_eq!(
        &plan.args[..4],
        ["scan", "framework", "allcontrols", "/suite dir"]
    );
    assert!(plan.args.windows(2).any(|w| w == ["--format", "json"]));
    assert!(plan.args.contains(&"--keep-local".to_string()));
    assert_eq!(
        plan.output,
        adapters::OutputSink::File("/work/kubescape.json".into())
    );
}

#[test]
fn rule_table_is_well_formed() {
    common::assert_rule_table_well_formed(&Kubescape, "kubescape.csv");
}

#[test]
fn mangled_output_never_panics() {
    common::assert_mangled_output_never_panics(&Kubescape, RECORDED);
}

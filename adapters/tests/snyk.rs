//! Snyk IaC adapter on KALM's real `snyk iac test --json` 1.1276.0 output.

mod common;

use common::{recorded, results_dir};

use adapters::scanners::snyk::Snyk;
use adapters::{Finding, ParseErrorKind, Scanner, Severity};

const RECORDED: &str = "snyk_v1.1276.0_2024-02-01.json";

fn find<'a>(fs: &'a [Finding], rule: &str, file: &str) -> Vec<&'a Finding> {
    fs.iter()
        .filter(|f| f.rule_id == rule && f.file.as_deref() == Some(file))
        .collect()
}

#[test]
fn recorded_iac_test() {
    let Some(bytes) = recorded(RECORDED) else {
        return;
    };
    let r = Snyk.parse(&bytes, RECORDED).expect("parses");
    // Counted independently with python3: sum of len(entry.infrastructureAsCodeIssues).
    assert_eq!(r.findings.len(), 202);
    assert_eq!(r.tool_version.as_deref(), Some("1.1276.0"));
    let count = |sev: Severity| r.findings.iter().filter(|f| f.severity == sev).count();
    assert_eq!(
        (
            count(Severity::High),
            count(Severity::Medium),
            count(Severity::Low)
        ),
        (13, 21, 168)
    );

    let p = find(
        &r.findings,
        "SNYK-CC-K8S-1",
        "pod-032-2-privileged-container.yaml",
    );
    assert_eq!(p.len(), 1);
    assert_eq!(p[0].rule_title.as_deref(), Some("Privileged container"));
    assert_eq!(p[0].severity, Severity::High);
    assert_eq!(p[0].raw_severity.as_deref(), Some("high"));
    assert_eq!(p[0].object.kind.as_deref(), Some("Deployment"));
    assert_eq!(p[0].object.name, None); // snyk names no object
    assert_eq!(p[0].line, Some(79));
    // The document index and the rule engine's `input` root are dropped.
    assert_eq!(
        p[0].path.as_deref(),
        Some("spec.template.spec.containers[app].securityContext.privileged")
    );
    assert_eq!(
        p[0].message.as_deref(),
        Some("Container is running in privileged mode")
    );
    assert_eq!(p[0].check_id.as_deref(), Some("POD-032-2"));

    let ipc = find(
        &r.findings,
        "SNYK-CC-K8S-13",
        "pod-009-2-has-hostipc-set.yaml",
    );
    assert_eq!(ipc.len(), 1);
    assert_eq!(ipc[0].path.as_deref(), Some("spec.template.spec.hostIPC"));
    assert_eq!(ipc[0].severity, Severity::Medium);

    let sock = find(
        &r.findings,
        "SNYK-CC-K8S-2",
        "pod-044-1-mounting-docker-socket.yaml",
    );
    assert_eq!(
        sock[0].path.as_deref(),
        Some("spec.template.spec.volumes[docker-mount].hostPath.path")
    );
    assert_eq!(sock[0].line, Some(110));

    let crb = find(
        &r.findings,
        "SNYK-CC-K8S-45",
        "rbac-007-2-cluster-role-binds-default-serviceaccount.yaml",
    );
    assert_eq!(crb.len(), 1);
    assert_eq!(crb[0].object.kind.as_deref(), Some("ClusterRoleBinding"));
    assert_eq!(crb[0].path.as_deref(), Some("subjects[0].name"));
    assert_eq!(crb[0].severity, Severity::High);
    assert_eq!(crb[0].check_id.as_deref(), Some("RBAC-007-2"));

    let role = find(
        &r.findings,
        "SNYK-CC-K8S-47",
        "rbac-002-1-read-access-to-secrets.yaml",
    );
    assert_eq!(role[0].object.kind.as_deref(), Some("Role"));
    assert_eq!(role[0].path.as_deref(), Some("rules[0].resources"));
    assert_eq!(
        r.findings
            .iter()
            .filter(|f| f.rule_id == "SNYK-CC-K8S-47")
            .count(),
        12
    );
    assert_eq!(
        r.findings
            .iter()
            .filter(|f| f.rule_id == "SNYK-CC-K8S-33")
            .count(),
        146
    );

    assert!(r.findings.iter().all(|f| f.check_id.is_some()));
    let unmapped: Vec<_> = r
        .findings
        .iter()
        .filter(|f| f.unmapped)
        .map(|f| &f.rule_id)
        .collect();
    assert!(
        unmapped.is_empty(),
        "rule ids missing from rules/snyk.csv: {unmapped:?}"
    );
}

#[test]
fn single_file_object_and_errors() {
    let one = br#"{"targetFile": "pod-001-a.yaml", "ok": false, "infrastructureAsCodeIssues": [
        {"id": "SNYK-CC-K8S-3", "title": "Container is running in host's PID namespace",
         "severity": "medium", "subType": "Pod", "lineNumber": -1,
         "path": ["[DocId: 0]", "spec", "hostPID"], "msg": "spec.hostPID"}]}"#;
    let r = Snyk.parse(one, "out.json").unwrap();
    assert_eq!(r.findings.len(), 1);
    assert_eq!(r.findings[0].line, None); // -1: unknown
    assert_eq!(r.findings[0].path.as_deref(), Some("spec.hostPID"));
    assert_eq!(r.findings[0].check_id.as_deref(), Some("POD-001"));
    assert_eq!(r.tool_version, None);

    let err = Snyk
        .parse(
            br#"{"ok": false, "error": "Could not find any valid IaC files", "path": "x"}"#,
            "o.json",
        )
        .unwrap_err();
    assert!(
        err.to_string()
            .contains("Could not find any valid IaC files"),
        "{err}"
    );
}

#[test]
fn unknown_rule_is_kept_and_flagged() {
    let Some(bytes) = recorded(RECORDED) else {
        return;
    };
    let text = String::from_utf8(bytes)
        .unwrap()
        .replace("\"SNYK-CC-K8S-1\"", "\"SNYK-CC-K8S-999\"");
    let r = Snyk.parse(text.as_bytes(), RECORDED).unwrap();
    assert_eq!(r.findings.len(), 202);
    let f = find(
        &r.findings,
        "SNYK-CC-K8S-999",
        "pod-032-2-privileged-container.yaml",
    );
    assert_eq!(f.len(), 1);
    assert!(f[0].unmapped);
    assert_eq!(r.findings.iter().filter(|f| f.unmapped).count(), 1);
}

#[test]
fn detects_only_its_own_output() {
    common::assert_detects_only_own_output(&Snyk, "snyk");
}

#[test]
fn other_tools_output_is_an_error() {
    let dir = results_dir();
    for name in [
        "kubescape_v3.0.1_2023-11-07.json",
        "polaris_v8.5.4_2024-01-15.json",
        "trivy_v0.49.0_2024-02-01.json",
        "terrascan_v1.18.11_2024-01-15.json",
        "datree_v1.9.19_2024-01-16.json",
        "kube-score_v1.17.0_2024-01-15.json",
        "kubesec_v2.12.0_2024-01-16.json",
        "kubiscan_v1.5_2022-08-16.txt",
    ] {
        let Ok(bytes) = std::fs::read(dir.join(name)) else {
            eprintln!("skipped: {name} absent");
            continue;
        };
        let err = Snyk.parse(&bytes, name).expect_err(name);
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
        Snyk.parse(b"", "x.json"),
        Err(ParseErrorKind::Empty)
    ));
    assert!(matches!(
        Snyk.parse(b"[{\"targetFile\": \"\xff\"}]", "x.json"),
        Err(ParseErrorKind::NotUtf8(17))
    ));
    let err = Snyk
        .parse(b"[{\"infrastructureAsCodeIssues\": [", "x.json")
        .unwrap_err();
    assert!(matches!(err, ParseErrorKind::Json { .. }), "{err}");
    assert!(matches!(
        Snyk.parse(b"[]", "x.json"),
        Err(ParseErrorKind::WrongShape { .. })
    ));
    assert!(matches!(
        Snyk.parse(b"[1]", "x.json"),
        Err(ParseErrorKind::WrongShape { .. })
    ));
    assert!(matches!(
        Snyk.parse(b"42", "x.json"),
        Err(ParseErrorKind::WrongShape { .. })
    ));
    if let Some(bytes) = recorded(RECORDED) {
        for cut in [1, 100, bytes.len() / 2, bytes.len() - 2] {
            let err = Snyk.parse(&bytes[..cut], RECORDED).unwrap_err();
            assert!(
                matches!(err, ParseErrorKind::Json { .. }),
                "cut at {cut}: {err}"
            );
        }
    }
}

#[test]
fn needs_network_and_account() {
    let req = Snyk.requirements();
    assert!(req.network && req.api_key);
    let plan = Snyk.scan_plan(
        std::path::Path::new("snyk"),
        std::path::Path::new("/suite"),
        &[],
        std::path::Path::new("/w"),
    );
    assert_eq!(plan.args, ["iac", "test", "/suite", "--json"]);
}

#[test]
fn rule_table_is_well_formed() {
    common::assert_rule_table_well_formed(&Snyk, "snyk.csv");
}

#[test]
fn mangled_output_never_panics() {
    common::assert_mangled_output_never_panics(&Snyk, RECORDED);
}

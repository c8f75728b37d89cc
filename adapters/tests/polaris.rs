//! Polaris adapter on KALM's real polaris 8.5.4 audit.

mod common;

use common::{recorded, results_dir};

use adapters::scanners::polaris::Polaris;
use adapters::{Finding, ParseErrorKind, Scanner, Severity};

const RECORDED: &str = "polaris_v8.5.4_2024-01-15.json";

fn find<'a>(fs: &'a [Finding], rule: &str, name: &str) -> Vec<&'a Finding> {
    fs.iter()
        .filter(|f| f.rule_id == rule && f.object.name.as_deref() == Some(name))
        .collect()
}

#[test]
fn recorded_audit() {
    let Some(bytes) = recorded(RECORDED) else {
        return;
    };
    let r = Polaris.parse(&bytes, RECORDED).expect("parses");
    // Counted independently with python3: Success == false at object, pod and container level.
    assert_eq!(r.findings.len(), 785);
    // The audit has no polaris version; the KALM file name has.
    assert_eq!(r.tool_version.as_deref(), Some("8.5.4"));
    assert_eq!(
        Polaris.parse(&bytes, "audit.json").unwrap().tool_version,
        None
    );
    assert_eq!(
        r.findings
            .iter()
            .filter(|f| f.raw_severity.as_deref() == Some("danger"))
            .count(),
        29
    );
    assert_eq!(
        r.findings
            .iter()
            .filter(|f| f.raw_severity.as_deref() == Some("warning"))
            .count(),
        756
    );

    let p = find(
        &r.findings,
        "runAsPrivileged",
        "pod-032-2-privileged-container",
    );
    assert_eq!(p.len(), 1);
    assert_eq!(p[0].object.kind.as_deref(), Some("Deployment"));
    assert_eq!(p[0].object.namespace.as_deref(), Some("kalm-benchmark"));
    assert_eq!(p[0].severity, Severity::Critical);
    assert_eq!(
        p[0].message.as_deref(),
        Some("container app: Should not be running as privileged")
    );
    assert_eq!(p[0].check_id.as_deref(), Some("POD-032-2"));
    assert_eq!(p[0].path, None); // polaris names no field

    let pid = find(&r.findings, "hostPIDSet", "pod-008-2-pod-has-hostpid-set");
    assert_eq!(pid.len(), 1);
    assert_eq!(
        pid[0].message.as_deref(),
        Some("Host PID should not be configured")
    );
    assert_eq!(pid[0].check_id.as_deref(), Some("POD-008-2"));

    let port = find(&r.findings, "hostPortSet", "pod-011-uses-hostport");
    assert_eq!(port.len(), 1);
    assert_eq!(port[0].severity, Severity::Medium);
    assert_eq!(port[0].raw_severity.as_deref(), Some("warning"));

    let crb = find(
        &r.findings,
        "clusterrolebindingClusterAdmin",
        "rbac-001-2-use-cluster-admin-role-cluster-wide-rb-cluster-admin",
    );
    assert_eq!(crb.len(), 1);
    assert_eq!(crb[0].object.kind.as_deref(), Some("ClusterRoleBinding"));
    assert_eq!(crb[0].check_id.as_deref(), Some("RBAC-001-2"));

    let cm = find(
        &r.findings,
        "sensitiveConfigmapContent",
        "cm-001-sensitive-key-referenced-in-configmap",
    );
    assert_eq!(cm.len(), 1);
    assert_eq!(cm[0].object.kind.as_deref(), Some("ConfigMap"));
    assert_eq!(
        cm[0].rule_title.as_deref(),
        Some("The ConfigMap contains sensitive content")
    );

    assert_eq!(
        r.findings
            .iter()
            .filter(|f| f.rule_id == "rolePodExecAttach")
            .count(),
        3
    );
    assert_eq!(
        r.findings
            .iter()
            .filter(|f| f.rule_id == "tagNotSpecified")
            .count(),
        2
    );

    let unmapped: Vec<_> = r
        .findings
        .iter()
        .filter(|f| f.unmapped)
        .map(|f| &f.rule_id)
        .collect();
    assert!(
        unmapped.is_empty(),
        "rule ids missing from rules/polaris.csv: {unmapped:?}"
    );
}

#[test]
fn every_check_in_the_recorded_audit_is_in_the_table() {
    let Some(bytes) = recorded(RECORDED) else {
        return;
    };
    // Passed checks too: the table covers what polaris ran, not only what failed.
    let text = String::from_utf8(bytes).unwrap();
    let re = regex::Regex::new(r#""ID": "([A-Za-z]+)""#).unwrap();
    let ids: std::collections::BTreeSet<_> =
        re.captures_iter(&text).map(|c| c[1].to_string()).collect();
    assert!(ids.len() >= 34, "{ids:?}");
    for id in ids {
        assert!(
            Polaris.rules().get(&id).is_some(),
            "{id} missing from rules/polaris.csv"
        );
    }
}

#[test]
fn unknown_check_is_kept_and_flagged() {
    let Some(bytes) = recorded(RECORDED) else {
        return;
    };
    let text = String::from_utf8(bytes)
        .unwrap()
        .replace("\"runAsPrivileged\"", "\"runAsSomethingNew\"");
    let r = Polaris.parse(text.as_bytes(), RECORDED).unwrap();
    assert_eq!(r.findings.len(), 785);
    let f = find(
        &r.findings,
        "runAsSomethingNew",
        "pod-032-2-privileged-container",
    );
    assert_eq!(f.len(), 1);
    assert!(f[0].unmapped);
    assert_eq!(r.findings.iter().filter(|f| f.unmapped).count(), 1);
}

#[test]
fn detects_only_its_own_output() {
    common::assert_detects_only_own_output(&Polaris, "polaris");
}

#[test]
fn other_tools_output_is_an_error() {
    let dir = results_dir();
    for name in [
        "kubescape_v3.0.1_2023-11-07.json",
        "trivy_v0.49.0_2024-02-01.json",
        "terrascan_v1.18.11_2024-01-15.json",
        "snyk_v1.1276.0_2024-02-01.json",
        "kubelinter_v0.6.5_2024-01-15.json",
        "kube-bench_v0.6.9_2022-08-16.json",
        "kubiscan_v1.5_2022-08-16.txt",
    ] {
        let Ok(bytes) = std::fs::read(dir.join(name)) else {
            eprintln!("skipped: {name} absent");
            continue;
        };
        let err = Polaris.parse(&bytes, name).expect_err(name);
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
        Polaris.parse(b"", "x.json"),
        Err(ParseErrorKind::Empty)
    ));
    assert!(matches!(
        Polaris.parse(b"{\"Results\": [\xc3\x28]}", "x.json"),
        Err(ParseErrorKind::NotUtf8(13))
    ));
    let err = Polaris
        .parse(
            b"{\"PolarisOutputVersion\": \"1.0\", \"Results\": [",
            "x.json",
        )
        .unwrap_err();
    assert!(matches!(err, ParseErrorKind::Json { .. }), "{err}");
    let err = Polaris.parse(b"{\"Results\": []}", "x.json").unwrap_err();
    assert!(err.to_string().contains("PolarisOutputVersion"), "{err}");
    let err = Polaris
        .parse(
            b"{\"PolarisOutputVersion\": \"1.0\", \"Results\": {}}",
            "x.json",
        )
        .unwrap_err();
    assert!(matches!(err, ParseErrorKind::WrongShape { .. }), "{err}");
    assert!(matches!(
        Polaris.parse(b"[]", "x.json"),
        Err(ParseErrorKind::WrongShape { .. })
    ));
    if let Some(bytes) = recorded(RECORDED) {
        for cut in [1, 100, bytes.len() / 2, bytes.len() - 2] {
            let err = Polaris.parse(&bytes[..cut], RECORDED).unwrap_err();
            assert!(
                matches!(err, ParseErrorKind::Json { .. }),
                "cut at {cut}: {err}"
            );
        }
    }
    // An audit of nothing is no error.
    let r = Polaris
        .parse(
            b"{\"PolarisOutputVersion\": \"1.0\", \"AuditTime\": \"x\", \"Results\": null}",
            "x.json",
        )
        .unwrap();
    assert!(r.findings.is_empty());
}

#[test]
fn scan_plan_is_an_argv() {
    let plan = Polaris.scan_plan(
        std::path::Path::new("polaris"),
        std::path::Path::new("/suite; rm -rf x"),
        &[],
        std::path::Path::new("/w"),
    );
    assert_eq!(
        plan.args,
        [
            "audit",
            "--audit-path",
            "/suite; rm -rf x",
            "--format",
            "json"
        ]
    );
    assert_eq!(plan.output, adapters::OutputSink::Stdout);
}

#[test]
fn rule_table_is_well_formed() {
    common::assert_rule_table_well_formed(&Polaris, "polaris.csv");
}

#[test]
fn mangled_output_never_panics() {
    common::assert_mangled_output_never_panics(&Polaris, RECORDED);
}

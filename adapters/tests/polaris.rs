//! Polaris adapter on KALM's real polaris 8.5.4 audit.

mod common;

use common::on_object as find;
use common::{recorded, Bad, Edit, On, UnknownRule};

use adapters::scanners::polaris::Polaris;
use adapters::{Scanner, Severity};

const RECORDED: &str = "polaris_v8.5.4_2024-01-15.json";

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

    assert_eq!(common::count_rule(&r.findings, "rolePodExecAttach"), 3);
    assert_eq!(common::count_rule(&r.findings, "tagNotSpecified"), 2);

    common::assert_all_mapped(&r);
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
    common::assert_unknown_rule_flagged(
        &Polaris,
        &bytes,
        RECORDED,
        &UnknownRule {
            edit: Edit::All("\"runAsPrivileged\"", "\"runAsSomethingNew\""),
            rule_id: "runAsSomethingNew",
            total: 785,
            on: Some(On::Object("pod-032-2-privileged-container")),
            sole: true,
        },
    );
}

#[test]
fn detects_only_its_own_output() {
    common::assert_detects_only_own_output(&Polaris, "polaris");
}

#[test]
fn other_tools_output_is_an_error() {
    common::assert_rejects_other_tools(
        &Polaris,
        &[
            "kubescape_v3.0.1_2023-11-07.json",
            "trivy_v0.49.0_2024-02-01.json",
            "terrascan_v1.18.11_2024-01-15.json",
            "snyk_v1.1276.0_2024-02-01.json",
            "kubelinter_v0.6.5_2024-01-15.json",
            "kube-bench_v0.6.9_2022-08-16.json",
            "kubiscan_v1.5_2022-08-16.txt",
        ],
    );
}

#[test]
fn bad_input() {
    common::assert_parse_errors(
        &Polaris,
        "x.json",
        &[
            (b"", Bad::Empty),
            (b"{\"Results\": [\xc3\x28]}", Bad::NotUtf8At(13)),
            (
                b"{\"PolarisOutputVersion\": \"1.0\", \"Results\": [",
                Bad::Json,
            ),
            (b"{\"Results\": []}", Bad::Mentions("PolarisOutputVersion")),
            (
                b"{\"PolarisOutputVersion\": \"1.0\", \"Results\": {}}",
                Bad::WrongShape,
            ),
            (b"[]", Bad::WrongShape),
        ],
    );
    common::assert_cut_recording_is_json_error(&Polaris, RECORDED, common::usual_cuts);
    // An audit of nothing is no error.
    common::parse_no_findings(
        &Polaris,
        b"{\"PolarisOutputVersion\": \"1.0\", \"AuditTime\": \"x\", \"Results\": null}",
        "x.json",
    );
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

//! Terrascan adapter on KALM's real terrascan 1.18.11 output.

mod common;

use common::on_object as find;
use common::{recorded, Bad, Edit, On, UnknownRule};

use adapters::scanners::terrascan::Terrascan;
use adapters::{Scanner, Severity};

const RECORDED: &str = "terrascan_v1.18.11_2024-01-15.json";

#[test]
fn recorded_scan() {
    let Some(bytes) = recorded(RECORDED) else {
        return;
    };
    let r = Terrascan.parse(&bytes, RECORDED).expect("parses");
    // Counted independently with python3: len(results.violations); scan_summary says 87 too.
    assert_eq!(r.findings.len(), 87);
    assert_eq!(r.tool_version.as_deref(), Some("1.18.11"));
    let count = |sev: Severity| r.findings.iter().filter(|f| f.severity == sev).count();
    assert_eq!(
        (
            count(Severity::High),
            count(Severity::Medium),
            count(Severity::Low)
        ),
        (17, 43, 27)
    );

    let sock = find(
        &r.findings,
        "AC_K8S_0088",
        "pod-044-1-mounting-docker-socket",
    );
    assert_eq!(sock.len(), 1);
    assert_eq!(sock[0].object.kind.as_deref(), Some("Deployment"));
    assert_eq!(
        sock[0].file.as_deref(),
        Some("pod-044-1-mounting-docker-socket.yaml")
    );
    assert_eq!(sock[0].line, Some(15));
    assert_eq!(sock[0].severity, Severity::Medium);
    assert_eq!(sock[0].raw_severity.as_deref(), Some("MEDIUM"));
    assert_eq!(sock[0].check_id.as_deref(), Some("POD-044-1"));
    assert_eq!(sock[0].path, None);

    let ns = find(&r.findings, "AC_K8S_0086", "ns-001-use-default-namespace");
    assert_eq!(ns.len(), 1);
    assert_eq!(ns[0].severity, Severity::High);
    assert_eq!(
        ns[0].message.as_deref(),
        Some("otherNamespace: Default Namespace Should Not be Used")
    );

    let sa = find(
        &r.findings,
        "AC_K8S_0045",
        "pod-003-2-default-pod-automount-sa-dedicated-sa",
    );
    assert_eq!(sa.len(), 1);
    assert_eq!(sa[0].object.kind.as_deref(), Some("ServiceAccount"));
    assert_eq!(sa[0].line, Some(1));
    assert_eq!(sa[0].check_id.as_deref(), Some("POD-003-2"));

    let pid = find(&r.findings, "AC_K8S_0082", "pod-008-2-pod-has-hostpid-set");
    assert_eq!(pid.len(), 1);
    assert_eq!(
        pid[0].rule_title.as_deref(),
        Some("Containers Should Not Share Host Process ID Namespace")
    );

    // The suite's shared namespaces belong to no check.
    let owner = find(&r.findings, "AC_K8S_0013", "kalm-benchmark");
    assert_eq!(owner.len(), 1);
    assert_eq!(owner[0].object.kind.as_deref(), Some("Namespace"));
    assert_eq!(owner[0].check_id, None);
    assert_eq!(common::count_rule(&r.findings, "AC_K8S_0013"), 23);
    assert_eq!(common::without_check_id(&r.findings).len(), 2);

    common::assert_all_mapped(&r);
}

#[test]
fn every_validated_rule_is_in_the_table() {
    let Some(bytes) = recorded(RECORDED) else {
        return;
    };
    let v: serde_json::Value = serde_json::from_slice(&bytes).unwrap();
    let mut n = 0;
    for key in ["passed_rules", "violations"] {
        for rule in v["results"][key].as_array().unwrap() {
            let id = rule["rule_id"].as_str().unwrap();
            assert!(
                Terrascan.rules().get(id).is_some(),
                "{id} missing from rules/terrascan.csv"
            );
            n += 1;
        }
    }
    assert!(n > 87);
}

#[test]
fn unknown_rule_is_kept_and_flagged() {
    let Some(bytes) = recorded(RECORDED) else {
        return;
    };
    common::assert_unknown_rule_flagged(
        &Terrascan,
        &bytes,
        RECORDED,
        &UnknownRule {
            edit: Edit::All("\"AC_K8S_0088\"", "\"AC_K8S_9988\""),
            rule_id: "AC_K8S_9988",
            total: 87,
            on: Some(On::Object("pod-044-1-mounting-docker-socket")),
            sole: true,
        },
    );
}

#[test]
fn detects_only_its_own_output() {
    common::assert_detects_only_own_output(&Terrascan, "terrascan");
}

#[test]
fn other_tools_output_is_an_error() {
    common::assert_rejects_other_tools(
        &Terrascan,
        &[
            "kubescape_v3.0.1_2023-11-07.json",
            "polaris_v8.5.4_2024-01-15.json",
            "trivy_v0.49.0_2024-02-01.json",
            "snyk_v1.1276.0_2024-02-01.json",
            "checkov_v3.3.30_2026-11-26.json",
            "kubesec_v2.12.0_2024-01-16.json",
            "kubiscan_v1.5_2022-08-16.txt",
        ],
    );
}

#[test]
fn bad_input() {
    common::assert_parse_errors(
        &Terrascan,
        "x.json",
        &[
            (b"", Bad::Empty),
            (b"{\"results\": \x80}", Bad::NotUtf8At(12)),
            (b"{\"results\": {\"violations\": [", Bad::Json),
            (b"{\"results\": {}}", Bad::Mentions("violations")),
            (b"{\"other\": 1}", Bad::Mentions("results")),
            (b"{\"results\": {\"violations\": {}}}", Bad::WrongShape),
        ],
    );
    common::assert_cut_recording_is_json_error(&Terrascan, RECORDED, common::usual_cuts);
    // A clean scan: `violations` is null.
    common::parse_no_findings(
        &Terrascan,
        b"{\"results\": {\"violations\": null, \"scan_summary\": {}}}",
        "x.json",
    );
}

#[test]
fn scan_plan_is_an_argv() {
    let plan = Terrascan.scan_plan(
        std::path::Path::new("terrascan"),
        std::path::Path::new("/suite"),
        &[],
        std::path::Path::new("/w"),
    );
    assert_eq!(
        plan.args,
        ["scan", "-i", "k8s", "-d", "/suite", "-o", "json"]
    );
}

#[test]
fn rule_table_is_well_formed() {
    common::assert_rule_table_well_formed(&Terrascan, "terrascan.csv");
}

#[test]
fn mangled_output_never_panics() {
    common::assert_mangled_output_never_panics(&Terrascan, RECORDED);
}

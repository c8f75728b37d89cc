//! kube-linter adapter on a cut of KALM's real 0.6.5 run (the repository's own fixture) and on
//! bad input.

mod common;

use common::{Bad, Edit, UnknownRule};

use adapters::scanners::kube_linter::KubeLinter;
use adapters::{Parser, Severity};

const KALM: &str = "kube-linter/kubelinter_v0.6.5_kalm-2024-suite.json";

#[test]
fn kalm_run_parses_completely() {
    let report = common::parse_fixture(&KubeLinter, KALM);
    // 57 = len(Reports) (python3, scripts/fixtures/kube-linter.py).
    assert_eq!(report.findings.len(), 57);
    assert_eq!(report.tool_version.as_deref(), Some("0.6.5"));
    common::assert_all_mapped(&report);
    assert!(report
        .findings
        .iter()
        .all(|f| f.severity == Severity::Medium && f.raw_severity.is_none()));
    assert_eq!(common::count_rule(&report.findings, "dnsconfig-options"), 5);
    // 29 distinct checks reported (python3: len({r["Check"] for r in Reports})).
    let rules: std::collections::BTreeSet<_> =
        report.findings.iter().map(|f| f.rule_id.as_str()).collect();
    assert_eq!(rules.len(), 29);
    // Only the dangling NetworkPolicies of the suite's shared namespaces carry no check id.
    let without = common::without_check_id(&report.findings);
    assert_eq!(without.len(), 2);
    assert!(without
        .iter()
        .all(|f| f.rule_id == "dangling-networkpolicy"));

    let find = |rule: &str, name: &str| common::first_on(&report.findings, rule, name);
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
}

#[test]
fn every_enabled_check_is_in_the_table() {
    // The run's `Checks` list (kept whole in the fixture) is every built-in check of 0.6.5,
    // enabled by `--add-all-built-in`; the table has each of them.
    let run: serde_json::Value = serde_json::from_slice(&common::fixture(KALM)).unwrap();
    let checks = run["Checks"].as_array().unwrap();
    assert_eq!(checks.len(), 53);
    for c in checks {
        let name = c["name"].as_str().unwrap();
        assert!(
            KubeLinter.rules().get(name).is_some(),
            "{name} missing from rules/kube-linter.csv"
        );
    }
    assert_eq!(KubeLinter.rules().len(), 53);
}

#[test]
fn unknown_rule_is_kept_and_flagged() {
    common::assert_unknown_rule_flagged(
        &KubeLinter,
        &common::fixture(KALM),
        KALM,
        &UnknownRule {
            edit: Edit::First(
                "\"Check\": \"privileged-container\"",
                "\"Check\": \"my-custom-check\"",
            ),
            rule_id: "my-custom-check",
            total: 57,
            on: None,
            sole: true,
        },
    );
}

#[test]
fn summary_version_wins_over_the_file_name() {
    // 0.7.x prints the same `Checks`/`Reports`/`Summary` object as 0.6.x (the linter's `Result`
    // struct is unchanged); the version the summary states is the one reported.
    let text = String::from_utf8(common::fixture(KALM)).unwrap().replace(
        "\"KubeLinterVersion\": \"v0.6.5\"",
        "\"KubeLinterVersion\": \"v0.7.6\"",
    );
    let report = KubeLinter
        .parse(text.as_bytes(), "kubelinter_v0.6.5_x.json")
        .unwrap();
    assert_eq!(report.tool_version.as_deref(), Some("0.7.6"));
    assert_eq!(report.findings.len(), 57);
}

#[test]
fn bad_input_is_an_error() {
    common::assert_parse_errors(
        &KubeLinter,
        "f",
        &[
            (b"\n\n", Bad::Empty),
            (b"{\"Reports\": [\"\xfe\"]}", Bad::NotUtf8),
            (b"{\"Reports\": [{\"Check\": ", Bad::Json),
            (b"[]", Bad::WrongShape),
            (b"{\"Results\": []}", Bad::WrongShape),
            (b"{\"Reports\": [1]}", Bad::WrongShape),
        ],
    );
    common::assert_cut_recording_is_json_error(&KubeLinter, KALM, common::usual_cuts);
}

#[test]
fn other_tools_outputs_are_rejected_and_not_detected() {
    common::assert_detects_and_rejects_others(&KubeLinter);
}

#[test]
fn mangled_output_never_panics() {
    common::assert_mangled_output_never_panics(&KubeLinter, KALM);
}

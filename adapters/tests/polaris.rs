//! Polaris adapter on a cut of KALM's real polaris 8.5.4 audit (the audit shape polaris 7 to 9
//! print), from the repository's own fixtures.

mod common;

use common::on_object as find;
use common::{Bad, Edit, On, UnknownRule};

use adapters::scanners::polaris::Polaris;
use adapters::{Parser, Severity};

const KALM: &str = "polaris/polaris_v8.5.4_kalm-2024-suite.json";

#[test]
fn kalm_audit_counts_and_spot_checks() {
    let r = common::parse_fixture(&Polaris, KALM);
    // Counted with python3 (scripts/fixtures/polaris.py): `Success == false` at object, pod and
    // container level of the 15 objects kept.
    assert_eq!(r.findings.len(), 43);
    // The audit has no polaris version; the KALM-style file name has.
    assert_eq!(r.tool_version.as_deref(), Some("8.5.4"));
    let bytes = common::fixture(KALM);
    assert_eq!(
        Polaris.parse(&bytes, "audit.json").unwrap().tool_version,
        None
    );
    let raw = |s: &str| {
        r.findings
            .iter()
            .filter(|f| f.raw_severity.as_deref() == Some(s))
            .count()
    };
    assert_eq!(raw("danger"), 14);
    assert_eq!(raw("warning"), 29);

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
    // Objects with no checks at all (a NetworkPolicy, a PriorityClass) give nothing.
    assert!(r
        .findings
        .iter()
        .all(|f| f.object.kind.as_deref() != Some("NetworkPolicy")));

    common::assert_all_mapped(&r);
}

#[test]
fn every_check_in_the_kalm_audit_is_in_the_table() {
    // Passed checks too: the table covers what polaris ran, not only what failed. The fixture
    // keeps at least one object running each of the 36 checks of the full audit.
    let text = String::from_utf8(common::fixture(KALM)).unwrap();
    let re = regex::Regex::new(r#""ID": "([A-Za-z]+)""#).unwrap();
    let ids: std::collections::BTreeSet<_> =
        re.captures_iter(&text).map(|c| c[1].to_string()).collect();
    assert_eq!(ids.len(), 36, "{ids:?}");
    for id in ids {
        assert!(
            Polaris.rules().get(&id).is_some(),
            "{id} missing from rules/polaris.csv"
        );
    }
}

#[test]
fn only_failed_tests_output_gives_the_same_findings() {
    // `polaris audit --only-show-failed-tests true` drops the passed checks and keeps the
    // shape: the same audit with every `Success: true` check removed parses to the same findings.
    let mut doc: serde_json::Value = serde_json::from_slice(&common::fixture(KALM)).unwrap();
    fn drop_passed(v: &mut serde_json::Value) {
        if let Some(map) = v.as_object_mut() {
            map.retain(|_, c| c.get("Success") != Some(&serde_json::Value::Bool(true)));
        }
    }
    for res in doc["Results"].as_array_mut().unwrap() {
        drop_passed(&mut res["Results"]);
        if res["PodResult"].is_object() {
            drop_passed(&mut res["PodResult"]["Results"]);
            for c in res["PodResult"]["ContainerResults"].as_array_mut().unwrap() {
                drop_passed(&mut c["Results"]);
            }
        }
    }
    let bytes = serde_json::to_vec(&doc).unwrap();
    assert!(Polaris.detect(&bytes));
    let failed_only = Polaris.parse(&bytes, "polaris_v8.5.4_x.json").unwrap();
    let full = Polaris.parse(&common::fixture(KALM), KALM).unwrap();
    assert_eq!(failed_only.findings, full.findings);
}

#[test]
fn unknown_check_is_kept_and_flagged() {
    common::assert_unknown_rule_flagged(
        &Polaris,
        &common::fixture(KALM),
        KALM,
        &UnknownRule {
            edit: Edit::All("\"runAsPrivileged\"", "\"runAsSomethingNew\""),
            rule_id: "runAsSomethingNew",
            total: 43,
            on: Some(On::Object("pod-032-2-privileged-container")),
            sole: true,
        },
    );
}

#[test]
fn detects_only_its_own_output() {
    common::assert_detects_only_own_output(&Polaris);
}

#[test]
fn other_tools_output_is_an_error() {
    common::assert_rejects_other_tools(
        &Polaris,
        &[
            "kube-linter/kubelinter_v0.6.5_kalm-2024-suite.json",
            "datree/datree_v1.9.19_kalm-2024-suite.json",
            "datree/datree_golden-pkg-evaluation_json_output.json",
            "kubeaudit/kubeaudit_v0.22.2_two-manifests.jsonl",
            "sarif/trivy_v0.74.0_config.sarif",
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
    common::assert_cut_recording_is_json_error(&Polaris, KALM, common::usual_cuts);
    // An audit of nothing is no error.
    common::parse_no_findings(
        &Polaris,
        b"{\"PolarisOutputVersion\": \"1.0\", \"AuditTime\": \"x\", \"Results\": null}",
        "x.json",
    );
}

#[test]
fn rule_table_is_well_formed() {
    common::assert_rule_table_well_formed(&Polaris, "polaris.csv");
}

#[test]
fn mangled_output_never_panics() {
    common::assert_mangled_output_never_panics(&Polaris, KALM);
}

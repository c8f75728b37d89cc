//! Kubescape adapter on real kubescape reports committed as fixtures (tests/fixtures/kubescape,
//! see its README): this project's 3.0.48 run and KALM's 3.0.1 run (resource-results format),
//! a kubescape 1.0.119 framework report (the single-framework shape of 1.x), a hand-made
//! framework list (the multi-framework shape), the committed run of results/kubescape, and a
//! live run of the installed kubescape.

mod common;

use common::on_object as find;
use common::{fixture, Bad, Edit, On, UnknownRule};

use adapters::scanners::kubescape::Kubescape;
use adapters::{Parser, Severity};

const V3048: &str = "kubescape/kubescape_v3.0.48_manifests-suite.json";
const V301: &str = "kubescape/kubescape_v3.0.1_kalm-2024-suite.json";
const V10119: &str = "kubescape/kubescape_v1.0.119_nsa-framework-report.json";
const FRAMEWORK_LIST: &str = "kubescape/inputs/framework-list_hand-made.json";
const RESULTS_DIR: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../results/kubescape");

#[test]
fn v3_0_48_report_on_this_suite() {
    let r = common::parse_fixture(&Kubescape, V3048);
    // Counted with python3 (README): results[].controls[] with status.status == "failed".
    assert_eq!(r.findings.len(), 23);
    assert_eq!(r.tool_version.as_deref(), Some("3.0.48"));
    common::assert_all_mapped(&r);
    assert_eq!(common::count_rule(&r.findings, "C-0076"), 4);
    assert_eq!(common::count_rule(&r.findings, "C-0211"), 4);
    // C-0078 (allowed registries) is skipped without configuration: no finding.
    assert_eq!(common::count_rule(&r.findings, "C-0078"), 0);

    let p = find(&r.findings, "C-0057", "pod-032-2-privileged-container");
    assert_eq!(p.len(), 1);
    assert_eq!(p[0].object.kind.as_deref(), Some("Deployment"));
    assert_eq!(p[0].object.namespace.as_deref(), Some("bench-suite"));
    assert_eq!(p[0].severity, Severity::High); // scoreFactor 8
    assert_eq!(p[0].raw_severity.as_deref(), Some("scoreFactor 8"));
    assert_eq!(
        p[0].path.as_deref(),
        Some("spec.template.spec.containers[0].securityContext.privileged")
    );
    // kubescape 3.0.48 names files relative to the scanned folder.
    assert_eq!(
        p[0].file.as_deref(),
        Some("pod-032-2-privileged-container.yaml")
    );
    assert_eq!(p[0].check_id.as_deref(), Some("POD-032-2"));

    let cm = find(&r.findings, "C-0012", "cm-001-secret-key-in-configmap");
    assert_eq!(cm.len(), 1);
    assert_eq!(cm[0].path.as_deref(), Some("data.aws_secret_access_key"));
    assert_eq!(cm[0].check_id.as_deref(), Some("CM-001"));

    let ns = find(
        &r.findings,
        "C-0061",
        "ns-001-workload-in-default-namespace",
    );
    assert_eq!(ns[0].object.namespace.as_deref(), Some("default"));
    assert_eq!(ns[0].path.as_deref(), Some("metadata.namespace"));
    assert_eq!(ns[0].severity, Severity::Low); // scoreFactor 3

    let port = find(&r.findings, "C-0044", "pod-011-host-port");
    assert_eq!(
        port[0].path.as_deref(),
        Some("spec.template.spec.containers[0].ports[0].hostPort")
    );
    assert_eq!(port[0].severity, Severity::Medium); // scoreFactor 4

    let naked = find(&r.findings, "C-0073", "wl-001-naked-pod");
    assert_eq!(naked[0].object.kind.as_deref(), Some("Pod"));
    assert_eq!(naked[0].path, None);

    // The `default` ServiceAccounts are named after no check: their bindings are.
    let sa = find(&r.findings, "C-0053", "default");
    let mut ids: Vec<_> = sa.iter().filter_map(|f| f.check_id.clone()).collect();
    ids.sort();
    assert_eq!(ids, ["RBAC-007-1", "RBAC-007-2"]);
    // A subject has no file of its own: the file is its binding's, document index dropped.
    let mut files: Vec<_> = sa.iter().filter_map(|f| f.file.as_deref()).collect();
    files.sort();
    assert_eq!(
        files,
        [
            "rbac-007-1-rolebinding-default-serviceaccount.yaml",
            "rbac-007-2-clusterrolebinding-default-serviceaccount.yaml"
        ]
    );

    // A Namespace has no namespace of its own.
    let np = find(
        &r.findings,
        "C-0206",
        "np-001-namespace-without-networkpolicy",
    );
    assert_eq!(np[0].object.kind.as_deref(), Some("Namespace"));
    assert_eq!(np[0].object.namespace, None);
    assert_eq!(np[0].check_id.as_deref(), Some("NP-001"));
    assert!(common::without_check_id(&r.findings).is_empty());
}

#[test]
fn v3_0_1_report_of_kalm() {
    let r = common::parse_fixture(&Kubescape, V301);
    // Counted with python3 (README), as above.
    assert_eq!(r.findings.len(), 20);
    assert_eq!(r.tool, "kubescape");
    // From metadata.scanMetadata.kubescapeVersion, not the file name.
    assert_eq!(r.tool_version.as_deref(), Some("3.0.1"));
    let again = Kubescape
        .parse(&fixture(V301), "no-version-here.json")
        .unwrap();
    assert_eq!(again.tool_version.as_deref(), Some("3.0.1"));
    assert!(r
        .findings
        .iter()
        .all(|f| f.tool_version.as_deref() == Some("3.0.1")));
    common::assert_all_mapped(&r);

    let priv_ = find(&r.findings, "C-0057", "pod-032-2-privileged-container");
    assert_eq!(priv_.len(), 1);
    let f = priv_[0];
    assert_eq!(f.object.kind.as_deref(), Some("Deployment"));
    assert_eq!(f.object.namespace.as_deref(), Some("kalm-benchmark"));
    assert_eq!(f.severity, Severity::High);
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
    assert_eq!(ns[0].severity, Severity::Low);

    let hostport = find(&r.findings, "C-0044", "pod-011-uses-hostport");
    assert_eq!(
        hostport[0].path.as_deref(),
        Some("spec.template.spec.containers[0].ports[0].hostPort")
    );
    assert_eq!(hostport[0].severity, Severity::Medium);

    let naked = find(&r.findings, "C-0073", "wl-001-naked-pod");
    assert_eq!(naked[0].object.kind.as_deref(), Some("Pod"));
    assert_eq!(naked[0].path, None);

    let sa = find(&r.findings, "C-0053", "default");
    let mut ids: Vec<_> = sa.iter().filter_map(|f| f.check_id.clone()).collect();
    ids.sort();
    assert_eq!(ids, ["RBAC-007-1", "RBAC-007-2"]);
    assert!(sa
        .iter()
        .all(|f| f.object.kind.as_deref() == Some("ServiceAccount")));

    // Skipped controls (C-0001, C-0078: no configuration) are no findings.
    assert!(!r
        .findings
        .iter()
        .any(|f| f.rule_id == "C-0001" || f.rule_id == "C-0078"));
    assert_eq!(common::count_rule(&r.findings, "C-0030"), 3);
    // Only the suite's shared namespaces (C-0049, C-0054) belong to no check.
    let no_id = common::without_check_id(&r.findings);
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
fn every_control_of_the_summaries_is_in_the_table() {
    // Every control a run evaluated is listed in summaryDetails.controls (48 in KALM's 3.0.1
    // run of allcontrols, nsa and mitre; 82 in this project's run of every framework).
    for (rel, n) in [(V301, 48), (V3048, 82)] {
        let v: serde_json::Value = serde_json::from_slice(&fixture(rel)).unwrap();
        let controls = v["summaryDetails"]["controls"].as_object().unwrap();
        assert_eq!(controls.len(), n, "{rel}");
        for id in controls.keys() {
            assert!(
                Kubescape.rules().get(id).is_some(),
                "{id} ({rel}) missing from rules/kubescape.csv"
            );
        }
    }
}

/// The committed run of this project's suite (results/kubescape) parses completely and every
/// control it reports is in the rule table.
#[test]
fn committed_results_are_mapped() {
    let mut seen = 0;
    for entry in std::fs::read_dir(RESULTS_DIR).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_string_lossy().to_string();
        if !name.ends_with(".json") || name.ends_with(".meta.json") {
            continue;
        }
        seen += 1;
        let r = Kubescape
            .parse_file(&path)
            .unwrap_or_else(|e| panic!("{e}"));
        common::assert_all_mapped(&r);
        if name == "kubescape_v3.0.48_2026-11-26.json" {
            // python3: results[].controls[] with status.status == "failed" (the sidecar's count).
            assert_eq!(r.findings.len(), 1073);
            assert_eq!(r.tool_version.as_deref(), Some("3.0.48"));
        }
        // Every control the run evaluated, failed or not, is in the table too.
        let v: serde_json::Value = serde_json::from_slice(&std::fs::read(&path).unwrap()).unwrap();
        for id in v["summaryDetails"]["controls"].as_object().unwrap().keys() {
            assert!(Kubescape.rules().get(id).is_some(), "{id} ({name})");
        }
    }
    assert!(seen > 0, "no kubescape result in {RESULTS_DIR}");
}

/// kubescape 1.x printed one framework report as the top-level object when one framework was
/// scanned (`kubescape scan framework nsa --format json`).
#[test]
fn v1_0_119_single_framework_report() {
    let r = common::parse_fixture(&Kubescape, V10119);
    // Counted with python3 (README): ruleResponses[] whose ruleStatus is "" or "failed"; the
    // `warning` ones (an exception applies) are no findings.
    assert_eq!(r.findings.len(), 10, "{:#?}", r.findings);
    // The report carries no version: the file name does.
    assert_eq!(r.tool_version.as_deref(), Some("1.0.119"));
    common::assert_all_mapped(&r);
    let mut rules: Vec<_> = r.findings.iter().map(|f| f.rule_id.as_str()).collect();
    rules.sort();
    assert_eq!(
        rules,
        [
            "C-0002", "C-0006", "C-0011", "C-0012", "C-0030", "C-0034", "C-0035", "C-0041",
            "C-0046", "C-0055"
        ]
    );
    // Control reports of 1.0.119 have no base score: no severity to map.
    assert!(r
        .findings
        .iter()
        .all(|f| f.severity == Severity::Info && f.raw_severity.is_none()));
    // Its responses name no failed paths yet.
    assert!(r.findings.iter().all(|f| f.path.is_none()));

    let host = find(&r.findings, "C-0006", "etcd-david-virtualbox");
    assert_eq!(host.len(), 1);
    assert_eq!(host[0].object.kind.as_deref(), Some("Pod"));
    assert_eq!(host[0].object.namespace.as_deref(), Some("kube-system"));
    assert_eq!(host[0].rule_title.as_deref(), Some("Allowed hostPath"));
    // The exception (`warning`) on the same pod is no finding.
    assert!(find(&r.findings, "C-0017", "etcd-david-virtualbox").is_empty());
    let sa = find(&r.findings, "C-0034", "default");
    assert_eq!(sa.len(), 1);
    assert_eq!(sa[0].object.namespace.as_deref(), Some("argocd"));
    assert!(find(&r.findings, "C-0034", "attachdetach-controller").is_empty());
    let ns = find(&r.findings, "C-0011", "argocd");
    assert_eq!(ns[0].object.kind.as_deref(), Some("Namespace"));
    // A cluster scan: nothing of this project's suite.
    assert_eq!(common::without_check_id(&r.findings).len(), 10);
}

/// The array of framework reports kubescape 1.x/2.0 printed when several frameworks were
/// scanned. A hand-made input (no real multi-framework report of that era was found): the
/// shape follows the fields of the real 1.0.119 report and of opa-utils' FrameworkReport.
#[test]
fn framework_list_input() {
    let bytes = fixture(FRAMEWORK_LIST);
    assert!(Kubescape.detect(&bytes));
    let r = Kubescape
        .parse(&bytes, "framework-list.json")
        .expect("parses");
    // C-0057 twice (NSA and MITRE, same object: one finding), C-0016 once (the `warning`
    // response is an exception, not a finding), C-0012 and C-0053 once each.
    assert_eq!(r.findings.len(), 4, "{:#?}", r.findings);
    assert_eq!(r.tool_version, None);

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

    // The same reports one by one, each as kubescape prints a single framework: the NSA one
    // alone has its two findings.
    let list: Vec<serde_json::Value> = serde_json::from_slice(&bytes).unwrap();
    let nsa = serde_json::to_vec(&list[0]).unwrap();
    assert!(Kubescape.detect(&nsa));
    let one = Kubescape.parse(&nsa, "nsa.json").unwrap();
    assert_eq!(one.findings.len(), 2);
}

#[test]
fn unknown_control_is_kept_and_flagged() {
    common::assert_unknown_rule_flagged(
        &Kubescape,
        &fixture(V3048),
        V3048,
        &UnknownRule {
            edit: Edit::All("\"C-0057\"", "\"C-9999\""),
            rule_id: "C-9999",
            total: 23,
            on: Some(On::Object("pod-032-2-privileged-container")),
            sole: false,
        },
    );
    common::assert_unknown_rule_flagged(
        &Kubescape,
        &fixture(V10119),
        V10119,
        &UnknownRule {
            edit: Edit::All("\"C-0011\"", "\"C-9998\""),
            rule_id: "C-9998",
            total: 10,
            on: Some(On::Object("argocd")),
            sole: true,
        },
    );
}

#[test]
fn detects_only_its_own_output_and_rejects_others() {
    common::assert_detects_and_rejects_others(&Kubescape);
    common::assert_rejects_other_tools(
        &Kubescape,
        &[
            "kube-score/kube-score_v1.20.0_manifests-suite.json",
            "kube-score/kube-score_v1.17.0_kalm-2024-suite.json",
        ],
    );
}

#[test]
fn bad_input() {
    common::assert_parse_errors(
        &Kubescape,
        "x.json",
        &[
            (b"", Bad::Empty),
            (b" \n ", Bad::Empty),
            (b"{\"summaryDetails\": \xff}", Bad::NotUtf8At(19)),
            (b"{\"summaryDetails\": {\"controls\": {", Bad::Json),
            (
                b"{\"summaryDetails\": {\"controls\": {",
                Bad::Mentions("line 1"),
            ),
            (b"{\"results\": []}", Bad::Mentions("summaryDetails")),
            (b"{\"name\": \"NSA\"}", Bad::WrongShape),
            (b"{\"name\": \"NSA\", \"controlReports\": [", Bad::Json),
            (b"{\"controlReports\": {}}", Bad::WrongShape),
            (b"[1, 2]", Bad::WrongShape),
            (b"[]", Bad::WrongShape),
            (b"\"text\"", Bad::WrongShape),
        ],
    );
    common::assert_cut_recording_is_json_error(&Kubescape, V3048, common::usual_cuts);
    common::assert_cut_recording_is_json_error(&Kubescape, V10119, common::usual_cuts);
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
fn rule_table_is_well_formed() {
    common::assert_rule_table_well_formed(&Kubescape, "kubescape.csv");
}

#[test]
fn mangled_output_never_panics() {
    common::assert_mangled_output_never_panics(&Kubescape, V3048);
    common::assert_mangled_output_never_panics(&Kubescape, V10119);
}

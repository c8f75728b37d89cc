//! Kubescape adapter on KALM's real kubescape 3.0.1 output (resource-results format) and on a
//! small framework-list fixture (the format of kubescape 2.0.x and older).

mod common;

use common::on_object as find;
use common::{fixture, recorded, Bad, Edit, On, UnknownRule};

use adapters::scanners::kubescape::Kubescape;
use adapters::{Scanner, Severity};

const RECORDED: &str = "kubescape_v3.0.1_2023-11-07.json";

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
    assert_eq!(common::count_rule(&r.findings, "C-0030"), 126);
    assert_eq!(common::count_rule(&r.findings, "C-0076"), 147);
    // Skipped controls (C-0001, C-0078: no configuration) are no findings.
    assert!(!r
        .findings
        .iter()
        .any(|f| f.rule_id == "C-0001" || f.rule_id == "C-0078"));

    common::assert_all_mapped(&r);
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
    common::assert_unknown_rule_flagged(
        &Kubescape,
        &bytes,
        RECORDED,
        &UnknownRule {
            edit: Edit::All("\"C-0057\"", "\"C-9999\""),
            rule_id: "C-9999",
            total: 347,
            on: Some(On::Object("pod-032-2-privileged-container")),
            sole: false,
        },
    );
}

#[test]
fn framework_list_fixture() {
    let bytes = fixture("kubescape/kubescape_v2.0.148_framework-list.json");
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
    common::assert_rejects_other_tools(
        &Kubescape,
        &[
            "polaris_v8.5.4_2024-01-15.json",
            "trivy_v0.49.0_2024-02-01.json",
            "terrascan_v1.18.11_2024-01-15.json",
            "snyk_v1.1276.0_2024-02-01.json",
            "kube-score_v1.17.0_2024-01-15.json",
            "checkov_v3.3.30_2026-11-26.json",
            "kubiscan_v1.5_2022-08-16.txt",
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
            (b"[1, 2]", Bad::WrongShape),
            (b"[]", Bad::WrongShape),
            (b"\"text\"", Bad::WrongShape),
        ],
    );
    common::assert_cut_recording_is_json_error(&Kubescape, RECORDED, common::usual_cuts);
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
    assert_eq!(&plan.args[..2], ["scan", "framework"]);
    // Every framework with controls for files, the AKS/EKS benchmarks left out.
    let frameworks: Vec<&str> = plan.args[2].split(',').collect();
    for f in [
        "allcontrols",
        "nsa",
        "mitre",
        "armobest",
        "workloadscan",
        "cis-v1.23-t1.0.1",
    ] {
        assert!(frameworks.contains(&f), "{frameworks:?}");
    }
    assert!(!plan.args[2].contains("cis-aks") && !plan.args[2].contains("cis-eks"));
    assert_eq!(plan.args[3], "/suite dir");
    assert!(plan.args.windows(2).any(|w| w == ["--format", "json"]));
    // No upload, no update check; the cache stays in the run's folder.
    assert!(plan.args.contains(&"--keep-local".to_string()));
    assert!(plan
        .env
        .contains(&("KS_SKIP_UPDATE_CHECK".to_string(), "true".to_string())));
    assert!(plan.env.contains(&(
        "KS_CACHE_DIR".to_string(),
        "/work/kubescape-cache".to_string()
    )));
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

/// Runs the installed kubescape (`.tools/bin/kubescape`, control library in
/// `.tools/kubescape-artifacts`) offline with the adapter's own scan plan on suite manifests and
/// checks the parser against the raw report.
#[test]
fn live_run_agrees_with_raw_output() {
    let Some((bin, manifests)) =
        common::live_tool(".tools/bin/kubescape", &[".tools/kubescape-artifacts"])
    else {
        return;
    };
    let (dir, suite) = common::live_suite(
        "kubescape",
        &manifests,
        &[
            "pod-032-2-privileged-container.yaml",
            "pod-008-2-pod-has-hostpid-set.yaml",
            "pod-032-1-non-privileged-container-by-default.yaml",
        ],
    );
    let work = dir.join("out");
    std::fs::create_dir_all(&work).unwrap();
    let plan = Kubescape.scan_plan(&bin, &suite, &[], &work);
    assert!(
        plan.args.iter().any(|a| a == "--use-artifacts-from"),
        "the control library beside .tools/bin is found: {:?}",
        plan.args
    );
    let bytes = common::run_plan_output(&plan, &[0]);
    let raw: serde_json::Value = serde_json::from_slice(&bytes).unwrap();
    // Counted from the raw report: every failed control of every resource.
    let expected = raw["results"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|r| r["controls"].as_array().unwrap())
        .filter(|c| c["status"]["status"] == "failed")
        .count();
    let report = common::parse_live_output(&Kubescape, &bytes, "kubescape.json", expected);
    assert_eq!(
        report.tool_version,
        common::installed_version(&Kubescape, &bin)
    );
    // The privileged container fails C-0057 on its own manifest only, and hostPID C-0038.
    let privileged: Vec<_> = report
        .findings
        .iter()
        .filter(|f| f.rule_id == "C-0057")
        .collect();
    assert_eq!(privileged.len(), 1, "{privileged:?}");
    assert_eq!(privileged[0].check_id.as_deref(), Some("POD-032-2"));
    assert!(report
        .findings
        .iter()
        .any(|f| f.rule_id == "C-0038" && f.check_id.as_deref() == Some("POD-008-2")));
    common::assert_all_mapped(&report);
    let _ = std::fs::remove_dir_all(&dir);
}

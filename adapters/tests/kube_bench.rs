//! kube-bench adapter on KALM's recorded kube-bench 0.6.9 run (CIS 1.6, a kind cluster node).

mod common;

use adapters::{by_name, Scanner, Severity};

const FILE: &str = "kube-bench_v0.6.9_2022-08-16.json";

fn kube_bench() -> &'static dyn Scanner {
    by_name("kube-bench").expect("kube-bench is registered")
}

#[test]
fn recorded_output_counts_and_version() {
    let Some(bytes) = common::recorded(FILE) else {
        return;
    };
    let report = kube_bench().parse(&bytes, FILE).unwrap();
    // Counted independently with python3: 37 FAIL of 122 results (35 PASS, 50 WARN), matching
    // the file's own Totals.total_fail.
    assert_eq!(report.findings.len(), 37);
    assert_eq!(report.tool_version.as_deref(), Some("0.6.9"));
    assert!(report
        .findings
        .iter()
        .all(|f| f.raw_severity.as_deref() == Some("FAIL") && f.severity == Severity::High));
    assert!(
        report.findings.iter().all(|f| !f.unmapped),
        "every CIS id of the run is in the table"
    );
    // No Kubernetes object, so no check id.
    assert!(report
        .findings
        .iter()
        .all(|f| f.object.name.is_none() && f.check_id.is_none() && f.path.is_none()));
}

#[test]
fn recorded_output_spot_checks() {
    let Some(bytes) = common::recorded(FILE) else {
        return;
    };
    let report = kube_bench().parse(&bytes, FILE).unwrap();
    let find = |id: &str| report.findings.iter().find(|f| f.rule_id == id);

    let f = find("1.1.1").expect("1.1.1 failed");
    assert_eq!(
        f.rule_title.as_deref(),
        Some("Ensure that the API server pod specification file permissions are set to 644 or more restrictive (Automated)")
    );
    assert_eq!(
        f.message.as_deref(),
        Some("expected 'permissions' is present [cis-1.6, master]")
    );

    let f = find("1.1.11").expect("1.1.11 failed");
    assert!(f
        .message
        .as_deref()
        .unwrap()
        .starts_with("failed to run: \"ps -ef | grep etcd"));

    let f = find("4.2.1").expect("4.2.1 failed");
    assert!(f
        .message
        .as_deref()
        .unwrap()
        .contains("/var/lib/kubelet/config.yaml"));
    assert!(f.message.as_deref().unwrap().ends_with("[cis-1.6, node]"));

    let f = find("1.2.6").expect("1.2.6 failed");
    assert!(f
        .message
        .as_deref()
        .unwrap()
        .starts_with("expected '--kubelet-certificate-authority' is present; actual root"));
    assert_eq!(
        kube_bench().rules().get("1.2.6").unwrap().category,
        "Infrastructure"
    );

    assert!(find("1.4.1").is_some());
    // WARN (manual or not run) and PASS are not findings.
    assert!(find("1.1.9").is_none(), "1.1.9 is WARN");
    assert!(find("5.1.1").is_none(), "5.1.1 is WARN (manual)");
    assert!(find("1.2.2").is_none(), "1.2.2 passed");
    assert_eq!(kube_bench().rules().get("5.1.1").unwrap().category, "IAM");
}

#[test]
fn unknown_test_numbers_are_flagged() {
    let input =
        br#"{"Controls":[{"id":"1","version":"cis-9.9","node_type":"master","tests":[{"results":[
        {"test_number":"9.9.9","test_desc":"future","status":"FAIL"}]}]}],"Totals":{}}"#;
    let r = kube_bench().parse(input, "kb.json").unwrap();
    assert_eq!(r.findings.len(), 1);
    assert!(r.findings[0].unmapped);
    assert_eq!(r.tool_version, None);
}

#[test]
fn detection() {
    let Some(bytes) = common::recorded(FILE) else {
        return;
    };
    assert!(kube_bench().detect(&bytes));
    assert!(!kube_bench().detect(b"[{\"policySummary\":{}}]"));
}

//! kube-bench adapter on real `kube-bench --json` outputs of each shape: KALM's 0.6.9 run
//! (`{"Controls": [...], "Totals": ...}`, CIS 1.6 on a kind node), DefectDojo's sample of the
//! older bare list of controls (CIS 1.5), and the oldest single-control object, reconstructed
//! from kube-bench's source (see tests/fixtures/kube-bench/README.md).

mod common;

use adapters::{by_name, Parser, Severity};
use common::Bad;

const KALM: &str = "kube-bench/kube-bench_v0.6.9_kalm-2024-node.json";
const BARE_LIST: &str = "kube-bench/kube-bench_cis-1.5_defectdojo-one-vuln.json";
const SINGLE: &str = "kube-bench/inputs/kube-bench_single-control-object.json";

fn kube_bench() -> &'static dyn Parser {
    by_name("kube-bench").expect("kube-bench is registered")
}

#[test]
fn controls_shape_counts_and_version() {
    let report = common::parse_fixture(kube_bench(), KALM);
    // Counted independently with python3 (README): 31 FAIL of the 82 results kept (8 PASS,
    // 43 WARN).
    assert_eq!(report.findings.len(), 31);
    assert_eq!(report.tool_version.as_deref(), Some("0.6.9"));
    assert!(report
        .findings
        .iter()
        .all(|f| f.raw_severity.as_deref() == Some("FAIL") && f.severity == Severity::High));
    common::assert_all_mapped(&report);
    // No Kubernetes object, so no check id.
    assert!(report
        .findings
        .iter()
        .all(|f| f.object.name.is_none() && f.check_id.is_none() && f.path.is_none()));
    let per_section = |prefix: &str| {
        report
            .findings
            .iter()
            .filter(|f| f.rule_id.starts_with(prefix))
            .count()
    };
    // Master 21, node 10; etcd, control plane and policies have no FAIL.
    assert_eq!(per_section("1."), 21);
    assert_eq!(per_section("4."), 10);
    assert_eq!(per_section("2.") + per_section("3.") + per_section("5."), 0);
}

#[test]
fn controls_shape_spot_checks() {
    let report = common::parse_fixture(kube_bench(), KALM);
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
fn bare_list_shape() {
    let report = common::parse_fixture(kube_bench(), BARE_LIST);
    // python3: one FAIL (4.2.11) among the three results kept; PASS ones are not findings.
    assert_eq!(report.findings.len(), 1);
    // Neither the output nor DefectDojo's file name carries kube-bench's version.
    assert_eq!(report.tool_version, None);
    let f = &report.findings[0];
    assert_eq!(f.rule_id, "4.2.11");
    assert_eq!(f.raw_severity.as_deref(), Some("FAIL"));
    assert_eq!(f.severity, Severity::High);
    assert_eq!(
        f.rule_title.as_deref(),
        Some("Ensure that the --rotate-certificates argument is not set to false (Scored)")
    );
    // The benchmark version is the bare `1.5` of that era, not `cis-1.5`.
    assert_eq!(
        f.message.as_deref(),
        Some("expected 'false' is equal to 'true' OR '--rotate-certificates' is not present [1.5, node]")
    );
    // The CIS number is the same check in 1.5 and 1.6 (kubelet certificate rotation).
    common::assert_all_mapped(&report);
}

#[test]
fn single_control_object_shape() {
    let bytes = common::fixture(SINGLE);
    assert!(kube_bench().detect(&bytes));
    let report = kube_bench()
        .parse(&bytes, "kube-bench-master.json")
        .unwrap();
    // One FAIL, one PASS, one WARN: only the FAIL is a finding.
    assert_eq!(
        common::rule_severities(&report.findings),
        [("2.1.1", Severity::High)]
    );
    let f = &report.findings[0];
    assert_eq!(
        f.rule_title.as_deref(),
        Some("Ensure that the --allow-privileged argument is set to false (Scored)")
    );
    // CIS 1.11's 2.1.1 is not a number of the 1.6 table: kept, and flagged.
    assert!(f.unmapped);
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
fn detects_only_its_own_output() {
    common::assert_detects_and_rejects_others(kube_bench());
    assert!(!kube_bench().detect(b"[{\"policySummary\":{}}]"));
}

#[test]
fn bad_input() {
    common::assert_parse_errors(
        kube_bench(),
        "kb.json",
        &[
            (b"", Bad::Empty),
            (b"{\"Controls\": [\xff]}", Bad::NotUtf8At(14)),
            (b"{\"Controls\": [", Bad::Json),
            (b"{}", Bad::WrongShape),
            (b"[]", Bad::WrongShape),
            (b"{\"Controls\": []}", Bad::WrongShape),
            (b"[{\"id\": \"1\"}]", Bad::WrongShape),
            (b"42", Bad::WrongShape),
        ],
    );
    for rel in [KALM, BARE_LIST] {
        common::assert_cut_recording_is_json_error(kube_bench(), rel, common::usual_cuts);
    }
}

#[test]
fn rule_table_is_well_formed() {
    common::assert_rule_table_well_formed(kube_bench(), "kube-bench.csv");
}

#[test]
fn mangled_output_never_panics() {
    common::assert_mangled_output_never_panics(kube_bench(), KALM);
}

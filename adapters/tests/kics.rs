//! KICS adapter on real reports of each shape users hold: this project's 2.2.0 run, KALM's
//! recorded 1.7.12 run (one-line JSON, as KALM's tooling stored it), a KICS report from before
//! 1.4 (no `kics_version`), the committed results, a live run, and bad input.
//! Where the counts come from: tests/fixtures/kics/README.md.

mod common;

use std::path::Path;

use common::{Bad, Edit, UnknownRule};

use adapters::scanners::kics::Kics;
use adapters::{Parser, Report, Severity};

const V2_2: &str = "kics/kics_v2.2.0_manifests.json";
const V1_7: &str = "kics/kics_v1.7.12_kalm-2024-suite.json";
const PRE_1_4: &str = "kics/kics_pre-v1.4_defectdojo_many-findings.json";
const PRE_1_4_CLEAN: &str = "kics/kics_pre-v1.4_defectdojo_no-findings.json";

/// (high, medium, low, info) over the report's findings.
fn severities(report: &Report) -> (usize, usize, usize, usize) {
    let count = |s| report.findings.iter().filter(|f| f.severity == s).count();
    (
        count(Severity::High),
        count(Severity::Medium),
        count(Severity::Low),
        count(Severity::Info),
    )
}

fn named(report: &Report) -> usize {
    report
        .findings
        .iter()
        .filter(|f| f.object.name.is_some())
        .count()
}

#[test]
fn v2_2_project_run_parses_completely() {
    let report = common::parse_fixture(&Kics, V2_2);
    // 107 = sum of len(files) over the 102 queries (python3; README).
    assert_eq!(report.findings.len(), 107);
    assert_eq!(report.tool_version.as_deref(), Some("2.2.0"));
    common::assert_all_mapped(&report);
    // The five secret findings (platform Common) name only the file.
    assert_eq!(named(&report), 102);
    assert_eq!(severities(&report), (22, 52, 29, 4));

    let find = |rule: &str, name: Option<&str>| common::first_on(&report.findings, rule, name);
    let f = find(
        "dd29336b-fe57-445b-a26e-e6aa867ae609",
        Some("pod-032-2-privileged-container"),
    );
    assert_eq!(f.rule_title.as_deref(), Some("Container Is Privileged"));
    assert_eq!(f.severity, Severity::High);
    assert_eq!(f.raw_severity.as_deref(), Some("HIGH"));
    assert_eq!(f.object.kind.as_deref(), Some("Deployment"));
    assert_eq!(f.line, Some(89));
    assert_eq!(
        f.path.as_deref(),
        Some(".spec.containers[].securityContext.privileged")
    );
    assert_eq!(f.check_id.as_deref(), Some("POD-032-2"));

    let f = find(
        "1e749bc9-fde8-471c-af0c-8254efd2dee5",
        Some("rbac-007-1-rolebinding-default-serviceaccount"),
    );
    assert_eq!(f.object.kind.as_deref(), Some("RoleBinding"));
    assert_eq!(f.path.as_deref(), Some(".subjects[]"));
    assert_eq!(f.check_id.as_deref(), Some("RBAC-007-1"));

    let f = find(
        "249328b8-5f0f-409f-b1dd-029f07882e11",
        Some("rbac-001-2-clusterrolebinding-to-cluster-admin"),
    );
    assert_eq!(f.severity, Severity::Low);
    assert_eq!(f.path.as_deref(), Some(".roleRef.name"));

    let f = find(
        "611ab018-c4aa-4ba2-b0f6-a448337509a6",
        Some("ns-001-workload-in-default-namespace"),
    );
    assert_eq!(f.path.as_deref(), Some(".metadata.namespace"));
    assert_eq!(f.check_id.as_deref(), Some("NS-001"));

    let f = find(
        "9127f0d9-2310-42e7-866f-5fd9d20dcbad",
        Some("pod-021-1-unsafe-sysctl-kernel-pid-max"),
    );
    assert_eq!(f.path.as_deref(), Some(".spec.securityContext.sysctls[]"));
    assert_eq!(f.check_id.as_deref(), Some("POD-021-1"));

    let f = find(
        "302736f4-b16c-41b8-befe-c0baffa0bd9d",
        Some("pod-008-2-host-pid"),
    );
    assert_eq!(f.path.as_deref(), Some(".spec.hostPID"));
    assert_eq!(f.check_id.as_deref(), Some("POD-008-2"));

    // The secret queries KICS 2.x added name only the file; the check id comes from its name.
    let f = find("83ab47ff-381d-48cd-bac5-fb32222f54af", None);
    assert_eq!(
        f.rule_title.as_deref(),
        Some("Passwords And Secrets - AWS Secret Key")
    );
    assert_eq!(
        f.file.as_deref(),
        Some("../../../work/main/manifests/cm-001-secret-key-in-configmap.yaml")
    );
    assert_eq!(f.line, Some(20));
    assert_eq!(f.path, None);
    assert_eq!(f.check_id.as_deref(), Some("CM-001"));
    let f = find("51b5b840-cd0c-4556-98a7-fe5f4def80cf", None);
    assert_eq!(f.check_id.as_deref(), Some("CM-002-1"));
    assert_eq!(
        common::count_rule(&report.findings, "c4d3b58a-e6d4-450f-9340-04f1e702eaae"),
        2
    );
    common::assert_reported_on(
        &report.findings,
        "c4d3b58a-e6d4-450f-9340-04f1e702eaae",
        "SEC-002",
    );
}

#[test]
fn v1_7_kalm_recording_parses_completely() {
    let report = common::parse_fixture(&Kics, V1_7);
    // 48 = sum of len(files) over the 43 queries (python3; README).
    assert_eq!(report.findings.len(), 48);
    assert_eq!(report.tool_version.as_deref(), Some("1.7.12"));
    common::assert_all_mapped(&report);
    assert!(
        report.findings.iter().all(|f| f.check_id.is_some()),
        "a finding without check id"
    );
    // The two secret findings name only the file.
    assert_eq!(named(&report), 46);
    assert_eq!(severities(&report), (8, 25, 14, 1));

    let find = |rule: &str, name: Option<&str>| common::first_on(&report.findings, rule, name);
    let f = find(
        "dd29336b-fe57-445b-a26e-e6aa867ae609",
        Some("pod-032-2-privileged-container"),
    );
    assert_eq!(f.rule_title.as_deref(), Some("Container Is Privileged"));
    assert_eq!(f.severity, Severity::High);
    assert_eq!(f.raw_severity.as_deref(), Some("HIGH"));
    assert_eq!(f.object.kind.as_deref(), Some("Deployment"));
    assert_eq!(f.line, Some(79));
    assert_eq!(
        f.path.as_deref(),
        Some(".spec.containers[].securityContext.privileged")
    );
    assert_eq!(f.check_id.as_deref(), Some("POD-032-2"));

    let f = find(
        "1e749bc9-fde8-471c-af0c-8254efd2dee5",
        Some("rbac-007-1-role-binds-default-serviceaccount-rb-rbac-007-1-role-bind-default-sa"),
    );
    assert_eq!(f.object.kind.as_deref(), Some("RoleBinding"));
    assert_eq!(f.path.as_deref(), Some(".subjects[]"));
    assert_eq!(f.check_id.as_deref(), Some("RBAC-007-1"));

    let f = find(
        "249328b8-5f0f-409f-b1dd-029f07882e11",
        Some("rbac-001-2-use-cluster-admin-role-cluster-wide-rb-cluster-admin"),
    );
    assert_eq!(f.severity, Severity::Low);
    assert_eq!(f.path.as_deref(), Some(".roleRef.name"));

    let f = find(
        "611ab018-c4aa-4ba2-b0f6-a448337509a6",
        Some("ns-001-use-default-namespace"),
    );
    assert_eq!(f.path.as_deref(), Some(".metadata.namespace"));
    assert_eq!(f.check_id.as_deref(), Some("NS-001"));

    // A finding that names only a file: the check id comes from the file name.
    let f = find("487f4be7-3fd9-4506-a07a-eae252180c08", None);
    assert_eq!(
        f.file.as_deref(),
        Some("../../manifests/cm-001-sensitive-key-referenced-in-configmap.yaml")
    );
    assert_eq!(f.line, Some(14));
    assert_eq!(f.path, None);
    assert_eq!(f.check_id.as_deref(), Some("CM-001"));

    let f = find(
        "9127f0d9-2310-42e7-866f-5fd9d20dcbad",
        Some("pod-021-1-using-sysctl-net.ipv4.tcp-keepalive-time"),
    );
    assert_eq!(f.path.as_deref(), Some(".spec.securityContext.sysctls[]"));
    assert_eq!(f.check_id.as_deref(), Some("POD-021-1"));
    assert!(f
        .message
        .as_deref()
        .unwrap()
        .contains("is an unsafe sysctl"));

    // The query-level key alone (LimitRange) has no field path.
    let f = find(
        "4a20ebac-1060-4c81-95d1-1f7f620e983b",
        Some("sc-002-1-tag-instead-of-digest-is-fine"),
    );
    assert_eq!(f.path, None);
    assert_eq!(
        common::count_rule(&report.findings, "4a20ebac-1060-4c81-95d1-1f7f620e983b"),
        3
    );
}

/// KICS before 1.4 wrote no `kics_version`, and its entries carry neither `resource_type` nor
/// `resource_name` (nor `search_line`), but a `value` field later versions dropped.
#[test]
fn pre_1_4_report_without_version_parses() {
    let report = common::parse_fixture(&Kics, PRE_1_4);
    // 11 = sum of len(files) over the 8 queries, equal to the report's total_counter.
    assert_eq!(report.findings.len(), 11);
    assert_eq!(report.tool_version, None, "neither report nor name has one");
    common::assert_all_mapped(&report);
    assert_eq!(severities(&report), (0, 4, 7, 0));
    assert_eq!(named(&report), 0);
    assert!(report.findings.iter().all(|f| f.object.kind.is_none()));

    let f = common::first_of(&report.findings, "4ac0e2b7-d2d2-4af7-8799-e8de6721ccda");
    assert_eq!(f.rule_title.as_deref(), Some("CPU Limits Not Set"));
    assert_eq!(f.raw_severity.as_deref(), Some("MEDIUM"));
    assert_eq!(
        f.file.as_deref(),
        Some("test/charts/test/templates/test.yaml")
    );
    assert_eq!(f.line, Some(62));
    assert_eq!(
        f.path.as_deref(),
        Some(".spec.containers[].resources.limits")
    );
    // Element selectors without braces (`containers.name=test`) are selectors all the same.
    let f = common::first_of(&report.findings, "268ca686-7fb7-4ae9-b129-955a2a89064e");
    assert_eq!(f.path.as_deref(), Some(".spec.containers[]"));
    assert_eq!(
        common::count_rule(&report.findings, "6b896afb-ca07-467a-b256-1a0077a1c08e"),
        4
    );

    let clean = common::parse_fixture(&Kics, PRE_1_4_CLEAN);
    assert!(clean.findings.is_empty());
    assert_eq!(clean.tool_version, None);
}

/// This project's committed KICS run: every query it reported is in the rule table.
#[test]
fn committed_results_are_all_mapped() {
    let dir = Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/../results/kics"));
    let mut runs = 0;
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_string_lossy().to_string();
        if !name.ends_with(".json") || name.ends_with(".meta.json") {
            continue;
        }
        let report = Kics
            .parse_file(&path)
            .unwrap_or_else(|e| panic!("{name}: {e}"));
        common::assert_all_mapped(&report);
        if name == "kics_v2.2.0_2026-11-26.json" {
            // The report's total_counter and its sidecar's `findings` (python3).
            assert_eq!(report.findings.len(), 1529);
        }
        runs += 1;
    }
    assert!(runs > 0, "no committed KICS run in {}", dir.display());
}

#[test]
fn unknown_rule_is_kept_and_flagged() {
    common::assert_unknown_rule_flagged(
        &Kics,
        &common::fixture(V2_2),
        V2_2,
        &UnknownRule {
            edit: Edit::First(
                "dd29336b-fe57-445b-a26e-e6aa867ae609",
                "00000000-0000-0000-0000-000000000000",
            ),
            rule_id: "00000000-0000-0000-0000-000000000000",
            total: 107,
            on: Some(common::On::Object("pod-032-2-privileged-container")),
            sole: true,
        },
    );
}

#[test]
fn bad_input_is_an_error() {
    common::assert_parse_errors(
        &Kics,
        "f",
        &[
            (b"", Bad::Empty),
            (b"{\"kics_version\": \"v1\xc3\x28\"}", Bad::NotUtf8),
            (
                br#"{"kics_version": "v1.7.12", "queries": [{"query_id": "x", "files": [{"line": "#,
                Bad::Json,
            ),
            (b"[1, 2]", Bad::WrongShape),
            (br#"{"queries": []}"#, Bad::WrongShape),
            // One counter is not yet a KICS report.
            (br#"{"queries_total": 3, "queries": []}"#, Bad::WrongShape),
            (
                br#"{"kics_version": "v1", "queries": {"a": 1}}"#,
                Bad::WrongShape,
            ),
        ],
    );
    common::assert_cut_recording_is_json_error(&Kics, V1_7, |len| vec![len / 3]);
    common::assert_cut_recording_is_json_error(&Kics, V2_2, common::usual_cuts);
    common::assert_cut_recording_is_json_error(&Kics, PRE_1_4, common::usual_cuts);
}

#[test]
fn mangled_output_never_panics() {
    common::assert_mangled_output_never_panics(&Kics, V1_7);
    common::assert_mangled_output_never_panics(&Kics, PRE_1_4);
}

#[test]
fn other_tools_outputs_are_rejected_and_not_detected() {
    common::assert_detects_and_rejects_others(&Kics);
}

/// Each of this adapter's fixtures is claimed by it alone among all adapters, so
/// `adapters::detect` routes a user's file here whatever the adapters' order.
#[test]
fn own_fixtures_claimed_by_no_other_adapter() {
    let mut n = 0;
    for (tool, path) in common::fixture_outputs() {
        if tool != Kics.name() {
            continue;
        }
        let bytes = std::fs::read(&path).unwrap();
        let claims: Vec<_> = adapters::all()
            .into_iter()
            .filter(|s| s.detect(&bytes))
            .map(|s| s.name())
            .collect();
        assert_eq!(claims, [Kics.name()], "{}", path.display());
        n += 1;
    }
    assert_eq!(n, 4);
}

#[test]
fn rule_table_is_well_formed() {
    common::assert_rule_table_well_formed(&Kics, "kics.csv");
}

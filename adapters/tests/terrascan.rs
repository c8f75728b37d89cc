//! Terrascan adapter on real `-o json` reports of each shape users hold: this project's 1.19.9
//! run, KALM's recorded 1.18.11 run (with `passed_rules` and `scan_errors`), a 2021 report
//! (`plan_root` on each violation, the older rule ids), the committed results, a live run, and
//! bad input. Where the counts come from: tests/fixtures/terrascan/README.md.

mod common;

use std::path::Path;

use common::on_object as find;
use common::{Bad, Edit, On, UnknownRule};

use adapters::scanners::terrascan::Terrascan;
use adapters::{Parser, Report, Severity};

const V1_19: &str = "terrascan/terrascan_v1.19.9_manifests.json";
const V1_18: &str = "terrascan/terrascan_v1.18.11_kalm-2024-suite.json";
const Y2021: &str = "terrascan/terrascan_2021-05_defectdojo_many-findings.json";
const Y2021_CLEAN: &str = "terrascan/terrascan_2021-05_defectdojo_no-findings.json";

/// (high, medium, low) over the report's findings.
fn severities(r: &Report) -> (usize, usize, usize) {
    let count = |sev: Severity| r.findings.iter().filter(|f| f.severity == sev).count();
    (
        count(Severity::High),
        count(Severity::Medium),
        count(Severity::Low),
    )
}

#[test]
fn v1_19_project_run() {
    let r = common::parse_fixture(&Terrascan, V1_19);
    // len(results.violations) (python3; README).
    assert_eq!(r.findings.len(), 39);
    assert_eq!(r.tool_version.as_deref(), Some("1.19.9"));
    assert_eq!(severities(&r), (5, 29, 5));
    common::assert_all_mapped(&r);

    let sock = find(
        &r.findings,
        "AC_K8S_0088",
        "pod-044-1-host-path-docker-socket",
    );
    assert_eq!(sock.len(), 1);
    assert_eq!(sock[0].object.kind.as_deref(), Some("Deployment"));
    assert_eq!(
        sock[0].file.as_deref(),
        Some("pod-044-1-host-path-docker-socket.yaml")
    );
    assert_eq!(sock[0].line, Some(19));
    assert_eq!(sock[0].severity, Severity::Medium);
    assert_eq!(sock[0].raw_severity.as_deref(), Some("MEDIUM"));
    assert_eq!(sock[0].check_id.as_deref(), Some("POD-044-1"));
    assert_eq!(sock[0].path, None);

    // The policy 1.19 reports that 1.18 never did on KALM's suite.
    let sysctl = find(
        &r.findings,
        "AC_K8S_0074",
        "pod-021-1-unsafe-sysctl-kernel-pid-max",
    );
    assert_eq!(sysctl.len(), 1);
    assert_eq!(
        sysctl[0].rule_title.as_deref(),
        Some("Allowing the pod to make system level calls provide access to host/node sensitive information")
    );
    assert_eq!(sysctl[0].check_id.as_deref(), Some("POD-021-1"));

    let ns = find(
        &r.findings,
        "AC_K8S_0086",
        "ns-001-workload-in-default-namespace",
    );
    assert_eq!(ns.len(), 1);
    assert_eq!(ns[0].severity, Severity::High);
    assert_eq!(
        ns[0].message.as_deref(),
        Some("otherNamespace: Default Namespace Should Not be Used")
    );

    let owner = find(&r.findings, "AC_K8S_0013", "base-012-secure-namespace");
    assert_eq!(owner.len(), 1);
    assert_eq!(owner[0].object.kind.as_deref(), Some("Namespace"));
    assert_eq!(
        common::first_of(&r.findings, "AC_K8S_0064")
            .object
            .kind
            .as_deref(),
        Some("CronJob")
    );
    assert_eq!(common::count_rule(&r.findings, "AC_K8S_0080"), 5);
}

#[test]
fn v1_18_kalm_recording() {
    let r = common::parse_fixture(&Terrascan, V1_18);
    // Counted independently with python3: len(results.violations); scan_summary says 87 too.
    assert_eq!(r.findings.len(), 87);
    assert_eq!(r.tool_version.as_deref(), Some("1.18.11"));
    assert_eq!(severities(&r), (17, 43, 27));

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
    let v: serde_json::Value = serde_json::from_slice(&common::fixture(V1_18)).unwrap();
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
    // 16 passed_rules + 87 violations (python3).
    assert_eq!(n, 103);
}

/// A 2021 report (DefectDojo's sample, a Terraform scan): `scan_errors` first, `plan_root` on
/// each violation, the `accurics.*` rule ids terrascan used before `AC_*`. The findings are kept,
/// flagged unmapped (no Kubernetes policy among them), and no version is guessed.
#[test]
fn report_of_2021_parses() {
    let r = common::parse_fixture(&Terrascan, Y2021);
    // len(results.violations); scan_summary: violated_policies 9, medium 2, high 7.
    assert_eq!(r.findings.len(), 9);
    assert_eq!(r.tool_version, None);
    assert_eq!(severities(&r), (7, 2, 0));
    assert!(r.findings.iter().all(|f| f.unmapped));
    let f = common::first_of(&r.findings, "accurics.gcp.NS.109");
    assert_eq!(f.object.name.as_deref(), Some("k8s_cluster"));
    assert_eq!(f.object.kind.as_deref(), Some("GoogleContainerCluster"));
    assert_eq!(f.file.as_deref(), Some("cluster.tf"));
    assert_eq!(f.line, Some(52));
    assert_eq!(
        f.message.as_deref(),
        Some("gkeControlPlaneNotPublic: Ensure GKE Control Plane is not public.")
    );

    let clean = common::parse_fixture(&Terrascan, Y2021_CLEAN);
    assert!(clean.findings.is_empty());
}

/// This project's committed terrascan run: every rule it reported is in the rule table.
#[test]
fn committed_results_are_all_mapped() {
    let dir = Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/../results/terrascan"));
    let mut runs = 0;
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_string_lossy().to_string();
        if !name.ends_with(".json") || name.ends_with(".meta.json") {
            continue;
        }
        let report = Terrascan
            .parse_file(&path)
            .unwrap_or_else(|e| panic!("{name}: {e}"));
        common::assert_all_mapped(&report);
        if name == "terrascan_v1.19.9_2026-11-26.json" {
            // scan_summary.violated_policies and the sidecar's `findings` (python3).
            assert_eq!(report.findings.len(), 854);
        }
        runs += 1;
    }
    assert!(runs > 0, "no committed terrascan run in {}", dir.display());
}

#[test]
fn unknown_rule_is_kept_and_flagged() {
    common::assert_unknown_rule_flagged(
        &Terrascan,
        &common::fixture(V1_19),
        V1_19,
        &UnknownRule {
            edit: Edit::All("\"AC_K8S_0088\"", "\"AC_K8S_9988\""),
            rule_id: "AC_K8S_9988",
            total: 39,
            on: Some(On::Object("pod-044-1-host-path-docker-socket")),
            sole: true,
        },
    );
}

#[test]
fn detects_only_its_own_output() {
    common::assert_detects_and_rejects_others(&Terrascan);
}

#[test]
fn other_tools_output_is_an_error() {
    let others: Vec<String> = common::fixture_outputs()
        .into_iter()
        .filter(|(tool, _)| tool != "terrascan")
        .map(|(tool, path)| format!("{tool}/{}", path.file_name().unwrap().to_string_lossy()))
        .collect();
    assert!(!others.is_empty());
    let others: Vec<&str> = others.iter().map(String::as_str).collect();
    common::assert_rejects_other_tools(&Terrascan, &others);
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
    common::assert_cut_recording_is_json_error(&Terrascan, V1_18, common::usual_cuts);
    common::assert_cut_recording_is_json_error(&Terrascan, V1_19, common::usual_cuts);
    common::assert_cut_recording_is_json_error(&Terrascan, Y2021, common::usual_cuts);
    // A clean scan: `violations` is null.
    common::parse_no_findings(
        &Terrascan,
        b"{\"results\": {\"violations\": null, \"scan_summary\": {}}}",
        "x.json",
    );
}

/// Each of this adapter's fixtures is claimed by it alone among all adapters, so
/// `adapters::detect` routes a user's file here whatever the adapters' order.
#[test]
fn own_fixtures_claimed_by_no_other_adapter() {
    let mut n = 0;
    for (tool, path) in common::fixture_outputs() {
        if tool != Terrascan.name() {
            continue;
        }
        let bytes = std::fs::read(&path).unwrap();
        let claims: Vec<_> = adapters::all()
            .into_iter()
            .filter(|s| s.detect(&bytes))
            .map(|s| s.name())
            .collect();
        assert_eq!(claims, [Terrascan.name()], "{}", path.display());
        n += 1;
    }
    assert_eq!(n, 4);
}

#[test]
fn rule_table_is_well_formed() {
    common::assert_rule_table_well_formed(&Terrascan, "terrascan.csv");
}

#[test]
fn mangled_output_never_panics() {
    common::assert_mangled_output_never_panics(&Terrascan, V1_18);
    common::assert_mangled_output_never_panics(&Terrascan, V1_19);
}

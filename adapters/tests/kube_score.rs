//! kube-score adapter on real `score -o json` outputs committed as fixtures
//! (tests/fixtures/kube-score, see its README): this project's 1.20.0 run (one list of scored
//! objects) and KALM's 1.17.0 recording (a list of per-file lists), the committed run of
//! results/kube-score, bad input, and a live run of the installed kube-score.

mod common;

use common::{fixture, Bad, Edit, On, UnknownRule};

use adapters::scanners::kube_score::KubeScore;
use adapters::{Parser, Severity};

const V120: &str = "kube-score/kube-score_v1.20.0_manifests-suite.json";
const V117: &str = "kube-score/kube-score_v1.17.0_kalm-2024-suite.json";
const RESULTS_DIR: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../results/kube-score");

fn count_severity(r: &adapters::Report, s: Severity) -> usize {
    r.findings.iter().filter(|f| f.severity == s).count()
}

#[test]
fn v1_20_run_on_this_suite() {
    let r = common::parse_fixture(&KubeScore, V120);
    // Counted with python3 (README): checks with skipped == false and 0 < grade < 10, one per
    // comment (one for a check without comments).
    assert_eq!(r.findings.len(), 14);
    // kube-score prints no version: the file name gives it.
    assert_eq!(r.tool_version.as_deref(), Some("1.20.0"));
    common::assert_all_mapped(&r);
    // Grades: 10 critical (1), 4 warning (5).
    assert_eq!(count_severity(&r, Severity::Critical), 10);
    assert_eq!(count_severity(&r, Severity::Medium), 4);

    let find = |rule: &str, name: &str| common::first_on(&r.findings, rule, name);
    let f = find(
        "container-security-context-privileged",
        "pod-032-2-privileged-container",
    );
    assert_eq!(f.object.kind.as_deref(), Some("Deployment"));
    assert_eq!(f.object.namespace.as_deref(), Some("bench-suite"));
    assert_eq!(f.severity, Severity::Critical);
    assert_eq!(f.raw_severity.as_deref(), Some("CRITICAL"));
    assert_eq!(f.check_id.as_deref(), Some("POD-032-2"));
    assert_eq!(
        f.file.as_deref(),
        Some("/work/main/manifests/pod-032-2-privileged-container.yaml")
    );
    assert_eq!(f.line, Some(19));
    assert!(f
        .message
        .as_deref()
        .unwrap()
        .starts_with("app: The container is privileged"));

    // Checks of kube-score 1.20 that 1.17 did not have.
    let f = find("pod-probes-identical", "rel-006-liveness-equals-readiness");
    assert_eq!(f.rule_title.as_deref(), Some("Pod Probes Identical"));
    assert_eq!(f.check_id.as_deref(), Some("REL-006"));
    assert_eq!(f.severity, Severity::Critical);
    let f = find(
        "horizontalpodautoscaler-replicas",
        "rel-013-hpa-min-replicas-one",
    );
    assert_eq!(f.object.kind.as_deref(), Some("HorizontalPodAutoscaler"));
    assert_eq!(f.severity, Severity::Medium);
    assert_eq!(f.raw_severity.as_deref(), Some("WARNING"));
    assert_eq!(f.line, Some(1));

    let f = find("service-type", "srv-001-service-type-nodeport");
    assert_eq!(f.object.kind.as_deref(), Some("Service"));
    assert_eq!(f.check_id.as_deref(), Some("SRV-001"));
    let f = find("pod-networkpolicy", "ns-001-workload-in-default-namespace");
    assert_eq!(f.object.namespace.as_deref(), Some("default"));
    let f = find("networkpolicy-targets-pod", "psa-006-enforce-level-invalid");
    assert_eq!(
        f.object.namespace.as_deref(),
        Some("psa-006-enforce-level-invalid")
    );
    // The clean PodDisruptionBudget gives nothing.
    assert!(!r
        .findings
        .iter()
        .any(|f| f.object.name.as_deref() == Some("base-020-secure-poddisruptionbudget")));
}

#[test]
fn v1_17_per_file_lists_of_kalm() {
    let r = common::parse_fixture(&KubeScore, V117);
    // Counted with python3 (README), as above, over the objects of every per-file list.
    assert_eq!(r.findings.len(), 11);
    assert_eq!(r.tool_version.as_deref(), Some("1.17.0"));
    common::assert_all_mapped(&r);
    assert_eq!(count_severity(&r, Severity::Critical), 10);
    assert_eq!(count_severity(&r, Severity::Medium), 1);
    assert_eq!(common::count_rule(&r.findings, "pod-networkpolicy"), 5);
    // Only the NetworkPolicy of the suite's shared namespace carries no check id.
    let without = common::without_check_id(&r.findings);
    assert_eq!(without.len(), 1);
    assert_eq!(without[0].object.name.as_deref(), Some("kalm-benchmark"));

    let find = |rule: &str, name: &str| common::first_on(&r.findings, rule, name);
    let f = find(
        "container-security-context-privileged",
        "pod-032-2-privileged-container",
    );
    assert_eq!(f.object.kind.as_deref(), Some("Deployment"));
    assert_eq!(f.object.namespace.as_deref(), Some("kalm-benchmark"));
    assert_eq!(f.severity, Severity::Critical);
    assert_eq!(f.raw_severity.as_deref(), Some("CRITICAL"));
    assert_eq!(f.check_id.as_deref(), Some("POD-032-2"));
    assert_eq!(f.line, Some(15));
    assert_eq!(
        f.rule_title.as_deref(),
        Some("Container Security Context Privileged")
    );
    assert!(f
        .message
        .as_deref()
        .unwrap()
        .starts_with("app: The container is privileged"));

    let f = find("container-image-tag", "sc-002-2-using-latest-image-tag");
    assert_eq!(f.check_id.as_deref(), Some("SC-002-2"));
    let f = find(
        "container-image-pull-policy",
        "sc-001-1-imagepullpolicy-defaults-to-always",
    );
    assert_eq!(f.file.as_deref(), Some("/home/me/Dev/Kalm-Benchmark/manifests/sc-001-1-imagepullpolicy-defaults-to-always.yaml"));
    let f = find(
        "container-security-context-user-group-id",
        "pod-019-1-default-to-root-group",
    );
    assert!(f.message.as_deref().unwrap().contains("low group ID"));
    let f = find("networkpolicy-targets-pod", "kalm-benchmark");
    assert_eq!(f.object.kind.as_deref(), Some("NetworkPolicy"));
    assert_eq!(f.object.namespace, None);
    assert_eq!(f.line, Some(43));
    let f = find(
        "container-ephemeral-storage-request-and-limit",
        "res-005-1-default-ephemeral-storage-requests-from-namespace",
    );
    assert_eq!(f.severity, Severity::Medium);
    assert_eq!(f.raw_severity.as_deref(), Some("WARNING"));
}

/// The committed run of this project's suite (results/kube-score) parses completely and every
/// check it lists is in the rule table.
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
        let r = KubeScore
            .parse_file(&path)
            .unwrap_or_else(|e| panic!("{e}"));
        common::assert_all_mapped(&r);
        if name == "kube-score_v1.20.0_2026-11-26.json" {
            // python3, counted as above (the sidecar's `findings`).
            assert_eq!(r.findings.len(), 272);
            assert_eq!(r.tool_version.as_deref(), Some("1.20.0"));
            assert_eq!(common::count_rule(&r.findings, "pod-probes-identical"), 9);
            assert_eq!(common::count_rule(&r.findings, "pod-networkpolicy"), 64);
        }
        // Every check the run listed, passed or not, is in the table too.
        let v: serde_json::Value = serde_json::from_slice(&std::fs::read(&path).unwrap()).unwrap();
        for obj in v.as_array().unwrap() {
            for c in obj["checks"].as_array().unwrap() {
                let id = c["check"]["id"].as_str().unwrap();
                assert!(KubeScore.rules().get(id).is_some(), "{id} ({name})");
            }
        }
    }
    assert!(seen > 0, "no kube-score result in {RESULTS_DIR}");
}

/// A single object of the 1.20 run, and the per-file list and `null` entries KALM's tooling
/// writes, built from the real fixture.
#[test]
fn shapes_built_from_the_real_run() {
    let run: Vec<serde_json::Value> = serde_json::from_slice(&fixture(V120)).unwrap();
    let privileged = run
        .iter()
        .find(|o| o["object_meta"]["name"] == "pod-032-2-privileged-container")
        .unwrap();
    let one = serde_json::to_vec(&[privileged]).unwrap();
    let r = KubeScore.parse(&one, "kube-score_v1.20.0_x.json").unwrap();
    assert_eq!(
        common::rule_severities(&r.findings),
        [("container-security-context-privileged", Severity::Critical)]
    );
    // The same objects stored one list per file, with a `null` for a file kube-score scored
    // nothing in: the same findings.
    let mut per_file: Vec<serde_json::Value> = run
        .iter()
        .map(|o| serde_json::Value::Array(vec![o.clone()]))
        .collect();
    per_file.insert(1, serde_json::Value::Null);
    let bytes = serde_json::to_vec(&per_file).unwrap();
    assert!(KubeScore.detect(&bytes));
    assert_eq!(KubeScore.parse(&bytes, "x").unwrap().findings.len(), 14);
    // A run over files with nothing to score prints `null` (Go's empty list): a clean run.
    let r = common::parse_no_findings(&KubeScore, b"null\n", "kube-score_v1.20.0_x.json");
    assert_eq!(r.tool_version.as_deref(), Some("1.20.0"));
    // Not claimed by detection: `null` says nothing about which tool printed it.
    assert!(!KubeScore.detect(b"null\n"));
}

#[test]
fn unknown_rule_is_kept_and_flagged() {
    common::assert_unknown_rule_flagged(
        &KubeScore,
        &fixture(V120),
        V120,
        &UnknownRule {
            edit: Edit::All("\"pod-probes-identical\"", "\"pod-brand-new-check\""),
            rule_id: "pod-brand-new-check",
            total: 14,
            on: Some(On::Object("rel-006-liveness-equals-readiness")),
            sole: true,
        },
    );
}

#[test]
fn bad_input_is_an_error() {
    common::assert_parse_errors(
        &KubeScore,
        "f",
        &[
            (b"", Bad::Empty),
            (b"[\xff]", Bad::NotUtf8At(1)),
            (b"[{\"object_name\": \"x\", \"checks\": [", Bad::Json),
            (b"{}", Bad::WrongShape),
            (b"nul", Bad::WrongShape),
            (b"[{\"object\": \"x\"}]", Bad::WrongShape),
            (b"[[1]]", Bad::WrongShape),
        ],
    );
    common::assert_cut_recording_is_json_error(&KubeScore, V120, common::usual_cuts);
    common::assert_cut_recording_is_json_error(&KubeScore, V117, common::usual_cuts);
}

#[test]
fn mangled_output_never_panics() {
    common::assert_mangled_output_never_panics(&KubeScore, V120);
    common::assert_mangled_output_never_panics(&KubeScore, V117);
}

#[test]
fn rule_table_is_well_formed() {
    common::assert_rule_table_well_formed(&KubeScore, "kube-score.csv");
}

#[test]
fn other_tools_outputs_are_rejected_and_not_detected() {
    common::assert_detects_and_rejects_others(&KubeScore);
    common::assert_rejects_other_tools(
        &KubeScore,
        &[
            "kubescape/kubescape_v3.0.48_manifests-suite.json",
            "kubescape/kubescape_v1.0.119_nsa-framework-report.json",
            "kubescape/inputs/framework-list_hand-made.json",
        ],
    );
}

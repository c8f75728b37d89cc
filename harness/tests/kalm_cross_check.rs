//! The KALM cross-checks: the one test target that reads KALM's data beside the checkout
//! (`../shared/kalm-2024`: KALM's 2024 suite and the real outputs of 13 scanners on it). Every
//! other test runs from the repository alone, and a test in `harness/tests/self_contained.rs`
//! proves that no other test source refers to that folder.
//!
//! Without the folder these tests fail and say so; `SCANNER_BENCH_SKIP_KALM=1` compiles them as
//! ignored, so a clone with nothing beside it reports them as skipped, never as passed.
//!
//! What is checked: every recorded output parses to the number of findings counted
//! independently with python3 and is claimed by exactly its own adapter; KALM's suite scored
//! with those outputs, with per-check outcomes verified by hand against the raw outputs (see
//! the comments).

use std::path::PathBuf;
use std::process::Command;

use assert_cmd::prelude::*;
use harness::analyze::{self, model::Analysis};

fn kalm() -> PathBuf {
    let p = PathBuf::from(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../shared/kalm-2024"
    ));
    assert!(
        p.join("manifests").is_dir() && p.join("results").is_dir(),
        "KALM's 2024 data is not at {}: these cross-checks need KALM's suite and recorded \
         outputs beside the checkout (../shared/kalm-2024); set SCANNER_BENCH_SKIP_KALM=1 to \
         report them as skipped",
        p.display()
    );
    p
}

fn analysis() -> Analysis {
    let p = kalm();
    analyze::analyze(&p.join("manifests"), &p.join("results")).unwrap()
}

/// KALM's 13 recorded outputs: (file, adapter, version, findings). The counts were made with
/// python3 over the raw files (e.g. trivy: Results[].Misconfigurations[] with Status FAIL),
/// independently of the adapters.
const RECORDED: &[(&str, &str, &str, usize)] = &[
    ("checkov_v3.3.30_2026-11-26.json", "checkov", "3.3.30", 85),
    ("datree_v1.9.19_2024-01-16.json", "datree", "1.9.19", 280),
    ("kics_v1.7.12_2024-01-15.json", "kics", "1.7.12", 392),
    (
        "kube-bench_v0.6.9_2022-08-16.json",
        "kube-bench",
        "0.6.9",
        37,
    ),
    (
        "kube-score_v1.17.0_2024-01-15.json",
        "kube-score",
        "1.17.0",
        164,
    ),
    (
        "kubelinter_v0.6.5_2024-01-15.json",
        "kube-linter",
        "0.6.5",
        908,
    ),
    (
        "kubescape_v3.0.1_2023-11-07.json",
        "kubescape",
        "3.0.1",
        347,
    ),
    ("kubesec_v2.12.0_2024-01-16.json", "kubesec", "2.12.0", 345),
    ("kubiscan_v1.5_2022-08-16.txt", "kubiscan", "1.5", 77),
    ("polaris_v8.5.4_2024-01-15.json", "polaris", "8.5.4", 785),
    ("snyk_v1.1276.0_2024-02-01.json", "snyk", "1.1276.0", 202),
    (
        "terrascan_v1.18.11_2024-01-15.json",
        "terrascan",
        "1.18.11",
        87,
    ),
    ("trivy_v0.49.0_2024-02-01.json", "trivy", "0.49.0", 153),
];

#[test]
#[cfg_attr(skip_kalm, ignore = "SCANNER_BENCH_SKIP_KALM=1")]
fn every_recorded_output_parses_as_its_own_tool_with_its_count() {
    let results = kalm().join("results");
    let files = std::fs::read_dir(&results).unwrap().count();
    assert_eq!(files, RECORDED.len(), "files in {}", results.display());
    for &(file, tool, version, count) in RECORDED {
        let bytes = std::fs::read(results.join(file)).unwrap();
        let claimants: Vec<&str> = adapters::all()
            .into_iter()
            .filter(|s| s.detect(&bytes))
            .map(|s| s.name())
            .collect();
        assert_eq!(claimants, [tool], "{file} is claimed by {claimants:?}");
        let scanner = adapters::detect(&bytes).unwrap();
        let report = scanner
            .parse_file(&results.join(file))
            .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(report.findings.len(), count, "{file}");
        assert_eq!(report.tool_version.as_deref(), Some(version), "{file}");
        // Parsed without the file name, a tool that prints its version keeps the same one.
        if let Some(v) = scanner.parse(&bytes, "output.json").unwrap().tool_version {
            assert_eq!(v, version, "{file}: version from the content");
        }
        // Every other adapter refuses the file rather than guessing findings from it.
        for other in adapters::all() {
            if other.name() != tool {
                assert!(
                    other.parse(&bytes, file).is_err(),
                    "{} parsed {file}",
                    other.name()
                );
            }
        }
    }
}

fn outcome(a: &Analysis, tool: &str, check: &str) -> &'static str {
    let t = a
        .tools
        .iter()
        .position(|t| t.tool == tool)
        .unwrap_or_else(|| panic!("{tool} not scored; left out: {:?}", a.left_out));
    let c = a
        .checks
        .iter()
        .find(|c| c.id == check)
        .unwrap_or_else(|| panic!("no check {check}"));
    c.outcomes[t].as_str()
}

#[test]
#[cfg_attr(skip_kalm, ignore = "SCANNER_BENCH_SKIP_KALM=1")]
fn suite_expectations_from_annotations() {
    let a = analysis();
    // 228 labelled checks with an expectation: 196 alert, 32 pass (KALM's own table counts one
    // more alert check; see docs/kalm-comparison.md). Counted by hand from the annotations.
    assert_eq!(
        (
            a.suite.checks,
            a.suite.alert,
            a.suite.pass,
            a.suite.controls
        ),
        (228, 196, 32, 0)
    );
    // The two shared namespaces with their quota, limit range and network policies, and the
    // priority class: objects without a check.
    assert_eq!(a.suite.context_objects, 7);
    let cats = &a.suite.categories;
    assert_eq!(cats.first().map(String::as_str), Some("Workload"));
    assert!(cats.contains(&"IAM".to_string()));
}

#[test]
#[cfg_attr(skip_kalm, ignore = "SCANNER_BENCH_SKIP_KALM=1")]
fn counts_are_consistent_for_every_tool() {
    let a = analysis();
    assert!(
        a.tools.len() >= 9,
        "only {} tools scored: {:?}",
        a.tools.len(),
        a.left_out
    );
    for t in &a.tools {
        for (name, m) in [
            ("headline", &t.metrics),
            ("metadata", &t.metadata),
            ("differential", &t.differential),
        ] {
            assert_eq!(m.tp + m.fn_, a.suite.alert, "{} {name}", t.key);
            assert_eq!(m.fp + m.tn, a.suite.pass, "{} {name}", t.key);
            assert_eq!(m.checks, a.suite.checks, "{} {name}", t.key);
        }
        let sum = |f: fn(&analyze::model::Metrics) -> u32| {
            t.categories.iter().map(|c| f(&c.metrics)).sum::<u32>()
        };
        assert_eq!(sum(|m| m.tp), t.metrics.tp, "{}", t.key);
        assert_eq!(sum(|m| m.fn_), t.metrics.fn_, "{}", t.key);
        assert_eq!(sum(|m| m.fp), t.metrics.fp, "{}", t.key);
        assert_eq!(sum(|m| m.tn), t.metrics.tn, "{}", t.key);
        let col = a.tools.iter().position(|x| x.key == t.key).unwrap();
        let matrix_tp = a.checks.iter().filter(|c| c.outcomes[col] == "TP").count() as u32;
        assert_eq!(matrix_tp, t.metrics.tp, "{}", t.key);
        // Score is detection minus false positives.
        let (d, f) = (
            t.metrics.detection_rate.unwrap(),
            t.metrics.fp_rate.unwrap(),
        );
        assert!((t.metrics.score.unwrap() - (d - f)).abs() < 1e-12);
    }
    // Ranked by score.
    for w in a.tools.windows(2) {
        assert!(
            w[0].metrics.score >= w[1].metrics.score,
            "{} before {}",
            w[0].key,
            w[1].key
        );
    }
}

#[test]
#[cfg_attr(skip_kalm, ignore = "SCANNER_BENCH_SKIP_KALM=1")]
fn kube_linter_outcomes_verified_by_hand() {
    let a = analysis();
    // Detected: host-pid, host-network, host-ipc and privileged-container fire on exactly these.
    for c in ["POD-008-2", "POD-009-2", "POD-010-2", "POD-032-2"] {
        assert_eq!(outcome(&a, "kube-linter", c), "TP", "{c}");
    }
    // Missed: only the rules that fire on every Deployment (dnsconfig-options,
    // required-annotation-email, ...) appear on the hostPort, hostAliases and /bin/sh checks;
    // nothing on the RBAC ClusterRole of RBAC-004-1.
    for c in ["POD-011", "POD-012", "POD-024-1", "RBAC-004-1"] {
        assert_eq!(outcome(&a, "kube-linter", c), "FN", "{c}");
    }
    // Secure variants with only the every-object rules: quiet.
    for c in ["POD-008-1", "POD-032-1"] {
        assert_eq!(outcome(&a, "kube-linter", c), "TN", "{c}");
    }
    // unset-memory-requirements on a container whose memory request comes from the
    // namespace's LimitRange: KALM expects pass.
    assert_eq!(outcome(&a, "kube-linter", "RES-001-1"), "FP");
}

#[test]
#[cfg_attr(skip_kalm, ignore = "SCANNER_BENCH_SKIP_KALM=1")]
fn kubesec_outcomes_verified_by_hand() {
    let a = analysis();
    // critical HostPID / HostNetwork / Privileged / HostAliases on these objects.
    for c in ["POD-008-2", "POD-010-2", "POD-032-2", "POD-012"] {
        assert_eq!(outcome(&a, "kubesec", c), "TP", "{c}");
    }
    // Only ApparmorAny and SeccompAny, which kubesec advises on all 146 workloads.
    for c in ["POD-011", "POD-024-1"] {
        assert_eq!(outcome(&a, "kubesec", c), "FN", "{c}");
    }
    // kubesec does not read RBAC objects.
    assert_eq!(outcome(&a, "kubesec", "RBAC-004-1"), "FN");
    for c in ["POD-008-1", "POD-032-1"] {
        assert_eq!(outcome(&a, "kubesec", c), "TN", "{c}");
    }
    // advise RunAsUser although the pod sets runAsNonRoot: a false positive.
    assert_eq!(outcome(&a, "kubesec", "POD-017-2"), "FP");
    let t = a.tools.iter().find(|t| t.tool == "kubesec").unwrap();
    let fp = t
        .false_positives
        .iter()
        .find(|e| e.check == "POD-017-2")
        .unwrap();
    assert!(fp
        .findings
        .iter()
        .any(|f| f.rule == "RunAsUser" && f.object.contains("pod-017-2")));
    // The every-workload advice is noise, not detection.
    assert!(t.metrics.noise >= 146 * 2, "noise {}", t.metrics.noise);
}

#[test]
#[cfg_attr(skip_kalm, ignore = "SCANNER_BENCH_SKIP_KALM=1")]
fn both_attribution_methods_produce_results() {
    let a = analysis();
    let total = |f: fn(&analyze::model::ToolResult) -> u32| a.tools.iter().map(f).sum::<u32>();
    assert!(total(|t| t.metadata.tp) > 100);
    assert!(total(|t| t.differential.tp) > 100);
    assert!(total(|t| t.disagreements.len() as u32) > 0);
    // They differ somewhere: otherwise one of them would be redundant.
    assert!(a.tools.iter().any(|t| t.metadata.tp != t.differential.tp));
    assert_eq!(a.best_pairs.len(), analyze::combos::SHOWN);
    assert!(a.best_triples[0].detected >= a.best_pairs[0].detected);
    assert!(a.best_pairs[0].detected >= a.tools.iter().map(|t| t.metrics.tp).max().unwrap());
}

#[test]
#[cfg_attr(skip_kalm, ignore = "SCANNER_BENCH_SKIP_KALM=1")]
fn cluster_scans_are_left_out() {
    let a = analysis();
    let kb = a
        .left_out
        .iter()
        .find(|l| l.file.contains("kube-bench"))
        .expect("kube-bench left out");
    assert!(kb.reason.contains("different suite"), "{}", kb.reason);
}

#[test]
#[cfg_attr(skip_kalm, ignore = "SCANNER_BENCH_SKIP_KALM=1")]
fn cli_writes_every_export() {
    let p = kalm();
    let out = tempfile::tempdir().unwrap();
    Command::cargo_bin("harness")
        .unwrap()
        .arg("evaluate")
        .arg("--suite")
        .arg(p.join("manifests"))
        .arg("--results")
        .arg(p.join("results"))
        .arg("--out")
        .arg(out.path())
        .assert()
        .success()
        .stdout(predicates::str::contains("Use "))
        .stderr(predicates::str::contains(
            "kube-bench_v0.6.9_2022-08-16.json: skipped",
        ));
    let checks = std::fs::read_to_string(out.path().join("checks.csv")).unwrap();
    assert_eq!(checks.lines().count(), 229);
    let md = std::fs::read_to_string(out.path().join("summary.md")).unwrap();
    assert!(md.contains("kube-linter 0.6.5"));
    let json: serde_json::Value =
        serde_json::from_slice(&std::fs::read(out.path().join("summary.json")).unwrap()).unwrap();
    assert_eq!(json["suite"]["checks"], 228);
}

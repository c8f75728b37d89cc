//! kube_score's driver: its version parser, its scan plan, and a live run checked against the raw
//! output.

use std::path::{Path, PathBuf};

use adapters::scanners::kube_score::KubeScore;
use adapters::Severity;
use harness::runner::drivers::kube_score::DRIVER;

use super::common;

#[test]
fn versions_and_plan() {
    assert_eq!(
        (DRIVER.parse_version)(
            "kube-score version: 1.17.0, commit: 9a1b2c, built: 2023-10-01T10:00:00Z"
        )
        .as_deref(),
        Some("1.17.0")
    );
    assert_eq!(
        (DRIVER.parse_version)("kube-score version: development, commit: , built: "),
        None
    );
    let files = [PathBuf::from("/s/a.yaml"), PathBuf::from("/s/b c.yaml")];
    let plan = DRIVER.scan_plan(
        Path::new("kube-score"),
        Path::new("/s"),
        &files,
        Path::new("/w"),
    );
    assert_eq!(
        plan.args,
        ["score", "-o", "json", "/s/a.yaml", "/s/b c.yaml"]
    );
}

/// Runs the installed kube-score (`.tools/bin/kube-score`) with the adapter's own scan plan on
/// suite manifests and checks the parser against the raw JSON it printed.
#[test]
#[cfg_attr(skip_live, ignore = "SCANNER_BENCH_SKIP_LIVE=1")]
fn live_run_agrees_with_raw_output() {
    let (bin, manifests) = common::live_tool(".tools/bin/kube-score", &[]);
    let files: Vec<PathBuf> = [
        "pod-032-2-privileged-container.yaml",
        "ns-001-workload-in-default-namespace.yaml",
        "sc-002-2-latest-tag.yaml",
        "rel-006-liveness-equals-readiness.yaml",
    ]
    .iter()
    .map(|n| manifests.join(n))
    .collect();
    let plan = DRIVER.scan_plan(&bin, &manifests, &files, &std::env::temp_dir());
    // Exit 1 means critical findings.
    let stdout = super::run_plan_output(&plan, &[0, 1]);
    let raw: serde_json::Value = serde_json::from_slice(&stdout).unwrap();
    let mut expected = 0;
    for obj in raw.as_array().unwrap() {
        for c in obj["checks"].as_array().unwrap() {
            let grade = c["grade"].as_i64().unwrap();
            if !c["skipped"].as_bool().unwrap() && (1..10).contains(&grade) {
                expected += c["comments"].as_array().map_or(1, |a| a.len().max(1));
            }
        }
    }
    let report = common::parse_live_output(&KubeScore, &stdout, "kube-score.json", expected);
    // The privileged container is reported.
    let f = common::first_of(&report.findings, "container-security-context-privileged");
    assert_eq!(f.check_id.as_deref(), Some("POD-032-2"));
    assert_eq!(f.severity, Severity::Critical);
    common::assert_reported_on(&report.findings, "container-image-tag", "SC-002-2");
    common::assert_reported_on(&report.findings, "pod-probes-identical", "REL-006");
    common::assert_all_mapped(&report);
    // A run on ConfigMaps only prints `null`, which the adapter reads as a clean run.
    let cm = [manifests.join("base-018-secure-configmap.yaml")];
    let plan = DRIVER.scan_plan(&bin, &manifests, &cm, &std::env::temp_dir());
    let stdout = super::run_plan_output(&plan, &[0]);
    assert_eq!(String::from_utf8_lossy(&stdout).trim(), "null");
    common::parse_no_findings(&KubeScore, &stdout, "kube-score.json");
}

//! kics's driver: its version parser, its scan plan, and a live run checked against the raw
//! output.

use std::path::{Path, PathBuf};

use adapters::scanners::kics::Kics;
use harness::runner::drivers::kics::DRIVER;
use harness::runner::drivers::OutputSink;

use super::common;

#[test]
fn version_without_file_name_hint() {
    let text = br#"{"kics_version": "v2.1.12", "queries": null}"#;
    let report = common::parse_no_findings(&Kics, text, "results.json");
    assert_eq!(report.tool_version.as_deref(), Some("2.1.12"));
    // KICS 2.x prints its version without the `v`.
    let text = br#"{"kics_version": "2.2.0", "queries": []}"#;
    let report = common::parse_no_findings(&Kics, text, "results.json");
    assert_eq!(report.tool_version.as_deref(), Some("2.2.0"));
    assert_eq!(
        (DRIVER.parse_version)("Keeping Infrastructure as Code Secure v1.7.12\n").as_deref(),
        Some("1.7.12")
    );
}

#[test]
fn scan_plan_writes_results_json() {
    let plan = DRIVER.scan_plan(
        Path::new("/nowhere/kics"),
        Path::new("/suite"),
        &[],
        Path::new("/work dir"),
    );
    assert_eq!(
        plan.output,
        OutputSink::File(PathBuf::from("/work dir/results.json"))
    );
    assert_eq!(plan.args[0], "scan");
    let pos = plan.args.iter().position(|a| a == "-o").unwrap();
    assert_eq!(plan.args[pos + 1], "/work dir");
    assert!(plan
        .args
        .windows(2)
        .any(|w| w == ["--report-formats", "json"]));
    // No queries folder beside a binary that is not there.
    assert!(!plan.args.iter().any(|a| a == "-q"));
}

/// Runs the installed KICS (`.tools/bin/kics`, queries in `.tools/kics-assets`) with the
/// adapter's own scan plan on suite manifests and checks the parser against the raw report.
#[test]
#[cfg_attr(skip_live, ignore = "SCANNER_BENCH_SKIP_LIVE=1")]
fn live_run_agrees_with_raw_output() {
    let (bin, manifests) = common::live_tool(".tools/bin/kics", &[".tools/kics-assets/queries"]);
    let (dir, suite) = common::live_suite(
        "kics",
        &manifests,
        &[
            "pod-032-2-privileged-container.yaml",
            "ns-001-workload-in-default-namespace.yaml",
            "rbac-007-1-rolebinding-default-serviceaccount.yaml",
            "cm-001-secret-key-in-configmap.yaml",
        ],
    );
    let work = dir.join("out");
    std::fs::create_dir_all(&work).unwrap();
    let plan = DRIVER.scan_plan(&bin, &suite, &[], &work);
    assert!(
        plan.args.iter().any(|a| a == "-q"),
        "the queries folder beside .tools/bin is found"
    );
    assert!(
        matches!(plan.output, OutputSink::File(_)),
        "KICS writes a file"
    );
    let bytes = super::run_plan_output(&plan, &[0]);
    let raw: serde_json::Value = serde_json::from_slice(&bytes).unwrap();
    let expected: usize = raw["queries"]
        .as_array()
        .unwrap()
        .iter()
        .map(|q| q["files"].as_array().unwrap().len())
        .sum();
    assert_eq!(raw["total_counter"].as_u64(), Some(expected as u64));
    let report = common::parse_live_output(&Kics, &bytes, "results.json", expected);
    assert_eq!(report.tool_version, super::installed_version(&DRIVER, &bin));
    let f = common::first_on(
        &report.findings,
        "dd29336b-fe57-445b-a26e-e6aa867ae609",
        "pod-032-2-privileged-container",
    );
    assert_eq!(
        f.path.as_deref(),
        Some(".spec.containers[].securityContext.privileged")
    );
    assert_eq!(f.check_id.as_deref(), Some("POD-032-2"));
    let f = common::first_on(
        &report.findings,
        "611ab018-c4aa-4ba2-b0f6-a448337509a6",
        "ns-001-workload-in-default-namespace",
    );
    assert_eq!(f.path.as_deref(), Some(".metadata.namespace"));
    common::assert_reported_on(
        &report.findings,
        "1e749bc9-fde8-471c-af0c-8254efd2dee5",
        "RBAC-007-1",
    );
    common::assert_reported_on(
        &report.findings,
        "83ab47ff-381d-48cd-bac5-fb32222f54af",
        "CM-001",
    );
    // Every query that fired on these Kubernetes manifests is in the table.
    common::assert_all_mapped(&report);
    let _ = std::fs::remove_dir_all(&dir);
}

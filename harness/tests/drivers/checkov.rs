//! checkov's driver: its version parser, its scan plan, and a live run checked against the raw
//! output.

use std::path::Path;

use adapters::scanners::checkov::Checkov;
use harness::runner::drivers::checkov::DRIVER;
use harness::runner::drivers::OutputSink;

use super::common;

#[test]
fn versions_from_version_output() {
    assert_eq!(
        (DRIVER.parse_version)("3.3.30\n").as_deref(),
        Some("3.3.30")
    );
    assert_eq!((DRIVER.parse_version)("").as_deref(), None);
}

#[test]
fn scan_plan_is_an_argv() {
    let plan = DRIVER.scan_plan(
        Path::new("/x/checkov"),
        Path::new("/s u/manifests"),
        &[],
        Path::new("/w"),
    );
    assert_eq!(
        plan.args[..2],
        ["-d".to_string(), "/s u/manifests".to_string()]
    );
    assert!(plan.args.iter().any(|a| a == "--skip-download"));
    assert!(plan.args.iter().any(|a| a == "--quiet"));
    assert!(plan
        .env
        .iter()
        .any(|(k, v)| k == "BC_SKIP_MAPPING" && v == "TRUE"));
    assert_eq!(plan.output, OutputSink::Stdout);
}

/// Runs the installed checkov (`.tools/checkov-venv`) with the adapter's own scan plan on three
/// suite manifests and checks the parser against the raw JSON it printed.
#[test]
#[cfg_attr(skip_live, ignore = "SCANNER_BENCH_SKIP_LIVE=1")]
fn live_run_agrees_with_raw_output() {
    let (bin, manifests) = common::live_tool(".tools/checkov-venv/bin/checkov", &[]);
    let (dir, suite) = common::live_suite(
        "checkov",
        &manifests,
        &[
            "pod-032-2-privileged-container.yaml",
            "rbac-003-1-role-resource-wildcard.yaml",
            "ns-001-workload-in-default-namespace.yaml",
        ],
    );
    let plan = DRIVER.scan_plan(&bin, &suite, &[], &dir);
    // Exit 1 means "failed checks found".
    let stdout = super::run_plan_output(&plan, &[0, 1]);
    let raw: serde_json::Value = serde_json::from_slice(&stdout).unwrap();
    let reports: Vec<&serde_json::Value> = match &raw {
        serde_json::Value::Array(list) => list.iter().collect(),
        other => vec![other],
    };
    let failed: usize = reports
        .iter()
        .map(|r| {
            r["results"]["failed_checks"]
                .as_array()
                .map_or(0, |a| a.len())
        })
        .sum();
    let report = common::parse_live_output(&Checkov, &stdout, "live.json", failed);
    let version = super::installed_version(&DRIVER, &bin);
    assert!(version.is_some());
    assert_eq!(report.tool_version, version);
    common::assert_all_mapped(&report);
    let f = common::first_of(&report.findings, "CKV_K8S_16");
    assert_eq!(
        f.object.name.as_deref(),
        Some("pod-032-2-privileged-container")
    );
    assert_eq!(f.check_id.as_deref(), Some("POD-032-2"));
    assert_eq!(
        f.path.as_deref().unwrap(),
        ".spec.containers[].securityContext.privileged"
    );
    common::assert_reported_on(&report.findings, "CKV_K8S_21", "NS-001");
    common::assert_reported_on(&report.findings, "CKV_K8S_49", "RBAC-003-1");
    let _ = std::fs::remove_dir_all(&dir);
}

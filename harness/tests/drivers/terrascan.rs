//! terrascan's driver: its version parser, its scan plan, and a live run checked against the raw
//! output.

use std::path::Path;

use adapters::scanners::terrascan::Terrascan;
use harness::runner::drivers::terrascan::DRIVER;

use super::common;

#[test]
fn scan_plan_is_an_argv() {
    let plan = DRIVER.scan_plan(
        Path::new("terrascan"),
        Path::new("/suite"),
        &[],
        Path::new("/w"),
    );
    assert_eq!(
        plan.args,
        ["scan", "-i", "k8s", "-d", "/suite", "-o", "json"]
    );
}

/// Runs the installed terrascan (`.tools/bin/terrascan`, policies in `.tools/terrascan-policies`)
/// with the adapter's own scan plan on a few suite manifests and checks the parser against the
/// raw report.
#[test]
#[cfg_attr(skip_live, ignore = "SCANNER_BENCH_SKIP_LIVE=1")]
fn live_run_agrees_with_raw_output() {
    let (bin, manifests) =
        common::live_tool(".tools/bin/terrascan", &[".tools/terrascan-policies"]);
    let (dir, suite) = common::live_suite(
        "terrascan",
        &manifests,
        &[
            "pod-044-1-host-path-docker-socket.yaml",
            "ns-001-workload-in-default-namespace.yaml",
            "pod-021-1-unsafe-sysctl-kernel-pid-max.yaml",
        ],
    );
    let plan = DRIVER.scan_plan(&bin, &suite, &[], &dir);
    assert!(
        plan.args.iter().any(|a| a == "-p"),
        "the policies beside .tools/bin are passed"
    );
    // Terrascan exits 3 when it reports violations.
    let bytes = super::run_plan_output(&plan, &[0, 3]);
    let raw: serde_json::Value = serde_json::from_slice(&bytes).unwrap();
    let expected = raw["results"]["violations"].as_array().unwrap().len();
    assert_eq!(
        raw["results"]["scan_summary"]["violated_policies"].as_u64(),
        Some(expected as u64)
    );
    // The report names no version: the harness names the stored file after `terrascan version`.
    let version = super::installed_version(&DRIVER, &bin).expect("`terrascan version` read");
    let stored = format!("terrascan_v{version}_live.json");
    let report = common::parse_live_output(&Terrascan, &bytes, &stored, expected);
    assert_eq!(report.tool_version.as_deref(), Some(version.as_str()));
    let sock = common::on_object(
        &report.findings,
        "AC_K8S_0088",
        "pod-044-1-host-path-docker-socket",
    );
    assert_eq!(sock.len(), 1);
    assert_eq!(sock[0].check_id.as_deref(), Some("POD-044-1"));
    common::assert_reported_on(&report.findings, "AC_K8S_0086", "NS-001");
    common::assert_reported_on(&report.findings, "AC_K8S_0074", "POD-021-1");
    common::assert_all_mapped(&report);
    let _ = std::fs::remove_dir_all(&dir);
}

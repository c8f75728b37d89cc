//! trivy's driver: its version parser, its scan plan, and a live run checked against the raw
//! output.

use adapters::scanners::trivy::Trivy;
use harness::runner::drivers::trivy::DRIVER;
use harness::runner::drivers::OutputSink;

use super::common;

#[test]
fn scan_plan_is_an_argv() {
    let plan = DRIVER.scan_plan(
        std::path::Path::new("trivy"),
        std::path::Path::new("/suite"),
        &[],
        std::path::Path::new("/w"),
    );
    assert_eq!(
        plan.args,
        ["config", "--format", "json", "--quiet", "/suite"]
    );
    assert!(plan
        .env
        .contains(&("TRIVY_SKIP_CHECK_UPDATE".to_string(), "true".to_string())));
    assert_eq!(plan.output, OutputSink::Stdout);
}

/// The installed trivy on a few suite files: the findings the raw output holds, counted here
/// from the JSON itself, all reach the report, mapped and attributed.
#[test]
#[cfg_attr(skip_live, ignore = "SCANNER_BENCH_SKIP_LIVE=1")]
fn live_config_scan() {
    let (bin, manifests) = common::live_tool(".tools/bin/trivy", &[]);
    let (dir, suite) = common::live_suite(
        "trivy",
        &manifests,
        &[
            "pod-032-2-privileged-container.yaml",
            "cp-001-1-apiserver-anonymous-auth-enabled.yaml",
            "rbac-027-1-rolebinding-system-anonymous.yaml",
            "base-007-secure-serviceaccount.yaml",
        ],
    );
    let plan = DRIVER.scan_plan(&bin, &suite, &[], &dir);
    let out = super::run_plan_output(&plan, &[0]);
    let raw: serde_json::Value = serde_json::from_slice(&out).unwrap();
    let failed = raw["Results"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|r| {
            r["Misconfigurations"]
                .as_array()
                .cloned()
                .unwrap_or_default()
        })
        .filter(|m| m["Status"] == "FAIL")
        .count();
    let r = common::parse_live_output(&Trivy, &out, "trivy-live.json", failed);
    assert_eq!(
        r.tool_version,
        super::installed_version(&DRIVER, &bin),
        "report version vs --version"
    );
    common::assert_reported_on(&r.findings, "AVD-KSV-0017", "POD-032-2");
    common::assert_reported_on(&r.findings, "AVD-KCV-0001", "CP-001-1");
    common::assert_reported_on(&r.findings, "AVD-KSV-0122", "RBAC-027-1");
    assert!(r.findings.iter().all(|f| f.check_id.is_some()));
    common::assert_all_mapped(&r);
    let _ = std::fs::remove_dir_all(dir);
}

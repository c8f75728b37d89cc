//! The Kyverno CLI's driver: its scan plan with the policy it carries, and a live run checked
//! against the raw report.

use adapters::scanners::kyverno::Kyverno;
use harness::runner::drivers::kyverno::DRIVER;

use super::common;

/// Runs the installed kyverno as `harness run` does (the policy written into the work folder,
/// the plan run in that folder) on four suite manifests and checks the parser against the
/// report it printed.
#[test]
#[cfg_attr(skip_live, ignore = "SCANNER_BENCH_SKIP_LIVE=1")]
fn live_output_parses() {
    let (bin, manifests) = common::live_tool(".tools/bin/kyverno", &[]);
    let (dir, suite) = common::live_suite(
        "kyverno",
        &manifests,
        &[
            "pod-032-2-privileged-container.yaml",
            "pod-008-2-host-pid.yaml",
            "pod-030-no-container-security-context.yaml",
            "base-002-secure-deployment.yaml",
        ],
    );
    let files: Vec<_> = std::fs::read_dir(&suite)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    let work = dir.join("work");
    std::fs::create_dir_all(&work).unwrap();
    DRIVER.prepare(&files, &work).unwrap();
    let plan = DRIVER.scan_plan(&bin, &suite, &files, &work);
    let out = std::process::Command::new(&plan.program)
        .args(&plan.args)
        .envs(plan.env.iter().map(|(k, v)| (k.as_str(), v.as_str())))
        .current_dir(&work)
        .output()
        .unwrap_or_else(|e| panic!("{}: {e}", plan.program.display()));
    std::fs::remove_dir_all(&dir).ok();
    // Exit 1: some rule failed.
    assert_eq!(
        out.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8_lossy(&out.stdout);
    // Kyverno's deprecation warning names the policy by the relative name the plan gave.
    assert!(
        text.starts_with("Warning: kyverno-policies.yaml: "),
        "{text}"
    );
    let report_line = text
        .lines()
        .find(|l| l.starts_with('{'))
        .expect("a report line");
    let report: serde_json::Value = serde_json::from_str(report_line).unwrap();
    let failed = report["results"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| r["result"] == "fail")
        .count();
    // 5 failed results (baseline and restricted on two objects, restricted on one); one
    // finding per control per object: privileged, hostNamespaces, allowPrivilegeEscalation,
    // capabilities_restricted.
    assert_eq!(failed, 5);
    let r = common::parse_live_output(&Kyverno, &out.stdout, "kyverno_v1.19.1_live.json", 4);
    common::assert_reported_on(&r.findings, "privileged", "POD-032-2");
    common::assert_reported_on(&r.findings, "hostNamespaces", "POD-008-2");
    common::assert_reported_on(&r.findings, "capabilities_restricted", "POD-030");
    common::assert_all_mapped(&r);
    let version = super::installed_version(&DRIVER, &bin);
    assert_eq!(version.as_deref(), Some("1.19.1"));
}

//! kubeaudit's driver: its version parser, its scan plan, and a live run checked against the raw
//! output.

use adapters::scanners::kubeaudit::Kubeaudit;
use harness::runner::drivers::kubeaudit::DRIVER;

use super::common;

/// Runs the installed kubeaudit with the adapter's own plan on three suite manifests (joined
/// into one stream) and checks the parser against the lines it printed.
#[test]
#[cfg_attr(skip_live, ignore = "SCANNER_BENCH_SKIP_LIVE=1")]
fn live_output_parses() {
    let (bin, manifests) = common::live_tool(".tools/bin/kubeaudit", &[]);
    let files: Vec<_> = [
        "pod-032-2-privileged-container.yaml",
        "pod-008-2-host-pid.yaml",
        "np-001-namespace-without-networkpolicy.yaml",
    ]
    .iter()
    .map(|f| manifests.join(f))
    .collect();
    let work = std::env::temp_dir().join(format!("kubeaudit-live-{}", std::process::id()));
    std::fs::create_dir_all(&work).unwrap();
    DRIVER.prepare(&files, &work).unwrap();
    let plan = DRIVER.scan_plan(&bin, &manifests, &files, &work);
    let stdout = super::run_plan_output(&plan, &[0]);
    std::fs::remove_dir_all(&work).ok();
    let results = String::from_utf8_lossy(&stdout)
        .lines()
        .filter(|l| l.contains("\"AuditResultName\""))
        .count();
    let report = common::parse_live_output(&Kubeaudit, &stdout, "live.jsonl", results);
    let privileged = common::first_of(&report.findings, "PrivilegedTrue");
    assert_eq!(privileged.check_id.as_deref(), Some("POD-032-2"));
    common::assert_reported_on(&report.findings, "NamespaceHostPIDTrue", "POD-008-2");
    common::assert_reported_on(
        &report.findings,
        "MissingDefaultDenyIngressAndEgressNetworkPolicy",
        "NP-001",
    );
    common::assert_all_mapped(&report);
    let version = super::installed_version(&DRIVER, &bin);
    assert_eq!(version.as_deref(), Some("0.22.2"));
}

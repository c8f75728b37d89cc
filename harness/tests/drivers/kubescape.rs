//! kubescape's driver: its version parser, its scan plan, and a live run checked against the raw
//! output.

use adapters::scanners::kubescape::Kubescape;
use harness::runner::drivers::kubescape::DRIVER;
use harness::runner::drivers::OutputSink;

use super::common;

#[test]
fn scan_plan_is_an_argv() {
    let plan = DRIVER.scan_plan(
        std::path::Path::new("/usr/bin/kubescape"),
        std::path::Path::new("/suite dir"),
        &[],
        std::path::Path::new("/work"),
    );
    assert_eq!(&plan.args[..2], ["scan", "framework"]);
    // Every framework with controls for files, the AKS/EKS benchmarks left out.
    let frameworks: Vec<&str> = plan.args[2].split(',').collect();
    for f in [
        "allcontrols",
        "nsa",
        "mitre",
        "armobest",
        "workloadscan",
        "cis-v1.23-t1.0.1",
    ] {
        assert!(frameworks.contains(&f), "{frameworks:?}");
    }
    assert!(!plan.args[2].contains("cis-aks") && !plan.args[2].contains("cis-eks"));
    assert_eq!(plan.args[3], "/suite dir");
    assert!(plan.args.windows(2).any(|w| w == ["--format", "json"]));
    // No upload, no update check; the cache stays in the run's folder.
    assert!(plan.args.contains(&"--keep-local".to_string()));
    assert!(plan
        .env
        .contains(&("KS_SKIP_UPDATE_CHECK".to_string(), "true".to_string())));
    assert!(plan.env.contains(&(
        "KS_CACHE_DIR".to_string(),
        "/work/kubescape-cache".to_string()
    )));
    assert_eq!(plan.output, OutputSink::File("/work/kubescape.json".into()));
}

/// Runs the installed kubescape (`.tools/bin/kubescape`, control library in
/// `.tools/kubescape-artifacts`) offline with the adapter's own scan plan on suite manifests and
/// checks the parser against the raw report.
#[test]
#[cfg_attr(skip_live, ignore = "SCANNER_BENCH_SKIP_LIVE=1")]
fn live_run_agrees_with_raw_output() {
    let (bin, manifests) =
        common::live_tool(".tools/bin/kubescape", &[".tools/kubescape-artifacts"]);
    let (dir, suite) = common::live_suite(
        "kubescape",
        &manifests,
        &[
            "pod-032-2-privileged-container.yaml",
            "pod-008-2-host-pid.yaml",
            "pod-032-1-privileged-unset.yaml",
        ],
    );
    let work = dir.join("out");
    std::fs::create_dir_all(&work).unwrap();
    let plan = DRIVER.scan_plan(&bin, &suite, &[], &work);
    assert!(
        plan.args.iter().any(|a| a == "--use-artifacts-from"),
        "the control library beside .tools/bin is found: {:?}",
        plan.args
    );
    let bytes = super::run_plan_output(&plan, &[0]);
    let raw: serde_json::Value = serde_json::from_slice(&bytes).unwrap();
    // Counted from the raw report: every failed control of every resource.
    let expected = raw["results"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|r| r["controls"].as_array().unwrap())
        .filter(|c| c["status"]["status"] == "failed")
        .count();
    let report = common::parse_live_output(&Kubescape, &bytes, "kubescape.json", expected);
    assert_eq!(report.tool_version, super::installed_version(&DRIVER, &bin));
    // The privileged container fails C-0057 on its own manifest only, and hostPID C-0038.
    let privileged: Vec<_> = report
        .findings
        .iter()
        .filter(|f| f.rule_id == "C-0057")
        .collect();
    assert_eq!(privileged.len(), 1, "{privileged:?}");
    assert_eq!(privileged[0].check_id.as_deref(), Some("POD-032-2"));
    assert!(report
        .findings
        .iter()
        .any(|f| f.rule_id == "C-0038" && f.check_id.as_deref() == Some("POD-008-2")));
    assert!(!report
        .findings
        .iter()
        .any(|f| f.check_id.as_deref() == Some("POD-032-1") && f.rule_id == "C-0057"));
    common::assert_all_mapped(&report);
    let _ = std::fs::remove_dir_all(&dir);
}

//! kube_linter's driver: its version parser, its scan plan, and a live run checked against the raw
//! output.

use std::path::Path;

use adapters::scanners::kube_linter::KubeLinter;
use adapters::Parser;
use harness::runner::drivers::kube_linter::DRIVER;

use super::common;

#[test]
fn no_findings_and_versions() {
    let text = br#"{"Checks": [], "Reports": null, "Summary": {"ChecksStatus": "Passed", "KubeLinterVersion": "v0.7.1"}}"#;
    assert!(KubeLinter.detect(text));
    let report = common::parse_no_findings(&KubeLinter, text, "out.json");
    assert_eq!(report.tool_version.as_deref(), Some("0.7.1"));
    assert_eq!((DRIVER.parse_version)("v0.6.5\n").as_deref(), Some("0.6.5"));
    assert_eq!(
        (DRIVER.parse_version)("0.4.0-0-gc37b7551f6").as_deref(),
        Some("0.4.0-0-gc37b7551f6")
    );
    let plan = DRIVER.scan_plan(
        Path::new("kube-linter"),
        Path::new("/s"),
        &[],
        Path::new("/w"),
    );
    assert_eq!(
        plan.args,
        ["lint", "--add-all-built-in", "--format", "json", "/s"]
    );
}

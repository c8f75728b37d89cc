//! polaris's driver: its version parser, its scan plan, and a live run checked against the raw
//! output.

use harness::runner::drivers::polaris::DRIVER;
use harness::runner::drivers::OutputSink;

#[test]
fn scan_plan_is_an_argv() {
    let plan = DRIVER.scan_plan(
        std::path::Path::new("polaris"),
        std::path::Path::new("/suite; rm -rf x"),
        &[],
        std::path::Path::new("/w"),
    );
    assert_eq!(
        plan.args,
        [
            "audit",
            "--audit-path",
            "/suite; rm -rf x",
            "--format",
            "json"
        ]
    );
    assert_eq!(plan.output, OutputSink::Stdout);
}

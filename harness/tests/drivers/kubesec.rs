//! kubesec's driver: its version parser, its scan plan, and a live run checked against the raw
//! output.

use std::path::{Path, PathBuf};

use adapters::scanners::kubesec::Kubesec;
use adapters::Severity;
use harness::runner::drivers::kubesec::DRIVER;

use super::common;

#[test]
fn versions_and_plan() {
    assert_eq!(
        (DRIVER.parse_version)("version 2.14.2\ngit commit abc\nbuild date 2024\n").as_deref(),
        Some("2.14.2")
    );
    assert_eq!(
        (DRIVER.parse_version)("version unknown\ngit commit unknown\n"),
        None
    );
    let one = [PathBuf::from("/s/a b.yaml")];
    let plan = DRIVER.scan_plan(Path::new("kubesec"), Path::new("/s"), &one, Path::new("/w"));
    assert_eq!(plan.args[0], "scan");
    assert_eq!(plan.args.last().map(String::as_str), Some("/s/a b.yaml"));
    assert!(plan.args.windows(2).any(|w| w == ["--exit-code", "0"]));
}

#[test]
fn several_files_are_scanned_as_one_document_stream() {
    let dir = std::env::temp_dir().join(format!("kubesec-plan-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let a = dir.join("a.yaml");
    let b = dir.join("b.yaml");
    std::fs::write(&a, "kind: Pod\nmetadata:\n  name: a\n").unwrap();
    std::fs::write(&b, "kind: Pod\nmetadata:\n  name: b").unwrap();
    let files = [a, b];
    DRIVER.prepare(&files, &dir).unwrap();
    let plan = DRIVER.scan_plan(Path::new("kubesec"), &dir, &files, &dir);
    let target = PathBuf::from(plan.args.last().unwrap());
    assert_eq!(target, dir.join("kubesec-input.yaml"));
    let text = std::fs::read_to_string(&target).unwrap();
    assert_eq!(
        text,
        "---\nkind: Pod\nmetadata:\n  name: a\n---\nkind: Pod\nmetadata:\n  name: b\n"
    );
    std::fs::remove_dir_all(&dir).unwrap();
}

/// Runs the installed kubesec (`.tools/bin/kubesec`, schemas in `.tools/kubesec-schemas`) with
/// the driver's own plan on two suite manifests (one combined input) and checks the parser
/// against the raw JSON it printed.
#[test]
#[cfg_attr(skip_live, ignore = "SCANNER_BENCH_SKIP_LIVE=1")]
fn live_run_agrees_with_raw_output() {
    let (bin, manifests) = common::live_tool(".tools/bin/kubesec", &[".tools/kubesec-schemas"]);
    let work = std::env::temp_dir().join(format!("kubesec-live-{}", std::process::id()));
    std::fs::create_dir_all(&work).unwrap();
    let files: Vec<PathBuf> = [
        "pod-032-2-privileged-container.yaml",
        "pod-008-2-host-pid.yaml",
        "pod-058-4-host-path-proc.yaml",
    ]
    .iter()
    .map(|n| manifests.join(n))
    .collect();
    DRIVER.prepare(&files, &work).unwrap();
    let plan = DRIVER.scan_plan(&bin, &manifests, &files, &work);
    assert!(plan.args.iter().any(|a| a == "--schema-location"));
    let stdout = super::run_plan_output(&plan, &[0]);
    let raw: serde_json::Value = serde_json::from_slice(&stdout).unwrap();
    let objects = raw.as_array().unwrap();
    assert!(
        objects.iter().all(|o| o["valid"] == true),
        "schemas not found: {raw}"
    );
    let expected: usize = objects
        .iter()
        .map(|o| {
            ["critical", "advise"]
                .iter()
                .map(|g| o["scoring"][g].as_array().map_or(0, |a| a.len()))
                .sum::<usize>()
        })
        .sum();
    let report = common::parse_live_output(&Kubesec, &stdout, "kubesec.json", expected);
    let f = common::first_of(&report.findings, "Privileged");
    assert_eq!(f.check_id.as_deref(), Some("POD-032-2"));
    assert_eq!(f.severity, Severity::Critical);
    common::assert_reported_on(&report.findings, "HostPID", "POD-008-2");
    common::assert_reported_on(&report.findings, "ProcMount", "POD-058-4");
    common::assert_all_mapped(&report);
    let _ = std::fs::remove_dir_all(&work);
}

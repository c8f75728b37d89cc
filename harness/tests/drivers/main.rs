//! Each scanner's driver: how its version is read, the argv it is started with, and a live run
//! of the installed scanner with that argv, its output checked by the scanner's parser. The
//! adapters' test helpers (fixtures, the suite, live-run checks) are shared with their tests.

#[path = "../../../adapters/tests/common/mod.rs"]
mod common;

mod checkov;
mod kics;
mod kube_linter;
mod kube_score;
mod kubeaudit;
mod kubescape;
mod kubesec;
mod kyverno;
mod polaris;
mod snyk;
mod terrascan;
mod trivy;

use std::path::Path;
use std::process::Output;

use harness::runner::drivers::{Driver, OutputSink, ScanPlan};

/// Runs a driver's scan plan (program, argv, environment) as the runner would.
fn run_plan(plan: &ScanPlan) -> Output {
    std::process::Command::new(&plan.program)
        .args(&plan.args)
        .envs(plan.env.iter().map(|(k, v)| (k.as_str(), v.as_str())))
        .output()
        .unwrap_or_else(|e| panic!("{}: {e}", plan.program.display()))
}

/// Runs a scan plan, requires one of the `ok` exit codes (several scanners exit 1 when they
/// find something) and returns the output where the plan says it goes.
#[track_caller]
fn run_plan_output(plan: &ScanPlan, ok: &[i32]) -> Vec<u8> {
    let out = run_plan(plan);
    assert!(
        out.status.code().is_some_and(|c| ok.contains(&c)),
        "{}: {:?}: {}",
        plan.program.display(),
        out.status,
        String::from_utf8_lossy(&out.stderr)
    );
    match &plan.output {
        OutputSink::Stdout => out.stdout,
        OutputSink::File(f) => std::fs::read(f).unwrap_or_else(|e| panic!("{}: {e}", f.display())),
    }
}

/// The version the installed tool at `bin` prints, read by its driver: live runs compare it
/// with the version the parser takes from the output.
fn installed_version(driver: &Driver, bin: &Path) -> Option<String> {
    let out = std::process::Command::new(bin)
        .args(driver.version_args)
        .envs(driver.offline_env.iter().copied())
        .output()
        .unwrap_or_else(|e| panic!("{}: {e}", bin.display()));
    (driver.parse_version)(&String::from_utf8_lossy(&out.stdout))
}

//! Live run of real scanners (checkov and trivy from `scripts/install-scanners.sh`) on the
//! project's suite: both outputs must be stored, parse with their adapters, and detect the
//! privileged-container check.
//!
//! A missing scanner fails the test and names the install step; `SCANNER_BENCH_SKIP_LIVE=1`
//! compiles it as ignored, so it is reported as skipped.

use std::path::{Path, PathBuf};
use std::process::Command;

use assert_cmd::cargo::CommandCargoExt;

const TOOLS: [&str; 2] = ["checkov", "trivy"];

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// The catalog's check for a privileged container: expected alert, on the privileged field.
fn privileged_check() -> (String, String) {
    let want = ".spec.containers[].securityContext.privileged";
    let c = harness::catalog::all()
        .into_iter()
        .find(|c| {
            c.expected == harness::catalog::Expected::Alert && c.paths().iter().any(|p| p == want)
        })
        .expect("the catalog has a privileged-container check");
    (c.id.to_string(), want.to_string())
}

#[test]
#[cfg_attr(skip_live, ignore = "SCANNER_BENCH_SKIP_LIVE=1")]
fn checkov_and_trivy_detect_a_privileged_container() {
    let bin = repo().join(".tools/bin");
    let missing: Vec<&str> = TOOLS
        .iter()
        .copied()
        .filter(|t| !bin.join(t).is_file())
        .collect();
    assert!(
        missing.is_empty(),
        "{missing:?} not installed in {}: run `scripts/install-scanners.sh checkov trivy` \
         (or set SCANNER_BENCH_SKIP_LIVE=1 to report this test as skipped)",
        bin.display()
    );
    let suite = repo().join("manifests");
    if !suite.is_dir() {
        panic!("the suite {} is missing", suite.display());
    }
    let out = tempfile::tempdir().unwrap();
    let result = Command::cargo_bin("harness")
        .unwrap()
        .current_dir(repo())
        .args([
            "run",
            "--tool",
            "checkov",
            "--tool",
            "trivy",
            "--timeout",
            "900",
            "--suite",
        ])
        .arg(&suite)
        .arg("--out")
        .arg(out.path())
        .env("HARNESS_TOOLS_DIR", &bin)
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&result.stdout);
    let stderr = String::from_utf8_lossy(&result.stderr);
    assert!(
        result.status.success(),
        "harness run failed\nstdout:\n{stdout}\nstderr:\n{stderr}"
    );

    let (check, path) = privileged_check();
    for tool in TOOLS {
        let scanner = adapters::by_name(tool).unwrap();
        let dir = out.path().join(tool);
        let outputs: Vec<PathBuf> = std::fs::read_dir(&dir)
            .unwrap_or_else(|e| panic!("{}: {e}\n{stdout}", dir.display()))
            .map(|e| e.unwrap().path())
            .filter(|p| {
                p.extension().is_some_and(|e| e == "json")
                    && !p.to_string_lossy().ends_with(".meta.json")
            })
            .collect();
        assert_eq!(outputs.len(), 1, "{tool}: {outputs:?}");
        let report = scanner
            .parse_file(&outputs[0])
            .unwrap_or_else(|e| panic!("{e}"));
        assert!(
            report.findings.len() > 10,
            "{tool}: only {} findings",
            report.findings.len()
        );
        // A finding on the check's objects whose rule is about the privileged field.
        let hits: Vec<&adapters::Finding> = report
            .findings
            .iter()
            .filter(|f| f.check_id.as_deref() == Some(check.as_str()))
            .filter(|f| {
                let by_table = scanner
                    .rules()
                    .get(&f.rule_id)
                    .is_some_and(|r| r.paths.iter().any(|p| adapters::paths::related(p, &path)));
                let by_field = f
                    .path
                    .as_deref()
                    .is_some_and(|p| adapters::paths::related(p, &path));
                by_table || by_field
            })
            .collect();
        assert!(
            !hits.is_empty(),
            "{tool} did not report {check} on {path}; its findings on {check}: {:?}",
            report
                .findings
                .iter()
                .filter(|f| f.check_id.as_deref() == Some(check.as_str()))
                .map(|f| &f.rule_id)
                .collect::<Vec<_>>()
        );
        let meta: serde_json::Value =
            serde_json::from_slice(&std::fs::read(outputs[0].with_extension("meta.json")).unwrap())
                .unwrap();
        assert_eq!(meta["tool"], tool);
        assert_eq!(meta["timed_out"], false);
        assert_eq!(
            meta["findings"].as_u64(),
            Some(report.findings.len() as u64)
        );
    }
}

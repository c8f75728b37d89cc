//! `harness parse` end to end: the binary on this repository's committed scanner outputs and on
//! bad input.

use assert_cmd::Command;
use predicates::prelude::*;

/// This repository's committed runs (real outputs of the scanners on its own suite).
const RESULTS: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../results");
const SARIF: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../adapters/tests/fixtures/sarif/trivy_v0.74.0_config.sarif"
);
const KUBEAUDIT: &str = "kubeaudit/kubeaudit_v0.22.2_2026-11-26.json";

fn harness() -> Command {
    Command::cargo_bin("harness").unwrap()
}

fn committed(file: &str) -> String {
    let p = format!("{RESULTS}/{file}");
    assert!(std::path::Path::new(&p).is_file(), "{p} is missing");
    p
}

/// kubeaudit writes one JSON object per line, one line per finding: the count the CLI must
/// print, taken from the raw file rather than from the adapter.
fn kubeaudit_lines() -> usize {
    std::fs::read_to_string(committed(KUBEAUDIT))
        .unwrap()
        .lines()
        .filter(|l| !l.trim().is_empty())
        .count()
}

#[test]
fn detect_names_tool_and_version() {
    let kubeaudit = committed(KUBEAUDIT);
    let kubesec = committed("kubesec/kubesec_v2.14.2_2026-11-26.json");
    harness()
        .args(["parse", "--detect", &kubeaudit, &kubesec, SARIF])
        .assert()
        .success()
        .stdout(predicate::str::contains(
            "kubeaudit_v0.22.2_2026-11-26.json: kubeaudit 0.22.2",
        ))
        .stdout(predicate::str::contains(
            "kubesec_v2.14.2_2026-11-26.json: kubesec 2.14.2",
        ))
        .stdout(predicate::str::contains(
            "trivy_v0.74.0_config.sarif: sarif:trivy 0.74.0",
        ));
}

#[test]
fn csv_has_one_row_per_finding() {
    let file = committed(KUBEAUDIT);
    let out = harness()
        .args(["parse", "--tool", "kubeaudit", "--format", "csv", &file])
        .output()
        .unwrap();
    assert!(out.status.success());
    let mut rdr = csv::Reader::from_reader(out.stdout.as_slice());
    let headers = rdr.headers().unwrap().clone();
    assert_eq!(&headers[2], "rule_id");
    let rows: Vec<csv::StringRecord> = rdr.records().map(Result::unwrap).collect();
    assert_eq!(rows.len(), kubeaudit_lines());
    assert!(rows
        .iter()
        .any(|r| &r[2] == "PrivilegedTrue" && &r[3] == "high" && &r[1] == "0.22.2"));
}

#[test]
fn json_and_table_without_tool_detect_it() {
    let file = committed(KUBEAUDIT);
    let out = harness()
        .args(["parse", "--format", "json", &file])
        .output()
        .unwrap();
    assert!(out.status.success());
    let findings: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let n = kubeaudit_lines();
    assert_eq!(findings.as_array().unwrap().len(), n);
    assert_eq!(findings[0]["tool"], "kubeaudit");
    harness()
        .args(["parse", &file])
        .assert()
        .success()
        .stdout(predicate::str::contains("PrivilegedTrue"))
        .stdout(predicate::str::contains(format!("{n} finding(s)")))
        // Colour escapes from the scanner never reach the terminal.
        .stdout(predicate::str::contains("\u{1b}").not());
}

#[test]
fn errors_name_the_file() {
    let dir = std::env::temp_dir().join(format!("parse-cli-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let empty = dir.join("empty.json");
    std::fs::write(&empty, b"").unwrap();
    let truncated = dir.join("truncated.json");
    std::fs::write(&truncated, br#"[{"policyValidationResults": ["#).unwrap();
    let binary = dir.join("binary.out");
    std::fs::write(&binary, b"\xff\xfe\x00\x01").unwrap();

    harness()
        .args(["parse", "--tool", "datree", empty.to_str().unwrap()])
        .assert()
        .failure()
        .stderr(predicate::str::contains("empty.json: the file is empty"));
    harness()
        .args(["parse", "--tool", "datree", truncated.to_str().unwrap()])
        .assert()
        .failure()
        .stderr(predicate::str::contains("truncated.json: invalid JSON"));
    harness()
        .args(["parse", "--detect", binary.to_str().unwrap()])
        .assert()
        .failure()
        .stderr(predicate::str::contains(
            "binary.out: no adapter recognises this output",
        ));
    harness()
        .args(["parse", "--tool", "nosuchtool", empty.to_str().unwrap()])
        .assert()
        .failure()
        .stderr(predicate::str::contains("unknown tool 'nosuchtool'"));
    harness()
        .args([
            "parse",
            "--tool",
            "kube-bench",
            dir.join("missing.json").to_str().unwrap(),
        ])
        .assert()
        .failure()
        .stderr(predicate::str::contains(
            "missing.json: could not read the file",
        ));
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn another_tools_output_is_refused() {
    let file = committed("trivy/trivy_v0.74.0_2026-11-26.json");
    harness()
        .args(["parse", "--tool", "datree", &file])
        .assert()
        .failure()
        .stderr(predicate::str::contains(
            "trivy_v0.74.0_2026-11-26.json: not datree output",
        ));
}

//! `harness parse` end to end: the binary on real recorded outputs and on bad input.

use assert_cmd::Command;
use predicates::prelude::*;

const RESULTS: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../../shared/kalm-2024/results"
);
const SARIF: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../adapters/tests/fixtures/sarif/trivy_v0.74.0_config.sarif"
);

fn harness() -> Command {
    Command::cargo_bin("harness").unwrap()
}

fn recorded(file: &str) -> Option<String> {
    let p = format!("{RESULTS}/{file}");
    if std::path::Path::new(&p).exists() {
        Some(p)
    } else {
        eprintln!("skipped: {p} is absent; the KALM 2024 data lives beside the checkout");
        None
    }
}

#[test]
fn detect_names_tool_and_version() {
    let Some(datree) = recorded("datree_v1.9.19_2024-01-16.json") else {
        return;
    };
    let kubiscan = recorded("kubiscan_v1.5_2022-08-16.txt").unwrap();
    harness()
        .args(["parse", "--detect", &datree, &kubiscan, SARIF])
        .assert()
        .success()
        .stdout(predicate::str::contains(
            "datree_v1.9.19_2024-01-16.json: datree 1.9.19",
        ))
        .stdout(predicate::str::contains(
            "kubiscan_v1.5_2022-08-16.txt: kubiscan 1.5",
        ))
        .stdout(predicate::str::contains(
            "trivy_v0.74.0_config.sarif: sarif:trivy 0.74.0",
        ));
}

#[test]
fn csv_has_one_row_per_finding() {
    let Some(file) = recorded("kube-bench_v0.6.9_2022-08-16.json") else {
        return;
    };
    let out = harness()
        .args(["parse", "--tool", "kube-bench", "--format", "csv", &file])
        .output()
        .unwrap();
    assert!(out.status.success());
    let mut rdr = csv::Reader::from_reader(out.stdout.as_slice());
    let headers = rdr.headers().unwrap().clone();
    assert_eq!(&headers[2], "rule_id");
    let rows: Vec<csv::StringRecord> = rdr.records().map(Result::unwrap).collect();
    assert_eq!(rows.len(), 37);
    assert!(rows
        .iter()
        .any(|r| &r[2] == "1.1.1" && &r[3] == "high" && &r[1] == "0.6.9"));
}

#[test]
fn json_and_table_without_tool_detect_it() {
    let Some(file) = recorded("kubiscan_v1.5_2022-08-16.txt") else {
        return;
    };
    let out = harness()
        .args(["parse", "--format", "json", &file])
        .output()
        .unwrap();
    assert!(out.status.success());
    let findings: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(findings.as_array().unwrap().len(), 77);
    assert_eq!(findings[0]["tool"], "kubiscan");
    harness()
        .args(["parse", &file])
        .assert()
        .success()
        .stdout(predicate::str::contains("risky-roles-and-clusterroles"))
        .stdout(predicate::str::contains("77 finding(s)"))
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
    let Some(file) = recorded("trivy_v0.49.0_2024-02-01.json") else {
        return;
    };
    harness()
        .args(["parse", "--tool", "datree", &file])
        .assert()
        .failure()
        .stderr(predicate::str::contains(
            "trivy_v0.49.0_2024-02-01.json: not datree output",
        ));
}

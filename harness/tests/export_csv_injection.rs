//! Scanner text in the CSV exports can't become a spreadsheet formula (OWASP's CSV injection
//! rule): `harness evaluate` on a kubesec output whose rule and reason are formulas writes them
//! as text.

use std::path::Path;
use std::process::Command;

use assert_cmd::prelude::*;

const FORMULA: &str = r#"=HYPERLINK("http://x")"#;

fn setup(dir: &Path) {
    let suite = dir.join("suite");
    std::fs::create_dir_all(&suite).unwrap();
    std::fs::write(
        suite.join("pod-001-hostpid.yaml"),
        "apiVersion: v1\nkind: Pod\nmetadata:\n  name: pod-001-hostpid\n  labels:\n    check: POD-001\n  annotations:\n    expected: alert\n    check_path: .spec.hostPID\nspec:\n  hostPID: true\n",
    )
    .unwrap();
    let results = dir.join("results/kubesec");
    std::fs::create_dir_all(&results).unwrap();
    let reason = FORMULA.replace('"', "\\\"");
    std::fs::write(
        results.join("kubesec_v2.12.0_2026-01-01.json"),
        format!(
            r#"[{{"object": "Pod/pod-001-hostpid.default", "valid": true, "fileName": "x.yaml", "message": "{reason}", "score": -30,
                "scoring": {{"critical": [{{"id": "HostPID", "selector": "@cmd", "reason": "{reason}", "points": -30}},
                                          {{"id": "+SUM(1)", "selector": "-2+3", "reason": "-2+3", "points": -1}}]}}}}]"#
        ),
    )
    .unwrap();
}

#[test]
fn formula_text_is_not_a_formula_in_any_csv_export() {
    let tmp = tempfile::tempdir().unwrap();
    setup(tmp.path());
    let out = tmp.path().join("out");
    Command::cargo_bin("harness")
        .unwrap()
        .arg("evaluate")
        .arg("--suite")
        .arg(tmp.path().join("suite"))
        .arg("--results")
        .arg(tmp.path().join("results"))
        .arg("--out")
        .arg(&out)
        .assert()
        .success();

    let findings = std::fs::read(out.join("findings.csv")).unwrap();
    let mut rdr = csv::Reader::from_reader(findings.as_slice());
    let headers = rdr.headers().unwrap().clone();
    let col = |name: &str| headers.iter().position(|h| h == name).unwrap();
    let rows: Vec<csv::StringRecord> = rdr.records().map(Result::unwrap).collect();
    assert_eq!(rows.len(), 2, "both kubesec findings are exported");
    let host_pid = rows
        .iter()
        .find(|r| &r[col("rule_id")] == "HostPID")
        .unwrap();
    assert!(
        host_pid[col("message")].starts_with(&format!("'{FORMULA}")),
        "{:?}",
        &host_pid[col("message")]
    );
    let other = rows
        .iter()
        .find(|r| r[col("rule_id")].contains("SUM"))
        .expect("the second finding");
    assert_eq!(&other[col("rule_id")], "'+SUM(1)");

    for file in [
        "findings.csv",
        "summary.csv",
        "categories.csv",
        "checks.csv",
    ] {
        let bytes = std::fs::read(out.join(file)).unwrap();
        let mut rdr = csv::Reader::from_reader(bytes.as_slice());
        for rec in rdr.records() {
            for cell in rec.unwrap().iter() {
                let risky = cell.starts_with(['=', '+', '@', '\t', '\r'])
                    || (cell.starts_with('-') && cell.parse::<f64>().is_err());
                assert!(!risky, "{file}: cell {cell:?} would be read as a formula");
            }
        }
    }
}

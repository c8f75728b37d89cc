//! Bad results folders: unknown tools, corrupt files and results for another suite are each
//! named, skipped and listed; what remains is still scored and the report still renders.

use std::path::Path;
use std::process::Command;

use assert_cmd::prelude::*;

fn suite(dir: &Path) {
    std::fs::create_dir_all(dir).unwrap();
    std::fs::write(
        dir.join("pod-001-hostpid.yaml"),
        "apiVersion: v1\nkind: Pod\nmetadata:\n  name: pod-001-hostpid\n  labels:\n    check: POD-001\n  annotations:\n    expected: alert\n    check_path: .spec.hostPID\nspec:\n  hostPID: true\n",
    )
    .unwrap();
    std::fs::write(
        dir.join("pod-002-secure.yaml"),
        "apiVersion: v1\nkind: Pod\nmetadata:\n  name: pod-002-secure\n  labels:\n    check: POD-002\n  annotations:\n    expected: pass\n    check_path: .spec.hostPID\n",
    )
    .unwrap();
}

fn kubesec(object: &str, rule: &str) -> String {
    format!(
        r#"[{{"object": "Pod/{object}.default", "valid": true, "fileName": "x.yaml", "message": "m", "score": -30,
            "scoring": {{"critical": [{{"id": "{rule}", "selector": "", "reason": "r", "points": -30}}]}}}}]"#
    )
}

fn results(dir: &Path) {
    std::fs::create_dir_all(dir.join("kubesec")).unwrap();
    // Scored: names an object of the suite.
    std::fs::write(
        dir.join("kubesec/kubesec_v2.12.0_2026-01-01.json"),
        kubesec("pod-001-hostpid", "HostPID"),
    )
    .unwrap();
    // Sidecar: skipped silently.
    std::fs::write(
        dir.join("kubesec/kubesec_v2.12.0_2026-01-01.json.meta.json"),
        r#"{"version": "2.12.0"}"#,
    )
    .unwrap();
    // Another suite: valid kubesec output about objects this suite does not have.
    std::fs::write(
        dir.join("kubesec_v2.11.0_2025-01-01.json"),
        kubesec("my-app", "HostPID"),
    )
    .unwrap();
    // Corrupt: the file name says kubesec, the content is cut off.
    std::fs::write(
        dir.join("kubesec_v2.10.0_2024-01-01.json"),
        "[{\"object\": \"Pod/x\", \"scoring\": ",
    )
    .unwrap();
    // Unknown tool.
    std::fs::write(
        dir.join("whatever_v1.0_2024-01-01.json"),
        r#"{"hello": "world"}"#,
    )
    .unwrap();
    std::fs::write(dir.join("notes.txt"), "not a scanner output").unwrap();
}

#[test]
fn bad_files_are_skipped_and_named() {
    let tmp = tempfile::tempdir().unwrap();
    let (s, r) = (tmp.path().join("suite"), tmp.path().join("results"));
    suite(&s);
    results(&r);
    let a = harness::analyze::analyze(&s, &r).unwrap();
    assert_eq!(
        a.tools.len(),
        1,
        "{:?}",
        a.tools.iter().map(|t| &t.key).collect::<Vec<_>>()
    );
    assert_eq!(a.tools[0].key, "kubesec 2.12.0");
    assert_eq!((a.tools[0].metrics.tp, a.tools[0].metrics.tn), (1, 1));
    let reason = |name: &str| {
        a.left_out
            .iter()
            .find(|l| l.file.ends_with(name))
            .map(|l| l.reason.clone())
            .unwrap_or_else(|| panic!("{name} not left out: {:?}", a.left_out))
    };
    assert!(reason("kubesec_v2.11.0_2025-01-01.json").contains("different suite"));
    assert!(reason("kubesec_v2.10.0_2024-01-01.json").contains("not readable as kubesec output"));
    assert!(reason("whatever_v1.0_2024-01-01.json").contains("no adapter"));
    assert!(reason("notes.txt").contains("no adapter"));
    assert_eq!(a.left_out.len(), 4, "{:?}", a.left_out);
    assert!(!a.left_out.iter().any(|l| l.file.ends_with(".meta.json")));
}

#[test]
fn report_renders_with_left_out_files() {
    let tmp = tempfile::tempdir().unwrap();
    let (s, r, out) = (
        tmp.path().join("suite"),
        tmp.path().join("results"),
        tmp.path().join("out"),
    );
    suite(&s);
    results(&r);
    let assert = Command::cargo_bin("harness")
        .unwrap()
        .args(["report", "--suite"])
        .arg(&s)
        .arg("--results")
        .arg(&r)
        .arg("--out")
        .arg(&out)
        .assert()
        .success();
    let stderr = String::from_utf8_lossy(&assert.get_output().stderr).to_string();
    for name in [
        "kubesec_v2.11.0_2025-01-01.json",
        "kubesec_v2.10.0_2024-01-01.json",
        "whatever_v1.0_2024-01-01.json",
    ] {
        assert!(
            stderr.contains(&format!("warning: {}", r.join(name).display())),
            "{name} not warned: {stderr}"
        );
    }
    let html = std::fs::read_to_string(out.join("report.html")).unwrap();
    assert!(html.contains("id=\"left-out-table\""));
    assert!(html.contains("whatever_v1.0_2024-01-01.json"));
    assert!(html.contains("different suite"));
    for f in [
        "summary.csv",
        "categories.csv",
        "checks.csv",
        "findings.csv",
        "summary.json",
        "summary.md",
    ] {
        assert!(out.join(f).is_file(), "{f} missing");
    }
}

#[test]
fn missing_suite_is_an_error_naming_it() {
    let tmp = tempfile::tempdir().unwrap();
    let r = tmp.path().join("results");
    std::fs::create_dir_all(&r).unwrap();
    let missing = tmp.path().join("no-such-suite");
    Command::cargo_bin("harness")
        .unwrap()
        .args(["evaluate", "--suite"])
        .arg(&missing)
        .arg("--results")
        .arg(&r)
        .arg("--out")
        .arg(tmp.path().join("out"))
        .assert()
        .failure()
        .stderr(predicates::str::contains("no-such-suite"));
}

#[test]
fn invalid_suite_yaml_is_an_error_naming_the_file() {
    let tmp = tempfile::tempdir().unwrap();
    let s = tmp.path().join("suite");
    suite(&s);
    std::fs::write(s.join("broken.yaml"), "kind: [unclosed\n").unwrap();
    let err = harness::analyze::suite::Suite::load(&s).unwrap_err();
    assert!(format!("{err:#}").contains("broken.yaml"), "{err:#}");
}

#[test]
fn results_recorded_on_another_suite_are_left_out_even_when_ids_match() {
    let tmp = tempfile::tempdir().unwrap();
    let (s, r) = (tmp.path().join("suite"), tmp.path().join("results"));
    suite(&s);
    std::fs::create_dir_all(r.join("kubesec")).unwrap();
    // Same object name as this suite's check, but the runner's sidecar says the run scanned a
    // suite with other content.
    let stem = "kubesec_v2.12.0_2026-01-01";
    std::fs::write(
        r.join(format!("kubesec/{stem}.json")),
        kubesec("pod-001-hostpid", "HostPID"),
    )
    .unwrap();
    std::fs::write(
        r.join(format!("kubesec/{stem}.meta.json")),
        r#"{"tool": "kubesec", "version": "2.12.0", "suite_digest": "sha256:0000"}"#,
    )
    .unwrap();
    let a = harness::analyze::analyze(&s, &r).unwrap();
    assert!(
        a.tools.is_empty(),
        "{:?}",
        a.tools.iter().map(|t| &t.key).collect::<Vec<_>>()
    );
    assert_eq!(a.left_out.len(), 1, "{:?}", a.left_out);
    assert!(
        a.left_out[0].reason.contains("different suite"),
        "{:?}",
        a.left_out
    );
    assert!(a.left_out[0].reason.contains("sha256:0000"));

    // The digest of this very suite is accepted.
    let here = harness::schema::SuiteFiles::load(&s)
        .unwrap()
        .digest()
        .unwrap();
    std::fs::write(
        r.join(format!("kubesec/{stem}.meta.json")),
        format!(r#"{{"tool": "kubesec", "version": "2.12.0", "suite_digest": "{here}"}}"#),
    )
    .unwrap();
    let a = harness::analyze::analyze(&s, &r).unwrap();
    assert_eq!(a.tools.len(), 1, "{:?}", a.left_out);
}

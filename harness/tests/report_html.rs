//! The rendered page: self-contained, every section present, scanner text escaped.

use std::path::Path;

use harness::analyze;

fn write_case(
    dir: &Path,
    message: &str,
    object_name: &str,
) -> (std::path::PathBuf, std::path::PathBuf) {
    let suite = dir.join("suite");
    let results = dir.join("results");
    std::fs::create_dir_all(&suite).unwrap();
    std::fs::create_dir_all(&results).unwrap();
    for (file, id, expected) in [
        ("pod-001-a.yaml", "POD-001", "alert"),
        ("pod-002-b.yaml", "POD-002", "pass"),
    ] {
        let name = file.trim_end_matches(".yaml");
        std::fs::write(
            suite.join(file),
            format!("apiVersion: v1\nkind: Pod\nmetadata:\n  name: {name}\n  labels:\n    check: {id}\n  annotations:\n    expected: {expected}\n    check_path: .spec.hostPID\n"),
        )
        .unwrap();
    }
    let out = serde_json::json!([
        {"object": "Pod/pod-001-a.default", "valid": true, "fileName": "pod-001-a.yaml", "message": "", "score": -30,
         "scoring": {"advise": [{"id": "ReadOnlyRootFilesystem", "selector": "", "reason": message, "points": 1}]}},
        {"object": format!("Pod/{object_name}.default"), "valid": true, "fileName": "pod-002-b.yaml", "message": "", "score": -30,
         "scoring": {"critical": [{"id": "HostPID", "selector": "", "reason": message, "points": -30}]}},
    ]);
    std::fs::write(
        results.join("kubesec_v2.12.0_2026-01-01.json"),
        serde_json::to_vec(&out).unwrap(),
    )
    .unwrap();
    (suite, results)
}

#[test]
fn scanner_text_is_escaped() {
    let tmp = tempfile::tempdir().unwrap();
    let (s, r) = write_case(tmp.path(), "<script>alert(1)</script>", "pod-002-b");
    let a = analyze::analyze(&s, &r).unwrap();
    // The message shows up as evidence of the miss (POD-001) and the false positive (POD-002).
    assert!(a.tools[0].missed[0].findings[0]
        .message
        .starts_with("<script>alert(1)</script>"));
    assert!(a.tools[0].false_positives[0].findings[0]
        .message
        .starts_with("<script>alert(1)</script>"));
    let html = harness::report::render(&a).unwrap();
    assert!(
        !html.contains("<script"),
        "unescaped script tag in the report"
    );
    assert!(
        html.contains("&lt;script&gt;alert(1)&lt;"),
        "escaped message missing"
    );
}

#[test]
fn page_is_self_contained_and_complete() {
    let tmp = tempfile::tempdir().unwrap();
    let (s, r) = write_case(tmp.path(), "plain message", "pod-002-b");
    let a = analyze::analyze(&s, &r).unwrap();
    let html = harness::report::render(&a).unwrap();
    for id in [
        "recommendation",
        "ranking-table",
        "chart",
        "heatmap-table",
        "combos-table",
        "versions",
        "methods-table",
        "disagreements",
        "matrix-table",
        "evidence",
        "methodology",
        "left-out",
    ] {
        assert!(
            html.contains(&format!("id=\"{id}\"")),
            "section {id} missing"
        );
    }
    // Nothing loads from elsewhere and nothing runs.
    assert!(!html.contains("<script"));
    assert!(!html.contains("<link"));
    assert!(!html.contains("src=\""));
    assert!(
        !html.contains("http://")
            || html.matches("http://").count()
                == html.matches("xmlns=\"http://www.w3.org/2000/svg\"").count()
    );
    assert!(!html.contains("https://"));
    // The answer names the tool and its detection rate.
    assert!(
        html.contains("Use kubesec 2.12.0: it detects 0.0% of the misconfigurations"),
        "{}",
        a.recommendation
    );
}

#[test]
fn object_names_from_scanners_are_escaped_in_attributes_too() {
    let tmp = tempfile::tempdir().unwrap();
    // A finding naming an object outside the suite: it lands in the noise, not in the page's
    // evidence; the page must render anyway.
    let (s, r) = write_case(tmp.path(), "\"><img src=x onerror=alert(1)>", "pod-002-b");
    let a = analyze::analyze(&s, &r).unwrap();
    let html = harness::report::render(&a).unwrap();
    assert!(!html.contains("<img"));
    assert!(html.contains("&quot;&gt;&lt;img"));
}

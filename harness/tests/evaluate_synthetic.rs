//! The analyzer on a small suite written here, where every outcome is known by construction:
//! a detected check, a missed one, a false positive, a control, and the noise they make.

use std::path::Path;

use harness::analyze;

fn deployment(id: &str, name: &str, expected: &str, path: &str) -> String {
    format!(
        "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: {name}\n  namespace: bench\n  labels:\n    check: {id}\n  annotations:\n    expected: {expected}\n    check_path: \"{path}\"\n    description: test object\n    scanner-bench.dev/category: Workload\nspec:\n  template:\n    spec:\n      containers:\n        - name: app\n          image: nginx\n"
    )
}

/// kubesec's output shape: one entry per object, rules that cost points under `critical`,
/// hardening advice under `advise`.
fn kubesec_entry(
    object: &str,
    file: &str,
    critical: &[(&str, &str)],
    advise: &[(&str, &str)],
) -> serde_json::Value {
    let rules = |v: &[(&str, &str)], points: i64| -> Vec<serde_json::Value> {
        v.iter()
            .map(|(id, reason)| serde_json::json!({"id": id, "selector": "", "reason": reason, "points": points}))
            .collect()
    };
    serde_json::json!({
        "object": object,
        "valid": true,
        "fileName": file,
        "message": "Failed with a score of -30 points",
        "score": -30,
        "scoring": {"critical": rules(critical, -30), "advise": rules(advise, 1)}
    })
}

pub fn write_fixture(dir: &Path) -> (std::path::PathBuf, std::path::PathBuf) {
    let suite = dir.join("suite");
    let results = dir.join("results");
    std::fs::create_dir_all(&suite).unwrap();
    std::fs::create_dir_all(&results).unwrap();
    let files = [
        (
            "pod-001-hostpid.yaml",
            deployment("POD-001", "pod-001-hostpid", "alert", ".spec.hostPID"),
        ),
        (
            "pod-002-hostnetwork.yaml",
            deployment(
                "POD-002",
                "pod-002-hostnetwork",
                "alert",
                ".spec.hostNetwork",
            ),
        ),
        (
            "pod-003-no-hostpid.yaml",
            deployment("POD-003", "pod-003-no-hostpid", "pass", ".spec.hostPID"),
        ),
        (
            "base-001-deployment.yaml",
            deployment("BASE-001", "base-001-deployment", "pass", ""),
        ),
    ];
    for (f, text) in files {
        std::fs::write(suite.join(f), text).unwrap();
    }
    let out = serde_json::json!([
        kubesec_entry(
            "Deployment/pod-001-hostpid.bench",
            "suite/pod-001-hostpid.yaml",
            &[("HostPID", "<script>alert(1)</script>")],
            &[]
        ),
        kubesec_entry(
            "Deployment/pod-002-hostnetwork.bench",
            "suite/pod-002-hostnetwork.yaml",
            &[],
            &[("ReadOnlyRootFilesystem", "An immutable root filesystem")]
        ),
        kubesec_entry(
            "Deployment/pod-003-no-hostpid.bench",
            "suite/pod-003-no-hostpid.yaml",
            &[("HostPID", "Sharing the host's PID namespace")],
            &[]
        ),
        kubesec_entry(
            "Deployment/base-001-deployment.bench",
            "suite/base-001-deployment.yaml",
            &[],
            &[("ReadOnlyRootFilesystem", "An immutable root filesystem")]
        ),
    ]);
    std::fs::write(
        results.join("kubesec_v2.12.0_2026-01-01.json"),
        serde_json::to_vec_pretty(&out).unwrap(),
    )
    .unwrap();
    (suite, results)
}

#[test]
fn outcomes_known_by_construction() {
    let tmp = tempfile::tempdir().unwrap();
    let (suite, results) = write_fixture(tmp.path());
    let a = analyze::analyze(&suite, &results).unwrap();
    assert!(a.left_out.is_empty(), "{:?}", a.left_out);
    assert_eq!(
        (
            a.suite.checks,
            a.suite.alert,
            a.suite.pass,
            a.suite.controls
        ),
        (3, 2, 1, 1)
    );
    assert_eq!(a.tools.len(), 1);
    let t = &a.tools[0];
    assert_eq!(t.key, "kubesec 2.12.0");
    let m = &t.metrics;
    assert_eq!((m.tp, m.fn_, m.fp, m.tn), (1, 1, 1, 0));
    assert_eq!(m.detection_rate, Some(0.5));
    assert_eq!(m.fp_rate, Some(1.0));
    assert_eq!(m.score, Some(-0.5));
    assert_eq!(m.coverage, Some(1.0));
    // ReadOnlyRootFilesystem on pod-002 (not its field) and on the control.
    assert_eq!(m.noise, 2);
    // The differential sees HostPID fire on a secure Deployment (POD-003), so it does not
    // credit POD-001 with it; on POD-003 itself no *other* secure object has it: an FP.
    // ReadOnlyRootFilesystem fires on the control, so it is rejected on POD-002 as well.
    assert_eq!(
        (t.differential.tp, t.differential.fn_, t.differential.fp),
        (0, 2, 1)
    );
    assert_eq!(t.disagreements.len(), 1);
    let d = &t.disagreements[0];
    assert_eq!(
        (
            d.check.as_str(),
            d.rule.as_str(),
            d.metadata,
            d.differential
        ),
        ("POD-001", "HostPID", true, false)
    );
    let outcomes: Vec<(&str, &str)> = a
        .checks
        .iter()
        .map(|c| (c.id.as_str(), c.outcomes[0].as_str()))
        .collect();
    assert_eq!(
        outcomes,
        [("POD-001", "TP"), ("POD-002", "FN"), ("POD-003", "FP")]
    );
    let fp = &t.false_positives[0];
    assert_eq!(fp.check, "POD-003");
    assert_eq!(fp.findings[0].rule, "HostPID");
    assert_eq!(t.missed[0].findings[0].rule, "ReadOnlyRootFilesystem");
}

#[test]
fn exports_are_written() {
    let tmp = tempfile::tempdir().unwrap();
    let (suite, results) = write_fixture(tmp.path());
    let a = analyze::analyze(&suite, &results).unwrap();
    let out = tmp.path().join("out");
    analyze::export::write_all(&a, &out).unwrap();
    let checks = std::fs::read_to_string(out.join("checks.csv")).unwrap();
    assert!(
        checks.starts_with("check,category,expected,paths,kubesec 2.12.0\n"),
        "{checks}"
    );
    assert!(
        checks.contains("POD-003,Workload,pass,.spec.hostPID,FP"),
        "{checks}"
    );
    let findings = std::fs::read_to_string(out.join("findings.csv")).unwrap();
    assert_eq!(findings.lines().count(), 5, "{findings}");
    assert!(findings.contains("<script>alert(1)</script>"));
    let json: serde_json::Value =
        serde_json::from_slice(&std::fs::read(out.join("summary.json")).unwrap()).unwrap();
    assert_eq!(json["tools"][0]["metrics"]["tp"], 1);
    assert_eq!(json["tools"][0]["metrics"]["fn"], 1);
    let md = std::fs::read_to_string(out.join("summary.md")).unwrap();
    assert!(md.contains("| 1 | kubesec 2.12.0 |"), "{md}");
    let summary = std::fs::read_to_string(out.join("summary.csv")).unwrap();
    assert!(
        summary
            .lines()
            .nth(1)
            .unwrap()
            .starts_with("1,kubesec,2.12.0,headline,4,3,1,1,1,0,"),
        "{summary}"
    );
    assert!(out.join("categories.csv").exists());
}

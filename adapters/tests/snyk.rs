//! Snyk IaC adapter on KALM's real `snyk iac test --json` 1.1276.0 output.

use std::path::PathBuf;

use adapters::scanners::snyk::Snyk;
use adapters::{Finding, ParseErrorKind, Scanner, Severity};

const RECORDED: &str = "snyk_v1.1276.0_2024-02-01.json";

fn results_dir() -> PathBuf {
    PathBuf::from(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../shared/kalm-2024/results"
    ))
}

fn recorded(name: &str) -> Option<Vec<u8>> {
    let path = results_dir().join(name);
    match std::fs::read(&path) {
        Ok(b) => Some(b),
        Err(e) => {
            eprintln!(
                "skipped: {} not readable ({e}); the shared KALM data is absent",
                path.display()
            );
            None
        }
    }
}

fn find<'a>(fs: &'a [Finding], rule: &str, file: &str) -> Vec<&'a Finding> {
    fs.iter()
        .filter(|f| f.rule_id == rule && f.file.as_deref() == Some(file))
        .collect()
}

#[test]
fn recorded_iac_test() {
    let Some(bytes) = recorded(RECORDED) else {
        return;
    };
    let r = Snyk.parse(&bytes, RECORDED).expect("parses");
    // Counted independently with python3: sum of len(entry.infrastructureAsCodeIssues).
    assert_eq!(r.findings.len(), 202);
    assert_eq!(r.tool_version.as_deref(), Some("1.1276.0"));
    let count = |sev: Severity| r.findings.iter().filter(|f| f.severity == sev).count();
    assert_eq!(
        (
            count(Severity::High),
            count(Severity::Medium),
            count(Severity::Low)
        ),
        (13, 21, 168)
    );

    let p = find(
        &r.findings,
        "SNYK-CC-K8S-1",
        "pod-032-2-privileged-container.yaml",
    );
    assert_eq!(p.len(), 1);
    assert_eq!(p[0].rule_title.as_deref(), Some("Privileged container"));
    assert_eq!(p[0].severity, Severity::High);
    assert_eq!(p[0].raw_severity.as_deref(), Some("high"));
    assert_eq!(p[0].object.kind.as_deref(), Some("Deployment"));
    assert_eq!(p[0].object.name, None); // snyk names no object
    assert_eq!(p[0].line, Some(79));
    // The document index and the rule engine's `input` root are dropped.
    assert_eq!(
        p[0].path.as_deref(),
        Some("spec.template.spec.containers[app].securityContext.privileged")
    );
    assert_eq!(
        p[0].message.as_deref(),
        Some("Container is running in privileged mode")
    );
    assert_eq!(p[0].check_id.as_deref(), Some("POD-032-2"));

    let ipc = find(
        &r.findings,
        "SNYK-CC-K8S-13",
        "pod-009-2-has-hostipc-set.yaml",
    );
    assert_eq!(ipc.len(), 1);
    assert_eq!(ipc[0].path.as_deref(), Some("spec.template.spec.hostIPC"));
    assert_eq!(ipc[0].severity, Severity::Medium);

    let sock = find(
        &r.findings,
        "SNYK-CC-K8S-2",
        "pod-044-1-mounting-docker-socket.yaml",
    );
    assert_eq!(
        sock[0].path.as_deref(),
        Some("spec.template.spec.volumes[docker-mount].hostPath.path")
    );
    assert_eq!(sock[0].line, Some(110));

    let crb = find(
        &r.findings,
        "SNYK-CC-K8S-45",
        "rbac-007-2-cluster-role-binds-default-serviceaccount.yaml",
    );
    assert_eq!(crb.len(), 1);
    assert_eq!(crb[0].object.kind.as_deref(), Some("ClusterRoleBinding"));
    assert_eq!(crb[0].path.as_deref(), Some("subjects[0].name"));
    assert_eq!(crb[0].severity, Severity::High);
    assert_eq!(crb[0].check_id.as_deref(), Some("RBAC-007-2"));

    let role = find(
        &r.findings,
        "SNYK-CC-K8S-47",
        "rbac-002-1-read-access-to-secrets.yaml",
    );
    assert_eq!(role[0].object.kind.as_deref(), Some("Role"));
    assert_eq!(role[0].path.as_deref(), Some("rules[0].resources"));
    assert_eq!(
        r.findings
            .iter()
            .filter(|f| f.rule_id == "SNYK-CC-K8S-47")
            .count(),
        12
    );
    assert_eq!(
        r.findings
            .iter()
            .filter(|f| f.rule_id == "SNYK-CC-K8S-33")
            .count(),
        146
    );

    assert!(r.findings.iter().all(|f| f.check_id.is_some()));
    let unmapped: Vec<_> = r
        .findings
        .iter()
        .filter(|f| f.unmapped)
        .map(|f| &f.rule_id)
        .collect();
    assert!(
        unmapped.is_empty(),
        "rule ids missing from rules/snyk.csv: {unmapped:?}"
    );
}

#[test]
fn single_file_object_and_errors() {
    let one = br#"{"targetFile": "pod-001-a.yaml", "ok": false, "infrastructureAsCodeIssues": [
        {"id": "SNYK-CC-K8S-3", "title": "Container is running in host's PID namespace",
         "severity": "medium", "subType": "Pod", "lineNumber": -1,
         "path": ["[DocId: 0]", "spec", "hostPID"], "msg": "spec.hostPID"}]}"#;
    let r = Snyk.parse(one, "out.json").unwrap();
    assert_eq!(r.findings.len(), 1);
    assert_eq!(r.findings[0].line, None); // -1: unknown
    assert_eq!(r.findings[0].path.as_deref(), Some("spec.hostPID"));
    assert_eq!(r.findings[0].check_id.as_deref(), Some("POD-001"));
    assert_eq!(r.tool_version, None);

    let err = Snyk
        .parse(
            br#"{"ok": false, "error": "Could not find any valid IaC files", "path": "x"}"#,
            "o.json",
        )
        .unwrap_err();
    assert!(
        err.to_string()
            .contains("Could not find any valid IaC files"),
        "{err}"
    );
}

#[test]
fn unknown_rule_is_kept_and_flagged() {
    let Some(bytes) = recorded(RECORDED) else {
        return;
    };
    let text = String::from_utf8(bytes)
        .unwrap()
        .replace("\"SNYK-CC-K8S-1\"", "\"SNYK-CC-K8S-999\"");
    let r = Snyk.parse(text.as_bytes(), RECORDED).unwrap();
    assert_eq!(r.findings.len(), 202);
    let f = find(
        &r.findings,
        "SNYK-CC-K8S-999",
        "pod-032-2-privileged-container.yaml",
    );
    assert_eq!(f.len(), 1);
    assert!(f[0].unmapped);
    assert_eq!(r.findings.iter().filter(|f| f.unmapped).count(), 1);
}

#[test]
fn detects_only_its_own_output() {
    let dir = results_dir();
    let Ok(entries) = std::fs::read_dir(&dir) else {
        eprintln!("skipped: {} absent", dir.display());
        return;
    };
    let mut n = 0;
    for e in entries {
        let path = e.unwrap().path();
        let name = path.file_name().unwrap().to_string_lossy().to_string();
        let bytes = std::fs::read(&path).unwrap();
        assert_eq!(Snyk.detect(&bytes), name.starts_with("snyk"), "{name}");
        n += 1;
    }
    assert!(n >= 13, "{n} recorded files");
}

#[test]
fn other_tools_output_is_an_error() {
    let dir = results_dir();
    for name in [
        "kubescape_v3.0.1_2023-11-07.json",
        "polaris_v8.5.4_2024-01-15.json",
        "trivy_v0.49.0_2024-02-01.json",
        "terrascan_v1.18.11_2024-01-15.json",
        "datree_v1.9.19_2024-01-16.json",
        "kube-score_v1.17.0_2024-01-15.json",
        "kubesec_v2.12.0_2024-01-16.json",
        "kubiscan_v1.5_2022-08-16.txt",
    ] {
        let Ok(bytes) = std::fs::read(dir.join(name)) else {
            eprintln!("skipped: {name} absent");
            continue;
        };
        let err = Snyk.parse(&bytes, name).expect_err(name);
        assert!(
            matches!(
                err,
                ParseErrorKind::WrongShape { .. } | ParseErrorKind::Json { .. }
            ),
            "{name}: {err}"
        );
    }
}

#[test]
fn bad_input() {
    assert!(matches!(
        Snyk.parse(b"", "x.json"),
        Err(ParseErrorKind::Empty)
    ));
    assert!(matches!(
        Snyk.parse(b"[{\"targetFile\": \"\xff\"}]", "x.json"),
        Err(ParseErrorKind::NotUtf8(17))
    ));
    let err = Snyk
        .parse(b"[{\"infrastructureAsCodeIssues\": [", "x.json")
        .unwrap_err();
    assert!(matches!(err, ParseErrorKind::Json { .. }), "{err}");
    assert!(matches!(
        Snyk.parse(b"[]", "x.json"),
        Err(ParseErrorKind::WrongShape { .. })
    ));
    assert!(matches!(
        Snyk.parse(b"[1]", "x.json"),
        Err(ParseErrorKind::WrongShape { .. })
    ));
    assert!(matches!(
        Snyk.parse(b"42", "x.json"),
        Err(ParseErrorKind::WrongShape { .. })
    ));
    if let Some(bytes) = recorded(RECORDED) {
        for cut in [1, 100, bytes.len() / 2, bytes.len() - 2] {
            let err = Snyk.parse(&bytes[..cut], RECORDED).unwrap_err();
            assert!(
                matches!(err, ParseErrorKind::Json { .. }),
                "cut at {cut}: {err}"
            );
        }
    }
}

#[test]
fn needs_network_and_account() {
    let req = Snyk.requirements();
    assert!(req.network && req.api_key);
    let plan = Snyk.scan_plan(
        std::path::Path::new("snyk"),
        std::path::Path::new("/suite"),
        &[],
        std::path::Path::new("/w"),
    );
    assert_eq!(plan.args, ["iac", "test", "/suite", "--json"]);
}

#[test]
fn rule_table_is_well_formed() {
    const CATEGORIES: [&str; 11] = [
        "Workload",
        "IAM",
        "Network",
        "Segregation",
        "AdmissionControl",
        "Reliability",
        "SupplyChain",
        "DataSecurity",
        "Vulnerability",
        "Infrastructure",
        "Misc",
    ];
    let rules = Snyk.rules();
    assert!(rules.len() >= 20, "{} rules", rules.len());
    for r in rules.iter() {
        assert!(
            CATEGORIES.contains(&r.category.as_str()),
            "{}: category {}",
            r.id,
            r.category
        );
        assert!(!r.title.is_empty(), "{}: no title", r.id);
    }
    // Paths are written canonically in the table itself, not only after loading.
    let text =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/rules/snyk.csv")).unwrap();
    let mut rdr = csv::ReaderBuilder::new()
        .comment(Some(b'#'))
        .from_reader(text.as_bytes());
    for rec in rdr.records() {
        let rec = rec.unwrap();
        for p in rec[2].split('|').filter(|p| !p.is_empty()) {
            if p.starts_with('.') {
                assert_eq!(
                    adapters::paths::normalize(p),
                    p,
                    "{}: path {p} is not canonical",
                    &rec[0]
                );
            } else {
                // A bare kind: the rule is about a missing object of that kind.
                assert!(
                    p.starts_with(|c: char| c.is_ascii_uppercase())
                        && p.chars().all(|c| c.is_ascii_alphanumeric()),
                    "{}: path {p} is neither a field nor a kind",
                    &rec[0]
                );
            }
        }
    }
}

/// Byte flips, cuts and splices of the real output: every result is a value or an error,
/// never a panic (a cheap, deterministic stand-in between fuzzing runs).
#[test]
fn mangled_output_never_panics() {
    let Some(bytes) = recorded(RECORDED) else {
        return;
    };
    let mut seed: u64 = 0x9E37_79B9_7F4A_7C15;
    let mut next = |n: usize| {
        seed = seed
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        ((seed >> 33) as usize) % n.max(1)
    };
    let mut errors = 0;
    for round in 0..150 {
        let mut b = bytes.clone();
        match round % 3 {
            0 => {
                for _ in 0..8 {
                    let i = next(b.len());
                    b[i] = next(256) as u8;
                }
            }
            1 => b.truncate(next(b.len())),
            _ => {
                let (i, j) = (next(b.len()), next(b.len()));
                let piece = b[i.min(j)..i.max(j)].to_vec();
                let at = next(b.len());
                b.splice(at..at, piece);
            }
        }
        let _ = Snyk.detect(&b);
        if Snyk.parse(&b, RECORDED).is_err() {
            errors += 1;
        }
    }
    assert!(errors > 50, "most mangled inputs are errors, got {errors}");
}

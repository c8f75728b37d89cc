//! kubesec adapter on the recorded KALM run (a list of per-file lists) and on bad input.

mod common;

use std::path::{Path, PathBuf};

use common::{Bad, Edit, UnknownRule};

use adapters::scanners::kubesec::Kubesec;
use adapters::{Scanner, Severity};

const RECORDED: &str = "kubesec_v2.12.0_2024-01-16.json";

/// One `kubesec scan` run: a plain list.
const ONE_RUN: &str = r#"[
  {"object": "ServiceAccount/sa.ns1", "valid": true, "fileName": "pod-032-2-x.yaml",
   "message": "This resource kind is not supported by kubesec", "score": 0, "scoring": {}},
  {"object": "Deployment/pod-032-2-privileged-container.ns1", "valid": true, "fileName": "pod-032-2-x.yaml",
   "message": "Failed with a score of -29 points", "score": -29,
   "scoring": {
     "critical": [{"id": "Privileged", "selector": "containers[] .securityContext .privileged == true",
                   "reason": "Privileged containers can allow almost completely unrestricted host access", "points": -30}],
     "passed": [{"id": "ServiceAccountName", "selector": ".spec .serviceAccountName", "reason": "x", "points": 3}],
     "advise": [{"id": "SeccompAny", "selector": ".metadata .annotations .\"container.seccomp.security.alpha.kubernetes.io/pod\"",
                 "reason": "Seccomp profiles set minimum privilege", "points": 1}]}}
]"#;

#[test]
fn recorded_run_parses_completely() {
    let Some(report) = common::parse_recorded_file(&Kubesec, RECORDED) else {
        return;
    };
    // 345 = 8 critical + 337 advise entries over all objects (python3).
    assert_eq!(report.findings.len(), 345);
    assert_eq!(
        report
            .findings
            .iter()
            .filter(|f| f.raw_severity.as_deref() == Some("critical"))
            .count(),
        8
    );
    assert_eq!(
        report
            .findings
            .iter()
            .filter(|f| f.raw_severity.as_deref() == Some("advise"))
            .count(),
        337
    );
    assert_eq!(report.tool_version.as_deref(), Some("2.12.0"));
    common::assert_all_mapped(&report);
    assert!(report.findings.iter().all(|f| f.check_id.is_some()));
    // ApparmorAny (+3) is low, the +1 advice is info.
    assert_eq!(
        report
            .findings
            .iter()
            .filter(|f| f.rule_id == "ApparmorAny" && f.severity == Severity::Low)
            .count(),
        146
    );
    assert_eq!(
        report
            .findings
            .iter()
            .filter(|f| f.rule_id == "SeccompAny" && f.severity == Severity::Info)
            .count(),
        146
    );

    let find = |rule: &str, name: &str| common::first_on(&report.findings, rule, name);
    let f = find("Privileged", "pod-032-2-privileged-container");
    assert_eq!(f.object.kind.as_deref(), Some("Deployment"));
    assert_eq!(f.object.namespace.as_deref(), Some("kalm-benchmark"));
    assert_eq!(f.severity, Severity::Critical);
    assert_eq!(
        f.path.as_deref(),
        Some(".spec.containers[].securityContext.privileged")
    );
    assert_eq!(
        f.file.as_deref(),
        Some("manifests/pod-032-2-privileged-container.yaml")
    );
    assert_eq!(f.check_id.as_deref(), Some("POD-032-2"));
    assert!(f.message.as_deref().unwrap().ends_with("(-30 points)"));

    let f = find("HostPID", "pod-008-2-pod-has-hostpid-set");
    assert_eq!(f.severity, Severity::High);
    assert_eq!(f.path.as_deref(), Some(".spec.hostPID"));
    let f = find(
        "HostAliases",
        "pod-012-use-hostaliases-to-modify-pods--etc-hosts",
    );
    assert_eq!(f.severity, Severity::Medium);
    assert_eq!(f.check_id.as_deref(), Some("POD-012"));
    let f = find("DockerSock", "pod-044-1-mounting-docker-socket");
    assert_eq!(f.path.as_deref(), Some(".spec.volumes[].hostPath.path"));
    let f = find(
        "AllowPrivilegeEscalation",
        "pod-031-2-allowed-privilege-escalation-explicitly",
    );
    assert_eq!(f.severity, Severity::High);
    assert_eq!(f.raw_severity.as_deref(), Some("critical"));
    let f = find("ApparmorAny", "pod-032-2-privileged-container");
    assert_eq!(f.path.as_deref(), Some(".metadata.annotations"));
    assert_eq!(f.raw_severity.as_deref(), Some("advise"));
}

#[test]
fn one_run_output() {
    assert!(Kubesec.detect(ONE_RUN.as_bytes()));
    let report = Kubesec.parse(ONE_RUN.as_bytes(), "scan.json").unwrap();
    assert_eq!(report.tool_version, None);
    let got = common::rule_severities(&report.findings);
    // Passed rules and unsupported kinds produce nothing.
    assert_eq!(
        got,
        [
            ("Privileged", Severity::Critical),
            ("SeccompAny", Severity::Info)
        ]
    );
    assert_eq!(report.findings[0].object.namespace.as_deref(), Some("ns1"));
    assert_eq!(report.findings[0].check_id.as_deref(), Some("POD-032-2"));
}

#[test]
fn unknown_rule_is_kept_and_flagged() {
    common::assert_unknown_rule_flagged(
        &Kubesec,
        ONE_RUN.as_bytes(),
        "x",
        &UnknownRule {
            edit: Edit::All("\"id\": \"SeccompAny\"", "\"id\": \"SomethingNew\""),
            rule_id: "SomethingNew",
            total: 2,
            on: None,
            sole: true,
        },
    );
}

#[test]
fn versions_and_plan() {
    assert_eq!(
        Kubesec
            .parse_version("version 2.14.2\ngit commit abc\nbuild date 2024\n")
            .as_deref(),
        Some("2.14.2")
    );
    assert_eq!(
        Kubesec.parse_version("version unknown\ngit commit unknown\n"),
        None
    );
    let one = [PathBuf::from("/s/a b.yaml")];
    let plan = Kubesec.scan_plan(Path::new("kubesec"), Path::new("/s"), &one, Path::new("/w"));
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
    let plan = Kubesec.scan_plan(Path::new("kubesec"), &dir, &[a, b], &dir);
    let target = PathBuf::from(plan.args.last().unwrap());
    assert_eq!(target, dir.join("kubesec-input.yaml"));
    let text = std::fs::read_to_string(&target).unwrap();
    assert_eq!(
        text,
        "kind: Pod\nmetadata:\n  name: a\n\n---\nkind: Pod\nmetadata:\n  name: b"
    );
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn bad_input_is_an_error() {
    let cut = &ONE_RUN.as_bytes()[..ONE_RUN.len() - 40];
    common::assert_parse_errors(
        &Kubesec,
        "f",
        &[
            (b"", Bad::Empty),
            (b"[{\"object\": \"\xc0\"}]", Bad::NotUtf8),
            (cut, Bad::Json),
            (b"{\"object\": \"x\"}", Bad::WrongShape),
            (b"[{\"name\": \"x\"}]", Bad::WrongShape),
            (
                b"[{\"object\": \"x\", \"scoring\": {\"critical\": 5}}]",
                Bad::WrongShape,
            ),
        ],
    );
}

#[test]
fn other_tools_outputs_are_rejected_and_not_detected() {
    common::assert_detects_and_rejects_others(&Kubesec, "kubesec_");
}

/// Runs the installed kubesec (`.tools/bin/kubesec`, schemas in `.tools/kubesec-schemas`) with
/// the adapter's own plan on two suite manifests (one combined input) and checks the parser
/// against the raw JSON it printed.
#[test]
fn live_run_agrees_with_raw_output() {
    let Some((bin, manifests)) =
        common::live_tool(".tools/bin/kubesec", &[".tools/kubesec-schemas"])
    else {
        return;
    };
    let work = std::env::temp_dir().join(format!("kubesec-live-{}", std::process::id()));
    std::fs::create_dir_all(&work).unwrap();
    let files: Vec<PathBuf> = [
        "pod-032-2-privileged-container.yaml",
        "pod-008-2-pod-has-hostpid-set.yaml",
    ]
    .iter()
    .map(|n| manifests.join(n))
    .collect();
    let plan = Kubesec.scan_plan(&bin, &manifests, &files, &work);
    assert!(plan.args.iter().any(|a| a == "--schema-location"));
    let stdout = common::run_plan_output(&plan, &[0]);
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
    common::assert_all_mapped(&report);
    let _ = std::fs::remove_dir_all(&work);
}

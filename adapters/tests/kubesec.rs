//! kubesec adapter on real outputs committed as fixtures (`tests/fixtures/kubesec/`, see its
//! README): this project's 2.14.2 run (one list) and KALM's 2.12.0 recording (a list of per-file
//! lists), both trimmed; the committed results; bad input; and a live run of the installed
//! kubesec.

mod common;

use std::path::Path;

use common::{Bad, Edit, UnknownRule};

use adapters::scanners::kubesec::Kubesec;
use adapters::{Parser, Severity};

/// This project's run (one scan over the suite joined into one YAML stream), trimmed to nine
/// objects.
const MANIFESTS: &str = "kubesec/kubesec_v2.14.2_manifests-suite.json";
/// KALM's recording (one run per manifest, the outputs in a list of lists), trimmed to six
/// files' runs.
const KALM: &str = "kubesec/kubesec_v2.12.0_kalm-2024-suite.json";

fn raw_count(report: &adapters::Report, raw: &str) -> usize {
    report
        .findings
        .iter()
        .filter(|f| f.raw_severity.as_deref() == Some(raw))
        .count()
}

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
fn manifests_run_fixture() {
    let report = common::parse_fixture(&Kubesec, MANIFESTS);
    // 17 = 5 critical + 12 advise entries over the 9 objects (python3, see the README).
    assert_eq!(report.findings.len(), 17);
    assert_eq!(raw_count(&report, "critical"), 5);
    assert_eq!(raw_count(&report, "advise"), 12);
    assert_eq!(report.tool_version.as_deref(), Some("2.14.2"));
    common::assert_all_mapped(&report);
    assert!(report.findings.iter().all(|f| f.check_id.is_some()));
    // The secure baseline gets advice only; unscored kinds (ServiceAccount, CronJob, Role) give
    // nothing.
    let base: Vec<_> = report
        .findings
        .iter()
        .filter(|f| f.check_id.as_deref() == Some("BASE-002"))
        .map(|f| (f.rule_id.as_str(), f.severity))
        .collect();
    assert_eq!(
        base,
        [
            ("ApparmorAny", Severity::Low),
            ("SeccompAny", Severity::Info)
        ]
    );
    assert!(report
        .findings
        .iter()
        .all(|f| f.object.kind.as_deref() == Some("Deployment")));

    let find = |rule: &str, name: &str| common::first_on(&report.findings, rule, name);
    let f = find("Privileged", "pod-032-2-privileged-container");
    assert_eq!(f.object.namespace.as_deref(), Some("bench-suite"));
    assert_eq!(f.severity, Severity::Critical);
    assert_eq!(
        f.path.as_deref(),
        Some(".spec.containers[].securityContext.privileged")
    );
    assert_eq!(
        f.file.as_deref(),
        Some("/tmp/harness-run-QdgqE5/work/kubesec-input.yaml")
    );
    assert!(f.message.as_deref().unwrap().ends_with("(-30 points)"));
    let f = find("HostPID", "pod-008-2-host-pid");
    assert_eq!(f.severity, Severity::High);
    assert_eq!(f.check_id.as_deref(), Some("POD-008-2"));
    let f = find("ProcMount", "pod-058-4-host-path-proc");
    assert_eq!(f.severity, Severity::High);
    assert_eq!(f.raw_severity.as_deref(), Some("critical"));
    assert_eq!(f.path.as_deref(), Some(".spec.volumes[].hostPath.path"));
    assert_eq!(f.check_id.as_deref(), Some("POD-058-4"));
    assert_eq!(
        Kubesec.rules().get("ProcMount").unwrap().paths,
        [".spec.volumes[].hostPath.path"]
    );
    let f = find("DockerSock", "pod-044-1-host-path-docker-socket");
    assert_eq!(f.path.as_deref(), Some(".spec.volumes[].hostPath.path"));
    let f = find(
        "AllowPrivilegeEscalation",
        "pod-031-2-allow-privilege-escalation-true",
    );
    assert_eq!(f.severity, Severity::High);
}

#[test]
fn kalm_recording_fixture() {
    let report = common::parse_fixture(&Kubesec, KALM);
    // 15 = 5 critical + 10 advise entries over the 6 per-file runs (python3).
    assert_eq!(report.findings.len(), 15);
    assert_eq!(raw_count(&report, "critical"), 5);
    assert_eq!(raw_count(&report, "advise"), 10);
    assert_eq!(report.tool_version.as_deref(), Some("2.12.0"));
    common::assert_all_mapped(&report);
    assert!(report.findings.iter().all(|f| f.check_id.is_some()));
    // ApparmorAny (+3) is low, the +1 advice is info: one of each per scored Deployment.
    assert_eq!(
        report
            .findings
            .iter()
            .filter(|f| f.rule_id == "ApparmorAny" && f.severity == Severity::Low)
            .count(),
        5
    );
    assert_eq!(
        report
            .findings
            .iter()
            .filter(|f| f.rule_id == "SeccompAny" && f.severity == Severity::Info)
            .count(),
        5
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

/// This project's committed run: every rule id it reported is in the table.
#[test]
fn committed_results_are_mapped() {
    let dir = Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/../results/kubesec"));
    let mut runs = 0;
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_string_lossy().to_string();
        if !name.ends_with(".json") || name.ends_with(".meta.json") {
            continue;
        }
        let report = Kubesec.parse_file(&path).unwrap();
        assert!(!report.findings.is_empty(), "{name}");
        common::assert_all_mapped(&report);
        runs += 1;
    }
    assert!(runs > 0, "no run in {}", dir.display());
}

/// kubesec 2.x's report struct (`pkg/ruler/report.go`) marks `fileName`'s neighbours
/// `passed`, `weight` and `href` optional; older 2.x runs without them, or with `weight` and
/// `href` set, read the same. Built here from that struct, not a recorded output.
#[test]
fn optional_fields_of_the_2x_report() {
    let text = br#"[{"object": "Pod/pod-032-2-x.ns", "valid": true, "message": "Failed", "score": -30,
      "scoring": {"critical": [{"id": "Privileged", "selector": "containers[] .securityContext .privileged == true",
        "reason": "r", "weight": 1, "href": "https://kubesec.io/basics/x", "points": -30}]}}]"#;
    let report = Kubesec.parse(text, "kubesec_v2.0.0_x.json").unwrap();
    assert_eq!(
        common::rule_severities(&report.findings),
        [("Privileged", Severity::Critical)]
    );
    assert_eq!(report.findings[0].file, None);
    assert_eq!(report.tool_version.as_deref(), Some("2.0.0"));
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
    common::assert_detects_and_rejects_others(&Kubesec);
}

#[test]
fn cut_outputs_are_json_errors() {
    for rel in [MANIFESTS, KALM] {
        common::assert_cut_recording_is_json_error(&Kubesec, rel, common::usual_cuts);
    }
}

#[test]
fn mangled_output_never_panics() {
    for rel in [MANIFESTS, KALM] {
        common::assert_mangled_output_never_panics(&Kubesec, rel);
    }
}

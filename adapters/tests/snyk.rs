//! Snyk IaC adapter on real `snyk iac test --json` outputs of both shapes: the array of per-file
//! results of a folder (KALM's 1.1276.0 run, trimmed to 19 files) and the single object of one
//! file (snyk's own CLI test fixture).

mod common;

use common::in_file as find;
use common::{Bad, Edit, On, UnknownRule};

use adapters::scanners::snyk::Snyk;
use adapters::{Parser, Severity};

const RECORDED: &str = "snyk/snyk_v1.1276.0_kalm-2024-suite.json";
const SINGLE: &str = "snyk/snyk_cli-fixture_single-file.json";

#[test]
fn folder_array_shape() {
    let r = common::parse_fixture(&Snyk, RECORDED);
    // Counted independently with python3: sum of len(entry.infrastructureAsCodeIssues).
    assert_eq!(r.findings.len(), 34);
    assert_eq!(r.tool_version.as_deref(), Some("1.1276.0"));
    let count = |sev: Severity| r.findings.iter().filter(|f| f.severity == sev).count();
    assert_eq!(
        (
            count(Severity::High),
            count(Severity::Medium),
            count(Severity::Low)
        ),
        (4, 9, 21)
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
    assert_eq!(common::count_rule(&r.findings, "SNYK-CC-K8S-47"), 1);
    assert_eq!(common::count_rule(&r.findings, "SNYK-CC-K8S-33"), 14);

    assert!(r.findings.iter().all(|f| f.check_id.is_some()));
    common::assert_all_mapped(&r);
}

#[test]
fn single_file_object_shape() {
    let r = common::parse_fixture(&Snyk, SINGLE);
    // python3: len(infrastructureAsCodeIssues) == 3 (CloudFormation rules, none in the
    // Kubernetes table: kept and flagged).
    assert_eq!(
        common::rule_severities(&r.findings),
        [
            ("SNYK-CC-AWS-422", Severity::Low),
            ("SNYK-CC-TF-201", Severity::Medium),
            ("SNYK-CC-TF-55", Severity::Medium)
        ]
    );
    assert!(r.findings.iter().all(|f| f.unmapped));
    assert_eq!(r.tool_version, None);
    let f = &r.findings[0];
    assert_eq!(
        f.file.as_deref(),
        Some("iac/cloudformation/aurora-valid.yml")
    );
    assert_eq!(f.object.kind.as_deref(), Some("SNS"));
    assert_eq!(f.line, None); // -1: unknown
    assert_eq!(
        f.path.as_deref(),
        Some("Resources[DatabaseAlarmTopic].Properties.KmsMasterKeyId")
    );
    assert_eq!(
        f.message.as_deref(),
        Some("SNS topic is not encrypted with customer managed key")
    );
    let f = &r.findings[2];
    assert_eq!(f.line, Some(183));
    assert_eq!(
        f.path.as_deref(),
        Some("Resources.DatabaseAlarmTopic.Properties.KmsMasterKeyId")
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
    let bytes = common::fixture(RECORDED);
    common::assert_unknown_rule_flagged(
        &Snyk,
        &bytes,
        RECORDED,
        &UnknownRule {
            edit: Edit::All("\"SNYK-CC-K8S-1\"", "\"SNYK-CC-K8S-999\""),
            rule_id: "SNYK-CC-K8S-999",
            total: 34,
            on: Some(On::File("pod-032-2-privileged-container.yaml")),
            sole: true,
        },
    );
}

#[test]
fn detects_only_its_own_output() {
    common::assert_detects_and_rejects_others(&Snyk);
}

#[test]
fn bad_input() {
    common::assert_parse_errors(
        &Snyk,
        "x.json",
        &[
            (b"", Bad::Empty),
            (b"[{\"targetFile\": \"\xff\"}]", Bad::NotUtf8At(17)),
            (b"[{\"infrastructureAsCodeIssues\": [", Bad::Json),
            (b"[]", Bad::WrongShape),
            (b"[1]", Bad::WrongShape),
            (b"42", Bad::WrongShape),
        ],
    );
    for rel in [RECORDED, SINGLE] {
        common::assert_cut_recording_is_json_error(&Snyk, rel, common::usual_cuts);
    }
}

#[test]
fn rule_table_is_well_formed() {
    common::assert_rule_table_well_formed(&Snyk, "snyk.csv");
}

#[test]
fn mangled_output_never_panics() {
    common::assert_mangled_output_never_panics(&Snyk, RECORDED);
}

//! Snyk IaC adapter on KALM's real `snyk iac test --json` 1.1276.0 output.

mod common;

use common::in_file as find;
use common::{recorded, Bad, Edit, On, UnknownRule};

use adapters::scanners::snyk::Snyk;
use adapters::{Scanner, Severity};

const RECORDED: &str = "snyk_v1.1276.0_2024-02-01.json";

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
    assert_eq!(common::count_rule(&r.findings, "SNYK-CC-K8S-47"), 12);
    assert_eq!(common::count_rule(&r.findings, "SNYK-CC-K8S-33"), 146);

    assert!(r.findings.iter().all(|f| f.check_id.is_some()));
    common::assert_all_mapped(&r);
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
    common::assert_unknown_rule_flagged(
        &Snyk,
        &bytes,
        RECORDED,
        &UnknownRule {
            edit: Edit::All("\"SNYK-CC-K8S-1\"", "\"SNYK-CC-K8S-999\""),
            rule_id: "SNYK-CC-K8S-999",
            total: 202,
            on: Some(On::File("pod-032-2-privileged-container.yaml")),
            sole: true,
        },
    );
}

#[test]
fn detects_only_its_own_output() {
    common::assert_detects_only_own_output(&Snyk, "snyk");
}

#[test]
fn other_tools_output_is_an_error() {
    common::assert_rejects_other_tools(
        &Snyk,
        &[
            "kubescape_v3.0.1_2023-11-07.json",
            "polaris_v8.5.4_2024-01-15.json",
            "trivy_v0.49.0_2024-02-01.json",
            "terrascan_v1.18.11_2024-01-15.json",
            "datree_v1.9.19_2024-01-16.json",
            "kube-score_v1.17.0_2024-01-15.json",
            "kubesec_v2.12.0_2024-01-16.json",
            "kubiscan_v1.5_2022-08-16.txt",
        ],
    );
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
    common::assert_cut_recording_is_json_error(&Snyk, RECORDED, common::usual_cuts);
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
    common::assert_rule_table_well_formed(&Snyk, "snyk.csv");
}

#[test]
fn mangled_output_never_panics() {
    common::assert_mangled_output_never_panics(&Snyk, RECORDED);
}

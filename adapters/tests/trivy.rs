//! Trivy adapter on KALM's real `trivy config` 0.49.0 output.

mod common;

use common::in_file as find;
use common::{recorded, Bad, Edit, On, UnknownRule};

use adapters::scanners::trivy::Trivy;
use adapters::{Scanner, Severity};

const RECORDED: &str = "trivy_v0.49.0_2024-02-01.json";

#[test]
fn recorded_config_scan() {
    let Some(bytes) = recorded(RECORDED) else {
        return;
    };
    let r = Trivy.parse(&bytes, RECORDED).expect("parses");
    // Counted independently with python3: Results[].Misconfigurations[] with Status FAIL.
    assert_eq!(r.findings.len(), 153);
    // trivy 0.49 writes no version into its report; the KALM file name has it.
    assert_eq!(r.tool_version.as_deref(), Some("0.49.0"));
    let count = |sev: Severity| r.findings.iter().filter(|f| f.severity == sev).count();
    assert_eq!(
        (
            count(Severity::Critical),
            count(Severity::High),
            count(Severity::Medium),
            count(Severity::Low)
        ),
        (12, 19, 65, 57)
    );

    let p = find(
        &r.findings,
        "AVD-KSV-0017",
        "pod-032-2-privileged-container.yaml",
    );
    assert_eq!(p.len(), 1);
    let f = p[0];
    assert_eq!(f.rule_title.as_deref(), Some("Privileged"));
    assert_eq!(f.severity, Severity::High);
    assert_eq!(f.raw_severity.as_deref(), Some("HIGH"));
    assert_eq!(f.object.kind.as_deref(), Some("Deployment"));
    assert_eq!(
        f.object.name.as_deref(),
        Some("pod-032-2-privileged-container")
    );
    assert_eq!(f.line, Some(53));
    assert_eq!(
        f.path.as_deref(),
        Some("spec.containers[].securityContext.privileged")
    );
    assert_eq!(f.check_id.as_deref(), Some("POD-032-2"));

    let pid = find(
        &r.findings,
        "AVD-KSV-0010",
        "pod-008-2-pod-has-hostpid-set.yaml",
    );
    assert_eq!(pid.len(), 1);
    assert_eq!(pid[0].path.as_deref(), Some("spec.template.spec.hostPID"));
    assert_eq!(pid[0].line, Some(28));

    let crb = find(
        &r.findings,
        "AVD-KSV-0111",
        "rbac-001-2-use-cluster-admin-role-cluster-wide.yaml",
    );
    assert_eq!(crb.len(), 1);
    assert_eq!(crb[0].object.kind.as_deref(), Some("ClusterRoleBinding"));
    assert_eq!(
        crb[0].object.name.as_deref(),
        Some("rbac-001-2-use-cluster-admin-role-cluster-wide-rb-cluster-admin")
    );
    assert_eq!(crb[0].severity, Severity::Medium);
    assert_eq!(crb[0].check_id.as_deref(), Some("RBAC-001-2"));

    // Checks with only the long id keep it; they have no cause lines.
    let cm = find(
        &r.findings,
        "AVD-KSV-01010",
        "cm-001-sensitive-key-referenced-in-configmap.yaml",
    );
    assert_eq!(cm.len(), 1);
    assert_eq!(cm[0].object.kind.as_deref(), Some("ConfigMap"));
    assert_eq!(cm[0].object.namespace.as_deref(), Some("kalm-benchmark"));
    assert_eq!(cm[0].line, None);
    assert_eq!(cm[0].check_id.as_deref(), Some("CM-001"));

    // Lower-case message form: `deployment <name> in <ns> namespace ...`.
    let gid = find(
        &r.findings,
        "AVD-KSV-0116",
        "pod-019-4-use-gid-set-in-container-takes-precedence.yaml",
    );
    assert_eq!(gid.len(), 1);
    assert_eq!(gid[0].object.kind.as_deref(), Some("Deployment"));
    assert_eq!(gid[0].object.namespace.as_deref(), Some("kalm-benchmark"));
    assert_eq!(gid[0].line, Some(14));

    // `container should not add stuff` names no object: the file still gives the check id.
    assert_eq!(common::count_rule(&r.findings, "AVD-KSV-0022"), 25);
    assert!(r.findings.iter().all(|f| f.check_id.is_some()));
    assert!(r.findings.iter().all(|f| f.rule_id.starts_with("AVD-KSV-")));

    common::assert_all_mapped(&r);
}

#[test]
fn short_ids_map_onto_the_avd_id() {
    let Some(bytes) = recorded(RECORDED) else {
        return;
    };
    // A report without AVDID (older trivy) gives the same rule ids.
    let text = String::from_utf8(bytes).unwrap();
    let re = regex::Regex::new(r#""AVDID": "[^"]*",?"#).unwrap();
    let stripped = re.replace_all(&text, "");
    let a = Trivy.parse(text.as_bytes(), RECORDED).unwrap();
    let b = Trivy.parse(stripped.as_bytes(), RECORDED).unwrap();
    let ids = |r: &adapters::Report| {
        r.findings
            .iter()
            .map(|f| f.rule_id.clone())
            .collect::<Vec<_>>()
    };
    assert_eq!(ids(&a), ids(&b));
}

#[test]
fn unknown_check_is_kept_and_flagged() {
    let Some(bytes) = recorded(RECORDED) else {
        return;
    };
    common::assert_unknown_rule_flagged(
        &Trivy,
        &bytes,
        RECORDED,
        &UnknownRule {
            edit: Edit::All("\"AVD-KSV-0017\"", "\"AVD-KSV-9017\""),
            rule_id: "AVD-KSV-9017",
            total: 153,
            on: Some(On::File("pod-032-2-privileged-container.yaml")),
            sole: true,
        },
    );
}

#[test]
fn passed_checks_are_no_findings() {
    let doc = br#"{"SchemaVersion": 2, "ArtifactName": "m", "Trivy": {"Version": "0.74.0"},
      "Results": [{"Target": "pod-001-x.yaml", "Misconfigurations": [
        {"ID": "KSV001", "AVDID": "AVD-KSV-0001", "Severity": "MEDIUM", "Status": "PASS", "Message": "ok"},
        {"ID": "KSV-0017", "Severity": "HIGH", "Status": "FAIL", "Title": "Privileged",
         "Message": "Container 'app' of Pod 'pod-001-x' should set 'securityContext.privileged' to false",
         "CauseMetadata": {"StartLine": 9}}]}]}"#;
    let r = Trivy.parse(doc, "out.json").unwrap();
    assert_eq!(r.tool_version.as_deref(), Some("0.74.0"));
    assert_eq!(r.findings.len(), 1);
    assert_eq!(r.findings[0].rule_id, "AVD-KSV-0017");
    assert_eq!(r.findings[0].object.kind.as_deref(), Some("Pod"));
    assert_eq!(r.findings[0].check_id.as_deref(), Some("POD-001"));
    assert!(!r.findings[0].unmapped);
}

#[test]
fn detects_only_its_own_output() {
    common::assert_detects_only_own_output(&Trivy, "trivy");
}

#[test]
fn other_tools_output_is_an_error() {
    common::assert_rejects_other_tools(
        &Trivy,
        &[
            "kubescape_v3.0.1_2023-11-07.json",
            "polaris_v8.5.4_2024-01-15.json",
            "terrascan_v1.18.11_2024-01-15.json",
            "snyk_v1.1276.0_2024-02-01.json",
            "kics_v1.7.12_2024-01-15.json",
            "datree_v1.9.19_2024-01-16.json",
            "kubiscan_v1.5_2022-08-16.txt",
        ],
    );
}

#[test]
fn bad_input() {
    common::assert_parse_errors(
        &Trivy,
        "x.json",
        &[
            (b"\n", Bad::Empty),
            (b"{\"SchemaVersion\": \"\xfe\"}", Bad::NotUtf8At(19)),
            (b"{\"SchemaVersion\": 2, \"Results\": [{", Bad::Json),
            (b"{\"Results\": []}", Bad::Mentions("SchemaVersion")),
            (b"{\"SchemaVersion\": 2, \"Results\": 5}", Bad::WrongShape),
        ],
    );
    common::assert_cut_recording_is_json_error(&Trivy, RECORDED, common::usual_cuts);
    // A clean scan has no `Results` at all.
    common::parse_no_findings(
        &Trivy,
        b"{\"SchemaVersion\": 2, \"ArtifactName\": \"m\"}",
        "x.json",
    );
}

#[test]
fn scan_plan_is_an_argv() {
    let plan = Trivy.scan_plan(
        std::path::Path::new("trivy"),
        std::path::Path::new("/suite"),
        &[],
        std::path::Path::new("/w"),
    );
    assert_eq!(
        plan.args,
        ["config", "--format", "json", "--quiet", "/suite"]
    );
    assert!(plan
        .env
        .contains(&("TRIVY_SKIP_CHECK_UPDATE".to_string(), "true".to_string())));
    assert_eq!(plan.output, adapters::OutputSink::Stdout);
}

#[test]
fn rule_table_is_well_formed() {
    common::assert_rule_table_well_formed(&Trivy, "trivy.csv");
}

#[test]
fn mangled_output_never_panics() {
    common::assert_mangled_output_never_panics(&Trivy, RECORDED);
}

//! Trivy adapter on real `trivy config` reports (this project's 0.74.0 run and a 0.35.0 run on a
//! few of its files, KALM's 0.49.0 run)
//! and real `trivy k8s` reports of both cluster shapes (DefectDojo's samples); see
//! tests/fixtures/trivy/README.md for where each comes from and how the counts were taken.

mod common;

use common::in_file as find;
use common::{Bad, Edit, On, UnknownRule};

use adapters::scanners::trivy::Trivy;
use adapters::{Parser, Severity};

const OURS: &str = "trivy/trivy_v0.74.0_2026-11-26.json";
/// trivy 0.35.0, built here from its module source, on six files of this suite.
const OLD: &str = "trivy/trivy_v0.35.0_2026-12-03_manifests.json";
const KALM: &str = "trivy/trivy_v0.49.0_2024-02-01.json";
/// `trivy k8s --report all` before 0.42: `Misconfigurations[]` lists cluster objects.
const K8S_OLD: &str = "trivy/trivy_k8s_defectdojo-kubernetes.json";
/// `trivy k8s --report all` from 0.42 on: `Resources[]`.
const K8S_RESOURCES: &str = "trivy/trivy_k8s_defectdojo-issue-9170.json";

/// (critical, high, medium, low) findings.
fn severities(r: &adapters::Report) -> (usize, usize, usize, usize) {
    let count = |sev: Severity| r.findings.iter().filter(|f| f.severity == sev).count();
    (
        count(Severity::Critical),
        count(Severity::High),
        count(Severity::Medium),
        count(Severity::Low),
    )
}

#[test]
fn config_scan_v0_74() {
    let r = common::parse_fixture(&Trivy, OURS);
    // Counted with python3: Results[].Misconfigurations[] with Status FAIL (README).
    assert_eq!(r.findings.len(), 19);
    assert_eq!(severities(&r), (2, 4, 3, 10));
    // 0.74 names itself in `Trivy.Version`, whatever the file is called.
    let renamed = Trivy.parse(&common::fixture(OURS), "out.json").unwrap();
    assert_eq!(renamed.tool_version.as_deref(), Some("0.74.0"));
    assert_eq!(r.tool_version.as_deref(), Some("0.74.0"));

    // 0.74 writes only the hyphenated short id (`KSV-0017`), no `AVDID`.
    let p = find(
        &r.findings,
        "AVD-KSV-0017",
        "pod-032-2-privileged-container.yaml",
    );
    assert_eq!(p.len(), 1);
    let f = p[0];
    assert_eq!(f.rule_title.as_deref(), Some("Privileged"));
    assert_eq!(
        (f.severity, f.raw_severity.as_deref()),
        (Severity::High, Some("HIGH"))
    );
    assert_eq!(f.object.kind.as_deref(), Some("Deployment"));
    assert_eq!(
        f.object.name.as_deref(),
        Some("pod-032-2-privileged-container")
    );
    assert_eq!(f.line, Some(58));
    assert_eq!(
        f.path.as_deref(),
        Some("spec.containers[].securityContext.privileged")
    );
    assert_eq!(f.check_id.as_deref(), Some("POD-032-2"));

    let nginx = common::first_of(&r.findings, "AVD-KCV-0093");
    assert_eq!(nginx.severity, Severity::Critical);
    assert_eq!(nginx.check_id.as_deref(), Some("VUL-003-1"));

    // `Container app in deployment x (namespace: ns) uses ...`
    let reg = find(
        &r.findings,
        "AVD-KSV-0125",
        "pod-032-2-privileged-container.yaml",
    );
    assert_eq!(reg.len(), 1);
    assert_eq!(reg[0].object.kind.as_deref(), Some("Deployment"));
    assert_eq!(reg[0].object.namespace.as_deref(), Some("bench-suite"));
    assert_eq!(
        reg[0].object.name.as_deref(),
        Some("pod-032-2-privileged-container")
    );
    let anon = common::first_of(&r.findings, "AVD-KSV-0122");
    assert_eq!(anon.object.kind.as_deref(), Some("RoleBinding"));
    assert_eq!(anon.check_id.as_deref(), Some("RBAC-027-1"));
    let ext = common::first_of(&r.findings, "AVD-KSV-0108");
    assert_eq!(ext.object.kind.as_deref(), Some("Service"));
    assert_eq!(ext.object.namespace.as_deref(), Some("bench-suite"));
    assert_eq!(ext.line, None);

    // The long-only id keeps its five digits.
    assert_eq!(common::count_rule(&r.findings, "AVD-KSV-01010"), 1);
    assert_eq!(common::count_rule(&r.findings, "AVD-KSV-0039"), 5);
    assert!(r.findings.iter().all(|f| f.check_id.is_some()));
    common::assert_all_mapped(&r);
}

#[test]
fn config_scan_v0_35() {
    let r = common::parse_fixture(&Trivy, OLD);
    // Counted with python3: Results[].Misconfigurations[] with Status FAIL (README).
    assert_eq!(r.findings.len(), 12);
    assert_eq!(severities(&r), (0, 3, 2, 7));
    // A build from source reports `dev`, and the report has no version: the name has it.
    assert_eq!(r.tool_version.as_deref(), Some("0.35.0"));

    // Control-plane checks name no object; the file gives the check.
    let cp = find(
        &r.findings,
        "AVD-KCV-0001",
        "cp-001-1-apiserver-anonymous-auth-enabled.yaml",
    );
    assert_eq!(cp.len(), 1);
    assert_eq!(cp[0].object, adapters::ObjectRef::default());
    assert_eq!((cp[0].severity, cp[0].line), (Severity::Medium, Some(35)));
    assert_eq!(cp[0].check_id.as_deref(), Some("CP-001-1"));
    // A check of 0.35's bundle that trivy-checks no longer has.
    assert_eq!(common::count_rule(&r.findings, "AVD-KCV-0013"), 1);
    assert_eq!(
        r.findings
            .iter()
            .filter(|f| f.rule_id.starts_with("AVD-KCV-"))
            .count(),
        6
    );

    let p = find(
        &r.findings,
        "AVD-KSV-0017",
        "pod-032-2-privileged-container.yaml",
    );
    assert_eq!(p.len(), 1);
    assert_eq!(p[0].line, Some(59));
    assert_eq!(p[0].object.kind.as_deref(), Some("Deployment"));
    assert_eq!(p[0].check_id.as_deref(), Some("POD-032-2"));
    let pid = find(&r.findings, "AVD-KSV-0010", "pod-008-2-host-pid.yaml");
    assert_eq!(pid[0].path.as_deref(), Some("spec.template.spec.hostPID"));
    let apiserver = common::first_on(
        &r.findings,
        "AVD-KSV-0020",
        "cp-001-1-apiserver-anonymous-auth-enabled",
    );
    assert_eq!(apiserver.object.kind.as_deref(), Some("Pod"));
    assert!(r.findings.iter().all(|f| f.check_id.is_some()));
    common::assert_all_mapped(&r);
}

#[test]
fn kalm_config_scan_v0_49() {
    let r = common::parse_fixture(&Trivy, KALM);
    // Counted with python3: Results[].Misconfigurations[] with Status FAIL (README).
    assert_eq!(r.findings.len(), 17);
    // trivy 0.49 writes no version into its report; the KALM file name has it.
    assert_eq!(r.tool_version.as_deref(), Some("0.49.0"));
    assert_eq!(severities(&r), (0, 6, 7, 4));

    let p = find(
        &r.findings,
        "AVD-KSV-0017",
        "pod-032-2-privileged-container.yaml",
    );
    assert_eq!(p.len(), 1);
    let f = p[0];
    assert_eq!(f.rule_title.as_deref(), Some("Privileged"));
    assert_eq!(
        (f.severity, f.raw_severity.as_deref()),
        (Severity::High, Some("HIGH"))
    );
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
    let raw = common::first_of(&r.findings, "AVD-KSV-0119");
    assert_eq!(
        raw.object.name.as_deref(),
        Some("pod-035-12-using-insecure-capability-net-raw")
    );

    // `container should not add stuff` names no object: the file still gives the check id.
    let stuff = find(
        &r.findings,
        "AVD-KSV-0106",
        "pod-034-2-using-dangerous-capability-sys-admin.yaml",
    );
    assert_eq!(stuff.len(), 1);
    assert_eq!(stuff[0].object, adapters::ObjectRef::default());
    assert_eq!(stuff[0].check_id.as_deref(), Some("POD-034-2"));
    assert_eq!(common::count_rule(&r.findings, "AVD-KSV-0022"), 2);
    assert_eq!(common::count_rule(&r.findings, "AVD-KSV-0106"), 2);
    assert!(r.findings.iter().all(|f| f.check_id.is_some()));
    assert!(r.findings.iter().all(|f| f.rule_id.starts_with("AVD-KSV-")));
    common::assert_all_mapped(&r);
}

#[test]
fn k8s_report_before_0_42() {
    let r = common::parse_fixture(&Trivy, K8S_OLD);
    // Counted with python3 over Misconfigurations[].Results[].Misconfigurations[] (README).
    assert_eq!(r.findings.len(), 7);
    assert_eq!(severities(&r), (0, 0, 3, 4));
    // Neither the report nor the file name carries a version.
    assert_eq!(r.tool_version, None);
    let follower: Vec<_> = r
        .findings
        .iter()
        .filter(|f| f.object.name.as_deref() == Some("redis-follower"))
        .collect();
    assert_eq!(follower.len(), 5);
    let f = common::first_on(&r.findings, "AVD-KSV-0001", "redis-leader");
    // The object comes from the report's own fields, not the message.
    assert_eq!(f.object.kind.as_deref(), Some("Deployment"));
    assert_eq!(f.object.namespace.as_deref(), Some("default"));
    // `Deployment/redis-leader` is the cluster object, not a file.
    assert_eq!(f.file, None);
    assert_eq!(f.line, Some(132));
    assert_eq!(
        f.path.as_deref(),
        Some("spec.containers[].securityContext.allowPrivilegeEscalation")
    );
    assert_eq!(
        f.rule_title.as_deref(),
        Some("Process can elevate its own privileges")
    );
    // Objects of a real cluster belong to no suite check.
    assert!(common::without_check_id(&r.findings).len() == 7);
    common::assert_all_mapped(&r);
}

#[test]
fn k8s_resources_report() {
    let r = common::parse_fixture(&Trivy, K8S_RESOURCES);
    // Counted with python3 over Resources[].Results[].Misconfigurations[] (README).
    assert_eq!(r.findings.len(), 3);
    assert_eq!(severities(&r), (0, 0, 0, 3));
    assert!(r.findings.iter().all(|f| f.rule_id == "AVD-KSV-0116"));
    let names: Vec<_> = r
        .findings
        .iter()
        .map(|f| f.object.name.as_deref().unwrap())
        .collect();
    assert_eq!(names, ["kubernetes", "httpbin", "vault-agent-injector-svc"]);
    let f = &r.findings[0];
    assert_eq!(f.object.kind.as_deref(), Some("Service"));
    assert_eq!(f.object.namespace.as_deref(), Some("default"));
    // `"Code": {"Lines": null}` and no StartLine.
    assert_eq!((f.line, f.file.as_deref()), (None, None));
    common::assert_all_mapped(&r);
}

#[test]
fn k8s_summary_report() {
    // `--report summary` writes trivy's ConsolidatedReport (`Findings[]`); no published sample
    // was found, so this input is rebuilt from the struct (README).
    let rel = "trivy/inputs/k8s-summary-reconstructed.json";
    let bytes = common::fixture(rel);
    assert!(Trivy.detect(&bytes));
    let r = Trivy.parse(&bytes, rel).unwrap();
    assert_eq!(r.findings.len(), 2);
    let f = common::first_on(&r.findings, "AVD-KSV-0116", "httpbin");
    assert_eq!(f.object.kind.as_deref(), Some("Service"));
}

#[test]
fn committed_results_are_all_mapped() {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../results/trivy");
    let mut seen = 0;
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_string_lossy().to_string();
        if !name.ends_with(".json") || name.ends_with(".meta.json") {
            continue;
        }
        seen += 1;
        let bytes = std::fs::read(&path).unwrap();
        assert!(Trivy.detect(&bytes), "{name}");
        let r = Trivy.parse(&bytes, &name).unwrap();
        // The harness counted the run's findings into the sidecar when it stored the output.
        let meta = path.with_file_name(name.replace(".json", ".meta.json"));
        let meta: serde_json::Value =
            serde_json::from_slice(&std::fs::read(&meta).unwrap()).unwrap();
        assert_eq!(
            Some(r.findings.len() as u64),
            meta["findings"].as_u64(),
            "{name}"
        );
        common::assert_all_mapped(&r);
    }
    assert!(seen > 0, "no trivy result in {dir}");
}

#[test]
fn short_ids_map_onto_the_avd_id() {
    // A report without AVDID (0.74, and older ones) gives the same rule ids.
    let text = String::from_utf8(common::fixture(KALM)).unwrap();
    let re = regex::Regex::new(r#""AVDID": "[^"]*",?"#).unwrap();
    let stripped = re.replace_all(&text, "");
    assert_ne!(stripped, text);
    let a = Trivy.parse(text.as_bytes(), KALM).unwrap();
    let b = Trivy.parse(stripped.as_bytes(), KALM).unwrap();
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
    common::assert_unknown_rule_flagged(
        &Trivy,
        &common::fixture(KALM),
        KALM,
        &UnknownRule {
            edit: Edit::All("\"AVD-KSV-0017\"", "\"AVD-KSV-9017\""),
            rule_id: "AVD-KSV-9017",
            total: 17,
            on: Some(On::File("pod-032-2-privileged-container.yaml")),
            sole: true,
        },
    );
    common::assert_unknown_rule_flagged(
        &Trivy,
        &common::fixture(OURS),
        OURS,
        &UnknownRule {
            edit: Edit::All("\"KCV-0093\"", "\"KCV-9093\""),
            rule_id: "AVD-KCV-9093",
            total: 19,
            on: Some(On::File(
                "vul-003-1-nginx-auth-url-injection-cve-2025-24514.yaml",
            )),
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
    common::assert_detects_and_rejects_others(&Trivy);
}

/// The cluster reports have neither `SchemaVersion` nor `ArtifactName`; no other adapter may
/// take them (nor the file reports) for its own.
#[test]
fn no_other_adapter_claims_trivy_reports() {
    for rel in [OURS, OLD, KALM, K8S_OLD, K8S_RESOURCES] {
        let bytes = common::fixture(rel);
        let claimed: Vec<_> = adapters::all()
            .into_iter()
            .filter(|s| s.detect(&bytes))
            .map(|s| s.name())
            .collect();
        assert_eq!(claimed, ["trivy"], "{rel}");
        assert_eq!(adapters::detect(&bytes).map(|s| s.name()), Some("trivy"));
    }
}

#[test]
fn other_tools_output_is_an_error() {
    common::assert_rejects_other_tools(
        &Trivy,
        &[
            "kubescape/kubescape_v3.0.1_kalm-2024-suite.json",
            "polaris/polaris_v8.5.4_kalm-2024-suite.json",
            "terrascan/terrascan_v1.18.11_kalm-2024-suite.json",
            "snyk/snyk_v1.1276.0_kalm-2024-suite.json",
            "kics/kics_v1.7.12_kalm-2024-suite.json",
            "datree/datree_v1.9.19_kalm-2024-suite.json",
            "kubiscan/kubiscan_v1.5_kalm-2024-cluster.txt",
            // trivy's own SARIF goes to the SARIF adapter.
            "sarif/trivy_v0.74.0_config.sarif",
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
            (
                b"{\"ClusterName\": \"c\", \"Resources\": 5}",
                Bad::WrongShape,
            ),
            (
                b"{\"ClusterName\": \"c\", \"Resources\": [{\"Results\": {}}]}",
                Bad::WrongShape,
            ),
            (b"[{\"Target\": \"x\"}]", Bad::WrongShape),
        ],
    );
    for rel in [OURS, OLD, KALM, K8S_OLD] {
        common::assert_cut_recording_is_json_error(&Trivy, rel, common::usual_cuts);
    }
    // A clean scan has no `Results` at all; a clean cluster scan no object list.
    common::parse_no_findings(
        &Trivy,
        b"{\"SchemaVersion\": 2, \"ArtifactName\": \"m\"}",
        "x.json",
    );
    common::parse_no_findings(&Trivy, b"{\"ClusterName\": \"kind-kind\"}", "x.json");
}

#[test]
fn rule_table_is_well_formed() {
    common::assert_rule_table_well_formed(&Trivy, "trivy.csv");
}

#[test]
fn mangled_output_never_panics() {
    common::assert_mangled_output_never_panics(&Trivy, KALM);
    common::assert_mangled_output_never_panics(&Trivy, K8S_OLD);
}

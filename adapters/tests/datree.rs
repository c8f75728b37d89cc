//! datree adapter on KALM's recorded datree 1.9.19 output.

mod common;

use adapters::{by_name, paths, Scanner, Severity};

const FILE: &str = "datree_v1.9.19_2024-01-16.json";

fn datree() -> &'static dyn Scanner {
    by_name("datree").expect("datree is registered")
}

#[test]
fn recorded_output_counts_and_version() {
    let Some(bytes) = common::recorded(FILE) else {
        return;
    };
    let report = datree().parse(&bytes, FILE).unwrap();
    // Counted independently with python3: one per failure location of every non-skipped
    // occurrence (276 occurrences, 4 of them with two locations).
    assert_eq!(report.findings.len(), 280);
    assert_eq!(report.tool, "datree");
    assert_eq!(report.tool_version.as_deref(), Some("1.9.19"));
    assert!(report
        .findings
        .iter()
        .all(|f| f.tool_version.as_deref() == Some("1.9.19")));
    // Every rule in the recording is in the rule table.
    common::assert_all_mapped(&report);
    // 144 of the occurrences are the seccomp rule.
    let seccomp = common::count_rule(&report.findings, "CONTAINERS_INCORRECT_SECCOMP_PROFILE");
    assert_eq!(seccomp, 145);
}

#[test]
fn recorded_output_spot_checks() {
    let Some(bytes) = common::recorded(FILE) else {
        return;
    };
    let report = datree().parse(&bytes, FILE).unwrap();
    let find = |rule: &str, name: &str| common::first_on(&report.findings, rule, name);

    let f = find(
        "CONTAINERS_INCORRECT_PRIVILEGED_VALUE_TRUE",
        "pod-032-2-privileged-container",
    );
    assert_eq!(f.object.kind.as_deref(), Some("Deployment"));
    assert_eq!(
        f.path.as_deref(),
        Some("/spec/template/spec/containers/0/securityContext/privileged")
    );
    assert_eq!(
        paths::normalize(f.path.as_deref().unwrap()),
        ".spec.containers[].securityContext.privileged"
    );
    assert_eq!(f.line, Some(79));
    assert_eq!(f.check_id.as_deref(), Some("POD-032-2"));
    assert_eq!(f.severity, Severity::Medium);
    assert_eq!(f.raw_severity, None);
    assert_eq!(
        f.rule_title.as_deref(),
        Some("Prevent containers from having root access capabilities")
    );
    assert!(f
        .file
        .as_deref()
        .unwrap()
        .ends_with("manifests/pod-032-2-privileged-container.yaml"));

    let f = find(
        "CIS_INVALID_ROLE_CLUSTER_ADMIN",
        "rbac-001-1-use-cluster-admin-role-rb-cluster-admin",
    );
    assert_eq!(f.object.kind.as_deref(), Some("RoleBinding"));
    assert_eq!(f.path.as_deref(), Some("/roleRef/name"));
    assert_eq!(f.check_id.as_deref(), Some("RBAC-001-1"));

    let f = find(
        "CONTAINERS_INCORRECT_HOSTPID_VALUE_TRUE",
        "pod-008-2-pod-has-hostpid-set",
    );
    assert_eq!(
        paths::normalize(f.path.as_deref().unwrap()),
        ".spec.hostPID"
    );
    assert_eq!(f.line, Some(91));

    let f = find("K8S_INCORRECT_KIND_VALUE_POD", "wl-001-naked-pod");
    assert_eq!(f.object.kind.as_deref(), Some("Pod"));
    assert_eq!(f.path.as_deref(), Some("/kind"));
    assert_eq!(f.check_id.as_deref(), Some("WL-001"));

    let f = find(
        "WORKLOAD_INCORRECT_NAMESPACE_VALUE_DEFAULT",
        "ns-001-use-default-namespace",
    );
    assert_eq!(f.path.as_deref(), Some("/metadata/namespace"));
    assert_eq!(f.check_id.as_deref(), Some("NS-001"));

    // An empty schema path (datree points at the document) is no path.
    let f = find(
        "SRVACC_INCORRECT_AUTOMOUNTSERVICEACCOUNTTOKEN_VALUE",
        "rbac-016-ronin-sa",
    );
    assert_eq!(f.path, None);
    assert_eq!(f.object.kind.as_deref(), Some("ServiceAccount"));

    // An occurrence with two locations gives two findings, one per field.
    let exec: Vec<_> = report
        .findings
        .iter()
        .filter(|f| {
            f.rule_id == "CONTAINERS_INCORRECT_RESOURCES_VERBS_VALUE"
                && f.object.name.as_deref() == Some("rbac-006-1-pod-exec")
        })
        .map(|f| f.path.as_deref().unwrap())
        .collect();
    assert_eq!(exec, ["/rules/0/resources", "/rules/0/verbs"]);
}

#[test]
fn rule_paths_relate_to_the_fields_datree_reports() {
    let Some(bytes) = common::recorded(FILE) else {
        return;
    };
    let d = datree();
    let report = d.parse(&bytes, FILE).unwrap();
    // Every reported field path is related to one of the rule's declared paths (the rule table
    // is what the analyzer attributes findings with, so it must agree with the tool's own paths).
    for f in report.findings.iter().filter(|f| f.path.is_some()) {
        let p = f.path.as_deref().unwrap();
        let rule = d.rules().get(&f.rule_id).unwrap();
        // datree points at a pod spec for seccomp and at the document for two rules.
        if rule.paths.is_empty() || paths::normalize(p) == ".spec" || paths::normalize(p) == "." {
            continue;
        }
        assert!(
            rule.paths.iter().any(|rp| paths::related(rp, p)),
            "{} reports {p}, table has {:?}",
            f.rule_id,
            rule.paths
        );
    }
}

#[test]
fn unknown_rules_are_flagged_not_dropped() {
    let input = br#"[{"policyValidationResults":[{"fileName":"x/pod-001-a.yaml","ruleResults":[
        {"identifier":"SOME_FUTURE_RULE","name":"n","messageOnFailure":"m","occurrencesDetails":[
        {"metadataName":"pod-001-a","kind":"Pod","isSkipped":false,"failureLocations":[{"schemaPath":"/spec","failedErrorLine":3}]}]}]}],
        "policySummary":{}}]"#;
    let r = datree().parse(input, "x.json").unwrap();
    assert_eq!(r.findings.len(), 1);
    assert!(r.findings[0].unmapped);
    assert_eq!(r.findings[0].check_id.as_deref(), Some("POD-001"));
}

#[test]
fn detection() {
    let Some(bytes) = common::recorded(FILE) else {
        return;
    };
    assert!(datree().detect(&bytes));
    assert!(!datree().detect(b"{\"Controls\": []}"));
}

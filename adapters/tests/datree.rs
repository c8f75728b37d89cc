//! datree adapter on a cut of KALM's recorded datree 1.9.19 output (an array of per-file
//! entries) and on the JSON printer outputs datree's own tests expect (one entry object).

mod common;

use adapters::{by_name, paths, Parser, Severity};

const KALM: &str = "datree/datree_v1.9.19_kalm-2024-suite.json";
const GOLDEN: &str = "datree/datree_golden-pkg-evaluation_json_output.json";
const GOLDEN_OLD: &str = "datree/datree_golden-bl-evaluation_json_output.json";

fn datree() -> &'static dyn Parser {
    by_name("datree").expect("datree is registered")
}

#[test]
fn kalm_output_counts_and_version() {
    let report = common::parse_fixture(datree(), KALM);
    // Counted with python3 (scripts/fixtures/datree.py): one per failure location of every
    // non-skipped occurrence (67 occurrences, 2 of them with two locations) in the 36 entries.
    assert_eq!(report.findings.len(), 69);
    assert_eq!(report.tool, "datree");
    assert_eq!(report.tool_version.as_deref(), Some("1.9.19"));
    assert!(report
        .findings
        .iter()
        .all(|f| f.tool_version.as_deref() == Some("1.9.19")));
    // The cut keeps every rule the full recording reported (34), all in the rule table.
    let rules: std::collections::BTreeSet<_> =
        report.findings.iter().map(|f| f.rule_id.as_str()).collect();
    assert_eq!(rules.len(), 34);
    common::assert_all_mapped(&report);
    assert_eq!(
        common::count_rule(&report.findings, "CONTAINERS_INCORRECT_SECCOMP_PROFILE"),
        27
    );
    // Entries whose `policyValidationResults` is null (two kept) add nothing and are no error.
    let text = String::from_utf8(common::fixture(KALM)).unwrap();
    assert_eq!(text.matches("\"policyValidationResults\": null").count(), 2);
}

#[test]
fn kalm_output_spot_checks() {
    let report = common::parse_fixture(datree(), KALM);
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
    let exec: Vec<_> = common::on_object(
        &report.findings,
        "CONTAINERS_INCORRECT_RESOURCES_VERBS_VALUE",
        "rbac-006-1-pod-exec",
    )
    .iter()
    .map(|f| f.path.as_deref().unwrap())
    .collect();
    assert_eq!(exec, ["/rules/0/resources", "/rules/0/verbs"]);
}

#[test]
fn one_entry_object_with_dotted_paths() {
    // datree's JSON printer on its test evaluation: one entry object, `schemaPath` dotted.
    let report = common::parse_fixture(datree(), GOLDEN);
    // python3: 4 rules, one occurrence and one location each.
    assert_eq!(report.findings.len(), 4);
    assert_eq!(report.tool_version, None);
    common::assert_all_mapped(&report);
    let f = common::first_on(
        &report.findings,
        "CONTAINERS_MISSING_IMAGE_VALUE_VERSION",
        "rss-site",
    );
    assert_eq!(f.file.as_deref(), Some("File1"));
    assert_eq!(f.object.kind.as_deref(), Some("Deployment"));
    assert_eq!(f.line, Some(10));
    assert_eq!(
        f.path.as_deref(),
        Some("/spec/template/spec/containers/0/image")
    );
    assert_eq!(
        paths::normalize(f.path.as_deref().unwrap()),
        ".spec.containers[].image"
    );
    assert_eq!(f.check_id, None, "rss-site names no suite check");
    let f = common::first_of(&report.findings, "WORKLOAD_INVALID_LABELS_VALUE");
    assert_eq!(f.path.as_deref(), Some("/metadata/labels/owner"));
    assert_eq!(f.line, Some(7));
}

#[test]
fn entry_without_failure_locations() {
    // The older printer (datree's `bl/` layout) writes occurrences without `failureLocations`:
    // each occurrence is one finding with no path and no line.
    let report = common::parse_fixture(datree(), GOLDEN_OLD);
    assert_eq!(report.findings.len(), 4);
    assert!(report.findings.iter().all(|f| f.path.is_none()
        && f.line.is_none()
        && f.object.name.as_deref() == Some("rss-site")));
    assert_eq!(
        common::rule_severities(&report.findings),
        [
            ("CONTAINERS_MISSING_IMAGE_VALUE_VERSION", Severity::Medium),
            ("CONTAINERS_MISSING_MEMORY_LIMIT_KEY", Severity::Medium),
            ("WORKLOAD_INVALID_LABELS_VALUE", Severity::Medium),
            ("CONTAINERS_MISSING_LIVENESSPROBE_KEY", Severity::Medium),
        ]
    );
}

#[test]
fn rule_paths_relate_to_the_fields_datree_reports() {
    let d = datree();
    // Every reported field path is related to one of the rule's declared paths (the rule table
    // is what the analyzer attributes findings with, so it must agree with the tool's own paths).
    for rel in [KALM, GOLDEN] {
        let report = common::parse_fixture(d, rel);
        for f in report.findings.iter().filter(|f| f.path.is_some()) {
            let p = f.path.as_deref().unwrap();
            let rule = d.rules().get(&f.rule_id).unwrap();
            // datree points at a pod spec for seccomp and at the document for two rules.
            if rule.paths.is_empty() || paths::normalize(p) == ".spec" || paths::normalize(p) == "."
            {
                continue;
            }
            assert!(
                rule.paths.iter().any(|rp| paths::related(rp, p)),
                "{rel}: {} reports {p}, table has {:?}",
                f.rule_id,
                rule.paths
            );
        }
    }
}

#[test]
fn unknown_rules_are_flagged_not_dropped() {
    common::assert_unknown_rule_flagged(
        datree(),
        &common::fixture(KALM),
        KALM,
        &common::UnknownRule {
            edit: common::Edit::All(
                "\"CONTAINERS_INCORRECT_PRIVILEGED_VALUE_TRUE\"",
                "\"SOME_FUTURE_RULE\"",
            ),
            rule_id: "SOME_FUTURE_RULE",
            total: 69,
            on: Some(common::On::Object("pod-032-2-privileged-container")),
            sole: true,
        },
    );
}

#[test]
fn detection_and_other_tools() {
    common::assert_detects_and_rejects_others(datree());
    assert!(!datree().detect(b"{\"Controls\": []}"));
}

#[test]
fn bad_input() {
    common::assert_parse_errors(
        datree(),
        "x.json",
        &[
            (b"", common::Bad::Empty),
            (b"[{\"policySummary\": \"\xff\"}]", common::Bad::NotUtf8),
            (b"[]", common::Bad::WrongShape),
            (
                b"[{\"other\": 1}]",
                common::Bad::Mentions("policyValidationResults"),
            ),
        ],
    );
    common::assert_cut_recording_is_json_error(datree(), KALM, common::usual_cuts);
}

#[test]
fn mangled_output_never_panics() {
    common::assert_mangled_output_never_panics(datree(), KALM);
}

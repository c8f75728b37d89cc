//! KubiScan adapter on KALM's recorded KubiScan 1.5 text tables (`kubiscan -a` on a kind cluster
//! with KALM's suite applied), committed whole as a fixture: the text tables are the way KALM's
//! tooling stores KubiScan's results.

mod common;

use adapters::{by_name, Parser, Severity};

const FILE: &str = "kubiscan/kubiscan_v1.5_kalm-2024-cluster.txt";

fn kubiscan() -> &'static dyn Parser {
    by_name("kubiscan").expect("kubiscan is registered")
}

#[test]
fn recorded_output_counts_and_version() {
    let bytes = common::fixture(FILE);
    // The version comes from the banner, not the file name.
    let report = kubiscan().parse(&bytes, "anything.txt").unwrap();
    assert_eq!(report.tool_version.as_deref(), Some("1.5"));
    // Counted independently with python3: 35 + 22 + 20 + 0 rows in the four tables.
    assert_eq!(report.findings.len(), 77);
    let count = |rule: &str| report.findings.iter().filter(|f| f.rule_id == rule).count();
    assert_eq!(count("risky-roles-and-clusterroles"), 35);
    assert_eq!(count("risky-rolebindings-and-clusterrolebindings"), 22);
    assert_eq!(count("risky-users"), 20);
    assert!(report.findings.iter().all(|f| !f.unmapped));
    // Colour codes are gone from every cell.
    assert!(report
        .findings
        .iter()
        .all(|f| !f.raw_severity.as_deref().unwrap().contains('\u{1b}')));
}

#[test]
fn recorded_output_spot_checks() {
    let report = common::parse_fixture(kubiscan(), FILE);
    let find = |rule: &str, kind: &str, name: &str| {
        report
            .findings
            .iter()
            .find(|f| {
                f.rule_id == rule
                    && f.object.kind.as_deref() == Some(kind)
                    && f.object.name.as_deref() == Some(name)
            })
            .unwrap_or_else(|| panic!("no {rule} row for {kind} {name}"))
    };

    let f = find(
        "risky-roles-and-clusterroles",
        "Role",
        "rbac-002-1-secret-read-get",
    );
    assert_eq!(f.severity, Severity::Critical);
    assert_eq!(f.raw_severity.as_deref(), Some("CRITICAL"));
    assert_eq!(f.object.namespace.as_deref(), Some("kalm-benchmark"));
    assert_eq!(f.check_id.as_deref(), Some("RBAC-002-1"));
    assert_eq!(
        f.rule_title.as_deref(),
        Some("Risky Roles and ClusterRoles")
    );

    // `None` namespace of a cluster-scoped object is no namespace.
    let f = find(
        "risky-roles-and-clusterroles",
        "ClusterRole",
        "system:aggregate-to-admin",
    );
    assert_eq!(f.severity, Severity::Low);
    assert_eq!(f.object.namespace, None);
    assert_eq!(f.check_id, None);

    let f = find(
        "risky-roles-and-clusterroles",
        "ClusterRole",
        "system:controller:cronjob-controller",
    );
    assert_eq!(f.severity, Severity::High);

    let f = find(
        "risky-rolebindings-and-clusterrolebindings",
        "RoleBinding",
        "rbac-001-1-use-cluster-admin-role-rb-cluster-admin",
    );
    assert_eq!(f.object.namespace.as_deref(), Some("kalm-benchmark"));
    assert_eq!(f.check_id.as_deref(), Some("RBAC-001-1"));

    let f = find(
        "risky-users",
        "ServiceAccount",
        "local-path-provisioner-service-account",
    );
    assert_eq!(f.object.namespace.as_deref(), Some("local-path-storage"));
    assert_eq!(f.severity, Severity::Critical);

    let f = find(
        "risky-users",
        "Group",
        "rbac-001-2-use-cluster-admin-role-cluster-wide-sa",
    );
    assert_eq!(f.check_id.as_deref(), Some("RBAC-001-2"));

    // The table has a field path in the rule table.
    let rule = kubiscan()
        .rules()
        .get("risky-roles-and-clusterroles")
        .unwrap();
    assert_eq!(rule.category, "IAM");
    assert!(rule.paths.iter().any(|p| p == ".rules[].verbs"));
}

#[test]
fn detection() {
    common::assert_detects_and_rejects_others(kubiscan());
    assert!(!kubiscan().detect(b"{\"runs\": []}"));
}

#[test]
fn truncated_recording_is_an_error() {
    let bytes = common::fixture(FILE);
    // Cut in the middle of the first table's rows.
    let cut = &bytes[..bytes.len() / 3];
    let err = kubiscan().parse(cut, FILE).unwrap_err().to_string();
    assert!(
        err.contains("cut off") || err.contains("closing border"),
        "{err}"
    );
}

#[test]
fn unknown_tables_are_flagged_not_dropped() {
    let text = "KubiScan version 1.6\n+-------------+\n|Risky Widgets|\n+----------+------+-----------+----------+\n\
                | Priority | Kind | Namespace | Name     |\n+----------+------+-----------+----------+\n\
                | HIGH     | Pod  | ns        | pod-1-x  |\n+----------+------+-----------+----------+\n";
    let r = kubiscan().parse(text.as_bytes(), "k.txt").unwrap();
    assert_eq!(r.tool_version.as_deref(), Some("1.6"));
    assert_eq!(r.findings.len(), 1);
    assert_eq!(r.findings[0].rule_id, "risky-widgets");
    assert!(r.findings[0].unmapped);
}

#[test]
fn mangled_output_never_panics() {
    common::assert_mangled_output_never_panics(kubiscan(), FILE);
}

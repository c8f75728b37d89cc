//! Kyverno adapter on real `kyverno apply --policy-report --output-format json` outputs of
//! Kyverno 1.19.1 committed as fixtures (tests/fixtures/kyverno, see its README): this project's
//! suite (passes trimmed) and seven suite manifests (whole stdout); the committed run of
//! results/kyverno; bad input. The live run is in harness/tests/drivers/kyverno.rs.

mod common;

use common::{fixture, Bad, Edit, On, UnknownRule};

use adapters::{by_name, Parser, Severity};

const SUITE: &str = "kyverno/kyverno_v1.19.1_suite.json";
const SEVEN: &str = "kyverno/kyverno_v1.19.1_seven-manifests.json";
const RESULTS_DIR: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../results/kyverno");

fn kyverno() -> &'static dyn Parser {
    by_name("kyverno").expect("kyverno is registered")
}

/// Seven suite manifests: every finding, each control once per object (python3 count: 11 failed
/// results, 8 findings).
#[test]
fn seven_manifests_fixture() {
    let r = common::parse_fixture(kyverno(), SEVEN);
    assert_eq!(r.findings.len(), 8);
    assert_eq!(r.tool_version.as_deref(), Some("1.19.1"));
    common::assert_all_mapped(&r);

    // Reported by the baseline and the restricted rule: one finding, at baseline's severity.
    let p = common::on_object(&r.findings, "privileged", "pod-032-2-privileged-container");
    assert_eq!(p.len(), 1);
    let p = p[0];
    assert_eq!(p.severity, Severity::High);
    assert_eq!(p.raw_severity.as_deref(), Some("baseline"));
    assert_eq!(p.object.kind.as_deref(), Some("Deployment"));
    assert_eq!(p.object.namespace.as_deref(), Some("bench-suite"));
    assert_eq!(p.check_id.as_deref(), Some("POD-032-2"));
    assert_eq!(
        p.path.as_deref(),
        Some(".spec.containers[].securityContext.privileged")
    );
    assert_eq!(
        p.message.as_deref(),
        Some(
            "(Forbidden reason: privileged, field error list: [spec.template.spec.containers[0].\
             securityContext.privileged is forbidden, forbidden values found: true])"
        )
    );
    assert_eq!(
        p.rule_title.as_deref(),
        Some("Privileged Containers (baseline)")
    );

    // A CronJob's field is under its job template; the path is pod-relative.
    let c = common::first_on(
        &r.findings,
        "privileged",
        "pod-060-5-privileged-container-cronjob",
    );
    assert_eq!(c.object.kind.as_deref(), Some("CronJob"));
    assert_eq!(
        c.path.as_deref(),
        Some(".spec.containers[].securityContext.privileged")
    );

    // Two restricted-only controls in one failed result: two findings, each its own field.
    let f = common::first_on(
        &r.findings,
        "allowPrivilegeEscalation",
        "pod-030-no-container-security-context",
    );
    assert_eq!(f.severity, Severity::Medium);
    assert_eq!(f.raw_severity.as_deref(), Some("restricted"));
    assert_eq!(
        f.path.as_deref(),
        Some(".spec.containers[].securityContext.allowPrivilegeEscalation")
    );
    let f = common::first_on(
        &r.findings,
        "capabilities_restricted",
        "pod-030-no-container-security-context",
    );
    assert_eq!(
        f.path.as_deref(),
        Some(".spec.containers[].securityContext.capabilities.drop")
    );

    // The restricted rule lists seccompProfile_baseline again beside seccompProfile_restricted.
    let name = "pod-053-1-seccomp-unconfined-pod";
    assert_eq!(
        common::on_object(&r.findings, "seccompProfile_baseline", name).len(),
        1
    );
    let s = common::first_on(&r.findings, "seccompProfile_restricted", name);
    assert_eq!(
        s.path.as_deref(),
        Some(".spec.securityContext.seccompProfile.type")
    );
    assert_eq!(s.check_id.as_deref(), Some("POD-053-1"));

    // The annotation key is a field, in the suite's notation.
    let a = common::first_on(
        &r.findings,
        "appArmorProfile",
        "pod-054-3-apparmor-unconfined-annotation",
    );
    assert_eq!(
        a.path.as_deref(),
        Some(".metadata.annotations.container.apparmor.security.beta.kubernetes.io/app")
    );
    common::assert_reported_on(&r.findings, "hostNamespaces", "POD-008-2");

    // The secure baseline passes both levels: no finding.
    assert!(r
        .findings
        .iter()
        .all(|f| f.object.name.as_deref() != Some("base-002-secure-deployment")));
}

/// This project's suite, passes trimmed (README): per-rule counts from python3
/// (`scripts/fixtures/kyverno.py count`).
#[test]
fn suite_fixture() {
    let r = common::parse_fixture(kyverno(), SUITE);
    assert_eq!(r.findings.len(), 281);
    assert_eq!(r.tool_version.as_deref(), Some("1.19.1"));
    common::assert_all_mapped(&r);
    for (rule, n) in [
        ("allowPrivilegeEscalation", 4),
        ("appArmorProfile", 3),
        ("capabilities_baseline", 15),
        ("capabilities_restricted", 30),
        ("hostNamespaces", 46),
        ("hostPathVolumes", 54),
        ("hostPorts", 1),
        ("hostProbesAndHostLifecycle", 40),
        ("privileged", 8),
        ("procMount", 1),
        ("restrictedVolumes", 55),
        ("runAsNonRoot", 2),
        ("runAsUser", 4),
        ("seLinuxOptions", 4),
        ("seccompProfile_baseline", 3),
        ("seccompProfile_restricted", 3),
        ("sysctls", 6),
        ("windowsHostProcess", 2),
    ] {
        assert_eq!(common::count_rule(&r.findings, rule), n, "{rule}");
    }
    // Every control of the table fires somewhere on the suite.
    assert_eq!(kyverno().rules().len(), 18);
    for rule in kyverno().rules().iter() {
        assert!(common::count_rule(&r.findings, &rule.id) > 0, "{}", rule.id);
    }
    let levels = |word: &str| {
        r.findings
            .iter()
            .filter(|f| f.raw_severity.as_deref() == Some(word))
            .count()
    };
    assert_eq!((levels("baseline"), levels("restricted")), (183, 98));
    let kinds = |kind: &str| {
        r.findings
            .iter()
            .filter(|f| f.object.kind.as_deref() == Some(kind))
            .count()
    };
    assert_eq!(
        [
            kinds("Pod"),
            kinds("Deployment"),
            kinds("DaemonSet"),
            kinds("StatefulSet"),
            kinds("Job"),
            kinds("CronJob")
        ],
        [167, 103, 4, 2, 2, 3]
    );

    // Kyverno's field list for the probe/lifecycle host check is empty: no path, the message.
    let h = common::first_on(
        &r.findings,
        "hostProbesAndHostLifecycle",
        "cp-012-2-apiserver-profiling-default",
    );
    assert_eq!(h.path, None);
    assert_eq!(h.object.kind.as_deref(), Some("Pod"));
    assert_eq!(
        h.message.as_deref(),
        Some("(Forbidden reason: probe or lifecycle host, field error list: [])")
    );
    // A bare Pod's field is read as Kyverno prints it (`spec.volumes[0].hostPath`).
    let v = common::first_on(
        &r.findings,
        "hostPathVolumes",
        "cp-012-2-apiserver-profiling-default",
    );
    assert_eq!(v.path.as_deref(), Some(".spec.volumes[].hostPath"));
    let w = common::first_on(
        &r.findings,
        "windowsHostProcess",
        "pod-064-windows-host-process-pod",
    );
    assert_eq!(
        w.path.as_deref(),
        Some(".spec.securityContext.windowsOptions.hostProcess")
    );
    assert_eq!(w.check_id.as_deref(), Some("POD-064"));
}

/// The table: the 18 checks of pod-security-admission, each with a category, a title and
/// canonical paths (the shared well-formedness check asks for 20 rules or more, which a
/// standard of 18 controls cannot have).
#[test]
fn rule_table_is_the_pod_security_standards() {
    let rules = kyverno().rules();
    let ids: Vec<&str> = rules.iter().map(|r| r.id.as_str()).collect();
    assert_eq!(
        ids,
        [
            "windowsHostProcess",
            "hostNamespaces",
            "privileged",
            "capabilities_baseline",
            "hostPathVolumes",
            "hostPorts",
            "hostProbesAndHostLifecycle",
            "appArmorProfile",
            "seLinuxOptions",
            "procMount",
            "seccompProfile_baseline",
            "sysctls",
            "restrictedVolumes",
            "allowPrivilegeEscalation",
            "runAsNonRoot",
            "runAsUser",
            "seccompProfile_restricted",
            "capabilities_restricted",
        ]
    );
    for r in rules.iter() {
        assert_eq!(r.category, "Workload", "{}", r.id);
        assert!(!r.title.is_empty(), "{}", r.id);
        assert!(!r.paths.is_empty(), "{}", r.id);
        for p in &r.paths {
            assert_eq!(&adapters::paths::normalize(p), p, "{}: {p}", r.id);
        }
    }
    assert_eq!(
        rules.get("hostNamespaces").unwrap().paths,
        [".spec.hostNetwork", ".spec.hostPID", ".spec.hostIPC"]
    );
}

/// This project's committed run: every rule id it reported is in the table.
#[test]
fn committed_results_are_mapped() {
    let mut runs = 0;
    for entry in std::fs::read_dir(RESULTS_DIR).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_string_lossy().to_string();
        if name.ends_with(".meta.json") {
            continue;
        }
        let report = kyverno().parse_file(&path).unwrap();
        assert!(!report.findings.is_empty(), "{name}");
        common::assert_all_mapped(&report);
        runs += 1;
    }
    assert!(runs > 0, "no run in {RESULTS_DIR}");
}

#[test]
fn detection() {
    let report = br#"{"kind":"ClusterReport","apiVersion":"openreports.io/v1alpha1","results":[{"source":"kyverno"}]}"#;
    assert!(kyverno().detect(report));
    let old = br#"{"kind":"ClusterPolicyReport","apiVersion":"wgpolicyk8s.io/v1alpha2","results":[{"source" : "kyverno"}]}"#;
    assert!(kyverno().detect(old));
    // Another engine's policy report (trivy-operator, kube-bench adapter) is not Kyverno's.
    let other = br#"{"kind":"PolicyReport","apiVersion":"wgpolicyk8s.io/v1alpha2","results":[{"source":"kube-bench"}]}"#;
    assert!(!kyverno().detect(other));
    assert!(!kyverno().detect(b"Warning: only a warning\n"));
    assert!(!kyverno().detect(b"[{\"source\":\"kyverno\"}]"));
}

#[test]
fn other_tools_outputs_are_rejected_and_not_detected() {
    common::assert_detects_and_rejects_others(kyverno());
}

#[test]
fn bad_input_is_an_error() {
    let seven = fixture(SEVEN);
    let warning_end = seven.iter().position(|&b| b == b'\n').unwrap() + 1;
    common::assert_parse_errors(
        kyverno(),
        "kyverno_v1.19.1_x.json",
        &[
            (b"", Bad::Empty),
            (b" \n", Bad::Empty),
            (b"{\"kind\": \"\xc0\"}", Bad::NotUtf8At(10)),
            // Only the warning lines: Kyverno printed no report.
            (&seven[..warning_end], Bad::Mentions("no policy report")),
            // Cut inside the warning line.
            (&seven[..100], Bad::WrongShape),
            (b"{\"kind\":\"ClusterReport\"", Bad::Json),
            (b"{}", Bad::WrongShape),
            (
                b"{\"kind\":\"Deployment\",\"apiVersion\":\"apps/v1\"}",
                Bad::Mentions("not a policy report"),
            ),
            (
                b"{\"kind\":\"ClusterReport\",\"apiVersion\":\"openreports.io/v1alpha1\",\"results\":[{\"source\":\"trivy\",\"result\":\"fail\"}]}",
                Bad::Mentions("not kyverno"),
            ),
            (
                b"{\"kind\":\"ClusterReport\",\"apiVersion\":\"openreports.io/v1alpha1\",\"results\":{}}",
                Bad::WrongShape,
            ),
            (b"policy pss -> resource x failed:\n", Bad::WrongShape),
            (
                b"{\"kind\":\"ClusterReport\",\"apiVersion\":\"openreports.io/v1alpha1\"}\n---\nnot json\n",
                Bad::Mentions("document 2"),
            ),
        ],
    );
}

/// Cut inside the report (after the warning line) the output is a JSON error, never fewer
/// findings; a cut inside the warning line is the shape error above.
#[test]
fn cut_outputs_are_json_errors() {
    fn inside_the_report(len: usize) -> Vec<usize> {
        vec![len / 2, len - 100, len - 2]
    }
    for rel in [SUITE, SEVEN] {
        common::assert_cut_recording_is_json_error(kyverno(), rel, inside_the_report);
    }
}

#[test]
fn mangled_output_never_panics() {
    for rel in [SUITE, SEVEN] {
        common::assert_mangled_output_never_panics(kyverno(), rel);
    }
}

#[test]
fn unknown_control_is_kept_and_flagged() {
    common::assert_unknown_rule_flagged(
        kyverno(),
        &fixture(SEVEN),
        SEVEN,
        &UnknownRule {
            edit: Edit::All(
                "\"controls\":\"hostNamespaces\"",
                "\"controls\":\"hostUsers\"",
            ),
            rule_id: "hostUsers",
            total: 8,
            on: Some(On::Object("pod-008-2-host-pid")),
            sole: true,
        },
    );
}

/// A namespaced policy adds a `PolicyReport` after a `---` line; a rule that is not a Pod
/// Security one is one finding under its name; passes, skips and errors are none; a warned
/// audit failure (`--audit-warn`) is a finding.
#[test]
fn report_stream_and_other_rules() {
    let out = br#"{"kind":"ClusterReport","apiVersion":"openreports.io/v1alpha1","results":[{"source":"kyverno","policy":"p","rule":"autogen-check-labels","result":"fail","message":"label app is required","resources":[{"kind":"Deployment","namespace":"ns","name":"pod-032-2-privileged-container"}]},{"source":"kyverno","policy":"p","rule":"x","result":"pass"},{"source":"kyverno","policy":"p","rule":"y","result":"skip"},{"source":"kyverno","policy":"p","rule":"z","result":"error"}]}
---
{"kind":"PolicyReport","apiVersion":"openreports.io/v1alpha1","metadata":{"namespace":"ns"},"results":[{"source":"kyverno","policy":"ns/q","rule":"require-limits","result":"warn","severity":"low","resources":[{"kind":"Pod","namespace":"ns","name":"res-004-2-no-cpu-limits"}]}]}
"#;
    let r = kyverno().parse(out, "kyverno_v1.19.1_x.json").unwrap();
    let rules: Vec<_> = r.findings.iter().map(|f| f.rule_id.as_str()).collect();
    assert_eq!(rules, ["check-labels", "require-limits"]);
    assert!(r.findings.iter().all(|f| f.unmapped));
    assert_eq!(r.findings[0].check_id.as_deref(), Some("POD-032-2"));
    assert_eq!(
        r.findings[0].message.as_deref(),
        Some("label app is required")
    );
    assert_eq!(r.findings[0].severity, Severity::Medium);
    assert_eq!(r.findings[1].severity, Severity::Low);
    assert_eq!(r.findings[1].raw_severity.as_deref(), Some("low"));
    assert_eq!(r.findings[1].check_id.as_deref(), Some("RES-004-2"));
}

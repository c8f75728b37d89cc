//! The catalog and the generated objects, checked in memory: counts and required fields, the
//! exactly-one-mutation property of every check, the wiring of names and references, and the
//! baseline pod spec against the Pod Security Standards "restricted" profile.

// `Option::is_none_or` is newer than the workspace's rust-version (1.80).
#![allow(clippy::unnecessary_map_or)]

use std::collections::{BTreeMap, BTreeSet};

use harness::baseline::{self, Kind};
use harness::catalog::{self, Category, CheckSpec, Expected, Standard};
use harness::generate;
use harness::generate::diff::{accounts_for, diff, Difference};
use harness::schema::keys;
use serde_json::Value;

fn all() -> Vec<CheckSpec> {
    catalog::all()
}

#[test]
fn at_least_250_checks_with_unique_ids() {
    let checks = all();
    let mut seen = BTreeSet::new();
    let dups: Vec<_> = checks
        .iter()
        .filter(|c| !seen.insert(c.id))
        .map(|c| c.id)
        .collect();
    assert!(dups.is_empty(), "duplicate ids: {dups:?}");
    let files: BTreeSet<_> = checks.iter().map(|c| c.file_name()).collect();
    assert_eq!(files.len(), checks.len(), "two checks share a file name");
    assert!(
        checks.len() >= 250,
        "the suite has {} checks, fewer than 250",
        checks.len()
    );
}

#[test]
fn every_check_is_complete() {
    let id_re = regex::Regex::new(r"^[A-Z][A-Z0-9]*(-[A-Z0-9]+)+$").unwrap();
    let slug_re = regex::Regex::new(r"^[a-z0-9]+(-[a-z0-9]+)*$").unwrap();
    let mut problems = Vec::new();
    for c in all() {
        let mut p = |what: &str| problems.push(format!("{}: {what}", c.id));
        if !id_re.is_match(c.id) {
            p("id is not like POD-032-2");
        }
        if !slug_re.is_match(c.slug) {
            p("slug is not lowercase words joined by -");
        }
        if c.title.trim().is_empty() {
            p("no title");
        }
        if c.description.trim().len() < 20 {
            p("no description (or a too short one)");
        }
        if c.paths().is_empty() {
            p("no declared path");
        }
        if c.expected == Expected::Alert && !c.id.starts_with("BASE-") && c.standards.is_empty() {
            // Not every misconfiguration is in a standard; the reference is optional, but say so.
            eprintln!("note: {} cites no standard", c.id);
        }
        match generate::build(&c) {
            Ok(b) if b.is_empty() => p("no object"),
            Ok(_) => {}
            Err(e) => p(&format!("does not build: {e}")),
        }
    }
    assert!(
        problems.is_empty(),
        "{} problems:\n{}",
        problems.len(),
        problems.join("\n")
    );
}

#[test]
fn every_category_has_at_least_8_checks() {
    let checks = all();
    let mut per: BTreeMap<Category, usize> = Category::ALL.iter().map(|&c| (c, 0)).collect();
    for c in &checks {
        *per.get_mut(&c.category).unwrap() += 1;
    }
    let thin: Vec<_> = per.iter().filter(|(_, &n)| n < 8).collect();
    assert!(
        thin.is_empty(),
        "categories with fewer than 8 checks: {thin:?}"
    );
}

#[test]
fn one_baseline_control_per_kind() {
    let controls: Vec<_> = all()
        .into_iter()
        .filter(|c| c.id.starts_with("BASE-"))
        .collect();
    let kinds: BTreeSet<Kind> = controls.iter().map(|c| c.base).collect();
    // A bare Pod is never secure (it is the naked-pod check WL-001), so it has no control.
    assert_eq!(
        kinds,
        Kind::ALL.into_iter().filter(|k| *k != Kind::Pod).collect(),
        "a kind without its control"
    );
    let wl001 = all()
        .into_iter()
        .find(|c| c.id == "WL-001")
        .expect("WL-001");
    assert_eq!(wl001.expected, Expected::Alert);
    for c in &controls {
        assert_eq!(c.expected, Expected::Pass, "{}", c.id);
        assert!(
            c.patches.is_empty() && c.adds.is_empty() && c.removes.is_empty(),
            "{} mutates",
            c.id
        );
    }
}

/// A declared path that names a whole object (`PodDisruptionBudget`) rather than a field.
fn object_path(p: &str) -> Option<Kind> {
    if p.starts_with('.') {
        None
    } else {
        Kind::parse(p)
    }
}

fn describe(d: &Difference) -> String {
    format!("{} ({:?})", d.pointer, d.change)
}

#[test]
fn exactly_one_mutation() {
    let mut problems = Vec::new();
    for c in all() {
        let Ok(objects) = generate::build(&c) else {
            continue;
        }; // reported by every_check_is_complete
        let mut p = |what: String| problems.push(format!("{}: {what}", c.id));

        // Whole objects: the manifest is the bundle minus the removed plus the added objects,
        // and each of those is declared by its kind's name.
        let bundle = baseline::bundle(c.base);
        let mut expected_kinds = bundle.clone();
        for r in &c.removes {
            match expected_kinds.iter().position(|k| k == r) {
                Some(i) => {
                    expected_kinds.remove(i);
                }
                None => p(format!(
                    "removes a {r:?}, which the bundle of {:?} does not hold",
                    c.base
                )),
            }
        }
        expected_kinds.extend(c.adds.iter().map(|a| a.kind));
        let got: Vec<Kind> = objects.iter().map(|b| b.kind).collect();
        if got != expected_kinds {
            p(format!("objects {got:?}, expected {expected_kinds:?}"));
        }
        let declared_objects: BTreeSet<Kind> =
            c.paths().iter().filter_map(|p| object_path(p)).collect();
        let changed_objects: BTreeSet<Kind> = c
            .removes
            .iter()
            .chain(c.adds.iter().map(|a| &a.kind))
            .copied()
            .collect();
        if declared_objects != changed_objects {
            p(format!(
                "objects added or removed {changed_objects:?}, but objects declared {declared_objects:?} (declare each by its kind name)"
            ));
        }
        for path in &c.paths() {
            if !path.starts_with('.') && object_path(path).is_none() {
                p(format!(
                    "declared path {path:?} is neither a field path (.a.b[]) nor a kind name"
                ));
            }
        }

        // Fields: every difference from the wired baseline is accounted for by a declared path.
        let fields: Vec<String> = c
            .paths()
            .into_iter()
            .filter(|p| p.starts_with('.'))
            .collect();
        let mut differences = 0;
        for b in objects.iter().filter(|b| !b.added) {
            for d in diff(&b.baseline, &b.object) {
                differences += 1;
                if !fields.iter().any(|f| accounts_for(f, &d)) {
                    p(format!(
                        "{:?}: {} is not within the declared paths {fields:?}",
                        b.kind,
                        describe(&d)
                    ));
                }
            }
        }
        if c.expected == Expected::Alert && differences == 0 && changed_objects.is_empty() {
            p("expected alert, but the manifest equals the baseline".to_string());
        }
    }
    assert!(
        problems.is_empty(),
        "{} problems:\n{}",
        problems.len(),
        problems.join("\n")
    );
}

/// A check declares its paths with `.path()` only where they deliberately differ from what its
/// patches derive; a declaration that repeats the derivation is the same fact written twice.
#[test]
fn declared_paths_are_not_the_derived_ones() {
    let mut redundant = Vec::new();
    let mut declared = 0;
    for c in all() {
        if c.declared.is_empty() {
            continue;
        }
        declared += 1;
        let derived = catalog::paths::derive(&c);
        if c.paths() == derived {
            redundant.push(format!("{}: .path() repeats {derived:?}", c.id));
        }
    }
    assert!(redundant.is_empty(), "{}", redundant.join("\n"));
    // Most checks derive their paths; a catalog that declares them all has lost the notation.
    assert!(
        declared * 5 < all().len(),
        "{declared} checks declare paths"
    );
}

/// Where the wiring may differ from the standalone baseline: names, labels, annotations and the
/// references between the objects of a check, nothing else.
const WIRING_PATHS: [&str; 14] = [
    ".metadata.name",
    ".metadata.namespace",
    ".metadata.labels",
    ".metadata.annotations",
    ".spec.serviceAccountName",
    ".spec.affinity.podAntiAffinity.preferredDuringSchedulingIgnoredDuringExecution[].podAffinityTerm.labelSelector",
    ".spec.selector",
    ".spec.serviceName",
    ".roleRef.name",
    ".subjects[].name",
    ".subjects[].namespace",
    ".spec.tls[].secretName",
    ".spec.rules[].http.paths[].backend.service.name",
    ".spec.scaleTargetRef.name",
];

#[test]
fn wiring_changes_only_names_and_references() {
    let mut problems = Vec::new();
    for c in all() {
        let Ok(objects) = generate::build(&c) else {
            continue;
        };
        for b in &objects {
            for d in diff(&baseline::object(b.kind), &b.baseline) {
                let normalized = adapters::paths::normalize(&d.pointer);
                if !WIRING_PATHS.iter().any(|w| accounts_for(w, &d)) {
                    problems.push(format!(
                        "{} {:?}: wiring changed {normalized}",
                        c.id, b.kind
                    ));
                }
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn every_object_is_named_and_labelled_for_its_check() {
    let mut problems = Vec::new();
    for c in all() {
        let Ok(objects) = generate::build(&c) else {
            continue;
        };
        let prefix = c.id.to_ascii_lowercase();
        let mut names = BTreeSet::new();
        for b in &objects {
            let o = &b.object;
            let name = o
                .pointer("/metadata/name")
                .and_then(Value::as_str)
                .unwrap_or("");
            let mut p =
                |what: String| problems.push(format!("{} {:?} {name}: {what}", c.id, b.kind));
            if !name.starts_with(&prefix) {
                p("name does not start with the lowercase id".into());
            }
            if !generate::names::is_dns_label(name) {
                p("name is not a DNS-1123 label of at most 63 characters".into());
            }
            if !names.insert((b.kind.kind_name(), name.to_string())) {
                p("two objects of one kind share the name".into());
            }
            if o.pointer("/metadata/labels/check").and_then(Value::as_str) != Some(c.id) {
                p("no `check` label".into());
            }
            for key in ["expected", "check_path", "description"] {
                if o.pointer(&format!("/metadata/annotations/{key}")).is_none() {
                    p(format!("no `{key}` annotation"));
                }
            }
            let anns = o
                .pointer("/metadata/annotations")
                .and_then(Value::as_object);
            let ours = anns.map(|a| a.keys().filter(|k| k.starts_with(keys::PREFIX)).count());
            if ours != Some(4) {
                p(format!("expected 4 {} annotations", keys::PREFIX));
            }
            if let Some(ptr) = b.kind.pod_template_metadata_pointer() {
                if o.pointer(&format!("{ptr}/labels/check"))
                    .and_then(Value::as_str)
                    != Some(c.id)
                {
                    p("pod template without the `check` label".into());
                }
            }
            let api = o.get("apiVersion").and_then(Value::as_str);
            let kind = o.get("kind").and_then(Value::as_str);
            if api != Some(b.kind.api_version()) || kind != Some(b.kind.kind_name()) {
                p(format!("apiVersion/kind {api:?}/{kind:?}"));
            }
            let has_ns = o.pointer("/metadata/namespace").is_some();
            if has_ns != b.kind.is_namespaced()
                && !c.paths().iter().any(|p| p == ".metadata.namespace")
            {
                p(format!(
                    "namespace present: {has_ns}, namespaced kind: {}",
                    b.kind.is_namespaced()
                ));
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

// ---------------------------------------------------------------------------------------------
// Pod Security Standards, restricted profile (which includes the baseline profile), as a table:
// one row per control, each a test of a pod spec. Source: kubernetes.io/docs/concepts/security/
// pod-security-standards (v1.34).

/// A rule sees the pod spec and the pod's metadata (for the legacy AppArmor annotations).
type Rule = fn(&Value, &Value) -> Result<(), String>;

const SAFE_SYSCTLS: [&str; 10] = [
    "kernel.shm_rmid_forced",
    "net.ipv4.ip_local_port_range",
    "net.ipv4.ip_unprivileged_port_start",
    "net.ipv4.tcp_syncookies",
    "net.ipv4.ping_group_range",
    "net.ipv4.ip_local_reserved_ports",
    "net.ipv4.tcp_keepalive_time",
    "net.ipv4.tcp_fin_timeout",
    "net.ipv4.tcp_keepalive_intvl",
    "net.ipv4.tcp_keepalive_probes",
];
const RESTRICTED_VOLUME_TYPES: [&str; 8] = [
    "configMap",
    "csi",
    "downwardAPI",
    "emptyDir",
    "ephemeral",
    "persistentVolumeClaim",
    "projected",
    "secret",
];
const SELINUX_TYPES: [&str; 5] = [
    "",
    "container_t",
    "container_init_t",
    "container_kvm_t",
    "container_engine_t",
];

fn containers(spec: &Value) -> Vec<&Value> {
    ["containers", "initContainers", "ephemeralContainers"]
        .iter()
        .filter_map(|k| spec.get(*k).and_then(Value::as_array))
        .flatten()
        .collect()
}

/// The security contexts that apply: the pod's and every container's.
fn contexts(spec: &Value) -> Vec<(&'static str, Option<&Value>)> {
    let mut v = vec![("pod", spec.get("securityContext"))];
    v.extend(
        containers(spec)
            .into_iter()
            .map(|c| ("container", c.get("securityContext"))),
    );
    v
}

fn field<'a>(v: Option<&'a Value>, ptr: &str) -> Option<&'a Value> {
    v.and_then(|v| v.pointer(ptr))
}

fn must(ok: bool, why: &str) -> Result<(), String> {
    if ok {
        Ok(())
    } else {
        Err(why.to_string())
    }
}

const PSS_RESTRICTED: [(&str, Rule); 17] = [
    ("HostProcess", |s, _| {
        must(
            contexts(s).iter().all(|(_, c)| {
                field(*c, "/windowsOptions/hostProcess").map_or(true, |v| v == false)
            }),
            "windowsOptions.hostProcess must be unset or false",
        )
    }),
    ("Host Namespaces", |s, _| {
        must(
            ["hostNetwork", "hostPID", "hostIPC"]
                .iter()
                .all(|k| s.get(*k).map_or(true, |v| v == false)),
            "hostNetwork, hostPID, hostIPC must be unset or false",
        )
    }),
    ("Privileged Containers", |s, _| {
        must(
            containers(s).iter().all(|c| {
                c.pointer("/securityContext/privileged")
                    .map_or(true, |v| v == false)
            }),
            "privileged must be unset or false",
        )
    }),
    ("HostPath Volumes", |s, _| {
        must(
            s.get("volumes")
                .and_then(Value::as_array)
                .map_or(true, |vs| vs.iter().all(|v| v.get("hostPath").is_none())),
            "no hostPath volume",
        )
    }),
    ("Host Ports", |s, _| {
        must(
            containers(s).iter().all(|c| {
                c.get("ports").and_then(Value::as_array).map_or(true, |ps| {
                    ps.iter()
                        .all(|p| p.get("hostPort").map_or(true, |h| h == 0))
                })
            }),
            "hostPort must be unset or 0",
        )
    }),
    ("AppArmor", |s, meta| {
        let annotations_ok = meta
            .get("annotations")
            .and_then(Value::as_object)
            .map_or(true, |a| {
                a.iter()
                    .filter(|(k, _)| {
                        k.starts_with("container.apparmor.security.beta.kubernetes.io/")
                    })
                    .all(|(_, v)| {
                        v.as_str()
                            .is_some_and(|v| v == "runtime/default" || v.starts_with("localhost/"))
                    })
            });
        must(
            annotations_ok
                && contexts(s).iter().all(|(_, c)| {
                    field(*c, "/appArmorProfile/type")
                        .and_then(Value::as_str)
                        .map_or(true, |t| t == "RuntimeDefault" || t == "Localhost")
                }),
            "appArmorProfile.type (and the legacy annotation) must be unset, RuntimeDefault or Localhost",
        )
    }),
    ("SELinux", |s, _| {
        must(
            contexts(s).iter().all(|(_, c)| {
                let t = field(*c, "/seLinuxOptions/type")
                    .and_then(Value::as_str)
                    .unwrap_or("");
                let user = field(*c, "/seLinuxOptions/user")
                    .and_then(Value::as_str)
                    .unwrap_or("");
                let role = field(*c, "/seLinuxOptions/role")
                    .and_then(Value::as_str)
                    .unwrap_or("");
                SELINUX_TYPES.contains(&t) && user.is_empty() && role.is_empty()
            }),
            "seLinuxOptions.type must be a container type, user and role unset",
        )
    }),
    ("/proc Mount Type", |s, _| {
        must(
            containers(s).iter().all(|c| {
                c.pointer("/securityContext/procMount")
                    .and_then(Value::as_str)
                    .map_or(true, |m| m == "Default")
            }),
            "procMount must be unset or Default",
        )
    }),
    ("Seccomp (baseline)", |s, _| {
        must(
            contexts(s).iter().all(|(_, c)| {
                field(*c, "/seccompProfile/type").and_then(Value::as_str) != Some("Unconfined")
            }),
            "seccompProfile.type must not be Unconfined",
        )
    }),
    ("Sysctls", |s, _| {
        must(
            s.pointer("/securityContext/sysctls")
                .and_then(Value::as_array)
                .map_or(true, |ss| {
                    ss.iter().all(|x| {
                        x.get("name")
                            .and_then(Value::as_str)
                            .is_some_and(|n| SAFE_SYSCTLS.contains(&n))
                    })
                }),
            "only the safe sysctls",
        )
    }),
    ("Volume Types", |s, _| {
        must(
            s.get("volumes").and_then(Value::as_array).map_or(true, |vs| {
                vs.iter().all(|v| {
                    v.as_object().is_some_and(|m| {
                        m.keys().filter(|k| *k != "name").all(|k| RESTRICTED_VOLUME_TYPES.contains(&k.as_str()))
                    })
                })
            }),
            "only configMap, csi, downwardAPI, emptyDir, ephemeral, persistentVolumeClaim, projected, secret volumes",
        )
    }),
    ("Privilege Escalation", |s, _| {
        must(
            containers(s).iter().all(|c| {
                c.pointer("/securityContext/allowPrivilegeEscalation") == Some(&Value::Bool(false))
            }),
            "allowPrivilegeEscalation must be false in every container",
        )
    }),
    ("Running as Non-root", |s, _| {
        let pod = s.pointer("/securityContext/runAsNonRoot");
        must(
            pod != Some(&Value::Bool(false))
                && containers(s)
                    .iter()
                    .all(|c| match c.pointer("/securityContext/runAsNonRoot") {
                        Some(v) => v == true,
                        None => pod == Some(&Value::Bool(true)),
                    }),
            "runAsNonRoot must be true at pod level or in every container, and never false",
        )
    }),
    ("Running as Non-root user", |s, _| {
        must(
            contexts(s)
                .iter()
                .all(|(_, c)| field(*c, "/runAsUser").map_or(true, |u| u != 0)),
            "runAsUser must not be 0",
        )
    }),
    ("Seccomp (restricted)", |s, _| {
        // A Localhost profile must name its profile (the API requires it; kubelets that ran an
        // unnamed one unconfined are CVE-2023-2431).
        let ok = |p: Option<&Value>| match p.and_then(|p| p.get("type")).and_then(Value::as_str) {
            Some("RuntimeDefault") => true,
            Some("Localhost") => p
                .and_then(|p| p.get("localhostProfile"))
                .and_then(Value::as_str)
                .is_some_and(|n| !n.is_empty()),
            _ => false,
        };
        let pod = s.pointer("/securityContext/seccompProfile");
        must(
            containers(s).iter().all(|c| match c.pointer("/securityContext/seccompProfile") {
                Some(p) => ok(Some(p)),
                None => ok(pod),
            }),
            "seccompProfile.type must be RuntimeDefault or a named Localhost profile for every container",
        )
    }),
    ("Capabilities (drop ALL)", |s, _| {
        must(
            containers(s).iter().all(|c| {
                c.pointer("/securityContext/capabilities/drop")
                    .and_then(Value::as_array)
                    .is_some_and(|d| d.iter().any(|x| x == "ALL"))
            }),
            "every container must drop ALL capabilities",
        )
    }),
    ("Capabilities (add)", |s, _| {
        must(
            containers(s).iter().all(|c| {
                c.pointer("/securityContext/capabilities/add")
                    .and_then(Value::as_array)
                    .map_or(true, |a| a.iter().all(|x| x == "NET_BIND_SERVICE"))
            }),
            "containers may add NET_BIND_SERVICE only",
        )
    }),
];

fn pss_violations(spec: &Value, meta: &Value) -> Vec<String> {
    PSS_RESTRICTED
        .iter()
        .filter_map(|(control, rule)| {
            rule(spec, meta)
                .err()
                .map(|why| format!("{control}: {why}"))
        })
        .collect()
}

#[test]
fn baseline_pod_spec_is_pss_restricted() {
    for kind in Kind::ALL.into_iter().filter(|k| k.is_workload()) {
        let obj = baseline::object(kind);
        let spec = obj
            .pointer(kind.pod_spec_pointer().unwrap())
            .expect("pod spec");
        let meta = obj
            .pointer(kind.pod_template_metadata_pointer().unwrap_or("/metadata"))
            .unwrap();
        let v = pss_violations(spec, meta);
        assert!(v.is_empty(), "{kind:?}: {v:?}");
        assert_eq!(containers(spec).len(), 1);
    }
}

#[test]
fn pss_table_catches_each_violation() {
    let base = baseline::object(Kind::Pod)["spec"].clone();
    let cases: [(&'static str, Value); 18] = [
        (
            "/securityContext/windowsOptions",
            serde_json::json!({"hostProcess": true}),
        ),
        ("/hostPID", Value::Bool(true)),
        (
            "/containers/0/securityContext/privileged",
            Value::Bool(true),
        ),
        (
            "/volumes/0",
            serde_json::json!({"name": "h", "hostPath": {"path": "/"}}),
        ),
        ("/containers/0/ports/0/hostPort", serde_json::json!(8080)),
        (
            "/securityContext/appArmorProfile/type",
            serde_json::json!("Unconfined"),
        ),
        (
            "/securityContext/seLinuxOptions",
            serde_json::json!({"type": "spc_t"}),
        ),
        (
            "/containers/0/securityContext/procMount",
            serde_json::json!("Unmasked"),
        ),
        (
            "/securityContext/seccompProfile/type",
            serde_json::json!("Unconfined"),
        ),
        (
            "/securityContext/sysctls",
            serde_json::json!([{"name": "kernel.msgmax", "value": "1"}]),
        ),
        (
            "/volumes/0",
            serde_json::json!({"name": "n", "nfs": {"server": "x", "path": "/"}}),
        ),
        (
            "/containers/0/securityContext/allowPrivilegeEscalation",
            Value::Bool(true),
        ),
        (
            "/containers/0/securityContext/runAsNonRoot",
            Value::Bool(false),
        ),
        (
            "/containers/0/securityContext/runAsUser",
            serde_json::json!(0),
        ),
        (
            "/containers/0/securityContext/seccompProfile/type",
            serde_json::json!("Unconfined"),
        ),
        (
            "/containers/0/securityContext/capabilities/drop",
            serde_json::json!([]),
        ),
        (
            "/containers/0/securityContext/capabilities/add",
            serde_json::json!(["SYS_ADMIN"]),
        ),
        (
            "/containers/0/securityContext/seccompProfile",
            serde_json::json!({"type": "Localhost", "localhostProfile": ""}),
        ),
    ];
    for (ptr, value) in cases {
        let mut spec = base.clone();
        let ops = [catalog::Op::Add(ptr, value)];
        catalog::patch::apply(&mut spec, &ops).unwrap();
        assert!(
            !pss_violations(&spec, &Value::Null).is_empty(),
            "{ptr}: the table misses it"
        );
    }
    let legacy = serde_json::json!({"annotations": {"container.apparmor.security.beta.kubernetes.io/app": "unconfined"}});
    assert!(
        !pss_violations(&base, &legacy).is_empty(),
        "the legacy AppArmor annotation is missed"
    );
    assert!(pss_violations(&base, &Value::Null).is_empty());
}

/// Alert checks that cite a Pod Security Standards control and change a pod spec must break the
/// restricted profile (a check that claims a PSS violation but builds a compliant pod is wrong,
/// or the table above is).
#[test]
fn pss_alert_checks_violate_restricted() {
    let mut problems = Vec::new();
    for c in all() {
        let cites_pss = c.standards.iter().any(|s| matches!(s, Standard::Pss(..)));
        if c.expected != Expected::Alert || !cites_pss || !c.base.is_workload() {
            continue;
        }
        let Ok(objects) = generate::build(&c) else {
            continue;
        };
        let b = objects
            .iter()
            .find(|b| b.kind == c.base)
            .expect("base object");
        let Some(spec) = b.object.pointer(c.base.pod_spec_pointer().unwrap()) else {
            continue;
        };
        let meta = b
            .object
            .pointer(
                c.base
                    .pod_template_metadata_pointer()
                    .unwrap_or("/metadata"),
            )
            .unwrap_or(&Value::Null);
        if pss_violations(spec, meta).is_empty() {
            problems.push(format!(
                "{}: cites {:?} but its pod spec is restricted-compliant",
                c.id, c.standards
            ));
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

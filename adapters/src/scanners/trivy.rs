//! Trivy (Aqua Security), misconfiguration scan: `trivy config -f json DIR`.
//!
//! One `Results[]` entry per file (`Target`) with `Misconfigurations[]`; only `Status: FAIL`
//! entries are findings (trivy lists passed checks too with `--include-non-failures`).
//! `trivy fs --scanners misconfig` writes the same report. `trivy k8s` wraps the same
//! `Results[]` in one entry per cluster object, under `Resources[]` (`--report all`, 0.42 on),
//! `Misconfigurations[]` beside `Vulnerabilities[]` (`--report all` before that) or `Findings[]`
//! (`--report summary`), each naming its object's kind, name and namespace.
//! Trivy gives each check two ids, the short `ID` (`KSV001`) and `AVDID` (`AVD-KSV-0001`); some
//! checks have only the long form (`AVD-KSV-01010`). Rule ids are therefore normalized to the
//! long form, which every check has; the short form maps onto it.
//!
//! Trivy names no object in a structured field: the kind, name and namespace are read from the
//! message (`Container 'app' of Deployment 'pod-001' should ...`), the line from the cause
//! metadata, the check id from the object name or the file name.

use super::util::{first_significant_byte, json_error};
use std::sync::OnceLock;

use regex::Regex;
use serde::Deserialize;

use crate::parser::version_from_file_name;
use crate::{Finding, ObjectRef, ParseErrorKind, Parser, Report, RuleTable, Severity};

const TOOL: &str = "trivy";

pub struct Trivy;

impl Parser for Trivy {
    fn name(&self) -> &'static str {
        TOOL
    }

    fn rules(&self) -> &RuleTable {
        static RULES: OnceLock<RuleTable> = OnceLock::new();
        RULES.get_or_init(|| RuleTable::from_csv(TOOL, include_str!("../../rules/trivy.csv")))
    }

    fn parse(&self, input: &[u8], file_name: &str) -> Result<Report, ParseErrorKind> {
        let text = crate::error::text(input)?;
        if first_significant_byte(text.as_bytes()) != Some(b'{') {
            return Err(ParseErrorKind::wrong_shape(
                TOOL,
                "expected a JSON object (trivy report)",
            ));
        }
        let doc: TrivyReport = serde_json::from_str(text).map_err(|e| json_error(TOOL, e))?;
        let cluster = doc.cluster_name.is_some();
        if doc.schema_version.is_none() && doc.artifact_name.is_none() && !cluster {
            return Err(ParseErrorKind::wrong_shape(
                TOOL,
                "no `SchemaVersion`, `ArtifactName` or `ClusterName` in the report object",
            ));
        }
        let mut findings = Vec::new();
        for res in doc.results.unwrap_or_default() {
            collect(res, None, &mut findings);
        }
        // A cluster report's object lists; `Vulnerabilities[]` holds image scans only.
        let objects = [doc.resources, doc.k8s_misconfigurations, doc.findings];
        for object in objects.into_iter().flatten().flatten() {
            let named = ObjectRef {
                kind: object.kind.filter(|k| !k.is_empty()),
                namespace: object.namespace.filter(|n| !n.is_empty()),
                name: object.name.filter(|n| !n.is_empty()),
            };
            for res in object.results.unwrap_or_default() {
                collect(res, Some(&named), &mut findings);
            }
        }
        let version = doc
            .trivy
            .and_then(|t| t.version)
            .map(|v| v.trim_start_matches('v').to_string())
            .filter(|v| !v.is_empty())
            .or_else(|| version_from_file_name(file_name));
        let report = Report {
            tool: TOOL.to_string(),
            tool_version: version,
            findings,
        };
        Ok(report.finish(self.rules()))
    }

    fn detect(&self, input: &[u8]) -> bool {
        let head = &input[..input.len().min(64 * 1024)];
        if first_significant_byte(head) != Some(b'{') {
            return false;
        }
        let file_report =
            contains(head, b"\"SchemaVersion\"") && contains(head, b"\"ArtifactName\"");
        // `ClusterName` is the first key of a cluster report; the lists follow it.
        let cluster_report = contains(head, b"\"ClusterName\"")
            && [
                &b"\"Resources\""[..],
                b"\"Misconfigurations\"",
                b"\"Vulnerabilities\"",
                b"\"Findings\"",
            ]
            .iter()
            .any(|key| contains(head, key));
        file_report || cluster_report
    }
}

/// The failed checks of one `Results[]` entry. `object` is the cluster object a `trivy k8s`
/// report names; file reports name it only in the message. A cluster report's `Target`
/// (`Deployment/x`) is no file, so it is not kept as one.
fn collect(res: TrivyResult, object: Option<&ObjectRef>, findings: &mut Vec<Finding>) {
    let file = match object {
        Some(_) => None,
        None => res.target.filter(|t| !t.is_empty()),
    };
    for m in res.misconfigurations.unwrap_or_default() {
        if !m
            .status
            .as_deref()
            .unwrap_or("FAIL")
            .eq_ignore_ascii_case("FAIL")
        {
            continue;
        }
        let Some(id) = m
            .avd_id
            .as_deref()
            .and_then(canonical_id)
            .or_else(|| m.id.as_deref().and_then(canonical_id))
        else {
            continue;
        };
        let mut f = Finding::new(TOOL, id);
        f.rule_title = m.title;
        f.severity = m
            .severity
            .as_deref()
            .map(Severity::from_raw)
            .unwrap_or(Severity::Info);
        f.raw_severity = m.severity;
        f.file = file.clone();
        f.line = m
            .cause_metadata
            .and_then(|c| c.start_line)
            .and_then(|l| u32::try_from(l).ok())
            .filter(|&l| l > 0);
        if let Some(msg) = m.message.as_deref() {
            f.object = match object {
                Some(o) if o.name.is_some() => o.clone(),
                _ => object_from_message(msg),
            };
            f.path = path_from_message(msg);
        }
        f.message = m.message;
        findings.push(f);
    }
}

/// `KSV001`, `KSV-0001`, `ksv001`, `AVD-KSV-0001` -> `AVD-KSV-0001`; `AVD-KSV-01010` stays.
/// Ids of other families (`AVD-DS-0001`) keep their letters and digits the same way.
pub fn canonical_id(raw: &str) -> Option<String> {
    static RE: OnceLock<Regex> = OnceLock::new();
    let re = RE.get_or_init(|| Regex::new(r"^(?i)(?:AVD-)?([A-Z]+)-?(\d+)$").unwrap());
    let raw = raw.trim();
    if raw.is_empty() {
        return None;
    }
    match re.captures(raw) {
        Some(c) => {
            let digits = &c[2];
            Some(format!("AVD-{}-{:0>4}", c[1].to_ascii_uppercase(), digits))
        }
        None => Some(raw.to_string()),
    }
}

/// Kinds trivy's Kubernetes checks name in their messages.
const KINDS: &str =
    "Pod|Deployment|StatefulSet|DaemonSet|ReplicaSet|ReplicationController|Job|CronJob|\
    ClusterRoleBinding|ClusterRole|RoleBinding|Role|ConfigMap|Secret|Service|Ingress|NetworkPolicy|\
    ServiceAccount|Namespace|PodSecurityPolicy";

/// `Container 'app' of Deployment 'x' should ...`, `ClusterRole 'x' shouldn't ...`,
/// `ConfigMap 'x' in 'ns' namespace ...`, `deployment x in ns namespace should ...`,
/// `Container app in deployment x (namespace: ns) uses ...`.
fn object_from_message(msg: &str) -> ObjectRef {
    static QUOTED: OnceLock<Regex> = OnceLock::new();
    static BARE: OnceLock<Regex> = OnceLock::new();
    static PAREN: OnceLock<Regex> = OnceLock::new();
    static NS: OnceLock<Regex> = OnceLock::new();
    let quoted = QUOTED.get_or_init(|| Regex::new(&format!(r"\b({KINDS}) '([^']+)'")).unwrap());
    let bare = BARE.get_or_init(|| {
        Regex::new(&format!(
            r"(?i)\b({KINDS}) ([a-z0-9][a-z0-9.-]*) in ([a-z0-9][a-z0-9-]*) namespace"
        ))
        .unwrap()
    });
    let ns = NS.get_or_init(|| Regex::new(r"\bin '([a-z0-9][a-z0-9-]*)' namespace").unwrap());
    if let Some(c) = quoted.captures(msg) {
        return ObjectRef {
            kind: Some(c[1].to_string()),
            namespace: ns.captures(msg).map(|n| n[1].to_string()),
            name: Some(c[2].to_string()),
        };
    }
    let paren = PAREN.get_or_init(|| {
        Regex::new(&format!(
            r"(?i)\bin ({KINDS}) ([a-z0-9][a-z0-9.-]*) \(namespace: ([a-z0-9][a-z0-9-]*)\)"
        ))
        .unwrap()
    });
    if let Some(c) = bare.captures(msg).or_else(|| paren.captures(msg)) {
        return ObjectRef {
            kind: Some(kind_case(&c[1])),
            namespace: Some(c[3].to_string()),
            name: Some(c[2].to_string()),
        };
    }
    ObjectRef::default()
}

/// The field a message names, as in `should set 'securityContext.privileged' to false` or
/// `should not set 'spec.template.spec.hostPID' to true`. Container-level messages name the
/// field relative to the container, so those get the container prefix.
fn path_from_message(msg: &str) -> Option<String> {
    static RE: OnceLock<Regex> = OnceLock::new();
    let re = RE.get_or_init(|| {
        Regex::new(r"'([A-Za-z][A-Za-z0-9_]*(?:\.[A-Za-z0-9_]+|\[[A-Za-z0-9_*]*\])+)'").unwrap()
    });
    let field = re
        .captures_iter(msg)
        .map(|c| c.get(1).unwrap().as_str())
        .find(|p| p.contains('.'))?;
    let top_level = [
        "spec.",
        "metadata.",
        "data.",
        "rules",
        "roleRef",
        "subjects",
    ];
    if msg.starts_with("Container '") && !top_level.iter().any(|t| field.starts_with(t)) {
        Some(format!("spec.containers[].{field}"))
    } else {
        Some(field.to_string())
    }
}

/// `deployment` -> `Deployment`, using the spelling in [`KINDS`].
fn kind_case(k: &str) -> String {
    KINDS
        .split('|')
        .map(str::trim)
        .find(|x| x.eq_ignore_ascii_case(k))
        .unwrap_or(k)
        .to_string()
}

fn contains(hay: &[u8], needle: &[u8]) -> bool {
    hay.windows(needle.len()).any(|w| w == needle)
}

#[derive(Deserialize)]
struct TrivyReport {
    #[serde(rename = "SchemaVersion", default)]
    schema_version: Option<serde_json::Value>,
    #[serde(rename = "ArtifactName", default)]
    artifact_name: Option<String>,
    /// Newer releases name themselves here.
    #[serde(rename = "Trivy", default)]
    trivy: Option<TrivyInfo>,
    #[serde(rename = "Results", default)]
    results: Option<Vec<TrivyResult>>,
    /// `trivy k8s` reports.
    #[serde(rename = "ClusterName", default)]
    cluster_name: Option<String>,
    #[serde(rename = "Resources", default)]
    resources: Option<Vec<K8sObject>>,
    /// Before 0.42, a list of objects with their `Results[]`, not of checks.
    #[serde(rename = "Misconfigurations", default)]
    k8s_misconfigurations: Option<Vec<K8sObject>>,
    #[serde(rename = "Findings", default)]
    findings: Option<Vec<K8sObject>>,
}

/// One cluster object of a `trivy k8s` report.
#[derive(Deserialize)]
struct K8sObject {
    #[serde(rename = "Namespace", default)]
    namespace: Option<String>,
    #[serde(rename = "Kind", default)]
    kind: Option<String>,
    #[serde(rename = "Name", default)]
    name: Option<String>,
    #[serde(rename = "Results", default)]
    results: Option<Vec<TrivyResult>>,
}

#[derive(Deserialize)]
struct TrivyInfo {
    #[serde(rename = "Version", default)]
    version: Option<String>,
}

#[derive(Deserialize)]
struct TrivyResult {
    #[serde(rename = "Target", default)]
    target: Option<String>,
    #[serde(rename = "Misconfigurations", default)]
    misconfigurations: Option<Vec<Misconfiguration>>,
}

#[derive(Deserialize)]
struct Misconfiguration {
    #[serde(rename = "ID", default)]
    id: Option<String>,
    #[serde(rename = "AVDID", default)]
    avd_id: Option<String>,
    #[serde(rename = "Title", default)]
    title: Option<String>,
    #[serde(rename = "Message", default)]
    message: Option<String>,
    #[serde(rename = "Severity", default)]
    severity: Option<String>,
    #[serde(rename = "Status", default)]
    status: Option<String>,
    #[serde(rename = "CauseMetadata", default)]
    cause_metadata: Option<CauseMetadata>,
}

#[derive(Deserialize)]
struct CauseMetadata {
    #[serde(rename = "StartLine", default)]
    start_line: Option<i64>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids() {
        assert_eq!(canonical_id("KSV001").as_deref(), Some("AVD-KSV-0001"));
        assert_eq!(canonical_id("KSV-0001").as_deref(), Some("AVD-KSV-0001"));
        assert_eq!(
            canonical_id("AVD-KSV-0001").as_deref(),
            Some("AVD-KSV-0001")
        );
        assert_eq!(
            canonical_id("AVD-KSV-01010").as_deref(),
            Some("AVD-KSV-01010")
        );
        assert_eq!(canonical_id("KSV0109").as_deref(), Some("AVD-KSV-0109"));
        assert_eq!(canonical_id("KSV113").as_deref(), Some("AVD-KSV-0113"));
        assert_eq!(
            canonical_id("custom-check").as_deref(),
            Some("custom-check")
        );
        assert_eq!(canonical_id(" "), None);
    }

    #[test]
    fn objects() {
        let o = object_from_message("Container 'app' of Deployment 'pod-001-x' should set 'x'");
        assert_eq!(
            (o.kind.as_deref(), o.name.as_deref()),
            (Some("Deployment"), Some("pod-001-x"))
        );
        let o =
            object_from_message("RoleBinding 'rb-1' should not bind to roles [\"cluster-admin\"]");
        assert_eq!(
            (o.kind.as_deref(), o.name.as_deref()),
            (Some("RoleBinding"), Some("rb-1"))
        );
        let o = object_from_message("ConfigMap 'cm-1' in 'ns-a' namespace stores secrets");
        assert_eq!(o.namespace.as_deref(), Some("ns-a"));
        let o = object_from_message("deployment pod-1 in kalm namespace should set x");
        assert_eq!(
            (o.kind.as_deref(), o.name.as_deref(), o.namespace.as_deref()),
            (Some("Deployment"), Some("pod-1"), Some("kalm"))
        );
        let o = object_from_message(
            "Container app in deployment pod-1 (namespace: bench-suite) uses an image from an \
             untrusted registry.",
        );
        assert_eq!(
            (o.kind.as_deref(), o.name.as_deref(), o.namespace.as_deref()),
            (Some("Deployment"), Some("pod-1"), Some("bench-suite"))
        );
        assert_eq!(
            object_from_message("container should drop all"),
            ObjectRef::default()
        );
    }

    #[test]
    fn paths() {
        let p = |m: &str| path_from_message(m);
        assert_eq!(
            p("Container 'app' of Deployment 'x' should set 'securityContext.privileged' to false").as_deref(),
            Some("spec.containers[].securityContext.privileged")
        );
        assert_eq!(
            p("Deployment 'x' should not set 'spec.template.spec.hostPID' to true").as_deref(),
            Some("spec.template.spec.hostPID")
        );
        assert_eq!(
            p("Deployment 'x' should not specify '/var/run/docker.sock' in 'y'"),
            None
        );
        assert_eq!(
            p("Container 'app' of Deployment 'x' should specify an image tag"),
            None
        );
        assert_eq!(p("container should drop all"), None);
    }
}

//! Kubescape (ARMO / CNCF): `kubescape scan ... --format json`.
//!
//! Two JSON report formats exist and both are read:
//!
//! * **framework reports** (`--format-version v1`, the default of kubescape 1.x and early
//!   2.0.x): one framework report (`NSA`, `MITRE`, ...) with
//!   `controlReports[].ruleReports[].ruleResponses[]`; a failed response names the objects in
//!   `alertObject.k8sApiObjects` and (from 1.0.12x on) the fields in `failedPaths`. A scan of one
//!   framework prints that report as the top-level object, a scan of several prints an array of
//!   them; the same control then appears under every framework that includes it, so findings are
//!   de-duplicated.
//! * **resource results** (`--format-version v2`, the default since kubescape 2.0.1xx and the
//!   only format of kubescape 3): an object with `summaryDetails.controls` (names and
//!   `scoreFactor`), `resources[]` (the scanned objects) and `results[]` (per resource, every
//!   control with `status.status` `passed`/`failed`/`skipped` and the rule paths).
//!
//! Only failed controls are findings; `skipped` (missing configuration) and `passed` are not.
//! Kubescape has no severity word in either format: the control's score factor is mapped with
//! kubescape's own scale (9+ critical, 7-8 high, 4-6 medium, 1-3 low).

use super::util::{first_significant_byte, json_error};
use std::collections::{HashMap, HashSet};
use std::sync::OnceLock;

use regex::Regex;
use serde::Deserialize;

use crate::parser::version_from_file_name;
use crate::{Finding, ObjectRef, ParseErrorKind, Parser, Report, RuleTable, Severity};

const TOOL: &str = "kubescape";

pub struct Kubescape;

impl Parser for Kubescape {
    fn name(&self) -> &'static str {
        TOOL
    }

    fn rules(&self) -> &RuleTable {
        static RULES: OnceLock<RuleTable> = OnceLock::new();
        RULES.get_or_init(|| RuleTable::from_csv(TOOL, include_str!("../../rules/kubescape.csv")))
    }

    fn parse(&self, input: &[u8], file_name: &str) -> Result<Report, ParseErrorKind> {
        let text = crate::error::text(input)?;
        let report = match first_significant_byte(text.as_bytes()) {
            Some(b'[') => parse_framework_list(text)?,
            Some(b'{') => parse_object(text)?,
            _ => {
                return Err(ParseErrorKind::wrong_shape(
                    TOOL,
                    "expected a JSON object (resource results or one framework report) or an \
                     array (framework reports)",
                ))
            }
        };
        let mut report = report;
        if report.tool_version.is_none() {
            report.tool_version = version_from_file_name(file_name);
        }
        Ok(report.finish(self.rules()))
    }

    fn detect(&self, input: &[u8]) -> bool {
        let head = &input[..input.len().min(64 * 1024)];
        match first_significant_byte(head) {
            Some(b'{') => {
                contains(head, b"\"summaryDetails\"") || contains(head, b"\"controlReports\"")
            }
            Some(b'[') => contains(head, b"\"controlReports\""),
            _ => false,
        }
    }
}

fn contains(hay: &[u8], needle: &[u8]) -> bool {
    hay.windows(needle.len()).any(|w| w == needle)
}

/// Kubescape's scale from control score factor to severity (opa-utils `ControlSeverityToString`).
fn severity_of(score: Option<f64>) -> (Severity, Option<String>) {
    match score {
        Some(s) => {
            let sev = if s >= 9.0 {
                Severity::Critical
            } else if s >= 7.0 {
                Severity::High
            } else if s >= 4.0 {
                Severity::Medium
            } else if s >= 1.0 {
                Severity::Low
            } else {
                Severity::Info
            };
            (sev, Some(format!("scoreFactor {s}")))
        }
        None => (Severity::Info, None),
    }
}

/// Kubescape writes map keys as `data[password]`; they are fields, not array items, so they
/// become `data.password` (array indexes and `containers[name]` filters are left alone).
fn map_keys_as_fields(path: &str) -> String {
    static RE: OnceLock<Regex> = OnceLock::new();
    let re = RE.get_or_init(|| {
        Regex::new(r"\b(data|stringData|binaryData|annotations|labels)\[([^\]\d][^\]]*)\]").unwrap()
    });
    re.replace_all(path, "$1.$2").into_owned()
}

/// `manifests/x.yaml:3` (file and document index) -> `manifests/x.yaml`.
fn strip_doc_index(source_path: &str) -> &str {
    match source_path.rsplit_once(':') {
        Some((file, idx)) if !idx.is_empty() && idx.bytes().all(|b| b.is_ascii_digit()) => file,
        _ => source_path,
    }
}

fn none_if_empty(s: Option<String>) -> Option<String> {
    s.filter(|s| !s.trim().is_empty())
}

// ---------------------------------------------------------------------------------------------
// Shared: the Kubernetes object as kubescape embeds it.

#[derive(Deserialize, Default)]
#[serde(default)]
struct Meta {
    name: Option<String>,
    namespace: Option<String>,
}

/// A scanned object. RBAC subjects (User, Group, the `default` ServiceAccount) have no
/// `metadata`, only top-level `name`/`namespace`, and carry the bindings and roles that made
/// them interesting in `relatedObjects`.
#[derive(Deserialize, Default)]
#[serde(default)]
struct KsObject {
    kind: Option<String>,
    name: Option<String>,
    namespace: Option<String>,
    metadata: Option<Meta>,
    #[serde(rename = "relatedObjects")]
    related_objects: Option<Vec<KsObject>>,
    #[serde(rename = "sourcePath")]
    source_path: Option<String>,
}

impl KsObject {
    fn name(&self) -> Option<&str> {
        self.metadata
            .as_ref()
            .and_then(|m| m.name.as_deref())
            .or(self.name.as_deref())
            .filter(|s| !s.is_empty())
    }

    fn namespace(&self) -> Option<&str> {
        self.metadata
            .as_ref()
            .and_then(|m| m.namespace.as_deref())
            .or(self.namespace.as_deref())
            .filter(|s| !s.is_empty())
    }

    fn object_ref(&self) -> ObjectRef {
        ObjectRef {
            kind: none_if_empty(self.kind.clone()),
            namespace: self.namespace().map(str::to_string),
            name: self.name().map(str::to_string),
        }
    }

    fn related(&self) -> &[KsObject] {
        self.related_objects.as_deref().unwrap_or(&[])
    }

    /// Check id from the object's own name, else from a related object's name (a subject
    /// such as `default` is named after nothing in the suite; its binding is).
    fn check_id(&self) -> Option<String> {
        self.name().and_then(crate::checkid::from_name).or_else(|| {
            self.related()
                .iter()
                .find_map(|r| r.name().and_then(crate::checkid::from_name))
        })
    }

    fn source_file(&self) -> Option<String> {
        self.source_path
            .as_deref()
            .or_else(|| self.related().iter().find_map(|r| r.source_path.as_deref()))
            .map(|p| strip_doc_index(p).to_string())
            .filter(|p| !p.is_empty())
    }
}

fn finding_for(
    control_id: &str,
    control_name: Option<&str>,
    score: Option<f64>,
    obj: Option<&KsObject>,
    file: Option<String>,
    paths: &[String],
) -> Finding {
    let mut f = Finding::new(TOOL, control_id);
    f.rule_title = control_name.map(str::to_string);
    let (sev, raw) = severity_of(score);
    f.severity = sev;
    f.raw_severity = raw;
    if let Some(o) = obj {
        f.object = o.object_ref();
        f.check_id = o.check_id();
    }
    f.file = file;
    f.path = paths.first().cloned();
    f.message = Some(if paths.is_empty() {
        control_name.unwrap_or(control_id).to_string()
    } else {
        format!(
            "{}: {}",
            control_name.unwrap_or(control_id),
            paths.join(", ")
        )
    });
    if f.check_id.is_none() {
        f.check_id = f.file.as_deref().and_then(crate::checkid::from_file);
    }
    f
}

// ---------------------------------------------------------------------------------------------
// Resource results (format version v2; kubescape 2.x default and kubescape 3).

/// A top-level object: resource results (`summaryDetails`, `resources`, `results`) or, from
/// kubescape 1.x scanning one framework, that framework's report (`controlReports`). Read once
/// with the fields of both, since the keys that tell them apart may come in any order.
#[derive(Deserialize)]
struct V2Report {
    #[serde(rename = "summaryDetails")]
    summary_details: Option<V2Summary>,
    #[serde(rename = "controlReports", default)]
    control_reports: Option<Vec<V1Control>>,
    #[serde(default)]
    results: Option<Vec<V2ResourceResult>>,
    #[serde(default)]
    resources: Option<Vec<V2Resource>>,
    #[serde(default)]
    metadata: Option<V2Metadata>,
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct V2Summary {
    controls: Option<HashMap<String, V2SummaryControl>>,
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct V2SummaryControl {
    name: Option<String>,
    #[serde(rename = "scoreFactor")]
    score_factor: Option<f64>,
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct V2Metadata {
    #[serde(rename = "scanMetadata")]
    scan_metadata: Option<V2ScanMetadata>,
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct V2ScanMetadata {
    #[serde(rename = "kubescapeVersion")]
    kubescape_version: Option<String>,
}

#[derive(Deserialize)]
struct V2ResourceResult {
    #[serde(rename = "resourceID")]
    resource_id: String,
    #[serde(default)]
    controls: Option<Vec<V2Control>>,
}

#[derive(Deserialize)]
struct V2Control {
    #[serde(rename = "controlID")]
    control_id: String,
    #[serde(default)]
    name: Option<String>,
    /// `{"status": "failed", ...}`; a plain string is accepted too.
    #[serde(default)]
    status: Option<serde_json::Value>,
    #[serde(default)]
    rules: Option<Vec<V2Rule>>,
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct V2Rule {
    paths: Option<Vec<V2Path>>,
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct V2Path {
    #[serde(rename = "failedPath")]
    failed_path: Option<String>,
    #[serde(rename = "deletePath")]
    delete_path: Option<String>,
    #[serde(rename = "reviewPath")]
    review_path: Option<String>,
    #[serde(rename = "fixPath")]
    fix_path: Option<V2FixPath>,
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct V2FixPath {
    path: Option<String>,
}

#[derive(Deserialize)]
struct V2Resource {
    #[serde(rename = "resourceID")]
    resource_id: String,
    #[serde(default)]
    object: Option<KsObject>,
    #[serde(default)]
    source: Option<V2Source>,
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct V2Source {
    #[serde(rename = "relativePath")]
    relative_path: Option<String>,
}

fn status_word(v: Option<&serde_json::Value>) -> &str {
    match v {
        Some(serde_json::Value::String(s)) => s,
        Some(serde_json::Value::Object(m)) => {
            m.get("status").and_then(|s| s.as_str()).unwrap_or("")
        }
        _ => "",
    }
}

/// The paths of a failed control, most specific first: the failing field, then a field to
/// delete, a field to review, and last the field a fix would add.
fn v2_paths(rules: &[V2Rule]) -> Vec<String> {
    let mut failed = Vec::new();
    let mut other = Vec::new();
    for p in rules.iter().flat_map(|r| r.paths.as_deref().unwrap_or(&[])) {
        if let Some(s) = p.failed_path.as_deref().filter(|s| !s.is_empty()) {
            failed.push(s);
        }
        for s in [p.delete_path.as_deref(), p.review_path.as_deref()]
            .into_iter()
            .flatten()
        {
            if !s.is_empty() {
                other.push(s);
            }
        }
        if let Some(s) = p
            .fix_path
            .as_ref()
            .and_then(|f| f.path.as_deref())
            .filter(|s| !s.is_empty())
        {
            other.push(s);
        }
    }
    let mut seen = HashSet::new();
    failed
        .into_iter()
        .chain(other)
        .filter(|s| seen.insert(*s))
        .map(map_keys_as_fields)
        .collect()
}

fn parse_object(text: &str) -> Result<Report, ParseErrorKind> {
    let doc: V2Report = serde_json::from_str(text).map_err(|e| json_error(TOOL, e))?;
    if doc.summary_details.is_none() {
        if let Some(controls) = doc.control_reports.as_deref() {
            return Ok(framework_report(std::iter::once(controls)));
        }
    }
    parse_resource_results(doc)
}

fn parse_resource_results(doc: V2Report) -> Result<Report, ParseErrorKind> {
    let Some(summary) = doc.summary_details else {
        return Err(ParseErrorKind::wrong_shape(
            TOOL,
            "no `summaryDetails` (resource results) nor `controlReports` (a framework report) \
             in the report object",
        ));
    };
    let controls = summary.controls.unwrap_or_default();
    let resources: HashMap<&str, &V2Resource> = doc
        .resources
        .as_deref()
        .unwrap_or(&[])
        .iter()
        .map(|r| (r.resource_id.as_str(), r))
        .collect();
    let mut findings = Vec::new();
    for result in doc.results.as_deref().unwrap_or(&[]) {
        let resource = resources.get(result.resource_id.as_str());
        let obj = resource.and_then(|r| r.object.as_ref());
        let file = resource
            .and_then(|r| r.source.as_ref())
            .and_then(|s| s.relative_path.clone())
            .filter(|p| !p.is_empty())
            .or_else(|| obj.and_then(KsObject::source_file));
        for c in result.controls.as_deref().unwrap_or(&[]) {
            if !status_word(c.status.as_ref()).eq_ignore_ascii_case("failed") {
                continue;
            }
            let summary = controls.get(&c.control_id);
            let name = c
                .name
                .as_deref()
                .or_else(|| summary.and_then(|s| s.name.as_deref()));
            let score = summary.and_then(|s| s.score_factor);
            let paths = v2_paths(c.rules.as_deref().unwrap_or(&[]));
            let mut f = finding_for(&c.control_id, name, score, obj, file.clone(), &paths);
            if obj.is_none() {
                // A result without its resource entry: the resource id still names the object
                // (`path=.../api=apps/v1/<namespace>/<Kind>/<name>`).
                f.object = object_from_resource_id(&result.resource_id);
                f.check_id = f.object.name.as_deref().and_then(crate::checkid::from_name);
            }
            findings.push(f);
        }
    }
    let version = doc
        .metadata
        .and_then(|m| m.scan_metadata)
        .and_then(|s| s.kubescape_version)
        .map(|v| v.trim().trim_start_matches('v').to_string())
        .filter(|v| !v.is_empty());
    Ok(Report {
        tool: TOOL.to_string(),
        tool_version: version,
        findings,
    })
}

/// `path=123/api=apps/v1/ns/Deployment/name` or `apps/v1/ns/Deployment/name`: the last three
/// segments are namespace, kind and name.
fn object_from_resource_id(id: &str) -> ObjectRef {
    let segs: Vec<&str> = id.split('/').collect();
    let n = segs.len();
    if n < 3 {
        return ObjectRef::default();
    }
    let s = |x: &str| (!x.is_empty()).then(|| x.to_string());
    ObjectRef {
        namespace: s(segs[n - 3]),
        kind: s(segs[n - 2]),
        name: s(segs[n - 1]),
    }
}

// ---------------------------------------------------------------------------------------------
// Framework reports (format version v1; kubescape 1.x and early 2.0.x).

#[derive(Deserialize)]
struct V1Framework {
    #[serde(rename = "controlReports")]
    control_reports: Option<Vec<V1Control>>,
}

#[derive(Deserialize)]
struct V1Control {
    #[serde(rename = "controlID", default)]
    control_id: Option<String>,
    #[serde(default)]
    id: Option<String>,
    #[serde(default)]
    name: Option<String>,
    #[serde(rename = "baseScore", default)]
    base_score: Option<f64>,
    #[serde(rename = "ruleReports", default)]
    rule_reports: Option<Vec<V1RuleReport>>,
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct V1RuleReport {
    #[serde(rename = "ruleResponses")]
    rule_responses: Option<Vec<V1RuleResponse>>,
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct V1RuleResponse {
    #[serde(rename = "ruleStatus")]
    rule_status: Option<String>,
    #[serde(rename = "failedPaths")]
    failed_paths: Option<Vec<String>>,
    #[serde(rename = "fixPaths")]
    fix_paths: Option<Vec<V1FixPath>>,
    #[serde(rename = "alertObject")]
    alert_object: Option<V1AlertObject>,
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct V1FixPath {
    path: Option<String>,
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct V1AlertObject {
    #[serde(rename = "k8sApiObjects")]
    k8s_api_objects: Option<Vec<KsObject>>,
}

fn parse_framework_list(text: &str) -> Result<Report, ParseErrorKind> {
    let frameworks: Vec<V1Framework> =
        serde_json::from_str(text).map_err(|e| json_error(TOOL, e))?;
    if frameworks.is_empty() || frameworks.iter().all(|f| f.control_reports.is_none()) {
        return Err(ParseErrorKind::wrong_shape(
            TOOL,
            "a JSON array, but no entry has `controlReports` (kubescape framework reports)",
        ));
    }
    Ok(framework_report(
        frameworks
            .iter()
            .map(|f| f.control_reports.as_deref().unwrap_or(&[])),
    ))
}

/// Findings of one or more framework reports, each given as its control reports.
fn framework_report<'a>(frameworks: impl Iterator<Item = &'a [V1Control]>) -> Report {
    let mut findings = Vec::new();
    // The same control is reported once per framework that contains it.
    let mut seen: HashSet<(String, ObjectRef, Option<String>)> = HashSet::new();
    for c in frameworks.flatten() {
        let Some(control_id) = c
            .control_id
            .as_deref()
            .or(c.id.as_deref())
            .filter(|s| !s.is_empty())
        else {
            continue;
        };
        let responses = c
            .rule_reports
            .as_deref()
            .unwrap_or(&[])
            .iter()
            .flat_map(|r| r.rule_responses.as_deref().unwrap_or(&[]));
        for r in responses {
            // Older reports leave the status out on failures; `warning` marks an exception.
            let status = r.rule_status.as_deref().unwrap_or("failed");
            if !(status.is_empty() || status.eq_ignore_ascii_case("failed")) {
                continue;
            }
            let objects = r
                .alert_object
                .as_ref()
                .and_then(|a| a.k8s_api_objects.as_deref())
                .unwrap_or(&[]);
            let mut paths: Vec<String> = r
                .failed_paths
                .as_deref()
                .unwrap_or(&[])
                .iter()
                .filter(|p| !p.is_empty())
                .map(|p| map_keys_as_fields(p))
                .collect();
            if paths.is_empty() {
                paths = r
                    .fix_paths
                    .as_deref()
                    .unwrap_or(&[])
                    .iter()
                    .filter_map(|p| p.path.as_deref())
                    .filter(|p| !p.is_empty())
                    .map(map_keys_as_fields)
                    .collect();
            }
            // The first object is the one the control is about; the others (a subject's
            // bindings and roles) only help to find the check id.
            let obj = objects.first();
            let mut f = finding_for(
                control_id,
                c.name.as_deref(),
                c.base_score,
                obj,
                obj.and_then(KsObject::source_file),
                &paths,
            );
            if f.check_id.is_none() {
                f.check_id = objects.iter().find_map(KsObject::check_id);
            }
            if seen.insert((control_id.to_string(), f.object.clone(), f.path.clone())) {
                findings.push(f);
            }
        }
    }
    Report {
        tool: TOOL.to_string(),
        tool_version: None,
        findings,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn map_keys() {
        assert_eq!(
            map_keys_as_fields("data[aws_access_key_id]"),
            "data.aws_access_key_id"
        );
        assert_eq!(
            map_keys_as_fields("spec.template.spec.containers[0].env[1].name"),
            "spec.template.spec.containers[0].env[1].name"
        );
    }

    #[test]
    fn doc_index() {
        assert_eq!(strip_doc_index("manifests/a.yaml:10"), "manifests/a.yaml");
        assert_eq!(strip_doc_index("C:/a.yaml"), "C:/a.yaml");
    }

    #[test]
    fn resource_ids() {
        let o = object_from_resource_id("path=1/api=apps/v1/kalm/Deployment/pod-001");
        assert_eq!(o.kind.as_deref(), Some("Deployment"));
        assert_eq!(o.namespace.as_deref(), Some("kalm"));
        assert_eq!(o.name.as_deref(), Some("pod-001"));
    }
}

//! Polaris (Fairwinds): `polaris audit --audit-path DIR --format json`.
//!
//! The audit lists every object with its check results at three levels: the object
//! (`Results`), its pod spec (`PodResult.Results`) and each container
//! (`PodResult.ContainerResults[].Results`). Passed checks are listed too (`Success: true`);
//! only failed ones are findings. Polaris names no field path and no file: the rule table
//! supplies the paths, the object name the check id.

use super::util::{first_significant_byte, json_error};
use std::collections::BTreeMap;
use std::sync::OnceLock;

use serde::Deserialize;

use crate::parser::version_from_file_name;
use crate::{Finding, ObjectRef, ParseErrorKind, Parser, Report, RuleTable, Severity};

const TOOL: &str = "polaris";

pub struct Polaris;

impl Parser for Polaris {
    fn name(&self) -> &'static str {
        TOOL
    }

    fn rules(&self) -> &RuleTable {
        static RULES: OnceLock<RuleTable> = OnceLock::new();
        RULES.get_or_init(|| RuleTable::from_csv(TOOL, include_str!("../../rules/polaris.csv")))
    }

    fn parse(&self, input: &[u8], file_name: &str) -> Result<Report, ParseErrorKind> {
        let text = crate::error::text(input)?;
        if first_significant_byte(text.as_bytes()) != Some(b'{') {
            return Err(ParseErrorKind::wrong_shape(
                TOOL,
                "expected a JSON object (polaris audit)",
            ));
        }
        let doc: Audit = serde_json::from_str(text).map_err(|e| json_error(TOOL, e))?;
        if doc.output_version.is_none() && doc.audit_time.is_none() {
            return Err(ParseErrorKind::wrong_shape(
                TOOL,
                "no `PolarisOutputVersion` or `AuditTime` in the report object",
            ));
        }
        let rules = self.rules();
        let mut findings = Vec::new();
        for res in doc.results.unwrap_or_default() {
            let object = ObjectRef {
                kind: non_empty(res.kind),
                namespace: non_empty(res.namespace),
                name: non_empty(res.name),
            };
            let mut push = |checks: Option<BTreeMap<String, Check>>, container: Option<&str>| {
                for (key, c) in checks.unwrap_or_default() {
                    if c.success.unwrap_or(true) {
                        continue;
                    }
                    let id = c.id.filter(|s| !s.is_empty()).unwrap_or(key);
                    let mut f = Finding::new(TOOL, id);
                    // The message says what was found; the title is the check's name.
                    f.rule_title = rules.get(&f.rule_id).map(|r| r.title.clone());
                    f.severity = c
                        .severity
                        .as_deref()
                        .map(Severity::from_raw)
                        .unwrap_or(Severity::Info);
                    f.raw_severity = c.severity;
                    f.object = object.clone();
                    f.message = match (container, c.message) {
                        (Some(name), Some(m)) => Some(format!("container {name}: {m}")),
                        (Some(name), None) => Some(format!("container {name}")),
                        (None, m) => m,
                    };
                    findings.push(f);
                }
            };
            push(res.results, None);
            if let Some(pod) = res.pod_result {
                push(pod.results, None);
                for c in pod.container_results.unwrap_or_default() {
                    push(c.results, c.name.as_deref());
                }
            }
        }
        let report = Report {
            tool: TOOL.to_string(),
            // The audit names its own format version, not the polaris release.
            tool_version: version_from_file_name(file_name),
            findings,
        };
        Ok(report.finish(self.rules()))
    }

    fn detect(&self, input: &[u8]) -> bool {
        let head = &input[..input.len().min(64 * 1024)];
        first_significant_byte(head) == Some(b'{') && contains(head, b"\"PolarisOutputVersion\"")
    }
}

fn contains(hay: &[u8], needle: &[u8]) -> bool {
    hay.windows(needle.len()).any(|w| w == needle)
}

fn non_empty(s: Option<String>) -> Option<String> {
    s.filter(|s| !s.is_empty())
}

#[derive(Deserialize)]
struct Audit {
    #[serde(rename = "PolarisOutputVersion", default)]
    output_version: Option<String>,
    #[serde(rename = "AuditTime", default)]
    audit_time: Option<String>,
    #[serde(rename = "Results", default)]
    results: Option<Vec<ObjectResult>>,
}

#[derive(Deserialize)]
struct ObjectResult {
    #[serde(rename = "Name", default)]
    name: Option<String>,
    #[serde(rename = "Namespace", default)]
    namespace: Option<String>,
    #[serde(rename = "Kind", default)]
    kind: Option<String>,
    #[serde(rename = "Results", default)]
    results: Option<BTreeMap<String, Check>>,
    #[serde(rename = "PodResult", default)]
    pod_result: Option<PodResult>,
}

#[derive(Deserialize)]
struct PodResult {
    #[serde(rename = "Results", default)]
    results: Option<BTreeMap<String, Check>>,
    #[serde(rename = "ContainerResults", default)]
    container_results: Option<Vec<ContainerResult>>,
}

#[derive(Deserialize)]
struct ContainerResult {
    #[serde(rename = "Name", default)]
    name: Option<String>,
    #[serde(rename = "Results", default)]
    results: Option<BTreeMap<String, Check>>,
}

#[derive(Deserialize)]
struct Check {
    #[serde(rename = "ID", default)]
    id: Option<String>,
    #[serde(rename = "Message", default)]
    message: Option<String>,
    #[serde(rename = "Success", default)]
    success: Option<bool>,
    #[serde(rename = "Severity", default)]
    severity: Option<String>,
}

//! Snyk IaC: `snyk iac test DIR --json`.
//!
//! A folder gives a JSON array with one entry per file (a single file gives the entry alone):
//! `targetFile` and `infrastructureAsCodeIssues[]` with the rule id (`SNYK-CC-K8S-1`), title,
//! severity, the object kind (`subType`), the line and the field as a path array
//! (`["[DocId: 1]", "spec", "template", "spec", "containers[app]", "securityContext",
//! "privileged"]`). Snyk names no object; the check id comes from the file name.
//! Snyk needs an account: `snyk auth` or `SNYK_TOKEN`, and network access.

use super::util::{first_significant_byte, json_error};
use std::sync::OnceLock;

use serde::Deserialize;

use crate::parser::version_from_file_name;
use crate::{Finding, ObjectRef, ParseErrorKind, Parser, Report, RuleTable, Severity};

const TOOL: &str = "snyk";

pub struct Snyk;

impl Parser for Snyk {
    fn name(&self) -> &'static str {
        TOOL
    }

    fn rules(&self) -> &RuleTable {
        static RULES: OnceLock<RuleTable> = OnceLock::new();
        RULES.get_or_init(|| RuleTable::from_csv(TOOL, include_str!("../../rules/snyk.csv")))
    }

    fn parse(&self, input: &[u8], file_name: &str) -> Result<Report, ParseErrorKind> {
        let text = crate::error::text(input)?;
        let entries: Vec<FileResult> = match first_significant_byte(text.as_bytes()) {
            Some(b'[') => serde_json::from_str(text).map_err(|e| json_error(TOOL, e))?,
            Some(b'{') => vec![serde_json::from_str(text).map_err(|e| json_error(TOOL, e))?],
            _ => {
                return Err(ParseErrorKind::wrong_shape(
                    TOOL,
                    "expected a JSON array or object (snyk iac test --json)",
                ))
            }
        };
        if !entries.iter().any(|e| e.issues.is_some()) {
            let reason = match entries.iter().find_map(|e| e.error.as_deref()) {
                Some(err) => format!("snyk reported an error instead of results: {err}"),
                None => "no entry has `infrastructureAsCodeIssues`".to_string(),
            };
            return Err(ParseErrorKind::wrong_shape(TOOL, reason));
        }
        let mut findings = Vec::new();
        for entry in entries {
            let file = entry.target_file.filter(|s| !s.is_empty());
            for issue in entry.issues.unwrap_or_default() {
                if issue.is_ignored == Some(true) {
                    continue;
                }
                let Some(id) = issue.id.or(issue.public_id).filter(|s| !s.is_empty()) else {
                    continue;
                };
                let mut f = Finding::new(TOOL, id);
                f.rule_title = issue.title;
                f.severity = issue
                    .severity
                    .as_deref()
                    .map(Severity::from_raw)
                    .unwrap_or(Severity::Info);
                f.raw_severity = issue.severity;
                f.object = ObjectRef {
                    kind: issue.sub_type.filter(|s| !s.is_empty()),
                    ..ObjectRef::default()
                };
                f.file = file.clone();
                f.line = issue
                    .line_number
                    .filter(|&l| l > 0)
                    .and_then(|l| u32::try_from(l).ok());
                f.path = issue
                    .path
                    .as_deref()
                    .and_then(path_from_elements)
                    .or_else(|| {
                        issue
                            .msg
                            .as_deref()
                            .map(strip_input)
                            .filter(|s| !s.is_empty())
                    });
                f.message = issue
                    .issue
                    .or_else(|| issue.iac_description.and_then(|d| d.issue));
                findings.push(f);
            }
        }
        let report = Report {
            tool: TOOL.to_string(),
            // The report carries no snyk version.
            tool_version: version_from_file_name(file_name),
            findings,
        };
        Ok(report.finish(self.rules()))
    }

    fn detect(&self, input: &[u8]) -> bool {
        let head = &input[..input.len().min(64 * 1024)];
        matches!(first_significant_byte(head), Some(b'[') | Some(b'{'))
            && contains(head, b"\"infrastructureAsCodeIssues\"")
    }
}

/// `["[DocId: 1]", "input", "spec", "containers[app]", "image"]` -> `spec.containers[app].image`:
/// the document index and the `input` root of snyk's rule engine are not manifest fields.
fn path_from_elements(elems: &[String]) -> Option<String> {
    let parts: Vec<&str> = elems
        .iter()
        .map(String::as_str)
        .filter(|e| !e.starts_with("[DocId"))
        .collect();
    let parts = match parts.first() {
        Some(&"input") => &parts[1..],
        _ => &parts[..],
    };
    (!parts.is_empty()).then(|| parts.join("."))
}

fn strip_input(msg: &str) -> String {
    msg.strip_prefix("input.").unwrap_or(msg).to_string()
}

fn contains(hay: &[u8], needle: &[u8]) -> bool {
    hay.windows(needle.len()).any(|w| w == needle)
}

#[derive(Deserialize)]
struct FileResult {
    #[serde(rename = "targetFile", default)]
    target_file: Option<String>,
    #[serde(rename = "infrastructureAsCodeIssues", default)]
    issues: Option<Vec<Issue>>,
    /// Set instead of results when snyk could not test (no files, no auth, no network).
    #[serde(default)]
    error: Option<String>,
}

#[derive(Deserialize)]
struct Issue {
    #[serde(default)]
    id: Option<String>,
    #[serde(rename = "publicId", default)]
    public_id: Option<String>,
    #[serde(default)]
    title: Option<String>,
    #[serde(default)]
    severity: Option<String>,
    #[serde(rename = "subType", default)]
    sub_type: Option<String>,
    #[serde(rename = "isIgnored", default)]
    is_ignored: Option<bool>,
    #[serde(rename = "lineNumber", default)]
    line_number: Option<i64>,
    #[serde(default)]
    path: Option<Vec<String>>,
    #[serde(default)]
    msg: Option<String>,
    #[serde(default)]
    issue: Option<String>,
    #[serde(rename = "iacDescription", default)]
    iac_description: Option<IacDescription>,
}

#[derive(Deserialize)]
struct IacDescription {
    #[serde(default)]
    issue: Option<String>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths() {
        let v = |xs: &[&str]| xs.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        assert_eq!(
            path_from_elements(&v(&[
                "[DocId: 1]",
                "input",
                "spec",
                "template",
                "spec",
                "hostIPC"
            ]))
            .as_deref(),
            Some("spec.template.spec.hostIPC")
        );
        assert_eq!(
            path_from_elements(&v(&["[DocId: 0]", "rules[0]", "resources"])).as_deref(),
            Some("rules[0].resources")
        );
        assert_eq!(path_from_elements(&v(&["[DocId: 0]"])), None);
    }
}

//! kubeaudit (Shopify), `kubeaudit all --format json`: one JSON object per line (logrus'
//! JSON formatter), one line per audit result:
//!
//! ```text
//! {"AuditResultName":"PrivilegedTrue","Container":"app","ResourceApiVersion":"apps/v1",
//!  "ResourceKind":"Deployment","ResourceName":"pod-032-2-x","ResourceNamespace":"ns",
//!  "level":"error","msg":"privileged is set to 'true' ...","time":"..."}
//! ```
//!
//! The rule id is `AuditResultName`. Results silenced by an override label carry the name with
//! `Allowed` appended and level `info`; they are kept as printed (and are unmapped), because the
//! tool did see the issue. The severity is logrus' level (`error`, `warning`, `info`). Lines
//! without `AuditResultName` are log lines, not results, and are skipped.
//!
//! The same objects stored as one JSON array are accepted too: that is how KALM's tooling keeps a
//! kubeaudit run (each printed line parsed, the list saved with `json.dump`). The fields are
//! the same in 0.19 and 0.22 (0.19's seccomp auditor names its results differently, which the
//! rule table lists).
//!
//! kubeaudit audits one manifest file per run (`-f FILE`, multi-document YAML allowed) and has
//! no folder mode, so the harness joins a suite into one file first. Its output carries no tool version: the version
//! comes from KALM's file naming when present.

use std::sync::OnceLock;

use serde::Deserialize;

use super::util::{first_byte, head, json_error, non_empty};
use crate::parser::version_from_file_name;
use crate::{Finding, ObjectRef, ParseErrorKind, Parser, Report, RuleTable, Severity};

pub struct Kubeaudit;

const NAME: &str = "kubeaudit";

#[derive(Deserialize)]
struct Line {
    #[serde(rename = "AuditResultName", default)]
    audit_result_name: Option<String>,
    #[serde(default)]
    level: Option<String>,
    #[serde(default)]
    msg: Option<String>,
    #[serde(rename = "Container", default)]
    container: Option<String>,
    #[serde(rename = "ResourceKind", default)]
    resource_kind: Option<String>,
    #[serde(rename = "ResourceName", default)]
    resource_name: Option<String>,
    #[serde(rename = "ResourceNamespace", default)]
    resource_namespace: Option<String>,
}

fn rules() -> &'static RuleTable {
    static TABLE: OnceLock<RuleTable> = OnceLock::new();
    TABLE.get_or_init(|| RuleTable::from_csv(NAME, include_str!("../../rules/kubeaudit.csv")))
}

/// One result as a finding; None for a log line (no `AuditResultName`).
fn finding(parsed: Line) -> Option<Finding> {
    let rule = non_empty(parsed.audit_result_name)?;
    let raw_severity = non_empty(parsed.level);
    let container = non_empty(parsed.container);
    let message = match (non_empty(parsed.msg), &container) {
        (Some(m), Some(c)) => Some(format!("{} (container {c})", m.trim_end())),
        (Some(m), None) => Some(m.trim_end().to_string()),
        (None, Some(c)) => Some(format!("container {c}")),
        (None, None) => None,
    };
    Some(Finding {
        severity: raw_severity
            .as_deref()
            .map(Severity::from_raw)
            .unwrap_or(Severity::Info),
        raw_severity,
        object: ObjectRef {
            kind: non_empty(parsed.resource_kind),
            namespace: non_empty(parsed.resource_namespace),
            name: non_empty(parsed.resource_name),
        },
        message,
        ..Finding::new(NAME, rule)
    })
}

/// kubeaudit's own output: one JSON object per line.
fn parse_lines(text: &str) -> Result<Vec<Line>, ParseErrorKind> {
    let mut lines = Vec::new();
    for (i, raw) in text.lines().enumerate() {
        let line = raw.trim();
        if line.is_empty() {
            continue;
        }
        if !line.starts_with('{') {
            return Err(ParseErrorKind::wrong_shape(
                NAME,
                format!(
                    "line {} is not a JSON object (kubeaudit --format json prints one per line)",
                    i + 1
                ),
            ));
        }
        let parsed: Line = serde_json::from_str(line).map_err(|e| {
            if e.is_data() {
                ParseErrorKind::wrong_shape(NAME, format!("line {}: {e}", i + 1))
            } else {
                ParseErrorKind::Json {
                    line: i + 1,
                    column: e.column(),
                    message: e.to_string(),
                }
            }
        })?;
        lines.push(parsed);
    }
    Ok(lines)
}

/// KALM's storage of a run: the printed lines parsed one by one and saved as one JSON array
/// (`json.dump` of the list), log lines included.
fn parse_array(text: &str) -> Result<Vec<Line>, ParseErrorKind> {
    let lines: Vec<Line> = serde_json::from_str(text).map_err(|e| json_error(NAME, e))?;
    if lines.is_empty() {
        return Err(ParseErrorKind::wrong_shape(
            NAME,
            "an empty list: no kubeaudit result",
        ));
    }
    Ok(lines)
}

fn report(lines: Vec<Line>, file_name: &str) -> Result<Report, ParseErrorKind> {
    let objects = lines.len();
    let findings: Vec<Finding> = lines.into_iter().filter_map(finding).collect();
    if objects > 0 && findings.is_empty() {
        return Err(ParseErrorKind::wrong_shape(
            NAME,
            "JSON objects, but none has an AuditResultName",
        ));
    }
    let table = rules();
    let mut report = Report {
        tool: NAME.to_string(),
        tool_version: version_from_file_name(file_name),
        findings,
    }
    .finish(table);
    for f in &mut report.findings {
        if f.rule_title.is_none() {
            f.rule_title = table.get(&f.rule_id).map(|r| r.title.clone());
        }
    }
    Ok(report)
}

impl Parser for Kubeaudit {
    fn name(&self) -> &'static str {
        NAME
    }

    fn rules(&self) -> &RuleTable {
        rules()
    }

    fn parse(&self, input: &[u8], file_name: &str) -> Result<Report, ParseErrorKind> {
        let text = crate::error::text(input)?;
        let lines = match first_byte(text) {
            Some(b'[') => parse_array(text)?,
            _ => parse_lines(text)?,
        };
        report(lines, file_name)
    }

    fn detect(&self, input: &[u8]) -> bool {
        let head = head(input, 65536);
        if first_byte(head) == Some(b'[') {
            // KALM's array: objects, the first result carrying kubeaudit's result key.
            let rest = head.trim_start()[1..].trim_start();
            return rest.starts_with('{') && rest.contains("\"AuditResultName\"");
        }
        // A complete first line that is one JSON object with kubeaudit's result key.
        let mut lines = head.lines().map(str::trim).filter(|l| !l.is_empty());
        let Some(first) = lines.next() else {
            return false;
        };
        first.starts_with('{')
            && first.ends_with('}')
            && first.contains("\"AuditResultName\"")
            && serde_json::from_str::<serde::de::IgnoredAny>(first).is_ok()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn log_lines_are_skipped_and_bad_lines_named() {
        let ok = "{\"level\":\"info\",\"msg\":\"starting\"}\n{\"AuditResultName\":\"PrivilegedTrue\",\"level\":\"error\",\"msg\":\"m\",\"ResourceName\":\"pod-032-2-x\",\"ResourceKind\":\"Deployment\"}\n";
        let r = Kubeaudit.parse(ok.as_bytes(), "k.json").unwrap();
        assert_eq!(r.findings.len(), 1);
        assert_eq!(r.findings[0].check_id.as_deref(), Some("POD-032-2"));
        assert_eq!(r.findings[0].severity, Severity::High);
        let bad = "{\"AuditResultName\":\"PrivilegedTrue\",\"level\":\"error\"}\n{\"AuditResultName\":\"Privi";
        match Kubeaudit.parse(bad.as_bytes(), "k.json") {
            Err(ParseErrorKind::Json { line, .. }) => assert_eq!(line, 2),
            other => panic!("expected a JSON error on line 2, got {other:?}"),
        }
    }
}

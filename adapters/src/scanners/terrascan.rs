//! Terrascan (Tenable): `terrascan scan -i k8s -d DIR -o json`.
//!
//! The report is `{"results": {"violations": [...], "scan_summary": {...}, ...}}`: one entry
//! per violated rule and resource, with the rule id (`AC_K8S_0087`), the resource name and
//! its terraform-style type (`kubernetes_deployment`), the file and the line. Terrascan names no
//! namespace and no field path; the rule table supplies the paths.

use super::util::{first_significant_byte, json_error};
use std::sync::OnceLock;

use serde::Deserialize;

use crate::parser::version_from_file_name;
use crate::{Finding, ObjectRef, ParseErrorKind, Parser, Report, RuleTable, Severity};

const TOOL: &str = "terrascan";

pub struct Terrascan;

impl Parser for Terrascan {
    fn name(&self) -> &'static str {
        TOOL
    }

    fn rules(&self) -> &RuleTable {
        static RULES: OnceLock<RuleTable> = OnceLock::new();
        RULES.get_or_init(|| RuleTable::from_csv(TOOL, include_str!("../../rules/terrascan.csv")))
    }

    fn parse(&self, input: &[u8], file_name: &str) -> Result<Report, ParseErrorKind> {
        let text = crate::error::text(input)?;
        if first_significant_byte(text.as_bytes()) != Some(b'{') {
            return Err(ParseErrorKind::wrong_shape(
                TOOL,
                "expected a JSON object (terrascan report)",
            ));
        }
        let doc: TerrascanReport = serde_json::from_str(text).map_err(|e| json_error(TOOL, e))?;
        let Some(results) = doc.results else {
            return Err(ParseErrorKind::wrong_shape(TOOL, "no `results` object"));
        };
        if results.scan_summary.is_none() && results.violations.is_none() {
            return Err(ParseErrorKind::wrong_shape(
                TOOL,
                "`results` has neither `violations` nor `scan_summary`",
            ));
        }
        let mut findings = Vec::new();
        for v in results.violations.unwrap_or_default() {
            let Some(id) = v.rule_id.filter(|s| !s.is_empty()) else {
                continue;
            };
            let mut f = Finding::new(TOOL, id);
            f.rule_title = v.description.clone().or(v.rule_name.clone());
            f.severity = v
                .severity
                .as_deref()
                .map(Severity::from_raw)
                .unwrap_or(Severity::Info);
            f.raw_severity = v.severity;
            f.object = ObjectRef {
                kind: v.resource_type.as_deref().map(kind_from_resource_type),
                namespace: None,
                name: v.resource_name.filter(|s| !s.is_empty()),
            };
            f.file = v.file.filter(|s| !s.is_empty());
            f.line = v
                .line
                .and_then(|l| u32::try_from(l).ok())
                .filter(|&l| l > 0);
            f.message = match (v.rule_name, v.description) {
                (Some(n), Some(d)) => Some(format!("{n}: {d}")),
                (n, d) => d.or(n),
            };
            findings.push(f);
        }
        let report = Report {
            tool: TOOL.to_string(),
            // The report carries no terrascan version.
            tool_version: version_from_file_name(file_name),
            findings,
        };
        Ok(report.finish(self.rules()))
    }

    fn detect(&self, input: &[u8]) -> bool {
        let head = &input[..input.len().min(64 * 1024)];
        first_significant_byte(head) == Some(b'{')
            && contains(head, b"\"results\"")
            && [
                &b"\"scan_errors\""[..],
                b"\"passed_rules\"",
                b"\"violations\"",
                b"\"scan_summary\"",
            ]
            .iter()
            .any(|k| contains(head, k))
    }
}

/// `kubernetes_cluster_role_binding` -> `ClusterRoleBinding`.
fn kind_from_resource_type(t: &str) -> String {
    t.strip_prefix("kubernetes_")
        .unwrap_or(t)
        .split('_')
        .map(|w| {
            let mut c = w.chars();
            match c.next() {
                Some(first) => first.to_ascii_uppercase().to_string() + c.as_str(),
                None => String::new(),
            }
        })
        .collect()
}

fn contains(hay: &[u8], needle: &[u8]) -> bool {
    hay.windows(needle.len()).any(|w| w == needle)
}

#[derive(Deserialize)]
struct TerrascanReport {
    #[serde(default)]
    results: Option<TerrascanResults>,
}

#[derive(Deserialize)]
struct TerrascanResults {
    #[serde(default)]
    violations: Option<Vec<Violation>>,
    #[serde(default)]
    scan_summary: Option<serde::de::IgnoredAny>,
}

#[derive(Deserialize)]
struct Violation {
    #[serde(default)]
    rule_name: Option<String>,
    #[serde(default)]
    description: Option<String>,
    #[serde(default)]
    rule_id: Option<String>,
    #[serde(default)]
    severity: Option<String>,
    #[serde(default)]
    resource_name: Option<String>,
    #[serde(default)]
    resource_type: Option<String>,
    #[serde(default)]
    file: Option<String>,
    #[serde(default)]
    line: Option<i64>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds() {
        assert_eq!(
            kind_from_resource_type("kubernetes_deployment"),
            "Deployment"
        );
        assert_eq!(
            kind_from_resource_type("kubernetes_service_account"),
            "ServiceAccount"
        );
        assert_eq!(
            kind_from_resource_type("kubernetes_cluster_role_binding"),
            "ClusterRoleBinding"
        );
    }
}

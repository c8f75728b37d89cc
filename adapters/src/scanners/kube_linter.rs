//! kube-linter (StackRox), `lint --format json` output.
//!
//! One finding per entry of `Reports`. kube-linter has no severities (every report is a lint
//! error), so findings get [`Severity::Medium`] with `raw_severity` empty, the same choice as
//! for checkov's null severities.

use std::sync::OnceLock;

use serde::Deserialize;

use super::util::{first_byte, head, json_error, non_empty, version_token};
use crate::parser::version_from_file_name;
use crate::{Finding, ObjectRef, ParseErrorKind, Parser, Report, RuleTable, Severity};

pub struct KubeLinter;

const NAME: &str = "kube-linter";

#[derive(Deserialize, Default)]
#[serde(default)]
#[allow(non_snake_case)]
struct Output {
    Checks: Option<Vec<serde::de::IgnoredAny>>,
    Reports: Option<Vec<LintReport>>,
    Summary: Option<Summary>,
}

#[derive(Deserialize, Default)]
#[serde(default)]
#[allow(non_snake_case)]
struct Summary {
    KubeLinterVersion: Option<String>,
}

#[derive(Deserialize, Default)]
#[serde(default)]
#[allow(non_snake_case)]
struct LintReport {
    Diagnostic: Diagnostic,
    Check: String,
    Object: LintObject,
}

#[derive(Deserialize, Default)]
#[serde(default)]
#[allow(non_snake_case)]
struct Diagnostic {
    Message: Option<String>,
}

#[derive(Deserialize, Default)]
#[serde(default)]
#[allow(non_snake_case)]
struct LintObject {
    Metadata: Metadata,
    K8sObject: K8sObject,
}

#[derive(Deserialize, Default)]
#[serde(default)]
#[allow(non_snake_case)]
struct Metadata {
    FilePath: Option<String>,
}

#[derive(Deserialize, Default)]
#[serde(default)]
#[allow(non_snake_case)]
struct K8sObject {
    Namespace: Option<String>,
    Name: Option<String>,
    GroupVersionKind: Gvk,
}

#[derive(Deserialize, Default)]
#[serde(default)]
#[allow(non_snake_case)]
struct Gvk {
    Kind: Option<String>,
}

fn finding(r: LintReport) -> Finding {
    let mut f = Finding::new(NAME, r.Check);
    f.severity = Severity::Medium;
    let o = r.Object.K8sObject;
    f.object = ObjectRef {
        kind: non_empty(o.GroupVersionKind.Kind),
        namespace: non_empty(o.Namespace),
        name: non_empty(o.Name),
    };
    f.file = non_empty(r.Object.Metadata.FilePath);
    f.message = r.Diagnostic.Message.map(|m| m.trim().to_string());
    f
}

impl Parser for KubeLinter {
    fn name(&self) -> &'static str {
        NAME
    }

    fn rules(&self) -> &RuleTable {
        static RULES: OnceLock<RuleTable> = OnceLock::new();
        RULES.get_or_init(|| RuleTable::from_csv(NAME, include_str!("../../rules/kube-linter.csv")))
    }

    fn parse(&self, input: &[u8], file_name: &str) -> Result<Report, ParseErrorKind> {
        let text = crate::error::text(input)?;
        if first_byte(text) != Some(b'{') {
            return Err(ParseErrorKind::wrong_shape(NAME, "expected a JSON object"));
        }
        let out: Output = serde_json::from_str(text).map_err(|e| json_error(NAME, e))?;
        if out.Reports.is_none() && out.Checks.is_none() && out.Summary.is_none() {
            return Err(ParseErrorKind::wrong_shape(
                NAME,
                "no `Reports`, `Checks` or `Summary` key",
            ));
        }
        let version = out
            .Summary
            .and_then(|s| s.KubeLinterVersion)
            .and_then(|v| version_token(&v))
            .or_else(|| version_from_file_name(file_name));
        let findings = out
            .Reports
            .unwrap_or_default()
            .into_iter()
            .map(finding)
            .collect();
        let report = Report {
            tool: NAME.to_string(),
            tool_version: version,
            findings,
        };
        Ok(report.finish(self.rules()))
    }

    /// The check list comes first and can be long, so the summary at the end is looked at too.
    fn detect(&self, input: &[u8]) -> bool {
        let h = head(input, 4096);
        if first_byte(h) != Some(b'{') {
            return false;
        }
        if h.contains("\"Reports\"") && (h.contains("\"Diagnostic\"") || h.contains("\"Checks\"")) {
            return true;
        }
        let tail_start = input.len().saturating_sub(1024);
        let tail = String::from_utf8_lossy(&input[tail_start..]);
        h.contains("\"Checks\"") && tail.contains("\"KubeLinterVersion\"")
    }
}

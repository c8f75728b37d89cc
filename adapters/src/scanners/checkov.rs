//! checkov (Bridgecrew/Prisma Cloud), Kubernetes framework, JSON output.
//!
//! checkov prints one report object when one framework ran and a list of report objects (one per
//! framework, e.g. `kubernetes` and `secrets`) when several did; with nothing to scan it prints
//! only a summary object. All three shapes are accepted. Only `results.failed_checks` become
//! findings: passed and skipped checks are not alerts.
//!
//! Open-source checkov prints `"severity": null` (severities come from the paid platform), so
//! such findings get [`Severity::Medium`] with `raw_severity` left empty: the middle of the scale
//! neither buries nor promotes a finding whose weight the tool did not state.

use super::util::{first_byte, head, json_error};
use std::sync::OnceLock;

use serde::Deserialize;

use crate::parser::version_from_file_name;
use crate::{Finding, ObjectRef, ParseErrorKind, Parser, Report, RuleTable, Severity};

pub struct Checkov;

const NAME: &str = "checkov";

#[derive(Deserialize, Default)]
#[serde(default)]
struct FrameworkReport {
    check_type: Option<String>,
    results: Option<Results>,
    summary: Option<Summary>,
    /// Present at the top level of the summary-only shape printed when nothing was scanned.
    checkov_version: Option<String>,
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct Results {
    failed_checks: Vec<FailedCheck>,
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct Summary {
    checkov_version: Option<String>,
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct FailedCheck {
    check_id: String,
    check_name: Option<String>,
    check_result: Option<CheckResult>,
    file_path: Option<String>,
    file_line_range: Option<Vec<u32>>,
    /// `Kind.namespace.name`; checkov writes `default` when the manifest has no namespace.
    resource: Option<String>,
    severity: Option<String>,
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct CheckResult {
    evaluated_keys: Vec<String>,
}

/// `spec/template/spec/containers/[0]/securityContext/privileged` ->
/// `.spec.containers[].securityContext.privileged`: checkov's slash notation with bracketed
/// indexes is not one [`crate::paths::normalize`] reads, so it is turned into the canonical form
/// here, as the KICS and kubesec adapters do with theirs.
fn evaluated_key_path(key: &str) -> String {
    crate::paths::normalize(&key.trim_matches('/').replace('/', "."))
}

/// `Deployment.kalm-benchmark.pod-032-2-x`: namespaces cannot hold dots, names can, so the
/// first dot ends the kind and the second the namespace. Graph checks (`CKV2_K8S_*`) append the
/// pod labels (`name.app.kubernetes.io/part-of-x.check-POD-032-2`); a name cannot hold a `/`,
/// so when one appears the name is taken up to its first dot.
fn parse_resource(resource: &str) -> ObjectRef {
    let mut parts = resource.splitn(3, '.');
    let kind = parts.next().filter(|s| !s.is_empty()).map(str::to_string);
    let second = parts.next();
    let third = parts.next();
    let (namespace, name) = match (second, third) {
        (Some(ns), Some(name)) => (Some(ns.to_string()), Some(name.to_string())),
        (Some(name), None) => (None, Some(name.to_string())),
        _ => (None, None),
    };
    let name = name.map(|n| match n.contains('/') {
        true => n.split('.').next().unwrap_or(&n).to_string(),
        false => n,
    });
    ObjectRef {
        kind,
        namespace,
        name,
    }
}

fn finding(check: FailedCheck) -> Finding {
    let mut f = Finding::new(NAME, check.check_id);
    f.rule_title = check.check_name.clone();
    match check
        .severity
        .as_deref()
        .map(str::trim)
        .filter(|s| !s.is_empty())
    {
        Some(raw) => {
            f.severity = Severity::from_raw(raw);
            f.raw_severity = Some(raw.to_string());
        }
        None => f.severity = Severity::Medium,
    }
    if let Some(r) = check.resource.as_deref() {
        f.object = parse_resource(r);
    }
    f.file = check.file_path;
    f.line = check.file_line_range.and_then(|r| r.first().copied());
    f.path = check
        .check_result
        // `resource_type` is an attribute of checkov's graph, not a manifest field.
        .and_then(|r| r.evaluated_keys.into_iter().find(|k| k != "resource_type"))
        .map(|k| evaluated_key_path(&k));
    f.message = check.check_name;
    f
}

impl Parser for Checkov {
    fn name(&self) -> &'static str {
        NAME
    }

    fn rules(&self) -> &RuleTable {
        static RULES: OnceLock<RuleTable> = OnceLock::new();
        RULES.get_or_init(|| RuleTable::from_csv(NAME, include_str!("../../rules/checkov.csv")))
    }

    fn parse(&self, input: &[u8], file_name: &str) -> Result<Report, ParseErrorKind> {
        let text = crate::error::text(input)?;
        let reports: Vec<FrameworkReport> = match first_byte(text) {
            Some(b'[') => serde_json::from_str(text).map_err(|e| json_error(NAME, e))?,
            Some(b'{') => vec![serde_json::from_str(text).map_err(|e| json_error(NAME, e))?],
            _ => {
                return Err(ParseErrorKind::wrong_shape(
                    NAME,
                    "expected a JSON object or a list of objects",
                ))
            }
        };
        if reports.is_empty() {
            return Err(ParseErrorKind::wrong_shape(
                NAME,
                "an empty list, no framework report",
            ));
        }
        if let Some(i) = reports
            .iter()
            .position(|r| r.check_type.is_none() && r.checkov_version.is_none())
        {
            return Err(ParseErrorKind::wrong_shape(
                NAME,
                format!(
                    "report {} has neither `check_type` nor `checkov_version`",
                    i + 1
                ),
            ));
        }
        let mut version = None;
        let mut findings = Vec::new();
        for r in reports {
            let v = r
                .summary
                .and_then(|s| s.checkov_version)
                .or(r.checkov_version);
            if version.is_none() {
                version = v;
            }
            if let Some(results) = r.results {
                findings.extend(results.failed_checks.into_iter().map(finding));
            }
        }
        let report = Report {
            tool: NAME.to_string(),
            tool_version: version.or_else(|| version_from_file_name(file_name)),
            findings,
        };
        Ok(report.finish(self.rules()))
    }

    fn detect(&self, input: &[u8]) -> bool {
        let h = head(input, 4096);
        matches!(first_byte(h), Some(b'{') | Some(b'['))
            && (h.contains("\"check_type\"") || h.contains("\"checkov_version\""))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::version_token;

    #[test]
    fn versions() {
        assert_eq!(version_token("3.3.30\n").as_deref(), Some("3.3.30"));
        assert_eq!(
            version_token("Keeping Infrastructure as Code Secure v1.7.12").as_deref(),
            Some("1.7.12")
        );
        assert_eq!(
            version_token("kube-score version: 1.17.0, commit: 1a2b, built: 2023").as_deref(),
            Some("1.17.0")
        );
        assert_eq!(version_token("development"), None);
    }

    #[test]
    fn resources_and_keys() {
        let o = parse_resource("Deployment.kalm-benchmark.pod-021-1-net.ipv4.x");
        assert_eq!(o.kind.as_deref(), Some("Deployment"));
        assert_eq!(o.namespace.as_deref(), Some("kalm-benchmark"));
        assert_eq!(o.name.as_deref(), Some("pod-021-1-net.ipv4.x"));
        assert_eq!(
            evaluated_key_path("spec/template/spec/containers/[0]/securityContext/privileged"),
            ".spec.containers[].securityContext.privileged"
        );
        assert_eq!(
            evaluated_key_path("metadata/namespace"),
            ".metadata.namespace"
        );
    }
}

//! KICS (Checkmarx), JSON report (`results.json` in the `-o` folder).
//!
//! Rules are KICS queries, identified by a UUID (`query_id`); the query name is the title. Each
//! query lists the places it matched in `files[]`, one finding each. KICS names the field in a
//! `search_key` of its own (`metadata.name={{app}}.spec.template.spec.containers.name={{c}}.image`),
//! which [`search_key_path`] turns into a path the rest of the project understands.

use std::sync::OnceLock;

use serde::Deserialize;

use super::util::{first_byte, head, json_error, version_token};
use crate::parser::version_from_file_name;
use crate::{Finding, ObjectRef, ParseErrorKind, Parser, Report, RuleTable, Severity};

pub struct Kics;

const NAME: &str = "kics";

#[derive(Deserialize, Default)]
#[serde(default)]
struct KicsReport {
    kics_version: Option<String>,
    /// KICS before 1.4 wrote no `kics_version` (it came with KICS PR #4097, August 2021); its
    /// reports are known by the query counters every KICS report opens with.
    queries_total: Option<serde::de::IgnoredAny>,
    queries_failed_to_execute: Option<serde::de::IgnoredAny>,
    queries: Option<Vec<Query>>,
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct Query {
    query_name: Option<String>,
    query_id: String,
    severity: Option<String>,
    description: Option<String>,
    files: Vec<QueryFile>,
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct QueryFile {
    file_name: Option<String>,
    line: Option<i64>,
    resource_type: Option<String>,
    resource_name: Option<String>,
    search_key: Option<String>,
    actual_value: Option<String>,
}

/// Splits a search key at dots that are not inside `{{...}}` (names such as
/// `{{net.ipv4.tcp_keepalive_time}}` contain dots).
fn split_key(key: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut depth = 0usize;
    let mut start = 0usize;
    let bytes = key.as_bytes();
    let mut i = 0usize;
    while i < bytes.len() {
        if bytes[i..].starts_with(b"{{") {
            depth += 1;
            i += 2;
            continue;
        }
        if bytes[i..].starts_with(b"}}") && depth > 0 {
            depth -= 1;
            i += 2;
            continue;
        }
        if bytes[i] == b'.' && depth == 0 {
            out.push(&key[start..i]);
            start = i + 1;
        }
        i += 1;
    }
    out.push(&key[start..]);
    out.into_iter().filter(|s| !s.is_empty()).collect()
}

/// Turns a KICS search key into a path in a notation [`crate::paths::normalize`] reads:
/// the leading `metadata.name={{obj}}` only identifies the object and is dropped; an element
/// selector on a list (`containers.name={{app}}`, `subjects.name=default`) becomes `[]`; any other
/// `key=value` keeps the key (`runAsUser=0` -> `runAsUser`, `roleRef.name=cluster-admin` ->
/// `roleRef.name`). Returns None when nothing is left (the key named only the object).
pub(crate) fn search_key_path(key: &str) -> Option<String> {
    let segs = split_key(key.trim());
    let mut rest: &[&str] = &segs;
    if rest.len() >= 2 && rest[0] == "metadata" && rest[1].starts_with("name=") {
        rest = &rest[2..];
    }
    let mut out: Vec<String> = Vec::new();
    for seg in rest {
        match seg.split_once('=') {
            Some((k, _)) => {
                // Lists in Kubernetes objects are plural field names; their elements are
                // selected by `name` (containers, volumes, sysctls) or `kind` (subjects).
                let on_list = out
                    .last()
                    .is_some_and(|p| p.ends_with('s') && !p.ends_with("[]"));
                if (k == "name" || k == "kind") && on_list {
                    if let Some(last) = out.last_mut() {
                        last.push_str("[]");
                    }
                } else if !k.is_empty() {
                    out.push(k.to_string());
                }
            }
            None => out.push(seg.to_string()),
        }
    }
    if out.is_empty() {
        return None;
    }
    // `metadata.name={{x}}.namespace` means the object's namespace: no kind has a top-level
    // `namespace` field.
    if out[0] == "namespace" {
        out.insert(0, "metadata".to_string());
    }
    Some(crate::paths::normalize(&out.join(".")))
}

fn finding(q: &Query, file: QueryFile) -> Finding {
    let mut f = Finding::new(NAME, q.query_id.clone());
    f.rule_title = q.query_name.clone();
    if let Some(raw) = q
        .severity
        .as_deref()
        .map(str::trim)
        .filter(|s| !s.is_empty())
    {
        // KICS' TRACE level sits below INFO; it maps to info like any unknown word.
        f.severity = Severity::from_raw(raw);
        f.raw_severity = Some(raw.to_string());
    }
    f.object = ObjectRef {
        kind: file.resource_type.filter(|s| !s.is_empty()),
        namespace: None,
        name: file.resource_name.filter(|s| !s.is_empty()),
    };
    f.file = file.file_name;
    f.line = file
        .line
        .and_then(|l| u32::try_from(l).ok())
        .filter(|&l| l > 0);
    f.path = file.search_key.as_deref().and_then(search_key_path);
    f.message = file
        .actual_value
        .filter(|s| !s.is_empty())
        .or_else(|| q.description.clone());
    f
}

impl Parser for Kics {
    fn name(&self) -> &'static str {
        NAME
    }

    fn rules(&self) -> &RuleTable {
        static RULES: OnceLock<RuleTable> = OnceLock::new();
        RULES.get_or_init(|| RuleTable::from_csv(NAME, include_str!("../../rules/kics.csv")))
    }

    fn parse(&self, input: &[u8], file_name: &str) -> Result<Report, ParseErrorKind> {
        let text = crate::error::text(input)?;
        if first_byte(text) != Some(b'{') {
            return Err(ParseErrorKind::wrong_shape(NAME, "expected a JSON object"));
        }
        let report: KicsReport = serde_json::from_str(text).map_err(|e| json_error(NAME, e))?;
        let pre_1_4 = report.queries_total.is_some()
            && report.queries_failed_to_execute.is_some()
            && report.queries.is_some();
        if report.kics_version.is_none() && !pre_1_4 {
            return Err(ParseErrorKind::wrong_shape(
                NAME,
                "no `kics_version` key (nor the `queries_total` and `queries` of KICS before 1.4)",
            ));
        }
        // A report without results may carry `"queries": null`.
        let queries = report.queries.unwrap_or_default();
        let mut findings = Vec::new();
        for mut q in queries {
            let files = std::mem::take(&mut q.files);
            findings.extend(files.into_iter().map(|file| finding(&q, file)));
        }
        let version = report
            .kics_version
            .as_deref()
            .and_then(version_token)
            .or_else(|| version_from_file_name(file_name));
        let report = Report {
            tool: NAME.to_string(),
            tool_version: version,
            findings,
        };
        Ok(report.finish(self.rules()))
    }

    fn detect(&self, input: &[u8]) -> bool {
        let h = head(input, 4096);
        first_byte(h) == Some(b'{')
            && (h.contains("\"kics_version\"")
                || (h.contains("\"queries_total\"") && h.contains("\"queries_failed_to_execute\"")))
    }
}

#[cfg(test)]
mod tests {
    use super::search_key_path as p;

    #[test]
    fn search_keys() {
        assert_eq!(
            p("metadata.name={{x}}.spec.template.spec.containers.name={{app}}.securityContext.privileged").as_deref(),
            Some(".spec.containers[].securityContext.privileged")
        );
        assert_eq!(
            p("metadata.name={{pod-021-1-using-sysctl-net.ipv4.x}}.spec.template.spec.securityContext.sysctls.name={{net.ipv4.tcp_keepalive_time}}").as_deref(),
            Some(".spec.securityContext.sysctls[]")
        );
        assert_eq!(p("subjects.name=default").as_deref(), Some(".subjects[]"));
        assert_eq!(
            p("metadata.name={{rb}}.roleRef.name=cluster-admin").as_deref(),
            Some(".roleRef.name")
        );
        assert_eq!(
            p("metadata.name={{d}}.spec.template.spec.containers.name={{app}}.securityContext.runAsUser=1337").as_deref(),
            Some(".spec.containers[].securityContext.runAsUser")
        );
        assert_eq!(
            p("metadata.namespace={{kalm-benchmark}}").as_deref(),
            Some(".metadata.namespace")
        );
        assert_eq!(p("metadata.name={{only-the-object}}"), None);
        assert_eq!(
            p("metadata.name={{sa}}.namespace").as_deref(),
            Some(".metadata.namespace")
        );
        assert_eq!(
            p("metadata.name={{sa}}.automountServiceAccountToken").as_deref(),
            Some(".automountServiceAccountToken")
        );
        assert_eq!(p(""), None);
        assert_eq!(
            p("metadata.name={{d}}.spec.template.spec.containers.name={{app}}.volumeMounts.name={{v}}.readOnly").as_deref(),
            Some(".spec.containers[].volumeMounts[].readOnly")
        );
    }
}

//! datree (`datree test -o json`): one entry per tested file, each with the failed rules and
//! where in the object they failed.
//!
//! KALM's recording is a JSON array of such entries (datree ran once per manifest); a single
//! run over several files prints one entry object. Both shapes are accepted.
//!
//! One finding per failure location (`failureLocations[]`), because each location carries its
//! own field path and line; an occurrence without locations still gives one finding. Skipped
//! occurrences (`isSkipped: true`) are not failures and give none.
//!
//! datree prints no severity for its rules, so every finding is [`Severity::Medium`] with
//! `raw_severity` left empty: the middle of the scale neither buries nor promotes a finding whose
//! weight the tool did not state. datree's output carries no tool version either: the version
//! comes from KALM's file naming when present.
//!
//! datree needs its hosted policy service (shut down in 2023) and an account token, so it cannot
//! run here; its recorded output still parses.

use super::util::{head, json_error, non_empty};
use std::sync::OnceLock;

use serde::de::IgnoredAny;
use serde::Deserialize;

use crate::parser::version_from_file_name;
use crate::{Finding, ObjectRef, ParseErrorKind, Parser, Report, RuleTable, Severity};

pub struct Datree;

const NAME: &str = "datree";

#[derive(Deserialize)]
#[serde(untagged)]
enum Output {
    Many(Vec<Entry>),
    One(Entry),
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Entry {
    #[serde(default)]
    policy_validation_results: Option<Vec<FileResult>>,
    /// Present in every datree entry; used to tell datree output from other JSON.
    #[serde(default)]
    policy_summary: Option<IgnoredAny>,
    #[serde(default)]
    evaluation_summary: Option<IgnoredAny>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct FileResult {
    #[serde(default)]
    file_name: Option<String>,
    #[serde(default)]
    rule_results: Option<Vec<RuleResult>>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct RuleResult {
    identifier: String,
    #[serde(default)]
    name: Option<String>,
    #[serde(default)]
    message_on_failure: Option<String>,
    #[serde(default)]
    occurrences_details: Option<Vec<Occurrence>>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Occurrence {
    #[serde(default)]
    metadata_name: Option<String>,
    #[serde(default)]
    kind: Option<String>,
    #[serde(default)]
    is_skipped: Option<bool>,
    #[serde(default)]
    failure_locations: Option<Vec<Location>>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Location {
    #[serde(default)]
    schema_path: Option<String>,
    #[serde(default)]
    failed_error_line: Option<u32>,
}

fn rules() -> &'static RuleTable {
    static TABLE: OnceLock<RuleTable> = OnceLock::new();
    TABLE.get_or_init(|| RuleTable::from_csv(NAME, include_str!("../../rules/datree.csv")))
}

/// datree 1.9 prints `schemaPath` as a JSON pointer (`/spec/template/spec/containers/0/image`);
/// the JSON printer's own test expectations in datree's repository hold it dotted
/// (`spec.template.spec.containers.0.image`). The shared path notation reads a dotted `0` as a
/// field name, not an index, so a dotted path is rewritten as the pointer datree 1.9 prints.
fn schema_path(path: Option<String>) -> Option<String> {
    let path = non_empty(path)?;
    if path.starts_with('/') {
        return Some(path);
    }
    Some(
        path.split('.')
            .map(|s| format!("/{}", s.replace('~', "~0").replace('/', "~1")))
            .collect(),
    )
}

impl Parser for Datree {
    fn name(&self) -> &'static str {
        NAME
    }

    fn rules(&self) -> &RuleTable {
        rules()
    }

    fn parse(&self, input: &[u8], file_name: &str) -> Result<Report, ParseErrorKind> {
        let text = crate::error::text(input)?;
        let entries = match serde_json::from_str::<Output>(text) {
            Ok(Output::Many(v)) => v,
            Ok(Output::One(e)) => vec![e],
            Err(e) => {
                // An untagged enum hides the position of a syntax error: re-read as plain JSON
                // to report where the text is broken, or that it is JSON of another shape.
                return Err(match serde_json::from_str::<IgnoredAny>(text) {
                    Err(syntax) => ParseErrorKind::from(syntax),
                    Ok(_) => json_error(NAME, e),
                });
            }
        };
        if entries.is_empty() {
            return Err(ParseErrorKind::wrong_shape(
                NAME,
                "an empty list, no datree entries",
            ));
        }
        if let Some(i) = entries.iter().position(|e| {
            e.policy_summary.is_none()
                && e.evaluation_summary.is_none()
                && e.policy_validation_results.is_none()
        }) {
            return Err(ParseErrorKind::wrong_shape(
                NAME,
                format!("entry {i} has none of policyValidationResults, policySummary, evaluationSummary"),
            ));
        }

        let mut findings = Vec::new();
        for file in entries
            .into_iter()
            .flat_map(|e| e.policy_validation_results.unwrap_or_default())
        {
            let file_name = non_empty(file.file_name);
            for rule in file.rule_results.unwrap_or_default() {
                for occ in rule.occurrences_details.unwrap_or_default() {
                    if occ.is_skipped == Some(true) {
                        continue;
                    }
                    let base = Finding {
                        rule_title: non_empty(rule.name.clone()),
                        severity: Severity::Medium,
                        object: ObjectRef {
                            kind: non_empty(occ.kind),
                            namespace: None,
                            name: non_empty(occ.metadata_name),
                        },
                        file: file_name.clone(),
                        message: non_empty(rule.message_on_failure.clone()),
                        ..Finding::new(NAME, rule.identifier.clone())
                    };
                    let locations = occ.failure_locations.unwrap_or_default();
                    if locations.is_empty() {
                        findings.push(base);
                        continue;
                    }
                    for loc in locations {
                        findings.push(Finding {
                            path: schema_path(loc.schema_path),
                            line: loc.failed_error_line,
                            ..base.clone()
                        });
                    }
                }
            }
        }
        Ok(Report {
            tool: NAME.to_string(),
            tool_version: version_from_file_name(file_name),
            findings,
        }
        .finish(rules()))
    }

    fn detect(&self, input: &[u8]) -> bool {
        let head = head(input, 4096);
        let start = head.trim_start();
        (start.starts_with('[') || start.starts_with('{'))
            && (head.contains("\"policyValidationResults\"") || head.contains("\"policySummary\""))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::version_token;

    #[test]
    fn versions() {
        assert_eq!(version_token("1.9.19\n").as_deref(), Some("1.9.19"));
        assert_eq!(
            version_token("datree version v1.8.0").as_deref(),
            Some("1.8.0")
        );
        assert_eq!(version_token("no version here"), None);
    }

    #[test]
    fn one_entry_object_and_skipped_occurrences() {
        let input = br#"{"policyValidationResults":[{"fileName":"pod-001-x.yaml","ruleResults":[
            {"identifier":"K8S_INCORRECT_KIND_VALUE_POD","name":"Prevent deploying naked pods","messageOnFailure":"m",
             "occurrencesDetails":[{"metadataName":"pod-001-x","kind":"Pod","isSkipped":false,"failureLocations":null},
                                   {"metadataName":"pod-001-y","kind":"Pod","isSkipped":true,"failureLocations":[]}]}]}],
            "policySummary":{}}"#;
        let r = Datree.parse(input, "out.json").unwrap();
        assert_eq!(r.findings.len(), 1);
        let f = &r.findings[0];
        assert_eq!(f.check_id.as_deref(), Some("POD-001"));
        assert_eq!(f.path, None);
        assert!(!f.unmapped);
        assert_eq!(r.tool_version, None);
    }
}

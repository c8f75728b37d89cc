//! kube-bench (`kube-bench run --json`): the CIS Kubernetes Benchmark run on a node, not on
//! manifests.
//!
//! The JSON is `{"Controls": [...], "Totals": {...}}` (0.6 and later). Older releases print the
//! bare list of controls (`[{"id": "4", "version": "1.5", "node_type": "node", "tests": ...}]`),
//! and the oldest, run per node type (`kube-bench master --json`), one control object alone; all
//! three are accepted. Each control (master, etcd, controlplane, node, policies) holds groups of
//! tests, each with a `status` of PASS, FAIL, WARN or INFO.
//!
//! Only FAIL results are findings: kube-bench checked the node and found it in breach. WARN
//! means kube-bench did *not* decide — the check is manual ("Test marked as a manual test") or
//! its audit command could not run — so counting it would score the tool for checks it never
//! made. PASS and INFO are not alerts. The rule id is the CIS test number (`1.1.1`).
//!
//! Findings name no Kubernetes object (the node is the subject), so no check id is derived.
//! The output carries the benchmark version (`cis-1.6`) but not kube-bench's own version,
//! which comes from KALM's file naming when present.

use super::util::{head, non_empty};
use std::sync::OnceLock;

use serde::de::IgnoredAny;
use serde::Deserialize;

use crate::parser::version_from_file_name;
use crate::{Finding, ParseErrorKind, Parser, Report, RuleTable, Severity};

pub struct KubeBench;

const NAME: &str = "kube-bench";

#[derive(Deserialize)]
#[serde(untagged)]
enum Output {
    Wrapped {
        #[serde(rename = "Controls")]
        controls: Vec<Control>,
        #[serde(rename = "Totals", default)]
        _totals: Option<IgnoredAny>,
    },
    Bare(Vec<Control>),
    Single(Control),
}

#[derive(Deserialize)]
struct Control {
    #[serde(default)]
    version: Option<String>,
    #[serde(default)]
    node_type: Option<String>,
    tests: Vec<Group>,
}

#[derive(Deserialize)]
struct Group {
    #[serde(default)]
    results: Option<Vec<TestResult>>,
}

#[derive(Deserialize)]
struct TestResult {
    test_number: String,
    #[serde(default)]
    test_desc: Option<String>,
    status: String,
    #[serde(default)]
    reason: Option<String>,
    #[serde(default)]
    expected_result: Option<String>,
    #[serde(default)]
    actual_value: Option<String>,
}

fn rules() -> &'static RuleTable {
    static TABLE: OnceLock<RuleTable> = OnceLock::new();
    TABLE.get_or_init(|| RuleTable::from_csv(NAME, include_str!("../../rules/kube-bench.csv")))
}

/// What kube-bench says went wrong: its own reason when it gives one, otherwise the expected
/// and the actual value of the audited setting.
fn message(r: &TestResult) -> Option<String> {
    if let Some(reason) = non_empty(r.reason.clone()) {
        return Some(reason);
    }
    let expected = non_empty(r.expected_result.clone())?;
    Some(match non_empty(r.actual_value.clone()) {
        Some(actual) => format!("expected {expected}; actual {actual}"),
        None => format!("expected {expected}"),
    })
}

impl Parser for KubeBench {
    fn name(&self) -> &'static str {
        NAME
    }

    fn rules(&self) -> &RuleTable {
        rules()
    }

    fn parse(&self, input: &[u8], file_name: &str) -> Result<Report, ParseErrorKind> {
        let text = crate::error::text(input)?;
        let controls = match serde_json::from_str::<Output>(text) {
            Ok(Output::Wrapped { controls, .. }) | Ok(Output::Bare(controls)) => controls,
            Ok(Output::Single(control)) => vec![control],
            Err(e) => {
                return Err(match serde_json::from_str::<IgnoredAny>(text) {
                    Err(syntax) => ParseErrorKind::from(syntax),
                    Ok(_) => ParseErrorKind::wrong_shape(
                        NAME,
                        format!(
                            "expected {{\"Controls\": [...]}}, a list of controls or one control \
                             with tests ({e})"
                        ),
                    ),
                });
            }
        };
        if controls.is_empty() {
            return Err(ParseErrorKind::wrong_shape(NAME, "no controls"));
        }
        let mut findings = Vec::new();
        for control in controls {
            let benchmark = non_empty(control.version);
            for group in control.tests {
                for r in group.results.unwrap_or_default() {
                    if !r.status.trim().eq_ignore_ascii_case("FAIL") {
                        continue;
                    }
                    let message = message(&r).map(|m| match (&benchmark, &control.node_type) {
                        (Some(b), Some(n)) => format!("{m} [{b}, {n}]"),
                        _ => m,
                    });
                    findings.push(Finding {
                        rule_title: non_empty(r.test_desc),
                        severity: Severity::from_raw(&r.status),
                        raw_severity: Some(r.status),
                        message,
                        ..Finding::new(NAME, r.test_number)
                    });
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
        (start.starts_with('{') || start.starts_with('['))
            && head.contains("\"test_number\"")
            && (head.contains("\"node_type\"") || head.contains("\"Controls\""))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::version_token;

    #[test]
    fn bare_list_and_statuses() {
        let input = br#"[{"id":"4","version":"cis-1.8","node_type":"node","tests":[{"results":[
            {"test_number":"4.1.1","test_desc":"d1","status":"FAIL","expected_result":"'644' is present","actual_value":"777"},
            {"test_number":"4.1.2","test_desc":"d2","status":"WARN"},
            {"test_number":"4.1.3","test_desc":"d3","status":"PASS"}]}]}]"#;
        assert!(KubeBench.detect(input));
        let r = KubeBench
            .parse(input, "kube-bench_v0.7.0_2024-01-01.json")
            .unwrap();
        assert_eq!(r.tool_version.as_deref(), Some("0.7.0"));
        assert_eq!(r.findings.len(), 1);
        let f = &r.findings[0];
        assert_eq!(f.rule_id, "4.1.1");
        assert_eq!(f.severity, Severity::High);
        assert_eq!(
            f.message.as_deref(),
            Some("expected '644' is present; actual 777 [cis-1.8, node]")
        );
    }

    #[test]
    fn versions() {
        assert_eq!(version_token("0.6.9\n").as_deref(), Some("0.6.9"));
        assert_eq!(
            version_token("kube-bench version: v0.7.1").as_deref(),
            Some("0.7.1")
        );
    }
}

//! Generic SARIF 2.1.0: any scanner that writes SARIF can be benchmarked without new code.
//!
//! Reads `runs[].tool.driver` (name, version, rules) and `runs[].results[]` (ruleId, level,
//! message, locations). Each finding's `tool` is `sarif:<driver name>` in lower case, so the
//! findings of several SARIF-emitting tools stay apart while the adapter's name stays `sarif`;
//! the report's tool is the same when every run has one driver, else plain `sarif`.
//!
//! Rule metadata comes from the file itself, not from a table: the title is the rule's
//! `shortDescription` (or `name`), the severity its `properties.security-severity` when given
//! (the CVSS-like score GitHub code scanning uses), else the result's `level`, else the rule's
//! `defaultConfiguration.level`, else SARIF's default `warning`. SARIF has no notion of the
//! manifest field a rule inspects, so [`Sarif::rules`] is empty and every finding is flagged
//! unmapped: the analyzer attributes them by the differential method. [`rules_in`] lists a
//! file's rules (title, help URI, tags) for reports.
//!
//! Results of kind `pass` or `notApplicable` are not findings. The object comes from the first
//! logical location (`Kind/namespace/name`, `Kind/name` or a bare name); the file and line from
//! the first physical location, a `file://` prefix dropped.

use std::collections::HashMap;

use serde::Deserialize;
use serde_json::Value;

use super::util::non_empty;

use crate::{Finding, ObjectRef, ParseErrorKind, Parser, Report, RuleTable, Severity};

pub struct Sarif;

const NAME: &str = "sarif";

#[derive(Deserialize)]
struct Log {
    #[serde(default)]
    version: Option<String>,
    runs: Vec<Run>,
}

#[derive(Deserialize)]
struct Run {
    tool: Tool,
    #[serde(default)]
    results: Option<Vec<SarifResult>>,
}

#[derive(Deserialize)]
struct Tool {
    driver: Driver,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Driver {
    name: String,
    #[serde(default)]
    version: Option<String>,
    #[serde(default)]
    semantic_version: Option<String>,
    #[serde(default)]
    rules: Option<Vec<Rule>>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Rule {
    id: String,
    #[serde(default)]
    name: Option<String>,
    #[serde(default)]
    short_description: Option<Message>,
    #[serde(default)]
    full_description: Option<Message>,
    #[serde(default)]
    help_uri: Option<String>,
    #[serde(default)]
    default_configuration: Option<Configuration>,
    #[serde(default)]
    properties: Option<Value>,
    #[serde(default)]
    message_strings: Option<HashMap<String, Message>>,
}

#[derive(Deserialize)]
struct Configuration {
    #[serde(default)]
    level: Option<String>,
}

#[derive(Deserialize, Clone)]
struct Message {
    #[serde(default)]
    text: Option<String>,
    #[serde(default)]
    markdown: Option<String>,
    #[serde(default)]
    id: Option<String>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct SarifResult {
    #[serde(default)]
    rule_id: Option<String>,
    #[serde(default)]
    rule_index: Option<usize>,
    #[serde(default)]
    rule: Option<RuleReference>,
    #[serde(default)]
    kind: Option<String>,
    #[serde(default)]
    level: Option<String>,
    #[serde(default)]
    message: Option<Message>,
    #[serde(default)]
    locations: Option<Vec<Location>>,
}

#[derive(Deserialize)]
struct RuleReference {
    #[serde(default)]
    id: Option<String>,
    #[serde(default)]
    index: Option<usize>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Location {
    #[serde(default)]
    physical_location: Option<PhysicalLocation>,
    #[serde(default)]
    logical_locations: Option<Vec<LogicalLocation>>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct PhysicalLocation {
    #[serde(default)]
    artifact_location: Option<ArtifactLocation>,
    #[serde(default)]
    region: Option<Region>,
}

#[derive(Deserialize)]
struct ArtifactLocation {
    #[serde(default)]
    uri: Option<String>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Region {
    #[serde(default)]
    start_line: Option<u32>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct LogicalLocation {
    #[serde(default)]
    fully_qualified_name: Option<String>,
    #[serde(default)]
    name: Option<String>,
}

/// One rule as a SARIF file describes it.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct SarifRule {
    /// `sarif:<driver>` of the run that declares it.
    pub tool: String,
    pub id: String,
    pub title: Option<String>,
    pub help_uri: Option<String>,
    /// `properties.tags`, where tools put categories (`security`, `kubernetes`, CWE ids).
    pub tags: Vec<String>,
    pub default_level: Option<String>,
}

/// `sarif:<driver name>`, lower case, whitespace as dashes.
fn tool_name(driver: &str) -> String {
    let name: String = driver
        .trim()
        .chars()
        .map(|c| {
            if c.is_whitespace() {
                '-'
            } else {
                c.to_ascii_lowercase()
            }
        })
        .collect();
    format!("{NAME}:{name}")
}

fn text_of(m: &Option<Message>) -> Option<String> {
    let m = m.as_ref()?;
    non_empty(m.text.clone()).or_else(|| non_empty(m.markdown.clone()))
}

/// GitHub's bands for `security-severity` (a CVSS-like score as a string or number).
fn security_severity(props: &Option<Value>) -> Option<(Severity, String)> {
    let v = props.as_ref()?.get("security-severity")?;
    let score: f64 = match v {
        Value::String(s) => s.trim().parse().ok()?,
        Value::Number(n) => n.as_f64()?,
        _ => return None,
    };
    let sev = if score >= 9.0 {
        Severity::Critical
    } else if score >= 7.0 {
        Severity::High
    } else if score >= 4.0 {
        Severity::Medium
    } else if score > 0.0 {
        Severity::Low
    } else {
        Severity::Info
    };
    Some((sev, format!("security-severity {v}").replace('"', "")))
}

/// SARIF levels: `error`, `warning`, `note`, `none`.
fn level_severity(level: &str) -> Severity {
    match level.trim().to_ascii_lowercase().as_str() {
        "error" => Severity::High,
        "warning" => Severity::Medium,
        "note" => Severity::Low,
        "none" => Severity::Info,
        other => Severity::from_raw(other),
    }
}

/// `Deployment/ns/name`, `Deployment/name` or `name`.
fn object_from(logical: &LogicalLocation) -> ObjectRef {
    let Some(fqn) = non_empty(logical.fully_qualified_name.clone()) else {
        return ObjectRef {
            name: non_empty(logical.name.clone()),
            ..ObjectRef::default()
        };
    };
    let parts: Vec<&str> = fqn.split('/').collect();
    let s = |x: &str| (!x.is_empty()).then(|| x.to_string());
    match parts.as_slice() {
        [kind, ns, name] => ObjectRef {
            kind: s(kind),
            namespace: s(ns),
            name: s(name),
        },
        [kind, name] => ObjectRef {
            kind: s(kind),
            namespace: None,
            name: s(name),
        },
        _ => ObjectRef {
            name: Some(fqn),
            ..ObjectRef::default()
        },
    }
}

fn read_log(input: &[u8]) -> Result<Log, ParseErrorKind> {
    let text = crate::error::text(input)?;
    let log: Log = serde_json::from_str(text).map_err(|e| {
        if e.is_data() {
            ParseErrorKind::wrong_shape(NAME, e.to_string())
        } else {
            ParseErrorKind::from(e)
        }
    })?;
    match log.version.as_deref() {
        Some("2.1.0") => Ok(log),
        Some(v) => Err(ParseErrorKind::wrong_shape(
            NAME,
            format!("SARIF version {v}, only 2.1.0 is read"),
        )),
        None => Err(ParseErrorKind::wrong_shape(
            NAME,
            "no \"version\" (SARIF 2.1.0 requires it)",
        )),
    }
}

/// The rules a SARIF file declares, run by run: the metadata a static table holds for other
/// adapters.
pub fn rules_in(input: &[u8]) -> Result<Vec<SarifRule>, ParseErrorKind> {
    let log = read_log(input)?;
    let mut out = Vec::new();
    for run in log.runs {
        let tool = tool_name(&run.tool.driver.name);
        for r in run.tool.driver.rules.unwrap_or_default() {
            let tags = r
                .properties
                .as_ref()
                .and_then(|p| p.get("tags"))
                .and_then(Value::as_array)
                .map(|a| {
                    a.iter()
                        .filter_map(Value::as_str)
                        .map(str::to_string)
                        .collect()
                })
                .unwrap_or_default();
            out.push(SarifRule {
                tool: tool.clone(),
                title: text_of(&r.short_description).or_else(|| non_empty(r.name.clone())),
                help_uri: non_empty(r.help_uri),
                tags,
                default_level: r.default_configuration.and_then(|c| c.level),
                id: r.id,
            });
        }
    }
    Ok(out)
}

fn empty_rules() -> &'static RuleTable {
    static TABLE: std::sync::OnceLock<RuleTable> = std::sync::OnceLock::new();
    TABLE.get_or_init(RuleTable::default)
}

impl Parser for Sarif {
    fn name(&self) -> &'static str {
        NAME
    }

    fn rules(&self) -> &RuleTable {
        empty_rules()
    }

    fn parse(&self, input: &[u8], _file_name: &str) -> Result<Report, ParseErrorKind> {
        let log = read_log(input)?;
        let mut findings = Vec::new();
        let mut tools: Vec<String> = Vec::new();
        let mut version = None;
        for run in log.runs {
            let driver = run.tool.driver;
            let tool = tool_name(&driver.name);
            let run_version =
                non_empty(driver.semantic_version).or_else(|| non_empty(driver.version));
            if version.is_none() {
                version = run_version.clone();
            }
            if !tools.contains(&tool) {
                tools.push(tool.clone());
            }
            let rules = driver.rules.unwrap_or_default();
            let by_id: HashMap<&str, usize> = rules
                .iter()
                .enumerate()
                .map(|(i, r)| (r.id.as_str(), i))
                .collect();
            for res in run.results.unwrap_or_default() {
                if matches!(res.kind.as_deref(), Some("pass") | Some("notApplicable")) {
                    continue;
                }
                let index = res
                    .rule_index
                    .or_else(|| res.rule.as_ref().and_then(|r| r.index));
                let id = non_empty(res.rule_id.clone())
                    .or_else(|| res.rule.as_ref().and_then(|r| non_empty(r.id.clone())))
                    .or_else(|| index.and_then(|i| rules.get(i)).map(|r| r.id.clone()));
                let rule = index
                    .and_then(|i| rules.get(i))
                    // A ruleIndex that contradicts the ruleId is ignored in favour of the id.
                    .filter(|r| id.as_deref().is_none_or(|id| id == r.id))
                    .or_else(|| {
                        id.as_deref()
                            .and_then(|id| by_id.get(id))
                            .map(|&i| &rules[i])
                    });
                let (severity, raw_severity) =
                    match rule.and_then(|r| security_severity(&r.properties)) {
                        Some((s, raw)) => (s, Some(raw)),
                        None => {
                            let level = non_empty(res.level.clone())
                                .or_else(|| {
                                    rule.and_then(|r| r.default_configuration.as_ref())
                                        .and_then(|c| non_empty(c.level.clone()))
                                })
                                .unwrap_or_else(|| "warning".to_string());
                            (level_severity(&level), Some(level))
                        }
                    };
                let message = text_of(&res.message).or_else(|| {
                    let msg_id = res.message.as_ref()?.id.as_ref()?;
                    text_of(&rule?.message_strings.as_ref()?.get(msg_id).cloned())
                });
                let location = res.locations.as_ref().and_then(|l| l.first());
                let physical = location.and_then(|l| l.physical_location.as_ref());
                let file = physical
                    .and_then(|p| p.artifact_location.as_ref())
                    .and_then(|a| non_empty(a.uri.clone()))
                    .map(|u| u.strip_prefix("file://").map(str::to_string).unwrap_or(u));
                let object = location
                    .and_then(|l| l.logical_locations.as_ref())
                    .and_then(|l| l.first())
                    .map(object_from)
                    .unwrap_or_default();
                findings.push(Finding {
                    tool_version: run_version.clone(),
                    rule_title: rule.and_then(|r| {
                        text_of(&r.short_description)
                            .or_else(|| non_empty(r.name.clone()))
                            .or_else(|| text_of(&r.full_description))
                    }),
                    severity,
                    raw_severity,
                    object,
                    file,
                    line: physical
                        .and_then(|p| p.region.as_ref())
                        .and_then(|r| r.start_line),
                    message,
                    ..Finding::new(&tool, id.unwrap_or_else(|| "unknown".to_string()))
                });
            }
        }
        let tool = match tools.as_slice() {
            [one] => one.clone(),
            _ => NAME.to_string(),
        };
        Ok(Report {
            tool,
            tool_version: version,
            findings,
        }
        .finish(empty_rules()))
    }

    fn detect(&self, input: &[u8]) -> bool {
        let cut = &input[..input.len().min(8192)];
        let head = match std::str::from_utf8(cut) {
            Ok(s) => s,
            Err(e) => std::str::from_utf8(&cut[..e.valid_up_to()]).unwrap_or(""),
        };
        if !head.trim_start().starts_with('{') {
            return false;
        }
        let compact: String = head.chars().filter(|c| !c.is_whitespace()).collect();
        (compact.contains("\"$schema\":\"") && compact.contains("sarif"))
            || (compact.contains("\"version\":\"2.1.0\"") && compact.contains("\"runs\":["))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn objects_and_tools() {
        let l = |f: &str| LogicalLocation {
            fully_qualified_name: Some(f.to_string()),
            name: None,
        };
        assert_eq!(
            object_from(&l("Deployment/ns/pod-001-x"))
                .namespace
                .as_deref(),
            Some("ns")
        );
        assert_eq!(
            object_from(&l("Pod/pod-001-x")).kind.as_deref(),
            Some("Pod")
        );
        assert_eq!(
            object_from(&l("pod-001-x")).name.as_deref(),
            Some("pod-001-x")
        );
        assert_eq!(tool_name("Trivy Config"), "sarif:trivy-config");
        assert_eq!(
            security_severity(&Some(serde_json::json!({"security-severity": "9.8"})))
                .unwrap()
                .0,
            Severity::Critical
        );
        assert_eq!(
            security_severity(&Some(serde_json::json!({"security-severity": 5})))
                .unwrap()
                .0,
            Severity::Medium
        );
    }
}

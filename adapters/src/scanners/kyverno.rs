//! Kyverno CLI (`kyverno apply POLICY --resource DIR --policy-report --output-format json`):
//! a policy report of the OpenReports API (`openreports.io/v1alpha1`, kind `ClusterReport`, from
//! Kyverno 1.14 on) or of the older Policy Report API (`wgpolicyk8s.io/v1alpha2`,
//! `ClusterPolicyReport`), one compact JSON document per report; a policy bound to a namespace
//! adds a `PolicyReport` after a `---` line.
//!
//! ```text
//! {"kind":"ClusterReport","apiVersion":"openreports.io/v1alpha1","metadata":{"name":"merged"},
//!  "results":[{"source":"kyverno","policy":"pod-security-standards","rule":"autogen-baseline",
//!   "result":"fail","message":"Validation rule 'autogen-baseline' failed. It violates PodSecurity
//!   \"baseline:latest\": (Forbidden reason: privileged, field error list: [spec.template.spec.
//!   containers[0].securityContext.privileged is forbidden, forbidden values found: true])",
//!   "properties":{"controls":"privileged","standard":"baseline","version":"latest",...},
//!   "resources":[{"kind":"Deployment","namespace":"bench-suite","name":"pod-032-2-..."}]}],
//!  "summary":{"pass":..,"fail":..}}
//! ```
//!
//! A failed `validate.podSecurity` rule is one result for all the Pod Security controls the pod
//! violates; the findings are one per control (`properties.controls`, the pod-security-admission
//! check ids, which are the rule ids of `rules/kyverno.csv`), each with the field its part of
//! the message names first. The restricted level includes every baseline control, so a policy
//! checking both levels reports a baseline violation twice; it is kept once per object, from the
//! baseline rule. Any other failed rule (a user's own `pattern` or CEL rule) is one finding under
//! its rule name, unmapped unless the table lists it.
//!
//! Only `fail` and `warn` results are findings (`warn` is a failed audit rule under
//! `--audit-warn`); `pass`, `skip` and `error` are not. Severity is the policy's
//! `policies.kyverno.io/severity` annotation when it has one, else the level: baseline controls
//! high, restricted ones medium. The report carries no tool version: it comes from the result
//! file's name.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use serde::Deserialize;

use super::util::{first_significant_byte, head, json_error};
use crate::scanner::version_from_file_name;
use crate::{
    Finding, ObjectRef, OutputSink, ParseErrorKind, Report, RuleTable, ScanPlan, Scanner, Severity,
};

const NAME: &str = "kyverno";

pub struct Kyverno;

/// Report kinds Kyverno prints: OpenReports' (1.14 and later) and the Policy Report API's.
const REPORT_KINDS: &[&str] = &[
    "ClusterReport",
    "Report",
    "ClusterPolicyReport",
    "PolicyReport",
];

#[derive(Deserialize)]
struct Document {
    #[serde(default)]
    kind: Option<String>,
    #[serde(rename = "apiVersion", default)]
    api_version: Option<String>,
    #[serde(default)]
    results: Option<Vec<ReportResult>>,
}

#[derive(Deserialize)]
struct ReportResult {
    #[serde(default)]
    source: Option<String>,
    #[serde(default)]
    policy: Option<String>,
    #[serde(default)]
    rule: Option<String>,
    #[serde(default)]
    result: Option<String>,
    #[serde(default)]
    severity: Option<String>,
    #[serde(default)]
    message: Option<String>,
    #[serde(default)]
    properties: Option<HashMap<String, String>>,
    #[serde(default)]
    resources: Option<Vec<Subject>>,
}

#[derive(Deserialize, Default, Clone)]
struct Subject {
    #[serde(default)]
    kind: Option<String>,
    #[serde(default)]
    namespace: Option<String>,
    #[serde(default)]
    name: Option<String>,
}

fn rules() -> &'static RuleTable {
    static TABLE: OnceLock<RuleTable> = OnceLock::new();
    TABLE.get_or_init(|| RuleTable::from_csv(NAME, include_str!("../../rules/kyverno.csv")))
}

fn non_empty(s: Option<String>) -> Option<String> {
    s.filter(|s| !s.trim().is_empty())
}

/// The documents of the output: the JSON texts between `---` lines.
fn documents(text: &str) -> Vec<&str> {
    let mut docs = Vec::new();
    let mut start = 0;
    let mut at = 0;
    for line in text.split_inclusive('\n') {
        if line.trim() == "---" {
            docs.push(&text[start..at]);
            start = at + line.len();
        }
        at += line.len();
    }
    docs.push(&text[start..]);
    docs.into_iter().filter(|d| !d.trim().is_empty()).collect()
}

/// Pod Security level of a result, from its properties (`standard`), for the severity and for
/// keeping a control reported by both levels once.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Level {
    Baseline,
    Restricted,
    /// Not a podSecurity rule, or a level this adapter does not know.
    Other,
}

impl Level {
    fn of(standard: Option<&str>) -> Level {
        match standard.map(str::trim) {
            Some("baseline") => Level::Baseline,
            Some("restricted") => Level::Restricted,
            _ => Level::Other,
        }
    }

    fn severity(self) -> (Severity, Option<String>) {
        match self {
            Level::Baseline => (Severity::High, Some("baseline".to_string())),
            Level::Restricted => (Severity::Medium, Some("restricted".to_string())),
            Level::Other => (Severity::Medium, None),
        }
    }
}

/// The rule name without the prefixes Kyverno gives the rules it generates for pod
/// controllers (`autogen-`, `autogen-cronjob-`), so a rule reads the same on a Pod and a
/// Deployment.
fn base_rule(rule: &str) -> &str {
    rule.strip_prefix("autogen-cronjob-")
        .or_else(|| rule.strip_prefix("autogen-"))
        .unwrap_or(rule)
}

/// The parts of a podSecurity failure message, one per violated control, in the order of
/// `properties.controls`: `(Forbidden reason: R, field error list: [E1, E2])`.
fn control_parts(message: &str) -> Vec<&str> {
    const OPEN: &str = "(Forbidden reason: ";
    let mut parts = Vec::new();
    let mut rest = message;
    while let Some(i) = rest.find(OPEN) {
        let part = &rest[i..];
        let end = part[1..].find(OPEN).map_or(part.len(), |j| j + 1);
        parts.push(&part[..end]);
        rest = &part[end..];
    }
    parts
}

/// The first field a control's message part names: what comes after `field error list: [` up to
/// the first space or colon (`spec.containers[0].securityContext.privileged is forbidden, ...`,
/// `spec.hostPID: Forbidden: ...`).
fn first_field(part: &str) -> Option<&str> {
    const LIST: &str = "field error list: [";
    let list = &part[part.find(LIST)? + LIST.len()..];
    let end = list
        .find(|c: char| c.is_whitespace() || c == ':' || c == ',')
        .unwrap_or(list.len());
    let field = list[..end].trim_end_matches([']', ')']);
    (!field.is_empty()).then_some(field)
}

/// One object's findings with the level each came from, for keeping a control once per object.
type Key = (Option<String>, Option<String>, Option<String>, String);

struct Collector {
    findings: Vec<Finding>,
    /// (object, rule id) -> index in `findings` and the level that reported it.
    seen: HashMap<Key, (usize, Level)>,
}

impl Collector {
    fn add(&mut self, f: Finding, level: Level) {
        let key = (
            f.object.kind.clone(),
            f.object.namespace.clone(),
            f.object.name.clone(),
            f.rule_id.clone(),
        );
        match self.seen.get(&key) {
            // Reported again by a stricter level (restricted repeats baseline): keep the first.
            Some(&(_, had)) if had <= level => {}
            // A baseline result after the restricted one: the baseline one stands for both.
            Some(&(i, _)) => {
                self.findings[i] = f;
                self.seen.insert(key, (i, level));
            }
            None => {
                self.seen.insert(key, (self.findings.len(), level));
                self.findings.push(f);
            }
        }
    }
}

fn add_result(out: &mut Collector, r: ReportResult) {
    let status = r.result.as_deref().map(str::trim).unwrap_or("");
    if !matches!(status, "fail" | "warn") {
        return;
    }
    let props = r.properties.unwrap_or_default();
    let level = Level::of(props.get("standard").map(String::as_str));
    let (level_severity, level_word) = level.severity();
    let (severity, raw_severity) = match non_empty(r.severity) {
        Some(s) => (Severity::from_raw(&s), Some(s)),
        None => (level_severity, level_word),
    };
    let message = non_empty(r.message);
    let rule = non_empty(r.rule).unwrap_or_default();
    let controls: Vec<&str> = props
        .get("controls")
        .map(|c| c.split(',').map(str::trim).filter(|c| !c.is_empty()).collect())
        .unwrap_or_default();
    let parts = message.as_deref().map(control_parts).unwrap_or_default();
    // Paths are paired with controls by position only when the message has one part per
    // control; otherwise the findings carry no path rather than a wrong one.
    let paired = parts.len() == controls.len();
    let mut subjects = r.resources.unwrap_or_default();
    if subjects.is_empty() {
        subjects.push(Subject::default());
    }
    let policy = non_empty(r.policy);
    for subject in &subjects {
        let object = ObjectRef {
            kind: non_empty(subject.kind.clone()),
            namespace: non_empty(subject.namespace.clone()),
            name: non_empty(subject.name.clone()),
        };
        let new = |rule_id: &str, part: Option<&str>| {
            let mut f = Finding::new(NAME, rule_id);
            f.rule_title = rules().get(rule_id).map(|r| r.title.clone());
            f.severity = severity;
            f.raw_severity = raw_severity.clone();
            f.object = object.clone();
            f.path = part
                .and_then(first_field)
                .map(crate::paths::normalize);
            f.message = match (part, &message) {
                (Some(p), _) => Some(p.to_string()),
                (None, m) => m.clone(),
            };
            f
        };
        if controls.is_empty() {
            let id = base_rule(&rule);
            let id = if id.is_empty() {
                policy.as_deref().unwrap_or("")
            } else {
                id
            };
            out.add(new(id, None), Level::Other);
        } else {
            for (i, control) in controls.iter().enumerate() {
                let part = if paired { Some(parts[i]) } else { None };
                out.add(new(control, part), level);
            }
        }
    }
}

fn parse_report(text: &str) -> Result<Vec<Finding>, ParseErrorKind> {
    let mut out = Collector {
        findings: Vec::new(),
        seen: HashMap::new(),
    };
    let docs = documents(text);
    for (i, doc) in docs.iter().enumerate() {
        if first_significant_byte(doc.as_bytes()) != Some(b'{') {
            return Err(ParseErrorKind::wrong_shape(
                NAME,
                format!(
                    "document {} is not a JSON policy report (run `kyverno apply` with \
                     --policy-report --output-format json)",
                    i + 1
                ),
            ));
        }
        let parsed: Document = serde_json::from_str(doc).map_err(|e| json_error(NAME, e))?;
        let kind_ok = parsed
            .kind
            .as_deref()
            .is_some_and(|k| REPORT_KINDS.contains(&k));
        let api_ok = parsed.api_version.as_deref().is_some_and(|a| {
            a.starts_with("openreports.io/") || a.starts_with("wgpolicyk8s.io/")
        });
        if !kind_ok || !api_ok {
            return Err(ParseErrorKind::wrong_shape(
                NAME,
                format!(
                    "document {} is not a policy report (kind {:?}, apiVersion {:?})",
                    i + 1,
                    parsed.kind.unwrap_or_default(),
                    parsed.api_version.unwrap_or_default()
                ),
            ));
        }
        for r in parsed.results.unwrap_or_default() {
            if r.source.as_deref().is_some_and(|s| s != NAME) {
                return Err(ParseErrorKind::wrong_shape(
                    NAME,
                    format!(
                        "a result of document {} comes from {:?}, not kyverno",
                        i + 1,
                        r.source.unwrap_or_default()
                    ),
                ));
            }
            add_result(&mut out, r);
        }
    }
    Ok(out.findings)
}

/// True when `hay` holds `"key"`, optional whitespace, `:`, optional whitespace, `"value"`.
fn has_pair(hay: &str, key: &str, value: &str) -> bool {
    let quoted_key = format!("\"{key}\"");
    let quoted_value = format!("\"{value}\"");
    hay.match_indices(&quoted_key).any(|(i, _)| {
        let rest = hay[i + quoted_key.len()..].trim_start();
        rest.strip_prefix(':')
            .is_some_and(|r| r.trim_start().starts_with(&quoted_value))
    })
}

impl Scanner for Kyverno {
    fn name(&self) -> &'static str {
        NAME
    }

    fn binary(&self) -> &'static str {
        "kyverno"
    }

    fn version_args(&self) -> &'static [&'static str] {
        &["version"]
    }

    /// `kyverno version` prints `Version: 1.19.1`, then `Time:`, `Git commit ID:` lines.
    fn parse_version(&self, output: &str) -> Option<String> {
        output
            .lines()
            .find_map(|l| l.trim().strip_prefix("Version:"))
            .and_then(super::util::version_token)
    }

    fn scan_plan(
        &self,
        program: &Path,
        suite: &Path,
        _files: &[PathBuf],
        workdir: &Path,
    ) -> ScanPlan {
        ScanPlan {
            program: program.to_path_buf(),
            args: vec![
                "apply".to_string(),
                workdir.join(POLICY_FILE).display().to_string(),
                "--resource".to_string(),
                suite.display().to_string(),
                "--policy-report".to_string(),
                "--output-format".to_string(),
                "json".to_string(),
            ],
            env: Vec::new(),
            output: OutputSink::Stdout,
        }
    }

    fn cpu_limit_env(&self) -> Option<&'static str> {
        Some("GOMAXPROCS")
    }

    fn install_hint(&self) -> &'static str {
        "scripts/install-scanners.sh kyverno (builds github.com/kyverno/kyverno/cmd/cli/kubectl-kyverno \
         at v1.19.1 inside the downloaded module, as kyverno)"
    }

    fn rules(&self) -> &RuleTable {
        rules()
    }

    fn parse(&self, input: &[u8], file_name: &str) -> Result<Report, ParseErrorKind> {
        let text = crate::error::text(input)?;
        let findings = parse_report(text)?;
        Ok(Report {
            tool: NAME.to_string(),
            tool_version: version_from_file_name(file_name),
            findings,
        }
        .finish(rules()))
    }

    fn detect(&self, input: &[u8]) -> bool {
        if first_significant_byte(input) != Some(b'{') {
            return false;
        }
        let h = head(input, 64 * 1024);
        (h.contains("\"openreports.io/") || h.contains("\"wgpolicyk8s.io/"))
            && has_pair(h, "source", NAME)
    }
}

/// The policy file the scan applies, written into the run's work folder.
pub const POLICY_FILE: &str = "kyverno-policies.yaml";

#[cfg(test)]
mod tests {
    use super::*;

    const MSG: &str = "Validation rule 'autogen-restricted' failed. It violates PodSecurity \
        \"restricted:latest\": (Forbidden reason: host namespaces, field error list: \
        [spec.template.spec.hostPID is forbidden, forbidden values found: true])(Forbidden \
        reason: runAsNonRoot != true, field error list: [spec.template.spec.containers[0].\
        securityContext.runAsNonRoot: Required value])(Forbidden reason: x, field error list: [])";

    #[test]
    fn message_parts_and_fields() {
        let parts = control_parts(MSG);
        assert_eq!(parts.len(), 3);
        assert!(parts[0].starts_with("(Forbidden reason: host namespaces"));
        assert!(parts[0].ends_with("true])"));
        assert_eq!(first_field(parts[0]), Some("spec.template.spec.hostPID"));
        assert_eq!(
            first_field(parts[1]),
            Some("spec.template.spec.containers[0].securityContext.runAsNonRoot")
        );
        assert_eq!(first_field(parts[2]), None);
        assert!(control_parts("Validation rule 'x' passed.").is_empty());
    }

    #[test]
    fn documents_split_at_separator_lines() {
        assert_eq!(documents("{\"a\":1}\n---\n{\"b\":2}\n"), ["{\"a\":1}\n", "{\"b\":2}\n"]);
        assert_eq!(documents("---\n{\"a\":\"---\"}\n"), ["{\"a\":\"---\"}\n"]);
        assert!(documents("\n---\n").is_empty());
    }

    #[test]
    fn rule_names_lose_autogen_prefixes() {
        assert_eq!(base_rule("autogen-cronjob-baseline"), "baseline");
        assert_eq!(base_rule("autogen-restricted"), "restricted");
        assert_eq!(base_rule("check-labels"), "check-labels");
    }

    #[test]
    fn pairs_tolerate_whitespace() {
        assert!(has_pair("{\"source\" : \"kyverno\"}", "source", "kyverno"));
        assert!(has_pair("{\"source\":\"kyverno\"}", "source", "kyverno"));
        assert!(!has_pair("{\"source\":\"trivy\"}", "source", "kyverno"));
        assert!(!has_pair("{\"kyverno\":\"source\"}", "source", "kyverno"));
    }
}

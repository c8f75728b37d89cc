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
//! checking both levels reports a baseline violation twice; it is kept once per object. Any
//! other failed rule (a user's own `pattern` or CEL rule) is one finding under
//! its rule name, unmapped unless the table lists it.
//!
//! Only `fail` and `warn` results are findings (`warn` is a failed audit rule under
//! `--audit-warn`); `pass`, `skip` and `error` are not. Severity is the policy's
//! `policies.kyverno.io/severity` annotation when it has one, else the level the control belongs
//! to (whichever rule reported it): baseline controls high, restricted-only ones medium, the
//! level kept as the raw severity. The report carries no tool version: it comes from the result
//! file's name.

use std::collections::{HashMap, HashSet};
use std::sync::OnceLock;

use serde::Deserialize;

use super::util::{first_significant_byte, head, json_error, non_empty};
use crate::parser::version_from_file_name;
use crate::{Finding, ObjectRef, ParseErrorKind, Parser, Report, RuleTable, Severity};

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

/// Kyverno prints its own warnings on stdout, before the report: one line each, starting with
/// this (`Warning: POLICY: kyverno.io/v1 ClusterPolicy is deprecated ...`). A report line is
/// JSON, so such a line is never part of one.
const WARNING: &str = "Warning: ";

/// The documents of the output: the JSON texts between `---` lines, Kyverno's warning lines
/// left out.
fn documents(text: &str) -> Vec<String> {
    let mut docs = Vec::new();
    let mut cur = String::new();
    for line in text.split_inclusive('\n') {
        if line.trim() == "---" {
            docs.push(std::mem::take(&mut cur));
        } else if !line.starts_with(WARNING) {
            cur.push_str(line);
        }
    }
    docs.push(cur);
    docs.retain(|d| !d.trim().is_empty());
    docs
}

/// The first line that is not one of Kyverno's warnings, for detection.
fn first_report_line(text: &str) -> &str {
    text.lines()
        .find(|l| !l.starts_with(WARNING) && !l.trim().is_empty())
        .unwrap_or("")
}

/// Pod Security level of a control: what its severity is read from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Level {
    Baseline,
    Restricted,
    /// Not a podSecurity rule, or a level this adapter does not know.
    Other,
}

/// The controls only the restricted level has (pod-security-admission's checks of level
/// `restricted`); every other check id belongs to baseline, which restricted includes.
const RESTRICTED_ONLY: &[&str] = &[
    "allowPrivilegeEscalation",
    "capabilities_restricted",
    "restrictedVolumes",
    "runAsNonRoot",
    "runAsUser",
    "seccompProfile_restricted",
];

impl Level {
    /// A result's level as Kyverno gives it (`properties.standard`).
    fn of(standard: Option<&str>) -> Level {
        match standard.map(str::trim) {
            Some("baseline") => Level::Baseline,
            Some("restricted") => Level::Restricted,
            _ => Level::Other,
        }
    }

    /// The level a control belongs to, whichever rule reported it: a restricted rule reports
    /// baseline controls too. A check id the table does not know keeps the result's level.
    fn of_control(control: &str, reported_at: Level) -> Level {
        if RESTRICTED_ONLY.contains(&control) {
            Level::Restricted
        } else if rules().get(control).is_some() {
            Level::Baseline
        } else {
            reported_at
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
    // The list's own closing bracket, when the field ends it; an annotation key's bracket
    // (`annotations[container.apparmor...]`) is balanced and stays.
    let mut field = list[..end].trim_end_matches(')');
    while field.ends_with(']') && field.matches('[').count() < field.matches(']').count() {
        field = &field[..field.len() - 1];
    }
    (!field.is_empty()).then_some(field)
}

/// An object and a rule id: a control is one finding per object, however many rules (levels)
/// of the policy reported it.
type Key = (Option<String>, Option<String>, Option<String>, String);

#[derive(Default)]
struct Collector {
    findings: Vec<Finding>,
    seen: HashSet<Key>,
}

impl Collector {
    fn add(&mut self, f: Finding) {
        let key = (
            f.object.kind.clone(),
            f.object.namespace.clone(),
            f.object.name.clone(),
            f.rule_id.clone(),
        );
        if self.seen.insert(key) {
            self.findings.push(f);
        }
    }
}

/// Kyverno writes an annotation's key in brackets (`metadata.annotations[container.apparmor.
/// security.beta.kubernetes.io/app]`); it is a field, not an array item, so it becomes
/// `metadata.annotations.KEY`, the suite's notation, before the path is made canonical.
fn field_path(field: &str) -> String {
    let mut field = field.to_string();
    for map in ["annotations[", "labels["] {
        if let Some(i) = field.find(map) {
            let open = i + map.len() - 1;
            if let Some(close) = field[open..].find(']') {
                let key = field[open + 1..open + close].to_string();
                field.replace_range(open..=open + close, &format!(".{key}"));
            }
        }
    }
    crate::paths::normalize(&field)
}

fn add_result(out: &mut Collector, r: ReportResult) {
    let status = r.result.as_deref().map(str::trim).unwrap_or("");
    if !matches!(status, "fail" | "warn") {
        return;
    }
    let props = r.properties.unwrap_or_default();
    let reported_at = Level::of(props.get("standard").map(String::as_str));
    let annotated = non_empty(r.severity);
    let severity_of = |level: Level| match &annotated {
        Some(s) => (Severity::from_raw(s), Some(s.clone())),
        None => level.severity(),
    };
    let message = non_empty(r.message);
    let rule = non_empty(r.rule).unwrap_or_default();
    let controls: Vec<&str> = props
        .get("controls")
        .map(|c| {
            c.split(',')
                .map(str::trim)
                .filter(|c| !c.is_empty())
                .collect()
        })
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
        let new = |rule_id: &str, level: Level, part: Option<&str>| {
            let mut f = Finding::new(NAME, rule_id);
            f.rule_title = rules().get(rule_id).map(|r| r.title.clone());
            (f.severity, f.raw_severity) = severity_of(level);
            f.object = object.clone();
            f.path = part.and_then(first_field).map(field_path);
            f.message = match (part, &message) {
                (Some(p), _) => Some(p.to_string()),
                (None, m) => m.clone(),
            };
            f
        };
        if controls.is_empty() {
            let id = match base_rule(&rule) {
                "" => policy.as_deref().unwrap_or(""),
                id => id,
            };
            out.add(new(id, Level::Other, None));
        } else {
            for (i, control) in controls.iter().enumerate() {
                let part = if paired { Some(parts[i]) } else { None };
                out.add(new(control, Level::of_control(control, reported_at), part));
            }
        }
    }
}

fn parse_report(text: &str) -> Result<Vec<Finding>, ParseErrorKind> {
    let mut out = Collector::default();
    let docs = documents(text);
    // Kyverno prints no report when no resource matched a rule; that output cannot be told
    // from one cut before its report, so it is an error rather than a clean run.
    if docs.is_empty() {
        return Err(ParseErrorKind::wrong_shape(
            NAME,
            "no policy report in the output (only Kyverno's warning lines)",
        ));
    }
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
        let api_ok = parsed
            .api_version
            .as_deref()
            .is_some_and(|a| a.starts_with("openreports.io/") || a.starts_with("wgpolicyk8s.io/"));
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

impl Parser for Kyverno {
    fn name(&self) -> &'static str {
        NAME
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
        let h = head(input, 64 * 1024);
        if first_significant_byte(first_report_line(h).as_bytes()) != Some(b'{') {
            return false;
        }
        (h.contains("\"openreports.io/") || h.contains("\"wgpolicyk8s.io/"))
            && has_pair(h, "source", NAME)
    }
}

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
        assert_eq!(
            first_field(
                "(Forbidden reason: r, field error list: [metadata.annotations[a/b] is forbidden])"
            ),
            Some("metadata.annotations[a/b]")
        );
        assert_eq!(
            first_field("(Forbidden reason: r, field error list: [spec.volumes[0]])"),
            Some("spec.volumes[0]")
        );
        assert!(control_parts("Validation rule 'x' passed.").is_empty());
    }

    #[test]
    fn documents_split_at_separator_lines() {
        assert_eq!(
            documents("{\"a\":1}\n---\n{\"b\":2}\n"),
            ["{\"a\":1}\n", "{\"b\":2}\n"]
        );
        assert_eq!(documents("---\n{\"a\":\"---\"}\n"), ["{\"a\":\"---\"}\n"]);
        assert!(documents("\n---\n").is_empty());
        assert_eq!(
            documents("Warning: p.yaml: deprecated\n{\"a\":1}\n"),
            ["{\"a\":1}\n"]
        );
        assert_eq!(
            first_report_line("Warning: x\n\n {\"a\":1}\n"),
            " {\"a\":1}"
        );
    }

    #[test]
    fn annotation_keys_become_fields() {
        assert_eq!(
            field_path("spec.template.metadata.annotations[container.apparmor.security.beta.kubernetes.io/app]"),
            ".metadata.annotations.container.apparmor.security.beta.kubernetes.io/app"
        );
        assert_eq!(
            field_path("spec.template.spec.volumes[1].hostPath"),
            ".spec.volumes[].hostPath"
        );
    }

    #[test]
    fn controls_keep_their_own_level() {
        assert_eq!(
            Level::of_control("privileged", Level::Restricted),
            Level::Baseline
        );
        assert_eq!(
            Level::of_control("runAsNonRoot", Level::Restricted),
            Level::Restricted
        );
        assert_eq!(
            Level::of_control("somethingNew", Level::Restricted),
            Level::Restricted
        );
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

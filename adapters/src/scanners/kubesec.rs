//! kubesec (ControlPlane), `scan` JSON output.
//!
//! kubesec scores each object: `scoring.critical` lists rules that cost points (security
//! problems), `scoring.advise` lists rules that would earn points (hardening not applied), and
//! `scoring.passed` the rules already satisfied. Critical and advise entries both become
//! findings, as KALM counts them, so the benchmark compares the same things; they stay apart by
//! severity and by `raw_severity` (`critical` / `advise`):
//! critical: points <= -20 critical, <= -7 high, otherwise medium;
//! advise: points >= 3 low, otherwise info (KALM's mapping).
//! Objects kubesec does not support (`scoring` empty) produce nothing.
//!
//! kubesec reads one file per run (extra arguments are ignored) but splits it at `---` into
//! objects, so a suite of several files is scanned as one multi-document file written into the
//! work folder; objects keep their names, from which the check ids come. KALM instead ran it
//! once per file and collected the outputs in a list: that list of lists is accepted as well as
//! a single run's list.

use std::sync::OnceLock;

use serde::Deserialize;

use super::util::{first_byte, head, json_error};
use crate::parser::version_from_file_name;
use crate::{Finding, ObjectRef, ParseErrorKind, Parser, Report, RuleTable, Severity};

pub struct Kubesec;

const NAME: &str = "kubesec";

#[derive(Deserialize)]
#[serde(untagged)]
enum Entry {
    One(Box<Scored>),
    Many(Vec<Scored>),
}

#[derive(Deserialize)]
#[allow(non_snake_case)]
struct Scored {
    /// Required: `Kind/name.namespace`, what makes an entry a kubesec result.
    object: String,
    #[serde(default)]
    fileName: Option<String>,
    #[serde(default)]
    scoring: Scoring,
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct Scoring {
    critical: Option<Vec<RuleRef>>,
    advise: Option<Vec<RuleRef>>,
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct RuleRef {
    id: String,
    selector: Option<String>,
    reason: Option<String>,
    points: i64,
}

/// `Deployment/pod-001-x.kalm-benchmark`: namespaces hold no dots, so the last dot ends the name.
fn parse_object(object: &str) -> ObjectRef {
    let (kind, rest) = match object.split_once('/') {
        Some((k, r)) => (Some(k.to_string()), r),
        None => (None, object),
    };
    let (name, namespace) = match rest.rsplit_once('.') {
        Some((n, ns)) if !ns.is_empty() => (n, Some(ns.to_string())),
        _ => (rest, None),
    };
    ObjectRef {
        kind: kind.filter(|k| !k.is_empty()),
        namespace,
        name: (!name.is_empty()).then(|| name.to_string()),
    }
}

/// Turns a kubesec selector (a jq-like expression) into a field path:
/// `containers[] .securityContext .privileged == true` -> `.spec.containers[].securityContext.privileged`,
/// `.spec, .spec.containers[] | .securityContext .runAsUser -gt 10000` -> the container form,
/// `.metadata .annotations ."container.apparmor..."` -> `.metadata.annotations` (the quoted key
/// holds dots a path cannot carry).
pub(crate) fn selector_path(selector: &str) -> Option<String> {
    let mut s = selector.trim();
    // A comparison ends the path.
    for op in [
        " == ", " != ", " -gt ", " -lt ", " -ge ", " -le ", " >", " <",
    ] {
        if let Some(i) = s.find(op) {
            s = &s[..i];
        }
    }
    let joined;
    if let Some((left, right)) = s.split_once(" | ") {
        let right = right.trim();
        let prefix = left.rsplit(',').next().unwrap_or(left).trim();
        if right.starts_with('.') {
            joined = format!("{prefix}{right}");
            s = &joined;
        } else {
            // A function (`index("ALL")`) applied to the path: the path is the left side.
            s = left;
        }
    }
    let mut path: String = s.chars().filter(|c| !c.is_whitespace()).collect();
    if let Some(i) = path.find(".\"") {
        path.truncate(i);
    }
    let path = path.trim_end_matches('.');
    if path.is_empty() {
        return None;
    }
    let rooted = if path.starts_with('.') {
        path.to_string()
    } else {
        // `containers[]`, `volumes[]`, `initContainers[]`: pod-spec lists without their root.
        format!(".spec.{path}")
    };
    Some(crate::paths::normalize(&rooted))
}

fn critical_severity(points: i64) -> Severity {
    match points {
        ..=-20 => Severity::Critical,
        -19..=-7 => Severity::High,
        _ => Severity::Medium,
    }
}

fn advise_severity(points: i64) -> Severity {
    if points >= 3 {
        Severity::Low
    } else {
        Severity::Info
    }
}

fn push_findings(s: Scored, out: &mut Vec<Finding>) {
    let object = parse_object(&s.object);
    let groups = [
        ("critical", s.scoring.critical.unwrap_or_default()),
        ("advise", s.scoring.advise.unwrap_or_default()),
    ];
    for (group, rules) in groups {
        for r in rules {
            let mut f = Finding::new(NAME, r.id);
            f.severity = if group == "critical" {
                critical_severity(r.points)
            } else {
                advise_severity(r.points)
            };
            f.raw_severity = Some(group.to_string());
            f.object = object.clone();
            f.file = s.fileName.clone();
            f.path = r.selector.as_deref().and_then(selector_path);
            f.message = Some(match r.reason {
                Some(reason) => format!("{reason} ({:+} points)", r.points),
                None => format!("{:+} points", r.points),
            });
            out.push(f);
        }
    }
}

impl Parser for Kubesec {
    fn name(&self) -> &'static str {
        NAME
    }

    fn rules(&self) -> &RuleTable {
        static RULES: OnceLock<RuleTable> = OnceLock::new();
        RULES.get_or_init(|| RuleTable::from_csv(NAME, include_str!("../../rules/kubesec.csv")))
    }

    fn parse(&self, input: &[u8], file_name: &str) -> Result<Report, ParseErrorKind> {
        let text = crate::error::text(input)?;
        if first_byte(text) != Some(b'[') {
            return Err(ParseErrorKind::wrong_shape(
                NAME,
                "expected a JSON list of scored objects",
            ));
        }
        let entries: Vec<Entry> = serde_json::from_str(text).map_err(|e| {
            if e.is_data() {
                ParseErrorKind::wrong_shape(
                    NAME,
                    "list entries are not kubesec results (no `object`)",
                )
            } else {
                json_error(NAME, e)
            }
        })?;
        let mut findings = Vec::new();
        for entry in entries {
            match entry {
                Entry::One(s) => push_findings(*s, &mut findings),
                Entry::Many(list) => list
                    .into_iter()
                    .for_each(|s| push_findings(s, &mut findings)),
            }
        }
        let report = Report {
            tool: NAME.to_string(),
            // kubesec does not print its version in the scan output.
            tool_version: version_from_file_name(file_name),
            findings,
        };
        Ok(report.finish(self.rules()))
    }

    fn detect(&self, input: &[u8]) -> bool {
        let h = head(input, 8192);
        first_byte(h) == Some(b'[')
            && h.contains("\"object\"")
            && h.contains("\"scoring\"")
            && h.contains("\"valid\"")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn selectors() {
        let cases = [
            (
                "containers[] .securityContext .privileged == true",
                ".spec.containers[].securityContext.privileged",
            ),
            (".spec .hostPID == true", ".spec.hostPID"),
            (
                ".spec, .spec.containers[] | .securityContext .runAsUser -gt 10000",
                ".spec.containers[].securityContext.runAsUser",
            ),
            (
                "containers[] .securityContext .capabilities .drop | index(\"ALL\")",
                ".spec.containers[].securityContext.capabilities.drop",
            ),
            (
                ".metadata .annotations .\"container.apparmor.security.beta.kubernetes.io/nginx\"",
                ".metadata.annotations",
            ),
            (
                "volumes[] .hostPath .path == /var/run/docker.sock",
                ".spec.volumes[].hostPath.path",
            ),
            (
                "containers[] .securityContext .capabilities .add == SYS_ADMIN",
                ".spec.containers[].securityContext.capabilities.add",
            ),
        ];
        for (sel, want) in cases {
            assert_eq!(selector_path(sel).as_deref(), Some(want), "{sel}");
        }
        assert_eq!(selector_path("   "), None);
    }

    #[test]
    fn objects() {
        let o = parse_object("ClusterRole/rbac-003-4-cluster-all-ns-verbs.kalm-benchmark");
        assert_eq!(o.kind.as_deref(), Some("ClusterRole"));
        assert_eq!(o.name.as_deref(), Some("rbac-003-4-cluster-all-ns-verbs"));
        assert_eq!(o.namespace.as_deref(), Some("kalm-benchmark"));
        let o = parse_object("Pod/no-namespace");
        assert_eq!(o.name.as_deref(), Some("no-namespace"));
        assert_eq!(o.namespace, None);
    }
}

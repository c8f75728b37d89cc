//! kube-score, `score -o json` output.
//!
//! kube-score prints a list of scored objects; each carries every check with a grade
//! (1 critical, 5 warning, 7 almost ok, 10 ok) and, per container, comments. A check is a
//! finding when it was not skipped and its grade is below 10, one finding per comment (a comment
//! names the container), or one for the check when it has no comment. Runs that scan one file
//! at a time and collect the outputs in a list (as KALM's recorded file does) give a list of
//! lists, also accepted; `null` entries (a file with no scorable object) are skipped, and a
//! whole output of `null` (a run with no scorable object) is a clean run.

use std::sync::OnceLock;

use serde::de::DeserializeSeed;
use serde::Deserialize;

use super::util::{first_byte, head, json_error};
use crate::parser::version_from_file_name;
use crate::{Finding, ObjectRef, ParseErrorKind, Parser, Report, RuleTable, Severity};

pub struct KubeScore;

const NAME: &str = "kube-score";

/// One element of kube-score's list: a scored object, a nested list of them (older releases
/// group objects per file) or null. Dispatched on the JSON type as it streams by; an untagged
/// enum would buffer every object and try each variant in turn, which made this adapter the
/// slowest step of `harness run --tool kube-score` after the scan itself.
enum Entry {
    One(Box<ScoredObject>),
    Many(Vec<ScoredObject>),
    Null,
}

impl<'de> Deserialize<'de> for Entry {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct EntryVisitor;
        impl<'de> serde::de::Visitor<'de> for EntryVisitor {
            type Value = Entry;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a scored object, a list of scored objects or null")
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(self, map: A) -> Result<Entry, A::Error> {
                let de = serde::de::value::MapAccessDeserializer::new(map);
                ScoredObject::deserialize(de).map(|o| Entry::One(Box::new(o)))
            }
            fn visit_seq<A: serde::de::SeqAccess<'de>>(self, seq: A) -> Result<Entry, A::Error> {
                let de = serde::de::value::SeqAccessDeserializer::new(seq);
                Vec::<ScoredObject>::deserialize(de).map(Entry::Many)
            }
            fn visit_unit<E: serde::de::Error>(self) -> Result<Entry, E> {
                Ok(Entry::Null)
            }
            fn visit_none<E: serde::de::Error>(self) -> Result<Entry, E> {
                Ok(Entry::Null)
            }
        }
        d.deserialize_any(EntryVisitor)
    }
}

/// The top-level list, turned into findings one entry at a time as it is read: an entry's
/// memory is reused for the next instead of the whole output being held as objects first.
struct Entries<'f>(&'f mut Vec<Finding>);

impl<'de> serde::de::DeserializeSeed<'de> for Entries<'_> {
    type Value = ();
    fn deserialize<D: serde::Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_seq(self)
    }
}

impl<'de> serde::de::Visitor<'de> for Entries<'_> {
    type Value = ();
    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("a list of scored objects")
    }

    fn visit_seq<A: serde::de::SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        while let Some(entry) = seq.next_element::<Entry>()? {
            match entry {
                Entry::One(obj) => push_findings(*obj, self.0),
                Entry::Many(objs) => objs.into_iter().for_each(|o| push_findings(o, self.0)),
                Entry::Null => {}
            }
        }
        Ok(())
    }
}

#[derive(Deserialize)]
struct ScoredObject {
    #[serde(default)]
    object_name: Option<String>,
    #[serde(default)]
    type_meta: TypeMeta,
    #[serde(default)]
    object_meta: ObjectMeta,
    /// Required: it is what makes an object a kube-score object and not another tool's.
    checks: Vec<TestScore>,
    #[serde(default)]
    file_name: Option<String>,
    #[serde(default)]
    file_row: Option<u32>,
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct TypeMeta {
    kind: Option<String>,
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct ObjectMeta {
    name: Option<String>,
    namespace: Option<String>,
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct TestScore {
    check: CheckMeta,
    grade: i64,
    skipped: bool,
    comments: Option<Vec<Comment>>,
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct CheckMeta {
    name: Option<String>,
    id: String,
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct Comment {
    path: String,
    summary: String,
    description: String,
}

/// kube-score's grade names, as its text output prints them.
fn grade_severity(grade: i64) -> (Severity, &'static str) {
    match grade {
        ..=1 => (Severity::Critical, "CRITICAL"),
        2..=5 => (Severity::Medium, "WARNING"),
        _ => (Severity::Low, "ALMOST_OK"),
    }
}

/// `Deployment/apps/v1/namespace/name`, used only when `object_meta` is missing.
fn object_from_name(object_name: &str) -> ObjectRef {
    let parts: Vec<&str> = object_name.split('/').collect();
    let kind = parts
        .first()
        .filter(|s| !s.is_empty())
        .map(|s| s.to_string());
    let name = parts
        .last()
        .filter(|_| parts.len() > 1)
        .map(|s| s.to_string());
    let namespace = (parts.len() >= 4)
        .then(|| parts[parts.len() - 2])
        .filter(|s| !s.is_empty())
        .map(str::to_string);
    ObjectRef {
        kind,
        namespace,
        name,
    }
}

fn push_findings(obj: ScoredObject, out: &mut Vec<Finding>) {
    let mut object = match obj.object_name.as_deref() {
        Some(n) => object_from_name(n),
        None => ObjectRef::default(),
    };
    if obj.type_meta.kind.is_some() {
        object.kind = obj.type_meta.kind;
    }
    if obj.object_meta.name.is_some() {
        object.name = obj.object_meta.name;
    }
    if obj.object_meta.namespace.is_some() {
        object.namespace = obj.object_meta.namespace;
    }
    for score in obj.checks {
        if score.skipped || !(1..10).contains(&score.grade) {
            continue;
        }
        let (severity, raw) = grade_severity(score.grade);
        let make = |message: Option<String>| {
            let mut f = Finding::new(NAME, score.check.id.clone());
            f.rule_title = score.check.name.clone();
            f.severity = severity;
            f.raw_severity = Some(raw.to_string());
            f.object = object.clone();
            f.file = obj.file_name.clone();
            f.line = obj.file_row;
            f.message = message;
            f
        };
        match score.comments.as_deref() {
            Some(comments) if !comments.is_empty() => {
                for c in comments {
                    let mut msg = if c.path.is_empty() {
                        c.summary.clone()
                    } else {
                        format!("{}: {}", c.path, c.summary)
                    };
                    if !c.description.is_empty() {
                        msg.push_str(" - ");
                        msg.push_str(&c.description);
                    }
                    out.push(make(Some(msg)));
                }
            }
            _ => out.push(make(score.check.name.clone())),
        }
    }
}

impl Parser for KubeScore {
    fn name(&self) -> &'static str {
        NAME
    }

    fn rules(&self) -> &RuleTable {
        static RULES: OnceLock<RuleTable> = OnceLock::new();
        RULES.get_or_init(|| RuleTable::from_csv(NAME, include_str!("../../rules/kube-score.csv")))
    }

    fn parse(&self, input: &[u8], file_name: &str) -> Result<Report, ParseErrorKind> {
        let text = crate::error::text(input)?;
        // A run over files with no object kube-score scores (ConfigMaps only, say) prints the
        // empty list as `null`: a clean run, not a broken file.
        if text.trim() == "null" {
            return Ok(Report {
                tool: NAME.to_string(),
                tool_version: version_from_file_name(file_name),
                findings: Vec::new(),
            }
            .finish(self.rules()));
        }
        if first_byte(text) != Some(b'[') {
            return Err(ParseErrorKind::wrong_shape(
                NAME,
                "expected a JSON list of scored objects",
            ));
        }
        let mut findings = Vec::new();
        let mut de = serde_json::Deserializer::from_str(text);
        Entries(&mut findings)
            .deserialize(&mut de)
            .and_then(|()| de.end())
            .map_err(|e| {
                if e.is_data() {
                    ParseErrorKind::wrong_shape(
                        NAME,
                        "list entries are not scored objects (no `checks`)",
                    )
                } else {
                    json_error(NAME, e)
                }
            })?;
        let report = Report {
            tool: NAME.to_string(),
            // kube-score does not print its version in the JSON output.
            tool_version: version_from_file_name(file_name),
            findings,
        };
        Ok(report.finish(self.rules()))
    }

    fn detect(&self, input: &[u8]) -> bool {
        let h = head(input, 8192);
        first_byte(h) == Some(b'[') && h.contains("\"object_name\"") && h.contains("\"type_meta\"")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn object_names() {
        let o = object_from_name("Deployment/apps/v1/kalm-benchmark/pod-001");
        assert_eq!(o.kind.as_deref(), Some("Deployment"));
        assert_eq!(o.namespace.as_deref(), Some("kalm-benchmark"));
        assert_eq!(o.name.as_deref(), Some("pod-001"));
        assert_eq!(grade_severity(1).0, Severity::Critical);
        assert_eq!(grade_severity(5).0, Severity::Medium);
        assert_eq!(grade_severity(7).0, Severity::Low);
    }
}

//! Attribution: does a finding count for the check whose objects it names? Two independent
//! answers (see docs/metrics.md): the rule metadata of the adapter, and the differential
//! against secure objects. Everything here is a hash lookup per finding, never a scan over
//! the suite.

use std::collections::HashMap;

use adapters::{Finding, RuleTable};

use super::suite::{Suite, Target};

/// How a finding was tied to the suite.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Via {
    CheckId,
    ObjectName,
    File,
    None,
}

impl Via {
    pub fn as_str(self) -> &'static str {
        match self {
            Via::CheckId => "check id",
            Via::ObjectName => "object name",
            Via::File => "file",
            Via::None => "none",
        }
    }
}

/// The attribution of one finding.
#[derive(Debug, Clone, Copy)]
pub struct Attribution {
    pub target: Option<Target>,
    pub via: Via,
    /// Rule metadata: one of the rule's table paths is related to one of the check's
    /// declared paths, or the path the finding names is one of them or inside one.
    pub metadata: bool,
    /// Differential: the rule fires on no secure object of the same kind other than this
    /// check's own.
    pub differential: bool,
    /// The suite had no secure object of the finding's kind to compare with, so the
    /// differential could not refute the finding.
    pub differential_unverified: bool,
    /// The rule is in the adapter's table with at least one path.
    pub rule_mapped: bool,
    /// The rule fires on the secure baseline itself (see [`on_baseline`]).
    pub on_baseline: bool,
    /// The method the scores use: metadata when the rule is mapped, differential otherwise;
    /// never for a rule that fires on the secure baseline.
    pub headline: bool,
}

/// Which suite object a finding is about: the check id the adapter derived, else the object
/// name, else the file.
pub fn resolve(suite: &Suite, f: &Finding) -> (Option<Target>, Via) {
    if let Some(i) = f
        .check_id
        .as_deref()
        .and_then(|id| suite.check_index(&id.to_ascii_uppercase()))
    {
        return (Some(Target::Check(i)), Via::CheckId);
    }
    if let Some(t) = f
        .object
        .name
        .as_deref()
        .and_then(|n| suite.by_object_name(n))
    {
        return (Some(t), Via::ObjectName);
    }
    if let Some(t) = f
        .object
        .name
        .as_deref()
        .and_then(adapters::checkid::from_name)
        .and_then(|id| suite.check_index(&id))
    {
        return (Some(Target::Check(t)), Via::ObjectName);
    }
    if let Some(t) = f.file.as_deref().and_then(|p| suite.by_file_name(p)) {
        return (Some(t), Via::File);
    }
    if let Some(i) = f
        .file
        .as_deref()
        .and_then(adapters::checkid::from_file)
        .and_then(|id| suite.check_index(&id))
    {
        return (Some(Target::Check(i)), Via::File);
    }
    (None, Via::None)
}

/// `short` equals `long` or is its prefix at a segment boundary; both already canonical.
/// (Same rule as `adapters::paths::related`, without re-normalizing on every call: this runs
/// once per finding and path pair.)
fn is_prefix(short: &str, long: &str) -> bool {
    if short == "." {
        return true;
    }
    long.starts_with(short)
        && matches!(
            long.as_bytes().get(short.len()),
            None | Some(b'.') | Some(b'[')
        )
}

pub fn related_canonical(a: &str, b: &str) -> bool {
    is_prefix(a, b) || is_prefix(b, a)
}

/// Where one rule fired on secure objects: the distinct targets, and whether one was a control.
#[derive(Debug, Default)]
struct SecureHits {
    targets: std::collections::HashSet<Target>,
    control: bool,
}

impl SecureHits {
    fn add(&mut self, t: Target, control: bool) {
        self.targets.insert(t);
        self.control |= control;
    }
    fn any_other_than(&self, own: Target) -> bool {
        self.targets.iter().any(|t| *t != own)
    }
}

/// A rule fires on the secure baseline itself when it fires on the control of the kind, or,
/// in a suite without a control for the kind (KALM's), on most of its secure objects (every
/// secure object is a baseline variant). Such a rule cannot tell a misconfigured object from
/// a secure one.
fn on_baseline(suite: &Suite, hits: Option<&SecureHits>, kind: Option<&str>) -> bool {
    let Some(h) = hits else { return false };
    if kind.is_some_and(|k| suite.has_control_kind(k)) {
        return h.control;
    }
    let n = h.targets.len() as u32;
    n >= 2 && 2 * n > suite.secure_count(kind)
}

fn is_secure(suite: &Suite, t: Target) -> bool {
    match t {
        Target::Check(i) => suite.checks[i as usize].secure(),
        Target::Context(_) => true,
    }
}

/// Lowercase kind of the object a finding is about: the scanner's word, else the kind of the
/// first object of its target (files with one object), else unknown.
fn finding_kind(suite: &Suite, f: &Finding, target: Option<Target>) -> Option<String> {
    if let Some(k) = f.object.kind.as_deref().filter(|k| !k.is_empty()) {
        return Some(k.to_ascii_lowercase());
    }
    match target? {
        Target::Check(i) => {
            let objs = &suite.checks[i as usize].objects;
            // Only unambiguous when the check has a single object kind apart from its
            // service account filler.
            let kinds: Vec<&str> = objs
                .iter()
                .map(|o| o.kind.as_str())
                .filter(|k| !k.eq_ignore_ascii_case("ServiceAccount"))
                .collect();
            match kinds.as_slice() {
                [one] => Some(one.to_ascii_lowercase()),
                _ => None,
            }
        }
        Target::Context(i) => Some(suite.context[i as usize].kind.to_ascii_lowercase()),
    }
}

/// Attributes every finding of one tool's results.
pub fn attribute(suite: &Suite, rules: &RuleTable, findings: &[Finding]) -> Vec<Attribution> {
    let resolved: Vec<(Option<Target>, Via, Option<String>)> = findings
        .iter()
        .map(|f| {
            let (t, via) = resolve(suite, f);
            let k = finding_kind(suite, f, t);
            (t, via, k)
        })
        .collect();

    // Where each rule fires on secure objects, by kind and regardless of kind.
    let mut by_kind: HashMap<(&str, &str), SecureHits> = HashMap::new();
    let mut by_rule: HashMap<&str, SecureHits> = HashMap::new();
    for (f, (t, _, k)) in findings.iter().zip(&resolved) {
        let Some(t) = *t else { continue };
        if !is_secure(suite, t) {
            continue;
        }
        let control = matches!(t, Target::Check(i) if suite.checks[i as usize].control);
        if let Some(k) = k {
            by_kind
                .entry((f.rule_id.as_str(), k.as_str()))
                .or_default()
                .add(t, control);
        }
        by_rule
            .entry(f.rule_id.as_str())
            .or_default()
            .add(t, control);
    }

    findings
        .iter()
        .zip(&resolved)
        .map(|(f, (t, via, kind))| {
            let info = rules.get(&f.rule_id);
            let rule_mapped = info.is_some_and(|r| !r.paths.is_empty());
            let check = match t {
                Some(Target::Check(i)) => Some((*i, &suite.checks[*i as usize])),
                _ => None,
            };
            let Some((ci, check)) = check.filter(|(_, c)| c.scored()) else {
                return Attribution {
                    target: *t,
                    via: *via,
                    metadata: false,
                    differential: false,
                    differential_unverified: false,
                    rule_mapped,
                    on_baseline: false,
                    headline: false,
                };
            };
            let own = Target::Check(ci);
            let finding_path = f
                .path
                .as_deref()
                .filter(|p| !p.trim().is_empty())
                .map(adapters::paths::normalize);
            // The table's paths match in either direction (a rule that inspects a parent
            // field is about its children); the finding's own path only when it is the
            // check's field or inside it, because scanners often point at the enclosing
            // object (`/spec/template/spec`), which would match every check.
            let by_table = info.is_some_and(|r| {
                r.paths
                    .iter()
                    .any(|rp| check.paths.iter().any(|cp| related_canonical(rp, cp)))
            });
            let by_finding = finding_path
                .as_deref()
                .is_some_and(|fp| check.paths.iter().any(|cp| is_prefix(cp, fp)));
            let metadata = by_table || by_finding;
            let hits = match kind {
                Some(k) => by_kind.get(&(f.rule_id.as_str(), k.as_str())),
                None => by_rule.get(f.rule_id.as_str()),
            };
            let differential = !hits.is_some_and(|h| h.any_other_than(own));
            let unverified = kind.as_deref().is_some_and(|k| !suite.has_secure_kind(k));
            let baseline = on_baseline(suite, hits, kind.as_deref());
            Attribution {
                target: *t,
                via: *via,
                metadata,
                differential,
                differential_unverified: differential && unverified,
                rule_mapped,
                on_baseline: baseline,
                headline: !baseline && if rule_mapped { metadata } else { differential },
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn canonical_prefixes() {
        assert!(related_canonical(
            ".spec.containers[].securityContext",
            ".spec.containers[].securityContext.privileged"
        ));
        assert!(related_canonical(".spec.hostPID", ".spec.hostPID"));
        assert!(!related_canonical(".spec.hostPID", ".spec.hostPIDX"));
        assert!(!related_canonical(
            ".spec.containers[].image",
            ".spec.containers[].imagePullPolicy"
        ));
    }

    #[test]
    fn hits_exclude_own() {
        let mut s = SecureHits::default();
        s.add(Target::Check(1), false);
        assert!(!s.any_other_than(Target::Check(1)));
        assert!(s.any_other_than(Target::Check(2)));
        s.add(Target::Check(1), false);
        s.add(Target::Context(0), false);
        assert!(s.any_other_than(Target::Check(1)));
        assert!(!s.control);
    }
}

//! What a check is: the labelled misconfiguration, its expected outcome, and how its manifest is
//! built from the secure baseline (as data: a JSON Patch per object, plus whole objects removed
//! or added).

use serde::Serialize;
use serde_json::Value;

use super::patch::Op;
use crate::baseline::Kind;
pub use crate::schema::{Category, Expected};

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Critical,
    High,
    Medium,
    Low,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Critical => "critical",
            Severity::High => "high",
            Severity::Medium => "medium",
            Severity::Low => "low",
        }
    }
}

/// A reference to a hardening standard the check comes from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "standard", content = "ref")]
pub enum Standard {
    /// CIS Kubernetes Benchmark section, e.g. `5.2.2`.
    Cis(&'static str),
    /// NSA/CISA Kubernetes Hardening Guide section or topic, e.g. `Pod security: non-root containers`.
    Nsa(&'static str),
    /// Pod Security Standards level and control, e.g. (`baseline`, `Privileged Containers`).
    Pss(&'static str, &'static str),
    /// OWASP Kubernetes Top 10 id, e.g. `K01`.
    Owasp(&'static str),
    /// A CVE id, e.g. `CVE-2021-25741`.
    Cve(&'static str),
}

impl std::fmt::Display for Standard {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Standard::Cis(s) => write!(f, "CIS {s}"),
            Standard::Nsa(s) => write!(f, "NSA/CISA {s}"),
            Standard::Pss(level, control) => write!(f, "PSS {level}: {control}"),
            Standard::Owasp(s) => write!(f, "OWASP {s}"),
            Standard::Cve(s) => write!(f, "{s}"),
        }
    }
}

/// One object of a check's manifest: the baseline of `kind`, changed by `patch`.
#[derive(Debug, Clone)]
pub struct ObjectSpec {
    pub kind: Kind,
    pub patch: Vec<Op>,
}

/// How one check is built: a secure baseline with exactly one labelled misconfiguration (or a
/// secure variant expected to pass). What the generated suite then declares about it is
/// `schema::Check`.
#[derive(Debug, Clone)]
pub struct CheckSpec {
    /// `POD-032-2`: KALM's id where KALM has the same check.
    pub id: &'static str,
    /// File-name slug, lowercase words joined by `-`: `privileged-container`.
    pub slug: &'static str,
    pub category: Category,
    pub title: &'static str,
    pub description: &'static str,
    pub expected: Expected,
    /// Declared paths where they deliberately differ from the patch pointers (see
    /// [`CheckSpec::paths`]); empty for most checks.
    pub declared: Vec<&'static str>,
    pub severity: Severity,
    pub standards: Vec<Standard>,
    /// The kind whose baseline bundle the manifest starts from (see `baseline::bundle`).
    pub base: Kind,
    /// Patches applied to the bundle's object of the same kind.
    pub patches: Vec<ObjectSpec>,
    /// Whole objects of the bundle left out (e.g. the PodDisruptionBudget), declared so the
    /// exactly-one-mutation test can verify them.
    pub removes: Vec<Kind>,
    /// Whole objects added to the bundle, each a baseline of its kind changed by its patch.
    pub adds: Vec<ObjectSpec>,
}

/// Builder, so each category module reads as a table of checks.
///
/// ```ignore
/// check("POD-032-2", "privileged-container", Category::Workload)
///     .title("Privileged container")
///     .describe("...")
///     .alert()
///     .severity(Severity::Critical)
///     .std(Standard::Pss("baseline", "Privileged Containers"))
///     .on(Kind::Deployment)
///     .set("/spec/template/spec/containers/0/securityContext/privileged", json!(true))
/// ```
///
/// declares the path `.spec.containers[].securityContext.privileged`, derived from the pointer
/// (see [`CheckSpec::paths`]).
pub fn check(id: &'static str, slug: &'static str, category: Category) -> CheckSpec {
    CheckSpec {
        id,
        slug,
        category,
        title: "",
        description: "",
        expected: Expected::Alert,
        declared: Vec::new(),
        severity: Severity::Medium,
        standards: Vec::new(),
        base: Kind::Deployment,
        patches: Vec::new(),
        removes: Vec::new(),
        adds: Vec::new(),
    }
}

impl CheckSpec {
    pub fn title(mut self, t: &'static str) -> Self {
        self.title = t;
        self
    }
    pub fn describe(mut self, d: &'static str) -> Self {
        self.description = d;
        self
    }
    pub fn alert(mut self) -> Self {
        self.expected = Expected::Alert;
        self
    }
    pub fn pass(mut self) -> Self {
        self.expected = Expected::Pass;
        self
    }
    pub fn severity(mut self, s: Severity) -> Self {
        self.severity = s;
        self
    }
    /// Declares a path instead of deriving the paths from the pointers: once a check calls it,
    /// its declared paths are exactly the ones it lists. For a check whose patch sets a whole
    /// subtree but whose misconfiguration is one field in it (a new volume declared by
    /// `.spec.volumes[].hostPath.path`), or that changes more than it is about.
    pub fn path(mut self, p: &'static str) -> Self {
        self.declared.push(p);
        self
    }
    pub fn std(mut self, s: Standard) -> Self {
        self.standards.push(s);
        self
    }
    /// Starts from the baseline bundle of `kind`; later `set`/`remove`/`add_op` calls patch
    /// the object of that kind.
    pub fn on(mut self, kind: Kind) -> Self {
        self.base = kind;
        self
    }
    fn patch_of(&mut self, kind: Kind) -> &mut Vec<Op> {
        if let Some(i) = self.patches.iter().position(|o| o.kind == kind) {
            return &mut self.patches[i].patch;
        }
        self.patches.push(ObjectSpec {
            kind,
            patch: Vec::new(),
        });
        &mut self.patches.last_mut().unwrap().patch
    }
    /// JSON Patch `add` on the base object (creates missing parent maps; replaces an existing
    /// value). `ptr` is an RFC 6901 JSON Pointer; `-` appends to an array.
    pub fn set(mut self, ptr: &'static str, value: Value) -> Self {
        let k = self.base;
        self.patch_of(k).push(Op::Add(ptr, value));
        self
    }
    /// JSON Patch `remove` on the base object.
    pub fn remove(mut self, ptr: &'static str) -> Self {
        let k = self.base;
        self.patch_of(k).push(Op::Remove(ptr));
        self
    }
    /// JSON Patch `add` on another object of the bundle (e.g. the ServiceAccount of a workload).
    pub fn set_on(mut self, kind: Kind, ptr: &'static str, value: Value) -> Self {
        self.patch_of(kind).push(Op::Add(ptr, value));
        self
    }
    /// JSON Patch `remove` on another object of the bundle.
    pub fn remove_on(mut self, kind: Kind, ptr: &'static str) -> Self {
        self.patch_of(kind).push(Op::Remove(ptr));
        self
    }
    /// Leaves the bundle's object of `kind` out of the manifest.
    pub fn without(mut self, kind: Kind) -> Self {
        self.removes.push(kind);
        self
    }
    /// Adds a baseline object of `kind`, changed by `patch`, to the manifest.
    pub fn with(mut self, kind: Kind, patch: Vec<Op>) -> Self {
        self.adds.push(ObjectSpec { kind, patch });
        self
    }

    /// The field paths that carry the misconfiguration, in the canonical notation of
    /// `adapters::paths`: the [`CheckSpec::path`] declarations if the check has any, else
    /// derived from the patches (see `catalog::paths`).
    pub fn paths(&self) -> Vec<String> {
        if self.declared.is_empty() {
            super::paths::derive(self)
        } else {
            self.declared.iter().map(|p| p.to_string()).collect()
        }
    }

    /// `<lowercase-id>-<slug>.yaml`
    pub fn file_name(&self) -> String {
        format!("{}-{}.yaml", self.id.to_ascii_lowercase(), self.slug)
    }
}

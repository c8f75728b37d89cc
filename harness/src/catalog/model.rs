//! What a check is: the labelled misconfiguration, its expected outcome, and how its manifest is
//! built from the secure baseline (as data: a JSON Patch per object, plus whole objects removed
//! or added).

use serde::Serialize;
use serde_json::Value;

use super::patch::Op;
use crate::baseline::Kind;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub enum Category {
    Workload,
    IAM,
    Network,
    Segregation,
    AdmissionControl,
    Reliability,
    SupplyChain,
    DataSecurity,
    Vulnerability,
    Infrastructure,
    Misc,
}

impl Category {
    pub const ALL: [Category; 11] = [
        Category::Workload,
        Category::IAM,
        Category::Network,
        Category::Segregation,
        Category::AdmissionControl,
        Category::Reliability,
        Category::SupplyChain,
        Category::DataSecurity,
        Category::Vulnerability,
        Category::Infrastructure,
        Category::Misc,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Category::Workload => "Workload",
            Category::IAM => "IAM",
            Category::Network => "Network",
            Category::Segregation => "Segregation",
            Category::AdmissionControl => "AdmissionControl",
            Category::Reliability => "Reliability",
            Category::SupplyChain => "SupplyChain",
            Category::DataSecurity => "DataSecurity",
            Category::Vulnerability => "Vulnerability",
            Category::Infrastructure => "Infrastructure",
            Category::Misc => "Misc",
        }
    }

    /// Case-insensitive parse of a category name.
    pub fn parse(s: &str) -> Option<Category> {
        Category::ALL
            .into_iter()
            .find(|c| c.as_str().eq_ignore_ascii_case(s.trim()))
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Expected {
    Alert,
    Pass,
}

impl Expected {
    pub fn as_str(self) -> &'static str {
        match self {
            Expected::Alert => "alert",
            Expected::Pass => "pass",
        }
    }
}

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

/// One check: a secure baseline with exactly one labelled misconfiguration (or a secure variant
/// expected to pass).
#[derive(Debug, Clone)]
pub struct Check {
    /// `POD-032-2`: KALM's id where KALM has the same check.
    pub id: &'static str,
    /// File-name slug, lowercase words joined by `-`: `privileged-container`.
    pub slug: &'static str,
    pub category: Category,
    pub title: &'static str,
    pub description: &'static str,
    pub expected: Expected,
    /// Canonical field paths (see `adapters::paths`) that carry the misconfiguration.
    pub paths: Vec<&'static str>,
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
///     .path(".spec.containers[].securityContext.privileged")
///     .std(Standard::Pss("baseline", "Privileged Containers"))
///     .on(Kind::Deployment)
///     .set("/spec/template/spec/containers/0/securityContext/privileged", json!(true))
/// ```
pub fn check(id: &'static str, slug: &'static str, category: Category) -> Check {
    Check {
        id,
        slug,
        category,
        title: "",
        description: "",
        expected: Expected::Alert,
        paths: Vec::new(),
        severity: Severity::Medium,
        standards: Vec::new(),
        base: Kind::Deployment,
        patches: Vec::new(),
        removes: Vec::new(),
        adds: Vec::new(),
    }
}

impl Check {
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
    pub fn path(mut self, p: &'static str) -> Self {
        self.paths.push(p);
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

    /// `<lowercase-id>-<slug>.yaml`
    pub fn file_name(&self) -> String {
        format!("{}-{}.yaml", self.id.to_ascii_lowercase(), self.slug)
    }
}

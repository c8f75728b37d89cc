//! The normalized finding: what every adapter produces, whatever the scanner printed.

use serde::{Deserialize, Serialize};

/// Severity normalized across scanners. The scanner's own word is kept in
/// [`Finding::raw_severity`], because each tool has its own scale and a reader may want it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Critical,
    High,
    Medium,
    Low,
    Info,
}

impl Severity {
    /// Maps the common words scanners use; anything unknown is `Info` rather than an error,
    /// because a finding with an odd severity is still a finding.
    pub fn from_raw(raw: &str) -> Severity {
        match raw.trim().to_ascii_lowercase().as_str() {
            "critical" | "crit" | "very high" | "danger" => Severity::Critical,
            "high" | "error" | "failure" | "fail" => Severity::High,
            "medium" | "moderate" | "warning" | "warn" => Severity::Medium,
            "low" | "minor" | "note" => Severity::Low,
            _ => Severity::Info,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Critical => "critical",
            Severity::High => "high",
            Severity::Medium => "medium",
            Severity::Low => "low",
            Severity::Info => "info",
        }
    }
}

impl std::fmt::Display for Severity {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The Kubernetes object a finding is about, as far as the scanner says.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct ObjectRef {
    pub kind: Option<String>,
    pub namespace: Option<String>,
    pub name: Option<String>,
}

/// One thing a scanner reported, normalized.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Finding {
    /// Adapter name (`trivy`, `kube-score`, ...), not the scanner's own spelling.
    pub tool: String,
    pub tool_version: Option<String>,
    pub rule_id: String,
    pub rule_title: Option<String>,
    pub severity: Severity,
    pub raw_severity: Option<String>,
    pub object: ObjectRef,
    pub file: Option<String>,
    pub line: Option<u32>,
    /// Field path as the scanner gives it, in the scanner's own notation.
    pub path: Option<String>,
    pub message: Option<String>,
    /// Check id derived from the object name or, failing that, the file name
    /// (the suite's names start with the lowercase check id). Upper case, e.g. `POD-032-2`.
    pub check_id: Option<String>,
    /// True when the rule id is not in the adapter's rule table: the finding is kept, but the
    /// analyzer can only attribute it by the differential method.
    pub unmapped: bool,
}

impl Finding {
    /// A finding with the required fields set and everything else empty; adapters fill the rest.
    pub fn new(tool: &str, rule_id: impl Into<String>) -> Finding {
        Finding {
            tool: tool.to_string(),
            tool_version: None,
            rule_id: rule_id.into(),
            rule_title: None,
            severity: Severity::Info,
            raw_severity: None,
            object: ObjectRef::default(),
            file: None,
            line: None,
            path: None,
            message: None,
            check_id: None,
            unmapped: false,
        }
    }
}

/// Everything parsed out of one output file.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Report {
    pub tool: String,
    pub tool_version: Option<String>,
    pub findings: Vec<Finding>,
}

impl Report {
    /// Fills the derived fields every adapter needs: version on each finding, check id from
    /// object name or file, and the unmapped flag from the rule table.
    pub fn finish(mut self, rules: &crate::RuleTable) -> Report {
        for f in &mut self.findings {
            if f.tool_version.is_none() {
                f.tool_version = self.tool_version.clone();
            }
            if f.check_id.is_none() {
                f.check_id = f
                    .object
                    .name
                    .as_deref()
                    .and_then(crate::checkid::from_name)
                    .or_else(|| f.file.as_deref().and_then(crate::checkid::from_file));
            }
            f.unmapped = rules.get(&f.rule_id).is_none();
        }
        self
    }
}

//! The analysis as data: what `evaluate` exports and `report` renders. Rates are fractions in
//! [0, 1]; `None` where the denominator is zero (no such checks), never a made-up zero.

use serde::{Serialize, Serializer};

use super::load::LeftOut;
use super::suite::Expected;

/// What one tool's result says about one scored check, under one attribution method.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Outcome {
    TP,
    FN,
    FP,
    TN,
}

impl Outcome {
    /// The outcome of a check with this expectation that the tool flagged or did not.
    pub fn of(expected: Expected, flagged: bool) -> Outcome {
        match (expected, flagged) {
            (Expected::Alert, true) => Outcome::TP,
            (Expected::Alert, false) => Outcome::FN,
            (Expected::Pass, true) => Outcome::FP,
            (Expected::Pass, false) => Outcome::TN,
        }
    }

    /// The notation of the exports and the report.
    pub fn as_str(self) -> &'static str {
        match self {
            Outcome::TP => "TP",
            Outcome::FN => "FN",
            Outcome::FP => "FP",
            Outcome::TN => "TN",
        }
    }

    /// The tool said something attributable (TP or FP).
    pub fn flagged(self) -> bool {
        matches!(self, Outcome::TP | Outcome::FP)
    }
}

impl Serialize for Outcome {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

/// One cell of the check x tool matrix: the outcome, or nothing because the result was
/// produced before the check's file took its current content (or before the check existed).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Verdict {
    Scored(Outcome),
    NotRun,
}

impl Verdict {
    pub const NOT_RUN: &'static str = "not run";

    pub fn as_str(self) -> &'static str {
        match self {
            Verdict::Scored(o) => o.as_str(),
            Verdict::NotRun => Self::NOT_RUN,
        }
    }

    pub fn outcome(self) -> Option<Outcome> {
        match self {
            Verdict::Scored(o) => Some(o),
            Verdict::NotRun => None,
        }
    }
}

impl Serialize for Verdict {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

/// So a matrix cell reads as its notation in a comparison: `cell == "TP"`.
impl PartialEq<&str> for Verdict {
    fn eq(&self, other: &&str) -> bool {
        self.as_str() == *other
    }
}

/// What a finding counts as in `findings.csv`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CountsAs {
    /// It makes its check a TP or an FP.
    Outcome(Outcome),
    /// Attributable to no scored check.
    Noise,
    /// It is on a check whose file changed since the result was produced.
    NotRun,
}

impl CountsAs {
    pub fn as_str(self) -> &'static str {
        match self {
            CountsAs::Outcome(o) => o.as_str(),
            CountsAs::Noise => "noise",
            CountsAs::NotRun => Verdict::NOT_RUN,
        }
    }
}

fn is_zero(n: &u32) -> bool {
    *n == 0
}

/// Scores of one tool over a set of checks (all, or one category) under one method.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Metrics {
    pub checks: u32,
    pub tp: u32,
    #[serde(rename = "fn")]
    pub fn_: u32,
    pub fp: u32,
    pub tn: u32,
    pub detection_rate: Option<f64>,
    pub fp_rate: Option<f64>,
    pub precision: Option<f64>,
    pub f1: Option<f64>,
    pub score: Option<f64>,
    pub coverage: Option<f64>,
    /// Distinct (rule, object) pairs attributable to no scored check.
    pub noise: u32,
    /// Checks left out of the counts above because the result did not run their current file;
    /// absent from the JSON when zero, so an evaluation where everything ran reads as before.
    #[serde(skip_serializing_if = "is_zero")]
    pub not_run: u32,
}

impl Metrics {
    /// Derives the rates from the counts.
    pub fn from_counts(tp: u32, fn_: u32, fp: u32, tn: u32, covered: u32, noise: u32) -> Metrics {
        let ratio = |a: u32, b: u32| (b > 0).then(|| a as f64 / b as f64);
        let checks = tp + fn_ + fp + tn;
        let detection_rate = ratio(tp, tp + fn_);
        let fp_rate = ratio(fp, fp + tn);
        let precision = ratio(tp, tp + fp);
        let f1 = match (precision, detection_rate) {
            (Some(p), Some(r)) if p + r > 0.0 => Some(2.0 * p * r / (p + r)),
            (_, Some(_)) => Some(0.0),
            _ => None,
        };
        let score = match (detection_rate, fp_rate) {
            (Some(d), Some(f)) => Some(d - f),
            (Some(d), None) => Some(d),
            (None, Some(f)) => Some(-f),
            (None, None) => None,
        };
        Metrics {
            checks,
            tp,
            fn_,
            fp,
            tn,
            detection_rate,
            fp_rate,
            precision,
            f1,
            score,
            coverage: ratio(covered, checks),
            noise,
            not_run: 0,
        }
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct CategoryMetrics {
    pub category: String,
    pub metrics: Metrics,
}

/// A check the tool got wrong, with what the tool said about its objects.
#[derive(Debug, Clone, Serialize)]
pub struct Evidence {
    pub check: String,
    pub category: String,
    pub description: String,
    pub paths: String,
    /// Findings on the check's objects: the attributed ones for a false positive, the
    /// unattributed ones for a miss (why the scanner's words did not count).
    pub findings: Vec<EvidenceFinding>,
}

#[derive(Debug, Clone, Serialize)]
pub struct EvidenceFinding {
    pub rule: String,
    pub message: String,
    pub object: String,
    pub path: String,
}

/// A (check, rule) pair where the two attribution methods disagree.
#[derive(Debug, Clone, Serialize)]
pub struct Disagreement {
    pub check: String,
    pub expected: String,
    pub rule: String,
    pub metadata: bool,
    pub differential: bool,
    pub rule_mapped: bool,
    pub findings: u32,
}

#[derive(Debug, Clone, Serialize)]
pub struct ToolResult {
    /// `trivy 0.49.0`: the identity of a tool in every table.
    pub key: String,
    pub tool: String,
    pub version: String,
    pub file: String,
    pub findings: u32,
    /// Under the headline method (what the ranking uses).
    pub metrics: Metrics,
    pub metadata: Metrics,
    pub differential: Metrics,
    pub categories: Vec<CategoryMetrics>,
    /// Categories with the most missed checks, worst first: (category, missed, alert checks).
    pub misses_most: Vec<(String, u32, u32)>,
    pub disagreements: Vec<Disagreement>,
    pub missed: Vec<Evidence>,
    pub false_positives: Vec<Evidence>,
}

#[derive(Debug, Clone, Serialize)]
pub struct CheckRow {
    pub id: String,
    pub category: String,
    pub expected: String,
    pub description: String,
    pub paths: String,
    /// One per tool, in the order of [`Analysis::tools`].
    pub outcomes: Vec<Verdict>,
    /// How many tools detect it (expected alert) or flag it (expected pass).
    pub flagged_by: u32,
}

/// How one finding was attributed (the finding itself stays in [`ToolFindings::findings`]).
#[derive(Debug, Clone, Copy)]
pub struct FindingMeta {
    /// Index into [`Analysis::check_ids`] of the check the finding names, if any.
    pub check: Option<u32>,
    pub via: &'static str,
    pub rule_mapped: bool,
    pub metadata: bool,
    pub differential: bool,
    /// The rule fires on the secure baseline itself, so it counts under no headline.
    pub on_baseline: bool,
    pub headline: bool,
    pub counts_as: CountsAs,
}

/// Every normalized finding of one tool with its attribution, for `findings.csv`.
#[derive(Debug, Clone)]
pub struct ToolFindings {
    pub tool: String,
    pub version: String,
    pub findings: Vec<adapters::Finding>,
    pub meta: Vec<FindingMeta>,
}

/// A set of tools run together: a check counts as detected if any of them detects it.
#[derive(Debug, Clone, Serialize)]
pub struct Combo {
    pub tools: Vec<String>,
    pub detected: u32,
    pub detection_rate: Option<f64>,
    pub false_positives: u32,
    pub fp_rate: Option<f64>,
    pub score: Option<f64>,
}

#[derive(Debug, Clone, Serialize)]
pub struct VersionRow {
    pub version: String,
    pub key: String,
    pub metrics: Metrics,
}

#[derive(Debug, Clone, Serialize)]
pub struct VersionChange {
    pub from: String,
    pub to: String,
    /// Checks detected by `to` but not by `from`.
    pub gained: Vec<String>,
    pub lost: Vec<String>,
    pub new_false_positives: Vec<String>,
    pub fixed_false_positives: Vec<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct VersionComparison {
    pub tool: String,
    pub versions: Vec<VersionRow>,
    pub changes: Vec<VersionChange>,
}

#[derive(Debug, Clone, Serialize)]
pub struct SuiteInfo {
    pub dir: String,
    pub files: usize,
    pub checks: u32,
    pub alert: u32,
    pub pass: u32,
    pub controls: u32,
    pub context_objects: u32,
    pub categories: Vec<String>,
    /// Alert checks per category, in the order of `categories`.
    pub alert_per_category: Vec<u32>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Analysis {
    pub suite: SuiteInfo,
    pub results_dir: String,
    /// Ranked by score, then F1.
    pub tools: Vec<ToolResult>,
    pub checks: Vec<CheckRow>,
    #[serde(skip)]
    pub findings: Vec<ToolFindings>,
    /// Every check of the suite (controls included): id and expectation.
    #[serde(skip)]
    pub check_ids: Vec<(String, &'static str)>,
    pub best_pairs: Vec<Combo>,
    pub best_triples: Vec<Combo>,
    pub versions: Vec<VersionComparison>,
    pub left_out: Vec<LeftOut>,
    pub recommendation: String,
}

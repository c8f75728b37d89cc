//! A check as a suite folder declares it: what the analyzer scores, whichever generator (ours
//! or KALM's) wrote the folder. How our checks are built is `catalog::CheckSpec`.

use serde::Serialize;

use super::Expected;

/// Check ids starting with this are baseline controls: secure objects that measure noise and
/// anchor the differential method; they are not scored as checks.
pub const CONTROL_PREFIX: &str = "BASE-";

/// One Kubernetes object of the suite, as far as attribution needs it.
#[derive(Debug, Clone, Serialize)]
pub struct SuiteObject {
    pub kind: String,
    pub namespace: Option<String>,
    pub name: String,
    /// File name relative to the suite folder.
    pub file: String,
}

/// One check with its expectation.
#[derive(Debug, Clone, Serialize)]
pub struct Check {
    pub id: String,
    pub expected: Expected,
    /// A [`super::Category`] name, spelled canonically.
    pub category: String,
    /// Canonical field paths (see `adapters::paths`) that carry the misconfiguration.
    pub paths: Vec<String>,
    pub description: String,
    pub title: Option<String>,
    pub severity: Option<String>,
    /// A baseline control (`BASE-*`): secure, not scored, its findings count as noise.
    pub control: bool,
    pub objects: Vec<SuiteObject>,
}

impl Check {
    /// Scored checks are everything but the controls.
    pub fn scored(&self) -> bool {
        !self.control
    }

    /// Secure objects: controls and checks expected to pass. A rule that fires on them is not
    /// about any one misconfiguration (the differential method).
    pub fn secure(&self) -> bool {
        self.control || self.expected == Expected::Pass
    }
}

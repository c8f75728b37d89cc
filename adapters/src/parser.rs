//! The one interface every adapter implements: reading a scanner's output, nothing else. How a
//! scanner is found, versioned, installed and started lives in the harness (`runner::drivers`),
//! so this crate stays free of processes, environments and install knowledge.

use std::path::Path;

use crate::{ParseError, ParseErrorKind, Report, RuleTable};

/// Reads one scanner's native output into normalized findings.
pub trait Parser: Sync + Send {
    /// Adapter name, used on the command line and in result folder names (`kube-score`).
    fn name(&self) -> &'static str;
    /// Rule id -> category and inspected paths.
    fn rules(&self) -> &RuleTable;
    /// Parses the native output. `file_name` is used only for the version fallback (KALM's
    /// `<tool>_v<version>_<date>` naming) and must not be needed for anything else.
    fn parse(&self, input: &[u8], file_name: &str) -> Result<Report, ParseErrorKind>;
    /// True when `input` has this scanner's output shape, judged from this scanner's own shape
    /// only: which of several claimants wins is the registry's order ([`crate::registry`]).
    /// Must be cheap and never panic.
    fn detect(&self, input: &[u8]) -> bool;

    /// Reads and parses a file, naming it in any error.
    fn parse_file(&self, path: &Path) -> Result<Report, ParseError> {
        let wrap = |kind| ParseError {
            file: path.to_path_buf(),
            kind,
        };
        let bytes = std::fs::read(path).map_err(|e| wrap(ParseErrorKind::Io(e.to_string())))?;
        let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
        self.parse(&bytes, name).map_err(wrap)
    }
}

/// Version from a KALM-style result file name: `trivy_v0.49.0_2024-02-01.json` -> `0.49.0`.
pub fn version_from_file_name(file_name: &str) -> Option<String> {
    let base = file_name.rsplit(['/', '\\']).next().unwrap_or(file_name);
    let idx = base.find("_v")?;
    let rest = &base[idx + 2..];
    let end = rest.find('_').unwrap_or(rest.len());
    let v = &rest[..end];
    (!v.is_empty() && v.starts_with(|c: char| c.is_ascii_digit())).then(|| v.to_string())
}

#[cfg(test)]
mod tests {
    #[test]
    fn version_from_kalm_names() {
        use super::version_from_file_name as v;
        assert_eq!(
            v("trivy_v0.49.0_2024-02-01.json").as_deref(),
            Some("0.49.0")
        );
        assert_eq!(
            v("results/kubiscan_v1.5_2022-08-16.txt").as_deref(),
            Some("1.5")
        );
        assert_eq!(v("kube-score.json"), None);
    }
}

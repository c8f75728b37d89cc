//! The one interface every scanner adapter implements.

use std::path::{Path, PathBuf};

use crate::{ParseError, ParseErrorKind, Report, RuleTable};

pub use crate::parser::version_from_file_name;

/// What a scanner looks at: manifests on disk, or a live cluster/node (kube-bench, KubiScan),
/// whose recorded output can be parsed but which `harness run` cannot drive on a suite.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum ScanMode {
    Manifests,
    Cluster,
}

/// What a scanner needs beyond its binary.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize)]
pub struct Requirements {
    /// Cannot produce results offline (e.g. datree's hosted policy service).
    pub network: bool,
    /// Needs an account or API token (e.g. snyk).
    pub api_key: bool,
}

/// Where a scan's native output ends up.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum OutputSink {
    Stdout,
    /// The scanner writes this file (e.g. KICS' `-o DIR` writes `DIR/results.json`).
    File(PathBuf),
}

/// A scan as an argv, never a shell string: scanner input is untrusted and file names in a suite
/// are data.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ScanPlan {
    pub program: PathBuf,
    pub args: Vec<String>,
    /// Extra environment, e.g. switches that turn update checks and telemetry off.
    pub env: Vec<(String, String)>,
    pub output: OutputSink,
}

/// One scanner: how to find it, run it on a folder of manifests, and read what it printed.
pub trait Scanner: Sync + Send {
    /// Adapter name, used on the command line and in result folder names (`kube-score`).
    fn name(&self) -> &'static str;
    /// Executable name looked up on PATH (and in `.tools/bin`).
    fn binary(&self) -> &'static str;
    /// Arguments that make the executable print its version.
    fn version_args(&self) -> &'static [&'static str];
    /// Extracts the version number (no leading `v`) from what `version_args` printed.
    fn parse_version(&self, output: &str) -> Option<String>;
    /// The argv that scans `files` (all under `suite`), with `workdir` available for outputs.
    fn scan_plan(
        &self,
        program: &Path,
        suite: &Path,
        files: &[PathBuf],
        workdir: &Path,
    ) -> ScanPlan;
    /// Manifests or a live cluster.
    fn mode(&self) -> ScanMode {
        ScanMode::Manifests
    }
    fn requirements(&self) -> Requirements {
        Requirements::default()
    }
    /// Environment that keeps every invocation offline (update checks and telemetry off). Set
    /// for the scan (part of [`ScanPlan::env`]) and for the version probe, which would
    /// otherwise ask the network for the latest release.
    fn offline_env(&self) -> &'static [(&'static str, &'static str)] {
        &[]
    }
    /// The environment variable that caps how many cores the scanner keeps busy, if it has one
    /// (`GOMAXPROCS` for the Go-written scanners). Most scanners size their worker pools to the
    /// whole machine; when several run at once the runner gives each its share of the cores
    /// through this variable, so they take turns on the cores instead of thrashing them.
    fn cpu_limit_env(&self) -> Option<&'static str> {
        None
    }
    /// How to install it, shown when it is missing.
    fn install_hint(&self) -> &'static str;
    /// Rule id -> category and inspected paths.
    fn rules(&self) -> &RuleTable;
    /// Parses the native output. `file_name` is used only for the version fallback (KALM's
    /// `<tool>_v<version>_<date>` naming) and must not be needed for anything else.
    fn parse(&self, input: &[u8], file_name: &str) -> Result<Report, ParseErrorKind>;
    /// True when `input` has this scanner's output shape. Must be cheap and never panic.
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

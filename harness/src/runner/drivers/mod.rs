//! How each scanner is found, versioned and started: one [`Driver`] per scanner, kept as data
//! (one file per scanner in this folder), beside the adapter that reads its output.
//!
//! A scan is an argv, never a shell string: scanner input is untrusted and file names in a
//! suite are data. Logic that cannot be data (folders found beside the binary, a variable the
//! user may set) lives in small functions in the scanner's own file.

use std::path::{Path, PathBuf};

use adapters::Parser;

pub mod checkov;
pub mod datree;
pub mod inputs;
pub mod kics;
pub mod kube_bench;
pub mod kube_linter;
pub mod kube_score;
pub mod kubeaudit;
pub mod kubescape;
pub mod kubesec;
pub mod kubiscan;
pub mod kyverno;
pub mod polaris;
pub mod sarif;
pub mod snyk;
pub mod terrascan;
pub mod trivy;
pub mod version_text;

pub use inputs::InputError;

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

/// No requirement beyond the binary: the common case, spelled once for the tables.
pub const OFFLINE: Requirements = Requirements {
    network: false,
    api_key: false,
};

/// Which files a scan reads from the suite.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Inputs {
    /// The suite folder or its files as they are.
    Suite,
    /// The scanner reads one file only: when the suite holds several, they are joined into
    /// this multi-document YAML file in the work folder before the scan (see [`inputs`]).
    Combined(&'static str),
    /// The suite as it is, plus a file the driver carries (Kyverno's policy), written into the
    /// work folder under `name` before the scan.
    Carried {
        name: &'static str,
        contents: &'static str,
    },
}

/// One argument of a scan's argv template.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Arg {
    /// Passed as written.
    Lit(&'static str),
    /// The suite folder.
    Suite,
    /// Every manifest of the suite, one argument each (for scanners without a folder mode).
    Files,
    /// The one file to scan: the suite's only file, else the combined file of
    /// [`Inputs::Combined`], else the suite folder.
    Input,
    /// The run's work folder (where a scanner writes its report).
    Workdir,
    /// A path in the run's work folder (an output file the scanner writes).
    InWorkdir(&'static str),
    /// What the driver's `extra_args` function returns for the binary found.
    Extra,
}

/// Where a scan's native output ends up.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Output {
    Stdout,
    /// The scanner writes this file in the work folder (e.g. KICS' `-o DIR` writes
    /// `DIR/results.json`).
    InWorkdir(&'static str),
}

/// How to find, version and start one scanner. `name` is the adapter's name: the parser that
/// reads this scanner's output is `adapters::by_name(name)`.
#[derive(Debug)]
pub struct Driver {
    pub name: &'static str,
    /// Executable name looked up on PATH (and in `.tools/bin`); empty for a format with no
    /// executable (generic SARIF).
    pub binary: &'static str,
    /// Arguments that make the executable print its version.
    pub version_args: &'static [&'static str],
    /// Extracts the version number (no leading `v`) from what `version_args` printed.
    pub parse_version: fn(&str) -> Option<String>,
    /// The scan's argv after the program.
    pub args: &'static [Arg],
    /// Arguments that depend on what is installed beside the binary (local policies, schemas),
    /// spliced in at [`Arg::Extra`].
    pub extra_args: fn(&Path) -> Vec<String>,
    pub output: Output,
    /// Environment that keeps every invocation offline (update checks and telemetry off). Set
    /// for the scan and for the version probe, which would otherwise ask the network for the
    /// latest release.
    pub offline_env: &'static [(&'static str, &'static str)],
    /// Variables set for the scan to a path in its work folder (a cache kept out of `$HOME`).
    pub workdir_env: &'static [(&'static str, &'static str)],
    /// The environment variable that caps how many cores the scanner keeps busy, if it has one
    /// (`GOMAXPROCS` for the Go-written scanners). Most scanners size their worker pools to the
    /// whole machine; when several run at once the runner gives each its share of the cores
    /// through this variable, so they take turns on the cores instead of thrashing them.
    pub cpu_limit_env: Option<&'static str>,
    pub mode: ScanMode,
    pub requirements: Requirements,
    /// How to install it, shown when it is missing.
    pub install_hint: &'static str,
    /// Files to prepare in the work folder before the scan.
    pub inputs: Inputs,
}

/// For drivers whose argv depends on nothing installed beside the binary.
pub fn no_extra_args(_program: &Path) -> Vec<String> {
    Vec::new()
}

fn no_version(_output: &str) -> Option<String> {
    None
}

impl Driver {
    /// What most scanners share: a manifest scan of the suite as is, output on stdout, offline
    /// with nothing to switch off, no core cap. Each driver states only where it differs
    /// (`..Driver::BASE`); the registry test catches a driver that forgets its name.
    pub const BASE: Driver = Driver {
        name: "",
        binary: "",
        version_args: &[],
        parse_version: no_version,
        args: &[],
        extra_args: no_extra_args,
        output: Output::Stdout,
        offline_env: &[],
        workdir_env: &[],
        cpu_limit_env: None,
        mode: ScanMode::Manifests,
        requirements: OFFLINE,
        install_hint: "",
        inputs: Inputs::Suite,
    };
}

/// A scan as the runner executes it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ScanPlan {
    pub program: PathBuf,
    pub args: Vec<String>,
    /// Extra environment, e.g. switches that turn update checks and telemetry off.
    pub env: Vec<(String, String)>,
    pub output: OutputSink,
}

/// Where a planned scan's output is read from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum OutputSink {
    Stdout,
    File(PathBuf),
}

impl Driver {
    /// The adapter that reads this scanner's output. Every driver has one (a test holds the
    /// two registries to the same names), so a miss is a bug in the tables, not bad input.
    pub fn parser(&self) -> &'static dyn Parser {
        adapters::by_name(self.name).expect("every driver is named after a registered parser")
    }

    /// The argv that scans `files` (all under `suite`), with `workdir` available for inputs
    /// and outputs. Reads nothing from the suite: [`Driver::prepare`] writes what the plan
    /// names.
    pub fn scan_plan(
        &self,
        program: &Path,
        suite: &Path,
        files: &[PathBuf],
        workdir: &Path,
    ) -> ScanPlan {
        let mut args = Vec::new();
        for arg in self.args {
            match arg {
                Arg::Lit(s) => args.push(s.to_string()),
                Arg::Suite => args.push(suite.display().to_string()),
                Arg::Files => args.extend(files.iter().map(|f| f.display().to_string())),
                Arg::Input => args.push(self.input(suite, files, workdir).display().to_string()),
                Arg::Workdir => args.push(workdir.display().to_string()),
                Arg::InWorkdir(p) => args.push(workdir.join(p).display().to_string()),
                Arg::Extra => args.extend((self.extra_args)(program)),
            }
        }
        let mut env: Vec<(String, String)> = self
            .offline_env
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        env.extend(
            self.workdir_env
                .iter()
                .map(|(k, p)| (k.to_string(), workdir.join(p).display().to_string())),
        );
        ScanPlan {
            program: program.to_path_buf(),
            args,
            env,
            output: match self.output {
                Output::Stdout => OutputSink::Stdout,
                Output::InWorkdir(p) => OutputSink::File(workdir.join(p)),
            },
        }
    }

    /// Writes the inputs the plan names (the combined file of [`Inputs::Combined`]); an error
    /// names the file, and the run fails with it instead of starting the scanner on nothing.
    pub fn prepare(&self, files: &[PathBuf], workdir: &Path) -> Result<(), InputError> {
        match self.inputs {
            Inputs::Combined(name) if files.len() > 1 => {
                inputs::write_combined(files, &workdir.join(name))
            }
            Inputs::Carried { name, contents } => {
                inputs::write_file(&workdir.join(name), contents.as_bytes())
            }
            _ => Ok(()),
        }
    }

    fn input(&self, suite: &Path, files: &[PathBuf], workdir: &Path) -> PathBuf {
        match (files, self.inputs) {
            ([one], _) => one.clone(),
            ([_, _, ..], Inputs::Combined(name)) => workdir.join(name),
            _ => suite.to_path_buf(),
        }
    }
}

/// Every scanner's driver, in the order of `adapters::all()`.
pub fn all() -> &'static [&'static Driver] {
    &[
        &checkov::DRIVER,
        &datree::DRIVER,
        &kics::DRIVER,
        &kube_bench::DRIVER,
        &kube_linter::DRIVER,
        &kube_score::DRIVER,
        &kubeaudit::DRIVER,
        &kubescape::DRIVER,
        &kubesec::DRIVER,
        &kubiscan::DRIVER,
        &kyverno::DRIVER,
        &polaris::DRIVER,
        &snyk::DRIVER,
        &terrascan::DRIVER,
        &trivy::DRIVER,
        &sarif::DRIVER,
    ]
}

/// The driver of the adapter named `name` (as `adapters::Parser::name` spells it).
pub fn by_name(name: &str) -> Option<&'static Driver> {
    all().iter().copied().find(|d| d.name == name)
}

/// The driver of a scanner named as users spell it (`kubelinter`, `kube_score`: whatever
/// `adapters::by_name` accepts).
pub fn find(name: &str) -> Option<&'static Driver> {
    adapters::by_name(name).and_then(|p| by_name(p.name()))
}

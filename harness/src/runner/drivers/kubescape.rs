//! kubescape (ARMO).

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use regex::Regex;

use super::version_text::captured;
use super::{Arg, Driver, Output};

/// Scans with every framework that applies to files, keeps results local (`--keep-local`: no
/// upload, no update check), and reads the control library from local artifacts (see
/// [`local_artifacts`]), because kubescape otherwise downloads it on every run and fails
/// offline. Its cache goes to the run's temporary folder, not `~/.kubescape`.
pub const DRIVER: Driver = Driver {
    name: "kubescape",
    binary: "kubescape",
    version_args: &["version"],
    parse_version,
    args: &[
        Arg::Lit("scan"),
        Arg::Lit("framework"),
        Arg::Lit(FRAMEWORKS),
        Arg::Suite,
        Arg::Lit("--format"),
        Arg::Lit("json"),
        Arg::Lit("--output"),
        Arg::InWorkdir(OUTPUT),
        Arg::Lit("--keep-local"),
        Arg::Extra,
    ],
    extra_args: artifacts_args,
    output: Output::InWorkdir(OUTPUT),
    offline_env: &[("KS_SKIP_UPDATE_CHECK", "true")],
    workdir_env: &[("KS_CACHE_DIR", "kubescape-cache")],
    cpu_limit_env: Some("GOMAXPROCS"),
    install_hint:
        "scripts/install-scanners.sh kubescape (builds github.com/kubescape/kubescape/v3@v3.0.48 \
         and its control library from github.com/kubescape/regolibrary/v2@v2.0.1 into \
         .tools/kubescape-artifacts)",
    ..Driver::BASE
};

const OUTPUT: &str = "kubescape.json";

/// Every framework in kubescape's control library that has controls for files (the AKS and EKS
/// CIS benchmarks only apply to those managed clusters). A control in several frameworks is
/// evaluated once.
const FRAMEWORKS: &str =
    "allcontrols,armobest,cis-v1.23-t1.0.1,clusterscan,devopsbest,mitre,nsa,security,soc2,workloadscan";

/// `Your current version is: v3.0.1` (followed by build lines in newer releases).
fn parse_version(output: &str) -> Option<String> {
    static RE: OnceLock<Regex> = OnceLock::new();
    captured(
        &RE,
        r"(?i)version(?: is)?:?\s*v?(\d+\.\d+(?:\.\d+)?(?:[-+][0-9A-Za-z.-]+)?)",
        output,
    )
}

fn artifacts_args(program: &Path) -> Vec<String> {
    local_artifacts(program)
        .map(|dir| {
            vec![
                "--use-artifacts-from".to_string(),
                dir.display().to_string(),
            ]
        })
        .unwrap_or_default()
}

/// Local control library: `.tools/kubescape-artifacts` beside the binary's folder (built by
/// scripts/install-scanners.sh from the regolibrary Go module), else the folder `kubescape
/// download artifacts` writes to (`~/.kubescape`), when it holds a framework.
fn local_artifacts(program: &Path) -> Option<PathBuf> {
    let beside = program.parent().map(|d| d.join("../kubescape-artifacts"));
    let home = std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".kubescape"));
    [beside, home]
        .into_iter()
        .flatten()
        .find(|d| d.join("allcontrols.json").is_file())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn versions() {
        assert_eq!(
            (DRIVER.parse_version)("Your current version is: v3.0.1\n").as_deref(),
            Some("3.0.1")
        );
        assert_eq!(
            (DRIVER.parse_version)(
                "Your current version is: v3.0.47\nBuild commit: abc\nBuild date: \n"
            )
            .as_deref(),
            Some("3.0.47")
        );
        assert_eq!(
            (DRIVER.parse_version)("Your current version is: unknown"),
            None
        );
    }
}

//! KubiScan (CyberArk), an RBAC scan of a live cluster.

use super::{Arg, Driver, ScanMode};

/// KubiScan reads RBAC objects and pods from a live cluster (the current kube context); the
/// suite folder is not an input. `harness run` does not drive cluster scanners. It prints its
/// banner, version included, before reading its arguments, so `--help` shows the version.
pub const DRIVER: Driver = Driver {
    name: "kubiscan",
    binary: "kubiscan",
    version_args: &["--help"],
    parse_version,
    args: &[Arg::Lit("-a")],
    mode: ScanMode::Cluster,
    install_hint:
        "KubiScan scans a live cluster (https://github.com/cyberark/KubiScan); with the suite \
         applied, save `kubiscan -a` and parse that file.",
    ..Driver::BASE
};

const VERSION_MARK: &str = "KubiScan version";

fn parse_version(output: &str) -> Option<String> {
    let pos = output.find(VERSION_MARK)?;
    output[pos + VERSION_MARK.len()..]
        .split_whitespace()
        .next()
        .map(|v| v.trim_start_matches('v').to_string())
}

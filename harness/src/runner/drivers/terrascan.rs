//! Terrascan (Tenable).

use std::path::Path;

use super::version_text::after_version_word;
use super::{Arg, Driver};

/// `terrascan version` prints `version: v1.18.11`.
pub const DRIVER: Driver = Driver {
    name: "terrascan",
    binary: "terrascan",
    version_args: &["version"],
    parse_version: after_version_word,
    args: &[
        Arg::Lit("scan"),
        Arg::Lit("-i"),
        Arg::Lit("k8s"),
        Arg::Lit("-d"),
        Arg::Suite,
        Arg::Lit("-o"),
        Arg::Lit("json"),
        Arg::Extra,
    ],
    extra_args: policies,
    cpu_limit_env: Some("GOMAXPROCS"),
    install_hint:
        "go install github.com/tenable/terrascan/cmd/terrascan@latest (or a release binary from \
         github.com/tenable/terrascan/releases); `terrascan init` downloads its policies once \
         (needs network)",
    ..Driver::BASE
};

/// Policies shipped in the terrascan module, copied by scripts/install-scanners.sh: without
/// `-p` terrascan downloads them from the network on first use.
fn policies(program: &Path) -> Vec<String> {
    program
        .parent()
        .map(|d| d.join("../terrascan-policies"))
        .filter(|d| d.is_dir())
        .map(|p| vec!["-p".to_string(), p.display().to_string()])
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn versions() {
        assert_eq!(
            (DRIVER.parse_version)("version: v1.18.11\n").as_deref(),
            Some("1.18.11")
        );
        assert_eq!((DRIVER.parse_version)("nothing"), None);
    }
}

//! Snyk IaC, which scans against Snyk's service.

use std::sync::OnceLock;

use regex::Regex;

use super::version_text::captured;
use super::{Arg, Driver, Requirements};

pub const DRIVER: Driver = Driver {
    name: "snyk",
    binary: "snyk",
    version_args: &["--version"],
    parse_version,
    args: &[
        Arg::Lit("iac"),
        Arg::Lit("test"),
        Arg::Suite,
        Arg::Lit("--json"),
    ],
    offline_env: &[("SNYK_DISABLE_ANALYTICS", "1")],
    requirements: Requirements {
        network: true,
        api_key: true,
    },
    install_hint:
        "npm install -g snyk (or a release binary from github.com/snyk/cli/releases), then \
         `snyk auth` or SNYK_TOKEN; scans run against Snyk's service",
    ..Driver::BASE
};

/// `1.1276.0` or `1.1276.0 (standalone)`.
fn parse_version(output: &str) -> Option<String> {
    static RE: OnceLock<Regex> = OnceLock::new();
    captured(&RE, r"\bv?(\d+\.\d+\.\d+(?:-[0-9A-Za-z.-]+)?)", output)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn versions() {
        assert_eq!(
            (DRIVER.parse_version)("1.1276.0\n").as_deref(),
            Some("1.1276.0")
        );
        assert_eq!(
            (DRIVER.parse_version)("1.1294.2 (standalone)\n").as_deref(),
            Some("1.1294.2")
        );
        assert_eq!((DRIVER.parse_version)("unknown"), None);
    }
}

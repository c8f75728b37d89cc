//! Trivy (Aqua), `trivy config`.

use std::sync::OnceLock;

use regex::Regex;

use super::version_text::captured;
use super::{Arg, Driver};

/// The checks bundle is embedded in the binary; the update switches are set through the
/// environment because their flag names changed across releases (`--skip-policy-update` in
/// older ones, `--skip-check-update` in newer ones) and an unknown flag is fatal, an unknown
/// variable is not.
pub const DRIVER: Driver = Driver {
    name: "trivy",
    binary: "trivy",
    version_args: &["--version"],
    parse_version,
    args: &[
        Arg::Lit("config"),
        Arg::Lit("--format"),
        Arg::Lit("json"),
        Arg::Lit("--quiet"),
        Arg::Suite,
    ],
    offline_env: &[
        ("TRIVY_SKIP_CHECK_UPDATE", "true"),
        ("TRIVY_SKIP_POLICY_UPDATE", "true"),
        ("TRIVY_SKIP_VERSION_CHECK", "true"),
        ("TRIVY_DISABLE_TELEMETRY", "true"),
    ],
    cpu_limit_env: Some("GOMAXPROCS"),
    install_hint:
        "go install github.com/aquasecurity/trivy/cmd/trivy@latest (or a release binary from \
         github.com/aquasecurity/trivy/releases)",
    ..Driver::BASE
};

/// `Version: 0.49.0`, followed by indented `Version:` lines of the databases and check bundle,
/// which must not be taken for trivy's.
fn parse_version(output: &str) -> Option<String> {
    static RE: OnceLock<Regex> = OnceLock::new();
    captured(
        &RE,
        r"(?m)^(?:trivy\s+)?[Vv]ersion:?\s*v?(\d+\.\d+(?:\.\d+)?(?:-[0-9A-Za-z.-]+)?)",
        output,
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn versions() {
        let out = "Version: 0.49.0\nVulnerability DB:\n  Version: 2\n  UpdatedAt: 2024-01-01\n";
        assert_eq!((DRIVER.parse_version)(out).as_deref(), Some("0.49.0"));
        let out = "Version: 0.74.0\nCheck Bundle:\n  Digest: sha256:abc\n";
        assert_eq!((DRIVER.parse_version)(out).as_deref(), Some("0.74.0"));
        assert_eq!((DRIVER.parse_version)("  Version: 2\n"), None);
    }
}

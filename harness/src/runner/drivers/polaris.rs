//! Polaris (Fairwinds).

use super::version_text::after_version_word;
use super::{Arg, Driver};

/// `polaris version` prints `Polaris version:8.5.4 Commit:...`.
pub const DRIVER: Driver = Driver {
    name: "polaris",
    binary: "polaris",
    version_args: &["version"],
    parse_version: after_version_word,
    args: &[
        Arg::Lit("audit"),
        Arg::Lit("--audit-path"),
        Arg::Suite,
        Arg::Lit("--format"),
        Arg::Lit("json"),
    ],
    cpu_limit_env: Some("GOMAXPROCS"),
    install_hint: "download a release binary from github.com/FairwindsOps/polaris/releases \
         (its v8+ tags have no /vN module path, so `go install ...@v8.x` is refused)",
    ..Driver::BASE
};

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn versions() {
        assert_eq!(
            (DRIVER.parse_version)("Polaris version:8.5.4 Commit:9c9e58c\n").as_deref(),
            Some("8.5.4")
        );
        assert_eq!(
            (DRIVER.parse_version)("Polaris version:dev Commit:none"),
            None
        );
    }
}

//! kube-linter (StackRox).

use super::version_text::version_token;
use super::{Arg, Driver};

/// `--add-all-built-in` enables the checks kube-linter leaves off by default, as KALM's
/// recorded run did, so that results compare with it. `kube-linter version` prints the bare
/// version (`v0.6.5`, or a git describe string such as `0.4.0-0-gc37b7551f6` for builds between
/// tags).
pub const DRIVER: Driver = Driver {
    name: "kube-linter",
    binary: "kube-linter",
    version_args: &["version"],
    parse_version: version_token,
    args: &[
        Arg::Lit("lint"),
        Arg::Lit("--add-all-built-in"),
        Arg::Lit("--format"),
        Arg::Lit("json"),
        Arg::Suite,
    ],
    cpu_limit_env: Some("GOMAXPROCS"),
    install_hint: "go install golang.stackrox.io/kube-linter/cmd/kube-linter@v0.7.6 (or a release binary from github.com/stackrox/kube-linter/releases)",
    ..Driver::BASE
};

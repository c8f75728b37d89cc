//! kube-score (zegl).

use super::version_text::version_token;
use super::{Arg, Driver};

/// kube-score takes files, not a folder. `kube-score version: 1.17.0, commit: ..., built: ...`;
/// a `go install` build says `development` and yields None.
pub const DRIVER: Driver = Driver {
    name: "kube-score",
    binary: "kube-score",
    version_args: &["version"],
    parse_version: version_token,
    args: &[
        Arg::Lit("score"),
        Arg::Lit("-o"),
        Arg::Lit("json"),
        Arg::Files,
    ],
    cpu_limit_env: Some("GOMAXPROCS"),
    install_hint: "go install github.com/zegl/kube-score/cmd/kube-score@v1.20.0",
    ..Driver::BASE
};

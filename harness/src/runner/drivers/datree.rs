//! datree, whose hosted policy service is gone: kept so recorded outputs still parse.

use super::version_text::version_token;
use super::{Arg, Driver, Requirements};

/// `datree test` takes file paths (globs are expanded by a shell, which the runner never
/// uses), so every file is listed.
pub const DRIVER: Driver = Driver {
    name: "datree",
    binary: "datree",
    version_args: &["version"],
    parse_version: version_token,
    args: &[
        Arg::Lit("test"),
        Arg::Files,
        Arg::Lit("--output"),
        Arg::Lit("json"),
        Arg::Lit("--no-record"),
    ],
    requirements: Requirements {
        network: true,
        api_key: true,
    },
    install_hint: "datree's hosted policy service was shut down in 2023; its CLI cannot produce results any more. \
         Recorded outputs (`datree test -o json`) still parse.",
    ..Driver::BASE
};

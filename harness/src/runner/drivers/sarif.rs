//! Generic SARIF 2.1.0: a format, not a program.

use super::version_text::none;
use super::{no_extra_args, Driver, Inputs, Output, ScanMode, OFFLINE};

/// No executable: `harness run` has nothing to start; users run their tool and hand the file to
/// `harness parse --tool sarif`. The plan just names the program it was given.
pub const DRIVER: Driver = Driver {
    name: "sarif",
    binary: "",
    version_args: &[],
    parse_version: none,
    args: &[],
    extra_args: no_extra_args,
    output: Output::Stdout,
    offline_env: &[],
    workdir_env: &[],
    cpu_limit_env: None,
    mode: ScanMode::Manifests,
    requirements: OFFLINE,
    install_hint:
        "nothing to install: run any scanner that writes SARIF 2.1.0 and parse its file with \
         `harness parse --tool sarif FILE`",
    inputs: Inputs::Suite,
};

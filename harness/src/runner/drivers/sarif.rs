//! Generic SARIF 2.1.0: a format, not a program.

use super::version_text::none;
use super::Driver;

/// No executable: `harness run` has nothing to start; users run their tool and hand the file to
/// `harness parse --tool sarif`. The plan just names the program it was given.
pub const DRIVER: Driver = Driver {
    name: "sarif",
    binary: "",
    version_args: &[],
    parse_version: none,
    args: &[],
    install_hint:
        "nothing to install: run any scanner that writes SARIF 2.1.0 and parse its file with \
         `harness parse --tool sarif FILE`",
    ..Driver::BASE
};

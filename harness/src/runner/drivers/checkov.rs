//! checkov (Bridgecrew/Prisma Cloud), a Python package.

use super::version_text::version_token;
use super::{Arg, Driver};

/// `--quiet` keeps passed checks out of the output (179 MB without it on KALM's suite);
/// `--skip-download` and the environment keep it from calling the platform. `checkov
/// --version` prints the bare number (`3.3.30`), sometimes followed by an "update available"
/// line.
pub const DRIVER: Driver = Driver {
    name: "checkov",
    binary: "checkov",
    version_args: &["--version"],
    parse_version: version_token,
    args: &[
        Arg::Lit("-d"),
        Arg::Suite,
        Arg::Lit("--framework"),
        Arg::Lit("kubernetes"),
        Arg::Lit("-o"),
        Arg::Lit("json"),
        Arg::Lit("--skip-download"),
        Arg::Lit("--quiet"),
        Arg::Lit("--compact"),
    ],
    offline_env: &[
        // No guideline-mapping download from the platform.
        ("BC_SKIP_MAPPING", "TRUE"),
        // No "newer version on PyPI" lookup at start-up (read by checkov's env_vars_config).
        ("CKV_SKIP_PACKAGE_UPDATE_CHECK", "true"),
        ("ANSI_COLORS_DISABLED", "1"),
    ],
    // checkov forks one worker per core to parse the files (its `ParallelRunner`).
    cpu_limit_env: Some("CHECKOV_WORKERS_NUMBER"),
    install_hint:
        "python3 -m venv .tools/checkov-venv && .tools/checkov-venv/bin/pip install checkov==3.3.30",
    ..Driver::BASE
};

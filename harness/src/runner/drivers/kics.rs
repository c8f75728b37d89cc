//! KICS (Checkmarx).

use std::path::Path;

use super::version_text::version_token;
use super::{Arg, Driver, Output};

/// KICS cannot print its JSON report to stdout: it writes `results.json` into `-o`. `kics
/// version` prints `Keeping Infrastructure as Code Secure v1.7.12`.
pub const DRIVER: Driver = Driver {
    name: "kics",
    binary: "kics",
    version_args: &["version"],
    parse_version: version_token,
    args: &[
        Arg::Lit("scan"),
        Arg::Lit("-p"),
        Arg::Suite,
        Arg::Lit("-o"),
        Arg::Workdir,
        Arg::Lit("--output-name"),
        Arg::Lit("results"),
        Arg::Lit("--report-formats"),
        Arg::Lit("json"),
        Arg::Lit("--no-progress"),
        Arg::Lit("--ci"),
        // Findings are not a failed run: exit 0 unless the engine itself failed.
        Arg::Lit("--ignore-on-exit"),
        Arg::Lit("results"),
        Arg::Extra,
    ],
    extra_args: queries,
    output: Output::InWorkdir("results.json"),
    cpu_limit_env: Some("GOMAXPROCS"),
    install_hint: "scripts/install-scanners.sh kics (go install github.com/Checkmarx/kics/v2/cmd/console@v2.2.0, renamed kics, with the module's assets/ copied to .tools/kics-assets)",
    ..Driver::BASE
};

/// A binary built with `go install` carries no queries, so a queries folder found next to the
/// binary (`assets/queries`, `../assets/queries` as in KICS' release archives, or
/// `../kics-assets/queries` as `.tools/` holds it) is passed with `-q`.
fn queries(program: &Path) -> Vec<String> {
    let Some(dir) = program.parent() else {
        return Vec::new();
    };
    [
        dir.join("assets/queries"),
        dir.join("../assets/queries"),
        dir.join("../kics-assets/queries"),
    ]
    .into_iter()
    .find(|p| p.is_dir())
    .map(|q| vec!["-q".to_string(), q.display().to_string()])
    .unwrap_or_default()
}

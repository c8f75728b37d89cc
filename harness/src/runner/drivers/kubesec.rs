//! kubesec (ControlPlane).

use std::path::Path;

use super::version_text::version_token;
use super::{Arg, Driver, Inputs};

/// kubesec reads one file per run (extra arguments are ignored) but splits it at `---` into
/// objects, so a suite of several files is joined into `kubesec-input.yaml` in the work folder
/// first; objects keep their names, from which the check ids come. `kubesec version` prints
/// `version 2.12.0` then commit and build date lines.
pub const DRIVER: Driver = Driver {
    name: "kubesec",
    binary: "kubesec",
    version_args: &["version"],
    parse_version: version_token,
    args: &[
        Arg::Lit("scan"),
        Arg::Lit("--format"),
        Arg::Lit("json"),
        // A negative score is a result, not a failed run.
        Arg::Lit("--exit-code"),
        Arg::Lit("0"),
        Arg::Extra,
        Arg::Input,
    ],
    extra_args: schema_location,
    cpu_limit_env: Some("GOMAXPROCS"),
    install_hint: "go install github.com/controlplaneio/kubesec/v2@v2.14.2",
    inputs: Inputs::Combined(COMBINED_INPUT),
    ..Driver::BASE
};

/// The suite joined into one file, in the run's work folder.
pub const COMBINED_INPUT: &str = "kubesec-input.yaml";

/// kubesec validates objects against Kubernetes JSON schemas it downloads, and offline it marks
/// every object invalid and scores none (`valid: false`, "failed downloading schema"). Local
/// schemas are passed with `--schema-location` (kubesec 2.13 and later): the environment
/// variable `KUBESEC_SCHEMA_LOCATION` (a folder or a kubeconform-style template) if set, else a
/// `kubesec-schemas` folder beside the binary's folder (`.tools/kubesec-schemas`, written by
/// scripts/install-scanners.sh).
fn schema_location(program: &Path) -> Vec<String> {
    let local = program
        .parent()
        .map(|d| d.join("../kubesec-schemas"))
        .filter(|d| d.is_dir())
        .map(|d| {
            format!(
                "{}/{{{{ .ResourceKind }}}}{{{{ .KindSuffix }}}}.json",
                d.display()
            )
        });
    std::env::var("KUBESEC_SCHEMA_LOCATION")
        .ok()
        .filter(|d| !d.is_empty())
        .or(local)
        .map(|loc| vec!["--schema-location".to_string(), loc])
        .unwrap_or_default()
}

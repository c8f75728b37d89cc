//! Kyverno CLI (`kyverno apply`), with Kyverno's built-in Pod Security Standards checks.

use super::version_text::after_version_word;
use super::{Arg, Driver, Inputs};

/// `kyverno apply` needs a policy: the one in `kyverno-policies.yaml` beside this file (the Pod
/// Security Standards at the baseline and the restricted level, Kyverno's `validate.podSecurity`,
/// no policy library), compiled in and written into the work folder before the scan, so a run
/// needs nothing beside the binary and works offline. `--policy-report --output-format json`
/// prints a policy report (a `ClusterReport`) on stdout, after Kyverno's own `Warning:` lines;
/// the exit code is 1 whenever a rule failed. `kyverno version` prints `Version: 1.19.1`.
pub const DRIVER: Driver = Driver {
    name: "kyverno",
    binary: "kyverno",
    version_args: &["version"],
    parse_version: after_version_word,
    args: &[
        Arg::Lit("apply"),
        // Relative: the scan runs in the work folder, and Kyverno names the policy file in the
        // warning it prints before the report, which then holds no temporary path.
        Arg::Lit(POLICY_FILE),
        Arg::Lit("--resource"),
        Arg::Suite,
        Arg::Lit("--policy-report"),
        Arg::Lit("--output-format"),
        Arg::Lit("json"),
    ],
    cpu_limit_env: Some("GOMAXPROCS"),
    install_hint: "scripts/install-scanners.sh kyverno (builds github.com/kyverno/kyverno/cmd/cli/kubectl-kyverno \
         at v1.19.1 inside the downloaded module, as kyverno)",
    inputs: Inputs::Carried {
        name: POLICY_FILE,
        contents: include_str!("kyverno-policies.yaml"),
    },
    ..Driver::BASE
};

/// The policy's name in the work folder.
pub const POLICY_FILE: &str = "kyverno-policies.yaml";

#[cfg(test)]
mod tests {
    use std::path::Path;

    use super::*;

    #[test]
    fn versions() {
        let printed = "Version: 1.19.1\nTime: ---\nGit commit ID: ---\n";
        assert_eq!((DRIVER.parse_version)(printed).as_deref(), Some("1.19.1"));
        assert_eq!((DRIVER.parse_version)("Version: ---"), None);
    }

    #[test]
    fn the_policy_is_written_into_the_work_folder_and_applied() {
        let dir = tempfile::tempdir().unwrap();
        let suite = dir.path().join("manifests");
        let files = [suite.join("a.yaml"), suite.join("b.yaml")];
        DRIVER.prepare(&files, dir.path()).unwrap();
        let policy = std::fs::read_to_string(dir.path().join(POLICY_FILE)).unwrap();
        assert!(policy.contains("kind: ClusterPolicy"));
        assert!(policy.contains("level: baseline") && policy.contains("level: restricted"));
        let plan = DRIVER.scan_plan(Path::new("kyverno"), &suite, &files, dir.path());
        let suite_arg = suite.display().to_string();
        assert_eq!(
            plan.args,
            [
                "apply",
                POLICY_FILE,
                "--resource",
                suite_arg.as_str(),
                "--policy-report",
                "--output-format",
                "json"
            ]
        );
    }

    #[test]
    fn an_unwritable_work_folder_is_named() {
        let dir = tempfile::tempdir().unwrap();
        let missing = dir.path().join("no-such-folder");
        let err = DRIVER.prepare(&[], &missing).unwrap_err();
        assert!(err.to_string().contains("no-such-folder"), "{err}");
    }
}

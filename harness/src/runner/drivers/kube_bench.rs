//! kube-bench (Aqua), a CIS benchmark of the node it runs on.

use super::version_text::version_token;
use super::{Arg, Driver, ScanMode};

/// kube-bench audits the node it runs on; the suite folder is not an input. The plan is what
/// a user would run on a cluster node; `harness run` does not drive cluster scanners.
pub const DRIVER: Driver = Driver {
    name: "kube-bench",
    binary: "kube-bench",
    version_args: &["version"],
    parse_version: version_token,
    args: &[Arg::Lit("run"), Arg::Lit("--json")],
    mode: ScanMode::Cluster,
    install_hint: "kube-bench runs on a cluster node (https://github.com/aquasecurity/kube-bench), e.g. as the \
         job in its job.yaml; save `kube-bench run --json` and parse that file.",
    ..Driver::BASE
};

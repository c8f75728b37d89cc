//! One module per scanner. Add a scanner by writing its module and listing it in [`all`].

use crate::Parser;

pub mod checkov;
pub mod datree;
pub mod kics;
pub mod kube_bench;
pub mod kube_linter;
pub mod kube_score;
pub mod kubeaudit;
pub mod kubescape;
pub mod kubesec;
pub mod kubiscan;
pub mod kyverno;
pub mod polaris;
pub mod sarif;
pub mod snyk;
pub mod terrascan;
pub mod trivy;
mod util;

pub use util::version_token;

/// Every adapter, in a stable order (the order of `harness scanners`).
pub fn all() -> Vec<&'static dyn Parser> {
    // Alphabetical by adapter name: the order of `harness scanners` and of the exports.
    let mut all: Vec<&'static dyn Parser> = vec![
        &checkov::Checkov,
        &datree::Datree,
        &kics::Kics,
        &kube_bench::KubeBench,
        &kube_linter::KubeLinter,
        &kube_score::KubeScore,
        &kubeaudit::Kubeaudit,
        &kubescape::Kubescape,
        &kubesec::Kubesec,
        &kubiscan::KubiScan,
        &kyverno::Kyverno,
        &polaris::Polaris,
        &snyk::Snyk,
        &terrascan::Terrascan,
        &trivy::Trivy,
    ];
    // Generic SARIF stays last, so a scanner's own adapter wins `detect` over it.
    all.push(&sarif::Sarif);
    all
}

/// The adapter with this name; also accepts common spellings (`kubelinter`, `kube_score`).
pub fn by_name(name: &str) -> Option<&'static dyn Parser> {
    let want: String = name
        .to_ascii_lowercase()
        .chars()
        .filter(|c| c.is_ascii_alphanumeric())
        .collect();
    all().into_iter().find(|s| {
        let have: String = s
            .name()
            .chars()
            .filter(|c| c.is_ascii_alphanumeric())
            .collect();
        have == want
    })
}

/// The adapter whose output shape `input` has. When several claim it (a SARIF file written by a
/// scanner that also has its own adapter), the scanner's own adapter wins over generic SARIF,
/// because `all()` lists SARIF last.
pub fn detect(input: &[u8]) -> Option<&'static dyn Parser> {
    all().into_iter().find(|s| s.detect(input))
}

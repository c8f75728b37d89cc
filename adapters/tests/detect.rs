//! Every recorded output in KALM 2024 is recognised as exactly its own tool by its shape, and
//! its version is read (from the output, or from KALM's file naming where the output has none).

use adapters::{all, by_name, detect};

const RESULTS: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../../shared/kalm-2024/results"
);

/// (file, adapter, version)
const FILES: &[(&str, &str, &str)] = &[
    ("checkov_v3.3.30_2026-11-26.json", "checkov", "3.3.30"),
    ("datree_v1.9.19_2024-01-16.json", "datree", "1.9.19"),
    ("kics_v1.7.12_2024-01-15.json", "kics", "1.7.12"),
    ("kube-bench_v0.6.9_2022-08-16.json", "kube-bench", "0.6.9"),
    ("kube-score_v1.17.0_2024-01-15.json", "kube-score", "1.17.0"),
    ("kubelinter_v0.6.5_2024-01-15.json", "kube-linter", "0.6.5"),
    ("kubescape_v3.0.1_2023-11-07.json", "kubescape", "3.0.1"),
    ("kubesec_v2.12.0_2024-01-16.json", "kubesec", "2.12.0"),
    ("kubiscan_v1.5_2022-08-16.txt", "kubiscan", "1.5"),
    ("polaris_v8.5.4_2024-01-15.json", "polaris", "8.5.4"),
    ("snyk_v1.1276.0_2024-02-01.json", "snyk", "1.1276.0"),
    ("terrascan_v1.18.11_2024-01-15.json", "terrascan", "1.18.11"),
    ("trivy_v0.49.0_2024-02-01.json", "trivy", "0.49.0"),
];

#[test]
fn every_recorded_file_is_detected_as_its_own_tool() {
    if !std::path::Path::new(RESULTS).exists() {
        eprintln!("skipped: {RESULTS} is absent; the KALM 2024 data lives beside the checkout");
        return;
    }
    let mut checked = 0;
    for &(file, tool, version) in FILES {
        let bytes = std::fs::read(format!("{RESULTS}/{file}")).unwrap();
        assert!(
            by_name(tool).is_some(),
            "no adapter named {tool} is registered"
        );
        // Exactly one adapter claims the file.
        let claimants: Vec<&str> = all()
            .into_iter()
            .filter(|s| s.detect(&bytes))
            .map(|s| s.name())
            .collect();
        assert_eq!(claimants, [tool], "{file} is claimed by {claimants:?}");
        let found = detect(&bytes).unwrap_or_else(|| panic!("{file}: not detected"));
        assert_eq!(found.name(), tool, "{file}");
        // The version: parsed from the output, or from the file name where the tool prints none.
        let report = found
            .parse(&bytes, file)
            .unwrap_or_else(|e| panic!("{file}: {e}"));
        assert_eq!(report.tool_version.as_deref(), Some(version), "{file}");
        // Detection without the file name still gives the tool; tools that print their version
        // keep it without the name.
        let anonymous = found.parse(&bytes, "output.json").unwrap();
        if let Some(v) = anonymous.tool_version {
            assert_eq!(
                v, version,
                "{file}: version from the content differs from the file name"
            );
        }
        checked += 1;
    }
    assert_eq!(checked, FILES.len());
}

#[test]
fn non_outputs_are_not_detected() {
    for input in [
        &b""[..],
        b"   \n",
        b"{}",
        b"[]",
        b"hello world",
        b"\xff\xfe\x00garbage",
        b"null",
    ] {
        let claimants: Vec<&str> = all()
            .into_iter()
            .filter(|s| s.detect(input))
            .map(|s| s.name())
            .collect();
        assert!(
            claimants.is_empty(),
            "{:?} claimed by {claimants:?}",
            String::from_utf8_lossy(input)
        );
    }
}

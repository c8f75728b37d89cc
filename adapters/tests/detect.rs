//! Every recorded output in KALM 2024 is recognised as exactly its own tool by its shape, and
//! its version is read (from the output, or from KALM's file naming where the output has none).

mod common;

use common::RECORDED_FILES;

use adapters::{all, by_name, detect};

#[test]
fn every_recorded_file_is_detected_as_its_own_tool() {
    let results = common::results_dir();
    if !results.exists() {
        eprintln!(
            "skipped: {} is absent; the KALM 2024 data lives beside the checkout",
            results.display()
        );
        return;
    }
    let mut checked = 0;
    for &(file, tool, version) in RECORDED_FILES {
        let bytes = std::fs::read(results.join(file)).unwrap();
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
    assert_eq!(checked, RECORDED_FILES.len());
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

//! Every scanner output among this crate's fixtures is recognised as exactly its own tool by its
//! shape, parses, and has its version read (from the output, or from KALM's file naming where
//! the output has none). The fixtures are real outputs: see each folder's README.

mod common;

use adapters::parser::version_from_file_name;
use adapters::{all, by_name, detect};

#[test]
fn every_fixture_output_is_detected_as_its_own_tool() {
    let outputs = common::fixture_outputs();
    let mut tools = std::collections::BTreeSet::new();
    for (tool, path) in &outputs {
        let file = path.file_name().unwrap().to_string_lossy().to_string();
        let bytes = std::fs::read(path).unwrap();
        assert!(
            by_name(tool).is_some(),
            "fixtures/{tool}: no adapter named {tool} is registered"
        );
        // Exactly one adapter claims the file; generic SARIF is claimed by SARIF alone.
        let claimants: Vec<&str> = all()
            .into_iter()
            .filter(|s| s.detect(&bytes))
            .map(|s| s.name())
            .collect();
        assert_eq!(
            claimants,
            [tool.as_str()],
            "{tool}/{file} is claimed by {claimants:?}"
        );
        let found = detect(&bytes).unwrap_or_else(|| panic!("{tool}/{file}: not detected"));
        assert_eq!(found.name(), tool, "{file}");
        let report = found
            .parse_file(path)
            .unwrap_or_else(|e| panic!("{tool}/{file}: {e}"));
        // The version in the fixture's name is the one the adapter reports.
        if let Some(named) = version_from_file_name(&file) {
            assert_eq!(
                report.tool_version.as_deref(),
                Some(named.as_str()),
                "{tool}/{file}"
            );
        }
        // Tools that print their version keep it without the file name.
        if let Some(v) = found.parse(&bytes, "output.json").unwrap().tool_version {
            assert_eq!(
                Some(v.as_str()),
                report.tool_version.as_deref(),
                "{tool}/{file}: version from the content differs from the file name"
            );
        }
        tools.insert(tool.clone());
    }
    // Every registered adapter has a real output of its own among the fixtures.
    let registered: std::collections::BTreeSet<String> =
        all().into_iter().map(|s| s.name().to_string()).collect();
    assert_eq!(tools, registered, "adapters without a fixture output");
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

//! Adding a scanner is four places: its parser (adapters/src/scanners/), its rule table
//! (adapters/rules/), its fixture folder (adapters/tests/fixtures/) and its driver
//! (harness/src/runner/drivers/). Everything else that lists scanners (the fuzz targets, the
//! README's scanner table) is held to the registry here, so a fifth place cannot drift.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

fn repo() -> PathBuf {
    Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/..")).to_path_buf()
}

fn parser_names() -> Vec<&'static str> {
    adapters::all().iter().map(|p| p.name()).collect()
}

/// Module and fuzz-target spelling of an adapter name (`kube-score` -> `kube_score`).
fn module(name: &str) -> String {
    name.replace('-', "_")
}

fn names_in(dir: &Path, ext: Option<&str>) -> BTreeSet<String> {
    std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| e.unwrap().path())
        .filter(|p| match ext {
            Some(x) => p.extension().is_some_and(|e| e == x),
            None => p.is_dir(),
        })
        .map(|p| p.file_stem().unwrap().to_string_lossy().into_owned())
        .collect()
}

#[test]
fn every_parser_has_a_driver_in_the_same_order() {
    let drivers: Vec<&str> = harness::runner::drivers::all()
        .iter()
        .map(|d| d.name)
        .collect();
    assert_eq!(drivers, parser_names());
    for d in harness::runner::drivers::all() {
        assert_eq!(d.parser().name(), d.name);
    }
    // Generic SARIF is last, so a scanner's own parser wins detection over it.
    assert_eq!(parser_names().last(), Some(&"sarif"));
}

#[test]
fn every_parser_has_a_module_rules_and_a_fixture_folder_with_a_readme() {
    let root = repo();
    let modules = names_in(&root.join("adapters/src/scanners"), Some("rs"));
    let fixtures = names_in(&root.join("adapters/tests/fixtures"), None);
    let rules = names_in(&root.join("adapters/rules"), Some("csv"));
    let drivers = names_in(&root.join("harness/src/runner/drivers"), Some("rs"));
    for name in parser_names() {
        assert!(
            modules.contains(&module(name)),
            "no adapters/src/scanners/{}.rs",
            module(name)
        );
        assert!(drivers.contains(&module(name)), "no driver file for {name}");
        assert!(
            root.join("adapters/tests/fixtures")
                .join(name)
                .join("README.md")
                .is_file(),
            "no adapters/tests/fixtures/{name}/README.md"
        );
        // Generic SARIF maps no rules of its own: its findings carry the writer's rule ids.
        if name != "sarif" {
            assert!(rules.contains(name), "no adapters/rules/{name}.csv");
        }
    }
    let registered: BTreeSet<String> = parser_names().iter().map(|n| n.to_string()).collect();
    assert_eq!(
        fixtures, registered,
        "fixture folders and registered parsers differ"
    );
    let with_rules: BTreeSet<String> = registered
        .iter()
        .filter(|n| *n != "sarif")
        .cloned()
        .collect();
    assert_eq!(
        rules, with_rules,
        "rule tables and registered parsers differ"
    );
}

#[test]
fn fuzz_targets_are_the_registry_plus_detect() {
    let root = repo();
    let mut want: BTreeSet<String> = parser_names().iter().map(|n| module(n)).collect();
    want.insert("detect".to_string());
    let files = names_in(&root.join("fuzz/fuzz_targets"), Some("rs"));
    assert_eq!(files, want, "fuzz/fuzz_targets/*.rs");
    let manifest = std::fs::read_to_string(root.join("fuzz/Cargo.toml")).unwrap();
    let bins: BTreeSet<String> = manifest
        .split("[[bin]]")
        .skip(1)
        .filter_map(|b| {
            let line = b.lines().find(|l| l.trim_start().starts_with("name"))?;
            Some(line.split('"').nth(1)?.to_string())
        })
        .collect();
    assert_eq!(bins, want, "fuzz/Cargo.toml [[bin]] entries");
    for t in &want {
        let text = std::fs::read_to_string(root.join(format!("fuzz/fuzz_targets/{t}.rs"))).unwrap();
        if t != "detect" {
            let name = parser_names()
                .into_iter()
                .find(|n| module(n) == *t)
                .unwrap();
            // One macro (fuzz/src/lib.rs) for every parser: the target is that one line.
            assert!(
                text.contains(&format!("adapters_fuzz::parser_target!(\"{name}\");")),
                "fuzz/fuzz_targets/{t}.rs does not fuzz the {name} parser through parser_target!"
            );
        }
    }
}

#[test]
fn the_readme_scanner_table_lists_exactly_the_registry() {
    let readme = std::fs::read_to_string(repo().join("README.md")).unwrap();
    let section = readme
        .split("## The scanners")
        .nth(1)
        .expect("README has a scanners section");
    let rows: Vec<&str> = section
        .lines()
        .skip_while(|l| !l.starts_with("| scanner | adapter |"))
        .skip(2)
        .take_while(|l| l.starts_with('|'))
        .collect();
    let adapters_column: Vec<String> = rows
        .iter()
        .map(|r| {
            r.split('|')
                .nth(2)
                .unwrap()
                .trim()
                .trim_matches('`')
                .to_string()
        })
        .collect();
    let listed: BTreeSet<String> = adapters_column.iter().cloned().collect();
    assert_eq!(
        listed.len(),
        adapters_column.len(),
        "a scanner listed twice: {adapters_column:?}"
    );
    let registered: BTreeSet<String> = parser_names().iter().map(|n| n.to_string()).collect();
    assert_eq!(
        listed, registered,
        "README scanner table vs adapters::all()"
    );
}

//! The README's results on this suite (the recommendation, the ranking table and the best
//! combinations) are what `harness evaluate` computes from the committed `results/` and
//! `manifests/`, so the README can't drift from the data.

use std::path::Path;

use assert_cmd::Command;

fn root() -> &'static Path {
    Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/.."))
}

/// The README's section about the committed results, up to the next heading.
fn readme_results_section() -> String {
    let readme = std::fs::read_to_string(root().join("README.md")).unwrap();
    let start = readme
        .find("## Results on this suite")
        .expect("README has a results section");
    let rest = &readme[start + 3..];
    let end = rest.find("\n## ").map_or(rest.len(), |i| i);
    rest[..end].to_string()
}

#[test]
fn readme_results_equal_evaluate_on_committed_results() {
    let out = tempfile::tempdir().unwrap();
    Command::cargo_bin("harness")
        .unwrap()
        .current_dir(root())
        .args(["evaluate", "--suite", "manifests", "--results", "results", "--out"])
        .arg(out.path())
        .assert()
        .success();
    let summary = std::fs::read_to_string(out.path().join("summary.md")).unwrap();
    assert!(
        !summary.contains("Left out:"),
        "a committed result is left out of the evaluation:\n{summary}"
    );
    let readme = readme_results_section();

    let computed_table: Vec<&str> = summary.lines().filter(|l| l.starts_with('|')).collect();
    let readme_table: Vec<&str> = readme.lines().filter(|l| l.starts_with('|')).collect();
    assert!(computed_table.len() >= 3, "{summary}");
    assert_eq!(
        readme_table, computed_table,
        "README's results table differs from `harness evaluate` on results/"
    );

    let recommendation = summary
        .lines()
        .find(|l| l.starts_with("**"))
        .expect("summary has a recommendation");
    assert!(
        readme.lines().any(|l| l == recommendation),
        "README's recommendation differs; evaluate says:\n{recommendation}"
    );
    let combos = summary
        .lines()
        .find(|l| l.starts_with("Best pair:"))
        .expect("summary has the best combinations");
    assert!(
        readme.lines().any(|l| l.trim_end() == combos.trim_end()),
        "README's best combinations differ; evaluate says:\n{combos}"
    );
}

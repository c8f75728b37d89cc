//! The committed `results/` under test: every rule they hold is in its adapter's rule table,
//! their sidecars read the same on any machine, and the README's results on this suite (the
//! recommendation, the ranking table and the best combinations) are what `harness evaluate`
//! computes from them, so the README can't drift from the data.

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
        .args([
            "evaluate",
            "--suite",
            "manifests",
            "--results",
            "results",
            "--out",
        ])
        .arg(out.path())
        .assert()
        .success();
    let summary = std::fs::read_to_string(out.path().join("summary.md")).unwrap();
    assert!(
        !summary.contains("Left out:"),
        "a committed result is left out of the evaluation:\n{summary}"
    );
    assert!(
        !summary.contains("Not run"),
        "a committed result did not run some check of manifests/:\n{summary}"
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

/// Each committed scanner output as (tool folder, file), sidecars apart.
fn committed_outputs() -> Vec<(String, std::path::PathBuf)> {
    let mut out = Vec::new();
    for dir in std::fs::read_dir(root().join("results")).unwrap() {
        let dir = dir.unwrap().path();
        let tool = dir.file_name().unwrap().to_string_lossy().to_string();
        for f in std::fs::read_dir(&dir).unwrap() {
            let f = f.unwrap().path();
            if !f.to_string_lossy().ends_with(".meta.json") {
                out.push((tool.clone(), f));
            }
        }
    }
    out.sort();
    assert!(out.len() >= 8, "{out:?}");
    out
}

#[test]
fn every_rule_in_the_committed_results_is_in_its_rule_table() {
    let mut unmapped = std::collections::BTreeMap::<String, usize>::new();
    for (tool, file) in committed_outputs() {
        let scanner = adapters::by_name(&tool).unwrap_or_else(|| panic!("no adapter {tool}"));
        let report = scanner.parse_file(&file).unwrap_or_else(|e| panic!("{e}"));
        assert!(!report.findings.is_empty(), "{}", file.display());
        for f in report.findings.iter().filter(|f| f.unmapped) {
            *unmapped.entry(format!("{tool} {}", f.rule_id)).or_default() += 1;
        }
    }
    assert!(
        unmapped.is_empty(),
        "(tool, rule) pairs of results/ missing from adapters/rules/: {unmapped:#?}"
    );
}

#[test]
fn committed_sidecars_hold_no_absolute_path() {
    let abs = regex::Regex::new(r#"(^|[\s=:"'])/[A-Za-z.]"#).unwrap();
    let mut offenders = Vec::new();
    for (_, file) in committed_outputs() {
        let meta =
            std::path::PathBuf::from(format!("{}", file.with_extension("meta.json").display()));
        let text =
            std::fs::read_to_string(&meta).unwrap_or_else(|e| panic!("{}: {e}", meta.display()));
        let v: serde_json::Value = serde_json::from_str(&text).unwrap();
        let scanner = &v["scanner"];
        assert!(
            scanner["name"].is_string()
                && scanner["version"].is_string()
                && scanner["path"].is_string(),
            "{}: the scanner is not named by name, version and path",
            meta.display()
        );
        let mut strings = Vec::new();
        collect_strings(&v, &mut strings);
        for s in strings {
            if abs.is_match(&s)
                || s.contains("/tmp/")
                || s.contains("/work/")
                || s.contains("/root/")
            {
                offenders.push(format!("{}: {s}", meta.display()));
            }
        }
    }
    assert!(offenders.is_empty(), "absolute paths left: {offenders:#?}");
}

/// Each committed result records the digest of every check file it scanned; while the suite is
/// the one the run recorded (same whole-suite digest), those are exactly the digests of the
/// check files of `manifests/`. (After a catalog edit the whole-suite digests differ, and
/// evaluate scores each result on the checks whose digest still matches.)
#[test]
fn committed_sidecars_record_the_check_digests_of_their_suite() {
    let suite = root().join("manifests");
    let whole = harness::schema::SuiteFiles::load(&suite)
        .unwrap()
        .digest()
        .unwrap();
    let now = harness::runner::store::check_digests(&suite);
    assert!(now.len() > 300, "{}", now.len());
    let well_formed = regex::Regex::new("^sha256:[0-9a-f]{64}$").unwrap();
    for (_, file) in committed_outputs() {
        let meta = file.with_extension("meta.json");
        let v: serde_json::Value =
            serde_json::from_str(&std::fs::read_to_string(&meta).unwrap()).unwrap();
        let recorded: std::collections::BTreeMap<String, String> =
            serde_json::from_value(v["check_digests"].clone())
                .unwrap_or_else(|e| panic!("{}: no per-check digests: {e}", meta.display()));
        assert!(recorded.len() > 300, "{}", meta.display());
        assert!(
            recorded.values().all(|d| well_formed.is_match(d)),
            "{}",
            meta.display()
        );
        if v["suite_digest"] == whole.as_str() {
            assert_eq!(recorded, now, "{}", meta.display());
        }
    }
}

fn collect_strings(v: &serde_json::Value, out: &mut Vec<String>) {
    match v {
        serde_json::Value::String(s) => out.push(s.clone()),
        serde_json::Value::Array(a) => a.iter().for_each(|x| collect_strings(x, out)),
        serde_json::Value::Object(o) => o.values().for_each(|x| collect_strings(x, out)),
        _ => {}
    }
}

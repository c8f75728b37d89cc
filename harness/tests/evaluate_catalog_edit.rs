//! A catalog edit keeps what is still valid: on a copy of the committed suite and results, one
//! check's manifest is edited and one check is added; every committed result is still scored,
//! with the same outcome on every other check, and the edited and the new check are shown as
//! not run by each result, in the matrix, the counts, the exports and the HTML report.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use harness::analyze::{self, model::Analysis, suite::Expected};

fn root() -> &'static Path {
    Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/.."))
}

fn copy_tree(from: &Path, to: &Path) {
    for e in walkdir::WalkDir::new(from) {
        let e = e.unwrap();
        let dest = to.join(e.path().strip_prefix(from).unwrap());
        if e.file_type().is_dir() {
            std::fs::create_dir_all(&dest).unwrap();
        } else {
            std::fs::copy(e.path(), &dest).unwrap();
        }
    }
}

/// (tool key, check id) -> outcome notation.
fn outcomes(a: &Analysis) -> BTreeMap<(String, String), String> {
    let mut m = BTreeMap::new();
    for c in &a.checks {
        for (t, o) in a.tools.iter().zip(&c.outcomes) {
            m.insert((t.key.clone(), c.id.clone()), o.as_str().to_string());
        }
    }
    m
}

struct Copy {
    _dir: tempfile::TempDir,
    suite: PathBuf,
    results: PathBuf,
}

fn copy_of_committed() -> Copy {
    let dir = tempfile::tempdir().unwrap();
    let suite = dir.path().join("manifests");
    let results = dir.path().join("results");
    copy_tree(&root().join("manifests"), &suite);
    copy_tree(&root().join("results"), &results);
    Copy {
        _dir: dir,
        suite,
        results,
    }
}

/// An alert check some committed result detects, and its file, so that losing it would show.
fn detected_check(a: &Analysis, suite: &Path) -> (String, PathBuf) {
    let c = a
        .checks
        .iter()
        .find(|c| c.expected == "alert" && c.outcomes.iter().any(|o| *o == "TP"))
        .expect("some committed result detects some check");
    let s = analyze::suite::Suite::load(suite).unwrap();
    let check = s.checks.iter().find(|x| x.id == c.id).unwrap();
    assert_eq!(check.expected, Expected::Alert);
    (c.id.clone(), suite.join(&check.objects[0].file))
}

#[test]
fn an_edited_and_a_new_check_are_not_run_and_every_other_outcome_stays() {
    let copy = copy_of_committed();
    let before = analyze::analyze(&copy.suite, &copy.results).unwrap();
    assert!(before.left_out.is_empty(), "{:?}", before.left_out);
    assert!(before.tools.len() >= 8);
    assert!(before.tools.iter().all(|t| t.metrics.not_run == 0));
    let (edited, file) = detected_check(&before, &copy.suite);

    // An edit of the check's manifest, and a new check made from it under another id.
    let text = std::fs::read_to_string(&file).unwrap();
    std::fs::write(&file, format!("{text}# edited after the committed runs\n")).unwrap();
    let lower = edited.to_ascii_lowercase();
    let new_text = text.replace(&edited, "NEW-999").replace(&lower, "new-999");
    assert!(new_text.contains("check: NEW-999"), "{new_text}");
    std::fs::write(copy.suite.join("new-999-added-check.yaml"), new_text).unwrap();

    let after = analyze::analyze(&copy.suite, &copy.results).unwrap();
    assert!(
        after.left_out.is_empty(),
        "a committed result is dropped: {:?}",
        after.left_out
    );
    assert_eq!(after.tools.len(), before.tools.len());
    assert_eq!(after.suite.checks, before.suite.checks + 1);

    let (b, a) = (outcomes(&before), outcomes(&after));
    let mut compared = 0;
    for ((tool, check), o) in &a {
        if check == &edited || check == "NEW-999" {
            assert_eq!(o, "not run", "{tool} on {check}");
        } else {
            assert_eq!(
                Some(o),
                b.get(&(tool.clone(), check.clone())),
                "{tool} on {check} changed"
            );
            compared += 1;
        }
    }
    assert_eq!(compared, b.len() - before.tools.len());

    for t in &after.tools {
        let was = before.tools.iter().find(|x| x.key == t.key).unwrap();
        let (m, w) = (&t.metrics, &was.metrics);
        assert_eq!(m.not_run, 2, "{}", t.key);
        assert_eq!(m.checks, w.checks - 1, "{}", t.key);
        // The edited check left the counts it was in, nothing else moved.
        assert_eq!(m.tp + m.fn_, w.tp + w.fn_ - 1, "{}", t.key);
        assert_eq!((m.fp, m.tn), (w.fp, w.tn), "{}", t.key);
        assert!(
            t.missed
                .iter()
                .all(|e| e.check != edited && e.check != "NEW-999"),
            "{}",
            t.key
        );
    }

    // The exports and the report say which checks each result did not run.
    let out = tempfile::tempdir().unwrap();
    analyze::export::write_all(&after, out.path()).unwrap();
    let read = |n: &str| std::fs::read_to_string(out.path().join(n)).unwrap();
    let checks = read("checks.csv");
    let row = checks
        .lines()
        .find(|l| l.starts_with(&format!("{edited},")))
        .unwrap();
    assert_eq!(row.matches(",not run").count(), after.tools.len(), "{row}");
    assert!(checks.lines().any(|l| l.starts_with("NEW-999,")));
    let summary = read("summary.csv");
    assert!(
        summary.lines().next().unwrap().ends_with(",noise,not_run"),
        "{summary}"
    );
    assert!(summary.lines().nth(1).unwrap().ends_with(",2"), "{summary}");
    let json: serde_json::Value = serde_json::from_str(&read("summary.json")).unwrap();
    assert_eq!(json["tools"][0]["metrics"]["not_run"], 2);
    let md = read("summary.md");
    assert!(md.contains("2 checks not run by this result"), "{md}");
    assert!(
        md.contains(&format!(": {edited}, NEW-999"))
            || md.contains(&format!(": NEW-999, {edited}")),
        "{md}"
    );
    let findings = read("findings.csv");
    assert!(
        findings.lines().any(|l| l.ends_with(",not run")),
        "no finding on the edited check"
    );
    let html = harness::report::render(&after).unwrap();
    assert!(
        html.contains(r#"<td class="o-NR""#),
        "no not-run cell in the matrix"
    );
    assert!(html.contains("2 checks not run by this result (changed or new"));
}

#[test]
fn nothing_edited_means_nothing_not_run_and_the_same_exports() {
    let copy = copy_of_committed();
    let copied = analyze::analyze(&copy.suite, &copy.results).unwrap();
    let committed = analyze::analyze(&root().join("manifests"), &root().join("results")).unwrap();
    assert_eq!(outcomes(&copied), outcomes(&committed));
    let (x, y) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    analyze::export::write_all(&copied, x.path()).unwrap();
    analyze::export::write_all(&committed, y.path()).unwrap();
    for f in ["summary.csv", "categories.csv", "checks.csv"] {
        let a = std::fs::read_to_string(x.path().join(f)).unwrap();
        assert_eq!(a, std::fs::read_to_string(y.path().join(f)).unwrap(), "{f}");
        assert!(!a.contains("not run") && !a.contains("not_run"), "{f}");
    }
}

#[test]
fn a_sidecar_without_per_check_digests_keeps_the_whole_suite_rule() {
    let copy = copy_of_committed();
    // The oldest sidecars record only the whole-suite digest.
    let side = copy
        .results
        .join("kubesec/kubesec_v2.14.2_2026-11-26.meta.json");
    let mut meta: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&side).unwrap()).unwrap();
    assert!(
        meta.as_object_mut()
            .unwrap()
            .remove("check_digests")
            .is_some(),
        "the committed sidecar records per-check digests"
    );
    std::fs::write(&side, serde_json::to_vec_pretty(&meta).unwrap()).unwrap();
    let unchanged = analyze::analyze(&copy.suite, &copy.results).unwrap();
    assert!(unchanged.left_out.is_empty(), "{:?}", unchanged.left_out);

    let (_, file) = detected_check(&unchanged, &copy.suite);
    let text = std::fs::read_to_string(&file).unwrap();
    std::fs::write(&file, format!("{text}# edited\n")).unwrap();
    let a = analyze::analyze(&copy.suite, &copy.results).unwrap();
    assert_eq!(a.left_out.len(), 1, "{:?}", a.left_out);
    assert!(a.left_out[0]
        .file
        .ends_with("kubesec_v2.14.2_2026-11-26.json"));
    assert!(a.left_out[0].reason.contains("different suite"));
    assert_eq!(a.tools.len(), unchanged.tools.len() - 1);
}

#[test]
fn results_of_another_suite_with_per_check_digests_are_left_out() {
    let copy = copy_of_committed();
    // Every check file of the suite changes: no check the runs recorded is still there.
    for e in std::fs::read_dir(&copy.suite).unwrap() {
        let p = e.unwrap().path();
        if p.extension().is_some_and(|x| x == "yaml") {
            let text = std::fs::read_to_string(&p).unwrap();
            std::fs::write(&p, format!("{text}# another suite\n")).unwrap();
        }
    }
    let a = analyze::analyze(&copy.suite, &copy.results).unwrap();
    assert!(
        a.tools.is_empty(),
        "{:?}",
        a.tools.iter().map(|t| &t.key).collect::<Vec<_>>()
    );
    assert!(a.left_out.len() >= 8);
    assert!(
        a.left_out
            .iter()
            .all(|l| l.reason.contains("different suite")),
        "{:?}",
        a.left_out
    );
}

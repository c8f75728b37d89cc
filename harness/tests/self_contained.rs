//! The test suite stands on its own: only the KALM cross-check target reads KALM's data beside
//! the checkout, no test passes by returning early, and every test that needs something a
//! machine may lack (a scanner, chromium, kubernetes-validate, KALM's data) carries the opt-out
//! that reports it as skipped.

use std::path::{Path, PathBuf};

fn repo() -> PathBuf {
    Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/..")).to_path_buf()
}

/// The one test target allowed to read `../shared`.
const KALM_TARGET: &str = "harness/tests/kalm_cross_check.rs";

/// Every test source: the Rust sources of the workspace and the fuzz project (not build output),
/// the test command and its setup, and the fuzz driver, with paths relative to the checkout.
/// (Benchmark scripts may time KALM's data; they are not tests.)
fn sources() -> Vec<(String, String)> {
    let root = repo();
    let mut out = Vec::new();
    for top in ["harness", "adapters", "fuzz", "scripts", ".ci"] {
        let mut stack = vec![root.join(top)];
        while let Some(dir) = stack.pop() {
            let Ok(entries) = std::fs::read_dir(&dir) else {
                continue;
            };
            for e in entries {
                let p = e.unwrap().path();
                let name = p.file_name().unwrap().to_string_lossy().to_string();
                if p.is_dir() {
                    if !matches!(
                        name.as_str(),
                        "target" | "corpus" | "artifacts" | "fixtures"
                    ) {
                        stack.push(p);
                    }
                } else if name.ends_with(".rs")
                    || matches!(
                        name.as_str(),
                        "test.sh" | "setup-test-deps.sh" | "run-all.sh" | "run"
                    )
                {
                    let rel = p.strip_prefix(&root).unwrap().display().to_string();
                    out.push((rel, std::fs::read_to_string(&p).unwrap()));
                }
            }
        }
    }
    out.sort();
    assert!(out.len() > 50, "only {} sources found", out.len());
    out
}

#[test]
fn only_the_kalm_target_reads_shared() {
    let mut offenders = Vec::new();
    let mut kalm_reads = false;
    for (rel, text) in sources() {
        // The CI entry point puts the checkout beside ../shared; it does not read it.
        if rel == ".ci/run" || rel == "harness/tests/self_contained.rs" {
            continue;
        }
        let refers = text.contains("shared/kalm") || text.contains("../shared");
        if rel == KALM_TARGET {
            kalm_reads = refers;
        } else if refers {
            offenders.push(rel);
        }
    }
    assert!(
        kalm_reads,
        "{KALM_TARGET} should be the target that reads ../shared"
    );
    assert!(
        offenders.is_empty(),
        "only {KALM_TARGET} may refer to ../shared; also found in {offenders:?}"
    );
}

/// Each `#[test]` function of a test source, as (name, attributes and body).
fn tests_of(text: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    for chunk in text.split("#[test]").skip(1) {
        let name = chunk
            .split("fn ")
            .nth(1)
            .and_then(|r| r.split('(').next())
            .unwrap_or("?")
            .trim()
            .to_string();
        // The body ends where the next item starts.
        let end = chunk.find("\n}\n").map_or(chunk.len(), |i| i + 3);
        out.push((name, chunk[..end].to_string()));
    }
    out
}

#[test]
fn no_test_passes_by_returning_early() {
    let early =
        regex::Regex::new(r"else\s*\{\s*return\s*;?\s*\}|eprintln!\(\s*\x22skipped").unwrap();
    let mut offenders = Vec::new();
    for (rel, text) in sources() {
        if !rel.ends_with(".rs") || rel.ends_with("self_contained.rs") {
            continue;
        }
        for (name, body) in tests_of(&text) {
            if early.is_match(&body) {
                offenders.push(format!("{rel}: {name}"));
            }
        }
        if rel.contains("/tests/common/") && early.is_match(&text) {
            offenders.push(format!("{rel}: a helper returns early"));
        }
    }
    assert!(
        offenders.is_empty(),
        "tests that can pass without checking anything: {offenders:?}"
    );
}

#[test]
fn every_test_needing_an_absent_thing_carries_its_opt_out() {
    // (what the test body uses, the cfg its opt-out variable sets)
    let needs = [
        ("live_tool(", "skip_live"),
        (".tools/bin", "skip_live"),
        ("/usr/bin/chromium", "skip_browser"),
        ("CHROMIUM", "skip_browser"),
        ("kubernetes-validate", "skip_validate"),
        ("kalm()", "skip_kalm"),
        ("analysis()", "skip_kalm"),
        ("needs_control_plane(", "skip_cluster"),
    ];
    let mut offenders = Vec::new();
    let mut guarded = 0;
    for (rel, text) in sources() {
        if !rel.ends_with(".rs") || !rel.contains("/tests/") || rel.ends_with("self_contained.rs") {
            continue;
        }
        for (name, body) in tests_of(&text) {
            let header = body.split("fn ").next().unwrap_or("");
            for (uses, cfg) in needs {
                if rel != KALM_TARGET && cfg == "skip_kalm" {
                    continue;
                }
                if body.contains(uses) {
                    if header.contains(&format!("cfg_attr({cfg}, ignore")) {
                        guarded += 1;
                    } else {
                        offenders.push(format!("{rel}: {name} uses {uses} without {cfg}"));
                    }
                }
            }
        }
    }
    assert!(offenders.is_empty(), "{offenders:#?}");
    assert!(guarded >= 10, "only {guarded} guarded tests found");
}

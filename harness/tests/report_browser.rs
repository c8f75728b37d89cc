//! The report in a real browser: headless Debian chromium renders the page built from this
//! repository's suite and committed results, must find the ranking, heat map and matrix in the
//! DOM, take a non-trivial screenshot, and log no script errors. A missing chromium fails the
//! test and names the install step; `SCANNER_BENCH_SKIP_BROWSER=1` reports it as skipped.

use std::path::{Path, PathBuf};
use std::process::Command;

const CHROMIUM: &str = "/usr/bin/chromium";

fn repo() -> PathBuf {
    PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/.."))
}

/// Chromium flags for a machine without network or display, with a profile of its own.
fn chromium(profile: &Path) -> Command {
    let mut c = Command::new(CHROMIUM);
    c.args([
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--enable-logging=stderr",
        "--v=0",
    ])
    .arg(format!("--user-data-dir={}", profile.display()));
    c
}

fn script_errors(stderr: &str) -> Vec<&str> {
    stderr
        .lines()
        .filter(|l| {
            l.contains("Uncaught")
                || (l.contains("CONSOLE") && l.to_ascii_lowercase().contains("error"))
        })
        .collect()
}

#[test]
#[cfg_attr(skip_browser, ignore = "SCANNER_BENCH_SKIP_BROWSER=1")]
fn report_renders_in_chromium() {
    assert!(
        Path::new(CHROMIUM).exists(),
        "{CHROMIUM} is missing: run `scripts/setup-test-deps.sh` (apt-get install chromium) or \
         set SCANNER_BENCH_SKIP_BROWSER=1 to report this test as skipped"
    );
    let data = repo();
    let tmp = tempfile::tempdir().unwrap();
    let a = harness::analyze::analyze(&data.join("manifests"), &data.join("results")).unwrap();
    let html = harness::report::render(&a).unwrap();
    let page = tmp.path().join("report.html");
    std::fs::write(&page, &html).unwrap();
    let url = format!("file://{}", page.display());

    let dom = chromium(&tmp.path().join("profile-dom"))
        .arg("--dump-dom")
        .arg(&url)
        .output()
        .expect("chromium runs");
    assert!(
        dom.status.success(),
        "chromium --dump-dom failed: {}",
        String::from_utf8_lossy(&dom.stderr)
    );
    let text = String::from_utf8_lossy(&dom.stdout);
    for id in [
        "ranking-table",
        "heatmap-table",
        "matrix-table",
        "combos-table",
        "methodology",
        "left-out",
    ] {
        assert!(
            text.contains(&format!("id=\"{id}\"")),
            "{id} not in the rendered DOM"
        );
    }
    // The first tool of the ranking is named in the recommendation the browser shows.
    assert!(text.contains(&format!("Use {}:", a.tools[0].key)));
    let errors = script_errors(&String::from_utf8_lossy(&dom.stderr)).join("\n");
    assert!(errors.is_empty(), "script errors logged:\n{errors}");

    let shot = tmp.path().join("shot.png");
    let out = chromium(&tmp.path().join("profile-shot"))
        .arg(format!("--screenshot={}", shot.display()))
        .arg("--window-size=1400,1800")
        .arg(&url)
        .output()
        .expect("chromium runs");
    assert!(
        out.status.success(),
        "chromium --screenshot failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let png = std::fs::read(&shot).expect("screenshot written");
    assert_eq!(&png[..8], b"\x89PNG\r\n\x1a\n", "not a PNG");
    // 1400 x 1800, big-endian in the IHDR chunk.
    assert_eq!(u32::from_be_bytes(png[16..20].try_into().unwrap()), 1400);
    assert_eq!(u32::from_be_bytes(png[20..24].try_into().unwrap()), 1800);
    // A blank page compresses to a few kB; tables and colors do not.
    assert!(
        png.len() > 30_000,
        "screenshot suspiciously small: {} bytes",
        png.len()
    );
    let errors = script_errors(&String::from_utf8_lossy(&out.stderr)).join("\n");
    assert!(errors.is_empty(), "script errors logged:\n{errors}");
    if let Some(dest) = std::env::var_os("REPORT_SCREENSHOT") {
        std::fs::copy(&shot, dest).unwrap();
    }
}

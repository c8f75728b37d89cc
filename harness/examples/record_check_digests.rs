//! One-off: adds the per-check digests of `manifests/` to the committed sidecars in `results/`
//! that predate them. Only a sidecar whose whole-suite digest is the digest of `manifests/` is
//! changed, since only then were its results produced on exactly these check files.
//!
//! `cargo run -p harness --example record_check_digests [manifests] [results]`

use std::path::PathBuf;

use anyhow::Context;
use harness::runner::store;

fn main() -> anyhow::Result<()> {
    let mut args = std::env::args().skip(1);
    let suite = PathBuf::from(args.next().unwrap_or_else(|| "manifests".into()));
    let results = PathBuf::from(args.next().unwrap_or_else(|| "results".into()));
    let whole = harness::schema::SuiteFiles::load(&suite)?.digest()?;
    let digests = store::check_digests(&suite);
    anyhow::ensure!(
        !digests.is_empty(),
        "{}: no checks to digest",
        suite.display()
    );
    let mut sidecars: Vec<PathBuf> = walkdir::WalkDir::new(&results)
        .into_iter()
        .filter_map(Result::ok)
        .map(|e| e.into_path())
        .filter(|p| p.to_string_lossy().ends_with(".meta.json"))
        .collect();
    sidecars.sort();
    for p in sidecars {
        let text = std::fs::read_to_string(&p).with_context(|| format!("{}", p.display()))?;
        let meta: serde_json::Value =
            serde_json::from_str(&text).with_context(|| format!("{}", p.display()))?;
        if meta.get("check_digests").is_some() {
            println!("{}: already has per-check digests", p.display());
            continue;
        }
        if meta.get("suite_digest").and_then(|d| d.as_str()) != Some(whole.as_str()) {
            println!("{}: produced on another suite, left as it is", p.display());
            continue;
        }
        let new = store::add_check_digests(&text, &digests)
            .with_context(|| format!("{}", p.display()))?;
        harness::analyze::export::write_atomic(&p, new.as_bytes())?;
        println!("{}: {} check digests added", p.display(), digests.len());
    }
    Ok(())
}

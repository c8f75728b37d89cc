//! The analyzer: a suite's expectations joined with every tool's findings -> one outcome per
//! (tool, check) under each attribution method -> metrics per tool and category, the best
//! combinations of tools, and version comparisons. Shared by `harness evaluate` and
//! `harness report`; the definitions are in docs/metrics.md, whose sections follow the stages
//! of [`build`]: the matrix, the noise, the per-tool results, the ranking.

pub mod attribute;
pub mod categories;
pub mod checks_run;
pub mod combos;
pub mod export;
pub mod load;
pub mod matrix;
pub mod metrics;
pub mod model;
pub mod noise;
pub mod present;
pub mod ranking;
pub mod results;
pub mod suite;

use std::collections::HashMap;
use std::path::Path;

use attribute::Attribution;
use checks_run::Fit;
use load::{LeftOut, Loaded};
use model::*;
use suite::Suite;

pub use present::pct;
pub use ranking::version_key;
pub use results::EVIDENCE_LIMIT;

/// Prints how long a phase took when `HARNESS_TIMINGS` is set: where the time of a large
/// evaluation goes, without a profiler.
pub fn timing(phase: &str, since: std::time::Instant) {
    if std::env::var_os("HARNESS_TIMINGS").is_some() {
        eprintln!("timing: {phase}: {:.3}s", since.elapsed().as_secs_f64());
    }
}

/// One tool's parsed results with their attributions.
pub struct Scored {
    pub loaded: Loaded,
    pub key: String,
    pub attributions: Vec<Attribution>,
    /// Per suite check: the result did not run its current file (see [`checks_run`]).
    pub not_run: Vec<bool>,
}

/// Runs the whole analysis. Files that cannot be scored are in `left_out`, and printed as
/// warnings by the caller; only an unreadable suite or results folder is an error.
pub fn analyze(suite_dir: &Path, results_dir: &Path) -> anyhow::Result<Analysis> {
    let t = std::time::Instant::now();
    let suite = Suite::load(suite_dir)?;
    timing("suite", t);
    let t = std::time::Instant::now();
    let (loaded, mut left_out) = load::load_results(results_dir)?;
    timing("results", t);
    let t = std::time::Instant::now();
    let mut seen: HashMap<String, String> = HashMap::new();
    let mut scored: Vec<Scored> = Vec::new();
    let current = checks_run::Current::new(suite_dir, &suite);
    for l in loaded {
        let not_run = match current.fit(&l)? {
            Fit::All => vec![false; suite.checks.len()],
            Fit::Partly(not_run) => not_run,
            Fit::Other(reason) => {
                left_out.push(LeftOut {
                    file: l.file.clone(),
                    reason,
                });
                continue;
            }
        };
        let key = format!("{} {}", l.tool, l.version);
        if let Some(first) = seen.get(&key) {
            left_out.push(LeftOut {
                file: l.file.clone(),
                reason: format!("a second result of {key}; {first} is used"),
            });
            continue;
        }
        let rules = l.scanner.rules();
        let attributions = attribute::attribute(&suite, rules, &l.findings);
        if !l.findings.is_empty() && attributions.iter().all(|a| a.target.is_none()) {
            left_out.push(LeftOut {
                file: l.file.clone(),
                reason: format!(
                    "results for a different suite (or a cluster scan): none of its {} {} findings names a check id, object or file of {}",
                    l.findings.len(),
                    l.tool,
                    suite_dir.display()
                ),
            });
            continue;
        }
        seen.insert(key.clone(), l.file.clone());
        scored.push(Scored {
            loaded: l,
            key,
            attributions,
            not_run,
        });
    }
    timing("attribution", t);
    let t = std::time::Instant::now();
    let a = build(&suite, results_dir, scored, left_out);
    timing("scoring", t);
    a
}

/// The scoring, stage by stage as docs/metrics.md describes it.
fn build(
    suite: &Suite,
    results_dir: &Path,
    mut scored: Vec<Scored>,
    left_out: Vec<LeftOut>,
) -> anyhow::Result<Analysis> {
    scored.sort_by(|a, b| a.key.cmp(&b.key));
    let matrix = matrix::build(suite, &scored);
    let noise = noise::count(suite, &scored, &matrix);
    let mut tools = results::per_tool(suite, &scored, &matrix, &noise)?;
    let (best_pairs, best_triples) = combos::best(&matrix, &ranking::latest_per_tool(&scored));
    let versions = ranking::versions(suite, &scored, &tools, &matrix);
    ranking::rank(&mut tools);
    let checks = ranking::check_rows(suite, &matrix, &tools);
    let recommendation = present::recommendation(&tools, &best_pairs);

    let alert = matrix
        .rows
        .iter()
        .filter(|r| r.expected == suite::Expected::Alert)
        .count() as u32;
    let categories = suite.categories();
    let alert_per_category = categories
        .iter()
        .map(|c| {
            matrix
                .rows
                .iter()
                .filter(|r| r.category == *c && r.expected == suite::Expected::Alert)
                .count() as u32
        })
        .collect();
    let info = SuiteInfo {
        dir: suite.dir.display().to_string(),
        files: suite.files,
        checks: matrix.rows.len() as u32,
        alert,
        pass: matrix.rows.len() as u32 - alert,
        controls: suite.checks.iter().filter(|c| c.control).count() as u32,
        context_objects: suite.context.len() as u32,
        categories,
        alert_per_category,
    };
    let findings = scored
        .into_iter()
        .zip(noise.findings)
        .map(|(s, meta)| ToolFindings {
            tool: s.loaded.tool,
            version: s.loaded.version,
            findings: s.loaded.findings,
            meta,
        })
        .collect();
    let check_ids = suite
        .checks
        .iter()
        .map(|c| (c.id.clone(), c.expected.as_str()))
        .collect();
    Ok(Analysis {
        suite: info,
        results_dir: results_dir.display().to_string(),
        tools,
        checks,
        findings,
        check_ids,
        best_pairs,
        best_triples,
        versions,
        left_out,
        recommendation,
    })
}

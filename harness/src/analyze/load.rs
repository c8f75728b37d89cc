//! Results loading: every file under the results folder is detected, parsed and kept, or named
//! in a warning with the reason it was left out. One bad file never stops the evaluation.

use std::path::{Path, PathBuf};

use adapters::{Finding, Parser};
use serde::Serialize;

/// A results file that was not scored, and why.
#[derive(Debug, Clone, Serialize)]
pub struct LeftOut {
    pub file: String,
    pub reason: String,
}

/// One parsed results file.
pub struct Loaded {
    pub file: String,
    pub scanner: &'static dyn Parser,
    pub tool: String,
    pub version: String,
    pub findings: Vec<Finding>,
    /// Digest of the suite the run scanned, from the runner's sidecar; lets the analyzer leave
    /// out results produced on another suite even when check ids coincide.
    pub suite_digest: Option<String>,
}

/// True for the run metadata written beside each raw output.
fn is_sidecar(p: &Path) -> bool {
    p.file_name()
        .and_then(|n| n.to_str())
        .is_some_and(|n| n.ends_with(".meta.json"))
}

/// The tool a file name or folder names: `trivy_v0.49.0_2024-02-01.json` -> `trivy`,
/// `results/kube-score/2026-01-01.json` -> `kube-score` (by its folder).
fn adapter_by_names(path: &Path, root: &Path) -> Option<&'static dyn Parser> {
    let stem = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
    let head = stem.split(['_', '.']).next().unwrap_or("");
    if let Some(s) = adapters::by_name(head) {
        return Some(s);
    }
    let mut dir = path.parent();
    while let Some(d) = dir {
        if d == root || !d.starts_with(root) {
            break;
        }
        if let Some(s) = d
            .file_name()
            .and_then(|n| n.to_str())
            .and_then(adapters::by_name)
        {
            return Some(s);
        }
        dir = d.parent();
    }
    None
}

/// The run metadata the runner writes beside a raw output: `<stem>.meta.json` (the runner's
/// naming) or `<file>.meta.json`.
fn sidecar(path: &Path) -> Option<serde_json::Value> {
    let mut beside = path.as_os_str().to_owned();
    beside.push(".meta.json");
    let candidates = [path.with_extension("meta.json"), PathBuf::from(beside)];
    candidates.iter().find_map(|side| {
        let text = std::fs::read_to_string(side).ok()?;
        serde_json::from_str(&text).ok()
    })
}

/// The version recorded in the sidecar, if the runner wrote one.
fn sidecar_version(meta: &serde_json::Value) -> Option<String> {
    ["tool_version", "version"]
        .iter()
        .find_map(|k| meta.get(*k).and_then(|x| x.as_str()).map(str::to_string))
        .or_else(|| {
            meta.get("tool")
                .and_then(|t| t.get("version"))
                .and_then(|x| x.as_str())
                .map(str::to_string)
        })
}

/// Walks `root` recursively. Unknown tools and unparsable files are returned as [`LeftOut`]
/// (and printed as warnings by the commands); the caller decides about suite fit.
pub fn load_results(root: &Path) -> anyhow::Result<(Vec<Loaded>, Vec<LeftOut>)> {
    if !root.is_dir() {
        anyhow::bail!("{}: the results folder does not exist", root.display());
    }
    let files: Vec<PathBuf> = walkdir::WalkDir::new(root)
        .sort_by_file_name()
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(|e| e.into_path())
        .filter(|p| !is_sidecar(p))
        .filter(|p| {
            !p.file_name()
                .and_then(|n| n.to_str())
                .is_some_and(|n| n.starts_with('.'))
        })
        .collect();
    // Files are independent; parse them on all cores.
    let workers = std::thread::available_parallelism()
        .map_or(2, |n| n.get())
        .clamp(1, 8);
    let next = std::sync::atomic::AtomicUsize::new(0);
    let results: Vec<Result<Loaded, LeftOut>> = std::thread::scope(|s| {
        let handles: Vec<_> = (0..workers.min(files.len().max(1)))
            .map(|_| {
                s.spawn(|| {
                    let mut out = Vec::new();
                    loop {
                        let i = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                        let Some(p) = files.get(i) else { break };
                        let t = std::time::Instant::now();
                        let r = load_one(p, root);
                        super::timing(&format!("parse {}", p.display()), t);
                        out.push((i, r));
                    }
                    out
                })
            })
            .collect();
        let mut all: Vec<(usize, Result<Loaded, LeftOut>)> = handles
            .into_iter()
            .flat_map(|h| h.join().expect("results loader thread panicked"))
            .collect();
        all.sort_by_key(|(i, _)| *i);
        all.into_iter().map(|(_, r)| r).collect()
    });
    let mut loaded = Vec::new();
    let mut left = Vec::new();
    for r in results {
        match r {
            Ok(l) => loaded.push(l),
            Err(e) => left.push(e),
        }
    }
    Ok((loaded, left))
}

fn load_one(path: &Path, root: &Path) -> Result<Loaded, LeftOut> {
    let file = path.display().to_string();
    let left = |reason: String| LeftOut {
        file: file.clone(),
        reason,
    };
    let bytes = std::fs::read(path).map_err(|e| left(format!("cannot read the file: {e}")))?;
    let scanner = adapters::detect(&bytes)
        .or_else(|| adapter_by_names(path, root))
        .ok_or_else(|| {
            left(
                "no adapter recognizes this output (unknown tool, or its adapter is missing)"
                    .into(),
            )
        })?;
    let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
    // A parser bug must not take the whole evaluation down with it.
    let parsed =
        std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| scanner.parse(&bytes, name)))
            .map_err(|_| {
                left(format!(
                    "the {} adapter panicked on this file",
                    scanner.name()
                ))
            })?;
    let report =
        parsed.map_err(|e| left(format!("not readable as {} output: {e}", scanner.name())))?;
    let meta = sidecar(path);
    let version = report
        .tool_version
        .clone()
        .or_else(|| adapters::parser::version_from_file_name(name))
        .or_else(|| meta.as_ref().and_then(sidecar_version))
        .unwrap_or_else(|| "unknown".to_string());
    let suite_digest = meta
        .as_ref()
        .and_then(|m| m.get("suite_digest"))
        .and_then(|d| d.as_str())
        .map(str::to_string);
    Ok(Loaded {
        file,
        scanner,
        tool: scanner.name().to_string(),
        version,
        findings: report.findings,
        suite_digest,
    })
}

//! `harness run`: run installed scanners on the suite and store their raw outputs.

use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Duration;

use anyhow::{bail, Context};

use crate::runner::drivers::{self, Driver};
use crate::runner::{self, locate, Config, Outcome, Progress, Status, Suite, ToolResult};

#[derive(Debug, clap::Args)]
#[command(group(clap::ArgGroup::new("which").required(true).args(["tool", "all"])))]
pub struct Args {
    /// Scanner to run (repeatable), by adapter name as listed by `harness scanners`.
    #[arg(long = "tool", value_name = "NAME")]
    pub tool: Vec<String>,
    /// Run every installed scanner that can scan manifests offline.
    #[arg(long)]
    pub all: bool,
    /// Folder of manifests to scan.
    #[arg(long, default_value = "manifests")]
    pub suite: PathBuf,
    /// How many scanners run at once.
    #[arg(long, default_value_t = 2, value_parser = clap::value_parser!(u16).range(1..))]
    pub jobs: u16,
    /// Seconds a scanner may run before it is killed with its process group.
    #[arg(long, default_value_t = 600, value_parser = clap::value_parser!(u64).range(1..))]
    pub timeout: u64,
    /// Results folder; outputs go to `<out>/<tool>/<tool>_v<version>_<date>.json`.
    #[arg(long, default_value = "results")]
    pub out: PathBuf,
}

pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let suite = Suite::load(&args.suite)?;
    let mut skipped: Vec<ToolResult> = Vec::new();
    let mut runnable: Vec<(&'static Driver, PathBuf)> = Vec::new();
    if args.all {
        for &s in drivers::all() {
            if let Some(why) = runner::unrunnable(s) {
                skipped.push(skip(s, why));
            } else if let Some(p) = locate::find(s.binary) {
                runnable.push((s, p));
            } else {
                skipped.push(skip(s, "not installed".to_string()));
            }
        }
        if runnable.is_empty() {
            print_summary(&skipped);
            bail!(
                "no scanner is installed; see `harness scanners` and scripts/install-scanners.sh"
            );
        }
    } else {
        let mut missing = Vec::new();
        for name in &args.tool {
            let s = drivers::find(name).with_context(|| {
                let known: Vec<&str> = drivers::all().iter().map(|s| s.name).collect();
                format!("unknown scanner {name:?}; known: {}", known.join(", "))
            })?;
            if runnable.iter().any(|(r, _)| r.name == s.name)
                || skipped.iter().any(|r| r.tool == s.name)
            {
                continue;
            }
            if let Some(why) = runner::unrunnable(s) {
                eprintln!("{}: skipped: {why}", s.name);
                skipped.push(skip(s, why));
            } else if let Some(p) = locate::find(s.binary) {
                runnable.push((s, p));
            } else {
                missing.push(s);
            }
        }
        if !missing.is_empty() {
            for s in &missing {
                eprintln!(
                    "error: {} is not installed (no `{}` in .tools/bin or on PATH). Install: {}",
                    s.name, s.binary, s.install_hint
                );
            }
            return Ok(ExitCode::FAILURE);
        }
    }
    if !args.out.exists() {
        std::fs::create_dir_all(&args.out)
            .with_context(|| format!("creating the results folder {}", args.out.display()))?;
    }
    // Longest first (by each tool's last stored run; tools never run before go first).
    let names: Vec<&str> = runnable.iter().map(|(s, _)| s.name).collect();
    let history = runner::previous_durations(&args.out, &names);
    runnable.sort_by(|(a, _), (b, _)| {
        let d = |s: &&'static Driver| history.get(s.name).copied().unwrap_or(f64::INFINITY);
        d(b).total_cmp(&d(a))
    });
    let jobs = usize::from(args.jobs);
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    let cpu_share = runner::cpu_share(cores, jobs.min(runnable.len()));
    println!(
        "running {} scanner(s) on {} ({} manifests), {} at a time{}, timeout {}s",
        runnable.len(),
        args.suite.display(),
        suite.manifests.len(),
        args.jobs,
        cpu_share
            .map(|n| format!(" ({n} of {cores} cores each)"))
            .unwrap_or_default(),
        args.timeout
    );
    let config = Config {
        suite,
        jobs,
        timeout: Duration::from_secs(args.timeout),
        out: args.out.clone(),
        cpu_share,
    };
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .context("starting the async runtime")?;
    let outcome = rt.block_on(runner::run(runnable, config, Progress::auto()))?;
    match outcome {
        Outcome::Interrupted { exit_code } => {
            eprintln!("interrupted: scanners killed, no partial results stored");
            Ok(ExitCode::from(exit_code))
        }
        Outcome::Finished(mut results) => {
            results.extend(skipped);
            print_summary(&results);
            for r in &results {
                if r.status == Status::Skipped("not installed".to_string()) {
                    if let Some(s) = drivers::by_name(&r.tool) {
                        println!("{} not installed; install: {}", r.tool, s.install_hint);
                    }
                }
            }
            for r in &results {
                if let Status::Failed(why) = &r.status {
                    eprintln!("{} failed: {why}", r.tool);
                }
            }
            let bad = results
                .iter()
                .any(|r| matches!(r.status, Status::Failed(_) | Status::TimedOut));
            Ok(if bad {
                ExitCode::FAILURE
            } else {
                ExitCode::SUCCESS
            })
        }
    }
}

fn skip(s: &Driver, why: String) -> ToolResult {
    ToolResult {
        tool: s.name.to_string(),
        version: None,
        status: Status::Skipped(why),
        findings: None,
        exit_code: None,
        duration: None,
        file: None,
    }
}

fn print_summary(results: &[ToolResult]) {
    let rows: Vec<[String; 5]> = results
        .iter()
        .map(|r| {
            let status = match &r.status {
                Status::Skipped(why) => format!("skipped ({why})"),
                s => s.label().to_string(),
            };
            [
                r.tool.clone(),
                status,
                r.findings
                    .map(|n| n.to_string())
                    .unwrap_or_else(|| "-".into()),
                r.duration
                    .map(|d| format!("{:.1}s", d.as_secs_f64()))
                    .unwrap_or_else(|| "-".into()),
                r.file
                    .as_deref()
                    .map(|p| p.display().to_string())
                    .unwrap_or_else(|| "-".into()),
            ]
        })
        .collect();
    println!();
    print!(
        "{}",
        crate::runner::table(&["tool", "status", "findings", "duration", "file"], &rows)
    );
}

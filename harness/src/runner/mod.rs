//! The scanner runner behind `harness run`: each scanner runs on a private copy of the suite as a
//! child process (an argv from its adapter, never a shell), several at once, each with a
//! deadline; valid outputs are stored under the results folder with a sidecar.
//!
//! A scanner that crashes, hangs or prints something its adapter cannot parse is marked failed
//! with the reason and the others go on; nothing already stored is touched.

pub mod clock;
pub mod drivers;
pub mod exec;
pub mod locate;
pub mod portable;
pub mod progress;
pub mod store;
pub mod version;

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use drivers::{Driver, OutputSink, ScanMode};
use tokio::signal::unix::{signal, SignalKind};
use tokio::sync::Semaphore;
use tokio::task::JoinSet;

pub use crate::schema::SuiteFiles;
pub use exec::Groups;
pub use progress::Progress;

/// The whole-suite digest and the per-check digests, computed once per run for every sidecar.
type Digests = Arc<(String, std::collections::BTreeMap<String, String>)>;

/// Settings of one run.
#[derive(Debug, Clone)]
pub struct Config {
    pub suite: SuiteFiles,
    /// How many scanners run at once.
    pub jobs: usize,
    /// Deadline for each scanner, from its start.
    pub timeout: Duration,
    /// Results folder: outputs go to `<out>/<tool>/`.
    pub out: PathBuf,
    /// Cores each scanner may keep busy when several share the machine (see [`cpu_share`]);
    /// None leaves the scanners to size themselves.
    pub cpu_share: Option<usize>,
}

/// Each scanner's share of the machine's cores when `concurrent` run at once, or None when
/// one scanner has the machine to itself. Most scanners start a worker per core and alone keep
/// 1.2-1.7 cores busy; two of them doing that on two cores spend 5-11 % more CPU on the same
/// work (schedulers, garbage collectors and idle spinning contending for both cores). Capping
/// each to its share changes no result and shortens `--all` (measured in docs/runner.md).
pub fn cpu_share(cores: usize, concurrent: usize) -> Option<usize> {
    let concurrent = concurrent.max(1);
    (concurrent > 1).then(|| (cores / concurrent).max(1))
}

/// How one scanner's run ended.
#[derive(Debug, Clone, PartialEq)]
pub enum Status {
    Ok,
    Failed(String),
    TimedOut,
    Skipped(String),
}

impl Status {
    pub fn label(&self) -> &'static str {
        match self {
            Status::Ok => "ok",
            Status::Failed(_) => "failed",
            Status::TimedOut => "timed out",
            Status::Skipped(_) => "skipped",
        }
    }
}

/// One row of the run's summary.
#[derive(Debug, Clone)]
pub struct ToolRun {
    pub tool: String,
    pub version: Option<String>,
    pub status: Status,
    pub findings: Option<usize>,
    pub exit_code: Option<i32>,
    pub duration: Option<Duration>,
    pub file: Option<PathBuf>,
}

impl ToolRun {
    fn skipped(tool: &str, why: String) -> ToolRun {
        ToolRun {
            tool: tool.to_string(),
            version: None,
            status: Status::Skipped(why),
            findings: None,
            exit_code: None,
            duration: None,
            file: None,
        }
    }
}

/// The end of a run: every tool's result, or an interrupt (children killed, nothing partial
/// stored) with the signal's exit code.
#[derive(Debug)]
pub enum RunEnd {
    Finished(Vec<ToolRun>),
    Interrupted { exit_code: u8 },
}

/// The duration of each tool's most recent stored run under `out`, for scheduling the longest
/// first: with a bound on concurrent jobs, starting long scanners early shortens the whole run.
pub fn previous_durations(out: &Path, tools: &[&str]) -> std::collections::HashMap<String, f64> {
    let mut map = std::collections::HashMap::new();
    for tool in tools {
        let Ok(rd) = std::fs::read_dir(out.join(tool)) else {
            continue;
        };
        let latest = rd
            .flatten()
            .filter(|e| e.file_name().to_string_lossy().ends_with(".meta.json"))
            .filter_map(|e| Some((e.metadata().ok()?.modified().ok()?, e.path())))
            .max();
        let secs = latest
            .and_then(|(_, p)| std::fs::read(p).ok())
            .and_then(|b| serde_json::from_slice::<serde_json::Value>(&b).ok())
            .and_then(|v| v["duration_secs"].as_f64());
        if let Some(secs) = secs {
            map.insert(tool.to_string(), secs);
        }
    }
    map
}

/// Why a scanner cannot be run on a suite of manifests at all, if it cannot.
pub fn unrunnable(scanner: &Driver) -> Option<String> {
    if scanner.mode == ScanMode::Cluster {
        return Some("scans a live cluster or node, not manifests".to_string());
    }
    let req = scanner.requirements;
    match (req.network, req.api_key) {
        (true, true) => Some("needs network/API key".to_string()),
        (true, false) => Some("needs network".to_string()),
        (false, true) => Some("needs an API key".to_string()),
        (false, false) => None,
    }
}

/// Runs `scanners` (each with the executable found for it) and stores their outputs. Returns
/// on completion or on SIGINT/SIGTERM/SIGHUP, after killing every scanner's process group and
/// removing the temporary folders.
pub async fn run(
    scanners: Vec<(&'static Driver, PathBuf)>,
    config: Config,
    progress: Progress,
) -> anyhow::Result<RunEnd> {
    // Registered before any child starts, so an interrupt at any moment is handled here.
    let mut sigint = signal(SignalKind::interrupt())?;
    let mut sigterm = signal(SignalKind::terminate())?;
    // A closed terminal must not leave scanners running in their own process groups.
    let mut sighup = signal(SignalKind::hangup())?;
    let config = Arc::new(config);
    // The digests read the whole suite: computed once per run, beside the scanners, not
    // before them, and shared by every sidecar.
    let (digest_tx, digest_rx) = tokio::sync::watch::channel(None::<Digests>);
    let digest_suite = config.suite.clone();
    tokio::task::spawn_blocking(move || {
        let suite = digest_suite
            .digest()
            .unwrap_or_else(|e| format!("unavailable: {e:#}"));
        let checks = store::check_digests(&digest_suite.root);
        let _ = digest_tx.send(Some(Arc::new((suite, checks))));
    });
    let permits = Arc::new(Semaphore::new(config.jobs.max(1)));
    let groups = Groups::default();
    let mut set = JoinSet::new();
    let order: Vec<String> = scanners.iter().map(|(s, _)| s.name.to_string()).collect();
    // Scanners start in the order given (longest first): a runtime polls new tasks in no fixed
    // order, so each task queues for its permit only once the one before it holds its own.
    let mut turn: Option<tokio::sync::oneshot::Receiver<()>> = None;
    for (scanner, program) in scanners {
        let line = progress.line(scanner.name);
        let (config, permits, groups) = (config.clone(), permits.clone(), groups.clone());
        let digest = digest_rx.clone();
        let (next, next_turn) = tokio::sync::oneshot::channel();
        let my_turn = turn.replace(next_turn);
        set.spawn(async move {
            if let Some(t) = my_turn {
                // An error only means the task before was cancelled: go on.
                let _ = t.await;
            }
            let _permit = permits.acquire_owned().await;
            let _ = next.send(());
            let result = run_one(scanner, &program, &config, &groups, &line, digest).await;
            line.finish(&describe(&result));
            result
        });
    }
    let mut results = Vec::new();
    loop {
        tokio::select! {
            next = set.join_next() => match next {
                Some(Ok(r)) => results.push(r),
                Some(Err(e)) => anyhow::bail!("a scanner task failed: {e}"),
                None => break,
            },
            _ = sigint.recv() => return Ok(interrupt(&groups, &mut set, 130).await),
            _ = sigterm.recv() => return Ok(interrupt(&groups, &mut set, 143).await),
            _ = sighup.recv() => return Ok(interrupt(&groups, &mut set, 129).await),
        }
    }
    results.sort_by_key(|r| order.iter().position(|n| *n == r.tool));
    Ok(RunEnd::Finished(results))
}

async fn interrupt(groups: &Groups, set: &mut JoinSet<ToolRun>, exit_code: u8) -> RunEnd {
    groups.kill_all();
    // Aborting drops each task: its process-group guard kills again (covering a child started
    // after `kill_all`) and its temporary folder is removed. Stores are synchronous, so no
    // task stops halfway through writing a result.
    set.shutdown().await;
    RunEnd::Interrupted { exit_code }
}

/// One line saying how a tool's run ended.
pub fn describe(r: &ToolRun) -> String {
    let secs = r
        .duration
        .map(|d| format!(" in {:.1}s", d.as_secs_f64()))
        .unwrap_or_default();
    match &r.status {
        Status::Ok => format!(
            "ok{secs}: {} findings, exit code {} -> {}",
            r.findings.unwrap_or(0),
            r.exit_code
                .map(|c| c.to_string())
                .unwrap_or_else(|| "-".into()),
            r.file
                .as_deref()
                .map(|p| p.display().to_string())
                .unwrap_or_default()
        ),
        Status::Failed(why) => format!("failed{secs}: {why}"),
        Status::TimedOut => format!("timed out{secs}: killed with its process group"),
        Status::Skipped(why) => format!("skipped: {why}"),
    }
}

async fn run_one(
    scanner: &'static Driver,
    program: &Path,
    config: &Config,
    groups: &Groups,
    line: &progress::Line,
    mut digest: tokio::sync::watch::Receiver<Option<Digests>>,
) -> ToolRun {
    let tool = scanner.name;
    let mut result = ToolRun::skipped(tool, String::new());
    let fail = |mut r: ToolRun, why: String| {
        r.status = Status::Failed(why);
        r
    };
    line.start("scanning");
    let tmp = match tempfile::Builder::new().prefix("harness-run-").tempdir() {
        Ok(t) => t,
        Err(e) => return fail(result, format!("cannot create a temporary folder: {e}")),
    };
    let cwd = tmp.path().join("work");
    if let Err(e) = std::fs::create_dir(&cwd) {
        return fail(result, format!("cannot create {}: {e}", cwd.display()));
    }
    // Absolute paths: the combined input is read from them, and the scanner's working directory
    // is the temporary folder.
    let suite_dir = config.suite.root.clone();
    let files: Vec<PathBuf> = config
        .suite
        .manifests
        .iter()
        .map(|f| suite_dir.join(f))
        .collect();
    if let Err(e) = scanner.prepare(&files, &cwd) {
        return fail(result, e.to_string());
    }
    let mut plan = scanner.scan_plan(program, &suite_dir, &files, &cwd);
    if let (Some(share), Some(var)) = (config.cpu_share, scanner.cpu_limit_env) {
        // A limit the user set in their own environment wins; the cap is recorded in the
        // sidecar's env like every other variable the run set.
        if std::env::var_os(var).is_none() && !plan.env.iter().any(|(k, _)| k == var) {
            plan.env.push((var.to_string(), share.to_string()));
        }
    }
    let (stdout, stderr) = (tmp.path().join("stdout"), tmp.path().join("stderr"));
    let started = clock::UtcTime::now();
    // The version is asked beside the scan, so it adds nothing to the run's wall time; the scan
    // is started first because it is the critical path.
    let (exit, version) = tokio::join!(
        exec::execute(&plan, &cwd, &stdout, &stderr, config.timeout, groups),
        version::probe_cached(scanner, program, version::VERSION_TIMEOUT)
    );
    let version = version.unwrap_or_else(|e| {
        line.println(&format!("{tool}: version unknown: {e}"));
        "unknown".to_string()
    });
    result.version = Some(version.clone());
    let exit = match exit {
        Ok(x) => x,
        Err(e) => return fail(result, e.to_string()),
    };
    result.duration = Some(exit.duration);
    result.exit_code = exit.code;
    let stderr_tail = exec::tail(&std::fs::read(&stderr).unwrap_or_default(), 20, 4000);
    let last_stderr = || {
        let last = stderr_tail.lines().last().unwrap_or("").trim();
        if last.is_empty() {
            String::new()
        } else {
            format!("; stderr: {last}")
        }
    };
    if exit.timed_out {
        result.status = Status::TimedOut;
        return result;
    }
    if let Some(sig) = exit.signal {
        return fail(result, format!("killed by signal {sig}{}", last_stderr()));
    }
    let output_path = match &plan.output {
        OutputSink::Stdout => stdout.clone(),
        OutputSink::File(p) if p.is_absolute() => p.clone(),
        OutputSink::File(p) => cwd.join(p),
    };
    let output = match std::fs::read(&output_path) {
        Ok(b) => b,
        Err(e) => {
            return fail(
                result,
                format!(
                    "no output file {} ({e}); exit code {}{}",
                    output_path.display(),
                    code(exit.code),
                    last_stderr()
                ),
            )
        }
    };
    let date = started.date();
    let name = format!(
        "{}.{}",
        store::stem(tool, &version, &date),
        store::extension_for(&output)
    );
    // Writing the output to the results folder and flushing it (waiting on the disk) runs
    // while the output is validated; an invalid output's staged file is dropped unnamed.
    let (staged, parsed) = std::thread::scope(|scope| {
        let staging = scope.spawn(|| store::stage_file(&config.out, tool, &output_path, &output));
        let parsed = scanner.parser().parse(&output, &name);
        let staged = staging
            .join()
            .unwrap_or_else(|_| Err(anyhow::anyhow!("staging the output panicked")));
        (staged, parsed)
    });
    let report = match parsed {
        Ok(r) => r,
        Err(e) => {
            // No trace of the invalid output: its staged file goes, and the tool's folder too
            // when this run created it (removing a folder fails unless it is empty).
            drop(staged);
            let _ = std::fs::remove_dir(config.out.join(tool));
            let first = e.to_string().lines().next().unwrap_or("").to_string();
            return fail(
                result,
                format!(
                    "invalid output: {first}; exit code {}{}",
                    code(exit.code),
                    last_stderr()
                ),
            );
        }
    };
    let staged = match staged {
        Ok(s) => s,
        Err(e) => return fail(result, format!("cannot store the result: {e:#}")),
    };
    let checkout = std::env::current_dir().unwrap_or_default();
    let places = portable::Places {
        checkout: &checkout,
        suite: &suite_dir,
        workdir: &cwd,
    };
    let program_path = portable::program(&plan.program, &places);
    let mut argv = vec![program_path.clone()];
    argv.extend(plan.args.iter().map(|a| portable::portable(a, &places)));
    let digests: Digests = match digest.wait_for(Option::is_some).await {
        Ok(d) => d.clone().unwrap_or_default(),
        Err(_) => Arc::new(("unavailable".to_string(), Default::default())),
    };
    let meta = store::Meta {
        tool: tool.to_string(),
        version: version.clone(),
        scanner: store::ScannerId {
            name: tool.to_string(),
            version,
            path: program_path,
        },
        argv,
        env: plan
            .env
            .iter()
            .map(|(k, v)| (k.clone(), portable::portable(v, &places)))
            .collect(),
        exit_code: exit.code,
        duration_secs: (exit.duration.as_secs_f64() * 1000.0).round() / 1000.0,
        timed_out: false,
        stderr_tail,
        findings: report.findings.len(),
        harness_version: env!("CARGO_PKG_VERSION").to_string(),
        suite: config.suite.name.clone(),
        suite_digest: digests.0.clone(),
        check_digests: digests.1.clone(),
        started_at: started.rfc3339(),
    };
    match store::commit(staged, &meta, &date) {
        Ok(p) => {
            result.status = Status::Ok;
            result.findings = Some(report.findings.len());
            result.file = Some(p);
            result
        }
        Err(e) => fail(result, format!("cannot store the result: {e:#}")),
    }
}

fn code(c: Option<i32>) -> String {
    c.map(|c| c.to_string()).unwrap_or_else(|| "none".into())
}

/// A plain text table: columns padded to their widest cell, the last one unpadded.
pub fn table<const N: usize>(header: &[&str; N], rows: &[[String; N]]) -> String {
    // The one text-table renderer (analyze::present), left-aligned like every CLI summary.
    use crate::analyze::present::{self, Align, Format};
    let columns: Vec<(&str, Align)> = header.iter().map(|h| (*h, Align::Left)).collect();
    let cells: Vec<Vec<String>> = rows.iter().map(|r| r.to_vec()).collect();
    present::table(Format::Text, &columns, &cells)
}

#[cfg(test)]
mod tests {
    use super::cpu_share;

    #[test]
    fn cores_are_shared_only_between_concurrent_scanners() {
        assert_eq!(cpu_share(2, 1), None);
        assert_eq!(cpu_share(2, 0), None);
        assert_eq!(cpu_share(2, 2), Some(1));
        assert_eq!(cpu_share(8, 2), Some(4));
        assert_eq!(cpu_share(8, 3), Some(2));
        // More scanners than cores: each still gets one.
        assert_eq!(cpu_share(2, 5), Some(1));
    }
}

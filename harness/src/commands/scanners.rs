//! `harness scanners`: which scanners the harness knows, which are installed, and how to get
//! the others.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context;
use serde::Serialize;

use crate::runner::drivers::{self, Driver, ScanMode};
use crate::runner::{self, locate, version};

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    Table,
    Json,
}

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Table)]
    pub format: Format,
}

/// One row of `harness scanners`.
#[derive(Debug, Clone, Serialize)]
pub struct Row {
    pub name: String,
    pub binary: String,
    pub installed: bool,
    pub version: Option<String>,
    /// Why the version is unknown although the binary was found.
    pub version_error: Option<String>,
    pub path: Option<PathBuf>,
    pub mode: ScanMode,
    pub needs_network: bool,
    pub needs_api_key: bool,
    /// Why `harness run` will not drive it on a suite, if it will not.
    pub unrunnable: Option<String>,
    pub install_hint: String,
}

/// Looks up every adapter's executable and asks each installed one for its version, all at once.
pub fn rows() -> anyhow::Result<Vec<Row>> {
    let dirs = locate::search_dirs();
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .context("starting the async runtime")?;
    rt.block_on(async {
        let mut tasks = Vec::new();
        for &s in drivers::all() {
            let path = locate::find_in(s.binary, &dirs);
            tasks.push(tokio::spawn(async move {
                let v = match &path {
                    Some(p) => Some(version::probe_cached(s, p, version::VERSION_TIMEOUT).await),
                    None => None,
                };
                row(s, path, v)
            }));
        }
        let mut rows = Vec::new();
        for t in tasks {
            rows.push(t.await.context("a version probe failed")?);
        }
        Ok(rows)
    })
}

fn row(s: &Driver, path: Option<PathBuf>, v: Option<Result<String, String>>) -> Row {
    let req = s.requirements;
    let (version, version_error) = match v {
        Some(Ok(v)) => (Some(v), None),
        Some(Err(e)) => (None, Some(e)),
        None => (None, None),
    };
    Row {
        name: s.name.to_string(),
        binary: s.binary.to_string(),
        installed: path.is_some(),
        version,
        version_error,
        path,
        mode: s.mode,
        needs_network: req.network,
        needs_api_key: req.api_key,
        unrunnable: runner::unrunnable(s),
        install_hint: s.install_hint.to_string(),
    }
}

pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let rows = rows()?;
    match args.format {
        Format::Json => println!("{}", serde_json::to_string_pretty(&rows)?),
        Format::Table => {
            let cells: Vec<[String; 7]> = rows
                .iter()
                .map(|r| {
                    let needs = match (r.needs_network, r.needs_api_key) {
                        (true, true) => "network, API key",
                        (true, false) => "network",
                        (false, true) => "API key",
                        (false, false) => "-",
                    };
                    [
                        r.name.clone(),
                        if r.installed { "yes" } else { "no" }.to_string(),
                        match (&r.version, r.installed) {
                            (Some(v), _) => v.clone(),
                            (None, true) => "unknown".into(),
                            (None, false) => "-".into(),
                        },
                        match r.mode {
                            ScanMode::Manifests => "manifests",
                            ScanMode::Cluster => "cluster",
                        }
                        .to_string(),
                        needs.to_string(),
                        r.path
                            .as_deref()
                            .map(|p| p.display().to_string())
                            .unwrap_or_else(|| "-".into()),
                        if r.installed {
                            String::new()
                        } else {
                            r.install_hint.clone()
                        },
                    ]
                })
                .collect();
            print!(
                "{}",
                runner::table(
                    &[
                        "scanner",
                        "installed",
                        "version",
                        "mode",
                        "needs",
                        "path",
                        "install"
                    ],
                    &cells
                )
            );
            for r in &rows {
                if let Some(e) = &r.version_error {
                    eprintln!("{}: {e}", r.name);
                }
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}

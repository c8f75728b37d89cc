//! Command-line interface: one subcommand per module in `commands/`, each owning its arguments.

use std::process::ExitCode;

use clap::{Parser, Subcommand};

use crate::commands;

#[derive(Debug, Parser)]
#[command(
    name = "harness",
    version,
    about = "Benchmark harness for Kubernetes manifest scanners"
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Write the suite (one manifest per check, baseline controls) and its answer key.
    Generate(commands::generate::Args),
    /// List the checks of the catalog.
    Catalog(commands::catalog::Args),
    /// Parse a scanner's native output into normalized findings, or detect which tool wrote it.
    Parse(commands::parse::Args),
    /// List the scanners the harness knows, and which are installed.
    Scanners(commands::scanners::Args),
    /// Run installed scanners on the suite and store their raw output under results/.
    Run(commands::run::Args),
    /// Score each tool's results against the suite's expectations; write CSV/JSON/Markdown.
    Evaluate(commands::evaluate::Args),
    /// Write the self-contained HTML comparison report (and the exports of `evaluate`).
    Report(commands::report::Args),
    /// Server-side dry-run of every object of the suite on a real API server.
    Admit(commands::admit::Args),
    /// Start or stop a local control plane (etcd + kube-apiserver) for manual use.
    Cluster(commands::cluster::Args),
}

/// Runs the CLI. Errors are printed as one line naming what failed, with a non-zero exit.
pub fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Generate(a) => commands::generate::run(a),
        Command::Catalog(a) => commands::catalog::run(a),
        Command::Parse(a) => commands::parse::run(a),
        Command::Scanners(a) => commands::scanners::run(a),
        Command::Run(a) => commands::run::run(a),
        Command::Evaluate(a) => commands::evaluate::run(a),
        Command::Report(a) => commands::report::run(a),
        Command::Admit(a) => commands::admit::run(a),
        Command::Cluster(a) => commands::cluster::run(a),
    };
    match result {
        Ok(code) => code,
        Err(e) => {
            eprintln!("error: {e:#}");
            ExitCode::FAILURE
        }
    }
}

//! `harness evaluate`: score every tool's results against the suite's expectations and write
//! the CSV, JSON and Markdown exports.

use std::path::PathBuf;
use std::process::ExitCode;

use crate::analyze;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Suite folder whose YAML annotations hold the expectations (ours or KALM's).
    #[arg(long, default_value = "manifests")]
    pub suite: PathBuf,
    /// Folder of raw scanner outputs, searched recursively.
    #[arg(long, default_value = "results")]
    pub results: PathBuf,
    /// Where the exports are written.
    #[arg(long, default_value = "report")]
    pub out: PathBuf,
}

/// Prints one warning per results file that was not scored, and one note per result that was
/// scored without some checks (changed or new since it was produced).
pub fn warn_left_out(a: &analyze::model::Analysis) {
    for l in &a.left_out {
        eprintln!("warning: {}: skipped: {}", l.file, l.reason);
    }
    for l in analyze::export::not_run_lines(a) {
        eprintln!("note: {l}");
    }
}

pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let a = analyze::analyze(&args.suite, &args.results)?;
    warn_left_out(&a);
    let written = analyze::export::write_all(&a, &args.out)?;
    println!("{}", a.recommendation);
    for p in written {
        println!("wrote {}", p.display());
    }
    Ok(ExitCode::SUCCESS)
}

//! `harness report`: the exports of `evaluate` plus `report.html`, one self-contained page.

use std::path::PathBuf;
use std::process::ExitCode;

use crate::analyze;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Folder of raw scanner outputs, searched recursively.
    #[arg(long, default_value = "results")]
    pub results: PathBuf,
    /// Suite folder whose YAML annotations hold the expectations (ours or KALM's).
    #[arg(long, default_value = "manifests")]
    pub suite: PathBuf,
    /// Where `report.html` and the exports are written.
    #[arg(long, default_value = "report")]
    pub out: PathBuf,
}

pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let a = analyze::analyze(&args.suite, &args.results)?;
    super::evaluate::warn_left_out(&a);
    let t = std::time::Instant::now();
    let mut written = analyze::export::write_all(&a, &args.out)?;
    analyze::timing("exports", t);
    let t = std::time::Instant::now();
    let html = crate::report::render(&a)?;
    let page = args.out.join("report.html");
    analyze::export::write_atomic(&page, html.as_bytes())?;
    analyze::timing("html", t);
    written.push(page);
    println!("{}", a.recommendation);
    for p in written {
        println!("wrote {}", p.display());
    }
    Ok(ExitCode::SUCCESS)
}

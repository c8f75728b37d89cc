//! `harness generate`: writes the suite (one manifest per check, the baseline controls among
//! them) and its answer key.

use std::path::PathBuf;
use std::process::ExitCode;

use crate::{catalog, generate};

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Folder to write; it is replaced only if missing, empty or a previous suite.
    #[arg(long, default_value = "manifests")]
    pub out: PathBuf,
}

pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let checks = catalog::all();
    let files = generate::suite_files(&checks)?;
    let w = generate::output::write(&args.out, &files)?;
    println!(
        "wrote {} checks ({} files) to {}{}",
        checks.len(),
        w.files,
        w.dir.display(),
        if w.replaced {
            " (replaced the previous suite)"
        } else {
            ""
        }
    );
    Ok(ExitCode::SUCCESS)
}

//! `harness run` (placeholder: implemented by its owner module).

use std::process::ExitCode;

#[derive(Debug, clap::Args)]
pub struct Args {}

pub fn run(_args: Args) -> anyhow::Result<ExitCode> {
    anyhow::bail!("harness run is not implemented yet")
}

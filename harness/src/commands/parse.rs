//! `harness parse` (placeholder: implemented by its owner module).

use std::process::ExitCode;

#[derive(Debug, clap::Args)]
pub struct Args {}

pub fn run(_args: Args) -> anyhow::Result<ExitCode> {
    anyhow::bail!("harness parse is not implemented yet")
}

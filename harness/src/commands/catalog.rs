//! `harness catalog`: lists the checks, as a table for people or as the answer key's CSV/JSON.

use std::io::Write;
use std::process::ExitCode;

use anyhow::Context;

use crate::catalog::{self, Category, CheckSpec, Expected};
use crate::generate::answer_key;

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    Table,
    Csv,
    Json,
    /// Checks per category (alert, pass, total) as a Markdown table, for the documentation.
    MarkdownSummary,
}

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Only the checks of this category (case-insensitive, e.g. `workload`).
    #[arg(long)]
    pub category: Option<String>,
    #[arg(long, value_enum, default_value_t = Format::Table)]
    pub format: Format,
}

pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let mut checks = catalog::all();
    if let Some(name) = &args.category {
        let cat = Category::parse(name).with_context(|| {
            let known: Vec<_> = Category::ALL.iter().map(|c| c.as_str()).collect();
            format!(
                "--category {name}: unknown category (known: {})",
                known.join(", ")
            )
        })?;
        checks.retain(|c| c.category == cat);
    }
    let out = match args.format {
        Format::Table => table(&checks).into_bytes(),
        Format::Csv => answer_key::csv(&checks)?,
        Format::Json => answer_key::json(&checks)?,
        Format::MarkdownSummary => markdown_summary(&checks).into_bytes(),
    };
    let mut stdout = std::io::stdout().lock();
    match stdout.write_all(&out).and_then(|_| stdout.flush()) {
        // A closed pipe (`| head`) is not an error of ours.
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => {}
        r => r.context("stdout")?,
    }
    Ok(ExitCode::SUCCESS)
}

/// Aligned columns: id, category, severity, expected, title.
pub fn table(checks: &[CheckSpec]) -> String {
    use crate::analyze::present::{self, Align, Format};
    let rows: Vec<Vec<String>> = checks
        .iter()
        .map(|c| {
            [
                c.id,
                c.category.as_str(),
                c.severity.as_str(),
                c.expected.as_str(),
                c.title,
            ]
            .map(str::to_string)
            .to_vec()
        })
        .collect();
    let columns = ["ID", "CATEGORY", "SEVERITY", "EXPECTED", "TITLE"].map(|h| (h, Align::Left));
    let mut out = present::table(Format::Columns, &columns, &rows);
    out.push_str(&format!("{} checks\n", checks.len()));
    out
}

/// Checks per category, alert and pass counted apart, with a total row.
pub fn markdown_summary(checks: &[CheckSpec]) -> String {
    let mut out = String::from("| Category | Alert | Pass | Total |\n|---|---:|---:|---:|\n");
    let (mut ta, mut tp) = (0, 0);
    for cat in Category::ALL {
        let of: Vec<_> = checks.iter().filter(|c| c.category == cat).collect();
        if of.is_empty() {
            continue;
        }
        let a = of.iter().filter(|c| c.expected == Expected::Alert).count();
        let p = of.len() - a;
        ta += a;
        tp += p;
        out.push_str(&format!(
            "| {} | {a} | {p} | {} |\n",
            cat.as_str(),
            of.len()
        ));
    }
    out.push_str(&format!("| **Total** | {ta} | {tp} | {} |\n", ta + tp));
    out
}

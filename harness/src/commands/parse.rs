//! `harness parse`: a scanner's native output file(s) -> normalized findings, or which tool
//! wrote a file.
//!
//! `--tool X` parses with adapter X; without it each file's tool is detected from its shape
//! (`--detect` only names the tool and version). Scanner text is untrusted: control characters
//! are escaped in the table so a crafted message cannot drive the terminal.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use adapters::{Finding, Parser};
use anyhow::{bail, Context};

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    Table,
    Json,
    Csv,
}

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Adapter to parse with (`harness scanners` lists them); detected from each file when omitted.
    #[arg(long, conflicts_with = "detect")]
    pub tool: Option<String>,
    /// Only name the tool (and version) that wrote each file, from its shape.
    #[arg(long)]
    pub detect: bool,
    /// Output format of the findings.
    #[arg(long, value_enum, default_value_t = Format::Table)]
    pub format: Format,
    /// Scanner output file(s).
    #[arg(required = true)]
    pub files: Vec<PathBuf>,
}

pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let forced = match &args.tool {
        Some(name) => Some(adapters::by_name(name).with_context(|| {
            let known: Vec<&str> = adapters::all().iter().map(|s| s.name()).collect();
            format!("unknown tool '{name}' (known: {})", known.join(", "))
        })?),
        None => None,
    };
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    let mut failed = 0usize;

    if args.detect {
        for file in &args.files {
            match detect_line(file) {
                Ok(line) => match writeln!(out, "{line}") {
                    Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => {
                        return Ok(exit(failed))
                    }
                    other => other?,
                },
                Err(e) => {
                    out.flush()?;
                    eprintln!("error: {e:#}");
                    failed += 1;
                }
            }
        }
        return match out.flush() {
            Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => Err(e.into()),
            _ => Ok(exit(failed)),
        };
    }

    let mut findings: Vec<Finding> = Vec::new();
    for file in &args.files {
        let result =
            pick(forced, file).and_then(|s| s.parse_file(file).map_err(anyhow::Error::from));
        match result {
            Ok(report) => findings.extend(report.findings),
            Err(e) => {
                eprintln!("error: {e:#}");
                failed += 1;
            }
        }
    }
    let written = match args.format {
        Format::Json => serde_json::to_writer_pretty(&mut out, &findings)
            .map_err(anyhow::Error::from)
            .and_then(|()| writeln!(out).map_err(anyhow::Error::from)),
        Format::Csv => write_csv(&mut out, &findings),
        Format::Table => write_table(&mut out, &findings),
    }
    .and_then(|()| out.flush().map_err(anyhow::Error::from));
    match written {
        // A reader that stops early (`| head`) is not an error of ours.
        Err(e) if is_broken_pipe(&e) => Ok(exit(failed)),
        Err(e) => Err(e),
        Ok(()) => Ok(exit(failed)),
    }
}

fn is_broken_pipe(e: &anyhow::Error) -> bool {
    e.chain().any(|c| {
        let io = c.downcast_ref::<std::io::Error>().or_else(|| {
            match c.downcast_ref::<csv::Error>()?.kind() {
                csv::ErrorKind::Io(io) => Some(io),
                _ => None,
            }
        });
        io.is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
            || c.downcast_ref::<serde_json::Error>()
                .and_then(|j| j.io_error_kind())
                == Some(std::io::ErrorKind::BrokenPipe)
    })
}

fn exit(failed: usize) -> ExitCode {
    if failed == 0 {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    }
}

/// The forced adapter, or the one whose output shape the file has.
fn pick(forced: Option<&'static dyn Parser>, file: &Path) -> anyhow::Result<&'static dyn Parser> {
    if let Some(s) = forced {
        return Ok(s);
    }
    let bytes = std::fs::read(file)
        .with_context(|| format!("{}: could not read the file", file.display()))?;
    match adapters::detect(&bytes) {
        Some(s) => Ok(s),
        None => bail!(
            "{}: no adapter recognises this output; name one with --tool",
            file.display()
        ),
    }
}

/// `FILE: tool version` (the version from the content, or KALM's file naming).
fn detect_line(file: &Path) -> anyhow::Result<String> {
    let bytes = std::fs::read(file)
        .with_context(|| format!("{}: could not read the file", file.display()))?;
    let Some(scanner) = adapters::detect(&bytes) else {
        bail!("{}: no adapter recognises this output", file.display());
    };
    let name = file.file_name().and_then(|n| n.to_str()).unwrap_or("");
    let line = match scanner.parse(&bytes, name) {
        Ok(report) => {
            let version = report
                .tool_version
                .unwrap_or_else(|| "(version unknown)".to_string());
            // A SARIF report names its driver (`sarif:trivy`); others their adapter.
            format!("{}: {} {}", file.display(), report.tool, version)
        }
        Err(e) => bail!(
            "{}: has the shape of {} output but does not parse: {e}",
            file.display(),
            scanner.name()
        ),
    };
    Ok(line)
}

const COLUMNS: [&str; 14] = [
    "tool",
    "tool_version",
    "rule_id",
    "severity",
    "raw_severity",
    "kind",
    "namespace",
    "name",
    "check_id",
    "file",
    "line",
    "path",
    "unmapped",
    "message",
];

fn row(f: &Finding) -> [String; 14] {
    let o = |s: &Option<String>| s.clone().unwrap_or_default();
    [
        f.tool.clone(),
        o(&f.tool_version),
        f.rule_id.clone(),
        f.severity.to_string(),
        o(&f.raw_severity),
        o(&f.object.kind),
        o(&f.object.namespace),
        o(&f.object.name),
        o(&f.check_id),
        o(&f.file),
        f.line.map(|l| l.to_string()).unwrap_or_default(),
        o(&f.path),
        f.unmapped.to_string(),
        o(&f.message),
    ]
}

fn write_csv(out: &mut impl Write, findings: &[Finding]) -> anyhow::Result<()> {
    let mut w = csv::Writer::from_writer(out);
    w.write_record(COLUMNS)?;
    for f in findings {
        w.write_record(row(f))?;
    }
    w.flush()?;
    Ok(())
}

/// Control characters (ANSI escapes, carriage returns) shown escaped, never sent to the
/// terminal; long cells cut so one message cannot flood a line.
fn clean(s: &str, max: usize) -> String {
    let mut out = String::new();
    for (i, c) in s.chars().enumerate() {
        if i >= max {
            out.push('…');
            break;
        }
        if c.is_control() {
            out.extend(c.escape_default());
        } else {
            out.push(c);
        }
    }
    out
}

fn write_table(out: &mut impl Write, findings: &[Finding]) -> anyhow::Result<()> {
    // Compact columns for reading; the message last and unpadded.
    use crate::analyze::present::{self, Align, Format};
    let columns = [
        "tool", "rule", "severity", "object", "check", "location", "path", "message",
    ]
    .map(|h| (h, Align::Left));
    let rows: Vec<Vec<String>> = findings
        .iter()
        .map(|f| {
            let object = [&f.object.kind, &f.object.namespace, &f.object.name]
                .iter()
                .filter_map(|p| p.as_deref())
                .collect::<Vec<_>>()
                .join("/");
            let location = match (&f.file, f.line) {
                (Some(file), Some(line)) => format!("{file}:{line}"),
                (Some(file), None) => file.clone(),
                _ => String::new(),
            };
            let rule = if f.unmapped {
                format!("{} (unmapped)", f.rule_id)
            } else {
                f.rule_id.clone()
            };
            [
                clean(&f.tool, 30),
                clean(&rule, 60),
                f.severity.to_string(),
                clean(&object, 80),
                clean(f.check_id.as_deref().unwrap_or(""), 20),
                clean(&location, 80),
                clean(f.path.as_deref().unwrap_or(""), 80),
                clean(f.message.as_deref().unwrap_or(""), 160),
            ]
            .to_vec()
        })
        .collect();
    out.write_all(present::table(Format::Columns, &columns, &rows).as_bytes())?;
    writeln!(out, "{} finding(s)", findings.len())?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn control_characters_are_escaped() {
        assert_eq!(clean("a\u{1b}[31mred\r\n", 100), "a\\u{1b}[31mred\\r\\n");
        assert_eq!(clean("abcdef", 3), "abc…");
    }
}

//! The exports of `harness evaluate`: CSV for spreadsheets, JSON for programs, Markdown for a
//! pull request. Each file is written beside its destination and renamed into place, so a
//! reader never sees half a file.

use std::io::Write;
use std::path::{Path, PathBuf};

use anyhow::Context;

use super::matrix::Method;
use super::model::{Analysis, Metrics, Verdict};
use super::present::{self, fraction as rate, pct, Align, Format};

/// Writes `bytes` to `path` through a temporary file in the same folder.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> anyhow::Result<()> {
    let dir = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    std::fs::create_dir_all(dir)
        .with_context(|| format!("{}: cannot create the folder", dir.display()))?;
    let mut tmp = tempfile::NamedTempFile::new_in(dir)
        .with_context(|| format!("{}: cannot create a temporary file", dir.display()))?;
    tmp.write_all(bytes)
        .and_then(|_| tmp.flush())
        .with_context(|| format!("{}: cannot write", path.display()))?;
    tmp.persist(path)
        .map_err(|e| e.error)
        .with_context(|| format!("{}: cannot rename into place", path.display()))?;
    // Temporary files are created private; an export is meant to be shared.
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o644))
            .with_context(|| format!("{}: cannot set permissions", path.display()))?;
    }
    Ok(())
}

const METRIC_HEADERS: [&str; 12] = [
    "checks",
    "tp",
    "fn",
    "fp",
    "tn",
    "detection_rate",
    "fp_rate",
    "precision",
    "f1",
    "score",
    "coverage",
    "noise",
];

/// The column of checks a result did not run, present only when some result left one out,
/// so the exports of an evaluation where everything ran read exactly as before it existed.
const NOT_RUN_HEADER: &str = "not_run";

fn has_not_run(a: &Analysis) -> bool {
    a.tools.iter().any(|t| t.metrics.not_run > 0)
}

fn metric_headers(a: &Analysis) -> impl Iterator<Item = String> {
    let extra = has_not_run(a).then_some(NOT_RUN_HEADER);
    METRIC_HEADERS
        .iter()
        .copied()
        .chain(extra)
        .map(str::to_string)
}

fn metric_fields(m: &Metrics, not_run: bool) -> Vec<String> {
    let mut v = vec![
        m.checks.to_string(),
        m.tp.to_string(),
        m.fn_.to_string(),
        m.fp.to_string(),
        m.tn.to_string(),
        rate(m.detection_rate),
        rate(m.fp_rate),
        rate(m.precision),
        rate(m.f1),
        rate(m.score),
        rate(m.coverage),
        m.noise.to_string(),
    ];
    if not_run {
        v.push(m.not_run.to_string());
    }
    v
}

/// A cell that a spreadsheet would read as a formula (OWASP's CSV injection rule: a leading
/// `=`, `+`, `-`, `@`, tab or carriage return) gets a leading `'`, so scanner text such as
/// `=HYPERLINK(...)` stays text. Plain numbers (a negative score) are left as they are.
pub fn guard_cell(cell: &str) -> std::borrow::Cow<'_, str> {
    let risky = cell.starts_with(['=', '+', '-', '@', '\t', '\r']);
    if risky && cell.parse::<f64>().is_err() {
        std::borrow::Cow::Owned(format!("'{cell}"))
    } else {
        std::borrow::Cow::Borrowed(cell)
    }
}

/// Every export's rows go through here, so no cell escapes [`guard_cell`].
fn csv_bytes<R, C>(header: Vec<String>, rows: impl Iterator<Item = R>) -> anyhow::Result<Vec<u8>>
where
    R: IntoIterator<Item = C>,
    C: AsRef<str>,
{
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record(&header)?;
    for r in rows {
        let cells: Vec<String> = r
            .into_iter()
            .map(|c| guard_cell(c.as_ref()).into_owned())
            .collect();
        w.write_record(&cells)?;
    }
    w.into_inner().map_err(|e| anyhow::anyhow!("csv: {e}"))
}

/// `summary.csv`: one row per tool and method (headline first), in ranking order.
pub fn summary_csv(a: &Analysis) -> anyhow::Result<Vec<u8>> {
    let mut header: Vec<String> = ["rank", "tool", "version", "method", "findings"]
        .iter()
        .map(|s| s.to_string())
        .collect();
    header.extend(metric_headers(a));
    let not_run = has_not_run(a);
    let rows = a.tools.iter().enumerate().flat_map(move |(i, t)| {
        Method::ALL.into_iter().map(move |method| {
            let m = match method {
                Method::Headline => &t.metrics,
                Method::Metadata => &t.metadata,
                Method::Differential => &t.differential,
            };
            let mut r = vec![
                (i + 1).to_string(),
                t.tool.clone(),
                t.version.clone(),
                method.as_str().to_string(),
                t.findings.to_string(),
            ];
            r.extend(metric_fields(m, not_run));
            r
        })
    });
    csv_bytes(header, rows)
}

/// `categories.csv`: one row per tool and category (headline method).
pub fn categories_csv(a: &Analysis) -> anyhow::Result<Vec<u8>> {
    let mut header: Vec<String> = ["tool", "version", "category"]
        .iter()
        .map(|s| s.to_string())
        .collect();
    header.extend(metric_headers(a));
    let not_run = has_not_run(a);
    let rows = a.tools.iter().flat_map(move |t| {
        t.categories.iter().map(move |c| {
            let mut r = vec![t.tool.clone(), t.version.clone(), c.category.clone()];
            r.extend(metric_fields(&c.metrics, not_run));
            r
        })
    });
    csv_bytes(header, rows)
}

/// `checks.csv`: the check x tool outcome matrix; a check a result did not run reads `not run`.
pub fn checks_csv(a: &Analysis) -> anyhow::Result<Vec<u8>> {
    let mut header: Vec<String> = ["check", "category", "expected", "paths"]
        .iter()
        .map(|s| s.to_string())
        .collect();
    header.extend(a.tools.iter().map(|t| t.key.clone()));
    let rows = a.checks.iter().map(|c| {
        let mut r = vec![
            c.id.clone(),
            c.category.clone(),
            c.expected.clone(),
            c.paths.clone(),
        ];
        r.extend(c.outcomes.iter().map(|o| o.as_str().to_string()));
        r
    });
    csv_bytes(header, rows)
}

/// `findings.csv`: every normalized finding with its attribution.
pub fn findings_csv(a: &Analysis) -> anyhow::Result<Vec<u8>> {
    let header: Vec<String> = [
        "tool",
        "version",
        "rule_id",
        "rule_title",
        "severity",
        "kind",
        "namespace",
        "name",
        "file",
        "path",
        "message",
        "check",
        "expected",
        "via",
        "rule_mapped",
        "metadata",
        "differential",
        "on_baseline",
        "headline",
        "counts_as",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    let rows = a.findings.iter().flat_map(|t| {
        t.findings.iter().zip(&t.meta).map(move |(f, m)| {
            let (check, expected) = m
                .check
                .and_then(|i| a.check_ids.get(i as usize))
                .map_or(("", ""), |(id, e)| (id.as_str(), *e));
            let b = |x: bool| if x { "true" } else { "false" };
            [
                t.tool.as_str(),
                t.version.as_str(),
                f.rule_id.as_str(),
                s(&f.rule_title),
                f.severity.as_str(),
                s(&f.object.kind),
                s(&f.object.namespace),
                s(&f.object.name),
                s(&f.file),
                s(&f.path),
                s(&f.message),
                check,
                expected,
                m.via,
                b(m.rule_mapped),
                b(m.metadata),
                b(m.differential),
                b(m.on_baseline),
                b(m.headline),
                m.counts_as.as_str(),
            ]
        })
    });
    csv_bytes(header, rows)
}

fn s(o: &Option<String>) -> &str {
    o.as_deref().unwrap_or("")
}

/// The ranking as a table: the Markdown summary's and the command line's.
pub fn ranking_table(a: &Analysis, format: Format) -> String {
    let columns = [
        ("#", Align::Right),
        ("Tool", Align::Left),
        ("Score", Align::Right),
        ("Detection", Align::Right),
        ("FP rate", Align::Right),
        ("Precision", Align::Right),
        ("F1", Align::Right),
        ("Coverage", Align::Right),
        ("TP/FP/FN/TN", Align::Left),
        ("Noise", Align::Right),
    ];
    let rows: Vec<Vec<String>> = a
        .tools
        .iter()
        .enumerate()
        .map(|(i, t)| {
            let m = &t.metrics;
            vec![
                (i + 1).to_string(),
                t.key.clone(),
                present::points(m.score),
                pct(m.detection_rate),
                pct(m.fp_rate),
                pct(m.precision),
                pct(m.f1),
                pct(m.coverage),
                format!("{}/{}/{}/{}", m.tp, m.fp, m.fn_, m.tn),
                m.noise.to_string(),
            ]
        })
        .collect();
    present::table(format, &columns, &rows)
}

/// One line per result that did not run some checks of the suite, naming them.
pub fn not_run_lines(a: &Analysis) -> Vec<String> {
    a.tools
        .iter()
        .enumerate()
        .filter(|(_, t)| t.metrics.not_run > 0)
        .map(|(col, t)| {
            let ids: Vec<&str> = a
                .checks
                .iter()
                .filter(|c| c.outcomes.get(col) == Some(&Verdict::NotRun))
                .map(|c| c.id.as_str())
                .collect();
            format!(
                "{}: {} (changed or new since it was produced): {}",
                t.key,
                present::not_run(t.metrics.not_run),
                ids.join(", ")
            )
        })
        .collect()
}

/// `summary.md`: the ranking and the recommendation, short enough for a pull request.
pub fn summary_md(a: &Analysis) -> String {
    let md = present::md_escape;
    let mut s = String::new();
    s.push_str("## Scanner benchmark\n\n");
    s.push_str(&format!(
        "Suite `{}`: {} checks ({} expected alert, {} expected pass); results from `{}`.\n\n",
        md(&a.suite.dir),
        a.suite.checks,
        a.suite.alert,
        a.suite.pass,
        md(&a.results_dir)
    ));
    s.push_str(&format!("**{}**\n\n", md(&a.recommendation)));
    s.push_str(&ranking_table(a, Format::Markdown));
    if let Some(p) = a.best_pairs.first() {
        s.push_str(&format!(
            "\nBest pair: {} ({} detection). ",
            md(&p.tools.join(" + ")),
            pct(p.detection_rate)
        ));
    }
    if let Some(p) = a.best_triples.first() {
        s.push_str(&format!(
            "Best three: {} ({} detection).\n",
            md(&p.tools.join(" + ")),
            pct(p.detection_rate)
        ));
    }
    let not_run = not_run_lines(a);
    if !not_run.is_empty() {
        s.push_str("\nNot run (scored on the other checks):\n\n");
        for l in not_run {
            s.push_str(&format!("- {}\n", md(&l)));
        }
    }
    if !a.left_out.is_empty() {
        s.push_str("\nLeft out:\n\n");
        for l in &a.left_out {
            s.push_str(&format!("- `{}`: {}\n", md(&l.file), md(&l.reason)));
        }
    }
    s.push_str("\nScore = detection rate - false-positive rate (headline attribution; see docs/metrics.md).\n");
    s
}

/// Writes every export of `evaluate` into `out`; returns the paths written.
pub fn write_all(a: &Analysis, out: &Path) -> anyhow::Result<Vec<PathBuf>> {
    let files: Vec<(&str, Vec<u8>)> = vec![
        ("summary.csv", summary_csv(a)?),
        ("categories.csv", categories_csv(a)?),
        ("checks.csv", checks_csv(a)?),
        ("findings.csv", findings_csv(a)?),
        ("summary.json", serde_json::to_vec_pretty(a)?),
        ("summary.md", summary_md(a).into_bytes()),
    ];
    let mut written = Vec::new();
    for (name, bytes) in files {
        let p = out.join(name);
        write_atomic(&p, &bytes)?;
        written.push(p);
    }
    Ok(written)
}

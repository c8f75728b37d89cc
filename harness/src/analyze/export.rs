//! The exports of `harness evaluate`: CSV for spreadsheets, JSON for programs, Markdown for a
//! pull request. Each file is written beside its destination and renamed into place, so a
//! reader never sees half a file.

use std::io::Write;
use std::path::{Path, PathBuf};

use anyhow::Context;

use super::model::{Analysis, Metrics};
use super::pct;

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

fn rate(x: Option<f64>) -> String {
    x.map_or_else(String::new, |v| format!("{v:.4}"))
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

fn metric_fields(m: &Metrics) -> Vec<String> {
    vec![
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
    ]
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
    header.extend(METRIC_HEADERS.iter().map(|s| s.to_string()));
    let rows = a.tools.iter().enumerate().flat_map(|(i, t)| {
        [
            ("headline", &t.metrics),
            ("metadata", &t.metadata),
            ("differential", &t.differential),
        ]
        .into_iter()
        .map(move |(method, m)| {
            let mut r = vec![
                (i + 1).to_string(),
                t.tool.clone(),
                t.version.clone(),
                method.to_string(),
                t.findings.to_string(),
            ];
            r.extend(metric_fields(m));
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
    header.extend(METRIC_HEADERS.iter().map(|s| s.to_string()));
    let rows = a.tools.iter().flat_map(|t| {
        t.categories.iter().map(move |c| {
            let mut r = vec![t.tool.clone(), t.version.clone(), c.category.clone()];
            r.extend(metric_fields(&c.metrics));
            r
        })
    });
    csv_bytes(header, rows)
}

/// `checks.csv`: the check x tool outcome matrix.
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
        r.extend(c.outcomes.iter().map(|o| o.to_string()));
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
                m.counts_as,
            ]
        })
    });
    csv_bytes(header, rows)
}

fn s(o: &Option<String>) -> &str {
    o.as_deref().unwrap_or("")
}

/// Markdown cells: scanner text must not break the table.
fn md(s: &str) -> String {
    s.replace('|', "\\|").replace(['\n', '\r'], " ")
}

/// `summary.md`: the ranking and the recommendation, short enough for a pull request.
pub fn summary_md(a: &Analysis) -> String {
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
    s.push_str("| # | Tool | Score | Detection | FP rate | Precision | F1 | Coverage | TP/FP/FN/TN | Noise |\n");
    s.push_str("|---:|---|---:|---:|---:|---:|---:|---:|---|---:|\n");
    for (i, t) in a.tools.iter().enumerate() {
        let m = &t.metrics;
        s.push_str(&format!(
            "| {} | {} | {} | {} | {} | {} | {} | {} | {}/{}/{}/{} | {} |\n",
            i + 1,
            md(&t.key),
            m.score
                .map_or("n/a".into(), |x| format!("{:.1}", x * 100.0)),
            pct(m.detection_rate),
            pct(m.fp_rate),
            pct(m.precision),
            pct(m.f1),
            pct(m.coverage),
            m.tp,
            m.fp,
            m.fn_,
            m.tn,
            m.noise
        ));
    }
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

//! The answer key of the suite (as OWASP Benchmark ships its expected results): one row per
//! check, in `catalog.csv` and `catalog.json` beside the manifests.

use serde::{Deserialize, Serialize};

use crate::catalog::CheckSpec;
use crate::schema::keys;

pub const CSV: &str = "catalog.csv";
pub const JSON: &str = "catalog.json";
/// The files of a suite that are not check manifests.
pub const FILES: [&str; 2] = [CSV, JSON];

/// One check as the answer key lists it. Paths are canonical field paths; standards are
/// written as `CIS 5.2.2`, `PSS baseline: Privileged Containers`, `OWASP K01`, ...
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct KeyRow {
    pub id: String,
    pub category: String,
    pub title: String,
    pub expected: String,
    pub paths: Vec<String>,
    pub severity: String,
    pub standards: Vec<String>,
    pub file: String,
}

impl KeyRow {
    pub fn of(c: &CheckSpec) -> KeyRow {
        KeyRow {
            id: c.id.to_string(),
            category: c.category.as_str().to_string(),
            title: c.title.to_string(),
            expected: c.expected.as_str().to_string(),
            paths: c.paths(),
            severity: c.severity.as_str().to_string(),
            standards: c.standards.iter().map(|s| s.to_string()).collect(),
            file: c.file_name(),
        }
    }
}

/// The CSV form: lists joined as in the manifests' annotations (paths by `|`, standards by `; `).
pub fn csv(checks: &[CheckSpec]) -> anyhow::Result<Vec<u8>> {
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record([
        "id",
        "category",
        "title",
        "expected",
        "paths",
        "severity",
        "standards",
        "file",
    ])?;
    for c in checks {
        let r = KeyRow::of(c);
        w.write_record([
            r.id.as_str(),
            &r.category,
            &r.title,
            &r.expected,
            &r.paths.join(keys::PATH_SEPARATOR),
            &r.severity,
            &r.standards.join("; "),
            &r.file,
        ])?;
    }
    Ok(w.into_inner()?)
}

/// The JSON form: an array of rows, pretty-printed, ending in a newline.
pub fn json(checks: &[CheckSpec]) -> anyhow::Result<Vec<u8>> {
    let rows: Vec<KeyRow> = checks.iter().map(KeyRow::of).collect();
    let mut out = serde_json::to_vec_pretty(&rows)?;
    out.push(b'\n');
    Ok(out)
}

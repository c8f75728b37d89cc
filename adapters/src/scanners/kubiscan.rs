//! KubiScan (CyberArk): risky RBAC permissions and pods in a live cluster, printed as text
//! tables (PrettyTable), coloured with ANSI escapes.
//!
//! `kubiscan -a` prints a logo with `KubiScan version X`, then one table per risk, each titled
//! `|Risky Roles and ClusterRoles|` and so on. Every row of every table is a finding; the rule id
//! is the table it came from, as a slug of its title (`risky-roles-and-clusterroles`), because
//! KubiScan names no rule of its own. Columns are read by header name, so the narrower tables
//! (`-rr`, `-rcb`, `-rs`, `-rp`, `-pp`, the secret-access listings) parse too.
//!
//! Multi-line cells (the `Rules` column of `-r`, the pod specs of `-pp`) continue on rows whose
//! first cell is empty; they are folded into the row above. KubiScan prints `None` for a missing
//! namespace; that becomes no namespace.

use super::util::head;
use std::sync::OnceLock;

use crate::parser::version_from_file_name;
use crate::{Finding, ObjectRef, ParseErrorKind, Parser, Report, RuleTable, Severity};

pub struct KubiScan;

const NAME: &str = "kubiscan";
const VERSION_MARK: &str = "KubiScan version";

fn rules() -> &'static RuleTable {
    static TABLE: OnceLock<RuleTable> = OnceLock::new();
    TABLE.get_or_init(|| RuleTable::from_csv(NAME, include_str!("../../rules/kubiscan.csv")))
}

/// Removes ANSI escape sequences (`ESC [ ... letter`) that colour the priority cells.
fn strip_ansi(line: &str) -> String {
    let mut out = String::with_capacity(line.len());
    let mut chars = line.chars();
    while let Some(c) = chars.next() {
        if c == '\u{1b}' {
            // CSI: ESC '[' params... final byte in '@'..='~'. Anything else: drop ESC alone.
            let mut rest = chars.clone();
            if rest.next() == Some('[') {
                chars = rest;
                for d in chars.by_ref() {
                    if ('@'..='~').contains(&d) {
                        break;
                    }
                }
            }
            continue;
        }
        out.push(c);
    }
    out
}

/// `Risky Roles and ClusterRoles` -> `risky-roles-and-clusterroles`.
fn slug(title: &str) -> String {
    let mut s = String::new();
    for c in title.chars() {
        if c.is_ascii_alphanumeric() {
            s.push(c.to_ascii_lowercase());
        } else if !s.is_empty() && !s.ends_with('-') {
            s.push('-');
        }
    }
    s.trim_end_matches('-').to_string()
}

fn is_border(line: &str) -> bool {
    line.len() >= 2
        && line.starts_with('+')
        && line.ends_with('+')
        && line.bytes().all(|b| b == b'+' || b == b'-')
}

/// The cells of a `| a | b |` row, trimmed.
fn cells(line: &str) -> Vec<String> {
    let inner = &line[1..line.len() - 1];
    inner.split('|').map(|c| c.trim().to_string()).collect()
}

/// Column positions, found by header name.
#[derive(Default)]
struct Columns {
    priority: Option<usize>,
    kind: Option<usize>,
    namespace: Option<usize>,
    name: Option<usize>,
    container: Option<usize>,
    /// The name column names a pod (`PodName`, `Pod Name`, `Pod`), so the kind is Pod.
    name_is_pod: bool,
}

impl Columns {
    fn from_header(header: &[String]) -> Columns {
        let mut c = Columns::default();
        for (i, h) in header.iter().enumerate() {
            let key: String = h
                .chars()
                .filter(|c| c.is_ascii_alphanumeric())
                .collect::<String>()
                .to_ascii_lowercase();
            match key.as_str() {
                "priority" => c.priority = Some(i),
                "kind" => c.kind = Some(i),
                "namespace" => c.namespace = Some(i),
                "name" => c.name = Some(i),
                "podname" | "pod" => {
                    c.name = Some(i);
                    c.name_is_pod = true;
                }
                "containername" | "container" => c.container = Some(i),
                _ => {}
            }
        }
        c
    }
}

struct Table {
    rule_id: String,
    title: String,
    columns: Option<Columns>,
    /// 1-based line of the title, for error messages.
    line: usize,
}

fn cell(row: &[String], i: Option<usize>) -> Option<String> {
    let v = row.get(i?)?.trim();
    (!v.is_empty() && v != "None").then(|| v.to_string())
}

fn finding(table: &Table, cols: &Columns, row: &[String]) -> Finding {
    let raw = cell(row, cols.priority);
    let kind = cell(row, cols.kind).or_else(|| cols.name_is_pod.then(|| "Pod".to_string()));
    let name = cell(row, cols.name);
    let message = match cell(row, cols.container) {
        Some(container) => format!("{} (container {container})", table.title),
        None => table.title.clone(),
    };
    Finding {
        rule_title: Some(table.title.clone()),
        // A table without a priority column (privileged containers, secret access) lists
        // objects KubiScan considers risky without grading them.
        severity: raw
            .as_deref()
            .map(Severity::from_raw)
            .unwrap_or(Severity::Medium),
        raw_severity: raw,
        object: ObjectRef {
            kind,
            namespace: cell(row, cols.namespace),
            name,
        },
        message: Some(message),
        ..Finding::new(NAME, table.rule_id.clone())
    }
}

/// A table title line: `|Risky Users|` (no inner bar), or a listing heading ending in `:`
/// right before a table border (`Pods with access to secret data through volumes:`).
fn title_of(line: &str, next: Option<&str>) -> Option<String> {
    if line.len() > 2
        && line.starts_with('|')
        && line.ends_with('|')
        && !line[1..line.len() - 1].contains('|')
    {
        let t = line[1..line.len() - 1].trim();
        return (!t.is_empty()).then(|| t.to_string());
    }
    if line.ends_with(':') && !line.starts_with('|') && next.is_some_and(is_border) {
        let t = line.trim_end_matches(':').trim();
        return (!t.is_empty()).then(|| t.to_string());
    }
    None
}

fn parse_text(text: &str, file_name: &str) -> Result<Report, ParseErrorKind> {
    let lines: Vec<String> = text
        .lines()
        .map(|l| strip_ansi(l).trim_end().to_string())
        .collect();
    let mut version = None;
    let mut findings = Vec::new();
    let mut table: Option<Table> = None;
    let mut tables = 0usize;
    // Borders seen since the current table's header: a table is closed by its third border
    // (top, under the header, bottom); an empty table shows the third right after the second.
    let mut borders = 0usize;
    let mut in_row = false;
    for (i, line) in lines.iter().enumerate() {
        let t = line.trim();
        if version.is_none() {
            if let Some(pos) = t.find(VERSION_MARK) {
                version = t[pos + VERSION_MARK.len()..]
                    .split_whitespace()
                    .next()
                    .map(|v| v.trim_start_matches('v').to_string());
            }
        }
        if let Some(title) = title_of(t, lines.get(i + 1).map(|l| l.trim())) {
            if let Some(open) = &table {
                if open.columns.is_some() {
                    return Err(ParseErrorKind::wrong_shape(
                        NAME,
                        format!(
                            "table '{}' (line {}) is not closed before line {}",
                            open.title,
                            open.line,
                            i + 1
                        ),
                    ));
                }
            }
            table = Some(Table {
                rule_id: slug(&title),
                title,
                columns: None,
                line: i + 1,
            });
            tables += 1;
            borders = 0;
            continue;
        }
        let Some(open) = table.as_mut() else { continue };
        if is_border(t) {
            if open.columns.is_some() {
                borders += 1;
                if borders >= 2 {
                    table = None;
                }
            }
            in_row = false;
            continue;
        }
        if t.is_empty() {
            continue;
        }
        if !t.starts_with('|') {
            return Err(ParseErrorKind::wrong_shape(
                NAME,
                format!(
                    "line {}: expected a table row of '{}', found text",
                    i + 1,
                    open.title
                ),
            ));
        }
        if !t.ends_with('|') || t.len() < 2 {
            return Err(ParseErrorKind::wrong_shape(
                NAME,
                format!("line {}: table row is cut off", i + 1),
            ));
        }
        let row = cells(t);
        match &open.columns {
            None => {
                open.columns = Some(Columns::from_header(&row));
                borders = 0;
            }
            Some(cols) => {
                // A continuation of a multi-line cell leaves the first cell empty.
                if in_row && row.first().is_none_or(|c| c.is_empty()) {
                    continue;
                }
                findings.push(finding(open, cols, &row));
                in_row = true;
            }
        }
    }
    if let Some(open) = table {
        return Err(ParseErrorKind::wrong_shape(
            NAME,
            format!(
                "table '{}' (line {}) ends without its closing border: truncated output?",
                open.title, open.line
            ),
        ));
    }
    if tables == 0 {
        return Err(ParseErrorKind::wrong_shape(
            NAME,
            if version.is_some() {
                "the KubiScan banner but no result table (did the scan fail?)"
            } else {
                "no KubiScan banner and no result table"
            },
        ));
    }
    Ok(Report {
        tool: NAME.to_string(),
        tool_version: version.or_else(|| version_from_file_name(file_name)),
        findings,
    }
    .finish(rules()))
}

impl Parser for KubiScan {
    fn name(&self) -> &'static str {
        NAME
    }

    fn rules(&self) -> &RuleTable {
        rules()
    }

    fn parse(&self, input: &[u8], file_name: &str) -> Result<Report, ParseErrorKind> {
        let text = crate::error::text(input)?;
        parse_text(text, file_name)
    }

    fn detect(&self, input: &[u8]) -> bool {
        let head = head(input, 8192);
        if head.trim_start().starts_with(['{', '[']) {
            return false;
        }
        head.contains(VERSION_MARK) || (head.contains("|Risky ") && head.contains("| Priority |"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ansi_and_slugs() {
        assert_eq!(
            strip_ansi("| \u{1b}[0;31;49mCRITICAL\u{1b}[0;47;49m | Role |"),
            "| CRITICAL | Role |"
        );
        assert_eq!(slug("Risky Roles "), "risky-roles");
        assert_eq!(
            slug("Pods with access to secret data through volumes"),
            "pods-with-access-to-secret-data-through-volumes"
        );
    }

    #[test]
    fn multi_line_cells_and_pod_tables() {
        let text = "+---------------------+\n|Privileged Containers|\n\
            +-------+-----------+-----------+-----------+----------------+\n\
            | Pod   | Namespace | Pod Spec  | Container | Container info |\n\
            +-------+-----------+-----------+-----------+----------------+\n\
            | pod-1 | ns        | hostPID:  | app       | privileged     |\n\
            |       |           | true      |           |                |\n\
            +-------+-----------+-----------+-----------+----------------+\n";
        let r = parse_text(text, "x.txt").unwrap();
        assert_eq!(r.findings.len(), 1);
        let f = &r.findings[0];
        assert_eq!(f.rule_id, "privileged-containers");
        assert_eq!(f.object.kind.as_deref(), Some("Pod"));
        assert_eq!(f.object.name.as_deref(), Some("pod-1"));
        assert_eq!(
            f.message.as_deref(),
            Some("Privileged Containers (container app)")
        );
        assert!(!f.unmapped);
    }

    #[test]
    fn truncated_tables_are_errors() {
        let text = "|Risky Users|\n+---+\n| Priority | Kind | Namespace | Name |\n+---+\n| HIGH | User | None | bob |\n";
        assert!(parse_text(text, "x").is_err());
        let cut = "|Risky Users|\n+---+\n| Priority | Kind | Namespace | Name |\n+---+\n| HIGH | User | No";
        assert!(parse_text(cut, "x").is_err());
    }
}

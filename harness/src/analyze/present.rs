//! How the analysis reads to people: number formats, the recommendation sentence and tables,
//! in one place so the HTML report, the exports and the command line never word or round the
//! same figure two ways.

use super::model::{Combo, ToolResult};

/// A rate as a percentage with one decimal (`61.3%`); `n/a` when its denominator was zero.
pub fn pct(x: Option<f64>) -> String {
    x.map_or_else(|| "n/a".to_string(), |v| format!("{:.1}%", v * 100.0))
}

/// A score in points, -100 to 100, one decimal (`48.2`); `n/a` when undefined.
pub fn points(x: Option<f64>) -> String {
    x.map_or_else(|| "n/a".to_string(), |v| format!("{:.1}", v * 100.0))
}

/// A rate for a spreadsheet: a fraction with four decimals, an empty cell when undefined.
pub fn fraction(x: Option<f64>) -> String {
    x.map_or_else(String::new, |v| format!("{v:.4}"))
}

/// `1 check`, `2 checks`.
pub fn count(n: u32, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// What a result did not run, for a sentence: `2 checks not run by this result`.
pub fn not_run(n: u32) -> String {
    format!("{} not run by this result", count(n, "check", "checks"))
}

/// The one-line answer to "which scanner, and what will it miss?".
pub fn recommendation(tools: &[ToolResult], pairs: &[Combo]) -> String {
    let Some(top) = tools.first() else {
        return "No scanner results could be scored; see the files left out below.".to_string();
    };
    let m = &top.metrics;
    let mut s = format!(
        "Use {}: it detects {} of the misconfigurations ({} of {}) with a false-positive rate of {}",
        top.key,
        pct(m.detection_rate),
        m.tp,
        m.tp + m.fn_,
        pct(m.fp_rate)
    );
    let worst: Vec<String> = top
        .misses_most
        .iter()
        .take(3)
        .map(|(c, n, of)| format!("{c} ({n} of {of} missed)"))
        .collect();
    if worst.is_empty() {
        s.push('.');
    } else {
        s.push_str(&format!("; it misses most in {}.", worst.join(", ")));
    }
    if let Some(p) = pairs.iter().find(|p| p.tools.contains(&top.key)) {
        if p.detected > m.tp {
            let other: Vec<&String> = p.tools.iter().filter(|t| **t != top.key).collect();
            if let Some(o) = other.first() {
                s.push_str(&format!(
                    " Adding {} raises detection to {}.",
                    o,
                    pct(p.detection_rate)
                ));
            }
        }
    }
    s
}

/// The categories a tool misses most, for a table cell: `IAM 12/40, Network 3/9`.
pub fn misses_most(t: &ToolResult) -> String {
    t.misses_most
        .iter()
        .take(3)
        .map(|(c, n, of)| format!("{c} {n}/{of}"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// Where a table is read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// A terminal: columns padded to their widest cell, a dashed rule under the header, the
    /// last column unpadded.
    Text,
    /// A terminal listing without the rule (`harness catalog`, `harness parse`): long lists
    /// read as lines, and a rule would only push the first row down.
    Columns,
    /// GitHub-flavoured Markdown; `|` and line breaks in cells are escaped.
    Markdown,
}

/// How a column's cells line up (Markdown's `---:`; text pads every column to the left).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Align {
    Left,
    Right,
}

/// Markdown cells: scanner text must not break the table.
pub fn md_escape(s: &str) -> String {
    s.replace('|', "\\|").replace(['\n', '\r'], " ")
}

/// Renders a table in the given format. `columns` gives each column's header and alignment;
/// every row has one cell per column.
pub fn table(format: Format, columns: &[(&str, Align)], rows: &[Vec<String>]) -> String {
    let mut out = String::new();
    match format {
        Format::Markdown => {
            let line = |cells: &mut dyn Iterator<Item = String>| {
                let mut l = String::from("|");
                for c in cells {
                    l.push(' ');
                    l.push_str(&c);
                    l.push_str(" |");
                }
                l.push('\n');
                l
            };
            out.push_str(&line(&mut columns.iter().map(|(h, _)| md_escape(h))));
            out.push('|');
            for (_, a) in columns {
                out.push_str(match a {
                    Align::Left => "---|",
                    Align::Right => "---:|",
                });
            }
            out.push('\n');
            for r in rows {
                out.push_str(&line(&mut r.iter().map(|c| md_escape(c))));
            }
        }
        Format::Text | Format::Columns => {
            let mut width: Vec<usize> = columns.iter().map(|(h, _)| h.chars().count()).collect();
            for r in rows {
                for (w, c) in width.iter_mut().zip(r) {
                    *w = (*w).max(c.chars().count());
                }
            }
            let header: Vec<String> = columns.iter().map(|(h, _)| h.to_string()).collect();
            let rule: Vec<String> = width.iter().map(|w| "-".repeat(*w)).collect();
            let head: Vec<&Vec<String>> = match format {
                Format::Text => vec![&header, &rule],
                _ => vec![&header],
            };
            for cells in head.into_iter().chain(rows) {
                let mut l = String::new();
                for (i, c) in cells.iter().enumerate() {
                    if i + 1 < cells.len() {
                        l.push_str(&format!("{c:<w$}  ", w = width[i]));
                    } else {
                        l.push_str(c);
                    }
                }
                out.push_str(l.trim_end());
                out.push('\n');
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers() {
        assert_eq!(pct(Some(0.6134)), "61.3%");
        assert_eq!(pct(None), "n/a");
        assert_eq!(points(Some(-0.5)), "-50.0");
        assert_eq!(points(None), "n/a");
        assert_eq!(fraction(Some(1.0 / 3.0)), "0.3333");
        assert_eq!(fraction(None), "");
        assert_eq!(not_run(1), "1 check not run by this result");
        assert_eq!(not_run(2), "2 checks not run by this result");
    }

    #[test]
    fn one_table_two_formats() {
        let cols = [("#", Align::Right), ("Tool", Align::Left)];
        let rows = vec![
            vec!["1".to_string(), "kube|score".to_string()],
            vec!["10".to_string(), "x".to_string()],
        ];
        assert_eq!(
            table(Format::Markdown, &cols, &rows),
            "| # | Tool |\n|---:|---|\n| 1 | kube\\|score |\n| 10 | x |\n"
        );
        assert_eq!(
            table(Format::Text, &cols, &rows),
            "#   Tool\n--  ----------\n1   kube|score\n10  x\n"
        );
    }

    /// The runner's status tables read the same through this renderer, so they can share it.
    #[test]
    fn text_tables_read_as_the_runners() {
        let header = ["tool", "status", "file"];
        let rows = vec![
            [
                "kube-score".to_string(),
                "ok".to_string(),
                "results/a.json".to_string(),
            ],
            [
                "kics".to_string(),
                "failed: exit 2".to_string(),
                String::new(),
            ],
        ];
        let columns: Vec<(&str, Align)> = header.iter().map(|h| (*h, Align::Left)).collect();
        let cells: Vec<Vec<String>> = rows.iter().map(|r| r.to_vec()).collect();
        let listing = "tool        status          file\nkube-score  ok              results/a.json\nkics        failed: exit 2\n";
        assert_eq!(table(Format::Columns, &columns, &cells), listing);
        // What `harness run` and `harness scanners` have always printed.
        let want = "tool        status          file\n----------  --------------  --------------\nkube-score  ok              results/a.json\nkics        failed: exit 2\n";
        assert_eq!(table(Format::Text, &columns, &cells), want);
        assert_eq!(crate::runner::table(&header, &rows), want);
    }
}

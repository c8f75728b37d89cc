//! Confusion counts and rates per tool, per category and per attribution method, as polars
//! group-bys over the (tool, check) outcome table joined with the noise table.

use std::collections::HashMap;

use polars::prelude::*;

use super::matrix::{Matrix, Method};
use super::model::Metrics;

/// The outcome table's inputs: the matrix and the noise stage's counts.
pub struct Outcomes<'a> {
    pub matrix: &'a Matrix,
    /// Noise (distinct rule/object pairs) per (tool, category).
    pub noise: &'a [(String, String, u32)],
}

/// Per tool: metrics under (headline, metadata, differential), and per category (headline).
pub struct Scores {
    pub by_tool: HashMap<String, [Metrics; 3]>,
    pub by_category: HashMap<(String, String), Metrics>,
}

/// One row per (tool, check) the tool ran; the checks it did not run are counted apart.
fn outcome_frame(o: &Outcomes) -> PolarsResult<DataFrame> {
    let m = o.matrix;
    let n = m.tools.len() * m.rows.len();
    let mut tool = Vec::with_capacity(n);
    let mut category = Vec::with_capacity(n);
    let mut alert = Vec::with_capacity(n);
    let mut any = Vec::with_capacity(n);
    let mut meta = Vec::with_capacity(n);
    let mut diff = Vec::with_capacity(n);
    let mut head = Vec::with_capacity(n);
    for (t, cells) in m.tools.iter().zip(&m.cells) {
        for (row, cell) in m.rows.iter().zip(cells) {
            let Some(f) = cell else { continue };
            tool.push(t.as_str());
            category.push(row.category.as_str());
            alert.push(row.expected == super::suite::Expected::Alert);
            any.push(f.any);
            meta.push(f.by(Method::Metadata));
            diff.push(f.by(Method::Differential));
            head.push(f.by(Method::Headline));
        }
    }
    df![
        "tool" => tool,
        "category" => category,
        "alert" => alert,
        "any" => any,
        "metadata" => meta,
        "differential" => diff,
        "headline" => head,
    ]
}

fn count(e: Expr) -> Expr {
    e.cast(DataType::UInt32).sum()
}

/// TP/FN/FP/TN and covered per group, for one attribution column.
fn confusion(df: &DataFrame, keys: &[&str], flag: &str) -> PolarsResult<DataFrame> {
    let a = col("alert");
    let f = col(flag);
    df.clone()
        .lazy()
        .group_by(keys.iter().map(|k| col(*k)).collect::<Vec<_>>())
        .agg([
            count(a.clone().and(f.clone())).alias("tp"),
            count(a.clone().and(f.clone().not())).alias("fn"),
            count(a.clone().not().and(f.clone())).alias("fp"),
            count(a.not().and(f.not())).alias("tn"),
            count(col("any")).alias("covered"),
        ])
        .collect()
}

fn noise_frame(o: &Outcomes) -> PolarsResult<DataFrame> {
    df![
        "tool" => o.noise.iter().map(|n| n.0.as_str()).collect::<Vec<_>>(),
        "category" => o.noise.iter().map(|n| n.1.as_str()).collect::<Vec<_>>(),
        "noise" => o.noise.iter().map(|n| n.2).collect::<Vec<_>>(),
    ]
}

/// Reads back a confusion frame (joined with noise) into metrics keyed by its key columns.
fn read(df: &DataFrame, keys: &[&str]) -> PolarsResult<Vec<(Vec<String>, Metrics)>> {
    let key_cols: Vec<&StringChunked> = keys
        .iter()
        .map(|k| df.column(k).and_then(|c| c.str()))
        .collect::<PolarsResult<_>>()?;
    let num = |name: &str| -> PolarsResult<UInt32Chunked> {
        Ok(df.column(name)?.cast(&DataType::UInt32)?.u32()?.clone())
    };
    let (tp, fn_, fp, tn, cov, noise) = (
        num("tp")?,
        num("fn")?,
        num("fp")?,
        num("tn")?,
        num("covered")?,
        num("noise")?,
    );
    let mut out = Vec::with_capacity(df.height());
    for i in 0..df.height() {
        let key = key_cols
            .iter()
            .map(|c| c.get(i).unwrap_or("").to_string())
            .collect();
        let g = |c: &UInt32Chunked| c.get(i).unwrap_or(0);
        out.push((
            key,
            Metrics::from_counts(g(&tp), g(&fn_), g(&fp), g(&tn), g(&cov), g(&noise)),
        ));
    }
    Ok(out)
}

/// Confusion counts joined with the noise of the same group (zero where a group has none).
fn with_noise(conf: DataFrame, noise: &DataFrame, keys: &[&str]) -> PolarsResult<DataFrame> {
    let noise = noise
        .clone()
        .lazy()
        .group_by(keys.iter().map(|k| col(*k)).collect::<Vec<_>>())
        .agg([col("noise").sum()]);
    let on: Vec<Expr> = keys.iter().map(|k| col(*k)).collect();
    conf.lazy()
        .join(noise, on.clone(), on, JoinArgs::new(JoinType::Left))
        .with_column(col("noise").fill_null(lit(0u32)))
        .collect()
}

pub fn score(o: &Outcomes) -> PolarsResult<Scores> {
    let df = outcome_frame(o)?;
    let noise = noise_frame(o)?;
    let mut by_tool: HashMap<String, [Metrics; 3]> = HashMap::new();
    for (slot, method) in Method::ALL.iter().enumerate() {
        let conf = with_noise(
            confusion(&df, &["tool"], method.as_str())?,
            &noise,
            &["tool"],
        )?;
        for (key, m) in read(&conf, &["tool"])? {
            by_tool.entry(key[0].clone()).or_default()[slot] = m;
        }
    }
    let conf = with_noise(
        confusion(&df, &["tool", "category"], Method::Headline.as_str())?,
        &noise,
        &["tool", "category"],
    )?;
    let mut by_category: HashMap<(String, String), Metrics> = read(&conf, &["tool", "category"])?
        .into_iter()
        .map(|(k, m)| ((k[0].clone(), k[1].clone()), m))
        .collect();
    // A tool whose noise is all in categories without checks still needs its noise counted
    // in the per-tool total; the join above covers it because noise is summed per tool.
    let m = o.matrix;
    for (t, cells) in m.tools.iter().zip(&m.cells) {
        for (row, cell) in m.rows.iter().zip(cells) {
            if cell.is_none() {
                for slot in by_tool.entry(t.clone()).or_default().iter_mut() {
                    slot.not_run += 1;
                }
                by_category
                    .entry((t.clone(), row.category.clone()))
                    .or_default()
                    .not_run += 1;
            }
        }
    }
    Ok(Scores {
        by_tool,
        by_category,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    use crate::analyze::matrix::{Flags, MatrixRow};
    use crate::analyze::suite::Expected;

    fn row(check: usize, category: &str, expected: Expected) -> MatrixRow {
        MatrixRow {
            check,
            category: category.into(),
            expected,
        }
    }

    fn flags(any: bool, metadata: bool, differential: bool, headline: bool) -> Option<Flags> {
        Some(Flags {
            any,
            metadata,
            differential,
            headline,
        })
    }

    #[test]
    fn counts_by_tool_and_category() {
        let matrix = Matrix {
            rows: vec![
                row(0, "Workload", Expected::Alert),
                row(1, "Workload", Expected::Alert),
                row(2, "IAM", Expected::Pass),
            ],
            row_of: vec![Some(0), Some(1), Some(2)],
            tools: vec!["a 1".to_string(), "b 2".to_string()],
            cells: vec![
                vec![
                    flags(true, true, false, true),
                    flags(true, false, false, false),
                    flags(true, false, true, true),
                ],
                vec![Some(Flags::NONE); 3],
            ],
        };
        let noise = vec![("a 1".to_string(), "Misc".to_string(), 3)];
        let s = score(&Outcomes {
            matrix: &matrix,
            noise: &noise,
        })
        .unwrap();
        let [h, m, d] = &s.by_tool["a 1"];
        assert_eq!((h.tp, h.fn_, h.fp, h.tn, h.noise), (1, 1, 1, 0, 3));
        assert_eq!((m.tp, m.fp), (1, 0));
        assert_eq!((d.tp, d.fp), (0, 1));
        assert_eq!(h.coverage, Some(1.0));
        assert_eq!(h.detection_rate, Some(0.5));
        assert_eq!(h.not_run, 0);
        let b = &s.by_tool["b 2"][0];
        assert_eq!((b.tp, b.fn_, b.fp, b.tn, b.noise), (0, 2, 0, 1, 0));
        assert_eq!(b.f1, Some(0.0));
        let w = &s.by_category[&("a 1".to_string(), "Workload".to_string())];
        assert_eq!((w.tp, w.fn_), (1, 1));
    }

    #[test]
    fn checks_not_run_are_counted_apart_from_the_rates() {
        let matrix = Matrix {
            rows: vec![
                row(0, "Workload", Expected::Alert),
                row(1, "Workload", Expected::Alert),
                row(2, "IAM", Expected::Pass),
            ],
            row_of: vec![Some(0), Some(1), Some(2)],
            tools: vec!["a 1".to_string()],
            cells: vec![vec![flags(true, true, true, true), None, None]],
        };
        let s = score(&Outcomes {
            matrix: &matrix,
            noise: &[],
        })
        .unwrap();
        for m in &s.by_tool["a 1"] {
            assert_eq!(
                (m.checks, m.tp, m.fn_, m.fp, m.tn, m.not_run),
                (1, 1, 0, 0, 0, 2)
            );
            assert_eq!(m.detection_rate, Some(1.0));
            assert_eq!(m.fp_rate, None);
            assert_eq!(m.coverage, Some(1.0));
        }
        let w = &s.by_category[&("a 1".to_string(), "Workload".to_string())];
        assert_eq!((w.tp, w.not_run), (1, 1));
        // A category whose every check was not run still shows up, with nothing scored.
        let iam = &s.by_category[&("a 1".to_string(), "IAM".to_string())];
        assert_eq!((iam.checks, iam.not_run, iam.fp_rate), (0, 1, None));
    }
}

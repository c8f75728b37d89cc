//! Stage 4 of the scoring, the ranking: tools ordered by score then F1, the check matrix in
//! that order, the best combinations, the version comparisons and the recommendation.

use std::collections::{BTreeMap, HashMap};

use super::matrix::{Matrix, Method};
use super::model::{
    CheckRow, Metrics, Outcome, ToolResult, VersionChange, VersionComparison, VersionRow,
};
use super::suite::{Expected, Suite};
use super::Scored;

/// Sorts by score, then F1, then name, so ties read the same on every run.
pub fn rank(tools: &mut [ToolResult]) {
    let order = |m: &Metrics| (m.score.unwrap_or(f64::MIN), m.f1.unwrap_or(f64::MIN));
    tools.sort_by(|a, b| {
        let (sa, fa) = order(&a.metrics);
        let (sb, fb) = order(&b.metrics);
        sb.total_cmp(&sa)
            .then(fb.total_cmp(&fa))
            .then(a.key.cmp(&b.key))
    });
}

/// The check x tool matrix as exported, its columns in the ranking's order.
pub fn check_rows(suite: &Suite, matrix: &Matrix, ranked: &[ToolResult]) -> Vec<CheckRow> {
    let columns: Vec<usize> = ranked
        .iter()
        .map(|t| matrix.tools.iter().position(|k| *k == t.key).unwrap_or(0))
        .collect();
    matrix
        .rows
        .iter()
        .enumerate()
        .map(|(r, row)| {
            let c = &suite.checks[row.check];
            let outcomes: Vec<_> = columns
                .iter()
                .map(|&t| matrix.verdict(t, r, Method::Headline))
                .collect();
            CheckRow {
                id: c.id.clone(),
                category: c.category.clone(),
                expected: c.expected.as_str().to_string(),
                description: c.title.clone().unwrap_or_else(|| c.description.clone()),
                paths: c.paths.join(" | "),
                flagged_by: outcomes
                    .iter()
                    .filter(|o| o.outcome().is_some_and(Outcome::flagged))
                    .count() as u32,
                outcomes,
            }
        })
        .collect()
}

/// Compares dotted versions numerically where they are numbers (`0.49.0` > `0.9.1`).
pub fn version_key(v: &str) -> Vec<(u64, String)> {
    v.trim_start_matches('v')
        .split(['.', '-', '+'])
        .map(|p| match p.parse::<u64>() {
            Ok(n) => (n, String::new()),
            Err(_) => (0, p.to_string()),
        })
        .collect()
}

/// Columns of the newest version of each tool: combinations pair different tools, not two
/// versions of one.
pub fn latest_per_tool(scored: &[Scored]) -> Vec<usize> {
    let mut best: BTreeMap<&str, usize> = BTreeMap::new();
    for (i, s) in scored.iter().enumerate() {
        let e = best.entry(s.loaded.tool.as_str()).or_insert(i);
        if version_key(&s.loaded.version) > version_key(&scored[*e].loaded.version) {
            *e = i;
        }
    }
    best.into_values().collect()
}

/// Metrics of each version of a tool with several, and what changed between consecutive
/// versions, on the checks both ran.
pub fn versions(
    suite: &Suite,
    scored: &[Scored],
    tools: &[ToolResult],
    matrix: &Matrix,
) -> Vec<VersionComparison> {
    let by_key: HashMap<&str, &Metrics> =
        tools.iter().map(|t| (t.key.as_str(), &t.metrics)).collect();
    let mut groups: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
    for (i, s) in scored.iter().enumerate() {
        groups.entry(s.loaded.tool.as_str()).or_default().push(i);
    }
    let mut out = Vec::new();
    for (tool, mut idx) in groups {
        if idx.len() < 2 {
            continue;
        }
        idx.sort_by_key(|&i| version_key(&scored[i].loaded.version));
        let rows = idx
            .iter()
            .map(|&i| VersionRow {
                version: scored[i].loaded.version.clone(),
                key: scored[i].key.clone(),
                metrics: by_key
                    .get(scored[i].key.as_str())
                    .map(|m| (*m).clone())
                    .unwrap_or_default(),
            })
            .collect();
        let changes = idx
            .windows(2)
            .map(|w| {
                let (a, b) = (&matrix.cells[w[0]], &matrix.cells[w[1]]);
                let mut ch = VersionChange {
                    from: scored[w[0]].loaded.version.clone(),
                    to: scored[w[1]].loaded.version.clone(),
                    gained: vec![],
                    lost: vec![],
                    new_false_positives: vec![],
                    fixed_false_positives: vec![],
                };
                for (r, row) in matrix.rows.iter().enumerate() {
                    let (Some(fa), Some(fb)) = (a[r], b[r]) else {
                        continue;
                    };
                    let (ha, hb) = (fa.by(Method::Headline), fb.by(Method::Headline));
                    let list = match (row.expected, ha, hb) {
                        (Expected::Alert, false, true) => &mut ch.gained,
                        (Expected::Alert, true, false) => &mut ch.lost,
                        (Expected::Pass, false, true) => &mut ch.new_false_positives,
                        (Expected::Pass, true, false) => &mut ch.fixed_false_positives,
                        _ => continue,
                    };
                    list.push(suite.checks[row.check].id.clone());
                }
                ch
            })
            .collect();
        out.push(VersionComparison {
            tool: tool.to_string(),
            versions: rows,
            changes,
        });
    }
    out
}

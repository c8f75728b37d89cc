//! Stage 3 of the scoring, the per-tool results: the metrics of each tool under each method and
//! per category, the categories it misses most, and the evidence behind its misses, its false
//! positives and the disagreements of the two attribution methods.

use std::collections::{BTreeMap, HashMap};

use adapters::Finding;

use super::matrix::{Matrix, Method};
use super::metrics;
use super::model::{
    CategoryMetrics, Disagreement, Evidence, EvidenceFinding, Outcome, ToolResult, Verdict,
};
use super::noise::Noise;
use super::suite::{self, Suite, Target};
use super::Scored;

/// Most evidence entries listed per tool and kind in the report; the CSV exports carry all.
pub const EVIDENCE_LIMIT: usize = 400;

/// One result per tool, in the matrix's (key) order.
pub fn per_tool(
    suite: &Suite,
    scored: &[Scored],
    matrix: &Matrix,
    noise: &Noise,
) -> anyhow::Result<Vec<ToolResult>> {
    let scores = metrics::score(&metrics::Outcomes {
        matrix,
        noise: &noise.by_category,
    })?;
    let categories = suite.categories();
    let mut tools = Vec::with_capacity(scored.len());
    for (t, s) in scored.iter().enumerate() {
        let [headline, metadata, differential] =
            scores.by_tool.get(&s.key).cloned().unwrap_or_default();
        let cats: Vec<CategoryMetrics> = categories
            .iter()
            .map(|c| CategoryMetrics {
                category: c.clone(),
                metrics: scores
                    .by_category
                    .get(&(s.key.clone(), c.clone()))
                    .cloned()
                    .unwrap_or_default(),
            })
            .collect();
        let mut misses_most: Vec<(String, u32, u32)> = cats
            .iter()
            .filter(|c| c.metrics.fn_ > 0)
            .map(|c| {
                (
                    c.category.clone(),
                    c.metrics.fn_,
                    c.metrics.tp + c.metrics.fn_,
                )
            })
            .collect();
        misses_most.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
        let (missed, false_positives) = evidence(suite, matrix, t, s);
        tools.push(ToolResult {
            key: s.key.clone(),
            tool: s.loaded.tool.clone(),
            version: s.loaded.version.clone(),
            file: s.loaded.file.clone(),
            findings: s.loaded.findings.len() as u32,
            metrics: headline,
            metadata,
            differential,
            categories: cats,
            misses_most,
            disagreements: disagreements(suite, s),
            missed,
            false_positives,
        });
    }
    Ok(tools)
}

fn object_label(f: &Finding) -> String {
    let o = &f.object;
    let mut s = String::new();
    if let Some(k) = &o.kind {
        s.push_str(k);
        s.push('/');
    }
    if let Some(ns) = &o.namespace {
        s.push_str(ns);
        s.push('/');
    }
    if let Some(n) = &o.name {
        s.push_str(n);
    } else if let Some(file) = &f.file {
        s.push_str(file);
    }
    s
}

fn evidence_finding(f: &Finding) -> EvidenceFinding {
    EvidenceFinding {
        rule: f.rule_id.clone(),
        message: f
            .message
            .clone()
            .or_else(|| f.rule_title.clone())
            .unwrap_or_default(),
        object: object_label(f),
        path: f.path.clone().unwrap_or_default(),
    }
}

/// Missed checks with the unattributed findings on them, and false positives with the
/// findings that made them.
fn evidence(
    suite: &Suite,
    matrix: &Matrix,
    tool: usize,
    s: &Scored,
) -> (Vec<Evidence>, Vec<Evidence>) {
    let mut on_check: HashMap<usize, Vec<(usize, bool)>> = HashMap::new();
    for (n, a) in s.attributions.iter().enumerate() {
        if let Some(Target::Check(i)) = a.target {
            on_check
                .entry(i as usize)
                .or_default()
                .push((n, a.headline));
        }
    }
    let mut missed = Vec::new();
    let mut fps = Vec::new();
    for (r, row) in matrix.rows.iter().enumerate() {
        let (list, wanted) = match matrix.verdict(tool, r, Method::Headline) {
            Verdict::Scored(Outcome::FN) => (&mut missed, false),
            Verdict::Scored(Outcome::FP) => (&mut fps, true),
            _ => continue,
        };
        if list.len() >= EVIDENCE_LIMIT {
            continue;
        }
        let c = &suite.checks[row.check];
        let mut fs: Vec<EvidenceFinding> = on_check
            .get(&row.check)
            .map(|v| {
                v.iter()
                    .filter(|(_, h)| *h == wanted)
                    .map(|(n, _)| evidence_finding(&s.loaded.findings[*n]))
                    .collect()
            })
            .unwrap_or_default();
        fs.dedup_by(|a, b| a.rule == b.rule && a.object == b.object);
        fs.truncate(8);
        list.push(Evidence {
            check: c.id.clone(),
            category: c.category.clone(),
            description: c.title.clone().unwrap_or_else(|| c.description.clone()),
            paths: c.paths.join(" | "),
            findings: fs,
        });
    }
    (missed, fps)
}

/// (check, rule) pairs on scored checks the result ran where metadata and differential
/// disagree.
fn disagreements(suite: &Suite, s: &Scored) -> Vec<Disagreement> {
    let mut map: BTreeMap<(String, String), Disagreement> = BTreeMap::new();
    for (f, a) in s.loaded.findings.iter().zip(&s.attributions) {
        let Some(Target::Check(i)) = a.target else {
            continue;
        };
        let c = &suite.checks[i as usize];
        if !c.scored() || s.not_run[i as usize] || a.metadata == a.differential {
            continue;
        }
        map.entry((c.id.clone(), f.rule_id.clone()))
            .and_modify(|d| d.findings += 1)
            .or_insert(Disagreement {
                check: c.id.clone(),
                expected: c.expected.as_str().to_string(),
                rule: f.rule_id.clone(),
                metadata: a.metadata,
                differential: a.differential,
                rule_mapped: a.rule_mapped,
                findings: 1,
            });
    }
    let mut v: Vec<Disagreement> = map.into_values().collect();
    v.sort_by(|a, b| {
        suite::natural_key(&a.check)
            .cmp(&suite::natural_key(&b.check))
            .then(a.rule.cmp(&b.rule))
    });
    v
}

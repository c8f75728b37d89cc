//! Stage 2 of the scoring, the noise: what every finding counts as (TP, FP, noise, or nothing
//! because its check was not run), and per tool and category the distinct (rule, object)
//! pairs attributable to no scored check.

use std::collections::{BTreeMap, HashMap};

use adapters::Finding;

use super::attribute::Attribution;
use super::matrix::Matrix;
use super::model::{CountsAs, FindingMeta, Outcome};
use super::suite::{Suite, Target};
use super::Scored;

/// The noise of every tool and the attribution of every finding.
pub struct Noise {
    /// (tool key, category, distinct rule/object pairs), tools in key order.
    pub by_category: Vec<(String, String, u32)>,
    /// `findings[tool][finding]`, in the order of the tool's findings.
    pub findings: Vec<Vec<FindingMeta>>,
}

/// The category a noise finding is filed under: its check's, else its rule's, else Misc.
fn category_of<'a>(
    suite: &'a Suite,
    rules: &'a adapters::RuleTable,
    f: &Finding,
    a: &Attribution,
) -> &'a str {
    if let Some(Target::Check(i)) = a.target {
        return &suite.checks[i as usize].category;
    }
    rules
        .get(&f.rule_id)
        .map(|r| r.category.as_str())
        .filter(|c| !c.is_empty())
        .unwrap_or("Misc")
}

pub fn count(suite: &Suite, scored: &[Scored], matrix: &Matrix) -> Noise {
    let mut by_category = Vec::new();
    let mut findings = Vec::with_capacity(scored.len());
    for (t, s) in scored.iter().enumerate() {
        let rules = s.loaded.scanner.rules();
        // Distinct (rule, kind, namespace, name or file) of the noise, with its category.
        type NoiseKey<'a> = (&'a str, Option<&'a str>, Option<&'a str>, Option<&'a str>);
        let mut pairs: HashMap<NoiseKey, &str> = HashMap::new();
        let mut metas = Vec::with_capacity(s.loaded.findings.len());
        for (f, a) in s.loaded.findings.iter().zip(&s.attributions) {
            let check = match a.target {
                Some(Target::Check(i)) => Some(i as usize),
                _ => None,
            };
            let counts_as = match check {
                // What the result says about a file it never saw counts for nothing.
                Some(i) if s.not_run[i] => CountsAs::NotRun,
                Some(i) if a.headline && matrix.ran(t, i).is_some() => {
                    CountsAs::Outcome(Outcome::of(suite.checks[i].expected, true))
                }
                _ => {
                    let o = &f.object;
                    let key = (
                        f.rule_id.as_str(),
                        o.kind.as_deref(),
                        o.namespace.as_deref(),
                        o.name.as_deref().or(f.file.as_deref()),
                    );
                    pairs
                        .entry(key)
                        .or_insert_with(|| category_of(suite, rules, f, a));
                    CountsAs::Noise
                }
            };
            metas.push(FindingMeta {
                check: check.map(|i| i as u32),
                via: a.via.as_str(),
                rule_mapped: a.rule_mapped,
                metadata: a.metadata,
                differential: a.differential,
                on_baseline: a.on_baseline,
                headline: a.headline,
                counts_as,
            });
        }
        let mut per_cat: BTreeMap<&str, u32> = BTreeMap::new();
        for cat in pairs.values() {
            *per_cat.entry(cat).or_default() += 1;
        }
        for (cat, n) in per_cat {
            by_category.push((s.key.clone(), cat.to_string(), n));
        }
        findings.push(metas);
    }
    Noise {
        by_category,
        findings,
    }
}

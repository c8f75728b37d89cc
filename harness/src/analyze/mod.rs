//! The analyzer: a suite's expectations joined with every tool's findings -> one outcome per
//! (tool, check) under each attribution method -> metrics per tool and category, the best
//! combinations of tools, and version comparisons. Shared by `harness evaluate` and
//! `harness report`; the definitions are in docs/metrics.md.

pub mod attribute;
pub mod categories;
pub mod combos;
pub mod export;
pub mod load;
pub mod metrics;
pub mod model;
pub mod suite;

use std::collections::{BTreeMap, HashMap};
use std::path::Path;

use adapters::Finding;

use attribute::Attribution;
use load::{LeftOut, Loaded};
use metrics::{ANY, DIFFERENTIAL, HEADLINE, METADATA};
use model::*;
use suite::{Expected, Suite, Target};

/// Most evidence entries listed per tool and kind in the report; the CSV exports carry all.
pub const EVIDENCE_LIMIT: usize = 400;

/// Prints how long a phase took when `HARNESS_TIMINGS` is set: where the time of a large
/// evaluation goes, without a profiler.
pub fn timing(phase: &str, since: std::time::Instant) {
    if std::env::var_os("HARNESS_TIMINGS").is_some() {
        eprintln!("timing: {phase}: {:.3}s", since.elapsed().as_secs_f64());
    }
}

/// One tool's parsed results with their attributions.
struct Scored {
    loaded: Loaded,
    key: String,
    attributions: Vec<Attribution>,
}

/// Runs the whole analysis. Files that cannot be scored are in `left_out`, and printed as
/// warnings by the caller; only an unreadable suite or results folder is an error.
pub fn analyze(suite_dir: &Path, results_dir: &Path) -> anyhow::Result<Analysis> {
    let t = std::time::Instant::now();
    let suite = Suite::load(suite_dir)?;
    timing("suite", t);
    let t = std::time::Instant::now();
    let (loaded, mut left_out) = load::load_results(results_dir)?;
    timing("results", t);
    let t = std::time::Instant::now();
    let mut seen: HashMap<String, String> = HashMap::new();
    let mut scored: Vec<Scored> = Vec::new();
    // Computed only when some result records the suite it ran on (KALM's files do not).
    let mut suite_digest: Option<String> = None;
    for l in loaded {
        if let Some(ran_on) = &l.suite_digest {
            if suite_digest.is_none() {
                suite_digest = Some(crate::schema::SuiteFiles::load(suite_dir)?.digest()?);
            }
            let here = suite_digest.as_deref().unwrap_or_default();
            if ran_on != here {
                left_out.push(LeftOut {
                    file: l.file.clone(),
                    reason: format!(
                        "results for a different suite: the run recorded suite digest {ran_on}, {} has {here}",
                        suite_dir.display()
                    ),
                });
                continue;
            }
        }
        let key = format!("{} {}", l.tool, l.version);
        if let Some(first) = seen.get(&key) {
            left_out.push(LeftOut {
                file: l.file.clone(),
                reason: format!("a second result of {key}; {first} is used"),
            });
            continue;
        }
        let rules = l.scanner.rules();
        let attributions = attribute::attribute(&suite, rules, &l.findings);
        if !l.findings.is_empty() && attributions.iter().all(|a| a.target.is_none()) {
            left_out.push(LeftOut {
                file: l.file.clone(),
                reason: format!(
                    "results for a different suite (or a cluster scan): none of its {} {} findings names a check id, object or file of {}",
                    l.findings.len(),
                    l.tool,
                    suite_dir.display()
                ),
            });
            continue;
        }
        seen.insert(key.clone(), l.file.clone());
        scored.push(Scored {
            loaded: l,
            key,
            attributions,
        });
    }
    timing("attribution", t);
    let t = std::time::Instant::now();
    let a = build(&suite, results_dir, scored, left_out);
    timing("scoring", t);
    a
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

fn category_of_noise<'a>(
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

fn build(
    suite: &Suite,
    results_dir: &Path,
    mut scored: Vec<Scored>,
    left_out: Vec<LeftOut>,
) -> anyhow::Result<Analysis> {
    // Index of scored checks: suite check index -> position in the outcome rows.
    let scored_idx: Vec<usize> = (0..suite.checks.len())
        .filter(|&i| suite.checks[i].scored())
        .collect();
    let mut pos = vec![usize::MAX; suite.checks.len()];
    for (p, &i) in scored_idx.iter().enumerate() {
        pos[i] = p;
    }
    let check_info: Vec<(String, bool)> = scored_idx
        .iter()
        .map(|&i| {
            (
                suite.checks[i].category.clone(),
                suite.checks[i].expected == Expected::Alert,
            )
        })
        .collect();

    scored.sort_by(|a, b| a.key.cmp(&b.key));
    let keys: Vec<String> = scored.iter().map(|s| s.key.clone()).collect();
    let mut flags: Vec<Vec<u8>> = Vec::with_capacity(scored.len());
    let mut noise: Vec<(String, String, u32)> = Vec::new();
    let mut metas: Vec<Vec<FindingMeta>> = Vec::with_capacity(scored.len());

    for s in &scored {
        let rules = s.loaded.scanner.rules();
        let mut f_flags = vec![0u8; scored_idx.len()];
        // Distinct (rule, kind, namespace, name or file) of the noise, with its category.
        type NoiseKey<'a> = (&'a str, Option<&'a str>, Option<&'a str>, Option<&'a str>);
        let mut noise_pairs: HashMap<NoiseKey, &str> = HashMap::new();
        let mut tool_metas = Vec::with_capacity(s.loaded.findings.len());
        for (f, a) in s.loaded.findings.iter().zip(&s.attributions) {
            let check = match a.target {
                Some(Target::Check(i)) if pos[i as usize] != usize::MAX => Some(i as usize),
                _ => None,
            };
            if let Some(i) = check {
                let slot = &mut f_flags[pos[i]];
                *slot |= ANY;
                if a.metadata {
                    *slot |= METADATA;
                }
                if a.differential {
                    *slot |= DIFFERENTIAL;
                }
                if a.headline {
                    *slot |= HEADLINE;
                }
            }
            let counts_as = match check {
                Some(i) if a.headline => match suite.checks[i].expected {
                    Expected::Alert => "TP",
                    Expected::Pass => "FP",
                },
                _ => {
                    let o = &f.object;
                    let key = (
                        f.rule_id.as_str(),
                        o.kind.as_deref(),
                        o.namespace.as_deref(),
                        o.name.as_deref().or(f.file.as_deref()),
                    );
                    noise_pairs
                        .entry(key)
                        .or_insert_with(|| category_of_noise(suite, rules, f, a));
                    "noise"
                }
            };
            tool_metas.push(FindingMeta {
                check: match a.target {
                    Some(Target::Check(i)) => Some(i),
                    _ => None,
                },
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
        for cat in noise_pairs.values() {
            *per_cat.entry(cat).or_default() += 1;
        }
        for (cat, n) in per_cat {
            noise.push((s.key.clone(), cat.to_string(), n));
        }
        flags.push(f_flags);
        metas.push(tool_metas);
    }

    let scores = metrics::score(&metrics::Outcomes {
        tools: &keys,
        checks: &check_info,
        flags: &flags,
        noise: &noise,
    })?;

    let categories = suite.categories();
    let alert_per_category: Vec<u32> = categories
        .iter()
        .map(|c| {
            scored_idx
                .iter()
                .filter(|&&i| {
                    suite.checks[i].category == *c && suite.checks[i].expected == Expected::Alert
                })
                .count() as u32
        })
        .collect();

    let mut tools: Vec<ToolResult> = Vec::new();
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
        let (missed, false_positives) = evidence(suite, &scored_idx, &flags[t], s);
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

    let checks: Vec<CheckRow> = scored_idx
        .iter()
        .enumerate()
        .map(|(p, &i)| {
            let c = &suite.checks[i];
            let outcomes: Vec<&'static str> =
                flags.iter().map(|f| outcome(c.expected, f[p])).collect();
            CheckRow {
                id: c.id.clone(),
                category: c.category.clone(),
                expected: c.expected.as_str().to_string(),
                description: c.title.clone().unwrap_or_else(|| c.description.clone()),
                paths: c.paths.join(" | "),
                flagged_by: outcomes
                    .iter()
                    .filter(|o| matches!(**o, "TP" | "FP"))
                    .count() as u32,
                outcomes,
            }
        })
        .collect();

    let (best_pairs, best_triples) =
        combos::best(&keys, &check_info, &flags, &latest_per_tool(&scored));
    let versions = versions(&scored, &scores.by_tool, suite, &scored_idx, &flags);

    // Ranking: score, then F1, then name, so ties read the same on every run.
    let order = |m: &Metrics| (m.score.unwrap_or(f64::MIN), m.f1.unwrap_or(f64::MIN));
    tools.sort_by(|a, b| {
        let (sa, fa) = order(&a.metrics);
        let (sb, fb) = order(&b.metrics);
        sb.total_cmp(&sa)
            .then(fb.total_cmp(&fa))
            .then(a.key.cmp(&b.key))
    });
    // Keep the check matrix columns in ranking order too.
    let rank: Vec<usize> = tools
        .iter()
        .map(|t| keys.iter().position(|k| *k == t.key).unwrap_or(0))
        .collect();
    let checks = checks
        .into_iter()
        .map(|mut c| {
            c.outcomes = rank.iter().map(|&r| c.outcomes[r]).collect();
            c
        })
        .collect();

    let alert = check_info.iter().filter(|c| c.1).count() as u32;
    let info = SuiteInfo {
        dir: suite.dir.display().to_string(),
        files: suite.files,
        checks: check_info.len() as u32,
        alert,
        pass: check_info.len() as u32 - alert,
        controls: suite.checks.iter().filter(|c| c.control).count() as u32,
        context_objects: suite.context.len() as u32,
        categories,
        alert_per_category,
    };
    let recommendation = recommend(&tools, &best_pairs);
    let findings = scored
        .into_iter()
        .zip(metas)
        .map(|(s, meta)| ToolFindings {
            tool: s.loaded.tool,
            version: s.loaded.version,
            findings: s.loaded.findings,
            meta,
        })
        .collect();
    let check_ids = suite
        .checks
        .iter()
        .map(|c| (c.id.clone(), c.expected.as_str()))
        .collect();
    Ok(Analysis {
        suite: info,
        results_dir: results_dir.display().to_string(),
        tools,
        checks,
        findings,
        check_ids,
        best_pairs,
        best_triples,
        versions,
        left_out,
        recommendation,
    })
}

fn outcome(expected: Expected, f: u8) -> &'static str {
    match (expected, f & HEADLINE != 0) {
        (Expected::Alert, true) => "TP",
        (Expected::Alert, false) => "FN",
        (Expected::Pass, true) => "FP",
        (Expected::Pass, false) => "TN",
    }
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
    scored_idx: &[usize],
    flags: &[u8],
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
    for (p, &i) in scored_idx.iter().enumerate() {
        let c = &suite.checks[i];
        let hit = flags[p] & HEADLINE != 0;
        let wanted = match (c.expected, hit) {
            (Expected::Alert, false) => false,
            (Expected::Pass, true) => true,
            _ => continue,
        };
        let list = if wanted { &mut fps } else { &mut missed };
        if list.len() >= EVIDENCE_LIMIT {
            continue;
        }
        let mut fs: Vec<EvidenceFinding> = on_check
            .get(&i)
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

/// (check, rule) pairs on scored checks where metadata and differential disagree.
fn disagreements(suite: &Suite, s: &Scored) -> Vec<Disagreement> {
    let mut map: BTreeMap<(String, String), Disagreement> = BTreeMap::new();
    for (f, a) in s.loaded.findings.iter().zip(&s.attributions) {
        let Some(Target::Check(i)) = a.target else {
            continue;
        };
        let c = &suite.checks[i as usize];
        if !c.scored() || a.metadata == a.differential {
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

/// Positions (into `scored`) of the newest version of each tool: combinations pair different
/// tools, not two versions of one.
fn latest_per_tool(scored: &[Scored]) -> Vec<usize> {
    let mut best: BTreeMap<&str, usize> = BTreeMap::new();
    for (i, s) in scored.iter().enumerate() {
        let e = best.entry(s.loaded.tool.as_str()).or_insert(i);
        if version_key(&s.loaded.version) > version_key(&scored[*e].loaded.version) {
            *e = i;
        }
    }
    best.into_values().collect()
}

fn versions(
    scored: &[Scored],
    by_tool: &HashMap<String, [Metrics; 3]>,
    suite: &Suite,
    scored_idx: &[usize],
    flags: &[Vec<u8>],
) -> Vec<VersionComparison> {
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
                metrics: by_tool
                    .get(&scored[i].key)
                    .map(|m| m[0].clone())
                    .unwrap_or_default(),
            })
            .collect();
        let changes = idx
            .windows(2)
            .map(|w| {
                let (a, b) = (&flags[w[0]], &flags[w[1]]);
                let mut ch = VersionChange {
                    from: scored[w[0]].loaded.version.clone(),
                    to: scored[w[1]].loaded.version.clone(),
                    gained: vec![],
                    lost: vec![],
                    new_false_positives: vec![],
                    fixed_false_positives: vec![],
                };
                for (p, &i) in scored_idx.iter().enumerate() {
                    let c = &suite.checks[i];
                    let (ha, hb) = (a[p] & HEADLINE != 0, b[p] & HEADLINE != 0);
                    let list = match (c.expected, ha, hb) {
                        (Expected::Alert, false, true) => &mut ch.gained,
                        (Expected::Alert, true, false) => &mut ch.lost,
                        (Expected::Pass, false, true) => &mut ch.new_false_positives,
                        (Expected::Pass, true, false) => &mut ch.fixed_false_positives,
                        _ => continue,
                    };
                    list.push(c.id.clone());
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

pub fn pct(x: Option<f64>) -> String {
    x.map_or_else(|| "n/a".to_string(), |v| format!("{:.1}%", v * 100.0))
}

/// The one-line answer to "which scanner, and what will it miss?".
fn recommend(tools: &[ToolResult], pairs: &[Combo]) -> String {
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

//! The HTML report: one self-contained file (inline CSS and SVG, no scripts, no network)
//! rendered with tera from `templates/`. The templates are compiled into the binary so the
//! report renders the same wherever the binary runs; every value from a scanner goes through
//! tera's HTML autoescaping.

use serde::Serialize;
use tera::{Context, Tera};

use crate::analyze::model::{Analysis, Combo, Disagreement, Evidence, Metrics, VersionChange};
use crate::analyze::present::{self, pct, points};

const TEMPLATE: &str = include_str!("../../../templates/report.html");
const STYLE: &str = include_str!("../../../templates/report.css");

#[derive(Serialize)]
struct ToolView<'a> {
    rank: usize,
    key: &'a str,
    anchor: String,
    file: &'a str,
    findings: u32,
    score: String,
    score_bar: u32,
    score_neg: bool,
    dr: String,
    fpr: String,
    precision: String,
    f1: String,
    coverage: String,
    tp: u32,
    fp: u32,
    #[serde(rename = "fn")]
    fn_: u32,
    tn: u32,
    noise: u32,
    /// Checks of the suite this result did not run (changed or new since).
    not_run: u32,
    not_run_text: String,
    misses_most: String,
    meta_dr: String,
    meta_fpr: String,
    diff_dr: String,
    diff_fpr: String,
    disagreements: &'a [Disagreement],
    missed: &'a [Evidence],
    missed_more: u32,
    false_positives: &'a [Evidence],
    fps_more: u32,
}

#[derive(Serialize)]
struct HeatCell {
    text: String,
    color: String,
    title: String,
}

#[derive(Serialize)]
struct HeatRow<'a> {
    category: &'a str,
    alert: u32,
    cells: Vec<HeatCell>,
}

#[derive(Serialize)]
struct Bar<'a> {
    y: u32,
    label: &'a str,
    dr_w: u32,
    fpr_w: u32,
    dr: String,
    fpr: String,
}

#[derive(Serialize)]
struct Chart<'a> {
    width: u32,
    height: u32,
    left: u32,
    bars: Vec<Bar<'a>>,
}

#[derive(Serialize)]
struct ComboView {
    tools: String,
    detected: u32,
    dr: String,
    fp: u32,
    score: String,
}

#[derive(Serialize)]
struct VersionRowView<'a> {
    version: &'a str,
    dr: String,
    fpr: String,
    f1: String,
    score: String,
    counts: String,
}

#[derive(Serialize)]
struct VersionView<'a> {
    tool: &'a str,
    rows: Vec<VersionRowView<'a>>,
    changes: &'a [VersionChange],
}

/// Green for caught, red for missed, on a light scale so the numbers stay readable.
fn heat_color(rate: Option<f64>) -> String {
    match rate {
        None => "#f6f8fa".to_string(),
        Some(r) => {
            let hue = (r.clamp(0.0, 1.0) * 120.0).round() as u32;
            format!("hsl({hue}, 65%, 82%)")
        }
    }
}

fn combo_view(c: &Combo) -> ComboView {
    ComboView {
        tools: c.tools.join(" + "),
        detected: c.detected,
        dr: pct(c.detection_rate),
        fp: c.false_positives,
        score: points(c.score),
    }
}

fn anchor(key: &str) -> String {
    key.chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() {
                c.to_ascii_lowercase()
            } else {
                '-'
            }
        })
        .collect()
}

fn tool_view(rank: usize, t: &crate::analyze::model::ToolResult) -> ToolView<'_> {
    let m: &Metrics = &t.metrics;
    let score = m.score.unwrap_or(0.0);
    ToolView {
        rank,
        key: &t.key,
        anchor: anchor(&t.key),
        file: &t.file,
        findings: t.findings,
        score: points(m.score),
        score_bar: (score.abs() * 120.0).round() as u32,
        score_neg: score < 0.0,
        dr: pct(m.detection_rate),
        fpr: pct(m.fp_rate),
        precision: pct(m.precision),
        f1: pct(m.f1),
        coverage: pct(m.coverage),
        tp: m.tp,
        fp: m.fp,
        fn_: m.fn_,
        tn: m.tn,
        noise: m.noise,
        not_run: m.not_run,
        not_run_text: present::not_run(m.not_run),
        misses_most: present::misses_most(t),
        meta_dr: pct(t.metadata.detection_rate),
        meta_fpr: pct(t.metadata.fp_rate),
        diff_dr: pct(t.differential.detection_rate),
        diff_fpr: pct(t.differential.fp_rate),
        disagreements: &t.disagreements,
        missed: &t.missed,
        missed_more: m.fn_.saturating_sub(t.missed.len() as u32),
        false_positives: &t.false_positives,
        fps_more: m.fp.saturating_sub(t.false_positives.len() as u32),
    }
}

fn context(a: &Analysis) -> Context {
    let tools: Vec<ToolView> = a
        .tools
        .iter()
        .enumerate()
        .map(|(i, t)| tool_view(i + 1, t))
        .collect();
    let heat: Vec<HeatRow> = a
        .suite
        .categories
        .iter()
        .zip(&a.suite.alert_per_category)
        .map(|(cat, &alert)| HeatRow {
            category: cat,
            alert,
            cells: a
                .tools
                .iter()
                .map(|t| {
                    let m = t
                        .categories
                        .iter()
                        .find(|c| c.category == *cat)
                        .map(|c| &c.metrics);
                    let dr = m.and_then(|m| m.detection_rate);
                    let fp = m.map_or(0, |m| m.fp);
                    let mut text = if alert > 0 {
                        pct(dr)
                    } else {
                        "–".to_string()
                    };
                    if fp > 0 {
                        text.push_str(&format!(" +{fp} FP"));
                    }
                    HeatCell {
                        title: format!(
                            "{}: {} of {} detected in {}, {} false positives",
                            t.key,
                            m.map_or(0, |m| m.tp),
                            alert,
                            cat,
                            fp
                        ),
                        color: heat_color(if alert > 0 { dr } else { None }),
                        text,
                    }
                })
                .collect(),
        })
        .collect();
    let left = 170;
    let chart = Chart {
        width: left + 460,
        height: 28 + 22 * a.tools.len() as u32,
        left,
        bars: a
            .tools
            .iter()
            .enumerate()
            .map(|(i, t)| Bar {
                y: 24 + 22 * i as u32,
                label: &t.key,
                dr_w: (t.metrics.detection_rate.unwrap_or(0.0) * 400.0).round() as u32,
                fpr_w: (t.metrics.fp_rate.unwrap_or(0.0) * 400.0).round() as u32,
                dr: pct(t.metrics.detection_rate),
                fpr: pct(t.metrics.fp_rate),
            })
            .collect(),
    };
    let versions: Vec<VersionView> = a
        .versions
        .iter()
        .map(|v| VersionView {
            tool: &v.tool,
            rows: v
                .versions
                .iter()
                .map(|r| VersionRowView {
                    version: &r.version,
                    dr: pct(r.metrics.detection_rate),
                    fpr: pct(r.metrics.fp_rate),
                    f1: pct(r.metrics.f1),
                    score: points(r.metrics.score),
                    counts: format!(
                        "{} / {} / {} / {}",
                        r.metrics.tp, r.metrics.fp, r.metrics.fn_, r.metrics.tn
                    ),
                })
                .collect(),
            changes: &v.changes,
        })
        .collect();
    let mut ctx = Context::new();
    ctx.insert("suite", &a.suite);
    ctx.insert("results_dir", &a.results_dir);
    ctx.insert("recommendation", &a.recommendation);
    ctx.insert("tools", &tools);
    ctx.insert(
        "tool_keys",
        &a.tools.iter().map(|t| t.key.as_str()).collect::<Vec<_>>(),
    );
    ctx.insert("heat", &heat);
    ctx.insert("chart", &chart);
    ctx.insert("checks", &a.checks);
    ctx.insert(
        "pairs",
        &a.best_pairs.iter().map(combo_view).collect::<Vec<_>>(),
    );
    ctx.insert(
        "triples",
        &a.best_triples.iter().map(combo_view).collect::<Vec<_>>(),
    );
    ctx.insert("versions", &versions);
    ctx.insert("left_out", &a.left_out);
    ctx.insert(
        "not_run_total",
        &a.tools.iter().map(|t| t.metrics.not_run).sum::<u32>(),
    );
    ctx
}

/// The template set, with autoescaping on for `.html` (tera's default for that suffix).
fn tera() -> anyhow::Result<Tera> {
    let mut t = Tera::default();
    t.add_raw_templates(vec![("report.css", STYLE), ("report.html", TEMPLATE)])
        .map_err(|e| anyhow::anyhow!("report template: {e:?}"))?;
    Ok(t)
}

/// Renders the report to a string.
pub fn render(a: &Analysis) -> anyhow::Result<String> {
    let t = tera()?;
    t.render("report.html", &context(a))
        .map_err(|e| anyhow::anyhow!("rendering the report: {}", error_chain(&e)))
}

fn error_chain(e: &dyn std::error::Error) -> String {
    let mut s = e.to_string();
    let mut src = e.source();
    while let Some(x) = src {
        s.push_str(": ");
        s.push_str(&x.to_string());
        src = x.source();
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn heat_scale() {
        assert_eq!(heat_color(Some(1.0)), "hsl(120, 65%, 82%)");
        assert_eq!(heat_color(Some(0.0)), "hsl(0, 65%, 82%)");
        assert_eq!(heat_color(None), "#f6f8fa");
    }

    #[test]
    fn anchors_are_plain() {
        assert_eq!(anchor("kube-score 1.17.0"), "kube-score-1-17-0");
        assert_eq!(anchor("<x>"), "-x-");
    }

    #[test]
    fn templates_parse() {
        tera().unwrap();
    }
}

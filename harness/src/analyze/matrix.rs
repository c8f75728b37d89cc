//! Stage 1 of the scoring, the check x tool matrix: for every scored check and every result,
//! which attribution methods found something on it, or that the result did not run the
//! check's current file. Every later stage reads its outcomes from here.

use super::attribute::Attribution;
use super::model::{Outcome, Verdict};
use super::suite::{Expected, Suite, Target};
use super::Scored;

/// The attribution methods of docs/metrics.md, as the matrix records them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Method {
    /// Metadata for mapped rules, the differential otherwise (the scores use it).
    Headline,
    Metadata,
    Differential,
}

impl Method {
    /// In the order of the exports' rows.
    pub const ALL: [Method; 3] = [Method::Headline, Method::Metadata, Method::Differential];

    pub fn as_str(self) -> &'static str {
        match self {
            Method::Headline => "headline",
            Method::Metadata => "metadata",
            Method::Differential => "differential",
        }
    }
}

/// What one result said about one check it ran.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Flags {
    /// Some finding names the check's objects, attributable or not (coverage).
    pub any: bool,
    /// Some finding counts for it under rule metadata.
    pub metadata: bool,
    /// Some finding counts for it under the differential.
    pub differential: bool,
    /// Some finding counts for it under the headline method.
    pub headline: bool,
}

impl Flags {
    /// A check the result ran and said nothing about.
    pub const NONE: Flags = Flags {
        any: false,
        metadata: false,
        differential: false,
        headline: false,
    };

    /// Records one finding on the check.
    pub fn add(&mut self, a: &Attribution) {
        self.any = true;
        self.metadata |= a.metadata;
        self.differential |= a.differential;
        self.headline |= a.headline;
    }

    /// Whether the method counts a finding for the check.
    pub fn by(self, m: Method) -> bool {
        match m {
            Method::Headline => self.headline,
            Method::Metadata => self.metadata,
            Method::Differential => self.differential,
        }
    }
}

/// One scored check as a row of the matrix.
#[derive(Debug, Clone)]
pub struct MatrixRow {
    /// Index into the suite's checks.
    pub check: usize,
    pub category: String,
    pub expected: Expected,
}

/// The check x tool matrix. Tools are in key order until the ranking reorders the exports.
#[derive(Debug, Clone)]
pub struct Matrix {
    /// Scored checks in suite order.
    pub rows: Vec<MatrixRow>,
    /// The row of each suite check; `None` for baseline controls.
    pub row_of: Vec<Option<usize>>,
    /// Tool keys (`trivy 0.74.0`), one per column.
    pub tools: Vec<String>,
    /// `cells[tool][row]`; `None` where the result did not run the check.
    pub cells: Vec<Vec<Option<Flags>>>,
}

impl Matrix {
    /// The cell of a tool on a row as an outcome under one method.
    pub fn verdict(&self, tool: usize, row: usize, m: Method) -> Verdict {
        match self.cells[tool][row] {
            Some(f) => Verdict::Scored(Outcome::of(self.rows[row].expected, f.by(m))),
            None => Verdict::NotRun,
        }
    }

    /// The row of a suite check when it is scored and the tool ran it.
    pub fn ran(&self, tool: usize, check: usize) -> Option<usize> {
        self.row_of[check].filter(|&r| self.cells[tool][r].is_some())
    }
}

/// Builds the matrix from every scored result's attributions.
pub fn build(suite: &Suite, scored: &[Scored]) -> Matrix {
    let mut rows = Vec::new();
    let mut row_of = vec![None; suite.checks.len()];
    for (i, c) in suite.checks.iter().enumerate() {
        if c.scored() {
            row_of[i] = Some(rows.len());
            rows.push(MatrixRow {
                check: i,
                category: c.category.clone(),
                expected: c.expected,
            });
        }
    }
    let cells = scored
        .iter()
        .map(|s| {
            let mut cells: Vec<Option<Flags>> = rows
                .iter()
                .map(|r| (!s.not_run[r.check]).then_some(Flags::NONE))
                .collect();
            for a in &s.attributions {
                let Some(Target::Check(i)) = a.target else {
                    continue;
                };
                if let Some(cell) = row_of[i as usize].and_then(|r| cells[r].as_mut()) {
                    cell.add(a);
                }
            }
            cells
        })
        .collect();
    Matrix {
        rows,
        row_of,
        tools: scored.iter().map(|s| s.key.clone()).collect(),
        cells,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn attribution(metadata: bool, differential: bool, headline: bool) -> Attribution {
        Attribution {
            target: Some(Target::Check(0)),
            via: super::super::attribute::Via::CheckId,
            metadata,
            differential,
            differential_unverified: false,
            rule_mapped: true,
            on_baseline: false,
            headline,
        }
    }

    #[test]
    fn flags_accumulate_per_method() {
        let mut f = Flags::NONE;
        assert!(!f.any);
        f.add(&attribution(false, true, false));
        assert_eq!(
            f,
            Flags {
                any: true,
                metadata: false,
                differential: true,
                headline: false
            }
        );
        f.add(&attribution(true, false, true));
        assert!(Method::ALL.iter().all(|m| f.by(*m)));
        // A later finding that counts nowhere takes nothing away.
        f.add(&attribution(false, false, false));
        assert!(f.by(Method::Headline) && f.by(Method::Metadata));
    }

    #[test]
    fn outcomes_follow_the_expectation() {
        assert_eq!(Outcome::of(Expected::Alert, true), Outcome::TP);
        assert_eq!(Outcome::of(Expected::Alert, false), Outcome::FN);
        assert_eq!(Outcome::of(Expected::Pass, true), Outcome::FP);
        assert_eq!(Outcome::of(Expected::Pass, false), Outcome::TN);
        let notation: Vec<&str> = [Outcome::TP, Outcome::FN, Outcome::FP, Outcome::TN]
            .iter()
            .map(|o| o.as_str())
            .collect();
        assert_eq!(notation, ["TP", "FN", "FP", "TN"]);
        assert!(Outcome::TP.flagged() && Outcome::FP.flagged());
        assert!(!Outcome::FN.flagged() && !Outcome::TN.flagged());
        assert_eq!(
            serde_json::to_string(&[Verdict::Scored(Outcome::FP), Verdict::NotRun]).unwrap(),
            r#"["FP","not run"]"#
        );
        assert!(Verdict::Scored(Outcome::TN) == "TN");
        assert!(Verdict::NotRun == "not run");
    }

    #[test]
    fn a_cell_not_run_has_no_outcome_under_any_method() {
        let m = Matrix {
            rows: vec![MatrixRow {
                check: 0,
                category: "Workload".into(),
                expected: Expected::Alert,
            }],
            row_of: vec![Some(0)],
            tools: vec!["a 1".into(), "b 1".into()],
            cells: vec![
                vec![Some(Flags {
                    headline: true,
                    ..Flags::NONE
                })],
                vec![None],
            ],
        };
        assert_eq!(
            m.verdict(0, 0, Method::Headline),
            Verdict::Scored(Outcome::TP)
        );
        assert_eq!(
            m.verdict(0, 0, Method::Metadata),
            Verdict::Scored(Outcome::FN)
        );
        for method in Method::ALL {
            assert_eq!(m.verdict(1, 0, method), Verdict::NotRun);
        }
        assert_eq!((m.ran(0, 0), m.ran(1, 0)), (Some(0), None));
    }
}

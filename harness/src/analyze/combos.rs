//! The best combinations of two and of three tools by union detection, found exhaustively
//! (a dozen tools make a few hundred triples; each is a few bitset ORs). A check a member did
//! not run counts as not detected and not flagged by that member.

use super::matrix::{Matrix, Method};
use super::model::Combo;
use super::suite::Expected;

/// How many combinations of each size the report lists.
pub const SHOWN: usize = 5;

fn bits(matrix: &Matrix, tool: usize, want: Expected) -> Vec<u64> {
    let mut v = vec![0u64; matrix.rows.len().div_ceil(64)];
    for (i, (cell, row)) in matrix.cells[tool].iter().zip(&matrix.rows).enumerate() {
        if row.expected == want && cell.is_some_and(|f| f.by(Method::Headline)) {
            v[i / 64] |= 1 << (i % 64);
        }
    }
    v
}

fn ones(v: &[u64]) -> u32 {
    v.iter().map(|w| w.count_ones()).sum()
}

/// Best pairs and triples among `candidates` (tool columns of the matrix), ranked by checks
/// detected, then fewer false positives, then names.
pub fn best(matrix: &Matrix, candidates: &[usize]) -> (Vec<Combo>, Vec<Combo>) {
    let keys = &matrix.tools;
    let alert_total = matrix
        .rows
        .iter()
        .filter(|r| r.expected == Expected::Alert)
        .count() as u32;
    let pass_total = matrix.rows.len() as u32 - alert_total;
    let tp: Vec<Vec<u64>> = candidates
        .iter()
        .map(|&t| bits(matrix, t, Expected::Alert))
        .collect();
    let fp: Vec<Vec<u64>> = candidates
        .iter()
        .map(|&t| bits(matrix, t, Expected::Pass))
        .collect();
    let combo = |members: &[usize]| -> Combo {
        let union = |sets: &[Vec<u64>]| -> u32 {
            let mut acc = sets[members[0]].clone();
            for &m in &members[1..] {
                for (a, b) in acc.iter_mut().zip(&sets[m]) {
                    *a |= b;
                }
            }
            ones(&acc)
        };
        let (d, f) = (union(&tp), union(&fp));
        let dr = (alert_total > 0).then(|| d as f64 / alert_total as f64);
        let fr = (pass_total > 0).then(|| f as f64 / pass_total as f64);
        Combo {
            tools: members
                .iter()
                .map(|&m| keys[candidates[m]].clone())
                .collect(),
            detected: d,
            detection_rate: dr,
            false_positives: f,
            fp_rate: fr,
            score: dr.map(|x| x - fr.unwrap_or(0.0)),
        }
    };
    let n = candidates.len();
    let mut pairs = Vec::new();
    let mut triples = Vec::new();
    for a in 0..n {
        for b in a + 1..n {
            pairs.push(combo(&[a, b]));
            for c in b + 1..n {
                triples.push(combo(&[a, b, c]));
            }
        }
    }
    let rank = |v: &mut Vec<Combo>| {
        v.sort_by(|x, y| {
            y.detected
                .cmp(&x.detected)
                .then(x.false_positives.cmp(&y.false_positives))
                .then(x.tools.cmp(&y.tools))
        });
        v.truncate(SHOWN);
    };
    rank(&mut pairs);
    rank(&mut triples);
    (pairs, triples)
}

#[cfg(test)]
mod tests {
    use super::*;

    use crate::analyze::matrix::{Flags, MatrixRow};

    #[test]
    fn union_detection() {
        let expected = [
            Expected::Alert,
            Expected::Alert,
            Expected::Alert,
            Expected::Pass,
        ];
        let h = Some(Flags {
            any: true,
            headline: true,
            ..Flags::NONE
        });
        let o = Some(Flags::NONE);
        let matrix = Matrix {
            rows: expected
                .iter()
                .enumerate()
                .map(|(i, e)| MatrixRow {
                    check: i,
                    category: "W".into(),
                    expected: *e,
                })
                .collect(),
            row_of: (0..4).map(Some).collect(),
            tools: ["a", "b", "c"].iter().map(|s| s.to_string()).collect(),
            cells: vec![vec![h, o, o, o], vec![o, h, o, h], vec![h, o, o, o]],
        };
        let (pairs, triples) = best(&matrix, &[0, 1, 2]);
        assert_eq!(pairs[0].tools, ["a", "b"]);
        assert_eq!(pairs[0].detected, 2);
        assert_eq!(pairs[0].false_positives, 1);
        // a+c detects only one check: last.
        assert_eq!(pairs.last().unwrap().tools, ["a", "c"]);
        assert_eq!(triples.len(), 1);
        assert_eq!(triples[0].detected, 2);
        // A check a member did not run is not detected by it.
        let mut not_run = matrix.clone();
        not_run.cells[1][1] = None;
        let (pairs, _) = best(&not_run, &[0, 1]);
        assert_eq!((pairs[0].detected, pairs[0].false_positives), (1, 1));
    }
}

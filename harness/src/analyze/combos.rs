//! The best combinations of two and of three tools by union detection, found exhaustively
//! (a dozen tools make a few hundred triples; each is a few bitset ORs).

use super::metrics::HEADLINE;
use super::model::Combo;

/// How many combinations of each size the report lists.
pub const SHOWN: usize = 5;

fn bits(flags: &[u8], checks: &[(String, bool)], want_alert: bool) -> Vec<u64> {
    let mut v = vec![0u64; checks.len().div_ceil(64)];
    for (i, (f, c)) in flags.iter().zip(checks).enumerate() {
        if c.1 == want_alert && f & HEADLINE != 0 {
            v[i / 64] |= 1 << (i % 64);
        }
    }
    v
}

fn ones(v: &[u64]) -> u32 {
    v.iter().map(|w| w.count_ones()).sum()
}

/// Best pairs and triples among `candidates` (positions into `keys`/`flags`), ranked by checks
/// detected, then fewer false positives, then names.
pub fn best(
    keys: &[String],
    checks: &[(String, bool)],
    flags: &[Vec<u8>],
    candidates: &[usize],
) -> (Vec<Combo>, Vec<Combo>) {
    let alert_total = checks.iter().filter(|c| c.1).count() as u32;
    let pass_total = checks.len() as u32 - alert_total;
    let tp: Vec<Vec<u64>> = candidates
        .iter()
        .map(|&t| bits(&flags[t], checks, true))
        .collect();
    let fp: Vec<Vec<u64>> = candidates
        .iter()
        .map(|&t| bits(&flags[t], checks, false))
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

    #[test]
    fn union_detection() {
        let keys: Vec<String> = ["a", "b", "c"].iter().map(|s| s.to_string()).collect();
        let checks: Vec<(String, bool)> = vec![
            ("W".into(), true),
            ("W".into(), true),
            ("W".into(), true),
            ("W".into(), false),
        ];
        let h = HEADLINE;
        let flags = vec![vec![h, 0, 0, 0], vec![0, h, 0, h], vec![h, 0, 0, 0]];
        let (pairs, triples) = best(&keys, &checks, &flags, &[0, 1, 2]);
        assert_eq!(pairs[0].tools, ["a", "b"]);
        assert_eq!(pairs[0].detected, 2);
        assert_eq!(pairs[0].false_positives, 1);
        // a+c detects only one check: last.
        assert_eq!(pairs.last().unwrap().tools, ["a", "c"]);
        assert_eq!(triples.len(), 1);
        assert_eq!(triples[0].detected, 2);
    }
}

//! Baseline controls: one secure object per kind, expected to pass, so a scanner's noise on secure objects is measured.

use super::Check;

pub fn checks() -> Vec<Check> {
    Vec::new()
}

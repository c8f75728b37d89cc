//! Misc: checks that fit no other category.

use super::Check;

pub fn checks() -> Vec<Check> {
    Vec::new()
}

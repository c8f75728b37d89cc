//! SupplyChain: images, tags, registries, pull policy.

use super::Check;

pub fn checks() -> Vec<Check> {
    Vec::new()
}

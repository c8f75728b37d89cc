//! Infrastructure: control-plane static pods with insecure flags (CIS sections 1-2).

use super::Check;

pub fn checks() -> Vec<Check> {
    Vec::new()
}

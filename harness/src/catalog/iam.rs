//! IAM: RBAC roles and bindings, service accounts.

use super::Check;

pub fn checks() -> Vec<Check> {
    Vec::new()
}

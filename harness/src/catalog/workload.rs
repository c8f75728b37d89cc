//! Workload: pod and container security context, host namespaces, host paths, service-account tokens.

use super::Check;

pub fn checks() -> Vec<Check> {
    Vec::new()
}

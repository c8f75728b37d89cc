//! AdmissionControl: Pod Security Admission labels on namespaces.

use super::Check;

pub fn checks() -> Vec<Check> {
    Vec::new()
}

//! The catalog: every check as Rust data, one module per category.

pub mod admission;
pub mod controls;
pub mod data_security;
pub mod iam;
pub mod infrastructure;
pub mod misc;
pub mod model;
pub mod network;
pub mod patch;
pub mod paths;
pub mod reliability;
pub mod segregation;
pub mod supply_chain;
pub mod vulnerability;
pub mod workload;

pub use model::{check, Category, CheckSpec, Expected, ObjectSpec, Severity, Standard};
pub use patch::Op;

/// Every check of the suite, in a stable order (by category module, then as listed).
pub fn all() -> Vec<CheckSpec> {
    let mut v = Vec::new();
    v.extend(controls::checks());
    v.extend(workload::checks());
    v.extend(iam::checks());
    v.extend(network::checks());
    v.extend(segregation::checks());
    v.extend(admission::checks());
    v.extend(reliability::checks());
    v.extend(supply_chain::checks());
    v.extend(data_security::checks());
    v.extend(vulnerability::checks());
    v.extend(infrastructure::checks());
    v.extend(misc::checks());
    v
}

//! The suite schema: what a suite folder holds and what its objects' labels and annotations
//! mean. The generator writes it, the runner lists and digests it, the analyzer reads it back;
//! keeping it in one module makes that contract explicit instead of two copies that happen to
//! agree.
//!
//! The keys are KALM's (label `check`, annotations `expected`, `check_path`, `description`) so
//! KALM's tools and ours read each other's suites, plus this project's own under one prefix.

pub mod check;
pub mod expected;
pub mod files;
pub mod keys;

pub use adapters::Category;
pub use check::{Check, SuiteObject, CONTROL_PREFIX};
pub use expected::Expected;
pub use files::SuiteFiles;

//! The benchmark harness for Kubernetes manifest scanners: the catalog of checks and the suite
//! generator, the scanner runner, the analyzer and the report.

pub mod analyze;
pub mod baseline;
pub mod catalog;
pub mod cli;
pub mod commands;
pub mod generate;
pub mod report;
pub mod runner;
pub mod schema;

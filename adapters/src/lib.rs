//! Parsers that turn the native output of Kubernetes manifest scanners into one normalized
//! [`Finding`] form, so the analyzer can score every scanner with the same rules.
//!
//! Each scanner lives in its own module under [`scanners`] behind the [`Parser`] trait; rule
//! metadata (rule id -> category and inspected field paths) is kept as data in `adapters/rules/`.

pub mod checkid;
pub mod error;
pub mod finding;
pub mod parser;
pub mod paths;
pub mod rules;
pub mod scanners;

pub use error::{ParseError, ParseErrorKind};
pub use finding::{Finding, ObjectRef, Report, Severity};
pub use parser::Parser;
pub use rules::{RuleInfo, RuleTable};
pub use scanners::{all, by_name, detect, version_token};

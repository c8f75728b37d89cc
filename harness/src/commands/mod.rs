//! One module per subcommand; each defines its clap `Args` and `run`.

pub mod admit;
pub mod catalog;
pub mod cluster;
pub mod evaluate;
pub mod generate;
pub mod parse;
pub mod report;
pub mod run;
pub mod scanners;

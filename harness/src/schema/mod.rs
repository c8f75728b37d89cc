//! The suite schema: what a suite folder holds and what its objects' labels and annotations
//! mean. The generator writes it, the runner lists and digests it, the analyzer reads it back;
//! keeping it in one module makes that contract explicit instead of two copies that happen to
//! agree.
//!
//! The keys are KALM's (label `check`, annotations `expected`, `check_path`, `description`) so
//! KALM's tools and ours read each other's suites, plus this project's own under one prefix.

pub mod check;
pub mod digest;
pub mod expected;
pub mod files;
pub mod keys;

pub use adapters::Category;
pub use check::{Check, SuiteObject, CONTROL_PREFIX};
pub use expected::Expected;
pub use files::SuiteFiles;

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;
    use std::path::Path;

    /// Lint over the harness's sources: a type name means one thing. Two `Suite` or two `Check`
    /// types once meant the generator and the analyzer each had their own idea of the suite.
    /// Each CLI command's clap types (`Args`, `Format` in `commands/`) are the one exception:
    /// they are only ever named through their command's module.
    #[test]
    fn no_two_public_types_share_a_name() {
        let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
        let decl = regex::Regex::new(r"(?m)^\s*pub(?:\([a-z]+\))? (?:struct|enum) ([A-Za-z0-9_]+)")
            .unwrap();
        let mut seen: BTreeMap<String, Vec<String>> = BTreeMap::new();
        for entry in walkdir::WalkDir::new(&src) {
            let entry = entry.unwrap();
            let path = entry.path();
            if path.extension().and_then(|e| e.to_str()) != Some("rs") {
                continue;
            }
            let rel = path
                .strip_prefix(&src)
                .unwrap()
                .to_string_lossy()
                .into_owned();
            let text = std::fs::read_to_string(path).unwrap();
            for cap in decl.captures_iter(&text) {
                let name = cap[1].to_string();
                if rel.starts_with("commands/") && matches!(name.as_str(), "Args" | "Format") {
                    continue;
                }
                seen.entry(name).or_default().push(rel.clone());
            }
        }
        for model in [
            "Suite",
            "SuiteFiles",
            "Check",
            "CheckSpec",
            "Expected",
            "ToolResult",
        ] {
            assert!(seen.contains_key(model), "the lint no longer sees {model}");
        }
        let twice: Vec<_> = seen.iter().filter(|(_, files)| files.len() > 1).collect();
        assert!(twice.is_empty(), "types declared twice: {twice:?}");
    }
}

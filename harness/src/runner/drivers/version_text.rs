//! Reading a version number out of what a scanner printed when asked for it.

use std::sync::OnceLock;

use regex::Regex;

pub use adapters::version_token;

/// The first capture of `pattern` in `text`; the regex is compiled once per call site.
pub fn captured(cell: &'static OnceLock<Regex>, pattern: &str, text: &str) -> Option<String> {
    let re = cell.get_or_init(|| Regex::new(pattern).expect("a valid version pattern"));
    re.captures(text).map(|c| c[1].to_string())
}

/// `version: v1.18.11`, `Polaris version:8.5.4 Commit:...`: a number after the word "version".
pub fn after_version_word(text: &str) -> Option<String> {
    static RE: OnceLock<Regex> = OnceLock::new();
    captured(
        &RE,
        r"(?i)version:?\s*v?(\d+\.\d+(?:\.\d+)?(?:-[0-9A-Za-z.-]+)?)",
        text,
    )
}

/// For formats with no executable to ask.
pub fn none(_text: &str) -> Option<String> {
    None
}

//! Label and annotation keys of suite objects.
//!
//! KALM's keys stay unprefixed, so KALM's tools read our suite and we read KALM's; this
//! project's own metadata lives under [`PREFIX`], written once here.

/// Puts a key under this project's prefix at compile time, so the prefix is spelled once.
macro_rules! prefixed {
    ($key:literal) => {
        concat!("scanner-bench.dev/", $key)
    };
}

/// The namespace of this project's own annotations.
pub const PREFIX: &str = prefixed!("");

/// Label: the id of the check an object belongs to (`POD-032-2`).
pub const CHECK: &str = "check";
/// Annotation: `alert` or `pass` (see [`super::Expected`]).
pub const EXPECTED: &str = "expected";
/// Annotation: the field paths that carry the misconfiguration, joined by [`PATH_SEPARATOR`].
pub const CHECK_PATH: &str = "check_path";
/// Annotation: what is wrong (or, for an expected pass, why it is fine).
pub const DESCRIPTION: &str = "description";

/// Between two paths of [`CHECK_PATH`].
pub const PATH_SEPARATOR: &str = "|";

/// Annotation: a [`super::Category`] name. KALM's suites have none; the analyzer then derives
/// the category from the check id's prefix.
pub const CATEGORY: &str = prefixed!("category");
/// Annotation: `critical`, `high`, `medium` or `low`.
pub const SEVERITY: &str = prefixed!("severity");
/// Annotation: a one-line title for tables.
pub const TITLE: &str = prefixed!("title");
/// Annotation: the standards the check comes from, joined by `; `.
pub const STANDARDS: &str = prefixed!("standards");

/// Our annotations in the order the generator writes them, after KALM's.
pub const OURS: [&str; 4] = [CATEGORY, SEVERITY, TITLE, STANDARDS];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn our_keys_share_the_prefix_and_kalms_do_not() {
        assert_eq!(PREFIX, "scanner-bench.dev/");
        for k in OURS {
            assert!(k.starts_with(PREFIX) && k.len() > PREFIX.len(), "{k}");
        }
        for k in [CHECK, EXPECTED, CHECK_PATH, DESCRIPTION] {
            assert!(!k.contains('/'), "{k}");
        }
    }
}

//! Small helpers every adapter's parser and detector needs, kept in one place.

use crate::ParseErrorKind;

/// Maps a serde error to the kind the user needs: broken JSON, or valid JSON of the wrong shape.
pub(crate) fn json_error(tool: &str, e: serde_json::Error) -> ParseErrorKind {
    if e.is_data() {
        ParseErrorKind::wrong_shape(tool, e.to_string())
    } else {
        ParseErrorKind::from(e)
    }
}

/// A field scanners fill with blanks when they have nothing to say counts as absent.
pub(crate) fn non_empty(s: Option<String>) -> Option<String> {
    s.filter(|s| !s.trim().is_empty())
}

/// The first non-whitespace byte, used to pick between the shapes a tool may print.
pub(crate) fn first_byte(text: &str) -> Option<u8> {
    text.bytes().find(|b| !b.is_ascii_whitespace())
}

/// The first version-looking token (`1.2`, `v1.2.3`, `0.4.0-0-gc37b7551f6`) in a tool's
/// `--version` text, without the leading `v`. `key: value` and `key=value` separators split
/// tokens too (`version:v0.7.1`).
pub fn version_token(text: &str) -> Option<String> {
    text.split(|c: char| c.is_whitespace() || matches!(c, ',' | '"' | '\'' | ':' | '='))
        .map(|t| t.trim_start_matches(['v', 'V']))
        .find(|t| {
            let mut parts = t.split('.');
            let major = parts.next().unwrap_or("");
            let minor = parts.next().unwrap_or("");
            !major.is_empty()
                && major.bytes().all(|b| b.is_ascii_digit())
                && minor.bytes().next().is_some_and(|b| b.is_ascii_digit())
        })
        .map(|t| t.trim_end_matches('.').to_string())
}

/// The first `limit` bytes, cut back to a UTF-8 boundary so a detector can search them as text.
pub(crate) fn head(input: &[u8], limit: usize) -> &str {
    let cut = &input[..input.len().min(limit)];
    match std::str::from_utf8(cut) {
        Ok(s) => s,
        Err(e) => std::str::from_utf8(&cut[..e.valid_up_to()]).unwrap_or(""),
    }
}

/// The first byte that is neither whitespace nor a UTF-8 byte-order mark: what tells a JSON
/// object from an array before parsing.
pub(crate) fn first_significant_byte(bytes: &[u8]) -> Option<u8> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    bytes.iter().copied().find(|b| !b.is_ascii_whitespace())
}

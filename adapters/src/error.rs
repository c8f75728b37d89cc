//! Parse errors that always name the file and what is wrong with it.

use std::path::PathBuf;

/// What went wrong, independent of which file it was.
#[derive(Debug, thiserror::Error)]
pub enum ParseErrorKind {
    #[error("the file is empty")]
    Empty,
    #[error("the file is not valid UTF-8 (first bad byte at offset {0})")]
    NotUtf8(usize),
    #[error("invalid JSON at line {line}, column {column}: {message}")]
    Json {
        line: usize,
        column: usize,
        message: String,
    },
    #[error("not {tool} output: {reason}")]
    WrongShape { tool: String, reason: String },
    #[error("could not read the file: {0}")]
    Io(String),
}

/// A parse failure for one file.
#[derive(Debug, thiserror::Error)]
#[error("{}: {kind}", file.display())]
pub struct ParseError {
    pub file: PathBuf,
    pub kind: ParseErrorKind,
}

impl ParseErrorKind {
    pub fn wrong_shape(tool: &str, reason: impl Into<String>) -> ParseErrorKind {
        ParseErrorKind::WrongShape {
            tool: tool.to_string(),
            reason: reason.into(),
        }
    }
}

impl From<serde_json::Error> for ParseErrorKind {
    fn from(e: serde_json::Error) -> Self {
        ParseErrorKind::Json {
            line: e.line(),
            column: e.column(),
            message: e.to_string(),
        }
    }
}

/// Checks the common preconditions (non-empty, UTF-8) and returns the text.
pub fn text(input: &[u8]) -> Result<&str, ParseErrorKind> {
    if input.iter().all(|b| b.is_ascii_whitespace()) {
        return Err(ParseErrorKind::Empty);
    }
    std::str::from_utf8(input).map_err(|e| ParseErrorKind::NotUtf8(e.valid_up_to()))
}

//! The expected outcome of a check, as the `expected` annotation writes it.

use serde::Serialize;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Expected {
    /// The manifest is misconfigured: a scanner should report it.
    Alert,
    /// The manifest is secure (a control or a secure variant): a finding on it is a false
    /// positive.
    Pass,
}

impl Expected {
    pub fn as_str(self) -> &'static str {
        match self {
            Expected::Alert => "alert",
            Expected::Pass => "pass",
        }
    }

    /// Case-insensitive, as KALM's suites are hand-written.
    pub fn parse(s: &str) -> Option<Expected> {
        match s.trim().to_ascii_lowercase().as_str() {
            "alert" => Some(Expected::Alert),
            "pass" => Some(Expected::Pass),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_what_it_writes() {
        for e in [Expected::Alert, Expected::Pass] {
            assert_eq!(Expected::parse(e.as_str()), Some(e));
        }
        assert_eq!(Expected::parse(" Alert "), Some(Expected::Alert));
        assert_eq!(Expected::parse("fail"), None);
    }
}

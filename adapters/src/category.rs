//! The categories a check or a scanner rule belongs to: one list shared by the catalog, the
//! rule tables and the analyzer, so a category spelled differently in one of them is an error at
//! load instead of a report row of its own.
//!
//! It lives in this crate because the rule tables are parsed here and this crate cannot depend
//! on the harness; the harness re-exports it as `harness::schema::Category`.

use serde::Serialize;

/// Declared in the design's order, which is the order of every report table.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub enum Category {
    Workload,
    IAM,
    Network,
    Segregation,
    AdmissionControl,
    Reliability,
    SupplyChain,
    DataSecurity,
    Vulnerability,
    Infrastructure,
    Misc,
}

impl Category {
    pub const ALL: [Category; 11] = [
        Category::Workload,
        Category::IAM,
        Category::Network,
        Category::Segregation,
        Category::AdmissionControl,
        Category::Reliability,
        Category::SupplyChain,
        Category::DataSecurity,
        Category::Vulnerability,
        Category::Infrastructure,
        Category::Misc,
    ];

    /// The name written in annotations, rule tables, answer keys and reports.
    pub fn as_str(self) -> &'static str {
        match self {
            Category::Workload => "Workload",
            Category::IAM => "IAM",
            Category::Network => "Network",
            Category::Segregation => "Segregation",
            Category::AdmissionControl => "AdmissionControl",
            Category::Reliability => "Reliability",
            Category::SupplyChain => "SupplyChain",
            Category::DataSecurity => "DataSecurity",
            Category::Vulnerability => "Vulnerability",
            Category::Infrastructure => "Infrastructure",
            Category::Misc => "Misc",
        }
    }

    /// Case-insensitive, surrounding blanks ignored: hand-written tables and other projects'
    /// suites do not always match the case.
    pub fn parse(s: &str) -> Option<Category> {
        Category::ALL
            .into_iter()
            .find(|c| c.as_str().eq_ignore_ascii_case(s.trim()))
    }

    /// The known names joined by `, `, for error messages.
    pub fn known() -> String {
        Category::ALL.map(Category::as_str).join(", ")
    }
}

impl std::fmt::Display for Category {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip_in_declared_order() {
        for (i, c) in Category::ALL.into_iter().enumerate() {
            assert_eq!(Category::parse(c.as_str()), Some(c));
            assert_eq!(
                Category::parse(&format!(" {} ", c.as_str().to_lowercase())),
                Some(c)
            );
            assert_eq!(c.to_string(), c.as_str());
            assert_eq!(Category::ALL.iter().position(|x| *x == c), Some(i));
        }
        assert!(Category::ALL.windows(2).all(|w| w[0] < w[1]));
        assert_eq!(Category::parse("Workloads"), None);
        assert_eq!(Category::parse(""), None);
        assert!(Category::known().starts_with("Workload, IAM, "));
    }
}

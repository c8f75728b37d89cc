//! Rule metadata: for each scanner rule, the category it belongs to and the manifest field
//! paths it inspects. Kept as data (`adapters/rules/<tool>.csv`), loaded once.
//!
//! CSV columns: `rule_id,category,paths,title`; `paths` are canonical paths (see
//! [`crate::paths`]) joined by `|`, empty when the rule is not about one field (e.g. a rule
//! about a missing object). Lines starting with `#` are comments.

use std::collections::HashMap;

use serde::Serialize;

use crate::Category;

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RuleInfo {
    pub id: String,
    /// A [`Category`] name, checked and spelled canonically at load.
    pub category: String,
    pub paths: Vec<String>,
    pub title: String,
}

#[derive(Debug, Clone, Default)]
pub struct RuleTable {
    rules: Vec<RuleInfo>,
    index: HashMap<String, usize>,
}

impl RuleTable {
    /// Parses a table. Panics on a malformed table: tables are compiled into the binary and a
    /// unit test loads every one, so a bad table never reaches a user.
    pub fn from_csv(tool: &str, text: &str) -> RuleTable {
        let filtered: String = text
            .lines()
            .filter(|l| !l.trim_start().starts_with('#') && !l.trim().is_empty())
            .map(|l| format!("{l}\n"))
            .collect();
        let mut rdr = csv::ReaderBuilder::new()
            .has_headers(true)
            .from_reader(filtered.as_bytes());
        let mut table = RuleTable::default();
        for (i, rec) in rdr.records().enumerate() {
            let rec = rec.unwrap_or_else(|e| panic!("rules/{tool}.csv row {}: {e}", i + 2));
            let get = |n: usize| rec.get(n).unwrap_or("").trim().to_string();
            let category = Category::parse(&get(1)).unwrap_or_else(|| {
                panic!(
                    "rules/{tool}.csv row {}: category {:?} is not one of {}",
                    i + 2,
                    get(1),
                    Category::known()
                )
            });
            let info = RuleInfo {
                id: get(0),
                category: category.as_str().to_string(),
                paths: get(2)
                    .split('|')
                    .map(str::trim)
                    .filter(|p| !p.is_empty())
                    .map(crate::paths::normalize)
                    .collect(),
                title: get(3),
            };
            assert!(
                !info.id.is_empty(),
                "rules/{tool}.csv row {}: empty rule id",
                i + 2
            );
            if table.index.contains_key(&info.id) {
                panic!("rules/{tool}.csv: duplicate rule id {}", info.id);
            }
            table.index.insert(info.id.clone(), table.rules.len());
            table.rules.push(info);
        }
        table
    }

    pub fn get(&self, rule_id: &str) -> Option<&RuleInfo> {
        self.index.get(rule_id).map(|&i| &self.rules[i])
    }

    pub fn iter(&self) -> impl Iterator<Item = &RuleInfo> {
        self.rules.iter()
    }

    pub fn len(&self) -> usize {
        self.rules.len()
    }

    pub fn is_empty(&self) -> bool {
        self.rules.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn categories_are_spelled_canonically() {
        let t = RuleTable::from_csv(
            "x",
            "rule_id,category,paths,title\nr1,iam,,T\nr2, Workload ,,T\n",
        );
        assert_eq!(t.get("r1").unwrap().category, "IAM");
        assert_eq!(t.get("r2").unwrap().category, "Workload");
    }

    #[test]
    #[should_panic(
        expected = "rules/x.csv row 3: category \"Workloads\" is not one of Workload, IAM"
    )]
    fn an_unknown_category_names_the_table_and_row() {
        RuleTable::from_csv(
            "x",
            "# c\nrule_id,category,paths,title\nr1,IAM,,T\nr2,Workloads,,T\n",
        );
    }
}

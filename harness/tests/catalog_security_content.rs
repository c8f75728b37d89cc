//! The other half of "exactly one mutation" for the Workload, Vulnerability and Infrastructure
//! checks (the suite test proves every difference is declared): every declared field path
//! really differs from the baseline, so a scanner is never credited for a rule about a field
//! the manifest leaves untouched, and no secure variant is a copy of its baseline control.

use harness::catalog::{self, CheckSpec, Expected};
use harness::generate::{
    self,
    diff::{accounts_for, diff},
};

fn security_checks() -> Vec<CheckSpec> {
    let mut v = Vec::new();
    v.extend(catalog::workload::checks());
    v.extend(catalog::vulnerability::checks());
    v.extend(catalog::infrastructure::checks());
    v
}

#[test]
fn every_declared_field_path_is_changed() {
    let mut problems = Vec::new();
    for c in security_checks() {
        let objects = match generate::build(&c) {
            Ok(o) => o,
            Err(e) => {
                problems.push(format!("{}: does not build: {e}", c.id));
                continue;
            }
        };
        let differences: Vec<_> = objects
            .iter()
            .filter(|b| !b.added)
            .flat_map(|b| diff(&b.baseline, &b.object))
            .collect();
        assert!(
            !differences.is_empty(),
            "{}: manifest equals the baseline",
            c.id
        );
        for path in &c.paths() {
            if !differences.iter().any(|d| accounts_for(path, d)) {
                problems.push(format!(
                    "{}: declared {path} but the manifest does not change it",
                    c.id
                ));
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn secure_variants_say_why_they_pass() {
    // A pass check exists because a scanner could be wrong about it; its description must say
    // what makes it secure, and it must not cite a CVE (a CVE pattern is never secure).
    for c in security_checks()
        .into_iter()
        .filter(|c| c.expected == Expected::Pass)
    {
        assert!(
            c.description.contains("pass"),
            "{}: description does not explain the pass",
            c.id
        );
        assert!(
            !c.standards
                .iter()
                .any(|s| matches!(s, catalog::Standard::Cve(_))),
            "{}: a CVE pattern expected to pass",
            c.id
        );
    }
}

#[test]
fn counts_per_category() {
    let count = |cat: catalog::Category| {
        security_checks()
            .iter()
            .filter(|c| c.category == cat)
            .count()
    };
    assert!(count(catalog::Category::Workload) >= 100);
    assert!(count(catalog::Category::Vulnerability) >= 8);
    assert!(count(catalog::Category::Infrastructure) >= 25);
}

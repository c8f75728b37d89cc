//! The other half of "exactly one mutation" for the IAM, Network, Segregation,
//! AdmissionControl, Reliability, SupplyChain, DataSecurity and Misc checks: the suite test proves
//! every difference is declared; this one proves every declared field path really differs, so a
//! check's `check_path` never names a field the manifest leaves as in the baseline (which would
//! credit a scanner for a rule about an untouched field).

use harness::catalog::{self, CheckSpec, Expected};
use harness::generate::{
    self,
    diff::{accounts_for, diff},
};

fn content_checks() -> Vec<CheckSpec> {
    let mut v = Vec::new();
    v.extend(catalog::iam::checks());
    v.extend(catalog::network::checks());
    v.extend(catalog::segregation::checks());
    v.extend(catalog::admission::checks());
    v.extend(catalog::reliability::checks());
    v.extend(catalog::supply_chain::checks());
    v.extend(catalog::data_security::checks());
    v.extend(catalog::misc::checks());
    v
}

#[test]
fn every_declared_field_path_is_changed() {
    let mut problems = Vec::new();
    for c in content_checks() {
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
        for path in c.paths().iter().filter(|p| p.starts_with('.')) {
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
fn secure_variants_differ_from_the_baseline() {
    // A pass check identical to its bundle would only repeat the baseline control.
    for c in content_checks()
        .into_iter()
        .filter(|c| c.expected == Expected::Pass)
    {
        let objects = generate::build(&c).unwrap_or_else(|e| panic!("{}: {e}", c.id));
        let changed = objects
            .iter()
            .any(|b| b.added || !diff(&b.baseline, &b.object).is_empty());
        assert!(
            changed || !c.removes.is_empty(),
            "{}: pass variant equals the baseline",
            c.id
        );
    }
}

#[test]
fn the_detector_notices_an_undeclared_or_unchanged_path() {
    // Guards the test above: a path the patch does not touch must not be accounted for.
    let c = catalog::network::checks()
        .into_iter()
        .find(|c| c.id == "SRV-001")
        .expect("SRV-001");
    let objects = generate::build(&c).expect("builds");
    let d: Vec<_> = objects
        .iter()
        .flat_map(|b| diff(&b.baseline, &b.object))
        .collect();
    assert!(d.iter().any(|d| accounts_for(".spec.type", d)));
    assert!(!d.iter().any(|d| accounts_for(".spec.ports", d)));
}

#[test]
fn counts_per_category_meet_the_suite_minimum() {
    use std::collections::BTreeMap;
    let mut per: BTreeMap<&str, usize> = BTreeMap::new();
    for c in content_checks() {
        *per.entry(c.category.as_str()).or_default() += 1;
    }
    assert_eq!(per.len(), 8, "{per:?}");
    for (cat, n) in &per {
        assert!(*n >= 8, "{cat} has {n} checks");
    }
}

//! Test code shared by the adapters' test files (each file includes it with `mod common;`).
#![allow(dead_code)]

use std::path::PathBuf;

use adapters::Scanner;

/// KALM's recorded outputs, beside the checkout; tests skip with a printed reason without them.
pub fn results_dir() -> PathBuf {
    PathBuf::from(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../shared/kalm-2024/results"
    ))
}

/// The recorded output `name`, or None (with the reason printed) when the shared data is absent.
pub fn recorded(name: &str) -> Option<Vec<u8>> {
    let path = results_dir().join(name);
    match std::fs::read(&path) {
        Ok(b) => Some(b),
        Err(e) => {
            eprintln!(
                "skipped: {} not readable ({e}); the shared KALM data is absent",
                path.display()
            );
            None
        }
    }
}

/// Every rule has a known category and a title, and the CSV itself holds canonical paths (or a
/// bare kind for rules about a missing object).
pub fn assert_rule_table_well_formed(scanner: &dyn Scanner, csv_file: &str) {
    const CATEGORIES: [&str; 11] = [
        "Workload",
        "IAM",
        "Network",
        "Segregation",
        "AdmissionControl",
        "Reliability",
        "SupplyChain",
        "DataSecurity",
        "Vulnerability",
        "Infrastructure",
        "Misc",
    ];
    let rules = scanner.rules();
    assert!(rules.len() >= 20, "{} rules", rules.len());
    for r in rules.iter() {
        assert!(
            CATEGORIES.contains(&r.category.as_str()),
            "{}: category {}",
            r.id,
            r.category
        );
        assert!(!r.title.is_empty(), "{}: no title", r.id);
    }
    // Paths are written canonically in the table itself, not only after loading.
    let path = format!("{}/rules/{csv_file}", env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(&path).unwrap();
    let mut rdr = csv::ReaderBuilder::new()
        .comment(Some(b'#'))
        .from_reader(text.as_bytes());
    for rec in rdr.records() {
        let rec = rec.unwrap();
        for p in rec[2].split('|').filter(|p| !p.is_empty()) {
            if p.starts_with('.') {
                assert_eq!(
                    adapters::paths::normalize(p),
                    p,
                    "{}: path {p} is not canonical",
                    &rec[0]
                );
            } else {
                // A bare kind: the rule is about a missing object of that kind.
                assert!(
                    p.starts_with(|c: char| c.is_ascii_uppercase())
                        && p.chars().all(|c| c.is_ascii_alphanumeric()),
                    "{}: path {p} is neither a field nor a kind",
                    &rec[0]
                );
            }
        }
    }
}

/// Byte flips, cuts and splices of the real output: every result is a value or an error,
/// never a panic (a cheap, deterministic stand-in between fuzzing runs).
pub fn assert_mangled_output_never_panics(scanner: &dyn Scanner, recorded_name: &str) {
    let Some(bytes) = recorded(recorded_name) else {
        return;
    };
    let mut seed: u64 = 0x9E37_79B9_7F4A_7C15;
    let mut next = |n: usize| {
        seed = seed
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        ((seed >> 33) as usize) % n.max(1)
    };
    let mut errors = 0;
    for round in 0..150 {
        let mut b = bytes.clone();
        match round % 3 {
            0 => {
                for _ in 0..8 {
                    let i = next(b.len());
                    b[i] = next(256) as u8;
                }
            }
            1 => b.truncate(next(b.len())),
            _ => {
                let (i, j) = (next(b.len()), next(b.len()));
                let piece = b[i.min(j)..i.max(j)].to_vec();
                let at = next(b.len());
                b.splice(at..at, piece);
            }
        }
        let _ = scanner.detect(&b);
        if scanner.parse(&b, recorded_name).is_err() {
            errors += 1;
        }
    }
    assert!(errors > 50, "most mangled inputs are errors, got {errors}");
}

/// Among KALM's 13 recorded outputs, `scanner` claims exactly the files named after it.
pub fn assert_detects_only_own_output(scanner: &dyn Scanner, file_prefix: &str) {
    let dir = results_dir();
    let Ok(entries) = std::fs::read_dir(&dir) else {
        eprintln!("skipped: {} absent", dir.display());
        return;
    };
    let mut n = 0;
    for e in entries {
        let path = e.unwrap().path();
        let name = path.file_name().unwrap().to_string_lossy().to_string();
        let bytes = std::fs::read(&path).unwrap();
        assert_eq!(
            scanner.detect(&bytes),
            name.starts_with(file_prefix),
            "{name}"
        );
        n += 1;
    }
    assert!(n >= 13, "{n} recorded files");
}

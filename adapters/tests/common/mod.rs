//! Test code shared by the adapters' test files (each file includes it with `mod common;`).
//!
//! The per-tool files keep their own data (inputs, counts, expected findings); the checks every
//! adapter must pass in the same way live here, once.
// Each test file is its own crate and uses only some of these helpers.
#![allow(dead_code)]

use std::path::{Path, PathBuf};

use adapters::{Finding, ParseErrorKind, Parser, Report};

/// This repository's own suite (`manifests/`): what the live runs scan.
pub fn manifests_dir() -> PathBuf {
    PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../manifests"))
}

/// Every scanner output among the fixtures, as (adapter folder, file): the files directly in
/// `tests/fixtures/<adapter>/` other than its README. Inputs that are not a scanner's output
/// (bad-input cases, listings) live in subfolders and are not part of this set.
pub fn fixture_outputs() -> Vec<(String, PathBuf)> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    let mut out = Vec::new();
    for dir in std::fs::read_dir(&root).unwrap_or_else(|e| panic!("{}: {e}", root.display())) {
        let dir = dir.unwrap().path();
        if !dir.is_dir() {
            continue;
        }
        let tool = dir.file_name().unwrap().to_string_lossy().to_string();
        for f in std::fs::read_dir(&dir).unwrap() {
            let f = f.unwrap().path();
            if f.is_file() && f.file_name().is_some_and(|n| n != "README.md") {
                out.push((tool.clone(), f));
            }
        }
    }
    out.sort();
    out
}

/// The fixture `tool/file` read through `parse_file` (the harness's way in), after checking
/// that `scanner` detects it.
#[track_caller]
pub fn parse_fixture(scanner: &dyn Parser, rel: &str) -> Report {
    let path = fixture_path(rel);
    let bytes = fixture(rel);
    assert!(
        scanner.detect(&bytes),
        "{} does not detect {rel}",
        scanner.name()
    );
    match scanner.parse_file(&path) {
        Ok(report) => report,
        Err(e) => panic!("{}: {e}", scanner.name()),
    }
}

/// A clean run's output (nothing found, nothing to scan) parses to no findings rather than an
/// error; returns the report for version checks.
#[track_caller]
pub fn parse_no_findings(scanner: &dyn Parser, input: &[u8], file_name: &str) -> Report {
    let report = match scanner.parse(input, file_name) {
        Ok(report) => report,
        Err(e) => panic!("{}: a clean output is an error: {e}", scanner.name()),
    };
    assert!(
        report.findings.is_empty(),
        "{}: {:?}",
        scanner.name(),
        report.findings
    );
    report
}

/// A file of this crate's own fixtures (`tool/file` under tests/fixtures).
pub fn fixture_path(rel: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(rel)
}

/// The bytes of a fixture; a missing one is a broken checkout, so it panics naming the path.
pub fn fixture(rel: &str) -> Vec<u8> {
    let p = fixture_path(rel);
    std::fs::read(&p).unwrap_or_else(|e| panic!("{}: {e}", p.display()))
}

/// The findings of `rule` on the object named `name` (all of them, so tests can count).
pub fn on_object<'a>(findings: &'a [Finding], rule: &str, name: &str) -> Vec<&'a Finding> {
    findings
        .iter()
        .filter(|f| f.rule_id == rule && f.object.name.as_deref() == Some(name))
        .collect()
}

/// The findings of `rule` in the scanned file `file`, for tools that name files, not objects.
pub fn in_file<'a>(findings: &'a [Finding], rule: &str, file: &str) -> Vec<&'a Finding> {
    findings
        .iter()
        .filter(|f| f.rule_id == rule && f.file.as_deref() == Some(file))
        .collect()
}

/// The first finding of `rule` on the object `name` (None: a finding naming no object); panics
/// naming both when there is none, so a spot check says what it missed.
#[track_caller]
pub fn first_on<'a, 'n>(
    findings: &'a [Finding],
    rule: &str,
    name: impl Into<Option<&'n str>>,
) -> &'a Finding {
    let name = name.into();
    match findings
        .iter()
        .find(|f| f.rule_id == rule && f.object.name.as_deref() == name)
    {
        Some(f) => f,
        None => panic!("no {rule} on {}", name.unwrap_or("no object")),
    }
}

/// The first finding of `rule`; panics naming the rule when the tool did not report it.
#[track_caller]
pub fn first_of<'a>(findings: &'a [Finding], rule: &str) -> &'a Finding {
    match findings.iter().find(|f| f.rule_id == rule) {
        Some(f) => f,
        None => panic!("no {rule} reported"),
    }
}

/// How many findings have rule id `rule`: the per-rule counts tests compare with python3's.
pub fn count_rule(findings: &[Finding], rule: &str) -> usize {
    findings.iter().filter(|f| f.rule_id == rule).count()
}

/// The findings no suite check claims (the suite's shared objects): tests pin how many and which.
pub fn without_check_id(findings: &[Finding]) -> Vec<&Finding> {
    findings.iter().filter(|f| f.check_id.is_none()).collect()
}

/// Each finding as (rule id, severity), in order: a small output's whole result in one compare.
pub fn rule_severities(findings: &[Finding]) -> Vec<(&str, adapters::Severity)> {
    findings
        .iter()
        .map(|f| (f.rule_id.as_str(), f.severity))
        .collect()
}

/// Every finding's rule is in the adapter's table: an unmapped one would reach the analysis
/// without category or paths.
#[track_caller]
pub fn assert_all_mapped(report: &Report) {
    let unmapped: Vec<_> = report
        .findings
        .iter()
        .filter(|f| f.unmapped)
        .map(|f| &f.rule_id)
        .collect();
    assert!(
        unmapped.is_empty(),
        "rule ids missing from rules/{}.csv: {unmapped:?}",
        report.tool
    );
}

/// Some finding of `rule` is attributed to the suite check `check_id`.
#[track_caller]
pub fn assert_reported_on(findings: &[Finding], rule: &str, check_id: &str) {
    assert!(
        findings
            .iter()
            .any(|f| f.rule_id == rule && f.check_id.as_deref() == Some(check_id)),
        "no {rule} on {check_id}"
    );
}

/// Every rule has a known category and a title, and the CSV itself holds canonical paths (or a
/// bare kind for rules about a missing object).
pub fn assert_rule_table_well_formed(scanner: &dyn Parser, csv_file: &str) {
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
pub fn assert_mangled_output_never_panics(scanner: &dyn Parser, rel: &str) {
    let bytes = fixture(rel);
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
        if scanner.parse(&b, rel).is_err() {
            errors += 1;
        }
    }
    assert!(errors > 50, "most mangled inputs are errors, got {errors}");
}

/// Among every fixture output of every adapter, `scanner` claims exactly those in its own
/// folder `tests/fixtures/<scanner name>/`.
#[track_caller]
pub fn assert_detects_only_own_output(scanner: &dyn Parser) {
    let outputs = fixture_outputs();
    let mut own = 0;
    for (tool, path) in &outputs {
        let mine = tool == scanner.name();
        own += usize::from(mine);
        let bytes = std::fs::read(path).unwrap();
        assert_eq!(
            scanner.detect(&bytes),
            mine,
            "{}: detect on {}",
            scanner.name(),
            path.display()
        );
    }
    assert!(own > 0, "{}: no fixture of its own", scanner.name());
}

/// As [`assert_detects_only_own_output`], and parsing any other tool's fixture is an error: a
/// wrongly routed file must never turn into findings.
#[track_caller]
pub fn assert_detects_and_rejects_others(scanner: &dyn Parser) {
    assert_detects_only_own_output(scanner);
    for (tool, path) in fixture_outputs() {
        if tool != scanner.name() {
            let bytes = std::fs::read(&path).unwrap();
            let name = path.file_name().unwrap().to_string_lossy();
            assert!(
                scanner.parse(&bytes, &name).is_err(),
                "{}: parsed {}",
                scanner.name(),
                path.display()
            );
        }
    }
}

/// Each named fixture (`tool/file`) of another tool is a shape or JSON error, not findings (the
/// error, not a guess, is what tells a user the file went to the wrong adapter).
#[track_caller]
pub fn assert_rejects_other_tools(scanner: &dyn Parser, files: &[&str]) {
    for rel in files {
        let bytes = fixture(rel);
        let err = scanner
            .parse(&bytes, rel)
            .expect_err(&format!("{}: {rel}", scanner.name()));
        assert!(
            matches!(
                err,
                ParseErrorKind::WrongShape { .. } | ParseErrorKind::Json { .. }
            ),
            "{}: {rel}: {err}",
            scanner.name()
        );
    }
}

/// What a bad input must give: a typed error, so callers can tell a broken file from an odd one.
#[derive(Debug)]
pub enum Bad<'a> {
    Empty,
    /// Not UTF-8, at any offset.
    NotUtf8,
    /// Not UTF-8, first bad byte at this offset.
    NotUtf8At(usize),
    Json,
    WrongShape,
    /// Any error whose text contains this (it names what is missing or the tool).
    Mentions(&'a str),
}

/// Each (input, expected error) row of an adapter's bad-input table gives that error, parsed
/// under `file_name`; a failure names the tool and the row.
#[track_caller]
pub fn assert_parse_errors(scanner: &dyn Parser, file_name: &str, cases: &[(&[u8], Bad)]) {
    for (row, (input, want)) in cases.iter().enumerate() {
        let got = scanner.parse(input, file_name);
        let ok = match (&got, want) {
            (Err(ParseErrorKind::Empty), Bad::Empty) => true,
            (Err(ParseErrorKind::NotUtf8(_)), Bad::NotUtf8) => true,
            (Err(ParseErrorKind::NotUtf8(at)), Bad::NotUtf8At(want_at)) => at == want_at,
            (Err(ParseErrorKind::Json { .. }), Bad::Json) => true,
            (Err(ParseErrorKind::WrongShape { .. }), Bad::WrongShape) => true,
            (Err(e), Bad::Mentions(text)) => e.to_string().contains(text),
            _ => false,
        };
        assert!(
            ok,
            "{}: row {row} ({:?}) gave {:?}, expected {want:?}",
            scanner.name(),
            String::from_utf8_lossy(input),
            got.map(|r| r.findings.len())
        );
    }
}

/// The cuts most adapters are tried at: a byte, a hundred, half, and all but the last two.
pub fn usual_cuts(len: usize) -> Vec<usize> {
    vec![1, 100, len / 2, len - 2]
}

/// The recorded output cut short (at each of `cuts(len)`) is a JSON error, never fewer
/// findings: a scanner killed mid-write must not look like a clean run.
#[track_caller]
pub fn assert_cut_recording_is_json_error(
    scanner: &dyn Parser,
    rel: &str,
    cuts: fn(usize) -> Vec<usize>,
) {
    let bytes = fixture(rel);
    for cut in cuts(bytes.len()) {
        let got = scanner.parse(&bytes[..cut], rel);
        assert!(
            matches!(got, Err(ParseErrorKind::Json { .. })),
            "{}: cut at {cut}: {:?}",
            scanner.name(),
            got.map(|r| r.findings.len())
        );
    }
}

/// How a known rule id is swapped for one the table lacks.
#[derive(Debug)]
pub enum Edit<'a> {
    /// Replace the first occurrence of the text only.
    First(&'a str, &'a str),
    /// Replace every occurrence.
    All(&'a str, &'a str),
}

/// Where the edited finding stands, for tools whose rule fires on several objects or files.
#[derive(Debug)]
pub enum On<'a> {
    Object(&'a str),
    File(&'a str),
}

/// One adapter's "unknown rule id" case: the edit, and what parsing the edited output gives.
pub struct UnknownRule<'a> {
    pub edit: Edit<'a>,
    /// The rule id the edit produces, missing from the table.
    pub rule_id: &'a str,
    /// Findings in the edited output: as many as before, since nothing is dropped.
    pub total: usize,
    /// Exactly one finding of `rule_id` stands here.
    pub on: Option<On<'a>>,
    /// The edited finding is the only unmapped one; otherwise every unmapped finding has
    /// `rule_id` (for an edit that also hits other places the id occurs).
    pub sole: bool,
}

/// An unknown rule id in `input` is kept as a finding and flagged unmapped, not silently
/// mapped onto a known rule nor dropped.
#[track_caller]
pub fn assert_unknown_rule_flagged(
    scanner: &dyn Parser,
    input: &[u8],
    file_name: &str,
    case: &UnknownRule,
) {
    let tool = scanner.name();
    let text = String::from_utf8(input.to_vec()).unwrap();
    let edited = match case.edit {
        Edit::First(from, to) => text.replacen(from, to, 1),
        Edit::All(from, to) => text.replace(from, to),
    };
    assert_ne!(edited, text, "{tool}: {:?} changes nothing", case.edit);
    let r = match scanner.parse(edited.as_bytes(), file_name) {
        Ok(r) => r,
        Err(e) => panic!("{tool}: {e}"),
    };
    assert_eq!(
        r.findings.len(),
        case.total,
        "{tool}: findings dropped or added"
    );
    let with_id: Vec<_> = r
        .findings
        .iter()
        .filter(|f| f.rule_id == case.rule_id)
        .collect();
    assert!(
        !with_id.is_empty(),
        "{tool}: no finding of {}",
        case.rule_id
    );
    assert!(
        with_id.iter().all(|f| f.unmapped),
        "{tool}: {} is mapped",
        case.rule_id
    );
    if let Some(on) = &case.on {
        let here = match on {
            On::Object(name) => on_object(&r.findings, case.rule_id, name),
            On::File(file) => in_file(&r.findings, case.rule_id, file),
        };
        assert_eq!(here.len(), 1, "{tool}: {} on {on:?}", case.rule_id);
        assert!(here[0].unmapped, "{tool}: {} on {on:?}", case.rule_id);
    }
    let flagged: Vec<_> = r
        .findings
        .iter()
        .filter(|f| f.unmapped)
        .map(|f| f.rule_id.as_str())
        .collect();
    if case.sole {
        assert_eq!(flagged, [case.rule_id], "{tool}: flagged");
    } else {
        assert!(
            flagged.iter().all(|id| *id == case.rule_id),
            "{tool}: flagged {flagged:?}"
        );
    }
}

/// The installed tool at `bin` (relative to the workspace, e.g. `.tools/bin/kics`) and this
/// repository's suite. A missing tool, or a missing `needs` folder, fails the test and names
/// the install step: live tests are opted out only with `SCANNER_BENCH_SKIP_LIVE=1`, which
/// compiles them as ignored (`#[cfg_attr(skip_live, ignore = ...)]` on each live test).
#[track_caller]
pub fn live_tool(bin: &str, needs: &[&str]) -> (PathBuf, PathBuf) {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let tool = bin.rsplit('/').next().unwrap_or(bin);
    let tool = if bin.contains("checkov") {
        "checkov"
    } else {
        tool
    };
    for need in std::iter::once(bin).chain(needs.iter().copied()) {
        assert!(
            root.join(need).exists(),
            "{need} is missing: install it with `scripts/install-scanners.sh {tool}` \
             (or set SCANNER_BENCH_SKIP_LIVE=1 to report the live tests as skipped)"
        );
    }
    (root.join(bin), manifests_dir())
}

/// A fresh `<tag>-live-<pid>` folder in the temp dir whose `manifests` subfolder holds copies of
/// the named suite manifests: a small suite keeps a live run fast. Returns (folder, suite).
pub fn live_suite(tag: &str, manifests: &Path, names: &[&str]) -> (PathBuf, PathBuf) {
    let dir = std::env::temp_dir().join(format!("{tag}-live-{}", std::process::id()));
    let suite = dir.join("manifests");
    std::fs::create_dir_all(&suite).unwrap();
    for name in names {
        std::fs::copy(manifests.join(name), suite.join(name))
            .unwrap_or_else(|e| panic!("{name}: {e}"));
    }
    (dir, suite)
}

/// A live run's output: detected, and parsed into exactly the `expected` findings counted in
/// the raw output (at least one, or the run proved nothing).
#[track_caller]
pub fn parse_live_output(
    scanner: &dyn Parser,
    output: &[u8],
    file_name: &str,
    expected: usize,
) -> Report {
    let report = match scanner.parse(output, file_name) {
        Ok(report) => report,
        Err(e) => panic!("{}: {e}", scanner.name()),
    };
    assert!(
        scanner.detect(output),
        "{}: live output not detected",
        scanner.name()
    );
    assert!(
        expected > 0,
        "{}: the live run found nothing",
        scanner.name()
    );
    assert_eq!(report.findings.len(), expected, "{}", scanner.name());
    report
}

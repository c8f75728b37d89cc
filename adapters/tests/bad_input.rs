//! Bad input for every adapter in `adapters::all()`: empty, non-UTF-8, truncated, another tool's
//! output, and very large outputs. Each must give a typed error or findings, never a panic, and
//! large inputs must take time linear in their size.
//!
//! Real outputs come from this crate's fixtures (`tests/fixtures/<adapter>/`), one per adapter.

mod common;

use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::PathBuf;
use std::time::{Duration, Instant};

use adapters::{all, ParseErrorKind, Parser};
use serde_json::Value;

/// A real output per adapter, (adapter name, file): the largest scanner output among its
/// fixtures, so inflated copies keep a realistic mix of its findings.
fn samples() -> Vec<(String, PathBuf)> {
    let mut best: std::collections::BTreeMap<String, (u64, PathBuf)> = Default::default();
    for (tool, path) in common::fixture_outputs() {
        let len = std::fs::metadata(&path).unwrap().len();
        let bigger = match best.get(&tool) {
            Some((l, _)) => len > *l,
            None => true,
        };
        if bigger {
            best.insert(tool, (len, path));
        }
    }
    best.into_iter().map(|(t, (_, p))| (t, p)).collect()
}

/// The sample of `s`; every adapter has one (a fixture output of its own).
#[track_caller]
fn sample_of<'a>(samples: &'a [(String, PathBuf)], s: &dyn Parser) -> &'a PathBuf {
    match samples.iter().find(|(t, _)| t == s.name()) {
        Some((_, p)) => p,
        None => panic!(
            "{}: no fixture output in tests/fixtures/{}",
            s.name(),
            s.name()
        ),
    }
}

/// Runs a parse, turning a panic into a test failure that names the adapter and the case.
fn parse(s: &dyn Parser, input: &[u8], case: &str) -> Result<usize, ParseErrorKind> {
    match catch_unwind(AssertUnwindSafe(|| s.parse(input, "input"))) {
        Ok(r) => r.map(|r| r.findings.len()),
        Err(_) => panic!("{} panicked on {case}", s.name()),
    }
}

#[test]
fn empty_input_is_an_error() {
    for s in all() {
        for input in [&b""[..], b" \n\t\r\n"] {
            match parse(s, input, "empty input") {
                Err(ParseErrorKind::Empty) => {}
                other => panic!("{}: empty input gave {other:?}", s.name()),
            }
        }
    }
}

#[test]
fn non_utf8_is_an_error() {
    let samples = samples();
    for s in all() {
        match parse(s, b"\xff\xfe\x00\x01 not text", "non-UTF-8 bytes") {
            Err(_) => {}
            Ok(n) => panic!("{}: non-UTF-8 input gave {n} findings", s.name()),
        }
        // The tool's own output with one invalid byte in the middle.
        let mut bytes = std::fs::read(sample_of(&samples, s)).unwrap();
        let mid = bytes.len() / 2;
        bytes[mid] = 0xff;
        assert!(
            parse(s, &bytes, "own output with a 0xff byte").is_err(),
            "{}: accepted an invalid byte",
            s.name()
        );
    }
}

#[test]
fn truncated_input_is_an_error() {
    let samples = samples();
    for s in all() {
        for input in [&b"{\"results\": [1, 2"[..], b"[{\"a\":", b"{"] {
            assert!(
                parse(s, input, "truncated JSON").is_err(),
                "{}: accepted {:?}",
                s.name(),
                String::from_utf8_lossy(input)
            );
        }
        let path = sample_of(&samples, s);
        let bytes = std::fs::read(path).unwrap();
        for fraction in [0.1, 0.5, 0.9] {
            let mut cut = (bytes.len() as f64 * fraction) as usize;
            // Never cut at a line end: a JSON-lines or text output cut there is a shorter valid one.
            while cut > 1 && matches!(bytes[cut - 1], b'\n' | b'\r') {
                cut -= 1;
            }
            let r = parse(s, &bytes[..cut], "truncated own output");
            assert!(
                r.is_err(),
                "{}: {} cut at {cut} of {} bytes gave {r:?}",
                s.name(),
                path.display(),
                bytes.len()
            );
        }
    }
}

#[test]
fn another_tools_output_is_an_error() {
    let samples = samples();
    for s in all() {
        for (tool, path) in &samples {
            if tool == s.name() {
                continue;
            }
            let bytes = std::fs::read(path).unwrap();
            let r = parse(s, &bytes, "another tool's output");
            assert!(
                r.is_err(),
                "{} accepted {tool}'s output {} ({r:?})",
                s.name(),
                path.display()
            );
        }
    }
}

/// Resizes a real output to about `target` bytes while keeping the tool's shape, by repeating
/// (or cutting down to a prefix of) the elements of its largest JSON array (the findings, in
/// practice), its JSON lines, or the data rows of its first text table.
fn inflate(sample: &[u8], target: usize) -> Vec<u8> {
    let text = std::str::from_utf8(sample).expect("samples are UTF-8");
    // Text lines a tool prints before its JSON document (Kyverno's `Warning:` lines) are kept
    // in front of the resized document.
    let (preamble, body) = match text.find("\n{") {
        Some(i) if !text.trim_start().starts_with(['{', '[']) => text.split_at(i + 1),
        _ => ("", text),
    };
    if let Ok(mut doc) = serde_json::from_str::<Value>(body) {
        const MARK: &str = "\u{1}INFLATE\u{1}";
        let items = take_largest_array(&mut doc).expect("a JSON output with an array");
        let items: Vec<String> = items
            .iter()
            .map(|v| serde_json::to_string(v).unwrap())
            .collect();
        let shell = serde_json::to_string(&doc).unwrap();
        let mark = serde_json::to_string(MARK).unwrap();
        let (before, after) = shell
            .split_once(&mark)
            .expect("marker in the serialized shell");
        let mut out = String::with_capacity(target + shell.len());
        out.push_str(preamble);
        out.push_str(before);
        out.push('[');
        for (n, i) in items.iter().cycle().enumerate() {
            if n > 0 {
                if out.len() >= target {
                    break;
                }
                out.push(',');
            }
            out.push_str(i);
        }
        out.push(']');
        out.push_str(after);
        return out.into_bytes();
    }
    let lines: Vec<&str> = text.lines().collect();
    let repeat = |head: &str, rows: &[&str], tail: &str| {
        let mut out = String::with_capacity(target + head.len() + tail.len());
        out.push_str(head);
        for (n, r) in rows.iter().cycle().enumerate() {
            if n > 0 && out.len() >= target {
                break;
            }
            out.push_str(r);
            out.push('\n');
        }
        out.push_str(tail);
        out.into_bytes()
    };
    let content: Vec<&str> = lines
        .iter()
        .copied()
        .filter(|l| !l.trim().is_empty())
        .collect();
    if content.iter().all(|l| l.trim_start().starts_with('{')) {
        return repeat("", &content, "");
    }
    // A text table: repeat the rows between the header's border and the closing border of the
    // first table that has rows.
    let is_border = |l: &str| l.starts_with('+') && l.trim_end().ends_with('+');
    let is_row = |l: &str| l.starts_with('|') && l.matches('|').count() > 2;
    let start = (2..lines.len())
        .find(|&i| is_row(lines[i]) && is_border(lines[i - 1]) && is_row(lines[i - 2]))
        .expect("a table with rows");
    let end = (start..lines.len()).find(|&i| !is_row(lines[i])).unwrap();
    let head = lines[..start].join("\n") + "\n";
    let tail = lines[end..].join("\n") + "\n";
    repeat(&head, &lines[start..end], &tail)
}

/// Replaces the JSON array with the most serialized bytes by a marker and returns its items.
fn take_largest_array(doc: &mut Value) -> Option<Vec<Value>> {
    fn size(v: &Value) -> usize {
        serde_json::to_string(v).map(|s| s.len()).unwrap_or(0)
    }
    fn best(v: &Value, path: &mut Vec<String>, found: &mut Option<(usize, Vec<String>)>) {
        match v {
            Value::Array(a) => {
                let n = size(v);
                if !a.is_empty() && found.as_ref().is_none_or(|(m, _)| n > *m) {
                    *found = Some((n, path.clone()));
                }
                for (i, x) in a.iter().enumerate() {
                    path.push(i.to_string());
                    best(x, path, found);
                    path.pop();
                }
            }
            Value::Object(o) => {
                for (k, x) in o {
                    path.push(k.clone());
                    best(x, path, found);
                    path.pop();
                }
            }
            _ => {}
        }
    }
    let mut found = None;
    best(doc, &mut Vec::new(), &mut found);
    let (_, path) = found?;
    let mut node = doc;
    for key in &path {
        node = match node {
            Value::Array(a) => &mut a[key.parse::<usize>().unwrap()],
            Value::Object(o) => o.get_mut(key).unwrap(),
            _ => unreachable!(),
        };
    }
    let items = match std::mem::replace(node, Value::String("\u{1}INFLATE\u{1}".into())) {
        Value::Array(a) => a,
        _ => unreachable!(),
    };
    Some(items)
}

/// The fastest of `runs` parses (less noise from a shared machine).
fn time_parse(s: &dyn Parser, input: &[u8], runs: usize) -> (Duration, Result<usize, String>) {
    let mut best = Duration::MAX;
    let mut outcome = Err(String::new());
    for _ in 0..runs {
        let t = Instant::now();
        outcome = parse(s, input, "a large output").map_err(|e| e.to_string());
        best = best.min(t.elapsed());
    }
    (best, outcome)
}

/// `slack`: how many times its size ratio the big input may take relative to the small one.
fn linear_time(small: usize, big: usize, slack: f64) {
    let samples = samples();
    for s in all() {
        let sample = std::fs::read(sample_of(&samples, s)).unwrap();
        let small_input = inflate(&sample, small);
        let (t_small, r_small) = time_parse(s, &small_input, 5);
        let big_input = inflate(&sample, big);
        let (t_big, r_big) = time_parse(s, &big_input, 2);
        let ratio = big_input.len() as f64 / small_input.len() as f64;
        eprintln!(
            "{:12} {:>9} B in {:>9.2?} ({:?}) | {:>11} B in {:>9.2?} ({:?})",
            s.name(),
            small_input.len(),
            t_small,
            r_small
                .as_ref()
                .map_err(|e| e.chars().take(60).collect::<String>()),
            big_input.len(),
            t_big,
            r_big
                .as_ref()
                .map_err(|e| e.chars().take(60).collect::<String>()),
        );
        // Linear time, with room for a noisy shared machine and for the page faults of big
        // allocations; a quadratic parser would take `ratio` times longer again.
        let bound = t_small.max(Duration::from_millis(1)).mul_f64(slack * ratio);
        assert!(
            t_big <= bound,
            "{}: {:?} for {} B against {:?} for {} B: not linear",
            s.name(),
            t_big,
            big_input.len(),
            t_small,
            small_input.len()
        );
        // The inflated outputs keep the tool's shape, so they parse.
        assert!(
            r_small.is_ok() && r_big.is_ok(),
            "{}: an inflated real output did not parse",
            s.name()
        );
    }
}

// Why the slack: a small input parses from the CPU caches and a big one from memory, which
// measured up to 4x slower per byte here for a linear parser; a quadratic parser would take
// the size ratio (64 or 100) times longer again, far past the bounds below.

/// 16 MB against 256 KB, on every `cargo test`: at most 16x the size ratio (64).
#[test]
fn sixteen_megabytes_parse_in_linear_time() {
    linear_time(256 << 10, 16 << 20, 16.0);
}

/// 100 MB against 1 MB: at most 10x the size ratio (100). Slow in a debug build, so run in
/// release: `cargo test --release -p adapters --test bad_input -- --ignored --nocapture`.
#[test]
#[ignore]
fn hundred_megabytes_parse_in_linear_time() {
    linear_time(1 << 20, 100 << 20, 10.0);
}

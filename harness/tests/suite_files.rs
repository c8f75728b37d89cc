//! The suite on disk: regeneration is byte-identical, the committed manifests/ equal a fresh
//! generation, the YAML reads back as the generated objects, every manifest is valid Kubernetes
//! (kubernetes-validate, strict), and `harness generate --out` refuses bad targets.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

use assert_cmd::cargo::CommandCargoExt;
use serde::Deserialize;

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .unwrap()
        .to_path_buf()
}

fn harness() -> Command {
    Command::cargo_bin("harness").unwrap()
}

fn generate_into(dir: &Path) {
    let out = harness()
        .args(["generate", "--out"])
        .arg(dir)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "generate failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

fn read_dir(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| {
            let e = e.unwrap();
            (
                e.file_name().to_string_lossy().into_owned(),
                fs::read(e.path()).unwrap(),
            )
        })
        .collect()
}

/// The first difference between two suites, as a readable message.
fn first_difference(
    a: &BTreeMap<String, Vec<u8>>,
    b: &BTreeMap<String, Vec<u8>>,
) -> Option<String> {
    for (name, bytes) in a {
        match b.get(name) {
            None => return Some(format!("{name}: only in the first")),
            Some(other) if other != bytes => {
                let (ta, tb) = (
                    String::from_utf8_lossy(bytes),
                    String::from_utf8_lossy(other),
                );
                let line = ta
                    .lines()
                    .zip(tb.lines())
                    .position(|(x, y)| x != y)
                    .unwrap_or(0);
                return Some(format!(
                    "{name}: differs at line {}: {:?} vs {:?}",
                    line + 1,
                    ta.lines().nth(line).unwrap_or(""),
                    tb.lines().nth(line).unwrap_or("")
                ));
            }
            _ => {}
        }
    }
    b.keys()
        .find(|k| !a.contains_key(*k))
        .map(|k| format!("{k}: only in the second"))
}

#[test]
fn regeneration_is_byte_identical() {
    let tmp = tempfile::tempdir().unwrap();
    let (a, b) = (tmp.path().join("a"), tmp.path().join("b"));
    generate_into(&a);
    generate_into(&b);
    // And over a previous suite, in place.
    generate_into(&b);
    let (fa, fb) = (read_dir(&a), read_dir(&b));
    assert!(fa.len() > 2);
    if let Some(d) = first_difference(&fa, &fb) {
        panic!("two generations differ: {d}");
    }
}

#[test]
fn committed_manifests_equal_a_fresh_generation() {
    let tmp = tempfile::tempdir().unwrap();
    let fresh = tmp.path().join("suite");
    generate_into(&fresh);
    let committed = repo().join("manifests");
    if let Some(d) = first_difference(&read_dir(&committed), &read_dir(&fresh)) {
        panic!("manifests/ is stale ({d}); run `cargo run -p harness -- generate`");
    }
}

#[derive(Deserialize)]
struct Row {
    id: String,
    expected: String,
    paths: Vec<String>,
    file: String,
}

#[test]
fn manifests_read_back_as_the_catalog_says() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("suite");
    generate_into(&dir);
    let key: Vec<Row> =
        serde_json::from_slice(&fs::read(dir.join("catalog.json")).unwrap()).unwrap();
    let checks = harness::catalog::all();
    assert_eq!(key.len(), checks.len());
    let csv_rows = csv::Reader::from_path(dir.join("catalog.csv"))
        .unwrap()
        .records()
        .count();
    assert_eq!(csv_rows, checks.len());
    let files = read_dir(&dir);
    assert_eq!(
        files.len(),
        checks.len() + 2,
        "one file per check plus the answer key"
    );
    for (row, check) in key.iter().zip(&checks) {
        assert_eq!(row.id, check.id);
        let text = String::from_utf8(files[&row.file].clone()).unwrap();
        let built = harness::generate::build(check).unwrap();
        let docs: Vec<serde_json::Value> = serde_yaml::Deserializer::from_str(&text)
            .map(|d| serde_json::Value::deserialize(d).unwrap())
            .collect();
        assert_eq!(docs.len(), built.len(), "{}: object count", row.file);
        for (doc, b) in docs.iter().zip(&built) {
            assert_eq!(
                doc, &b.object,
                "{}: YAML does not read back as the object",
                row.file
            );
            let anns = &doc["metadata"]["annotations"];
            assert_eq!(anns["expected"], row.expected.as_str(), "{}", row.file);
            assert_eq!(
                anns["check_path"],
                row.paths.join("|").as_str(),
                "{}",
                row.file
            );
        }
    }
}

#[test]
#[cfg_attr(skip_validate, ignore = "SCANNER_BENCH_SKIP_VALIDATE=1")]
fn manifests_are_valid_kubernetes_strict() {
    let have_tool = Command::new("kubernetes-validate")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success());
    assert!(
        have_tool,
        "kubernetes-validate is not on PATH: run `scripts/setup-test-deps.sh` (it installs \
         kubernetes-validate 1.37.0 from PyPI into .tools/) or set SCANNER_BENCH_SKIP_VALIDATE=1 \
         to report this test as skipped"
    );
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("suite");
    generate_into(&dir);
    let out = Command::new("python3")
        .arg(repo().join("scripts/validate-manifests.py"))
        .arg(&dir)
        .output()
        .unwrap();
    let report = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(out.status.success(), "invalid manifests:\n{report}");
    assert!(report.contains("valid"), "{report}");
}

/// Runs `harness generate --out <out>` expecting a one-line error that names `names`.
fn refused(out: &Path, names: &Path) {
    let res = harness()
        .args(["generate", "--out"])
        .arg(out)
        .output()
        .unwrap();
    assert!(!res.status.success(), "{}: accepted", out.display());
    let err = String::from_utf8_lossy(&res.stderr);
    assert_eq!(err.trim_end().lines().count(), 1, "not one line: {err}");
    assert!(err.starts_with("error: "), "{err}");
    assert!(
        err.contains(&names.display().to_string()),
        "does not name {}: {err}",
        names.display()
    );
    assert!(!err.contains("panicked"), "{err}");
}

#[test]
fn bad_out_is_refused_and_nothing_is_deleted() {
    let tmp = tempfile::tempdir().unwrap();

    // A regular file.
    let file = tmp.path().join("file");
    fs::write(&file, "keep me").unwrap();
    refused(&file, &file);
    assert_eq!(fs::read_to_string(&file).unwrap(), "keep me");

    // Unwritable: the parent is a regular file (root ignores permission bits).
    let under = file.join("suite");
    refused(&under, &file);
    assert_eq!(fs::read_to_string(&file).unwrap(), "keep me");

    // A folder with unrelated files.
    let mine = tmp.path().join("mine");
    fs::create_dir(&mine).unwrap();
    fs::write(mine.join("notes.md"), "mine").unwrap();
    fs::write(mine.join("deploy.yaml"), "kind: Pod\n").unwrap();
    refused(&mine, &mine);
    let left = read_dir(&mine);
    assert_eq!(left.len(), 2);
    assert_eq!(left["notes.md"], b"mine");

    // A previous suite with a stranger in it.
    let suite = tmp.path().join("suite");
    generate_into(&suite);
    fs::write(suite.join("zz-extra.yaml"), "kind: Pod\n").unwrap();
    refused(&suite, &suite);
    assert!(suite.join("catalog.json").exists() && suite.join("zz-extra.yaml").exists());

    // No staging folder is left behind by the failed runs.
    let names: Vec<_> = read_dir_names(tmp.path());
    assert_eq!(names, vec!["file", "mine", "suite"], "leftovers: {names:?}");
}

fn read_dir_names(p: &Path) -> Vec<String> {
    let mut v: Vec<_> = fs::read_dir(p)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    v.sort();
    v
}

#[test]
fn catalog_command_lists_and_filters() {
    let all = harness()
        .args(["catalog", "--format", "json"])
        .output()
        .unwrap();
    assert!(all.status.success());
    let rows: Vec<serde_json::Value> = serde_json::from_slice(&all.stdout).unwrap();
    assert_eq!(rows.len(), harness::catalog::all().len());

    let net = harness()
        .args(["catalog", "--category", "network", "--format", "csv"])
        .output()
        .unwrap();
    assert!(net.status.success());
    let text = String::from_utf8(net.stdout).unwrap();
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    let cats: Vec<String> = reader
        .records()
        .map(|r| r.unwrap()[1].to_string())
        .collect();
    assert!(
        !cats.is_empty() && cats.iter().all(|c| c == "Network"),
        "{cats:?}"
    );

    let table = harness().args(["catalog"]).output().unwrap();
    let text = String::from_utf8(table.stdout).unwrap();
    assert!(
        text.starts_with("ID") && text.contains("BASE-002"),
        "{text}"
    );

    let bad = harness()
        .args(["catalog", "--category", "nope"])
        .output()
        .unwrap();
    assert!(!bad.status.success());
    assert!(String::from_utf8_lossy(&bad.stderr).contains("nope"));
}

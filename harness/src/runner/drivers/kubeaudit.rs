//! kubeaudit (Shopify).

use super::{Arg, Driver, Inputs};

/// kubeaudit's manifest mode reads exactly one file (`-f`, repeated flags: the last wins) and
/// has no folder mode, so one argv cannot name a whole suite. With one file the plan scans it
/// directly; with several, the runner first joins them into `kubeaudit-suite.yaml` in the work
/// folder: kubeaudit reports each object by kind, namespace and name, which is all the analyzer
/// needs (the suite's object names carry the check ids).
///
/// `--exitcode 0` because kubeaudit exits 2 whenever it finds an error-level result.
pub const DRIVER: Driver = Driver {
    name: "kubeaudit",
    binary: "kubeaudit",
    version_args: &["version"],
    parse_version,
    args: &[
        Arg::Lit("all"),
        Arg::Lit("--format"),
        Arg::Lit("json"),
        Arg::Lit("--exitcode"),
        Arg::Lit("0"),
        Arg::Lit("-f"),
        Arg::Input,
    ],
    cpu_limit_env: Some("GOMAXPROCS"),
    install_hint: "go install github.com/Shopify/kubeaudit@v0.22.2 (deprecated upstream since 2024, still works)",
    inputs: Inputs::Combined(COMBINED_MANIFEST),
    ..Driver::BASE
};

/// The suite joined into one file, in the run's work folder.
pub const COMBINED_MANIFEST: &str = "kubeaudit-suite.yaml";

/// `0.22.2`, `kubeaudit version v0.22.1`, or JSON with a `"version"` key.
fn parse_version(output: &str) -> Option<String> {
    output
        .split(|c: char| c.is_whitespace() || matches!(c, ',' | '"' | ':' | '='))
        .map(|t| t.trim_start_matches(['v', 'V']).trim_end_matches('.'))
        .find(|t| {
            let mut parts = t.split('.');
            let major = parts.next().unwrap_or("");
            !major.is_empty()
                && major.bytes().all(|b| b.is_ascii_digit())
                && parts
                    .next()
                    .is_some_and(|m| m.bytes().next().is_some_and(|b| b.is_ascii_digit()))
        })
        .map(str::to_string)
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use super::*;

    #[test]
    fn versions() {
        assert_eq!(
            (DRIVER.parse_version)("0.22.2\n").as_deref(),
            Some("0.22.2")
        );
        assert_eq!(
            (DRIVER.parse_version)("kubeaudit version v0.22.1").as_deref(),
            Some("0.22.1")
        );
        assert_eq!((DRIVER.parse_version)("dev"), None);
    }

    #[test]
    fn several_files_become_one_stream() {
        let dir = std::env::temp_dir().join(format!("kubeaudit-plan-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let a = dir.join("a.yaml");
        let b = dir.join("b.yaml");
        std::fs::write(&a, "kind: Pod\nmetadata:\n  name: a\n").unwrap();
        std::fs::write(&b, "kind: Pod\nmetadata:\n  name: b").unwrap();
        let files = [a.clone(), b];
        DRIVER.prepare(&files, &dir).unwrap();
        let plan = DRIVER.scan_plan(Path::new("kubeaudit"), &dir, &files, &dir);
        let target = plan.args.last().unwrap();
        let combined = std::fs::read_to_string(target).unwrap();
        assert_eq!(
            combined,
            "---\nkind: Pod\nmetadata:\n  name: a\n---\nkind: Pod\nmetadata:\n  name: b\n"
        );
        let single = DRIVER.scan_plan(Path::new("kubeaudit"), &dir, std::slice::from_ref(&a), &dir);
        assert_eq!(single.args.last().unwrap(), &a.display().to_string());
        std::fs::remove_dir_all(&dir).unwrap();
    }
}

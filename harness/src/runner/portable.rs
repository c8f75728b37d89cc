//! Paths in a sidecar as they read on any machine. A committed result is read on other
//! checkouts, so the sidecar names the scanner by name, version and path relative to the
//! checkout, and writes the suite, the checkout and the run's temporary folder as relative or
//! symbolic paths instead of this machine's absolute ones.

use std::path::Path;

/// The places a run's argv and environment point into.
pub struct Places<'a> {
    /// The folder the harness was started in (the checkout, for the README's commands).
    pub checkout: &'a Path,
    /// The suite folder scanned.
    pub suite: &'a Path,
    /// The scanner's temporary working folder, gone after the run.
    pub workdir: &'a Path,
}

/// `value` with the run's temporary folder written `$WORK`, a suite outside the checkout
/// `$SUITE`, and anything under the checkout relative to it.
pub fn portable(value: &str, p: &Places) -> String {
    let mut v = replace_dir(value, p.workdir, "$WORK");
    if !p.suite.starts_with(p.checkout) {
        v = replace_dir(&v, p.suite, "$SUITE");
    }
    let root = p.checkout.display().to_string();
    if root.len() > 1 {
        v = v.replace(&format!("{root}/"), "");
        if v == root {
            v = ".".to_string();
        }
    }
    v
}

/// The scanner's program as the sidecar records it: relative to the checkout when it lives
/// there (`.tools/bin/kics`), else its file name, as found on PATH.
pub fn program(program: &Path, p: &Places) -> String {
    match program.strip_prefix(p.checkout) {
        Ok(rel) => rel.display().to_string(),
        Err(_) => program
            .file_name()
            .map(|n| n.to_string_lossy().to_string())
            .unwrap_or_else(|| program.display().to_string()),
    }
}

fn replace_dir(value: &str, dir: &Path, with: &str) -> String {
    let d = dir.display().to_string();
    if d.len() <= 1 {
        return value.to_string();
    }
    value.replace(&d, with)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn places() -> Places<'static> {
        Places {
            checkout: Path::new("/home/u/bench"),
            suite: Path::new("/home/u/bench/manifests"),
            workdir: Path::new("/tmp/harness-run-x1/work"),
        }
    }

    #[test]
    fn checkout_paths_become_relative_and_workdir_symbolic() {
        let p = places();
        assert_eq!(portable("/home/u/bench/manifests", &p), "manifests");
        assert_eq!(
            portable("/home/u/bench/.tools/bin/../kics-assets/queries", &p),
            ".tools/bin/../kics-assets/queries"
        );
        assert_eq!(
            portable("KS_CACHE_DIR=/tmp/harness-run-x1/work/cache", &p),
            "KS_CACHE_DIR=$WORK/cache"
        );
        assert_eq!(portable("--format", &p), "--format");
        assert_eq!(portable("/home/u/bench", &p), ".");
    }

    #[test]
    fn a_suite_elsewhere_and_a_program_on_path() {
        let p = Places {
            suite: Path::new("/data/suite"),
            ..places()
        };
        assert_eq!(portable("/data/suite/a.yaml", &p), "$SUITE/a.yaml");
        assert_eq!(program(Path::new("/usr/local/bin/trivy"), &p), "trivy");
        assert_eq!(
            program(Path::new("/home/u/bench/.tools/bin/trivy"), &p),
            ".tools/bin/trivy"
        );
    }
}

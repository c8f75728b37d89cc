//! Inputs prepared in a run's work folder before the scanner starts: the one multi-document file
//! that scanners reading a single file (kubesec, kubeaudit) are given in place of a suite.

use std::io::Write;
use std::path::{Path, PathBuf};

/// An input that could not be prepared; the run fails with it, naming the file.
#[derive(Debug, thiserror::Error)]
#[error("cannot prepare the scanner's input {}: {source}", file.display())]
pub struct InputError {
    /// The file that could not be read or written.
    pub file: PathBuf,
    #[source]
    pub source: std::io::Error,
}

/// Joins manifests into one YAML stream, each document opened by a `---` line and ended by a
/// newline (kubesec splits at a `---` line between newlines; kubeaudit reads the stream
/// document by document). Written beside `target` and renamed, so a half-written file
/// is never scanned.
pub fn write_combined(files: &[PathBuf], target: &Path) -> Result<(), InputError> {
    let tmp = target.with_extension("yaml.tmp");
    let at = |file: &Path| {
        let file = file.to_path_buf();
        move |source| InputError { file, source }
    };
    let written = (|| {
        let mut out = std::io::BufWriter::new(std::fs::File::create(&tmp).map_err(at(target))?);
        for f in files {
            let body = std::fs::read(f).map_err(at(f))?;
            out.write_all(b"---\n").map_err(at(target))?;
            out.write_all(&body).map_err(at(target))?;
            if !body.ends_with(b"\n") {
                out.write_all(b"\n").map_err(at(target))?;
            }
        }
        out.flush().map_err(at(target))?;
        drop(out);
        std::fs::rename(&tmp, target).map_err(at(target))
    })();
    if written.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    written
}

/// Writes `contents` to `target`, beside and renamed as [`write_combined`] does.
pub fn write_file(target: &Path, contents: &[u8]) -> Result<(), InputError> {
    let tmp = target.with_extension("tmp");
    let err = |source| InputError {
        file: target.to_path_buf(),
        source,
    };
    let written = std::fs::write(&tmp, contents)
        .and_then(|()| std::fs::rename(&tmp, target))
        .map_err(err);
    if written.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    written
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn documents_are_joined_with_separator_lines() {
        let dir = tempfile::tempdir().unwrap();
        let (a, b) = (dir.path().join("a.yaml"), dir.path().join("b.yaml"));
        std::fs::write(&a, "kind: Pod\nmetadata: {name: a}").unwrap();
        std::fs::write(&b, "kind: Pod\nmetadata: {name: b}\n").unwrap();
        let target = dir.path().join("all.yaml");
        write_combined(&[a, b], &target).unwrap();
        assert_eq!(
            std::fs::read_to_string(&target).unwrap(),
            "---\nkind: Pod\nmetadata: {name: a}\n---\nkind: Pod\nmetadata: {name: b}\n"
        );
        assert!(!dir.path().join("all.yaml.tmp").exists());
    }

    #[test]
    fn an_unreadable_manifest_is_named_and_nothing_is_left() {
        let dir = tempfile::tempdir().unwrap();
        let a = dir.path().join("a.yaml");
        std::fs::write(&a, "kind: Pod\n").unwrap();
        let missing = dir.path().join("gone.yaml");
        let target = dir.path().join("all.yaml");
        let err = write_combined(&[a, missing.clone()], &target).unwrap_err();
        assert_eq!(err.file, missing);
        assert!(err.to_string().contains("gone.yaml"), "{err}");
        assert!(!target.exists());
        assert!(!dir.path().join("all.yaml.tmp").exists());
    }

    #[test]
    fn an_unwritable_target_is_named() {
        let dir = tempfile::tempdir().unwrap();
        let a = dir.path().join("a.yaml");
        std::fs::write(&a, "kind: Pod\n").unwrap();
        let target = dir.path().join("no-such-folder/all.yaml");
        let err = write_combined(&[a.clone(), a], &target).unwrap_err();
        assert_eq!(err.file, target);
        assert!(err.to_string().contains("no-such-folder/all.yaml"), "{err}");
    }
}

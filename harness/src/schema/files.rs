//! The files of a suite folder, listed once: the runner scans them, the analyzer reads their
//! annotations, and the digest over them says which suite a stored result was produced on.

use std::path::{Path, PathBuf};

use anyhow::{bail, Context};
use sha2::{Digest, Sha256};

/// A folder of manifests, listed once per run or evaluation.
#[derive(Debug, Clone)]
pub struct SuiteFiles {
    /// The folder as found on disk.
    pub root: PathBuf,
    /// The folder's name (`manifests`), recorded in sidecars.
    pub name: String,
    /// Every file below `root`, relative, sorted.
    pub files: Vec<PathBuf>,
    /// The YAML manifests among `files`, relative, sorted.
    pub manifests: Vec<PathBuf>,
}

impl SuiteFiles {
    pub fn load(root: &Path) -> anyhow::Result<SuiteFiles> {
        if !root.is_dir() {
            bail!(
                "suite folder {} does not exist or is not a folder",
                root.display()
            );
        }
        let root = root
            .canonicalize()
            .with_context(|| format!("suite folder {}", root.display()))?;
        let mut files = Vec::new();
        for entry in walkdir::WalkDir::new(&root).follow_links(true) {
            let entry =
                entry.with_context(|| format!("reading suite folder {}", root.display()))?;
            if entry.file_type().is_file() {
                let rel = entry
                    .path()
                    .strip_prefix(&root)
                    .unwrap_or(entry.path())
                    .to_path_buf();
                files.push(rel);
            }
        }
        files.sort();
        let manifests: Vec<PathBuf> = files.iter().filter(|f| is_manifest(f)).cloned().collect();
        if manifests.is_empty() {
            bail!(
                "suite folder {} holds no .yaml/.yml manifests",
                root.display()
            );
        }
        let name = root
            .file_name()
            .and_then(|n| n.to_str())
            .filter(|n| !n.is_empty())
            .unwrap_or("suite")
            .to_string();
        Ok(SuiteFiles {
            root,
            name,
            files,
            manifests,
        })
    }

    /// `sha256:<hex>` over the sorted relative file names and their bytes. Reads every file, so
    /// the runner computes it while the scanners run.
    pub fn digest(&self) -> anyhow::Result<String> {
        digest(&self.root, &self.files)
    }
}

/// A YAML file by its extension: what scanners are given and what the analyzer reads.
pub fn is_manifest(path: &Path) -> bool {
    matches!(
        path.extension().and_then(|e| e.to_str()),
        Some("yaml" | "yml")
    )
}

/// Length-prefixed name and content of every file: a rename, a moved byte between two files or
/// an added empty file all change the digest.
fn digest(root: &Path, files: &[PathBuf]) -> anyhow::Result<String> {
    let mut h = Sha256::new();
    for rel in files {
        let name = rel.to_string_lossy();
        let bytes = std::fs::read(root.join(rel))
            .with_context(|| format!("reading {}", root.join(rel).display()))?;
        h.update((name.len() as u64).to_le_bytes());
        h.update(name.as_bytes());
        h.update((bytes.len() as u64).to_le_bytes());
        h.update(&bytes);
    }
    let hex: String = h.finalize().iter().map(|b| format!("{b:02x}")).collect();
    Ok(format!("sha256:{hex}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn suite_with(files: &[(&str, &str)]) -> tempfile::TempDir {
        let d = tempfile::tempdir().unwrap();
        for (name, text) in files {
            let p = d.path().join(name);
            std::fs::create_dir_all(p.parent().unwrap()).unwrap();
            std::fs::write(p, text).unwrap();
        }
        d
    }

    #[test]
    fn digest_tracks_names_and_bytes_not_order_of_creation() {
        let a = suite_with(&[("a.yaml", "x: 1\n"), ("sub/b.yaml", "y: 2\n")]);
        let b = suite_with(&[("sub/b.yaml", "y: 2\n"), ("a.yaml", "x: 1\n")]);
        let renamed = suite_with(&[("c.yaml", "x: 1\n"), ("sub/b.yaml", "y: 2\n")]);
        let moved = suite_with(&[("a.yaml", "x: 1\ny"), ("sub/b.yaml", ": 2\n")]);
        let sa = SuiteFiles::load(a.path()).unwrap();
        let d = |t: &tempfile::TempDir| SuiteFiles::load(t.path()).unwrap().digest().unwrap();
        let da = d(&a);
        assert_eq!(da, d(&b));
        assert_ne!(da, d(&renamed));
        assert_ne!(da, d(&moved));
        assert!(da.starts_with("sha256:") && da.len() == 7 + 64);
        assert_eq!(
            sa.manifests,
            vec![PathBuf::from("a.yaml"), PathBuf::from("sub/b.yaml")]
        );
    }

    #[test]
    fn errors_name_the_folder() {
        let a = suite_with(&[("a.yaml", "x: 1\n"), ("README", "r")]);
        let s = SuiteFiles::load(a.path()).unwrap();
        assert_eq!(s.files.len(), 2);
        assert_eq!(s.manifests, vec![PathBuf::from("a.yaml")]);
        let err = SuiteFiles::load(&a.path().join("missing"))
            .unwrap_err()
            .to_string();
        assert!(err.contains("does not exist"), "{err}");
        let empty = suite_with(&[("notes.txt", "n")]);
        let err = SuiteFiles::load(empty.path()).unwrap_err().to_string();
        assert!(err.contains("no .yaml"), "{err}");
    }
}

//! Digests of suite files, so a stored result says which version of each check it scanned and
//! a catalog edit invalidates only the checks it touched, not every result.

use std::collections::BTreeMap;
use std::path::Path;

use anyhow::Context;
use sha2::{Digest, Sha256};

/// `sha256:<hex>` of some bytes: the notation of every digest in a sidecar.
pub fn sha256(bytes: &[u8]) -> String {
    let hex: String = Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    format!("sha256:{hex}")
}

/// The digest of one check: the sha256 of its file's bytes. A check spread over several files
/// (a suite other than ours may do that) gets one digest over their length-prefixed names and
/// bytes in name order, so moving an object between its files changes it too.
pub fn check_digest(root: &Path, files: &[&str]) -> anyhow::Result<String> {
    let read = |rel: &str| {
        std::fs::read(root.join(rel)).with_context(|| {
            format!(
                "{}: cannot read the suite file to digest it",
                root.join(rel).display()
            )
        })
    };
    let mut files: Vec<&str> = files.to_vec();
    files.sort_unstable();
    files.dedup();
    match files.as_slice() {
        [one] => Ok(sha256(&read(one)?)),
        many => {
            let mut h = Sha256::new();
            for rel in many {
                let bytes = read(rel)?;
                h.update((rel.len() as u64).to_le_bytes());
                h.update(rel.as_bytes());
                h.update((bytes.len() as u64).to_le_bytes());
                h.update(&bytes);
            }
            let hex: String = h.finalize().iter().map(|b| format!("{b:02x}")).collect();
            Ok(format!("sha256:{hex}"))
        }
    }
}

/// Check id -> digest of the check's files (relative to `root`), for every check given.
pub fn check_digests<'a>(
    root: &Path,
    checks: impl IntoIterator<Item = (&'a str, Vec<&'a str>)>,
) -> anyhow::Result<BTreeMap<String, String>> {
    checks
        .into_iter()
        .map(|(id, files)| Ok((id.to_string(), check_digest(root, &files)?)))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_file_is_the_sha256_of_its_bytes() {
        let d = tempfile::tempdir().unwrap();
        std::fs::write(d.path().join("a.yaml"), b"abc").unwrap();
        assert_eq!(
            check_digest(d.path(), &["a.yaml"]).unwrap(),
            // sha256("abc") from FIPS 180-2, appendix B.1.
            "sha256:ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
    }

    #[test]
    fn several_files_are_ordered_and_bounded() {
        let d = tempfile::tempdir().unwrap();
        let w = |n: &str, t: &str| std::fs::write(d.path().join(n), t).unwrap();
        w("a.yaml", "x: 1\n");
        w("b.yaml", "y: 2\n");
        let ab = check_digest(d.path(), &["a.yaml", "b.yaml"]).unwrap();
        assert_eq!(
            ab,
            check_digest(d.path(), &["b.yaml", "a.yaml", "a.yaml"]).unwrap()
        );
        w("a.yaml", "x: 1\ny");
        w("b.yaml", ": 2\n");
        assert_ne!(ab, check_digest(d.path(), &["a.yaml", "b.yaml"]).unwrap());
    }

    #[test]
    fn a_missing_file_is_an_error_naming_it() {
        let d = tempfile::tempdir().unwrap();
        let err = check_digests(d.path(), [("POD-1", vec!["gone.yaml"])])
            .unwrap_err()
            .to_string();
        assert!(err.contains("gone.yaml"), "{err}");
    }
}

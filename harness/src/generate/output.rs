//! Writing the suite to disk without ever leaving half a suite or deleting someone's files:
//! the files go into a fresh folder beside the target, which then replaces the target. The
//! target may be missing, empty, or a previous suite (its answer key names every file in it);
//! anything else is refused before a byte is written.

use std::collections::HashSet;
use std::fs;
use std::path::{Path, PathBuf};

use anyhow::{bail, Context};

use super::answer_key;

/// What `write` did, for the command's one-line summary.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Written {
    pub dir: PathBuf,
    pub files: usize,
    /// A previous suite was there and is gone now.
    pub replaced: bool,
}

/// The state of the target folder.
#[derive(Debug, PartialEq, Eq)]
enum Target {
    Missing,
    Empty,
    PreviousSuite,
}

/// Decides whether `dir` may be replaced; the error names the path and why not.
fn inspect(dir: &Path) -> anyhow::Result<Target> {
    let meta = match fs::symlink_metadata(dir) {
        Ok(m) => m,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Target::Missing),
        Err(e) => bail!("{}: cannot read: {e}", dir.display()),
    };
    if !meta.is_dir() {
        bail!("{}: exists and is not a directory", dir.display());
    }
    let mut names = Vec::new();
    for entry in fs::read_dir(dir).with_context(|| format!("{}: cannot list", dir.display()))? {
        let entry = entry.with_context(|| format!("{}: cannot list", dir.display()))?;
        let is_file = entry.file_type().map(|t| t.is_file()).unwrap_or(false);
        let name = entry.file_name().to_string_lossy().into_owned();
        if !is_file {
            bail!("{}: holds {name}, which is not a file of a generated suite; refusing to replace it", dir.display());
        }
        names.push(name);
    }
    if names.is_empty() {
        return Ok(Target::Empty);
    }
    let key_path = dir.join(answer_key::JSON);
    let key: Vec<answer_key::KeyRow> = fs::read(&key_path)
        .ok()
        .and_then(|b| serde_json::from_slice(&b).ok())
        .ok_or_else(|| {
            anyhow::anyhow!(
                "{}: not empty and not a generated suite (no readable {}); refusing to replace it",
                dir.display(),
                answer_key::JSON
            )
        })?;
    let known: HashSet<&str> = key
        .iter()
        .map(|r| r.file.as_str())
        .chain(answer_key::FILES)
        .collect();
    if let Some(stranger) = names
        .iter()
        .find(|n| !known.contains(n.as_str()) || n.contains('/'))
    {
        bail!(
            "{}: holds {stranger}, which its answer key does not list; refusing to replace it",
            dir.display()
        );
    }
    Ok(Target::PreviousSuite)
}

/// Writes `files` (name, bytes) as the folder `dir`, replacing a previous suite there.
pub fn write(dir: &Path, files: &[(String, Vec<u8>)]) -> anyhow::Result<Written> {
    let target = inspect(dir)?;
    let leaf = dir
        .file_name()
        .ok_or_else(|| anyhow::anyhow!("{}: not a folder name", dir.display()))?
        .to_string_lossy()
        .into_owned();
    let parent = match dir.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    fs::create_dir_all(&parent).with_context(|| format!("{}: cannot create", parent.display()))?;
    let staging = tempfile::Builder::new()
        .prefix(&format!(".{leaf}.new-"))
        .tempdir_in(&parent)
        .with_context(|| format!("{}: cannot write", parent.display()))?;
    write_files(staging.path(), files)?;
    set_dir_mode(staging.path())?;

    if target != Target::Missing {
        // Move the old folder aside first, so a failed rename can put it back.
        let aside = tempfile::Builder::new()
            .prefix(&format!(".{leaf}.old-"))
            .tempdir_in(&parent)
            .with_context(|| format!("{}: cannot write", parent.display()))?;
        let old = aside.path().join(&leaf);
        fs::rename(dir, &old).with_context(|| format!("{}: cannot move aside", dir.display()))?;
        if let Err(e) = fs::rename(staging.path(), dir) {
            let _ = fs::rename(&old, dir);
            return Err(e).with_context(|| format!("{}: cannot replace", dir.display()));
        }
        // `aside` removes the old suite when dropped.
        drop(aside);
    } else {
        fs::rename(staging.path(), dir)
            .with_context(|| format!("{}: cannot create", dir.display()))?;
    }
    // The staging folder is now `dir`; keep it from being deleted on drop.
    let _ = staging.keep();
    Ok(Written {
        dir: dir.to_path_buf(),
        files: files.len(),
        replaced: target == Target::PreviousSuite,
    })
}

/// Writes the files on all cores (file creation, not data, dominates the cost).
fn write_files(dir: &Path, files: &[(String, Vec<u8>)]) -> anyhow::Result<()> {
    let chunk = files.len().div_ceil(super::workers(files.len())).max(1);
    std::thread::scope(|s| {
        let handles: Vec<_> = files
            .chunks(chunk)
            .map(|part| {
                s.spawn(move || -> anyhow::Result<()> {
                    for (name, bytes) in part {
                        let p = dir.join(name);
                        fs::write(&p, bytes)
                            .with_context(|| format!("{}: cannot write", p.display()))?;
                    }
                    Ok(())
                })
            })
            .collect();
        handles
            .into_iter()
            .try_for_each(|h| h.join().expect("writing does not panic"))
    })
}

/// Staging folders are created private (0700); the suite is meant to be read by everyone.
#[cfg(unix)]
fn set_dir_mode(p: &Path) -> anyhow::Result<()> {
    use std::os::unix::fs::PermissionsExt;
    fs::set_permissions(p, fs::Permissions::from_mode(0o755))
        .with_context(|| format!("{}: cannot chmod", p.display()))
}

#[cfg(not(unix))]
fn set_dir_mode(_: &Path) -> anyhow::Result<()> {
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn suite() -> Vec<(String, Vec<u8>)> {
        let key = r#"[{"id":"A-1","category":"Misc","title":"t","expected":"alert","paths":[],"severity":"low","standards":[],"file":"a-1-x.yaml"}]"#;
        vec![
            ("a-1-x.yaml".into(), b"kind: Pod\n".to_vec()),
            (answer_key::JSON.into(), key.as_bytes().to_vec()),
            (answer_key::CSV.into(), b"id\nA-1\n".to_vec()),
        ]
    }

    #[test]
    fn writes_then_replaces_a_previous_suite() {
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path().join("out");
        let w = write(&dir, &suite()).unwrap();
        assert!(!w.replaced);
        assert_eq!(fs::read(dir.join("a-1-x.yaml")).unwrap(), b"kind: Pod\n");
        let w = write(&dir, &suite()).unwrap();
        assert!(w.replaced);
        // Nothing but the suite is left beside it.
        let names: Vec<_> = fs::read_dir(tmp.path())
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(names, vec![std::ffi::OsString::from("out")]);
    }

    #[test]
    fn refuses_foreign_content() {
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path().join("out");
        fs::create_dir(&dir).unwrap();
        fs::write(dir.join("notes.txt"), "mine").unwrap();
        let e = write(&dir, &suite()).unwrap_err().to_string();
        assert!(e.contains("out") && e.contains("refusing"), "{e}");
        assert_eq!(fs::read_to_string(dir.join("notes.txt")).unwrap(), "mine");

        // A previous suite with one extra file is refused too.
        let dir2 = tmp.path().join("out2");
        write(&dir2, &suite()).unwrap();
        fs::write(dir2.join("extra.yaml"), "x").unwrap();
        let e = write(&dir2, &suite()).unwrap_err().to_string();
        assert!(e.contains("extra.yaml"), "{e}");
        assert!(dir2.join("a-1-x.yaml").exists());
    }

    #[test]
    fn refuses_a_file() {
        let tmp = tempfile::tempdir().unwrap();
        let f = tmp.path().join("f");
        fs::write(&f, "x").unwrap();
        let e = write(&f, &suite()).unwrap_err().to_string();
        assert!(e.contains("not a directory"), "{e}");
        let e = write(&f.join("sub"), &suite()).unwrap_err();
        assert!(format!("{e:#}").contains("f"), "{e:#}");
        assert_eq!(fs::read_to_string(&f).unwrap(), "x");
    }
}

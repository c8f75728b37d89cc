//! Storing a scanner's raw output under `results/<tool>/` with KALM's naming
//! (`<tool>_v<version>_<YYYY-MM-DD>.json`) and a `.meta.json` sidecar.
//!
//! Each file is written to a temporary file in the destination folder, flushed, and then linked
//! into place without replacing anything (`persist_noclobber`): a reader never sees half a file, a
//! crash leaves no partial result, and an earlier result is never overwritten; a second run on
//! the same day gets the suffix `-2`, `-3`, ...

use std::io::Write;
use std::path::{Path, PathBuf};

use anyhow::Context;
use serde::Serialize;

/// The scanner of a run as it reads on any machine: its path is relative to the checkout (or
/// its bare file name when it was found on PATH), never this machine's absolute path.
#[derive(Debug, Clone, Serialize)]
pub struct ScannerId {
    pub name: String,
    pub version: String,
    pub path: String,
}

/// What the sidecar records about one run of one scanner. Paths in `argv` and `env` are
/// relative to the checkout, with `$WORK` for the run's temporary folder and `$SUITE` for a
/// suite outside the checkout (see [`super::portable`]).
#[derive(Debug, Clone, Serialize)]
pub struct Meta {
    pub tool: String,
    pub version: String,
    pub scanner: ScannerId,
    pub argv: Vec<String>,
    /// Environment the adapter added (update checks and telemetry off), so the run can be
    /// repeated by hand exactly.
    pub env: std::collections::BTreeMap<String, String>,
    pub exit_code: Option<i32>,
    pub duration_secs: f64,
    pub timed_out: bool,
    pub stderr_tail: String,
    pub findings: usize,
    pub harness_version: String,
    pub suite: String,
    pub suite_digest: String,
    pub started_at: String,
}

/// `json` when the output looks like JSON (a document or JSON lines), else `txt`.
pub fn extension_for(output: &[u8]) -> &'static str {
    match output.iter().find(|b| !b.is_ascii_whitespace()) {
        Some(b'{') | Some(b'[') => "json",
        _ => "txt",
    }
}

/// File-name-safe version: KALM's names split on `_`, so no underscore or path separator.
fn clean_version(version: &str) -> String {
    let v: String = version
        .trim()
        .trim_start_matches('v')
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '.' || c == '-' || c == '+' {
                c
            } else {
                '-'
            }
        })
        .collect();
    if v.is_empty() {
        "unknown".to_string()
    } else {
        v
    }
}

/// The stem (without suffix) for a tool, version and date.
pub fn stem(tool: &str, version: &str, date: &str) -> String {
    format!("{tool}_v{}_{date}", clean_version(version))
}

/// A scanner's output written and flushed to a hidden temporary file in `out/<tool>/`, not yet
/// under a result name. Staging is separate from [`commit`] so the write and its fsync (the
/// slow part, waiting on the disk) can run while the output is being validated; an output that
/// turns out invalid is dropped with its temporary file.
pub struct Staged {
    dir: PathBuf,
    ext: &'static str,
    file: tempfile::TempPath,
}

/// Stages the file `src` holding `output` (the scanner's output file, no longer written to) by
/// linking it into `out/<tool>/` when both are on one filesystem, which spares copying a large
/// output, and by writing `output` otherwise.
pub fn stage_file(out: &Path, tool: &str, src: &Path, output: &[u8]) -> anyhow::Result<Staged> {
    use std::os::unix::fs::PermissionsExt;
    let dir = tool_dir(out, tool)?;
    let linked = tempfile::Builder::new()
        .prefix(".partial-")
        .make_in(&dir, |p| std::fs::hard_link(src, p));
    let file = match linked {
        Ok(linked) => {
            let file = linked.into_temp_path();
            std::fs::set_permissions(&file, std::fs::Permissions::from_mode(0o644))
                .and_then(|_| std::fs::File::open(&file)?.sync_all())
                .with_context(|| format!("writing {}", file.display()))?;
            file
        }
        Err(_) => stage_bytes(&dir, output)?.into_temp_path(),
    };
    Ok(Staged {
        dir,
        ext: extension_for(output),
        file,
    })
}

fn tool_dir(out: &Path, tool: &str) -> anyhow::Result<PathBuf> {
    let dir = out.join(tool);
    std::fs::create_dir_all(&dir).with_context(|| format!("creating {}", dir.display()))?;
    Ok(dir)
}

/// Gives a staged output its result name (the first free one for the tool, version and date)
/// and writes its sidecar; returns the output file's path.
///
/// The sidecar is linked into place first and the output second, both without replacing
/// anything: a name is taken by whoever links its sidecar, so two runs finishing at the same
/// moment cannot pair one's sidecar with the other's output.
pub fn commit(staged: Staged, meta: &Meta, date: &str) -> anyhow::Result<PathBuf> {
    let Staged { dir, ext, mut file } = staged;
    let base = stem(&meta.tool, &meta.version, date);
    let meta_json = serde_json::to_vec_pretty(meta).context("serializing the result sidecar")?;
    for n in 1u32.. {
        let s = if n == 1 {
            base.clone()
        } else {
            format!("{base}-{n}")
        };
        let data_path = dir.join(format!("{s}.{ext}"));
        let meta_path = dir.join(format!("{s}.meta.json"));
        // A name is free only when neither the output (under any extension) nor its sidecar
        // exists, so a sidecar never describes someone else's output.
        if meta_path.exists()
            || ["json", "txt"]
                .iter()
                .any(|e| dir.join(format!("{s}.{e}")).exists())
        {
            continue;
        }
        match write_new(&dir, &meta_path, &meta_json)? {
            Written::Yes => {}
            Written::Taken => continue,
        }
        match file.persist_noclobber(&data_path) {
            Ok(()) => return Ok(data_path),
            Err(e) => {
                let _ = std::fs::remove_file(&meta_path);
                if e.error.kind() != std::io::ErrorKind::AlreadyExists {
                    return Err(e.error)
                        .with_context(|| format!("storing {}", data_path.display()));
                }
                // An output without a sidecar appeared under this name meanwhile: next name.
                file = e.path;
            }
        }
    }
    unreachable!("the suffix loop only ends by returning")
}

enum Written {
    Yes,
    Taken,
}

fn write_new(dir: &Path, path: &Path, bytes: &[u8]) -> anyhow::Result<Written> {
    let tmp = stage_bytes(dir, bytes)?;
    match tmp.persist_noclobber(path) {
        Ok(_) => Ok(Written::Yes),
        Err(e) if e.error.kind() == std::io::ErrorKind::AlreadyExists => Ok(Written::Taken),
        Err(e) => Err(e.error).with_context(|| format!("storing {}", path.display())),
    }
}

/// `bytes` in a new temporary file in `dir`, flushed to disk.
fn stage_bytes(dir: &Path, bytes: &[u8]) -> anyhow::Result<tempfile::NamedTempFile> {
    use std::os::unix::fs::PermissionsExt;
    let mut tmp = tempfile::Builder::new()
        .prefix(".partial-")
        // Results are shared data (committed, read by other users), not private temporary files.
        .permissions(std::fs::Permissions::from_mode(0o644))
        .tempfile_in(dir)
        .with_context(|| format!("creating a temporary file in {}", dir.display()))?;
    tmp.write_all(bytes)
        .and_then(|_| tmp.as_file().sync_all())
        .with_context(|| format!("writing {}", tmp.path().display()))?;
    Ok(tmp)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn meta(tool: &str) -> Meta {
        Meta {
            tool: tool.into(),
            version: "v0.74.0".into(),
            scanner: ScannerId {
                name: tool.into(),
                version: "v0.74.0".into(),
                path: ".tools/bin/trivy".into(),
            },
            argv: vec!["trivy".into()],
            env: Default::default(),
            exit_code: Some(1),
            duration_secs: 1.5,
            timed_out: false,
            stderr_tail: String::new(),
            findings: 3,
            harness_version: "0.1.0".into(),
            suite: "manifests".into(),
            suite_digest: "sha256:00".into(),
            started_at: "2026-11-26T00:00:00Z".into(),
        }
    }

    /// Stages `output` from memory and commits it, as a run does when it cannot link.
    fn store(out: &Path, meta: &Meta, date: &str, output: &[u8]) -> anyhow::Result<PathBuf> {
        let dir = tool_dir(out, &meta.tool)?;
        let file = stage_bytes(&dir, output)?.into_temp_path();
        let ext = extension_for(output);
        commit(Staged { dir, ext, file }, meta, date)
    }

    #[test]
    fn a_linked_output_is_stored_and_a_dropped_one_leaves_nothing() {
        use std::os::unix::fs::PermissionsExt;
        let out = tempfile::tempdir().unwrap();
        let scratch = tempfile::tempdir_in(out.path()).unwrap();
        let src = scratch.path().join("stdout");
        std::fs::write(&src, b"[1]").unwrap();
        std::fs::set_permissions(&src, std::fs::Permissions::from_mode(0o600)).unwrap();
        let staged = stage_file(out.path(), "trivy", &src, b"[1]").unwrap();
        let p = commit(staged, &meta("trivy"), "2026-11-26").unwrap();
        assert_eq!(std::fs::read(&p).unwrap(), b"[1]");
        // Results are shared data, whatever mode the scanner's file had.
        let mode = std::fs::metadata(&p).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o644);
        // Linked, not copied: removing the scanner's file keeps the result.
        std::fs::remove_file(&src).unwrap();
        assert_eq!(std::fs::read(&p).unwrap(), b"[1]");
        // An output staged and then dropped (invalid) leaves no file behind.
        std::fs::write(&src, b"garbage").unwrap();
        drop(stage_file(out.path(), "trivy", &src, b"garbage").unwrap());
        let names: Vec<String> = std::fs::read_dir(out.path().join("trivy"))
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        assert_eq!(names.len(), 2, "{names:?}");
        assert!(
            names.iter().all(|n| !n.starts_with(".partial")),
            "{names:?}"
        );
    }

    #[test]
    fn names_and_collisions() {
        let out = tempfile::tempdir().unwrap();
        let m = meta("trivy");
        let p1 = store(out.path(), &m, "2026-11-26", b"{\"a\":1}").unwrap();
        assert_eq!(p1, out.path().join("trivy/trivy_v0.74.0_2026-11-26.json"));
        let p2 = store(out.path(), &m, "2026-11-26", b"{\"a\":2}").unwrap();
        assert_eq!(p2, out.path().join("trivy/trivy_v0.74.0_2026-11-26-2.json"));
        // A text output on the same day does not take a stem whose JSON exists.
        let p3 = store(out.path(), &m, "2026-11-26", b"plain text").unwrap();
        assert_eq!(p3, out.path().join("trivy/trivy_v0.74.0_2026-11-26-3.txt"));
        assert_eq!(std::fs::read(&p1).unwrap(), b"{\"a\":1}");
        assert_eq!(std::fs::read(&p2).unwrap(), b"{\"a\":2}");
        let sidecar: serde_json::Value = serde_json::from_slice(
            &std::fs::read(
                out.path()
                    .join("trivy/trivy_v0.74.0_2026-11-26-2.meta.json"),
            )
            .unwrap(),
        )
        .unwrap();
        assert_eq!(sidecar["exit_code"], 1);
        assert_eq!(sidecar["findings"], 3);
        // No temporary files are left behind.
        let names: Vec<String> = std::fs::read_dir(out.path().join("trivy"))
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        assert_eq!(names.len(), 6, "{names:?}");
        assert!(names.iter().all(|n| !n.starts_with(".partial")));
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&p1).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o644);
    }

    #[test]
    fn versions_are_file_name_safe() {
        assert_eq!(stem("x", "v1.2_3/4", "2026-01-02"), "x_v1.2-3-4_2026-01-02");
        assert_eq!(stem("x", "", "2026-01-02"), "x_vunknown_2026-01-02");
        assert_eq!(
            adapters::parser::version_from_file_name(&stem("kube-score", "1.20.0", "2026-01-02"))
                .as_deref(),
            Some("1.20.0")
        );
        assert_eq!(extension_for(b"  \n[1]"), "json");
        assert_eq!(extension_for(b"ok"), "txt");
    }
}

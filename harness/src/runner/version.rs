//! Asking an installed scanner for its version, with a timeout: a version probe must never hang
//! `harness scanners` or a run (some scanners try the network on any invocation).

use std::path::Path;
use std::process::Stdio;
use std::time::Duration;

use super::drivers::Driver;

/// How long a `--version` call may take; checkov imports its whole Python tree first.
pub const VERSION_TIMEOUT: Duration = Duration::from_secs(30);

/// The version the scanner reports, or why there is none.
pub async fn probe(driver: &Driver, program: &Path, timeout: Duration) -> Result<String, String> {
    let mut cmd = tokio::process::Command::new(program);
    cmd.args(driver.version_args)
        .envs(driver.offline_env.iter().copied())
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .process_group(0)
        .kill_on_drop(true);
    let child = cmd
        .spawn()
        .map_err(|e| format!("cannot start {}: {e}", program.display()))?;
    let pid = child.id();
    match tokio::time::timeout(timeout, child.wait_with_output()).await {
        Ok(Ok(out)) => {
            // Tools differ in which stream they print the version on.
            let mut text = String::from_utf8_lossy(&out.stdout).into_owned();
            text.push('\n');
            text.push_str(&String::from_utf8_lossy(&out.stderr));
            (driver.parse_version)(&text).ok_or_else(|| {
                let first = text
                    .lines()
                    .map(str::trim)
                    .find(|l| !l.is_empty())
                    .unwrap_or("");
                format!(
                    "no version in the output of `{} {}`: {first:?}",
                    program.display(),
                    driver.version_args.join(" ")
                )
            })
        }
        Ok(Err(e)) => Err(format!("{}: {e}", program.display())),
        Err(_) => {
            if let Some(pid) = pid {
                super::exec::kill_group(pid as i32);
            }
            Err(format!(
                "`{} {}` did not answer within {}s",
                program.display(),
                driver.version_args.join(" "),
                timeout.as_secs()
            ))
        }
    }
}

/// Where probed versions are remembered: `$HARNESS_CACHE_DIR`, else `$XDG_CACHE_HOME/harness`,
/// else `~/.cache/harness`.
fn cache_file() -> Option<std::path::PathBuf> {
    let dir = std::env::var_os("HARNESS_CACHE_DIR")
        .filter(|d| !d.is_empty())
        .map(std::path::PathBuf::from)
        .or_else(|| {
            std::env::var_os("XDG_CACHE_HOME")
                .filter(|d| !d.is_empty())
                .map(|d| std::path::PathBuf::from(d).join("harness"))
        })
        .or_else(|| {
            std::env::var_os("HOME").map(|h| std::path::PathBuf::from(h).join(".cache/harness"))
        })?;
    Some(dir.join("versions.json"))
}

/// Identifies one build of an executable: its path, size and modification time. Reinstalling
/// (the install script rewrites every file it installs) changes the key.
fn cache_key(program: &Path) -> Option<String> {
    let path = program.canonicalize().ok()?;
    let meta = std::fs::metadata(&path).ok()?;
    let mtime = meta
        .modified()
        .ok()?
        .duration_since(std::time::UNIX_EPOCH)
        .ok()?;
    Some(format!(
        "{}|{}|{}",
        path.display(),
        meta.len(),
        mtime.as_nanos()
    ))
}

fn read_cache(file: &Path) -> std::collections::BTreeMap<String, String> {
    std::fs::read(file)
        .ok()
        .and_then(|b| serde_json::from_slice(&b).ok())
        .unwrap_or_default()
}

/// [`probe`], remembered per executable build: asking checkov for its version costs seconds of
/// CPU (it imports its whole package), which on a small machine would slow the scan beside it.
pub async fn probe_cached(
    driver: &Driver,
    program: &Path,
    timeout: Duration,
) -> Result<String, String> {
    let (Some(file), Some(key)) = (cache_file(), cache_key(program)) else {
        return probe(driver, program, timeout).await;
    };
    if let Some(v) = read_cache(&file).get(&key) {
        return Ok(v.clone());
    }
    let version = probe(driver, program, timeout).await?;
    // Best effort: a cache that cannot be written only means probing again next time.
    let _ = (|| -> std::io::Result<()> {
        let dir = file.parent().unwrap_or(Path::new("."));
        std::fs::create_dir_all(dir)?;
        let mut map = read_cache(&file);
        map.insert(key, version.clone());
        let tmp = tempfile::NamedTempFile::new_in(dir)?;
        serde_json::to_writer_pretty(tmp.as_file(), &map)?;
        tmp.persist(&file).map_err(|e| e.error)?;
        Ok(())
    })();
    Ok(version)
}

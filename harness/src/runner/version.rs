//! Asking an installed scanner for its version, with a timeout: a version probe must never hang
//! `harness scanners` or a run (some scanners try the network on any invocation).

use std::path::Path;
use std::process::Stdio;
use std::time::Duration;

use adapters::Scanner;

/// How long a `--version` call may take; checkov imports its whole Python tree first.
pub const VERSION_TIMEOUT: Duration = Duration::from_secs(30);

/// The version the scanner reports, or why there is none.
pub async fn probe(
    scanner: &dyn Scanner,
    program: &Path,
    timeout: Duration,
) -> Result<String, String> {
    let mut cmd = tokio::process::Command::new(program);
    cmd.args(scanner.version_args())
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
            scanner.parse_version(&text).ok_or_else(|| {
                let first = text
                    .lines()
                    .map(str::trim)
                    .find(|l| !l.is_empty())
                    .unwrap_or("");
                format!(
                    "no version in the output of `{} {}`: {first:?}",
                    program.display(),
                    scanner.version_args().join(" ")
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
                scanner.version_args().join(" "),
                timeout.as_secs()
            ))
        }
    }
}

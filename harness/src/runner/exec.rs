//! Running one scanner process: its own process group (so a timeout or Ctrl-C kills the scanner
//! together with anything it started), stdout and stderr to files (so a grandchild that keeps a
//! pipe open cannot hang the run, and large outputs do not sit in memory twice), a deadline.

use std::collections::HashSet;
use std::path::Path;
use std::process::Stdio;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use super::drivers::ScanPlan;
use nix::sys::signal::{killpg, Signal};
use nix::unistd::Pid;

/// Sends SIGKILL to a whole process group. A group that is already gone is not an error.
pub fn kill_group(pgid: i32) {
    if pgid > 0 {
        let _ = killpg(Pid::from_raw(pgid), Signal::SIGKILL);
    }
}

/// The process groups of scanners still running, so an interrupt can kill them all at once.
#[derive(Debug, Clone, Default)]
pub struct Groups(Arc<Mutex<HashSet<i32>>>);

impl Groups {
    fn insert(&self, pgid: i32) {
        self.0
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .insert(pgid);
    }

    fn remove(&self, pgid: i32) {
        self.0
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .remove(&pgid);
    }

    pub fn kill_all(&self) {
        for pgid in self.0.lock().unwrap_or_else(|e| e.into_inner()).iter() {
            kill_group(*pgid);
        }
    }
}

/// Kills the group when dropped: on the normal path after the scanner exited (stray background
/// processes it left), and when the run is cancelled and the task holding this is dropped.
struct GroupGuard {
    pgid: i32,
    groups: Groups,
}

impl Drop for GroupGuard {
    fn drop(&mut self) {
        kill_group(self.pgid);
        self.groups.remove(self.pgid);
    }
}

/// How a scanner process ended.
#[derive(Debug, Clone)]
pub struct Exit {
    /// None when the process was ended by a signal.
    pub code: Option<i32>,
    pub signal: Option<i32>,
    pub timed_out: bool,
    pub duration: Duration,
}

/// Runs `plan` in `cwd`, with stdout and stderr written to the given files.
pub async fn execute(
    plan: &ScanPlan,
    cwd: &Path,
    stdout: &Path,
    stderr: &Path,
    timeout: Duration,
    groups: &Groups,
) -> std::io::Result<Exit> {
    let out = std::fs::File::create(stdout)?;
    let err = std::fs::File::create(stderr)?;
    let mut cmd = tokio::process::Command::new(&plan.program);
    cmd.args(&plan.args)
        .envs(plan.env.iter().map(|(k, v)| (k, v)))
        .current_dir(cwd)
        .stdin(Stdio::null())
        .stdout(Stdio::from(out))
        .stderr(Stdio::from(err))
        .process_group(0)
        .kill_on_drop(true);
    let start = Instant::now();
    let mut child = cmd.spawn().map_err(|e| {
        std::io::Error::new(
            e.kind(),
            format!("cannot start {}: {e}", plan.program.display()),
        )
    })?;
    let pgid = child.id().map(|p| p as i32).unwrap_or(0);
    groups.insert(pgid);
    let _guard = GroupGuard {
        pgid,
        groups: groups.clone(),
    };
    let (status, timed_out) = match tokio::time::timeout(timeout, child.wait()).await {
        Ok(status) => (status?, false),
        Err(_) => {
            kill_group(pgid);
            (child.wait().await?, true)
        }
    };
    use std::os::unix::process::ExitStatusExt;
    Ok(Exit {
        code: status.code(),
        signal: status.signal(),
        timed_out,
        duration: start.elapsed(),
    })
}

/// The last lines of a scanner's stderr, for the sidecar and for failure reasons.
pub fn tail(bytes: &[u8], max_lines: usize, max_chars: usize) -> String {
    let text = String::from_utf8_lossy(bytes);
    let lines: Vec<&str> = text.lines().filter(|l| !l.trim().is_empty()).collect();
    let mut out = lines[lines.len().saturating_sub(max_lines)..].join("\n");
    if out.chars().count() > max_chars {
        let skip = out.chars().count() - max_chars;
        out = out.chars().skip(skip).collect();
    }
    out
}

#[cfg(test)]
mod tests {
    use super::tail;

    #[test]
    fn tails() {
        assert_eq!(tail(b"a\n\nb\nc\n", 2, 100), "b\nc");
        assert_eq!(tail(b"abcdef", 5, 3), "def");
        assert_eq!(tail(b"", 5, 3), "");
        assert_eq!(tail(&[0xff, b'x'], 5, 10), "\u{fffd}x");
    }
}

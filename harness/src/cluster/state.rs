//! What `harness cluster up` leaves for `harness cluster down`: the process groups and the
//! folder of the control plane it detached. One per user; it holds no credentials (those stay in
//! the control plane's own folder).

use std::path::{Path, PathBuf};

use anyhow::{bail, Context};
use serde::{Deserialize, Serialize};

#[derive(Debug, Serialize, Deserialize, PartialEq)]
pub struct State {
    pub groups: Vec<i32>,
    pub dir: PathBuf,
    pub kubeconfig: PathBuf,
    pub server: String,
    pub version: String,
}

/// `$TMPDIR/scanner-bench-cluster-<uid>.json`
pub fn path() -> PathBuf {
    use std::os::unix::fs::MetadataExt;
    let uid = std::fs::metadata("/proc/self")
        .map(|m| m.uid())
        .unwrap_or(0);
    std::env::temp_dir().join(format!("scanner-bench-cluster-{uid}.json"))
}

pub fn load(path: &Path) -> anyhow::Result<Option<State>> {
    match std::fs::read(path) {
        Ok(bytes) => serde_json::from_slice(&bytes)
            .map(Some)
            .with_context(|| format!("{}: not a control-plane state file", path.display())),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(e) => Err(e).with_context(|| format!("reading {}", path.display())),
    }
}

/// Written beside, then renamed, so `down` never reads half a file.
pub fn save(path: &Path, state: &State) -> anyhow::Result<()> {
    if path.exists() {
        bail!(
            "a control plane started by `harness cluster up` is still recorded in {}; stop it with `harness cluster down`",
            path.display()
        );
    }
    let tmp = path.with_extension("json.tmp");
    std::fs::write(&tmp, serde_json::to_vec_pretty(state)?)
        .with_context(|| format!("writing {}", tmp.display()))?;
    std::fs::rename(&tmp, path).with_context(|| format!("writing {}", path.display()))
}

/// True when process `pid` is still one of ours: a leader of its own group running etcd or
/// kube-apiserver. Guards `down` against a recorded id that the kernel has since reused.
pub fn is_control_plane(pid: i32) -> bool {
    let cmdline = std::fs::read(format!("/proc/{pid}/cmdline")).unwrap_or_default();
    let argv0 = cmdline.split(|b| *b == 0).next().unwrap_or_default();
    let name = Path::new(std::str::from_utf8(argv0).unwrap_or(""))
        .file_name()
        .and_then(|n| n.to_str())
        .unwrap_or("");
    matches!(name, "etcd" | "kube-apiserver")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trip_and_refuses_a_second_up() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("state.json");
        assert_eq!(load(&p).unwrap(), None);
        let s = State {
            groups: vec![10, 11],
            dir: "/tmp/x".into(),
            kubeconfig: "/tmp/x/kubeconfig".into(),
            server: "https://127.0.0.1:1".into(),
            version: "v1.37.2".into(),
        };
        save(&p, &s).unwrap();
        assert_eq!(load(&p).unwrap(), Some(s));
        let again = State {
            groups: vec![],
            dir: "/tmp/y".into(),
            kubeconfig: "/tmp/y/k".into(),
            server: String::new(),
            version: String::new(),
        };
        let err = save(&p, &again).unwrap_err().to_string();
        assert!(err.contains("harness cluster down"), "{err}");
        std::fs::write(&p, b"{").unwrap();
        let err = load(&p).unwrap_err().to_string();
        assert!(err.contains("not a control-plane state file"), "{err}");
    }

    #[test]
    fn own_process_is_not_a_control_plane() {
        assert!(!is_control_plane(std::process::id() as i32));
        assert!(!is_control_plane(i32::MAX));
    }
}

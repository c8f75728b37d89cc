//! Finding scanner executables: the project's own `.tools/bin` (filled by
//! `scripts/install-scanners.sh`) wins over PATH, so the pinned versions are the ones benchmarked
//! even when an older copy is installed system-wide.

use std::ffi::OsString;
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};

/// Overrides where the project's tools live (a folder of executables). Tests point it at an
/// empty folder so that fake scanners on PATH are the ones found.
pub const TOOLS_DIR_ENV: &str = "HARNESS_TOOLS_DIR";

/// Folders searched for scanner executables, in order: `$HARNESS_TOOLS_DIR`, else the nearest
/// `.tools/bin` above the working directory or above the harness executable; then PATH.
pub fn search_dirs() -> Vec<PathBuf> {
    let path = std::env::var_os("PATH").unwrap_or_default();
    let cwd = std::env::current_dir().ok();
    let exe = std::env::current_exe().ok();
    search_dirs_from(
        std::env::var_os(TOOLS_DIR_ENV),
        cwd.as_deref(),
        exe.as_deref(),
        &path,
    )
}

fn search_dirs_from(
    tools_env: Option<OsString>,
    cwd: Option<&Path>,
    exe: Option<&Path>,
    path: &std::ffi::OsStr,
) -> Vec<PathBuf> {
    let mut dirs = Vec::new();
    if let Some(t) = tools_env.filter(|t| !t.is_empty()) {
        dirs.push(PathBuf::from(t));
    } else if let Some(d) = [cwd, exe.and_then(Path::parent)]
        .into_iter()
        .flatten()
        .find_map(nearest_tools_bin)
    {
        dirs.push(d);
    }
    dirs.extend(std::env::split_paths(path).filter(|p| !p.as_os_str().is_empty()));
    dirs
}

fn nearest_tools_bin(start: &Path) -> Option<PathBuf> {
    start
        .ancestors()
        .map(|a| a.join(".tools").join("bin"))
        .find(|d| d.is_dir())
}

/// The first executable file called `binary` in `dirs`.
pub fn find_in(binary: &str, dirs: &[PathBuf]) -> Option<PathBuf> {
    dirs.iter()
        .map(|d| d.join(binary))
        .find(|p| is_executable(p))
}

/// The executable for `binary`, searched in [`search_dirs`].
pub fn find(binary: &str) -> Option<PathBuf> {
    find_in(binary, &search_dirs())
}

fn is_executable(p: &Path) -> bool {
    std::fs::metadata(p)
        .map(|m| m.is_file() && m.permissions().mode() & 0o111 != 0)
        .unwrap_or(false)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn exe(dir: &Path, name: &str) -> PathBuf {
        let p = dir.join(name);
        std::fs::write(&p, "#!/bin/sh\n").unwrap();
        std::fs::set_permissions(&p, std::fs::Permissions::from_mode(0o755)).unwrap();
        p
    }

    #[test]
    fn tools_bin_wins_over_path() {
        let root = tempfile::tempdir().unwrap();
        let bin = root.path().join(".tools/bin");
        let sys = root.path().join("sys");
        let work = root.path().join("a/b");
        for d in [&bin, &sys, &work] {
            std::fs::create_dir_all(d).unwrap();
        }
        let ours = exe(&bin, "trivy");
        exe(&sys, "trivy");
        let sys_only = exe(&sys, "kube-score");
        // Not executable: skipped.
        std::fs::write(sys.join("kubesec"), "x").unwrap();

        let dirs = search_dirs_from(None, Some(&work), None, sys.as_os_str());
        assert_eq!(dirs[0], bin);
        assert_eq!(find_in("trivy", &dirs), Some(ours));
        assert_eq!(find_in("kube-score", &dirs), Some(sys_only));
        assert_eq!(find_in("kubesec", &dirs), None);

        // The override replaces the discovered folder.
        let empty = root.path().join("empty");
        std::fs::create_dir_all(&empty).unwrap();
        let dirs = search_dirs_from(
            Some(empty.clone().into()),
            Some(&work),
            None,
            sys.as_os_str(),
        );
        assert_eq!(dirs, vec![empty, sys.clone()]);
        assert_eq!(find_in("trivy", &dirs), Some(sys.join("trivy")));
    }
}

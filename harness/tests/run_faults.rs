//! `harness run` against fake scanner executables written by each test: valid output with a
//! non-zero exit, a crash, garbage, a hang (with a grandchild), Ctrl-C, a missing scanner, a
//! scanner that needs the network, and results that already exist.
//!
//! The fakes replace `checkov` on PATH; HARNESS_TOOLS_DIR points at an empty folder so a real
//! `.tools/bin/checkov` is never picked up, and TMPDIR is private so leftovers are visible.

use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use assert_cmd::cargo::CommandCargoExt;

/// Valid checkov JSON with one failed check (checkov exits 1 when a check fails).
const CHECKOV_JSON: &str = r#"{"check_type": "kubernetes", "results": {"failed_checks": [{"check_id": "CKV_K8S_16", "check_name": "Container should not be privileged", "file_path": "/pod-032-2-privileged-container.yaml", "resource": "Deployment.default.pod-032-2-privileged-container"}]}, "summary": {"checkov_version": "3.3.30"}}"#;

struct Env {
    root: tempfile::TempDir,
}

impl Env {
    /// A fake `checkov` whose scan behaviour is the shell snippet `body`; `--version` answers.
    fn new(body: &str) -> Env {
        let root = tempfile::tempdir().unwrap();
        let p = root.path();
        for d in ["bin", "tools", "tmp", "out", "suite"] {
            std::fs::create_dir_all(p.join(d)).unwrap();
        }
        std::fs::write(
            p.join("suite/pod-032-2-privileged-container.yaml"),
            "apiVersion: v1\nkind: Pod\nmetadata:\n  name: pod-032-2-privileged-container\n",
        )
        .unwrap();
        std::fs::write(p.join("canned.json"), CHECKOV_JSON).unwrap();
        let script = format!(
            "#!/bin/sh\nROOT='{}'\nif [ \"$1\" = \"--version\" ]; then echo v >> \"$ROOT/version-calls\"; echo 3.3.30; exit 0; fi\n{body}\n",
            p.display()
        );
        let fake = p.join("bin/checkov");
        std::fs::write(&fake, script).unwrap();
        std::fs::set_permissions(&fake, std::fs::Permissions::from_mode(0o755)).unwrap();
        Env { root }
    }

    fn path(&self, rel: &str) -> PathBuf {
        self.root.path().join(rel)
    }

    fn cmd(&self, args: &[&str]) -> Command {
        let mut c = Command::cargo_bin("harness").unwrap();
        c.current_dir(self.root.path())
            .args(["run", "--suite", "suite", "--out", "out"])
            .args(args)
            .env(
                "PATH",
                format!("{}:/usr/bin:/bin", self.path("bin").display()),
            )
            .env("HARNESS_TOOLS_DIR", self.path("tools"))
            .env("TMPDIR", self.path("tmp"))
            .env("HARNESS_CACHE_DIR", self.path("cache"))
            .stdin(Stdio::null());
        c
    }

    fn run(&self, args: &[&str]) -> (i32, String, String) {
        let out = self.cmd(args).output().unwrap();
        (
            out.status.code().unwrap_or(-1),
            String::from_utf8_lossy(&out.stdout).into_owned(),
            String::from_utf8_lossy(&out.stderr).into_owned(),
        )
    }

    /// Every file under `rel`, relative, sorted.
    fn files(&self, rel: &str) -> Vec<String> {
        let base = self.path(rel);
        let mut v: Vec<String> = walk(&base)
            .into_iter()
            .map(|p| p.strip_prefix(&base).unwrap().display().to_string())
            .collect();
        v.sort();
        v
    }
}

fn walk(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    if let Ok(rd) = std::fs::read_dir(dir) {
        for e in rd.flatten() {
            let p = e.path();
            if p.is_dir() {
                out.extend(walk(&p));
            } else {
                out.push(p);
            }
        }
    }
    out
}

fn today() -> String {
    harness::runner::clock::UtcTime::now().date()
}

/// True once the process is gone or a zombie waiting to be reaped by init.
fn gone(pid: i32) -> bool {
    match std::fs::read_to_string(format!("/proc/{pid}/stat")) {
        Err(_) => true,
        Ok(stat) => stat
            .rsplit(')')
            .next()
            .is_some_and(|s| s.trim_start().starts_with('Z')),
    }
}

fn wait_gone(pid: i32) -> bool {
    let start = Instant::now();
    while start.elapsed() < Duration::from_secs(5) {
        if gone(pid) {
            return true;
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    false
}

fn wait_for_file(p: &Path) -> String {
    let start = Instant::now();
    while start.elapsed() < Duration::from_secs(20) {
        if let Ok(s) = std::fs::read_to_string(p) {
            if s.ends_with('\n') {
                return s;
            }
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    panic!("{} never appeared", p.display());
}

#[test]
fn nonzero_exit_with_valid_output_is_a_result() {
    let env = Env::new("cat \"$ROOT/canned.json\"\necho 'a warning' >&2\nexit 1");
    let (code, stdout, stderr) = env.run(&["--tool", "checkov"]);
    assert_eq!(code, 0, "stdout:\n{stdout}\nstderr:\n{stderr}");
    let stem = format!("checkov_v3.3.30_{}", today());
    assert_eq!(
        env.files("out"),
        vec![
            format!("checkov/{stem}.json"),
            format!("checkov/{stem}.meta.json")
        ]
    );
    assert_eq!(
        std::fs::read_to_string(env.path(&format!("out/checkov/{stem}.json"))).unwrap(),
        CHECKOV_JSON
    );
    let meta: serde_json::Value = serde_json::from_slice(
        &std::fs::read(env.path(&format!("out/checkov/{stem}.meta.json"))).unwrap(),
    )
    .unwrap();
    assert_eq!(meta["tool"], "checkov");
    assert_eq!(meta["version"], "3.3.30");
    assert_eq!(meta["exit_code"], 1);
    assert_eq!(meta["timed_out"], false);
    assert_eq!(meta["findings"], 1);
    assert_eq!(meta["stderr_tail"], "a warning");
    // The sidecar reads the same on any machine: the scanner and the suite relative to the
    // folder the harness ran in, nothing absolute.
    assert_eq!(meta["argv"][0], "bin/checkov");
    assert_eq!(meta["scanner"]["name"], "checkov");
    assert_eq!(meta["scanner"]["version"], "3.3.30");
    assert_eq!(meta["scanner"]["path"], "bin/checkov");
    let argv = meta["argv"].as_array().unwrap();
    assert!(argv.iter().any(|a| a == "suite"), "{meta}");
    assert!(
        argv.iter().all(|a| !a.as_str().unwrap().starts_with('/')),
        "{meta}"
    );
    let plan = harness::runner::drivers::checkov::DRIVER.scan_plan(
        Path::new("checkov"),
        Path::new("suite"),
        &[],
        Path::new("."),
    );
    for (k, v) in &plan.env {
        assert_eq!(
            meta["env"][k],
            v.as_str(),
            "the adapter's environment is recorded"
        );
    }
    assert!(meta["suite_digest"]
        .as_str()
        .unwrap()
        .starts_with("sha256:"));
    assert!(meta["started_at"].as_str().unwrap().starts_with(&today()));
    assert!(
        stdout.contains("checkov") && stdout.contains("ok"),
        "{stdout}"
    );
    // Plain log lines, not terminal control codes, when stdout is a pipe.
    assert!(!stdout.contains('\u{1b}'), "{stdout:?}");
    assert!(
        env.files("tmp").is_empty(),
        "temporary files left: {:?}",
        env.files("tmp")
    );
}

#[test]
fn earlier_results_are_never_overwritten() {
    let env = Env::new("cat \"$ROOT/canned.json\"\nexit 1");
    let stem = format!("checkov_v3.3.30_{}", today());
    std::fs::create_dir_all(env.path("out/checkov")).unwrap();
    std::fs::write(env.path(&format!("out/checkov/{stem}.json")), "earlier").unwrap();
    for _ in 0..2 {
        let (code, stdout, stderr) = env.run(&["--tool", "checkov"]);
        assert_eq!(code, 0, "{stdout}\n{stderr}");
    }
    // The version was asked once and remembered for the unchanged executable.
    let calls = || {
        std::fs::read_to_string(env.path("version-calls"))
            .unwrap()
            .lines()
            .count()
    };
    assert_eq!(calls(), 1);
    assert_eq!(
        std::fs::read_to_string(env.path(&format!("out/checkov/{stem}.json"))).unwrap(),
        "earlier"
    );
    assert_eq!(
        env.files("out"),
        vec![
            format!("checkov/{stem}-2.json"),
            format!("checkov/{stem}-2.meta.json"),
            format!("checkov/{stem}-3.json"),
            format!("checkov/{stem}-3.meta.json"),
            format!("checkov/{stem}.json"),
        ]
    );
    // A reinstalled executable (new modification time) is asked again.
    let fake = env.path("bin/checkov");
    let text = std::fs::read(&fake).unwrap();
    std::thread::sleep(Duration::from_millis(20));
    std::fs::write(&fake, text).unwrap();
    let (code, stdout, stderr) = env.run(&["--tool", "checkov"]);
    assert_eq!(code, 0, "{stdout}\n{stderr}");
    assert_eq!(calls(), 2);
}

#[test]
fn a_crash_without_output_fails_with_the_reason() {
    let env = Env::new("echo 'Segmentation fault' >&2\nexit 139");
    let (code, stdout, stderr) = env.run(&["--tool", "checkov"]);
    assert_eq!(code, 1, "{stdout}\n{stderr}");
    assert!(stdout.contains("failed"), "{stdout}");
    assert!(
        stderr.contains("empty") && stderr.contains("139") && stderr.contains("Segmentation fault"),
        "{stderr}"
    );
    assert!(env.files("out").is_empty(), "{:?}", env.files("out"));
}

#[test]
fn garbage_output_fails_with_the_parse_error() {
    let env = Env::new("echo 'Traceback (most recent call last): boom'\nexit 0");
    let (code, stdout, stderr) = env.run(&["--tool", "checkov"]);
    assert_eq!(code, 1, "{stdout}\n{stderr}");
    assert!(
        stderr.contains("checkov failed: invalid output"),
        "{stderr}"
    );
    assert!(env.files("out").is_empty(), "{:?}", env.files("out"));
}

#[test]
fn a_hung_scanner_is_killed_with_its_children() {
    // The fake starts a grandchild and waits for it, as scanners do with helper processes.
    let env = Env::new(
        "sleep 300 &\necho $! > \"$ROOT/grandchild.pid\"\necho $$ > \"$ROOT/child.pid\"\nwait",
    );
    let start = Instant::now();
    let (code, stdout, stderr) = env.run(&["--tool", "checkov", "--timeout", "2"]);
    let took = start.elapsed();
    assert_eq!(code, 1, "{stdout}\n{stderr}");
    assert!(stdout.contains("timed out"), "{stdout}");
    assert!(took < Duration::from_secs(30), "took {took:?}");
    for f in ["grandchild.pid", "child.pid"] {
        let pid: i32 = std::fs::read_to_string(env.path(f))
            .unwrap()
            .trim()
            .parse()
            .unwrap();
        assert!(wait_gone(pid), "{f} {pid} still running");
    }
    assert!(env.files("out").is_empty(), "{:?}", env.files("out"));
    assert!(env.files("tmp").is_empty(), "{:?}", env.files("tmp"));
}

#[test]
fn ctrl_c_kills_children_and_leaves_no_partial_results() {
    interrupted_by(nix::sys::signal::Signal::SIGINT, 130);
}

#[test]
fn a_closed_terminal_kills_children_too() {
    interrupted_by(nix::sys::signal::Signal::SIGHUP, 129);
}

fn interrupted_by(signal: nix::sys::signal::Signal, code: i32) {
    let env = Env::new(
        "sleep 300 &\necho $! > \"$ROOT/grandchild.pid\"\nhead -c 10 \"$ROOT/canned.json\"\necho $$ > \"$ROOT/child.pid\"\nwait",
    );
    let mut child = env
        .cmd(&["--tool", "checkov"])
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let scanner: i32 = wait_for_file(&env.path("child.pid"))
        .trim()
        .parse()
        .unwrap();
    let grandchild: i32 = std::fs::read_to_string(env.path("grandchild.pid"))
        .unwrap()
        .trim()
        .parse()
        .unwrap();
    nix::sys::signal::kill(nix::unistd::Pid::from_raw(child.id() as i32), signal).unwrap();
    let start = Instant::now();
    let status = loop {
        if let Some(s) = child.try_wait().unwrap() {
            break s;
        }
        assert!(
            start.elapsed() < Duration::from_secs(20),
            "harness did not exit after {signal}"
        );
        std::thread::sleep(Duration::from_millis(50));
    };
    let mut stderr = String::new();
    std::io::Read::read_to_string(child.stderr.as_mut().unwrap(), &mut stderr).unwrap();
    assert_eq!(status.code(), Some(code), "{stderr}");
    assert!(stderr.contains("interrupted"), "{stderr}");
    assert!(wait_gone(scanner), "scanner {scanner} still running");
    assert!(
        wait_gone(grandchild),
        "grandchild {grandchild} still running"
    );
    assert!(env.files("out").is_empty(), "{:?}", env.files("out"));
    assert!(env.files("tmp").is_empty(), "{:?}", env.files("tmp"));
}

#[test]
fn a_missing_scanner_is_named_with_its_install_hint() {
    let env = Env::new("exit 0");
    std::fs::remove_file(env.path("bin/checkov")).unwrap();
    let (code, stdout, stderr) = env.run(&["--tool", "checkov"]);
    assert_ne!(code, 0, "{stdout}");
    let hint = harness::runner::drivers::checkov::DRIVER.install_hint;
    assert!(
        stderr.contains("checkov is not installed") && stderr.contains(hint),
        "{stderr}"
    );
    assert!(env.files("out").is_empty());
}

#[test]
fn unknown_scanners_and_bad_suites_are_errors_not_panics() {
    let env = Env::new("exit 0");
    let (code, _, stderr) = env.run(&["--tool", "no-such-scanner"]);
    assert_eq!(code, 1);
    assert!(
        stderr.contains("unknown scanner \"no-such-scanner\"") && stderr.contains("checkov"),
        "{stderr}"
    );
    std::fs::remove_dir_all(env.path("suite")).unwrap();
    let (code, _, stderr) = env.run(&["--tool", "checkov"]);
    assert_eq!(code, 1);
    assert!(
        stderr.contains("suite folder suite does not exist"),
        "{stderr}"
    );
    assert!(!stderr.contains("panicked"), "{stderr}");
}

#[test]
fn scanners_needing_network_or_a_cluster_are_skipped_not_crashed() {
    let env = Env::new("exit 0");
    let offline: Vec<&str> = harness::runner::drivers::all()
        .iter()
        .filter(|s| harness::runner::unrunnable(s).is_some())
        .map(|s| s.name)
        .collect();
    // datree and snyk need network, kube-bench and KubiScan a node or cluster.
    assert!(
        offline.len() >= 4,
        "adapters that `run` must skip: {offline:?}"
    );
    for name in offline {
        let (code, stdout, stderr) = env.run(&["--tool", name]);
        assert_eq!(code, 0, "{name}: {stdout}\n{stderr}");
        assert!(
            stdout.contains("skipped") && !stderr.contains("panicked"),
            "{name}: {stdout}\n{stderr}"
        );
        if name == "datree" {
            assert!(stdout.contains("needs network/API key"), "{stdout}");
        }
    }
    assert!(env.files("out").is_empty());
}

/// Scanners run side by side each get their share of the cores through the variable their
/// adapter names (GOMAXPROCS for a Go scanner, CHECKOV_WORKERS_NUMBER for checkov); one
/// scanner alone is left to size itself, and a limit set by the user wins.
#[test]
fn concurrent_scanners_share_the_cores() {
    let env = Env::new(
        "echo \"workers=${CHECKOV_WORKERS_NUMBER:-unset}\" >> \"$ROOT/limits\"\ncat \"$ROOT/canned.json\"\nexit 1",
    );
    fake_kube_score(
        &env,
        "echo \"gomaxprocs=${GOMAXPROCS:-unset}\" >> \"$ROOT/limits\"",
    );
    let limits = || {
        let text = std::fs::read_to_string(env.path("limits")).unwrap_or_default();
        std::fs::remove_file(env.path("limits")).ok();
        let mut lines: Vec<String> = text.lines().map(str::to_string).collect();
        lines.sort();
        lines
    };
    let cores = std::thread::available_parallelism().unwrap().get();
    let share = (cores / 2).max(1);

    let both = ["--tool", "checkov", "--tool", "kube-score", "--jobs", "2"];
    let (code, stdout, stderr) = env.run(&both);
    assert_eq!(code, 0, "{stdout}\n{stderr}");
    assert_eq!(
        limits(),
        vec![format!("gomaxprocs={share}"), format!("workers={share}")]
    );
    assert!(
        stdout.contains(&format!("({share} of {cores} cores each)")),
        "{stdout}"
    );
    // The limit is part of the recorded environment, so the run can be repeated by hand.
    let sidecar = env
        .files("out")
        .into_iter()
        .find(|f| f.starts_with("kube-score/") && f.ends_with(".meta.json"))
        .unwrap();
    let meta: serde_json::Value =
        serde_json::from_slice(&std::fs::read(env.path(&format!("out/{sidecar}"))).unwrap())
            .unwrap();
    assert_eq!(meta["env"]["GOMAXPROCS"], share.to_string());

    // One at a time, or one scanner: each has the whole machine.
    let (code, stdout, stderr) =
        env.run(&["--tool", "checkov", "--tool", "kube-score", "--jobs", "1"]);
    assert_eq!(code, 0, "{stdout}\n{stderr}");
    assert_eq!(limits(), vec!["gomaxprocs=unset", "workers=unset"]);
    let (code, stdout, stderr) = env.run(&["--tool", "kube-score", "--jobs", "2"]);
    assert_eq!(code, 0, "{stdout}\n{stderr}");
    assert_eq!(limits(), vec!["gomaxprocs=unset"]);

    // The user's own limit is kept.
    let out = env.cmd(&both).env("GOMAXPROCS", "7").output().unwrap();
    assert!(out.status.success(), "{out:?}");
    assert_eq!(
        limits(),
        vec!["gomaxprocs=7".to_string(), format!("workers={share}")]
    );
}

/// A second fake scanner beside the `checkov` of [`Env::new`]: `kube-score`, answering its
/// version and printing an empty (valid) result after running `body`.
fn fake_kube_score(env: &Env, body: &str) {
    let path = env.path("bin/kube-score");
    std::fs::write(
        &path,
        format!(
            "#!/bin/sh\nROOT='{}'\nif [ \"$1\" = version ]; then echo 'kube-score version: 1.20.0, commit: x, built: y'; exit 0; fi\n{body}\necho '[]'\n",
            env.path("").display()
        ),
    )
    .unwrap();
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o755)).unwrap();
}

/// With fewer slots than scanners, the longest scanner (by its last stored run) starts first,
/// every time: the order must not depend on how the runtime happens to poll new tasks.
#[test]
fn the_longest_scanner_starts_first() {
    let env = Env::new("echo checkov >> \"$ROOT/order\"\ncat \"$ROOT/canned.json\"\nexit 1");
    fake_kube_score(&env, "echo kube-score >> \"$ROOT/order\"");
    let history = |tool: &str, secs: f64| {
        let dir = env.path(&format!("out/{tool}"));
        std::fs::create_dir_all(&dir).unwrap();
        // Named to sort before today's results, and written now, so it is the latest run.
        std::fs::write(
            dir.join(format!("{tool}_v0_2000-01-01.meta.json")),
            format!("{{\"duration_secs\": {secs}}}"),
        )
        .unwrap();
    };
    let args = ["--tool", "checkov", "--tool", "kube-score", "--jobs", "1"];
    for (checkov, kube_score, first) in [(1.0, 9.0, "kube-score"), (9.0, 1.0, "checkov")] {
        for _ in 0..5 {
            history("checkov", checkov);
            history("kube-score", kube_score);
            std::fs::remove_file(env.path("order")).ok();
            let (code, stdout, stderr) = env.run(&args);
            assert_eq!(code, 0, "{stdout}\n{stderr}");
            let order = std::fs::read_to_string(env.path("order")).unwrap();
            assert_eq!(order.lines().next(), Some(first), "{order}");
            // This run's sidecars are newer than the history: drop them for the next round.
            for f in env.files("out") {
                if !f.contains("2000-01-01") {
                    std::fs::remove_file(env.path(&format!("out/{f}"))).unwrap();
                }
            }
        }
    }
}

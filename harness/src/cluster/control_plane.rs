//! Starting and stopping etcd and kube-apiserver.

use std::net::TcpListener;
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::Mutex;
use std::time::{Duration, Instant};

use anyhow::{bail, Context};

use super::kubectl::Kubectl;
use super::pki;
use crate::runner::exec::{kill_group, tail};
use crate::runner::locate;

/// What to install when a control-plane binary is missing.
pub const INSTALL_HINT: &str = "scripts/install-scanners.sh control-plane";

#[derive(Debug, Clone)]
pub struct Options {
    /// How long etcd and kube-apiserver may take to become ready.
    pub ready_timeout: Duration,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            ready_timeout: Duration::from_secs(60),
        }
    }
}

/// Process groups and folders of control planes still running, so that a signal or a timeout
/// can remove them from any thread (see [`cleanup_all`]).
static LIVE: Mutex<Vec<Live>> = Mutex::new(Vec::new());

#[derive(Debug, Clone)]
struct Live {
    groups: Vec<i32>,
    dir: PathBuf,
}

/// Kills every control plane this process started and removes its folder: the path taken on
/// Ctrl-C, SIGTERM and timeout, where no destructor runs.
pub fn cleanup_all() {
    let live = std::mem::take(&mut *LIVE.lock().unwrap_or_else(|e| e.into_inner()));
    for l in live {
        remove(&l.groups, &l.dir);
    }
}

fn remove(groups: &[i32], dir: &Path) {
    for g in groups {
        kill_group(*g);
    }
    // Killed processes may still hold files open for a moment; their data is gone either way.
    for _ in 0..50 {
        if !dir.exists() || std::fs::remove_dir_all(dir).is_ok() {
            break;
        }
        std::thread::sleep(Duration::from_millis(20));
    }
}

/// Ctrl-C, SIGTERM or `deadline` (from now) end the whole command: every control plane of this
/// process is removed first, then the process exits (130 for a signal, 124 for the deadline, the
/// codes of `timeout(1)` and of a shell).
pub fn guard_process(deadline: Option<Duration>) {
    std::thread::spawn(move || {
        let rt = match tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
        {
            Ok(rt) => rt,
            Err(_) => return,
        };
        rt.block_on(async move {
            use tokio::signal::unix::{signal, SignalKind};
            let (Ok(mut int), Ok(mut term)) = (
                signal(SignalKind::interrupt()),
                signal(SignalKind::terminate()),
            ) else {
                return;
            };
            let sleep = async {
                match deadline {
                    Some(d) => tokio::time::sleep(d).await,
                    None => std::future::pending().await,
                }
            };
            let code = tokio::select! {
                _ = int.recv() => { eprintln!("interrupted: stopping the control plane"); 130 }
                _ = term.recv() => { eprintln!("terminated: stopping the control plane"); 143 }
                _ = sleep => {
                    eprintln!("error: timed out after {} s: stopping the control plane",
                        deadline.unwrap_or_default().as_secs());
                    124
                }
            };
            cleanup_all();
            std::process::exit(code);
        });
    });
}

/// A running control plane. Dropping it stops both processes and removes its folder, unless it
/// was [detached](ControlPlane::detach) for `harness cluster up`.
#[derive(Debug)]
pub struct ControlPlane {
    pub dir: PathBuf,
    pub kubeconfig: PathBuf,
    /// `https://127.0.0.1:PORT`
    pub server: String,
    /// What the server reports, e.g. `v1.37.2`.
    pub version: String,
    pub kubectl: Kubectl,
    etcd: Option<Child>,
    apiserver: Option<Child>,
    detached: bool,
}

fn free_ports(n: usize) -> anyhow::Result<Vec<u16>> {
    // Held together so the kernel hands out distinct ports; released just before the servers
    // bind them.
    let listeners: Vec<TcpListener> = (0..n)
        .map(|_| TcpListener::bind(("127.0.0.1", 0)))
        .collect::<Result<_, _>>()
        .context("finding free ports on 127.0.0.1")?;
    listeners
        .iter()
        .map(|l| Ok(l.local_addr()?.port()))
        .collect()
}

/// The executable `name` from `.tools/bin` or PATH.
pub fn binary(name: &str) -> anyhow::Result<PathBuf> {
    locate::find(name).with_context(|| format!("{name} not found; install: {INSTALL_HINT}"))
}

fn spawn(program: &Path, args: &[String], log: &Path) -> anyhow::Result<Child> {
    let out = std::fs::File::create(log).with_context(|| format!("creating {}", log.display()))?;
    let err = out.try_clone()?;
    Command::new(program)
        .args(args)
        .stdin(Stdio::null())
        .stdout(out)
        .stderr(err)
        .process_group(0)
        .spawn()
        .with_context(|| format!("cannot start {}", program.display()))
}

fn log_tail(path: &Path) -> String {
    tail(&std::fs::read(path).unwrap_or_default(), 6, 1200)
}

impl ControlPlane {
    /// Starts etcd and kube-apiserver and waits until the server answers `/readyz`.
    pub fn start(opts: &Options) -> anyhow::Result<ControlPlane> {
        let etcd_bin = binary("etcd")?;
        let apiserver_bin = binary("kube-apiserver")?;
        let kubectl_bin = binary("kubectl")?;
        let dir = tempfile::Builder::new()
            .prefix("scanner-bench-cluster-")
            .tempdir()
            .context("creating the control plane's temporary folder")?
            .keep();
        let mut cp = ControlPlane {
            kubeconfig: dir.join("kubeconfig"),
            kubectl: Kubectl::new(kubectl_bin, dir.join("kubeconfig")),
            dir,
            server: String::new(),
            version: String::new(),
            etcd: None,
            apiserver: None,
            detached: false,
        };
        // From here on, dropping `cp` on an error removes whatever was started.
        cp.launch(&etcd_bin, &apiserver_bin, opts)?;
        Ok(cp)
    }

    fn launch(
        &mut self,
        etcd_bin: &Path,
        apiserver_bin: &Path,
        opts: &Options,
    ) -> anyhow::Result<()> {
        let pki = pki::create(&self.dir)?;
        let ports = free_ports(3)?;
        let (client, peer, secure) = (ports[0], ports[1], ports[2]);
        let etcd_url = format!("http://127.0.0.1:{client}");
        let peer_url = format!("http://127.0.0.1:{peer}");
        let etcd_args: Vec<String> = vec![
            "--name=default".into(),
            format!("--data-dir={}", self.dir.join("etcd").display()),
            format!("--listen-client-urls={etcd_url}"),
            format!("--advertise-client-urls={etcd_url}"),
            format!("--listen-peer-urls={peer_url}"),
            format!("--initial-advertise-peer-urls={peer_url}"),
            format!("--initial-cluster=default={peer_url}"),
            // The data lives as long as this process; durability buys nothing here.
            "--unsafe-no-fsync=true".into(),
            "--log-level=warn".into(),
        ];
        let etcd_log = self.dir.join("etcd.log");
        let etcd = spawn(etcd_bin, &etcd_args, &etcd_log)?;
        self.register(etcd.id() as i32);
        self.etcd = Some(etcd);

        self.server = format!("https://127.0.0.1:{secure}");
        let api_args: Vec<String> = vec![
            format!("--etcd-servers={etcd_url}"),
            "--bind-address=127.0.0.1".into(),
            "--advertise-address=127.0.0.1".into(),
            format!("--secure-port={secure}"),
            format!("--cert-dir={}", self.dir.join("certs").display()),
            format!("--tls-cert-file={}", pki.server_cert.display()),
            format!("--tls-private-key-file={}", pki.server_key.display()),
            format!("--token-auth-file={}", pki.token_file.display()),
            "--anonymous-auth=false".into(),
            "--authorization-mode=RBAC".into(),
            format!("--service-account-key-file={}", pki.sa_pub.display()),
            format!(
                "--service-account-signing-key-file={}",
                pki.sa_key.display()
            ),
            "--service-account-issuer=https://kubernetes.default.svc".into(),
            "--service-cluster-ip-range=10.96.0.0/16".into(),
            // The `kubernetes` Service's endpoints would need a non-loopback address; nothing
            // here reaches the server through that Service.
            "--endpoint-reconciler-type=none".into(),
            // The suite's privileged checks must reach admission, which decides on them.
            "--allow-privileged=true".into(),
            "--profiling=false".into(),
        ];
        let api_log = self.dir.join("kube-apiserver.log");
        let apiserver = spawn(apiserver_bin, &api_args, &api_log)?;
        self.register(apiserver.id() as i32);
        self.apiserver = Some(apiserver);

        let kubeconfig = format!(
            "apiVersion: v1\nkind: Config\nclusters:\n- name: scanner-bench\n  cluster:\n    server: {}\n    certificate-authority: {}\nusers:\n- name: scanner-bench-admin\n  user:\n    token: {}\ncontexts:\n- name: scanner-bench\n  context:\n    cluster: scanner-bench\n    user: scanner-bench-admin\ncurrent-context: scanner-bench\n",
            self.server,
            pki.ca_cert.display(),
            pki.token
        );
        pki::write_private(&self.kubeconfig, kubeconfig.as_bytes())?;
        self.wait_ready(opts.ready_timeout, &etcd_log, &api_log)
    }

    fn register(&self, pgid: i32) {
        let mut live = LIVE.lock().unwrap_or_else(|e| e.into_inner());
        match live.iter_mut().find(|l| l.dir == self.dir) {
            Some(l) => l.groups.push(pgid),
            None => live.push(Live {
                groups: vec![pgid],
                dir: self.dir.clone(),
            }),
        }
    }

    fn wait_ready(
        &mut self,
        timeout: Duration,
        etcd_log: &Path,
        api_log: &Path,
    ) -> anyhow::Result<()> {
        let start = Instant::now();
        loop {
            for (name, child, log) in [
                ("etcd", self.etcd.as_mut(), etcd_log),
                ("kube-apiserver", self.apiserver.as_mut(), api_log),
            ] {
                if let Some(status) = child.and_then(|c| c.try_wait().ok().flatten()) {
                    bail!(
                        "{name} exited during start-up ({status}); its last lines:\n{}",
                        log_tail(log)
                    );
                }
            }
            if let Ok(out) = self
                .kubectl
                .run(&["get", "--raw", "/readyz", "--request-timeout=2s"], None)
            {
                if out.status.success() && out.stdout.starts_with(b"ok") {
                    break;
                }
            }
            if start.elapsed() > timeout {
                bail!(
                    "kube-apiserver not ready after {} s; its last lines:\n{}",
                    timeout.as_secs(),
                    log_tail(api_log)
                );
            }
            std::thread::sleep(Duration::from_millis(100));
        }
        // Ready answers before the server has created its own namespaces; objects of the suite
        // live in kube-system and default.
        loop {
            let out = self.kubectl.run(
                &["get", "namespace", "default", "kube-system", "-o", "name"],
                None,
            )?;
            if out.status.success() {
                break;
            }
            if start.elapsed() > timeout {
                bail!(
                    "kube-apiserver did not create its namespaces within {} s: {}",
                    timeout.as_secs(),
                    String::from_utf8_lossy(&out.stderr).trim()
                );
            }
            std::thread::sleep(Duration::from_millis(100));
        }
        let out = self.kubectl.run(&["version", "-o", "json"], None)?;
        let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap_or_default();
        self.version = v["serverVersion"]["gitVersion"]
            .as_str()
            .unwrap_or("unknown")
            .to_string();
        Ok(())
    }

    /// The process groups of etcd and kube-apiserver.
    pub fn groups(&self) -> Vec<i32> {
        [self.etcd.as_ref(), self.apiserver.as_ref()]
            .into_iter()
            .flatten()
            .map(|c| c.id() as i32)
            .collect()
    }

    /// Leaves both processes running after this handle is gone (`harness cluster up`); the
    /// caller records [`groups`](Self::groups) and `dir` so `harness cluster down` can stop them.
    pub fn detach(mut self) {
        self.detached = true;
        LIVE.lock()
            .unwrap_or_else(|e| e.into_inner())
            .retain(|l| l.dir != self.dir);
    }

    /// Stops both processes and removes the folder.
    pub fn stop(mut self) {
        self.shutdown();
    }

    fn shutdown(&mut self) {
        let groups = self.groups();
        for g in &groups {
            kill_group(*g);
        }
        for c in [self.etcd.as_mut(), self.apiserver.as_mut()]
            .into_iter()
            .flatten()
        {
            let _ = c.wait();
        }
        self.etcd = None;
        self.apiserver = None;
        remove(&groups, &self.dir);
        LIVE.lock()
            .unwrap_or_else(|e| e.into_inner())
            .retain(|l| l.dir != self.dir);
    }
}

impl Drop for ControlPlane {
    fn drop(&mut self) {
        if !self.detached {
            self.shutdown();
        }
    }
}

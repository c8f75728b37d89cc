//! `harness cluster up|down`: a local control plane kept running for manual use (kubectl, a
//! scanner's cluster mode, `harness admit --kubeconfig`), and stopping it again.

use std::process::ExitCode;
use std::time::Duration;

use anyhow::Context;

use crate::cluster::{self, state, ControlPlane, Options};

#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(subcommand)]
    pub action: Action,
}

#[derive(Debug, clap::Subcommand)]
pub enum Action {
    /// Start etcd and kube-apiserver on 127.0.0.1 and print the kubeconfig path.
    Up {
        /// Seconds the control plane may take to become ready.
        #[arg(long, default_value_t = 60)]
        timeout: u64,
    },
    /// Stop the control plane `cluster up` started and remove its folder.
    Down,
}

pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    match args.action {
        Action::Up { timeout } => up(timeout),
        Action::Down => down(),
    }
}

fn up(timeout: u64) -> anyhow::Result<ExitCode> {
    let path = state::path();
    if let Some(s) = state::load(&path)? {
        if s.groups.iter().any(|g| state::is_control_plane(*g)) {
            anyhow::bail!(
                "a control plane is already running ({}, kubeconfig {}); stop it with `harness cluster down`",
                s.server,
                s.kubeconfig.display()
            );
        }
        // Left by a control plane that is gone (machine restarted, processes killed).
        std::fs::remove_file(&path).with_context(|| format!("removing {}", path.display()))?;
        let _ = std::fs::remove_dir_all(&s.dir);
    }
    cluster::control_plane::guard_process(None);
    let cp = ControlPlane::start(&Options {
        ready_timeout: Duration::from_secs(timeout),
    })?;
    let s = state::State {
        groups: cp.groups(),
        dir: cp.dir.clone(),
        kubeconfig: cp.kubeconfig.clone(),
        server: cp.server.clone(),
        version: cp.version.clone(),
    };
    state::save(&path, &s)?;
    println!(
        "kube-apiserver {} at {} (stop it with `harness cluster down`)",
        s.version, s.server
    );
    println!("{}", s.kubeconfig.display());
    cp.detach();
    Ok(ExitCode::SUCCESS)
}

fn down() -> anyhow::Result<ExitCode> {
    let path = state::path();
    let Some(s) = state::load(&path)? else {
        println!("no control plane is running");
        return Ok(ExitCode::SUCCESS);
    };
    for g in &s.groups {
        // Only groups still led by etcd or kube-apiserver: a recorded id may have been reused.
        if state::is_control_plane(*g) {
            crate::runner::exec::kill_group(*g);
        }
    }
    for _ in 0..100 {
        if !s.groups.iter().any(|g| state::is_control_plane(*g)) {
            break;
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    if s.dir.exists() {
        std::fs::remove_dir_all(&s.dir).with_context(|| format!("removing {}", s.dir.display()))?;
    }
    std::fs::remove_file(&path).with_context(|| format!("removing {}", path.display()))?;
    println!("stopped kube-apiserver {} at {}", s.version, s.server);
    Ok(ExitCode::SUCCESS)
}

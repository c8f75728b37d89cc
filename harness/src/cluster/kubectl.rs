//! kubectl against one kubeconfig: argv only, stdin for manifests.

use std::io::Write;
use std::path::PathBuf;
use std::process::{Command, Output, Stdio};

use anyhow::Context;

#[derive(Debug, Clone)]
pub struct Kubectl {
    pub program: PathBuf,
    pub kubeconfig: PathBuf,
}

impl Kubectl {
    pub fn new(program: PathBuf, kubeconfig: PathBuf) -> Kubectl {
        Kubectl {
            program,
            kubeconfig,
        }
    }

    /// Runs kubectl with `args`, feeding `stdin` if given.
    pub fn run(&self, args: &[&str], stdin: Option<&[u8]>) -> anyhow::Result<Output> {
        let mut cmd = Command::new(&self.program);
        cmd.arg("--kubeconfig")
            .arg(&self.kubeconfig)
            .args(args)
            .stdin(if stdin.is_some() {
                Stdio::piped()
            } else {
                Stdio::null()
            })
            .stdout(Stdio::piped())
            .stderr(Stdio::piped());
        let mut child = cmd
            .spawn()
            .with_context(|| format!("cannot start {}", self.program.display()))?;
        if let (Some(input), Some(mut pipe)) = (stdin, child.stdin.take()) {
            let input = input.to_vec();
            // Written from a thread: kubectl may fill its output pipes before reading all of it.
            let writer = std::thread::spawn(move || pipe.write_all(&input));
            let out = child.wait_with_output()?;
            let _ = writer.join();
            return Ok(out);
        }
        Ok(child.wait_with_output()?)
    }
}

//! `harness admit`: does the API server accept every object of the suite? Prints
//! `admitted N of M objects` and every refusal in the server's own words; exits non-zero on
//! any refusal. Starts an ephemeral control plane unless `--kubeconfig` names a cluster.

use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Duration;

use crate::cluster::{admit, control_plane, ControlPlane, Kubectl, Options};
use crate::schema::SuiteFiles;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Suite folder.
    #[arg(long, default_value = "manifests")]
    pub suite: PathBuf,
    /// An existing cluster to use instead of an ephemeral control plane. Only the prerequisites
    /// this run creates are written (and removed at the end); every object is a dry run.
    #[arg(long)]
    pub kubeconfig: Option<PathBuf>,
    /// Seconds the whole command may take, start-up included.
    #[arg(long, default_value_t = 300)]
    pub timeout: u64,
    /// `text` or `json` (one verdict per object).
    #[arg(long, default_value = "text")]
    pub format: String,
}

pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    if !matches!(args.format.as_str(), "text" | "json") {
        anyhow::bail!("--format {}: expected text or json", args.format);
    }
    let suite = SuiteFiles::load(&args.suite)?;
    let objects = admit::load_objects(&suite.root, &suite.manifests)?;
    control_plane::guard_process(Some(Duration::from_secs(args.timeout)));
    let (kubectl, cp, target) = match &args.kubeconfig {
        Some(k) => {
            if !k.is_file() {
                anyhow::bail!("--kubeconfig {}: no such file", k.display());
            }
            (
                Kubectl::new(control_plane::binary("kubectl")?, k.clone()),
                None,
                format!("the cluster of {}", k.display()),
            )
        }
        None => {
            let cp = ControlPlane::start(&Options::default())?;
            let target = format!("kube-apiserver {} at {}", cp.version, cp.server);
            (cp.kubectl.clone(), Some(cp), target)
        }
    };
    let result = admit::admit(&kubectl, &objects)?;
    let leftovers = if args.kubeconfig.is_some() {
        admit::remove_created(&kubectl, &result.created)
    } else {
        Vec::new()
    };
    drop(cp);
    if args.format == "json" {
        println!("{}", serde_json::to_string_pretty(&result.verdicts)?);
    } else {
        println!(
            "{target}: admitted {} of {} objects",
            result.admitted(),
            result.verdicts.len()
        );
        for v in result.verdicts.iter().filter(|v| !v.admitted) {
            let msg = v.message.as_deref().unwrap_or("").replace('\n', "\n    ");
            println!("refused: {} {}: {}", v.file, v.object, msg);
        }
    }
    for e in &leftovers {
        eprintln!("warning: could not remove {e}");
    }
    Ok(if result.admitted() == result.verdicts.len() {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    })
}

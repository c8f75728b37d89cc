//! The credentials of one control-plane start, made with the `openssl` command (argv, no shell):
//! a CA, the API server's serving certificate signed by it (127.0.0.1 and localhost only), the
//! service-account signing key, and a random admin token. P-256 keys: generating them takes
//! milliseconds, where RSA keys would take most of the start-up time.

use std::io::Read;
use std::os::unix::fs::{OpenOptionsExt, PermissionsExt};
use std::path::{Path, PathBuf};
use std::process::Command;

use anyhow::{bail, Context};

/// Files written under `<dir>/pki/`, readable by the current user only.
#[derive(Debug, Clone)]
pub struct Pki {
    pub ca_cert: PathBuf,
    pub server_cert: PathBuf,
    pub server_key: PathBuf,
    pub sa_key: PathBuf,
    pub sa_pub: PathBuf,
    /// kube-apiserver's static token file: `token,user,uid,"group"`.
    pub token_file: PathBuf,
    pub token: String,
}

fn openssl(args: &[&str], dir: &Path) -> anyhow::Result<()> {
    let out = Command::new("openssl")
        .args(args)
        .current_dir(dir)
        .output()
        .context("cannot run openssl (Debian package `openssl`), needed for the control plane's certificates")?;
    if !out.status.success() {
        bail!(
            "openssl {} failed: {}",
            args.first().unwrap_or(&""),
            String::from_utf8_lossy(&out.stderr).trim()
        );
    }
    Ok(())
}

/// 32 random bytes from the kernel, hex-encoded.
pub fn random_token() -> anyhow::Result<String> {
    let mut bytes = [0u8; 32];
    std::fs::File::open("/dev/urandom")
        .and_then(|mut f| f.read_exact(&mut bytes))
        .context("reading /dev/urandom for the admin token")?;
    Ok(bytes.iter().map(|b| format!("{b:02x}")).collect())
}

/// Writes `contents` to a new file that only the current user can read.
pub fn write_private(path: &Path, contents: &[u8]) -> anyhow::Result<()> {
    use std::io::Write;
    let mut f = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .mode(0o600)
        .open(path)
        .with_context(|| format!("writing {}", path.display()))?;
    f.write_all(contents)
        .with_context(|| format!("writing {}", path.display()))
}

pub fn create(dir: &Path) -> anyhow::Result<Pki> {
    let pki = dir.join("pki");
    std::fs::create_dir(&pki).with_context(|| format!("creating {}", pki.display()))?;
    std::fs::set_permissions(&pki, std::fs::Permissions::from_mode(0o700))?;
    let ec = ["-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256"];
    for key in ["ca.key", "server.key", "sa.key"] {
        let mut args = vec!["genpkey"];
        args.extend(ec);
        args.extend(["-out", key]);
        openssl(&args, &pki)?;
    }
    openssl(
        &[
            "req",
            "-x509",
            "-new",
            "-key",
            "ca.key",
            "-subj",
            "/CN=scanner-bench-ca",
            "-days",
            "2",
            "-addext",
            "basicConstraints=critical,CA:TRUE",
            "-addext",
            "keyUsage=critical,keyCertSign,cRLSign",
            "-out",
            "ca.crt",
        ],
        &pki,
    )?;
    std::fs::write(
        pki.join("server.ext"),
        "subjectAltName=IP:127.0.0.1,DNS:localhost\nextendedKeyUsage=serverAuth\nkeyUsage=critical,digitalSignature\n",
    )?;
    openssl(
        &[
            "req",
            "-new",
            "-key",
            "server.key",
            "-subj",
            "/CN=kube-apiserver",
            "-out",
            "server.csr",
        ],
        &pki,
    )?;
    openssl(
        &[
            "x509",
            "-req",
            "-in",
            "server.csr",
            "-CA",
            "ca.crt",
            "-CAkey",
            "ca.key",
            "-CAcreateserial",
            "-days",
            "2",
            "-extfile",
            "server.ext",
            "-out",
            "server.crt",
        ],
        &pki,
    )?;
    openssl(
        &["pkey", "-in", "sa.key", "-pubout", "-out", "sa.pub"],
        &pki,
    )?;
    let token = random_token()?;
    let token_file = pki.join("tokens.csv");
    write_private(
        &token_file,
        format!("{token},scanner-bench-admin,scanner-bench-admin,\"system:masters\"\n").as_bytes(),
    )?;
    for key in ["ca.key", "server.key", "sa.key"] {
        std::fs::set_permissions(pki.join(key), std::fs::Permissions::from_mode(0o600))?;
    }
    Ok(Pki {
        ca_cert: pki.join("ca.crt"),
        server_cert: pki.join("server.crt"),
        server_key: pki.join("server.key"),
        sa_key: pki.join("sa.key"),
        sa_pub: pki.join("sa.pub"),
        token_file,
        token,
    })
}

//! A local Kubernetes control plane for the checks a manifest alone cannot settle: whether the
//! API server admits an object at all, what Pod Security admission refuses, and what scanners see
//! through the API in cluster mode.
//!
//! etcd and kube-apiserver (built by `scripts/install-scanners.sh control-plane`) run on
//! 127.0.0.1 under a fresh temporary folder with a fresh CA, serving certificate,
//! service-account key and admin token per start; both run in their own process group and are
//! killed with the folder removed when the handle is dropped, on Ctrl-C and on timeout. The
//! harness talks to the server through kubectl (built beside it), never through a shell.

pub mod admit;
pub mod control_plane;
pub mod kubectl;
pub mod pki;
pub mod state;

pub use control_plane::{ControlPlane, Options};
pub use kubectl::Kubectl;

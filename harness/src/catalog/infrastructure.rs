//! Infrastructure: control-plane static pods with one insecure flag each, from CIS Kubernetes
//! Benchmark sections 1.2 (API server), 1.3 (controller manager), 1.4 (scheduler) and 2 (etcd),
//! v1.9 numbering. Several scanners read these flags from manifests; KALM leaves them to
//! cluster scanners.
//!
//! Every check changes, removes or appends exactly one element of the container's `command`
//! (see `baseline::control_plane`): a changed flag keeps its name and gets an insecure value, a
//! removed flag falls back to the component's default, an appended flag is one the secure
//! baseline never sets.

use serde_json::json;

use super::{check, Category, CheckSpec, Severity, Standard};
use crate::baseline::control_plane::flag_index;
use crate::baseline::Kind;
const APPEND: &str = "/spec/containers/0/command/-";

const COMMAND: [&str; 40] = [
    "/spec/containers/0/command/0",
    "/spec/containers/0/command/1",
    "/spec/containers/0/command/2",
    "/spec/containers/0/command/3",
    "/spec/containers/0/command/4",
    "/spec/containers/0/command/5",
    "/spec/containers/0/command/6",
    "/spec/containers/0/command/7",
    "/spec/containers/0/command/8",
    "/spec/containers/0/command/9",
    "/spec/containers/0/command/10",
    "/spec/containers/0/command/11",
    "/spec/containers/0/command/12",
    "/spec/containers/0/command/13",
    "/spec/containers/0/command/14",
    "/spec/containers/0/command/15",
    "/spec/containers/0/command/16",
    "/spec/containers/0/command/17",
    "/spec/containers/0/command/18",
    "/spec/containers/0/command/19",
    "/spec/containers/0/command/20",
    "/spec/containers/0/command/21",
    "/spec/containers/0/command/22",
    "/spec/containers/0/command/23",
    "/spec/containers/0/command/24",
    "/spec/containers/0/command/25",
    "/spec/containers/0/command/26",
    "/spec/containers/0/command/27",
    "/spec/containers/0/command/28",
    "/spec/containers/0/command/29",
    "/spec/containers/0/command/30",
    "/spec/containers/0/command/31",
    "/spec/containers/0/command/32",
    "/spec/containers/0/command/33",
    "/spec/containers/0/command/34",
    "/spec/containers/0/command/35",
    "/spec/containers/0/command/36",
    "/spec/containers/0/command/37",
    "/spec/containers/0/command/38",
    "/spec/containers/0/command/39",
];

const API: Kind = Kind::ApiServerPod;
const KCM: Kind = Kind::ControllerManagerPod;
const SCHED: Kind = Kind::SchedulerPod;
const ETCD: Kind = Kind::EtcdPod;

/// JSON Pointer to the `command` element holding flag `name` in the baseline of `kind`.
///
/// # Panics
/// When the baseline has no such flag: the catalog is static data, and a check naming a flag
/// the baseline lacks is a bug the catalog tests catch on the first run.
fn flag(kind: Kind, name: &str) -> &'static str {
    let i = flag_index(kind, name).unwrap_or_else(|| panic!("{kind:?} baseline has no {name}"));
    COMMAND[i]
}

/// The frame every control-plane check shares: category, path, expected alert, CIS section,
/// OWASP K09 (misconfigured cluster components).
fn cp(id: &'static str, slug: &'static str, kind: Kind, cis: &'static str) -> CheckSpec {
    check(id, slug, Category::Infrastructure)
        .alert()
        .std(Standard::Cis(cis))
        .std(Standard::Owasp("K09"))
        .on(kind)
}

/// A flag Kubernetes has removed (the insecure port, 1.24): no current CIS section covers it,
/// but migrated manifests still carry it and older benchmarks and scanners check it.
fn cp_removed_flag(id: &'static str, slug: &'static str, kind: Kind) -> CheckSpec {
    check(id, slug, Category::Infrastructure)
        .alert()
        .std(Standard::Owasp("K09"))
        .on(kind)
}

/// Every check of the category, group by group, in the suite's order.
pub fn checks() -> Vec<CheckSpec> {
    [
        apiserver_authentication(),
        apiserver_authorization(),
        apiserver_admission(),
        apiserver_profiling_and_audit(),
        apiserver_transport(),
        controller_manager(),
        scheduler(),
        etcd(),
    ]
    .into_iter()
    .flatten()
    .collect()
}

/// kube-apiserver (CIS 1.2): anonymous and token authentication, kubelet credentials.
fn apiserver_authentication() -> Vec<CheckSpec> {
    vec![
        cp("CP-001-1", "apiserver-anonymous-auth-enabled", API, "1.2.1")
            .title("kube-apiserver accepts anonymous requests")
            .describe("With --anonymous-auth=true every request without credentials is served as system:anonymous; one careless RoleBinding to that user or to system:unauthenticated then opens the API to the network.")
            .severity(Severity::Critical)
            .std(Standard::Owasp("K06"))
            .std(Standard::Nsa("Authentication and authorization"))
            .set(flag(API, "--anonymous-auth"), json!("--anonymous-auth=true")),
        cp("CP-001-2", "apiserver-anonymous-auth-default", API, "1.2.1")
            .title("kube-apiserver without --anonymous-auth (defaults to enabled)")
            .describe("Leaving out --anonymous-auth is not neutral: the API server's default is true, so unauthenticated requests are accepted exactly as if the flag were set. A scanner that only looks for the literal value true misses this.")
            .severity(Severity::High)
            .std(Standard::Owasp("K06"))
            .remove(flag(API, "--anonymous-auth")),
        cp("CP-002", "apiserver-token-auth-file", API, "1.2.2")
            .title("kube-apiserver uses a static token file")
            .describe("--token-auth-file loads bearer tokens from a plain CSV file on the node: they never expire, cannot be revoked without restarting the API server and sit unencrypted on disk.")
            .severity(Severity::High)
            .std(Standard::Owasp("K06"))
            .set(APPEND, json!("--token-auth-file=/etc/kubernetes/pki/tokens.csv")),
        cp("CP-003", "apiserver-no-deny-service-external-ips", API, "1.2.3")
            .title("kube-apiserver without the DenyServiceExternalIPs admission plugin")
            .describe("Without DenyServiceExternalIPs any user who may create Services can set spec.externalIPs and intercept traffic meant for those addresses (CVE-2020-8554). The plugin list keeps every other plugin of the baseline.")
            .severity(Severity::Medium)
            .std(Standard::Cve("CVE-2020-8554"))
            .set(flag(API, "--enable-admission-plugins"), json!("--enable-admission-plugins=NodeRestriction,AlwaysPullImages,EventRateLimit")),
        cp("CP-004", "apiserver-no-kubelet-client-certificate", API, "1.2.4")
            .title("kube-apiserver without --kubelet-client-certificate")
            .describe("Without a client certificate the API server cannot authenticate to kubelets, which then must accept unauthenticated requests for exec, logs and port-forward to work.")
            .severity(Severity::High)
            .remove(flag(API, "--kubelet-client-certificate")),
        cp("CP-005", "apiserver-no-kubelet-certificate-authority", API, "1.2.5")
            .title("kube-apiserver without --kubelet-certificate-authority")
            .describe("Without a CA for kubelet serving certificates the API server does not verify whom it talks to on the kubelet port, so a machine in the middle can read or alter exec and log streams.")
            .severity(Severity::High)
            .remove(flag(API, "--kubelet-certificate-authority")),
    ]
}

/// kube-apiserver: authorization modes.
fn apiserver_authorization() -> Vec<CheckSpec> {
    vec![
        cp("CP-006-1", "apiserver-authorization-always-allow", API, "1.2.6")
            .title("kube-apiserver authorizes every request (AlwaysAllow)")
            .describe("--authorization-mode=AlwaysAllow turns authorization off: any authenticated identity, including every service account token, can do anything in the cluster.")
            .severity(Severity::Critical)
            .std(Standard::Owasp("K03"))
            .std(Standard::Nsa("Authentication and authorization"))
            .set(flag(API, "--authorization-mode"), json!("--authorization-mode=AlwaysAllow")),
        cp("CP-006-2", "apiserver-authorization-without-node", API, "1.2.7")
            .title("kube-apiserver authorization without the Node authorizer")
            .describe("Without the Node authorizer kubelets are authorized through RBAC alone, usually via a broad system:nodes binding, so a compromised node can read every Secret and Pod in the cluster instead of only those of its own pods.")
            .severity(Severity::Medium)
            .set(flag(API, "--authorization-mode"), json!("--authorization-mode=RBAC")),
        cp("CP-006-3", "apiserver-authorization-without-rbac", API, "1.2.8")
            .title("kube-apiserver authorization without RBAC")
            .describe("Without RBAC Roles and bindings have no effect, and access control falls back to whatever other authorizer is configured; least-privilege policies written as RBAC are silently ignored.")
            .severity(Severity::High)
            .set(flag(API, "--authorization-mode"), json!("--authorization-mode=Node")),
        cp("CP-006-4", "apiserver-authorization-always-allow-last", API, "1.2.6")
            .title("kube-apiserver with AlwaysAllow after Node and RBAC")
            .describe("Authorizers are consulted in order and the first decision wins; AlwaysAllow at the end approves every request that Node and RBAC did not, which is the same as no authorization. A scanner comparing the first mode only misses it.")
            .severity(Severity::Critical)
            .std(Standard::Owasp("K03"))
            .set(flag(API, "--authorization-mode"), json!("--authorization-mode=Node,RBAC,AlwaysAllow")),
        cp("CP-006-5", "apiserver-authorization-rbac-node-order", API, "1.2.7")
            .title("kube-apiserver authorization RBAC,Node (secure, other order)")
            .describe("Node and RBAC only allow and never deny, so their order changes nothing about what is authorized. Expected to pass: a scanner that compares against the literal string Node,RBAC is wrong here.")
            .pass()
            .severity(Severity::Low)
            .set(flag(API, "--authorization-mode"), json!("--authorization-mode=RBAC,Node")),
    ]
}

/// kube-apiserver: admission plugins.
fn apiserver_admission() -> Vec<CheckSpec> {
    vec![
        cp("CP-007", "apiserver-no-event-rate-limit", API, "1.2.9")
            .title("kube-apiserver without the EventRateLimit admission plugin")
            .describe("Without EventRateLimit a noisy or malicious client can flood the API server and etcd with Event objects and degrade the whole control plane.")
            .severity(Severity::Low)
            .set(flag(API, "--enable-admission-plugins"), json!("--enable-admission-plugins=NodeRestriction,AlwaysPullImages,DenyServiceExternalIPs")),
        cp("CP-008", "apiserver-always-admit", API, "1.2.10")
            .title("kube-apiserver with the AlwaysAdmit admission plugin")
            .describe("AlwaysAdmit admits every request regardless of what other admission plugins would decide, which defeats admission control; it is deprecated for that reason.")
            .severity(Severity::High)
            .std(Standard::Owasp("K04"))
            .set(flag(API, "--enable-admission-plugins"), json!("--enable-admission-plugins=NodeRestriction,AlwaysPullImages,EventRateLimit,DenyServiceExternalIPs,AlwaysAdmit")),
        cp("CP-009", "apiserver-no-always-pull-images", API, "1.2.11")
            .title("kube-apiserver without the AlwaysPullImages admission plugin")
            .describe("Without AlwaysPullImages a pod can use a private image already cached on the node without presenting the pull secret that guards it, so tenants can run each other's images.")
            .severity(Severity::Low)
            .set(flag(API, "--enable-admission-plugins"), json!("--enable-admission-plugins=NodeRestriction,EventRateLimit,DenyServiceExternalIPs")),
        cp("CP-010", "apiserver-no-node-restriction", API, "1.2.14")
            .title("kube-apiserver without the NodeRestriction admission plugin")
            .describe("NodeRestriction limits each kubelet to modifying its own Node and the pods bound to it; without it a compromised node can relabel other nodes and attract sensitive workloads.")
            .severity(Severity::Medium)
            .set(flag(API, "--enable-admission-plugins"), json!("--enable-admission-plugins=AlwaysPullImages,EventRateLimit,DenyServiceExternalIPs")),
        cp("CP-011-1", "apiserver-disable-service-account-plugin", API, "1.2.12")
            .title("kube-apiserver disables the ServiceAccount admission plugin")
            .describe("The ServiceAccount plugin assigns and checks service accounts and their tokens on every pod; disabling it lets pods reference any service account and mount tokens without validation.")
            .severity(Severity::Medium)
            .set(APPEND, json!("--disable-admission-plugins=ServiceAccount")),
        cp("CP-011-2", "apiserver-disable-namespace-lifecycle", API, "1.2.13")
            .title("kube-apiserver disables the NamespaceLifecycle admission plugin")
            .describe("NamespaceLifecycle refuses objects in namespaces that do not exist or are being deleted; without it, objects can be created in a terminating namespace and escape its clean-up.")
            .severity(Severity::Low)
            .set(APPEND, json!("--disable-admission-plugins=NamespaceLifecycle")),
    ]
}

/// kube-apiserver: profiling and audit logging.
fn apiserver_profiling_and_audit() -> Vec<CheckSpec> {
    vec![
        cp("CP-012-1", "apiserver-profiling-enabled", API, "1.2.15")
            .title("kube-apiserver with profiling enabled")
            .describe("--profiling=true exposes /debug/pprof, which reveals internals of the running process and can be used to load the API server.")
            .severity(Severity::Medium)
            .set(flag(API, "--profiling"), json!("--profiling=true")),
        cp("CP-012-2", "apiserver-profiling-default", API, "1.2.15")
            .title("kube-apiserver without --profiling (defaults to enabled)")
            .describe("The default of --profiling is true, so leaving the flag out exposes /debug/pprof just as setting it would.")
            .severity(Severity::Medium)
            .remove(flag(API, "--profiling")),
        cp("CP-013", "apiserver-no-audit-log-path", API, "1.2.16")
            .title("kube-apiserver without --audit-log-path")
            .describe("Without an audit log path no audit events are written: who read which Secret, who created which binding, cannot be reconstructed after an incident.")
            .severity(Severity::High)
            .std(Standard::Owasp("K05"))
            .std(Standard::Nsa("Audit logging and threat detection"))
            .remove(flag(API, "--audit-log-path")),
        cp("CP-014", "apiserver-audit-log-maxage-low", API, "1.2.17")
            .title("kube-apiserver keeps audit logs for 7 days only (--audit-log-maxage=7)")
            .describe("Audit files older than a week are deleted, usually before a slow intrusion is noticed; CIS asks for at least 30 days.")
            .severity(Severity::Low)
            .std(Standard::Owasp("K05"))
            .set(flag(API, "--audit-log-maxage"), json!("--audit-log-maxage=7")),
        cp("CP-015", "apiserver-audit-log-maxbackup-low", API, "1.2.18")
            .title("kube-apiserver keeps 2 rotated audit files only (--audit-log-maxbackup=2)")
            .describe("With two backups a busy cluster rotates its audit trail away within hours; CIS asks for at least 10.")
            .severity(Severity::Low)
            .std(Standard::Owasp("K05"))
            .set(flag(API, "--audit-log-maxbackup"), json!("--audit-log-maxbackup=2")),
        cp("CP-016", "apiserver-audit-log-maxsize-low", API, "1.2.19")
            .title("kube-apiserver rotates audit files at 10 MB (--audit-log-maxsize=10)")
            .describe("Small audit files combined with a bounded number of backups shrink the retained history; CIS asks for at least 100 MB.")
            .severity(Severity::Low)
            .std(Standard::Owasp("K05"))
            .set(flag(API, "--audit-log-maxsize"), json!("--audit-log-maxsize=10")),
        cp("CP-017", "apiserver-audit-log-maxage-long", API, "1.2.17")
            .title("kube-apiserver keeps audit logs for 90 days (secure)")
            .describe("Ninety days is more than the 30 CIS requires. Expected to pass: a scanner that compares the value to 30 for equality instead of as a minimum is wrong here.")
            .pass()
            .severity(Severity::Low)
            .set(flag(API, "--audit-log-maxage"), json!("--audit-log-maxage=90")),
    ]
}

/// kube-apiserver: timeouts, service-account keys, certificates, encryption, TLS, insecure ports.
fn apiserver_transport() -> Vec<CheckSpec> {
    vec![
        cp("CP-018", "apiserver-request-timeout-long", API, "1.2.20")
            .title("kube-apiserver with a 24 hour request timeout")
            .describe("A request timeout of a day lets slow or stalled clients hold API server connections and memory for hours, an easy denial of service; the default of 60 seconds is appropriate for almost every cluster.")
            .severity(Severity::Low)
            .set(flag(API, "--request-timeout"), json!("--request-timeout=24h")),
        cp("CP-019", "apiserver-service-account-lookup-disabled", API, "1.2.21")
            .title("kube-apiserver does not look up service accounts (--service-account-lookup=false)")
            .describe("Without the lookup the API server accepts a legacy service account token whose ServiceAccount or Secret was deleted, so revoking a leaked token by deleting its account does not work.")
            .severity(Severity::Medium)
            .std(Standard::Owasp("K06"))
            .set(flag(API, "--service-account-lookup"), json!("--service-account-lookup=false")),
        cp("CP-020", "apiserver-no-service-account-key-file", API, "1.2.22")
            .title("kube-apiserver without --service-account-key-file")
            .describe("Without an explicit public key file the API server verifies service account tokens with its TLS key, which ties token validity to the serving certificate and prevents rotating one without the other.")
            .severity(Severity::Medium)
            .remove(flag(API, "--service-account-key-file")),
        cp("CP-021", "apiserver-no-etcd-certfile", API, "1.2.23")
            .title("kube-apiserver without an etcd client certificate (--etcd-certfile)")
            .describe("Without a client certificate the API server cannot authenticate to etcd, which then has to accept unauthenticated clients holding the whole cluster state, Secrets included.")
            .severity(Severity::High)
            .remove(flag(API, "--etcd-certfile")),
        cp("CP-022", "apiserver-no-tls-cert-file", API, "1.2.24")
            .title("kube-apiserver without --tls-cert-file")
            .describe("Without a serving certificate the API server generates a self-signed one that clients cannot verify, inviting them to skip verification altogether.")
            .severity(Severity::High)
            .remove(flag(API, "--tls-cert-file")),
        cp("CP-023", "apiserver-no-client-ca-file", API, "1.2.25")
            .title("kube-apiserver without --client-ca-file")
            .describe("Without a client CA the API server cannot authenticate client certificates, so kubelets and administrators lose certificate-based authentication and fall back to weaker methods.")
            .severity(Severity::High)
            .std(Standard::Owasp("K06"))
            .remove(flag(API, "--client-ca-file")),
        cp("CP-024", "apiserver-no-etcd-cafile", API, "1.2.26")
            .title("kube-apiserver without --etcd-cafile")
            .describe("Without the etcd CA the API server does not verify etcd's certificate, so an attacker who can redirect traffic can impersonate the datastore.")
            .severity(Severity::High)
            .remove(flag(API, "--etcd-cafile")),
        cp("CP-025", "apiserver-no-encryption-provider-config", API, "1.2.27")
            .title("kube-apiserver without encryption at rest (--encryption-provider-config)")
            .describe("Without an encryption provider configuration Secrets are stored in etcd as base64 plain text; anyone with an etcd backup or disk snapshot reads every credential of the cluster.")
            .severity(Severity::High)
            .std(Standard::Owasp("K08"))
            .std(Standard::Nsa("Encrypt Secrets at rest"))
            .remove(flag(API, "--encryption-provider-config")),
        cp("CP-026", "apiserver-weak-tls-cipher-suites", API, "1.2.29")
            .title("kube-apiserver allows weak TLS cipher suites (RC4, 3DES)")
            .describe("RC4 and 3DES suites are broken (biased key stream, Sweet32) and offer no forward secrecy; offering them lets a downgrade expose API traffic, tokens included.")
            .severity(Severity::Medium)
            .set(flag(API, "--tls-cipher-suites"), json!("--tls-cipher-suites=TLS_RSA_WITH_RC4_128_SHA,TLS_RSA_WITH_3DES_EDE_CBC_SHA,TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256")),
        cp("CP-027", "apiserver-tls-min-version-1-0", API, "1.2.29")
            .title("kube-apiserver accepts TLS 1.0 (--tls-min-version=VersionTLS10)")
            .describe("TLS 1.0 and 1.1 are deprecated (RFC 8996) and allow known downgrade and padding attacks; the API server should accept TLS 1.2 or later only.")
            .severity(Severity::Medium)
            .set(flag(API, "--tls-min-version"), json!("--tls-min-version=VersionTLS10")),
        cp_removed_flag("CP-028", "apiserver-insecure-port", API)
            .title("kube-apiserver with an insecure port (--insecure-port=8080)")
            .describe("The insecure port serves the API over plain HTTP with no authentication and no authorization. Kubernetes removed it in 1.24, but manifests carried over from older clusters still set it and older CIS versions check it.")
            .severity(Severity::High)
            .std(Standard::Owasp("K06"))
            .set(APPEND, json!("--insecure-port=8080")),
        cp_removed_flag("CP-029", "apiserver-insecure-bind-address", API)
            .title("kube-apiserver insecure port bound to all interfaces (--insecure-bind-address=0.0.0.0)")
            .describe("Binding the unauthenticated insecure port to every interface makes full cluster control reachable from the network; the flag is gone in current releases but still found in migrated manifests.")
            .severity(Severity::High)
            .set(APPEND, json!("--insecure-bind-address=0.0.0.0")),
        cp("CP-030", "apiserver-no-audit-policy-file", API, "3.2.1")
            .title("kube-apiserver without an audit policy (--audit-policy-file)")
            .describe("Without a policy file the API server records no audit events even with a log path set, because the policy decides what is logged; the log file stays empty.")
            .severity(Severity::Medium)
            .std(Standard::Owasp("K05"))
            .remove(flag(API, "--audit-policy-file")),
        cp("CP-031", "apiserver-etcd-over-http", API, "1.2.23")
            .title("kube-apiserver talks to etcd over plain HTTP")
            .describe("An http:// etcd URL sends every object, Secrets included, unencrypted between API server and datastore, and the client certificate settings are ignored.")
            .severity(Severity::High)
            .set(flag(API, "--etcd-servers"), json!("--etcd-servers=http://127.0.0.1:2379")),
    ]
}

/// kube-controller-manager flags (CIS 1.3).
fn controller_manager() -> Vec<CheckSpec> {
    vec![
        cp("CP-040", "controller-manager-no-terminated-pod-gc-threshold", KCM, "1.3.1")
            .title("kube-controller-manager without --terminated-pod-gc-threshold")
            .describe("The default threshold keeps 12500 terminated pods before collecting them, enough to exhaust etcd and slow the control plane on a busy cluster.")
            .severity(Severity::Low)
            .remove(flag(KCM, "--terminated-pod-gc-threshold")),
        cp("CP-041", "controller-manager-profiling-enabled", KCM, "1.3.2")
            .title("kube-controller-manager with profiling enabled")
            .describe("--profiling=true exposes /debug/pprof of a component that holds cluster-wide credentials, revealing internals and adding load on demand.")
            .severity(Severity::Medium)
            .set(flag(KCM, "--profiling"), json!("--profiling=true")),
        cp("CP-042", "controller-manager-shared-credentials", KCM, "1.3.3")
            .title("kube-controller-manager controllers share one credential")
            .describe("With --use-service-account-credentials=false every controller acts with the controller manager's own, very broad identity instead of a service account per controller, so least privilege between controllers is lost.")
            .severity(Severity::Medium)
            .std(Standard::Owasp("K03"))
            .set(flag(KCM, "--use-service-account-credentials"), json!("--use-service-account-credentials=false")),
        cp("CP-043", "controller-manager-no-service-account-private-key", KCM, "1.3.4")
            .title("kube-controller-manager without --service-account-private-key-file")
            .describe("Without the signing key the controller manager cannot issue service account tokens tied to a key the cluster can rotate, and token signing falls back to whatever key is at hand.")
            .severity(Severity::Medium)
            .remove(flag(KCM, "--service-account-private-key-file")),
        cp("CP-044", "controller-manager-no-root-ca-file", KCM, "1.3.5")
            .title("kube-controller-manager without --root-ca-file")
            .describe("Without a root CA the controller manager does not put the cluster CA into service account token bundles, so pods cannot verify the API server's certificate and are pushed to skip verification.")
            .severity(Severity::Medium)
            .remove(flag(KCM, "--root-ca-file")),
        cp("CP-045", "controller-manager-no-kubelet-server-cert-rotation", KCM, "1.3.6")
            .title("kube-controller-manager turns off kubelet serving certificate rotation")
            .describe("With RotateKubeletServerCertificate=false kubelet serving certificates are not renewed through the API, so they are long-lived or self-signed and cannot be verified by the API server.")
            .severity(Severity::Medium)
            .set(flag(KCM, "--feature-gates"), json!("--feature-gates=RotateKubeletServerCertificate=false")),
        cp("CP-046", "controller-manager-bind-all-interfaces", KCM, "1.3.7")
            .title("kube-controller-manager serves on all interfaces (--bind-address=0.0.0.0)")
            .describe("Binding the secure port to every interface exposes health, metrics and, with profiling, debug endpoints of the controller manager to the network instead of the node alone.")
            .severity(Severity::Medium)
            .set(flag(KCM, "--bind-address"), json!("--bind-address=0.0.0.0")),
    ]
}

/// kube-scheduler flags (CIS 1.4).
fn scheduler() -> Vec<CheckSpec> {
    vec![
        cp("CP-050", "scheduler-profiling-enabled", SCHED, "1.4.1")
            .title("kube-scheduler with profiling enabled")
            .describe("--profiling=true exposes /debug/pprof on the scheduler, revealing internals and adding an endpoint that can be used to load it.")
            .severity(Severity::Medium)
            .set(flag(SCHED, "--profiling"), json!("--profiling=true")),
        cp("CP-051", "scheduler-bind-all-interfaces", SCHED, "1.4.2")
            .title("kube-scheduler serves on all interfaces (--bind-address=0.0.0.0)")
            .describe("Binding the scheduler's secure port to every interface makes its health, metrics and debug endpoints reachable from the network instead of the node alone.")
            .severity(Severity::Medium)
            .set(flag(SCHED, "--bind-address"), json!("--bind-address=0.0.0.0")),
    ]
}

/// etcd flags (CIS 2).
fn etcd() -> Vec<CheckSpec> {
    vec![
        cp("CP-060", "etcd-no-cert-file", ETCD, "2.1")
            .title("etcd without a serving certificate (--cert-file)")
            .describe("Without a certificate etcd cannot serve TLS to clients; the whole cluster state, Secrets included, travels in plain text.")
            .severity(Severity::High)
            .std(Standard::Nsa("Control plane hardening: etcd"))
            .remove(flag(ETCD, "--cert-file")),
        cp("CP-061", "etcd-client-cert-auth-disabled", ETCD, "2.2")
            .title("etcd does not authenticate clients (--client-cert-auth=false)")
            .describe("Without client certificate authentication anyone who reaches port 2379 can read and write every key in etcd, bypassing Kubernetes authentication, authorization and admission entirely.")
            .severity(Severity::Critical)
            .std(Standard::Nsa("Control plane hardening: etcd"))
            .set(flag(ETCD, "--client-cert-auth"), json!("--client-cert-auth=false")),
        cp("CP-062", "etcd-auto-tls", ETCD, "2.3")
            .title("etcd uses self-signed client certificates (--auto-tls=true)")
            .describe("Automatically generated certificates are self-signed and unverifiable, so clients cannot tell the real etcd from an impostor.")
            .severity(Severity::Medium)
            .set(flag(ETCD, "--auto-tls"), json!("--auto-tls=true")),
        cp("CP-063", "etcd-no-peer-cert-file", ETCD, "2.4")
            .title("etcd without a peer certificate (--peer-cert-file)")
            .describe("Without a peer certificate replication between etcd members is not encrypted, exposing every write to anyone on the path between control-plane nodes.")
            .severity(Severity::High)
            .remove(flag(ETCD, "--peer-cert-file")),
        cp("CP-064", "etcd-peer-client-cert-auth-disabled", ETCD, "2.5")
            .title("etcd does not authenticate peers (--peer-client-cert-auth=false)")
            .describe("Without peer certificate authentication any host that reaches port 2380 can join or talk to the etcd cluster as a member and receive its data.")
            .severity(Severity::High)
            .set(flag(ETCD, "--peer-client-cert-auth"), json!("--peer-client-cert-auth=false")),
        cp("CP-065", "etcd-peer-auto-tls", ETCD, "2.6")
            .title("etcd uses self-signed peer certificates (--peer-auto-tls=true)")
            .describe("Self-signed peer certificates cannot be verified, so members cannot tell a genuine peer from an impostor.")
            .severity(Severity::Medium)
            .set(flag(ETCD, "--peer-auto-tls"), json!("--peer-auto-tls=true")),
        cp("CP-066", "etcd-shares-cluster-ca", ETCD, "2.7")
            .title("etcd trusts the cluster CA instead of its own")
            .describe("When etcd trusts the Kubernetes cluster CA, every client certificate that CA issued (every kubelet, every administrator) is accepted by etcd; etcd should trust a CA of its own.")
            .severity(Severity::Medium)
            .set(flag(ETCD, "--trusted-ca-file"), json!("--trusted-ca-file=/etc/kubernetes/pki/ca.crt")),
        cp("CP-067", "etcd-listen-client-plain-http", ETCD, "2.1")
            .title("etcd listens for clients over plain HTTP on all interfaces")
            .describe("An http:// client URL on 0.0.0.0 serves the datastore without TLS and without client authentication to the whole network.")
            .severity(Severity::Critical)
            .set(flag(ETCD, "--listen-client-urls"), json!("--listen-client-urls=http://0.0.0.0:2379")),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::baseline::control_plane::{flag_name, flags};
    use crate::catalog::Op;

    /// Each check changes exactly one command element, and the element it points at is the
    /// flag it means: a replaced flag keeps its name, a removed flag is named in the title, an
    /// appended flag is one the baseline lacks. This catches index drift when the baseline's
    /// flag tables change.
    #[test]
    fn every_check_touches_the_flag_it_names() {
        for c in checks() {
            let table =
                flags(c.base).unwrap_or_else(|| panic!("{}: not a control-plane kind", c.id));
            assert!(c.adds.is_empty() && c.removes.is_empty(), "{}", c.id);
            assert_eq!(c.patches.len(), 1, "{}", c.id);
            let ops = &c.patches[0].patch;
            assert_eq!(ops.len(), 1, "{}: one command element per check", c.id);
            let ptr = ops[0].pointer();
            if ptr == APPEND {
                let Op::Add(_, v) = &ops[0] else {
                    panic!("{}: append must add", c.id)
                };
                let name = flag_name(v.as_str().unwrap());
                assert!(
                    table.iter().all(|f| flag_name(f) != name),
                    "{}: {name} already in baseline",
                    c.id
                );
                continue;
            }
            let i: usize = ptr.rsplit('/').next().unwrap().parse().unwrap();
            assert!(
                i >= 1 && i <= table.len(),
                "{}: index {i} out of the flags",
                c.id
            );
            let old = flag_name(table[i - 1]);
            match &ops[0] {
                Op::Add(_, v) => {
                    let new = v.as_str().unwrap();
                    assert_eq!(flag_name(new), old, "{}", c.id);
                    assert_ne!(new, table[i - 1], "{}: value unchanged", c.id);
                }
                Op::Remove(_) => assert!(c.title.contains(old), "{}: title must name {old}", c.id),
            }
        }
    }
}

//! Control-plane static pods (kube-apiserver, kube-controller-manager, kube-scheduler, etcd) as
//! kubeadm writes them to `/etc/kubernetes/manifests`, hardened to the CIS Kubernetes Benchmark
//! (v1.9 numbering: section 1.2 for the API server, 1.3 controller manager, 1.4 scheduler,
//! section 2 etcd).
//!
//! Each container's `command` holds the binary at index 0, then one flag per element in the
//! order of the `*_FLAGS` tables below. Infrastructure checks change exactly one element (found
//! by [`flag_index`]) or append one, so a scanner that reads flags from manifests sees one
//! insecure setting and nothing else. The pod around the command is as locked down as the
//! component allows: non-root user, no privilege escalation, all capabilities dropped, the
//! runtime's seccomp and AppArmor profiles, read-only root file system, certificates and config
//! mounted read-only. What a static pod cannot avoid stays: host networking, hostPath volumes
//! for certificates, and a writable hostPath where the component must write (the audit log, the
//! etcd data directory).

use serde_json::{json, Value};

use super::Kind;

/// kube-apiserver, CIS 1.2. Anonymous requests off (the health probes then need credentials
/// or the structured authentication config's anonymous endpoints; scanners read the flag).
pub const API_SERVER_FLAGS: &[&str] = &[
    "--admission-control-config-file=/etc/kubernetes/apiserver/admission-config.yaml",
    "--advertise-address=10.0.0.10",
    "--anonymous-auth=false",
    "--audit-log-maxage=30",
    "--audit-log-maxbackup=10",
    "--audit-log-maxsize=100",
    "--audit-log-path=/var/log/kubernetes/audit/audit.log",
    "--audit-policy-file=/etc/kubernetes/apiserver/audit-policy.yaml",
    "--authorization-mode=Node,RBAC",
    "--client-ca-file=/etc/kubernetes/pki/ca.crt",
    "--enable-admission-plugins=NodeRestriction,AlwaysPullImages,EventRateLimit,DenyServiceExternalIPs",
    "--encryption-provider-config=/etc/kubernetes/apiserver/encryption-config.yaml",
    "--etcd-cafile=/etc/kubernetes/pki/etcd/ca.crt",
    "--etcd-certfile=/etc/kubernetes/pki/apiserver-etcd-client.crt",
    "--etcd-keyfile=/etc/kubernetes/pki/apiserver-etcd-client.key",
    "--etcd-servers=https://127.0.0.1:2379",
    "--kubelet-certificate-authority=/etc/kubernetes/pki/ca.crt",
    "--kubelet-client-certificate=/etc/kubernetes/pki/apiserver-kubelet-client.crt",
    "--kubelet-client-key=/etc/kubernetes/pki/apiserver-kubelet-client.key",
    "--profiling=false",
    "--request-timeout=60s",
    "--secure-port=6443",
    "--service-account-issuer=https://kubernetes.default.svc.cluster.local",
    "--service-account-key-file=/etc/kubernetes/pki/sa.pub",
    "--service-account-lookup=true",
    "--service-account-signing-key-file=/etc/kubernetes/pki/sa.key",
    "--service-cluster-ip-range=10.96.0.0/12",
    "--tls-cert-file=/etc/kubernetes/pki/apiserver.crt",
    "--tls-cipher-suites=TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256,TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256,TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384,TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384,TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305,TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305",
    "--tls-min-version=VersionTLS12",
    "--tls-private-key-file=/etc/kubernetes/pki/apiserver.key",
];

/// kube-controller-manager, CIS 1.3.
pub const CONTROLLER_MANAGER_FLAGS: &[&str] = &[
    "--authentication-kubeconfig=/etc/kubernetes/controller-manager.conf",
    "--authorization-kubeconfig=/etc/kubernetes/controller-manager.conf",
    "--bind-address=127.0.0.1",
    "--client-ca-file=/etc/kubernetes/pki/ca.crt",
    "--cluster-name=kubernetes",
    "--cluster-signing-cert-file=/etc/kubernetes/pki/ca.crt",
    "--cluster-signing-key-file=/etc/kubernetes/pki/ca.key",
    "--controllers=*,bootstrapsigner,tokencleaner",
    "--feature-gates=RotateKubeletServerCertificate=true",
    "--kubeconfig=/etc/kubernetes/controller-manager.conf",
    "--leader-elect=true",
    "--profiling=false",
    "--root-ca-file=/etc/kubernetes/pki/ca.crt",
    "--service-account-private-key-file=/etc/kubernetes/pki/sa.key",
    "--terminated-pod-gc-threshold=10",
    "--tls-min-version=VersionTLS12",
    "--use-service-account-credentials=true",
];

/// kube-scheduler, CIS 1.4.
pub const SCHEDULER_FLAGS: &[&str] = &[
    "--authentication-kubeconfig=/etc/kubernetes/scheduler.conf",
    "--authorization-kubeconfig=/etc/kubernetes/scheduler.conf",
    "--bind-address=127.0.0.1",
    "--kubeconfig=/etc/kubernetes/scheduler.conf",
    "--leader-elect=true",
    "--profiling=false",
    "--tls-min-version=VersionTLS12",
];

/// etcd, CIS section 2: TLS with client certificates for clients and peers, no self-signed
/// automatic certificates, its own CA.
pub const ETCD_FLAGS: &[&str] = &[
    "--advertise-client-urls=https://10.0.0.10:2379",
    "--auto-tls=false",
    "--cert-file=/etc/kubernetes/pki/etcd/server.crt",
    "--client-cert-auth=true",
    "--data-dir=/var/lib/etcd",
    "--initial-advertise-peer-urls=https://10.0.0.10:2380",
    "--initial-cluster=cp-1=https://10.0.0.10:2380",
    "--key-file=/etc/kubernetes/pki/etcd/server.key",
    "--listen-client-urls=https://127.0.0.1:2379,https://10.0.0.10:2379",
    "--listen-metrics-urls=http://127.0.0.1:2381",
    "--listen-peer-urls=https://10.0.0.10:2380",
    "--name=cp-1",
    "--peer-auto-tls=false",
    "--peer-cert-file=/etc/kubernetes/pki/etcd/peer.crt",
    "--peer-client-cert-auth=true",
    "--peer-key-file=/etc/kubernetes/pki/etcd/peer.key",
    "--peer-trusted-ca-file=/etc/kubernetes/pki/etcd/ca.crt",
    "--trusted-ca-file=/etc/kubernetes/pki/etcd/ca.crt",
];

/// The flags of a control-plane kind, in `command` order after the binary.
pub fn flags(kind: Kind) -> Option<&'static [&'static str]> {
    match kind {
        Kind::ApiServerPod => Some(API_SERVER_FLAGS),
        Kind::ControllerManagerPod => Some(CONTROLLER_MANAGER_FLAGS),
        Kind::SchedulerPod => Some(SCHEDULER_FLAGS),
        Kind::EtcdPod => Some(ETCD_FLAGS),
        _ => None,
    }
}

/// The flag name of a `--name=value` element (`--name` itself when it has no value).
pub fn flag_name(element: &str) -> &str {
    element.split_once('=').map_or(element, |(name, _)| name)
}

/// The `command` index of the flag named `name` (`--profiling`) in the baseline of `kind`;
/// index 0 is the binary, so flags start at 1.
pub fn flag_index(kind: Kind, name: &str) -> Option<usize> {
    flags(kind)?
        .iter()
        .position(|f| flag_name(f) == name)
        .map(|i| i + 1)
}

struct Component {
    name: &'static str,
    image: &'static str,
    flags: &'static [&'static str],
    /// Non-root uid/gid the component runs as (kubeadm's rootless control plane does the same).
    uid: i64,
    /// Health endpoint host, port and scheme (liveness and startup use `live`, readiness `ready`).
    probe_host: &'static str,
    probe_port: i64,
    probe_scheme: &'static str,
    live: &'static str,
    ready: &'static str,
    /// (volume name, host path, hostPath type, mount path, read-only)
    mounts: &'static [(&'static str, &'static str, &'static str, &'static str, bool)],
    requests: (&'static str, &'static str),
    limits: (&'static str, &'static str),
}

const API_SERVER: Component = Component {
    name: "kube-apiserver",
    image: "registry.k8s.io/kube-apiserver:v1.34.1@sha256:b9d7c117f8ac52bed4b13aeed973dc5198f9d93a926e6fe9e0b384f155baa902",
    flags: API_SERVER_FLAGS,
    uid: 2001,
    probe_host: "10.0.0.10",
    probe_port: 6443,
    probe_scheme: "HTTPS",
    live: "/livez",
    ready: "/readyz",
    mounts: &[
        ("k8s-certs", "/etc/kubernetes/pki", "Directory", "/etc/kubernetes/pki", true),
        ("ca-certs", "/etc/ssl/certs", "Directory", "/etc/ssl/certs", true),
        ("apiserver-config", "/etc/kubernetes/apiserver", "Directory", "/etc/kubernetes/apiserver", true),
        ("audit-log", "/var/log/kubernetes/audit", "DirectoryOrCreate", "/var/log/kubernetes/audit", false),
    ],
    requests: ("250m", "512Mi"),
    limits: ("2", "2Gi"),
};

const CONTROLLER_MANAGER: Component = Component {
    name: "kube-controller-manager",
    image: "registry.k8s.io/kube-controller-manager:v1.34.1@sha256:2bf47c1b01f51e8963bf2327390883c9fa4ed03ea1b284500a2cba17ce303e89",
    flags: CONTROLLER_MANAGER_FLAGS,
    uid: 2002,
    probe_host: "127.0.0.1",
    probe_port: 10257,
    probe_scheme: "HTTPS",
    live: "/healthz",
    ready: "/healthz",
    mounts: &[
        ("k8s-certs", "/etc/kubernetes/pki", "Directory", "/etc/kubernetes/pki", true),
        ("ca-certs", "/etc/ssl/certs", "Directory", "/etc/ssl/certs", true),
        ("kubeconfig", "/etc/kubernetes/controller-manager.conf", "File", "/etc/kubernetes/controller-manager.conf", true),
    ],
    requests: ("200m", "256Mi"),
    limits: ("1", "1Gi"),
};

const SCHEDULER: Component = Component {
    name: "kube-scheduler",
    image: "registry.k8s.io/kube-scheduler:v1.34.1@sha256:6e9fbc4e25a576483e6a233976353a66e4d77eb5d0530e9118e94b7d46fb3500",
    flags: SCHEDULER_FLAGS,
    uid: 2003,
    probe_host: "127.0.0.1",
    probe_port: 10259,
    probe_scheme: "HTTPS",
    live: "/livez",
    ready: "/readyz",
    mounts: &[("kubeconfig", "/etc/kubernetes/scheduler.conf", "File", "/etc/kubernetes/scheduler.conf", true)],
    requests: ("100m", "128Mi"),
    limits: ("500m", "512Mi"),
};

const ETCD: Component = Component {
    name: "etcd",
    image: "registry.k8s.io/etcd:3.6.4-0@sha256:e36c081683425b5b3bc1425bc508b37e7107bb65dfa9367bf5a80125d431fa19",
    flags: ETCD_FLAGS,
    uid: 2004,
    probe_host: "127.0.0.1",
    probe_port: 2381,
    probe_scheme: "HTTP",
    live: "/livez",
    ready: "/readyz",
    mounts: &[
        ("etcd-certs", "/etc/kubernetes/pki/etcd", "Directory", "/etc/kubernetes/pki/etcd", true),
        ("etcd-data", "/var/lib/etcd", "DirectoryOrCreate", "/var/lib/etcd", false),
    ],
    requests: ("100m", "256Mi"),
    limits: ("1", "2Gi"),
};

fn probe(c: &Component, path: &str, failure_threshold: i64, period: i64) -> Value {
    json!({
        "httpGet": {"host": c.probe_host, "path": path, "port": c.probe_port, "scheme": c.probe_scheme},
        "initialDelaySeconds": 10,
        "timeoutSeconds": 15,
        "periodSeconds": period,
        "failureThreshold": failure_threshold,
    })
}

fn static_pod(c: &Component) -> Value {
    let mut command = vec![c.name];
    command.extend_from_slice(c.flags);
    let volumes: Vec<Value> = c
        .mounts
        .iter()
        .map(|(name, path, kind, _, _)| json!({"name": name, "hostPath": {"path": path, "type": kind}}))
        .collect();
    let mounts: Vec<Value> = c
        .mounts
        .iter()
        .map(|(name, _, _, mount, ro)| json!({"name": name, "mountPath": mount, "readOnly": ro}))
        .collect();
    json!({
        "apiVersion": "v1",
        "kind": "Pod",
        "metadata": {
            "namespace": "kube-system",
            "labels": {"component": c.name, "tier": "control-plane"},
        },
        "spec": {
            "automountServiceAccountToken": false,
            "enableServiceLinks": false,
            "hostNetwork": true,
            "hostPID": false,
            "hostIPC": false,
            "priorityClassName": "system-node-critical",
            "securityContext": {
                "runAsNonRoot": true,
                "runAsUser": c.uid,
                "runAsGroup": c.uid,
                "seccompProfile": {"type": "RuntimeDefault"},
                "appArmorProfile": {"type": "RuntimeDefault"},
            },
            "containers": [{
                "name": c.name,
                "image": c.image,
                "imagePullPolicy": "Always",
                "command": command,
                "resources": {
                    "requests": {"cpu": c.requests.0, "memory": c.requests.1, "ephemeral-storage": "64Mi"},
                    "limits": {"cpu": c.limits.0, "memory": c.limits.1, "ephemeral-storage": "128Mi"},
                },
                "livenessProbe": probe(c, c.live, 8, 10),
                "readinessProbe": probe(c, c.ready, 3, 1),
                "startupProbe": probe(c, c.live, 24, 10),
                "securityContext": {
                    "allowPrivilegeEscalation": false,
                    "privileged": false,
                    "readOnlyRootFilesystem": true,
                    "runAsNonRoot": true,
                    "runAsUser": c.uid,
                    "runAsGroup": c.uid,
                    "capabilities": {"drop": ["ALL"]},
                    "seccompProfile": {"type": "RuntimeDefault"},
                    "appArmorProfile": {"type": "RuntimeDefault"},
                },
                "volumeMounts": mounts,
            }],
            "volumes": volumes,
        }
    })
}

/// The baseline static pod of a control-plane kind.
///
/// # Panics
/// On a kind that is not a control-plane pod: the caller dispatches on the kind, so another
/// kind here is a programming error, not bad input.
pub fn object(kind: Kind) -> Value {
    match kind {
        Kind::ApiServerPod => static_pod(&API_SERVER),
        Kind::ControllerManagerPod => static_pod(&CONTROLLER_MANAGER),
        Kind::SchedulerPod => static_pod(&SCHEDULER),
        Kind::EtcdPod => static_pod(&ETCD),
        other => panic!("{other:?} is not a control-plane pod"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const KINDS: [Kind; 4] = [
        Kind::ApiServerPod,
        Kind::ControllerManagerPod,
        Kind::SchedulerPod,
        Kind::EtcdPod,
    ];

    /// Checks address flags by name; two elements with one name would make "the" flag ambiguous.
    #[test]
    fn flag_names_are_unique_per_component() {
        for kind in KINDS {
            let mut names: Vec<&str> = flags(kind).unwrap().iter().map(|f| flag_name(f)).collect();
            let n = names.len();
            names.sort_unstable();
            names.dedup();
            assert_eq!(names.len(), n, "{kind:?} repeats a flag");
        }
    }

    #[test]
    fn command_is_binary_then_flags_in_table_order() {
        for kind in KINDS {
            let pod = object(kind);
            let command = pod["spec"]["containers"][0]["command"].as_array().unwrap();
            let table = flags(kind).unwrap();
            assert_eq!(command.len(), table.len() + 1);
            for (i, f) in table.iter().enumerate() {
                assert_eq!(command[i + 1], json!(f));
                assert_eq!(flag_index(kind, flag_name(f)), Some(i + 1));
            }
        }
    }

    /// The CIS settings the Infrastructure checks break must hold in the baseline.
    #[test]
    fn baseline_flags_are_the_secure_values() {
        let has = |kind, flag: &str| flags(kind).unwrap().contains(&flag);
        assert!(has(Kind::ApiServerPod, "--anonymous-auth=false"));
        assert!(has(Kind::ApiServerPod, "--profiling=false"));
        assert!(has(Kind::ApiServerPod, "--service-account-lookup=true"));
        assert!(!flags(Kind::ApiServerPod)
            .unwrap()
            .iter()
            .any(|f| f.contains("AlwaysAllow") || f.contains("AlwaysAdmit")));
        assert!(!flags(Kind::ApiServerPod)
            .unwrap()
            .iter()
            .any(|f| flag_name(f) == "--token-auth-file"));
        assert!(has(
            Kind::ControllerManagerPod,
            "--use-service-account-credentials=true"
        ));
        assert!(has(Kind::ControllerManagerPod, "--bind-address=127.0.0.1"));
        assert!(has(Kind::SchedulerPod, "--bind-address=127.0.0.1"));
        assert!(has(Kind::EtcdPod, "--client-cert-auth=true"));
        assert!(has(Kind::EtcdPod, "--peer-client-cert-auth=true"));
        assert!(has(Kind::EtcdPod, "--auto-tls=false"));
        assert!(has(Kind::EtcdPod, "--peer-auto-tls=false"));
    }

    /// Every volume is mounted, and only the paths a component writes are writable.
    #[test]
    fn host_paths_are_read_only_except_where_written() {
        for kind in KINDS {
            let pod = object(kind);
            let mounts = pod["spec"]["containers"][0]["volumeMounts"]
                .as_array()
                .unwrap();
            assert_eq!(
                mounts.len(),
                pod["spec"]["volumes"].as_array().unwrap().len()
            );
            for m in mounts {
                let writable = !m["readOnly"].as_bool().unwrap();
                let path = m["mountPath"].as_str().unwrap();
                assert_eq!(
                    writable,
                    path == "/var/log/kubernetes/audit" || path == "/var/lib/etcd",
                    "{kind:?} {path}"
                );
            }
        }
    }
}

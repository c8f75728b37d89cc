//! Misc: pod settings that fit no other category but that scanners have rules for: scheduling
//! onto control-plane nodes, sharing the process namespace between containers, name resolution,
//! interactive containers and deprecated fields.

use serde_json::json;

use super::{check, Category, CheckSpec, Severity, Standard};
use crate::baseline::Kind;

/// The pod spec of the baseline Deployment.
macro_rules! pod {
    ($rest:literal) => {
        concat!("/spec/template/spec", $rest)
    };
}

pub fn checks() -> Vec<CheckSpec> {
    use Category::Misc;
    use Kind::Deployment;
    use Severity::*;
    let k01 = || Standard::Owasp("K01");

    vec![
        check("MISC-001", "tolerates-control-plane-taint", Misc)
            .title("Pod tolerates the control-plane taint")
            .describe("The control-plane taint keeps application pods away from the nodes running the API server and etcd; tolerating it lets an application pod, and whoever compromises it, share those nodes.")
            .alert()
            .severity(Medium)
            .std(k01())
            .std(Standard::Nsa("Kubernetes Pod security"))
            .on(Deployment)
            .set(
                pod!("/tolerations"),
                json!([{"key": "node-role.kubernetes.io/control-plane", "operator": "Exists", "effect": "NoSchedule"}]),
            ),
        check("MISC-002", "node-selector-control-plane", Misc)
            .title("Pod selects control-plane nodes")
            .describe("A nodeSelector on node-role.kubernetes.io/control-plane asks to run the application next to the API server and etcd, exactly where a container escape does the most harm.")
            .alert()
            .severity(Medium)
            .std(k01())
            .on(Deployment)
            .set(pod!("/nodeSelector"), json!({"node-role.kubernetes.io/control-plane": ""})),
        check("MISC-003", "node-name-set", Misc)
            .title("Pod pinned to a node with nodeName")
            .describe("nodeName bypasses the scheduler altogether, including its taint and resource checks, so the pod lands on that node even when it is tainted, cordoned or full.")
            .alert()
            .severity(Low)
            .std(k01())
            .on(Deployment)
            .set(pod!("/nodeName"), json!("node-1")),
        check("MISC-004", "share-process-namespace", Misc)
            .title("Containers share one process namespace")
            .describe("shareProcessNamespace lets every container of the pod see and signal the others' processes and read their environment and files through /proc, breaking the isolation between a sidecar and the application.")
            .alert()
            .severity(Medium)
            .std(k01())
            .on(Deployment)
            .set(pod!("/shareProcessNamespace"), json!(true)),
        check("POD-012", "host-aliases", Misc)
            .title("Pod rewrites /etc/hosts with hostAliases")
            .describe("hostAliases overrides name resolution inside the pod; it bypasses cluster DNS and its policies and is a simple way to redirect a dependency to another address.")
            .alert()
            .severity(Low)
            .std(k01())
            .on(Deployment)
            .set(pod!("/hostAliases"), json!([{"ip": "203.0.113.20", "hostnames": ["api.example.com"]}])),
        check("MISC-005", "dns-policy-default", Misc)
            .title("Pod uses the node's DNS resolver (dnsPolicy Default)")
            .describe("dnsPolicy Default hands the node's resolv.conf to the pod: cluster service names stop resolving and lookups leave through the node's resolver, outside any DNS policy of the cluster.")
            .alert()
            .severity(Low)
            .std(k01())
            .on(Deployment)
            .set(pod!("/dnsPolicy"), json!("Default")),
        check("MISC-006", "service-links-enabled", Misc)
            .title("Service environment variables injected into the pod")
            .describe("enableServiceLinks true injects the host and port of every Service of the namespace into the environment, disclosing the namespace's topology to the process and slowing start-up in large namespaces.")
            .alert()
            .severity(Low)
            .std(k01())
            .on(Deployment)
            .set(pod!("/enableServiceLinks"), json!(true)),
        check("MISC-007", "interactive-container", Misc)
            .title("Container keeps stdin open with a TTY")
            .describe("stdin and tty make a container interactive, a sign of a debugging setup left in production, and let anyone with pods/attach drive a shell in it.")
            .alert()
            .severity(Low)
            .std(k01())
            .on(Deployment)
            .set(pod!("/containers/0/stdin"), json!(true))
            .set(pod!("/containers/0/tty"), json!(true)),
        check("MISC-008", "deprecated-seccomp-annotation", Misc)
            .title("Pod template carries the deprecated seccomp annotation")
            .describe("seccomp.security.alpha.kubernetes.io/pod is deprecated in favour of the securityContext.seccompProfile field and recent releases no longer apply it; keeping it suggests a profile is applied through it when only the field counts.")
            .alert()
            .severity(Low)
            .path(".metadata.annotations.seccomp.security.alpha.kubernetes.io/pod")
            .std(k01())
            .on(Deployment)
            .set(
                "/spec/template/metadata/annotations",
                json!({"seccomp.security.alpha.kubernetes.io/pod": "runtime/default"}),
            ),
        check("MISC-009", "ssh-port", Misc)
            .title("Container exposes the SSH port")
            .describe("A container listening on port 22 usually runs an SSH server: a second way in that bypasses the API server's authentication, audit and exec controls.")
            .alert()
            .severity(Medium)
            .std(k01())
            .on(Deployment)
            .set(pod!("/containers/0/ports/0/containerPort"), json!(22)),
    ]
}

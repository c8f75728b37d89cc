//! Network: NetworkPolicies, Services, Ingresses.
//!
//! NetworkPolicy checks start from the baseline default-deny policy (all pods, both directions,
//! no rules) and add or change one thing; Service and Ingress checks change one field or one
//! ingress-nginx annotation of the baseline ClusterIP Service and TLS Ingress.

use serde_json::json;

use super::{check, Category, CheckSpec, Severity, Standard};
use crate::baseline::Kind;
use Category::Network;
use Kind::{Ingress, Namespace, NetworkPolicy, Service};
use Severity::*;

fn netpol() -> Standard {
    Standard::Nsa("Network separation and hardening: network policies")
}

fn k07() -> Standard {
    Standard::Owasp("K07")
}

/// Every check of the category, group by group, in the suite's order.
pub fn checks() -> Vec<CheckSpec> {
    [
        policy_scope(),
        egress_destinations(),
        policy_rules(),
        services(),
        ingresses(),
    ]
    .into_iter()
    .flatten()
    .collect()
}

/// NetworkPolicy coverage: namespaces without a policy, directions left open.
fn policy_scope() -> Vec<CheckSpec> {
    vec![
        check("NP-001", "namespace-without-networkpolicy", Network)
            .title("Namespace without a NetworkPolicy")
            .describe("Without any NetworkPolicy in a namespace every pod accepts traffic from, and sends traffic to, any pod of the cluster and the internet; one compromised pod can then reach all the others.")
            .alert()
            .severity(High)
            .std(Standard::Cis("5.3.2"))
            .std(netpol())
            .std(k07())
            .on(Namespace)
            .without(NetworkPolicy),
        check("NP-002-1", "only-ingress-restricted", Network)
            .title("NetworkPolicy restricts ingress only")
            .describe("A policy with policyTypes [Ingress] leaves egress open, so a compromised pod can still exfiltrate data and reach internal services.")
            .alert()
            .severity(Medium)
            .std(Standard::Cis("5.3.2"))
            .std(netpol())
            .std(k07())
            .on(NetworkPolicy)
            .set("/spec/policyTypes", json!(["Ingress"])),
        check("NP-002-2", "only-egress-restricted", Network)
            .title("NetworkPolicy restricts egress only")
            .describe("A policy with policyTypes [Egress] leaves the selected pods reachable from every other pod of the cluster.")
            .alert()
            .severity(Medium)
            .std(Standard::Cis("5.3.2"))
            .std(netpol())
            .std(k07())
            .on(NetworkPolicy)
            .set("/spec/policyTypes", json!(["Egress"])),
    ]
}

/// NetworkPolicy egress destinations: metadata API, any address, link-local, kubelet.
fn egress_destinations() -> Vec<CheckSpec> {
    vec![
        check("NP-003", "egress-to-cloud-metadata", Network)
            .title("NetworkPolicy allows egress to the cloud metadata API")
            .describe("169.254.169.254 serves cloud instance metadata, often including the node's cloud credentials; pods that can reach it can act with the node's cloud identity.")
            .alert()
            .severity(High)
            .path(".spec.egress[].to[].ipBlock.cidr")
            .std(netpol())
            .std(k07())
            .on(NetworkPolicy)
            .set("/spec/egress", json!([{"to": [{"ipBlock": {"cidr": "169.254.169.254/32"}}]}])),
        check("NP-006-1", "egress-to-any-address", Network)
            .title("NetworkPolicy allows egress to 0.0.0.0/0 without exceptions")
            .describe("An ipBlock of 0.0.0.0/0 with no except list includes the cloud metadata address and every node, so it opens the same doors as allowing them by name.")
            .alert()
            .severity(Medium)
            .path(".spec.egress[].to[].ipBlock.cidr")
            .std(netpol())
            .std(k07())
            .on(NetworkPolicy)
            .set("/spec/egress", json!([{"to": [{"ipBlock": {"cidr": "0.0.0.0/0"}}]}])),
        check("NP-006-2", "egress-to-any-except-metadata", Network)
            .title("NetworkPolicy allows internet egress but excludes the metadata API")
            .describe("0.0.0.0/0 with 169.254.169.254/32 in its except list lets pods call external services while keeping the instance metadata API out of reach; scanners matching on 0.0.0.0/0 alone misreport it.")
            .pass()
            .severity(Low)
            .path(".spec.egress[].to[].ipBlock")
            .std(netpol())
            .std(k07())
            .on(NetworkPolicy)
            .set(
                "/spec/egress",
                json!([{"to": [{"ipBlock": {"cidr": "0.0.0.0/0", "except": ["169.254.169.254/32"]}}]}]),
            ),
        check("NP-006-3", "egress-to-link-local-range", Network)
            .title("NetworkPolicy allows egress to the link-local range")
            .describe("169.254.0.0/16 contains the metadata API of every major cloud and node-local services; allowing the whole range is allowing the metadata API.")
            .alert()
            .severity(High)
            .path(".spec.egress[].to[].ipBlock.cidr")
            .std(netpol())
            .std(k07())
            .on(NetworkPolicy)
            .set("/spec/egress", json!([{"to": [{"ipBlock": {"cidr": "169.254.0.0/16"}}]}])),
        check("NP-004", "egress-to-kubelet-port", Network)
            .title("NetworkPolicy allows egress to the kubelet port")
            .describe("Port 10250 is the kubelet API on every node; a pod that reaches it can probe or, with weak kubelet authentication, command the node.")
            .alert()
            .severity(High)
            .path(".spec.egress[].ports[].port")
            .std(netpol())
            .std(k07())
            .on(NetworkPolicy)
            .set("/spec/egress", json!([{"ports": [{"protocol": "TCP", "port": 10250}]}])),
    ]
}

/// NetworkPolicy selectors and allow-all rules, and a secure DNS-only policy.
fn policy_rules() -> Vec<CheckSpec> {
    vec![
        check("NP-005", "policy-selects-no-pods", Network)
            .title("NetworkPolicy selects no pods")
            .describe("A podSelector matching a label no workload carries protects nothing: the policy looks like isolation in review but leaves the pods it was written for open.")
            .alert()
            .severity(Low)
            .path(".spec.podSelector")
            .std(netpol())
            .std(k07())
            .on(NetworkPolicy)
            .set("/spec/podSelector/matchLabels", json!({"app.kubernetes.io/name": "no-such-workload"})),
        check("NP-007", "ingress-allowed-from-anywhere", Network)
            .title("NetworkPolicy allows all ingress")
            .describe("An ingress rule that is an empty object matches every source, so the policy selects the pods but admits traffic from everywhere.")
            .alert()
            .severity(Medium)
            .std(netpol())
            .std(k07())
            .on(NetworkPolicy)
            .set("/spec/ingress", json!([{}])),
        check("NP-008", "egress-allowed-to-anywhere", Network)
            .title("NetworkPolicy allows all egress")
            .describe("An empty egress rule matches every destination and port, which undoes the egress side of the default deny.")
            .alert()
            .severity(Medium)
            .std(netpol())
            .std(k07())
            .on(NetworkPolicy)
            .set("/spec/egress", json!([{}])),
        check("NP-009", "ingress-from-all-namespaces", Network)
            .title("NetworkPolicy admits ingress from every namespace")
            .describe("An empty namespaceSelector in a from clause admits pods of all namespaces, tenants and test workloads included, not just the namespace's own clients.")
            .alert()
            .severity(Medium)
            .path(".spec.ingress[].from[].namespaceSelector")
            .std(netpol())
            .std(k07())
            .on(NetworkPolicy)
            .set("/spec/ingress", json!([{"from": [{"namespaceSelector": {}}]}])),
        check("NP-010", "egress-dns-only", Network)
            .title("NetworkPolicy allows egress to cluster DNS only")
            .describe("Allowing port 53 to kube-system's DNS pods and nothing else is the usual companion of a default-deny egress policy; it opens no path out of the cluster.")
            .pass()
            .severity(Low)
            .std(netpol())
            .std(k07())
            .on(NetworkPolicy)
            .set(
                "/spec/egress",
                json!([{
                    "to": [{
                        "namespaceSelector": {"matchLabels": {"kubernetes.io/metadata.name": "kube-system"}},
                        "podSelector": {"matchLabels": {"k8s-app": "kube-dns"}}
                    }],
                    "ports": [{"protocol": "UDP", "port": 53}, {"protocol": "TCP", "port": 53}]
                }]),
            ),
    ]
}

/// Service: the baseline ClusterIP Service.
fn services() -> Vec<CheckSpec> {
    vec![
        check("SRV-001", "service-type-nodeport", Network)
            .title("Service of type NodePort")
            .describe("A NodePort opens the service on a port of every node's address, outside any Ingress and usually outside NetworkPolicy's view of the node network.")
            .alert()
            .severity(Medium)
            .std(Standard::Nsa("Network separation and hardening"))
            .std(k07())
            .on(Service)
            .set("/spec/type", json!("NodePort")),
        check("SRV-002", "service-type-loadbalancer", Network)
            .title("Service of type LoadBalancer without source ranges")
            .describe("A LoadBalancer Service asks the cloud for an external address; without loadBalancerSourceRanges the service is reachable from the whole internet.")
            .alert()
            .severity(Medium)
            .std(Standard::Nsa("Network separation and hardening"))
            .std(k07())
            .on(Service)
            .set("/spec/type", json!("LoadBalancer")),
    ]
}

/// Ingress: the baseline TLS Ingress and its ingress-nginx annotations.
fn ingresses() -> Vec<CheckSpec> {
    vec![
        check("ING-001", "ingress-without-tls", Network)
            .title("Ingress without TLS")
            .describe("Without a tls section the Ingress serves plain HTTP, so credentials and session cookies cross the network readable by anyone on the path.")
            .alert()
            .severity(Medium)
            .std(Standard::Nsa("Network separation and hardening"))
            .std(k07())
            .on(Ingress)
            .remove("/spec/tls"),
        check("ING-002", "ingress-wildcard-host", Network)
            .title("Ingress rule for a wildcard host")
            .describe("A wildcard host routes every subdomain to the backend, including names the team never meant to publish, and makes the service easier to reach through a dangling DNS record.")
            .alert()
            .severity(Low)
            .std(k07())
            .on(Ingress)
            .set("/spec/rules/0/host", json!("*.example.com")),
        check("ING-003", "ingress-nginx-ssl-redirect-off", Network)
            .title("ingress-nginx HTTPS redirect turned off")
            .describe("ssl-redirect \"false\" keeps serving plain HTTP beside the TLS endpoint, so clients that start on http:// are never moved to the encrypted one.")
            .alert()
            .severity(Medium)
            .std(k07())
            .on(Ingress)
            .set("/metadata/annotations/nginx.ingress.kubernetes.io~1ssl-redirect", json!("false")),
        check("ING-004", "ingress-nginx-cors-any-origin", Network)
            .title("ingress-nginx CORS enabled for any origin")
            .describe("enable-cors \"true\" without an origin list answers every origin with Access-Control-Allow-Origin *, letting any web page call the service from a victim's browser.")
            .alert()
            .severity(Low)
            .std(k07())
            .on(Ingress)
            .set("/metadata/annotations/nginx.ingress.kubernetes.io~1enable-cors", json!("true")),
        check("ING-005", "ingress-nginx-unlimited-body-size", Network)
            .title("ingress-nginx request body size unlimited")
            .describe("proxy-body-size \"0\" removes the request size limit, so a single client can tie up the backend and the controller with arbitrarily large uploads.")
            .alert()
            .severity(Low)
            .std(k07())
            .on(Ingress)
            .set("/metadata/annotations/nginx.ingress.kubernetes.io~1proxy-body-size", json!("0")),
        check("ING-006", "ingress-nginx-force-ssl-redirect", Network)
            .title("ingress-nginx forces the HTTPS redirect")
            .describe("force-ssl-redirect \"true\" only strengthens the TLS Ingress by redirecting plain HTTP even where TLS ends in front of the controller; it is not a risky annotation.")
            .pass()
            .severity(Low)
            .std(k07())
            .on(Ingress)
            .set("/metadata/annotations/nginx.ingress.kubernetes.io~1force-ssl-redirect", json!("true")),
    ]
}

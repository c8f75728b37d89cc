//! Segregation: which namespace an object lives in.
//!
//! Every check moves one object of its bundle to a namespace it should not be in (or leaves the
//! namespace out); the object is otherwise the secure baseline.

use serde_json::json;

use super::{check, Category, CheckSpec, Severity, Standard};
use crate::baseline::Kind;
const PTR: &str = "/metadata/namespace";

pub fn checks() -> Vec<CheckSpec> {
    use Category::Segregation;
    use Kind::{ConfigMap, Deployment, Role, Secret, Service};
    use Severity::*;
    let ns = || Standard::Nsa("Network separation and hardening: namespaces");

    vec![
        check("NS-001", "workload-in-default-namespace", Segregation)
            .title("Deployment in the default namespace")
            .describe("The default namespace is where everything lands by accident; workloads there share it with unrelated objects, so RBAC, quotas and NetworkPolicies cannot be scoped to the application.")
            .alert()
            .severity(Medium)
            .std(Standard::Cis("5.7.4"))
            .std(Standard::Cis("5.7.1"))
            .std(ns())
            .on(Deployment)
            .set(PTR, json!("default")),
        check("NS-002-1", "workload-in-kube-system", Segregation)
            .title("Deployment in kube-system")
            .describe("kube-system holds the control-plane add-ons and their powerful service accounts; an application there shares their trust boundary and any role granted in that namespace.")
            .alert()
            .severity(High)
            .std(Standard::Cis("5.7.1"))
            .std(ns())
            .on(Deployment)
            .set(PTR, json!("kube-system")),
        check("NS-002-2", "workload-in-kube-public", Segregation)
            .title("Deployment in kube-public")
            .describe("kube-public is readable by every client, unauthenticated ones included on many clusters; it is meant for cluster information, not for workloads.")
            .alert()
            .severity(Medium)
            .std(Standard::Cis("5.7.1"))
            .std(ns())
            .on(Deployment)
            .set(PTR, json!("kube-public")),
        check("NS-002-3", "workload-in-kube-node-lease", Segregation)
            .title("Deployment in kube-node-lease")
            .describe("kube-node-lease only holds the nodes' heartbeat Leases; a workload there is misplaced and escapes the policies set on application namespaces.")
            .alert()
            .severity(Medium)
            .std(Standard::Cis("5.7.1"))
            .std(ns())
            .on(Deployment)
            .set(PTR, json!("kube-node-lease")),
        check("NS-003-1", "service-in-default-namespace", Segregation)
            .title("Service in the default namespace")
            .describe("A Service in default sits beside the kubernetes API Service and whatever else was applied without a namespace, outside the application's own policies.")
            .alert()
            .severity(Low)
            .std(Standard::Cis("5.7.4"))
            .std(ns())
            .on(Service)
            .set(PTR, json!("default")),
        check("NS-003-2", "configmap-in-default-namespace", Segregation)
            .title("ConfigMap in the default namespace")
            .describe("Configuration in default is readable by every subject that was given access to default for some other reason.")
            .alert()
            .severity(Low)
            .std(Standard::Cis("5.7.4"))
            .std(ns())
            .on(ConfigMap)
            .set(PTR, json!("default")),
        check("NS-003-3", "secret-in-default-namespace", Segregation)
            .title("Secret in the default namespace")
            .describe("A Secret in default is exposed to every pod and role that uses default, the namespace least likely to have tight RBAC.")
            .alert()
            .severity(Medium)
            .std(Standard::Cis("5.7.4"))
            .std(ns())
            .on(Secret)
            .set(PTR, json!("default")),
        check("NS-003-4", "role-in-default-namespace", Segregation)
            .title("Role in the default namespace")
            .describe("RBAC objects in default grant access in the namespace shared by everything unnamespaced, so their reach is hard to predict.")
            .alert()
            .severity(Low)
            .std(Standard::Cis("5.7.4"))
            .std(ns())
            .on(Role)
            .set(PTR, json!("default")),
        check("NS-004-1", "secret-in-kube-system", Segregation)
            .title("Application Secret in kube-system")
            .describe("Storing application credentials in kube-system mixes them with the control plane's own secrets and widens who must be trusted with that namespace.")
            .alert()
            .severity(Medium)
            .std(Standard::Cis("5.7.1"))
            .std(ns())
            .on(Secret)
            .set(PTR, json!("kube-system")),
        check("NS-004-2", "configmap-in-kube-public", Segregation)
            .title("Application ConfigMap in kube-public")
            .describe("Everything in kube-public is world-readable by design, so configuration placed there is published to every client of the API server.")
            .alert()
            .severity(Medium)
            .std(Standard::Cis("5.7.1"))
            .std(ns())
            .on(ConfigMap)
            .set(PTR, json!("kube-public")),
        check("NS-005", "workload-without-namespace", Segregation)
            .title("Deployment without a namespace")
            .describe("A manifest without metadata.namespace lands in whatever namespace the applying client defaults to, usually default, so its isolation depends on who runs kubectl.")
            .alert()
            .severity(Low)
            .std(Standard::Cis("5.7.1"))
            .std(ns())
            .on(Deployment)
            .remove(PTR),
    ]
}

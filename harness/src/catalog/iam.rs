//! IAM: RBAC roles and bindings, service accounts.
//!
//! Each permission check changes the one rule of the baseline Role or ClusterRole, and patches
//! (so declares) only the fields of that rule that differ from the baseline (see [`Grant`]); each
//! binding check changes the roleRef or the one subject of the baseline binding.

use serde_json::json;

use super::{check, Category, CheckSpec, Severity, Standard};
use crate::baseline::Kind;
use Category::IAM;
use Kind::{ClusterRoleBinding, RoleBinding, ServiceAccount};
use Severity::*;

/// The single rule of the baseline Role: read-only on configmaps in the core group.
const ROLE_RULE: Rule = Rule {
    groups: &[""],
    resources: &["configmaps"],
    verbs: &["get", "list", "watch"],
};

/// The single rule of the baseline ClusterRole: read-only on apps/deployments.
const CLUSTER_ROLE_RULE: Rule = Rule {
    groups: &["apps"],
    resources: &["deployments"],
    verbs: &["get", "list", "watch"],
};

struct Rule {
    groups: &'static [&'static str],
    resources: &'static [&'static str],
    verbs: &'static [&'static str],
}

/// Replaces the baseline rule's fields with a grant, patching only the fields that differ, so
/// the paths derived from the patches are exactly what the exactly-one-mutation test sees.
trait Grant: Sized {
    fn grant(
        self,
        kind: Kind,
        base: &Rule,
        groups: &'static [&'static str],
        resources: &'static [&'static str],
        verbs: &'static [&'static str],
    ) -> Self;

    fn role_grants(
        self,
        groups: &'static [&'static str],
        resources: &'static [&'static str],
        verbs: &'static [&'static str],
    ) -> Self {
        self.grant(Kind::Role, &ROLE_RULE, groups, resources, verbs)
    }

    fn cluster_grants(
        self,
        groups: &'static [&'static str],
        resources: &'static [&'static str],
        verbs: &'static [&'static str],
    ) -> Self {
        self.grant(
            Kind::ClusterRole,
            &CLUSTER_ROLE_RULE,
            groups,
            resources,
            verbs,
        )
    }
}

impl Grant for CheckSpec {
    fn grant(
        self,
        kind: Kind,
        base: &Rule,
        groups: &'static [&'static str],
        resources: &'static [&'static str],
        verbs: &'static [&'static str],
    ) -> Self {
        let mut c = self.on(kind);
        if groups != base.groups {
            c = c.set("/rules/0/apiGroups", json!(groups));
        }
        if resources != base.resources {
            c = c.set("/rules/0/resources", json!(resources));
        }
        if verbs != base.verbs {
            c = c.set("/rules/0/verbs", json!(verbs));
        }
        c
    }
}

/// Replaces the binding's ServiceAccount subject by a User or Group (which carry no namespace).
fn bind_to(c: CheckSpec, kind: Kind, subject_kind: &'static str, name: &'static str) -> CheckSpec {
    c.on(kind)
        .set("/subjects/0/kind", json!(subject_kind))
        .set("/subjects/0/name", json!(name))
        .remove("/subjects/0/namespace")
}

const CORE: &[&str] = &[""];
const RBAC: &[&str] = &["rbac.authorization.k8s.io"];

fn k03() -> Standard {
    Standard::Owasp("K03")
}

fn authz() -> Standard {
    Standard::Nsa("Authentication and authorization")
}

/// Every check of the category, group by group, in the suite's order.
pub fn checks() -> Vec<CheckSpec> {
    [
        cluster_admin(),
        secrets(),
        wildcards(),
        pod_creation(),
        pod_access(),
        impersonation(),
        bind_and_escalate(),
        cluster_infrastructure(),
        special_subjects(),
        service_accounts(),
    ]
    .into_iter()
    .flatten()
    .collect()
}

/// Bindings to cluster-admin and to the built-in roles.
fn cluster_admin() -> Vec<CheckSpec> {
    vec![
        check("RBAC-001-1", "rolebinding-to-cluster-admin", IAM)
            .title("RoleBinding grants the cluster-admin ClusterRole")
            .describe("Binding cluster-admin, even inside one namespace, gives the subject every verb on every resource of that namespace, secrets and RBAC objects included; it is rarely what a workload needs.")
            .alert()
            .severity(High)
            .std(Standard::Cis("5.1.1"))
            .std(k03())
            .std(authz())
            .on(RoleBinding)
            .set("/roleRef/kind", json!("ClusterRole"))
            .set("/roleRef/name", json!("cluster-admin")),
        check("RBAC-001-2", "clusterrolebinding-to-cluster-admin", IAM)
            .title("ClusterRoleBinding grants cluster-admin")
            .describe("A ClusterRoleBinding to cluster-admin makes the subject superuser of the whole cluster: one stolen token of it is a full cluster compromise.")
            .alert()
            .severity(Critical)
            .std(Standard::Cis("5.1.1"))
            .std(k03())
            .std(authz())
            .on(ClusterRoleBinding)
            .set("/roleRef/name", json!("cluster-admin")),
        check("RBAC-032-1", "rolebinding-to-view", IAM)
            .title("RoleBinding to the built-in view ClusterRole")
            .describe("The built-in view role reads most namespaced objects but deliberately leaves out secrets and RBAC objects; binding it inside a namespace is a sound least-privilege choice, not a finding.")
            .pass()
            .severity(Low)
            .std(Standard::Cis("5.1.1"))
            .std(k03())
            .on(RoleBinding)
            .set("/roleRef/kind", json!("ClusterRole"))
            .set("/roleRef/name", json!("view")),
    ]
}

/// Reading Secrets.
fn secrets() -> Vec<CheckSpec> {
    vec![
        check("RBAC-002-1", "role-get-secrets", IAM)
            .title("Role can get secrets")
            .describe("get on secrets returns the decoded credentials of any named Secret in the namespace, including service-account tokens of more powerful identities.")
            .alert()
            .severity(High)
            .std(Standard::Cis("5.1.2"))
            .std(k03())
            .std(Standard::Nsa("Secrets"))
            .role_grants(CORE, &["secrets"], &["get"]),
        check("RBAC-002-2", "role-list-secrets", IAM)
            .title("Role can list secrets")
            .describe("list on secrets returns the full content of every Secret in the namespace in one call, not just their names.")
            .alert()
            .severity(High)
            .std(Standard::Cis("5.1.2"))
            .std(k03())
            .std(Standard::Nsa("Secrets"))
            .role_grants(CORE, &["secrets"], &["list"]),
        check("RBAC-002-3", "role-watch-secrets", IAM)
            .title("Role can watch secrets")
            .describe("watch on secrets streams every Secret of the namespace, with its data, as it is created or changed.")
            .alert()
            .severity(High)
            .std(Standard::Cis("5.1.2"))
            .std(k03())
            .std(Standard::Nsa("Secrets"))
            .role_grants(CORE, &["secrets"], &["watch"]),
        check("RBAC-002-4", "clusterrole-get-secrets", IAM)
            .title("ClusterRole can get secrets")
            .describe("A ClusterRole with get on secrets, once bound cluster-wide, reads any Secret of any namespace, kube-system's included.")
            .alert()
            .severity(Critical)
            .std(Standard::Cis("5.1.2"))
            .std(k03())
            .std(Standard::Nsa("Secrets"))
            .cluster_grants(CORE, &["secrets"], &["get"]),
        check("RBAC-002-5", "clusterrole-list-secrets", IAM)
            .title("ClusterRole can list secrets")
            .describe("list on secrets in a ClusterRole can dump every credential stored in the cluster in a single request.")
            .alert()
            .severity(Critical)
            .std(Standard::Cis("5.1.2"))
            .std(k03())
            .std(Standard::Nsa("Secrets"))
            .cluster_grants(CORE, &["secrets"], &["list"]),
        check("RBAC-002-6", "clusterrole-watch-secrets", IAM)
            .title("ClusterRole can watch secrets")
            .describe("watch on secrets in a ClusterRole streams the content of every Secret in the cluster, including new ones as they appear.")
            .alert()
            .severity(Critical)
            .std(Standard::Cis("5.1.2"))
            .std(k03())
            .std(Standard::Nsa("Secrets"))
            .cluster_grants(CORE, &["secrets"], &["watch"]),
    ]
}

/// Wildcards in resources, verbs and API groups.
fn wildcards() -> Vec<CheckSpec> {
    vec![
        check("RBAC-003-1", "role-resource-wildcard", IAM)
            .title("Role rule uses a wildcard resource")
            .describe("resources: [\"*\"] covers every resource of the group, secrets and any resource added later, so the grant silently widens over time.")
            .alert()
            .severity(High)
            .std(Standard::Cis("5.1.3"))
            .std(k03())
            .role_grants(CORE, &["*"], ROLE_RULE.verbs),
        check("RBAC-003-2", "clusterrole-resource-wildcard", IAM)
            .title("ClusterRole rule uses a wildcard resource")
            .describe("A wildcard resource in a ClusterRole grants the verbs on every resource of the group in every namespace, including sub-resources such as scale.")
            .alert()
            .severity(High)
            .std(Standard::Cis("5.1.3"))
            .std(k03())
            .cluster_grants(CLUSTER_ROLE_RULE.groups, &["*"], CLUSTER_ROLE_RULE.verbs),
        check("RBAC-003-3", "role-verb-wildcard", IAM)
            .title("Role rule uses a wildcard verb")
            .describe("verbs: [\"*\"] grants create, update, delete and any special verb (escalate, bind, impersonate) on the listed resources, not just read access.")
            .alert()
            .severity(High)
            .std(Standard::Cis("5.1.3"))
            .std(k03())
            .role_grants(CORE, ROLE_RULE.resources, &["*"]),
        check("RBAC-003-4", "clusterrole-verb-wildcard", IAM)
            .title("ClusterRole rule uses a wildcard verb")
            .describe("A wildcard verb in a ClusterRole gives full write and delete power on the resources in every namespace.")
            .alert()
            .severity(High)
            .std(Standard::Cis("5.1.3"))
            .std(k03())
            .cluster_grants(CLUSTER_ROLE_RULE.groups, CLUSTER_ROLE_RULE.resources, &["*"]),
        check("RBAC-003-5", "role-apigroup-wildcard", IAM)
            .title("Role rule uses a wildcard API group")
            .describe("apiGroups: [\"*\"] applies the rule to a resource of that name in every API group, including custom resources installed later.")
            .alert()
            .severity(Medium)
            .std(Standard::Cis("5.1.3"))
            .std(k03())
            .role_grants(&["*"], ROLE_RULE.resources, ROLE_RULE.verbs),
        check("RBAC-003-6", "clusterrole-apigroup-wildcard", IAM)
            .title("ClusterRole rule uses a wildcard API group")
            .describe("A wildcard API group in a ClusterRole extends the grant to same-named resources of every group, present and future.")
            .alert()
            .severity(Medium)
            .std(Standard::Cis("5.1.3"))
            .std(k03())
            .cluster_grants(&["*"], CLUSTER_ROLE_RULE.resources, CLUSTER_ROLE_RULE.verbs),
    ]
}

/// Creating pods and the controllers that create them.
fn pod_creation() -> Vec<CheckSpec> {
    vec![
        check("RBAC-004-1", "role-create-pods", IAM)
            .title("Role can create pods")
            .describe("Whoever can create a pod can run it with any service account of the namespace and mount any Secret or ConfigMap of it, so this grant reaches every permission and credential in the namespace.")
            .alert()
            .severity(High)
            .std(Standard::Cis("5.1.4"))
            .std(k03())
            .role_grants(CORE, &["pods"], &["create"]),
        check("RBAC-004-5", "clusterrole-create-pods", IAM)
            .title("ClusterRole can create pods")
            .describe("Creating pods cluster-wide lets the subject start a pod in kube-system with a privileged service account, or one that mounts the node's file system where admission does not stop it.")
            .alert()
            .severity(Critical)
            .std(Standard::Cis("5.1.4"))
            .std(k03())
            .cluster_grants(CORE, &["pods"], &["create"]),
        check("RBAC-028-1", "clusterrole-create-deployments", IAM)
            .title("ClusterRole can create Deployments")
            .describe("A Deployment makes the controller create pods on the subject's behalf, so create on deployments is as powerful as create on pods.")
            .alert()
            .severity(High)
            .std(Standard::Cis("5.1.4"))
            .std(k03())
            .cluster_grants(CLUSTER_ROLE_RULE.groups, CLUSTER_ROLE_RULE.resources, &["create"]),
        check("RBAC-028-2", "clusterrole-create-daemonsets", IAM)
            .title("ClusterRole can create DaemonSets")
            .describe("A DaemonSet puts a pod on every node, control-plane nodes included when it tolerates their taint: creating one is pod creation on every node at once.")
            .alert()
            .severity(High)
            .std(Standard::Cis("5.1.4"))
            .std(k03())
            .cluster_grants(CLUSTER_ROLE_RULE.groups, &["daemonsets"], &["create"]),
        check("RBAC-028-3", "clusterrole-create-statefulsets", IAM)
            .title("ClusterRole can create StatefulSets")
            .describe("StatefulSets create pods through their controller, so the grant carries the same escalation path as creating pods directly.")
            .alert()
            .severity(High)
            .std(Standard::Cis("5.1.4"))
            .std(k03())
            .cluster_grants(CLUSTER_ROLE_RULE.groups, &["statefulsets"], &["create"]),
        check("RBAC-028-4", "role-create-jobs", IAM)
            .title("Role can create Jobs")
            .describe("A Job runs a pod of the subject's choosing with any service account of the namespace, which is pod creation by another name.")
            .alert()
            .severity(High)
            .std(Standard::Cis("5.1.4"))
            .std(k03())
            .role_grants(&["batch"], &["jobs"], &["create"]),
        check("RBAC-028-5", "role-create-cronjobs", IAM)
            .title("Role can create CronJobs")
            .describe("A CronJob creates pods on a schedule, which also makes it a handy way to keep a foothold running after other access is revoked.")
            .alert()
            .severity(High)
            .std(Standard::Cis("5.1.4"))
            .std(k03())
            .role_grants(&["batch"], &["cronjobs"], &["create"]),
    ]
}

/// Interactive access to running pods: attach, exec, port-forward.
fn pod_access() -> Vec<CheckSpec> {
    vec![
        check("RBAC-005-1", "role-pods-attach", IAM)
            .title("Role can attach to pods")
            .describe("create on pods/attach connects to the main process of a running container, reading its output and writing to its input.")
            .alert()
            .severity(High)
            .std(k03())
            .std(authz())
            .role_grants(CORE, &["pods/attach"], &["create"]),
        check("RBAC-005-2", "clusterrole-pods-attach", IAM)
            .title("ClusterRole can attach to pods")
            .describe("Attaching to containers in every namespace gives access to the processes, and the data, of every workload in the cluster.")
            .alert()
            .severity(High)
            .std(k03())
            .std(authz())
            .cluster_grants(CORE, &["pods/attach"], &["create"]),
        check("RBAC-006-1", "role-pods-exec", IAM)
            .title("Role can exec into pods")
            .describe("create on pods/exec runs arbitrary commands inside containers, with their service-account token and mounted secrets.")
            .alert()
            .severity(High)
            .std(k03())
            .std(authz())
            .role_grants(CORE, &["pods/exec"], &["create"]),
        check("RBAC-006-2", "clusterrole-pods-exec", IAM)
            .title("ClusterRole can exec into pods")
            .describe("exec into any pod of the cluster includes control-plane add-ons in kube-system, whose tokens often hold wide permissions.")
            .alert()
            .severity(Critical)
            .std(k03())
            .std(authz())
            .cluster_grants(CORE, &["pods/exec"], &["create"]),
        check("RBAC-008-1", "role-pods-portforward", IAM)
            .title("Role can port-forward to pods")
            .describe("pods/portforward opens a tunnel from the client straight to a container port, bypassing Services, Ingresses and NetworkPolicies.")
            .alert()
            .severity(Medium)
            .std(k03())
            .std(Standard::Owasp("K07"))
            .role_grants(CORE, &["pods/portforward"], &["create"]),
        check("RBAC-008-4", "clusterrole-pods-portforward", IAM)
            .title("ClusterRole can port-forward to pods")
            .describe("Port-forwarding into any pod of the cluster reaches internal-only services such as databases and admin ports from outside the network boundary.")
            .alert()
            .severity(High)
            .std(k03())
            .std(Standard::Owasp("K07"))
            .cluster_grants(CORE, &["pods/portforward"], &["create"]),
    ]
}

/// Impersonating users, groups and service accounts.
fn impersonation() -> Vec<CheckSpec> {
    vec![
        check("RBAC-009-1", "role-impersonate", IAM)
            .title("Role can impersonate users, groups and service accounts")
            .describe("The impersonate verb lets the subject act as another identity and inherit all of its permissions.")
            .alert()
            .severity(High)
            .std(Standard::Cis("5.1.8"))
            .std(k03())
            .role_grants(CORE, &["users", "groups", "serviceaccounts"], &["impersonate"]),
        check("RBAC-009-2", "clusterrole-impersonate", IAM)
            .title("ClusterRole can impersonate users, groups and service accounts")
            .describe("Cluster-wide impersonation can assume system:masters or any administrator, which makes it equivalent to cluster-admin.")
            .alert()
            .severity(Critical)
            .std(Standard::Cis("5.1.8"))
            .std(k03())
            .cluster_grants(CORE, &["users", "groups", "serviceaccounts"], &["impersonate"]),
        check("RBAC-009-3", "clusterrole-impersonate-users", IAM)
            .title("ClusterRole can impersonate users")
            .describe("Impersonating users alone is enough to act as any human administrator of the cluster.")
            .alert()
            .severity(Critical)
            .std(Standard::Cis("5.1.8"))
            .std(k03())
            .cluster_grants(CORE, &["users"], &["impersonate"]),
        check("RBAC-009-4", "clusterrole-impersonate-groups", IAM)
            .title("ClusterRole can impersonate groups")
            .describe("Impersonating groups, together with any user the subject may act as, claims membership of system:masters, which bypasses RBAC entirely.")
            .alert()
            .severity(High)
            .std(Standard::Cis("5.1.8"))
            .std(k03())
            .cluster_grants(CORE, &["groups"], &["impersonate"]),
        check("RBAC-009-5", "clusterrole-impersonate-serviceaccounts", IAM)
            .title("ClusterRole can impersonate service accounts")
            .describe("Impersonating service accounts borrows the permissions of every controller and add-on identity in the cluster.")
            .alert()
            .severity(High)
            .std(Standard::Cis("5.1.8"))
            .std(k03())
            .cluster_grants(CORE, &["serviceaccounts"], &["impersonate"]),
    ]
}

/// Binding and escalating roles beyond the grantor's own rights.
fn bind_and_escalate() -> Vec<CheckSpec> {
    vec![
        check("RBAC-010-3", "role-bind-roles", IAM)
            .title("Role has the bind verb on roles")
            .describe("bind lets the subject create bindings to roles holding permissions it does not have itself, bypassing RBAC's escalation check.")
            .alert()
            .severity(High)
            .std(Standard::Cis("5.1.8"))
            .std(k03())
            .role_grants(RBAC, &["roles"], &["bind"]),
        check("RBAC-010-8", "clusterrole-bind-clusterroles", IAM)
            .title("ClusterRole has the bind verb on clusterroles")
            .describe("bind on clusterroles lets the subject bind cluster-admin to itself or anyone else.")
            .alert()
            .severity(Critical)
            .std(Standard::Cis("5.1.8"))
            .std(k03())
            .cluster_grants(RBAC, &["clusterroles"], &["bind"]),
        check("RBAC-020-3", "role-escalate-roles", IAM)
            .title("Role has the escalate verb on roles")
            .describe("escalate lets the subject edit a role to add permissions it does not hold, then use them through its existing binding.")
            .alert()
            .severity(High)
            .std(Standard::Cis("5.1.8"))
            .std(k03())
            .role_grants(RBAC, &["roles"], &["escalate"]),
        check("RBAC-020-8", "clusterrole-escalate-clusterroles", IAM)
            .title("ClusterRole has the escalate verb on clusterroles")
            .describe("escalate on clusterroles lets the subject rewrite any ClusterRole, its own included, into a cluster-admin equivalent.")
            .alert()
            .severity(Critical)
            .std(Standard::Cis("5.1.8"))
            .std(k03())
            .cluster_grants(RBAC, &["clusterroles"], &["escalate"]),
    ]
}

/// Node and cluster infrastructure: volumes, node proxy, certificates, webhooks, tokens.
fn cluster_infrastructure() -> Vec<CheckSpec> {
    vec![
        check("RBAC-021-4", "clusterrole-create-persistentvolumes", IAM)
            .title("ClusterRole can create PersistentVolumes")
            .describe("A PersistentVolume can be a hostPath volume: whoever creates one and claims it mounts any directory of the node into a pod.")
            .alert()
            .severity(High)
            .std(Standard::Cis("5.1.9"))
            .std(k03())
            .cluster_grants(CORE, &["persistentvolumes"], &["create"]),
        check("RBAC-023-4", "clusterrole-nodes-proxy", IAM)
            .title("ClusterRole can use the proxy sub-resource of nodes")
            .describe("nodes/proxy reaches the kubelet API of every node through the API server, including its exec and log endpoints, around the pods/exec authorization and its audit trail.")
            .alert()
            .severity(Critical)
            .std(Standard::Cis("5.1.10"))
            .std(k03())
            .cluster_grants(CORE, &["nodes/proxy"], &["get"]),
        check("RBAC-024-7", "clusterrole-approve-csr", IAM)
            .title("ClusterRole can approve certificate signing requests")
            .describe("update on certificatesigningrequests/approval lets the subject approve its own request for a client certificate, for example one in group system:masters.")
            .alert()
            .severity(Critical)
            .std(Standard::Cis("5.1.11"))
            .std(k03())
            .cluster_grants(&["certificates.k8s.io"], &["certificatesigningrequests/approval"], &["update"]),
        check("RBAC-024-8", "clusterrole-approve-signers", IAM)
            .title("ClusterRole can approve requests for any signer")
            .describe("The approve verb on signers decides which signers' certificates the subject may approve; granted without resourceNames, it covers the kube-apiserver-client signer too.")
            .alert()
            .severity(High)
            .std(Standard::Cis("5.1.11"))
            .std(k03())
            .cluster_grants(&["certificates.k8s.io"], &["signers"], &["approve"]),
        check("RBAC-025-5", "clusterrole-update-webhook-configurations", IAM)
            .title("ClusterRole can update admission webhook configurations")
            .describe("Whoever edits webhook configurations can switch off validating policy or point a mutating webhook at a server that rewrites every object admitted.")
            .alert()
            .severity(High)
            .std(Standard::Cis("5.1.12"))
            .std(k03())
            .cluster_grants(
                &["admissionregistration.k8s.io"],
                &["mutatingwebhookconfigurations", "validatingwebhookconfigurations"],
                &["update"],
            ),
        check("RBAC-025-8", "clusterrole-create-mutating-webhooks", IAM)
            .title("ClusterRole can create mutating webhook configurations")
            .describe("A new mutating webhook sees, and can change, every object sent to the API server, secrets included.")
            .alert()
            .severity(High)
            .std(Standard::Cis("5.1.12"))
            .std(k03())
            .cluster_grants(&["admissionregistration.k8s.io"], &["mutatingwebhookconfigurations"], &["create"]),
        check("RBAC-025-9", "clusterrole-create-validating-webhooks", IAM)
            .title("ClusterRole can create validating webhook configurations")
            .describe("A validating webhook receives every matching object, secrets included, and can block writes cluster-wide.")
            .alert()
            .severity(Medium)
            .std(Standard::Cis("5.1.12"))
            .std(k03())
            .cluster_grants(&["admissionregistration.k8s.io"], &["validatingwebhookconfigurations"], &["create"]),
        check("RBAC-026-4", "role-create-serviceaccount-token", IAM)
            .title("Role can create service-account tokens")
            .describe("create on serviceaccounts/token mints a token for any service account of the namespace, taking over its permissions.")
            .alert()
            .severity(High)
            .std(Standard::Cis("5.1.13"))
            .std(k03())
            .role_grants(CORE, &["serviceaccounts/token"], &["create"]),
        check("RBAC-026-7", "clusterrole-create-serviceaccount-token", IAM)
            .title("ClusterRole can create service-account tokens")
            .describe("Minting tokens for any service account of the cluster reaches the identities of controllers in kube-system.")
            .alert()
            .severity(Critical)
            .std(Standard::Cis("5.1.13"))
            .std(k03())
            .cluster_grants(CORE, &["serviceaccounts/token"], &["create"]),
        check("RBAC-022-4", "clusterrole-create-networkpolicies", IAM)
            .title("ClusterRole can create NetworkPolicies")
            .describe("A subject that writes NetworkPolicies can open any namespace's pods to traffic the platform team meant to block.")
            .alert()
            .severity(Medium)
            .std(k03())
            .std(Standard::Owasp("K07"))
            .cluster_grants(&["networking.k8s.io"], &["networkpolicies"], &["create"]),
        check("RBAC-014-3", "clusterrole-delete-events", IAM)
            .title("ClusterRole can delete events")
            .describe("Deleting events erases the trail of what happened in the cluster, a common step for an intruder covering tracks.")
            .alert()
            .severity(Medium)
            .std(k03())
            .std(Standard::Owasp("K05"))
            .cluster_grants(CORE, &["events"], &["delete"]),
        check("RBAC-015-3", "clusterrole-update-configmaps", IAM)
            .title("ClusterRole can update ConfigMaps in every namespace")
            .describe("Updating ConfigMaps cluster-wide includes kube-system's coredns ConfigMap, so the subject can redirect the cluster's DNS answers.")
            .alert()
            .severity(Medium)
            .std(k03())
            .cluster_grants(CORE, &["configmaps"], &["update"]),
        check("RBAC-029-1", "clusterrole-delete-namespaces", IAM)
            .title("ClusterRole can delete namespaces")
            .describe("Deleting a namespace deletes every object in it; the grant amounts to destroying any application, kube-system's add-ons included.")
            .alert()
            .severity(High)
            .std(k03())
            .cluster_grants(CORE, &["namespaces"], &["delete"]),
        check("RBAC-030-1", "clusterrole-create-tokenreviews", IAM)
            .title("ClusterRole can create TokenReviews")
            .describe("create on tokenreviews only asks the API server whether a token is valid; authentication proxies and metrics servers need it, and it reveals nothing beyond the identity of a token the caller already holds.")
            .pass()
            .severity(Low)
            .std(k03())
            .cluster_grants(&["authentication.k8s.io"], &["tokenreviews"], &["create"]),
        check("RBAC-030-2", "clusterrole-create-subjectaccessreviews", IAM)
            .title("ClusterRole can create SubjectAccessReviews")
            .describe("create on subjectaccessreviews asks whether someone may do something; it grants no access itself and is what delegated authorization (system:auth-delegator) is made of.")
            .pass()
            .severity(Low)
            .std(k03())
            .cluster_grants(&["authorization.k8s.io"], &["subjectaccessreviews"], &["create"]),
    ]
}

/// Bindings to special subjects: default service accounts, anonymous and unauthenticated.
fn special_subjects() -> Vec<CheckSpec> {
    vec![
        check("RBAC-007-1", "rolebinding-default-serviceaccount", IAM)
            .title("RoleBinding grants permissions to the default service account")
            .describe("Every pod that names no service account runs as default, so permissions bound to it leak to all such pods of the namespace.")
            .alert()
            .severity(Medium)
            .std(Standard::Cis("5.1.5"))
            .std(k03())
            .on(RoleBinding)
            .set("/subjects/0/name", json!("default")),
        check("RBAC-007-2", "clusterrolebinding-default-serviceaccount", IAM)
            .title("ClusterRoleBinding grants permissions to a default service account")
            .describe("Binding a ClusterRole to a namespace's default service account hands cluster-wide permissions to every pod there that names no service account.")
            .alert()
            .severity(High)
            .std(Standard::Cis("5.1.5"))
            .std(k03())
            .on(ClusterRoleBinding)
            .set("/subjects/0/name", json!("default")),
        bind_to(
            check("RBAC-027-1", "rolebinding-system-anonymous", IAM)
                .title("RoleBinding grants permissions to system:anonymous")
                .describe("system:anonymous is the user of every request without credentials; a binding to it opens the namespace's grant to anyone who can reach the API server.")
                .alert()
                .severity(Critical)
                .std(k03())
                .std(Standard::Owasp("K06"))
                .std(authz()),
            RoleBinding,
            "User",
            "system:anonymous",
        ),
        bind_to(
            check("RBAC-027-2", "clusterrolebinding-system-anonymous", IAM)
                .title("ClusterRoleBinding grants permissions to system:anonymous")
                .describe("A cluster-wide grant to system:anonymous lets unauthenticated clients use it in every namespace.")
                .alert()
                .severity(Critical)
                .std(k03())
                .std(Standard::Owasp("K06"))
                .std(authz()),
            ClusterRoleBinding,
            "User",
            "system:anonymous",
        ),
        bind_to(
            check("RBAC-027-3", "rolebinding-system-unauthenticated", IAM)
                .title("RoleBinding grants permissions to system:unauthenticated")
                .describe("The group system:unauthenticated holds every request that presented no valid credentials; binding it grants the role to the whole network.")
                .alert()
                .severity(Critical)
                .std(k03())
                .std(Standard::Owasp("K06"))
                .std(authz()),
            RoleBinding,
            "Group",
            "system:unauthenticated",
        ),
        bind_to(
            check("RBAC-027-4", "clusterrolebinding-system-unauthenticated", IAM)
                .title("ClusterRoleBinding grants permissions to system:unauthenticated")
                .describe("A ClusterRoleBinding to system:unauthenticated grants the ClusterRole, cluster-wide, to any client without credentials.")
                .alert()
                .severity(Critical)
                .std(k03())
                .std(Standard::Owasp("K06"))
                .std(authz()),
            ClusterRoleBinding,
            "Group",
            "system:unauthenticated",
        ),
        bind_to(
            check("RBAC-027-5", "clusterrolebinding-system-authenticated", IAM)
                .title("ClusterRoleBinding grants permissions to system:authenticated")
                .describe("system:authenticated holds every identity the cluster accepts, service accounts of all namespaces and, on many managed clusters, any account of the cloud provider.")
                .alert()
                .severity(High)
                .std(k03())
                .std(Standard::Owasp("K06"))
                .std(authz()),
            ClusterRoleBinding,
            "Group",
            "system:authenticated",
        ),
    ]
}

/// Service account token automounting.
fn service_accounts() -> Vec<CheckSpec> {
    vec![
        check("RBAC-031-1", "serviceaccount-automount-token", IAM)
            .title("ServiceAccount mounts its token into pods")
            .describe("With automountServiceAccountToken true on the service account, every pod using it gets an API token unless the pod opts out, although most applications never call the API.")
            .alert()
            .severity(Medium)
            .std(Standard::Cis("5.1.6"))
            .std(k03())
            .on(ServiceAccount)
            .set("/automountServiceAccountToken", json!(true)),
        check("RBAC-031-2", "serviceaccount-automount-by-default", IAM)
            .title("ServiceAccount leaves token automount at its default")
            .describe("A service account that does not set automountServiceAccountToken has its token mounted into pods by default.")
            .alert()
            .severity(Medium)
            .std(Standard::Cis("5.1.6"))
            .std(k03())
            .on(ServiceAccount)
            .remove("/automountServiceAccountToken"),
    ]
}

//! Baseline controls: one secure object per kind, expected to pass, so a scanner's noise on
//! secure objects is measured (a finding on a control is a false positive).
//!
//! A control changes nothing, so its derived path is `.`: the whole object. Any finding on it
//! is attributable to the control, which is the point.

use super::{check, Category, CheckSpec, Severity};
use crate::baseline::Kind;

/// The category a kind's control belongs to: the area whose rules a scanner would fire on it.
fn category(kind: Kind) -> Category {
    use Kind::*;
    match kind {
        Pod | Deployment | StatefulSet | DaemonSet | Job | CronJob => Category::Workload,
        ServiceAccount | Role | ClusterRole | RoleBinding | ClusterRoleBinding => Category::IAM,
        Namespace => Category::Segregation,
        NetworkPolicy | Service | Ingress => Category::Network,
        LimitRange
        | ResourceQuota
        | PodDisruptionBudget
        | PriorityClass
        | HorizontalPodAutoscaler => Category::Reliability,
        ConfigMap | Secret => Category::DataSecurity,
        ApiServerPod | ControllerManagerPod | SchedulerPod | EtcdPod => Category::Infrastructure,
    }
}

/// `(id, slug, title, description)` per kind, in `Kind::ALL` order.
///
/// There is no control for a bare Pod (the id BASE-001 is left unused): a Pod without a
/// controller is itself a finding (WL-001, naked pod), so no bare Pod is a secure object. The
/// Pod baseline still underlies WL-001 and the checks that need a bare Pod.
const CONTROLS: [(Kind, &str, &str, &str, &str); 25] = [
    (Kind::Deployment, "BASE-002", "secure-deployment", "Secure Deployment", "A Deployment of two replicas with the hardened pod spec, a service account and a PodDisruptionBudget: nothing to report."),
    (Kind::StatefulSet, "BASE-003", "secure-statefulset", "Secure StatefulSet", "A StatefulSet of two replicas with the hardened pod spec, a service account and a PodDisruptionBudget: nothing to report."),
    (Kind::DaemonSet, "BASE-004", "secure-daemonset", "Secure DaemonSet", "A DaemonSet with the hardened pod spec and a service account: nothing to report."),
    (Kind::Job, "BASE-005", "secure-job", "Secure Job", "A Job with a deadline, a retry limit, clean-up after completion and the hardened pod spec: nothing to report."),
    (Kind::CronJob, "BASE-006", "secure-cronjob", "Secure CronJob", "A CronJob that forbids concurrent runs, with the hardened pod spec: nothing to report."),
    (Kind::ServiceAccount, "BASE-007", "secure-serviceaccount", "Secure ServiceAccount", "A ServiceAccount whose token is not mounted automatically: nothing to report."),
    (Kind::Role, "BASE-008", "secure-role", "Secure Role", "A Role that only reads config maps, bound to a dedicated service account: nothing to report."),
    (Kind::ClusterRole, "BASE-009", "secure-clusterrole", "Secure ClusterRole", "A ClusterRole that only reads deployments, bound to a dedicated service account: nothing to report."),
    (Kind::RoleBinding, "BASE-010", "secure-rolebinding", "Secure RoleBinding", "A RoleBinding of a read-only Role to a dedicated service account: nothing to report."),
    (Kind::ClusterRoleBinding, "BASE-011", "secure-clusterrolebinding", "Secure ClusterRoleBinding", "A ClusterRoleBinding of a read-only ClusterRole to a dedicated service account: nothing to report."),
    (Kind::Namespace, "BASE-012", "secure-namespace", "Secure Namespace", "A Namespace enforcing the restricted Pod Security Standard, with a default-deny NetworkPolicy, a LimitRange and a ResourceQuota: nothing to report."),
    (Kind::NetworkPolicy, "BASE-013", "secure-networkpolicy", "Secure NetworkPolicy", "A NetworkPolicy denying all ingress and egress of every pod in the namespace: nothing to report."),
    (Kind::LimitRange, "BASE-014", "secure-limitrange", "Secure LimitRange", "A LimitRange with default requests, limits and a maximum for containers: nothing to report."),
    (Kind::ResourceQuota, "BASE-015", "secure-resourcequota", "Secure ResourceQuota", "A ResourceQuota capping compute, pods and forbidding NodePort and LoadBalancer services: nothing to report."),
    (Kind::Service, "BASE-016", "secure-service", "Secure Service", "A ClusterIP Service reachable only inside the cluster: nothing to report."),
    (Kind::Ingress, "BASE-017", "secure-ingress", "Secure Ingress", "An Ingress that terminates TLS for its host in front of a ClusterIP Service: nothing to report."),
    (Kind::ConfigMap, "BASE-018", "secure-configmap", "Secure ConfigMap", "A ConfigMap of plain settings with nothing secret in it: nothing to report."),
    (Kind::Secret, "BASE-019", "secure-secret", "Secure Secret", "An Opaque Secret holding a placeholder value: nothing to report."),
    (Kind::PodDisruptionBudget, "BASE-020", "secure-poddisruptionbudget", "Secure PodDisruptionBudget", "A PodDisruptionBudget keeping at least one pod available: nothing to report."),
    (Kind::PriorityClass, "BASE-021", "secure-priorityclass", "Secure PriorityClass", "A PriorityClass that is not the cluster default: nothing to report."),
    (Kind::HorizontalPodAutoscaler, "BASE-022", "secure-hpa", "Secure HorizontalPodAutoscaler", "An autoscaler keeping a Deployment between two and four replicas on CPU use: nothing to report."),
    (Kind::ApiServerPod, "BASE-023", "secure-kube-apiserver", "Secure kube-apiserver static pod", "A kube-apiserver static pod with the secure flags of CIS section 1.2: nothing to report."),
    (Kind::ControllerManagerPod, "BASE-024", "secure-kube-controller-manager", "Secure kube-controller-manager static pod", "A kube-controller-manager static pod with the secure flags of CIS section 1.3: nothing to report."),
    (Kind::SchedulerPod, "BASE-025", "secure-kube-scheduler", "Secure kube-scheduler static pod", "A kube-scheduler static pod with the secure flags of CIS section 1.4: nothing to report."),
    (Kind::EtcdPod, "BASE-026", "secure-etcd", "Secure etcd static pod", "An etcd static pod with the secure flags of CIS section 2: nothing to report."),
];

pub fn checks() -> Vec<CheckSpec> {
    CONTROLS
        .iter()
        .map(|&(kind, id, slug, title, description)| {
            check(id, slug, category(kind))
                .title(title)
                .describe(description)
                .pass()
                .severity(Severity::Low)
                .on(kind)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_control_per_kind_in_order() {
        let kinds: Vec<Kind> = CONTROLS.iter().map(|c| c.0).collect();
        let expected: Vec<Kind> = Kind::ALL.into_iter().filter(|k| *k != Kind::Pod).collect();
        assert_eq!(kinds, expected);
        let ids: std::collections::BTreeSet<_> = CONTROLS.iter().map(|c| c.1).collect();
        assert_eq!(ids.len(), CONTROLS.len());
    }
}

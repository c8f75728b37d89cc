//! The secure baseline: one object per kind the suite uses, each hardened so that a scanner
//! should find nothing on it. Every check is one of these bundles with exactly one change.

use serde::Serialize;

/// A baseline object. Most are one per Kubernetes kind; the control-plane static pods are Pods
/// with their own baseline each, because each carries a different component's secure flags.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub enum Kind {
    Pod,
    Deployment,
    StatefulSet,
    DaemonSet,
    Job,
    CronJob,
    ServiceAccount,
    Role,
    ClusterRole,
    RoleBinding,
    ClusterRoleBinding,
    Namespace,
    NetworkPolicy,
    LimitRange,
    ResourceQuota,
    Service,
    Ingress,
    ConfigMap,
    Secret,
    PodDisruptionBudget,
    PriorityClass,
    HorizontalPodAutoscaler,
    /// Static pod of kube-apiserver in kube-system, secure flags per CIS section 1.2.
    ApiServerPod,
    /// Static pod of kube-controller-manager, CIS 1.3.
    ControllerManagerPod,
    /// Static pod of kube-scheduler, CIS 1.4.
    SchedulerPod,
    /// Static pod of etcd, CIS section 2.
    EtcdPod,
}

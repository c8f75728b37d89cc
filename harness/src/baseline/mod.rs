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

pub mod control_plane;
mod objects;
mod pod;

use std::collections::BTreeMap;

use serde_json::{Map, Value};

/// The namespace every namespaced baseline object lives in, unless the check's manifest holds
/// its own Namespace object (then the namespaced objects go into that one).
pub const NAMESPACE: &str = "bench-suite";

/// The image of every baseline container: a trusted registry, a tag and a digest, so that no
/// image rule has a reason to fire on the baseline.
pub const IMAGE: &str =
    "registry.k8s.io/pause:3.10@sha256:ee6521f290b2168b6e0935a181d4cff9be1ac3f505666ef0e3c98fae8199917a";

/// The PriorityClass every baseline pod names (a cluster-scoped object the suite assumes exists).
pub const PRIORITY_CLASS: &str = "bench-suite-high";

impl Kind {
    /// Every kind, in declaration order (the order of the baseline controls).
    pub const ALL: [Kind; 26] = [
        Kind::Pod,
        Kind::Deployment,
        Kind::StatefulSet,
        Kind::DaemonSet,
        Kind::Job,
        Kind::CronJob,
        Kind::ServiceAccount,
        Kind::Role,
        Kind::ClusterRole,
        Kind::RoleBinding,
        Kind::ClusterRoleBinding,
        Kind::Namespace,
        Kind::NetworkPolicy,
        Kind::LimitRange,
        Kind::ResourceQuota,
        Kind::Service,
        Kind::Ingress,
        Kind::ConfigMap,
        Kind::Secret,
        Kind::PodDisruptionBudget,
        Kind::PriorityClass,
        Kind::HorizontalPodAutoscaler,
        Kind::ApiServerPod,
        Kind::ControllerManagerPod,
        Kind::SchedulerPod,
        Kind::EtcdPod,
    ];

    /// The `apiVersion` of the generated object.
    pub fn api_version(self) -> &'static str {
        match self {
            Kind::Pod
            | Kind::ServiceAccount
            | Kind::Namespace
            | Kind::LimitRange
            | Kind::ResourceQuota
            | Kind::Service
            | Kind::ConfigMap
            | Kind::Secret
            | Kind::ApiServerPod
            | Kind::ControllerManagerPod
            | Kind::SchedulerPod
            | Kind::EtcdPod => "v1",
            Kind::Deployment | Kind::StatefulSet | Kind::DaemonSet => "apps/v1",
            Kind::Job | Kind::CronJob => "batch/v1",
            Kind::Role | Kind::ClusterRole | Kind::RoleBinding | Kind::ClusterRoleBinding => {
                "rbac.authorization.k8s.io/v1"
            }
            Kind::NetworkPolicy | Kind::Ingress => "networking.k8s.io/v1",
            Kind::PodDisruptionBudget => "policy/v1",
            Kind::PriorityClass => "scheduling.k8s.io/v1",
            Kind::HorizontalPodAutoscaler => "autoscaling/v2",
        }
    }

    /// The Kubernetes `kind` of the generated object (`Pod` for the control-plane static pods).
    pub fn kind_name(self) -> &'static str {
        match self {
            Kind::ApiServerPod
            | Kind::ControllerManagerPod
            | Kind::SchedulerPod
            | Kind::EtcdPod => "Pod",
            other => other.variant_name(),
        }
    }

    /// The name of this variant as written in the catalog (`ApiServerPod`, `Deployment`); it is
    /// also the declared path of a whole object a check adds or removes.
    pub fn variant_name(self) -> &'static str {
        match self {
            Kind::Pod => "Pod",
            Kind::Deployment => "Deployment",
            Kind::StatefulSet => "StatefulSet",
            Kind::DaemonSet => "DaemonSet",
            Kind::Job => "Job",
            Kind::CronJob => "CronJob",
            Kind::ServiceAccount => "ServiceAccount",
            Kind::Role => "Role",
            Kind::ClusterRole => "ClusterRole",
            Kind::RoleBinding => "RoleBinding",
            Kind::ClusterRoleBinding => "ClusterRoleBinding",
            Kind::Namespace => "Namespace",
            Kind::NetworkPolicy => "NetworkPolicy",
            Kind::LimitRange => "LimitRange",
            Kind::ResourceQuota => "ResourceQuota",
            Kind::Service => "Service",
            Kind::Ingress => "Ingress",
            Kind::ConfigMap => "ConfigMap",
            Kind::Secret => "Secret",
            Kind::PodDisruptionBudget => "PodDisruptionBudget",
            Kind::PriorityClass => "PriorityClass",
            Kind::HorizontalPodAutoscaler => "HorizontalPodAutoscaler",
            Kind::ApiServerPod => "ApiServerPod",
            Kind::ControllerManagerPod => "ControllerManagerPod",
            Kind::SchedulerPod => "SchedulerPod",
            Kind::EtcdPod => "EtcdPod",
        }
    }

    /// Parses a variant name (`Deployment`, `ApiServerPod`), case-insensitively.
    pub fn parse(s: &str) -> Option<Kind> {
        Kind::ALL
            .into_iter()
            .find(|k| k.variant_name().eq_ignore_ascii_case(s.trim()))
    }

    /// Whether objects of this kind live in a namespace.
    pub fn is_namespaced(self) -> bool {
        !matches!(
            self,
            Kind::ClusterRole | Kind::ClusterRoleBinding | Kind::Namespace | Kind::PriorityClass
        )
    }

    /// A control-plane static pod (its baseline comes from `control_plane`).
    pub fn is_control_plane(self) -> bool {
        matches!(
            self,
            Kind::ApiServerPod | Kind::ControllerManagerPod | Kind::SchedulerPod | Kind::EtcdPod
        )
    }

    /// The JSON Pointer of the pod spec inside a workload (`/spec/template/spec`), or `None`
    /// for kinds without the baseline pod spec (the control-plane pods have their own spec).
    pub fn pod_spec_pointer(self) -> Option<&'static str> {
        match self {
            Kind::Pod => Some("/spec"),
            Kind::Deployment | Kind::StatefulSet | Kind::DaemonSet | Kind::Job => {
                Some("/spec/template/spec")
            }
            Kind::CronJob => Some("/spec/jobTemplate/spec/template/spec"),
            _ => None,
        }
    }

    /// The JSON Pointer of the pod template's metadata, for workloads that wrap a pod.
    pub fn pod_template_metadata_pointer(self) -> Option<&'static str> {
        match self {
            Kind::Deployment | Kind::StatefulSet | Kind::DaemonSet | Kind::Job => {
                Some("/spec/template/metadata")
            }
            Kind::CronJob => Some("/spec/jobTemplate/spec/template/metadata"),
            _ => None,
        }
    }

    /// A workload that runs the baseline pod spec.
    pub fn is_workload(self) -> bool {
        self.pod_spec_pointer().is_some()
    }
}

/// The names an object is built with: its own name, its namespace, the labels its pods carry
/// and its selectors match, and the names of the bundle objects it refers to (all objects of one
/// check share one name, so a reference is that name).
#[derive(Debug, Clone, PartialEq)]
pub struct Wiring {
    /// The object's `metadata.name`, also the name every reference of the bundle points to.
    pub name: String,
    /// The namespace of namespaced objects (ignored for cluster-scoped kinds).
    pub namespace: String,
    /// Labels of the object and of its pods; the selectors of the bundle match exactly these.
    pub labels: BTreeMap<String, String>,
}

impl Wiring {
    /// The wiring of a check-less baseline: name `baseline` in `bench-suite`.
    pub fn standalone() -> Wiring {
        Wiring::new(
            "baseline",
            NAMESPACE,
            [("app.kubernetes.io/name", "baseline")],
        )
    }

    pub fn new<'a>(
        name: &str,
        namespace: &str,
        labels: impl IntoIterator<Item = (&'a str, &'a str)>,
    ) -> Wiring {
        Wiring {
            name: name.to_string(),
            namespace: namespace.to_string(),
            labels: labels
                .into_iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect(),
        }
    }
}

/// The secure baseline object of `kind`, with the standalone wiring (see `Wiring::standalone`).
pub fn object(kind: Kind) -> Value {
    object_wired(kind, &Wiring::standalone())
}

/// The secure baseline object of `kind`, named and referring to its bundle as `w` says.
pub fn object_wired(kind: Kind, w: &Wiring) -> Value {
    if kind.is_control_plane() {
        let mut v = control_plane::object(kind);
        stamp_control_plane(&mut v, w);
        return v;
    }
    match kind {
        Kind::Pod
        | Kind::Deployment
        | Kind::StatefulSet
        | Kind::DaemonSet
        | Kind::Job
        | Kind::CronJob => pod::workload(kind, w),
        _ => objects::object(kind, w),
    }
}

/// Control-plane pods keep their own labels and namespace (kube-system); the wiring adds the
/// name and merges its labels in.
fn stamp_control_plane(v: &mut Value, w: &Wiring) {
    let Some(obj) = v.as_object_mut() else { return };
    let meta = obj
        .entry("metadata")
        .or_insert_with(|| Value::Object(Map::new()));
    let Some(meta) = meta.as_object_mut() else {
        return;
    };
    meta.insert("name".into(), Value::String(w.name.clone()));
    meta.entry("namespace")
        .or_insert_with(|| Value::String("kube-system".into()));
    let labels = meta
        .entry("labels")
        .or_insert_with(|| Value::Object(Map::new()));
    if let Some(labels) = labels.as_object_mut() {
        for (k, val) in &w.labels {
            labels.insert(k.clone(), Value::String(val.clone()));
        }
    }
}

/// The objects a check's manifest starts from, by the check's base kind (the base kind itself
/// is always among them).
pub fn bundle(kind: Kind) -> Vec<Kind> {
    use Kind::*;
    match kind {
        Deployment | StatefulSet => vec![ServiceAccount, kind, PodDisruptionBudget],
        Pod | DaemonSet | Job | CronJob => vec![ServiceAccount, kind],
        Role | RoleBinding => vec![ServiceAccount, Role, RoleBinding],
        ClusterRole | ClusterRoleBinding => vec![ServiceAccount, ClusterRole, ClusterRoleBinding],
        Namespace => vec![Namespace, NetworkPolicy, LimitRange, ResourceQuota],
        Ingress => vec![Service, Ingress],
        other => vec![other],
    }
}

/// Converts a typed k8s-openapi object into the JSON the generator patches; typed objects are
/// always serializable, so a failure is a bug in this module.
fn to_value<T: serde::Serialize>(obj: &T) -> Value {
    serde_json::to_value(obj).expect("k8s-openapi objects serialize to JSON")
}

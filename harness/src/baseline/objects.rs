//! Baselines of the kinds that are not workloads: identity and RBAC, namespace guard rails,
//! network exposure, configuration data and availability objects.

use std::collections::BTreeMap;

use k8s_openapi::api::autoscaling::v2::{
    CrossVersionObjectReference, HorizontalPodAutoscaler, HorizontalPodAutoscalerSpec, MetricSpec,
    MetricTarget, ResourceMetricSource,
};
use k8s_openapi::api::core::v1::{
    ConfigMap, LimitRange, LimitRangeItem, LimitRangeSpec, Namespace, ResourceQuota,
    ResourceQuotaSpec, Secret, Service, ServiceAccount, ServicePort, ServiceSpec,
};
use k8s_openapi::api::networking::v1::{
    HTTPIngressPath, HTTPIngressRuleValue, Ingress, IngressBackend, IngressRule,
    IngressServiceBackend, IngressSpec, IngressTLS, NetworkPolicy, NetworkPolicySpec,
    ServiceBackendPort,
};
use k8s_openapi::api::policy::v1::{PodDisruptionBudget, PodDisruptionBudgetSpec};
use k8s_openapi::api::rbac::v1::{
    ClusterRole, ClusterRoleBinding, PolicyRule, Role, RoleBinding, RoleRef, Subject,
};
use k8s_openapi::api::scheduling::v1::PriorityClass;
use k8s_openapi::apimachinery::pkg::api::resource::Quantity;
use k8s_openapi::apimachinery::pkg::apis::meta::v1::LabelSelector;
use k8s_openapi::apimachinery::pkg::util::intstr::IntOrString;
use k8s_openapi::ByteString;
use serde_json::Value;

use super::pod::{meta, selector};
use super::{to_value, Kind, Wiring};

/// The host name of the baseline Ingress (a reserved example domain).
pub const INGRESS_HOST: &str = "bench.example.com";

/// The value of the baseline Secret: obviously not a credential, so no secret detector fires.
const SECRET_VALUE: &[u8] = b"not-a-real-credential";

fn strings(items: &[&str]) -> Vec<String> {
    items.iter().map(|s| s.to_string()).collect()
}

fn quantities(pairs: &[(&str, &str)]) -> BTreeMap<String, Quantity> {
    pairs
        .iter()
        .map(|(k, v)| (k.to_string(), Quantity(v.to_string())))
        .collect()
}

fn rule(api_group: &str, resource: &str) -> PolicyRule {
    PolicyRule {
        api_groups: Some(strings(&[api_group])),
        resources: Some(strings(&[resource])),
        verbs: strings(&["get", "list", "watch"]),
        ..Default::default()
    }
}

fn subjects(w: &Wiring) -> Option<Vec<Subject>> {
    Some(vec![Subject {
        kind: "ServiceAccount".to_string(),
        name: w.name.clone(),
        namespace: Some(w.namespace.clone()),
        api_group: None,
    }])
}

fn role_ref(kind: &str, w: &Wiring) -> RoleRef {
    RoleRef {
        api_group: "rbac.authorization.k8s.io".to_string(),
        kind: kind.to_string(),
        name: w.name.clone(),
    }
}

pub(super) fn object(kind: Kind, w: &Wiring) -> Value {
    let m = meta(w, kind.is_namespaced());
    match kind {
        Kind::ServiceAccount => to_value(&ServiceAccount {
            metadata: m,
            automount_service_account_token: Some(false),
            ..Default::default()
        }),
        Kind::Role => to_value(&Role {
            metadata: m,
            rules: Some(vec![rule("", "configmaps")]),
        }),
        Kind::ClusterRole => to_value(&ClusterRole {
            metadata: m,
            rules: Some(vec![rule("apps", "deployments")]),
            aggregation_rule: None,
        }),
        Kind::RoleBinding => to_value(&RoleBinding {
            metadata: m,
            role_ref: role_ref("Role", w),
            subjects: subjects(w),
        }),
        Kind::ClusterRoleBinding => to_value(&ClusterRoleBinding {
            metadata: m,
            role_ref: role_ref("ClusterRole", w),
            subjects: subjects(w),
        }),
        Kind::Namespace => {
            let mut m = m;
            let labels = m.labels.get_or_insert_with(BTreeMap::new);
            for (k, v) in [
                ("pod-security.kubernetes.io/enforce", "restricted"),
                ("pod-security.kubernetes.io/enforce-version", "latest"),
                ("pod-security.kubernetes.io/warn", "restricted"),
                ("pod-security.kubernetes.io/audit", "restricted"),
            ] {
                labels.insert(k.to_string(), v.to_string());
            }
            to_value(&Namespace {
                metadata: m,
                spec: None,
                status: None,
            })
        }
        Kind::NetworkPolicy => to_value(&NetworkPolicy {
            metadata: m,
            spec: Some(NetworkPolicySpec {
                pod_selector: Some(LabelSelector::default()),
                policy_types: Some(strings(&["Ingress", "Egress"])),
                ..Default::default()
            }),
        }),
        Kind::LimitRange => to_value(&LimitRange {
            metadata: m,
            spec: Some(LimitRangeSpec {
                limits: vec![LimitRangeItem {
                    type_: "Container".to_string(),
                    default: Some(quantities(&[
                        ("cpu", "200m"),
                        ("memory", "128Mi"),
                        ("ephemeral-storage", "128Mi"),
                    ])),
                    default_request: Some(quantities(&[
                        ("cpu", "100m"),
                        ("memory", "64Mi"),
                        ("ephemeral-storage", "64Mi"),
                    ])),
                    max: Some(quantities(&[("cpu", "1"), ("memory", "512Mi")])),
                    ..Default::default()
                }],
            }),
        }),
        Kind::ResourceQuota => to_value(&ResourceQuota {
            metadata: m,
            spec: Some(ResourceQuotaSpec {
                hard: Some(quantities(&[
                    ("requests.cpu", "2"),
                    ("requests.memory", "2Gi"),
                    ("limits.cpu", "4"),
                    ("limits.memory", "4Gi"),
                    ("pods", "20"),
                    ("services.nodeports", "0"),
                    ("services.loadbalancers", "0"),
                ])),
                ..Default::default()
            }),
            status: None,
        }),
        Kind::Service => to_value(&Service {
            metadata: m,
            spec: Some(ServiceSpec {
                type_: Some("ClusterIP".to_string()),
                selector: Some(w.labels.clone()),
                ports: Some(vec![ServicePort {
                    name: Some("http".to_string()),
                    port: 80,
                    target_port: Some(IntOrString::String("http".to_string())),
                    ..Default::default()
                }]),
                ..Default::default()
            }),
            status: None,
        }),
        Kind::Ingress => to_value(&Ingress {
            metadata: m,
            spec: Some(IngressSpec {
                ingress_class_name: Some("nginx".to_string()),
                tls: Some(vec![IngressTLS {
                    hosts: Some(strings(&[INGRESS_HOST])),
                    secret_name: Some(format!("{}-tls", w.name)),
                }]),
                rules: Some(vec![IngressRule {
                    host: Some(INGRESS_HOST.to_string()),
                    http: Some(HTTPIngressRuleValue {
                        paths: vec![HTTPIngressPath {
                            path: Some("/".to_string()),
                            path_type: "Prefix".to_string(),
                            backend: IngressBackend {
                                service: Some(IngressServiceBackend {
                                    name: w.name.clone(),
                                    port: Some(ServiceBackendPort {
                                        number: Some(80),
                                        name: None,
                                    }),
                                }),
                                resource: None,
                            },
                        }],
                    }),
                }]),
                default_backend: None,
            }),
            status: None,
        }),
        Kind::ConfigMap => to_value(&ConfigMap {
            metadata: m,
            data: Some(BTreeMap::from([
                ("LOG_LEVEL".to_string(), "info".to_string()),
                ("FEATURE_FLAGS".to_string(), "a,b".to_string()),
            ])),
            ..Default::default()
        }),
        Kind::Secret => to_value(&Secret {
            metadata: m,
            type_: Some("Opaque".to_string()),
            data: Some(BTreeMap::from([(
                "token".to_string(),
                ByteString(SECRET_VALUE.to_vec()),
            )])),
            ..Default::default()
        }),
        Kind::PodDisruptionBudget => to_value(&PodDisruptionBudget {
            metadata: m,
            spec: Some(PodDisruptionBudgetSpec {
                min_available: Some(IntOrString::Int(1)),
                selector: Some(selector(w)),
                ..Default::default()
            }),
            status: None,
        }),
        Kind::PriorityClass => to_value(&PriorityClass {
            metadata: m,
            value: 100000,
            global_default: Some(false),
            preemption_policy: Some("PreemptLowerPriority".to_string()),
            description: None,
        }),
        Kind::HorizontalPodAutoscaler => to_value(&HorizontalPodAutoscaler {
            metadata: m,
            spec: Some(HorizontalPodAutoscalerSpec {
                scale_target_ref: CrossVersionObjectReference {
                    api_version: Some("apps/v1".to_string()),
                    kind: "Deployment".to_string(),
                    name: w.name.clone(),
                },
                min_replicas: Some(2),
                max_replicas: 4,
                metrics: Some(vec![MetricSpec {
                    type_: "Resource".to_string(),
                    resource: Some(ResourceMetricSource {
                        name: "cpu".to_string(),
                        target: MetricTarget {
                            type_: "Utilization".to_string(),
                            average_utilization: Some(80),
                            ..Default::default()
                        },
                    }),
                    ..Default::default()
                }]),
                behavior: None,
            }),
            status: None,
        }),
        other => unreachable!("{other:?} is built elsewhere"),
    }
}

//! The baseline pod spec and the workloads that wrap it. One pod spec for every workload kind,
//! so a check on a container field means the same thing on a Deployment and on a CronJob.

use std::collections::BTreeMap;

use k8s_openapi::api::apps::v1::{
    DaemonSet, DaemonSetSpec, Deployment, DeploymentSpec, StatefulSet, StatefulSetSpec,
};
use k8s_openapi::api::batch::v1::{CronJob, CronJobSpec, Job, JobSpec, JobTemplateSpec};
use k8s_openapi::api::core::v1::{
    Affinity, AppArmorProfile, Capabilities, Container, ContainerPort, EmptyDirVolumeSource,
    HTTPGetAction, Pod, PodAffinityTerm, PodAntiAffinity, PodSecurityContext, PodSpec,
    PodTemplateSpec, Probe, ResourceRequirements, SeccompProfile, SecurityContext, Volume,
    VolumeMount, WeightedPodAffinityTerm,
};
use k8s_openapi::apimachinery::pkg::api::resource::Quantity;
use k8s_openapi::apimachinery::pkg::apis::meta::v1::{LabelSelector, ObjectMeta};
use k8s_openapi::apimachinery::pkg::util::intstr::IntOrString;
use serde_json::Value;

use super::{to_value, Kind, Wiring, IMAGE, PRIORITY_CLASS};

/// The non-root user and group every baseline pod runs as (above the range distributions give
/// system users, so no rule about low uids fires).
pub const RUN_AS: i64 = 10001;

fn quantities(cpu: &str, memory: &str, ephemeral: &str) -> BTreeMap<String, Quantity> {
    BTreeMap::from([
        ("cpu".to_string(), Quantity(cpu.to_string())),
        ("memory".to_string(), Quantity(memory.to_string())),
        (
            "ephemeral-storage".to_string(),
            Quantity(ephemeral.to_string()),
        ),
    ])
}

fn http_probe(path: &str) -> Probe {
    Probe {
        http_get: Some(HTTPGetAction {
            path: Some(path.to_string()),
            port: IntOrString::String("http".to_string()),
            ..Default::default()
        }),
        ..Default::default()
    }
}

pub(super) fn selector(w: &Wiring) -> LabelSelector {
    LabelSelector {
        match_labels: Some(w.labels.clone()),
        ..Default::default()
    }
}

fn container() -> Container {
    Container {
        name: "app".to_string(),
        image: Some(IMAGE.to_string()),
        image_pull_policy: Some("Always".to_string()),
        ports: Some(vec![ContainerPort {
            name: Some("http".to_string()),
            container_port: 8080,
            ..Default::default()
        }]),
        resources: Some(ResourceRequirements {
            requests: Some(quantities("100m", "64Mi", "64Mi")),
            limits: Some(quantities("200m", "128Mi", "128Mi")),
            ..Default::default()
        }),
        liveness_probe: Some(http_probe("/healthz")),
        readiness_probe: Some(http_probe("/readyz")),
        startup_probe: Some(http_probe("/healthz")),
        security_context: Some(SecurityContext {
            allow_privilege_escalation: Some(false),
            privileged: Some(false),
            read_only_root_filesystem: Some(true),
            run_as_non_root: Some(true),
            run_as_user: Some(RUN_AS),
            run_as_group: Some(RUN_AS),
            capabilities: Some(Capabilities {
                drop: Some(vec!["ALL".to_string()]),
                add: None,
            }),
            seccomp_profile: Some(SeccompProfile {
                type_: "RuntimeDefault".to_string(),
                localhost_profile: None,
            }),
            app_armor_profile: Some(AppArmorProfile {
                type_: "RuntimeDefault".to_string(),
                localhost_profile: None,
            }),
            ..Default::default()
        }),
        volume_mounts: Some(vec![VolumeMount {
            name: "tmp".to_string(),
            mount_path: "/tmp".to_string(),
            ..Default::default()
        }]),
        ..Default::default()
    }
}

/// The secure pod spec of every baseline workload.
pub fn pod_spec(w: &Wiring) -> PodSpec {
    PodSpec {
        automount_service_account_token: Some(false),
        service_account_name: Some(w.name.clone()),
        host_pid: Some(false),
        host_ipc: Some(false),
        host_network: Some(false),
        enable_service_links: Some(false),
        priority_class_name: Some(PRIORITY_CLASS.to_string()),
        security_context: Some(PodSecurityContext {
            run_as_non_root: Some(true),
            run_as_user: Some(RUN_AS),
            run_as_group: Some(RUN_AS),
            fs_group: Some(RUN_AS),
            seccomp_profile: Some(SeccompProfile {
                type_: "RuntimeDefault".to_string(),
                localhost_profile: None,
            }),
            app_armor_profile: Some(AppArmorProfile {
                type_: "RuntimeDefault".to_string(),
                localhost_profile: None,
            }),
            ..Default::default()
        }),
        affinity: Some(Affinity {
            pod_anti_affinity: Some(PodAntiAffinity {
                preferred_during_scheduling_ignored_during_execution: Some(vec![
                    WeightedPodAffinityTerm {
                        weight: 100,
                        pod_affinity_term: PodAffinityTerm {
                            label_selector: Some(selector(w)),
                            topology_key: "kubernetes.io/hostname".to_string(),
                            ..Default::default()
                        },
                    },
                ]),
                ..Default::default()
            }),
            ..Default::default()
        }),
        containers: vec![container()],
        volumes: Some(vec![Volume {
            name: "tmp".to_string(),
            empty_dir: Some(EmptyDirVolumeSource {
                size_limit: Some(Quantity("64Mi".to_string())),
                ..Default::default()
            }),
            ..Default::default()
        }]),
        ..Default::default()
    }
}

pub(super) fn meta(w: &Wiring, namespaced: bool) -> ObjectMeta {
    ObjectMeta {
        name: Some(w.name.clone()),
        namespace: namespaced.then(|| w.namespace.clone()),
        labels: Some(w.labels.clone()),
        ..Default::default()
    }
}

fn template(w: &Wiring, spec: PodSpec) -> PodTemplateSpec {
    PodTemplateSpec {
        metadata: Some(ObjectMeta {
            labels: Some(w.labels.clone()),
            ..Default::default()
        }),
        spec: Some(spec),
    }
}

/// A pod spec of a Job's pods: they run to completion, so they never restart in place and
/// have a deadline.
fn job_pod_spec(w: &Wiring) -> PodSpec {
    PodSpec {
        restart_policy: Some("Never".to_string()),
        active_deadline_seconds: Some(600),
        ..pod_spec(w)
    }
}

fn job_spec(w: &Wiring) -> JobSpec {
    JobSpec {
        backoff_limit: Some(2),
        ttl_seconds_after_finished: Some(600),
        template: template(w, job_pod_spec(w)),
        ..Default::default()
    }
}

pub(super) fn workload(kind: Kind, w: &Wiring) -> Value {
    match kind {
        Kind::Pod => to_value(&Pod {
            metadata: meta(w, true),
            spec: Some(pod_spec(w)),
            status: None,
        }),
        Kind::Deployment => to_value(&Deployment {
            metadata: meta(w, true),
            spec: Some(DeploymentSpec {
                replicas: Some(2),
                selector: selector(w),
                template: template(w, pod_spec(w)),
                ..Default::default()
            }),
            status: None,
        }),
        Kind::StatefulSet => to_value(&StatefulSet {
            metadata: meta(w, true),
            spec: Some(StatefulSetSpec {
                replicas: Some(2),
                service_name: Some(w.name.clone()),
                selector: selector(w),
                template: template(w, pod_spec(w)),
                ..Default::default()
            }),
            status: None,
        }),
        Kind::DaemonSet => to_value(&DaemonSet {
            metadata: meta(w, true),
            spec: Some(DaemonSetSpec {
                selector: selector(w),
                template: template(w, pod_spec(w)),
                ..Default::default()
            }),
            status: None,
        }),
        Kind::Job => to_value(&Job {
            metadata: meta(w, true),
            spec: Some(job_spec(w)),
            status: None,
        }),
        Kind::CronJob => to_value(&CronJob {
            metadata: meta(w, true),
            spec: Some(CronJobSpec {
                schedule: "0 3 * * *".to_string(),
                concurrency_policy: Some("Forbid".to_string()),
                job_template: JobTemplateSpec {
                    metadata: None,
                    spec: Some(job_spec(w)),
                },
                ..Default::default()
            }),
            status: None,
        }),
        other => unreachable!("{other:?} is not a workload"),
    }
}

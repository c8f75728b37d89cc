//! Reliability: resource requests and limits, namespace LimitRange and ResourceQuota, probes,
//! replicas, disruption budgets, scheduling and job lifecycle.
//!
//! Workload checks are made on a Deployment (paths are pod-relative, as everywhere); the rest
//! change one field of the baseline LimitRange, ResourceQuota, PodDisruptionBudget,
//! HorizontalPodAutoscaler, Job or CronJob, or drop one object of a bundle.

use serde_json::json;

use super::{check, Category, CheckSpec, Severity, Standard};
use crate::baseline::Kind;
use Category::Reliability;
use Kind::{
    CronJob, Deployment, HorizontalPodAutoscaler, Job, LimitRange, Namespace, Pod,
    PodDisruptionBudget, ResourceQuota,
};
use Severity::*;

/// A JSON Pointer into the only container of a Deployment's pod template.
macro_rules! container {
    ($rest:literal) => {
        concat!("/spec/template/spec/containers/0", $rest)
    };
}

fn res() -> Standard {
    Standard::Nsa("Network separation and hardening: resource policies")
}

fn k01() -> Standard {
    Standard::Owasp("K01")
}

/// Every check of the category, group by group, in the suite's order.
pub fn checks() -> Vec<CheckSpec> {
    [
        container_resources(),
        namespace_guards(),
        probes(),
        availability(),
    ]
    .into_iter()
    .flatten()
    .collect()
}

/// Container requests and limits.
fn container_resources() -> Vec<CheckSpec> {
    vec![
        check("RES-001-2", "no-memory-requests", Reliability)
            .title("Container without a memory request")
            .describe("Without a memory request the scheduler places the pod as if it needed no memory, overcommitting nodes until the kernel starts killing processes.")
            .alert()
            .severity(Medium)
            .std(res())
            .std(k01())
            .on(Deployment)
            .remove(container!("/resources/requests/memory")),
        check("RES-002-2", "no-memory-limits", Reliability)
            .title("Container without a memory limit")
            .describe("A container without a memory limit can take all of the node's memory, starving its neighbours and the kubelet itself.")
            .alert()
            .severity(High)
            .std(res())
            .std(k01())
            .on(Deployment)
            .remove(container!("/resources/limits/memory")),
        check("RES-003-2", "no-cpu-requests", Reliability)
            .title("Container without a CPU request")
            .describe("Without a CPU request the pod gets the smallest CPU share under contention and the scheduler cannot reserve capacity for it.")
            .alert()
            .severity(Medium)
            .std(res())
            .std(k01())
            .on(Deployment)
            .remove(container!("/resources/requests/cpu")),
        check("RES-004-2", "no-cpu-limits", Reliability)
            .title("Container without a CPU limit")
            .describe("A container without a CPU limit can use every core of the node, so one busy or hijacked pod (a crypto miner, say) slows everything else there.")
            .alert()
            .severity(Medium)
            .std(res())
            .std(k01())
            .on(Deployment)
            .remove(container!("/resources/limits/cpu")),
        check("RES-005-2", "no-ephemeral-storage-requests", Reliability)
            .title("Container without an ephemeral-storage request")
            .describe("Without an ephemeral-storage request the scheduler ignores the pod's scratch and log usage when choosing a node, inviting disk-pressure evictions.")
            .alert()
            .severity(Low)
            .std(res())
            .std(k01())
            .on(Deployment)
            .remove(container!("/resources/requests/ephemeral-storage")),
        check("RES-006-2", "no-ephemeral-storage-limits", Reliability)
            .title("Container without an ephemeral-storage limit")
            .describe("A container without an ephemeral-storage limit can fill the node's disk with logs or scratch files until the kubelet evicts other pods.")
            .alert()
            .severity(Medium)
            .std(res())
            .std(k01())
            .on(Deployment)
            .remove(container!("/resources/limits/ephemeral-storage")),
        check("RES-010", "no-resources", Reliability)
            .title("Container without any requests or limits")
            .describe("A container with no resources section runs as BestEffort: first to be evicted under pressure and free to consume the whole node meanwhile.")
            .alert()
            .severity(High)
            .std(res())
            .std(k01())
            .on(Deployment)
            .remove(container!("/resources")),
    ]
}

/// Namespace guards: LimitRange and ResourceQuota.
fn namespace_guards() -> Vec<CheckSpec> {
    vec![
        check("RES-007-0", "namespace-without-limitrange", Reliability)
            .title("Namespace without a LimitRange")
            .describe("Without a LimitRange, containers that forget requests and limits get none, and nothing caps the size a single container may ask for.")
            .alert()
            .severity(Medium)
            .std(res())
            .on(Namespace)
            .without(LimitRange),
        check("RES-009-1", "namespace-without-resourcequota", Reliability)
            .title("Namespace without a ResourceQuota")
            .describe("Without a ResourceQuota one namespace can claim the whole cluster's CPU, memory and object counts, a denial of service for every other tenant.")
            .alert()
            .severity(Medium)
            .std(res())
            .on(Namespace)
            .without(ResourceQuota),
        check("RES-007-1", "limitrange-no-default-cpu-request", Reliability)
            .title("LimitRange without a default CPU request")
            .describe("Containers that omit a CPU request are admitted without one, so the namespace's pods can still be scheduled with no CPU reserved.")
            .alert()
            .severity(Low)
            .std(res())
            .on(LimitRange)
            .remove("/spec/limits/0/defaultRequest/cpu"),
        check("RES-007-2", "limitrange-no-default-cpu-limit", Reliability)
            .title("LimitRange without a default CPU limit")
            .describe("Containers that omit a CPU limit are admitted unlimited, so the guard the LimitRange was meant to give is missing for CPU.")
            .alert()
            .severity(Low)
            .std(res())
            .on(LimitRange)
            .remove("/spec/limits/0/default/cpu"),
        check("RES-007-3", "limitrange-no-max-cpu", Reliability)
            .title("LimitRange without a maximum CPU")
            .describe("Without a max, a single container may set any CPU limit it likes and take a node's worth of CPU.")
            .alert()
            .severity(Low)
            .std(res())
            .on(LimitRange)
            .remove("/spec/limits/0/max/cpu"),
        check("RES-008-1", "limitrange-no-default-memory-request", Reliability)
            .title("LimitRange without a default memory request")
            .describe("Containers that omit a memory request are admitted without one, and the scheduler overcommits the node's memory.")
            .alert()
            .severity(Low)
            .std(res())
            .on(LimitRange)
            .remove("/spec/limits/0/defaultRequest/memory"),
        check("RES-008-2", "limitrange-no-default-memory-limit", Reliability)
            .title("LimitRange without a default memory limit")
            .describe("Containers that omit a memory limit are admitted unlimited and can exhaust the node's memory.")
            .alert()
            .severity(Medium)
            .std(res())
            .on(LimitRange)
            .remove("/spec/limits/0/default/memory"),
        check("RES-008-3", "limitrange-no-max-memory", Reliability)
            .title("LimitRange without a maximum memory")
            .describe("Without a max, one container may claim as much memory as the node has.")
            .alert()
            .severity(Low)
            .std(res())
            .on(LimitRange)
            .remove("/spec/limits/0/max/memory"),
        check("RES-009-2", "resourcequota-without-hard-limits", Reliability)
            .title("ResourceQuota without hard limits")
            .describe("A ResourceQuota with no hard section limits nothing; it satisfies a \"has a quota\" audit while leaving the namespace unbounded.")
            .alert()
            .severity(Medium)
            .std(res())
            .on(ResourceQuota)
            .remove("/spec/hard"),
    ]
}

/// Liveness and readiness probes.
fn probes() -> Vec<CheckSpec> {
    vec![
        check("REL-001", "no-readiness-probe", Reliability)
            .title("Container without a readiness probe")
            .describe("Without a readiness probe the pod receives traffic as soon as its process starts, and keeps receiving it while it cannot answer.")
            .alert()
            .severity(Medium)
            .on(Deployment)
            .remove(container!("/readinessProbe")),
        check("REL-002", "no-liveness-probe", Reliability)
            .title("Container without a liveness probe")
            .describe("Without a liveness probe a hung process stays up forever; the kubelet only restarts containers that exit.")
            .alert()
            .severity(Medium)
            .on(Deployment)
            .remove(container!("/livenessProbe")),
        check("REL-005", "no-startup-probe", Reliability)
            .title("Container without a startup probe")
            .describe("Without a startup probe a slow start has to be absorbed by the liveness probe's delays, either killing slow starters or detecting hangs late.")
            .alert()
            .severity(Low)
            .on(Deployment)
            .remove(container!("/startupProbe")),
        check("REL-006", "liveness-equals-readiness", Reliability)
            .title("Readiness probe identical to the liveness probe")
            .describe("When both probes ask the same endpoint, a pod that is merely busy is restarted instead of being taken out of the load balancer, which turns load into restarts.")
            .alert()
            .severity(Low)
            .on(Deployment)
            .set(container!("/readinessProbe/httpGet/path"), json!("/healthz")),
    ]
}

/// Availability: replicas, disruption budgets, update strategy, scheduling and job lifecycle.
fn availability() -> Vec<CheckSpec> {
    vec![
        check("WL-001", "naked-pod", Reliability)
            .title("Pod not managed by a controller")
            .describe("A bare Pod is not recreated when its node fails or it is evicted, and cannot be rolled out or scaled; a Deployment, StatefulSet or Job should own it. The manifest is the Deployment's bundle with the Deployment replaced by a bare Pod of the same pod spec.")
            .alert()
            .severity(Medium)
            .std(k01())
            .on(Deployment)
            .without(Deployment)
            .with(Pod, vec![]),
        check("REL-007", "single-replica", Reliability)
            .title("Deployment with a single replica")
            .describe("One replica means every node drain, eviction or crash is an outage of the service.")
            .alert()
            .severity(Medium)
            .on(Deployment)
            .set("/spec/replicas", json!(1)),
        check("REL-008", "no-pod-disruption-budget", Reliability)
            .title("Deployment without a PodDisruptionBudget")
            .describe("Without a PodDisruptionBudget a node drain or cluster upgrade may evict all replicas at once.")
            .alert()
            .severity(Low)
            .on(Deployment)
            .without(PodDisruptionBudget),
        check("REL-009", "no-pod-anti-affinity", Reliability)
            .title("Deployment without pod anti-affinity")
            .describe("Without anti-affinity all replicas may be scheduled onto one node, which then takes the whole service down when it fails.")
            .alert()
            .severity(Low)
            .on(Deployment)
            .remove("/spec/template/spec/affinity/podAntiAffinity"),
        check("REL-003", "no-priority-class", Reliability)
            .title("Pod without a priority class")
            .describe("Without a priority class the pod has the default priority and may be preempted by, or fail to preempt, less important workloads when the cluster is full.")
            .alert()
            .severity(Low)
            .on(Deployment)
            .remove("/spec/template/spec/priorityClassName"),
        check("REL-010", "rolling-update-disabled", Reliability)
            .title("Deployment uses the Recreate strategy")
            .describe("Recreate stops every old pod before starting new ones, so every rollout is a full outage.")
            .alert()
            .severity(Low)
            .path(".spec.strategy.type")
            .on(Deployment)
            .set("/spec/strategy", json!({"type": "Recreate"})),
        check("REL-011", "termination-grace-period-zero", Reliability)
            .title("Pod with a termination grace period of zero")
            .describe("terminationGracePeriodSeconds 0 kills containers at once, without letting them finish in-flight requests, flush data or release leases.")
            .alert()
            .severity(Low)
            .on(Deployment)
            .set("/spec/template/spec/terminationGracePeriodSeconds", json!(0)),
        check("REL-012-1", "pdb-max-unavailable-zero", Reliability)
            .title("PodDisruptionBudget allows no disruption (maxUnavailable 0)")
            .describe("maxUnavailable 0 forbids every voluntary eviction, so node drains and cluster upgrades hang until someone deletes the budget.")
            .alert()
            .severity(Medium)
            .path(".spec.maxUnavailable")
            .path(".spec.minAvailable")
            .on(PodDisruptionBudget)
            .remove("/spec/minAvailable")
            .set("/spec/maxUnavailable", json!(0)),
        check("REL-012-2", "pdb-min-available-all", Reliability)
            .title("PodDisruptionBudget requires all pods (minAvailable 100%)")
            .describe("minAvailable 100% can never be satisfied during an eviction, which blocks node maintenance just like maxUnavailable 0.")
            .alert()
            .severity(Medium)
            .on(PodDisruptionBudget)
            .set("/spec/minAvailable", json!("100%")),
        check("REL-013", "hpa-min-replicas-one", Reliability)
            .title("HorizontalPodAutoscaler can scale down to one replica")
            .describe("minReplicas 1 lets the autoscaler leave a single pod in quiet hours, so one eviction then takes the service down.")
            .alert()
            .severity(Low)
            .on(HorizontalPodAutoscaler)
            .set("/spec/minReplicas", json!(1)),
        check("REL-014", "cronjob-concurrency-allowed", Reliability)
            .title("CronJob without a concurrency policy")
            .describe("Without concurrencyPolicy, runs default to Allow: a job that overruns its schedule piles up parallel copies that compete for the same data and resources.")
            .alert()
            .severity(Low)
            .on(CronJob)
            .remove("/spec/concurrencyPolicy"),
        check("REL-015-1", "job-without-ttl", Reliability)
            .title("Job without ttlSecondsAfterFinished")
            .describe("Finished Jobs and their pods are kept forever without a TTL, accumulating objects in etcd and logs on nodes.")
            .alert()
            .severity(Low)
            .on(Job)
            .remove("/spec/ttlSecondsAfterFinished"),
        check("REL-015-2", "job-without-deadline", Reliability)
            .title("Job pod without an active deadline")
            .describe("Without activeDeadlineSeconds a stuck job pod runs, and holds its resources, indefinitely.")
            .alert()
            .severity(Low)
            .on(Job)
            .remove("/spec/template/spec/activeDeadlineSeconds"),
    ]
}

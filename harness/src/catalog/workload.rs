//! Workload: pod and container security context, host namespaces, host paths, service-account
//! tokens.
//!
//! Most checks start from the baseline Deployment, as KALM's do; a group at the end repeats the
//! key misconfigurations on the other workload kinds and on init and ephemeral containers, so a
//! scanner that only reads Deployments or only `containers` shows up in the results.
//!
//! The baseline sets every security field at both pod and container level. Kubernetes applies
//! the container's value where both are set, so a pod-level change under a secure container
//! value is usually harmless; where the Pod Security Standards reject the pod-level value on its
//! own (runAsNonRoot false, runAsUser 0, an Unconfined profile), the check expects an alert and
//! says so.

use serde_json::{json, Value};

use super::{check, Category, CheckSpec, Severity, Standard};
use crate::baseline::Kind;

/// A pointer into the pod spec of the baseline Deployment.
macro_rules! dp {
    ($p:literal) => {
        concat!("/spec/template/spec", $p)
    };
}

/// A pointer into the security context of the Deployment's only container.
macro_rules! dsc {
    ($p:literal) => {
        concat!("/spec/template/spec/containers/0/securityContext", $p)
    };
}

/// A pointer into the pod-level security context of the Deployment.
macro_rules! dpsc {
    ($p:literal) => {
        concat!("/spec/template/spec/securityContext", $p)
    };
}

fn pss_b(control: &'static str) -> Standard {
    Standard::Pss("baseline", control)
}

fn pss_r(control: &'static str) -> Standard {
    Standard::Pss("restricted", control)
}

const K01: Standard = Standard::Owasp("K01");

/// A workload check on the baseline Deployment.
fn wl(id: &'static str, slug: &'static str) -> CheckSpec {
    check(id, slug, Category::Workload)
        .on(Kind::Deployment)
        .std(K01)
}

/// A capability added to the container: id, slug, capability, severity, the Pod Security
/// Standards level that already forbids it, and why it matters.
struct Cap {
    id: &'static str,
    slug: &'static str,
    cap: &'static str,
    severity: Severity,
    pss: &'static str,
    why: &'static str,
}

const CAPS: &[Cap] = &[
    Cap { id: "POD-034-1", slug: "added-capability-all", cap: "ALL", severity: Severity::Critical, pss: "baseline",
        why: "Adding ALL grants every Linux capability, which is nearly a privileged container: mounting file systems, loading kernel modules, tracing any process, raw device access." },
    Cap { id: "POD-034-2", slug: "added-capability-sys-admin", cap: "SYS_ADMIN", severity: Severity::Critical, pss: "baseline",
        why: "CAP_SYS_ADMIN is the catch-all capability (mount, namespaces, many device ioctls); most published container escapes, such as the cgroup release_agent technique and CVE-2022-0185, depend on it." },
    Cap { id: "POD-034-3", slug: "added-capability-net-admin", cap: "NET_ADMIN", severity: Severity::High, pss: "baseline",
        why: "CAP_NET_ADMIN lets the container rewrite interfaces, routes and firewall rules of its network namespace, intercepting traffic and undoing iptables-based network policy." },
    Cap { id: "POD-035-1", slug: "added-capability-audit-write", cap: "AUDIT_WRITE", severity: Severity::Low, pss: "restricted",
        why: "CAP_AUDIT_WRITE lets the container write records into the kernel audit log, so it can forge or flood the audit trail of the node." },
    Cap { id: "POD-035-2", slug: "added-capability-bpf", cap: "BPF", severity: Severity::High, pss: "baseline",
        why: "CAP_BPF lets the container load BPF programs and maps, which can read kernel memory and observe or alter other workloads' traffic." },
    Cap { id: "POD-035-3", slug: "added-capability-chown", cap: "CHOWN", severity: Severity::Medium, pss: "restricted",
        why: "CAP_CHOWN lets the process change the owner of any file it can reach, taking over files of other users on shared volumes." },
    Cap { id: "POD-035-4", slug: "added-capability-dac-override", cap: "DAC_OVERRIDE", severity: Severity::High, pss: "restricted",
        why: "CAP_DAC_OVERRIDE bypasses file read, write and execute permission checks, so every file on every mounted volume becomes readable and writable." },
    Cap { id: "POD-035-5", slug: "added-capability-fowner", cap: "FOWNER", severity: Severity::Medium, pss: "restricted",
        why: "CAP_FOWNER bypasses the checks that require the caller to own a file, so the process can change modes and attributes of files it does not own." },
    Cap { id: "POD-035-6", slug: "added-capability-fsetid", cap: "FSETID", severity: Severity::Medium, pss: "restricted",
        why: "CAP_FSETID keeps setuid and setgid bits when files are modified, a step towards planting privileged binaries on shared volumes." },
    Cap { id: "POD-035-7", slug: "added-capability-kill", cap: "KILL", severity: Severity::Low, pss: "restricted",
        why: "CAP_KILL lets the process signal processes of other users; combined with a shared or host PID namespace it can stop other workloads." },
    Cap { id: "POD-035-8", slug: "added-capability-mac-override", cap: "MAC_OVERRIDE", severity: Severity::High, pss: "baseline",
        why: "CAP_MAC_OVERRIDE overrides mandatory access control, turning off the very confinement that AppArmor or SELinux profiles provide." },
    Cap { id: "POD-035-9", slug: "added-capability-mac-admin", cap: "MAC_ADMIN", severity: Severity::High, pss: "baseline",
        why: "CAP_MAC_ADMIN allows changing mandatory access control policy and labels, so the container can loosen its own confinement." },
    Cap { id: "POD-035-10", slug: "added-capability-mknod", cap: "MKNOD", severity: Severity::Medium, pss: "restricted",
        why: "CAP_MKNOD lets the process create device nodes; where the device cgroup allows it, that reaches host disks and other devices." },
    Cap { id: "POD-035-12", slug: "added-capability-net-raw", cap: "NET_RAW", severity: Severity::High, pss: "baseline",
        why: "CAP_NET_RAW opens raw and packet sockets, enough for ARP and DNS spoofing against other pods on the node and for crafting arbitrary packets." },
    Cap { id: "POD-035-13", slug: "added-capability-perfmon", cap: "PERFMON", severity: Severity::Medium, pss: "baseline",
        why: "CAP_PERFMON enables performance monitoring and tracing, which exposes kernel addresses and the behaviour of other processes." },
    Cap { id: "POD-035-14", slug: "added-capability-setfcap", cap: "SETFCAP", severity: Severity::Medium, pss: "restricted",
        why: "CAP_SETFCAP lets the process attach file capabilities to binaries, so a later execution gains capabilities the container was never meant to have." },
    Cap { id: "POD-035-15", slug: "added-capability-setgid", cap: "SETGID", severity: Severity::Medium, pss: "restricted",
        why: "CAP_SETGID lets the process switch to any group id, including group 0 and groups that own files on shared volumes." },
    Cap { id: "POD-035-16", slug: "added-capability-setpcap", cap: "SETPCAP", severity: Severity::Medium, pss: "restricted",
        why: "CAP_SETPCAP lets the process change its capability bounding set and grant capabilities to its threads, undoing a dropped capability set." },
    Cap { id: "POD-035-17", slug: "added-capability-setuid", cap: "SETUID", severity: Severity::Medium, pss: "restricted",
        why: "CAP_SETUID lets the process switch to any user id, including root, which defeats running as a non-root user." },
    Cap { id: "POD-035-18", slug: "added-capability-sys-boot", cap: "SYS_BOOT", severity: Severity::High, pss: "baseline",
        why: "CAP_SYS_BOOT allows reboot and kexec_load; the node itself can be restarted or a new kernel loaded from inside the container." },
    Cap { id: "POD-035-19", slug: "added-capability-sys-chroot", cap: "SYS_CHROOT", severity: Severity::Medium, pss: "restricted",
        why: "CAP_SYS_CHROOT allows chroot, a building block of several escape and privilege escalation techniques involving crafted root directories." },
    Cap { id: "POD-035-20", slug: "added-capability-sys-module", cap: "SYS_MODULE", severity: Severity::Critical, pss: "baseline",
        why: "CAP_SYS_MODULE lets the container load kernel modules, which is code execution in the host kernel and a complete node compromise." },
    Cap { id: "POD-035-21", slug: "added-capability-sys-rawio", cap: "SYS_RAWIO", severity: Severity::Critical, pss: "baseline",
        why: "CAP_SYS_RAWIO allows raw I/O port and memory access (iopl, /dev/mem), reading and writing host memory and hardware directly." },
    Cap { id: "POD-035-22", slug: "added-capability-sys-ptrace", cap: "SYS_PTRACE", severity: Severity::High, pss: "baseline",
        why: "CAP_SYS_PTRACE lets the process trace and inject code into other processes; with a shared or host PID namespace that includes other containers or the node." },
    Cap { id: "POD-048-1", slug: "added-capability-dac-read-search", cap: "DAC_READ_SEARCH", severity: Severity::High, pss: "baseline",
        why: "CAP_DAC_READ_SEARCH allows open_by_handle_at, the call behind the 'shocker' escape that reads arbitrary files of the host file system." },
    Cap { id: "POD-048-2", slug: "added-capability-sys-time", cap: "SYS_TIME", severity: Severity::Medium, pss: "baseline",
        why: "CAP_SYS_TIME sets the system clock, which is not namespaced: the whole node's time changes, breaking certificate validity, token expiry and log order." },
];

fn capability_checks() -> Vec<CheckSpec> {
    let mut v: Vec<CheckSpec> = CAPS
        .iter()
        .map(|c| {
            let cis = if c.cap == "NET_RAW" { "5.2.8" } else { "5.2.9" };
            wl(c.id, c.slug)
                .title(cap_title(c.cap))
                .describe(c.why)
                .alert()
                .severity(c.severity)
                .std(Standard::Cis(cis))
                .std(Standard::Pss(c.pss, "Capabilities"))
                .set(dsc!("/capabilities/add"), json!([c.cap]))
        })
        .collect();
    v.push(
        wl("POD-047", "added-capability-net-bind-service")
            .title("Container adds only NET_BIND_SERVICE (secure)")
            .describe("NET_BIND_SERVICE only allows binding ports below 1024, and it is the one capability the restricted Pod Security Standard lets a container add after dropping ALL. Expected to pass: a scanner that flags every added capability is wrong here.")
            .pass()
            .severity(Severity::Low)
            .std(pss_r("Capabilities"))
            .set(dsc!("/capabilities/add"), json!(["NET_BIND_SERVICE"])),
    );
    v.push(
        wl("POD-036", "capabilities-not-dropped")
            .title("Container keeps the runtime's default capabilities (no drop)")
            .describe("Without a drop list the container gets the runtime's default set (about 14 capabilities, among them NET_RAW, CHOWN, SETUID and DAC_OVERRIDE), far more than an application needs.")
            .alert()
            .severity(Severity::Medium)
            .std(Standard::Cis("5.2.10"))
            .std(pss_r("Capabilities"))
            .remove(dsc!("/capabilities/drop")),
    );
    v.push(
        wl("POD-049", "capabilities-drop-without-all")
            .title("Container drops some capabilities but not ALL")
            .describe("Dropping NET_RAW alone leaves the rest of the runtime's default set in place; the restricted Pod Security Standard requires ALL in the drop list.")
            .alert()
            .severity(Severity::Medium)
            .std(Standard::Cis("5.2.10"))
            .std(pss_r("Capabilities"))
            .set(dsc!("/capabilities/drop"), json!(["NET_RAW"])),
    );
    v
}

/// "Container adds capability X" for the table above (titles are `&'static str`, so the
/// capability names are spelled out once here).
fn cap_title(cap: &str) -> &'static str {
    match cap {
        "ALL" => "Container adds ALL capabilities",
        "SYS_ADMIN" => "Container adds capability SYS_ADMIN",
        "NET_ADMIN" => "Container adds capability NET_ADMIN",
        "AUDIT_WRITE" => "Container adds capability AUDIT_WRITE",
        "BPF" => "Container adds capability BPF",
        "CHOWN" => "Container adds capability CHOWN",
        "DAC_OVERRIDE" => "Container adds capability DAC_OVERRIDE",
        "FOWNER" => "Container adds capability FOWNER",
        "FSETID" => "Container adds capability FSETID",
        "KILL" => "Container adds capability KILL",
        "MAC_OVERRIDE" => "Container adds capability MAC_OVERRIDE",
        "MAC_ADMIN" => "Container adds capability MAC_ADMIN",
        "MKNOD" => "Container adds capability MKNOD",
        "NET_RAW" => "Container adds capability NET_RAW",
        "PERFMON" => "Container adds capability PERFMON",
        "SETFCAP" => "Container adds capability SETFCAP",
        "SETGID" => "Container adds capability SETGID",
        "SETPCAP" => "Container adds capability SETPCAP",
        "SETUID" => "Container adds capability SETUID",
        "SYS_BOOT" => "Container adds capability SYS_BOOT",
        "SYS_CHROOT" => "Container adds capability SYS_CHROOT",
        "SYS_MODULE" => "Container adds capability SYS_MODULE",
        "SYS_RAWIO" => "Container adds capability SYS_RAWIO",
        "SYS_PTRACE" => "Container adds capability SYS_PTRACE",
        "DAC_READ_SEARCH" => "Container adds capability DAC_READ_SEARCH",
        "SYS_TIME" => "Container adds capability SYS_TIME",
        other => panic!("no title for capability {other}"),
    }
}

fn privilege_checks() -> Vec<CheckSpec> {
    vec![
        wl("POD-032-2", "privileged-container")
            .title("Privileged container")
            .describe("A privileged container gets every capability, all host devices and no seccomp or AppArmor confinement; root in it is root on the node.")
            .alert()
            .severity(Severity::Critical)
            .std(Standard::Cis("5.2.2"))
            .std(pss_b("Privileged Containers"))
            .std(Standard::Nsa("Pod security: privileged containers"))
            .set(dsc!("/privileged"), json!(true)),
        wl("POD-032-1", "privileged-unset")
            .title("privileged not set (defaults to false)")
            .describe("privileged defaults to false, so leaving it out is as secure as setting false. Expected to pass: a scanner that demands the explicit field is wrong here.")
            .pass()
            .severity(Severity::Low)
            .std(pss_b("Privileged Containers"))
            .remove(dsc!("/privileged")),
        wl("POD-031-2", "allow-privilege-escalation-true")
            .title("Container allows privilege escalation")
            .describe("allowPrivilegeEscalation true leaves no_new_privs unset, so setuid binaries and file capabilities inside the image can raise the process above the user it was started as.")
            .alert()
            .severity(Severity::High)
            .std(Standard::Cis("5.2.6"))
            .std(pss_r("Privilege Escalation"))
            .set(dsc!("/allowPrivilegeEscalation"), json!(true)),
        wl("POD-031-1", "allow-privilege-escalation-unset")
            .title("allowPrivilegeEscalation not set (escalation allowed)")
            .describe("Unlike privileged, allowPrivilegeEscalation is effectively true when unset: the runtime only sets no_new_privs when the field is explicitly false. The restricted Pod Security Standard therefore requires false to be written out, and an absent field is an alert.")
            .alert()
            .severity(Severity::High)
            .std(Standard::Cis("5.2.6"))
            .std(pss_r("Privilege Escalation"))
            .remove(dsc!("/allowPrivilegeEscalation")),
        wl("POD-033-2", "read-only-root-filesystem-false")
            .title("Container root file system is writable")
            .describe("A writable root file system lets an intruder drop tools, modify binaries and configuration of the running container, and persist until the pod is replaced.")
            .alert()
            .severity(Severity::Medium)
            .std(Standard::Nsa("Pod security: immutable container file systems"))
            .set(dsc!("/readOnlyRootFilesystem"), json!(false)),
        wl("POD-033-1", "read-only-root-filesystem-unset")
            .title("readOnlyRootFilesystem not set (writable by default)")
            .describe("readOnlyRootFilesystem defaults to false, so an absent field leaves the root file system writable exactly as an explicit false does.")
            .alert()
            .severity(Severity::Medium)
            .std(Standard::Nsa("Pod security: immutable container file systems"))
            .remove(dsc!("/readOnlyRootFilesystem")),
        wl("POD-030", "no-container-security-context")
            .title("Container without securityContext")
            .describe("Without a container security context the container keeps the runtime's default capabilities, a writable root file system and privilege escalation; the pod-level context does not cover those fields.")
            .alert()
            .severity(Severity::High)
            .std(Standard::Cis("5.7.3"))
            .std(pss_r("Privilege Escalation"))
            .remove(dsc!("")),
        wl("POD-063", "no-pod-security-context")
            .title("Pod without securityContext, container fully hardened (secure)")
            .describe("The pod-level security context only supplies defaults; here the container sets non-root user and group, seccomp, AppArmor, dropped capabilities and no escalation itself, which satisfies the restricted Pod Security Standard. Expected to pass (KALM's POD-016 expects an alert for a missing pod context regardless).")
            .pass()
            .severity(Severity::Low)
            .remove(dpsc!("")),
    ]
}

fn user_checks() -> Vec<CheckSpec> {
    vec![
        wl("POD-017-9", "run-as-non-root-false-container")
            .title("Container sets runAsNonRoot false")
            .describe("The container's runAsNonRoot false overrides the pod's true, so the kubelet no longer refuses to start an image whose user is root.")
            .alert()
            .severity(Severity::High)
            .std(Standard::Cis("5.2.7"))
            .std(pss_r("Running as Non-root"))
            .std(Standard::Nsa("Pod security: non-root containers"))
            .set(dsc!("/runAsNonRoot"), json!(false)),
        wl("POD-050", "run-as-non-root-false-pod")
            .title("Pod sets runAsNonRoot false (container sets true)")
            .describe("The container's own true still applies at run time, but the restricted Pod Security Standard rejects an explicit false at pod level, and any container added later without its own setting inherits false. Expected to alert (KALM's POD-017-8 expects a pass for this shape).")
            .alert()
            .severity(Severity::Medium)
            .std(pss_r("Running as Non-root"))
            .set(dpsc!("/runAsNonRoot"), json!(false)),
        wl("POD-017-1", "run-as-non-root-pod-only")
            .title("runAsNonRoot set at pod level only (secure)")
            .describe("Without a container value the container inherits the pod's runAsNonRoot true. Expected to pass: a scanner that reads only container security contexts is wrong here.")
            .pass()
            .severity(Severity::Low)
            .std(pss_r("Running as Non-root"))
            .remove(dsc!("/runAsNonRoot")),
        wl("POD-017-5", "run-as-non-root-container-only")
            .title("runAsNonRoot set at container level only (secure)")
            .describe("Every container sets runAsNonRoot true itself, which is what the restricted Pod Security Standard requires when the pod does not. Expected to pass: a scanner that reads only the pod security context is wrong here.")
            .pass()
            .severity(Severity::Low)
            .std(pss_r("Running as Non-root"))
            .remove(dpsc!("/runAsNonRoot")),
        wl("POD-018-5", "run-as-user-root-container")
            .title("Container runs as user 0 (root)")
            .describe("runAsUser 0 on the container overrides the pod's non-root user; root inside the container owns the container's files and is one kernel bug or one mounted socket away from root on the node.")
            .alert()
            .severity(Severity::High)
            .std(Standard::Cis("5.2.7"))
            .std(pss_r("Running as Non-root user"))
            .std(Standard::Nsa("Pod security: non-root containers"))
            .set(dsc!("/runAsUser"), json!(0)),
        wl("POD-051", "run-as-user-root-pod")
            .title("Pod runAsUser 0 (container sets a non-root user)")
            .describe("The container's own user still wins at run time, but the restricted Pod Security Standard rejects runAsUser 0 at pod level, and every container without its own user (an added sidecar, an init container) runs as root. Expected to alert (KALM's POD-018-4 expects a pass for this shape).")
            .alert()
            .severity(Severity::Medium)
            .std(pss_r("Running as Non-root user"))
            .set(dpsc!("/runAsUser"), json!(0)),
        wl("POD-018-2", "run-as-user-pod-only")
            .title("runAsUser set at pod level only (secure)")
            .describe("Without a container value the container inherits the pod's user 10001. Expected to pass: a scanner that reads only container security contexts is wrong here.")
            .pass()
            .severity(Severity::Low)
            .remove(dsc!("/runAsUser")),
        wl("POD-018-3", "run-as-user-container-only")
            .title("runAsUser set at container level only (secure)")
            .describe("The container sets user 10001 itself and runAsNonRoot stays true at both levels. Expected to pass: a scanner that reads only the pod security context is wrong here.")
            .pass()
            .severity(Severity::Low)
            .remove(dpsc!("/runAsUser")),
        wl("POD-019-5", "run-as-group-root-container")
            .title("Container runs with group 0 (root)")
            .describe("runAsGroup 0 gives the process the root group, which owns many files and devices writable by group on the node and in images.")
            .alert()
            .severity(Severity::Medium)
            .std(Standard::Nsa("Pod security: non-root containers"))
            .set(dsc!("/runAsGroup"), json!(0)),
        wl("POD-019-4", "run-as-group-root-pod-overridden")
            .title("Pod runAsGroup 0 overridden by the container (secure)")
            .describe("The only container sets its own non-root group, which takes precedence, and no Pod Security Standard restricts the pod-level group. Expected to pass.")
            .pass()
            .severity(Severity::Low)
            .set(dpsc!("/runAsGroup"), json!(0)),
        wl("POD-052-1", "fs-group-root")
            .title("Pod fsGroup 0 (root group owns volumes)")
            .describe("fsGroup 0 makes the kubelet chown every supporting volume to the root group and adds group 0 to every container process, handing root-group access to shared data.")
            .alert()
            .severity(Severity::Medium)
            .std(Standard::Nsa("Pod security: non-root containers"))
            .set(dpsc!("/fsGroup"), json!(0)),
        wl("POD-052-2", "supplemental-groups-root")
            .title("Pod adds group 0 as a supplemental group")
            .describe("supplementalGroups [0] puts every container process into the root group in addition to its own, with the access that group has to files and devices.")
            .alert()
            .severity(Severity::Medium)
            .set(dpsc!("/supplementalGroups"), json!([0])),
    ]
}

/// Seccomp profiles at pod and container level.
fn seccomp_checks() -> Vec<CheckSpec> {
    vec![
        wl("POD-053-1", "seccomp-unconfined-pod")
            .title("Pod seccomp profile Unconfined")
            .describe("Unconfined turns syscall filtering off for every container that does not set its own profile; the baseline Pod Security Standard forbids Unconfined at pod level even when the container overrides it.")
            .alert()
            .severity(Severity::Medium)
            .std(Standard::Cis("5.7.2"))
            .std(pss_b("Seccomp"))
            .set(dpsc!("/seccompProfile/type"), json!("Unconfined")),
        wl("POD-053-2", "seccomp-unconfined-container")
            .title("Container seccomp profile Unconfined")
            .describe("Without syscall filtering the container can call unshare, keyctl, bpf and the other rarely needed syscalls that most kernel privilege escalations go through.")
            .alert()
            .severity(Severity::High)
            .std(Standard::Cis("5.7.2"))
            .std(pss_b("Seccomp"))
            .set(dsc!("/seccompProfile/type"), json!("Unconfined")),
        wl("POD-053-3", "seccomp-pod-level-only")
            .title("Seccomp profile set at pod level only (secure)")
            .describe("The container inherits the pod's RuntimeDefault profile. Expected to pass: a scanner that reads only container security contexts is wrong here.")
            .pass()
            .severity(Severity::Low)
            .std(pss_r("Seccomp"))
            .remove(dsc!("/seccompProfile")),
        wl("POD-053-4", "seccomp-container-level-only")
            .title("Seccomp profile set at container level only (secure)")
            .describe("The only container sets RuntimeDefault itself, which satisfies the restricted Pod Security Standard. Expected to pass: a scanner that reads only the pod security context is wrong here.")
            .pass()
            .severity(Severity::Low)
            .std(pss_r("Seccomp"))
            .remove(dpsc!("/seccompProfile")),
        wl("POD-053-5", "seccomp-localhost-profile")
            .title("Container uses a Localhost seccomp profile (secure)")
            .describe("A Localhost profile is a custom filter installed on the node, usually tighter than RuntimeDefault, and allowed by the restricted Pod Security Standard. Expected to pass.")
            .pass()
            .severity(Severity::Low)
            .std(pss_r("Seccomp"))
            .set(dsc!("/seccompProfile"), json!({"type": "Localhost", "localhostProfile": "profiles/app.json"})),
    ]
}

/// AppArmor profiles, the field and the legacy annotation.
fn apparmor_checks() -> Vec<CheckSpec> {
    vec![
        wl("POD-054-1", "apparmor-unconfined-container")
            .title("Container AppArmor profile Unconfined")
            .describe("Unconfined removes the AppArmor profile that keeps the container away from /proc and /sys writes, mounts and other host-facing operations.")
            .alert()
            .severity(Severity::Medium)
            .std(pss_b("AppArmor"))
            .std(Standard::Nsa("Pod security: hardening container environments"))
            .set(dsc!("/appArmorProfile/type"), json!("Unconfined")),
        wl("POD-054-2", "apparmor-unconfined-pod")
            .title("Pod AppArmor profile Unconfined")
            .describe("An Unconfined pod-level AppArmor profile applies to every container without its own; the baseline Pod Security Standard forbids it even when the container overrides it.")
            .alert()
            .severity(Severity::Medium)
            .std(pss_b("AppArmor"))
            .set(dpsc!("/appArmorProfile/type"), json!("Unconfined")),
        wl("POD-054-3", "apparmor-unconfined-annotation")
            .title("AppArmor unconfined through the legacy annotation")
            .describe("The annotation container.apparmor.security.beta.kubernetes.io/<container>: unconfined predates the appArmorProfile field and is still honoured; many manifests and Helm charts use it, and scanners must read both forms.")
            .alert()
            .severity(Severity::Medium)
            .std(pss_b("AppArmor"))
            .set("/spec/template/metadata/annotations/container.apparmor.security.beta.kubernetes.io~1app", json!("unconfined")),
        wl("POD-054-4", "apparmor-pod-level-only")
            .title("AppArmor profile set at pod level only (secure)")
            .describe("The container inherits the pod's RuntimeDefault AppArmor profile. Expected to pass: a scanner that reads only container security contexts is wrong here.")
            .pass()
            .severity(Severity::Low)
            .std(pss_b("AppArmor"))
            .remove(dsc!("/appArmorProfile")),
        wl("POD-054-5", "apparmor-localhost-profile")
            .title("Container uses a Localhost AppArmor profile (secure)")
            .describe("A Localhost profile loaded on the node is a custom, usually tighter, confinement, and allowed by the baseline Pod Security Standard. Expected to pass.")
            .pass()
            .severity(Severity::Low)
            .std(pss_b("AppArmor"))
            .set(dsc!("/appArmorProfile"), json!({"type": "Localhost", "localhostProfile": "k8s-app-restricted"})),
    ]
}

/// SELinux options.
fn selinux_checks() -> Vec<CheckSpec> {
    vec![
        wl("POD-055-1", "selinux-type-spc-container")
            .title("Container SELinux type spc_t (unconfined super privileged container)")
            .describe("spc_t is the SELinux type for super privileged containers and is not confined by the container policy; the process can touch host files labelled for the host.")
            .alert()
            .severity(Severity::High)
            .path(".spec.containers[].securityContext.seLinuxOptions.type")
            .std(pss_b("SELinux"))
            .set(dsc!("/seLinuxOptions"), json!({"type": "spc_t"})),
        wl("POD-055-2", "selinux-type-spc-pod")
            .title("Pod SELinux type spc_t")
            .describe("spc_t at pod level applies the unconfined super privileged type to every container of the pod; the baseline Pod Security Standard allows only the container_* types.")
            .alert()
            .severity(Severity::High)
            .path(".spec.securityContext.seLinuxOptions.type")
            .std(pss_b("SELinux"))
            .set(dpsc!("/seLinuxOptions"), json!({"type": "spc_t"})),
        wl("POD-055-3", "selinux-custom-user")
            .title("Container sets a custom SELinux user")
            .describe("Setting the SELinux user (here system_u) changes the identity the policy confines; the baseline Pod Security Standard forbids any custom user because it can select a less confined domain.")
            .alert()
            .severity(Severity::Medium)
            .path(".spec.containers[].securityContext.seLinuxOptions.user")
            .std(pss_b("SELinux"))
            .set(dsc!("/seLinuxOptions"), json!({"user": "system_u"})),
        wl("POD-055-4", "selinux-custom-role")
            .title("Container sets a custom SELinux role")
            .describe("Setting the SELinux role (here system_r) can move the process into a role with wider permissions; the baseline Pod Security Standard forbids any custom role.")
            .alert()
            .severity(Severity::Medium)
            .path(".spec.containers[].securityContext.seLinuxOptions.role")
            .std(pss_b("SELinux"))
            .set(dsc!("/seLinuxOptions"), json!({"role": "system_r"})),
        wl("POD-055-5", "selinux-level-only")
            .title("Container sets only an SELinux level (secure)")
            .describe("An MCS level such as s0:c123,c456 only separates containers further from each other and is allowed by the baseline Pod Security Standard. Expected to pass: a scanner that flags any seLinuxOptions is wrong here.")
            .pass()
            .severity(Severity::Low)
            .path(".spec.containers[].securityContext.seLinuxOptions.level")
            .std(pss_b("SELinux"))
            .set(dsc!("/seLinuxOptions"), json!({"level": "s0:c123,c456"})),
    ]
}

/// The /proc mount type.
fn proc_mount_checks() -> Vec<CheckSpec> {
    vec![
        wl("POD-056-1", "proc-mount-unmasked")
            .title("Container /proc mount Unmasked")
            .describe("procMount Unmasked removes the masking of sensitive /proc and /sys paths (kcore, sysrq-trigger, timer_list), exposing kernel information and controls to the container.")
            .alert()
            .severity(Severity::High)
            .std(pss_b("/proc Mount Type"))
            .set(dsc!("/procMount"), json!("Unmasked")),
        wl("POD-056-2", "proc-mount-default")
            .title("Container /proc mount Default (secure)")
            .describe("Default is the masked /proc every container gets anyway, written out. Expected to pass.")
            .pass()
            .severity(Severity::Low)
            .std(pss_b("/proc Mount Type"))
            .set(dsc!("/procMount"), json!("Default")),
    ]
}

fn sysctl_checks() -> Vec<CheckSpec> {
    let sysctl =
        |id, slug, title, describe, expected_alert: bool, severity, name: &str, value: &str| {
            let c = wl(id, slug)
                .title(title)
                .describe(describe)
                .severity(severity)
                .std(pss_b("Sysctls"))
                .set(dpsc!("/sysctls"), json!([{"name": name, "value": value}]));
            if expected_alert {
                c.alert()
            } else {
                c.pass()
            }
        };
    vec![
        sysctl("POD-021-0", "unsafe-sysctl-kernel-oops-limit", "Pod sets unsafe sysctl kernel.oops_limit",
            "kernel.oops_limit is not namespaced: setting it from a pod changes how the whole node reacts to kernel oopses, and a pod that can trigger oopses can then keep the node running in a corrupted state.",
            true, Severity::Medium, "kernel.oops_limit", "10000"),
        sysctl("POD-021-1", "unsafe-sysctl-kernel-pid-max", "Pod sets unsafe sysctl kernel.pid_max",
            "kernel.pid_max is node-wide; raising or lowering it from one pod affects process creation for every workload on the node and enables PID exhaustion.",
            true, Severity::Medium, "kernel.pid_max", "4194304"),
        sysctl("POD-021-2", "unsafe-sysctl-net-core-rmem-default", "Pod sets unsafe sysctl net.core.rmem_default",
            "net.core.rmem_default is outside the safe set; large socket buffers per pod let one workload consume kernel memory shared by the node.",
            true, Severity::Low, "net.core.rmem_default", "212992"),
        sysctl("POD-057-1", "unsafe-sysctl-ip-forward", "Pod sets unsafe sysctl net.ipv4.ip_forward",
            "Enabling IP forwarding turns the pod into a router between the networks it can reach, a way around network segmentation; it is not in the safe set.",
            true, Severity::Medium, "net.ipv4.ip_forward", "1"),
        sysctl("POD-057-2", "unsafe-sysctl-kernel-msgmax", "Pod sets unsafe sysctl kernel.msgmax",
            "kernel.msgmax is namespaced but not in the safe set, because large IPC message sizes let one pod consume kernel memory that other pods on the node need.",
            true, Severity::Low, "kernel.msgmax", "1048576"),
        sysctl("POD-057-3", "unsafe-sysctl-kernel-core-pattern", "Pod sets unsafe sysctl kernel.core_pattern",
            "kernel.core_pattern is node-wide, and a pipe in it runs a program as root on the host when any process crashes: a known container escape.",
            true, Severity::Critical, "kernel.core_pattern", "|/tmp/handler"),
        sysctl("POD-057-4", "safe-sysctl-unprivileged-port-start", "Pod sets safe sysctl net.ipv4.ip_unprivileged_port_start (secure)",
            "net.ipv4.ip_unprivileged_port_start is namespaced and in the Pod Security Standards' safe set; it lets a non-root process bind low ports without NET_BIND_SERVICE. Expected to pass: a scanner that flags every sysctl is wrong here.",
            false, Severity::Low, "net.ipv4.ip_unprivileged_port_start", "80"),
        sysctl("POD-057-5", "safe-sysctl-shm-rmid-forced", "Pod sets safe sysctl kernel.shm_rmid_forced (secure)",
            "kernel.shm_rmid_forced is in the safe set and only makes shared memory segments go away with their last user. Expected to pass.",
            false, Severity::Low, "kernel.shm_rmid_forced", "1"),
    ]
}

fn host_namespace_checks() -> Vec<CheckSpec> {
    vec![
        wl("POD-008-2", "host-pid")
            .title("Pod shares the host PID namespace")
            .describe("hostPID shows every process of the node to the pod; with ptrace or a root user it can read their environment and memory, including credentials of other pods and the kubelet.")
            .alert()
            .severity(Severity::High)
            .std(Standard::Cis("5.2.3"))
            .std(pss_b("Host Namespaces"))
            .set(dp!("/hostPID"), json!(true)),
        wl("POD-008-1", "host-pid-unset")
            .title("hostPID not set (defaults to false)")
            .describe("hostPID defaults to false. Expected to pass: a scanner that demands the explicit field is wrong here.")
            .pass()
            .severity(Severity::Low)
            .std(pss_b("Host Namespaces"))
            .remove(dp!("/hostPID")),
        wl("POD-009-2", "host-ipc")
            .title("Pod shares the host IPC namespace")
            .describe("hostIPC gives the pod the node's shared memory and message queues, so it can read or corrupt IPC data of host processes and of other host-IPC pods.")
            .alert()
            .severity(Severity::High)
            .std(Standard::Cis("5.2.4"))
            .std(pss_b("Host Namespaces"))
            .set(dp!("/hostIPC"), json!(true)),
        wl("POD-009-1", "host-ipc-unset")
            .title("hostIPC not set (defaults to false)")
            .describe("hostIPC defaults to false. Expected to pass: a scanner that demands the explicit field is wrong here.")
            .pass()
            .severity(Severity::Low)
            .std(pss_b("Host Namespaces"))
            .remove(dp!("/hostIPC")),
        wl("POD-010-2", "host-network")
            .title("Pod uses the host network namespace")
            .describe("hostNetwork puts the pod on the node's interfaces: it can reach services bound to localhost (kubelet read-only port, etcd on control-plane nodes), sniff node traffic, and bypasses NetworkPolicy.")
            .alert()
            .severity(Severity::High)
            .std(Standard::Cis("5.2.5"))
            .std(pss_b("Host Namespaces"))
            .set(dp!("/hostNetwork"), json!(true)),
        wl("POD-010-1", "host-network-unset")
            .title("hostNetwork not set (defaults to false)")
            .describe("hostNetwork defaults to false. Expected to pass: a scanner that demands the explicit field is wrong here.")
            .pass()
            .severity(Severity::Low)
            .std(pss_b("Host Namespaces"))
            .remove(dp!("/hostNetwork")),
        wl("POD-011", "host-port")
            .title("Container binds a host port")
            .describe("A hostPort exposes the container directly on the node's address, outside Services and NetworkPolicy, and pins the pod to nodes where that port is free.")
            .alert()
            .severity(Severity::Medium)
            .std(Standard::Cis("5.2.13"))
            .std(pss_b("Host Ports"))
            .set(dp!("/containers/0/ports/0/hostPort"), json!(8080)),
        wl("POD-064", "windows-host-process-pod")
            .title("Windows HostProcess set at pod level")
            .describe("hostProcess in the pod security context makes every container of the pod a HostProcess container with the node's network and file system; the baseline Pod Security Standard checks both levels, and a scanner reading only containers misses this one.")
            .alert()
            .severity(Severity::Critical)
            .path(".spec.securityContext.windowsOptions.hostProcess")
            .std(Standard::Cis("5.2.11"))
            .std(pss_b("HostProcess"))
            .set(dpsc!("/windowsOptions"), json!({"hostProcess": true})),
        wl("POD-046", "windows-host-process")
            .title("Windows HostProcess container")
            .describe("A HostProcess container runs directly on the Windows node with the node's network and file system and can run as SYSTEM: the Windows equivalent of a privileged container.")
            .alert()
            .severity(Severity::Critical)
            .path(".spec.containers[].securityContext.windowsOptions.hostProcess")
            .std(Standard::Cis("5.2.11"))
            .std(pss_b("HostProcess"))
            .set(dsc!("/windowsOptions"), json!({"hostProcess": true})),
    ]
}

/// A hostPath volume plus its mount in the only container: one logical change, declared by
/// the hostPath path and the mount.
fn host_path(
    id: &'static str,
    slug: &'static str,
    title: &'static str,
    describe: &'static str,
    severity: Severity,
    volume: Value,
    mount: Value,
) -> CheckSpec {
    wl(id, slug)
        .title(title)
        .describe(describe)
        .alert()
        .severity(severity)
        .path(".spec.volumes[].hostPath.path")
        .path(".spec.containers[].volumeMounts[]")
        .std(Standard::Cis("5.2.12"))
        .std(pss_b("HostPath Volumes"))
        .set(dp!("/volumes/-"), volume)
        .set(dp!("/containers/0/volumeMounts/-"), mount)
}

fn host_path_checks() -> Vec<CheckSpec> {
    let vol =
        |path: &str, ty: &str| json!({"name": "host", "hostPath": {"path": path, "type": ty}});
    let mnt = |at: &str, ro: bool| json!({"name": "host", "mountPath": at, "readOnly": ro});
    vec![
        host_path("POD-042-2", "host-path-writable", "Writable hostPath volume",
            "A writable hostPath lets the container change files on the node, for example to plant binaries, cron jobs or static pod manifests that run with full host privileges.",
            Severity::High, vol("/var/data", "Directory"), mnt("/var/data", false)),
        host_path("POD-042-3", "host-path-writable-by-default", "hostPath volume mounted without readOnly (writable)",
            "volumeMounts default to read-write, so a hostPath mount without readOnly is writable just like one with readOnly false.",
            Severity::High, vol("/var/data", "Directory"),
            json!({"name": "host", "mountPath": "/var/data"})),
        host_path("POD-058-1", "host-path-read-only", "Read-only hostPath volume",
            "Read-only still reads the node: host files often hold credentials and configuration, and the baseline Pod Security Standard forbids hostPath volumes whatever the mount mode. Lower severity than a writable mount (KALM's POD-042-1 expects a pass for this shape).",
            Severity::Low, vol("/var/data", "Directory"), mnt("/var/data", true)),
        host_path("POD-044-1", "host-path-docker-socket", "Docker socket mounted",
            "Whoever talks to the Docker socket can start a privileged container with the host's root file system mounted: full node takeover, whatever the mount mode of the socket file.",
            Severity::Critical, vol("/var/run/docker.sock", "Socket"), mnt("/var/run/docker.sock", true)),
        host_path("POD-044-2", "host-path-docker-directory", "Docker data directory mounted",
            "/var/lib/docker holds every image layer and container file system of the node, including secrets written into other containers.",
            Severity::High, vol("/var/lib/docker", "Directory"), mnt("/var/lib/docker", true)),
        host_path("POD-058-2", "host-path-containerd-socket", "containerd socket mounted",
            "The containerd socket controls every container of the node: the pod can create privileged containers, exec into others and read their file systems.",
            Severity::Critical, vol("/run/containerd/containerd.sock", "Socket"), mnt("/run/containerd/containerd.sock", true)),
        host_path("POD-058-3", "host-path-crio-socket", "CRI-O socket mounted",
            "The CRI-O socket gives the same control over the node's containers as the containerd or Docker socket.",
            Severity::Critical, vol("/var/run/crio/crio.sock", "Socket"), mnt("/var/run/crio/crio.sock", true)),
        host_path("POD-058-4", "host-path-proc", "Host /proc mounted",
            "The host's /proc exposes every process of the node, their environments and command lines, and kernel tunables such as core_pattern that lead to code execution on the host.",
            Severity::Critical, vol("/proc", "Directory"), mnt("/host/proc", true)),
        host_path("POD-058-5", "host-path-etc", "Host /etc mounted",
            "The host's /etc holds shadow passwords, SSH configuration, kubelet and Kubernetes configuration and certificates.",
            Severity::High, vol("/etc", "Directory"), mnt("/host/etc", true)),
        host_path("POD-058-6", "host-path-var-log", "Host /var/log mounted",
            "Access to /var/log reads other pods' logs, and a writable mount lets a symlink planted in a pod log directory make the kubelet serve arbitrary host files through kubectl logs.",
            Severity::Medium, vol("/var/log", "Directory"), mnt("/var/log", false)),
        host_path("POD-058-7", "host-path-root", "Host root file system mounted",
            "Mounting / gives the container the node's entire file system: every credential, every other pod's volumes, and with write access the ability to run code as root on the host.",
            Severity::Critical, vol("/", "Directory"), mnt("/host", false)),
        host_path("POD-058-8", "host-path-kubelet", "Kubelet directory mounted",
            "/var/lib/kubelet holds the kubelet's credentials and every pod's volumes, service account tokens and Secrets included.",
            Severity::Critical, vol("/var/lib/kubelet", "Directory"), mnt("/var/lib/kubelet", true)),
        host_path("POD-043-1", "host-path-azure-credentials", "Cloud credentials file mounted (azure.json)",
            "/etc/kubernetes/azure.json holds the node's cloud service principal; a pod that reads it acts on the cloud account with the cluster's permissions.",
            Severity::High, vol("/etc/kubernetes/azure.json", "File"), mnt("/etc/kubernetes/azure.json", true)),
    ]
}

fn service_account_checks() -> Vec<CheckSpec> {
    let sa = Kind::ServiceAccount;
    let tok = |id, slug, title, describe| {
        wl(id, slug)
            .title(title)
            .describe(describe)
            .std(Standard::Cis("5.1.6"))
            .std(Standard::Owasp("K03"))
            .std(Standard::Nsa("Protect Pod service account tokens"))
    };
    vec![
        tok("POD-003-1", "automount-default-pod-and-sa", "Token automount left to defaults on pod and service account",
            "With the field absent on both the pod and its service account, Kubernetes mounts the API token into every container, where any code execution in the pod can use it.")
            .alert().severity(Severity::Medium)
            .remove(dp!("/automountServiceAccountToken"))
            .remove_on(sa, "/automountServiceAccountToken"),
        tok("POD-003-2", "automount-default-pod-sa-true", "Pod default, service account automounts the token",
            "The pod does not decide, so the service account's true applies and the token is mounted into the pod.")
            .alert().severity(Severity::Medium)
            .remove(dp!("/automountServiceAccountToken"))
            .set_on(sa, "/automountServiceAccountToken", json!(true)),
        tok("POD-003-3", "automount-default-pod-sa-false", "Pod default, service account disables automount (secure)",
            "The pod does not decide, so the service account's false applies and no token is mounted. Expected to pass: a scanner that looks only at the pod is wrong here.")
            .pass().severity(Severity::Low)
            .remove(dp!("/automountServiceAccountToken")),
        tok("POD-003-4", "automount-pod-true-sa-default", "Pod automounts the token, service account default",
            "The pod's explicit true mounts the token whatever the service account says.")
            .alert().severity(Severity::Medium)
            .set(dp!("/automountServiceAccountToken"), json!(true))
            .remove_on(sa, "/automountServiceAccountToken"),
        tok("POD-003-5", "automount-pod-true-sa-true", "Pod and service account both automount the token",
            "Both levels ask for the token, so it is mounted into every container of the pod.")
            .alert().severity(Severity::Medium)
            .set(dp!("/automountServiceAccountToken"), json!(true))
            .set_on(sa, "/automountServiceAccountToken", json!(true)),
        tok("POD-003-6", "automount-pod-true-sa-false", "Pod automounts the token although its service account disables it",
            "The pod-level setting takes precedence, so the pod's true overrides the service account's false and the token is mounted. A scanner that only checks the service account misses it.")
            .alert().severity(Severity::Medium)
            .set(dp!("/automountServiceAccountToken"), json!(true)),
        tok("POD-003-7", "automount-pod-false-sa-default", "Pod disables automount, service account default (secure)",
            "The pod's false takes precedence over the service account's default. Expected to pass: a scanner that flags the service account alone is wrong here.")
            .pass().severity(Severity::Low)
            .remove_on(sa, "/automountServiceAccountToken"),
        tok("POD-003-8", "automount-pod-false-sa-true", "Pod disables automount, service account enables it (secure)",
            "The pod's false takes precedence over the service account's true, so no token is mounted into this pod. Expected to pass for the pod.")
            .pass().severity(Severity::Low)
            .set_on(sa, "/automountServiceAccountToken", json!(true)),
        // KALM's POD-003-9 (false at both levels) is the baseline itself; the Deployment
        // baseline control stands for it.
        wl("POD-002-1", "default-service-account-explicit")
            .title("Pod uses the default service account explicitly")
            .describe("The namespace's default service account is shared by every pod that names no other; permissions granted to it for one workload leak to all of them. Each workload should have its own account.")
            .alert()
            .severity(Severity::Medium)
            .std(Standard::Cis("5.1.5"))
            .std(Standard::Owasp("K03"))
            .set(dp!("/serviceAccountName"), json!("default")),
        wl("POD-002-2", "default-service-account-implicit")
            .title("Pod names no service account (runs as default)")
            .describe("Without serviceAccountName the pod runs as the namespace's default service account, shared with every other pod that names none.")
            .alert()
            .severity(Severity::Medium)
            .std(Standard::Cis("5.1.5"))
            .std(Standard::Owasp("K03"))
            .remove(dp!("/serviceAccountName")),
    ]
}

/// The baseline's only container, renamed, for checks that add an init or ephemeral container
/// identical to it but for the one insecure field.
fn baseline_container(name: &str) -> Value {
    let mut c = crate::baseline::object(Kind::Deployment)["spec"]["template"]["spec"]["containers"]
        [0]
    .clone();
    if let Some(m) = c.as_object_mut() {
        m.insert("name".into(), json!(name));
        // Init and ephemeral containers may not carry probes and serve no ports; ephemeral
        // ones may not have resources either (the API rejects them), so the copy leaves
        // those out.
        for k in ["livenessProbe", "readinessProbe", "startupProbe", "ports"] {
            m.shift_remove(k);
        }
    }
    c
}

fn privileged(c: &mut Value) {
    c["securityContext"]["privileged"] = json!(true);
}

fn other_kind_checks() -> Vec<CheckSpec> {
    let k = |id, slug, kind: Kind| check(id, slug, Category::Workload).on(kind).std(K01);
    let priv_desc = "A privileged container gets every capability, all host devices and no confinement. The same misconfiguration as POD-032-2 on another workload kind, so scanners that read only Deployments show up.";
    let mut init = baseline_container("init");
    privileged(&mut init);
    let mut eph = baseline_container("debug");
    privileged(&mut eph);
    if let Some(m) = eph.as_object_mut() {
        m.shift_remove("resources");
        m.insert("targetContainerName".into(), json!("app"));
    }
    let priv_std = |c: CheckSpec| {
        c.std(Standard::Cis("5.2.2"))
            .std(pss_b("Privileged Containers"))
    };
    vec![
        priv_std(k("POD-060-1", "privileged-container-pod", Kind::Pod))
            .title("Privileged container in a bare Pod")
            .describe(priv_desc)
            .alert()
            .severity(Severity::Critical)
            .set("/spec/containers/0/securityContext/privileged", json!(true)),
        priv_std(k("POD-060-2", "privileged-container-statefulset", Kind::StatefulSet))
            .title("Privileged container in a StatefulSet")
            .describe(priv_desc)
            .alert()
            .severity(Severity::Critical)
            .set(dsc!("/privileged"), json!(true)),
        priv_std(k("POD-060-3", "privileged-container-daemonset", Kind::DaemonSet))
            .title("Privileged container in a DaemonSet")
            .describe(priv_desc)
            .alert()
            .severity(Severity::Critical)
            .set(dsc!("/privileged"), json!(true)),
        priv_std(k("POD-060-4", "privileged-container-job", Kind::Job))
            .title("Privileged container in a Job")
            .describe(priv_desc)
            .alert()
            .severity(Severity::Critical)
            .set(dsc!("/privileged"), json!(true)),
        priv_std(k("POD-060-5", "privileged-container-cronjob", Kind::CronJob))
            .title("Privileged container in a CronJob")
            .describe(priv_desc)
            .alert()
            .severity(Severity::Critical)
            .set("/spec/jobTemplate/spec/template/spec/containers/0/securityContext/privileged", json!(true)),
        priv_std(k("POD-060-6", "privileged-init-container", Kind::Deployment))
            .title("Privileged init container")
            .describe("An init container runs before the application with the same access to the node; privileged there is as dangerous as in the main container, and scanners that read only spec.containers miss it. The init container is a copy of the hardened baseline container but for privileged.")
            .alert()
            .severity(Severity::Critical)
            .path(".spec.initContainers[].securityContext.privileged")
            .set(dp!("/initContainers"), json!([init])),
        priv_std(k("POD-060-7", "privileged-ephemeral-container", Kind::Pod))
            .title("Privileged ephemeral (debug) container")
            .describe("Ephemeral containers are added to running pods by kubectl debug and show up in exported pod manifests; a privileged one gives the debugging user the node. Scanners that read only spec.containers miss it. The API adds ephemeral containers through the ephemeralcontainers subresource, not on create.")
            .alert()
            .severity(Severity::Critical)
            .path(".spec.ephemeralContainers[].securityContext.privileged")
            .set("/spec/ephemeralContainers", json!([eph])),
        k("POD-061-1", "host-pid-daemonset", Kind::DaemonSet)
            .title("DaemonSet shares the host PID namespace")
            .describe("hostPID on a DaemonSet exposes the processes of every node in the cluster at once, a common shape of node agents and of attacks alike.")
            .alert()
            .severity(Severity::High)
            .std(Standard::Cis("5.2.3"))
            .std(pss_b("Host Namespaces"))
            .set(dp!("/hostPID"), json!(true)),
        k("POD-061-2", "host-network-pod", Kind::Pod)
            .title("Bare Pod uses the host network namespace")
            .describe("hostNetwork on a bare Pod: the same misconfiguration as POD-010-2 on a kind that scanners handling only workload controllers miss.")
            .alert()
            .severity(Severity::High)
            .std(Standard::Cis("5.2.5"))
            .std(pss_b("Host Namespaces"))
            .set("/spec/hostNetwork", json!(true)),
        k("POD-061-3", "host-ipc-statefulset", Kind::StatefulSet)
            .title("StatefulSet shares the host IPC namespace")
            .describe("hostIPC on a StatefulSet: the same misconfiguration as POD-009-2 on another workload kind.")
            .alert()
            .severity(Severity::High)
            .std(Standard::Cis("5.2.4"))
            .std(pss_b("Host Namespaces"))
            .set(dp!("/hostIPC"), json!(true)),
        k("POD-061-4", "host-path-containerd-socket-daemonset", Kind::DaemonSet)
            .title("DaemonSet mounts the containerd socket")
            .describe("A DaemonSet with the container runtime socket controls every container on every node: the cluster-wide form of POD-058-2.")
            .alert()
            .severity(Severity::Critical)
            .path(".spec.volumes[].hostPath.path")
            .path(".spec.containers[].volumeMounts[]")
            .std(Standard::Cis("5.2.12"))
            .std(pss_b("HostPath Volumes"))
            .set(dp!("/volumes/-"), json!({"name": "host", "hostPath": {"path": "/run/containerd/containerd.sock", "type": "Socket"}}))
            .set(dp!("/containers/0/volumeMounts/-"), json!({"name": "host", "mountPath": "/run/containerd/containerd.sock", "readOnly": true})),
        k("POD-062-1", "added-capability-sys-admin-cronjob", Kind::CronJob)
            .title("CronJob container adds capability SYS_ADMIN")
            .describe("CAP_SYS_ADMIN in a CronJob: the same misconfiguration as POD-034-2, nested two levels deeper (jobTemplate.spec.template), where scanners with a fixed path miss it.")
            .alert()
            .severity(Severity::Critical)
            .std(Standard::Cis("5.2.9"))
            .std(pss_b("Capabilities"))
            .set("/spec/jobTemplate/spec/template/spec/containers/0/securityContext/capabilities/add", json!(["SYS_ADMIN"])),
        k("POD-062-2", "run-as-user-root-job", Kind::Job)
            .title("Job container runs as user 0 (root)")
            .describe("runAsUser 0 in a Job: the same misconfiguration as POD-018-5 on a batch workload.")
            .alert()
            .severity(Severity::High)
            .std(Standard::Cis("5.2.7"))
            .std(pss_r("Running as Non-root user"))
            .set(dsc!("/runAsUser"), json!(0)),
        k("POD-062-3", "allow-privilege-escalation-pod", Kind::Pod)
            .title("Bare Pod container allows privilege escalation")
            .describe("allowPrivilegeEscalation true on a bare Pod: the same misconfiguration as POD-031-2 on another kind.")
            .alert()
            .severity(Severity::High)
            .std(Standard::Cis("5.2.6"))
            .std(pss_r("Privilege Escalation"))
            .set("/spec/containers/0/securityContext/allowPrivilegeEscalation", json!(true)),
    ]
}

pub fn checks() -> Vec<CheckSpec> {
    let mut v = Vec::new();
    v.extend(privilege_checks());
    v.extend(capability_checks());
    v.extend(user_checks());
    v.extend(seccomp_checks());
    v.extend(apparmor_checks());
    v.extend(selinux_checks());
    v.extend(proc_mount_checks());
    v.extend(sysctl_checks());
    v.extend(host_namespace_checks());
    v.extend(host_path_checks());
    v.extend(service_account_checks());
    v.extend(other_kind_checks());
    v
}

//! AdmissionControl: Pod Security Admission labels of a Namespace.
//!
//! The baseline Namespace enforces, warns and audits at `restricted`, enforce-version `latest`.
//! Label keys contain dots and a slash; paths write them as one dotted segment after
//! `.metadata.labels` (`.metadata.labels.pod-security.kubernetes.io/enforce`), which is what a
//! JSON Pointer to the label normalizes to.

use serde_json::json;

use super::{check, Category, CheckSpec, Severity, Standard};
use crate::baseline::Kind;

const ENFORCE: &str = "/metadata/labels/pod-security.kubernetes.io~1enforce";
const ENFORCE_VERSION: &str = "/metadata/labels/pod-security.kubernetes.io~1enforce-version";
const WARN: &str = "/metadata/labels/pod-security.kubernetes.io~1warn";
const AUDIT: &str = "/metadata/labels/pod-security.kubernetes.io~1audit";

pub fn checks() -> Vec<CheckSpec> {
    use Category::AdmissionControl;
    use Kind::Namespace;
    use Severity::*;
    let cis = || Standard::Cis("5.2.1");
    let nsa = || Standard::Nsa("Kubernetes Pod security: Pod Security Admission");
    let k04 = || Standard::Owasp("K04");

    vec![
        check("PSA-001", "no-pod-security-labels", AdmissionControl)
            .title("Namespace without Pod Security Admission labels")
            .describe("With no pod-security labels the namespace falls back to the cluster default, which is privileged unless the admission configuration says otherwise: any pod, host namespaces and privileged containers included, is admitted.")
            .alert()
            .severity(High)
            .std(cis())
            .std(nsa())
            .std(k04())
            .on(Namespace)
            .remove(ENFORCE)
            .remove(ENFORCE_VERSION)
            .remove(WARN)
            .remove(AUDIT),
        check("PSA-002", "enforce-privileged", AdmissionControl)
            .title("Pod Security Admission enforces the privileged level")
            .describe("The privileged level enforces nothing; the label documents an exemption of the whole namespace from pod security.")
            .alert()
            .severity(High)
            .std(cis())
            .std(nsa())
            .std(k04())
            .on(Namespace)
            .set(ENFORCE, json!("privileged")),
        check("PSA-003", "warn-and-audit-only", AdmissionControl)
            .title("Pod Security Admission warns and audits but does not enforce")
            .describe("Without the enforce label, violations of restricted only produce a client warning and an audit entry; the insecure pod is still created.")
            .alert()
            .severity(High)
            .std(cis())
            .std(nsa())
            .std(k04())
            .on(Namespace)
            .remove(ENFORCE),
        check("PSA-004", "enforce-baseline", AdmissionControl)
            .title("Pod Security Admission enforces only the baseline level")
            .describe("baseline blocks known privilege escalations but still admits pods running as root, with default capabilities and without a seccomp profile; restricted is the hardened level.")
            .alert()
            .severity(Low)
            .std(cis())
            .std(nsa())
            .std(Standard::Pss("restricted", "Running as Non-root"))
            .on(Namespace)
            .set(ENFORCE, json!("baseline")),
        check("PSA-005", "enforce-version-pinned-old", AdmissionControl)
            .title("Pod Security Admission pinned to an old policy version")
            .describe("enforce-version v1.23 evaluates pods with the rules of that release, so checks refined or added to the levels in later releases are not applied, and the pin silently ages with every cluster upgrade.")
            .alert()
            .severity(Low)
            .std(cis())
            .std(nsa())
            .on(Namespace)
            .set(ENFORCE_VERSION, json!("v1.23")),
        check("PSA-006", "enforce-level-invalid", AdmissionControl)
            .title("Pod Security Admission enforce label has an invalid level")
            .describe("\"restriced\" is not a Pod Security level; the namespace does not get the restricted enforcement its author intended, and admission refuses or ignores the label depending on how it is configured.")
            .alert()
            .severity(Medium)
            .std(cis())
            .std(nsa())
            .on(Namespace)
            .set(ENFORCE, json!("restriced")),
        check("PSA-007", "warn-privileged-enforce-restricted", AdmissionControl)
            .title("Pod Security warn level privileged while restricted is enforced")
            .describe("The warn label only controls client warnings; enforcement stays at restricted, so the namespace is as strict as before. A scanner reacting to any \"privileged\" label value gets this wrong.")
            .pass()
            .severity(Low)
            .std(cis())
            .std(nsa())
            .on(Namespace)
            .set(WARN, json!("privileged")),
        check("PSA-008", "enforce-version-default-latest", AdmissionControl)
            .title("Pod Security enforce-version left at its default")
            .describe("Without enforce-version the enforce level applies at the latest policy version, the same as writing latest; nothing is weakened.")
            .pass()
            .severity(Low)
            .std(cis())
            .std(nsa())
            .on(Namespace)
            .remove(ENFORCE_VERSION),
        check("PSA-009", "audit-privileged-enforce-restricted", AdmissionControl)
            .title("Pod Security audit level privileged while restricted is enforced")
            .describe("Auditing at privileged records nothing extra, yet restricted is still enforced, so pods are held to the same rules; the namespace is secure.")
            .pass()
            .severity(Low)
            .std(cis())
            .std(nsa())
            .on(Namespace)
            .set(AUDIT, json!("privileged")),
    ]
}

//! SupplyChain: container images and how they are pulled.
//!
//! The baseline image is `registry.k8s.io/pause:3.10@sha256:...` (trusted registry, tag and
//! digest) pulled with `Always`. Each check changes the image reference or the pull policy of
//! the Deployment's only container, or adds one init container.

use serde_json::json;

use super::{check, Category, CheckSpec, Severity, Standard};
use crate::baseline::Kind;
const IMAGE: &str = "/spec/template/spec/containers/0/image";
const PULL_PTR: &str = "/spec/template/spec/containers/0/imagePullPolicy";
/// The digest of the baseline image, kept on every variant that changes only the registry, so
/// that an untrusted-registry check is not also an unpinned-image check.
macro_rules! pinned {
    ($prefix:literal) => {
        concat!(
            $prefix,
            "@sha256:ee6521f290b2168b6e0935a181d4cff9be1ac3f505666ef0e3c98fae8199917a"
        )
    };
}

pub fn checks() -> Vec<CheckSpec> {
    use Category::SupplyChain;
    use Kind::Deployment;
    use Severity::*;
    let k02 = || Standard::Owasp("K02");
    let images = || Standard::Nsa("Kubernetes Pod security: building secure container images");
    let provenance = || Standard::Cis("5.5.1");

    vec![
        // --- tags and digests ----------------------------------------------------------------
        check("SC-002-1", "tag-without-digest", SupplyChain)
            .title("Image pinned by a version tag only")
            .describe("A specific version tag such as 3.10 is a deliberate, reviewable choice; the tag could be moved in the registry, but an explicit version is the common accepted practice and not a latest-style floating reference.")
            .pass()
            .severity(Low)
            .std(k02())
            .std(images())
            .on(Deployment)
            .set(IMAGE, json!("registry.k8s.io/pause:3.10")),
        check("SC-002-2", "latest-tag", SupplyChain)
            .title("Image uses the latest tag")
            .describe("latest moves with every push: the code that runs changes without a manifest change, rollbacks are impossible, and replicas on different nodes can run different images.")
            .alert()
            .severity(Medium)
            .std(k02())
            .std(images())
            .on(Deployment)
            .set(IMAGE, json!("registry.k8s.io/pause:latest")),
        check("SC-002-3", "no-tag", SupplyChain)
            .title("Image without a tag or digest")
            .describe("An image reference with neither tag nor digest means latest, with the same drift and the added surprise that nobody chose it.")
            .alert()
            .severity(Medium)
            .std(k02())
            .std(images())
            .on(Deployment)
            .set(IMAGE, json!("registry.k8s.io/pause")),
        check("SC-002-4", "digest-only", SupplyChain)
            .title("Image pinned by digest without a tag")
            .describe("A sha256 digest names exactly one image content; without a tag the reference is less readable but strictly more reproducible than a tag. Scanners that demand a tag get this wrong.")
            .pass()
            .severity(Low)
            .std(k02())
            .std(images())
            .on(Deployment)
            .set(IMAGE, json!(pinned!("registry.k8s.io/pause"))),
        check("SC-002-5", "latest-tag-with-digest", SupplyChain)
            .title("Image tagged latest but pinned by digest")
            .describe("When a reference carries a digest the runtime pulls by digest and ignores the tag, so latest here is only a label; a scanner that flags the word latest misjudges it.")
            .pass()
            .severity(Low)
            .std(k02())
            .std(images())
            .on(Deployment)
            .set(IMAGE, json!(pinned!("registry.k8s.io/pause:latest"))),
        // --- pull policy ---------------------------------------------------------------------
        check("SC-001-2", "pull-policy-never", SupplyChain)
            .title("imagePullPolicy Never")
            .describe("Never runs whatever image is already on the node: the registry's credentials are never checked, so any pod can use a private image another tenant pulled there.")
            .alert()
            .severity(Medium)
            .std(k02())
            .std(Standard::Cis("1.2.11"))
            .on(Deployment)
            .set(PULL_PTR, json!("Never")),
        check("SC-001-3", "pull-policy-if-not-present", SupplyChain)
            .title("imagePullPolicy IfNotPresent")
            .describe("IfNotPresent reuses a cached image without asking the registry, which skips its authorization: clusters that rely on pull secrets to keep private images private need Always (or the AlwaysPullImages admission plugin).")
            .alert()
            .severity(Low)
            .std(k02())
            .std(Standard::Cis("1.2.11"))
            .on(Deployment)
            .set(PULL_PTR, json!("IfNotPresent")),
        check("SC-001-4", "pull-policy-default-if-not-present", SupplyChain)
            .title("imagePullPolicy left out for a tagged image (defaults to IfNotPresent)")
            .describe("Without an explicit policy, an image with a tag or digest other than latest is pulled IfNotPresent, with the same skipped registry authorization as writing IfNotPresent; only untagged or latest images default to Always.")
            .alert()
            .severity(Low)
            .std(k02())
            .std(Standard::Cis("1.2.11"))
            .on(Deployment)
            .remove(PULL_PTR),
        // --- registries ----------------------------------------------------------------------
        check("SC-003-1", "registry-docker-hub", SupplyChain)
            .title("Image from Docker Hub")
            .describe("Public Docker Hub repositories are published by anyone; without an allow-list of registries, a typo-squatted or abandoned repository can end up in production.")
            .alert()
            .severity(Medium)
            .std(k02())
            .std(provenance())
            .on(Deployment)
            .set(IMAGE, json!(pinned!("docker.io/rancher/mirrored-pause:3.10"))),
        check("SC-003-2", "registry-quay-personal", SupplyChain)
            .title("Image from a personal repository on quay.io")
            .describe("An image under an individual's quay.io namespace has no organisational owner or review; whoever controls that account controls what the cluster runs.")
            .alert()
            .severity(Medium)
            .std(k02())
            .std(provenance())
            .on(Deployment)
            .set(IMAGE, json!(pinned!("quay.io/jdoe/pause:3.10"))),
        check("SC-003-3", "registry-raw-ip", SupplyChain)
            .title("Image from a registry addressed by IP")
            .describe("A registry reached by a bare IP address usually has no TLS name to verify and no known owner, a typical sign of an ad-hoc or attacker-run registry.")
            .alert()
            .severity(High)
            .std(k02())
            .std(provenance())
            .on(Deployment)
            .set(IMAGE, json!(pinned!("203.0.113.10:5000/pause:3.10"))),
        check("SC-003-4", "registry-localhost", SupplyChain)
            .title("Image from a localhost registry")
            .describe("localhost:5000 resolves on each node to whatever listens there, so the image depends on the node and on whoever started that registry.")
            .alert()
            .severity(Medium)
            .std(k02())
            .std(provenance())
            .on(Deployment)
            .set(IMAGE, json!(pinned!("localhost:5000/pause:3.10"))),
        check("SC-003-5", "registry-implicit", SupplyChain)
            .title("Image without a registry host")
            .describe("A reference without a registry host goes to Docker Hub's library by default, or to whatever mirror the node's runtime is set to, so the source of the image is not stated in the manifest.")
            .alert()
            .severity(Low)
            .std(k02())
            .std(provenance())
            .on(Deployment)
            .set(IMAGE, json!(pinned!("pause:3.10"))),
        // --- init containers -----------------------------------------------------------------
        check("SC-004", "init-container-latest-tag", SupplyChain)
            .title("Init container image uses the latest tag")
            .describe("Init containers run before the application with the same identity and volumes; a floating latest tag there changes code in the pod as surely as in the main container, and scanners often look at containers only.")
            .alert()
            .severity(Medium)
            .path(".spec.initContainers[].image")
            .std(k02())
            .std(images())
            .on(Deployment)
            .set(
                "/spec/template/spec/initContainers",
                json!([{
                    "name": "init",
                    "image": "registry.k8s.io/pause:latest",
                    "imagePullPolicy": "Always",
                    "resources": {
                        "requests": {"cpu": "100m", "memory": "64Mi", "ephemeral-storage": "64Mi"},
                        "limits": {"cpu": "200m", "memory": "128Mi", "ephemeral-storage": "128Mi"}
                    },
                    "securityContext": {
                        "allowPrivilegeEscalation": false,
                        "privileged": false,
                        "readOnlyRootFilesystem": true,
                        "runAsNonRoot": true,
                        "runAsUser": 10001,
                        "runAsGroup": 10001,
                        "capabilities": {"drop": ["ALL"]},
                        "seccompProfile": {"type": "RuntimeDefault"},
                        "appArmorProfile": {"type": "RuntimeDefault"}
                    }
                }]),
            ),
    ]
}

//! DataSecurity: credentials in environment variables and ConfigMaps, and how Secrets are
//! consumed and stored.
//!
//! Every credential below is synthetic (made for this suite, valid for nothing) but shaped like
//! the real thing, so that pattern-based secret detection has something to find.

use serde_json::json;

use super::{check, Category, CheckSpec, Severity, Standard};
use crate::baseline::Kind;

const ENV_PTR: &str = "/spec/template/spec/containers/0/env";

pub fn checks() -> Vec<CheckSpec> {
    use Category::DataSecurity;
    use Kind::{ConfigMap, Deployment, Secret};
    use Severity::*;
    let k08 = || Standard::Owasp("K08");
    let secrets = || Standard::Nsa("Secrets");
    let as_files = || Standard::Cis("5.4.1");

    vec![
        // --- environment variables -----------------------------------------------------------
        check("POD-025", "aws-secret-key-in-env", DataSecurity)
            .title("AWS secret access key in a literal environment variable")
            .describe("A credential written as an env value is stored in plain text in the manifest, in etcd and in every tool that reads the pod spec, and it leaks through crash dumps and child processes.")
            .alert()
            .severity(High)
            .path(".spec.containers[].env[].name")
            .path(".spec.containers[].env[].value")
            .std(k08())
            .std(secrets())
            .on(Deployment)
            .set(
                ENV_PTR,
                json!([{"name": "AWS_SECRET_ACCESS_KEY", "value": "7Hq2mXvB9pLr4TnW8sKdYc3FgJ6ZaQe1UoVbNiRx"}]),
            ),
        check("SEC-001", "password-in-env", DataSecurity)
            .title("Password in a literal environment variable")
            .describe("DB_PASSWORD with a literal value puts the database password into the pod spec, readable by anyone who can get the Deployment, with no Secret RBAC in the way.")
            .alert()
            .severity(High)
            .path(".spec.containers[].env[].name")
            .path(".spec.containers[].env[].value")
            .std(k08())
            .std(secrets())
            .on(Deployment)
            .set(ENV_PTR, json!([{"name": "DB_PASSWORD", "value": "Tr0ub4dor-3-bench"}])),
        check("SEC-002", "credentials-in-env-url", DataSecurity)
            .title("Credentials embedded in a connection URL in an environment variable")
            .describe("The variable's name gives nothing away, but its value carries a user and password in the URL; scanners that only match variable names miss it.")
            .alert()
            .severity(High)
            .path(".spec.containers[].env[].value")
            .std(k08())
            .std(secrets())
            .on(Deployment)
            .set(
                ENV_PTR,
                json!([{"name": "DATABASE_URL", "value": "postgres://app:Tr0ub4dor-3-bench@db.bench-suite.svc:5432/app"}]),
            ),
        check("SEC-003", "secret-through-env-var", DataSecurity)
            .title("Secret consumed through an environment variable")
            .describe("A secretKeyRef keeps the value out of the manifest, but the application's environment is inherited by child processes and often printed in logs and error reports; mounting the Secret as a file is safer.")
            .alert()
            .severity(Low)
            .path(".spec.containers[].env[].valueFrom.secretKeyRef")
            .std(as_files())
            .std(k08())
            .std(secrets())
            .on(Deployment)
            .set(
                ENV_PTR,
                json!([{"name": "API_TOKEN", "valueFrom": {"secretKeyRef": {"name": "app-credentials", "key": "token"}}}]),
            ),
        check("SEC-004", "secret-through-envfrom", DataSecurity)
            .title("Whole Secret imported into the environment with envFrom")
            .describe("envFrom with a secretRef turns every key of the Secret, present and future, into an environment variable, with the exposure of env values and no way to see in the pod spec what was imported.")
            .alert()
            .severity(Low)
            .path(".spec.containers[].envFrom[].secretRef")
            .std(as_files())
            .std(k08())
            .std(secrets())
            .on(Deployment)
            .set(
                "/spec/template/spec/containers/0/envFrom",
                json!([{"secretRef": {"name": "app-credentials"}}]),
            ),
        check("SEC-005", "password-file-path-in-env", DataSecurity)
            .title("Environment variable naming a password file")
            .describe("PASSWORD_FILE holds the path of a mounted secret file, not a password; this is the recommended pattern, and a scanner matching \"PASSWORD\" in names reports it wrongly.")
            .pass()
            .severity(Low)
            .path(".spec.containers[].env[].name")
            .path(".spec.containers[].env[].value")
            .std(as_files())
            .std(k08())
            .on(Deployment)
            .set(ENV_PTR, json!([{"name": "PASSWORD_FILE", "value": "/var/run/secrets/app/password"}])),
        check("SEC-006", "secret-mounted-read-only", DataSecurity)
            .title("Secret mounted as a read-only volume")
            .describe("Consuming a Secret as files on a read-only volume is the recommended way: the value never enters the environment, and kubelet updates it in place when the Secret changes.")
            .pass()
            .severity(Low)
            .path(".spec.volumes[].secret.secretName")
            .path(".spec.containers[].volumeMounts[].readOnly")
            .std(as_files())
            .std(k08())
            .std(secrets())
            .on(Deployment)
            .set(
                "/spec/template/spec/volumes/-",
                json!({"name": "credentials", "secret": {"secretName": "app-credentials", "defaultMode": 0o400}}),
            )
            .set(
                "/spec/template/spec/containers/0/volumeMounts/-",
                json!({"name": "credentials", "mountPath": "/var/run/secrets/app", "readOnly": true}),
            ),
        // --- Secret objects --------------------------------------------------------------------
        check("SEC-007", "long-lived-service-account-token", DataSecurity)
            .title("Secret of type service-account-token")
            .describe("A kubernetes.io/service-account-token Secret holds a token that never expires and survives pod deletion; bound tokens from the TokenRequest API expire and are tied to a pod.")
            .alert()
            .severity(Medium)
            .std(Standard::Cis("5.1.13"))
            .std(k08())
            .std(Standard::Owasp("K06"))
            .on(Secret)
            .set("/type", json!("kubernetes.io/service-account-token"))
            .set("/metadata/annotations/kubernetes.io~1service-account.name", json!("ci-deployer")),
        check("SEC-008", "immutable-secret", DataSecurity)
            .title("Immutable Secret")
            .describe("immutable: true protects the Secret from accidental or malicious edits and spares the API server the watches; it is a hardening, not a finding.")
            .pass()
            .severity(Low)
            .std(k08())
            .on(Secret)
            .set("/immutable", json!(true)),
        // --- ConfigMaps ------------------------------------------------------------------------
        check("CM-001", "secret-key-in-configmap", DataSecurity)
            .title("ConfigMap key named like a credential")
            .describe("ConfigMaps are not protected like Secrets: they are readable by far more roles and often printed in full by tooling. A key named aws_secret_access_key in one is a credential stored in the open.")
            .alert()
            .severity(High)
            .std(k08())
            .std(secrets())
            .on(ConfigMap)
            .set("/data/aws_secret_access_key", json!("7Hq2mXvB9pLr4TnW8sKdYc3FgJ6ZaQe1UoVbNiRx")),
        check("CM-002-1", "private-key-in-configmap", DataSecurity)
            .title("Private key in a ConfigMap")
            .describe("A PEM private key in a ConfigMap is readable by anyone who can read configuration in the namespace, and it ends up in backups and GitOps repositories unencrypted.")
            .alert()
            .severity(High)
            .std(k08())
            .std(secrets())
            .on(ConfigMap)
            .set(
                "/data/server-key",
                json!("-----BEGIN PRIVATE KEY-----\nbm90LWEtcmVhbC1wcml2YXRlLWtleS1ub3QtYS1yZWFsLXByaXZhdGUta2V5LW5v\ndC1hLXJlYWwtcHJpdmF0ZS1rZXktbm90LWEtcmVhbC1wcml2YXRlLWtleS0=\n-----END PRIVATE KEY-----\n"),
            ),
        check("CM-002-2", "credentials-in-configmap-url", DataSecurity)
            .title("Credentials embedded in a connection URL in a ConfigMap")
            .describe("A database URL with user and password under an innocent key hides a credential in configuration; only value-based detection finds it.")
            .alert()
            .severity(High)
            .std(k08())
            .std(secrets())
            .on(ConfigMap)
            .set("/data/DATABASE_URL", json!("postgres://app:Tr0ub4dor-3-bench@db.bench-suite.svc:5432/app")),
        check("CM-002-3", "jwt-in-configmap", DataSecurity)
            .title("Bearer token (JWT) in a ConfigMap")
            .describe("A signed JWT stored in configuration is a usable bearer credential for whatever service accepts it, until it expires or the key rotates.")
            .alert()
            .severity(Medium)
            .std(k08())
            .std(secrets())
            .on(ConfigMap)
            .set(
                "/data/UPSTREAM_AUTH",
                json!("Bearer eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiJiZW5jaC1zdWl0ZSIsImlhdCI6MTcwMDAwMDAwMH0.wsv0kYDSQDuVat05TCyGvz1ftK8ZaQm89o2_7p3jXxs"),
            ),
        check("CM-003", "password-policy-in-configmap", DataSecurity)
            .title("ConfigMap key mentioning passwords that holds no secret")
            .describe("PASSWORD_MIN_LENGTH: \"12\" is ordinary configuration; a scanner matching \"password\" in key names reports it wrongly.")
            .pass()
            .severity(Low)
            .std(k08())
            .on(ConfigMap)
            .set("/data/PASSWORD_MIN_LENGTH", json!("12")),
    ]
}

//! Does the API server admit every object of a suite? A server-side dry run of each object,
//! after the objects others need (namespaces, priority classes, service accounts) are created
//! for real, so that what is judged is the object itself and not a missing neighbour.

use std::collections::{BTreeSet, HashSet};
use std::path::Path;

use anyhow::{bail, Context};
use serde::Serialize;
use serde_json::Value;

use super::kubectl::Kubectl;

/// One object of the suite, as written in its file.
#[derive(Debug, Clone)]
pub struct ApiObject {
    /// The file, relative to the suite folder.
    pub file: String,
    pub kind: String,
    pub name: String,
    pub namespace: Option<String>,
    pub doc: Value,
}

impl ApiObject {
    pub fn id(&self) -> String {
        format!("{}/{}", self.kind, self.name)
    }
}

/// Kinds created for real before the dry run, in this order: other objects name them, and the
/// API server refuses an object whose namespace does not exist.
const PREREQUISITES: [&str; 3] = ["Namespace", "PriorityClass", "ServiceAccount"];

/// kubectl processes that dry-run the suite side by side.
const DRY_RUN_PROCESSES: usize = 4;

/// Every object of every YAML file of `suite` (sorted by file), naming the file in any error.
pub fn load_objects(suite: &Path, files: &[std::path::PathBuf]) -> anyhow::Result<Vec<ApiObject>> {
    use serde::Deserialize;
    let mut out = Vec::new();
    for rel in files {
        let path = suite.join(rel);
        let bytes = std::fs::read(&path).with_context(|| format!("reading {}", path.display()))?;
        for (i, de) in serde_yaml::Deserializer::from_slice(&bytes).enumerate() {
            let doc = Value::deserialize(de).with_context(|| {
                format!("{}: document {} is not valid YAML", path.display(), i + 1)
            })?;
            if doc.is_null() {
                continue;
            }
            let field = |p: &str| doc.pointer(p).and_then(Value::as_str).map(str::to_string);
            let (Some(kind), Some(name)) = (field("/kind"), field("/metadata/name")) else {
                bail!(
                    "{}: document {} has no kind or metadata.name",
                    path.display(),
                    i + 1
                );
            };
            out.push(ApiObject {
                file: rel.display().to_string(),
                namespace: field("/metadata/namespace"),
                kind,
                name,
                doc,
            });
        }
    }
    Ok(out)
}

#[derive(Debug, Clone, Serialize)]
pub struct AdmissionVerdict {
    pub file: String,
    pub object: String,
    pub admitted: bool,
    /// The API server's (or kubectl's) own words for a refusal.
    pub message: Option<String>,
}

#[derive(Debug)]
pub struct Admission {
    pub verdicts: Vec<AdmissionVerdict>,
    /// Prerequisites this run created (kind, name, namespace), for removal on a user's cluster.
    pub created: Vec<(String, String, Option<String>)>,
}

impl Admission {
    pub fn admitted(&self) -> usize {
        self.verdicts.iter().filter(|v| v.admitted).count()
    }
}

fn stream(docs: &[&Value]) -> anyhow::Result<Vec<u8>> {
    let mut out = String::new();
    for d in docs {
        out.push_str("---\n");
        out.push_str(&serde_yaml::to_string(d)?);
    }
    Ok(out.into_bytes())
}

/// `deployment.apps/name` (kubectl's `-o name`) -> (`deployment`, `name`).
fn parse_name_line(line: &str) -> Option<(String, String)> {
    let (resource, name) = line.trim().split_once('/')?;
    let kind = resource.split('.').next()?;
    Some((kind.to_ascii_lowercase(), name.to_string()))
}

/// kubectl's error output, one block per failed object (a block starts at `Error from server`
/// or `error:` and runs to the next).
fn error_blocks(stderr: &str) -> Vec<String> {
    let mut blocks: Vec<String> = Vec::new();
    for line in stderr.lines() {
        if line.starts_with("Error from server") || line.starts_with("error:") || blocks.is_empty()
        {
            blocks.push(line.to_string());
        } else if let Some(b) = blocks.last_mut() {
            b.push('\n');
            b.push_str(line);
        }
    }
    blocks.retain(|b| !b.trim().is_empty());
    blocks
}

/// The objects' namespaces that the suite does not itself define, as plain Namespaces.
fn missing_namespaces(objects: &[ApiObject]) -> Vec<Value> {
    let defined: HashSet<&str> = objects
        .iter()
        .filter(|o| o.kind == "Namespace")
        .map(|o| o.name.as_str())
        .collect();
    let wanted: BTreeSet<&str> = objects
        .iter()
        .filter_map(|o| o.namespace.as_deref())
        .filter(|ns| {
            !defined.contains(ns) && !matches!(*ns, "default" | "kube-system" | "kube-public")
        })
        .collect();
    wanted
        .into_iter()
        .map(|ns| serde_json::json!({"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": ns}}))
        .collect()
}

/// The `default` ServiceAccount of every namespace the suite uses: on a real cluster the
/// controller manager creates it, and the API server refuses a Pod whose account is missing.
fn default_service_accounts(objects: &[ApiObject]) -> Vec<Value> {
    let namespaces: BTreeSet<&str> = objects
        .iter()
        .filter_map(|o| o.namespace.as_deref())
        .chain(
            objects
                .iter()
                .filter(|o| o.kind == "Namespace")
                .map(|o| o.name.as_str()),
        )
        .collect();
    namespaces
        .into_iter()
        .map(|ns| serde_json::json!({"apiVersion": "v1", "kind": "ServiceAccount", "metadata": {"name": "default", "namespace": ns}}))
        .collect()
}

/// The first error block about this object: its quoted name, and its kind where the server
/// names it (a Namespace and the NetworkPolicy inside it may share a name).
fn message_for<'a>(blocks: &'a [String], o: &ApiObject) -> Option<&'a String> {
    let quoted = format!("\"{}\"", o.name);
    let kind = o.kind.to_ascii_lowercase();
    let stem = kind.strip_suffix('y').unwrap_or(&kind);
    let named: Vec<&String> = blocks.iter().filter(|b| b.contains(&quoted)).collect();
    named
        .iter()
        .find(|b| {
            // `NetworkPolicy.networking.k8s.io "x" is invalid`, `networkpolicies "x" ...`
            let l = b.to_ascii_lowercase();
            l.find(&quoted).is_some_and(|at| l[..at].contains(stem))
        })
        .or(named.first())
        .copied()
}

/// Creates the prerequisites, then dry-runs every object.
pub fn admit(kubectl: &Kubectl, objects: &[ApiObject]) -> anyhow::Result<Admission> {
    let mut created = Vec::new();
    let extra = missing_namespaces(objects);
    let accounts = default_service_accounts(objects);
    for kind in PREREQUISITES {
        let mut docs: Vec<&Value> = Vec::new();
        if kind == "Namespace" {
            docs.extend(extra.iter());
        }
        if kind == "ServiceAccount" {
            docs.extend(accounts.iter());
        }
        let own: Vec<&ApiObject> = objects.iter().filter(|o| o.kind == kind).collect();
        docs.extend(own.iter().map(|o| &o.doc));
        if docs.is_empty() {
            continue;
        }
        // A prerequisite the server refuses is judged again (and reported) by the dry run.
        let out = kubectl.run(&["create", "-o", "name", "-f", "-"], Some(&stream(&docs)?))?;
        for line in String::from_utf8_lossy(&out.stdout).lines() {
            if let Some((_, name)) = parse_name_line(line) {
                let ns = docs
                    .iter()
                    .find(|d| d.pointer("/metadata/name").and_then(Value::as_str) == Some(&name))
                    .and_then(|d| d.pointer("/metadata/namespace").and_then(Value::as_str))
                    .map(str::to_string);
                created.push((kind.to_string(), name, ns));
            }
        }
    }
    // kubectl sends one request per object; a few at once keep the server busy while each
    // waits for its answers (923 objects: 39 s in one process, see docs/cluster.md).
    let chunk = objects.len().div_ceil(DRY_RUN_PROCESSES).max(1);
    let outputs: Vec<anyhow::Result<std::process::Output>> = std::thread::scope(|s| {
        let handles: Vec<_> = objects
            .chunks(chunk)
            .map(|part| {
                s.spawn(move || {
                    let docs: Vec<&Value> = part.iter().map(|o| &o.doc).collect();
                    kubectl.run(
                        &[
                            "apply",
                            "--server-side",
                            "--force-conflicts",
                            "--field-manager=scanner-bench",
                            "--dry-run=server",
                            "-o",
                            "name",
                            "-f",
                            "-",
                        ],
                        Some(&stream(&docs)?),
                    )
                })
            })
            .collect();
        handles
            .into_iter()
            .map(|h| {
                h.join()
                    .unwrap_or_else(|_| Err(anyhow::anyhow!("kubectl thread panicked")))
            })
            .collect()
    });
    let mut admitted: HashSet<(String, String)> = HashSet::new();
    let mut blocks = Vec::new();
    for out in outputs {
        let out = out?;
        admitted.extend(
            String::from_utf8_lossy(&out.stdout)
                .lines()
                .filter_map(parse_name_line),
        );
        blocks.extend(error_blocks(&String::from_utf8_lossy(&out.stderr)));
    }
    let verdicts = objects
        .iter()
        .map(|o| {
            let ok = admitted.contains(&(o.kind.to_ascii_lowercase(), o.name.clone()));
            let message = (!ok).then(|| {
                message_for(&blocks, o).cloned().unwrap_or_else(|| {
                    "refused; kubectl named no reason for this object".to_string()
                })
            });
            AdmissionVerdict {
                file: o.file.clone(),
                object: o.id(),
                admitted: ok,
                message,
            }
        })
        .collect();
    Ok(Admission { verdicts, created })
}

/// Deletes what [`admit`] created, newest first: on a user's own cluster nothing else is touched.
pub fn remove_created(
    kubectl: &Kubectl,
    created: &[(String, String, Option<String>)],
) -> Vec<String> {
    let mut errors = Vec::new();
    for (kind, name, ns) in created.iter().rev() {
        let target = format!("{}/{}", kind.to_ascii_lowercase(), name);
        let mut args = vec![
            "delete",
            target.as_str(),
            "--ignore-not-found",
            "--wait=false",
        ];
        if let Some(ns) = ns {
            args.extend(["-n", ns.as_str()]);
        }
        match kubectl.run(&args, None) {
            Ok(o) if o.status.success() => {}
            Ok(o) => errors.push(format!(
                "{target}: {}",
                String::from_utf8_lossy(&o.stderr).trim()
            )),
            Err(e) => errors.push(format!("{target}: {e:#}")),
        }
    }
    errors
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_and_errors_from_kubectl() {
        assert_eq!(
            parse_name_line("deployment.apps/pod-032-2-x\n"),
            Some(("deployment".into(), "pod-032-2-x".into()))
        );
        assert_eq!(
            parse_name_line("namespace/bench-suite"),
            Some(("namespace".into(), "bench-suite".into()))
        );
        assert_eq!(parse_name_line("nonsense"), None);
        let blocks = error_blocks(
            "Error from server (Invalid): Deployment.apps \"a\" is invalid: spec: x\n  detail\nError from server (Forbidden): pods \"b\" is forbidden\n",
        );
        assert_eq!(blocks.len(), 2);
        assert!(blocks[0].ends_with("detail"));
        assert!(blocks[1].contains("\"b\""));
    }

    #[test]
    fn a_refusal_goes_to_the_object_of_that_kind() {
        let obj = |kind: &str| ApiObject {
            file: "f.yaml".into(),
            kind: kind.into(),
            name: "x".into(),
            namespace: None,
            doc: Value::Null,
        };
        let blocks = error_blocks(
            "Error from server (Invalid): Namespace \"x\" is invalid: bad label\nError from server (NotFound): error when creating: networkpolicies.networking.k8s.io \"x\": namespaces \"x\" not found\n",
        );
        assert!(message_for(&blocks, &obj("NetworkPolicy"))
            .unwrap()
            .contains("not found"));
        assert!(message_for(&blocks, &obj("Namespace"))
            .unwrap()
            .contains("bad label"));
        assert!(message_for(&blocks, &obj("LimitRange"))
            .unwrap()
            .contains("bad label"));
    }

    #[test]
    fn objects_need_kind_and_name() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("a.yaml"), "kind: Pod\nmetadata:\n  name: a\n  namespace: x\n---\n---\nkind: Namespace\nmetadata:\n  name: y\n").unwrap();
        std::fs::write(dir.path().join("b.yaml"), "kind: Pod\n").unwrap();
        let objs = load_objects(dir.path(), &["a.yaml".into()]).unwrap();
        assert_eq!(objs.len(), 2);
        assert_eq!(objs[0].id(), "Pod/a");
        let ns = missing_namespaces(&objs);
        assert_eq!(ns.len(), 1);
        assert_eq!(ns[0]["metadata"]["name"], "x");
        let err = load_objects(dir.path(), &["b.yaml".into()])
            .unwrap_err()
            .to_string();
        assert!(
            err.contains("b.yaml") && err.contains("no kind or metadata.name"),
            "{err}"
        );
    }
}

//! The suite generator: each check's bundle of baseline objects, named and wired to each
//! other, changed by the check's patches, written as one YAML file per check, plus the answer key.
//!
//! Everything is computed in memory from the catalog first; only a complete suite is written,
//! into a folder beside the target that is then renamed into place (see `output`).

pub mod answer_key;
pub mod diff;
pub mod names;
pub mod output;

use std::collections::BTreeMap;

use serde_json::{Map, Value};

use crate::baseline::{self, Kind, Wiring};
use crate::catalog::patch::{self, PatchError};
use crate::catalog::CheckSpec;
use crate::schema::keys;

#[derive(Debug, thiserror::Error)]
pub enum GenerateError {
    #[error("check {id}: patch of its {kind:?} at {pointer}: {source}")]
    Patch {
        id: String,
        kind: Kind,
        pointer: String,
        source: PatchError,
    },
    #[error("check {id}: patches a {kind:?}, but its manifest (bundle of {base:?}) holds none")]
    NotInBundle { id: String, kind: Kind, base: Kind },
    #[error("check {id}: removes a {kind:?}, but the bundle of {base:?} holds none")]
    RemoveMissing { id: String, kind: Kind, base: Kind },
    #[error("check {id}: no object left in its manifest")]
    Empty { id: String },
    #[error("check {id}: duplicate check id")]
    DuplicateId { id: String },
    #[error("check {id}: file name {file} is used by another check")]
    DuplicateFile { id: String, file: String },
    #[error("check {id}: cannot serialize to YAML: {msg}")]
    Yaml { id: String, msg: String },
}

/// One object of a check's manifest, with the wired baseline it started from (the reference
/// the exactly-one-mutation test diffs against).
#[derive(Debug, Clone)]
pub struct Built {
    pub kind: Kind,
    /// 0 for the first object of its kind in the manifest, 1 for the second, ...
    pub ordinal: usize,
    /// Added by the check (`CheckSpec::adds`) rather than taken from the bundle.
    pub added: bool,
    /// The baseline object with the check's names, labels, annotations and references.
    pub baseline: Value,
    /// The object as written: the baseline with the check's patches applied.
    pub object: Value,
}

/// The kinds of a check's manifest: the bundle of its base kind minus the removed objects, then
/// the added ones (the second flag is `added`).
pub fn manifest_kinds(check: &CheckSpec) -> Result<Vec<(Kind, bool)>, GenerateError> {
    let mut kinds: Vec<(Kind, bool)> = baseline::bundle(check.base)
        .into_iter()
        .map(|k| (k, false))
        .collect();
    for &r in &check.removes {
        let pos = kinds
            .iter()
            .position(|&(k, added)| k == r && !added)
            .ok_or(GenerateError::RemoveMissing {
                id: check.id.to_string(),
                kind: r,
                base: check.base,
            })?;
        kinds.remove(pos);
    }
    kinds.extend(check.adds.iter().map(|a| (a.kind, true)));
    if kinds.is_empty() {
        return Err(GenerateError::Empty {
            id: check.id.to_string(),
        });
    }
    Ok(kinds)
}

/// The labels every object of a check carries and every selector of its bundle matches.
pub fn check_labels(check: &CheckSpec) -> BTreeMap<String, String> {
    BTreeMap::from([
        (
            "app.kubernetes.io/name".to_string(),
            names::object_name(check.id, check.slug, 0),
        ),
        (keys::CHECK.to_string(), check.id.to_string()),
    ])
}

/// The annotations every object of a check carries: KALM's keys, then ours under the prefix.
pub fn check_annotations(check: &CheckSpec) -> Vec<(String, String)> {
    let standards: Vec<String> = check.standards.iter().map(|s| s.to_string()).collect();
    [
        (keys::EXPECTED, check.expected.as_str().to_string()),
        (keys::CHECK_PATH, check.paths().join(keys::PATH_SEPARATOR)),
        (keys::DESCRIPTION, check.description.to_string()),
        (keys::CATEGORY, check.category.as_str().to_string()),
        (keys::SEVERITY, check.severity.as_str().to_string()),
        (keys::TITLE, check.title.to_string()),
        (keys::STANDARDS, standards.join("; ")),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_string(), v))
    .collect()
}

/// Names the object, adds the check's annotations, and puts keys in reading order: `apiVersion`,
/// `kind`, `metadata` first; in `metadata` name, namespace, labels, annotations.
fn stamp(obj: &mut Value, name: &str, annotations: &[(String, String)]) {
    let Some(top) = obj.as_object_mut() else {
        return;
    };
    let mut meta = match top.get_mut("metadata").map(Value::take) {
        Some(Value::Object(m)) => m,
        _ => Map::new(),
    };
    meta.insert("name".into(), Value::String(name.to_string()));
    let mut anns = match meta.shift_remove("annotations") {
        Some(Value::Object(m)) => m,
        _ => Map::new(),
    };
    for (k, v) in annotations {
        anns.insert(k.clone(), Value::String(v.clone()));
    }
    meta.insert("annotations".into(), Value::Object(anns));
    let mut ordered = Map::new();
    for key in ["name", "namespace", "labels", "annotations"] {
        if let Some(v) = meta.shift_remove(key) {
            ordered.insert(key.to_string(), v);
        }
    }
    ordered.extend(meta);
    top.insert("metadata".into(), Value::Object(ordered));
    let mut head = Map::new();
    for key in ["apiVersion", "kind", "metadata"] {
        if let Some(v) = top.shift_remove(key) {
            head.insert(key.to_string(), v);
        }
    }
    head.append(top);
    *top = head;
}

/// Builds every object of a check's manifest (not yet serialized).
pub fn build(check: &CheckSpec) -> Result<Vec<Built>, GenerateError> {
    let kinds = manifest_kinds(check)?;
    let name = names::object_name(check.id, check.slug, 0);
    let namespace = if kinds.iter().any(|&(k, _)| k == Kind::Namespace) {
        name.clone()
    } else {
        baseline::NAMESPACE.to_string()
    };
    let wiring = Wiring {
        name,
        namespace,
        labels: check_labels(check),
    };
    let annotations = check_annotations(check);

    let mut seen: BTreeMap<Kind, usize> = BTreeMap::new();
    let mut out = Vec::with_capacity(kinds.len());
    for (kind, added) in kinds {
        let ordinal = *seen.entry(kind).and_modify(|n| *n += 1).or_insert(0);
        let mut obj = baseline::object_wired(kind, &wiring);
        stamp(
            &mut obj,
            &names::nth_name(check.id, check.slug, ordinal),
            &annotations,
        );
        out.push(Built {
            kind,
            ordinal,
            added,
            baseline: obj.clone(),
            object: obj,
        });
    }

    let patch_err = |kind: Kind, e: PatchError| {
        let pointer = match &e {
            PatchError::BadPointer(p) | PatchError::Missing(p) | PatchError::Scalar(p) => p.clone(),
        };
        GenerateError::Patch {
            id: check.id.to_string(),
            kind,
            pointer,
            source: e,
        }
    };
    for spec in &check.patches {
        let target = out
            .iter_mut()
            .find(|b| b.kind == spec.kind && !b.added)
            .ok_or(GenerateError::NotInBundle {
                id: check.id.to_string(),
                kind: spec.kind,
                base: check.base,
            })?;
        patch::apply(&mut target.object, &spec.patch).map_err(|e| patch_err(spec.kind, e))?;
    }
    let mut added = out.iter_mut().filter(|b| b.added);
    for spec in &check.adds {
        let target = added.next().expect("one built object per add");
        patch::apply(&mut target.object, &spec.patch).map_err(|e| patch_err(spec.kind, e))?;
    }
    Ok(out)
}

/// Moves `name` first in every map that is an element of a list (containers, ports, volumes,
/// subjects, ...), as people write them; the data is unchanged.
fn tidy(v: &mut Value, in_list: bool) {
    match v {
        Value::Object(m) => {
            if in_list && m.contains_key("name") {
                let rest = std::mem::take(m);
                let (first, others): (Map<String, Value>, Map<String, Value>) =
                    rest.into_iter().partition(|(k, _)| k == "name");
                m.extend(first);
                m.extend(others);
            }
            for (_, child) in m.iter_mut() {
                tidy(child, false);
            }
        }
        Value::Array(a) => a.iter_mut().for_each(|c| tidy(c, true)),
        _ => {}
    }
}

/// The YAML text of a check's manifest: its objects, `---` separated.
pub fn render(check: &CheckSpec) -> Result<String, GenerateError> {
    let built = build(check)?;
    let mut text = String::new();
    for (i, b) in built.into_iter().enumerate() {
        let mut obj = b.object;
        tidy(&mut obj, false);
        if i > 0 {
            text.push_str("---\n");
        }
        let yaml = serde_yaml::to_string(&obj).map_err(|e| GenerateError::Yaml {
            id: check.id.to_string(),
            msg: e.to_string(),
        })?;
        text.push_str(&yaml);
    }
    Ok(text)
}

/// How many threads to spread independent work over (rendering checks, writing files).
pub(crate) fn workers(items: usize) -> usize {
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    cores.min(items / 32).max(1)
}

/// Renders the checks on all cores; the result is in the order of `checks` whatever the
/// scheduling, so the output stays deterministic.
fn render_all(checks: &[CheckSpec]) -> Vec<Result<String, GenerateError>> {
    let chunk = checks.len().div_ceil(workers(checks.len())).max(1);
    std::thread::scope(|s| {
        let handles: Vec<_> = checks
            .chunks(chunk)
            .map(|part| s.spawn(move || part.iter().map(render).collect::<Vec<_>>()))
            .collect();
        handles
            .into_iter()
            .flat_map(|h| h.join().expect("rendering does not panic"))
            .collect()
    })
}

/// Every file of the suite, sorted by name: one manifest per check, `catalog.csv` and
/// `catalog.json`.
pub fn suite_files(checks: &[CheckSpec]) -> anyhow::Result<Vec<(String, Vec<u8>)>> {
    let mut ids = std::collections::HashSet::new();
    let mut files: BTreeMap<String, Vec<u8>> = BTreeMap::new();
    for (c, text) in checks.iter().zip(render_all(checks)) {
        if !ids.insert(c.id) {
            return Err(GenerateError::DuplicateId {
                id: c.id.to_string(),
            }
            .into());
        }
        let file = c.file_name();
        if files.contains_key(&file) || answer_key::FILES.contains(&file.as_str()) {
            return Err(GenerateError::DuplicateFile {
                id: c.id.to_string(),
                file,
            }
            .into());
        }
        files.insert(file, text?.into_bytes());
    }
    files.insert(answer_key::CSV.to_string(), answer_key::csv(checks)?);
    files.insert(answer_key::JSON.to_string(), answer_key::json(checks)?);
    Ok(files.into_iter().collect())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::{check, Category, Op};
    use serde_json::json;

    fn base() -> CheckSpec {
        check("TST-001", "a-test", Category::Misc)
            .title("t")
            .describe("d")
            .on(Kind::Deployment)
    }

    #[test]
    fn patch_errors_name_the_check_and_the_pointer() {
        let c = base().remove("/spec/template/spec/nope");
        let e = build(&c).unwrap_err().to_string();
        assert!(
            e.contains("TST-001") && e.contains("/spec/template/spec/nope"),
            "{e}"
        );

        let c = base().set_on(Kind::Role, "/rules", json!([]));
        let e = build(&c).unwrap_err().to_string();
        assert!(e.contains("TST-001") && e.contains("Role"), "{e}");

        let c = base().without(Kind::Secret);
        assert!(matches!(
            build(&c),
            Err(GenerateError::RemoveMissing { .. })
        ));
    }

    #[test]
    fn wires_names_and_applies_patches_to_the_right_object() {
        let c = base()
            .set("/spec/replicas", json!(1))
            .without(Kind::PodDisruptionBudget)
            .with(
                Kind::Secret,
                vec![Op::Add("/type", json!("kubernetes.io/tls"))],
            )
            .with(Kind::Secret, vec![]);
        let b = build(&c).unwrap();
        let kinds: Vec<_> = b.iter().map(|b| (b.kind, b.ordinal, b.added)).collect();
        assert_eq!(
            kinds,
            vec![
                (Kind::ServiceAccount, 0, false),
                (Kind::Deployment, 0, false),
                (Kind::Secret, 0, true),
                (Kind::Secret, 1, true)
            ]
        );
        assert_eq!(b[1].object["spec"]["replicas"], json!(1));
        assert_eq!(b[1].baseline["spec"]["replicas"], json!(2));
        assert_eq!(
            b[1].object["spec"]["template"]["spec"]["serviceAccountName"],
            json!("tst-001-a-test")
        );
        assert_eq!(b[2].object["type"], json!("kubernetes.io/tls"));
        assert_eq!(b[3].object["type"], json!("Opaque"));
        assert_eq!(b[3].object["metadata"]["name"], json!("tst-001-a-test-2"));
        assert_eq!(
            b[0].object["metadata"]["annotations"]["expected"],
            json!("alert")
        );
        let keys: Vec<_> = b[1]
            .object
            .as_object()
            .unwrap()
            .keys()
            .take(3)
            .cloned()
            .collect();
        assert_eq!(keys, ["apiVersion", "kind", "metadata"]);
    }

    #[test]
    fn namespace_bundles_put_their_objects_in_their_namespace() {
        let c = check("TST-002", "ns", Category::Segregation).on(Kind::Namespace);
        let b = build(&c).unwrap();
        assert_eq!(b[0].object["metadata"]["name"], json!("tst-002-ns"));
        assert!(b[0].object["metadata"].get("namespace").is_none());
        for o in &b[1..] {
            assert_eq!(o.object["metadata"]["namespace"], json!("tst-002-ns"));
        }
    }

    #[test]
    fn rendering_is_deterministic_yaml() {
        let c = base();
        let text = render(&c).unwrap();
        assert_eq!(text, render(&c).unwrap());
        assert_eq!(text.matches("\n---\n").count(), 2);
        assert!(
            text.starts_with(
                "apiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: tst-001-a-test\n"
            ),
            "{text}"
        );
    }
}

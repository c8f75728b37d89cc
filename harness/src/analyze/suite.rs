//! Expectations read back from a suite folder's YAML annotations, so any suite written with
//! KALM's keys (ours or KALM's own) can be scored without its generator.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use anyhow::{bail, Context};
use serde::Deserialize;

use super::categories;
use crate::schema::{keys, Category, SuiteFiles, CONTROL_PREFIX};
pub use crate::schema::{Check, Expected, SuiteObject};

/// Where a name or file of the suite points.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Target {
    Check(u32),
    /// An object without a check (e.g. KALM's `kalm-benchmark` namespace), index into
    /// [`Suite::context`].
    Context(u32),
}

/// A loaded suite with indexes for attributing findings in O(1).
#[derive(Debug, Default)]
pub struct Suite {
    pub dir: PathBuf,
    pub checks: Vec<Check>,
    /// Objects that belong to no check: shared namespaces, quotas, priority classes.
    pub context: Vec<SuiteObject>,
    pub files: usize,
    by_id: HashMap<String, u32>,
    by_name: HashMap<String, Target>,
    by_file: HashMap<String, Target>,
    /// Lowercase kind -> number of secure targets (controls, expected-pass checks, context
    /// objects) with an object of that kind.
    secure_kinds: HashMap<String, u32>,
    /// Lowercase kinds that have a baseline control.
    control_kinds: std::collections::HashSet<String>,
    secure_targets: u32,
}

#[derive(Debug, Deserialize)]
struct RawObject {
    kind: Option<String>,
    #[serde(default)]
    metadata: RawMeta,
}

#[derive(Debug, Default, Deserialize)]
struct RawMeta {
    name: Option<String>,
    namespace: Option<String>,
    #[serde(default)]
    labels: Option<HashMap<String, serde_yaml::Value>>,
    #[serde(default)]
    annotations: Option<HashMap<String, serde_yaml::Value>>,
}

fn value_str(v: &serde_yaml::Value) -> Option<String> {
    match v {
        serde_yaml::Value::String(s) => Some(s.clone()),
        serde_yaml::Value::Number(n) => Some(n.to_string()),
        serde_yaml::Value::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

/// One object as read from a file, before grouping by check.
struct Parsed {
    object: SuiteObject,
    check: Option<String>,
    annotations: HashMap<String, String>,
}

/// Parses every document of one YAML file; an unparsable file is an error naming it.
fn parse_file(path: &Path, rel: &str) -> anyhow::Result<Vec<Parsed>> {
    let text = std::fs::read_to_string(path)
        .with_context(|| format!("{}: cannot read the suite file", path.display()))?;
    // Fast path: straight into the few fields needed, skipping the rest of each object.
    let fast: Result<Vec<Option<RawObject>>, serde_yaml::Error> =
        serde_yaml::Deserializer::from_str(&text)
            .map(Option::<RawObject>::deserialize)
            .collect();
    let raws: Vec<RawObject> = match fast {
        Ok(v) => v.into_iter().flatten().collect(),
        // A document that is not an object, or invalid YAML: the slow path tells them apart.
        Err(_) => parse_documents_slowly(path, &text)?,
    };
    Ok(raws.into_iter().filter_map(|r| to_parsed(r, rel)).collect())
}

/// Document by document through `serde_yaml::Value`: documents that are not Kubernetes
/// objects (a list, a scalar) are skipped, invalid YAML is an error naming file and document.
fn parse_documents_slowly(path: &Path, text: &str) -> anyhow::Result<Vec<RawObject>> {
    let mut out = Vec::new();
    for (i, doc) in serde_yaml::Deserializer::from_str(text).enumerate() {
        let value = serde_yaml::Value::deserialize(doc)
            .with_context(|| format!("{}: document {} is not valid YAML", path.display(), i + 1))?;
        if value.is_null() {
            continue;
        }
        if let Ok(r) = serde_yaml::from_value(value) {
            out.push(r);
        }
    }
    Ok(out)
}

fn to_parsed(raw: RawObject, rel: &str) -> Option<Parsed> {
    let name = raw.metadata.name?;
    let labels = raw.metadata.labels.unwrap_or_default();
    let annotations: HashMap<String, String> = raw
        .metadata
        .annotations
        .unwrap_or_default()
        .iter()
        .filter_map(|(k, v)| value_str(v).map(|s| (k.clone(), s)))
        .collect();
    Some(Parsed {
        object: SuiteObject {
            kind: raw.kind.unwrap_or_default(),
            namespace: raw.metadata.namespace,
            name,
            file: rel.to_string(),
        },
        check: labels
            .get(keys::CHECK)
            .and_then(value_str)
            .map(|s| s.trim().to_ascii_uppercase()),
        annotations,
    })
}

/// KALM writes some paths with the kind in front (`ClusterRole.rules[].verbs`); the kind is
/// implied by the object, so it is dropped before normalizing.
pub fn normalize_check_path(p: &str) -> String {
    let p = p.trim();
    let stripped = if !p.starts_with('.') && p.starts_with(|c: char| c.is_ascii_uppercase()) {
        match p.find('.') {
            Some(i) => &p[i..],
            None => p,
        }
    } else {
        p
    };
    adapters::paths::normalize(stripped)
}

impl Suite {
    /// Reads every `*.yaml`/`*.yml` file under `dir`. Objects with a `check` label belong to that
    /// check; the check's expectation comes from whichever of its objects carries `expected`.
    /// Objects without a check (or whose check never states an expectation) are context.
    pub fn load(dir: &Path) -> anyhow::Result<Suite> {
        let listing = SuiteFiles::load(dir)?;
        let paths: Vec<PathBuf> = listing.manifests.iter().map(|m| dir.join(m)).collect();
        let rel = |p: &Path| {
            p.strip_prefix(dir)
                .unwrap_or(p)
                .to_string_lossy()
                .replace('\\', "/")
        };
        // Parsing dominates on large suites; two halves on two threads is what this machine has.
        let workers = std::thread::available_parallelism()
            .map_or(2, |n| n.get())
            .clamp(1, 8);
        let chunk = paths.len().div_ceil(workers);
        let parsed: Vec<anyhow::Result<Vec<Parsed>>> = std::thread::scope(|s| {
            let handles: Vec<_> = paths
                .chunks(chunk.max(1))
                .map(|part| {
                    s.spawn(move || {
                        part.iter()
                            .map(|p| parse_file(p, &rel(p)))
                            .collect::<Vec<_>>()
                    })
                })
                .collect();
            handles
                .into_iter()
                .flat_map(|h| h.join().expect("suite parser thread panicked"))
                .collect()
        });
        let mut suite = Suite {
            dir: dir.to_path_buf(),
            files: paths.len(),
            ..Suite::default()
        };
        let mut pending: Vec<Parsed> = Vec::new();
        for r in parsed {
            pending.extend(r?);
        }
        suite.build(pending)?;
        if suite.checks.is_empty() {
            bail!(
                "{}: no object carries a `check` label with an `expected` annotation; is this a suite folder?",
                dir.display()
            );
        }
        Ok(suite)
    }

    fn build(&mut self, parsed: Vec<Parsed>) -> anyhow::Result<()> {
        let mut order: Vec<String> = Vec::new();
        let mut groups: HashMap<String, Vec<Parsed>> = HashMap::new();
        for p in parsed {
            match &p.check {
                Some(id) if !id.is_empty() => {
                    if !groups.contains_key(id) {
                        order.push(id.clone());
                    }
                    groups.entry(id.clone()).or_default().push(p);
                }
                _ => self.context.push(p.object),
            }
        }
        for id in order {
            let objs = groups.remove(&id).unwrap_or_default();
            let ann = |key: &str| {
                objs.iter().find_map(|o| {
                    o.annotations
                        .get(key)
                        .filter(|v| !v.trim().is_empty())
                        .cloned()
                })
            };
            let expected = match ann(keys::EXPECTED).as_deref().and_then(Expected::parse) {
                Some(e) => e,
                None => {
                    self.context.extend(objs.into_iter().map(|o| o.object));
                    continue;
                }
            };
            let mut paths: Vec<String> = Vec::new();
            for o in &objs {
                if let Some(cp) = o.annotations.get(keys::CHECK_PATH) {
                    for p in cp
                        .split(keys::PATH_SEPARATOR)
                        .map(str::trim)
                        .filter(|p| !p.is_empty())
                    {
                        let n = normalize_check_path(p);
                        if !paths.contains(&n) {
                            paths.push(n);
                        }
                    }
                }
            }
            let category = match ann(keys::CATEGORY) {
                Some(name) => match Category::parse(&name) {
                    Some(c) => c.as_str().to_string(),
                    None => bail!(
                        "{}: check {id}: annotation {} is {name:?}, not one of {}",
                        self.dir.join(&objs[0].object.file).display(),
                        keys::CATEGORY,
                        Category::known()
                    ),
                },
                None => categories::from_check_id(&id).to_string(),
            };
            let title = ann(keys::TITLE).or_else(|| {
                objs.first()
                    .and_then(|o| title_from_file(&o.object.file, &id))
            });
            let check = Check {
                control: id.starts_with(CONTROL_PREFIX),
                expected,
                category,
                paths,
                description: ann(keys::DESCRIPTION).unwrap_or_default(),
                title,
                severity: ann(keys::SEVERITY),
                objects: objs.into_iter().map(|o| o.object).collect(),
                id,
            };
            self.checks.push(check);
        }
        self.checks.sort_by_cached_key(|c| natural_key(&c.id));
        for (i, c) in self.checks.iter().enumerate() {
            let t = Target::Check(i as u32);
            self.by_id.insert(c.id.clone(), i as u32);
            let mut kinds: Vec<String> = Vec::new();
            for o in &c.objects {
                self.by_name.entry(o.name.to_ascii_lowercase()).or_insert(t);
                self.by_file.entry(base_name(&o.file)).or_insert(t);
                let k = o.kind.to_ascii_lowercase();
                if !kinds.contains(&k) {
                    kinds.push(k);
                }
            }
            if c.secure() {
                self.secure_targets += 1;
                for k in kinds {
                    if c.control {
                        self.control_kinds.insert(k.clone());
                    }
                    *self.secure_kinds.entry(k).or_default() += 1;
                }
            }
        }
        for (i, o) in self.context.iter().enumerate() {
            let t = Target::Context(i as u32);
            self.by_name.entry(o.name.to_ascii_lowercase()).or_insert(t);
            self.by_file.entry(base_name(&o.file)).or_insert(t);
            self.secure_targets += 1;
            *self
                .secure_kinds
                .entry(o.kind.to_ascii_lowercase())
                .or_default() += 1;
        }
        Ok(())
    }

    pub fn check_index(&self, id: &str) -> Option<u32> {
        self.by_id.get(id).copied()
    }

    pub fn by_object_name(&self, name: &str) -> Option<Target> {
        self.by_name.get(&name.trim().to_ascii_lowercase()).copied()
    }

    pub fn by_file_name(&self, file: &str) -> Option<Target> {
        self.by_file.get(&base_name(file)).copied()
    }

    /// True when the suite has a secure object of this kind to compare a rule against.
    pub fn has_secure_kind(&self, kind: &str) -> bool {
        self.secure_kinds.contains_key(kind)
    }

    /// Number of secure targets with an object of this (lowercase) kind; all secure targets
    /// when `kind` is None.
    pub fn secure_count(&self, kind: Option<&str>) -> u32 {
        match kind {
            Some(k) => self.secure_kinds.get(k).copied().unwrap_or(0),
            None => self.secure_targets,
        }
    }

    /// True when a baseline control has an object of this (lowercase) kind.
    pub fn has_control_kind(&self, kind: &str) -> bool {
        self.control_kinds.contains(kind)
    }

    /// Distinct categories of the scored checks, in the design's order then alphabetical.
    pub fn categories(&self) -> Vec<String> {
        let mut cats: Vec<String> = Vec::new();
        for c in self.checks.iter().filter(|c| c.scored()) {
            if !cats.contains(&c.category) {
                cats.push(c.category.clone());
            }
        }
        cats.sort_by_key(|c| (category_rank(c), c.clone()));
        cats
    }
}

/// The design's category order (the declaration order of [`Category`]), so tables read the
/// same in every report; names that are no category sort last.
fn category_rank(c: &str) -> usize {
    Category::parse(c).map_or(Category::ALL.len(), |c| c as usize)
}

/// Lowercase file name without folders or extension: scanners print absolute, relative or
/// container paths for the same file.
pub fn base_name(file: &str) -> String {
    let base = file.rsplit(['/', '\\']).next().unwrap_or(file);
    let base = base
        .strip_suffix(".yaml")
        .or_else(|| base.strip_suffix(".yml"))
        .unwrap_or(base);
    base.to_ascii_lowercase()
}

/// KALM's file names are `<id>-<slug>.yaml`; the slug is the best title a suite without
/// title annotations offers: `np-001-namespace-without-network-policy.yaml` -> `namespace
/// without network policy`.
fn title_from_file(file: &str, id: &str) -> Option<String> {
    let base = base_name(file);
    let rest = base
        .strip_prefix(&id.to_ascii_lowercase())?
        .trim_start_matches('-');
    let words: Vec<&str> = rest.split('-').filter(|w| !w.is_empty()).collect();
    (!words.is_empty()).then(|| words.join(" "))
}

/// Sort key that orders `POD-2` before `POD-10`.
pub fn natural_key(id: &str) -> Vec<(String, u64)> {
    id.split('-')
        .map(|part| match part.parse::<u64>() {
            Ok(n) => (String::new(), n),
            Err(_) => (part.to_string(), 0),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn suite_with(category: &str) -> tempfile::TempDir {
        let d = tempfile::tempdir().unwrap();
        let yaml = format!(
            "kind: Pod\nmetadata:\n  name: pod-1\n  labels:\n    {}: POD-1\n  annotations:\n    {}: alert\n    {}: {category}\n",
            keys::CHECK,
            keys::EXPECTED,
            keys::CATEGORY
        );
        std::fs::write(d.path().join("pod-1-x.yaml"), yaml).unwrap();
        d
    }

    #[test]
    fn categories_are_read_canonically_and_unknown_ones_name_the_file() {
        let d = suite_with("workload");
        let s = Suite::load(d.path()).unwrap();
        assert_eq!(s.checks[0].category, "Workload");
        let d = suite_with("Workloads");
        let err = format!("{:#}", Suite::load(d.path()).unwrap_err());
        assert!(
            err.contains("pod-1-x.yaml") && err.contains("\"Workloads\"") && err.contains("IAM"),
            "{err}"
        );
    }

    #[test]
    fn kalm_prefixes_map_to_categories() {
        for (prefix, name) in categories::PREFIX_CATEGORIES {
            assert_eq!(
                Category::parse(name).map(Category::as_str),
                Some(*name),
                "{prefix}"
            );
        }
        let mut cats = vec!["Misc", "odd", "IAM", "Workload"];
        cats.sort_by_key(|c| category_rank(c));
        assert_eq!(cats, ["Workload", "IAM", "Misc", "odd"]);
    }

    #[test]
    fn kind_prefixed_paths() {
        assert_eq!(
            normalize_check_path("ClusterRole.rules[].verbs"),
            ".rules[].verbs"
        );
        assert_eq!(normalize_check_path(".spec.hostPID"), ".spec.hostPID");
        assert_eq!(
            normalize_check_path("LimitRange.spec.limits.default.cpu"),
            ".spec.limits.default.cpu"
        );
    }

    #[test]
    fn natural_order() {
        let mut v = vec!["POD-10", "POD-2", "POD-003-10", "POD-003-9"];
        v.sort_by_key(|s| natural_key(s));
        assert_eq!(v, ["POD-2", "POD-003-9", "POD-003-10", "POD-10"]);
    }
}

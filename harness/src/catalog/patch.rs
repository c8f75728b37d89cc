//! A small JSON Patch (RFC 6902 `add` and `remove`) over JSON Pointers (RFC 6901): the
//! mutations of the catalog are data, and this is the one piece of logic that applies them.

use serde_json::{Map, Value};

#[derive(Debug, Clone, PartialEq)]
pub enum Op {
    /// Adds or replaces the value at the pointer. Unlike RFC 6902, missing parent objects are
    /// created, so a check can set `.../securityContext/capabilities/add` on a baseline that has
    /// no `add` list. `-` as the last token appends to an array.
    Add(&'static str, Value),
    /// Removes the value at the pointer; it must exist.
    Remove(&'static str),
}

impl Op {
    pub fn pointer(&self) -> &'static str {
        match self {
            Op::Add(p, _) | Op::Remove(p) => p,
        }
    }
}

#[derive(Debug, thiserror::Error, PartialEq)]
pub enum PatchError {
    #[error("{0}: not a JSON Pointer (must start with '/')")]
    BadPointer(String),
    #[error("{0}: no such path in the object")]
    Missing(String),
    #[error("{0}: cannot step into a scalar")]
    Scalar(String),
}

fn tokens(ptr: &str) -> Result<Vec<String>, PatchError> {
    if !ptr.starts_with('/') {
        return Err(PatchError::BadPointer(ptr.to_string()));
    }
    Ok(ptr[1..]
        .split('/')
        .map(|t| t.replace("~1", "/").replace("~0", "~"))
        .collect())
}

/// Applies the ops in order.
pub fn apply(target: &mut Value, ops: &[Op]) -> Result<(), PatchError> {
    for op in ops {
        match op {
            Op::Add(ptr, v) => add(target, ptr, v.clone())?,
            Op::Remove(ptr) => remove(target, ptr)?,
        }
    }
    Ok(())
}

fn add(target: &mut Value, ptr: &str, value: Value) -> Result<(), PatchError> {
    let toks = tokens(ptr)?;
    let (last, parents) = toks.split_last().expect("split yields one token at least");
    let mut cur = target;
    for t in parents {
        cur = match cur {
            Value::Object(m) => m
                .entry(t.clone())
                .or_insert_with(|| Value::Object(Map::new())),
            Value::Array(a) => {
                let i: usize = t
                    .parse()
                    .map_err(|_| PatchError::Missing(ptr.to_string()))?;
                a.get_mut(i)
                    .ok_or_else(|| PatchError::Missing(ptr.to_string()))?
            }
            _ => return Err(PatchError::Scalar(ptr.to_string())),
        };
    }
    match cur {
        Value::Object(m) => {
            m.insert(last.clone(), value);
        }
        Value::Array(a) => {
            if last == "-" {
                a.push(value);
            } else {
                let i: usize = last
                    .parse()
                    .map_err(|_| PatchError::Missing(ptr.to_string()))?;
                if i > a.len() {
                    return Err(PatchError::Missing(ptr.to_string()));
                }
                if i == a.len() {
                    a.push(value);
                } else {
                    a[i] = value;
                }
            }
        }
        _ => return Err(PatchError::Scalar(ptr.to_string())),
    }
    Ok(())
}

fn remove(target: &mut Value, ptr: &str) -> Result<(), PatchError> {
    let toks = tokens(ptr)?;
    let (last, parents) = toks.split_last().expect("split yields one token at least");
    let mut cur = target;
    for t in parents {
        cur = match cur {
            Value::Object(m) => m.get_mut(t.as_str()),
            Value::Array(a) => t.parse::<usize>().ok().and_then(|i| a.get_mut(i)),
            _ => None,
        }
        .ok_or_else(|| PatchError::Missing(ptr.to_string()))?;
    }
    let removed = match cur {
        Value::Object(m) => m.shift_remove(last.as_str()).is_some(),
        Value::Array(a) => match last.parse::<usize>() {
            Ok(i) if i < a.len() => {
                a.remove(i);
                true
            }
            _ => false,
        },
        _ => false,
    };
    if removed {
        Ok(())
    } else {
        Err(PatchError::Missing(ptr.to_string()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn add_creates_parents_and_appends() {
        let mut v = json!({"spec": {"containers": [{"name": "app"}]}});
        apply(
            &mut v,
            &[
                Op::Add("/spec/containers/0/securityContext/privileged", json!(true)),
                Op::Add("/spec/containers/-", json!({"name": "b"})),
                Op::Add("/metadata/annotations/a~1b", json!("x")),
            ],
        )
        .unwrap();
        assert_eq!(
            v["spec"]["containers"][0]["securityContext"]["privileged"],
            json!(true)
        );
        assert_eq!(v["spec"]["containers"][1]["name"], json!("b"));
        assert_eq!(v["metadata"]["annotations"]["a/b"], json!("x"));
    }

    #[test]
    fn remove_must_exist() {
        let mut v = json!({"a": {"b": 1}});
        assert!(apply(&mut v, &[Op::Remove("/a/b")]).is_ok());
        assert_eq!(
            apply(&mut v, &[Op::Remove("/a/b")]),
            Err(PatchError::Missing("/a/b".into()))
        );
        assert!(matches!(
            apply(&mut v, &[Op::Remove("a")]),
            Err(PatchError::BadPointer(_))
        ));
    }
}

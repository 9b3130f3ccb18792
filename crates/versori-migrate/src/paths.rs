//! Every path in a migration report points into the document the user gave: messages of a later
//! step, and of the output check, are mapped back through the [`Provenance`] of each step before
//! them; a path with no counterpart in the input is shown at its nearest ancestor that has one,
//! and `detail` says so.

use std::sync::OnceLock;

use serde_json::Value;
use versori_model::{ApiVersion, Document};
use versori_validate::{Code, Pointer, ValidationMessage};

use crate::cx::{PRESERVED_KEY, Provenance};
use crate::probe::{self, Found};

/// The input, to check paths against. Paths are resolved on the typed document
/// ([`probe::resolve`]: only along the path); its JSON is built only when a check needs all of
/// it (a preserving migration's check of nested kept entries).
pub(crate) struct Source {
    doc: Document,
    json: OnceLock<Value>,
}

impl Source {
    pub(crate) fn new(doc: &Document) -> Self {
        Self {
            doc: doc.clone(),
            json: OnceLock::new(),
        }
    }

    /// What `path` names in the input.
    fn resolve(&self, path: &Pointer) -> Option<Found> {
        probe::resolve(&self.doc, path)
    }

    fn has(&self, path: &Pointer) -> bool {
        self.resolve(path).is_some()
    }

    /// The input as JSON.
    pub(crate) fn json(&self) -> &Value {
        self.json
            .get_or_init(|| self.doc.to_value().unwrap_or(Value::Null))
    }

    /// The first `x-versori-preserved` entry (of some version) that itself holds an
    /// `x-versori-preserved`: kept entries nested inside kept entries.
    pub(crate) fn nested_stash(&self) -> Option<Pointer> {
        fn walk(value: &Value, at: &mut Pointer) -> bool {
            match value {
                Value::Object(map) => {
                    if let Some(Value::Object(stash)) = map.get(PRESERVED_KEY) {
                        for (version, entry) in stash {
                            if entry.get(PRESERVED_KEY).is_some() {
                                at.push(PRESERVED_KEY);
                                at.push(version.as_str());
                                return true;
                            }
                        }
                    }
                    map.iter().any(|(key, child)| {
                        at.push(key.as_str());
                        let found = walk(child, at);
                        if !found {
                            at.remove_last();
                        }
                        found
                    })
                }
                Value::Array(items) => items.iter().enumerate().any(|(i, child)| {
                    at.push(i);
                    let found = walk(child, at);
                    if !found {
                        at.remove_last();
                    }
                    found
                }),
                _ => false,
            }
        }
        let mut at = Pointer::root();
        walk(self.json(), &mut at).then_some(at)
    }
}

/// Whether a message with `code` may name a key the input lacks (a value the target needs:
/// its parent is in the input, the key itself not).
pub(crate) fn may_name_absent_key(code: Code) -> bool {
    code.names_missing_key() || code == Code::Derived
}

/// Whether `path` is a fitting path in the input for a message with `code`: it resolves, or it
/// names a key the input lacks under a parent that resolves.
pub(crate) fn fits(source: &Source, code: Code, path: &Pointer) -> bool {
    source.has(path)
        || (may_name_absent_key(code)
            && path
                .parent()
                .is_some_and(|parent| source.resolve(&parent) == Some(Found::Container)))
}

/// `message`, written at a path of the `version` form of the document (the source of the step
/// after `chain`), moved to the corresponding path of the input.
pub(crate) fn to_source(
    mut message: ValidationMessage,
    chain: &[Provenance],
    version: ApiVersion,
    source: &Source,
) -> ValidationMessage {
    let written = message.path.clone();
    let mut path = written.clone();
    for provenance in chain.iter().rev() {
        path = provenance.source_of(&path);
    }
    if fits(source, message.code, &path) {
        message.path = path;
        return message;
    }
    let mut ancestor = path.clone();
    while !source.has(&ancestor) {
        if ancestor.pop().is_none() {
            break;
        }
    }
    let form = if chain.is_empty() {
        "the input".to_owned()
    } else {
        format!("the {version} form of the document")
    };
    message.path = ancestor;
    message.with_detail(format!(
        "about `{written}` in {form}, which has no counterpart in the input; shown at its nearest ancestor"
    ))
}
